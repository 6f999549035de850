"""The timed player in real Chromium, with time driven by Playwright's clock: no real waiting.

The routine: a 5 s lead-in, the kneeling hip flexor stretch (get into position 10 s, hold 30 s left,
switch 5 s, hold 30 s right), then glute bridges (next 10 s, 10 reps × 3 s, rest 30 s, 10 reps × 3 s).
"""

import re
import uuid
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from routines.models import Routine, Session

from .helpers import assert_accessible, check_in, hold_clock, install_clock, log_in


def start(page, routine: Routine, check_accessibility: bool = False) -> None:
    install_clock(page)
    log_in(page)
    if check_accessibility:
        page.goto(f"/routines/{routine.pk}/play/")
        # axe-core waits on timers, so it runs while the page's clock still flows.
        assert_accessible(page)
    check_in(page, routine, hold=True)


def expect_step(page, name: str, set_line: str = "", count: str | None = None) -> None:
    expect(page.locator("#move-name")).to_have_text(name)
    expect(page.locator("#set-line")).to_have_text(set_line)
    if count is not None:
        expect(page.locator("#countdown")).to_have_text(count)


def test_a_routine_plays_through_its_steps_in_order_with_the_right_labels(page, routine):
    start(page, routine, check_accessibility=True)
    expect_step(page, "Kneeling hip flexor stretch", "Left side", "5")
    expect(page.locator("#phase")).to_have_text("Get ready")
    page.clock.run_for(5_000)
    expect_step(page, "Kneeling hip flexor stretch", count="10")
    expect(page.locator("#phase")).to_have_text("Get into position")
    page.clock.run_for(10_000)
    expect_step(page, "Kneeling hip flexor stretch", "Left side", "30")
    # A hold has no "Done", and Start has made way for Pause.
    expect(page.get_by_role("button", name="Done")).to_be_hidden()
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_hidden()
    page.clock.run_for(26_000)
    expect(page.locator("#countdown")).to_have_text("4")
    expect(page.locator("#next-line")).to_have_text("Next: Switch sides")
    page.clock.run_for(4_000)
    expect(page.locator("#phase")).to_have_text("Switch sides")
    page.clock.run_for(5_000)
    expect_step(page, "Kneeling hip flexor stretch", "Right side", "30")
    page.clock.run_for(30_000)
    expect_step(page, "Glute bridge")
    expect(page.locator("#phase")).to_have_text("Next move")
    page.clock.run_for(10_000)
    expect_step(page, "Glute bridge", "Set 1 of 2", "30")
    expect(page.locator("#reps-line")).to_have_text("Rep 1 of 10")
    # The glute bridge's drawing shows, and only it.
    expect(page.locator("#picture .player-figure:visible")).to_have_count(1)
    expect(page.locator("#picture .player-figure:visible svg title")).to_contain_text("Start:")
    expect(page.locator("#picture .player-figure:visible")).to_have_attribute("data-item", "1")
    # Screen readers hear each step once, politely, not every second.
    expect(page.locator("#announce")).to_have_text("Glute bridge, Set 1 of 2. 30 s.")
    expect(page.locator("#announce")).to_have_attribute("aria-live", "polite")
    page.get_by_text("How to do it and cautions").click()
    expect(page.locator("#about-body")).to_contain_text("Stop if")
    expect(page.get_by_role("button", name="Done")).to_be_visible()
    # Finished sooner than the tempo: "Done" moves on to the rest.
    page.clock.run_for(20_000)
    page.get_by_role("button", name="Done").click()
    expect_step(page, "Glute bridge", "Rest · Set 1 of 2", "30")
    expect(page.locator("#next-line")).to_have_text("Next: Glute bridge")
    page.clock.run_for(30_000)
    expect_step(page, "Glute bridge", "Set 2 of 2", "30")
    page.clock.run_for(30_000)
    expect(page.get_by_role("heading", name="Well done: routine finished")).to_be_visible()
    page.clock.resume()  # the routine is over; axe-core needs timers
    assert_accessible(page)

    page.get_by_role("radio", name="2", exact=True).first.check()
    page.locator("#effort-5").check()
    page.get_by_label("Notes", exact=True).fill("Right hip tight.")
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    expect(page.locator("#summary")).to_contain_text("2 of 2")
    expect(page.locator("#summary")).to_contain_text("3 → 2")
    session = Session.objects.get()
    assert (session.pain_before, session.pain_after, session.effort) == (3, 2, 5)
    assert session.completed
    assert session.duration_seconds == 170  # 180 s less the 10 s saved by "Done"
    hip, bridge = session.moves.all()
    assert (hip.sets_done, hip.seconds_done, hip.skipped) == (1, 60, False)
    assert (bridge.sets_done, bridge.reps_done, bridge.seconds_done) == (2, 20, 50)
    assert page.console_errors == []


def test_pause_holds_the_time_and_skip_and_back_move_between_steps(page, routine):
    start(page, routine)
    page.clock.run_for(17_000)
    expect_step(page, "Kneeling hip flexor stretch", "Left side", "28")
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(60_000)
    expect(page.locator("#countdown")).to_have_text("28")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(3_000)
    expect(page.locator("#countdown")).to_have_text("25")

    page.get_by_role("button", name="Skip").click()
    expect(page.locator("#phase")).to_have_text("Switch sides")
    page.get_by_role("button", name="Skip").click()
    expect_step(page, "Kneeling hip flexor stretch", "Right side", "30")
    page.get_by_role("button", name="Back").click()
    expect(page.locator("#phase")).to_have_text("Switch sides")
    expect(page.locator("#countdown")).to_have_text("5")
    page.get_by_role("button", name="+10 s").click()
    expect(page.locator("#countdown")).to_have_text("15")

    page.get_by_role("button", name="End early").click()
    expect(page.get_by_role("heading", name="Routine ended early")).to_be_visible()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    session = Session.objects.get()
    assert not session.completed
    hip, bridge = session.moves.all()
    assert (hip.sets_done, hip.seconds_done, hip.skipped) == (0, 5, False)
    assert bridge.skipped
    # The minute paused is not time played.
    assert session.duration_seconds == 20


def test_a_reload_mid_routine_resumes_at_the_right_step_and_second(page, routine):
    start(page, routine)
    page.clock.run_for(22_000)
    expect_step(page, "Kneeling hip flexor stretch", "Left side", "23")
    page.reload()
    expect_step(page, "Kneeling hip flexor stretch", "Left side", "23")
    page.clock.run_for(3_000)
    expect(page.locator("#countdown")).to_have_text("20")
    # Back-navigation to the check-in offers to resume, and resuming lands where the clock says.
    page.goto(f"/routines/{routine.pk}/play/")
    page.get_by_role("link", name="Resume where you left off").click()
    page.clock.run_for(1_000)
    expect(page.locator("#countdown")).to_have_text("19")


def test_a_tab_hidden_for_a_minute_lands_on_the_step_the_clock_says(page, routine):
    start(page, routine)
    page.clock.run_for(16_000)
    expect_step(page, "Kneeling hip flexor stretch", "Left side", "29")
    page.evaluate(
        """() => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
        document.dispatchEvent(new Event('visibilitychange'));
    }"""
    )
    # A minute passes and not one timer fires, as in a frozen background tab.
    page.clock.fast_forward(60_000)
    page.evaluate(
        """() => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'visible'});
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});
        document.dispatchEvent(new Event('visibilitychange'));
    }"""
    )
    # 76 s in: 5 lead-in + 10 position + 30 left + 5 switch, so 26 s into the right side.
    expect_step(page, "Kneeling hip flexor stretch", "Right side", "4")
    page.get_by_role("button", name="End early").click()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    hip = Session.objects.get().moves.first()
    # The left side ran out while hidden: done in full, and counted.
    assert (hip.sets_done, hip.seconds_done) == (0, 56)


def test_a_result_kept_offline_is_saved_once_when_back_online(page, routine):
    start(page, routine)
    page.clock.run_for(12_000)
    page.get_by_role("button", name="End early").click()
    page.context.set_offline(True)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_contain_text("No connection")
    assert Session.objects.count() == 0
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_have_text("Saved.")
    # A later page load finds nothing left to send.
    page.goto("/sessions/")
    expect(page.get_by_role("link", name="Morning hips")).to_have_count(1)
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 0
    assert Session.objects.count() == 1


def test_a_result_left_in_the_outbox_is_sent_on_the_next_page_load(page, routine):
    start(page, routine)
    page.clock.run_for(12_000)
    page.get_by_role("button", name="End early").click()
    # The save never reaches the server (a dropped connection), and the person leaves the page.
    page.route("**/play/save/", lambda route: route.abort("internetdisconnected"))
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_contain_text("No connection")
    assert Session.objects.count() == 0
    page.unroute("**/play/save/")
    page.goto("/library/")
    expect(page.get_by_text("A session you finished earlier has now been saved.")).to_be_visible()
    assert Session.objects.count() == 1


def test_the_player_works_by_keyboard_alone(page, routine):
    install_clock(page)
    log_in(page)
    page.goto(f"/routines/{routine.pk}/play/")
    assert_accessible(page)
    # Space does nothing to a player that is not showing yet.
    page.locator("body").focus()
    page.keyboard.press("Space")
    expect(page.locator("#check-in")).to_be_visible()
    # Tab to the pain scale and pick with the arrows, then Enter on "None of these — start".
    page.get_by_role("radio", name="0", exact=True).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="2", exact=True)).to_be_checked()
    hold_clock(page)
    page.get_by_role("button", name="None of these — start").focus()
    page.keyboard.press("Enter")
    # The player has started, and the focus is on Pause: the next Space pauses.
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    # Away from the buttons, Space works as well.
    page.locator("body").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    expect(page.locator("#phase")).to_have_text("Get ready")
    expect(page.locator("#countdown")).to_have_text("5")
    page.clock.run_for(1_000)
    page.keyboard.press("ArrowRight")
    expect(page.locator("#phase")).to_have_text("Get into position")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#set-line")).to_have_text("Left side")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#phase")).to_have_text("Get into position")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.get_by_role("button", name="End early").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Routine ended early")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.get_by_role("button", name="Save session").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert Session.objects.get().pain_after == 1


def test_a_red_flag_stops_the_check_in_without_javascript(browser, live_server, live_settings, routine):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page)
    page.goto(f"/routines/{routine.pk}/play/")
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("checkbox", name="Chills").check()
    page.get_by_role("checkbox", name="Dizziness").check()
    page.get_by_role("button", name="Tell me what to do").click()
    # The most urgent advice comes first: dizziness needs emergency services, chills a doctor today.
    expect(page.get_by_role("heading").first).to_have_text("Call emergency services now")
    expect(page.get_by_role("alert")).to_contain_text("emergency number")
    expect(page.get_by_role("heading", name="Talk to a doctor today")).to_be_visible()
    expect(page.get_by_role("link", name="When to see a doctor", exact=True)).to_have_attribute("href", "/safety/")
    # Nothing started: the player itself sends you back to the check-in.
    page.goto(f"/routines/{routine.pk}/play/run/")
    expect(page).to_have_url(re.compile(r"/play/$"))
    context.close()


def test_the_player_fits_a_360_px_phone(browser, live_server, live_settings, routine):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    install_clock(page)
    log_in(page)
    check_in(page, routine, hold=True)
    page.clock.run_for(15_000)
    expect(page.locator("#set-line")).to_have_text("Left side")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.clock.resume()  # axe-core needs timers; the exact second no longer matters here
    assert_accessible(page)
    context.close()


def test_logging_a_session_by_hand_and_reading_the_log(page, routine):
    log_in(page)
    page.get_by_role("link", name="Log", exact=True).click()
    expect(page.get_by_text("No sessions yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Log a session").first.click()
    page.get_by_label("Routine").select_option(label="Morning hips")
    page.get_by_label("Date").fill("2026-03-02")
    page.get_by_label("Time").fill("07:30")
    page.get_by_label("Duration (minutes)").fill("15")
    page.get_by_label("Pain before (0–10)").select_option("4")
    page.get_by_label("Pain after (0–10)").select_option("2")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Morning hips")).to_be_visible()
    expect(page.get_by_text("Kneeling hip flexor stretch")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete session").click()
    expect(page.get_by_text("No sessions yet.")).to_be_visible()
    assert Session.objects.count() == 0


def test_pain_up_after_two_sessions_in_a_row_gets_a_kind_word(page, routine):
    earlier = timezone.now() - timedelta(days=1)
    Session.objects.create(
        user=routine.owner,
        client_id=uuid.uuid4(),
        routine=routine,
        routine_name=routine.name,
        started_at=earlier,
        ended_at=earlier + timedelta(minutes=3),
        local_date=earlier.date(),
        duration_seconds=180,
        pain_before=2,
        pain_after=5,
    )
    start(page, routine)  # pain before: 3
    page.clock.run_for(8_000)
    page.get_by_role("button", name="End early").click()
    page.locator("#pain-after-6").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_have_text("Saved.")
    expect(page.get_by_role("heading", name="Your pain has gone up after your last two sessions")).to_be_visible()
    expect(page.get_by_role("link", name="see when to talk to a doctor")).to_have_attribute("href", "/safety/")
