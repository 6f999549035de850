"""What was planned and what was done, day by day, for Today and the calendar.

`day_status` is pure. `load_plan` makes the only queries: the person's
schedules (with their routines and moves) and their sessions in the range,
so the cost does not grow with the length of their history.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .models import Schedule, Session

if TYPE_CHECKING:
    from accounts.models import User


DONE = "done"
PARTLY = "partly"
MISSED = "missed"
PLANNED = "planned"
REST = "rest"
TODO = "todo"
# A planned routine not done, with another session done that day in its place (the flare-day
# routine on a bad day, say): it counts as done, as history's streak and adherence count it.
INSTEAD = "instead"

LABELS = {
    DONE: "Done",
    PARTLY: "Partly done",
    MISSED: "Missed",
    PLANNED: "Planned",
    REST: "Rest",
    TODO: "To do",
    INSTEAD: "Done another way",
}
KEPT = {DONE, INSTEAD}


def routine_status(routine_id: int, sessions: Iterable) -> str:
    """Return "done", "partly" or "todo" for a routine planned on a day, given that day's sessions."""
    mine = [s for s in sessions if s.routine_id == routine_id]
    if any(s.completed for s in mine):
        return DONE
    return PARTLY if mine else TODO


def planned_statuses(planned_ids: Iterable[int], sessions: Iterable) -> dict[int, str]:
    """Return each planned routine's status on a day: its own as routine_status, except that a
    routine not started that day is "instead" when a finished session of a routine not planned
    that day (or of no routine) was done, one such session for each such routine, in id order."""
    planned_ids = sorted(set(planned_ids))
    sessions = list(sessions)
    statuses = {rid: routine_status(rid, sessions) for rid in planned_ids}
    spare = sum(1 for s in sessions if s.completed and s.routine_id not in statuses)
    for rid in planned_ids:
        if spare and statuses[rid] == TODO:
            statuses[rid] = INSTEAD
            spare -= 1
    return statuses


def day_status(day: date, today: date, planned_ids: Iterable[int], sessions: Iterable) -> str:
    """Return how a day went: "done", "partly", "missed", "planned" or "rest".

    A planned day is done when every routine planned on it has a completed
    session that day, partly done when some session counts toward it, missed
    when it is past with none, and still planned from today on. A planned day whose
    routines were each done or had another finished session done in their place is
    "instead": it counts as done. A day with nothing planned is "done"/"partly" when
    something was done anyway, else "rest".
    """
    planned_ids = set(planned_ids)
    sessions = list(sessions)
    if not planned_ids:
        if not sessions:
            return REST
        return DONE if any(s.completed for s in sessions) else PARTLY
    statuses = set(planned_statuses(planned_ids, sessions).values())
    if statuses == {DONE}:
        return DONE
    if statuses <= KEPT:
        return INSTEAD
    if statuses & {DONE, PARTLY, INSTEAD}:
        return PARTLY
    return MISSED if day < today else PLANNED


@dataclass
class Planned:
    """A routine due on a day (several schedules of one routine on one day count once)."""

    schedule: Schedule
    status: str = TODO

    @property
    def routine(self):
        return self.schedule.routine

    @property
    def label(self) -> str:
        return LABELS[self.status]


@dataclass
class Day:
    day: date
    status: str = REST
    planned: list[Planned] = field(default_factory=list)
    sessions: list = field(default_factory=list)
    is_today: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def unplanned_sessions(self) -> list:
        ids = {p.routine.pk for p in self.planned}
        return [s for s in self.sessions if s.routine_id not in ids]


def load_plan(
    user: "User",
    first: date,
    last: date,
    today: date,
    lead_in_seconds: int = 0,
    schedules: list[Schedule] | None = None,
) -> dict[date, Day]:
    """Return a Day for each date from `first` to `last`, with its planned routines, sessions and status.

    ``schedules``, when given, are the person's schedules already loaded ``with_routine()``."""
    if schedules is None:
        schedules = list(Schedule.objects.for_user(user).with_routine())
    sessions_by_day = defaultdict(list)
    for session in Session.objects.for_user(user).filter(local_date__range=(first, last)).order_by("started_at"):
        sessions_by_day[session.local_date].append(session)

    planned_by_day: dict[date, dict[int, Schedule]] = defaultdict(dict)
    for schedule in schedules:
        for day in schedule.due_dates(first, last):
            planned_by_day[day].setdefault(schedule.routine_id, schedule)

    days = {}
    for day in _days(first, last):
        sessions = sessions_by_day.get(day, [])
        by_routine = planned_by_day.get(day, {})
        statuses = planned_statuses(by_routine, sessions)
        planned = [Planned(s, statuses[rid]) for rid, s in by_routine.items()]
        planned.sort(key=lambda p: (p.schedule.time_of_day is None, p.schedule.time_of_day, p.routine.name))
        days[day] = Day(
            day=day,
            status=day_status(day, today, by_routine, sessions),
            planned=planned,
            sessions=sessions,
            is_today=day == today,
        )
    return days


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
