"""The player's pages stay light for a phone: HTML, CSS and JS under 60 KB gzip-compressed."""

from bench.page_weight import BUDGET_BYTES, OFFLINE_BUDGET_BYTES, offline_rows, player_urls, weigh
from routines.models import Exercise, Routine


def test_the_player_pages_with_a_long_routine_weigh_under_the_budget(alice_client, alice, library):
    # Twelve moves, each with its picture inline in the player page: longer than any starter.
    routine = Routine.objects.create(owner=alice, name="Everything")
    for exercise in Exercise.objects.builtin().order_by("name")[:12]:
        routine.add_item(exercise)
    for url in player_urls(alice_client, routine):
        rows = weigh(alice_client, url)
        loaded = {address for address, _, _ in rows}
        assert any(address.endswith(".css") for address in loaded)
        assert any(address.endswith(".js") for address in loaded)
        total = sum(packed for _, _, packed in rows)
        assert total < BUDGET_BYTES, f"{url}: {total:,} bytes gzipped, over {BUDGET_BYTES:,}: {rows}"


def test_working_offline_adds_at_most_ten_kilobytes_to_a_page(alice_client):
    rows = offline_rows(alice_client)
    assert [address for address, _, _ in rows] == ["/static/js/offline.js", "/sw.js", "/manifest.webmanifest"]
    total = sum(packed for _, _, packed in rows)
    assert total <= OFFLINE_BUDGET_BYTES, f"{total:,} bytes gzipped, over {OFFLINE_BUDGET_BYTES:,}: {rows}"
