"""What a hostile visitor tried against accounts: stored passwords, lockouts, leftovers, mail floods, odd names."""

from importlib import import_module

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core import mail
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from accounts.forms import SignupForm
from accounts.models import BrowserSession, User

NEW = "a-brand-new-passphrase-42"


def stored_posts() -> str:
    return " ".join(AccessAttempt.objects.values_list("post_data", flat=True))


# What the login throttle keeps


def test_a_failed_password_change_keeps_no_password_in_the_throttles_records(alice_client):
    alice_client.post(
        reverse("accounts:password_change"), {"old_password": "wrong-old", "new_password1": NEW, "new_password2": NEW}
    )
    alice_client.post(reverse("accounts:delete"), {"password": "wrong-for-delete"})
    assert AccessAttempt.objects.exists()
    posts = stored_posts()
    for secret in ("wrong-old", NEW, "wrong-for-delete"):
        assert secret not in posts


def test_a_failed_login_keeps_no_password_either(client, alice):
    client.post(reverse("accounts:login"), {"username": "alice", "password": "hunter2-guess"})
    assert AccessAttempt.objects.get().username == "alice"
    assert "hunter2-guess" not in stored_posts()


# Who can lock whom out


def wrong_logins(client: Client, times: int = 5, **environ) -> None:
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"}, **environ)


def test_behind_the_proxy_a_stranger_cannot_lock_the_owner_out(client, alice, password, settings):
    settings.BEHIND_TLS_PROXY = True
    # Every request comes from the proxy's address; the proxy appends the client's own.
    wrong_logins(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    response = owner.post(reverse("accounts:login"), {"username": "alice", "password": password})
    assert response.status_code == 302
    # The stranger is paused, whatever address they claim in front of the proxy's.
    stranger = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert stranger.post(reverse("accounts:login"), {"username": "alice", "password": password}).status_code == 429


def test_without_the_proxy_a_forwarded_address_is_not_believed(client, alice, password, settings):
    settings.BEHIND_TLS_PROXY = False
    wrong_logins(client, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    liar = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert liar.post(reverse("accounts:login"), {"username": "alice", "password": password}).status_code == 429
    owner = Client(REMOTE_ADDR="203.0.113.1")
    assert owner.post(reverse("accounts:login"), {"username": "alice", "password": password}).status_code == 302


def test_a_garbled_forwarded_address_falls_back_to_the_connections(client, alice, settings):
    settings.BEHIND_TLS_PROXY = True
    wrong_logins(client, 1, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address\x00")
    assert AccessAttempt.objects.get().ip_address == "10.0.0.2"


# Deleting an account


def test_deleting_the_account_ends_its_other_sessions_and_forgets_its_logins(
    alice, bob, password, django_capture_on_commit_callbacks
):
    phone, laptop, bobs = Client(), Client(), Client()
    for device, name in ((phone, "alice"), (laptop, "alice"), (bobs, "bob")):
        assert device.post(reverse("accounts:login"), {"username": name, "password": password}).status_code == 302
    wrong_logins(Client(REMOTE_ADDR="198.51.100.7"), 2)
    settings_store = import_module(settings.SESSION_ENGINE).SessionStore
    laptop_key = laptop.session.session_key
    assert BrowserSession.objects.filter(user=alice).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = phone.post(reverse("accounts:delete"), {"password": password}, follow=True)
    assert "everything in it have been deleted" in response.content.decode()
    assert not settings_store().exists(laptop_key)
    assert laptop.get(reverse("today:index")).status_code == 302  # signed out there too
    assert not BrowserSession.objects.filter(user_id=alice.pk).exists()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(username="alice").exists(), model
    # Bob keeps his session and his records.
    assert bobs.get(reverse("today:index")).status_code == 200
    assert AccessLog.objects.filter(username="bob").exists()


def test_a_new_session_key_after_a_password_change_is_recorded_too(alice, alice_client, password):
    response = alice_client.post(
        reverse("accounts:password_change"), {"old_password": password, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert BrowserSession.objects.get(session_key=alice_client.session.session_key).user == alice


# Password reset mails


def test_ten_reset_requests_for_one_address_send_only_three_mails(client, alice):
    for _ in range(10):
        response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_one_client_cannot_mail_many_addresses_without_end(client, db):
    for n in range(15):
        User.objects.create_user(f"person{n}", f"person{n}@example.com", "x")
        client.post(reverse("accounts:password_reset"), {"email": f"person{n}@example.com"})
    assert len(mail.outbox) == 10
    other = Client(REMOTE_ADDR="203.0.113.5")
    other.post(reverse("accounts:password_reset"), {"email": "person14@example.com"})
    assert len(mail.outbox) == 11


# Odd names and racing sign-ups


def test_the_export_of_a_non_ascii_username_downloads_under_its_name(client, db, password):
    user = User.objects.create_user("zoë_łódź", "zoe@example.com", password)
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''limber-zo%C3%AB_%C5%82%C3%B3d%C5%BA-" in disposition
    disposition.encode("latin-1")  # a header a server can send


def test_two_accounts_cannot_share_an_email_whatever_its_case(alice):
    with pytest.raises(IntegrityError):
        User.objects.create_user("alice2", "Alice@Example.com", "x")


def test_a_sign_up_that_loses_the_race_for_its_email_is_told_so(client, alice, monkeypatch):
    # As if another sign-up with this address committed between the check and the save.
    monkeypatch.setattr(SignupForm, "clean_email", lambda form: form.cleaned_data["email"])
    monkeypatch.setattr(User, "validate_constraints", lambda user, exclude=None: None)
    data = {"username": "carol", "email": "ALICE@example.com", "password1": NEW, "password2": NEW}
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert "taken a moment ago" in response.content.decode()
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    assert "_auth_user_id" not in client.session


# Caching


def test_personal_pages_are_private_and_exports_are_never_stored(alice_client, library):
    for name in ("today:index", "history:index", "sessions:list", "calendar:month", "library:list"):
        cache_control = alice_client.get(reverse(name)).headers.get("Cache-Control", "")
        assert "private" in cache_control and "no-cache" in cache_control, name
    for name in ("accounts:export", "history:export_csv"):
        cache_control = alice_client.get(reverse(name)).headers.get("Cache-Control", "")
        assert "private" in cache_control and "no-store" in cache_control, name


def test_public_pages_for_a_visitor_may_be_cached(client, library):
    assert "private" not in client.get(reverse("library:list")).headers.get("Cache-Control", "")
