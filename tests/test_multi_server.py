"""Two app servers on one PostgreSQL database and one Redis, as the README's "Scaling out" says.

Each server is gunicorn as `make serve` runs it (DEBUG off, hashed static files), on a
loopback port of its own, with a database made for this test and a Redis server the
test starts itself, so that it can kill Redis and start it again without touching
anything else. One person (one cookie jar) moves between the two servers as a load
balancer would send them.

It runs when DATABASE_URL points at PostgreSQL and REDIS_URL is set (`.ci/run`'s third
run); with REQUIRE_REDIS set, a missing PostgreSQL or Redis fails instead of skipping.
"""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid

import dj_database_url
import psycopg
import pytest
from django.conf import settings

from routines.models import Session

from .servers import PASSWORD, PAT_AND_ROUTINE, SERVE_ENV, Gunicorn, free_port, manage, prepare, wait_until

SETUP = (
    PAT_AND_ROUTINE + "from bench.payloads import save_payload;"
    f"User.objects.create_user('sam', 'sam@example.com', '{PASSWORD}');"
    "print(json.dumps({'routine': routine.pk, 'payload': save_payload('pat')}))"
)


@pytest.fixture(scope="module")
def postgres_and_redis() -> str:
    database_url = os.environ.get("DATABASE_URL", "")
    missing = []
    if not database_url.startswith(("postgres://", "postgresql://")):
        missing.append("DATABASE_URL pointing at PostgreSQL")
    if not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if missing:
        reason = "the multi-server test needs " + ", ".join(missing)
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(reason)
        pytest.skip(reason)
    return database_url


class Redis:
    """A Redis server of this test's own: no persistence, so a kill loses everything in it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_until(lambda: self.ask("PING") == "PONG", "Redis to start")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def ask(self, *command: str) -> str:
        """Send one command and return the first line of the answer ('' when Redis is down)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
                parts = [f"${len(part)}\r\n{part}\r\n" for part in command]
                connection.sendall(f"*{len(command)}\r\n{''.join(parts)}".encode())
                reply = connection.recv(65536).decode()
        except OSError:
            return ""
        if reply.startswith("$"):  # a bulk string: its length, then the text
            return reply.split("\r\n", 1)[1]
        return reply[1:].split("\r\n")[0]

    def keys(self) -> int:
        return int(self.ask("DBSIZE"))

    def misses(self) -> int:
        return int(re.search(r"keyspace_misses:(\d+)", self.ask("INFO", "stats")).group(1))


# Behind a load balancer both servers see the site's one address, whatever port each listens on
# (a cached page is kept per address: it may hold its own links).
SITE = {"Host": "127.0.0.1"}


class Person:
    """One browser: a cookie jar that the load balancer sends to either server."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(urllib.request.Request(url, headers=SITE), timeout=20) as response:
            return response.status, response.url, response.read().decode()

    def post(self, url: str, data: bytes, headers: dict[str, str]) -> tuple[int, str]:
        request = urllib.request.Request(url, data=data, headers=SITE | headers, method="POST")
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def log_in(self, server: Gunicorn, username: str = "pat", password: str = PASSWORD) -> int:
        _, _, page = self.get(f"{server.url}/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        status, _ = self.post(
            f"{server.url}/accounts/login/", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        return status

    def save(self, server: Gunicorn, routine: int, payload: str) -> dict:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf(), "Accept": "application/json"}
        status, body = self.post(f"{server.url}/routines/{routine}/play/save/", payload.encode(), headers)
        assert status in (200, 201), body
        return json.loads(body)

    def page(self, server: Gunicorn, path: str) -> str:
        status, url, body = self.get(f"{server.url}{path}")
        assert status == 200 and urllib.parse.urlsplit(url).path == path, f"{path} on {server.url} went to {url}"
        return body


@pytest.fixture(scope="module")
def cluster(postgres_and_redis):
    admin = dj_database_url.parse(postgres_and_redis)
    name = f"limber_multi_{secrets.token_hex(4)}"
    admin_dsn = f"host={admin['HOST'] or '127.0.0.1'} port={admin['PORT'] or 5432} user={admin['USER']} dbname=postgres"
    if admin["PASSWORD"]:
        admin_dsn += f" password={admin['PASSWORD']}"
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    redis = Redis()
    redis.start()
    base = urllib.parse.urlsplit(postgres_and_redis)
    env = {
        **os.environ,
        **SERVE_ENV,
        "SECRET_KEY": "multi-server-test-secret-key-shared-by-both-servers",
        "DATABASE_URL": base._replace(path=f"/{name}").geturl(),
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
    }
    servers = [Gunicorn(env), Gunicorn(env)]
    try:
        prepare(env)
        seeded = json.loads(manage(env, "shell", "-c", f"import json; {SETUP}").splitlines()[-1])
        for server in servers:
            server.start()
        dsn = admin_dsn.replace("dbname=postgres", f"dbname={name}")
        yield {"servers": servers, "redis": redis, "dsn": dsn, **seeded}
    finally:
        for server in servers:
            if server.running():
                server.stop()
        if redis.process.poll() is None:
            redis.kill()
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sessions_in(dsn: str) -> list[tuple]:
    with psycopg.connect(dsn) as connection:
        return connection.execute(f"SELECT client_id FROM {Session._meta.db_table}").fetchall()


def payload_for(template: str) -> str:
    return template.replace("CLIENT_ID", str(uuid.uuid4()))


def test_two_servers_share_people_sessions_pages_and_lockouts(cluster):
    first, second = cluster["servers"]
    redis = cluster["redis"]
    pat = Person()

    # Logged in on the first, logged in on the second: the session is in the shared
    # database and its copy in the shared Redis.
    assert pat.log_in(first) == 200
    assert "Log out" in pat.page(second, "/today/")
    assert redis.keys() >= 1

    # A page the first server cached is served from the same cache by the second.
    assert "No sessions yet" in pat.page(first, "/history/")
    misses = redis.misses()
    assert "No sessions yet" in pat.page(second, "/history/")
    assert redis.misses() == misses, "the second server did not find the first's session and page in Redis"

    # Saved on the second, shown by the first at once: no stale page anywhere.
    payload = payload_for(cluster["payload"])
    saved = pat.save(second, cluster["routine"], payload)
    assert saved["created"] is True
    assert re.search(r'id="total-sessions"[^>]*>\s*1\s*<', pat.page(first, "/history/"))
    assert f"/sessions/{saved['id']}/" in pat.page(first, "/today/")

    # The outbox retries on whichever server it reaches: still one session.
    retried = pat.save(first, cluster["routine"], payload)
    assert retried["created"] is False and retried["id"] == saved["id"]
    assert len(sessions_in(cluster["dsn"])) == 1


def test_a_lockout_counted_on_one_server_holds_on_the_other(cluster):
    first, second = cluster["servers"]
    guesser = Person()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert guesser.log_in(first, "sam", password="not-the-password") in (200, 429)
    assert guesser.log_in(second, "sam") == 429


def test_redis_dying_logs_nobody_out_and_loses_nothing(cluster):
    first, second = cluster["servers"]
    redis = cluster["redis"]
    pat = Person()
    assert pat.log_in(first) == 200
    before = len(sessions_in(cluster["dsn"]))

    redis.kill()
    assert "Log out" in pat.page(second, "/today/")
    assert "Log out" in pat.page(first, "/history/")
    saved = pat.save(second, cluster["routine"], payload_for(cluster["payload"]))
    assert saved["created"] is True
    assert len(sessions_in(cluster["dsn"])) == before + 1
    assert f"/sessions/{saved['id']}/" in pat.page(first, "/today/")

    # Back again, empty: the servers use it again by themselves, and still nobody is logged out.
    redis.start()
    assert redis.keys() == 0

    def cached_again() -> bool:
        pat.page(first, "/history/")
        pat.page(second, "/history/")
        return redis.keys() > 0

    wait_until(cached_again, "the servers to use Redis again")
    assert "Log out" in pat.page(second, "/today/")
