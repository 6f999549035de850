"""The clinician report's tables in words: one row per week, per move and per dose change.

The printable report and the shared link show the same contents, built by
routines.history_page.report_context; everything here takes and returns plain values.
"""

from datetime import date, timedelta

from . import progress
from .dose import done_words
from .models import DoseChange
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


def pain_weeks(weekly: progress.PainTrend) -> list[dict]:
    """Return one row per week with a score: the mean pain before, after and the next morning (None when none).

    ``weekly`` is a trend already in weekly means (PainTrend.by_week()).
    """
    columns = {"before": dict(weekly.before), "after": dict(weekly.after), "morning": dict(weekly.morning)}
    mondays = sorted(set().union(*columns.values()))
    return [{"week_start": monday, **{key: c.get(monday) for key, c in columns.items()}} for monday in mondays]


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


def value_words(field: str, value: int | None) -> str:
    """Return one number of a dose in words, e.g. "30 s" or "2 sets"; "none" where the dose had no such number."""
    if value is None:
        return "none"
    if field == "per_side":
        return "each side" if value else "one side"
    if field in ("tempo_seconds", "rest_seconds"):
        return f"{value} s"
    return field_words(field, value)


def change_words(field: str, old: int | None, new: int | None) -> str:
    """Return one change of a dose number in words, e.g. "hold 30 s → 35 s" or "one side → each side"."""
    change = f"{value_words(field, old)} → {value_words(field, new)}"
    return change if field == "per_side" else f"{FIELD_NAMES.get(field, field)} {change}"


def dose_change_words(
    day: date, routine: str, move: str, field: str, old: int | None, new: int | None, source: str, reason: str
) -> dict:
    """Return one dose change as the report and the history list it: "hold 30 s → 35 s", by hand or not, and why."""
    return {
        "day": day,
        "routine": routine,
        "move": move,
        "change": change_words(field, old, new),
        "by_hand": source == DoseChange.Source.HAND,
        "reason": reason,
    }
