"""Time the server side of /history/ for the five-year demo user, in-process.

Seeds a throwaway SQLite database with `manage.py seed_demo --years 5`, then renders
/history/ (and /history/report/, and each period) through Django's test Client as
the logged-in demo user N times and prints the median and 95th percentile in
milliseconds. No network, no web server: this is the view, its queries and the
templates. Run from the project root:

    .venv/bin/python bench/history_timing.py            # 200 renders each
    .venv/bin/python bench/history_timing.py -n 50 --years 1
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="renders per page (default 200)")
    parser.add_argument("--years", type=float, default=5, help="years of demo history (default 5)")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="limber-history-timing-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/timing.sqlite3"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "history-timing-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    # WhiteNoise warns that collectstatic has not run; the pages are timed, not their files.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    # As the tests do: the Client's host, plain HTTP, and static files without collectstatic.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    call_command("seed_demo", years=args.years, verbosity=0)

    from accounts.models import User
    from routines.models import Session

    demo = User.objects.get(username="demo")
    client = Client()
    client.force_login(demo)
    sessions = Session.objects.filter(user=demo).count()
    print(f"demo: {sessions} sessions over {args.years:g} years; {args.n} renders each")
    print(f"{'page':<34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for url in ("/history/", "/history/?period=12m", "/history/?period=all", "/history/report/"):
        assert client.get(url).status_code == 200  # warm up
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        timings = []
        for _ in range(args.n):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        print(f"{url:<34} {statistics.median(timings):>10.1f} {p95:>8.1f} {len(queries):>8}")


if __name__ == "__main__":
    main()
