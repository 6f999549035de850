"""Helpers shared by the browser tests: logging in, the page's clock, the player's check-in, axe-core."""

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

# The password of the browser tests' people (the `person` fixture's "pat" among them).
PASSWORD = "hips-and-backs-2026"


def log_in(page, username: str = "pat", password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would, and wait until it has let them in."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def log_in_by_cookie(page, live_server, user) -> None:
    """Give the page a logged-in session cookie without visiting the login form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def install_clock(page) -> None:
    # In the past, so a saved session is never "in the future" for the server, however far a test runs the clock.
    page.clock.install(time=datetime.now(UTC) - timedelta(minutes=10))


def hold_clock(page) -> None:
    """Stop the page's clock flowing with real time: from here only run_for/fast_forward move it."""
    page.clock.pause_at(datetime.now(UTC) - timedelta(minutes=9))


def check_in(page, routine, pain: int = 3, hold: bool = False) -> None:
    """Answer the check-in clear: the player starts with the tap on "None of these — start".

    With ``hold``, the page's clock stops flowing before that tap, so the player's first second is exact.
    """
    page.goto(f"/routines/{routine.pk}/play/")
    expect(page.locator("html.player-ready")).to_have_count(1)
    if hold:
        hold_clock(page)
    page.get_by_role("radio", name=str(pain), exact=True).check()
    page.get_by_role("button", name="None of these — start").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()


def assert_accessible(page) -> None:
    """Run axe-core on the page and fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in bad
    )
