import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines.dose import EXTENSION_SECONDS
from routines.models import Exercise, Routine, Session
from routines.session_save import pain_is_rising

from .factories import custom_move, make_session, player_result, post_result

# Check-in


def check_in_data(pain="3", *flags: str) -> dict:
    """A check-in: the pain score, and the red flags ticked (or "None of these")."""
    return {"pain": pain, "flags": list(flags)} if flags else {"pain": pain, "no_flags": "on"}


def test_the_check_in_lists_the_moves_cautions_and_red_flags(alice_client, routine):
    response = alice_client.get(reverse("player:play", args=[routine.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Keep your back straight as you shift forward." in page
    assert "saddle area" in page
    assert "None of these" in page
    assert "When to see a doctor" in page


def test_a_clear_check_in_opens_the_player_with_the_servers_timeline(alice_client, routine):
    response = alice_client.post(reverse("player:play", args=[routine.pk]), check_in_data())
    assert response.status_code == 302
    response = alice_client.get(response.url)
    assert response.status_code == 200
    data = response.context["data"]
    assert data["steps"] == [step.as_dict() for step in routine.timeline(5)]
    assert data["pain_before"] == 3
    assert data["items"][0]["cautions"]
    assert data["urls"]["save"] == reverse("player:save", args=[routine.pk])
    assert 'id="player-data"' in response.content.decode()
    # The "+10 s" button and the player's arithmetic both read the length from the data.
    assert data["extension_seconds"] == EXTENSION_SECONDS
    assert f">+{EXTENSION_SECONDS} s</button>" in response.content.decode()


def test_a_red_flag_stops_the_check_in_and_starts_nothing(alice_client, routine):
    response = alice_client.post(reverse("player:play", args=[routine.pk]), check_in_data("3", "injury"))
    assert response.status_code == 200
    assert "See a doctor before you exercise again" in response.content.decode()
    assert 'href="/safety/"' in response.content.decode()
    assert alice_client.get(reverse("player:run", args=[routine.pk])).url == reverse("player:play", args=[routine.pk])


@pytest.mark.parametrize("answers", [{"flags": ["fever"]}, {"flags": ["fever"], "no_flags": "on", "pain": "3"}])
def test_a_sign_ticked_stops_even_with_no_pain_score_or_none_of_these_ticked_too(alice_client, routine, answers):
    page = alice_client.post(reverse("player:play", args=[routine.pk]), answers).content.decode()
    assert 'role="alert" aria-labelledby="stop-' in page and "You ticked:" in page
    assert alice_client.get(reverse("player:run", args=[routine.pk])).url == reverse("player:play", args=[routine.pk])


@pytest.mark.parametrize(
    "answers, message",
    [
        ({}, "Tick each sign you have, or “None of these”."),
        ({"flags": ["gout"]}, "Tick only the signs listed."),
    ],
)
def test_the_check_in_needs_the_red_flags_answered_one_way(alice_client, routine, answers, message):
    response = alice_client.post(reverse("player:play", args=[routine.pk]), {"pain": "3", **answers})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert alice_client.get(reverse("player:run", args=[routine.pk])).url == reverse("player:play", args=[routine.pk])


def test_the_check_in_and_the_player_are_one_page(alice_client, routine):
    response = alice_client.get(reverse("player:play", args=[routine.pk]))
    page = response.content.decode()
    assert 'id="check-in-form"' in page and 'id="player-data"' in page
    # The one button that checks in and starts; the player's own Start is not offered here.
    assert "None of these — start</button>" in page
    assert response.context["data"]["steps"] == [step.as_dict() for step in routine.timeline(5)]
    assert response.context["data"]["pain_before"] is None


def test_the_pages_script_checks_in_in_the_background(alice_client, routine):
    url = reverse("player:play", args=[routine.pk])
    json_accept = {"HTTP_ACCEPT": "application/json"}
    response = alice_client.post(url, check_in_data("4"), **json_accept)
    assert response.status_code == 200
    assert response.json() == {"ok": True, "run": reverse("player:run", args=[routine.pk])}
    assert alice_client.get(reverse("player:run", args=[routine.pk])).context["data"]["pain_before"] == 4
    # A sign is refused even here, and the check-in made before is forgotten.
    response = alice_client.post(url, check_in_data("4", "fever"), **json_accept)
    assert response.status_code == 409
    assert alice_client.get(reverse("player:run", args=[routine.pk])).url == url
    response = alice_client.post(url, {"pain": "4"}, **json_accept)
    assert response.status_code == 400 and "flags" in response.json()["errors"]


def test_the_check_in_needs_a_pain_score(alice_client, routine):
    response = alice_client.post(reverse("player:play", args=[routine.pk]), check_in_data(pain="11"))
    assert "Please answer every question" in response.content.decode()


def test_the_player_needs_a_check_in_first(alice_client, routine):
    response = alice_client.get(reverse("player:run", args=[routine.pk]))
    assert response.url == reverse("player:play", args=[routine.pk])


def test_the_player_pages_hide_other_users_routines(alice_client, bobs_routine):
    for name in ("player:play", "player:run"):
        assert alice_client.get(reverse(name, args=[bobs_routine.pk])).status_code == 404
    assert post_result(alice_client, bobs_routine, player_result()).status_code == 404
    assert Session.objects.count() == 0


def test_the_player_pages_need_a_login(client, routine):
    response = client.get(reverse("player:play", args=[routine.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert post_result(client, routine, player_result()).status_code == 302
    assert Session.objects.count() == 0


def test_the_player_pages_refuse_wrong_methods(alice_client, routine):
    assert alice_client.put(reverse("player:play", args=[routine.pk])).status_code == 405
    assert alice_client.post(reverse("player:run", args=[routine.pk])).status_code == 405
    assert alice_client.get(reverse("player:save", args=[routine.pk])).status_code == 405


# Saving a result


def test_a_result_is_saved_with_a_snapshot_of_the_routine(alice_client, alice, routine):
    data = player_result()
    response = post_result(alice_client, routine, data)
    assert response.status_code == 200
    session = Session.objects.get()
    assert response.json()["id"] == session.pk
    assert response.json()["summary"] == {"duration_seconds": 180, "pain_before": 4, "pain_after": 3}
    assert (session.user, session.routine, session.routine_name) == (alice, routine, "Morning hips")
    assert (session.pain_before, session.pain_after, session.effort, session.notes_flagged) == (4, 3, 6, True)
    assert session.source == "player" and session.completed
    assert str(session.client_id) == data["client_id"]
    hip, bridge = session.moves.all()
    assert (hip.name, hip.per_side, hip.sets_planned, hip.seconds_done) == ("Kneeling hip flexor stretch", True, 1, 60)
    assert (bridge.measure, bridge.sets_done, bridge.reps_done) == ("reps", 2, 20)
    # The snapshot outlives the routine.
    routine.delete()
    session.refresh_from_db()
    assert session.routine is None and session.routine_name == "Morning hips"


def test_the_local_date_is_the_day_in_the_persons_time_zone(alice_client, alice, routine):
    alice.timezone = "Pacific/Auckland"
    alice.save()
    data = player_result()
    post_result(alice_client, routine, data)
    session = Session.objects.get()
    assert (
        session.local_date
        == timezone.localtime(session.started_at, __import__("zoneinfo").ZoneInfo("Pacific/Auckland")).date()
    )


def test_the_same_result_sent_twice_is_saved_once(alice_client, routine):
    data = player_result()
    first = post_result(alice_client, routine, data)
    second = post_result(alice_client, routine, data)
    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert second.json()["created"] is False
    assert Session.objects.count() == 1
    assert routine.sessions.get().moves.count() == 2


def test_a_save_that_loses_the_race_answers_with_the_winner(alice, routine):
    from routines.session_save import clean_result, save_result

    items = routine.ordered_items()
    clean, errors = clean_result(player_result(), items, 5, timezone.now())
    assert not errors
    first, created = save_result(alice, routine, routine.name, items, clean)
    second, created_again = save_result(alice, routine, routine.name, items, clean)
    assert created and not created_again
    assert first.pk == second.pk
    assert Session.objects.count() == 1


def test_moves_not_reported_are_recorded_as_skipped(alice_client, routine):
    response = post_result(
        alice_client, routine, player_result(moves=[{"item": 0, "sets_done": 1, "seconds_done": 60}])
    )
    assert response.status_code == 200
    assert Session.objects.get().moves.get(order=1).skipped


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"pain_before": 11}, "pain_before"),
        ({"pain_before": -1}, "pain_before"),
        ({"pain_before": None}, "pain_before"),
        ({"pain_before": "4"}, "pain_before"),
        ({"pain_before": True}, "pain_before"),
        ({"pain_after": 10.5}, "pain_after"),
        ({"effort": 12}, "effort"),
        ({"notes": 5}, "notes"),
        ({"notes": "x" * 4001}, "notes"),
        ({"notes_flagged": "yes"}, "notes_flagged"),
        ({"completed": 1}, "completed"),
        ({"started_at": "yesterday"}, "started_at"),
        ({"started_at": "2026-01-01T10:00:00"}, "started_at"),
        ({"ended_at": (timezone.now() + timedelta(hours=1)).isoformat()}, "ended_at"),
        ({"started_at": (timezone.now() - timedelta(days=40)).isoformat()}, "started_at"),
        ({"duration_seconds": 100_000}, "duration_seconds"),
        ({"duration_seconds": 250}, "duration_seconds"),
        ({"duration_seconds": -5}, "duration_seconds"),
        ({"moves": "all of them"}, "moves"),
        ({"moves": [{"item": 7, "sets_done": 1, "seconds_done": 1}]}, "moves"),
        ({"moves": [{"item": 0, "sets_done": 1, "seconds_done": 1}] * 2}, "moves"),
        ({"moves": [{"item": 0, "sets_done": 2, "seconds_done": 60}]}, "moves"),
        ({"moves": [{"item": 0, "sets_done": 1, "seconds_done": 9999}]}, "moves"),
        ({"moves": [{"item": 0, "sets_done": 1, "seconds_done": 60, "reps_done": 3}]}, "moves"),
        ({"moves": [{"item": 1, "sets_done": 2, "seconds_done": 60, "reps_done": 500}]}, "moves"),
        ({"moves": [{"item": 1, "sets_done": 2, "seconds_done": 60, "skipped": "no"}]}, "moves"),
        ({"moves": ["bridge"]}, "moves"),
        # Well-formed but impossible times, and text no database stores.
        ({"started_at": "2026-13-01T10:00:00+00:00"}, "started_at"),
        ({"started_at": "2026-02-30T10:00:00+00:00"}, "started_at"),
        ({"started_at": "2026-03-01T25:00:00+00:00"}, "started_at"),
        ({"ended_at": "2026-03-01T10:00:00+25:00"}, "ended_at"),
        ({"ended_at": "0001-01-01T00:00:00+23:59"}, "ended_at"),
        ({"started_at": "9999-12-31T23:59:59-23:59"}, "started_at"),
        ({"notes": "stiff \ud800 hips"}, "notes"),
        ({"notes": "stiff\x00hips"}, "notes"),
    ],
)
def test_a_bad_result_gets_a_clear_error_and_saves_nothing(alice_client, routine, changes, field):
    response = post_result(alice_client, routine, player_result(**changes))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Session.objects.count() == 0


def test_the_end_before_the_start_is_refused(alice_client, routine):
    now = timezone.now()
    response = post_result(
        alice_client,
        routine,
        player_result(started_at=now.isoformat(), ended_at=(now - timedelta(minutes=5)).isoformat()),
    )
    assert response.status_code == 400
    assert "before the start" in response.json()["errors"]["ended_at"]


def test_a_body_that_is_not_json_is_refused(alice_client, routine):
    url = reverse("player:save", args=[routine.pk])
    response = alice_client.post(url, "pain=4", content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"]["__all__"]
    response = alice_client.post(url, "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert Session.objects.count() == 0


def test_the_save_needs_the_csrf_token(alice, routine):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert post_result(client, routine, player_result()).status_code == 403
    client.get(reverse("player:play", args=[routine.pk]))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("player:save", args=[routine.pk]),
        json.dumps(player_result()),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200


def test_the_save_runs_a_fixed_number_of_queries(alice_client, alice, library, django_assert_max_num_queries):
    routine = Routine.objects.create(owner=alice, name="Long one")
    for exercise in Exercise.objects.builtin()[:12]:
        routine.add_item(exercise)
    data = player_result(moves=[], duration_seconds=10)
    with django_assert_max_num_queries(12):
        assert post_result(alice_client, routine, data).status_code == 200
    assert Session.objects.get().moves.count() == 12


@pytest.mark.django_db(transaction=True)
def test_a_save_and_its_retry_run_few_queries(alice_client, alice, library, django_assert_max_num_queries):
    """As in production (no test transaction around it), on SQLite and PostgreSQL alike: the session
    with its user (one query), one SELECT of the routine, BEGIN, the two INSERTs and the data version,
    COMMIT, and the recent pains. A retry: the session with its user, the routine, BEGIN, the INSERT
    the unique (user, client id) refuses, ROLLBACK, the first session, the recent pains; and no write
    after it."""
    routine = Routine.objects.create(owner=alice, name="Long one")
    for exercise in Exercise.objects.builtin()[:12]:
        routine.add_item(exercise)
    data = player_result(moves=[], duration_seconds=10, plan=played(alice_client, routine)["plan"])
    with django_assert_max_num_queries(8):
        first = post_result(alice_client, routine, data)
    assert first.status_code == 200 and first.json()["created"] is True
    with django_assert_max_num_queries(7):
        again = post_result(alice_client, routine, data)
    assert again.json() == {**first.json(), "created": False}
    assert Session.objects.get().moves.count() == 12


def test_a_retry_or_a_refused_result_leaves_the_data_version_and_the_cached_pages_alone(alice_client, alice, routine):
    data = player_result()
    post_result(alice_client, routine, data)
    alice.refresh_from_db()
    assert alice.data_version == 1
    assert post_result(alice_client, routine, data).json()["created"] is False
    assert post_result(alice_client, routine, player_result(pain_before=11)).status_code == 400
    alice.refresh_from_db()
    assert alice.data_version == 1
    # A new result still moves it, once.
    assert post_result(alice_client, routine, player_result()).json()["created"] is True
    alice.refresh_from_db()
    assert alice.data_version == 2


def test_a_move_removed_and_deleted_while_the_routine_plays_is_saved_without_it(alice_client, alice, routine):
    towel = custom_move(alice, "Towel stretch", "towel-stretch")
    routine.add_item(towel)
    plan = played(alice_client, routine)["plan"]
    item = routine.ordered_items()[2]
    alice_client.post(reverse("routines:item_remove", args=[routine.pk, item.pk]))
    towel.delete()
    response = post_result(alice_client, routine, player_result(plan=plan))
    assert response.status_code == 200, response.content
    moves = list(Session.objects.get().moves.all())
    assert [(m.name, m.exercise_id is None) for m in moves] == [
        ("Kneeling hip flexor stretch", False),
        ("Glute bridge", False),
        ("Towel stretch", True),
    ]


def test_pain_rising_after_two_sessions_in_a_row_earns_a_kind_word(alice_client, routine):
    assert post_result(alice_client, routine, player_result(pain_before=2, pain_after=4)).json()["pain_rising"] is False
    response = post_result(alice_client, routine, player_result(pain_before=3, pain_after=5)).json()
    assert response["pain_rising"] is True
    # The gentle flare-day starter is suggested, to copy from the starters page.
    assert response["flare_routine"] == {"name": "Flare-day minimum", "url": reverse("routines:starters")}


def test_pain_is_rising_only_on_two_rises_of_two_in_a_row():
    assert pain_is_rising([(2, 4), (3, 5)])
    assert not pain_is_rising([(2, 4), (3, 4)])
    assert not pain_is_rising([(2, 4)])
    assert not pain_is_rising([(2, None), (3, 5)])
    assert not pain_is_rising([(5, 2), (2, 4), (3, 5)])


# The log: list, view, new, edit, delete


def test_the_log_lists_only_my_sessions_in_a_fixed_number_of_queries(
    alice_client, alice, bob, routine, django_assert_max_num_queries
):
    for days in range(30):
        session = make_session(alice, timezone.now() - timedelta(days=days, hours=1), routine=routine)
        session.moves.create(name="Glute bridge", measure="reps", sets_done=2)
    make_session(bob, routine_name="Bob's free moves")
    with django_assert_max_num_queries(6):
        response = alice_client.get(reverse("sessions:list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20
    assert "1 of 1 moves" in response.content.decode()
    assert "Bob's free moves" not in response.content.decode()
    assert alice_client.get(reverse("sessions:list"), {"page": 2}).context["page"].number == 2


def test_the_log_and_a_session_write_durations_in_minutes_and_seconds(alice_client, alice, routine):
    session = make_session(alice, routine=routine)
    Session.objects.filter(pk=session.pk).update(duration_seconds=446)
    assert "· 7 min 26 s" in alice_client.get(reverse("sessions:list")).content.decode()
    page = alice_client.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert "<dd>7 min 26 s</dd>" in page and "446 s" not in page


def test_one_session_shows_its_moves(alice_client, alice, routine):
    session = make_session(alice, routine=routine, pain_before=4, pain_after=2, notes="Hip fine.")
    session.moves.create(name="Glute bridge", measure="reps", sets_done=2, sets_planned=2, reps_done=20)
    response = alice_client.get(reverse("sessions:detail", args=[session.pk]))
    assert response.status_code == 200
    assert "Glute bridge" in response.content.decode() and "20 reps" in response.content.decode()


def test_another_users_session_is_a_404(alice_client, bob):
    session = make_session(bob)
    for name in ("sessions:detail", "sessions:edit", "sessions:delete"):
        assert alice_client.get(reverse(name, args=[session.pk])).status_code == 404
    assert alice_client.post(reverse("sessions:delete", args=[session.pk])).status_code == 404
    assert Session.objects.filter(pk=session.pk).exists()


def test_the_log_needs_a_login(client):
    for name in ("sessions:list", "sessions:new"):
        assert "/accounts/login/" in client.get(reverse(name)).url


def test_the_log_refuses_wrong_methods(alice_client, alice):
    assert alice_client.post(reverse("sessions:list")).status_code == 405
    session = make_session(alice)
    assert alice_client.post(reverse("sessions:detail", args=[session.pk])).status_code == 405
    assert alice_client.put(reverse("sessions:edit", args=[session.pk])).status_code == 405


def test_a_session_logged_by_hand_from_a_routine(alice_client, alice, routine):
    response = alice_client.post(
        reverse("sessions:new"),
        {
            "routine": routine.pk,
            "date": "2026-03-02",
            "time": "07:30",
            "duration_minutes": "12",
            "pain_before": "5",
            "pain_after": "3",
            "effort": "4",
            "notes": "On holiday.",
        },
    )
    session = Session.objects.get()
    assert response.url == session.get_absolute_url()
    assert session.source == "manual" and session.routine_name == "Morning hips"
    assert session.duration_seconds == 720
    assert str(session.local_date) == "2026-03-02"
    assert timezone.localtime(session.started_at).hour == 7  # Alice's London time
    assert [m.name for m in session.moves.all()] == ["Kneeling hip flexor stretch", "Glute bridge"]


def test_a_session_logged_by_hand_from_chosen_moves(alice_client, library):
    bridge = Exercise.objects.get(slug="glute-bridge")
    response = alice_client.post(
        reverse("sessions:new"),
        {"exercises": [bridge.pk], "date": "2026-03-02", "time": "07:30", "duration_minutes": "5"},
    )
    assert response.status_code == 302
    assert Session.objects.get().routine_name == "Glute bridge"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"routine": ""}, "Choose a routine or at least one move."),
        ({"duration_minutes": "0"}, "greater than or equal to 1"),
        ({"pain_before": "11"}, "Select a valid choice"),
        ({"date": "2999-01-01"}, "in the future"),
        ({"date": "soon"}, "Enter a valid date"),
    ],
)
def test_a_bad_hand_logged_session_gets_a_clear_error(alice_client, routine, changes, message):
    data = {"routine": routine.pk, "date": "2026-03-02", "time": "07:30", "duration_minutes": "12", **changes}
    response = alice_client.post(reverse("sessions:new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Session.objects.count() == 0


def test_someone_elses_routine_cannot_be_logged(alice_client, bobs_routine):
    data = {"routine": bobs_routine.pk, "date": "2026-03-02", "time": "07:30", "duration_minutes": "12"}
    response = alice_client.post(reverse("sessions:new"), data)
    assert response.status_code == 200
    assert Session.objects.count() == 0


def test_a_session_is_edited_and_deleted(alice_client, alice, routine):
    session = make_session(alice, routine=routine, pain_before=4)
    response = alice_client.post(
        reverse("sessions:edit", args=[session.pk]),
        {"date": "2026-03-03", "time": "18:00", "duration_minutes": "20", "pain_before": "2", "notes": "Evening."},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.pain_before, session.duration_seconds, str(session.local_date)) == (2, 1200, "2026-03-03")
    response = alice_client.post(reverse("sessions:edit", args=[session.pk]), {"date": "", "duration_minutes": "20"})
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.duration_seconds == 1200
    assert alice_client.get(reverse("sessions:delete", args=[session.pk])).status_code == 200
    assert alice_client.post(reverse("sessions:delete", args=[session.pk])).url == reverse("sessions:list")
    assert not Session.objects.exists()


@pytest.mark.parametrize("depth", [5, 100, 1000, 10_000])
def test_a_deeply_nested_result_is_refused_not_crashed(alice_client, routine, depth):
    body = '{"client_id": "x", "notes": ' + "[" * depth + "]" * depth + "}"
    response = alice_client.post(reverse("player:save", args=[routine.pk]), body, content_type="application/json")
    assert response.status_code == 400
    assert "nests too deeply" in response.json()["errors"]["__all__"]


def test_a_result_bigger_than_any_the_player_sends_is_refused(alice_client, routine):
    response = post_result(alice_client, routine, player_result(moves=[{"item": 0}] * 20_000))
    assert response.status_code == 400
    assert "at most 64 KB" in response.json()["errors"]["__all__"]
    assert not Session.objects.exists()


# The routine as played


def played(client, routine) -> dict:
    """Check in and open the player; return the data the page gives its script."""
    client.post(reverse("player:play", args=[routine.pk]), check_in_data())
    page = client.get(reverse("player:run", args=[routine.pk])).content.decode()
    return json.loads(page.split('id="player-data" type="application/json">', 1)[1].split("</script>", 1)[0])


def test_a_move_removed_while_the_routine_plays_is_still_saved_as_played(alice_client, routine):
    plan = played(alice_client, routine)["plan"]
    bridge = routine.ordered_items()[1]
    alice_client.post(reverse("routines:item_remove", args=[routine.pk, bridge.pk]))
    routine.name = "Renamed since"
    routine.save()
    assert len(Routine.objects.get(pk=routine.pk).ordered_items()) == 1

    response = post_result(alice_client, routine, player_result(plan=plan))
    assert response.status_code == 200, response.content
    session = Session.objects.get()
    assert session.routine_name == "Morning hips"
    assert [(m.name, m.reps_done, m.exercise_id) for m in session.moves.all()] == [
        ("Kneeling hip flexor stretch", None, routine.ordered_items()[0].exercise_id),
        ("Glute bridge", 20, bridge.exercise_id),
    ]


def test_a_plan_for_another_routine_or_person_or_forged_is_ignored(alice_client, alice, bob, routine, bobs_routine):
    from routines.session_save import sign_plan

    one_move = Routine.objects.create(owner=alice, name="One move")
    one_move.add_item(Exercise.objects.get(slug="glute-bridge"))
    for plan in (sign_plan(alice, one_move), sign_plan(bob, routine), "forged:token", "\ud800", 7):
        response = post_result(alice_client, routine, player_result(plan=plan))
        assert response.status_code == 200
    assert all(session.moves.count() == 2 for session in Session.objects.all())


def test_the_benchmarks_save_body_is_saved_as_the_players_result_is(alice_client, alice, routine):
    from bench.payloads import save_payload
    from routines.session_save import signed_plan

    data = json.loads(save_payload("alice").replace("CLIENT_ID", str(uuid.uuid4())))
    assert signed_plan(data["plan"], alice, routine.pk) is not None  # bench/run measures the player's path
    response = post_result(alice_client, routine, data)
    assert response.status_code == 200 and response.json()["created"] is True
