"""Real Chromium through Playwright, against pytest-django's live server.

Locally the tests skip, loudly, when there is no Chromium; in CI (CI or
REQUIRE_BROWSER set) a missing browser is a failure, never a skip.
"""

import os
import shutil
import threading
import warnings

import pytest
from django.core.management import call_command

from accounts.models import User
from routines.models import Routine
from tests.factories import hips_routine

from .helpers import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make alongside it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = f"NO CHROMIUM at {CHROMIUM}: browser tests NOT RUN (apt-get install chromium)"
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        warnings.warn(reason, stacklevel=1)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_settings(settings):
    # The live server speaks plain HTTP: no redirect to HTTPS, no Secure cookies.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return settings


@pytest.fixture
def live_server(live_settings, transactional_db):
    """A live server per test, started after the test's settings are in place
    (middleware reads some settings once, when the server starts)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.thread.terminate()
    # Let the server's request threads finish closing their (shared, in-memory)
    # database connection before the connection stops being shareable.
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)
    for connection in server.thread.connections_override.values():
        connection.dec_thread_sharing()


@pytest.fixture
def live_library(transactional_db):
    call_command("load_library", verbosity=0)


@pytest.fixture
def page(browser, live_server, live_settings):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, live_settings):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def person(transactional_db) -> User:
    """Pat, who logs in with PASSWORD and plays with the voice and sounds off."""
    return User.objects.create_user("pat", "pat@example.com", PASSWORD, voice_on=False, sound_on=False)


@pytest.fixture
def routine(person, live_library) -> Routine:
    """Pat's "Morning hips": the kneeling hip flexor stretch (30 s a side), then glute bridges (2 × 10 reps)."""
    return hips_routine(person)
