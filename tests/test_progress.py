import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routines.dates import local_date
from routines.progress import (
    RULE_ANY_SESSION,
    RULE_SCHEDULED,
    DayTotals,
    daily_minutes,
    missed_days,
    move_series,
    pain_trend,
    period_for,
    period_start,
    sessions_per_day,
    streak_rule,
    streaks,
    week_start,
    week_starts,
    weekly_adherence,
    weekly_means,
    weekly_totals,
)

from .factories import person_in

TODAY = date(2026, 11, 18)  # a Wednesday
MONDAY = date(2026, 11, 16)


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(count)]


def every_day(start: date, end: date, count: int = 1) -> dict[date, int]:
    return {day: count for day in days(start, (end - start).days + 1)}


def per_day(sessions: list[tuple[date, int]]) -> DayTotals:
    """Return the day totals of (local_date, duration_seconds) sessions, as Session.objects.per_day() would."""
    done: dict[date, int] = {}
    seconds: dict[date, int] = {}
    for day, duration in sessions:
        done[day] = done.get(day, 0) + 1
        seconds[day] = seconds.get(day, 0) + duration
    return DayTotals(done, seconds)


# Local dates, time zones and DST


def test_a_session_after_local_midnight_lands_on_the_next_day():
    # 00:30 on 10 March in London is still 9 March in New York and already the 10th in UTC.
    moment = datetime(2026, 3, 10, 0, 30, tzinfo=UTC)
    assert local_date(person_in("Europe/London"), moment) == date(2026, 3, 10)
    assert local_date(person_in("America/New_York"), moment) == date(2026, 3, 9)
    assert local_date(person_in(ZoneInfo("Asia/Tokyo")), moment) == date(2026, 3, 10)


def test_a_late_evening_session_in_auckland_is_the_next_day_in_utc_terms():
    moment = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)  # 00:30 on 2 June in Auckland
    assert local_date(person_in("Pacific/Auckland"), moment) == date(2026, 6, 2)


def test_the_same_utc_time_lands_on_a_different_local_day_once_summer_time_starts():
    # 23:30 UTC is 23:30 in London in winter, but 00:30 the next day in summer time.
    assert local_date(person_in("Europe/London"), datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == date(2026, 3, 28)
    assert local_date(person_in("Europe/London"), datetime(2026, 3, 29, 23, 30, tzinfo=UTC)) == date(2026, 3, 30)


def test_local_date_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        local_date(person_in("UTC"), datetime(2026, 3, 10, 0, 30))


def test_a_week_spanning_a_dst_change_is_still_seven_days():
    # Europe/London moves its clocks forward on Sunday 29 March 2026.
    zone = ZoneInfo("Europe/London")
    sessions = [
        # 23:30 each evening, Mon..Sun
        (local_date(person_in(zone), datetime(2026, 3, 23 + n, 23, 30, tzinfo=zone)), 600)
        for n in range(7)
    ]
    assert {day for day, _ in sessions} == set(days(date(2026, 3, 23), 7))
    totals = weekly_totals(per_day(sessions), today=date(2026, 3, 29), weeks=1)
    assert totals[0].week_start == date(2026, 3, 23)
    assert (totals[0].sessions, totals[0].minutes) == (7, 70)
    # The following Monday starts a new week even though the week before was an hour short.
    assert week_start(date(2026, 3, 30)) == date(2026, 3, 30)
    assert week_start(date(2026, 3, 29)) == date(2026, 3, 23)


def test_an_autumn_dst_week_streak_is_unbroken():
    zone = ZoneInfo("America/New_York")  # clocks go back on Sunday 1 November 2026
    start = datetime(2026, 10, 29, 0, 15, tzinfo=zone)
    # 00:15 local every night for a week, counted in wall-clock days across the change.
    moments = [datetime.combine(start.date() + timedelta(days=n), start.timetz()) for n in range(7)]
    done = {local_date(person_in(zone), moment): 1 for moment in moments}
    assert len(done) == 7
    assert streaks({}, done, today=date(2026, 11, 4)).current == 7
    assert weekly_totals(per_day([(d, 3600) for d in done]), date(2026, 11, 4), weeks=2)[0].sessions == 4  # Thu..Sun


# Streaks


def test_a_streak_of_scheduled_days_all_done():
    planned = every_day(MONDAY - timedelta(days=9), TODAY)
    done = every_day(MONDAY - timedelta(days=9), TODAY)
    result = streaks(planned, done, TODAY)
    assert (result.current, result.longest) == (12, 12)
    assert result.rule == RULE_SCHEDULED


def test_a_missed_scheduled_day_breaks_the_streak():
    planned = every_day(date(2026, 11, 1), TODAY)
    done = every_day(date(2026, 11, 1), TODAY)
    del done[date(2026, 11, 10)]
    result = streaks(planned, done, TODAY)
    assert result.current == 8  # 11th..18th
    assert result.longest == 9  # 1st..9th


def test_fewer_sessions_than_scheduled_on_a_day_breaks_the_streak():
    planned = {TODAY - timedelta(days=2): 2, TODAY - timedelta(days=1): 2}
    done = {TODAY - timedelta(days=2): 2, TODAY - timedelta(days=1): 1}
    assert streaks(planned, done, TODAY).current == 0
    assert streaks(planned, done, TODAY).longest == 1


def test_today_not_yet_done_keeps_the_streak_open():
    planned = every_day(MONDAY, TODAY)
    done = every_day(MONDAY, TODAY - timedelta(days=1))
    assert streaks(planned, done, TODAY).current == 2
    done[TODAY] = 1
    assert streaks(planned, done, TODAY).current == 3


def test_days_with_nothing_scheduled_neither_break_nor_extend_a_streak():
    # Mondays, Wednesdays and Fridays only, all done; sessions on a Sunday too.
    planned = {day: 1 for day in days(date(2026, 11, 2), 17) if day.weekday() in (0, 2, 4)}
    done = dict(planned)
    done[date(2026, 11, 8)] = 1  # an extra Sunday
    result = streaks(planned, done, TODAY)
    assert result.current == len(planned) == 8


def test_a_paused_schedule_keeps_the_streak():
    planned = every_day(date(2026, 10, 20), date(2026, 10, 31))
    planned.update({day: 0 for day in days(date(2026, 11, 1), 10)})  # paused for ten days
    planned.update(every_day(date(2026, 11, 11), TODAY))
    done = {day: 1 for day, count in planned.items() if count}
    assert streaks(planned, done, TODAY).current == 12 + 8


def test_future_scheduled_days_do_not_count():
    planned = every_day(MONDAY, TODAY + timedelta(days=10))
    done = every_day(MONDAY, TODAY)
    assert streaks(planned, done, TODAY).current == 3


def test_a_person_with_no_schedules_gets_a_streak_of_days_with_any_session():
    done = {TODAY - timedelta(days=n): 1 for n in (1, 2, 3, 5, 6, 7, 8)}
    result = streaks({}, done, TODAY)
    assert (result.current, result.longest) == (3, 4)
    assert result.rule == RULE_ANY_SESSION
    assert streak_rule({}) == RULE_ANY_SESSION
    assert streak_rule({TODAY: 0}) == RULE_ANY_SESSION
    assert streak_rule({TODAY: 1}) == RULE_SCHEDULED


def test_without_schedules_a_gap_before_yesterday_ends_the_current_streak():
    done = {TODAY - timedelta(days=2): 1, TODAY - timedelta(days=3): 1}
    assert streaks({}, done, TODAY).current == 0
    assert streaks({}, done, TODAY).longest == 2


def test_empty_history_has_no_streak():
    assert (streaks({}, {}, TODAY).current, streaks({}, {}, TODAY).longest) == (0, 0)
    assert streaks({TODAY: 1}, {}, TODAY).current == 0


# Missed days


def test_missed_days_are_past_scheduled_days_not_fully_done():
    planned = {TODAY - timedelta(days=2): 1, TODAY - timedelta(days=1): 2, TODAY: 1, TODAY + timedelta(days=1): 1}
    done = {TODAY - timedelta(days=2): 1, TODAY - timedelta(days=1): 1}
    assert missed_days(planned, done, TODAY) == {TODAY - timedelta(days=1)}


# Weekly adherence


def test_weekly_adherence_is_done_over_planned_per_iso_week():
    planned = {day: 1 for day in days(MONDAY - timedelta(weeks=1), 7)}
    done = {day: 1 for day in days(MONDAY - timedelta(weeks=1), 7)[:5]}
    weeks = weekly_adherence(planned, done, TODAY, weeks=2)
    assert [w.week_start for w in weeks] == [MONDAY - timedelta(weeks=1), MONDAY]
    assert (weeks[0].planned, weeks[0].done, weeks[0].percent) == (7, 5, 71)


def test_a_week_with_nothing_planned_is_none_not_zero_or_full():
    done = {MONDAY - timedelta(days=3): 2}
    weeks = weekly_adherence({}, done, TODAY, weeks=2)
    assert weeks[0].ratio is None and weeks[0].percent is None
    assert weeks[1].ratio is None


def test_extra_sessions_do_not_push_a_week_past_100_percent():
    last_week = MONDAY - timedelta(weeks=1)
    planned = {last_week: 1, last_week + timedelta(days=2): 1}
    done = {last_week: 3, last_week + timedelta(days=4): 2}
    week = weekly_adherence(planned, done, TODAY, weeks=2)[0]
    assert (week.done, week.planned, week.ratio) == (2, 2, 1.0)


def test_a_session_moved_to_another_day_of_the_week_still_counts():
    last_week = MONDAY - timedelta(weeks=1)
    week = weekly_adherence({last_week: 1}, {last_week + timedelta(days=1): 1}, TODAY, weeks=2)[0]
    assert week.ratio == 1.0


def test_this_week_counts_only_days_so_far_and_today_once_done():
    planned = {day: 1 for day in days(MONDAY, 7)}  # every day this week
    done = {MONDAY: 1}
    week = weekly_adherence(planned, done, TODAY, weeks=1)[0]
    assert (week.done, week.planned) == (1, 2)  # Monday and Tuesday; today is still open
    done[TODAY] = 1
    week = weekly_adherence(planned, done, TODAY, weeks=1)[0]
    assert (week.done, week.planned) == (2, 3)


def test_a_paused_week_reads_as_nothing_planned():
    planned = {day: 1 for day in days(MONDAY - timedelta(weeks=3), 7)}
    planned.update({day: 0 for day in days(MONDAY - timedelta(weeks=2), 7)})
    weeks = weekly_adherence(planned, {}, TODAY, weeks=4)
    assert [w.ratio for w in weeks] == [0.0, None, None, None]


def test_all_weeks_go_back_to_the_first_scheduled_week():
    planned = {date(2026, 10, 1): 1}
    weeks = weekly_adherence(planned, {date(2026, 10, 1): 1}, TODAY, weeks=None)
    assert weeks[0].week_start == date(2026, 9, 28)
    assert weeks[-1].week_start == MONDAY
    assert len(weeks) == 8


def test_adherence_of_empty_data_is_all_nothing_planned():
    weeks = weekly_adherence({}, {}, TODAY, weeks=12)
    assert len(weeks) == 12 and all(w.ratio is None for w in weeks)
    assert weekly_adherence({}, {}, TODAY, weeks=None) == [weekly_adherence({}, {}, TODAY, weeks=1)[0]]


# Weekly sums


def test_weekly_totals_add_minutes_and_count_sessions():
    sessions = [(MONDAY, 600), (MONDAY, 330), (TODAY, 900), (MONDAY - timedelta(days=1), 1200)]
    totals = weekly_totals(per_day(sessions), TODAY, weeks=3)
    assert [(t.week_start, t.minutes, t.sessions) for t in totals] == [
        (MONDAY - timedelta(weeks=2), 0, 0),
        (MONDAY - timedelta(weeks=1), 20, 1),
        (MONDAY, 31, 3),  # 1830 s is 30.5 min: half a minute rounds up
    ]


def test_weekly_totals_for_all_time_start_at_the_first_session():
    totals = weekly_totals(per_day([(date(2026, 11, 1), 60)]), TODAY, weeks=None)
    assert [t.week_start for t in totals] == [date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9), MONDAY]


def test_weekly_totals_of_empty_data_are_zeros():
    assert all(t.minutes == 0 and t.sessions == 0 for t in weekly_totals(per_day([]), TODAY, weeks=4))


def test_only_the_week_holding_today_is_so_far():
    planned = {MONDAY - timedelta(days=n): 1 for n in range(10)}
    assert [w.so_far for w in weekly_adherence(planned, {}, TODAY, weeks=3)] == [False, False, True]
    assert [t.so_far for t in weekly_totals(per_day([(MONDAY, 60)]), TODAY, weeks=2)] == [False, True]
    sunday = MONDAY + timedelta(days=6)  # the week's last day is still open until it ends
    assert weekly_totals(per_day([]), sunday, weeks=1)[0].so_far


def test_daily_minutes():
    assert daily_minutes(per_day([(MONDAY, 90), (MONDAY, 30), (TODAY, 1799)]).seconds) == {MONDAY: 2, TODAY: 30}


def test_weekly_means_average_each_weeks_values_to_one_decimal():
    points = [(MONDAY, 2), (TODAY, 3), (MONDAY - timedelta(days=1), 4), (MONDAY - timedelta(days=3), 5)]
    assert weekly_means(points) == [(MONDAY - timedelta(weeks=1), 4.5), (MONDAY, 2.5)]
    assert weekly_means([(MONDAY, 1), (TODAY, 1), (TODAY, 2)]) == [(MONDAY, 1.3)]
    assert weekly_means([]) == []


def test_week_starts_end_with_this_week():
    assert week_starts(TODAY, 2) == [MONDAY - timedelta(weeks=1), MONDAY]


# Pain


def test_pain_series_average_each_day_and_drop_old_points():
    points = [
        (TODAY - timedelta(days=100), 9, 9),
        (TODAY - timedelta(days=3), 6, 4),
        (TODAY - timedelta(days=3), 4, None),
        (TODAY, None, 3),
    ]
    trend = pain_trend(points, TODAY)
    assert trend.before == [(TODAY - timedelta(days=3), 5.0)]
    assert trend.after == [(TODAY - timedelta(days=3), 4.0), (TODAY, 3.0)]
    assert trend.slope is None and not trend.rising  # too few points to call a trend


def test_pain_after_rising_over_two_weeks_is_flagged():
    points = [(TODAY - timedelta(days=12 - 2 * n), 3, 2 + n) for n in range(7)]
    trend = pain_trend(points, TODAY)
    assert trend.slope == pytest.approx(0.5)
    assert trend.rising


def test_flat_or_falling_pain_is_not_rising():
    flat = [(TODAY - timedelta(days=n), 4, 4) for n in range(10)]
    falling = [(TODAY - timedelta(days=n), 4, 2 + n // 3) for n in range(10)]
    assert not pain_trend(flat, TODAY).rising
    assert not pain_trend(falling, TODAY).rising
    assert pain_trend(flat, TODAY).slope == 0


def test_a_rise_older_than_two_weeks_does_not_count():
    points = [(TODAY - timedelta(days=40 - n), 3, n // 4) for n in range(20)]
    points += [(TODAY - timedelta(days=n), 3, 3) for n in range(4)]
    assert not pain_trend(points, TODAY).rising


def test_three_rising_points_are_enough():
    points = [(TODAY - timedelta(days=4), 3, 2), (TODAY - timedelta(days=2), 3, 3), (TODAY, 3, 4)]
    assert pain_trend(points, TODAY).rising


def test_empty_pain_data():
    trend = pain_trend([], TODAY)
    assert trend.empty and trend.slope is None and not trend.rising


# One move


def test_a_held_move_gives_seconds_per_day():
    series = move_series([(MONDAY, "hold", 60, None), (MONDAY, "hold", 30, None), (TODAY, "hold", 90, None)])
    assert series.unit == "seconds"
    assert series.points == [(MONDAY, 90), (TODAY, 90)]


def test_a_reps_move_gives_reps_per_day():
    series = move_series([(TODAY, "reps", 80, 20), (MONDAY, "reps", 40, 10)])
    assert (series.unit, series.points) == ("reps", [(MONDAY, 10), (TODAY, 20)])


def test_a_move_whose_measure_changed_follows_the_latest():
    series = move_series([(MONDAY, "hold", 60, None), (TODAY, "reps", 40, 12)])
    assert series.points == [(TODAY, 12)]


def test_a_move_never_done():
    assert move_series([]).points == []


# Properties

day_counts = st.dictionaries(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)), st.integers(min_value=0, max_value=3)
)


@given(planned=day_counts, done=day_counts, today=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 31)))
def test_adherence_is_always_between_0_and_1(planned, done, today):
    for week in weekly_adherence(planned, done, today, weeks=None):
        assert week.ratio is None or 0 <= week.ratio <= 1
        assert 0 <= week.done <= week.planned
        assert (week.ratio is None) == (week.planned == 0)


@given(planned=day_counts, done=day_counts, today=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 31)))
def test_the_current_streak_never_exceeds_the_longest(planned, done, today):
    result = streaks(planned, done, today)
    assert 0 <= result.current <= result.longest


@given(done=day_counts, today=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 31)))
def test_doing_today_never_shortens_the_current_streak(done, today):
    before = streaks({}, done, today).current
    assert streaks({}, {**done, today: 1}, today).current >= before


@given(
    sessions=st.lists(
        st.tuples(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 7200))
    ),
    weeks=st.integers(min_value=1, max_value=60),
)
def test_weekly_totals_cover_consecutive_mondays(sessions, weeks):
    totals = weekly_totals(per_day(sessions), date(2026, 12, 31), weeks=weeks)
    assert len(totals) == weeks
    assert all(t.week_start.weekday() == 0 for t in totals)
    assert all(b.week_start - a.week_start == timedelta(days=7) for a, b in itertools.pairwise(totals))


# Periods and counting


def test_sessions_per_day_counts_each_session():
    assert sessions_per_day([MONDAY, TODAY, MONDAY]) == {MONDAY: 2, TODAY: 1}


def test_periods_from_the_url():
    assert period_for("4w").weeks == 4
    assert period_for("all").weeks is None
    assert period_for("nonsense") == period_for(None) == period_for("12w")


def test_period_starts():
    assert period_start(period_for("4w"), TODAY, None) == MONDAY - timedelta(weeks=3)
    assert period_start(period_for("12m"), TODAY, None).weekday() == 0
    assert period_start(period_for("all"), TODAY, date(2021, 5, 3)) == date(2021, 5, 3)
    assert period_start(period_for("all"), TODAY, None) == TODAY
