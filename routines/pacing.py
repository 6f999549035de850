"""The plan's rule: from a routine's recent sessions, one suggestion at most — step one dose up,
go back to the dose before a raise, or try the flare-day routine.

Pure: it takes plain values and returns a `Suggestion` or None, so the rule is pinned down by
tests without a database. Where the thresholds come from is in docs/pacing.md: the documents
say to ease into a stretch and stop at discomfort, and give many doses as ranges; the way of
reading pain (during the session and the next morning) follows the pain-monitoring model
used in rehabilitation research (Silbernagel et al. 2007), which is Limber's choice, not the
documents'.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Pain after a session may be at most this much above pain before for it to count as coped.
COPED_RISE = 1
# Pain after, or the next morning, at least this much above pain before: the session flared.
FLARE_RISE = 2
# This many coped sessions in a row, each within COPED_WINDOW_DAYS, earn one step up.
COPED_RUN = 3
COPED_WINDOW_DAYS = 21
# A flare within this many days of a raise suggests going back to the dose before it.
BACK_OFF_DAYS = 14
# "Not now" hides a suggestion for this many days.
NOT_NOW_DAYS = 7
# The numbers of a dose whose rise makes a set harder, so a flare may go back on it. A change of
# rest or of sides is still a change (a new run of coped sessions must follow it), never a raise.
RAISE_FIELDS = ("hold_seconds", "reps", "tempo_seconds", "breaths", "sets")

SETTLED = "settled"
COPED = "coped"
FLARED = "flared"
UNKNOWN = "unknown"

# How far Limber itself steps a dose the documents give none for (its starting dose is its own
# choice, said in the move's dose note): (step, highest) per field. Holds go 5 s at a time to
# 30 s; a warm-up or walk in minutes 5 min at a time to 30 min; reps 2 at a time to 12;
# breaths one at a time to 8. Each stays inside routines.dose.BOUNDS.
OWN_STEPS = {"hold_seconds": (5, 30), "reps": (2, 12), "breaths": (1, 8)}
OWN_LONG_HOLD_STEP = (300, 1800)

STEP_UP = "step_up"
BACK_OFF = "back_off"
FLARE_DAY = "flare_day"


@dataclass(frozen=True)
class SessionFacts:
    """What the rule reads of one session of the routine."""

    id: int
    started_at: datetime
    day: date  # the person's local day
    pain_before: int | None
    pain_after: int | None
    morning_pain: int | None
    skipped: bool  # any move skipped
    completed: bool  # False when ended early


@dataclass(frozen=True)
class Range:
    """How far one dose field may go: from low to high in steps of `step`.

    `documented` is True when the documents give the range, False when Limber chose the
    dose because they give none (then low..high are Limber's own bounds).
    """

    low: int
    high: int
    step: int
    documented: bool


@dataclass(frozen=True)
class ItemDose:
    """One move of the routine: its current dose and the ranges its fields may move in (none: it never changes)."""

    item_id: int
    name: str
    values: dict[str, int]  # field -> current value, e.g. {"hold_seconds": 30, "sets": 1}
    ranges: dict[str, Range]  # only the fields that may change, in the order to try them


@dataclass(frozen=True)
class Change:
    """A dose change already made to an item of this routine."""

    item_id: int
    field: str
    old: int
    new: int
    at: datetime
    day: date


@dataclass(frozen=True)
class Suggestion:
    kind: str  # STEP_UP, BACK_OFF or FLARE_DAY
    key: str  # names this suggestion for "Not now" and for accepting it
    reason: str  # the plain-words why, with the numbers
    action: str  # what to do, e.g. "Hold the kneeling hip flexor stretch 35 s instead of 30 s."
    item_id: int | None = None
    field: str | None = None
    old: int | None = None
    new: int | None = None


def documented_step(field: str, low: int, high: int) -> int:
    """Return the step through a documented range: 5 s for a hold under a minute, 5 min for one in
    minutes (moist heat 10 → 15 min), else one (breaths, reps, sets); never more than the range."""
    step = 1
    if field == "hold_seconds":
        step = 300 if low >= 60 else 5
    return max(1, min(step, high - low))


def move_ranges(
    *,
    measure: str,
    long_hold: bool,
    builtin: bool,
    dose_by_limber: bool,
    amount: int,
    amount_max: int | None,
    sets: int,
    sets_max: int | None,
) -> dict[str, Range]:
    """Return the fields of a move's dose that may change, each with its range, in the order to try them.

    A built-in move's range comes from the documents where they give one (the one number a set is
    counted in, then the sets); where they give no dose and Limber chose it (`dose_by_limber`, set
    by the library's data), Limber's own small step up to its own bound (OWN_STEPS). A move the
    documents give one number for, and a person's own move, have none: they never change.
    """
    field = {"hold": "hold_seconds", "reps": "reps", "breaths": "breaths"}.get(measure)
    if not builtin or field is None:
        return {}
    ranges = {}
    if amount_max and amount_max > amount:
        ranges[field] = Range(amount, amount_max, documented_step(field, amount, amount_max), True)
    if sets_max and sets_max > sets:
        ranges["sets"] = Range(sets, sets_max, 1, True)
    if not ranges and dose_by_limber:
        step, high = OWN_LONG_HOLD_STEP if field == "hold_seconds" and long_hold else OWN_STEPS[field]
        if high > amount:
            ranges[field] = Range(amount, high, step, False)
    return ranges


def outcome(session: SessionFacts) -> str:
    """Return how the body took a session: FLARED, COPED, SETTLED or UNKNOWN (not enough scores to tell).

    Flared: pain after, or the next morning, at least FLARE_RISE above pain before. Settled: the
    next morning no higher than before. Coped: settled, pain after at most COPED_RISE above
    before, nothing skipped and not ended early.
    """
    before = session.pain_before
    if before is None:
        return UNKNOWN
    rises = [p - before for p in (session.pain_after, session.morning_pain) if p is not None]
    if any(rise >= FLARE_RISE for rise in rises):
        return FLARED
    if session.morning_pain is None or session.morning_pain > before:
        return UNKNOWN
    if (
        session.pain_after is not None
        and session.pain_after - before <= COPED_RISE
        and not session.skipped
        and session.completed
    ):
        return COPED
    return SETTLED


def next_value(value: int, dose: Range) -> int | None:
    """Return the next step up from `value` inside the range, or None at (or past) its upper end."""
    if value >= dose.high:
        return None
    return max(dose.low, min(value + dose.step, dose.high))


def field_words(field: str, value: int) -> str:
    """Return a dose value in words: "35 s", "15 min", "9 breaths", "12 reps", "4 sets", "4 s a rep"."""
    if field == "hold_seconds":
        return f"{value // 60} min" if value >= 60 and value % 60 == 0 else f"{value} s"
    if field == "tempo_seconds":
        return f"{value} s a rep"
    unit = {"breaths": "breath", "reps": "rep", "sets": "set"}[field]
    return f"{value} {unit}{'' if value == 1 else 's'}"


def _range_words(field: str, dose: Range) -> str:
    low, high = field_words(field, dose.low), field_words(field, dose.high)
    if field == "hold_seconds" and low.split()[1] == high.split()[1]:
        low = low.split()[0]
    elif field != "hold_seconds":
        low = str(dose.low)
    return f"{low}–{high}"


def _try(field: str, name: str, old: int, new: int) -> str:
    old_words, new_words = field_words(field, old), field_words(field, new)
    if field == "hold_seconds" and new_words.endswith("min"):
        return f"the {name.lower()} for {new_words} instead of {old_words}"
    if field == "hold_seconds":
        return f"holding the {name.lower()} {new_words} instead of {old_words}"
    if field == "breaths":
        return f"holding the {name.lower()} for {new_words} instead of {old_words}"
    return f"doing {new_words} of the {name.lower()} instead of {old_words}"


def _pains(sessions: Sequence[SessionFacts]) -> str:
    return ", ".join(f"{s.pain_before}→{s.pain_after}" for s in sessions)


def may_suggest(sessions: Sequence[SessionFacts], today: date) -> bool:
    """Return False when `suggest` is sure to give nothing for these sessions, whatever the moves,
    changes and hidden keys: the latest session did not flare and the last COPED_RUN did not all
    cope within COPED_WINDOW_DAYS. Lets a caller skip loading the rest."""
    ordered = sorted((s for s in sessions if s.day <= today), key=lambda s: (s.started_at, s.id), reverse=True)
    if not ordered:
        return False
    if outcome(ordered[0]) == FLARED:
        return True
    run = ordered[:COPED_RUN]
    window_start = today - timedelta(days=COPED_WINDOW_DAYS - 1)
    return len(run) == COPED_RUN and all(outcome(s) == COPED and s.day >= window_start for s in run)


def suggest(
    routine_name: str,
    sessions: Sequence[SessionFacts],
    items: Sequence[ItemDose],
    changes: Sequence[Change],
    today: date,
    hidden: Collection[str] = (),
    flare_day_name: str | None = None,
) -> Suggestion | None:
    """Return the one suggestion for this routine today, or None.

    After the latest session FLARED: go back on the latest raise (of a RAISE_FIELDS number) made
    in the last BACK_OFF_DAYS days, if its item still holds the raised dose; otherwise try the flare-day
    routine (`flare_day_name`; None when there is none to offer, or this is it). After
    COPED_RUN sessions in a row that COPED, each within COPED_WINDOW_DAYS and all after the
    routine's latest dose change: one step up for the first move, in routine order, with a
    field that can still go up. Keys in `hidden` ("Not now") are passed over. The order of
    `sessions` and `changes` does not matter.
    """
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True)
    ordered = [s for s in ordered if s.day <= today]
    if not ordered:
        return None
    latest = ordered[0]
    by_id = {item.item_id: item for item in items}

    if outcome(latest) == FLARED:
        flare = _flare_words(routine_name, latest)
        since = today - timedelta(days=BACK_OFF_DAYS - 1)
        raises = sorted(
            (c for c in changes if c.field in RAISE_FIELDS and c.new > c.old and since <= c.day <= today),
            key=lambda c: (c.at, c.item_id, c.field),
            reverse=True,
        )
        for change in raises[:1]:
            item = by_id.get(change.item_id)
            if item is None or item.values.get(change.field) != change.new:
                break  # changed again since, or removed: nothing to go back to
            key = f"{BACK_OFF}:{item.item_id}:{change.field}:{change.old}"
            if key in hidden:
                return None
            return Suggestion(
                kind=BACK_OFF,
                key=key,
                reason=f"{flare} On {change.day:%-d %B} the {item.name.lower()} went up from "
                f"{field_words(change.field, change.old)} to {field_words(change.field, change.new)}.",
                action=f"Try going back to {field_words(change.field, change.old)} for the {item.name.lower()}.",
                item_id=item.item_id,
                field=change.field,
                old=change.new,
                new=change.old,
            )
        key = f"{FLARE_DAY}:{latest.id}"
        if flare_day_name is None or key in hidden:
            return None
        return Suggestion(
            kind=FLARE_DAY,
            key=key,
            reason=flare,
            action=f"Next time, try the {flare_day_name} routine: a few gentle moves for a bad day.",
        )

    run = ordered[:COPED_RUN]
    window_start = today - timedelta(days=COPED_WINDOW_DAYS - 1)
    last_change = max((c.at for c in changes), default=None)
    if (
        len(run) < COPED_RUN
        or any(outcome(s) != COPED or s.day < window_start for s in run)
        or (last_change is not None and run[-1].started_at <= last_change)
    ):
        return None
    for item in items:
        for field, dose in item.ranges.items():
            current = item.values.get(field)
            new = None if current is None else next_value(current, dose)
            key = f"{STEP_UP}:{item.item_id}:{field}:{new}"
            if new is None or key in hidden:
                continue
            if dose.documented:
                source = f"the documents give {_range_words(field, dose)}"
            else:
                top = field_words(field, dose.high)
                source = f"the documents give no dose for it, so this is Limber's own step, up to {top}"
            return Suggestion(
                kind=STEP_UP,
                key=key,
                reason=f"Your last {COPED_RUN} sessions of {routine_name}: pain {_pains(list(reversed(run)))}, "
                "and no worse the next morning.",
                action=f"Try {_try(field, item.name, current, new)} ({source}).",
                item_id=item.item_id,
                field=field,
                old=current,
                new=new,
            )
    return None


def _flare_words(routine_name: str, session: SessionFacts) -> str:
    scores = [f"{session.pain_before} before"]
    if session.pain_after is not None:
        scores.append(f"{session.pain_after} after")
    if session.morning_pain is not None:
        scores.append(f"{session.morning_pain} the next morning")
    return f"Your last session of {routine_name} flared up: pain {', '.join(scores)}."
