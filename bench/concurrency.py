"""Fire 50 parallel session saves and 50 parallel routine edits at gunicorn on SQLite; count the rows.

Every save carries its own client id and ten of them are sent twice, as a
phone retrying would: exactly 50 sessions must exist afterwards. The edits are
25 parallel "add a move" requests to each of two routines (each must end with
25 items numbered 1..25) and then 50 parallel dose changes (each must stick).
Run: `.venv/bin/python bench/concurrency.py` (see docs/performance.md).
"""

import json
import secrets
import shutil
import sys
import tempfile
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench import FIRST_ROUTINE, ROOT, SAVE_BODY, Side, free_port, login_cookie, server_env, start_gunicorn, stop

PARALLEL = 50


def post(base: str, path: str, cookie: str, csrf: str, body: bytes, content_type: str) -> int:
    request = urllib.request.Request(
        base + path,
        data=body,
        method="POST",
        headers={
            "Cookie": f"{cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Referer": base + "/",
            "Content-Type": content_type,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def in_parallel(base: str, requests: list[tuple[str, str | dict]], cookie: str, csrf: str) -> list[int]:
    """POST every (path, JSON text or form dict) at once; return the status codes."""

    def send(request: tuple[str, str | dict]) -> int:
        path, body = request
        if isinstance(body, dict):
            return post(
                base, path, cookie, csrf, urllib.parse.urlencode(body).encode(), "application/x-www-form-urlencoded"
            )
        return post(base, path, cookie, csrf, body.encode(), "application/json")

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="limber-concurrency-"))
    port = free_port()
    # More workers than `make serve` uses, to press harder.
    env = {**server_env(f"sqlite:///{workdir / 'concurrency.sqlite3'}", None, port), "WEB_CONCURRENCY": "5"}
    side = Side("concurrency", ROOT, env, port)
    side.manage("migrate", "--no-input", "-v0")
    side.manage("collectstatic", "--no-input", "-v0")
    side.manage("seed_demo", "--users", "1", "--years", "0.1")
    cookie = login_cookie(side, "demo")
    csrf = secrets.token_hex(16)
    routine = int(side.shell(FIRST_ROUTINE))
    body = side.shell(SAVE_BODY)
    setup = (
        "from routines.models import Routine, Exercise, Session; from accounts.models import User;"
        "u = User.objects.get(username='demo');"
        "a = Routine.objects.create(owner=u, name='Parallel A');"
        "b = Routine.objects.create(owner=u, name='Parallel B');"
        "e = Exercise.objects.builtin().get(slug='camel-pose');"
        "print(a.pk, b.pk, e.pk, Session.objects.filter(user=u).count())"
    )
    routine_a, routine_b, exercise, sessions_before = map(int, side.shell(setup).split())

    start_gunicorn(side)
    try:
        ids = [str(uuid.uuid4()) for _ in range(PARALLEL)]
        saves = [
            (f"/routines/{routine}/play/save/", body.replace("CLIENT_ID", client_id)) for client_id in ids + ids[:10]
        ]
        save_codes = in_parallel(side.base, saves, cookie, csrf)
        form = {"exercise": exercise}
        adds = [(f"/routines/{pk}/items/add/", form) for pk in [routine_a, routine_b] * (PARALLEL // 2)]
        add_codes = in_parallel(side.base, adds, cookie, csrf)
        items = json.loads(
            side.shell(
                "import json; from routines.models import RoutineItem;"
                f"print(json.dumps(list(RoutineItem.objects.filter(routine_id__in=[{routine_a}, {routine_b}])"
                ".values_list('pk', 'routine_id', 'order'))))"
            )
        )
        holds = {pk: 20 + n for n, (pk, _, _) in enumerate(items)}
        edits = [
            (
                f"/routines/{routine_id}/items/{pk}/",
                {f"item-{pk}-hold_seconds": holds[pk], f"item-{pk}-sets": 1, f"item-{pk}-rest_seconds": 0},
            )
            for pk, routine_id, _ in items
        ]
        edit_codes = in_parallel(side.base, edits, cookie, csrf)
        check = (
            "import json; from routines.models import Session, RoutineItem;"
            f"s = Session.objects.filter(user__username='demo').count() - {sessions_before};"
            f"items = list(RoutineItem.objects.filter(routine_id__in=[{routine_a}, {routine_b}])"
            ".values_list('pk', 'routine_id', 'order', 'hold_seconds'));"
            "print(json.dumps({'sessions': s, 'items': items}))"
        )
        after = json.loads(side.shell(check))
    finally:
        stop(side)
        shutil.rmtree(workdir, ignore_errors=True)

    orders = {
        pk: sorted(order for _, routine_id, order, _ in after["items"] if routine_id == pk)
        for pk in (routine_a, routine_b)
    }
    problems = []
    if any(code != 200 for code in save_codes):
        problems.append(f"save answers: {sorted(set(save_codes))}")
    if after["sessions"] != PARALLEL:
        problems.append(f"{after['sessions']} sessions saved, expected {PARALLEL}")
    if any(code not in (200, 302) for code in add_codes + edit_codes):
        problems.append(f"edit answers: {sorted(set(add_codes + edit_codes))}")
    for pk, found in orders.items():
        if found != list(range(1, PARALLEL // 2 + 1)):
            problems.append(f"routine {pk} items numbered {found}")
    lost = [pk for pk, _, _, hold in after["items"] if hold != holds.get(pk)]
    if lost:
        problems.append(f"{len(lost)} dose changes lost")
    print(
        f"{len(saves)} parallel saves ({PARALLEL} distinct, 10 retried): {after['sessions']} sessions; "
        f"{PARALLEL} parallel adds: {[len(v) for v in orders.values()]} items; "
        f"{len(items)} parallel dose edits: {len(items) - len(lost)} kept"
    )
    if problems:
        raise SystemExit("FAILED: " + "; ".join(problems))
    print("OK: no error, no lost or duplicated row")


if __name__ == "__main__":
    main()
