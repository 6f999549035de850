"""The rules of a dose, in one place: which numbers each measure uses, the bounds
they may take, a dose in words, whole minutes, and the range the documents give a move.

Pure: plain values in, plain values out. The models, the forms, the feed, the
timeline, the history and the templates all read from here, so adding a measure
or changing a bound is one edit.
"""

from collections.abc import Mapping
from dataclasses import dataclass

# The numbers each measure is counted in; sets, rest and sides apply to every measure.
MEASURE_FIELDS = {"hold": ("hold_seconds",), "reps": ("reps", "tempo_seconds"), "breaths": ("breaths",)}
AMOUNT_FIELDS = ("hold_seconds", "reps", "tempo_seconds", "breaths")
# The one number of a set that the documents give as a range (tempo is ours).
RANGED_FIELD = {"hold": "hold_seconds", "reps": "reps", "breaths": "breaths"}

# The bounds a dose may take. Heat and walking run in minutes (moist heat 10–15 min),
# so a hold of a warm-up or aerobic move may run to an hour; a stretch holds at most 5 min.
# Together they admit every built-in move's own dose (tests/test_library.py checks it).
BOUNDS = {
    "hold_seconds": (5, 300),
    "reps": (1, 50),
    "tempo_seconds": (1, 10),
    "breaths": (1, 30),
    "sets": (1, 10),
    "rest_seconds": (0, 300),
}
LONG_HOLD_SECONDS = (60, 3600)
# One slow breath in and out, for moves whose dose the source counts in breaths: the pace is
# Limber's (the documents give none), so every dose in breaths says it.
SECONDS_PER_BREATH = 5
LONG_HOLD_KINDS = {"warmup", "aerobic"}

# A tap on "+10 s" lengthens the step playing by this much, at most this often per step.
EXTENSION_SECONDS = 10
MAX_EXTENSIONS_PER_STEP = 6

MISSING = "Fill this in for this kind of dose."


def bounds(field: str, kind: str = "") -> tuple[int, int]:
    """Return the (lowest, highest) value a dose field may take for a move of this kind."""
    if field == "hold_seconds" and kind in LONG_HOLD_KINDS:
        return LONG_HOLD_SECONDS
    return BOUNDS[field]


def problems(measure: str, kind: str, values: Mapping[str, int | None]) -> dict[str, str]:
    """Return {field: message} for each number of this dose that is missing or out of bounds.

    The measure's own amounts must be given; sets and rest are checked when given (a
    form reports a missing one itself). An unknown measure has no amounts to check.
    """
    errors = {}
    for field in (*MEASURE_FIELDS.get(measure, ()), "sets", "rest_seconds"):
        value = values.get(field)
        low, high = bounds(field, kind)
        if value is None:
            if field in AMOUNT_FIELDS:
                errors[field] = MISSING
        elif not low <= value <= high:
            errors[field] = f"Choose between {low} and {high}."
    return errors


def only_measure(measure: str, values: Mapping[str, int | None]) -> dict[str, int | None]:
    """Return the four amount fields with those that do not belong to the measure set to None."""
    kept = MEASURE_FIELDS.get(measure, ())
    return {field: values.get(field) if field in kept else None for field in AMOUNT_FIELDS}


def amount(dose) -> int:
    """Return the one number a set is counted in (hold seconds, reps or breaths) of a move or item."""
    return getattr(dose, RANGED_FIELD[dose.measure])


def minutes(seconds: int | None) -> int:
    """Return whole minutes, half a minute rounding up (Python's round() would go to even)."""
    return ((seconds or 0) + 30) // 60


def about_minutes(seconds: int | None) -> int:
    """Return whole minutes for "about N min": as minutes(), but never 0 for something that takes time."""
    return max(1, minutes(seconds))


def _span(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high and high != low else f"{low}"


def length_words(low: int, high: int | None = None) -> str:
    """Return "30 s", "30–40 s" or "10–15 min" (minutes when every bound is whole minutes)."""
    if low >= 60 and low % 60 == 0 and (not high or high % 60 == 0):
        return f"{_span(low // 60, high and high // 60)} min"
    return f"{_span(low, high)} s"


def amount_words(
    measure: str, amount: int, amount_max: int | None = None, *, kind: str = "", at_least: bool = False
) -> str:
    """Return one set's amount in lower case, e.g. "hold 30–40 s", "10 reps", "8–10 breaths".

    A warm-up or aerobic move's hold is a length of time, not a pose held ("10–15 min"); a hold
    the source gives as a minimum reads "hold at least 30 s".
    """
    if measure == "reps":
        return f"{_span(amount, amount_max)} reps"
    if measure == "breaths":
        return f"{_span(amount, amount_max)} breaths"
    if kind in LONG_HOLD_KINDS:
        return length_words(amount, amount_max)
    return f"hold {'at least ' if at_least else ''}{length_words(amount, amount_max)}"


def dose_words(
    measure: str,
    amount: int,
    *,
    per_side: bool,
    sets: int,
    rest_seconds: int,
    amount_max: int | None = None,
    sets_max: int | None = None,
    kind: str = "",
    at_least: bool = False,
) -> str:
    """Return a whole dose in a line, e.g. "Hold 30 s · each side · ×2–3 · 30 s rest".

    Rest shows only where there is more than one set to rest between.
    """
    words = amount_words(measure, amount, amount_max, kind=kind, at_least=at_least)
    parts = [words[0].upper() + words[1:]]
    if measure == "breaths":
        parts.append(f"about {SECONDS_PER_BREATH} s a breath")
    if per_side:
        parts.append("each side")
    if sets > 1 or sets_max:
        parts.append(f"×{_span(sets, sets_max)}")
        if rest_seconds:
            parts.append(f"{length_words(rest_seconds)} rest")
    return " · ".join(parts)


@dataclass(frozen=True)
class DoseRange:
    """The range the documents give a move: one set's amount and the sets, low and high end."""

    field: str  # the amount that varies: "hold_seconds", "reps" or "breaths"
    low: int
    high: int
    sets_low: int
    sets_high: int


def document_range(measure: str, amount: int, amount_max: int | None, sets: int, sets_max: int | None) -> DoseRange:
    """Return a move's range; a move the documents give one number for has low == high."""
    high, sets_high = max(amount, amount_max or amount), max(sets, sets_max or sets)
    return DoseRange(RANGED_FIELD[measure], amount, high, sets, sets_high)


def _tenths(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def done_words(measure: str, *, per_side: bool, times: int, sets: int, reps: int | None, seconds: int) -> str:
    """Return the dose done on average each time a move was done, e.g. "10 reps · each side · ×2".

    `sets`, `reps` and `seconds` are totals over `times` (as a session stores them: all
    sets and sides); an amount is per set and side, the sets are per time.
    """
    if not times or not sets:
        return "No sets done"
    sides = 2 if per_side else 1
    if measure == "reps" and reps:
        words = amount_words("reps", round(reps / (sets * sides)))
    else:
        length = length_words(max(1, round(seconds / (sets * sides))))
        words = f"hold {length}" if measure == "hold" else f"{length} a set"
    parts = [words[0].upper() + words[1:]]
    if per_side:
        parts.append("each side")
    parts.append(f"×{_tenths(sets / times)}")
    return " · ".join(parts)
