import pytest
from django.core.cache import caches
from django.core.management import call_command

from accounts.models import User
from routines.models import Exercise, Routine

from .factories import TODAY, custom_move, hips_routine

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _test_server_settings(settings):
    # The test client speaks plain HTTP, so no redirect to HTTPS; and the hashed-name
    # static storage needs `collectstatic` first, so tests serve the files as they are.
    settings.SECURE_SSL_REDIRECT = False
    # A fast hasher: the real one is slow by design, and tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test starts with no cached page fragments: a rolled-back database reuses ids.
    for each in caches.all():
        each.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def alice(db) -> User:
    return User.objects.create_user("alice", "alice@example.com", PASSWORD, timezone="Europe/London")


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob", "bob@example.com", PASSWORD, timezone="America/New_York")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def library(db) -> None:
    """The built-in exercise library, loaded as `make run` loads it."""
    call_command("load_library", verbosity=0)


@pytest.fixture
def bobs_move(bob) -> Exercise:
    return custom_move(bob, "Towel stretch for Bob", "bobs-towel-stretch")


@pytest.fixture
def fixed_today(settings):
    """Make every person's "today" the schedule tests' Wednesday (a test-only override)."""
    settings.LIMBER_TESTING = True
    settings.LIMBER_TODAY_OVERRIDE = TODAY
    return TODAY


@pytest.fixture
def routine(alice, library) -> Routine:
    """A per-side hold (30 s a side) and a rep move (2 sets of 10 reps × 3 s, 30 s rest)."""
    return hips_routine(alice)


@pytest.fixture
def bobs_routine(bob, library) -> Routine:
    routine = Routine.objects.create(owner=bob, name="Bob's secret routine")
    routine.add_item(Exercise.objects.get(slug="glute-bridge"))
    return routine
