"""Suggestions the person decides on: shown on Today and the routine's page, Accept, Not now, races."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse

from routines import suggestions
from routines.models import DoseChange, Exercise, Routine, SuggestionHidden

from .factories import TODAY, make_routine, session_on

pytestmark = pytest.mark.usefixtures("fixed_today", "library")

STEP_UP_ACTION = "Try holding the kneeling hip flexor stretch 35 s instead of 30 s (the documents give 30–40 s)."


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def hips(alice) -> Routine:
    routine = Routine.objects.create(owner=alice, name="Runner's hips")
    for slug in ("kneeling-hip-flexor-stretch", "standing-quadriceps-stretch"):
        routine.add_item(Exercise.objects.get(slug=slug, owner__isnull=True))
    return routine


def coped(user, routine, days_back: int, before: int = 3, after: int = 3, morning: int = 3):
    session = session_on(user, routine, TODAY - timedelta(days=days_back))
    session.pain_before, session.pain_after, session.morning_pain = before, after, morning
    session.save()
    return session


@pytest.fixture
def three_coped(alice, hips):
    return [coped(alice, hips, 3, 3, 2, 2), coped(alice, hips, 2, 3, 3, 3), coped(alice, hips, 1, 2, 2, 2)]


def hip_flexor(routine):
    return routine.items.get(exercise__slug="kneeling-hip-flexor-stretch")


def key_for(alice, hips) -> str:
    (offer,) = suggestions.offers(alice, [Routine.objects.with_items().get(pk=hips.pk)], TODAY)
    return offer.suggestion.key


def accept(client, routine, key, back="today"):
    url = reverse("routines:suggestion_accept", args=[routine.pk])
    return client.post(url, {"key": key, "back": back}, follow=True)


def test_today_and_the_routine_page_show_the_suggestion_with_its_reason_in_numbers(alice_client, hips, three_coped):
    for url in (reverse("today:index"), hips.get_absolute_url()):
        page = text(alice_client.get(url))
        assert "A suggestion for Runner's hips" in page
        assert "Your last 3 sessions of Runner's hips: pain 3→2, 3→3, 2→2, and no worse the next morning." in page
        assert STEP_UP_ACTION in page


def test_nothing_is_suggested_before_three_coped_sessions(alice_client, alice, hips):
    coped(alice, hips, 2)
    coped(alice, hips, 1)
    assert "A suggestion for" not in text(alice_client.get(reverse("today:index")))


def test_accept_changes_the_dose_once_and_keeps_the_change(alice_client, alice, hips, three_coped):
    key = key_for(alice, hips)
    page = text(accept(alice_client, hips, key))
    assert "Changed: Kneeling hip flexor stretch is now 35 s in Runner's hips." in page
    assert "A suggestion for Runner's hips" not in page  # it waits for three more coped sessions
    assert hip_flexor(hips).hold_seconds == 35
    change = DoseChange.objects.get()
    assert (change.field, change.old, change.new, change.source, change.local_date) == (
        "hold_seconds", 30, 35, DoseChange.Source.SUGGESTION, TODAY
    )  # fmt: skip
    assert STEP_UP_ACTION in change.reason
    # The routine's page shows the new dose.
    assert "Hold 35 s" in text(alice_client.get(hips.get_absolute_url()))

    again = text(accept(alice_client, hips, key))
    assert "already accepted, so nothing more was changed" in again
    assert hip_flexor(hips).hold_seconds == 35
    assert DoseChange.objects.count() == 1


def test_a_suggestion_made_stale_by_a_hand_edit_is_refused_with_a_clear_message(alice_client, alice, hips, three_coped):
    key = key_for(alice, hips)
    edit(alice_client, hips, hip_flexor(hips), hold_seconds=40, sets=1, rest_seconds=0, per_side=True)
    assert hip_flexor(hips).hold_seconds == 40
    page = text(accept(alice_client, hips, key, back="routine"))
    assert "That suggestion no longer fits" in page and "Nothing was changed" in page
    assert hip_flexor(hips).hold_seconds == 40
    # The hand edit is kept too, with its reason.
    (change,) = DoseChange.objects.all()
    assert (change.old, change.new, change.source) == (30, 40, DoseChange.Source.HAND)
    assert change.reason == "Changed by hand in the routine builder."


def edit(client, routine, item, **dose):
    """Save one item's dose in the builder as its form would post it (a ticked box sends "on")."""
    data = {f"item-{item.pk}-{n}": "on" if v is True else str(v) for n, v in dose.items() if v is not False}
    return client.post(reverse("routines:item_update", args=[routine.pk, item.pk]), data)


def kept(routine):
    return list(DoseChange.objects.filter(routine=routine).order_by("pk").values_list("field", "old", "new", "source"))


def test_every_number_changed_in_the_builder_is_kept_with_its_day_and_reason(alice_client, alice, hips):
    quad = hips.items.get(exercise__slug="standing-quadriceps-stretch")
    assert (quad.hold_seconds, quad.sets, quad.rest_seconds, quad.per_side) == (15, 1, 0, True)
    edit(alice_client, hips, quad, hold_seconds=20, sets=2, rest_seconds=15, per_side=False)
    hand = DoseChange.Source.HAND
    assert kept(hips) == [("hold_seconds", 15, 20, hand), ("sets", 1, 2, hand), ("rest_seconds", 0, 15, hand),
                          ("per_side", 1, 0, hand)]  # fmt: skip
    assert {(c.local_date, c.reason) for c in DoseChange.objects.all()} == {
        (TODAY, "Changed by hand in the routine builder.")
    }
    # Saving the same dose again changes nothing, so nothing more is kept.
    edit(alice_client, hips, quad, hold_seconds=20, sets=2, rest_seconds=15, per_side=False)
    assert len(kept(hips)) == 4
    page = text(alice_client.get(reverse("history:report")))
    assert "each side → one side" in page and "rest 0 s → 15 s" in page

    strong = Routine.objects.create(owner=alice, name="Strong hips")
    bridge = strong.add_item(Exercise.objects.get(slug="glute-bridge", owner__isnull=True))
    bend = strong.add_item(Exercise.objects.get(slug="wide-legged-seated-forward-bend", owner__isnull=True))
    edit(alice_client, strong, bridge, reps=12, tempo_seconds=4, sets=2, rest_seconds=30)
    edit(alice_client, strong, bend, breaths=9, sets=1, rest_seconds=0)
    assert kept(strong) == [("reps", 10, 12, hand), ("tempo_seconds", 3, 4, hand), ("breaths", 8, 9, hand)]


def test_turning_each_side_on_or_off_makes_a_waiting_suggestion_stale(alice_client, alice, hips, three_coped):
    key = key_for(alice, hips)
    quad = hips.items.get(exercise__slug="standing-quadriceps-stretch")
    edit(alice_client, hips, quad, hold_seconds=15, sets=1, rest_seconds=0, per_side=False)
    page = text(accept(alice_client, hips, key))
    assert "That suggestion no longer fits" in page and "Nothing was changed" in page
    assert hip_flexor(hips).hold_seconds == 30
    assert kept(hips) == [("per_side", 1, 0, DoseChange.Source.HAND)]


def test_a_bad_key_changes_nothing(alice_client, hips, three_coped):
    page = text(accept(alice_client, hips, "step_up:1:hold_seconds:300"))
    assert "That suggestion no longer fits" in page
    assert hip_flexor(hips).hold_seconds == 30
    assert not DoseChange.objects.exists()


def test_not_now_hides_the_suggestion_for_seven_days(alice_client, alice, hips, three_coped, settings):
    key = key_for(alice, hips)
    page = text(alice_client.post(reverse("routines:suggestion_hide", args=[hips.pk]), {"key": key}, follow=True))
    assert "Not now: Limber will not suggest this again before 11 March." in page
    assert STEP_UP_ACTION not in page
    # The next move that can step up is offered instead; nothing changed.
    assert "Try holding the standing quadriceps stretch at a wall 20 s instead of 15 s" in page
    assert hip_flexor(hips).hold_seconds == 30
    assert SuggestionHidden.objects.get().until == TODAY + timedelta(days=7)
    settings.LIMBER_TODAY_OVERRIDE = TODAY + timedelta(days=6)
    assert STEP_UP_ACTION not in text(alice_client.get(reverse("today:index")))
    settings.LIMBER_TODAY_OVERRIDE = TODAY + timedelta(days=7)
    assert STEP_UP_ACTION in text(alice_client.get(reverse("today:index")))


def test_not_now_for_a_suggestion_no_longer_shown_changes_nothing(alice_client, hips, three_coped):
    url = reverse("routines:suggestion_hide", args=[hips.pk])
    page = text(alice_client.post(url, {"key": "step_up:0:hold_seconds:35"}, follow=True))
    assert "That suggestion is no longer shown, so nothing was changed." in page
    assert not SuggestionHidden.objects.exists()


def test_another_users_suggestion_is_404(client, bob, alice, hips, three_coped):
    key = key_for(alice, hips)
    client.force_login(bob)
    for name in ("routines:suggestion_accept", "routines:suggestion_hide"):
        assert client.post(reverse(name, args=[hips.pk]), {"key": key}).status_code == 404
    assert hip_flexor(hips).hold_seconds == 30


def test_accept_and_hide_take_only_a_signed_in_post(client, alice, hips, three_coped):
    key = key_for(alice, hips)
    for name in ("routines:suggestion_accept", "routines:suggestion_hide"):
        url = reverse(name, args=[hips.pk])
        response = client.post(url, {"key": key})
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
        client.force_login(alice)
        assert client.get(url).status_code == 405
        client.logout()
    assert hip_flexor(hips).hold_seconds == 30


def test_accept_and_not_now_need_the_csrf_token(alice, hips, three_coped):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    for name in ("routines:suggestion_accept", "routines:suggestion_hide"):
        response = strict.post(reverse(name, args=[hips.pk]), {"key": key_for(alice, hips)})
        assert response.status_code == 403
    assert hip_flexor(hips).hold_seconds == 30
    assert not SuggestionHidden.objects.exists()


def test_a_flare_after_a_raise_suggests_going_back(alice_client, alice, hips, three_coped):
    accept(alice_client, hips, key_for(alice, hips))
    flared = coped(alice, hips, 0, before=2, after=5, morning=None)
    flared.save()
    page = text(alice_client.get(reverse("today:index")))
    assert "Your last session of Runner's hips flared up: pain 2 before, 5 after." in page
    assert "Try going back to 30 s for the kneeling hip flexor stretch." in page
    text(accept(alice_client, hips, key_for(alice, hips)))
    assert hip_flexor(hips).hold_seconds == 30
    assert list(DoseChange.objects.order_by("changed_at").values_list("old", "new")) == [(30, 35), (35, 30)]


def test_a_flare_after_a_slower_rep_set_by_hand_suggests_going_back_to_it(alice_client, alice):
    # Any raise may be gone back on, not only the steps the rule itself makes.
    routine = Routine.objects.create(owner=alice, name="Strong hips")
    item = routine.add_item(Exercise.objects.get(slug="glute-bridge", owner__isnull=True))
    p = f"item-{item.pk}"
    edit = reverse("routines:item_update", args=[routine.pk, item.pk])
    alice_client.post(edit, {f"{p}-reps": "10", f"{p}-tempo_seconds": "4", f"{p}-sets": "2", f"{p}-rest_seconds": "30"})
    alice_client.post(edit, {f"{p}-reps": "10", f"{p}-tempo_seconds": "4", f"{p}-sets": "2", f"{p}-rest_seconds": "60"})
    coped(alice, routine, 0, before=2, after=5, morning=None)
    for url in (reverse("today:index"), routine.get_absolute_url()):
        page = text(alice_client.get(url))
        assert "On 4 March the glute bridge went up from 3 s a rep to 4 s a rep." in page
        assert "Try going back to 3 s a rep for the glute bridge." in page
    accept(alice_client, routine, key_for(alice, routine))
    item.refresh_from_db()
    assert (item.tempo_seconds, item.rest_seconds) == (3, 60)  # longer rest is no raise: it stays


def test_a_flare_without_a_raise_points_to_the_flare_day_routine(alice_client, alice, hips):
    coped(alice, hips, 1, before=2, after=5, morning=5)
    page = text(alice_client.get(reverse("today:index")))
    assert "Next time, try the Flare-day minimum routine" in page
    assert reverse("routines:starters") in page


def test_a_dose_limber_chose_steps_within_limbers_bound_and_says_the_documents_give_none(alice_client, alice):
    routine = Routine.objects.create(owner=alice, name="Strong hips")
    for slug in ("hip-hinge", "glute-bridge"):
        routine.add_item(Exercise.objects.get(slug=slug, owner__isnull=True))
    for back in (3, 2, 1):
        coped(alice, routine, back)
    page = text(alice_client.get(reverse("today:index")))
    # The hip hinge's 10 reps are the documents' one number: it is passed over.
    assert (
        "Try doing 12 reps of the glute bridge instead of 10 reps "
        "(the documents give no dose for it, so this is Limber's own step, up to 12 reps)."
    ) in page


def test_a_person_moves_own_move_never_changes(alice_client, alice):

    own = make_routine(alice, "My own")
    for back in (3, 2, 1):
        coped(alice, own, back)
    assert "A suggestion for" not in text(alice_client.get(reverse("today:index")))


def many_sessions(user, routines, days: range) -> None:
    for routine in routines:
        for back in days:
            coped(user, routine, back)


def page_queries(client, url: str, *shown: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # count what the page costs to make, not a cached copy
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(url))
    assert all(words in page for words in shown)
    return len(queries)


def test_today_and_the_routine_page_take_the_same_queries_whatever_the_history_length(alice_client, alice, hips):
    others = [Routine.objects.get(pk=hips.copy_for(alice, name=f"Copy {n}").pk) for n in range(3)]
    many_sessions(alice, [hips, *others], range(3, 0, -1))
    pages = {
        # Today asks about this morning too: yesterday's sessions were not asked yet.
        reverse("today:index"): ("A suggestion for Copy 0", "How is your pain this morning?"),
        hips.get_absolute_url(): ("A suggestion for Runner's hips", "Hold 30"),
    }
    short = {url: page_queries(alice_client, url, *shown) for url, shown in pages.items()}

    # Five weeks more of sessions and dose changes before those three days.
    many_sessions(alice, [hips, *others], range(40, 3, -1))
    for item in hips.items.with_exercise():
        for n in range(13):
            suggestions.record(
                alice, item, "sets", 1, 1, source=DoseChange.Source.HAND, reason="x", now=item.routine.created_at,
                today=TODAY - timedelta(days=30 + n),
            )  # fmt: skip
    long = {url: page_queries(alice_client, url, *shown) for url, shown in pages.items()}

    assert long == short
    assert short[reverse("today:index")] <= QUERIES_TODAY
    assert short[hips.get_absolute_url()] <= QUERIES_ROUTINE


# Measured with a short history; the same must hold with a long one.
QUERIES_TODAY = 16  # with the flare-day starter behind "Bad day?", and the streak and last pain
QUERIES_ROUTINE = 7


def test_the_clinician_report_lists_every_dose_change_with_its_date_and_reason(alice_client, alice, hips, three_coped):
    accept(alice_client, hips, key_for(alice, hips))
    quad = hips.items.get(exercise__slug="standing-quadriceps-stretch")
    edit(alice_client, hips, quad, hold_seconds=20, sets=2, rest_seconds=0, per_side=True)
    page = text(alice_client.get(reverse("history:report")))
    assert "Dose changes" in page
    assert "hold 30 s → 35 s" in page and "Accepted Limber's suggestion: Your last 3 sessions" in page
    assert "hold 15 s → 20 s" in page and "sets 1 set → 2 sets" in page and "Changed by hand" in page
    assert page.count("4 Mar 2026") >= 3


def test_each_built_in_move_steps_only_inside_the_documents_range_or_limbers_own_bound(alice):
    from routines import dose
    from routines.models import RoutineItem

    found = {}
    for move in Exercise.objects.builtin():
        item = RoutineItem(exercise=move, **RoutineItem.default_dose(move))
        item.pk = 1
        ranges = suggestions.item_dose(item).ranges
        found[move.slug] = {f: (r.low, r.high, r.step, r.documented) for f, r in ranges.items()}
        for field, step in ranges.items():
            low, high = dose.bounds(field, move.kind)
            assert low <= step.low <= step.high <= high
            if step.documented:
                assert step.high == (getattr(move, f"{field}_max") or 0)
            else:
                assert move.dose_by_limber
    assert found["kneeling-hip-flexor-stretch"] == {"hold_seconds": (30, 40, 5, True)}
    assert found["standing-quadriceps-stretch"] == {"hold_seconds": (15, 30, 5, True)}
    assert found["wide-legged-seated-forward-bend"] == {"breaths": (8, 10, 1, True)}
    assert found["step-back-overhead-reach"] == {"sets": (3, 4, 1, True)}
    assert found["moist-heat"] == {"hold_seconds": (600, 900, 300, True)}
    assert found["camel-pose"] == {}  # one number in the documents: never changes
    assert found["hip-hinge"] == {}  # 10 reps, as the documents give them
    assert found["glute-bridge"] == {"reps": (10, 12, 2, False)}  # the documents give no dose: Limber's
    assert found["easy-walking"] == {"hold_seconds": (600, 1800, 300, False)}
    assert any(r and not next(iter(r.values()))[3] for r in found.values())  # some of Limber's own


def test_the_move_by_move_history_shows_the_dose_over_time(alice_client, alice, hips, three_coped):
    from routines.models import SessionMove

    move = hip_flexor(hips).exercise
    for session in three_coped:
        SessionMove.objects.create(
            session=session, exercise=move, name=move.name, measure="hold", per_side=True, sets_done=1, seconds_done=60
        )
    accept(alice_client, hips, key_for(alice, hips))
    page = text(alice_client.get(reverse("history:index"), {"move": move.pk}))
    assert "Its dose over time" in page
    assert "4 Mar 2026</strong> · Runner's hips: hold 30 s → 35 s" in page
    assert "Limber's suggestion, accepted" in page


def test_the_account_export_keeps_the_dose_changes(alice_client, alice, hips, three_coped):
    import json

    accept(alice_client, hips, key_for(alice, hips))
    data = json.loads(alice_client.get(reverse("accounts:export")).content)
    (change,) = data["dose_changes"]
    assert (change["move_name"], change["field"], change["old"], change["new"], change["source"]) == (
        "Kneeling hip flexor stretch", "hold_seconds", 30, 35, "suggestion"
    )  # fmt: skip
    assert change["routine_id"] == hips.pk and change["local_date"] == TODAY.isoformat()
