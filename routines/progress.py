"""Progress arithmetic for the history page: streaks, adherence, weekly sums, pain trend, one move over time.

Everything here takes and returns plain values, so the rules can be pinned down by
tests without a database. The caller turns sessions and schedules into:

- ``planned``: how many sessions were scheduled on each local day (days missing or 0:
  nothing scheduled, e.g. a paused schedule);
- ``done``: how many sessions were done on each local day. Count every session of the
  day, whichever routine it was: someone who swapped the scheduled routine for another
  one still turned up, and that is what adherence is about. Sessions ended early count
  too, since they are real work; a caller that wants only finished ones filters first.

Dates are the person's own local dates (``Session.local_date``, from ``dates.local_date``).
Weeks are ISO weeks, starting on Monday.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .dose import minutes

ONE_DAY = timedelta(days=1)

# Pain after a session counts as rising when its least-squares slope over the last
# TREND_DAYS days is above this many points (on the 0–10 scale) per day, i.e. more
# than about 0.7 of a point over two weeks, with at least TREND_MIN_POINTS sessions.
RISING_SLOPE_PER_DAY = 0.05
TREND_DAYS = 14
TREND_MIN_POINTS = 3

RULE_SCHEDULED = (
    "A streak counts days on which you did every session you had scheduled; unscheduled days don't break it."
)
RULE_ANY_SESSION = "With nothing scheduled, a streak counts days in a row on which you did at least one session."


def week_start(day: date) -> date:
    """Return the Monday of the ISO week that holds ``day``."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class DayTotals:
    """Sessions and their seconds per local day: the ``done`` mapping with the time spent beside it."""

    done: Mapping[date, int]  # sessions per local day
    seconds: Mapping[date, int]  # seconds of those sessions per local day

    @property
    def earliest(self) -> date | None:
        return min(self.done, default=None)

    def since(self, first: date) -> "DayTotals":
        """Return the totals of the days from ``first`` on."""
        return DayTotals(
            {day: n for day, n in self.done.items() if day >= first},
            {day: s for day, s in self.seconds.items() if day >= first},
        )


def weekly_means(points: Iterable[tuple[date, float]]) -> list[tuple[date, float]]:
    """Return the mean of each ISO week's values, rounded to one decimal, as (Monday, mean), oldest first."""
    weeks: dict[date, list[float]] = defaultdict(list)
    for day, value in points:
        weeks[week_start(day)].append(value)
    return [(monday, round(sum(values) / len(values), 1)) for monday, values in sorted(weeks.items())]


def _has_schedules(planned: Mapping[date, int]) -> bool:
    return any(count > 0 for count in planned.values())


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int
    rule: str  # one line explaining the rule in force, for the page


def streak_rule(planned: Mapping[date, int]) -> str:
    """Return the one-line explanation of the streak rule that applies to this plan."""
    return RULE_SCHEDULED if _has_schedules(planned) else RULE_ANY_SESSION


def streaks(planned: Mapping[date, int], done: Mapping[date, int], today: date) -> Streaks:
    """Return the current and longest streaks, in days, with the rule that produced them.

    With schedules: a scheduled day (planned > 0) extends the streak when at least as
    many sessions as planned were done and breaks it otherwise; days with nothing
    scheduled are passed over (a paused schedule keeps the streak). Without any
    schedule: the streak is consecutive calendar days with at least one session.
    Today, while not yet done, neither breaks nor extends the current streak; days
    after today are ignored.
    """
    if _has_schedules(planned):
        outcomes = []  # True kept / False missed, oldest first, scheduled days only
        for day in sorted(d for d, count in planned.items() if count > 0 and d <= today):
            kept = done.get(day, 0) >= planned[day]
            if day == today and not kept:
                continue  # still open
            outcomes.append(kept)
        return Streaks(_trailing_run(outcomes), _longest_run(outcomes), RULE_SCHEDULED)

    days = sorted(d for d, count in done.items() if count > 0 and d <= today)
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == ONE_DAY else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and today - previous <= ONE_DAY else 0
    return Streaks(current, longest, RULE_ANY_SESSION)


def _trailing_run(outcomes: list[bool]) -> int:
    run = 0
    for kept in reversed(outcomes):
        if not kept:
            break
        run += 1
    return run


def _longest_run(outcomes: list[bool]) -> int:
    longest = run = 0
    for kept in outcomes:
        run = run + 1 if kept else 0
        longest = max(longest, run)
    return longest


def missed_days(planned: Mapping[date, int], done: Mapping[date, int], today: date) -> set[date]:
    """Return the days before today on which fewer sessions were done than were scheduled."""
    return {day for day, count in planned.items() if count > 0 and day < today and done.get(day, 0) < count}


def week_starts(today: date, weeks: int) -> list[date]:
    """Return the Mondays of the last ``weeks`` ISO weeks, oldest first, ending with this week's."""
    this_week = week_start(today)
    return [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _weeks_to_show(today: date, weeks: int | None, first_days: Iterable[date]) -> list[date]:
    if weeks is not None:
        return week_starts(today, weeks)
    earliest = min((d for d in first_days if d <= today), default=today)
    return week_starts(today, (week_start(today) - week_start(earliest)).days // 7 + 1)


def _open(monday: date, today: date) -> bool:
    """Return whether the week from ``monday`` is still going on ``today`` (its Sunday is today or later)."""
    return monday + timedelta(days=6) >= today


@dataclass(frozen=True)
class WeekAdherence:
    week_start: date
    planned: int  # sessions scheduled this week so far (see weekly_adherence)
    done: int  # sessions done toward them, never more than planned
    ratio: float | None  # done / planned in 0..1, or None when nothing was planned
    so_far: bool = False  # the week is not over: it holds today (or days after it)

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else round(self.ratio * 100)


def weekly_adherence(
    planned: Mapping[date, int], done: Mapping[date, int], today: date, weeks: int | None = 12
) -> list[WeekAdherence]:
    """Return done ÷ planned for each of the last ``weeks`` ISO weeks, oldest first.

    ``weeks=None`` goes back to the first week with anything scheduled. A week with
    nothing scheduled has ratio None ("nothing planned"), never 0 % or 100 %. Sessions
    count toward the week they fall in, so a session moved from Monday to Tuesday still
    counts; extra sessions never push a week past 100 %. Days after today are not counted,
    and today counts only once it is done (its sessions are still to come).
    """
    planned_by_week: dict[date, int] = defaultdict(int)
    done_by_week: dict[date, int] = defaultdict(int)
    for day, count in planned.items():
        if count <= 0 or day > today:
            continue
        if day == today:
            count = min(count, done.get(day, 0))
        planned_by_week[week_start(day)] += count
    for day, count in done.items():
        if count > 0 and day <= today:
            done_by_week[week_start(day)] += count

    result = []
    for monday in _weeks_to_show(today, weeks, (d for d, c in planned.items() if c > 0)):
        week_planned = planned_by_week.get(monday, 0)
        so_far = _open(monday, today)
        if week_planned == 0:
            result.append(WeekAdherence(monday, 0, 0, None, so_far))
            continue
        week_done = min(done_by_week.get(monday, 0), week_planned)
        result.append(WeekAdherence(monday, week_planned, week_done, week_done / week_planned, so_far))
    return result


@dataclass(frozen=True)
class WeekTotal:
    week_start: date
    minutes: int  # all sessions' durations added up, then rounded to whole minutes (half up)
    sessions: int
    so_far: bool = False  # the week is not over: it holds today (or days after it)


def weekly_totals(totals: DayTotals, today: date, weeks: int | None = 12) -> list[WeekTotal]:
    """Return minutes and sessions per ISO week for the last ``weeks`` weeks, oldest first.

    ``weeks=None`` goes back to the first session's week. Weeks without sessions are included
    with zeros; days after today are not counted.
    """
    seconds: dict[date, int] = defaultdict(int)
    counts: dict[date, int] = defaultdict(int)
    days = [day for day, count in totals.done.items() if count > 0 and day <= today]
    for day in days:
        monday = week_start(day)
        seconds[monday] += totals.seconds.get(day) or 0
        counts[monday] += totals.done[day]
    return [
        WeekTotal(monday, minutes(seconds.get(monday, 0)), counts.get(monday, 0), _open(monday, today))
        for monday in _weeks_to_show(today, weeks, days)
    ]


def daily_minutes(seconds: Mapping[date, int]) -> dict[date, int]:
    """Return whole minutes done per local day from the seconds done per local day."""
    return {day: minutes(total or 0) for day, total in seconds.items()}


@dataclass(frozen=True)
class PainTrend:
    before: list[tuple[date, float]]  # the day's mean pain before, oldest first
    after: list[tuple[date, float]]  # the day's mean pain after, oldest first
    slope: float | None  # points per day of pain after over the last TREND_DAYS days; None with too few points
    rising: bool
    morning: list[tuple[date, float]] = ()  # the day's mean pain the next morning, by the session's day

    @property
    def empty(self) -> bool:
        return not self.before and not self.after and not self.morning

    def by_week(self) -> "PainTrend":
        """Return the same trend with each series as weekly means; the slope and rising stay the daily ones."""
        return PainTrend(
            weekly_means(self.before), weekly_means(self.after), self.slope, self.rising, weekly_means(self.morning)
        )


def pain_trend(points: Iterable[tuple], today: date, days: int | None = 90) -> PainTrend:
    """Return pain before, after and the next morning over the last ``days`` days, and whether it is rising.

    ``points`` holds (local_date, pain_before, pain_after[, morning_pain]) per session, any
    pain may be None; the next morning's pain is kept under the session's own day. Several
    sessions on one day give one point, their mean. ``days=None`` keeps everything. The
    trend is the least-squares slope of the daily pain-after points within the last
    TREND_DAYS days (today included); it is rising when that slope is above
    RISING_SLOPE_PER_DAY and there are at least TREND_MIN_POINTS such points.
    """
    start = None if days is None else today - timedelta(days=days - 1)
    before: dict[date, list[int]] = defaultdict(list)
    after: dict[date, list[int]] = defaultdict(list)
    morning: dict[date, list[int]] = defaultdict(list)
    for day, pain_before, pain_after, *pain_morning in points:
        if day > today or (start is not None and day < start):
            continue
        for values, pain in ((before, pain_before), (after, pain_after), (morning, next(iter(pain_morning), None))):
            if pain is not None:
                values[day].append(pain)

    def means(values: dict[date, list[int]]) -> list[tuple[date, float]]:
        return [(day, sum(v) / len(v)) for day, v in sorted(values.items())]

    after_series = means(after)
    trend_start = today - timedelta(days=TREND_DAYS - 1)
    recent = [((day - trend_start).days, value) for day, value in after_series if day >= trend_start]
    slope = _slope(recent) if len(recent) >= TREND_MIN_POINTS else None
    return PainTrend(
        means(before), after_series, slope, slope is not None and slope > RISING_SLOPE_PER_DAY, means(morning)
    )


def _slope(points: list[tuple[int, float]]) -> float:
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


@dataclass(frozen=True)
class MoveSeries:
    unit: str  # "seconds" or "reps"
    points: list[tuple[date, int]]  # oldest first, one per day


def move_series(rows: Iterable[tuple[date, str, int, int | None]]) -> MoveSeries:
    """Return how long one move was held (seconds) or how many reps were done, per day.

    ``rows`` holds (local_date, measure, seconds_done, reps_done) for each time the move
    was done (skipped ones left out by the caller). The unit is reps when the latest row
    counts reps, else seconds (holds and breath-counted moves are timed); rows that lack
    that unit's number are left out. Several times on one day add up.
    """
    rows = sorted(rows, key=lambda row: row[0])
    if not rows:
        return MoveSeries("seconds", [])
    unit = "reps" if rows[-1][1] == "reps" and rows[-1][3] is not None else "seconds"
    totals: dict[date, int] = defaultdict(int)
    for day, _measure, seconds, reps in rows:
        value = reps if unit == "reps" else seconds
        if value:
            totals[day] += value
    return MoveSeries(unit, sorted(totals.items()))


# The dose number that the move chart's unit counts: seconds held, or repetitions.
DOSE_AMOUNT_FIELDS = {"seconds": "hold_seconds", "reps": "reps"}


def dose_series(
    unit: str,
    current: Mapping[str, int | bool | None],
    changes: Sequence[tuple[date, str, int | None, int | None]],
    start: date,
) -> list[tuple[date, int]]:
    """Return what one session of a move was planned to hold or repeat, in ``unit`` ("seconds" or "reps",
    all sets and sides, as MoveSeries counts what was done), at ``start`` and on each day its dose changed.

    ``current`` is the routine item's dose now (hold_seconds, reps, sets, per_side); ``changes`` are the
    (day, field, old, new) of each change from ``start`` on, oldest first: walked back from now they give
    the dose before each. Oldest first, one point per day (its last change); [] when no change is in the
    chart's unit, or the dose holds no such amount (a breath-counted move, say).
    """
    field = DOSE_AMOUNT_FIELDS.get(unit)
    if field is None or not changes:
        return []
    dose = dict(current)
    for _day, name, old, _new in reversed(changes):
        dose[name] = old

    def planned() -> int | None:
        if not dose.get(field):
            return None
        return dose[field] * (dose.get("sets") or 1) * (2 if dose.get("per_side") else 1)

    points = {start: planned()}
    for day, name, _old, new in changes:
        dose[name] = new
        points[max(day, start)] = planned()
    series = [(day, value) for day, value in sorted(points.items()) if value is not None]
    return series if len({value for _, value in series}) > 1 else []


def sessions_per_day(days: Iterable[date]) -> dict[date, int]:
    """Return how many sessions fell on each day, from one local_date per session (the ``done`` mapping)."""
    counts: dict[date, int] = defaultdict(int)
    for day in days:
        counts[day] += 1
    return dict(counts)


@dataclass(frozen=True)
class Period:
    key: str  # the value kept in the URL, e.g. ?period=12w
    label: str
    weeks: int | None  # None: all of it


PERIODS = (
    Period("4w", "4 weeks", 4),
    Period("12w", "12 weeks", 12),
    Period("12m", "12 months", 52),
    Period("all", "All", None),
)
DEFAULT_PERIOD = PERIODS[1]


def period_for(key: str | None) -> Period:
    """Return the period named by ``key`` (a URL value), or the default (12 weeks) for anything unknown."""
    return next((period for period in PERIODS if period.key == key), DEFAULT_PERIOD)


def period_start(period: Period, today: date, earliest: date | None) -> date:
    """Return the first day a period covers: the Monday ``weeks`` ISO weeks back, or the earliest day for "all"."""
    if period.weeks is None:
        return min(earliest or today, today)
    return week_starts(today, period.weeks)[0]
