"""For the physiotherapist, in real Chromium: name three activities and rate them, be asked again on
Today two weeks later, see History call the change real, share the report, open the link in a fresh
browser with no login, turn it off and find a 404.

The two weeks pass on both clocks: the server's "today" (LIMBER_TODAY_OVERRIDE, see
routines.dates) and the page's (Playwright's clock). Nothing waits on real time.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

from playwright.sync_api import expect

from accounts.models import User

from .conftest import PHONE
from .helpers import assert_accessible

FIRST_DAY = date(2026, 3, 4)
TWO_WEEKS_LATER = FIRST_DAY + timedelta(days=14)
ACTIVITIES = ["Sitting through a film", "Putting on socks", "Walking to the shops"]


def morning(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=UTC)


def rate(page, ratings: list[int]) -> None:
    """Pick one number for each activity: a tap per activity, then save."""
    for activity, rating in zip(ACTIVITIES, ratings, strict=True):
        group = page.get_by_role("group", name=activity)
        group.get_by_label(str(rating), exact=True).check()
    page.get_by_role("button", name="Save my ratings").click()


def test_rate_be_asked_again_see_the_change_share_and_revoke(browser, page, live_server, live_settings):
    live_settings.LIMBER_TESTING = True
    live_settings.LIMBER_TODAY_OVERRIDE = FIRST_DAY
    page.clock.install(time=morning(FIRST_DAY))
    User.objects.create_user("alice", "alice@example.com", "correct-horse-battery-staple", timezone="Europe/London")

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in").click()

    # History, first use: name three activities, then rate them.
    page.get_by_role("link", name="History").click()
    page.get_by_role("link", name="Name your activities").click()
    for number, name in enumerate(ACTIVITIES, start=1):
        page.get_by_label(re.compile(rf"^Activity {number}")).fill(name)
    page.get_by_role("button", name="Save activities").click()
    expect(page.get_by_text("Activities saved.")).to_be_visible()
    assert_accessible(page)
    rate(page, [2, 3, 4])
    expect(page.get_by_text("Saved: your score today is 3 out of 10.")).to_be_visible()

    # The next days Today does not ask; two weeks later it does, with the same three activities.
    page.get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", name="How are your activities going?")).to_have_count(0)
    live_settings.LIMBER_TODAY_OVERRIDE = TWO_WEEKS_LATER
    page.clock.set_system_time(morning(TWO_WEEKS_LATER))
    page.reload()
    prompt = page.locator("#psfs-prompt")
    expect(prompt.get_by_role("heading", name="How are your activities going?")).to_be_visible()
    for activity in ACTIVITIES:
        expect(prompt.get_by_role("group", name=activity)).to_be_visible()
    assert_accessible(page)
    rate(page, [5, 6, 7])
    expect(page.get_by_text("Saved: your score today is 6 out of 10.")).to_be_visible()
    expect(page.locator("#psfs-prompt")).to_have_count(0)

    # History says in plain words that this is a real change.
    page.get_by_role("link", name="History").click()
    words = page.locator("#psfs-words")
    expect(words).to_contain_text("Your score went up 3 points, from 3 on 4 Mar 2026 to 6 on 18 Mar 2026.")
    expect(words).to_contain_text("a real change for the better")
    assert_accessible(page)

    # Share with the physio: a link shown once, to copy.
    page.get_by_role("link", name="Share with my physio").click()
    expect(page.get_by_role("heading", name="Share with your physio", level=1)).to_be_visible()
    page.get_by_label("30 days").check()
    page.get_by_label("Show my name").check()
    page.get_by_role("button", name="Make the link").click()
    expect(page.get_by_text("Link made.")).to_be_visible()
    link = page.get_by_label("Copy it and send it to your physiotherapist").input_value()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/history/shared/[A-Za-z0-9_-]{{43}}/", link), link
    expect(page.locator("#share-last-opened")).to_have_text("Not opened yet")
    assert_accessible(page)

    # The physio's browser: nothing of Alice's session, a phone-sized screen.
    physio = browser.new_context(viewport=PHONE)
    physio_page = physio.new_page()
    physio_page.clock.install(time=morning(TWO_WEEKS_LATER))
    response = physio_page.goto(link)
    assert response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(physio_page.get_by_role("heading", name="alice", level=1)).to_be_visible()
    expect(physio_page.get_by_role("link", name="Log in")).to_have_count(0)
    expect(physio_page.locator("#report-psfs-words")).to_contain_text(
        "Latest change: 3 on 4 Mar 2026 → 6 on 18 Mar 2026 (+3), a real change"
    )
    expect(physio_page.locator("#report-psfs-table")).to_contain_text(
        "Sitting through a film: 5; Putting on socks: 6; Walking to the shops: 7"
    )
    assert_accessible(physio_page)

    # The owner sees it was opened, turns it off; the physio's next look finds nothing.
    page.reload()
    expect(page.locator("#share-last-opened")).not_to_have_text("Not opened yet")
    page.get_by_role("button", name="Turn the link off").click()
    expect(page.get_by_text("Link turned off.")).to_be_visible()
    expect(page.get_by_role("button", name="Make the link")).to_be_visible()
    assert physio_page.reload().status == 404
    physio.close()
