import re
import zoneinfo
from datetime import time

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import UserTimezoneMiddleware
from accounts.models import User

SIGNUP = {
    "username": "carol",
    "email": "carol@example.com",
    "password1": "limber-stretch-every-day",
    "password2": "limber-stretch-every-day",
}


# Sign up


def test_signing_up_creates_the_account_and_logs_in(client, db):
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("start:index")
    user = User.objects.get(username="carol")
    assert user.email == "carol@example.com"
    assert user.lead_in_seconds == 5
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.parametrize(
    "change, message",
    [
        ({"password2": "something-else-entirely"}, "didn’t match"),
        ({"password1": "password", "password2": "password"}, "too common"),
        ({"password1": "12345678901", "password2": "12345678901"}, "entirely numeric"),
        ({"email": "not-an-address"}, "valid email"),
        ({"username": ""}, "required"),
    ],
)
def test_bad_sign_up_input_is_explained_and_creates_nothing(client, db, change, message):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username=SIGNUP["username"]).exists()


def test_an_email_already_in_use_is_refused(client, alice):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "ALICE@example.com"})
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_a_taken_username_is_refused(client, alice):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "username": "alice"})
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_sign_up_refuses_other_methods(client, db):
    assert client.put(reverse("accounts:signup")).status_code == 405


def test_a_signed_in_person_is_sent_on_from_sign_up(alice_client):
    assert alice_client.get(reverse("accounts:signup")).status_code == 302


# Log in and out


def test_logging_in_with_the_right_password(client, alice, password):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": password})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_a_wrong_password_is_explained(client, alice):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failed_logins_pause_logging_in_even_with_the_right_password(client, alice, password):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": password})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_for_one_username_do_not_lock_out_another(client, alice, bob, password):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "bob", "password": password})
    assert response.status_code == 302


def test_logging_out_takes_a_post(alice_client):
    assert alice_client.get(reverse("accounts:logout")).status_code == 405
    response = alice_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in alice_client.session


# Passwords


def test_changing_the_password(alice_client, alice, password):
    response = alice_client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-passphrase")


def test_a_wrong_old_password_changes_nothing(alice_client, alice, password):
    response = alice_client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(password)


def test_guessing_the_old_password_is_paused_like_logging_in(alice_client, alice, password):
    data = {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    for _ in range(5):
        response = alice_client.post(reverse("accounts:password_change"), {"old_password": "a-guess", **data})
        assert response.status_code in (200, 429)
    response = alice_client.post(reverse("accounts:password_change"), {"old_password": password, **data})
    assert response.status_code == 429
    alice.refresh_from_db()
    assert alice.check_password(password)


def test_password_change_needs_a_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_resetting_a_forgotten_password_by_email(client, alice):
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": "reset-and-stretch", "new_password2": "reset-and-stretch"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("reset-and-stretch")


def test_a_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


# Settings


def test_settings_need_a_login(client, db):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_saving_settings(alice_client, alice):
    response = alice_client.post(
        reverse("accounts:settings"),
        {
            "timezone": "Pacific/Auckland",
            "lead_in_seconds": "10",
            "sound_on": "on",
            "keep_awake": "",
            "psfs_every_days": "28",
            "alarm_minutes_before": "0",
            "untimed_alarm_at": "09:30",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (
        alice.timezone,
        alice.lead_in_seconds,
        alice.sound_on,
        alice.rep_cue_on,
        alice.voice_on,
        alice.keep_awake,
        alice.psfs_every_days,
        alice.alarm_minutes_before,
        alice.untimed_alarm_at,
    ) == ("Pacific/Auckland", 10, True, False, False, False, 28, 0, time(9, 30))


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lead_in_seconds": "16"}, "less than or equal to 15"),
        ({"lead_in_seconds": "-1"}, "greater than or equal to 0"),
        ({"lead_in_seconds": "soon"}, "Enter a whole number"),
        ({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice"),
        ({"psfs_every_days": "5"}, "Select a valid choice"),
        ({"psfs_every_days": "١٤"}, "Select a valid choice"),  # 14 in Arabic-Indic digits
        ({"alarm_minutes_before": "7"}, "Select a valid choice"),
        ({"untimed_alarm_at": "25:00"}, "Enter a valid time"),
    ],
)
def test_bad_settings_are_explained_and_change_nothing(alice_client, alice, change, message):
    data = {
        "timezone": "Europe/Paris",
        "lead_in_seconds": "5",
        "psfs_every_days": "7",
        "alarm_minutes_before": "10",
        "untimed_alarm_at": "08:00",
        **change,
    }
    response = alice_client.post(reverse("accounts:settings"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    alice.refresh_from_db()
    assert (alice.timezone, alice.lead_in_seconds, alice.psfs_every_days) == ("Europe/London", 5, 14)


def test_settings_refuse_other_methods(alice_client):
    assert alice_client.delete(reverse("accounts:settings")).status_code == 405


def test_the_persons_time_zone_is_active_on_their_requests(alice):
    alice.timezone = "Pacific/Auckland"
    request = RequestFactory().get("/")
    request.user = alice
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone()
        return None

    def handler(request):  # as Django's handler does: the middleware's process_view, then the view
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = UserTimezoneMiddleware(handler)
    middleware(request)
    assert seen["zone"] == zoneinfo.ZoneInfo("Pacific/Auckland")


def test_sign_up_takes_the_browsers_time_zone(client, db):
    client.post(reverse("accounts:signup"), {**SIGNUP, "timezone": "Pacific/Honolulu"})
    assert User.objects.get(username="carol").timezone == "Pacific/Honolulu"


def test_an_unknown_time_zone_at_sign_up_falls_back_to_utc(client, db):
    client.post(reverse("accounts:signup"), {**SIGNUP, "timezone": "Nowhere/Atlantis"})
    assert User.objects.get(username="carol").timezone == "UTC"


def test_an_overlong_username_is_refused_without_being_tried(client, alice):
    response = client.post(reverse("accounts:login"), {"username": "a" * 300, "password": "whatever"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()
