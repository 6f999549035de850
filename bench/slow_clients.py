"""Twenty anonymous clients send the slowest requests found while a signed-in person loads Today.

Bounded and on loopback only: gunicorn as `make serve` runs it, on a fresh SQLite
database (or DATABASE_URL's, made anew) with one person's year of history; 20
threads send long library searches (fifty words, different each time, so no
cached page answers them) and far-date calendar and report addresses, for
--seconds, while one signed-in client loads /today/ one request after another.
It prints Today's p50 and p99, and fails when Today's p99 is over 100 ms or any
request errs or times out. Run: `.venv/bin/python bench/slow_clients.py`
(see docs/performance.md).
"""

import argparse
import os
import random
import shutil
import string
import sys
import tempfile
import threading
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


def slow_path(rng: random.Random) -> str:
    if rng.random() < 0.8:
        words = "+".join(rng.choice(string.ascii_lowercase) for _ in range(50))
        return f"/library/?q={words}"
    return rng.choice(FAR)


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
        stop_at = time.monotonic() + args.seconds
        slow: list[tuple[int, float]] = []

        def hammer(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < stop_at:
                slow.append(get(side.base + slow_path(rng)))

        threads = [threading.Thread(target=hammer, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        today = []
        while time.monotonic() < stop_at:
            today.append(get(side.base + "/today/", cookie))
        for thread in threads:
            thread.join()
    finally:
        stop(side)
        shutil.rmtree(workdir, ignore_errors=True)

    times = [ms for _, ms in today]
    bad_today = [status for status, _ in today if status != 200]
    bad_slow = [status for status, _ in slow if status not in (200, 302)]
    p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
    verdict = "ok" if p99 < BUDGET_P99_MS and not bad_today and not bad_slow else "OVER"
    print(
        f"{CLIENTS} anonymous clients sent {len(slow)} slow requests ({len(bad_slow)} failed or timed out) "
        f"in {args.seconds} s; /today/ signed in: {len(today)} requests, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"{len(bad_today)} failed (budget p99 < {BUDGET_P99_MS:.0f} ms, nothing fails): {verdict}"
    )
    if verdict != "ok":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
