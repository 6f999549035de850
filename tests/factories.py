"""Small builders for test objects that several test modules need."""

from accounts.models import User
from routines.models import Exercise


def custom_move(owner, name: str, slug: str) -> Exercise:
    """Return a person's own move: a simple lying hold."""
    return Exercise.objects.create(
        owner=owner,
        name=name,
        slug=slug,
        kind=Exercise.Kind.STRETCH,
        position=Exercise.Position.LYING,
        instructions="Lie down.\nLoop the towel.",
        measure=Exercise.Measure.HOLD,
        hold_seconds=20,
        cautions="Go gently.",
    )


def person_in(zone) -> User:
    """Return an unsaved person living in `zone` (a zone name or a ZoneInfo): enough for their local dates."""
    return User(timezone=str(zone))
