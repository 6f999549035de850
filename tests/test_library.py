import json
import re
import string
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from routines.models import BodyArea, Exercise, Routine, RoutineItem
from routines.sources import SOURCES_BY_KEY

from .factories import custom_move
from .source_facts import DOCUMENTED_DOSES, RUNNERS_HOLD_SECONDS


def move(name_part: str) -> Exercise:
    return Exercise.objects.builtin().get(name__icontains=name_part)


# The library data


def test_the_library_holds_every_move_the_documents_describe(library):
    names = " | ".join(Exercise.objects.builtin().values_list("name", flat=True)).lower()
    assert Exercise.objects.builtin().count() >= 20
    for expected in [
        "kneeling hip flexor",
        "glute bridge",
        "bodyweight squat",
        "wall squat",
        "hip hinge",
        "quadriceps",
        "forward bend",
        "camel",
        "reclining hero",
        "leg swing",
        "step-back",
        "lunge",
        "knees-to-chest",
        "cobra",
        "bow",
        "cat",
        "seated mountain",
        "happy baby",
        "hamstring",
        "moist heat",
        "walking",
    ]:
        assert expected in names, expected


def test_every_built_in_move_is_complete(library):
    for exercise in Exercise.objects.builtin():
        assert len(exercise.steps) >= 2, exercise
        assert exercise.caution_list, exercise
        assert exercise.summary, exercise
        assert exercise.areas.exists(), exercise
        assert exercise.source in SOURCES_BY_KEY, f"{exercise}: no source {exercise.source!r} in the sources list"
        amounts = {
            "hold": (exercise.hold_seconds, exercise.hold_seconds_max),
            "reps": (exercise.reps, exercise.reps_max),
            "breaths": (exercise.breaths, exercise.breaths_max),
        }
        for measure, (low, high) in amounts.items():
            if measure == exercise.measure:
                assert low and low > 0, exercise
                assert high is None or high >= low, exercise
            else:
                assert low is None and high is None, f"{exercise} has a stray {measure} amount"
        assert (exercise.tempo_seconds or 0) > 0 if exercise.measure == "reps" else exercise.tempo_seconds is None
        assert 1 <= exercise.sets <= (exercise.sets_max or exercise.sets) <= 10, exercise
        assert 0 <= exercise.rest_seconds <= 300, exercise


@pytest.mark.parametrize("slug", sorted(DOCUMENTED_DOSES))
def test_doses_are_exactly_as_the_documents_give_them(library, slug):
    facts = DOCUMENTED_DOSES[slug]
    exercise = Exercise.objects.builtin().get(slug=slug)
    assert exercise.source == facts["source"]
    assert exercise.per_side == facts.get("per_side", exercise.per_side)
    for field in ("hold_seconds", "reps", "breaths", "sets", "rest_seconds"):
        if field not in facts:
            continue
        low, high = facts[field]
        upper = {"sets": exercise.sets_max}.get(field, getattr(exercise, f"{field}_max", None))
        assert getattr(exercise, field) == low, (slug, field)
        if high is None:
            assert exercise.hold_at_least and upper is None, slug
        else:
            assert (upper or low) == high, (slug, field)


def test_limber_chose_the_dose_exactly_where_the_documents_give_none(library):
    # The plan steps a dose the documents give no range for only when Limber chose it, so
    # this flag is data the library loads, checked against the documents' facts here.
    for exercise in Exercise.objects.builtin():
        assert exercise.dose_by_limber == (exercise.slug not in DOCUMENTED_DOSES), exercise.slug
        if exercise.dose_by_limber:
            # Its page says so in words too.
            assert "Limber" in exercise.dose_note, exercise.slug


def test_a_limber_dose_needs_a_built_in_move_without_a_range(library, bobs_move):
    from django.db import IntegrityError, transaction

    for query, change in (
        (Exercise.objects.filter(pk=bobs_move.pk), {"dose_by_limber": True}),
        (Exercise.objects.builtin().filter(slug="moist-heat"), {"dose_by_limber": True}),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            query.update(**change)
    assert not Exercise.objects.filter(dose_by_limber=True, slug__in=["moist-heat", bobs_move.slug]).exists()


def _ranges(slug: str) -> dict[str, tuple[int, int | None]]:
    return {k: v for k, v in DOCUMENTED_DOSES.get(slug, {}).items() if k in ("hold_seconds", "reps", "breaths", "sets")}


def test_every_starters_doses_are_within_its_moves_documented_ranges(library):
    checked = 0
    for item in RoutineItem.objects.filter(routine__owner=None).select_related("exercise", "routine"):
        for field, (low, high) in _ranges(item.exercise.slug).items():
            value = getattr(item, field)
            assert low <= value and (high is None or value <= high), (item.routine.name, item.exercise.slug, field)
            checked += 1
    assert checked >= 5


def test_the_runners_routine_holds_each_stretch_as_the_runners_rule_says(library):
    low, high = RUNNERS_HOLD_SECONDS
    runners = Routine.objects.starters().get(starter_key="runners-hips")
    holds = [item.hold_seconds for item in runners.items.all() if item.measure == "hold"]
    assert holds and all(low <= hold <= high for hold in holds)
    assert f"{low}–{high} s" in runners.purpose


def test_the_strength_starter_begins_with_a_stretch(library):
    first = Routine.objects.starters().get(starter_key="glute-core-strength").items.order_by("order").first()
    assert first.exercise.kind == Exercise.Kind.STRETCH


def test_the_cautions_the_documents_give_are_kept(library):
    assert "bounc" in move("kneeling hip flexor").cautions.lower()
    assert "swell" in move("moist heat").cautions.lower()


def test_loading_the_library_twice_changes_nothing_and_spares_users_moves(library, bobs_move):
    before = list(Exercise.objects.order_by("pk").values())
    call_command("load_library", verbosity=0)
    assert list(Exercise.objects.order_by("pk").values()) == before
    bobs_move.refresh_from_db()
    assert bobs_move.name == "Towel stretch for Bob"


def test_the_fixture_carries_no_primary_keys(library):
    # Rows are matched by slug, so a fixture pk can never overwrite a user's move.
    data = json.loads((Path(settings.BASE_DIR) / "fixtures" / "exercises.json").read_text())
    assert all("pk" not in row for row in data)


# /library/


def test_the_library_lists_every_move_as_a_card_with_its_dose(client, library):
    response = client.get(reverse("library:list"))
    assert response.status_code == 200
    html = response.content.decode()
    for exercise in Exercise.objects.builtin():
        assert exercise.name in html
    assert move("step-back").dose_summary in html
    assert move("step-back").dose_summary == "8 reps · each side · ×3–4 · 30 s rest"


def shown(response) -> list[Exercise]:
    """The moves whose cards the page shows, in order."""
    by_url = {exercise.get_absolute_url(): exercise for exercise in Exercise.objects.all()}
    return [by_url[url] for url in re.findall(r'<h2><a href="([^"]+)">', response.content.decode())]


def test_searching_narrows_the_cards(client, library):
    response = client.get(reverse("library:list"), {"q": "bridge"})
    assert shown(response) == [move("glute bridge")]
    assert "1 move matches your search" in response.content.decode()


def test_filters_combine(client, library):
    response = client.get(reverse("library:list"), {"kind": "strength", "position": "standing"})
    exercises = shown(response)
    assert exercises
    assert all(e.kind == "strength" and e.position == "standing" for e in exercises)
    assert move("hip hinge") in exercises
    assert move("glute bridge") not in exercises


def test_area_and_equipment_filters(client, library):
    by_area = shown(client.get(reverse("library:list"), {"area": "hip-flexors"}))
    assert move("kneeling hip flexor") in by_area
    assert all(e.areas.filter(slug="hip-flexors").exists() for e in by_area)
    by_wall = shown(client.get(reverse("library:list"), {"equipment": "wall"}))
    assert move("wall squat") in by_wall
    assert all(e.equipment.filter(slug="wall").exists() for e in by_wall)


def test_a_search_with_no_match_says_so_and_offers_a_way_back(client, library):
    html = client.get(reverse("library:list"), {"q": "trampoline"}).content.decode()
    assert "No moves match" in html
    assert 'href="/library/"' in html


def test_an_unknown_filter_value_is_explained_and_the_rest_still_applies(client, library):
    response = client.get(reverse("library:list"), {"kind": "juggling", "q": "bridge"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert shown(response) == [move("glute bridge")]


def test_htmx_gets_only_the_results_and_the_count(client, library):
    response = client.get(reverse("library:list"), {"q": "squat"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html
    assert move("wall squat").name in html
    assert response.headers["Vary"].count("HX-Request") == 1


def test_the_library_query_count_does_not_grow_with_moves(client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("library:list"))


def test_the_library_refuses_posts(client, library):
    assert client.post(reverse("library:list")).status_code == 405


def test_my_own_moves_show_only_to_me(client, library, bobs_move, alice, bob):
    client.force_login(alice)
    assert bobs_move.name not in client.get(reverse("library:list")).content.decode()
    client.force_login(bob)
    assert bobs_move.name in client.get(reverse("library:list")).content.decode()


# /library/<slug>/


def test_a_move_page_shows_steps_dose_cautions_and_source(client, library):
    exercise = move("kneeling hip flexor")
    response = client.get(reverse("library:detail", args=[exercise.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    for step in exercise.steps:
        assert step.replace("'", "&#x27;").replace('"', "&quot;") in html
    assert exercise.dose_summary in html
    assert 'class="caution-box"' in html
    assert "Facts from" in html and exercise.source_document.title in html
    assert f"{reverse('pages:sources')}#source-{exercise.source}" in html
    assert ".txt" not in html
    assert reverse("pages:safety") in html


def test_cards_say_how_long_heat_and_walking_last_and_keep_the_documents_at_least(client, library):
    html = client.get(reverse("library:list")).content.decode()
    assert "10–15 min" in html and "Hold 10–15 min" not in html and "Hold 10 min" not in html
    assert move("reclining hero").dose_summary == "Hold at least 30 s"


def test_an_unknown_move_is_a_404(client, library):
    assert client.get(reverse("library:detail", args=["no-such-move"])).status_code == 404


def test_another_users_move_is_a_404(client, library, bobs_move, alice):
    client.force_login(alice)
    assert client.get(reverse("library:detail", args=[bobs_move.slug])).status_code == 404


def test_a_move_page_refuses_posts(client, library):
    assert client.post(reverse("library:detail", args=[move("camel").slug])).status_code == 405


# A long search: bounded words, one join however many


def search_queries(client, **params) -> list[str]:
    """The SQL of one search, with nothing in the caches yet."""
    for each in caches.all():
        each.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("library:list"), params).status_code == 200
    return [query["sql"] for query in queries]


def test_a_fifty_word_search_runs_the_queries_and_joins_of_a_one_word_search(client, library):
    words = " ".join("e" * 49 + "E")  # fifty words in the hundred characters the box takes
    long_search = search_queries(client, q=words, area="hip-flexors", equipment="mat")
    # Areas and equipment for the filters; the moves' words, then the ids of the moves that
    # match, then those moves (none whose card is cached) with their areas and equipment; the
    # Learn articles' words, then the articles that match.
    assert len(long_search) == len(search_queries(client, q="hip")) == 9
    filters = {"area": "hip-flexors", "equipment": "mat"}
    found = shown(client.get(reverse("library:list"), {"q": words, **filters}))
    assert move("kneeling hip flexor") in found
    assert found == shown(client.get(reverse("library:list"), {"q": "e", **filters}))
    # The rows never multiply per word: each table is joined as often as for one word, and at
    # most twice (once to filter by area or equipment, once for the areas' names).
    one_word = search_queries(client, q="e", **filters)
    for long_sql, short_sql in zip(long_search, one_word, strict=True):
        for table in ("routines_exercise_areas", "routines_bodyarea", "routines_exercise_equipment"):
            assert long_sql.count(f'JOIN "{table}"') == short_sql.count(f'JOIN "{table}"') <= 2, long_sql


def test_many_different_words_cost_the_queries_and_conditions_of_eight(client, library):
    words = " ".join(string.ascii_lowercase + string.digits)  # 36 different words in the box's 100 characters
    eight = " ".join(string.ascii_lowercase[:8])
    long_search, short_search = search_queries(client, q=words), search_queries(client, q=eight)
    assert len(long_search) == len(short_search)
    # The words are matched against the moves' text in Python, never as SQL conditions.
    assert not [sql for sql in long_search + short_search if "LIKE" in sql]


def test_a_long_search_uses_its_first_eight_different_words_and_says_so(client, library):
    eight = "hip Hip flexor stretch kneeling a e i o"
    response = client.get(reverse("library:list"), {"q": f"{eight} trampoline"})
    assert shown(response) == shown(client.get(reverse("library:list"), {"q": eight})) == [move("kneeling hip flexor")]
    assert "Only the first 8 different words were searched." in response.content.decode()
    assert "Only the first" not in client.get(reverse("library:list"), {"q": eight}).content.decode()


def test_with_an_area_chosen_a_word_still_matches_the_moves_other_areas(client, library, bob):
    own = custom_move(bob, "Towel stretch", "towel-stretch")
    own.areas.set(BodyArea.objects.filter(slug__in=["hip-flexors", "glutes"]))
    client.force_login(bob)
    assert own in shown(client.get(reverse("library:list"), {"area": "hip-flexors", "q": "towel glutes"}))
    assert own not in shown(client.get(reverse("library:list"), {"area": "hip-flexors", "q": "towel hamstrings"}))


def test_the_search_ignores_case_beyond_ascii(client, library, bob):
    own = custom_move(bob, "Étirement du psoas", "etirement-du-psoas")
    client.force_login(bob)
    assert shown(client.get(reverse("library:list"), {"q": "ÉTIREMENT psoas"})) == [own]
    assert shown(client.get(reverse("library:list"), {"q": "étirement"})) == [own]


def test_every_word_must_match_and_areas_count_as_words(client, library):
    assert move("kneeling hip flexor") in shown(client.get(reverse("library:list"), {"q": "kneeling flexors"}))
    assert shown(client.get(reverse("library:list"), {"q": "kneeling trampoline"})) == []
    no_kit = shown(client.get(reverse("library:list"), {"equipment": "none", "q": "squat"}))
    assert move("bodyweight squat") in no_kit and move("wall squat") not in no_kit
