"""The dates a schedule is due, around the edges that break calendars."""

from datetime import UTC, date, datetime, timedelta

import pytest

from routines.dates import local_date
from routines.recurrence import (
    EVERY_DAY,
    describe_weekdays,
    due_dates,
    mask_to_weekdays,
    week_start,
    weekdays_to_mask,
)

from .factories import person_in

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
MWF = weekdays_to_mask([MON, WED, FRI])


def test_a_schedule_is_due_on_its_weekdays_only():
    # 2026-03-02 is a Monday.
    days = due_dates(MWF, date(2026, 3, 2), None, date(2026, 3, 1), date(2026, 3, 14))
    assert days == [date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)]


def test_every_day_is_due_every_day():
    days = due_dates(EVERY_DAY, date(2026, 1, 1), None, date(2026, 1, 1), date(2026, 12, 31))
    assert len(days) == 365


def test_start_and_end_dates_are_both_included():
    start, end = date(2026, 3, 4), date(2026, 3, 13)  # a Wednesday and a Friday
    days = due_dates(MWF, start, end, date(2026, 3, 1), date(2026, 3, 31))
    assert days[0] == start
    assert days[-1] == end
    assert days == [date(2026, 3, d) for d in (4, 6, 9, 11, 13)]


def test_nothing_is_due_before_the_start_or_after_the_end():
    assert due_dates(EVERY_DAY, date(2026, 3, 10), None, date(2026, 3, 1), date(2026, 3, 9)) == []
    assert due_dates(EVERY_DAY, date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 6), date(2026, 3, 31)) == []


def test_a_one_day_schedule_is_due_that_day_only():
    day = date(2026, 3, 4)
    assert due_dates(EVERY_DAY, day, day, date(2026, 1, 1), date(2026, 12, 31)) == [day]


def test_29_february_is_due_in_a_leap_year_and_does_not_exist_otherwise():
    sunday = weekdays_to_mask([SUN])
    assert date(2032, 2, 29) in due_dates(sunday, date(2032, 1, 1), None, date(2032, 2, 1), date(2032, 3, 31))
    feb_2028 = due_dates(EVERY_DAY, date(2028, 1, 1), None, date(2028, 2, 1), date(2028, 2, 29))
    assert len(feb_2028) == 29
    feb_2027 = due_dates(EVERY_DAY, date(2027, 1, 1), None, date(2027, 2, 1), date(2027, 3, 1))
    assert feb_2027[-2:] == [date(2027, 2, 28), date(2027, 3, 1)]


def test_a_schedule_that_starts_or_ends_on_29_february():
    days = due_dates(EVERY_DAY, date(2028, 2, 29), date(2028, 2, 29), date(2028, 2, 1), date(2028, 3, 31))
    assert days == [date(2028, 2, 29)]


@pytest.mark.parametrize(
    "first, last",
    [
        (date(2026, 3, 23), date(2026, 4, 5)),  # Europe/London: clocks go forward on 29 March
        (date(2026, 10, 19), date(2026, 11, 1)),  # Europe/London: back on 25 October
        (date(2026, 3, 2), date(2026, 3, 15)),  # America/New_York: forward on 8 March
        (date(2026, 10, 26), date(2026, 11, 8)),  # America/New_York: back on 1 November
    ],
)
def test_a_dst_change_neither_drops_nor_doubles_a_day(first, last):
    days = due_dates(EVERY_DAY, date(2026, 1, 1), None, first, last)
    assert len(days) == 14
    assert len(set(days)) == 14
    assert due_dates(weekdays_to_mask([SUN]), date(2026, 1, 1), None, first, last) == [
        d for d in days if d.weekday() == SUN
    ]


@pytest.mark.parametrize(
    "zone, moment, expected",
    [
        # At midnight UTC on a Monday it is already Monday noon in Auckland
        # (NZDT, +13) and still Sunday afternoon in Honolulu (-10).
        ("Pacific/Auckland", datetime(2026, 1, 5, 0, 0, tzinfo=UTC), date(2026, 1, 5)),
        ("Pacific/Auckland", datetime(2026, 1, 4, 11, 30, tzinfo=UTC), date(2026, 1, 5)),
        ("Pacific/Honolulu", datetime(2026, 1, 5, 0, 0, tzinfo=UTC), date(2026, 1, 4)),
        ("Pacific/Honolulu", datetime(2026, 1, 5, 9, 59, tzinfo=UTC), date(2026, 1, 4)),
        ("Pacific/Honolulu", datetime(2026, 1, 5, 10, 0, tzinfo=UTC), date(2026, 1, 5)),
        ("Europe/London", datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2026, 3, 29)),
        ("America/New_York", datetime(2026, 11, 1, 4, 30, tzinfo=UTC), date(2026, 11, 1)),
        ("America/New_York", datetime(2026, 11, 1, 3, 30, tzinfo=UTC), date(2026, 10, 31)),
    ],
)
def test_today_is_the_day_in_the_persons_own_zone(zone, moment, expected):
    assert local_date(person_in(zone), moment) == expected


def test_a_monday_schedule_is_due_for_auckland_but_not_yet_for_honolulu_at_utc_midnight():
    midnight = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)  # Monday in UTC
    monday_only = weekdays_to_mask([MON])
    auckland = local_date(person_in("Pacific/Auckland"), midnight)
    honolulu = local_date(person_in("Pacific/Honolulu"), midnight)
    assert due_dates(monday_only, date(2026, 1, 1), None, auckland, auckland) == [date(2026, 1, 5)]
    assert due_dates(monday_only, date(2026, 1, 1), None, honolulu, honolulu) == []
    # And late on Monday UTC, Auckland has moved on to Tuesday: nothing due there.
    late = local_date(person_in("Pacific/Auckland"), midnight + timedelta(hours=12))
    assert due_dates(monday_only, date(2026, 1, 1), None, late, late) == []


def test_a_pause_skips_from_its_first_day_while_it_lasts():
    still_paused = [(date(2026, 3, 10), None)]
    days = due_dates(EVERY_DAY, date(2026, 3, 1), None, date(2026, 3, 1), date(2026, 3, 31), still_paused)
    assert days == [date(2026, 3, d) for d in range(1, 10)]


def test_a_finished_pause_skips_only_its_own_days():
    pause = [(date(2026, 3, 10), date(2026, 3, 15))]
    days = due_dates(EVERY_DAY, date(2026, 3, 1), None, date(2026, 3, 1), date(2026, 3, 20), pause)
    assert date(2026, 3, 9) in days
    assert not any(date(2026, 3, 10) <= d < date(2026, 3, 15) for d in days)
    assert date(2026, 3, 15) in days
    assert len(days) == 20 - 5


def test_a_pause_resumed_the_same_day_skips_nothing():
    day = date(2026, 3, 10)
    days = due_dates(EVERY_DAY, date(2026, 3, 1), None, day, day, [(day, day)])
    assert days == [day]


def test_weekday_masks_round_trip_and_read_well():
    assert mask_to_weekdays(weekdays_to_mask([FRI, MON])) == [MON, FRI]
    assert describe_weekdays(EVERY_DAY) == "Every day"
    assert describe_weekdays(weekdays_to_mask(range(5))) == "Weekdays"
    assert describe_weekdays(weekdays_to_mask([SAT, SUN])) == "Weekends"
    assert describe_weekdays(MWF) == "Mon, Wed, Fri"
    with pytest.raises(ValueError):
        weekdays_to_mask([7])


def test_a_week_starts_on_monday():
    assert week_start(date(2026, 3, 8)) == date(2026, 3, 2)
    assert week_start(date(2026, 3, 2)) == date(2026, 3, 2)
