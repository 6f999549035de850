import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from routines.models import Exercise, Routine, RoutineItem, Session, SessionMove

from .factories import custom_move

URL = "/accounts/delete/"


def everything_of(user: User) -> dict:
    """Make a routine with the person's own move, a session with a move done, and return how to find them."""
    move = custom_move(user, f"Towel stretch {user.username}-towel", f"{user.username}-towel")
    routine = Routine.objects.create(owner=user, name=f"{user.username}'s mornings")
    routine.add_item(move)
    start = datetime(2026, 11, 17, 7, 30, tzinfo=UTC)
    session = Session.objects.create(
        user=user,
        client_id=uuid.uuid4(),
        routine=routine,
        routine_name=routine.name,
        started_at=start,
        ended_at=start + timedelta(minutes=10),
        local_date=start.date(),
        duration_seconds=600,
        notes="Private note",
    )
    SessionMove.objects.create(session=session, exercise=move, name=move.name, measure="hold", seconds_done=40)
    return {"move": move.pk, "routine": routine.pk, "session": session.pk}


def remaining(ids: dict) -> dict:
    return {
        "move": Exercise.objects.filter(pk=ids["move"]).exists(),
        "routine": Routine.objects.filter(pk=ids["routine"]).exists(),
        "session": Session.objects.filter(pk=ids["session"]).exists(),
    }


def test_the_url_is_named():
    assert reverse("accounts:delete") == URL


def test_the_form_explains_what_will_be_deleted(alice_client, alice):
    everything_of(alice)
    response = alice_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be undone" in page
    assert "1 session," in page and "1 routine " in page and "1 custom move " in page
    assert reverse("history:export_csv") in page
    assert 'type="password"' in page
    assert User.objects.filter(pk=alice.pk).exists()


def test_deleting_with_the_right_password_removes_everything_and_says_goodbye(alice_client, alice, bob, password):
    alices = everything_of(alice)
    bobs = everything_of(bob)
    response = alice_client.post(URL, {"password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("pages:home")
    assert "Your account and everything in it have been deleted" in response.content.decode()
    assert "_auth_user_id" not in alice_client.session
    assert not User.objects.filter(username="alice").exists()
    assert remaining(alices) == {"move": False, "routine": False, "session": False}
    assert not SessionMove.objects.filter(session_id=alices["session"]).exists()
    assert not RoutineItem.objects.filter(routine_id=alices["routine"]).exists()
    # Bob's data is untouched.
    assert remaining(bobs) == {"move": True, "routine": True, "session": True}
    assert SessionMove.objects.filter(session_id=bobs["session"]).count() == 1


def test_a_wrong_password_is_explained_and_deletes_nothing(alice_client, alice):
    alices = everything_of(alice)
    response = alice_client.post(URL, {"password": "not-my-password"})
    assert response.status_code == 200
    assert "That is not your password. Nothing has been deleted." in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert remaining(alices) == {"move": True, "routine": True, "session": True}
    assert int(alice_client.session["_auth_user_id"]) == alice.pk


def test_guessing_the_password_to_delete_is_paused_like_logging_in(alice_client, alice, password):
    """Someone holding a stolen session cannot guess the password here any faster than at the login."""
    alices = everything_of(alice)
    for _ in range(5):
        alice_client.post(URL, {"password": "a-guess"})
    response = alice_client.post(URL, {"password": password})
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()
    assert remaining(alices) == {"move": True, "routine": True, "session": True}
    # The same pause holds at the login form.
    alice_client.logout()
    response = alice_client.post(reverse("accounts:login"), {"username": "alice", "password": password})
    assert response.status_code == 429


def test_an_empty_password_deletes_nothing(alice_client, alice):
    response = alice_client.post(URL, {})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_another_accounts_routine_using_a_custom_move_blocks_deletion_cleanly(alice_client, alice, bob, password):
    alices = everything_of(alice)
    bobs_routine = Routine.objects.create(owner=bob, name="Copied from Alice")
    bobs_routine.add_item(Exercise.objects.get(pk=alices["move"]))
    response = alice_client.post(URL, {"password": password}, follow=True)
    assert "could not be deleted" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert remaining(alices) == {"move": True, "routine": True, "session": True}


def test_deletion_refuses_other_methods(alice_client):
    assert alice_client.put(URL).status_code == 405
    assert alice_client.delete(URL).status_code == 405


@pytest.mark.django_db
def test_deletion_needs_a_login(client):
    for response in (client.get(URL), client.post(URL, {"password": "x"})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_settings_link_to_deleting_the_account(alice_client):
    assert f'href="{URL}"' in alice_client.get(reverse("accounts:settings")).content.decode()
