"""The dose rules (routines/dose.py): one home for fields, bounds, words, minutes and ranges."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routines import dose
from routines.models import Exercise


@given(st.integers(min_value=0, max_value=10**6))
def test_minutes_round_half_a_minute_up(seconds):
    assert dose.minutes(seconds) == int(seconds / 60 + 0.5)
    assert dose.about_minutes(seconds) == max(1, dose.minutes(seconds))


def test_minutes_go_up_at_half_a_minute_where_round_would_go_to_even():
    assert dose.minutes(150) == 3  # round(2.5) == 2
    assert dose.minutes(29) == 0
    assert dose.about_minutes(0) == 1


@pytest.mark.parametrize(
    "words, expected",
    [
        (dose.dose_words("hold", 30, per_side=True, sets=2, rest_seconds=30), "Hold 30 s · each side · ×2 · 30 s rest"),
        (dose.dose_words("hold", 600, amount_max=900, per_side=False, sets=1, rest_seconds=0), "Hold 10–15 min"),
        (dose.dose_words("hold", 600, per_side=False, sets=1, rest_seconds=0, kind="aerobic"), "10 min"),
        (dose.dose_words("hold", 30, per_side=False, sets=1, rest_seconds=0, at_least=True), "Hold at least 30 s"),
        (
            dose.dose_words("reps", 8, per_side=True, sets=3, sets_max=4, rest_seconds=60),
            "8 reps · each side · ×3–4 · 1 min rest",
        ),
        (
            dose.dose_words("breaths", 8, amount_max=10, per_side=False, sets=1, rest_seconds=30),
            "8–10 breaths · about 5 s a breath",
        ),
    ],
)
def test_a_dose_reads_the_same_wherever_it_is_shown(words, expected):
    assert words == expected


def test_a_hold_of_a_heat_or_walking_move_may_run_to_an_hour():
    assert dose.bounds("hold_seconds", "warmup") == (60, 3600)
    assert dose.bounds("hold_seconds", "stretch") == (5, 300)
    assert dose.problems("hold", "stretch", {"hold_seconds": 600, "sets": 1, "rest_seconds": 0}) == {
        "hold_seconds": "Choose between 5 and 300."
    }
    assert dose.problems("hold", "warmup", {"hold_seconds": 600, "sets": 1, "rest_seconds": 0}) == {}


def test_only_the_measures_own_amounts_are_asked_for_and_kept():
    assert dose.problems("reps", "strength", {"reps": 10, "sets": 11}) == {
        "tempo_seconds": dose.MISSING,
        "sets": "Choose between 1 and 10.",
    }
    values = {"hold_seconds": 30, "reps": 10, "tempo_seconds": 3, "breaths": 8}
    assert dose.only_measure("reps", values) == {"hold_seconds": None, "reps": 10, "tempo_seconds": 3, "breaths": None}


def test_every_built_in_dose_and_range_fits_the_bounds(library):
    for move in Exercise.objects.builtin():
        values = {field: getattr(move, field) for field in (*dose.AMOUNT_FIELDS, "sets", "rest_seconds")}
        assert dose.problems(move.measure, move.kind, values) == {}, move
        span = move.dose_range
        low, high = dose.bounds(span.field, move.kind)
        assert low <= span.low <= span.high <= high, move
        assert 1 <= span.sets_low <= span.sets_high <= dose.bounds("sets")[1], move


def test_each_move_carries_the_documents_range(library):
    heat = Exercise.objects.builtin().get(name__icontains="moist heat")
    assert heat.dose_range == dose.DoseRange("hold_seconds", 600, 900, 1, 1)
    step_back = Exercise.objects.builtin().get(name__icontains="step-back")
    assert step_back.dose_range == dose.DoseRange("reps", 8, 8, 3, 4)
