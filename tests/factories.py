"""Small builders for test objects that several test modules need: people's moves, routines,
schedules, sessions, PSFS ratings, and the form and JSON data the views take."""

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from routines.models import Exercise, PsfsActivity, PsfsEntry, Routine, Schedule, Session, SessionMove
from routines.models.psfs import record_ratings
from routines.recurrence import EVERY_DAY

TODAY = date(2026, 3, 4)  # a Wednesday: what "today" is in the schedule tests


def make_routine(user, name: str = "Morning hips", moves: int = 2) -> Routine:
    """A routine of `moves` 30 s holds of the person's own: no library needed."""
    routine = Routine.objects.create(owner=user, name=name)
    for n in range(moves):
        exercise = Exercise.objects.create(
            name=f"{name} move {n + 1}",
            slug=f"{user.username}-{name.lower().replace(' ', '-')}-{n}-{uuid.uuid4().hex[:6]}",
            kind=Exercise.Kind.STRETCH,
            position=Exercise.Position.LYING,
            instructions="Lie down.",
            measure=Exercise.Measure.HOLD,
            hold_seconds=30,
            cautions="Go gently.",
            owner=user,
        )
        routine.add_item(exercise)
    return routine


def hips_routine(owner, name: str = "Morning hips") -> Routine:
    """The library's kneeling hip flexor stretch (30 s a side) then glute bridges (2 sets of 10 reps × 3 s,
    30 s rest): the routine most tests play. Needs the library loaded."""
    routine = Routine.objects.create(owner=owner, name=name)
    routine.add_item(Exercise.objects.get(slug="kneeling-hip-flexor-stretch"))
    routine.add_item(Exercise.objects.get(slug="glute-bridge"))
    return routine


def make_schedule(user, routine, start: date, mask: int = EVERY_DAY, **fields) -> Schedule:
    return Schedule.objects.create(user=user, routine=routine, weekdays=mask, start_date=start, **fields)


def session_on(user, routine, day: date, completed: bool = True, at: time = time(8, 0)) -> Session:
    """Return an unsaved session done on `day` (the person's local day)."""
    started = datetime.combine(day, at, tzinfo=UTC)
    return Session(
        user=user,
        client_id=uuid.uuid4(),
        routine=routine,
        routine_name=routine.name if routine else "A walk",
        started_at=started,
        ended_at=started + timedelta(minutes=15),
        local_date=day,
        duration_seconds=900,
        completed=completed,
    )


def custom_move(owner, name: str, slug: str) -> Exercise:
    """Return a person's own move: a simple lying hold."""
    return Exercise.objects.create(
        owner=owner,
        name=name,
        slug=slug,
        kind=Exercise.Kind.STRETCH,
        position=Exercise.Position.LYING,
        instructions="Lie down.\nLoop the towel.",
        measure=Exercise.Measure.HOLD,
        hold_seconds=20,
        cautions="Go gently.",
    )


def person_in(zone) -> User:
    """Return an unsaved person living in `zone` (a zone name or a ZoneInfo): enough for their local dates."""
    return User(timezone=str(zone))


def make_session(
    user, started_at: datetime | None = None, moves: list[dict] | None = None, routine=None, **fields
) -> Session:
    """A saved session of 15 minutes (unless `fields` say otherwise), by default started an hour ago,
    with its moves."""
    started_at = started_at or timezone.now() - timedelta(hours=1)
    duration = fields.pop("duration_seconds", 900)
    session = Session.objects.create(
        user=user,
        client_id=uuid.uuid4(),
        routine=routine,
        routine_name=fields.pop("routine_name", routine.name if routine else "Morning hips"),
        started_at=started_at,
        ended_at=started_at + timedelta(seconds=duration),
        local_date=fields.pop("local_date", started_at.date()),
        duration_seconds=duration,
        **fields,
    )
    SessionMove.objects.bulk_create(
        [
            SessionMove(session=session, order=n, **{"measure": "hold", "sets_done": 1, "seconds_done": 30, **move})
            for n, move in enumerate(moves or [], start=1)
        ]
    )
    return session


def rated_on(user, day: date, ratings: list[int]) -> PsfsEntry:
    """The person's current PSFS activities rated on `day`, in their order."""
    activities = list(PsfsActivity.objects.for_user(user).current())
    user.move_data_version()  # as a request would: cached pages show it at once
    return record_ratings(user, day, list(zip(activities, ratings, strict=True)))


def move_data(**changes) -> dict:
    """The new-move form's fields for a seated towel stretch, with `changes`."""
    data = {
        "name": "Towel calf stretch",
        "summary": "From my physio.",
        "kind": "stretch",
        "position": "seated",
        "instructions": "Sit with legs out.\nLoop a towel round one foot and pull gently.",
        "measure": "hold",
        "hold_seconds": "30",
        "sets": "2",
        "rest_seconds": "15",
        "per_side": "on",
        "cautions": "Stop if the knee hurts.",
    }
    data.update(changes)
    return data


def player_result(**changes) -> dict:
    """What the player sends when a routine of two moves ends: a whole session, with `changes`."""
    ended = timezone.now() - timedelta(seconds=10)
    data = {
        "client_id": str(uuid.uuid4()),
        "started_at": (ended - timedelta(seconds=200)).isoformat(),
        "ended_at": ended.isoformat(),
        "duration_seconds": 180,
        "completed": True,
        "pain_before": 4,
        "pain_after": 3,
        "effort": 6,
        "notes": "Felt loose.",
        "notes_flagged": True,
        "moves": [
            {"item": 0, "sets_done": 1, "seconds_done": 60, "reps_done": None, "skipped": False},
            {"item": 1, "sets_done": 2, "seconds_done": 60, "reps_done": 20, "skipped": False},
        ],
    }
    data.update(changes)
    return data


def post_result(client, routine, data):
    """Send a player result for `routine` as the player does (JSON)."""
    return client.post(reverse("player:save", args=[routine.pk]), json.dumps(data), content_type="application/json")
