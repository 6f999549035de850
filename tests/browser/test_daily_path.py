"""The daily path: from Today to a hold counting down in three taps, with nothing to scroll.

Each tap is made where the control already is on the screen (a touch on a phone, a click on a
desktop), never with Playwright's scroll-into-view, so a control below the fold fails the test.
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from routines.models import Schedule
from routines.recurrence import EVERY_DAY

from .conftest import DESKTOP, PHONE
from .helpers import hold_clock, install_clock, log_in


class Taps:
    """Taps on controls that must already be on screen, counted."""

    def __init__(self, page, touch: bool) -> None:
        self.page, self.touch, self.count = page, touch, 0

    def tap(self, locator) -> None:
        expect(locator).to_be_visible()
        box = locator.bounding_box()
        size = self.page.viewport_size
        assert self.page.evaluate("() => window.scrollY") == 0, "the page was scrolled"
        assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], f"tap {self.count + 1} is off screen"
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], f"tap {self.count + 1} is off screen"
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if self.touch:
            self.page.touchscreen.tap(x, y)
        else:
            self.page.mouse.click(x, y)
        self.count += 1


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_three_taps_from_today_to_a_hold_counting_down(browser, live_server, live_settings, routine, viewport):
    Schedule.objects.create(
        user=routine.owner, routine=routine, weekdays=EVERY_DAY, start_date=date.today() - timedelta(days=7)
    )
    phone = viewport == PHONE
    context = browser.new_context(base_url=live_server.url, viewport=viewport, has_touch=phone, is_mobile=phone)
    page = context.new_page()
    install_clock(page)
    log_in(page)
    page.goto("/today/")
    taps = Taps(page, touch=phone)

    taps.tap(page.get_by_role("link", name="Start Morning hips"))
    expect(page.locator("html.player-ready")).to_have_count(1)
    hold_clock(page)
    taps.tap(page.get_by_role("radio", name="3", exact=True).locator(".."))
    taps.tap(page.get_by_role("button", name="None of these — start"))

    # No second Start: the lead-in names the first move, then the hold counts down by itself.
    expect(page.locator("#check-in")).to_be_hidden()
    expect(page.locator("#phase")).to_have_text("Get ready")
    page.clock.run_for(15_000)
    expect(page.locator("#set-line")).to_have_text("Left side")
    expect(page.locator("#countdown")).to_have_text("30")
    page.clock.run_for(1_000)
    expect(page.locator("#countdown")).to_have_text("29")
    assert taps.count == 3
    context.close()
