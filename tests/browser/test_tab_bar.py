"""On a phone the sections are a tab bar at the bottom: five targets, the rest under More."""

from playwright.sync_api import expect

from .helpers import log_in

TABS = ["Today", "Routines", "History", "Library"]
UNDER_MORE = ["Schedule", "Calendar", "Log", "Safety", "Settings"]


def test_a_phone_gets_five_big_tabs_and_the_rest_under_more(phone_page, routine):
    page = phone_page
    log_in(page)
    page.goto("/calendar/")
    bar = page.get_by_role("navigation", name="Sections")
    expect(bar).to_be_visible()
    # The header's rows of links give way to the bar.
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    targets = bar.locator(":scope > ul > li > a, summary")
    assert targets.count() == 5
    for box in targets.evaluate_all("els => els.map(el => [el.textContent.trim(), el.getBoundingClientRect()])"):
        assert box[1]["width"] >= 44 and box[1]["height"] >= 44, box
        assert box[1]["bottom"] <= 844, box
    for name in TABS:
        expect(bar.get_by_role("link", name=name)).to_be_visible()
    more = bar.get_by_text("More")
    more.click()
    for name in UNDER_MORE:
        link = bar.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (name, box)
    expect(bar.get_by_role("link", name="Calendar", exact=True)).to_have_attribute("aria-current", "page")
    bar.get_by_role("link", name="Schedule", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule")
    expect(bar.get_by_role("link", name="Today")).to_be_visible()
    page.get_by_role("navigation", name="Sections").get_by_text("More").click()
    bar.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()


def test_a_desktop_keeps_the_header_and_no_tab_bar(page, routine):
    log_in(page)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("navigation", name="Sections")).to_be_hidden()


def test_the_player_shows_no_tab_bar(phone_page, routine):
    log_in(phone_page)
    phone_page.goto(f"/routines/{routine.pk}/play/")
    expect(phone_page.get_by_role("navigation", name="Sections")).to_be_hidden()
