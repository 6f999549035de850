"""Weigh the player's pages as a phone downloads them: the HTML, CSS and JS, gzip-compressed,
and what working offline adds to every page (the worker, its registering script, the manifest).

The budget is 60 KB compressed for a page with everything it loads; nothing comes from
another origin (tests/test_page_weight.py checks both). WhiteNoise stores CSS and JS
gzip-compressed (level 9) and a front proxy compresses HTML the same way, so that is
what is counted. Pictures are inline SVG, so they are in the HTML. Run from the project
root; it prints a table for docs/performance.md:

    .venv/bin/python bench/page_weight.py
"""

import gzip
import re
import sys
from pathlib import Path

BUDGET_BYTES = 60 * 1024
# What working offline adds to a page: the script that registers the worker, the worker (the
# browser fetches it again on each visit to look for a deploy) and the manifest.
OFFLINE_BUDGET_BYTES = 10 * 1024
OFFLINE_ADDRESSES = ("/static/js/offline.js", "/sw.js", "/manifest.webmanifest")
ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="(/static/[^"]+\.(?:css|js))"')


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def weigh(client, url: str) -> list[tuple[str, int, int]]:
    """Return (address, bytes, gzipped bytes) for the page and each stylesheet and script it loads."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    rows = [(url, len(response.content), gzipped(response.content))]
    for path in dict.fromkeys(ASSET.findall(response.content.decode())):
        data = Path(finders.find(path.removeprefix(settings.STATIC_URL))).read_bytes()
        rows.append((path, len(data), gzipped(data)))
    return rows


def offline_rows(client) -> list[tuple[str, int, int]]:
    """Return (address, bytes, gzipped bytes) for what offline use adds to every page."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    rows = []
    for address in OFFLINE_ADDRESSES:
        if address.startswith(settings.STATIC_URL):
            data = Path(finders.find(address.removeprefix(settings.STATIC_URL))).read_bytes()
        else:
            response = client.get(address)
            assert response.status_code == 200, f"{address} answered {response.status_code}"
            data = response.content
        rows.append((address, len(data), gzipped(data)))
    return rows


def player_urls(client, routine) -> list[str]:
    """Check in to the routine (so the player itself opens) and return the check-in's and the player's addresses."""
    check_in = f"/routines/{routine.pk}/play/"
    client.post(check_in, {"pain": "3", "no_flags": "on"})
    return [check_in, f"/routines/{routine.pk}/play/run/"]


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import inprocess

    inprocess.setup("limber-page-weight-")
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from routines.models import Routine

    call_command("load_library", verbosity=0)
    user = User.objects.create_user("weigh", "weigh@example.com", "page-weight-only")
    # The starter with the most moves: the player page grows with each move's picture.
    starter = max(Routine.objects.starters(), key=lambda routine: routine.items.count())
    routine = starter.copy_for(user)
    client = Client()
    client.force_login(user)
    print(f"Routine: {routine.name} ({routine.items.count()} moves). Budget {BUDGET_BYTES // 1024} KB a page.\n")
    print("| page and what it loads | bytes | gzipped |")
    print("| --- | ---: | ---: |")
    for url in player_urls(client, routine):
        rows = weigh(client, url)
        for address, size, packed in rows:
            print(f"| {address} | {size:,} | {packed:,} |")
        total = sum(packed for _, _, packed in rows)
        verdict = "ok" if total < BUDGET_BYTES else "OVER"
        print(f"| **{url} in all** | {sum(size for _, size, _ in rows):,} | **{total:,}** ({verdict}) |")
    rows = offline_rows(client)
    print(f"\nWhat working offline adds to a page (budget {OFFLINE_BUDGET_BYTES // 1024} KB):\n")
    print("| address | bytes | gzipped |")
    print("| --- | ---: | ---: |")
    for address, size, packed in rows:
        print(f"| {address} | {size:,} | {packed:,} |")
    total = sum(packed for _, _, packed in rows)
    verdict = "ok" if total <= OFFLINE_BUDGET_BYTES else "OVER"
    print(f"| **offline in all** | {sum(size for _, size, _ in rows):,} | **{total:,}** ({verdict}) |")


if __name__ == "__main__":
    main()
