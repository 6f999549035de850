"""What the history page and the clinician report show of one person, each built in a fixed number of queries.

Both take one road: ``load`` the person's plan and sessions per day (two queries) →
``summarise`` a period (adherence, minutes and pain per week, in routines.progress) → draw
it (routines.charts, one ``Figure`` per chart) → the template. The report and the page go
through the same summary, so they never count a week differently; routines.report puts
the report's tables into words.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from learn.models import FirstVisit

from . import charts, progress, psfs, report
from .dates import EARLIEST_DATE
from .dose import minutes
from .models import DoseChange, Schedule, Session, SessionMove
from .models.psfs import summary_for
from .models.raw import raw_rows
from .plan import INSTEAD, day_status

# Over longer periods pain and moves are drawn as one point per week (the week's mean of its
# daily values): a day per point over five years is a wall of noise and a table of 1,800 rows.
WEEKLY_POINTS_AFTER_WEEKS = 13
# "All" draws a bar per week: ten years of them at most, so one odd early date cannot make
# the page megabytes long. Everything older stays in the log and the exports.
ALL_HISTORY_DAYS = timedelta(days=3653)
# The htmx target of each part of the page that is asked for alone.
PARTS = {"move-history": "move", "period-charts": "period"}


@dataclass(frozen=True)
class Days:
    """One person's schedules, and what was planned and done on each day from ``first`` to ``last``."""

    schedules: list[Schedule]
    totals: progress.DayTotals
    planned: dict[date, int]
    first: date
    last: date


def load(user, first: date | None, last: date) -> Days:
    """Return the person's schedules and sessions per day up to ``last`` (two queries).

    From ``first``, or with None from the first day anything was planned or done (rows from
    before Limber took only sane dates still show, from its earliest day on).
    """
    schedules = list(Schedule.objects.for_user(user).select_related("routine"))
    totals = Session.objects.for_user(user).between(first, last).per_day()
    if first is None:
        first_planned = min((s.start_date for s in schedules), default=None)
        first = max(min(d for d in (totals.earliest, first_planned, last) if d is not None), EARLIEST_DATE)
    return Days(schedules, totals, planned_per_day(schedules, first, last), first, last)


def planned_per_day(schedules, first: date, last: date) -> dict[date, int]:
    """Return how many sessions the schedules plan on each day from first to last (no query)."""
    planned: dict[date, int] = defaultdict(int)
    for schedule in schedules:
        for day in schedule.due_dates(first, last) if first <= last else ():
            planned[day] += 1
    return dict(planned)


def _since(per_day: Mapping[date, int], first: date) -> dict[date, int]:
    return {day: count for day, count in per_day.items() if day >= first}


@dataclass(frozen=True)
class Summary:
    weeks: list[progress.WeekAdherence]
    totals: list[progress.WeekTotal]
    pain: progress.PainTrend
    sessions: int


def summarise(user, days: Days, start: date, end: date, weeks: int | None) -> Summary:
    """Return adherence and minutes for the ``weeks`` ISO weeks up to ``end`` (None: from the first one with
    anything in it on or after ``start``), and the pain from start to end (one query, the pain points)."""
    done = days.totals.since(start)
    pain_points = Session.objects.for_user(user).between(start, end).pain_points()
    return Summary(
        progress.weekly_adherence(_since(days.planned, start), done.done, end, weeks),
        progress.weekly_totals(done, end, weeks),
        progress.pain_trend(pain_points, end, (end - start).days + 1),
        sum(count for day, count in done.done.items() if day <= end),
    )


# What report.dose_change_words takes of a change, and what the move chart needs of its item's dose now.
CHANGE_FIELDS = ("local_date", "routine__name", "move_name", "field", "old", "new", "source", "reason")
ITEM_DOSE_FIELDS = ("item_id", "item__hold_seconds", "item__reps", "item__sets", "item__per_side")


def dose_changes(user, start: date, end: date) -> list[dict]:
    """Return every dose change made from start to end, oldest first, in words, with its reason (one query)."""
    rows = DoseChange.objects.for_user(user).between(start, end).order_by("changed_at", "pk")
    return [report.dose_change_words(*row) for row in rows.values_list(*CHANGE_FIELDS)]


def instead_days(user, schedules, first: date, last: date) -> set[date]:
    """Return the planned days from first to last on which another session stood in for a planned
    routine and so counts as done (plan.day_status's "instead"), from the schedules given (one query)."""
    planned: dict[date, set[int]] = defaultdict(set)
    for schedule in schedules:
        for day in schedule.due_dates(first, last):
            planned[day].add(schedule.routine_id)
    sessions: dict[date, list[_Done]] = defaultdict(list)
    spare: set[date] = set()  # the days with a finished session of a routine not planned on them
    rows = Session.objects.for_user(user).between(first, last)
    for day, routine_id, completed in raw_rows(rows.values_list("local_date", "routine_id", "completed")):
        if day in planned:
            sessions[day].append(_Done(routine_id, completed))
            if completed and routine_id not in planned[day]:
                spare.add(day)
    # Only a spare session stands in for a planned routine, so only those days can be "instead".
    return {day for day in spare if day_status(day, last, planned[day], sessions[day]) == INSTEAD}


@dataclass(frozen=True)
class _Done:
    routine_id: int | None
    completed: bool


# The history page


def chosen_move(raw: str | None, moves: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Return the move picked in ?move=, or the first move done; None when none was done (or ?move= is not one)."""
    if not moves:
        return None
    try:
        wanted = int(raw) if raw else None
    except ValueError:
        wanted = None
    return next((move for move in moves if move[0] == wanted), moves[0])


def period_links(period: progress.Period, move_id: int | None) -> list[dict]:
    links = []
    for choice in progress.PERIODS:
        query = {"period": choice.key, **({"move": move_id} if move_id else {})}
        links.append({"period": choice, "query": urlencode(query), "current": choice == period})
    return links


def move_history(user, move: tuple[int, str], start: date, end: date, weekly: bool) -> dict:
    """Return one move's seconds or reps from start to end (per week when ``weekly``) beside what a session
    was planned to do, and its dose changes in words (two queries)."""
    rows = SessionMove.objects.for_user(user).done().between(start, end).filter(exercise_id=move[0])
    daily = progress.move_series(rows.amounts())
    series = progress.MoveSeries(daily.unit, progress.weekly_means(daily.points)) if weekly else daily
    changes = list(
        DoseChange.objects.for_user(user)
        .between(start, end)
        .of_move(*move)
        .order_by("changed_at", "pk")
        .values_list(*CHANGE_FIELDS, *ITEM_DOSE_FIELDS)
    )
    return {
        "move_figure": charts.move_figure(series, daily, move[1], start, end, _planned(daily.unit, changes, start)),
        "move_dose_changes": [report.dose_change_words(*row[: len(CHANGE_FIELDS)]) for row in changes],
    }


def _planned(unit: str, changes: list[tuple], start: date) -> list[tuple[date, int]]:
    """Return the dose line of the routine item changed last (a move may be in several routines)."""
    items = [row[len(CHANGE_FIELDS) :] for row in changes if row[len(CHANGE_FIELDS)] is not None]
    if not items:
        return []
    item_id, hold_seconds, reps, sets, per_side = items[-1]
    current = {"hold_seconds": hold_seconds, "reps": reps, "sets": sets, "per_side": per_side}
    of_item = [(day, field, old, new) for day, _, _, field, old, new, _, _, item, *_ in changes if item == item_id]
    return progress.dose_series(unit, current, of_item, start)


def page(user, today: date, params: Mapping[str, str], part: str) -> dict:
    """Return what the history page's part needs: "move" (one move's numbers), "period" (the period's charts)
    or "body" (all of it), in a fixed number of queries whatever the history's length."""
    period = progress.period_for(params.get("period"))
    days = load(user, None, today)
    start = progress.period_start(period, today, days.first)
    all_cut = period.weeks is None and start < today - ALL_HISTORY_DAYS
    start = max(start, today - ALL_HISTORY_DAYS)
    weekly = period.weeks is None or period.weeks > WEEKLY_POINTS_AFTER_WEEKS
    moves = SessionMove.objects.for_user(user).done().exercise_names()
    move = chosen_move(params.get("move"), moves)
    context = {
        "today": today,
        "period": period,
        "period_links": period_links(period, move[0] if move else None),
        "start": start,
        "moves": moves,
        "move": move,
        "has_history": bool(days.totals.done),
        "all_cut": all_cut,
        "has_schedules": bool(days.schedules),
        "weekly_points": weekly,
    }
    if move:
        context |= move_history(user, move, start, today, weekly)
    if part == "move":
        return context

    summary = summarise(user, days, start, today, period.weeks)
    pain = summary.pain.by_week() if weekly else summary.pain  # rising still reads the daily points
    context.update(
        {
            "adherence_figure": charts.adherence_figure(summary.weeks),
            "minutes_figure": charts.minutes_figure(summary.totals),
            "sessions_figure": charts.sessions_figure(summary.totals),
            "pain": pain,
            "pain_figure": charts.pain_figure(pain, start, today),
            "period_sessions": summary.sessions,
        }
    )
    if part == "period":
        return context
    return context | _whole_history(user, days, today)


def _whole_history(user, days: Days, today: date) -> dict:
    """The parts of the page that do not change with the period: streaks, the last 12 months, the PSFS."""
    # The heat map shows the last 12 months (a year before this month began covers them);
    # only the streaks need the whole history.
    heatmap_start = today.replace(day=1) - timedelta(days=366)
    minutes = progress.daily_minutes(days.totals.since(heatmap_start).seconds)
    missed = progress.missed_days(_since(days.planned, heatmap_start), days.totals.done, today)
    instead = instead_days(user, days.schedules, heatmap_start, today)
    scores = summary_for(user)
    context = {
        "psfs": scores,
        "streaks": progress.streaks(days.planned, days.totals.done, today),
        "heatmap_figure": charts.heatmap_figure(minutes, missed, today, instead),
        "total_sessions": sum(days.totals.done.values()),
    }
    if scores.entries:
        first = min(scores.entries[0].day, today)
        context["psfs_figure"] = charts.psfs_figure(scores.entries, first, today, " ".join(scores.words))
    return context


# The clinician report


def report_context(user, start: date, end: date, *, notes: bool, chart_prefix: str = "report") -> dict:
    """Return what the report shows of ``user`` from start to end; flagged notes only when ``notes``.

    A fixed number of queries whatever the history length: schedules, day totals, pain points,
    routines followed, moves, dose changes, PSFS entries and their ratings, the latest first
    visit, and the flagged notes when asked for.
    """
    days = load(user, start, end)
    weeks_count = (progress.week_start(end) - progress.week_start(start)).days // 7 + 1
    summary = summarise(user, days, start, end, weeks_count)
    planned_total = sum(w.planned for w in summary.weeks)
    done_total = sum(w.done for w in summary.weeks)
    sessions = Session.objects.for_user(user).between(start, end)
    scores = summary_for(user, start, end)
    psfs_lines = psfs.report_words(scores)
    return {
        "start": start,
        "end": end,
        "days": (end - start).days + 1,
        "routines": sessions.routines_followed(),
        "schedules": [s for s in days.schedules if s.runs_between(start, end)],
        "sessions": summary.sessions,
        "active_days": len(days.totals.done),
        "minutes": minutes(sum(days.totals.seconds.values())),
        "planned_total": planned_total,
        "done_total": done_total,
        "adherence_percent": round(100 * done_total / planned_total) if planned_total else None,
        "week_rows": report.week_rows(summary.weeks, summary.totals),
        "pain": summary.pain,
        "pain_figure": charts.pain_figure(summary.pain, start, end, chart_id=f"{chart_prefix}-pain-chart"),
        "pain_weeks": report.pain_weeks(summary.pain.by_week()),
        "moves": report.move_rows(SessionMove.objects.for_user(user).between(start, end).totals()),
        "dose_changes": dose_changes(user, start, end),
        "psfs": scores,
        "psfs_lines": psfs_lines,
        "psfs_figure": charts.psfs_figure(
            scores.entries, start, end, " ".join(psfs_lines), chart_id=f"{chart_prefix}-psfs-chart"
        ),
        # The first visit's answers (where it hurts, what makes it worse), as of the latest redo.
        "first_visit": FirstVisit.objects.latest_for(user),
        "include_notes": notes,
        "notes": sessions.flagged_notes() if notes else [],
    }
