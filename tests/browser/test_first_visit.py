"""A first visit in real Chromium: sign up, log out, log in, search the library, open a move."""

import re

from playwright.sync_api import expect

from accounts.models import User

from .helpers import assert_accessible


def test_sign_up_log_in_search_and_open_a_move(browser, live_server, live_library):
    context = browser.new_context(base_url=live_server.url, timezone_id="Pacific/Auckland")
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Create a free account").click()

    page.get_by_label("Username").fill("dana")
    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill("hips-and-backs-2026")
    page.get_by_label("Password confirmation").fill("hips-and-backs-2026")
    assert_accessible(page)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="First, do you have any of these with your pain?")).to_be_visible()
    # The browser's own time zone is taken at sign-up.
    assert User.objects.get(username="dana").timezone == "Pacific/Auckland"

    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("hips-and-backs-2026")
    assert_accessible(page)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto("/library/")
    cards = page.locator(".cards > li")
    expect(cards.first).to_be_visible()
    total = cards.count()
    assert total >= 20
    assert_accessible(page)

    # Typing filters live through htmx, and the query lands in the URL.
    page.get_by_label("Search moves").fill("bridge")
    expect(cards).to_have_count(1)
    expect(page.locator("#result-count")).to_have_text("1 move matches your search")
    expect(page).to_have_url(re.compile(r"/library/\?(.*&)?q=bridge"))
    page.get_by_role("link", name="Glute bridge").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Glute bridge")
    expect(page.get_by_role("heading", name="Cautions")).to_be_visible()
    expect(page.get_by_role("link", name="When to see a doctor", exact=True)).to_be_visible()
    assert_accessible(page)
    assert errors == []
    context.close()


def test_filters_work_without_javascript(browser, live_server, live_settings, live_library):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/library/")
    page.get_by_label("Position").select_option("kneeling")
    page.get_by_role("button", name="Search").click()
    assert "position=kneeling" in page.url
    positions = page.locator(".cards > li .tag:nth-child(2)").all_inner_texts()
    assert positions and set(positions) == {"Kneeling"}
    context.close()
