"""What Today says of the days behind it: the current streak, and the last pain score with its trend."""

from dataclasses import dataclass
from datetime import date

from . import progress
from .dates import EARLIEST_DATE
from .history_page import planned_per_day
from .models import Session

# Enough of the latest scores for two weeks' trend at several sessions a day.
RECENT_PAIN_ROWS = 60


def current_streak(user, schedules, today: date) -> int:
    """Return the current streak in days by the history page's rule (routines.progress.streaks), from
    the schedules given: one query, sessions per day aggregated in the database, however long the history."""
    totals = Session.objects.for_user(user).between(None, today).per_day()
    first_planned = min((s.start_date for s in schedules), default=None)
    # From the first day anything was planned or done, as routines.history_page.load counts.
    first = max(min(d for d in (totals.earliest, first_planned, today) if d is not None), EARLIEST_DATE)
    return progress.streaks(planned_per_day(schedules, first, today), totals.done, today).current


@dataclass(frozen=True)
class RecentPain:
    score: int  # pain after the latest session that has one
    day: date
    trend: str | None  # "higher", "lower" or "same" over the last two weeks; None with too few scores


def recent_pain(user, today: date) -> RecentPain | None:
    """Return the latest pain-after score and which way the last two weeks went (one query)."""
    rows = list(
        Session.objects.for_user(user)
        .filter(pain_after__isnull=False, local_date__lte=today)
        .order_by("-started_at", "-pk")
        .values_list("local_date", "pain_after")[:RECENT_PAIN_ROWS]
    )
    if not rows:
        return None
    slope = progress.pain_trend([(day, None, pain) for day, pain in rows], today, progress.TREND_DAYS).slope
    trend = None
    if slope is not None:
        rising = progress.RISING_SLOPE_PER_DAY
        trend = "higher" if slope > rising else "lower" if slope < -rising else "same"
    return RecentPain(score=rows[0][1], day=rows[0][0], trend=trend)
