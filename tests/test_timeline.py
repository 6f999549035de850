from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from routines.timeline import (
    LEAD_IN,
    NEXT,
    POSITION,
    POSITION_SECONDS,
    REST,
    SECONDS_PER_BREATH,
    SWITCH,
    SWITCH_SIDES_SECONDS,
    WORK,
    build_timeline,
    total_seconds,
    work_seconds,
)


@dataclass
class Item:
    name: str = "Glute bridge"
    position: str = "lying"
    measure: str = "hold"
    hold_seconds: int | None = 30
    reps: int | None = None
    tempo_seconds: int | None = None
    breaths: int | None = None
    sets: int = 1
    rest_seconds: int = 0
    per_side: bool = False


def hold(**kw) -> Item:
    return Item(**kw)


def reps(n: int, tempo: int, **kw) -> Item:
    return Item(measure="reps", hold_seconds=None, reps=n, tempo_seconds=tempo, **kw)


def phases(steps) -> list[str]:
    return [step.phase for step in steps]


def test_a_routine_starts_with_the_lead_in_then_gets_into_position():
    steps = build_timeline([hold(name="Camel pose", position="kneeling")], lead_in_seconds=5)
    assert phases(steps) == [LEAD_IN, POSITION, WORK]
    assert steps[0].seconds == 5
    assert steps[1].seconds == POSITION_SECONDS["kneeling"]
    assert steps[2].text == "Camel pose"


def test_no_lead_in_when_the_person_set_zero():
    assert phases(build_timeline([hold()], lead_in_seconds=0)) == [POSITION, WORK]


def test_a_per_side_hold_runs_left_switch_right_each_set_with_rest_between_sets():
    item = hold(name="Kneeling hip flexor stretch", position="kneeling", per_side=True, sets=2, rest_seconds=20)
    steps = build_timeline([item], lead_in_seconds=0)
    assert [(s.phase, s.side, s.set) for s in steps] == [
        (POSITION, "none", 0),
        (WORK, "left", 1),
        (SWITCH, "none", 1),
        (WORK, "right", 1),
        (REST, "none", 1),
        (WORK, "left", 2),
        (SWITCH, "none", 2),
        (WORK, "right", 2),
    ]
    assert steps[1].text == "Kneeling hip flexor stretch — left side"
    assert steps[2].text == "Switch sides"
    assert steps[4].text == "Rest"


def test_no_rest_after_the_last_set():
    steps = build_timeline([hold(sets=3, rest_seconds=30)], lead_in_seconds=0)
    assert phases(steps) == [POSITION, WORK, REST, WORK, REST, WORK]


def test_rep_moves_last_reps_times_tempo_and_say_how_many():
    steps = build_timeline([reps(10, 3, name="Hip hinge", position="standing")], lead_in_seconds=0)
    work = steps[-1]
    assert work.seconds == 30
    assert work.reps == 10


def test_breaths_convert_at_the_stated_rate():
    item = Item(measure="breaths", hold_seconds=None, breaths=8, position="seated")
    assert work_seconds(item) == 8 * SECONDS_PER_BREATH


def test_moves_after_the_first_announce_what_is_next():
    steps = build_timeline([hold(name="Cobra"), hold(name="Glute bridge")], lead_in_seconds=5)
    nexts = [s for s in steps if s.phase == NEXT]
    assert [s.text for s in nexts] == ["Next: Glute bridge"]


def test_getting_down_to_the_floor_takes_longer_than_staying_standing():
    assert POSITION_SECONDS["lying"] > POSITION_SECONDS["standing"]
    assert POSITION_SECONDS["kneeling"] > POSITION_SECONDS["standing"]


def test_an_empty_routine_has_no_steps():
    assert build_timeline([], lead_in_seconds=5) == []


items = st.builds(
    Item,
    name=st.text(min_size=1, max_size=20),
    position=st.sampled_from(sorted(POSITION_SECONDS)),
    measure=st.just("hold"),
    hold_seconds=st.integers(5, 3600),
    sets=st.integers(1, 10),
    rest_seconds=st.integers(0, 300),
    per_side=st.booleans(),
) | st.builds(
    Item,
    measure=st.just("reps"),
    hold_seconds=st.none(),
    reps=st.integers(1, 50),
    tempo_seconds=st.integers(1, 10),
    sets=st.integers(1, 10),
    rest_seconds=st.integers(0, 300),
    per_side=st.booleans(),
    position=st.sampled_from(sorted(POSITION_SECONDS)),
)


@given(st.lists(items, max_size=8), st.integers(0, 15))
def test_every_step_has_a_positive_length_and_the_total_is_their_sum(routine, lead_in):
    steps = build_timeline(routine, lead_in)
    assert all(step.seconds > 0 for step in steps)
    assert total_seconds(steps) == sum(step.seconds for step in steps)
    assert sum(1 for s in steps if s.phase == WORK) == sum(i.sets * (2 if i.per_side else 1) for i in routine)


@given(items)
def test_a_per_side_move_takes_twice_its_one_side_time_plus_the_switch(item):
    one_side = {**vars(item), "per_side": False}
    both = {**vars(item), "per_side": True}
    single = total_seconds(build_timeline([Item(**one_side)], 0))
    double = total_seconds(build_timeline([Item(**both)], 0))
    assert double - single == item.sets * (work_seconds(item) + SWITCH_SIDES_SECONDS)


def test_the_lead_in_names_the_first_move_and_its_side():
    lead_in = build_timeline([hold(name="Kneeling hip flexor stretch", per_side=True), hold()], 5)[0]
    assert (lead_in.phase, lead_in.text, lead_in.name, lead_in.side) == (
        LEAD_IN,
        "Get ready: Kneeling hip flexor stretch, left side",
        "Kneeling hip flexor stretch",
        "left",
    )
    assert lead_in.item is None  # part of no move's work
    assert build_timeline([hold()], 5)[0].text == "Get ready: Glute bridge"
