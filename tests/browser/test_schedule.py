"""Plan a routine for today, see it on Today and in the calendar, and watch the day turn "missed".

The server decides what "today" is, so the test moves the day forward with
the test-only LIMBER_TODAY_OVERRIDE (see routines/dates.py); the pages show
no dates computed in the browser, so Playwright's clock is not needed.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import User
from routines.models import Schedule
from tests.factories import make_routine

from .helpers import PASSWORD, assert_accessible, log_in

DAY = date(2026, 3, 4)  # a Wednesday


@pytest.fixture
def today_is(live_settings):
    live_settings.LIMBER_TESTING = True

    def set_today(day: date) -> None:
        live_settings.LIMBER_TODAY_OVERRIDE = day

    set_today(DAY)
    return set_today


@pytest.fixture
def erin(transactional_db):
    user = User.objects.create_user("erin", "erin@example.com", PASSWORD, timezone="Europe/London")
    make_routine(user, "Morning hips")
    return user


def nav(page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def day_cell(page, day: date):
    return page.locator(f'.month-grid a[href*="day={day.isoformat()}"]')


def test_a_schedule_for_today_shows_on_today_and_turns_missed_tomorrow(page, erin, today_is):
    log_in(page, "erin")
    expect(page.get_by_text("Nothing planned yet")).to_be_visible()

    nav(page, "Schedule").click()
    page.get_by_label("Routine").select_option(label="Morning hips")
    # Today's weekday is ticked already; make it only today's.
    expect(page.get_by_role("checkbox", name="Wednesday")).to_be_checked()
    page.get_by_label("Time (optional)").fill("07:30")
    assert_accessible(page)
    page.get_by_role("button", name="Add to schedule").click()
    expect(page.locator(".message")).to_contain_text("Scheduled “Morning hips”: wed.")
    expect(page.locator(".schedule-card")).to_have_count(1)
    expect(page.locator(".schedule-card")).to_contain_text("Due today")
    schedule = Schedule.objects.get(user=erin)
    assert schedule.start_date == DAY

    nav(page, "Today").click()
    card = page.locator(".today-card")
    expect(card).to_contain_text("Morning hips")
    expect(card).to_contain_text("To do")
    expect(card.get_by_role("link", name="Start Morning hips")).to_have_attribute(
        "href", f"/routines/{schedule.routine_id}/play/"
    )
    expect(page.locator("#week-line")).to_have_text("0 of 1 planned session done this week")
    assert_accessible(page)

    nav(page, "Calendar").click()
    expect(page.get_by_role("heading", name="March 2026")).to_be_visible()
    cell = day_cell(page, DAY)
    expect(cell).to_have_attribute("aria-current", "date")
    expect(cell).to_contain_text("Planned")
    assert_accessible(page)

    # Nothing was done, and the clock moves on to Thursday.
    today_is(DAY + timedelta(days=1))
    page.reload()
    expect(day_cell(page, DAY)).to_contain_text("Missed")
    expect(day_cell(page, DAY + timedelta(days=1))).to_have_attribute("aria-current", "date")

    # The day opens its plan in the panel through htmx, and the address follows.
    day_cell(page, DAY).click()
    panel = page.locator("#day-panel")
    expect(panel.get_by_role("heading", name="Wednesday 4 March")).to_be_visible()
    expect(panel).to_contain_text("Missed")
    expect(panel).to_contain_text("No session logged this day.")
    expect(page).to_have_url(re.compile(r"day=2026-03-04"))

    nav(page, "Today").click()
    expect(page.get_by_text("Nothing is planned for today")).to_be_visible()
    assert page.console_errors == []


def test_months_change_through_htmx_and_edits_happen_in_place(page, erin, today_is):
    routine = erin.routines.get()
    Schedule.objects.create(user=erin, routine=routine, weekdays=127, start_date=DAY)
    log_in(page, "erin")
    page.goto("/calendar/")
    page.get_by_role("link", name="Next month").click()
    expect(page.get_by_role("heading", name="April 2026")).to_be_visible()
    expect(page).to_have_url(re.compile(r"month=2026-04"))
    page.get_by_role("link", name="Back to this month").click()
    expect(page.get_by_role("heading", name="March 2026")).to_be_visible()

    page.goto("/schedule/")
    page.get_by_role("link", name="Edit Morning hips").click()
    expect(page.get_by_role("heading", name="Change “Morning hips”")).to_be_visible()
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.locator(".schedule-card").get_by_role("checkbox", name=name).uncheck()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".schedule-card")).to_contain_text("Weekends")

    page.get_by_role("button", name="Pause Morning hips").click()
    expect(page.locator(".schedule-card")).to_contain_text("Paused since 4 Mar")
    assert_accessible(page)  # a paused card stays readable
    page.get_by_role("button", name="Resume Morning hips").click()
    expect(page.locator(".schedule-card")).not_to_contain_text("Paused since")
    expect(page.locator(".schedule-card")).to_contain_text("Weekends")
    assert_accessible(page)


def test_a_schedule_with_no_day_is_refused_in_place(page, erin, today_is):
    log_in(page, "erin")
    page.goto("/schedule/")
    page.get_by_label("Routine").select_option(label="Morning hips")
    page.get_by_role("checkbox", name="Wednesday").uncheck()
    page.get_by_role("button", name="Add to schedule").click()
    expect(page.get_by_text("Choose at least one day of the week.")).to_be_visible()
    assert not Schedule.objects.exists()
    assert_accessible(page)


def test_the_calendar_is_a_compact_list_on_a_phone(phone_page, erin, today_is):
    routine = erin.routines.get()
    Schedule.objects.create(user=erin, routine=routine, weekdays=127, start_date=DAY)
    page = phone_page
    log_in(page, "erin")
    page.goto("/calendar/")
    expect(page.locator(".month-grid")).to_be_hidden()
    today_row = page.locator(".month-list li.is-today")
    expect(today_row.locator(".list-date")).to_have_text("Wed 4 today")
    expect(today_row).to_contain_text("Planned")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    # A small phone and the longest month name: the name goes above the buttons.
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/calendar/?month=2026-09")
    expect(page.get_by_role("heading", name="September 2026")).to_be_visible()
    box = page.get_by_role("link", name="Next month").bounding_box()
    assert box["x"] + box["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
