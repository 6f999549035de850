"""Another person's data is never reachable: every URL that takes an id, slug or token is walked.

The list of URLs comes from the URL conf itself, so a new URL with a parameter
fails `test_every_url_with_a_parameter_is_covered` until it is added here.
"""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from routines.models import PsfsActivity, Routine, Schedule, Session
from routines.models.psfs import record_ratings
from routines.models.share import make_share

from .factories import custom_move


def parameterised_urls(patterns=None, namespace: str = "", in_prefix: bool = False) -> list[str]:
    """Return the names (with namespace) of every URL pattern that takes a parameter, its own or its prefix's."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        takes = in_prefix or bool(pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += parameterised_urls(pattern.url_patterns, inner, takes)
        elif isinstance(pattern, URLPattern) and takes and pattern.name:
            found.append(f"{namespace}{pattern.name}")
    return found


def alices_routine(alice) -> dict:
    return {"pk": Routine.objects.create(owner=alice, name="Alice's plan").pk}


def alices_move(alice) -> dict:
    return {"slug": custom_move(alice, "Alice's towel stretch", "alices-towel-stretch").slug}


def alices_move_with_photo(alice) -> dict:
    """A move whose photo is there, so its photo URLs answer its owner (and only her)."""
    move = custom_move(alice, "Alice's towel stretch", "alices-towel-stretch")
    move.photo.save("photo.webp", ContentFile(b"RIFF photo"), save=False)
    move.photo_thumb.save("thumb.webp", ContentFile(b"RIFF thumb"), save=False)
    move.save()
    return {"slug": move.slug}


def alices_item(alice) -> dict:
    routine = Routine.objects.create(owner=alice, name="Alice's plan")
    item = routine.add_item(custom_move(alice, "Alice's towel stretch", "alices-towel-stretch"))
    return {"pk": routine.pk, "item_pk": item.pk}


def alices_schedule(alice) -> dict:
    routine = Routine.objects.create(owner=alice, name="Alice's plan")
    return {"pk": Schedule.objects.create(user=alice, routine=routine, weekdays=127, start_date=date(2026, 1, 5)).pk}


def alices_session(alice) -> dict:
    moment = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    session = Session.objects.create(
        user=alice,
        client_id=uuid.uuid4(),
        routine_name="Alice's plan",
        started_at=moment,
        ended_at=moment + timedelta(minutes=10),
        local_date=moment.date(),
        duration_seconds=600,
    )
    return {"pk": session.pk}


def alices_psfs_entry(alice) -> dict:
    activity = PsfsActivity.objects.create(user=alice, name="Putting on socks", position=1)
    entry = record_ratings(alice, date(2026, 3, 4), [(activity, 4)])
    return {"pk": entry.pk}


def alices_report_link(alice) -> dict:
    share, _token = make_share(alice, days=30, include_notes=True, show_name=True)
    return {"pk": share.pk}


# URL name → a function that makes Alice's object and returns the URL's kwargs.
ALICES_OBJECTS = {
    **dict.fromkeys(["library:detail", "library:edit", "library:delete"], alices_move),
    **dict.fromkeys(["library:photo", "library:photo_thumb"], alices_move_with_photo),
    "player:play": alices_routine,
    "player:run": alices_routine,
    "player:save": alices_routine,
    "sessions:detail": alices_session,
    "sessions:edit": alices_session,
    "sessions:delete": alices_session,
    **dict.fromkeys(
        ["routines:detail", "routines:edit", "routines:picker", "routines:duplicate", "routines:delete"],
        alices_routine,
    ),
    "routines:share": alices_routine,
    "routines:suggestion_accept": alices_routine,
    "routines:suggestion_hide": alices_routine,
    "routines:item_add": alices_routine,
    "routines:item_restore": alices_routine,
    "routines:item_update": alices_item,
    "routines:item_preview": alices_item,
    "routines:item_move": alices_item,
    "routines:item_remove": alices_item,
    "psfs:edit": alices_psfs_entry,
    "psfs:delete": alices_psfs_entry,
    "history:share_options": alices_report_link,
    "history:share_revoke": alices_report_link,
    "schedule:edit": alices_schedule,
    "schedule:pause": alices_schedule,
    "schedule:resume": alices_schedule,
    "schedule:delete": alices_schedule,
}
# Parameterised URLs that do not name a user's object.
NOT_USER_DATA = {
    "accounts:password_reset_confirm",  # a signed token, checked by Django
    "routines:starter_use",  # starters belong to no one: anyone may copy them
    "routines:shared",  # a share link's token is the permission; revoked → 404 (test_routines.py)
    "routines:shared_copy",
    "learn:article",  # Learn articles are public and built in: no one owns them
    "history:shared",  # the report link's token is the permission; wrong, revoked or expired → 404 (test_share.py)
    "calendar:feed",  # the unguessable token is the credential (calendar apps can't log in); see test_feed.py
}


def test_every_url_with_a_parameter_is_covered():
    missing = [
        name
        for name in parameterised_urls()
        if not name.startswith("admin:") and name not in ALICES_OBJECTS and name not in NOT_USER_DATA
    ]
    assert not missing, f"add these to ALICES_OBJECTS: {missing}"


@pytest.mark.parametrize("name", sorted(ALICES_OBJECTS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_user_gets_404_for_alices_objects(client, alice, bob, name, method, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse(name, kwargs=ALICES_OBJECTS[name](alice))
    # Bob asks first, while Alice's object certainly exists: asked after her own request,
    # a delete or remove URL would 404 for him whatever the view did.
    client.force_login(bob)
    response = getattr(client, method)(url)
    client.force_login(alice)
    owner_status = getattr(client, method)(url).status_code
    if owner_status == 405:
        # The view takes no such method at all, for anyone: nothing is looked up.
        assert response.status_code == 405
    else:
        assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"
        assert owner_status != 404, f"{method.upper()} {url} is a 404 for its owner too, so it proves nothing"


def test_the_admin_is_closed_to_people_who_are_not_staff(client, alice, bob):
    routine = Routine.objects.create(owner=alice, name="Alice's plan")
    client.force_login(bob)
    response = client.get(reverse("admin:routines_routine_change", args=[routine.pk]))
    assert response.status_code in (302, 403)
    assert "Alice" not in response.content.decode()
