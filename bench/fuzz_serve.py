"""Hostile query strings at every page of a server run as `make serve` runs it; its log must hold no traceback.

The property tests (tests/test_hostile_input.py) throw the same classes of values at every
form and page in process; this checks the real server end to end: gunicorn with DEBUG off
on a fresh database (SQLite, or DATABASE_URL's made anew) with a year of one person's
history, each page asked anonymously and signed in with random mixes of far and impossible
dates, Unicode digits, NUL, lone surrogates, deep JSON and very long values. It fails on any
answer of 500 or more, any dropped connection, or any traceback in the server's log.
Run: `.venv/bin/python bench/fuzz_serve.py` (about a minute).
"""

import os
import random
import shutil
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import ROOT, Side, free_port, fresh_database, login_cookie, server_env, start_gunicorn, stop
from bench.slow_clients import get

VALUES = [
    *("", "0", "-1", "9" * 40, "1e309", "NaN", "null", "[]", "{}", "<script>", "../../etc/passwd"),
    *("0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13", "2026-00", "2026-W53", "+00:00"),
    *("٣", "１２", "−5", "∞", "\x00", "%00", "\ud800", "a" * 5000, "hip " * 60, '{"a":' * 200),
]
PARAMS = ["q", "month", "start", "end", "period", "move", "day", "week", "page", "area", "equipment", "kind"]
PARAMS += ["position", "next", "from", "to"]
PAGES = [
    *("/", "/today/", "/library/", "/library/glute-bridge/", "/routines/", "/routines/starters/"),
    *("/routines/{r}/", "/routines/{r}/play/", "/schedule/", "/calendar/", "/history/", "/history/report/"),
    *("/history/export.csv", "/history/export.json", "/sessions/", "/sessions/new/", "/learn/", "/start/"),
    *("/safety/", "/sources/", "/accounts/login/", "/accounts/signup/", "/healthz"),
    *("/history/share/", "/history/shared/not-a-token/", "/history/psfs/", "/history/psfs/export.csv"),
    *("/routines/{r}/play/run/", "/routines/{r}/edit/", "/offline/", "/offline/pages.json", "/sw.js"),
    *("/manifest.webmanifest", "/accounts/settings/", "/accounts/export/"),
]
TRIES_PER_PAGE = 40


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="limber-fuzz-"))
    port = free_port()
    side = Side("this tree", ROOT, server_env(fresh_database(os.environ.get("DATABASE_URL"), workdir, 0), None, port))
    side.port = port
    bad: list[str] = []
    statuses: dict[int, int] = {}
    try:
        side.manage("migrate", "--no-input", "-v0")
        side.manage("collectstatic", "--no-input", "-v0")
        side.manage("seed_demo", "--users", "1", "--years", "1")
        cookie = login_cookie(side, "demo")
        routine = side.shell(
            "from routines.models import Routine; print(Routine.objects.filter(owner__username='demo').first().pk)"
        ).strip()
        with open(workdir / "server.log", "w") as log:
            start_gunicorn(side, log=log)
            rng = random.Random(7)
            for page in PAGES:
                path = page.format(r=routine)
                for _ in range(TRIES_PER_PAGE):
                    params = {rng.choice(PARAMS): rng.choice(VALUES) for _ in range(rng.randint(1, 4))}
                    query = urllib.parse.urlencode(params, errors="surrogatepass")
                    for who in ("", cookie):
                        status, _ = get(f"{side.base}{path}?{query}", who)
                        statuses[status] = statuses.get(status, 0) + 1
                        if status == 0 or status >= 500:
                            bad.append(f"{status} {path}?{query[:200]}")
            stop(side)
        tracebacks = (workdir / "server.log").read_text().count("Traceback")
    finally:
        stop(side)
        shutil.rmtree(workdir, ignore_errors=True)
    answers = dict(sorted(statuses.items()))
    print(f"{sum(statuses.values())} requests, answers {answers}; tracebacks in the log: {tracebacks}")
    print("\n".join(bad[:20]))
    if bad or tracebacks:
        sys.exit(1)


if __name__ == "__main__":
    main()
