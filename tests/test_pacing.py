"""The plan's rule as a pure function: examples from the issue, then properties over any history."""

import random
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from routines import pacing
from routines.pacing import (
    BACK_OFF,
    COPED,
    FLARE_DAY,
    FLARED,
    SETTLED,
    STEP_UP,
    UNKNOWN,
    Change,
    ItemDose,
    Range,
    SessionFacts,
    next_value,
    outcome,
    suggest,
)

TODAY = date(2026, 3, 20)
HIP_FLEXOR = ItemDose(1, "Kneeling hip flexor stretch", {"hold_seconds": 30}, {"hold_seconds": Range(30, 40, 5, True)})
QUAD = ItemDose(2, "Standing quadriceps stretch", {"hold_seconds": 15}, {"hold_seconds": Range(15, 30, 5, True)})
CAMEL = ItemDose(3, "Camel pose", {"hold_seconds": 30}, {})  # one number in the documents: never changes


def session(n: int, day: date, before=3, after=3, morning=3, skipped=False, completed=True) -> SessionFacts:
    return SessionFacts(n, datetime.combine(day, time(8), tzinfo=UTC), day, before, after, morning, skipped, completed)


def coped_days(*days_back: int) -> list[SessionFacts]:
    return [session(n, TODAY - timedelta(days=back)) for n, back in enumerate(days_back, start=1)]


# How a session went


def test_a_session_no_worse_the_next_morning_settled_and_with_little_rise_coped():
    assert outcome(session(1, TODAY, before=3, after=4, morning=3)) == COPED
    assert outcome(session(1, TODAY, before=3, after=3, morning=2, skipped=True)) == SETTLED
    assert outcome(session(1, TODAY, before=3, after=3, morning=3, completed=False)) == SETTLED
    assert outcome(session(1, TODAY, before=3, after=None, morning=3)) == SETTLED


def test_a_rise_of_two_after_or_the_next_morning_flared():
    assert outcome(session(1, TODAY, before=3, after=5, morning=3)) == FLARED
    assert outcome(session(1, TODAY, before=3, after=3, morning=5)) == FLARED
    assert outcome(session(1, TODAY, before=3, after=5, morning=None)) == FLARED


def test_without_the_scores_to_tell_it_is_unknown():
    assert outcome(session(1, TODAY, before=None)) == UNKNOWN
    assert outcome(session(1, TODAY, morning=None)) == UNKNOWN  # the morning check skipped
    assert outcome(session(1, TODAY, before=3, after=3, morning=4)) == UNKNOWN  # a point worse: not settled


# Stepping up


def test_three_coped_sessions_suggest_one_step_up_with_the_reason_in_numbers():
    sessions = [
        session(1, TODAY - timedelta(days=3), 3, 2, 2),
        session(2, TODAY - timedelta(days=2), 3, 3, 3),
        session(3, TODAY - timedelta(days=1), 2, 2, 2),
    ]
    found = suggest("Runner's hips", sessions, [HIP_FLEXOR, QUAD], [], TODAY)
    assert (found.kind, found.item_id, found.field, found.old, found.new) == (STEP_UP, 1, "hold_seconds", 30, 35)
    assert found.reason == ("Your last 3 sessions of Runner's hips: pain 3→2, 3→3, 2→2, and no worse the next morning.")
    assert found.action == (
        "Try holding the kneeling hip flexor stretch 35 s instead of 30 s (the documents give 30–40 s)."
    )


def test_the_steps_follow_the_documents_ranges_and_stop_at_their_upper_end():
    holds = Range(30, 40, 5, True)
    assert [next_value(v, holds) for v in (30, 35, 40)] == [35, 40, None]
    quad = Range(15, 30, 5, True)
    assert [next_value(v, quad) for v in (15, 20, 25, 30)] == [20, 25, 30, None]
    breaths = Range(8, 10, 1, True)
    assert [next_value(v, breaths) for v in (8, 9, 10)] == [9, 10, None]
    sets = Range(3, 4, 1, True)
    assert [next_value(v, sets) for v in (3, 4)] == [4, None]
    heat = Range(600, 900, 300, True)
    assert [next_value(v, heat) for v in (600, 900)] == [900, None]
    assert next_value(45, holds) is None  # edited past the range by hand: no step


def test_a_dose_at_its_top_passes_the_step_to_the_next_move():
    at_top = ItemDose(1, "Kneeling hip flexor stretch", {"hold_seconds": 40}, HIP_FLEXOR.ranges)
    found = suggest("Runner's hips", coped_days(3, 2, 1), [at_top, CAMEL, QUAD], [], TODAY)
    assert (found.item_id, found.old, found.new) == (2, 15, 20)
    assert "(the documents give 15–30 s)" in found.action


def test_a_move_with_no_range_never_changes():
    assert suggest("Camel", coped_days(3, 2, 1), [CAMEL], [], TODAY) is None


def test_limbers_own_step_says_the_documents_give_no_dose():
    walk = ItemDose(4, "Easy walking", {"hold_seconds": 600}, {"hold_seconds": Range(600, 1800, 300, False)})
    found = suggest("Walk", coped_days(3, 2, 1), [walk], [], TODAY)
    assert found.action == (
        "Try the easy walking for 15 min instead of 10 min "
        "(the documents give no dose for it, so this is Limber's own step, up to 30 min)."
    )


def test_sets_and_breaths_read_naturally():
    step_back = ItemDose(5, "Step-back with overhead reach", {"reps": 8, "sets": 3}, {"sets": Range(3, 4, 1, True)})
    found = suggest("Mobility", coped_days(3, 2, 1), [step_back], [], TODAY)
    assert found.action == (
        "Try doing 4 sets of the step-back with overhead reach instead of 3 sets (the documents give 3–4 sets)."
    )
    bend = ItemDose(6, "Wide-legged seated forward bend", {"breaths": 8}, {"breaths": Range(8, 10, 1, True)})
    found = suggest("Mobility", coped_days(3, 2, 1), [bend], [], TODAY)
    assert found.action == (
        "Try holding the wide-legged seated forward bend for 9 breaths instead of 8 breaths"
        " (the documents give 8–10 breaths)."
    )


def test_fewer_than_three_or_one_not_coped_or_too_old_gives_nothing():
    assert suggest("R", coped_days(2, 1), [HIP_FLEXOR], [], TODAY) is None
    three = coped_days(3, 2, 1)
    three[1] = session(2, TODAY - timedelta(days=2), morning=None)
    assert suggest("R", three, [HIP_FLEXOR], [], TODAY) is None
    assert suggest("R", coped_days(21, 2, 1), [HIP_FLEXOR], [], TODAY) is None
    assert suggest("R", coped_days(20, 2, 1), [HIP_FLEXOR], [], TODAY) is not None


def test_after_a_change_it_waits_for_three_more_coped_sessions():
    raised = ItemDose(1, HIP_FLEXOR.name, {"hold_seconds": 35}, HIP_FLEXOR.ranges)
    change = Change(1, "hold_seconds", 30, 35, datetime.combine(TODAY - timedelta(days=2), time(12), tzinfo=UTC),
                    TODAY - timedelta(days=2))  # fmt: skip
    before = coped_days(5, 4, 3)
    assert suggest("R", [*before, session(4, TODAY - timedelta(days=1))], [raised], [change], TODAY) is None
    after = [session(4, TODAY - timedelta(days=1)), session(5, TODAY), session(6, TODAY)]
    assert suggest("R", [*before, *after], [raised], [change], TODAY).new == 40


def test_not_now_passes_over_that_suggestion_only():
    first = suggest("R", coped_days(3, 2, 1), [HIP_FLEXOR, QUAD], [], TODAY)
    second = suggest("R", coped_days(3, 2, 1), [HIP_FLEXOR, QUAD], [], TODAY, hidden={first.key})
    assert (first.item_id, second.item_id) == (1, 2)


# Easing back


def test_a_flare_after_a_recent_raise_suggests_going_back():
    raised = ItemDose(1, HIP_FLEXOR.name, {"hold_seconds": 35}, HIP_FLEXOR.ranges)
    day = TODAY - timedelta(days=13)
    change = Change(1, "hold_seconds", 30, 35, datetime.combine(day, time(12), tzinfo=UTC), day)
    flared = [session(1, TODAY - timedelta(days=1), before=3, after=6, morning=4)]
    found = suggest("Runner's hips", flared, [raised], [change], TODAY, flare_day_name="Flare-day minimum")
    assert (found.kind, found.field, found.old, found.new) == (BACK_OFF, "hold_seconds", 35, 30)
    assert found.reason == (
        "Your last session of Runner's hips flared up: pain 3 before, 6 after, 4 the next morning. "
        "On 7 March the kneeling hip flexor stretch went up from 30 s to 35 s."
    )
    assert found.action == "Try going back to 30 s for the kneeling hip flexor stretch."


def test_a_flare_with_no_recent_raise_suggests_the_flare_day_routine():
    day = TODAY - timedelta(days=14)
    old = Change(1, "hold_seconds", 30, 35, datetime.combine(day, time(12), tzinfo=UTC), day)
    raised = ItemDose(1, HIP_FLEXOR.name, {"hold_seconds": 35}, HIP_FLEXOR.ranges)
    flared = [session(9, TODAY, before=2, after=4, morning=None)]
    found = suggest("Runner's hips", flared, [raised], [old], TODAY, flare_day_name="Flare-day minimum")
    assert (found.kind, found.key) == (FLARE_DAY, "flare_day:9")
    assert found.action == "Next time, try the Flare-day minimum routine: a few gentle moves for a bad day."
    assert suggest("Flare-day minimum", flared, [raised], [old], TODAY, flare_day_name=None) is None


def test_a_raise_changed_again_since_is_not_undone():
    day = TODAY - timedelta(days=3)
    change = Change(1, "hold_seconds", 30, 35, datetime.combine(day, time(12), tzinfo=UTC), day)
    edited = ItemDose(1, HIP_FLEXOR.name, {"hold_seconds": 40}, HIP_FLEXOR.ranges)
    flared = [session(1, TODAY, before=3, after=6)]
    assert suggest("R", flared, [edited], [change], TODAY, flare_day_name="Flare-day minimum").kind == FLARE_DAY


# Properties over any history

days_back = st.integers(min_value=0, max_value=40)
pain = st.one_of(st.none(), st.integers(min_value=0, max_value=10))
any_facts = st.builds(
    lambda n, back, before, after, morning, skipped, completed, minute: SessionFacts(
        n,
        datetime.combine(TODAY - timedelta(days=back), time(6, minute), tzinfo=UTC),
        TODAY - timedelta(days=back),
        before,
        after,
        morning,
        skipped,
        completed,
    ),
    st.integers(min_value=1, max_value=10_000),
    days_back,
    pain,
    pain,
    pain,
    st.booleans(),
    st.booleans(),
    st.integers(min_value=0, max_value=59),
)


@st.composite
def coped_facts(draw) -> SessionFacts:
    # Most random sessions flare or lack a score; these cope, so runs of three come up often.
    before = draw(st.integers(min_value=1, max_value=8))
    back = draw(st.integers(min_value=0, max_value=25))
    return SessionFacts(
        draw(st.integers(min_value=1, max_value=10_000)),
        datetime.combine(TODAY - timedelta(days=back), time(6, draw(st.integers(0, 59))), tzinfo=UTC),
        TODAY - timedelta(days=back),
        before,
        before + draw(st.integers(min_value=-1, max_value=1)),
        before - draw(st.integers(min_value=0, max_value=1)),
        False,
        True,
    )


facts = st.one_of(coped_facts(), coped_facts(), any_facts)


@st.composite
def ranges(draw) -> Range:
    low = draw(st.integers(min_value=1, max_value=600))
    high = draw(st.integers(min_value=low, max_value=low + 600))
    return Range(low, high, draw(st.integers(min_value=1, max_value=300)), draw(st.booleans()))


@st.composite
def item_doses(draw, item_id: int) -> ItemDose:
    fields = draw(st.lists(st.sampled_from(["hold_seconds", "breaths", "reps", "sets"]), unique=True, max_size=2))
    limits = {field: draw(ranges()) for field in fields}
    values = {f: draw(st.integers(min_value=max(1, r.low - 5), max_value=r.high + 5)) for f, r in limits.items()}
    if draw(st.booleans()):  # a number the rule never steps, as a rep's length
        values["tempo_seconds"] = draw(st.integers(min_value=1, max_value=10))
    return ItemDose(item_id, f"Move {item_id}", values, limits)


# Every number a hand edit may change, so changes the rule never makes come up too.
CHANGED_FIELDS = ["hold_seconds", "breaths", "reps", "sets", "tempo_seconds", "rest_seconds", "per_side"]


@st.composite
def histories(draw):
    items = [draw(item_doses(n)) for n in range(1, draw(st.integers(min_value=0, max_value=4)) + 1)]
    sessions = draw(st.lists(facts, max_size=8, unique_by=lambda s: s.id))
    changes = []
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        back = draw(days_back)
        old, new = draw(st.integers(0, 1300)), draw(st.integers(0, 1300))
        item_id = draw(st.integers(min_value=1, max_value=4))
        field = draw(st.sampled_from(CHANGED_FIELDS))
        held = [item for item in items if item.values]
        if held and draw(st.booleans()):  # a change the item still holds, so a flare may go back on it
            item = draw(st.sampled_from(held))
            item_id, field = item.item_id, draw(st.sampled_from(sorted(item.values)))
            new = item.values[field]
            old = draw(st.integers(min_value=max(0, new - 10), max_value=new + 10))
        at = datetime.combine(TODAY - timedelta(days=back), time(12), tzinfo=UTC)
        changes.append(Change(item_id, field, old, new, at, TODAY - timedelta(days=back)))
    return items, sessions, changes


@given(histories())
def test_a_step_up_never_goes_past_the_top_of_its_range(history):
    items, sessions, changes = history
    found = suggest("R", sessions, items, changes, TODAY)
    if found and found.kind == STEP_UP:
        item = next(i for i in items if i.item_id == found.item_id)
        limit = item.ranges[found.field]
        assert found.old == item.values[found.field]
        assert found.old < found.new <= limit.high


@given(histories())
def test_a_move_with_no_range_and_no_limber_bound_is_never_stepped_up(history):
    items, sessions, changes = history
    found = suggest("R", sessions, items, changes, TODAY, flare_day_name="Flare-day minimum")
    if found and found.kind == STEP_UP:
        item = next(i for i in items if i.item_id == found.item_id)
        assert found.field in item.ranges


@given(histories())
def test_going_back_only_undoes_a_recent_raise_the_move_still_holds(history):
    items, sessions, changes = history
    found = suggest("R", sessions, items, changes, TODAY, flare_day_name="Flare-day minimum")
    if found and found.kind == BACK_OFF:
        item = next(i for i in items if i.item_id == found.item_id)
        assert item.values[found.field] == found.old > found.new
        assert found.field in pacing.RAISE_FIELDS
        assert any(
            (c.item_id, c.field, c.old, c.new) == (item.item_id, found.field, found.new, found.old)
            and (TODAY - c.day).days < pacing.BACK_OFF_DAYS
            for c in changes
        )


@given(histories())
def test_never_a_step_up_after_a_flared_session(history):
    items, sessions, changes = history
    found = suggest("R", sessions, items, changes, TODAY, flare_day_name="Flare-day minimum")
    if found and found.kind == STEP_UP:
        recent = sorted(sessions, key=lambda s: (s.started_at, s.id))[-pacing.COPED_RUN :]
        assert all(outcome(s) == COPED for s in recent)
        assert FLARED not in {outcome(s) for s in recent}


@given(histories())
def test_one_move_at_a_time_and_only_after_three_coped_since_the_last_change(history):
    items, sessions, changes = history
    found = suggest("R", sessions, items, changes, TODAY, flare_day_name="Flare-day minimum")
    if found is None or found.kind == FLARE_DAY:
        return
    assert found.item_id in {item.item_id for item in items} and found.field and found.old != found.new
    if found.kind == STEP_UP and changes:
        recent = sorted(sessions, key=lambda s: (s.started_at, s.id))[-pacing.COPED_RUN :]
        assert all(s.started_at > max(c.at for c in changes) for s in recent)


@given(histories(), st.randoms(use_true_random=False))
def test_the_same_history_always_gives_the_same_suggestion(history, rng: random.Random):
    items, sessions, changes = history
    first = suggest("R", sessions, items, changes, TODAY, flare_day_name="Flare-day minimum")
    shuffled_sessions, shuffled_changes = list(sessions), list(changes)
    rng.shuffle(shuffled_sessions)
    rng.shuffle(shuffled_changes)
    assert suggest("R", shuffled_sessions, items, shuffled_changes, TODAY, flare_day_name="Flare-day minimum") == first


@given(histories())
def test_may_suggest_is_false_only_when_suggest_gives_nothing(history):
    # The pages skip loading moves, changes and hidden keys when may_suggest is False.
    items, sessions, changes = history
    if not pacing.may_suggest(sessions, TODAY):
        assert suggest("R", sessions, items, changes, TODAY, flare_day_name="Flare-day minimum") is None


@given(
    st.sampled_from(["hold", "reps", "breaths"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.integers(1, 1800),
    st.one_of(st.none(), st.integers(1, 1800)),
    st.integers(1, 10),
    st.one_of(st.none(), st.integers(1, 10)),
)
def test_a_moves_range_never_passes_the_documents_top_or_limbers_own_bound(
    measure, long_hold, builtin, by_limber, amount, amount_max, sets, sets_max
):
    found = pacing.move_ranges(
        measure=measure, long_hold=long_hold, builtin=builtin, dose_by_limber=by_limber,
        amount=amount, amount_max=amount_max, sets=sets, sets_max=sets_max,
    )  # fmt: skip
    if not builtin:
        assert found == {}
    if not by_limber and not (amount_max or 0) > amount and not (sets_max or 0) > sets:
        assert found == {}  # one number in the documents and no bound of Limber's: it never changes
    for field, dose in found.items():
        assert dose.step >= 1 and dose.low <= dose.high
        if dose.documented:
            assert dose.high == (sets_max if field == "sets" else amount_max)
        else:
            own = pacing.OWN_LONG_HOLD_STEP if field == "hold_seconds" and long_hold else pacing.OWN_STEPS[field]
            assert by_limber and dose.high == own[1] and dose.step == own[0] and amount < own[1]
