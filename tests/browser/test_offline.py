"""Limber without a connection, in real Chromium: the installable app, its worker, the pages it keeps.

Each test visits online once, as a person would, then cuts the connection with
context.set_offline(True) and uses the app as it is then.
"""

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from routines import offline
from routines.models import Routine, Schedule, Session

from .helpers import PASSWORD, assert_accessible, check_in, hold_clock, install_clock, log_in


@pytest.fixture
def routine(routine) -> Routine:
    """Pat's routine (conftest's), planned every day since three days ago, so Today offers it."""
    Schedule.objects.create(
        user=routine.owner, routine=routine, weekdays=127, start_date=timezone.localdate() - timedelta(days=3)
    )
    return routine


def ready_offline(page) -> None:
    """Wait until the worker has kept this person's pages, as the footer then says."""
    expect(page.locator("html")).to_have_attribute("data-offline", "ready")
    expect(page.locator("#offline-status")).to_contain_text("Ready to use offline")


def wait_for_caches(page, condition: str, arg=None) -> None:
    """Wait until `condition(names, arg)` holds for the names of the page's caches. (wait_for_function
    takes a promise for a truthy value, so each poll starts a read and looks at the last one.)"""
    page.wait_for_function(
        f"""arg => {{
        caches.keys().then(names => {{ window.__cacheNames = names; }});
        const names = window.__cacheNames;
        return names !== undefined && ({condition})(names, arg);
    }}""",
        arg=arg,
    )


def kept_urls(page) -> list[str]:
    return page.evaluate(
        """async () => {
        const out = [];
        for (const name of await caches.keys()) {
            if (!name.startsWith("limber-pages-")) continue;
            for (const key of await (await caches.open(name)).keys()) out.push(new URL(key.url).pathname);
        }
        return out;
    }"""
    )


def test_chromium_can_install_limber_and_its_worker_controls_the_page(page, routine):
    log_in(page)
    ready_offline(page)
    # The page that registered it may have loaded before the worker took over; the next one is its.
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert not manifest["errors"], manifest["errors"]
    errors = {e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]}
    # A Playwright context is an incognito profile, which Chromium never installs into; nothing else may be missing.
    assert errors <= {"in-incognito"}, errors
    scope = page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == page.url.split("/today/")[0] + "/"


def test_a_routine_opens_plays_and_is_kept_with_no_connection_then_saved_once(page, routine):
    install_clock(page)
    log_in(page)
    ready_offline(page)
    page.context.set_offline(True)

    page.goto("/today/")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    page.get_by_role("link", name="Start Morning hips").click()
    expect(page.get_by_role("heading", name="Morning hips")).to_be_visible()
    page.get_by_role("radio", name="4", exact=True).check()
    hold_clock(page)
    page.get_by_role("button", name="None of these — start").click()
    expect(page).to_have_url(re.compile(r"/play/run/$"))
    # The drawings are in the kept page.
    expect(page.locator("#picture .player-figure svg").first).to_be_visible()
    page.clock.run_for(5_000 + 10_000 + 30_000 + 5_000 + 30_000 + 10_000 + 30_000 + 30_000 + 30_000 + 1_000)
    expect(page.get_by_role("heading", name="Well done: routine finished")).to_be_visible()
    page.clock.resume()
    page.get_by_role("radio", name="2", exact=True).first.check()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_contain_text("Waiting to send")

    # Reloading with no connection: still Limber, still waiting, nothing lost.
    page.reload()
    expect(page.locator("#save-status")).to_contain_text("Waiting to send")
    page.goto("/library/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.locator("#offline-waiting")).to_contain_text("One session you finished is waiting to send")
    expect(page.get_by_role("link", name="Morning hips")).to_be_visible()
    assert_accessible(page)
    # (No count of sessions here: the offline emulation may not reach a worker Chromium restarts
    # for Background Sync, which would then rightly send the result already.)

    page.context.set_offline(False)
    page.goto("/today/")
    expect(page.get_by_text("A session you finished earlier has now been saved.")).to_be_visible()
    session = Session.objects.get()
    assert (session.pain_before, session.pain_after, session.completed) == (4, 2, True)
    page.reload()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 0
    assert Session.objects.count() == 1


def test_the_player_says_saved_when_the_connection_comes_back(page, routine):
    install_clock(page)
    log_in(page)
    ready_offline(page)
    page.context.set_offline(True)
    page.goto(f"/routines/{routine.pk}/play/")
    page.get_by_role("radio", name="3", exact=True).check()
    hold_clock(page)
    page.get_by_role("button", name="None of these — start").click()
    page.clock.run_for(12_000)
    page.get_by_role("button", name="End early").click()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_contain_text("Waiting to send")
    # The session ends meanwhile, so back online the server answers with the login page.
    page.context.clear_cookies(name="sessionid")
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_contain_text("you are signed out")
    assert Session.objects.count() == 0
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 1
    # The person signs in again elsewhere: a new session cookie and a new CSRF token.
    other = page.context.new_page()
    log_in(other)
    other.close()
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert Session.objects.count() == 1
    assert Session.objects.get().pain_before == 3


def test_a_red_flag_with_no_connection_stops_the_routine_with_the_servers_advice(page, routine):
    log_in(page)
    ready_offline(page)
    # What the server says for these answers...
    check_url = f"/routines/{routine.pk}/play/"

    def answer() -> None:
        # No pain score: a sign ticked stops the routine all the same.
        page.get_by_role("button", name="One of these applies to me").click()
        page.get_by_role("checkbox", name="Dizziness").check()
        page.get_by_role("checkbox", name="Fever").check()
        page.get_by_role("button", name="Tell me what to do").click()

    page.goto(check_url)
    answer()
    expect(page.get_by_role("heading", level=1)).to_have_text("Call emergency services now")
    online_advice = page.locator("#main").inner_text()
    online_title = page.title()

    # ...is what the check-in says with no connection, and nothing plays.
    page.context.set_offline(True)
    page.goto(check_url)
    answer()
    expect(page.get_by_role("heading", level=1)).to_have_text("Call emergency services now")
    assert page.locator("#main").inner_text() == online_advice
    assert page.title() == online_title
    assert_accessible(page)
    page.goto(f"/routines/{routine.pk}/play/run/")
    expect(page).to_have_url(re.compile(r"/play/$"))
    expect(page.get_by_role("button", name="None of these — start")).to_be_visible()


def test_the_check_in_with_no_connection_asks_what_the_server_asks(page, routine):
    log_in(page)
    ready_offline(page)
    page.context.set_offline(True)
    page.goto(f"/routines/{routine.pk}/play/")
    page.get_by_role("button", name="None of these — start").click()
    expect(page.locator("#check-in-problem")).to_have_text("Choose a number from 0 (no pain) to 10 (the worst).")
    page.get_by_role("radio", name="5", exact=True).check()
    page.get_by_role("button", name="One of these applies to me").click()
    page.get_by_role("button", name="Tell me what to do").click()
    expect(page.locator("#check-in-problem")).to_have_text("Tick each sign you have, or “None of these”.")
    expect(page).to_have_url(re.compile(r"/play/$"))
    expect(page.locator("#player")).to_be_hidden()


def test_after_logging_out_none_of_the_persons_pages_open_offline(page, routine):
    log_in(page)
    ready_offline(page)
    assert f"/routines/{routine.pk}/play/run/" in kept_urls(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
    wait_for_caches(page, "names => !names.some(n => n.startsWith('limber-pages-'))")
    # Clear-Site-Data took the worker too; the page after the logout registers it again.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('limber:'))") == []
    page.context.set_offline(True)
    for url in ("/today/", "/routines/", f"/routines/{routine.pk}/", f"/routines/{routine.pk}/play/run/"):
        page.goto(url)
        expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
        expect(page.get_by_text("Morning hips")).to_have_count(0)


def test_a_session_that_ended_without_a_logout_leaves_no_page_to_open(page, routine):
    log_in(page)
    ready_offline(page)
    # The session expires: no logout, no Clear-Site-Data; the next page is nobody's.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    wait_for_caches(page, "names => !names.some(n => n.startsWith('limber-pages-'))")
    page.context.set_offline(True)
    page.goto(f"/routines/{routine.pk}/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()


def test_someone_else_signing_in_sees_none_of_the_first_persons_pages(page, routine):
    log_in(page)
    ready_offline(page)
    # A result of Pat's waits to be sent...
    page.evaluate(
        f"""() => window.LimberOutbox.add({{id: "3f0c8a52-0000-4000-8000-000000000001", name: "Morning hips",
             url: "/routines/{routine.pk}/play/save/", routine: {routine.pk}, body: {{pain_before: 3}}}})"""
    )
    # ...when Pat's session ends without a logout (it expired): no header clears anything.
    page.context.clear_cookies()
    User.objects.create_user("sam", "sam@example.com", PASSWORD)
    log_in(page, "sam")
    ready_offline(page)
    # Sam is never sent, nor shown, Pat's result; it waits for Pat.
    expect(page.locator("#outbox-refused")).to_have_count(0)
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 0
    assert page.evaluate("() => JSON.parse(localStorage.getItem('limber:outbox')).length") == 1
    kept = kept_urls(page)
    assert "/today/" in kept and not any(str(routine.pk) in url for url in kept)
    page.context.set_offline(True)
    page.goto(f"/routines/{routine.pk}/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.goto("/routines/")
    expect(page.get_by_text("Morning hips")).to_have_count(0)


def test_a_page_not_kept_shows_limbers_offline_page(page, routine):
    log_in(page)
    ready_offline(page)
    page.context.set_offline(True)
    page.goto("/history/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.locator("#offline-list")).to_contain_text("Morning hips")
    page.get_by_role("link", name="Morning hips").click()
    expect(page.get_by_role("heading", name="Morning hips")).to_be_visible()


def test_a_new_deploy_replaces_the_worker_and_its_caches(page, routine, tmp_path, settings):
    static = tmp_path / "static"
    shutil.copytree(Path(settings.BASE_DIR) / "static", static)
    settings.STATICFILES_DIRS = [static]
    offline.deploy_version.cache_clear()
    try:
        log_in(page)
        ready_offline(page)
        first = offline.deploy_version()
        with (static / "css" / "limber.css").open("a") as css:
            css.write("\n.deployed-marker { color: inherit; }\n")
        offline.deploy_version.cache_clear()
        second = offline.deploy_version()
        assert second != first
        page.reload()
        # The old worker's caches go; the new one keeps the shell and the person's pages again.
        wait_for_caches(
            page,
            "(names, v) => names.length === 2 && names.includes('limber-shell-' + v) && "
            "names.some(n => n.startsWith('limber-pages-' + v + '-'))",
            second,
        )
        ready_offline(page)
        page.context.set_offline(True)
        page.goto("/routines/")
        expect(page.get_by_role("heading", name="My routines")).to_be_visible()
        css = page.evaluate("() => fetch('/static/css/limber.css').then(r => r.text())")
        assert ".deployed-marker" in css
    finally:
        offline.deploy_version.cache_clear()


def test_with_no_storage_the_app_works_online_and_says_offline_use_is_off(page, routine):
    page.add_init_script(
        """Object.defineProperty(window, "localStorage",
             {get() { throw new DOMException("denied", "SecurityError"); }});"""
    )
    log_in(page)
    expect(page.locator("#offline-status")).to_contain_text("Offline use is off in this browser")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    check_in(page, routine)
    expect(page.get_by_role("button", name="Pause")).to_be_visible()


def finish_offline(page, routine) -> None:
    """With no connection: check in, play ten seconds, end early and save."""
    page.context.set_offline(True)
    page.goto(f"/routines/{routine.pk}/play/")
    page.get_by_role("radio", name="3", exact=True).check()
    hold_clock(page)
    page.get_by_role("button", name="None of these — start").click()
    page.clock.run_for(10_000)
    page.get_by_role("button", name="End early").click()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_contain_text("Waiting to send")


def test_background_sync_saves_a_result_with_no_limber_page_open(page, routine):
    install_clock(page)
    log_in(page)
    ready_offline(page)
    finish_offline(page, routine)
    context = page.context
    # The offline page has no outbox of its own: it only listens to what the worker says.
    page.goto("/offline/")
    context.set_offline(False)
    page.evaluate(
        """() => { window.__said = [];
        navigator.serviceWorker.addEventListener("message", e => window.__said.push(e.data.type)); }"""
    )
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_function("() => true")  # let the registration event arrive
    origin = page.url.split("/offline/")[0]
    registration = next(r for r in registrations if r["scopeURL"] == origin + "/")
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": origin,
            "registrationId": registration["registrationId"],
            "tag": "limber-outbox",
            "lastChance": False,
        },
    )
    page.wait_for_function("() => window.__said.includes('outbox-saved')")
    assert Session.objects.count() == 1
    # The page's own copy is sent again on the next page load: the same session, not a second.
    page.goto("/today/")
    expect(page.get_by_text("A session you finished earlier has now been saved.")).to_be_visible()
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 0
    assert Session.objects.count() == 1


def test_a_result_for_a_routine_deleted_meanwhile_is_not_dropped(page, routine):
    install_clock(page)
    log_in(page)
    ready_offline(page)
    finish_offline(page, routine)
    Routine.objects.filter(pk=routine.pk).delete()
    page.context.set_offline(False)
    page.goto("/today/")
    refused = page.locator("#outbox-refused")
    expect(refused).to_contain_text("The routine is no longer in your list.")
    expect(refused.get_by_role("button", name="Keep it as a hand-logged session")).to_be_visible()
    assert page.evaluate("() => [window.LimberOutbox.pending().length, window.LimberOutbox.refused().length]") == [0, 1]
    # Not sent again and again: the next page shows it, and the server hears nothing more.
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "/play/save/" in request.url else None)
    page.reload()
    expect(refused).to_contain_text("The routine is no longer in your list.")
    assert requests == []
    assert Session.objects.count() == 0


def test_pages_come_from_the_network_first_and_the_kept_copy_follows(page, routine):
    log_in(page)
    ready_offline(page)
    Routine.objects.filter(pk=routine.pk).update(name="Evening hips")
    page.goto("/routines/")
    expect(page.get_by_role("link", name="Evening hips", exact=True)).to_be_visible()
    page.context.set_offline(True)
    page.goto("/routines/")
    expect(page.get_by_role("link", name="Evening hips", exact=True)).to_be_visible()


def test_no_kept_page_holds_a_csrf_token_and_its_form_works_once_back_online(page, routine):
    log_in(page)
    ready_offline(page)
    kept = page.evaluate(
        """async () => {
        const out = [];
        for (const name of await caches.keys()) {
            if (!name.startsWith("limber-pages-")) continue;
            const cache = await caches.open(name);
            for (const key of await cache.keys()) out.push(await (await cache.match(key)).text());
        }
        return out;
    }"""
    )
    assert kept and all(re.search(r'name="csrfmiddlewaretoken" value="[^"]', html) is None for html in kept)
    assert any('name="csrfmiddlewaretoken" value=""' in html for html in kept)
    # A check-in shown from the cache, sent once the connection is back, gets the current token.
    page.context.set_offline(True)
    page.goto(f"/routines/{routine.pk}/play/")
    page.context.set_offline(False)
    page.get_by_role("radio", name="2", exact=True).check()
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/play/")) as sent:
        page.get_by_role("button", name="None of these — start").click()
    assert sent.value.ok
    expect(page.get_by_role("button", name="Pause")).to_be_visible()


def test_logging_out_sends_what_waits_first_and_asks_before_losing_it(page, routine):
    install_clock(page)
    log_in(page)
    ready_offline(page)
    finish_offline(page, routine)
    page.clock.resume()
    # Still no connection: logging out would empty the outbox, so the page asks first.
    page.goto("/routines/")
    page.get_by_role("button", name="Log out").click()
    warning = page.locator("#leave-warning")
    expect(warning).to_contain_text("still waiting to send")
    expect(warning.get_by_role("button", name="Log out anyway")).to_be_focused()
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 1
    # Back online, the same button (on a page from the cache, its token taken from the cookie)
    # sends it, then logs out.
    page.context.set_offline(False)
    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
    assert Session.objects.count() == 1
