"""Load what the history page and the clinician report need, in a fixed number of queries.

Sessions are aggregated per day in the database (one row per day, not per session), pain
points and a move's numbers are read only for the window shown, so five years of history
cost the same number of queries as one month.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Q, Sum

from .dose import minutes
from .models import Schedule, Session, SessionMove


@dataclass
class DayTotals:
    done: dict[date, int]  # sessions per local day
    seconds: dict[date, int]  # seconds of sessions per local day

    @property
    def earliest(self) -> date | None:
        return min(self.done, default=None)

    def session_pairs(self, first: date | None = None, last: date | None = None) -> list[tuple[date, int]]:
        """Return one (day, seconds) pair per session, as progress.weekly_totals wants them.

        The day's seconds ride on its first session and the others carry 0, which adds up
        to the same minutes and counts per week without loading each session.
        """
        pairs = []
        for day, count in self.done.items():
            if (first and day < first) or (last and day > last):
                continue
            pairs.append((day, self.seconds.get(day, 0)))
            pairs.extend((day, 0) for _ in range(count - 1))
        return pairs


def day_totals(user, first: date | None = None, last: date | None = None) -> DayTotals:
    """Return sessions and seconds per local day (one query, aggregated in the database)."""
    rows = Session.objects.for_user(user)
    if first:
        rows = rows.filter(local_date__gte=first)
    if last:
        rows = rows.filter(local_date__lte=last)
    rows = rows.order_by().values("local_date").annotate(n=Count("id"), seconds=Sum("duration_seconds"))
    done, seconds = {}, {}
    for row in rows:
        done[row["local_date"]] = row["n"]
        seconds[row["local_date"]] = row["seconds"] or 0
    return DayTotals(done, seconds)


def planned_per_day(schedules, first: date, last: date) -> dict[date, int]:
    """Return how many sessions the schedules plan on each day from first to last (no query)."""
    planned: dict[date, int] = defaultdict(int)
    if first > last:
        return {}
    for schedule in schedules:
        for day in schedule.due_dates(first, last):
            planned[day] += 1
    return dict(planned)


def instead_days(user, schedules, first: date, last: date) -> set[date]:
    """Return the planned days from first to last on which another session stood in for a planned
    routine and so counts as done (plan.day_status's "instead"), from the schedules given (one query)."""
    from .plan import INSTEAD, day_status

    planned: dict[date, set[int]] = defaultdict(set)
    for schedule in schedules:
        for day in schedule.due_dates(first, last):
            planned[day].add(schedule.routine_id)
    sessions: dict[date, list[_Done]] = defaultdict(list)
    rows = Session.objects.for_user(user).filter(local_date__range=(first, last))
    for day, routine_id, completed in rows.values_list("local_date", "routine_id", "completed"):
        if day in planned:
            sessions[day].append(_Done(routine_id, completed))
    return {day for day, done in sessions.items() if day_status(day, last, planned[day], done) == INSTEAD}


@dataclass(frozen=True)
class _Done:
    routine_id: int | None
    completed: bool


def user_schedules(user) -> list[Schedule]:
    return list(Schedule.objects.for_user(user).select_related("routine"))


def pain_points(user, first: date, last: date) -> list[tuple[date, int | None, int | None, int | None]]:
    """Return (day, pain before, pain after, pain the next morning) for the sessions from first to last (one query)."""
    return list(
        Session.objects.for_user(user)
        .filter(local_date__gte=first, local_date__lte=last)
        .exclude(pain_before__isnull=True, pain_after__isnull=True, morning_pain__isnull=True)
        .order_by("local_date")
        .values_list("local_date", "pain_before", "pain_after", "morning_pain")
    )


def moves_done(user) -> list[tuple[int, str]]:
    """Return (exercise id, name) for every move the person has done at least once, by name (one query)."""
    rows = (
        SessionMove.objects.filter(session__user=user, skipped=False, exercise__isnull=False)
        .order_by()
        .values("exercise_id")
        .annotate(name=Max("name"))
    )
    return sorted(((row["exercise_id"], row["name"]) for row in rows), key=lambda item: item[1].lower())


def move_rows(user, exercise_id: int, first: date, last: date) -> list[tuple[date, str, int, int | None]]:
    """Return (day, measure, seconds, reps) each time one move was done from first to last (one query)."""
    return list(
        SessionMove.objects.filter(
            session__user=user,
            exercise_id=exercise_id,
            skipped=False,
            session__local_date__gte=first,
            session__local_date__lte=last,
        ).values_list("session__local_date", "measure", "seconds_done", "reps_done")
    )


def routines_followed(user, first: date, last: date) -> list[dict]:
    """Return each routine done from first to last with its sessions and minutes, most done first (one query)."""
    rows = (
        Session.objects.for_user(user)
        .filter(local_date__gte=first, local_date__lte=last)
        .order_by()
        .values("routine_name")
        .annotate(sessions=Count("id"), seconds=Sum("duration_seconds"), last_done=Max("local_date"))
    )
    result = [{**row, "minutes": minutes(row["seconds"])} for row in rows]
    return sorted(result, key=lambda row: (-row["sessions"], row["routine_name"].lower()))


def flagged_notes(user, first: date, last: date) -> list[tuple[date, str, str]]:
    """Return (day, routine, notes) for the sessions whose notes the person flagged for the report (one query)."""
    return list(
        Session.objects.for_user(user)
        .filter(local_date__gte=first, local_date__lte=last, notes_flagged=True)
        .exclude(notes="")
        .order_by("local_date", "started_at")
        .values_list("local_date", "routine_name", "notes")
    )


def days_between(first: date, last: date) -> int:
    return (last - first).days + 1


ONE_DAY = timedelta(days=1)


def moves_in_period(user, first: date, last: date) -> list[dict]:
    """Return each move done or skipped from first to last, with its totals, most done first (one query).

    A move is its name, measure and sidedness as it was played, so a dose changed midway
    (a hold becoming reps) shows as two rows rather than one muddled average.
    """
    done, skipped = Q(skipped=False), Q(skipped=True)
    rows = (
        SessionMove.objects.filter(session__user=user, session__local_date__gte=first, session__local_date__lte=last)
        .order_by()
        .values("name", "measure", "per_side")
        .annotate(
            times=Count("id", filter=done),
            skipped_times=Count("id", filter=skipped),
            sets=Sum("sets_done", filter=done),
            reps=Sum("reps_done", filter=done),
            seconds=Sum("seconds_done", filter=done),
            last_done=Max("session__local_date", filter=done),
        )
    )
    return sorted(rows, key=lambda row: (-row["times"], row["name"].lower()))
