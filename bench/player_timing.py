"""Measure how close to its ideal time the player changes step, in real time, in headless Chromium.

    .venv/bin/python bench/player_timing.py            # starts its own server on a temp database
    .venv/bin/python bench/player_timing.py --port 8199

It builds a ~2-minute routine (a per-side hold, a rep move with a rest, a short hold), then plays it
twice at once, in two browser contexts, against a real `runserver`:

- visible: the page as a person watching it;
- hidden: the page told it is hidden (so the player runs its worker wake-ups), its CPU throttled 4×
  by CDP, and frozen outright for 15 s mid-routine (CDP Page.setWebLifecycleState), as a phone
  does to a background tab.

For every step change it compares the moment the player showed the step (Date.now() in the page's
`limber:step` event) with the ideal moment (start + the sum of the earlier steps' seconds) and prints
the median and the worst error. Step changes that fell inside the freeze are reported apart: for
them it prints how soon after the page woke up the player was back on the right step.
"""

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "bench-player-2026"
FREEZE_AT, FREEZE_FOR = 40, 15

SETUP = """
from accounts.models import User
from routines.models import Exercise, Routine
user = User.objects.create_user("bench", "bench@example.com", "{password}", sound_on=False, voice_on=False)
routine = Routine.objects.create(owner=user, name="Bench routine")
hip = routine.add_item(Exercise.objects.get(slug="kneeling-hip-flexor-stretch")); hip.hold_seconds = 20; hip.save()
bridge = routine.add_item(Exercise.objects.get(slug="glute-bridge"))
bridge.reps = 5; bridge.rest_seconds = 10; bridge.save()
cobra = routine.add_item(Exercise.objects.get(slug="cobra-pose")); cobra.hold_seconds = 10; cobra.save()
print(routine.pk, routine.duration_seconds(user.lead_in_seconds))
"""

RECORD = """() => {
  window.__steps = [];
  document.addEventListener("limber:step", (e) => window.__steps.push(e.detail));
}"""

HIDE = """(hidden) => {
  Object.defineProperty(document, "visibilityState", {configurable: true, get: () => hidden ? "hidden" : "visible"});
  Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def start_player(browser, base: str, routine_id: int):
    context = browser.new_context(base_url=base)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("bench")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/library/")
    page.goto(f"/routines/{routine_id}/play/")
    page.get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("checkbox", name="None of these").check()
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/play/run/")
    page.evaluate(RECORD)
    return page


def errors_of(steps: list[int], events: list[dict]) -> list[tuple[int, int]]:
    """Return (step index, ms late) for each step change, measured against start + the earlier steps' seconds."""
    out = []
    for event in events:
        if event["index"] == 0:
            continue
        ideal = event["startedAt"] + sum(steps[: event["index"]]) * 1000
        out.append((event["index"], event["at"] - ideal))
    return out


def report(name: str, errors: list[tuple[int, int]]) -> None:
    values = [abs(ms) for _, ms in errors]
    if not values:
        print(f"{name}: no step changes measured")
        return
    print(
        f"{name}: {len(values)} step changes, median {statistics.median(values):.0f} ms, "
        f"worst {max(values):.0f} ms (signed: {[ms for _, ms in errors]})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    port = args.port or free_port()
    db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "bench"}
    manage(env, "migrate", "-v0")
    manage(env, "load_library", "-v0")
    routine_id, total = map(int, manage(env, "shell", "-c", SETUP.format(password=PASSWORD)).split()[-2:])
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        run(base, routine_id, total)
    finally:
        server.terminate()
        server.wait()


def run(base: str, routine_id: int, total: int) -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        visible = start_player(browser, base, routine_id)
        hidden = start_player(browser, base, routine_id)
        steps = [
            s["seconds"]
            for s in visible.evaluate("JSON.parse(document.getElementById('player-data').textContent).steps")
        ]
        print(f"Routine: {len(steps)} steps, {total} s. Playing it twice in real time…", flush=True)
        visible.get_by_role("button", name="Start").click()
        hidden.get_by_role("button", name="Start").click()
        hidden.evaluate(HIDE, True)
        cdp = hidden.context.new_cdp_session(hidden)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        time.sleep(FREEZE_AT)
        frozen_at = time.time() * 1000
        try:
            cdp.send("Page.setWebLifecycleState", {"state": "frozen"})
        except Exception as error:  # an older Chromium without it: measure without the freeze
            print(f"(could not freeze the page: {error})")
        time.sleep(FREEZE_FOR)
        with contextlib.suppress(Exception):
            cdp.send("Page.setWebLifecycleState", {"state": "active"})
        woke_at = time.time() * 1000
        time.sleep(total - FREEZE_AT - FREEZE_FOR + 2)

        report("visible", errors_of(steps, visible.evaluate("window.__steps")))
        hidden_events = hidden.evaluate("window.__steps")
        started = hidden_events[0]["startedAt"]
        in_freeze, live = [], []
        for index, late in errors_of(steps, hidden_events):
            ideal = started + sum(steps[:index]) * 1000
            (in_freeze if frozen_at - 50 <= ideal <= woke_at else live).append((index, late))
        for index, late in in_freeze:
            event = next(e for e in hidden_events if e["index"] == index)
            if event["at"] < woke_at:
                # Chromium froze nothing (it freezes only pages it really hides): an ordinary live change.
                live.append((index, late))
                continue
            print(
                f"hidden, frozen {FREEZE_FOR} s: step {index} was due during the freeze; the player was on it "
                f"{event['at'] - woke_at:.0f} ms after the page woke up"
            )
        if len(live) == len(errors_of(steps, hidden_events)):
            print("(the freeze did not take: headless Chromium does not freeze a page it shows)")
        report("hidden, 4x CPU throttle", live)
        browser.close()


if __name__ == "__main__":
    main()
