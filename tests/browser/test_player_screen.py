"""The player read from a mat: every phase its own colour, word and mark, big type, readable contrast.

The routine is conftest's: a 5 s lead-in, the kneeling hip flexor stretch (position 10 s, 30 s left,
switch 5 s, 30 s right), then glute bridges (next 10 s, 10 reps × 3 s, rest 30 s, 10 reps × 3 s).
Time is Playwright's clock, held still, so each phase is looked at on its exact second.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .helpers import assert_accessible, check_in, install_clock, log_in

# When each phase is on screen, in ms after the tap that starts.
AT = {"ready": 1_000, "hold": 16_000, "switch": 46_000, "reps": 91_000, "rest": 121_000}

LOOK = """() => {
    const player = document.getElementById("player");
    const style = el => getComputedStyle(el);
    const box = id => document.getElementById(id).getBoundingClientRect();
    return {
        bg: style(player).backgroundColor,
        word: document.getElementById("phase").textContent,
        mark2: getComputedStyle(document.getElementById("phase"), "::before").content,
        outline: style(player).outlineStyle,
        colours: ["phase", "move-name", "set-line", "countdown", "reps-line", "next-line", "stop-if", "time-left"]
            .map(id => style(document.getElementById(id)).color),
        sizes: Object.fromEntries(["phase", "move-name", "set-line", "countdown"]
            .map(id => [id, parseFloat(style(document.getElementById(id)).fontSize)])),
        playing: box("playing"),
    };
}"""


def rgb(text: str) -> tuple[float, ...]:
    return tuple(float(part) for part in text[text.index("(") + 1 : text.index(")")].split(",")[:3])


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [c / 255 for c in rgb(colour)]
        r, g, b_ = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(params=["light", "dark"])
def phone(request, browser, live_server, live_settings, routine):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, has_touch=True, is_mobile=True, color_scheme=request.param
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    install_clock(page)
    log_in(page)
    check_in(page, routine, hold=True)
    yield page
    context.close()


def look_at(page, ms_from_start: int, done: dict) -> dict:
    page.clock.run_for(ms_from_start - done["ms"])
    done["ms"] = ms_from_start
    return page.evaluate(LOOK)


def test_each_phase_fills_the_screen_with_its_own_colour_word_and_mark(phone):
    page, done, looks = phone, {"ms": 0}, {}
    for name, ms in AT.items():
        looks[name] = look_at(page, ms, done)
    page.get_by_role("button", name="Pause").click()
    looks["paused"] = page.evaluate(LOOK)

    assert [look["word"] for look in looks.values()] == ["Get ready", "Hold", "Switch sides", "Reps", "Rest", "Paused"]
    # Told apart by colour, and not by colour only: each has its own mark before the word too.
    assert len({look["bg"] for look in looks.values()}) == 6, {k: v["bg"] for k, v in looks.items()}
    assert len({look["mark2"] for look in looks.values()}) == 6, {k: v["mark2"] for k, v in looks.items()}
    assert looks["paused"]["outline"] == "dashed"
    for name, look in looks.items():
        for colour in look["colours"]:
            ratio = contrast(colour, look["bg"])
            assert ratio >= 4.5, f"{name}: {colour} on {look['bg']} is {ratio:.2f}:1"
        # Readable from two metres on a 390 px phone.
        assert look["sizes"]["phase"] >= 48 and look["sizes"]["move-name"] >= 48, (name, look["sizes"])
        assert look["sizes"]["set-line"] >= 28 and look["sizes"]["countdown"] >= 96, (name, look["sizes"])
        # The whole screen, and no site header over it.
        assert (look["playing"]["x"], look["playing"]["y"]) == (0, 0)
        assert (look["playing"]["width"], look["playing"]["height"]) == (PHONE["width"], PHONE["height"])
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Leave")).to_be_visible()


def test_the_lead_in_names_the_first_move_and_side_and_each_move_shows_its_stop_if(phone):
    page = phone
    expect(page.locator("#phase")).to_have_text("Get ready")
    expect(page.locator("#move-name")).to_have_text("Kneeling hip flexor stretch")
    expect(page.locator("#set-line")).to_have_text("Left side")
    expect(page.locator("#announce")).to_have_text("Get ready: Kneeling hip flexor stretch, left side. 5 s.")
    expect(page.locator("#stop-if")).to_contain_text("Stop if you feel any discomfort")
    page.clock.run_for(AT["reps"])
    expect(page.locator("#stop-if")).to_contain_text("Stop if sharp, stabbing or shooting pain")


def test_the_right_side_mirrors_the_drawing(phone):
    page = phone
    page.clock.run_for(AT["hold"])
    expect(page.locator("#picture")).not_to_have_class("player-picture mirrored")
    page.clock.run_for(35_000)
    expect(page.locator("#set-line")).to_have_text("Right side")
    expect(page.locator("#picture")).to_have_class("player-picture mirrored")
    transform = page.locator("#picture .player-figure:visible").evaluate("el => getComputedStyle(el).transform")
    assert transform.startswith("matrix(-1"), transform


def test_rep_moves_count_the_reps_at_their_tempo_and_done_stands_apart_from_pause(phone):
    page = phone
    page.clock.run_for(AT["reps"] - 1_000)
    expect(page.locator("#reps-line")).to_have_text("Rep 1 of 10")
    page.clock.run_for(3_000)
    expect(page.locator("#reps-line")).to_have_text("Rep 2 of 10")
    page.clock.run_for(24_000)
    expect(page.locator("#reps-line")).to_have_text("Rep 10 of 10")
    done, pause = page.get_by_role("button", name="Done"), page.get_by_role("button", name="Pause")
    done_box, pause_box = done.bounding_box(), pause.bounding_box()
    assert pause_box["y"] - (done_box["y"] + done_box["height"]) >= 80, "Done is right next to Pause"
    colours = [b.evaluate("el => getComputedStyle(el).backgroundColor") for b in (done, pause)]
    assert colours[0] != colours[1]


def test_every_control_on_the_player_is_a_44_px_target(phone):
    page = phone
    page.clock.run_for(AT["reps"])
    controls = page.locator("#player button:visible, #player a:visible, #player summary:visible")
    assert controls.count() >= 7
    for box in controls.evaluate_all("els => els.map(el => [el.textContent.trim(), el.getBoundingClientRect()])"):
        assert box[1]["width"] >= 44 and box[1]["height"] >= 44, box


def axe_on_a_still_copy(page, browser, live_server) -> None:
    """Run axe on a copy of the page as it is now, its scripts left out, in a context of its own:
    axe needs running timers, and this page's clock is held so that the phase stays on screen."""
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
    scheme = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'")
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, color_scheme=scheme)
    copy = context.new_page()
    copy.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    copy.goto(page.url)
    try:
        assert_accessible(copy)
    finally:
        context.close()


def test_the_player_is_axe_clean_in_every_phase(phone, browser, live_server):
    page, done = phone, {"ms": 0}
    for name, ms in {**AT, "done": 200_000}.items():
        look = look_at(page, ms, done)
        if name == "hold":
            page.get_by_role("button", name="Pause").click()
            expect(page.locator("#phase")).to_have_text("Paused")
            axe_on_a_still_copy(page, browser, live_server)
            page.get_by_role("button", name="Resume").click()
        try:
            axe_on_a_still_copy(page, browser, live_server)
        except AssertionError as error:
            raise AssertionError(f"{name} ({look['word']}): {error}") from None
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
