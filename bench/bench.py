"""Load-test Limber as `make serve` runs it, and write the figures to docs/performance.md.

Seeds a fresh database (one person with five years of history, one with a
month), starts gunicorn with config/gunicorn.py, and drives each page with wrk
on loopback as a logged-in person: 8 connections, 2 threads, for --seconds
each. Run it through bench/run.

With --against REV, the code at REV is checked out in a temporary git worktree,
seeded and served the same way beside this tree (identical data: seed_demo is
seeded), and each page is loaded on one then the other, page by page, so that
both see the same machine; the report gives the ratio. On a shared machine only
such ratios mean anything.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CONNECTIONS = 8
BUDGET_FRACTION = 0.40
SHARED_REPORT = "/history/shared/<token>/ (5 years, anonymous)"
# A page with its own budget, as a share of the ceiling's requests per second.
BUDGET_FRACTIONS = {SHARED_REPORT: 0.25}
BUDGET_P99_MS = 50.0
BUDGET_HISTORY_RATIO = 1.2

LUA = """
local body_template = @BODY@
math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
local function uuid4()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end
local headers = {["Cookie"] = @COOKIE@, ["X-CSRFToken"] = @CSRF@, ["Referer"] = @BASE@ .. "/",
                 ["Content-Type"] = "application/json"}
request = function()
  if body_template == nil then return wrk.format("GET", @PATH@, headers) end
  local body = string.gsub(body_template, "CLIENT_ID", uuid4())
  return wrk.format("POST", @PATH@, headers, body)
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "p50": %f, "p99": %f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
"""


@dataclass
class Side:
    """One copy of Limber under test: this tree, or the code at another revision."""

    name: str
    root: Path
    env: dict
    port: int = 0
    server: subprocess.Popen | None = None
    targets: list = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        command = [PYTHON, "manage.py", *args]
        return subprocess.run(command, cwd=self.root, env=self.env, check=True, capture_output=True, text=True).stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(database_url: str | None, workdir: Path, number: int) -> str:
    """A new, empty database for one side: a SQLite file, or a PostgreSQL database made anew."""
    if not database_url or database_url.startswith("sqlite"):
        return f"sqlite:///{workdir / f'bench{number}.sqlite3'}"
    import psycopg

    parts = urlsplit(database_url)
    name = f"{parts.path.lstrip('/') or 'limber_bench'}_{number}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def own_redis(redis_url: str | None, number: int) -> str | None:
    """Each side gets its own Redis database, emptied: equal seeded data means equal cache keys."""
    if not redis_url:
        return None
    import redis

    parts = urlsplit(redis_url)
    url = parts._replace(path=f"/{int(parts.path.lstrip('/') or 0) + number}").geturl()
    redis.Redis.from_url(url).flushdb()
    return url


def server_env(database_url: str, redis_url: str | None, port: int) -> dict:
    """Return the environment `make serve` would run with, on plain HTTP on loopback."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "BIND": f"127.0.0.1:{port}",
        "DATABASE_URL": database_url,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def login_cookie(side: Side, username: str) -> str:
    code = (
        "from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, SESSION_KEY, HASH_SESSION_KEY;"
        "from importlib import import_module; from django.conf import settings;"
        "SessionStore = import_module(settings.SESSION_ENGINE).SessionStore;"
        f"u = get_user_model().objects.get(username={username!r});"
        "s = SessionStore(); s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    return f"sessionid={side.shell(code)}"


# The search that once stalled the site: fifty words, in the hundred characters the box takes.
FIFTY_WORDS = "+".join("hipstretchlyingkneesbackwallsquatbridgecatcowmatseatedstandingabcdefghijklmno"[:50])
FIRST_ROUTINE = "from routines.models import Routine; print(Routine.objects.get(owner__username='demo').pk)"
SAVE_BODY = "from bench.payloads import save_payload; print(save_payload('demo'))"
# A report link for the five-year person; a revision without report links prints "-",
# and its row then says "not built yet".
REPORT_LINK = (
    "try:\n"
    "    from accounts.models import User\n"
    "    from routines.models.share import make_share\n"
    "    print(make_share(User.objects.get(username='demo'), days=90, include_notes=True, show_name=True)[1])\n"
    "except ImportError:\n"
    "    print('-')"
)


def prepare(side: Side) -> None:
    """Seed the side's database and build its list of (label, path, cookie, body) to load."""
    side.manage("migrate", "--no-input", "-v0")
    side.manage("collectstatic", "--no-input", "-v0")
    side.manage("seed_demo", "--users", "1", "--years", "5")
    side.manage("seed_demo", "--users", "1", "--years", "0.0833", "--prefix", "month")
    five_years, one_month = login_cookie(side, "demo"), login_cookie(side, "month")
    routine = int(side.shell(FIRST_ROUTINE))
    body = side.shell(SAVE_BODY)
    report_token = side.shell(REPORT_LINK)
    side.targets = [
        ("ceiling: /healthz?db=0", "/healthz?db=0", five_years, None),
        ("/today/", "/today/", five_years, None),
        ("/library/?q=hip", "/library/?q=hip", five_years, None),
        ("/library/ 50 words (anonymous)", f"/library/?q={FIFTY_WORDS}", "", None),
        ("/routines/<id>/", f"/routines/{routine}/", five_years, None),
        ("/routines/<id>/play/", f"/routines/{routine}/play/", five_years, None),
        ("/history/ (5 years)", "/history/", five_years, None),
        ("/history/ (1 month)", "/history/", one_month, None),
        ("/calendar/", "/calendar/", five_years, None),
        ("save session (POST)", f"/routines/{routine}/play/save/", five_years, body),
        (SHARED_REPORT, f"/history/shared/{report_token}/", "", None),
    ]


def start_gunicorn(side: Side, app: str = "config.wsgi", log=None) -> None:
    """Start gunicorn as `make serve` does and return once it answers; ``log``, an open file,
    takes its output."""
    side.server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), app, "--config", "config/gunicorn.py"],
        cwd=side.root,
        env=side.env,
        start_new_session=True,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if probe(side.base + "/healthz", "") == 200:
            return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn for {side.name} did not answer /healthz in time")


def stop(side: Side) -> None:
    if side.server is not None and side.server.poll() is None:
        os.killpg(side.server.pid, signal.SIGTERM)
        side.server.wait(timeout=30)


def probe(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def run_wrk(base: str, path: str, cookie: str, csrf: str, seconds: int, body: str | None = None) -> dict:
    lua = (
        LUA.replace("@BODY@", json.dumps(body) if body else "nil")
        .replace("@COOKIE@", json.dumps(cookie))
        .replace("@CSRF@", json.dumps(csrf))
        .replace("@BASE@", json.dumps(base))
        .replace("@PATH@", json.dumps(path))
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", script.name, base + path],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    found = re.search(r"^RESULT (.*)$", output, re.M)
    if not found:
        raise SystemExit(f"wrk printed no result for {path}:\n{output}")
    result = json.loads(found.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["errors"] += int(non2xx.group(1)) if non2xx else 0
    result["rps"] = result["requests"] / result["seconds"]
    return result


def load(side: Side, label: str, path: str, cookie: str, body: str | None, seconds: int) -> dict | None:
    csrf = secrets.token_hex(16)
    cookies = f"{cookie}; csrftoken={csrf}" if cookie else ""
    if probe(side.base + path, cookies) == 404:
        print(f"{side.name:>10}  {label:28} not built yet (404)", flush=True)
        return None
    result = run_wrk(side.base, path, cookies, csrf, seconds, body)
    print(
        f"{side.name:>10}  {label:28} {result['rps']:8.1f} req/s  p50 {result['p50']:6.1f} ms"
        f"  p99 {result['p99']:6.1f} ms  errors {result['errors']}",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="how long each page is loaded")
    parser.add_argument("--against", metavar="REV", help="also serve the code at REV and compare, page by page")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md alone")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="limber-bench-"))
    roots = [("this tree", ROOT)]
    if args.against:
        worktree = workdir / "against"
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), args.against], cwd=ROOT, check=True)
        roots.append((args.against, worktree))
    sides = []
    bare = Side("bare", ROOT, {**os.environ, "BIND": ""}, free_port())
    bare.env["BIND"] = f"127.0.0.1:{bare.port}"
    load_before = os.getloadavg()
    try:
        for number, (name, root) in enumerate(roots):
            port = free_port()
            database = fresh_database(os.environ.get("DATABASE_URL"), workdir, number)
            env = server_env(database, own_redis(os.environ.get("REDIS_URL"), number), port)
            side = Side(name, root, env, port)
            print(f"Seeding {name}: {database} …", flush=True)
            prepare(side)
            start_gunicorn(side)
            sides.append(side)
        start_gunicorn(bare, "bench.bare:application")
        reference = load(bare, "bare Django view", "/healthz", "", None, args.seconds)
        stop(bare)
        # Page by page, this tree then the other (A B A B …): both meet the same machine.
        rows = []
        for index, (label, *_rest) in enumerate(sides[0].targets):
            row = {"label": label}
            for side in sides:
                _, path, cookie, body = side.targets[index]
                row[side.name] = load(side, label, path, cookie, body, args.seconds)
            rows.append(row)
    finally:
        for side in [*sides, bare]:
            stop(side)
        if args.against:
            subprocess.run(["git", "worktree", "remove", "--force", str(workdir / "against")], cwd=ROOT, check=False)
        shutil.rmtree(workdir, ignore_errors=True)

    report = render_report(rows, [side.name for side in sides], reference, args.seconds, (load_before, os.getloadavg()))
    print(report)
    if not args.no_write:
        write_report(report)


def render_report(rows: list[dict], names: list[str], reference: dict, seconds: int, loads: tuple) -> str:
    """The table for docs/performance.md: this tree's figures, and the ratio to the other side's if any."""
    this, other = names[0], names[1] if len(names) > 1 else None
    ceiling = rows[0][this]["rps"]
    load_text = " → ".join(f"{before:.2f}" for before, *_ in loads)
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `bench/run{f' --against {other}' if other else ''}` "
        f"({CONNECTIONS} connections, {seconds} s a page, {os.cpu_count()} cores, load average {load_text}).",
        "",
        f"For scale, a bare Django view on the same gunicorn: {reference['rps']:.0f} req/s"
        f" (p99 {reference['p99']:.1f} ms); Limber's ceiling is {ceiling / reference['rps']:.0%} of it.",
        "",
    ]
    if other:
        lines += [
            f"| page | {other} req/s | req/s | × {other} | {other} p99 ms | p99 ms | of ceiling | errors | budget |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
    else:
        lines += [
            "| page | req/s | p50 ms | p99 ms | of ceiling | errors | budget |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
    for row in rows:
        result = row[this]
        if result is None:
            continue
        fraction = result["rps"] / ceiling
        budget = BUDGET_FRACTIONS.get(row["label"], BUDGET_FRACTION)
        ok = (row is rows[0] or fraction >= budget) and result["p99"] < BUDGET_P99_MS
        ok = ok and result["errors"] == 0
        verdict = "ok" if ok else "OVER"
        if other:
            before = row[other]
            ratio = f"{result['rps'] / before['rps']:.2f}" if before else "new"
            before_rps = f"{before['rps']:.0f}" if before else "–"
            before_p99 = f"{before['p99']:.1f}" if before else "–"
            lines.append(
                f"| {row['label']} | {before_rps} | {result['rps']:.0f} | {ratio} | {before_p99} "
                f"| {result['p99']:.1f} | {fraction:.0%} | {result['errors']} | {verdict} |"
            )
        else:
            lines.append(
                f"| {row['label']} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} "
                f"| {fraction:.0%} | {result['errors']} | {verdict} |"
            )
    history = {row["label"]: row[this] for row in rows if row["label"].startswith("/history/") and row[this]}
    if len(history) == 2:
        ratio = history["/history/ (5 years)"]["p50"] / history["/history/ (1 month)"]["p50"]
        verdict = "ok" if ratio <= BUDGET_HISTORY_RATIO else "OVER"
        lines += ["", f"History 5 years vs 1 month: p50 ratio {ratio:.2f} (budget ≤ {BUDGET_HISTORY_RATIO}): {verdict}"]
    return "\n".join(lines)


def write_report(report: str) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    path.write_text(f"{before}{start}\n{report}\n{end}{after}")
    print(f"Wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
