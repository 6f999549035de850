"""The 12-month calendar on History as a phone shows it: labels big enough to read, done days
that stand out from empty ones in light and dark, missed days a thin stroke over an empty cell.

Measured in real Chromium from what it rendered (the text's size on screen, the cells'
computed fill colours), not from the CSS file.
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from routines.models import Session
from tests.factories import make_schedule, session_on

from .conftest import PHONE
from .helpers import log_in

# Each label's font size and box height on screen, and each shade's computed fill.
MEASURE = """() => {
    const svg = document.querySelector("#calendar-chart");
    const scale = svg.getScreenCTM().a;
    const labels = [...svg.querySelectorAll("text")].map(t => ({
        text: t.textContent,
        size: parseFloat(getComputedStyle(t).fontSize) * scale,
        height: t.getBoundingClientRect().height,
    }));
    const fills = {};
    for (const level of [0, 1, 2, 3, 4]) {
        const cell = svg.querySelector(`rect.h${level}`);
        if (cell) fills[level] = getComputedStyle(cell).fill;
    }
    const missed = svg.querySelector("path.m");
    return {width: svg.getBoundingClientRect().width, labels, fills,
            missedStroke: missed && parseFloat(getComputedStyle(missed).strokeWidth) * scale};
}"""


def luminance(rgb: str) -> float:
    channels = [int(part) / 255 for part in rgb.removeprefix("rgb(").removesuffix(")").split(",")[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def a_month_of_sessions(routine):
    """Pat: planned every day for four weeks, done on most of them, from 5 minutes (the palest shade) to 45."""
    today = date.today()
    make_schedule(routine.owner, routine, today - timedelta(days=28))
    sessions = []
    for back, minutes in zip(range(27, 0, -1), [5, 12, 25, 45] * 7, strict=False):
        if back % 6 == 0:
            continue  # missed
        session = session_on(routine.owner, routine, today - timedelta(days=back))
        session.duration_seconds = minutes * 60
        sessions.append(session)
    Session.objects.bulk_create(sessions)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_calendar_reads_on_a_phone(browser, live_server, live_settings, a_month_of_sessions, scheme):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, has_touch=True, is_mobile=True, color_scheme=scheme
    )
    page = context.new_page()
    log_in(page)
    page.goto("/history/")
    expect(page.locator("#calendar-chart")).to_be_visible()
    found = page.evaluate(MEASURE)
    context.close()

    small = [label for label in found["labels"] if label["size"] < 12 or label["height"] < 12]
    assert not small, f"labels under 12 px in a {found['width']:.0f}-px chart: {small}"
    fills = {int(level): fill for level, fill in found["fills"].items()}
    assert set(fills) == {0, 1, 2, 3, 4}, fills
    for level in (1, 2, 3, 4):
        assert contrast(fills[level], fills[0]) >= 3, f"shade {level} {fills[level]} against empty {fills[0]}"
    assert 0 < found["missedStroke"] < 2  # a thin stroke, not a block of red
