"""Checking and storing what the player sends at the end of a routine.

`clean_result` turns the JSON the player posts into plain values or a dict of
errors, against the routine as it was when played (`played_items`: the player
page signs the routine's moves, and the result brings them back, so editing the
routine meanwhile changes nothing); `save_result` stores it exactly once per
(user, client id). `record_result` does the whole of it for the player's save and
says what came of it in one `Outcome`. The pain trend check is a plain function too.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core import signing
from django.db.models import Func, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .dates import in_window
from .dose import EXTENSION_SECONDS, MAX_EXTENSIONS_PER_STEP
from .models import Exercise, Routine, Session
from .safety import FLAGS_BY_KEY
from .timeline import WORK, build_timeline

# How far a phone's clock may run ahead of ours, and how long a result may wait offline.
CLOCK_SKEW = timedelta(minutes=5)
OLDEST_RESULT = timedelta(days=30)
NOTES_MAX = 4000
# A result is an object holding a list of moves, each an object: three levels. Anything
# much deeper or bigger is not from the player, and only costs the server to look at.
MAX_JSON_DEPTH = 4
MAX_BODY_BYTES = 64 * 1024
PLAN_SALT = "limber.player.plan"
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


@dataclass(frozen=True)
class PlayedItem:
    """One move of a routine as the player played it: what the timeline and the saved session need."""

    exercise_id: int
    name: str
    position: str
    measure: str
    hold_seconds: int | None
    reps: int | None
    tempo_seconds: int | None
    breaths: int | None
    sets: int
    rest_seconds: int
    per_side: bool


PLAYED_FIELDS = list(PlayedItem.__dataclass_fields__)


def sign_plan(user, routine: Routine) -> str:
    """Return the routine's moves as the player page shows them, signed, for the result to bring back."""
    items = [{field: getattr(item, field) for field in PLAYED_FIELDS} for item in routine.ordered_items()]
    plan = {"user": user.pk, "routine": routine.pk, "name": routine.name, "items": items}
    return signing.dumps(plan, salt=PLAN_SALT, compress=True)


def signed_plan(token, user, routine_pk: int) -> tuple[str, list[PlayedItem]] | None:
    """Return (routine name, items) as played from the result's signed plan, or None when it is not
    a plan the player page gave this person for this routine. Costs no query."""
    if isinstance(token, str):
        try:
            plan = signing.loads(token, salt=PLAN_SALT)
            if plan["user"] == user.pk and plan["routine"] == routine_pk:
                return plan["name"], [PlayedItem(**item) for item in plan["items"]]
        except (signing.BadSignature, ValueError, KeyError, TypeError, UnicodeError):
            pass
    return None


def routine_to_save(user, routine_pk: int, plan: tuple[str, list] | None) -> Routine:
    """Return the person's routine for a result, in one query, or raise Routine.DoesNotExist.

    With a signed plan the routine's moves now are not needed, only whether the moves played
    still exist: that is counted in the same SELECT (`played_moves_left`). Without one, the
    result is checked against the routine as it is now, so its moves come too.
    """
    routines = Routine.objects.for_user(user)
    if plan is None:
        return routines.with_items().get(pk=routine_pk)
    ids = {item.exercise_id for item in plan[1]}
    if ids:
        left = Exercise.objects.filter(pk__in=ids).order_by().annotate(n=Func("pk", function="COUNT")).values("n")
        routines = routines.annotate(played_moves_left=Subquery(left))
    return routines.get(pk=routine_pk)


def gone_moves(routine: Routine, items) -> set[int]:
    """Return the ids of the moves played that have since been deleted (a query only when one may have been)."""
    ids = {item.exercise_id for item in items}
    left = getattr(routine, "played_moves_left", None)
    if not ids or left == len(ids):
        return set()
    if left is None:
        # A move still in the routine exists; one since removed from it may since have been deleted as well.
        ids -= {item.exercise_id for item in routine.ordered_items()}
    return ids - set(Exercise.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def json_depth(value) -> int:
    """Return how deeply lists and objects nest in a parsed JSON value (a number or a string is 0)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def parse_body(body: bytes) -> tuple[object, str | None]:
    """Return (the parsed JSON, None), or (None, why it cannot be a result)."""
    if len(body) > MAX_BODY_BYTES:
        return None, f"A result is at most {MAX_BODY_BYTES // 1024} KB."
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None, "Send the result as JSON."
    except RecursionError:
        data = None
    if data is None or json_depth(data) > MAX_JSON_DEPTH:
        return None, "This is not a result from the player: it nests too deeply."
    return data, None


def text_problem(value: str) -> str | None:
    """Return why a database would refuse this text (a NUL, half of a UTF-16 pair), or None."""
    if "\x00" in value:
        return "Text cannot hold a NUL character."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Text must be valid Unicode (it holds half of a character pair)."
    return None


def move_bounds(items) -> list[MoveBounds]:
    """Return, per item played, the most a person could have done of it (every +10 s used)."""
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
    try:
        # Well-formed but impossible values (month 13, 30 February, hour 25, +25:00) raise.
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or timezone.is_naive(parsed):
        errors[key] = "Give a real date and time with its time zone (ISO 8601)."
        return None
    if not in_window(parsed.date()):
        errors[key] = "Give a date from 1900 to ten years from now."
        return None
    return parsed


def clean_result(data, items, lead_in_seconds: int, now: datetime) -> tuple[dict, dict]:
    """Return (clean values, errors) for a player result of these items as played; errors is empty when it is fine."""
    errors: dict = {}
    if not isinstance(data, dict):
        return {}, {"__all__": "Send a JSON object."}
    clean: dict = {}
    try:
        clean["client_id"] = uuid.UUID(str(data.get("client_id")))
    except ValueError:
        errors["client_id"] = "Send the id the player made at the start (a UUID)."
    clean["pain_before"] = _int(data, "pain_before", 0, 10, errors)
    red_flags_problem = _red_flags_problem(data.get("red_flags", []))
    if red_flags_problem:
        errors["red_flags"] = red_flags_problem
    clean["pain_after"] = _int(data, "pain_after", 0, 10, errors, required=False)
    clean["effort"] = _int(data, "effort", 0, 10, errors, required=False)
    notes = data.get("notes", "")
    if not isinstance(notes, str) or len(notes) > NOTES_MAX:
        errors["notes"] = f"Notes are text of at most {NOTES_MAX} characters."
    elif text_problem(notes):
        errors["notes"] = text_problem(notes)
    clean["notes"] = notes.strip() if isinstance(notes, str) else ""
    for key in ("notes_flagged", "completed"):
        if not isinstance(data.get(key, False), bool):
            errors[key] = "Send true or false."
        clean[key] = data.get(key) is True

    started, ended = _time(data, "started_at", errors), _time(data, "ended_at", errors)
    steps = build_timeline(items, lead_in_seconds)
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

    bounds = move_bounds(items)
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


def _red_flags_problem(flags) -> str | None:
    """Return why a result's check-in answers refuse it, or None. A check-in made offline sends its
    red flags with the result, and any one of them means the routine should never have started."""
    if not isinstance(flags, list) or not all(isinstance(key, str) for key in flags):
        return "Send the red flags ticked at the check-in as a list."
    unknown = [key for key in flags if key not in FLAGS_BY_KEY]
    if unknown:
        return "Send only the red flags the check-in lists."
    if flags:
        questions = ", ".join(FLAGS_BY_KEY[key].question.lower() for key in flags)
        return f"The check-in had a red flag ({questions}), so the routine should not have started: see a doctor first."
    return None


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


def save_result(user, routine: Routine, name: str, items, clean: dict) -> tuple[Session, bool]:
    """Store the result of `items` as played (under the routine's `name` then) once; return (session, created).

    A second save with the same client id returns the first.
    """
    gone = gone_moves(routine, items)
    return Session.objects.record(
        user,
        [_move(index, item, clean["moves"], gone) for index, item in enumerate(items)],
        client_id=clean["client_id"],
        routine=routine,
        routine_name=name,
        source=Session.Source.PLAYER,
        started_at=clean["started_at"],
        ended_at=clean["ended_at"],
        duration_seconds=clean["duration_seconds"],
        completed=clean["completed"],
        pain_before=clean["pain_before"],
        pain_after=clean["pain_after"],
        effort=clean["effort"],
        notes=clean["notes"],
        notes_flagged=clean["notes_flagged"] and bool(clean["notes"]),
    )


def _move(index: int, item, done: dict[int, dict], gone: set[int]) -> dict:
    # A move the player did not report was never reached: it counts as skipped.
    record = done.get(index, {"sets_done": 0, "seconds_done": 0, "reps_done": None, "skipped": True})
    return {
        "exercise_id": None if item.exercise_id in gone else item.exercise_id,
        "name": item.name,
        "measure": item.measure,
        "per_side": item.per_side,
        "sets_planned": item.sets,
        **record,
    }


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


@dataclass(frozen=True)
class Outcome:
    """What one player result came to: the session kept (just now, or by an earlier send of the
    same result) with the pain trend after it, or the errors that refused it."""

    session: Session | None = None
    created: bool = False
    errors: dict = field(default_factory=dict)
    pain_rising: bool = False
    # The gentle starter to suggest when pain is rising (None when there is none to suggest).
    flare_routine: Routine | None = None


def record_result(user, routine_pk: int, data, problem: str | None, now: datetime) -> Outcome:
    """Check and keep a player result for the person's routine, once per (user, client id).

    `data` and `problem` are what `parse_body` made of the request. Raise Routine.DoesNotExist
    when the routine is not this person's, whatever the body holds. A first save costs one SELECT
    of the routine (with a count of the moves played that still exist), the INSERTs and the data
    version's UPDATE in one transaction, and the recent pains; a retry is answered by the unique
    (user, client id) constraint, and writes nothing.
    """
    plan = signed_plan(data.get("plan") if isinstance(data, dict) else None, user, routine_pk)
    routine = routine_to_save(user, routine_pk, plan)
    if problem:
        return Outcome(errors={"__all__": problem})
    name, items = plan or (routine.name, routine.ordered_items())
    clean, errors = clean_result(data, items, user.lead_in_seconds, now)
    if not errors:
        return _kept(user, *save_result(user, routine, name, items, clean))
    # A retry of a result saved before (the routine may have changed since) still gets its answer.
    existing = "client_id" in clean and Session.objects.for_user(user).filter(client_id=clean["client_id"]).first()
    return _kept(user, existing, created=False) if existing else Outcome(errors=errors)


def _kept(user, session: Session, created: bool) -> Outcome:
    rising = pain_is_rising(recent_pains(user))
    flare = Routine.objects.starters().filter(starter_key="flare-day").first() if rising else None
    return Outcome(session=session, created=created, pain_rising=rising, flare_routine=flare)
