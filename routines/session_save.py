"""Checking and storing what the player sends at the end of a routine.

`clean_result` turns the JSON the player posts into plain values or a dict of
errors, against the routine's own timeline; `save_result` stores it exactly
once per (user, client id). The pain trend check is a plain function too.
"""

import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .dose import EXTENSION_SECONDS, MAX_EXTENSIONS_PER_STEP
from .models import Routine, Session, SessionMove
from .timeline import WORK, build_timeline

# How far a phone's clock may run ahead of ours, and how long a result may wait offline.
CLOCK_SKEW = timedelta(minutes=5)
OLDEST_RESULT = timedelta(days=30)
NOTES_MAX = 4000
# Pain after at least this much above pain before, in this many sessions in a row, earns a gentle word.
FLARE_RISE = 2
FLARE_RUN = 2


@dataclass(frozen=True)
class MoveBounds:
    """What one routine item allows: sets, sides, reps per set, and its work seconds at most."""

    sets: int
    sides: int
    reps: int | None
    max_seconds: int


def move_bounds(routine: Routine) -> list[MoveBounds]:
    """Return, per item of the routine, the most a person could have done of it (every +10 s used)."""
    items = routine.ordered_items()
    steps = build_timeline(items, 0)
    bounds = []
    for index, item in enumerate(items):
        work = [s for s in steps if s.item == index and s.phase == WORK]
        planned = sum(s.seconds for s in work)
        bounds.append(
            MoveBounds(
                sets=item.sets,
                sides=2 if item.per_side else 1,
                reps=item.reps if item.measure == "reps" else None,
                max_seconds=planned + len(work) * MAX_EXTENSIONS_PER_STEP * EXTENSION_SECONDS,
            )
        )
    return bounds


def _int(data: dict, key: str, low: int, high: int, errors: dict, required: bool = True) -> int | None:
    value = data.get(key)
    if value is None and not required:
        return None
    # bool is an int in Python; true is not a pain score.
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        errors[key] = f"Give a whole number from {low} to {high}."
        return None
    return value


def _time(data: dict, key: str, errors: dict) -> datetime | None:
    value = data.get(key)
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or timezone.is_naive(parsed):
        errors[key] = "Give a date and time with its time zone (ISO 8601)."
        return None
    return parsed


def clean_result(data, routine: Routine, lead_in_seconds: int, now: datetime) -> tuple[dict, dict]:
    """Return (clean values, errors) for a player result posted for this routine; errors is empty when it is fine."""
    errors: dict = {}
    if not isinstance(data, dict):
        return {}, {"__all__": "Send a JSON object."}
    clean: dict = {}
    try:
        clean["client_id"] = uuid.UUID(str(data.get("client_id")))
    except ValueError:
        errors["client_id"] = "Send the id the player made at the start (a UUID)."
    clean["pain_before"] = _int(data, "pain_before", 0, 10, errors)
    clean["pain_after"] = _int(data, "pain_after", 0, 10, errors, required=False)
    clean["effort"] = _int(data, "effort", 0, 10, errors, required=False)
    notes = data.get("notes", "")
    if not isinstance(notes, str) or len(notes) > NOTES_MAX:
        errors["notes"] = f"Notes are text of at most {NOTES_MAX} characters."
    clean["notes"] = notes.strip() if isinstance(notes, str) else ""
    for key in ("notes_flagged", "completed"):
        if not isinstance(data.get(key, False), bool):
            errors[key] = "Send true or false."
        clean[key] = data.get(key) is True

    started, ended = _time(data, "started_at", errors), _time(data, "ended_at", errors)
    steps = build_timeline(routine.ordered_items(), lead_in_seconds)
    longest = sum(s.seconds for s in steps) + len(steps) * MAX_EXTENSIONS_PER_STEP * EXTENSION_SECONDS
    if started and ended:
        if ended < started:
            errors["ended_at"] = "The end comes before the start."
        elif ended > now + CLOCK_SKEW:
            errors["ended_at"] = "The end is in the future."
        elif started < now - OLDEST_RESULT:
            errors["started_at"] = "This session is too old to save from the player; log it by hand."
    clean["started_at"], clean["ended_at"] = started, ended
    # Time actually played (pauses left out): at most the wall time and at most the routine with every +10 s used.
    clean["duration_seconds"] = _int(data, "duration_seconds", 0, longest, errors)
    played = clean["duration_seconds"]
    if (
        started
        and ended
        and played is not None
        and "ended_at" not in errors
        and played > (ended - started).total_seconds() + 2
    ):
        errors["duration_seconds"] = "The time played is longer than the time between start and end."

    bounds = move_bounds(routine)
    moves = data.get("moves")
    done: dict[int, dict] = {}
    if not isinstance(moves, list):
        errors["moves"] = "Send a list of what was done of each move."
    else:
        move_errors = {}
        for position, move in enumerate(moves):
            problem = _clean_move(move, bounds, done)
            if problem:
                move_errors[str(position)] = problem
        if move_errors:
            errors["moves"] = move_errors
    clean["moves"] = done
    return clean, errors


def _clean_move(move, bounds: list[MoveBounds], done: dict[int, dict]) -> str | None:
    if not isinstance(move, dict):
        return "Each move is an object."
    item = move.get("item")
    if not isinstance(item, int) or isinstance(item, bool) or not 0 <= item < len(bounds):
        return "This move is not in the routine."
    if item in done:
        return "This move is listed twice."
    limit = bounds[item]
    errors: dict = {}
    sets_done = _int(move, "sets_done", 0, limit.sets, errors)
    seconds = _int(move, "seconds_done", 0, limit.max_seconds, errors)
    reps = None
    if limit.reps is not None:
        reps = _int(move, "reps_done", 0, limit.reps * limit.sets * limit.sides, errors, required=False)
    elif move.get("reps_done") is not None:
        errors["reps_done"] = "This move is not counted in reps."
    skipped = move.get("skipped", False)
    if not isinstance(skipped, bool):
        errors["skipped"] = "Send true or false."
    if errors:
        return " ".join(f"{key}: {message}" for key, message in errors.items())
    done[item] = {"sets_done": sets_done, "seconds_done": seconds, "reps_done": reps, "skipped": skipped}
    return None


def local_date(user, moment: datetime):
    """Return the calendar day of `moment` in the person's own time zone."""
    try:
        zone = zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return timezone.localtime(moment, zone).date()


def save_result(user, routine: Routine, clean: dict) -> tuple[Session, bool]:
    """Store the result once; return (session, created). A second save with the same client id returns the first."""
    items = routine.ordered_items()
    session = Session(
        user=user,
        client_id=clean["client_id"],
        routine=routine,
        routine_name=routine.name,
        source=Session.Source.PLAYER,
        started_at=clean["started_at"],
        ended_at=clean["ended_at"],
        local_date=local_date(user, clean["started_at"]),
        duration_seconds=clean["duration_seconds"],
        completed=clean["completed"],
        pain_before=clean["pain_before"],
        pain_after=clean["pain_after"],
        effort=clean["effort"],
        notes=clean["notes"],
        notes_flagged=clean["notes_flagged"] and bool(clean["notes"]),
    )
    try:
        with transaction.atomic():
            session.save()
            SessionMove.objects.bulk_create(
                [_move(session, index, item, clean["moves"]) for index, item in enumerate(items)]
            )
            user.move_data_version()  # in the same transaction: one write, not two, for the busiest POST
    except IntegrityError:
        # Two saves raced; the other one won, and it holds the same result.
        return Session.objects.get(user=user, client_id=clean["client_id"]), False
    return session, True


def _move(session: Session, index: int, item, done: dict[int, dict]) -> SessionMove:
    # A move the player did not report was never reached: it counts as skipped.
    record = done.get(index, {"sets_done": 0, "seconds_done": 0, "reps_done": None, "skipped": True})
    return SessionMove(
        session=session,
        order=index,
        exercise=item.exercise,
        name=item.name,
        measure=item.measure,
        per_side=item.per_side,
        sets_planned=item.sets,
        **record,
    )


def pain_is_rising(recent: list[tuple[int | None, int | None]]) -> bool:
    """Return whether pain after was at least FLARE_RISE above pain before in each of the latest FLARE_RUN sessions.

    `recent` holds (pain_before, pain_after) pairs, newest first.
    """
    latest = recent[:FLARE_RUN]
    return len(latest) == FLARE_RUN and all(
        before is not None and after is not None and after - before >= FLARE_RISE for before, after in latest
    )


def recent_pains(user) -> list[tuple[int | None, int | None]]:
    return list(Session.objects.for_user(user).values_list("pain_before", "pain_after")[:FLARE_RUN])
