"""The clinician report's contents for one person and period: the printable report and the shared link.

One builder for both pages, so what the physiotherapist sees through a link is what
the person prints. Every part is read for the period alone, in a fixed number of
queries (schedules, day totals, pain points, routines followed, moves, dose changes, PSFS
entries and their ratings, the latest first visit, and the flagged notes when asked for) whatever the
history length.
"""

from datetime import date, timedelta

from django.db.models import Q

from learn.models import FirstVisit

from . import charts, history_data, progress, psfs
from .dose import done_words, minutes
from .models import DoseChange
from .models.psfs import summary_for
from .pacing import field_words

# The printable report starts at the last four weeks; a physiotherapist who sees the
# person every few weeks to months looks back further, so the shared link starts at 12.
PRINT_DEFAULT_DAYS = 28
SHARED_DEFAULT_DAYS = 12 * 7


def default_period(today: date, days: int) -> tuple[date, date]:
    """Return (first, last) day of the `days` days that end today."""
    return today - timedelta(days=days - 1), today


def week_rows(weeks: list[progress.WeekAdherence], totals: list[progress.WeekTotal]) -> list[dict]:
    """Return one row per ISO week: sessions planned, done as planned, their share, all sessions and minutes."""
    by_week = {total.week_start: total for total in totals}
    rows = []
    for week in weeks:
        total = by_week.get(week.week_start)
        rows.append(
            {
                "week_start": week.week_start,
                "planned": week.planned,
                "done": week.done,
                "percent": week.percent,
                "sessions": total.sessions if total else 0,
                "minutes": total.minutes if total else 0,
            }
        )
    return rows


def pain_by_week(pain: progress.PainTrend) -> list[dict]:
    """Return the mean pain before, after and the next morning per ISO week (None when no score), oldest first."""
    weeks: dict = {}
    series = {"before": pain.before, "after": pain.after, "morning": pain.morning}
    for key, points in series.items():
        for day, value in points:
            weeks.setdefault(progress.week_start(day), {name: [] for name in series})[key].append(value)
    return [
        {"week_start": monday, **{key: round(sum(v) / len(v), 1) if v else None for key, v in values.items()}}
        for monday, values in sorted(weeks.items())
    ]


def move_rows(rows: list[dict]) -> list[dict]:
    """Return the moves of the period with the dose done on average each time, in words."""
    return [
        {
            "name": row["name"],
            "times": row["times"],
            "skipped": row["skipped_times"],
            "dose": done_words(
                row["measure"],
                per_side=row["per_side"],
                times=row["times"],
                sets=row["sets"] or 0,
                reps=row["reps"],
                seconds=row["seconds"] or 0,
            ),
            "last_done": row["last_done"],
        }
        for row in rows
    ]


FIELD_NAMES = {
    "hold_seconds": "hold",
    "reps": "reps",
    "tempo_seconds": "seconds per rep",
    "breaths": "breaths",
    "sets": "sets",
    "rest_seconds": "rest",
}


def _value_words(field: str, value: int | None) -> str:
    if value is None:
        return "none"
    if field in ("tempo_seconds", "rest_seconds"):
        return f"{value} s"
    return field_words(field, value)


def dose_changes(user, start: date, end: date, move: tuple[int, str] | None = None) -> list[dict]:
    """Return every dose change made in the period, oldest first, in words, with its reason (one query).

    With `move` (exercise id, name): only that move's, found by its item, or by its name once
    the item has left the routine.
    """
    rows = DoseChange.objects.for_user(user).filter(local_date__range=(start, end))
    if move is not None:
        rows = rows.filter(Q(item__exercise_id=move[0]) | Q(item__isnull=True, move_name=move[1]))
    rows = rows.order_by("changed_at", "pk").values_list(
        "local_date", "routine__name", "move_name", "field", "old", "new", "source", "reason"
    )
    return [
        {
            "day": day,
            "routine": routine,
            "move": move,
            "change": f"{FIELD_NAMES.get(field, field)} {_value_words(field, old)} → {_value_words(field, new)}",
            "by_hand": source == DoseChange.Source.HAND,
            "reason": reason,
        }
        for day, routine, move, field, old, new, source, reason in rows
    ]


def context(user, start: date, end: date, *, notes: bool, chart_prefix: str = "report") -> dict:
    """Return what the report shows of `user` from start to end; flagged notes only when `notes`."""
    schedules = history_data.user_schedules(user)
    totals = history_data.day_totals(user, first=start, last=end)
    planned = history_data.planned_per_day(schedules, start, end)
    weeks_count = (progress.week_start(end) - progress.week_start(start)).days // 7 + 1
    weeks = [
        week
        for week in progress.weekly_adherence(planned, totals.done, end, weeks_count)
        if week.week_start + timedelta(days=6) >= start
    ]
    week_totals = progress.weekly_totals(totals.session_pairs(), end, weeks_count)
    planned_total = sum(w.planned for w in weeks)
    done_total = sum(w.done for w in weeks)
    pain = progress.pain_trend(history_data.pain_points(user, start, end), end, (end - start).days + 1)
    seconds = sum(totals.seconds.values())
    active_schedules = [s for s in schedules if s.start_date <= end and (s.end_date is None or s.end_date >= start)]
    scores = summary_for(user, start, end)
    psfs_lines = psfs.report_words(scores)
    return {
        "start": start,
        "end": end,
        "days": (end - start).days + 1,
        "routines": history_data.routines_followed(user, start, end),
        "schedules": active_schedules,
        "sessions": sum(totals.done.values()),
        "active_days": len(totals.done),
        "minutes": minutes(seconds),
        "planned_total": planned_total,
        "done_total": done_total,
        "adherence_percent": round(100 * done_total / planned_total) if planned_total else None,
        "week_rows": week_rows(weeks, week_totals),
        "pain": pain,
        "pain_chart": charts.pain_chart(pain, start, end, chart_id=f"{chart_prefix}-pain-chart"),
        "pain_summary": charts.pain_summary(pain),
        "pain_weeks": pain_by_week(pain),
        "moves": move_rows(history_data.moves_in_period(user, start, end)),
        "dose_changes": dose_changes(user, start, end),
        "psfs": scores,
        "psfs_lines": psfs_lines,
        "psfs_chart": charts.psfs_chart(
            scores.entries, start, end, " ".join(psfs_lines), chart_id=f"{chart_prefix}-psfs-chart"
        ),
        "psfs_table": charts.psfs_table(scores.entries),
        # The first visit's answers (where it hurts, what makes it worse), as of the latest redo.
        "first_visit": FirstVisit.objects.latest_for(user),
        "include_notes": notes,
        "notes": history_data.flagged_notes(user, start, end) if notes else [],
    }
