"""Faults against the real server: gunicorn killed mid-routine, and a save whose answer never arrives.

These run gunicorn as `make serve` does (config/gunicorn.py, DEBUG off, hashed static
files) on a SQLite file of their own, so the server can be killed and started again
under a browser that keeps going. Time in the page is Playwright's clock.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from routines.models import Session

from .test_player import check_in, install_clock, log_in

ROOT = Path(__file__).resolve().parents[2]
SETUP = (
    "from accounts.models import User; from routines.models import Exercise, Routine;"
    "user = User.objects.create_user('pat', 'pat@example.com', 'hips-and-backs-2026', voice_on=False, sound_on=False);"
    "routine = Routine.objects.create(owner=user, name='Morning hips');"
    "routine.add_item(Exercise.objects.get(slug='kneeling-hip-flexor-stretch'));"
    "routine.add_item(Exercise.objects.get(slug='glute-bridge'));"
    "print(routine.pk)"
)


class Gunicorn:
    """Limber served by gunicorn on a SQLite file, to be killed and started again."""

    def __init__(self, workdir: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.database = workdir / "limber.sqlite3"
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "fault-test-secret-key-that-survives-restarts",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
        }
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> str:
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(command, cwd=ROOT, env=self.env, check=True, capture_output=True, text=True).stdout

    def start(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--config", "config/gunicorn.py"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):
                    return
            except OSError:
                pass
            try:
                self.process.wait(timeout=0.1)  # not up yet: give it a moment, unless it died
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError("gunicorn exited while starting")
        raise RuntimeError("gunicorn did not answer /healthz")

    def kill(self) -> None:
        """SIGKILL the master and its workers: no graceful shutdown, as when a machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def sessions(self) -> list[tuple]:
        with sqlite3.connect(self.database) as db:
            return db.execute(f"SELECT client_id, routine_name FROM {Session._meta.db_table}").fetchall()


@pytest.fixture
def server(tmp_path):
    server = Gunicorn(tmp_path)
    server.manage("collectstatic", "--no-input", "-v0")
    server.manage("migrate", "--no-input", "-v0")
    server.manage("load_library", "-v0")
    server.routine_id = int(server.manage("shell", "-c", SETUP).split()[-1])
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


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
    assert [name for _, name in server.sessions()] == ["Morning hips"]
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
    assert len(server.sessions()) == 1
    page.unroute("**/play/save/")

    page.clock.run_for(30_000)
    expect(page.locator("#save-status")).to_have_text("Saved.")
    assert len(server.sessions()) == 1
    page.goto("/sessions/")
    expect(page.get_by_role("link", name="Morning hips")).to_have_count(1)
    assert page.evaluate("() => window.LimberOutbox.pending().length") == 0
