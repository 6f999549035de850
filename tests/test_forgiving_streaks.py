"""A planned day on which the person did another session instead (the flare-day routine on a bad
day, say) counts as done: on Today's week line, the calendar, and history's streak and adherence."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from routines import history_page, progress
from routines.plan import DONE, INSTEAD, MISSED, PARTLY, day_status, planned_statuses

from .factories import TODAY, make_routine, make_schedule, session_on

pytestmark = pytest.mark.usefixtures("fixed_today")
MONDAY = TODAY - timedelta(days=2)


class S:
    def __init__(self, routine_id, completed=True):
        self.routine_id, self.completed = routine_id, completed


def test_another_finished_session_stands_in_for_the_planned_routine():
    assert planned_statuses({1}, [S(2)]) == {1: INSTEAD}
    assert day_status(MONDAY, TODAY, {1}, [S(2)]) == INSTEAD
    assert day_status(MONDAY, TODAY, {1}, [S(None)]) == INSTEAD  # a session of free moves
    assert day_status(MONDAY, TODAY, {1}, [S(1)]) == DONE


def test_one_other_session_stands_in_for_one_planned_routine_only():
    assert planned_statuses({1, 2}, [S(3)]) == {1: INSTEAD, 2: "todo"}
    assert day_status(MONDAY, TODAY, {1, 2}, [S(3)]) == PARTLY
    assert day_status(MONDAY, TODAY, {1, 2}, [S(3), S(4)]) == INSTEAD
    assert day_status(MONDAY, TODAY, {1, 2}, [S(1), S(3)]) == INSTEAD


def test_a_session_ended_early_does_not_stand_in():
    assert day_status(MONDAY, TODAY, {1}, [S(2, completed=False)]) == MISSED


@pytest.fixture
def planned_and_flare_day(alice):
    planned = make_routine(alice, "Runner's hips")
    flare = make_routine(alice, "Flare-day minimum")
    make_schedule(alice, planned, MONDAY)
    session_on(alice, flare, MONDAY).save()  # Monday: the flare-day routine instead
    session_on(alice, planned, MONDAY + timedelta(days=1)).save()  # Tuesday: as planned
    return planned, flare


def day_cell(html: str, day: date) -> str:
    start = html.index(f"day={day.isoformat()}")
    return html[html.rindex("<td", 0, start) : html.index("</td>", start)]


def test_the_calendar_shows_the_day_as_done_another_way(alice_client, planned_and_flare_day):
    html = alice_client.get(reverse("calendar:month"), {"month": "2026-03"}).content.decode()
    monday = day_cell(html, MONDAY)
    assert "status-instead" in monday and "Done another way" in monday
    assert "status-missed" not in monday
    assert "status-done" in day_cell(html, MONDAY + timedelta(days=1))


def test_todays_week_line_counts_it_done(alice_client, planned_and_flare_day):
    html = alice_client.get(reverse("today:index")).content.decode()
    assert "<strong>2 of 3</strong> planned sessions done this week" in html


def test_historys_streak_and_adherence_count_it_too(alice, planned_and_flare_day):
    days = history_page.load(alice, MONDAY, TODAY)
    planned, done = days.planned, days.totals.done
    assert progress.streaks(planned, done, TODAY).current == 2
    assert progress.missed_days(planned, done, TODAY) == set()


def test_the_heat_map_marks_the_day_done_another_way(alice_client, planned_and_flare_day):
    html = alice_client.get(reverse("history:index")).content.decode()
    assert "2 Mar 2026: 15 min, planned and done another way" in html
    assert html.count('class="i"') == 2  # the day and the legend
    assert "Done another way" in html
