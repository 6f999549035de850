"""Sessions that name their user: one query tells who is signed in, and it never tells wrong."""

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import BrowserSession, User
from accounts.sessions import read_session, read_user

pytestmark = pytest.mark.django_db
SETTINGS = reverse("accounts:settings")


@pytest.fixture(autouse=True, params=["accounts.sessions", "accounts.cached_sessions"])
def engine(request, settings) -> str:
    """Each test with the database sessions and with their cached copy (as with Redis)."""
    settings.SESSION_ENGINE = request.param
    return request.param


def signed_in(client: Client) -> bool:
    return client.get(SETTINGS).status_code == 200


def test_a_signed_in_page_costs_one_query_to_know_who_is_asking(alice_client, django_assert_num_queries):
    alice_client.get(SETTINGS)
    with django_assert_num_queries(1):  # the session and the person together, or the person alone
        assert alice_client.get("/safety/").status_code == 200


def test_the_person_read_with_the_session_is_the_person_the_orm_reads(alice_client, alice):
    alice.last_login = timezone.now()
    alice.save()
    session = read_session(BrowserSession, alice_client.session.session_key)
    expected = User.objects.get(pk=alice.pk)
    for user in (session.user, read_user(User, str(alice.pk))):
        for field in User._meta.concrete_fields:
            got, want = getattr(user, field.attname), getattr(expected, field.attname)
            assert (got, type(got)) == (want, type(want)), field.name
    assert session.expire_date == BrowserSession.objects.get(pk=session.pk).expire_date


def test_an_expired_or_unknown_session_reads_as_none(alice_client):
    # (With Redis, the cached copy of a session expires by itself at the same moment.)
    key = alice_client.session.session_key
    BrowserSession.objects.filter(pk=key).update(expire_date=timezone.now())
    assert read_session(BrowserSession, key) is None
    assert read_session(BrowserSession, "no-such-key") is None


def test_a_password_changed_elsewhere_signs_this_browser_out(alice_client, alice):
    assert signed_in(alice_client)
    alice.set_password("another-long-password-42")
    alice.save()
    assert not signed_in(alice_client)


def test_a_deactivated_or_deleted_person_is_signed_in_nowhere(alice_client, alice, bob):
    phone = Client()
    phone.force_login(bob)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert not signed_in(alice_client)
    # A session row left naming someone deleted (no database constraint) signs nobody in.
    BrowserSession.objects.filter(pk=phone.session.session_key).update(user_id=bob.pk + 1000)
    User.objects.filter(pk=bob.pk).delete()
    assert not signed_in(phone)


@pytest.mark.parametrize("key", ["abcdefgh\x00ijkl", "abcdefgh\xffijkl", "abcd-efgh ijkl;"])
def test_a_cookie_that_is_no_session_key_signs_nobody_in_and_breaks_nothing(client, key):
    client.cookies["sessionid"] = key  # as a quoted cookie's escapes decode: "abcdefgh\000ijkl"
    response = client.get(reverse("today:index"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_anonymous_sessions_name_nobody(client):
    client.get(reverse("accounts:login"))  # the login form's CSRF cookie, no session needed
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong-password"})
    assert all(row.user_id is None for row in BrowserSession.objects.all())


def test_sessions_from_before_the_upgrade_stay_signed_in(alice, bob):
    """The migration moves Django's own session rows over, each naming its person."""
    migration = __import__("accounts.migrations.0007_browser_sessions", fromlist=["keep_everyone_signed_in"])
    old = DjangoSessionStore()
    old.update({"_auth_user_id": str(alice.pk), "_auth_user_backend": "django.contrib.auth.backends.ModelBackend"})
    old["_auth_user_hash"] = alice.get_session_auth_hash()
    old.create()
    anonymous = DjangoSessionStore()
    anonymous["seen"] = True
    anonymous.create()

    migration.keep_everyone_signed_in(apps, None)

    assert not DjangoSession.objects.exists()
    assert BrowserSession.objects.get(pk=old.session_key).user == alice
    assert BrowserSession.objects.get(pk=anonymous.session_key).user is None
    browser = Client()
    browser.cookies["sessionid"] = old.session_key
    assert signed_in(browser)
