"""Random and hostile values thrown at every form: never a 500, and a refused form writes nothing."""

import json

import pytest
from django.db.models import Model
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from routines.models import Exercise, Routine, RoutineItem, Schedule, Session, SessionMove

from .fuzz import DATES, FUZZ, HOSTILE, TIMES, assert_handled, form_data


def snapshot(*models: type[Model]) -> list:
    """Every row of the models; a person's data_version (moved on by any POST of theirs) is not data."""
    rows = [list(model.objects.order_by("pk").values()) for model in models]
    return [[{k: v for k, v in row.items() if k != "data_version"} for row in table] for table in rows]


@FUZZ
@given(data=form_data(["username", "email", "password1", "password2", "timezone"]))
def test_sign_up_survives_hostile_input(client, db, data):
    before = User.objects.count()
    response = client.post(reverse("accounts:signup"), data)
    assert_handled(response)
    if response.status_code == 200:
        assert User.objects.count() == before
    client.logout()


@FUZZ
@given(data=form_data(["timezone", "sound_on", "voice_on", "lead_in_seconds", "keep_awake"]))
def test_settings_survive_hostile_input(alice_client, alice, data):
    before = snapshot(User)
    response = alice_client.post(reverse("accounts:settings"), data)
    assert_handled(response)
    if response.status_code == 200:
        assert snapshot(User) == before


@FUZZ
@given(data=form_data(["username", "password"]))
def test_login_survives_hostile_input(client, alice, data):
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@FUZZ
@given(data=form_data(["old_password", "new_password1", "new_password2"]))
def test_password_change_survives_hostile_input(alice_client, alice, password, data):
    response = alice_client.post(reverse("accounts:password_change"), data)
    assert_handled(response)
    alice.refresh_from_db()
    assert alice.check_password(password)


@FUZZ
@given(data=form_data(["email"]))
def test_password_reset_survives_hostile_input(client, db, data):
    assert_handled(client.post(reverse("accounts:password_reset"), data))


@FUZZ
@given(data=form_data(["q", "kind", "area", "position", "equipment"]))
def test_library_search_survives_hostile_input(client, library, data):
    before = snapshot(Exercise)
    response = client.get(reverse("library:list"), data)
    assert response.status_code == 200
    assert snapshot(Exercise) == before


@pytest.fixture
def alices_routine(alice, library) -> Routine:
    routine = Routine.objects.create(owner=alice, name="Morning hips")
    routine.add_item(Exercise.objects.builtin().get(slug="kneeling-hip-flexor-stretch"))
    routine.add_item(Exercise.objects.builtin().get(slug="glute-bridge"))
    return routine


@FUZZ
@given(data=form_data(["name", "notes"]))
def test_routine_forms_survive_hostile_input(alice_client, alices_routine, data):
    before = snapshot(Routine)
    for url in (reverse("routines:new"), reverse("routines:edit", args=[alices_routine.pk])):
        response = alice_client.post(url, data)
        assert response.status_code < 500
        if response.status_code == 200:
            assert snapshot(Routine) == before
        before = snapshot(Routine)


@FUZZ
@given(data=form_data(["hold_seconds", "reps", "tempo_seconds", "breaths", "sets", "rest_seconds", "per_side"]))
def test_dose_edits_survive_hostile_input(alice_client, alices_routine, data):
    before = snapshot(RoutineItem)
    for item in alices_routine.items.all():
        fields = {f"item-{item.pk}-{name}": value for name, value in data.items()}
        response = alice_client.post(reverse("routines:item_update", args=[alices_routine.pk, item.pk]), fields)
        assert response.status_code < 500
        if "was not saved" in response.content.decode():
            assert snapshot(RoutineItem) == before
        before = snapshot(RoutineItem)


@FUZZ
@given(data=form_data(["hold_seconds", "reps", "tempo_seconds", "breaths", "sets", "rest_seconds", "per_side"]))
def test_dose_previews_survive_hostile_input_and_write_nothing(alice_client, alices_routine, data):
    before = snapshot(RoutineItem)
    for item in alices_routine.items.all():
        fields = {f"item-{item.pk}-{name}": value for name, value in data.items()}
        response = alice_client.get(reverse("routines:item_preview", args=[alices_routine.pk, item.pk]), fields)
        assert response.status_code in (200, 204)
    assert snapshot(RoutineItem) == before


@FUZZ
@given(data=form_data(["routine", "days", "start_date", "end_date", "time_of_day"]))
def test_schedule_form_survives_hostile_input(alice_client, alices_routine, data):
    before = snapshot(Schedule)
    response = alice_client.post(reverse("schedule:create"), data)
    assert response.status_code < 500
    if response.status_code == 200:
        assert snapshot(Schedule) == before


@FUZZ
@given(
    data=form_data(
        [
            "routine",
            "exercises",
            "date",
            "time",
            "duration_minutes",
            "pain_before",
            "pain_after",
            "effort",
            "notes",
            "notes_flagged",
        ]
    )
)
def test_logging_by_hand_survives_hostile_input(alice_client, alices_routine, data):
    before = snapshot(Session, SessionMove)
    response = alice_client.post(reverse("sessions:new"), data)
    assert_handled(response)
    if response.status_code == 200:
        assert snapshot(Session, SessionMove) == before


@FUZZ
@given(
    data=form_data(
        [
            *["name", "summary", "kind", "areas", "position", "equipment", "instructions", "measure"],
            *["hold_seconds", "reps", "tempo_seconds", "breaths", "sets", "rest_seconds", "per_side", "cautions"],
        ]
    )
)
def test_custom_moves_survive_hostile_input(alice_client, library, data):
    before = snapshot(Exercise)
    response = alice_client.post(reverse("library:new"), data)
    assert_handled(response)
    if response.status_code == 200:
        assert snapshot(Exercise) == before


@FUZZ
@given(data=form_data(["pain", "flags", "no_flags"]))
def test_the_check_in_survives_hostile_input(alice_client, alices_routine, data):
    response = alice_client.post(reverse("player:play", args=[alices_routine.pk]), data)
    assert response.status_code < 500


# Text as JSON may carry what a form never can: lone surrogates (half of a UTF-16 pair).
JSON_TEXT = st.text(max_size=50) | st.text(alphabet=st.characters(categories=["Cs", "Cc"]), min_size=1, max_size=5)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats() | JSON_TEXT | DATES | TIMES,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
DEEP = st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth)
WIDE = st.integers(1, 5000).map(lambda width: json.dumps({"moves": [{"item": 0}] * width, "notes": "x" * width}))
SAVE_KEYS = [
    "client_id",
    "started_at",
    "ended_at",
    "duration_seconds",
    "completed",
    "pain_before",
    "pain_after",
    "effort",
    "notes",
    "notes_flagged",
    "moves",
    "plan",
]


@FUZZ
@given(body=st.one_of(JSON, st.dictionaries(st.sampled_from(SAVE_KEYS), JSON | HOSTILE)))
def test_the_save_endpoint_answers_hostile_json_with_a_clear_400(alice_client, alices_routine, body):
    before = snapshot(Session, SessionMove)
    response = alice_client.post(
        reverse("player:save", args=[alices_routine.pk]), json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["errors"]
        assert snapshot(Session, SessionMove) == before


@FUZZ
@given(raw=st.binary(max_size=200) | DEEP.map(str.encode) | WIDE.map(str.encode))
def test_the_save_endpoint_refuses_bytes_that_are_not_json(alice_client, alices_routine, raw):
    response = alice_client.post(reverse("player:save", args=[alices_routine.pk]), raw, content_type="application/json")
    assert response.status_code in (200, 400)
    assert not Session.objects.exists() or response.status_code == 200


def test_ids_too_big_for_any_database_are_refused_not_crashed(alice_client, alices_routine):
    huge = str(2**63)
    response = alice_client.post(reverse("library:new"), {"name": "X", "areas": huge, "equipment": huge})
    assert response.status_code == 200
    assert "not a valid value" in response.content.decode()
    response = alice_client.post(reverse("schedule:create"), {"routine": huge, "days": "0", "start_date": "2026-01-01"})
    assert response.status_code == 200
    assert not Schedule.objects.exists()
    response = alice_client.post(reverse("sessions:new"), {"routine": huge, "exercises": huge})
    assert response.status_code == 200
    assert not Session.objects.exists()


# Every page that reads request.GET, with hostile values in the parameters it reads (and in
# some it does not): never a 500, never a write.


def get_pages(routine: Routine) -> list[tuple[str, list[str]]]:
    item = routine.ordered_items()[0]
    return [
        (reverse("library:list"), ["q", "kind", "area", "position", "equipment"]),
        (reverse("calendar:month"), ["month", "day"]),
        (reverse("history:index"), ["period", "move"]),
        (reverse("history:report"), ["start", "end"]),
        (reverse("sessions:list"), ["page"]),
        (reverse("routines:edit", args=[routine.pk]), ["q"]),
        (reverse("routines:picker", args=[routine.pk]), ["q"]),
        (
            reverse("routines:item_preview", args=[routine.pk, item.pk]),
            [f"item-{item.pk}-sets", f"item-{item.pk}-reps"],
        ),
        (reverse("pages:healthz"), ["db"]),
        (reverse("accounts:login"), ["next"]),
        (reverse("today:index"), ["x"]),
    ]


@FUZZ
@given(data=st.data())
def test_every_page_that_reads_the_query_string_survives_hostile_values(alice_client, alices_routine, data):
    before = snapshot(Session, Schedule, Routine, RoutineItem, Exercise)
    for url, params in get_pages(alices_routine):
        query = data.draw(st.dictionaries(st.sampled_from([*params, "other"]), HOSTILE, min_size=1))
        for headers in ({}, {"HX-Request": "true"}):
            response = alice_client.get(url, query, headers=headers)
            assert response.status_code < 500, (url, query)
    assert snapshot(Session, Schedule, Routine, RoutineItem, Exercise) == before


RAW_QUERIES = [
    "q=%ff%fe",
    "q=%ED%A0%80",
    "q=%00",
    "month=%00",
    "%ff=%ff",
    "&&&===&",
    "q=" + "a+" * 4000,
    "start=0001-01-01&end=9999-12-31",
    "month=0001-01&day=0001-01-01",
    "period=all&move=" + "9" * 100,
    "q=" + "%E2%91%A0" * 50,
    "page=" + "9" * 50,
    "page=-1",
    "day=2026-02-30",
]


@pytest.mark.parametrize("raw", RAW_QUERIES)
def test_raw_query_strings_no_browser_would_send_are_survived(alice_client, alices_routine, raw):
    for url, _ in get_pages(alices_routine):
        assert alice_client.get(f"{url}?{raw}").status_code < 500, (url, raw)


@FUZZ
@given(data=form_data(["routine", "date", "time", "duration_minutes", "pain_before", "notes", "client_id"]))
def test_keeping_a_refused_result_by_hand_survives_hostile_input(alice_client, alices_routine, data):
    before = snapshot(Session, SessionMove)
    response = alice_client.post(reverse("sessions:new"), {**data, "prefill": "1"})
    assert response.status_code == 200
    assert snapshot(Session, SessionMove) == before
