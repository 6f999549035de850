from django import template

from .. import dose

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """Return a length in words a person reads at a glance: "45 s", "4 min", "9 min 40 s", "1 h 5 min"."""
    seconds = int(seconds or 0)
    if seconds < 60:
        return f"{seconds} s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


@register.filter
def minutes(seconds: int | None) -> int:
    """Return whole minutes, half a minute rounding up: ``{{ session.duration_seconds|minutes }} min``."""
    return dose.minutes(seconds)
