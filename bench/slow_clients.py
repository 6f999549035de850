"""Twenty anonymous clients send the slowest requests found while a signed-in person loads Today.

Bounded and on loopback only: gunicorn as `make serve` runs it, on a fresh SQLite
database (or DATABASE_URL's, made anew) with one person's year of history; wrk holds
20 connections sending long library searches (fifty words, different each time, so no
cached page answers them) and far-date calendar and report addresses, for --seconds,
while one signed-in client loads /today/ one request after another. (wrk, not Python
threads, sends the load: twenty threads of Python took most of a core from the server,
which an attacker's own machine would not.)
It prints Today's p50 and p99, and fails when Today's p99 is over 100 ms or any
request errs or times out. Run: `.venv/bin/python bench/slow_clients.py`
(see docs/performance.md).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import ROOT, Side, free_port, fresh_database, login_cookie, server_env, start_gunicorn, stop

CLIENTS = 20
TIMEOUT = 10
BUDGET_P99_MS = 100.0
FAR = ["/calendar/?month=0001-01", "/calendar/?month=9999-12", "/history/report/?start=0001-01-01&end=9999-12-31"]
# Four in five requests a fifty-letter search, the rest a far date; wrk counts every answer
# other than 2xx or 3xx, and every timeout, as an error.
LUA = """
math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
local far = {@FAR@}
request = function()
  if math.random() < 0.8 then
    local words = {}
    for i = 1, 50 do
      local n = math.random(97, 122)
      words[i] = string.char(n)
    end
    return wrk.format("GET", "/library/?q=" .. table.concat(words, "+"))
  end
  return wrk.format("GET", far[math.random(#far)])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %d\\n", summary.requests, errors))
end
"""


def start_wrk(base: str, seconds: int, script: Path) -> subprocess.Popen:
    script.write_text(LUA.replace("@FAR@", ", ".join(f'"{path}"' for path in FAR)))
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", f"--timeout={TIMEOUT}s", "-s", str(script), base]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def get(url: str, cookie: str = "") -> tuple[int, float]:
    """Return (status, milliseconds); status 0 for a timeout or a broken connection."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - began) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="limber-slow-"))
    port = free_port()
    side = Side("this tree", ROOT, server_env(fresh_database(os.environ.get("DATABASE_URL"), workdir, 0), None, port))
    side.port = port
    try:
        side.manage("migrate", "--no-input", "-v0")
        side.manage("collectstatic", "--no-input", "-v0")
        side.manage("seed_demo", "--users", "1", "--years", "1")
        cookie = login_cookie(side, "demo")
        start_gunicorn(side)
        load = start_wrk(side.base, args.seconds, workdir / "slow.lua")
        stop_at = time.monotonic() + args.seconds
        today = []
        while time.monotonic() < stop_at:
            today.append(get(side.base + "/today/", cookie))
        output = load.communicate(timeout=args.seconds + 60)[0]
    finally:
        stop(side)
        shutil.rmtree(workdir, ignore_errors=True)

    found = re.search(r"^RESULT (\d+) (\d+)$", output, re.M)
    if not found:
        raise SystemExit(f"wrk printed no result:\n{output}")
    slow, bad_slow = int(found.group(1)), int(found.group(2))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    bad_slow += int(non2xx.group(1)) if non2xx else 0
    times = [ms for _, ms in today]
    bad_today = [status for status, _ in today if status != 200]
    p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
    verdict = "ok" if p99 < BUDGET_P99_MS and not bad_today and not bad_slow else "OVER"
    print(
        f"{CLIENTS} anonymous clients sent {slow} slow requests ({bad_slow} failed or timed out) "
        f"in {args.seconds} s; /today/ signed in: {len(today)} requests, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"{len(bad_today)} failed (budget p99 < {BUDGET_P99_MS:.0f} ms, nothing fails): {verdict}"
    )
    if verdict != "ok":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
