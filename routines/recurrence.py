"""When a schedule is due: plain dates in, plain dates out.

Everything that shows a "planned" day (Today, the calendar, the week line, the
calendar feed's test) asks `due_dates`, so they can never disagree. Dates here
are calendar days in the person's own time zone; no clock and no time zone is
involved, which is what keeps DST changes and far-from-UTC zones out of it.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

# Monday first, as Python's date.weekday() and iCalendar's BYDAY codes agree.
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVERY_DAY = 0b1111111

Break = tuple[date, date | None]


def weekdays_to_mask(weekdays: Iterable[int]) -> int:
    """Return the bitmask for weekday numbers (0 = Monday … 6 = Sunday)."""
    mask = 0
    for day in weekdays:
        if not 0 <= day <= 6:
            raise ValueError(f"A weekday is 0 (Monday) to 6 (Sunday); got {day!r}.")
        mask |= 1 << day
    return mask


def mask_to_weekdays(mask: int) -> list[int]:
    """Return the weekday numbers (0 = Monday) set in a bitmask, in order."""
    return [day for day in range(7) if mask & (1 << day)]


def describe_weekdays(mask: int) -> str:
    """Return the days in words: "Every day", "Weekdays", "Weekends" or "Mon, Wed, Fri"."""
    if mask & EVERY_DAY == EVERY_DAY:
        return "Every day"
    if mask == 0b0011111:
        return "Weekdays"
    if mask == 0b1100000:
        return "Weekends"
    return ", ".join(WEEKDAY_NAMES[day][:3] for day in mask_to_weekdays(mask))


def in_break(day: date, breaks: Sequence[Break]) -> bool:
    """Return True when `day` falls in a pause: from its first day up to, not including, its end (None: still on)."""
    return any(start <= day and (end is None or day < end) for start, end in breaks)


def due_dates(
    mask: int,
    start: date,
    end: date | None,
    first: date,
    last: date,
    breaks: Sequence[Break] = (),
) -> list[date]:
    """Return the days from `first` to `last` (both included) on which a schedule is due.

    A schedule is due on each day whose weekday is in `mask`, from `start` to
    `end` (both included; no end means for ever), except the days inside a
    pause in `breaks`: (first paused day, day it resumed), with None for a
    pause that has not ended.
    """
    first = max(first, start)
    if end is not None:
        last = min(last, end)
    if first > last:
        return []
    # Day numbers (date.toordinal) step faster than dates: years of a daily schedule are thousands.
    start_n, last_n = first.toordinal(), last.toordinal()
    due = [
        n
        for weekday in range(7)
        if mask & (1 << weekday)
        for n in range(start_n + (weekday - first.weekday()) % 7, last_n + 1, 7)
    ]
    days = map(date.fromordinal, sorted(due))
    if breaks:
        return [day for day in days if not in_break(day, breaks)]
    return list(days)


def week_start(day: date) -> date:
    """Return the Monday on or before `day`."""
    return day - timedelta(days=day.weekday())
