"""The source documents Limber's facts come from, by readable title, in Limber's own words.

Pure data (no Django imports), so pages, fixtures checks and other modules can import it:

- ``SOURCES`` lists every document in order. A ``Source`` has a ``key`` (a short stable id such as
  ``"003"``: built-in moves store it in ``Exercise.source``, and ``routines.safety`` cites it), a
  readable ``title``, ``about`` (one line on what the document covers) and ``takes`` (one line on
  what Limber takes from it).
- ``SOURCES_BY_KEY`` looks one up by key; ``cite(keys)`` returns the sources for a tuple of keys.

The documents themselves are not part of the repository; the facts the tests check against them
are kept as short data in ``tests/source_facts.py``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One source document."""

    key: str
    title: str
    about: str
    takes: str


SOURCES: tuple[Source, ...] = (
    Source(
        key="000",
        title="Hip and low-back pain: causes, evidence and home care",
        about=(
            "A collection of short passages on what causes hip pain, how the hip is built, the evidence that "
            "exercise therapy helps chronic low-back pain, and caring for tight hip flexors."
        ),
        takes="Moist heat before stretching (10 to 15 minutes), and that exercise helps with no one type best.",
    ),
    Source(
        key="001",
        title="What causes hip pain, and why it spreads down the leg",
        about=(
            "A massage clinic's guide to the common causes of hip pain, sorted by where it hurts: the joint, "
            "the tendons, the nerves and the hip flexors."
        ),
        takes="The hamstring stretch, and that pain at the front of the hip can come from organs.",
    ),
    Source(
        key="002",
        title="Hip stretches, strength moves and back-pain warning signs",
        about=(
            "A collection of short passages: step-by-step stretches and strength moves with their doses, and "
            "writing on which back-pain symptoms are dangerous and which are only painful."
        ),
        takes=(
            "Most of the stretch and strength doses, the saddle-area warning, and that having no red flags "
            "does not rule out a serious cause."
        ),
    ),
    Source(
        key="003",
        title="Hip and back pain relief",
        about=(
            "A spine clinic's overview of hip and back pain: causes, diagnosis, treatments, home remedies and "
            "stretches, and when to see a doctor."
        ),
        takes="The yoga-style stretches, gentle walking, and the warning signs with how urgently each needs help.",
    ),
    Source(
        key="004",
        title="Hip pain: telling joint pain from muscle and nerve pain",
        about=(
            "A short page on where hip pain comes from (the joint, ligaments, muscles or nerves) and how the "
            "way the feet roll in can strain the hip."
        ),
        takes="That lasting hip pain should be diagnosed by a doctor.",
    ),
)

SOURCES_BY_KEY: dict[str, Source] = {source.key: source for source in SOURCES}


def cite(keys: tuple[str, ...]) -> list[Source]:
    """Return the sources named by ``keys``, in the order given."""
    return [SOURCES_BY_KEY[key] for key in keys]
