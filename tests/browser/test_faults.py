"""Faults against the real server: gunicorn killed mid-routine, and a save whose answer never arrives.

These run gunicorn as `make serve` does (config/gunicorn.py, DEBUG off, hashed static
files) on a SQLite file of their own, so the server can be killed and started again
under a browser that keeps going. Time in the page is Playwright's clock.
"""

import os
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from routines.models import Session
from tests.servers import PAT_AND_ROUTINE, SERVE_ENV, Gunicorn, manage, prepare

from .helpers import check_in, install_clock, log_in


@pytest.fixture
def server(tmp_path):
    """Limber under gunicorn on a SQLite file of its own, with Pat and Pat's routine in it."""
    database = tmp_path / "limber.sqlite3"
    env = {
        **os.environ,
        **SERVE_ENV,
        "SECRET_KEY": "fault-test-secret-key-that-survives-restarts",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    prepare(env)
    server = Gunicorn(env)
    server.routine_id = int(manage(env, "shell", "-c", PAT_AND_ROUTINE + "print(routine.pk)").split()[-1])
    server.database = database
    server.start()
    yield server
    if server.running():
        server.kill()


def sessions_in(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT client_id, routine_name FROM {Session._meta.db_table}").fetchall()


@pytest.fixture
def playing(browser, server):
    """A phone-sized page that has checked in and started the routine, on a held clock."""
    context = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    install_clock(page)
    log_in(page)
    check_in(page, SimpleNamespace(pk=server.routine_id), hold=True)
    yield page
    context.close()


def test_a_server_killed_mid_routine_loses_nothing(playing, server):
    page = playing
    page.clock.run_for(20_000)  # into the first hold
    expect(page.locator("#set-line")).to_have_text("Left side")

    server.kill()
    page.clock.run_for(30_000)  # the timer runs on without the server
    expect(page.locator("#set-line")).to_have_text("Right side")
    page.get_by_role("button", name="End early").click()
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_contain_text("No connection")
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 1

    server.start()
    page.clock.run_for(30_000)  # the outbox tries again on its own
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert [name for _, name in sessions_in(server.database)] == ["Morning hips"]
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 0


def test_a_save_whose_answer_is_lost_is_retried_and_makes_one_session(playing, server):
    page = playing
    page.clock.run_for(20_000)
    page.get_by_role("button", name="End early").click()

    def save_then_drop_the_answer(route):
        route.fetch()  # the server saves the session...
        route.abort("connectionreset")  # ...and the phone never hears back

    page.route("**/play/save/", save_then_drop_the_answer)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#save-status")).to_contain_text("No connection")
    assert len(sessions_in(server.database)) == 1
    page.unroute("**/play/save/")

    page.clock.run_for(30_000)
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert len(sessions_in(server.database)) == 1
    page.goto("/sessions/")
    expect(page.get_by_role("link", name="Morning hips")).to_have_count(1)
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 0
