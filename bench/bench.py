"""Load-test Limber as `make serve` runs it, and write the figures to docs/performance.md.

Seeds a fresh database (one person with five years of history, one with a
month), starts gunicorn with config/gunicorn.py, and drives each page with wrk
on loopback as a logged-in person: 8 connections, 2 threads, for --seconds
each. Run it through bench/run.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8877
BASE = f"http://127.0.0.1:{PORT}"
CONNECTIONS = 8
BUDGET_FRACTION = 0.25
BUDGET_P99_MS = 50.0
BUDGET_HISTORY_RATIO = 1.5

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


def manage(*args: str, env: dict, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else ""


def login_cookie(username: str, env: dict) -> str:
    code = (
        "from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, SESSION_KEY, HASH_SESSION_KEY;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        f"u = get_user_model().objects.get(username={username!r});"
        "s = SessionStore(); s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    return manage("shell", "-c", code, env=env, capture=True).strip().splitlines()[-1]


def first_routine_id(username: str, env: dict) -> int:
    code = f"from routines.models import Routine; print(Routine.objects.get(owner__username={username!r}).pk)"
    return int(manage("shell", "-c", code, env=env, capture=True).strip().splitlines()[-1])


def save_body(username: str, env: dict) -> str:
    """Return a valid session-save JSON body with CLIENT_ID where each request puts a fresh id."""
    code = f"from bench.payloads import save_payload; print(save_payload({username!r}))"
    return manage("shell", "-c", code, env=env, capture=True).strip().splitlines()[-1]


def server_env(database_url: str) -> dict:
    """Return the environment `make serve` would run with, on plain HTTP on loopback."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "BIND": f"127.0.0.1:{PORT}",
        "DATABASE_URL": database_url,
    }


def start_gunicorn(env: dict) -> subprocess.Popen:
    """Start gunicorn as `make serve` does and return once it answers."""
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--config", "config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    wait_until_up()
    return server


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wait_until_up(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in time")


def run_wrk(path: str, cookie: str, csrf: str, seconds: int, body: str | None = None) -> dict:
    lua = (
        LUA.replace("@BODY@", json.dumps(body) if body else "nil")
        .replace("@COOKIE@", json.dumps(cookie))
        .replace("@CSRF@", json.dumps(csrf))
        .replace("@BASE@", json.dumps(BASE))
        .replace("@PATH@", json.dumps(path))
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", script.name, BASE + path],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="how long each page is loaded")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md alone")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="limber-bench-"))
    env = server_env(os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}")
    print(f"Seeding {env['DATABASE_URL']} …", flush=True)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    manage("seed_demo", "--users", "1", "--years", "5", env=env)
    manage("seed_demo", "--users", "1", "--years", "0.0833", "--prefix", "month", env=env)
    cookie_5y = f"sessionid={login_cookie('demo', env)}"
    cookie_1m = f"sessionid={login_cookie('month', env)}"
    csrf = secrets.token_hex(16)
    routine = first_routine_id("demo", env)

    server = start_gunicorn(env)
    try:
        targets = [
            ("ceiling: /healthz?db=0", "/healthz?db=0", cookie_5y, None),
            ("/today/", "/today/", cookie_5y, None),
            ("/library/?q=hip", "/library/?q=hip", cookie_5y, None),
            ("/routines/<id>/", f"/routines/{routine}/", cookie_5y, None),
            ("/routines/<id>/play/", f"/routines/{routine}/play/", cookie_5y, None),
            ("/history/ (5 years)", "/history/", cookie_5y, None),
            ("/history/ (1 month)", "/history/", cookie_1m, None),
            ("/calendar/", "/calendar/", cookie_5y, None),
            ("save session (POST)", f"/routines/{routine}/play/save/", cookie_5y, save_body("demo", env)),
        ]
        results = []
        for label, path, cookie, body in targets:
            status = probe(path, f"{cookie}; csrftoken={csrf}")
            if status == 404:
                print(f"{label:28} not built yet (404)", flush=True)
                continue
            result = run_wrk(path, f"{cookie}; csrftoken={csrf}", csrf, args.seconds, body)
            result["label"] = label
            results.append(result)
            print(
                f"{label:28} {result['rps']:8.1f} req/s  p50 {result['p50']:6.1f} ms  p99 {result['p99']:6.1f} ms"
                f"  errors {result['errors']}",
                flush=True,
            )
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)

    report = render_report(results, args.seconds)
    print(report)
    if not args.no_write:
        write_report(report)


def probe(path: str, cookie: str) -> int:
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def render_report(results: list[dict], seconds: int) -> str:
    ceiling = results[0]["rps"]
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `bench/run` ({CONNECTIONS} connections, "
        f"{seconds} s a page, {os.cpu_count()} cores).",
        "",
        "| page | req/s | p50 ms | p99 ms | of ceiling | errors | budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        fraction = result["rps"] / ceiling
        ok = result is results[0] or (fraction >= BUDGET_FRACTION and result["p99"] < BUDGET_P99_MS)
        ok = ok and result["errors"] == 0
        lines.append(
            f"| {result['label']} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} "
            f"| {fraction:.0%} | {result['errors']} | {'ok' if ok else 'OVER'} |"
        )
    history = {r["label"]: r for r in results if r["label"].startswith("/history/")}
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
