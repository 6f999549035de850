import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from routines.models import Exercise, Routine, RoutineItem, Session

from .factories import make_session, session_on

STARTERS = Path(settings.BASE_DIR) / "fixtures" / "starters.json"


def move(slug: str) -> Exercise:
    return Exercise.objects.builtin().get(slug=slug)


@pytest.fixture
def routine(routine) -> Routine:
    """conftest's two moves, then cat-cow: three to reorder."""
    routine.add_item(move("cat-cow"))
    return routine


def names(routine: Routine) -> list[str]:
    return [item.exercise.name for item in routine.items.order_by("order", "pk").select_related("exercise")]


def snapshot(routine: Routine) -> list[tuple]:
    return list(routine.items.order_by("order", "pk").values_list(*RoutineItem.COPIED_FIELDS))


def item_data(item: RoutineItem, **changes) -> dict:
    prefix = f"item-{item.pk}-"
    fields = {
        "hold_seconds": item.hold_seconds,
        "reps": item.reps,
        "tempo_seconds": item.tempo_seconds,
        "breaths": item.breaths,
        "sets": item.sets,
        "rest_seconds": item.rest_seconds,
    }
    data = {prefix + k: v for k, v in {**fields, **changes}.items() if v is not None}
    if changes.get("per_side", item.per_side):
        data[prefix + "per_side"] = "on"
    return data


# Which URLs belong to one routine: every one must be a 404 for another user.
def owner_only_urls(routine: Routine) -> list[tuple[str, str]]:
    item = routine.items.first()
    return [
        ("get", reverse("routines:detail", args=[routine.pk])),
        ("get", reverse("routines:edit", args=[routine.pk])),
        ("post", reverse("routines:edit", args=[routine.pk])),
        ("get", reverse("routines:picker", args=[routine.pk])),
        ("post", reverse("routines:duplicate", args=[routine.pk])),
        ("get", reverse("routines:delete", args=[routine.pk])),
        ("post", reverse("routines:delete", args=[routine.pk])),
        ("post", reverse("routines:share", args=[routine.pk])),
        ("post", reverse("routines:item_add", args=[routine.pk])),
        ("post", reverse("routines:item_update", args=[routine.pk, item.pk])),
        ("post", reverse("routines:item_move", args=[routine.pk, item.pk])),
        ("post", reverse("routines:item_remove", args=[routine.pk, item.pk])),
    ]


# Anonymous visitors and other users


def test_every_routine_page_sends_anonymous_visitors_to_log_in(client, routine):
    urls = [*owner_only_urls(routine), ("get", reverse("routines:list")), ("get", reverse("routines:new"))]
    urls += [("get", reverse("routines:starters")), ("post", reverse("routines:new"))]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    assert Routine.objects.filter(owner__isnull=False).count() == 1


def test_another_users_routine_is_a_404_on_every_view(client, alice, bobs_routine):
    client.force_login(alice)
    before = snapshot(bobs_routine)
    for method, url in owner_only_urls(bobs_routine):
        data = {"name": "Hijacked", "direction": "up", "action": "create", "exercise": move("cat-cow").pk}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, url
    bobs_routine.refresh_from_db()
    assert bobs_routine.name == "Bob's secret routine"
    assert bobs_routine.share_token is None
    assert snapshot(bobs_routine) == before
    assert Routine.objects.filter(owner=alice).count() == 0


def test_an_item_of_another_routine_is_a_404(alice_client, routine, bobs_routine):
    bobs_item = bobs_routine.items.get()
    for name in ("routines:item_update", "routines:item_move", "routines:item_remove"):
        response = alice_client.post(reverse(name, args=[routine.pk, bobs_item.pk]), {"direction": "up"})
        assert response.status_code == 404, name
    assert bobs_routine.items.count() == 1


@pytest.mark.parametrize(
    "name, method",
    [
        ("routines:list", "post"),
        ("routines:detail", "post"),
        ("routines:picker", "post"),
        ("routines:duplicate", "get"),
        ("routines:share", "get"),
        ("routines:item_add", "get"),
        ("routines:starters", "post"),
        ("routines:new", "put"),
        ("routines:edit", "delete"),
    ],
)
def test_views_refuse_the_wrong_method(alice_client, routine, name, method):
    args = [] if name in ("routines:list", "routines:starters", "routines:new") else [routine.pk]
    response = getattr(alice_client, method)(reverse(name, args=args))
    assert response.status_code == 405


def test_item_views_refuse_get(alice_client, routine):
    item = routine.items.first()
    for name in ("routines:item_update", "routines:item_move", "routines:item_remove"):
        assert alice_client.get(reverse(name, args=[routine.pk, item.pk])).status_code == 405


# The list


def test_home_sends_a_logged_in_person_to_today(alice_client):
    response = alice_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("today:index")


def test_the_list_shows_moves_duration_and_when_last_done(alice_client, alice, routine):
    now = timezone.now()
    Session.objects.create(
        user=alice,
        client_id="00000000-0000-0000-0000-000000000001",
        routine=routine,
        routine_name=routine.name,
        started_at=now - timezone.timedelta(days=3),
        ended_at=now - timezone.timedelta(days=3),
        local_date=(now - timezone.timedelta(days=3)).date(),
        duration_seconds=300,
    )
    Routine.objects.create(owner=alice, name="Evening wind-down")
    response = alice_client.get(reverse("routines:list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Morning hips" in text and "Evening wind-down" in text
    assert "3 moves" in text and "0 moves" in text
    minutes, seconds = divmod(routine.duration_seconds(alice.lead_in_seconds), 60)
    assert f"about {minutes} min {seconds} s" in text
    assert "Last done 3\xa0days ago" in text
    assert "Not done yet" in text
    assert reverse("player:play", args=[routine.pk]) in text


def test_the_list_has_an_empty_state_that_points_to_starters(alice_client, bobs_routine):
    response = alice_client.get(reverse("routines:list"))
    assert "You have no routines yet" in response.content.decode()
    assert reverse("routines:starters") in response.content.decode()
    assert "Bob&#x27;s secret routine" not in response.content.decode()


def test_the_list_and_a_routine_run_a_fixed_number_of_queries(
    alice_client, alice, library, django_assert_max_num_queries
):
    moves = list(Exercise.objects.builtin()[:8])
    small = Routine.objects.create(owner=alice, name="Small")
    small.add_item(moves[0])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url).status_code == 200
        return len(queries)

    alice_client.get(reverse("routines:list"))  # the session is loaded once either way
    small_list = count(reverse("routines:list"))
    small_detail = count(reverse("routines:detail", args=[small.pk]))
    small_edit = count(reverse("routines:edit", args=[small.pk]))

    routines = Routine.objects.bulk_create([Routine(owner=alice, name=f"Routine {n}") for n in range(50)])
    RoutineItem.objects.bulk_create(
        [
            RoutineItem(routine=r, exercise=m, order=i, **RoutineItem.default_dose(m))
            for r in routines
            for i, m in enumerate(moves)
        ]
    )
    Session.objects.bulk_create([session_on(alice, r, date.today()) for r in routines])
    with django_assert_max_num_queries(small_list):
        response = alice_client.get(reverse("routines:list"))
    assert response.content.decode().count('class="routine-card"') == 51
    with django_assert_max_num_queries(small_detail):
        response = alice_client.get(reverse("routines:detail", args=[routines[0].pk]))
    assert response.content.decode().count('class="picture-slot"') == 8
    with django_assert_max_num_queries(small_edit):
        alice_client.get(reverse("routines:edit", args=[routines[0].pk]))
    with django_assert_max_num_queries(8):
        alice_client.get(reverse("routines:starters"))


# New, rename, duplicate, delete


def test_a_new_routine_is_named_then_opened_in_the_builder(alice_client, alice):
    response = alice_client.post(reverse("routines:new"), {"name": "  Lunch break  ", "notes": "At my desk"})
    routine = Routine.objects.get(owner=alice)
    assert response["Location"] == reverse("routines:edit", args=[routine.pk])
    assert routine.name == "Lunch break"
    assert alice_client.get(reverse("routines:new")).status_code == 200


def test_a_new_routine_needs_a_name(alice_client):
    response = alice_client.post(reverse("routines:new"), {"name": "   ", "notes": ""})
    assert response.status_code == 200
    assert (
        "This field is required." in response.content.decode() or "Give the routine a name" in response.content.decode()
    )
    assert not Routine.objects.exists()


def test_renaming_saves_the_name_and_notes(alice_client, routine):
    response = alice_client.post(reverse("routines:edit", args=[routine.pk]), {"name": "Hips at dawn", "notes": "x"})
    assert response.status_code == 302
    routine.refresh_from_db()
    assert (routine.name, routine.notes) == ("Hips at dawn", "x")


def test_renaming_to_nothing_is_refused_and_keeps_the_name(alice_client, routine):
    response = alice_client.post(reverse("routines:edit", args=[routine.pk]), {"name": "", "notes": "changed"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "Edit “Morning hips”" in response.content.decode()
    routine.refresh_from_db()
    assert (routine.name, routine.notes) == ("Morning hips", "")


def test_duplicating_makes_an_independent_copy(alice_client, alice, routine):
    response = alice_client.post(reverse("routines:duplicate", args=[routine.pk]))
    copy = Routine.objects.get(owner=alice, name="Morning hips (copy)")
    assert response["Location"] == reverse("routines:edit", args=[copy.pk])
    assert names(copy) == names(routine)
    copy.items.first().delete()
    assert len(names(routine)) == 3


def test_delete_asks_first_then_deletes_and_keeps_history(alice_client, alice, routine):
    url = reverse("routines:delete", args=[routine.pk])
    page = alice_client.get(url)
    assert page.status_code == 200
    assert "Delete “Morning hips”?" in page.content.decode()
    assert Routine.objects.filter(pk=routine.pk).exists()
    session = make_session(alice, routine=routine)
    response = alice_client.post(url)
    assert response["Location"] == reverse("routines:list")
    assert not Routine.objects.filter(pk=routine.pk).exists()
    session.refresh_from_db()
    assert session.routine_name == "Morning hips"


# The builder


def test_the_builder_shows_each_move_with_its_dose_bounds_and_the_timeline_total(alice_client, alice, routine):
    response = alice_client.get(reverse("routines:edit", args=[routine.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert f'<data id="routine-duration" value="{routine.duration_seconds(alice.lead_in_seconds)}">' in text
    assert "5–300 s." in text  # the hold of a stretch
    assert "1–50." in text  # reps
    assert "1–10." in text  # sets
    assert "0–300 s between sets." in text  # rest
    assert 'min="5"' in text and 'max="300"' in text


def test_a_heat_move_may_hold_for_its_full_fifteen_minutes(alice_client, routine):
    item = routine.add_item(move("moist-heat"))
    assert item.hold_seconds == 600
    response = alice_client.post(
        reverse("routines:item_update", args=[routine.pk, item.pk]), item_data(item, hold_seconds=900)
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.hold_seconds == 900
    assert "60–3600 s." in alice_client.get(reverse("routines:edit", args=[routine.pk])).content.decode()


def test_the_picker_searches_the_library_and_adds_a_move(alice_client, routine):
    response = alice_client.get(reverse("routines:edit", args=[routine.pk]), {"q": "bridge"})
    text = response.content.decode()
    assert 'Add<span class="visually-hidden"> Glute bridge' in text
    assert 'Add<span class="visually-hidden"> Cobra' not in text

    htmx = alice_client.get(
        reverse("routines:picker", args=[routine.pk]), {"q": "cobra"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in htmx.content.decode()
    assert "Cobra" in htmx.content.decode()
    assert htmx["Vary"] and "HX-Request" in htmx["Vary"]

    plain = alice_client.get(reverse("routines:picker", args=[routine.pk]), {"q": "cobra"})
    assert plain["Location"] == reverse("routines:edit", args=[routine.pk]) + "?q=cobra#picker"


def test_adding_the_same_move_twice_keeps_both(alice_client, routine):
    bridge = move("glute-bridge")
    for _ in range(2):
        response = alice_client.post(reverse("routines:item_add", args=[routine.pk]), {"exercise": bridge.pk})
        assert response.status_code == 302
    assert names(routine)[-2:] == ["Glute bridge", "Glute bridge"]
    assert names(routine).count("Glute bridge") == 3


def test_adding_through_htmx_returns_the_list_and_the_new_duration(alice_client, alice, routine):
    response = alice_client.post(
        reverse("routines:item_add", args=[routine.pk]),
        {"exercise": move("cobra-pose").pk},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert "Added Cobra pose." in text and 'hx-swap-oob="true"' in text
    assert f'value="{routine.duration_seconds(alice.lead_in_seconds)}"' in text


@pytest.mark.parametrize("value", ["", "abc", "999999", "²", "١", str(2**63), "1\x00"])
def test_adding_a_move_that_is_not_there_is_refused(alice_client, routine, value):
    before = snapshot(routine)
    response = alice_client.post(reverse("routines:item_add", args=[routine.pk]), {"exercise": value}, follow=True)
    assert "That move is not in your library. Nothing was added." in response.content.decode()
    assert snapshot(routine) == before


def test_another_users_custom_move_cannot_be_added(alice_client, routine, bobs_move):
    before = snapshot(routine)
    response = alice_client.post(
        reverse("routines:item_add", args=[routine.pk]), {"exercise": bobs_move.pk}, headers={"HX-Request": "true"}
    )
    assert "That move is not in your library" in response.content.decode()
    assert "builder-status error" in response.content.decode()
    assert snapshot(routine) == before


def test_a_routine_holds_at_most_thirty_moves(alice_client, routine):
    bridge = move("glute-bridge")
    RoutineItem.objects.bulk_create(
        RoutineItem(routine=routine, exercise=bridge, order=10 + n, **RoutineItem.default_dose(bridge))
        for n in range(27)
    )
    response = alice_client.post(reverse("routines:item_add", args=[routine.pk]), {"exercise": bridge.pk}, follow=True)
    assert "A routine holds at most 30 moves. Nothing was added." in response.content.decode()
    assert routine.items.count() == 30


def test_changing_a_dose_saves_it_and_updates_the_duration(alice_client, alice, routine):
    item = routine.items.get(exercise__slug="kneeling-hip-flexor-stretch")
    before = routine.duration_seconds(alice.lead_in_seconds)
    response = alice_client.post(
        reverse("routines:item_update", args=[routine.pk, item.pk]),
        item_data(item, hold_seconds=40, sets=2, rest_seconds=20),
        headers={"HX-Request": "true"},
    )
    item.refresh_from_db()
    assert (item.hold_seconds, item.sets, item.rest_seconds, item.per_side) == (40, 2, 20, True)
    routine = Routine.objects.with_items().get(pk=routine.pk)
    after = routine.duration_seconds(alice.lead_in_seconds)
    assert after > before
    # The row's status says Saved, and its dose line and the routine's length follow (out of band);
    # no field comes back, so whatever is being typed in the next one stays.
    text = response.content.decode()
    assert text.startswith('Saved<span class="visually-hidden"> Kneeling hip flexor stretch</span>')
    assert f'<p class="dose" id="item-{item.pk}-dose" hx-swap-oob="true">Hold 40 s · each side · ×2' in text
    assert re.search(
        rf'id="routine-length"[^>]*hx-swap-oob="true">about <data id="routine-duration" value="{after}"', text
    )
    assert "<input" not in text


def test_a_refused_dose_through_htmx_comes_back_as_its_row_alone(alice_client, routine):
    item = routine.items.get(exercise__slug="kneeling-hip-flexor-stretch")
    other = routine.items.get(exercise__slug="glute-bridge")
    url = reverse("routines:item_update", args=[routine.pk, item.pk])
    response = alice_client.post(url, item_data(item, hold_seconds=999), headers={"HX-Request": "true"})
    assert response["HX-Retarget"] == f"#item-{item.pk}"
    assert response["HX-Reswap"].startswith("outerHTML")
    text = response.content.decode()
    assert text.strip().startswith(f'<li class="builder-item" id="item-{item.pk}"')
    assert 'value="999"' in text
    assert f"item-{other.pk}" not in text


def test_the_duration_follows_a_dose_as_it_is_typed_and_nothing_is_saved(alice_client, alice, routine):
    item = routine.items.get(exercise__slug="kneeling-hip-flexor-stretch")
    before = snapshot(routine)
    url = reverse("routines:item_preview", args=[routine.pk, item.pk])
    response = alice_client.get(url, item_data(item, hold_seconds=60), headers={"HX-Request": "true"})
    # Two sides of 30 s more than the saved 30 s hold.
    expected = routine.duration_seconds(alice.lead_in_seconds) + 60
    assert f'value="{expected}"' in response.content.decode()
    assert "with changes not saved yet" in response.content.decode()
    assert snapshot(routine) == before

    unchanged = alice_client.get(url, item_data(item)).content.decode()
    assert f'value="{expected - 60}"' in unchanged
    assert "not saved yet" not in unchanged


def test_a_dose_typed_out_of_bounds_leaves_the_duration_as_it_was(alice_client, routine):
    item = routine.items.get(exercise__slug="kneeling-hip-flexor-stretch")
    url = reverse("routines:item_preview", args=[routine.pk, item.pk])
    assert alice_client.get(url, item_data(item, hold_seconds=999)).status_code == 204
    assert alice_client.get(url, item_data(item, hold_seconds="")).status_code == 204


def test_a_dose_can_switch_per_side_off(alice_client, routine):
    item = routine.items.get(exercise__slug="kneeling-hip-flexor-stretch")
    data = item_data(item)
    del data[f"item-{item.pk}-per_side"]
    alice_client.post(reverse("routines:item_update", args=[routine.pk, item.pk]), data)
    item.refresh_from_db()
    assert item.per_side is False


@pytest.mark.parametrize(
    "slug, field, value, message",
    [
        ("kneeling-hip-flexor-stretch", "hold_seconds", 301, "Hold must be between 5 and 300 s."),
        ("kneeling-hip-flexor-stretch", "hold_seconds", 4, "Hold must be between 5 and 300 s."),
        ("moist-heat", "hold_seconds", 3601, "Hold must be between 60 and 3600 s."),
        ("glute-bridge", "reps", 51, "Reps must be between 1 and 50."),
        ("glute-bridge", "reps", 0, "Reps must be between 1 and 50."),
        ("glute-bridge", "sets", 11, "Sets must be between 1 and 10."),
        ("glute-bridge", "sets", 0, "Sets must be between 1 and 10."),
        ("glute-bridge", "rest_seconds", 301, "Rest between sets must be between 0 and 300 s."),
        ("glute-bridge", "rest_seconds", -1, "Rest between sets must be between 0 and 300 s."),
        ("glute-bridge", "reps", "", "Enter the reps."),
        ("glute-bridge", "sets", "lots", "Enter a whole number."),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_a_dose_out_of_bounds_is_refused_with_its_bounds_and_nothing_saved(
    alice_client, routine, slug, field, value, message, htmx
):
    item = routine.items.filter(exercise__slug=slug).first() or routine.add_item(move(slug))
    before = snapshot(routine)
    # Change a valid field too, to show that a rejected form saves none of its fields.
    changes = {"hold_seconds": item.hold_seconds and item.hold_seconds + 1, field: value}
    data = item_data(item, **changes)
    headers = {"HX-Request": "true"} if htmx else {}
    response = alice_client.post(reverse("routines:item_update", args=[routine.pk, item.pk]), data, headers=headers)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert 'aria-invalid="true"' in text
    assert ("<html" in text) is not htmx
    assert snapshot(routine) == before


def test_move_up_and_down_reorders_and_the_ends_stay_put(alice_client, routine):
    first, second, third = routine.items.order_by("order")
    url = reverse("routines:item_move", args=[routine.pk, third.pk])
    response = alice_client.post(url, {"direction": "up"})
    assert response["Location"].endswith(f"#item-{third.pk}")
    assert (
        names(routine) == ["Kneeling hip flexor stretch", "Cat/cow", "Glute bridge"]
        or names(routine)[1] == third.exercise.name
    )
    alice_client.post(url, {"direction": "up"})
    alice_client.post(url, {"direction": "up"})  # already first: nothing happens
    assert names(routine)[0] == third.exercise.name
    alice_client.post(reverse("routines:item_move", args=[routine.pk, first.pk]), {"direction": "down"})
    assert names(routine) == [third.exercise.name, second.exercise.name, first.exercise.name]
    orders = list(routine.items.order_by("order").values_list("order", flat=True))
    assert orders == [1, 2, 3]


def test_moving_settles_items_that_share_an_order(alice_client, routine):
    routine.items.update(order=1)
    items = list(routine.items.order_by("order", "pk"))
    alice_client.post(reverse("routines:item_move", args=[routine.pk, items[2].pk]), {"direction": "up"})
    assert [i.pk for i in routine.items.order_by("order", "pk")] == [items[0].pk, items[2].pk, items[1].pk]


def test_moving_in_an_unknown_direction_is_refused(alice_client, routine):
    before = snapshot(routine)
    item = routine.items.first()
    response = alice_client.post(reverse("routines:item_move", args=[routine.pk, item.pk]), {"direction": "sideways"})
    assert response.status_code == 400
    assert b"up or down" in response.content
    assert snapshot(routine) == before


def test_moving_through_htmx_returns_the_list_and_announces_the_new_place(alice_client, routine):
    last = routine.items.order_by("order").last()
    response = alice_client.post(
        reverse("routines:item_move", args=[routine.pk, last.pk]), {"direction": "up"}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert f"{last.exercise.name} is now move 2 of 3." in text
    assert f'id="up-{last.pk}"' in text


def test_removing_an_item_keeps_the_others(alice_client, routine):
    item = routine.items.get(exercise__slug="glute-bridge")
    response = alice_client.post(reverse("routines:item_remove", args=[routine.pk, item.pk]))
    assert response.status_code == 302
    assert names(routine) == ["Kneeling hip flexor stretch", "Cat/cow"]
    assert alice_client.post(reverse("routines:item_remove", args=[routine.pk, item.pk])).status_code == 404


def remove(client, routine, slug: str, **kwargs):
    item = routine.items.get(exercise__slug=slug)
    return item, client.post(reverse("routines:item_remove", args=[routine.pk, item.pk]), **kwargs)


def restore(client, routine, item, **kwargs):
    return client.post(reverse("routines:item_restore", args=[routine.pk]), {"item": item.pk}, **kwargs)


@pytest.mark.parametrize("htmx", [True, False])
def test_undo_brings_a_removed_move_back_in_its_place_with_its_dose(alice_client, routine, htmx):
    item = routine.items.get(exercise__slug="glute-bridge")
    alice_client.post(
        reverse("routines:item_update", args=[routine.pk, item.pk]), item_data(item, reps=12, sets=3, rest_seconds=45)
    )
    before = snapshot(routine)
    headers = {"HX-Request": "true"} if htmx else {}
    item, response = remove(alice_client, routine, "glute-bridge", headers=headers, follow=not htmx)
    assert names(routine) == ["Kneeling hip flexor stretch", "Cat/cow"]
    text = response.content.decode()
    assert "Removed Glute bridge." in text
    assert f'action="{reverse("routines:item_restore", args=[routine.pk])}"' in text
    assert f'name="item" value="{item.pk}"' in text
    assert "Undo<span" in text

    response = restore(alice_client, routine, item, headers=headers, follow=not htmx)
    assert snapshot(routine) == before
    assert names(routine) == ["Kneeling hip flexor stretch", "Glute bridge", "Cat/cow"]
    assert routine.items.get(exercise__slug="glute-bridge").pk == item.pk
    assert "Glute bridge is back." in response.content.decode()


def test_undo_twice_brings_the_move_back_once(alice_client, routine):
    item, _ = remove(alice_client, routine, "kneeling-hip-flexor-stretch")
    restore(alice_client, routine, item)
    response = restore(alice_client, routine, item, follow=True)
    assert names(routine) == ["Kneeling hip flexor stretch", "Glute bridge", "Cat/cow"]
    assert "That move is already back." in response.content.decode()


def test_undo_keeps_the_last_few_removals_and_each_returns_to_its_place(alice_client, routine):
    first, _ = remove(alice_client, routine, "kneeling-hip-flexor-stretch")
    third, _ = remove(alice_client, routine, "cat-cow")
    # Undo offers the last removal first, so they come back in the reverse order.
    restore(alice_client, routine, third)
    restore(alice_client, routine, first)
    assert names(routine) == ["Kneeling hip flexor stretch", "Glute bridge", "Cat/cow"]


def test_undo_with_nothing_removed_changes_nothing(alice_client, routine):
    before = snapshot(routine)
    response = alice_client.post(reverse("routines:item_restore", args=[routine.pk]), {"item": "99999"}, follow=True)
    assert "There is nothing to undo." in response.content.decode()
    response = alice_client.post(reverse("routines:item_restore", args=[routine.pk]), {"item": "x"}, follow=True)
    assert "There is nothing to undo." in response.content.decode()
    assert snapshot(routine) == before


def test_undo_on_another_users_routine_is_a_404(alice_client, routine, bob, bobs_routine):
    bobs_client = Client()
    bobs_client.force_login(bob)
    bobs_item = bobs_routine.items.get()
    remove(bobs_client, bobs_routine, "glute-bridge")
    assert restore(alice_client, bobs_routine, bobs_item).status_code == 404
    # Nor does Alice's own removal come back into Bob's routine.
    item, _ = remove(alice_client, routine, "cat-cow")
    assert restore(alice_client, bobs_routine, item).status_code == 404
    assert bobs_routine.items.count() == 0
    assert "Cat/cow" not in names(routine)


def test_undo_refuses_get_and_a_post_without_csrf(alice, routine):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    item = routine.items.get(exercise__slug="cat-cow")
    page = client.get(reverse("routines:edit", args=[routine.pk])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    client.post(reverse("routines:item_remove", args=[routine.pk, item.pk]), {"csrfmiddlewaretoken": token})
    url = reverse("routines:item_restore", args=[routine.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"item": item.pk}).status_code == 403
    assert "Cat/cow" not in names(routine)
    assert client.post(url, {"item": item.pk, "csrfmiddlewaretoken": token}).status_code == 302
    assert "Cat/cow" in names(routine)


def test_undo_says_so_when_the_routine_is_full(alice_client, routine):
    item, _ = remove(alice_client, routine, "cat-cow")
    bridge = move("glute-bridge")
    RoutineItem.objects.bulk_create(
        RoutineItem(routine=routine, exercise=bridge, order=10 + n, **RoutineItem.default_dose(bridge))
        for n in range(28)
    )
    response = restore(alice_client, routine, item, follow=True)
    assert "A routine holds at most 30 moves. Remove one first." in response.content.decode()
    assert "Cat/cow" not in names(routine)


# A routine as a plan


def test_a_routine_reads_as_a_plan_with_a_start_button(alice_client, alice, routine):
    response = alice_client.get(reverse("routines:detail", args=[routine.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("player:play", args=[routine.pk])}"' in text
    # Each move shows its drawing, named by its position in words.
    assert move("glute-bridge").poses[0]["alt"].replace("'", "&#x27;") in text
    assert move("glute-bridge").caution_list[0].replace("'", "&#x27;") in text
    assert "Kneeling hip flexor stretch — left side" in text
    assert "Hold 30 s · each side" in text


# Starters


def test_there_are_five_starters_including_the_flare_day_minimum(library):
    starters = {r.starter_key: r for r in Routine.objects.starters().with_items()}
    assert len(starters) >= 5
    assert "flare-day" in starters
    assert 2 <= len(starters["flare-day"].ordered_items()) <= 3
    assert sum(2 <= len(r.ordered_items()) <= 5 for r in starters.values()) >= len(starters) - 1
    assert 540 <= starters["daily-hip-mobility"].duration_seconds(5) <= 660
    for item in starters["runners-hips"].ordered_items():
        if item.measure == "hold":
            assert 30 <= item.hold_seconds <= 40


def test_every_starter_dose_is_within_the_builders_bounds(library):
    items = list(RoutineItem.objects.filter(routine__owner__isnull=True).select_related("exercise", "routine"))
    starters = set(Routine.objects.starters().values_list("starter_key", flat=True))
    # Checked only if there is something to check: every starter loaded, each with its moves.
    assert starters, "no starter routines were loaded"
    assert {item.routine.starter_key for item in items} == starters, "a starter has no moves"
    for item in items:
        item.clean()


def test_loading_twice_changes_nothing_and_never_touches_users_routines(library, alice):
    own = Routine.objects.create(owner=alice, name="Desk-sitter's hip flexor reset")
    own.add_item(move("cobra-pose"))
    state = list(RoutineItem.objects.order_by("pk").values_list("pk", "routine_id", *RoutineItem.COPIED_FIELDS))
    routines = list(Routine.objects.order_by("pk").values_list("pk", "name", "owner_id", "starter_key", "updated_at"))
    call_command("load_library", verbosity=0)
    assert list(RoutineItem.objects.order_by("pk").values_list("pk", "routine_id", *RoutineItem.COPIED_FIELDS)) == state
    assert (
        list(Routine.objects.order_by("pk").values_list("pk", "name", "owner_id", "starter_key", "updated_at"))
        == routines
    )


def test_loading_puts_a_changed_starter_back_and_leaves_copies_alone(library, alice):
    starter = Routine.objects.starters().get(starter_key="flare-day")
    copy = starter.copy_for(alice)
    copy_before = snapshot(copy)
    expected = snapshot(starter)
    starter.items.first().delete()
    Routine.objects.filter(pk=starter.pk).update(name="Changed")
    call_command("load_library", verbosity=0)
    starter.refresh_from_db()
    assert starter.name == "Flare-day minimum"
    assert snapshot(starter) == expected
    assert snapshot(copy) == copy_before


def test_the_starter_fixture_is_the_simple_format(library):
    specs = json.loads(STARTERS.read_text())
    assert {"starter_key", "name", "purpose", "notes", "items"} <= set(specs[0])
    assert all("exercise" in item for spec in specs for item in spec["items"])


def test_starters_list_each_with_its_duration_and_purpose(alice_client, alice, library):
    response = alice_client.get(reverse("routines:starters"))
    text = response.content.decode()
    for starter in Routine.objects.starters().with_items():
        assert starter.name.replace("'", "&#x27;") in text
        assert starter.purpose in text
    assert text.count("Use this routine") == Routine.objects.starters().count()


def test_using_a_starter_copies_it_and_changing_the_copy_leaves_the_starter(alice_client, alice, library):
    starter = Routine.objects.starters().get(starter_key="flare-day")
    expected = snapshot(starter)
    response = alice_client.post(reverse("routines:starter_use", args=[starter.pk]))
    copy = Routine.objects.get(owner=alice)
    assert response["Location"] == reverse("routines:detail", args=[copy.pk])
    assert copy.starter_key is None and copy.name == starter.name
    item = copy.items.first()
    alice_client.post(reverse("routines:item_remove", args=[copy.pk, item.pk]))
    assert snapshot(starter) == expected
    # A starter is nobody's routine: it cannot be edited through the builder.
    assert alice_client.get(reverse("routines:edit", args=[starter.pk])).status_code == 404


def test_only_starters_can_be_used_as_starters(alice_client, bobs_routine):
    assert alice_client.post(reverse("routines:starter_use", args=[bobs_routine.pk])).status_code == 404
    assert alice_client.get(reverse("routines:starter_use", args=[bobs_routine.pk])).status_code == 405


# Sharing


def test_the_owner_creates_and_revokes_a_share_link(alice_client, bob, routine):
    client = Client()
    url = reverse("routines:share", args=[routine.pk])
    alice_client.post(url, {"action": "create"})
    routine.refresh_from_db()
    token = routine.share_token
    assert token and len(token) >= 32
    alice_client.post(url, {"action": "create"})  # pressing twice keeps the same link
    routine.refresh_from_db()
    assert routine.share_token == token
    detail = alice_client.get(reverse("routines:detail", args=[routine.pk])).content.decode()
    assert reverse("routines:shared", args=[token]) in detail

    client.force_login(bob)
    assert client.get(reverse("routines:shared", args=[token])).status_code == 200
    alice_client.post(url, {"action": "revoke"})
    assert client.get(reverse("routines:shared", args=[token])).status_code == 404
    assert client.post(reverse("routines:shared_copy", args=[token])).status_code == 404


def test_sharing_needs_a_clear_action(alice_client, routine):
    response = alice_client.post(reverse("routines:share", args=[routine.pk]), {"action": "publish"})
    assert response.status_code == 400
    routine.refresh_from_db()
    assert routine.share_token is None


def test_a_logged_in_visitor_copies_a_shared_routine(client, bob, routine):
    routine.share_token = "a-long-unguessable-token-for-tests-only"
    routine.save()
    client.force_login(bob)
    page = client.get(reverse("routines:shared", args=[routine.share_token]))
    assert "Copy to my routines" in page.content.decode()
    assert "Morning hips" in page.content.decode()
    response = client.post(reverse("routines:shared_copy", args=[routine.share_token]))
    copy = Routine.objects.get(owner=bob)
    assert response["Location"] == reverse("routines:detail", args=[copy.pk])
    assert names(copy) == names(routine)
    assert copy.share_token is None
    assert client.get(reverse("routines:shared_copy", args=[routine.share_token])).status_code == 405


def test_an_anonymous_visitor_sees_a_shared_routine_and_is_asked_to_sign_up(client, routine):
    routine.share_token = "another-long-unguessable-token-for-tests"
    routine.save()
    url = reverse("routines:shared", args=[routine.share_token])
    text = client.get(url).content.decode()
    assert "Glute bridge" in text
    assert f"{reverse('accounts:signup')}?next={url.replace('/', '%2F')}" in text
    assert f"{reverse('accounts:login')}?next={url.replace('/', '%2F')}" in text
    response = client.post(reverse("routines:shared_copy", args=[routine.share_token]))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Routine.objects.filter(owner__isnull=False).count() == 1


def test_an_unknown_share_token_is_a_404(client, routine):
    assert client.get(reverse("routines:shared", args=["nope"])).status_code == 404


def test_signing_up_from_a_shared_routine_comes_back_to_it(client, routine):
    routine.share_token = "yet-another-long-unguessable-token-here"
    routine.save()
    url = reverse("routines:shared", args=[routine.share_token])
    data = {
        "username": "sam",
        "email": "sam@example.com",
        "password1": "a-long-pass-phrase-2026",
        "password2": "a-long-pass-phrase-2026",
    }
    response = client.post(f"{reverse('accounts:signup')}?next={url}", data)
    assert response.status_code == 302
    assert response["Location"] == url
    data = {**data, "username": "sam2", "email": "sam2@example.com"}
    evil = Client().post(f"{reverse('accounts:signup')}?next=https://evil.example/", data)
    assert evil["Location"] == reverse("start:index")  # never off-site


def test_copying_a_shared_routine_copies_the_owners_custom_moves_too(client, alice, bob, bobs_move):
    shared = Routine.objects.create(owner=bob, name="Bob's towel routine")
    shared.add_item(bobs_move)
    copy = shared.copy_for(alice)
    move = copy.ordered_items()[0].exercise
    assert move.owner == alice
    assert move.name == bobs_move.name
    assert move.pk != bobs_move.pk
    # Bob's own move stays his to change; Alice's copy does not depend on it.
    bobs_move.name = "Renamed"
    bobs_move.save()
    move.refresh_from_db()
    assert move.name == "Towel stretch for Bob"
