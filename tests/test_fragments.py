"""The history, calendar and library pages are cached per person; nobody ever sees a stale or another's page."""

import re

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from core import fragments

from .factories import custom_move, move_data, player_result, post_result


def sessions_in_all(client) -> str:
    html = client.get(reverse("history:index")).content.decode()
    return html.split('id="total-sessions" class="big-number">')[1].split("<")[0]


def test_a_post_moves_the_persons_data_version_on_and_a_get_does_not(alice_client, alice):
    alice_client.get(reverse("history:index"))
    alice.refresh_from_db()
    assert alice.data_version == 0
    alice_client.post(reverse("accounts:settings"), {"timezone": "Europe/London", "lead_in_seconds": "7"})
    alice.refresh_from_db()
    assert alice.data_version == 1


def test_a_saved_session_shows_on_the_next_history_page(alice_client, alice, routine):
    post_result(alice_client, routine, player_result())
    assert sessions_in_all(alice_client) == "1"
    alice.refresh_from_db()
    assert alice.data_version == 1  # moved in the save's own transaction, and not again after it
    post_result(alice_client, routine, player_result())
    assert sessions_in_all(alice_client) == "2"


def test_a_saved_session_shows_on_the_next_calendar_page(alice_client, routine):
    assert "Morning hips" not in alice_client.get(reverse("calendar:month")).content.decode()
    post_result(alice_client, routine, player_result())
    assert "Morning hips" in alice_client.get(reverse("calendar:month")).content.decode()


def test_a_new_move_shows_in_the_library_at_once(alice_client, library):
    card = ">Towel calf stretch</a></h2>"
    assert card not in alice_client.get(reverse("library:list")).content.decode()
    response = alice_client.post(reverse("library:new"), move_data())
    assert response.status_code == 302
    assert card in alice_client.get(reverse("library:list")).content.decode()


def test_one_persons_cached_page_is_never_anothers(client, alice, bob, password, library):
    custom_move(alice, "Alice towel stretch", "alices-own-stretch")
    client.force_login(alice)
    assert "Alice towel stretch" in client.get(reverse("library:list")).content.decode()
    client.force_login(bob)
    assert "Alice towel stretch" not in client.get(reverse("library:list")).content.decode()


@pytest.mark.parametrize("name", ["history:index", "calendar:month", "library:list"])
def test_a_cached_page_signs_out_after_signing_in_again(alice, name):
    """The sign-out form carries this session's CSRF token, not the one cached with the page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get(reverse(name))
    client.logout()
    client.force_login(alice)  # a new CSRF secret; alice's data, so the page's key, is unchanged
    html = client.get(reverse(name)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302


CARD = "routines/includes/exercise_card.html"


def cards_rendered(client, **params) -> int:
    response = client.get(reverse("library:list"), params)
    return sum(template.name == CARD for template in response.templates)


def test_a_built_in_moves_card_is_drawn_once_and_shared_by_every_search_and_visitor(client, alice_client, library):
    assert cards_rendered(client, q="hip") > 0
    assert cards_rendered(client, q="hip stretch") == 0  # other words, the same moves: no card drawn again
    assert cards_rendered(alice_client, q="hip flexor") == 0


def test_a_persons_own_move_card_shows_their_change_at_once(alice_client, alice, library):
    move = custom_move(alice, name="Towel calf stretch", slug="towel-calf-stretch")
    assert "Towel calf stretch" in alice_client.get(reverse("library:list")).content.decode()
    alice_client.post(reverse("library:edit", args=[move.slug]), move_data(name="Towel hamstring stretch"))
    page = alice_client.get(reverse("library:list")).content.decode()
    assert "Towel hamstring stretch" in page and "Towel calf stretch" not in page


def csrf_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_every_cached_page_comes_from_the_cache_until_the_person_changes_something(alice_client, routine):
    pages = [
        reverse("today:index"),
        reverse("routines:detail", args=[routine.pk]),
        reverse("history:index"),
        reverse("calendar:month"),
        reverse("library:list") + "?area=hip-flexors",
        reverse("player:play", args=[routine.pk]),
    ]
    first = [alice_client.get(url) for url in pages]
    again = [alice_client.get(url) for url in pages]
    assert all(response.templates for response in first)
    assert not any(response.templates for response in again)  # nothing rendered: served from the cache
    post_result(alice_client, routine, player_result())
    assert all(alice_client.get(url).templates for url in pages)


def test_an_answer_to_a_cached_check_in_is_never_answered_from_the_cache(alice_client, routine):
    url = reverse("player:play", args=[routine.pk])
    alice_client.get(url)
    assert not alice_client.get(url).templates  # the check-in comes from the cache
    stop = alice_client.post(url, {"pain": "2", "flags": ["injury"]})
    assert "routines/play_stop.html" in [template.name for template in stop.templates]


def test_a_visitor_not_signed_in_gets_the_library_from_the_cache_and_no_cookie(client, alice, library):
    url = reverse("library:list") + "?area=hip-flexors"
    assert client.get(url).templates
    again = client.get(url)
    assert not again.templates and "Kneeling hip flexor stretch" in again.content.decode()
    assert not again.cookies  # nothing of another visitor's, and no CSRF cookie for a page without a form
    client.force_login(alice)
    assert client.get(url).templates  # signed in: her own page, not the one kept for visitors


def test_searches_are_kept_apart_so_endless_words_cannot_push_pages_out(client, library, monkeypatch):
    keys = []
    real_key = fragments.fragment_key
    monkeypatch.setattr(fragments, "fragment_key", lambda *args: keys.append(real_key(*args)) or keys[-1])
    client.get(reverse("library:list"))
    assert cache.get(keys[-1]) is not None  # the library without a search is kept with every other page
    for words in ("hip", "hip a", "hip flexor"):
        assert client.get(reverse("library:list"), {"q": words}).templates
        assert cache.get(keys[-1]) is None and caches["searches"].get(keys[-1]) is not None
    again = client.get(reverse("library:list"), {"q": "hip a"})
    assert not again.templates and "Kneeling hip flexor stretch" in again.content.decode()  # kept apart


def test_a_cached_page_carries_each_visitors_own_csrf_token(alice, routine):
    phone, laptop = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (phone, laptop):
        client.force_login(alice)
    url = reverse("routines:detail", args=[routine.pk])
    phone.get(url)
    cached = laptop.get(url)
    assert not cached.templates
    response = laptop.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": csrf_of(cached.content.decode())})
    assert response.status_code == 302  # the phone's token would have been refused with 403


def test_a_page_with_a_message_to_show_shows_it_once_and_is_not_cached(alice_client, routine):
    url = reverse("routines:detail", args=[routine.pk])
    alice_client.get(url)
    alice_client.post(reverse("routines:edit", args=[routine.pk]), {"name": "Evening hips"})
    assert "Saved “Evening hips”." in alice_client.get(url).content.decode()
    assert "Saved “Evening hips”." not in alice_client.get(url).content.decode()
