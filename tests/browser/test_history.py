"""A person with a year of history opens their progress, switches the period and picks a move.

The numbers on the page are checked against what the database says, computed here
independently of the view (sessions counted with the ORM, the streak with
routines.progress from the stored schedule and sessions).
"""

import re
from datetime import timedelta

from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import expect

from accounts.models import User
from routines import progress
from routines.dates import user_today
from routines.models import Schedule, Session, SessionMove

from .helpers import assert_accessible, log_in


def days_word(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def test_progress_numbers_match_the_database(page, live_library):
    call_command("seed_demo", years=1, verbosity=0)
    demo = User.objects.get(username="demo")
    today = user_today(demo)
    sessions = Session.objects.filter(user=demo)
    done = dict(sessions.values_list("local_date").annotate(n=Count("id")))
    planned: dict = {}
    for schedule in Schedule.objects.filter(user=demo):
        for day in schedule.due_dates(min(done), today):
            planned[day] = planned.get(day, 0) + 1
    streaks = progress.streaks(planned, done, today)

    log_in(page, "demo", "demo-password-1")
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="Your progress", level=1)).to_be_visible()
    expect(page.locator("#current-streak")).to_have_text(days_word(streaks.current))
    expect(page.locator("#longest-streak")).to_have_text(days_word(streaks.longest))
    expect(page.locator("#total-sessions")).to_have_text(str(sessions.count()))
    twelve_weeks = progress.week_starts(today, 12)[0]
    expect(page.locator("#period-sessions")).to_have_text(str(sessions.filter(local_date__gte=twelve_weeks).count()))
    assert_accessible(page)

    # Switch the period: the charts change in place (no page load) and the URL keeps the choice.
    page.evaluate("window.stillHere = true")
    page.get_by_role("link", name="4 weeks").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/history/\?period=4w"))
    expect(page.get_by_role("link", name="4 weeks")).to_be_focused()  # keyboard focus survives the swap
    expect(page.get_by_role("link", name="4 weeks")).to_have_attribute("aria-current", "true")
    four_weeks = progress.week_starts(today, 4)[0]
    expect(page.locator("#period-sessions")).to_have_text(str(sessions.filter(local_date__gte=four_weeks).count()))
    assert page.evaluate("window.stillHere") is True

    # Pick a move: only its chart is swapped, and its summary counts the days it was done.
    moves = SessionMove.objects.filter(session__user=demo, skipped=False)
    name = "Glute bridge"
    move = moves.filter(name=name).values_list("exercise_id", flat=True).first()
    page.get_by_label("Move", exact=True).select_option(label=name)
    expect(page.locator("#move-name")).to_have_text(name)
    expect(page).to_have_url(re.compile(rf"move={move}"))
    expect(page).to_have_url(re.compile(r"period=4w"))
    days = moves.filter(exercise_id=move, session__local_date__gte=four_weeks).values("session__local_date").distinct()
    expect(page.locator("#move-history .chart-summary")).to_contain_text(f"done on {days.count()} days")
    assert page.evaluate("window.stillHere") is True
    assert_accessible(page)

    # The report covers the last four weeks by default and counts the same sessions.
    page.get_by_role("link", name="History").click()
    page.get_by_role("link", name="Report for your clinician").click()
    start = today - timedelta(days=27)
    expect(page.locator("#report-sessions")).to_have_text(str(sessions.filter(local_date__gte=start).count()))
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert_accessible(page)
    assert not page.console_errors


def test_the_history_page_fits_a_small_phone_on_every_period(browser, live_server, live_settings, live_library):
    call_command("seed_demo", years=0.25, verbosity=0)
    for width in (320, 390):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
        page = context.new_page()
        log_in(page, "demo", "demo-password-1")
        for period in ("4w", "12w", "12m", "all"):
            page.goto(f"/history/?period={period}")
            expect(page.locator("#period-charts")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, period)
        context.close()
