"""The routine builder in real Chromium, driven by the keyboard alone."""

import re

from playwright.sync_api import expect

from accounts.models import User
from routines.models import Routine

from .helpers import assert_accessible, log_in, log_in_by_cookie


def tab_to(page, locator, limit: int = 400) -> None:
    """Press Tab until `locator` has the keyboard focus, as a keyboard user would."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def settled(page) -> None:
    """Wait until htmx has wired up the list it just swapped in (a real person is never this fast)."""
    expect(page.locator("#moves.htmx-settling, #moves.htmx-swapping")).to_have_count(0)


def add_move(page, search: str, name: str) -> None:
    field = page.get_by_label("Search the library")
    tab_to(page, field)
    page.keyboard.press("Control+A")
    page.keyboard.type(search)
    # The list filtered itself as we typed.
    expect(page.locator(f'.picker-list[data-q="{search}"]')).to_be_visible()
    expect(page.locator("#picker-results.htmx-settling, #picker-results.htmx-swapping")).to_have_count(0)
    button = page.get_by_role("button", name=f"Add {name}", exact=True)
    expect(button).to_be_visible()
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(page.locator("#builder-status")).to_have_text(f"Added {name}.")
    settled(page)


def test_build_reorder_and_time_a_routine_by_keyboard(page, live_server, live_library):
    user = User.objects.create_user("kai", "kai@example.com", "pw-for-kai-2026", lead_in_seconds=10)
    log_in_by_cookie(page, live_server, user)

    page.goto("/routines/")
    tab_to(page, page.get_by_role("link", name="New routine"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Name"))
    page.keyboard.type("Before work")
    tab_to(page, page.get_by_role("button", name="Create and add moves"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Before work”")
    assert_accessible(page)

    add_move(page, "kneeling hip", "Kneeling hip flexor stretch")
    add_move(page, "bridge", "Glute bridge")
    add_move(page, "cat", "Cat/cow")
    items = page.locator(".builder-items > li h3")
    expect(items).to_have_text(["1. Kneeling hip flexor stretch", "2. Glute bridge", "3. Cat/cow"])

    # Move Cat/cow to the top: focus stays on its button through both swaps.
    up = page.get_by_role("button", name="Move Cat/cow up")
    tab_to(page, up)
    page.keyboard.press("Enter")
    expect(items).to_have_text(["1. Kneeling hip flexor stretch", "2. Cat/cow", "3. Glute bridge"])
    expect(up).to_be_focused()
    settled(page)
    page.keyboard.press("Enter")
    expect(items).to_have_text(["1. Cat/cow", "2. Kneeling hip flexor stretch", "3. Glute bridge"])
    expect(up).to_be_focused()
    expect(page.locator("#builder-status")).to_have_text("Cat/cow is now move 1 of 3.")

    # A per-side hold of 45 s, two sets.
    stretch = page.locator(".builder-item", has=page.get_by_role("heading", name="Kneeling hip flexor stretch"))
    hold = stretch.get_by_label("Hold")
    tab_to(page, hold)
    length = page.locator("#routine-length")
    saved_total = length.locator("data").get_attribute("value")
    page.keyboard.press("Control+A")
    page.keyboard.type("45")
    # The total follows the dose as it is typed, and says it is not saved yet.
    expect(length).to_contain_text("with changes not saved yet")
    assert int(length.locator("data").get_attribute("value")) > int(saved_total)
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    each_side = stretch.get_by_label("Each side")
    tab_to(page, each_side)
    if not each_side.is_checked():
        page.keyboard.press("Space")
    expect(each_side).to_be_checked()
    page.keyboard.press("Enter")  # submits the dose form
    expect(stretch.locator(".dose")).to_have_text("Hold 45 s · each side · ×2")
    expect(stretch.get_by_label("Each side")).to_be_focused()  # focus stays where it was
    settled(page)
    expect(length).not_to_contain_text("not saved")

    routine = Routine.objects.with_items().get(owner=user)
    assert [item.exercise.slug for item in routine.ordered_items()] == [
        "cat-cow",
        "kneeling-hip-flexor-stretch",
        "glute-bridge",
    ]
    item = routine.ordered_items()[1]
    assert (item.hold_seconds, item.sets, item.per_side) == (45, 2, True)
    total = routine.duration_seconds(user.lead_in_seconds)
    duration = page.locator("#routine-duration")
    expect(duration).to_have_attribute("value", str(total))
    minutes, seconds = divmod(total, 60)
    expect(duration).to_have_text(f"{minutes} min {seconds} s" if seconds else f"{minutes} min")

    # A number out of bounds is explained and nothing changes.
    hold = stretch.get_by_label("Hold")
    tab_to(page, hold)
    page.keyboard.press("Control+A")
    page.keyboard.type("400")
    page.keyboard.press("Enter")
    expect(stretch.get_by_role("alert")).to_contain_text("Hold must be between 5 and 300 s.")
    expect(stretch.get_by_label("Hold")).to_be_focused()
    expect(duration).to_have_attribute("value", str(total))
    assert Routine.objects.with_items().get(owner=user).ordered_items()[1].hold_seconds == 45
    assert_accessible(page)

    # The plan shows the same total, and Start leads to the player.
    page.goto(f"/routines/{routine.pk}/")
    expect(page.get_by_text(re.compile(rf"about {minutes} min"))).to_be_visible()
    expect(page.get_by_role("link", name="Start", exact=True)).to_have_attribute(
        "href", f"/routines/{routine.pk}/play/"
    )
    assert_accessible(page)
    assert page.console_errors == []


def test_the_builder_works_without_javascript(browser, live_server, live_settings, live_library):
    user = User.objects.create_user("noor", "noor@example.com", "pw-for-noor-2026")
    routine = Routine.objects.create(owner=user, name="Plain")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in_by_cookie(page, live_server, user)
    page.goto(f"/routines/{routine.pk}/edit/")
    page.get_by_label("Search the library").fill("bridge")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("button", name="Add Glute bridge").click()
    page.get_by_label("Search the library").fill("cobra")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("button", name="Add Cobra pose").click()
    page.get_by_role("button", name="Move Cobra pose up").click()
    expect(page.locator(".builder-items > li h3")).to_have_text(["1. Cobra pose", "2. Glute bridge"])
    page.get_by_role("button", name="Remove Cobra pose").click()
    expect(page.locator(".builder-items > li h3")).to_have_text(["1. Glute bridge"])
    page.get_by_role("button", name="Undo removing Cobra pose").click()
    expect(page.locator(".builder-items > li h3")).to_have_text(["1. Cobra pose", "2. Glute bridge"])
    expect(page.get_by_text("Cobra pose is back.")).to_be_visible()
    context.close()


def test_undo_puts_a_removed_move_back_in_its_place(page, routine):
    log_in(page)
    page.goto(f"/routines/{routine.pk}/edit/")
    items = page.locator(".builder-items > li h3")
    expect(items).to_have_text(["1. Kneeling hip flexor stretch", "2. Glute bridge"])
    page.get_by_role("button", name="Remove Kneeling hip flexor stretch").click()
    expect(items).to_have_text(["1. Glute bridge"])
    status = page.locator("#builder-status")
    expect(status).to_contain_text("Removed Kneeling hip flexor stretch.")
    settled(page)
    page.get_by_role("button", name="Undo removing Kneeling hip flexor stretch").click()
    expect(items).to_have_text(["1. Kneeling hip flexor stretch", "2. Glute bridge"])
    expect(status).to_have_text("Kneeling hip flexor stretch is back.")
    stretch = page.locator(".builder-item", has=page.get_by_role("heading", name="Kneeling hip flexor stretch"))
    expect(stretch.locator(".dose")).to_have_text("Hold 30 s · each side")
    expect(page.get_by_role("button", name="Remove Kneeling hip flexor stretch")).to_be_focused()
    assert_accessible(page)
    assert page.console_errors == []


def test_starters_and_the_list_are_accessible_on_a_phone(phone_page, live_server, live_library):
    user = User.objects.create_user("lee", "lee@example.com", "pw-for-lee-2026")
    log_in_by_cookie(phone_page, live_server, user)
    phone_page.goto("/routines/")
    expect(phone_page.get_by_text("You have no routines yet")).to_be_visible()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Browse starter routines").click()
    assert_accessible(phone_page)
    phone_page.locator(".starter-card", has_text="Flare-day minimum").get_by_role(
        "button", name="Use this routine"
    ).click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Flare-day minimum")
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Create a share link").click()
    share = phone_page.get_by_label("Share link").input_value()
    phone_page.context.clear_cookies()
    phone_page.goto(share)
    expect(phone_page.get_by_role("link", name="Log in to copy it")).to_be_visible()
    assert_accessible(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_phone_scrolls_no_further_than_the_footer(phone_page, routine):
    """Nothing on a page reaches below the footer, so the last scroll ends at it, not in blank space."""
    page = phone_page
    log_in(page)
    for url in (f"/routines/{routine.pk}/edit/", "/library/", "/today/", f"/routines/{routine.pk}/"):
        page.goto(url)
        ends = page.evaluate(
            """() => (window.scrollTo({top: document.documentElement.scrollHeight, behavior: "instant"}), {
                page: document.documentElement.scrollHeight,
                footer: document.querySelector('.site-footer').getBoundingClientRect().bottom + scrollY,
                bar: document.querySelector('.tab-bar').getBoundingClientRect(),
                view: innerHeight,
                scrolled: scrollY,
            })"""
        )
        footer_on_screen = ends["footer"] - ends["scrolled"]
        # Below the footer there is only the room the tab bar takes, so the bar never covers it.
        assert ends["page"] - ends["footer"] <= ends["view"] - ends["bar"]["top"] + 16, (url, ends)
        assert footer_on_screen <= ends["bar"]["top"], (url, ends)


def asks_before_leaving(page) -> bool:
    """Whether leaving now would make the browser ask first (the page's beforeunload cancels)."""
    script = "e => (dispatchEvent(e), e.defaultPrevented)"
    return page.evaluate(f"() => ({script})(new Event('beforeunload', {{cancelable: true}}))")


def test_a_changed_dose_is_kept_without_pressing_save(page, routine):
    log_in(page)
    page.goto(f"/routines/{routine.pk}/edit/")
    stretch = page.locator(".builder-item", has=page.get_by_role("heading", name="Kneeling hip flexor stretch"))
    status = stretch.locator(".row-status")
    hold = stretch.get_by_label("Hold")
    hold.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("45")
    # Typed but not yet changed (the field still has the focus): not saved, and leaving would ask.
    expect(status).to_have_text("Not saved yet")
    assert asks_before_leaving(page)
    page.keyboard.press("Tab")
    expect(status).to_have_text(re.compile(r"^Saved"))
    expect(stretch.locator(".dose")).to_have_text("Hold 45 s · each side")
    assert not asks_before_leaving(page)
    # Typed back to what is saved: nothing to save, nothing to ask.
    hold.fill("46")
    assert asks_before_leaving(page)
    hold.fill("45")
    expect(status).to_have_text("")
    assert not asks_before_leaving(page)
    assert page.console_errors == []

    # A save the network loses says so, and leaving asks until a retry goes through.
    page.route("**/items/*/", lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    sets = stretch.get_by_label("Sets")
    sets.fill("2")
    sets.press("Tab")
    expect(status).to_have_text("Not saved — try again")
    assert asks_before_leaving(page)
    page.unroute("**/items/*/")
    stretch.get_by_role("button", name="Save dose of Kneeling hip flexor stretch").click()
    expect(status).to_have_text(re.compile(r"^Saved"))
    assert not asks_before_leaving(page)

    page.get_by_role("link", name="Done").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Morning hips")
    page.goto(f"/routines/{routine.pk}/edit/")
    expect(stretch.get_by_label("Hold")).to_have_value("45")
    expect(stretch.get_by_label("Sets")).to_have_value("2")
    # Only the lost request shows in the console (htmx reports it, and Chromium's failed load).
    assert all(re.search(r"htmx:(afterRequest|sendError)|ERR_FAILED", e) for e in page.console_errors), (
        page.console_errors
    )


def test_a_refused_dose_changes_nothing_and_the_other_rows_keep_their_typing(page, routine):
    log_in(page)
    page.goto(f"/routines/{routine.pk}/edit/")
    stretch = page.locator(".builder-item", has=page.get_by_role("heading", name="Kneeling hip flexor stretch"))
    bridge = page.locator(".builder-item", has=page.get_by_role("heading", name="Glute bridge"))
    bridge.get_by_label("Reps").fill("12")  # typed, not yet changed
    hold = stretch.get_by_label("Hold")
    hold.fill("400")
    hold.press("Tab")
    expect(stretch.get_by_role("alert")).to_contain_text("Hold must be between 5 and 300 s.")
    expect(stretch.get_by_label("Hold")).to_have_value("400")
    expect(stretch.get_by_label("Hold")).to_be_focused()
    expect(bridge.get_by_label("Reps")).to_have_value("12")
    assert asks_before_leaving(page)
    assert routine.items.get(exercise__slug="kneeling-hip-flexor-stretch").hold_seconds == 30
    assert_accessible(page)


def test_a_change_then_a_remove_keeps_the_change(page, routine):
    """The dose's save and the Remove queue on the list, so the list that comes back shows the new dose."""
    log_in(page)
    page.goto(f"/routines/{routine.pk}/edit/")
    bridge = page.locator(".builder-item", has=page.get_by_role("heading", name="Glute bridge"))
    item = routine.items.get(exercise__slug="glute-bridge")
    held = []  # the dose's save, kept on the wire until the Remove is pressed
    page.route(f"**/items/{item.pk}/", lambda route: held.append(route))
    bridge.get_by_label("Reps").fill("12")
    with page.expect_request(f"**/items/{item.pk}/"):
        page.get_by_role("button", name="Remove Kneeling hip flexor stretch").click()  # the change fires first
    page.evaluate("1")  # let the route handler run
    held[0].continue_()
    expect(page.locator(".builder-items > li h3")).to_have_text(["1. Glute bridge"])
    expect(bridge.get_by_label("Reps")).to_have_value("12")
    expect(bridge.locator(".dose")).to_have_text("12 reps · ×2 · 30 s rest")
    assert routine.items.get(exercise__slug="glute-bridge").reps == 12
