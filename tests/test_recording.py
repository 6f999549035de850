"""One way to keep a session: `Session.objects.record`, used by the player's save, the hand log and the demo data."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse

from routines.models import Session

from .factories import player_result, post_result


def fields(**changes) -> dict:
    started = datetime(2026, 1, 4, 11, 30, tzinfo=UTC)  # 00:30 on 5 January in Auckland, the 4th in London
    return {
        "client_id": uuid.uuid4(),
        "routine_name": "Morning hips",
        "started_at": started,
        "ended_at": started + timedelta(minutes=10),
        "duration_seconds": 600,
        **changes,
    }


MOVES = [
    {"name": "Glute bridge", "measure": "reps", "sets_planned": 2, "sets_done": 2, "reps_done": 20},
    {"name": "Cat-cow", "measure": "reps", "sets_planned": 1, "sets_done": 0, "skipped": True},
]


def test_a_session_is_kept_on_the_persons_own_day_with_its_moves_in_order(alice):
    alice.timezone = "Pacific/Auckland"
    alice.save()
    session, created = Session.objects.record(alice, MOVES, **fields())
    assert created
    assert session.local_date == date(2026, 1, 5)
    assert [(m.order, m.name, m.skipped) for m in session.moves.all()] == [
        (0, "Glute bridge", False),
        (1, "Cat-cow", True),
    ]
    alice.refresh_from_db()
    assert alice.data_version == 1


def test_recording_the_same_client_id_again_returns_the_first_and_writes_nothing(alice):
    """What a save that lost the race meets: the unique (user, client id) refuses its INSERT."""
    data = fields()
    first, _ = Session.objects.record(alice, MOVES, **data)
    again, created = Session.objects.record(alice, MOVES[:1], **{**data, "notes": "sent twice"})
    assert not created
    assert again.pk == first.pk and again.notes == ""
    assert Session.objects.count() == 1 and first.moves.count() == 2
    alice.refresh_from_db()
    assert alice.data_version == 1


def test_a_session_refused_by_another_rule_is_an_error_not_someone_elses_session(alice, bob):
    data = fields()
    Session.objects.record(bob, MOVES, **data)
    with pytest.raises(IntegrityError):
        Session.objects.record(alice, MOVES, **{**data, "pain_before": 11})
    assert not Session.objects.for_user(alice).exists()


def test_another_persons_session_with_the_same_client_id_is_not_the_answer(alice, bob):
    data = fields()
    Session.objects.record(bob, MOVES, **data)
    mine, created = Session.objects.record(alice, MOVES, **data)
    assert created and mine.user == alice
    assert Session.objects.count() == 2


def test_a_session_logged_by_hand_is_on_the_day_and_at_the_time_in_the_persons_zone(alice_client, alice, routine):
    alice.timezone = "Pacific/Auckland"
    alice.save()
    data = {"routine": routine.pk, "date": "2026-01-05", "time": "08:00", "duration_minutes": "10", "pain_before": "3"}
    alice_client.post(reverse("sessions:new"), data)
    session = Session.objects.get()
    assert session.local_date == date(2026, 1, 5)
    assert session.started_at == datetime(2026, 1, 4, 19, 0, tzinfo=UTC)
    form = alice_client.get(reverse("sessions:edit", args=[session.pk])).context["form"]
    assert (str(form.initial["date"]), str(form.initial["time"])) == ("2026-01-05", "08:00:00")


@pytest.mark.django_db(transaction=True)
def test_a_hand_logged_session_and_its_second_send_run_few_queries(
    alice_client, alice, routine, django_assert_max_num_queries
):
    """The session and the user, the routine, whether the client id is kept, the routine's moves,
    BEGIN, the two INSERTs and the data version, COMMIT; sent again, only as far as the client id."""
    data = {"routine": routine.pk, "date": "2026-01-05", "time": "08:00", "duration_minutes": "10"}
    data["client_id"] = str(uuid.uuid4())
    with django_assert_max_num_queries(10):
        first = alice_client.post(reverse("sessions:new"), data)
    with django_assert_max_num_queries(5):
        again = alice_client.post(reverse("sessions:new"), data)
    assert first.url == again.url == Session.objects.get().get_absolute_url()
    assert "This session was already saved." in alice_client.get(again.url).content.decode()
    assert Session.objects.count() == 1


def test_a_result_sent_again_after_its_routine_changed_still_gets_the_first_answer(alice_client, routine):
    """The outbox may send a result again after the first send was kept but its answer was lost; by
    then the routine may have lost the move the result reports, which would refuse it as new."""
    data = player_result()  # no signed plan: checked against the routine as it is now
    first = post_result(alice_client, routine, data)
    routine.items.order_by("order").last().delete()
    again = post_result(alice_client, routine, data)
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    assert post_result(alice_client, routine, player_result()).status_code == 400  # a new result is still checked
