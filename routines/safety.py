"""The red flags: one list, with one urgency each, for the check-in, the stop page and /safety/.

Pure data and plain functions on purpose (no Django imports), so every page, the tests and other
modules can import it. Facts come from the source documents (``routines.sources``); the sentences
are Limber's own.

How to use it:

- ``TIERS`` is the three urgencies, most urgent first: ``IMMEDIATELY`` (call emergency services),
  ``RIGHT_AWAY`` (a medical professional today) and ``SOON`` (a doctor before exercising again).
  A ``Tier`` has a ``key``, a ``title`` (a heading), ``advice`` (what to do) and ``sources``.
- ``RED_FLAGS`` is the one list of warning signs, in the order to show them. A ``RedFlag`` has a
  ``key`` (stable: form values and stored answers use it), ``question`` (short text a person ticks),
  ``tier``, ``advice`` (one sentence on why it matters) and ``sources`` (keys of ``routines.sources``).
- ``by_tier(flags)`` groups flags under their tier, most urgent first, leaving out empty tiers:
  the check-in lists every flag that way, the stop page the ones a person ticked.
- ``FLAGS_BY_KEY`` looks a flag up by key.

A sign that the documents place under more than one urgency takes the most urgent one: fever and
nausea are in the document's "seek medical attention immediately" list, so they are here too.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    """How soon to get help, and how."""

    key: str
    title: str
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RedFlag:
    """One warning sign that stops a routine before it starts."""

    key: str
    question: str
    tier: Tier
    advice: str
    sources: tuple[str, ...]


IMMEDIATELY = Tier(
    key="immediately",
    title="Call emergency services now",
    advice=(
        "Call your local emergency number (such as 911, 112 or 999) or get to an emergency department now: "
        "with hip or back pain, these can be signs of something serious such as an infection or a stroke."
    ),
    sources=("003",),
)
RIGHT_AWAY = Tier(
    key="right_away",
    title="Talk to a doctor today",
    advice=(
        "Contact a doctor or another medical professional right away, today. "
        "If you cannot reach one, go to an urgent care clinic."
    ),
    sources=("003", "002"),
)
SOON = Tier(
    key="soon",
    title="See a doctor before you exercise again",
    advice="Book an appointment with a doctor, and leave your routines until they have checked you.",
    sources=("003",),
)

TIERS: tuple[Tier, ...] = (IMMEDIATELY, RIGHT_AWAY, SOON)

RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        key="dizziness",
        question="Dizziness",
        tier=IMMEDIATELY,
        advice="Feeling dizzy along with the pain needs a doctor to see you now.",
        sources=("003",),
    ),
    RedFlag(
        key="blurred_vision",
        question="Blurred vision",
        tier=IMMEDIATELY,
        advice="Blurred vision together with the pain can be a sign of a stroke.",
        sources=("003",),
    ),
    RedFlag(
        key="breathless",
        question="Shortness of breath",
        tier=IMMEDIATELY,
        advice="Being short of breath along with the pain needs a doctor to see you now.",
        sources=("003",),
    ),
    RedFlag(
        key="chest",
        question="Chest pain or a racing heart",
        tier=IMMEDIATELY,
        advice="Chest pain or a fast heartbeat together with the pain needs a doctor to see you now.",
        sources=("003",),
    ),
    RedFlag(
        key="nausea",
        question="Nausea (feeling sick)",
        tier=IMMEDIATELY,
        advice="Feeling sick together with the pain can be a sign of an infection or another serious problem.",
        sources=("003",),
    ),
    RedFlag(
        key="fever",
        question="A fever",
        tier=IMMEDIATELY,
        advice="A fever together with hip or back pain can point to an infection.",
        sources=("003",),
    ),
    RedFlag(
        key="saddle_numbness",
        question="Numbness in the saddle area: your groin, buttocks and inner thighs",
        tier=RIGHT_AWAY,
        advice="Numbness there is the sign of a serious spinal problem that the documents single out.",
        sources=("002", "000"),
    ),
    RedFlag(
        key="bladder_bowel",
        question="Trouble controlling your bladder or bowels",
        tier=RIGHT_AWAY,
        advice="With hip or back pain this can mean a nerve is pressed on or damaged.",
        sources=("003",),
    ),
    RedFlag(
        key="weakness",
        question="Weakness, numbness or tingling in a leg or foot, or weakness anywhere else in your body",
        tier=RIGHT_AWAY,
        advice=(
            "Losing feeling or strength can mean nerve damage, and weakness beyond the sore area needs its cause found."
        ),
        sources=("003",),
    ),
    RedFlag(
        key="chills",
        question="Chills",
        tier=RIGHT_AWAY,
        advice="Chills along with the pain can be a sign of an infection.",
        sources=("003",),
    ),
    RedFlag(
        key="head_neck",
        question="A headache, or an aching or stiff neck",
        tier=RIGHT_AWAY,
        advice="A headache or a stiff neck that comes with the pain is a reason to be checked straight away.",
        sources=("003",),
    ),
    RedFlag(
        key="red_swollen",
        question="Redness or swelling around the sore area",
        tier=RIGHT_AWAY,
        advice="Redness or swelling around a joint can mean inflammation or an infection there.",
        sources=("003",),
    ),
    RedFlag(
        key="worsening",
        question="Pain that keeps getting worse instead of slowly settling",
        tier=RIGHT_AWAY,
        advice="Pain that builds over time rather than easing needs a doctor to find out why.",
        sources=("003",),
    ),
    RedFlag(
        key="severe",
        question="Pain so bad you cannot move normally, or that pharmacy pain relief does not ease",
        tier=RIGHT_AWAY,
        advice=(
            "Severe pain that home care and over-the-counter medicines (ibuprofen, acetaminophen, naproxen) "
            "do not help needs a doctor's look."
        ),
        sources=("003",),
    ),
    RedFlag(
        key="injury",
        question="Pain that started after a fall, a car accident or another injury",
        tier=SOON,
        advice="An injury can break a bone or tear a muscle or ligament; have it checked before you stretch it.",
        sources=("003",),
    ),
)

FLAGS_BY_KEY: dict[str, RedFlag] = {flag.key: flag for flag in RED_FLAGS}


def by_tier(flags: tuple[RedFlag, ...] | list[RedFlag] = RED_FLAGS) -> list[tuple[Tier, list[RedFlag]]]:
    """Return ``(tier, flags in that tier)`` pairs, most urgent tier first, leaving out empty tiers."""
    return [(tier, members) for tier in TIERS if (members := [flag for flag in flags if flag.tier == tier])]


# Reasons to book a doctor's appointment that are not check-in questions, each with its source:
# symptoms lasting more than a few days, or pain that home care has not eased.
SEE_A_DOCTOR: tuple[tuple[str, str], ...] = (
    ("Your pain has not eased after two to three days of rest and home care.", "003"),
    ("Your pain keeps going: lasting pain should be diagnosed by a doctor.", "004"),
    ("Intense or throbbing pain lasts more than a few days.", "003"),
    ("For more than a few days, pain gets in the way of everyday life or greatly limits how you move.", "003"),
    ("For more than a few days, pain spreads down one or both legs (sciatica) or across your buttocks or hips.", "003"),
    ("Vomiting comes with the pain for more than a few days.", "003"),
    ("The skin around a joint stays discoloured for more than a few days.", "003"),
)

# What a person should know alongside the lists, each with the document it comes from.
GOOD_TO_KNOW: tuple[tuple[str, str], ...] = (
    (
        "Having none of these signs does not rule out a serious cause. In a survey of almost 10,000 patients, "
        "people without any red flags were hardly less likely to have a serious diagnosis. If something feels "
        "wrong, ask a doctor.",
        "002",
    ),
    (
        "Pain at the front of the hip, near the groin, is not always a muscle: it can come from organs, as in "
        "appendicitis or diverticulitis.",
        "001",
    ),
    (
        "Check with your doctor before you start an exercise program, or a home remedy such as heat or cold.",
        "003",
    ),
    (
        "Most back pain is not dangerous, even when it hurts a great deal: a muscle cramp can be very painful "
        "and harmless.",
        "002",
    ),
)


def source_keys() -> list[str]:
    """Return the keys of every source the lists above cite, sorted."""
    cited = {key for item in (*TIERS, *RED_FLAGS) for key in item.sources}
    cited.update(source for _, source in (*SEE_A_DOCTOR, *GOOD_TO_KNOW))
    return sorted(cited)
