"""The first visit's answers mapped to Learn articles, a starter routine and a schedule.

Pure Python on purpose (no Django imports): the tables below are the mapping, and
`suggest` is the one function that reads them, so a test can try every answer.
The notes are Limber's words for what the source documents say; they name
possibilities, never a diagnosis.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

AREAS = {
    "front": "Front of the hip or groin",
    "outer": "Outer hip",
    "buttock": "Buttock",
    "low-back": "Low back",
    "leg": "Down the leg",
}
WORSE = {
    "sitting": "Sitting a long time",
    "standing": "Standing or walking",
    "running": "Running",
    "side-lying": "Lying on that side",
    "bending": "Bending forward",
    "morning": "First thing in the morning",
}
# The keys are the library's equipment slugs.
EQUIPMENT = {"mat": "A mat", "wall": "A wall", "chair": "A chair", "pillow": "A pillow"}
BAD_DAY = 7
FLARE_DAY = "flare-day"
# Every move of this starter needs no equipment, so some routine always fits.
NO_EQUIPMENT = "no-equipment-standing"
MIN_MOVES = 2
DAYS_A_WEEK = 3

# (article slug, what the documents say) for each place pain is felt.
AREA_NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "front": (
        (
            "arthritis",
            "Pain from the hip joint itself is often felt in the groin; osteoarthritis is the most common "
            "source of hip pain.",
        ),
        (
            "hip-flexor-strain",
            "A strained hip flexor hurts at the front of the hip, and its symptoms overlap with other kinds "
            "of groin pain.",
        ),
        (
            "trigger-points-and-referred-pain",
            "Pain at the front of the hip is sometimes not from the hip at all: the documents mention "
            "appendicitis, diverticulitis and pelvic conditions.",
        ),
    ),
    "outer": (
        (
            "gluteal-tendinopathy",
            "Gluteal tendinopathy usually hurts at the side of the hip, over the bony point at the top of "
            "the thigh bone.",
        ),
        ("arthritis", "Hip joint pain is also often felt on the outside of the hip, right over the joint."),
        (
            "it-band",
            "IT band syndrome is put down to friction between the band and the outside of the knee or the "
            "thigh muscles, usually in people who repeat one leg movement for long, such as runners and cyclists.",
        ),
    ),
    "buttock": (
        (
            "piriformis-syndrome",
            "Piriformis syndrome typically brings a deep ache in the buttock that may spread into the back "
            "of the thigh.",
        ),
        ("sacroiliac-joint", "Sacroiliac joint pain can feel like an achy hip in the upper buttock."),
        (
            "where-it-hurts",
            "Pain over the back of the hip and in the buttock is often from a ligament, a nerve or a muscle.",
        ),
    ),
    "low-back": (
        ("sacroiliac-joint", "Sacroiliac joint pain can feel like low back pain."),
        ("sitting-and-posture", "Poor posture is one of the most common causes of hip and back pain."),
        (
            "trigger-points-and-referred-pain",
            "Muscle pain is probably the main thing people with back pain feel; trigger points can hurt a "
            "lot but are not dangerous.",
        ),
        ("stress-and-tension", "Stress and tension are among the things the documents list behind hip and back pain."),
        ("leg-length", "Legs of uneven length are thought to be one cause of hip and back pain."),
    ),
    "leg": (
        (
            "sciatica-and-stenosis",
            "Sciatica is pain that shoots down the leg, sometimes into the heel; a narrowing where the "
            "nerves leave the lower spine (stenosis) can also send pain down the leg.",
        ),
        ("piriformis-syndrome", "Piriformis syndrome can spread from the buttock into the back of the thigh."),
        (
            "trigger-points-and-referred-pain",
            "Pain from the low back can travel along a nerve, the way a knock on the funny bone is felt in the hand.",
        ),
    ),
}

# (article slug or "", what the documents say) for each thing that makes it worse.
WORSE_NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "sitting": (
        (
            "hip-flexor-strain",
            "Long hours of sitting keep the hip flexors bent, and the documents say they can shorten.",
        ),
        (
            "gluteal-tendinopathy",
            "Gluteal tendinopathy often turns up in people whose work keeps them sitting for long periods.",
        ),
        ("sitting-and-posture", "The documents suggest not staying in one position for too long."),
    ),
    "standing": (("arthritis", "Arthritis pain is felt in the joint as it moves and takes weight."),),
    "running": (
        (
            "it-band",
            "IT band syndrome usually affects people who repeat the same leg movement for long, such as "
            "runners and cyclists.",
        ),
        ("stretching-and-strengthening", "The documents suggest hip stretches before and after a run."),
    ),
    "side-lying": (
        (
            "where-it-hurts",
            "Lying on the sore side presses on it, and the documents say pain where a ligament attaches is "
            "usually felt just at that spot and gets worse with pressure on it.",
        ),
    ),
    "bending": (
        (
            "",
            "The documents don't tie pain on bending forward to one cause, so Limber leaves out the moves "
            "that fold you forward.",
        ),
    ),
    "morning": (
        (
            "arthritis",
            "The documents don't link morning pain to one cause; they do say arthritis can bring stiffness "
            "in the hips or lower back.",
        ),
    ),
}

# Shown to everyone, after the notes on their own answers.
GENERAL_NOTES = (
    (
        "heat-and-cold",
        "Moist heat on the sore area for 10 to 15 minutes before you warm up may help the muscles relax; "
        "don't use heat where there is swelling.",
    ),
    ("stretching-and-strengthening", "Ease into each stretch, never bounce, and stop if you feel any discomfort."),
)

# The moves whose cautions an answer makes unsuitable, and why, in words for the answer page.
AVOID: dict[str, tuple[frozenset[str], str]] = {
    "bad-day": (frozenset({"camel-pose", "bow-pose", "cobra-pose"}), "a backbend, not for a bad day"),
    "side-lying": (frozenset({"side-lying-leg-swings"}), "done lying on your side"),
    "bending": (frozenset({"wide-legged-seated-forward-bend", "hip-hinge"}), "it folds you forward"),
    "standing": (frozenset({"easy-walking"}), "walking makes your pain worse"),
}

# Which starter to try first, by answer; the first one that keeps MIN_MOVES moves wins.
AREA_STARTERS = {
    "front": "desk-hip-flexor-reset",
    "outer": "glute-core-strength",
    "buttock": "glute-core-strength",
    "low-back": "daily-hip-mobility",
    "leg": FLARE_DAY,
}
WORSE_STARTERS = {"sitting": "desk-hip-flexor-reset", "running": "runners-hips", "morning": "daily-hip-mobility"}
DEFAULT_STARTERS = ("daily-hip-mobility", "glute-core-strength", NO_EQUIPMENT)


@dataclass(frozen=True)
class Answers:
    areas: frozenset[str] = frozenset()
    worse: frozenset[str] = frozenset()
    pain: int | None = None
    equipment: frozenset[str] = frozenset()

    @property
    def bad_day(self) -> bool:
        return self.pain is not None and self.pain >= BAD_DAY


@dataclass(frozen=True)
class Suggestion:
    notes: tuple[tuple[str, str], ...]  # (article slug or "", sentence), most telling first
    articles: tuple[str, ...]  # the article slugs named in the notes, each once
    starter: str  # the starter routine's key
    moves: tuple[str, ...]  # that starter's moves that fit, in its order
    left_out: tuple[tuple[str, str], ...]  # (move slug, why)
    weekdays: tuple[int, ...]  # 0 = Monday; today first


def _why_not(move: str, needs: frozenset[str], answers: Answers) -> str:
    """Return why a move does not fit these answers, or "" when it does."""
    missing = sorted(needs - answers.equipment)
    if missing:
        return "needs " + " and ".join(EQUIPMENT.get(item, item).lower() for item in missing)
    triggers = set(answers.worse) | ({"bad-day"} if answers.bad_day else set())
    for trigger in sorted(triggers):
        moves, why = AVOID.get(trigger, (frozenset(), ""))
        if move in moves:
            return why
    return ""


def _candidates(answers: Answers, starters: Mapping[str, Sequence[str]]) -> list[str]:
    order = [FLARE_DAY] if answers.bad_day else []
    order += [AREA_STARTERS[a] for a in AREAS if a in answers.areas]
    order += [WORSE_STARTERS[w] for w in WORSE if w in answers.worse and w in WORSE_STARTERS]
    if not answers.equipment:
        order.append(NO_EQUIPMENT)
    order += [*DEFAULT_STARTERS, *sorted(starters)]
    return [key for key in dict.fromkeys(order) if key in starters]


def suggest(
    answers: Answers, starters: Mapping[str, Sequence[str]], equipment_of: Mapping[str, frozenset[str]], today: int
) -> Suggestion:
    """Return what to read, which starter to copy (only its moves that fit) and on which weekdays.

    `starters` maps each starter's key to its moves' slugs in order, `equipment_of`
    maps a move's slug to the equipment it needs, `today` is today's weekday (0 = Monday).
    """
    notes = [note for area in AREAS if area in answers.areas for note in AREA_NOTES[area]]
    notes += [note for worse in WORSE if worse in answers.worse for note in WORSE_NOTES[worse]]
    if not notes:
        notes = [("where-it-hurts", "Where you feel pain is the first clue the documents look at.")]
    notes += GENERAL_NOTES
    chosen = None
    for key in _candidates(answers, starters):
        verdicts = [(slug, _why_not(slug, equipment_of.get(slug, frozenset()), answers)) for slug in starters[key]]
        moves = tuple(slug for slug, why in verdicts if not why)
        if len(moves) >= MIN_MOVES:
            chosen = (key, moves, tuple((slug, why) for slug, why in verdicts if why))
            break
    if chosen is None:
        raise ValueError("No starter routine fits these answers; the no-equipment starter is missing.")
    weekdays = tuple((today + step) % 7 for step in range(0, 2 * DAYS_A_WEEK, 2))
    articles = tuple(dict.fromkeys(slug for slug, _ in notes if slug))
    return Suggestion(tuple(notes), articles, *chosen, weekdays)


def describe(answers: Answers) -> list[tuple[str, str]]:
    """Return the answers as (question, answer in words) pairs, "Not answered" where skipped."""

    def words(chosen: frozenset[str], labels: dict[str, str]) -> str:
        return ", ".join(label for code, label in labels.items() if code in chosen) or "Not answered"

    return [
        ("Where it hurts", words(answers.areas, AREAS)),
        ("What makes it worse", words(answers.worse, WORSE)),
        ("Pain that day (0–10)", "Not answered" if answers.pain is None else str(answers.pain)),
        ("Equipment at home", ", ".join(c for c in EQUIPMENT if c in answers.equipment).capitalize() or "None"),
    ]
