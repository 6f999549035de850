"""The first visit on a phone, counted in taps, and the Learn pages, checked with axe at 360 px."""

import re

from playwright.sync_api import expect

from learn.models import Article, FirstVisit
from routines.models import Schedule
from routines.safety import RED_FLAGS

from .helpers import assert_accessible

TAP_BUDGET = 7


def test_sign_up_to_a_session_ready_on_today_in_seven_taps(phone_page, live_library):
    page = phone_page
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill("hips-and-backs-2026")
    page.get_by_label("Password confirmation").fill("hips-and-backs-2026")
    page.get_by_role("button", name="Sign up").tap()

    # Counted from here: every tap from the first question to Today.
    taps = 0

    def tap(locator) -> None:
        nonlocal taps
        taps += 1
        locator.tap()

    expect(page).to_have_url(re.compile(r"/start/$"))
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()
    assert_accessible(page)
    tap(page.get_by_role("button", name="No, none of these"))

    expect(page).to_have_url(re.compile(r"/start/questions/$"))
    assert_accessible(page)
    tap(page.get_by_label("Low back"))
    tap(page.get_by_label("Sitting a long time"))
    tap(page.get_by_label("4", exact=True))
    tap(page.get_by_label("A mat"))
    # Each answer is saved as it is tapped, and the suggestion below follows it.
    answer = page.locator("#answer")
    expect(answer.get_by_role("heading", name="Gentle 10-minute hip mobility")).to_be_visible()
    expect(answer).to_contain_text("These are possibilities, not a diagnosis")
    expect(answer.get_by_role("link", name=re.compile("sacroiliac"))).to_be_visible()
    expect(answer).to_contain_text("Lying knees-to-chest stretch (needs a pillow)")
    assert_accessible(page)
    tap(answer.get_by_role("button", name=re.compile("^Copy")))

    expect(page).to_have_url(re.compile(r"/start/schedule/$"))
    expect(page.get_by_label(re.compile(r"\(today\)"))).to_be_checked()
    assert_accessible(page)
    tap(page.get_by_role("button", name="Schedule it"))

    expect(page).to_have_url(re.compile(r"/today/$"))
    due = page.get_by_role("list", name="Due today")
    expect(due.get_by_role("heading", name="Gentle 10-minute hip mobility")).to_be_visible()
    expect(due.get_by_role("link", name=re.compile("^Start"))).to_be_visible()
    assert_accessible(page)
    assert taps <= TAP_BUDGET, f"{taps} taps from sign-up to Today"

    visit = FirstVisit.objects.get(user__username="robin")
    assert (visit.areas, visit.worse, visit.pain, visit.equipment) == (["low-back"], ["sitting"], 4, ["mat"])
    assert Schedule.objects.get(user__username="robin").routine == visit.routine


def test_a_red_flag_stops_the_first_visit(phone_page, live_library, django_user_model):
    django_user_model.objects.create_user("kim", "kim@example.com", "hips-and-backs-2026")
    page = phone_page
    page.goto("/accounts/login/?next=/start/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill("hips-and-backs-2026")
    page.get_by_role("button", name="Log in").tap()
    page.get_by_label(RED_FLAGS[0].question, exact=True).tap()
    page.get_by_role("button", name="I have what I ticked").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(RED_FLAGS[0].tier.title)
    expect(page.get_by_text("suggests no routine")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Copy"))).to_have_count(0)
    assert_accessible(page)


def test_every_learn_page_is_accessible_and_fits_a_360_px_phone(browser, live_server, live_library):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    urls = ["/learn/", *(article.get_absolute_url() for article in Article.objects.all())]
    for url in urls:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{url} scrolls sideways"
        assert_accessible(page)
    page.emulate_media(media="print")
    page.goto(urls[1])
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    context.close()
