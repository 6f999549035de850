"""Small builders shared by the schedule, Today, calendar and feed tests."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from routines.models import Exercise, Routine, Schedule, Session
from routines.recurrence import EVERY_DAY

TODAY = date(2026, 3, 4)  # a Wednesday: what "today" is in the schedule tests


def make_routine(user, name: str = "Morning hips", moves: int = 2) -> Routine:
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
