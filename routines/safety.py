"""Red flags and "when to see a doctor" advice, drawn from the source documents in Limber's own words.

Pure Python on purpose (no Django imports), so the check-in screen, the safety page and the tests can all use it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RedFlag:
    """One warning sign: a yes/no check-in question and a plain sentence on why it matters."""

    code: str
    question: str
    why: str


# Asked at every check-in; a "yes" to any of them means a doctor, not a stretch.
RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        code="saddle_numbness",
        question=(
            "Do you have any numbness in the saddle area, the parts that would touch a saddle: "
            "your groin, buttocks and inner thighs?"
        ),
        why="Numbness there can mean the nerves at the base of the spine are under pressure, which is urgent.",
    ),
    RedFlag(
        code="bladder_bowel",
        question="Are you having any new trouble controlling your bladder or bowels?",
        why="Bladder or bowel trouble alongside back pain can be a sign of nerve damage and needs a doctor right away.",
    ),
    RedFlag(
        code="leg_weakness",
        question="Do you have new weakness, numbness or tingling in a leg or foot?",
        why="New weakness or loss of feeling in a leg can mean an irritated or damaged nerve; get it checked first.",
    ),
    RedFlag(
        code="fever",
        question="Do you have a fever or chills along with your back pain?",
        why="Fever together with back pain can point to an infection, which a doctor needs to look at.",
    ),
    RedFlag(
        code="trauma",
        question="Did this pain start after a fall, a car accident or another injury?",
        why="Pain after a fall or an accident should be checked for a broken bone or other injury before you exercise.",
    ),
    RedFlag(
        code="worsening",
        question="Is your pain getting worse over time instead of slowly settling?",
        why="Pain that keeps getting worse rather than easing is a sign to stop and have a doctor find out why.",
    ),
)

# Reasons to book a doctor's appointment (not an emergency), shown on the safety page.
SEE_A_DOCTOR: tuple[str, ...] = (
    "Your pain has not eased after two to three days of rest and home care, or it has got worse.",
    "Intense or throbbing pain that lasts more than a few days.",
    "Pain that keeps going; lasting pain should be diagnosed by a doctor.",
    "Pain that spreads down one or both legs, or across your buttocks or hips.",
    "Weakness in your legs together with numbness or tingling.",
    "Pain that gets in the way of everyday life or stops you moving normally.",
    "Bad swelling around the hip.",
    "Redness, swelling or discoloured skin around a joint.",
    "Fever, chills, nausea or vomiting that come with the pain.",
    "A headache or a stiff, aching neck along with the pain.",
    "Pain that started with an injury such as a fall or a car accident.",
    "Over-the-counter pain relief such as ibuprofen, acetaminophen or naproxen is not helping.",
)

# Symptoms that, alongside hip or back pain, need urgent medical attention rather than an appointment.
SEEK_HELP_NOW: tuple[str, ...] = (
    "Dizziness",
    "Blurred vision",
    "Chest pain",
    "Shortness of breath",
    "A fast or racing heartbeat",
    "Fever or nausea",
    "Loss of feeling, or being unable to move, in your legs or feet",
    "Numbness in the saddle area (groin, buttocks and inner thighs)",
    "New trouble controlling your bladder or bowels",
)

# The seed documents the lists above are drawn from, so the safety page can name them.
SOURCES: tuple[str, ...] = (
    "003_f186518ca77741c3.txt",
    "000_19fd4279bec08de9.txt",
    "002_6ca29ac13df90cfe.txt",
    "004_b442c75fa5fc4774.txt",
)
