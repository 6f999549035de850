"""Time the server side of /history/ for five years and for one month of history, in-process.

Seeds a throwaway SQLite database with `manage.py seed_demo` (the demo person with
--years of history, and one with a month), then renders /history/ (each period, and
/history/report/) through Django's test Client N times and prints the median and
95th percentile in milliseconds, cold (the page's cached fragment cleared before each
render: the whole work, as after every change the person makes) and cached, then the
budget's ratio of five years to one month from cold renders taken in turns. No
network, no web server: this is the view, its queries and the templates. Run from
the project root:

    .venv/bin/python bench/history_timing.py            # 200 renders each
    .venv/bin/python bench/history_timing.py -n 50 --years 1
"""

import argparse
import statistics
import time

import inprocess


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="renders per page (default 200)")
    parser.add_argument("--years", type=float, default=5, help="years of demo history (default 5)")
    args = parser.parse_args()

    inprocess.setup("limber-history-timing-")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("seed_demo", years=args.years, verbosity=0)
    call_command("seed_demo", users=1, years=1 / 12, prefix="month", verbosity=0)

    from django.core.cache import cache

    from accounts.models import User
    from routines.models import Session

    print(f"{args.n} renders each; cold = the cached fragment cleared before each render")
    print(f"{'person':<8} {'page':<26} {'cold median':>11} {'p95':>6} {'cached':>7} {'queries':>8}")
    clients = {}
    for username in ("demo", "month"):
        client = clients[username] = Client()
        client.force_login(User.objects.get(username=username))
        for url in ("/history/", "/history/?period=12m", "/history/?period=all", "/history/report/"):
            assert client.get(url).status_code == 200  # warm up
            queries: list[str] = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            cache.clear()
            with connection.execute_wrapper(count):
                client.get(url)
            cold = timed(client, url, args.n, before=cache.clear)
            cached = timed(client, url, args.n)
            print(
                f"{username:<8} {url:<26} {statistics.median(cold):>11.1f} {percentile(cold, 95):>6.1f} "
                f"{statistics.median(cached):>7.1f} {len(queries):>8}"
            )
    # The budget's ratio, from cold renders taken in turns (5 years, 1 month, 5 years, ...), so
    # that both see the same machine as it drifts.
    cold = {username: [] for username in clients}
    for _ in range(args.n):
        for username, client in clients.items():
            cold[username] += timed(client, "/history/", 1, before=cache.clear)
    ratio = statistics.median(cold["demo"]) / statistics.median(cold["month"])
    sessions = Session.objects.filter(user__username="demo").count()
    print(
        f"demo has {sessions} sessions over {args.years:g} years; /history/ cold, interleaved, "
        f"demo ÷ month: {ratio:.2f} (budget ≤ 1.2)"
    )


def timed(client, url: str, n: int, before=lambda: None) -> list[float]:
    timings = []
    for _ in range(n):
        before()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return timings


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1)]


if __name__ == "__main__":
    main()
