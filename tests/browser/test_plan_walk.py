"""The plan, walked in Chromium: three sessions on three days in a row, each asked about the next
morning on Today; after the third, Today suggests a step up; Accept; the player holds the new dose;
the move's history lists the change and its chart draws it.

The server's day is moved with the test-only LIMBER_TODAY_OVERRIDE, so the walk never waits on a clock.
"""

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import User
from routines.models import Exercise, Routine, Session, SessionMove

from .helpers import PASSWORD, log_in


@pytest.fixture
def walk(live_library, live_settings):
    user = User.objects.create_user("pat", "pat@example.com", PASSWORD, timezone="UTC", voice_on=False, sound_on=False)
    routine = Routine.objects.create(owner=user, name="Runner's hips")
    move = Exercise.objects.get(slug="kneeling-hip-flexor-stretch")
    routine.add_item(move)
    first = datetime.now(UTC).date() - timedelta(days=3)
    for n, (before, after) in enumerate([(3, 2), (3, 3), (2, 2)]):
        day = first + timedelta(days=n)
        started = datetime.combine(day, time(7, 30), tzinfo=UTC)
        session = Session.objects.create(
            user=user, client_id=uuid.uuid4(), routine=routine, routine_name=routine.name, started_at=started,
            ended_at=started + timedelta(minutes=5), local_date=day, duration_seconds=300, completed=True,
            pain_before=before, pain_after=after,
        )  # fmt: skip
        SessionMove.objects.create(
            session=session, exercise=move, name=move.name, measure="hold", per_side=True, sets_planned=1,
            sets_done=1, seconds_done=60,
        )  # fmt: skip
    live_settings.LIMBER_TESTING = True
    return routine, first


def test_three_good_mornings_bring_a_step_up_that_the_player_then_plays(page, walk, live_settings):
    routine, first = walk
    # In the past, so the player's saved session is never "in the future" for the server.
    page.clock.install(time=datetime.now(UTC) - timedelta(minutes=10))
    log_in(page)
    suggestion = page.get_by_role("region", name="A suggestion for Runner's hips")
    for n, pain in enumerate([2, 3, 2]):
        live_settings.LIMBER_TODAY_OVERRIDE = first + timedelta(days=n + 1)
        page.goto("/today/")
        expect(suggestion).to_have_count(0)  # nothing before the third good morning
        page.get_by_role("button", name=f"{pain} of 10").click()
        expect(page.get_by_text(f"Saved: pain {pain} this morning.")).to_be_visible()
        expect(page.get_by_text("How is your pain this morning?")).to_have_count(0)

    page.goto("/today/")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("Your last 3 sessions of Runner's hips: pain 3→2, 3→3, 2→2")
    expect(suggestion).to_contain_text("Try holding the kneeling hip flexor stretch 35 s instead of 30 s")
    suggestion.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Changed: Kneeling hip flexor stretch is now 35 s in Runner's hips.")).to_be_visible()
    expect(suggestion).to_have_count(0)

    # The routine's page and the player's timeline hold the new dose.
    page.goto(f"/routines/{routine.pk}/")
    expect(page.locator("main")).to_contain_text("Hold 35 s")
    page.goto(f"/routines/{routine.pk}/play/")
    expect(page.locator("html.player-ready")).to_have_count(1)
    page.clock.pause_at(datetime.now(UTC) - timedelta(minutes=9))  # from here only run_for moves it
    page.get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="None of these — start").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.clock.run_for(5_000 + 10_000)  # the lead-in, then getting into position
    expect(page.locator("#move-name")).to_have_text("Kneeling hip flexor stretch")
    expect(page.locator("#countdown")).to_have_text("35")

    # The move's history shows the change, with the day and why (a page of its own: the player stays open).
    history = page.context.new_page()
    history.goto(f"/history/?move={routine.items.get().exercise_id}")
    changes = history.get_by_role("list", name="Its dose over time")
    expect(changes).to_contain_text("Runner's hips: hold 30 s → 35 s")
    expect(changes).to_contain_text("Limber's suggestion, accepted")
    # Its chart draws the planned dose beside what was done: 30 s on each side, then 35 s.
    expect(history.locator("polyline.line.dose")).to_have_count(1)
    expect(history.locator("main")).to_contain_text(
        "Planned for a session: 60 s at the start, 70 s now (1 change of dose)."
    )
