"""Every main page on a phone: each control a 44×44 px target, and nothing wider than the screen.

A link inside a sentence (other text around it in the same block) is left out of the target
check, as WCAG 2.5.5 allows. A tick box or radio counts by its label, which is what is tapped.
"""

import uuid
from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect

from routines.models import Exercise, Schedule, Session

from .conftest import PHONE
from .helpers import assert_accessible, log_in

PAGES = [
    "/today/",
    "/routines/",
    "/routines/{routine}/",
    "/routines/{routine}/edit/",
    "/routines/{routine}/play/",
    "/routines/new/",
    "/routines/starters/",
    "/schedule/",
    "/calendar/",
    "/history/",
    "/sessions/",
    "/sessions/new/",
    "/library/",
    "/library/{move}/",
    "/safety/",
    "/learn/",
    "/start/",
    "/accounts/settings/",
]
SIGNED_OUT = ["/", "/accounts/login/", "/accounts/signup/"]

# Every box a control is tapped by, with its name; links inside a sentence are left out.
TARGETS = """() => {
    const shown = el => {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1 || r.right <= 0) return false;  // visually hidden, the skip link
        return getComputedStyle(el).visibility !== "hidden" && el.closest("[hidden], .visually-hidden") === null;
    };
    const inSentence = a => {
        const block = a.parentElement.closest("p, li, dd, td, span.helptext, div.helptext, .muted, small, label");
        if (!block) return false;
        const around = block.textContent.replace(a.textContent, "").replace(/[\\s·.,;:()]/g, "");
        return around.length > 0 && getComputedStyle(a).display === "inline";
    };
    const name = el => (el.getAttribute("aria-label") || el.textContent || el.value || el.name || "")
        .trim().slice(0, 40);
    const found = [];
    for (const el of document.querySelectorAll("a[href], button, select, textarea, summary, input")) {
        if (el.type === "hidden" || !shown(el)) continue;
        if (el.tagName === "A" && inSentence(el)) continue;
        let box = el.getBoundingClientRect();
        if (el.type === "checkbox" || el.type === "radio") {
            const label = el.closest("label") || (el.id && document.querySelector(`label[for="${el.id}"]`));
            if (label) box = label.getBoundingClientRect();
        }
        found.push({tag: el.tagName.toLowerCase(), name: name(el), width: box.width, height: box.height});
    }
    return found;
}"""


@pytest.fixture
def paths(routine):
    """Pat, with a schedule, a session with pain scores and a move: every page has something to show."""
    user = routine.owner
    Schedule.objects.create(
        user=user, routine=routine, start_date=date.today() - timedelta(days=10), weekdays=127, time_of_day=time(7, 30)
    )
    session = Session.objects.create(
        user=user,
        client_id=uuid.uuid4(),
        routine=routine,
        routine_name=routine.name,
        started_at=_now(-1),
        ended_at=_now(-1) + timedelta(minutes=8),
        local_date=date.today() - timedelta(days=1),
        duration_seconds=446,
        completed=True,
        pain_before=4,
        pain_after=3,
    )
    return {"routine": routine.pk, "move": Exercise.objects.get(slug="glute-bridge").slug, "session": session.pk}


def _now(days: int):
    from django.utils import timezone

    return timezone.now() + timedelta(days=days)


def _context(browser, live_server, width: int, scheme: str = "light"):
    return browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": PHONE["height"]},
        has_touch=True,
        is_mobile=True,
        color_scheme=scheme,
        service_workers="block",
    )


def test_every_control_on_every_page_is_a_44_px_target_on_a_phone(browser, live_server, live_settings, paths):
    context = _context(browser, live_server, PHONE["width"])
    page = context.new_page()
    small = []
    for path in SIGNED_OUT:
        page.goto(path)
        small += [(path, t) for t in page.evaluate(TARGETS) if t["width"] < 44 or t["height"] < 44]
    log_in(page)
    for path in PAGES:
        page.goto(path.format(**paths))
        expect(page.locator("h1").first).to_be_visible()
        targets = page.evaluate(TARGETS)
        assert targets, path
        small += [(path, t) for t in targets if t["width"] < 44 or t["height"] < 44]
    context.close()
    assert not small, "\n".join(
        f"{path}: {t['tag']} “{t['name']}” {t['width']:.0f}×{t['height']:.0f}" for path, t in small
    )


# The page's width, and the innermost elements sticking out past the screen's right edge.
WIDTH = """() => [document.documentElement.scrollWidth, [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5)
    .slice(0, 5).map(el => `${el.tagName.toLowerCase()}.${el.className} “${el.textContent.trim().slice(0, 30)}”`)]"""


@pytest.mark.parametrize("width", [320, 360, 390])
def test_no_page_is_wider_than_a_phone(browser, live_server, live_settings, paths, width):
    context = _context(browser, live_server, width)
    page = context.new_page()
    wide = []
    for path in SIGNED_OUT:
        page.goto(path)
        wide += [(path, page.evaluate(WIDTH))]
    log_in(page)
    for path in PAGES:
        page.goto(path.format(**paths))
        expect(page.locator("h1").first).to_be_visible()
        wide += [(path, page.evaluate(WIDTH))]
    context.close()
    assert [(path, w) for path, (w, _) in wide if w > width] == [], [(p, out) for p, (w, out) in wide if w > width]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_is_axe_clean_in_light_and_dark(browser, live_server, live_settings, paths, scheme):
    context = _context(browser, live_server, PHONE["width"], scheme)
    page = context.new_page()
    log_in(page)
    for path in PAGES:
        page.goto(path.format(**paths))
        expect(page.locator("h1").first).to_be_visible()
        try:
            assert_accessible(page)
        except AssertionError as error:
            raise AssertionError(f"{path} ({scheme}): {error}") from None
    context.close()
