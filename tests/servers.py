"""Limber in processes of its own, for the tests that need one: served as `make serve` serves it,
or started with an environment of the test's choosing (run_django).

gunicorn with config/gunicorn.py, DEBUG off and hashed static files, on a loopback port of
its own, with whatever database and cache the test's environment names. A test can kill it
(SIGKILL, as when a machine dies), stop it (SIGTERM) and start it again.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "hips-and-backs-2026"
# What `make serve` needs besides SECRET_KEY and a database, for plain HTTP on the loopback.
SERVE_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "WEB_CONCURRENCY": "2",
}
# Python for `manage.py shell -c`: Pat (voice and sounds off) and Pat's two-move "Morning hips",
# left in `user` and `routine` for whatever the caller appends.
PAT_AND_ROUTINE = (
    "from accounts.models import User; from routines.models import Exercise, Routine;"
    f"user = User.objects.create_user('pat', 'pat@example.com', '{PASSWORD}', voice_on=False, sound_on=False);"
    "routine = Routine.objects.create(owner=user, name='Morning hips');"
    "routine.add_item(Exercise.objects.get(slug='kneeling-hip-flexor-stretch'));"
    "routine.add_item(Exercise.objects.get(slug='glute-bridge'));"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def manage(env: dict[str, str], *args: str) -> str:
    """Run a manage.py command in that environment and return what it printed."""
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def prepare(env: dict[str, str]) -> None:
    """Do what `make serve` does before it starts gunicorn: static files, migrations, the library."""
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_library", "-v0")


class Gunicorn:
    """One gunicorn master and its workers, in a process group of their own."""

    def __init__(self, env: dict[str, str]) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.env = {**env, "BIND": f"127.0.0.1:{port}"}
        self.process: subprocess.Popen | None = None

    def start(self, seconds: float = 30) -> None:
        """Start gunicorn and return once it answers /healthz."""
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--config", "config/gunicorn.py"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):
                    return
            except OSError:
                pass
            try:
                self.process.wait(timeout=0.1)  # not up yet: give it a moment, unless it died
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError("gunicorn exited while starting")
        raise RuntimeError(f"gunicorn on {self.url} did not answer /healthz")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the master and its workers: no graceful shutdown, as when a machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM: gunicorn's graceful shutdown."""
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)


def clean_environ() -> dict[str, str]:
    """Return this process's environment less the settings a test sets itself."""
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in unset}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean_environ(), "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
