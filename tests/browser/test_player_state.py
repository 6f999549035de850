"""The player's one state (its data-state) decides which controls show, and its cues come once each.

The routine is conftest's: a 5 s lead-in, the kneeling hip flexor stretch (position 10 s, 30 s left,
switch 5 s, 30 s right), then glute bridges (next 10 s, 10 reps × 3 s, ...). Time is Playwright's clock.
"""

from playwright.sync_api import expect

from accounts.models import User

from .helpers import check_in, install_clock, log_in

# A stand-in for the Web Audio API that notes the pitch of every tone the player plays.
COUNT_TONES = """
window.__tones = [];
window.AudioContext = class {
    constructor() { this.state = "running"; this.currentTime = 0; this.destination = {}; }
    resume() {}
    createOscillator() {
        const tone = { frequency: { value: 0 }, connect: (next) => next, start() {}, stop() {} };
        window.__tones.push(tone);
        return tone;
    }
    createGain() {
        return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: () => ({}) };
    }
};
"""


def state(page) -> str:
    return page.locator("#player").get_attribute("data-state")


def test_the_players_state_shows_the_controls_for_it(page, routine):
    install_clock(page)
    log_in(page)
    page.goto(f"/routines/{routine.pk}/play/")
    expect(page.locator("#player")).to_have_attribute("data-state", "ready")
    check_in(page, routine, hold=True)
    start = page.get_by_role("button", name="Start", exact=True)
    pause, done = page.get_by_role("button", name="Pause"), page.locator("#done")
    assert state(page) == "playing"
    expect(start).to_be_hidden()
    expect(done).to_be_hidden()  # a lead-in has no set to finish
    page.clock.run_for(91_000)  # the first set of glute bridges
    expect(page.locator("#player")).to_have_attribute("data-look", "reps")
    expect(done).to_be_visible()
    pause.click()
    expect(page.locator("#player")).to_have_attribute("data-state", "paused")
    expect(page.locator("#phase")).to_have_text("Paused")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    expect(done).to_be_visible()  # the set can still be marked done while paused
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#player")).to_have_attribute("data-state", "playing")
    page.get_by_role("button", name="End early").click()
    expect(page.get_by_role("heading", name="Routine ended early")).to_be_visible()
    assert state(page) == "finished"
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert state(page) == "sent"


def test_each_cue_comes_once_however_often_the_screen_is_drawn(page, routine):
    User.objects.filter(username="pat").update(sound_on=True)
    page.add_init_script(COUNT_TONES)
    install_clock(page)
    log_in(page)
    check_in(page, routine, hold=True)
    page.clock.run_for(2_500)
    # Pausing and resuming draws the screen again, mid-second: no tone or step cue comes of it.
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(2_500)
    expect(page.locator("#phase")).to_have_text("Get into position")
    tones = page.evaluate("__tones.map(t => t.frequency.value)")
    # The tap's silent unlock, the lead-in's tone, a beep on each of its last three seconds, the next step's tone.
    assert tones == [880, 880, 660, 660, 660, 880]
    page.clock.run_for(3_500)
    assert page.evaluate("__tones.length") == len(tones)
    page.evaluate("document.getElementById('announce').textContent = ''")
    # Back more than three seconds into a step starts that step again, and cues it again.
    page.get_by_role("button", name="Back").click()
    expect(page.locator("#countdown")).to_have_text("10")
    assert page.evaluate("__tones.map(t => t.frequency.value)")[len(tones) :] == [880]
    expect(page.locator("#announce")).not_to_be_empty()
