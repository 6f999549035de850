"""The timeline of a routine: the exact list of steps the player plays.

Everything that shows how long a routine takes sums this list, so the
estimate and the timer can never disagree. Pure: plain values in, plain
values out, no database and no request.
"""

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Protocol

from .dose import SECONDS_PER_BREATH, amount, amount_words

SWITCH_SIDES_SECONDS = 5
# Time to get into a move's position: getting down to the floor takes longer
# than staying on your feet.
POSITION_SECONDS = {"standing": 5, "seated": 8, "kneeling": 10, "lying": 10}

LEAD_IN = "lead_in"
POSITION = "position"
WORK = "work"
REST = "rest"
SWITCH = "switch"
NEXT = "next"


class Dose(Protocol):
    """What the timeline needs of one item of a routine (a RoutineItem fits)."""

    name: str
    position: str
    measure: str
    hold_seconds: int | None
    reps: int | None
    tempo_seconds: int | None
    breaths: int | None
    sets: int
    rest_seconds: int
    per_side: bool


@dataclass(frozen=True)
class Step:
    phase: str
    seconds: int
    text: str
    say: str
    item: int | None = None  # index of the routine item, None for the lead-in
    name: str = ""
    set: int = 0
    sets: int = 0
    side: str = "none"  # "left", "right" or "none"
    reps: int | None = None  # for rep work: the person may tap "Done" before the time is up

    def as_dict(self) -> dict:
        return asdict(self)


def work_seconds(dose: Dose) -> int:
    """Return how long one set on one side lasts, in seconds."""
    if dose.measure == "reps":
        return dose.reps * dose.tempo_seconds
    if dose.measure == "breaths":
        return dose.breaths * SECONDS_PER_BREATH
    return dose.hold_seconds


def build_timeline(items: Sequence[Dose], lead_in_seconds: int) -> list[Step]:
    """Return the ordered steps for these routine items, starting with the lead-in."""
    steps: list[Step] = []
    if lead_in_seconds > 0 and items:
        # The lead-in names what comes first, and on which side, so nobody has to look up to find out.
        first = items[0]
        where = f"{first.name}, left side" if first.per_side else first.name
        side = "left" if first.per_side else "none"
        steps.append(
            Step(
                LEAD_IN,
                lead_in_seconds,
                f"Get ready: {where}",
                f"Get ready. First: {where}.",
                name=first.name,
                side=side,
            )
        )
    for index, dose in enumerate(items):
        into_position = POSITION_SECONDS.get(dose.position, POSITION_SECONDS["standing"])
        if index == 0:
            steps.append(
                Step(POSITION, into_position, f"Get into position: {dose.name}", dose.name, item=index, name=dose.name)
            )
        else:
            steps.append(
                Step(NEXT, into_position, f"Next: {dose.name}", f"Next: {dose.name}", item=index, name=dose.name)
            )
        steps.extend(_move_steps(index, dose))
    return steps


def _move_steps(index: int, dose: Dose) -> Iterable[Step]:
    seconds = work_seconds(dose)
    reps = dose.reps if dose.measure == "reps" else None
    common = {"item": index, "name": dose.name, "sets": dose.sets, "reps": reps}
    for number in range(1, dose.sets + 1):
        set_words = f"set {number} of {dose.sets}" if dose.sets > 1 else ""
        if dose.per_side:
            for side in ("left", "right"):
                if side == "right":
                    yield Step(SWITCH, SWITCH_SIDES_SECONDS, "Switch sides", "Switch sides", **common, set=number)
                text = f"{dose.name} — {side} side"
                say = f"{dose.name}, left side" if side == "left" else "Right side"
                yield Step(WORK, seconds, text, _with(say, set_words), **common, set=number, side=side)
        else:
            say = _with(dose.name, set_words or amount_words(dose.measure, amount(dose)))
            yield Step(WORK, seconds, dose.name, say, **common, set=number)
        if number < dose.sets and dose.rest_seconds > 0:
            yield Step(REST, dose.rest_seconds, "Rest", "Rest", **common, set=number)


def _with(words: str, more: str) -> str:
    return f"{words}, {more}" if more else words


def total_seconds(steps: Iterable[Step]) -> int:
    """Return the routine's whole length: the sum of its steps."""
    return sum(step.seconds for step in steps)
