"""``{% exercise_picture exercise size="card" %}``: a move's drawing, photo or placeholder.

Sizes:
- "card": small; a two-position move shows start and end side by side.
- "page": the same, large, for the move's own page.
- "player": one frame; a two-position move alternates between its positions, one cycle
  per repetition (``tempo`` seconds, default the move's own tempo), in CSS only.
"""

import functools
import json
import logging

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..drawing import HEIGHT, WIDTH, describe, render_svg

register = template.Library()
logger = logging.getLogger(__name__)

SIZES = {"card", "page", "player"}
TEMPO_RANGE = (1, 10)  # the classes .tempo-1 … .tempo-10 in limber.css


def tempo_class(seconds: int | None) -> str:
    """Return the CSS class for an animation cycle of ``seconds`` (clamped to 1–10, default 4)."""
    low, high = TEMPO_RANGE
    return f"tempo-{min(high, max(low, int(seconds or 4)))}"


def placeholder(size: str) -> SafeString:
    # Nothing to tell a screen reader: the move's name is right beside it.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="drawing drawing-{size} placeholder" aria-hidden="true" focusable="false">'
        f'<rect x="6" y="6" width="{WIDTH - 12}" height="{HEIGHT - 12}" rx="10" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-dasharray="6 5" opacity="0.35"/>'
        '<g fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round" opacity="0.3">'
        '<circle cx="80" cy="38" r="8"/><path d="M80,50 L80,78 M80,58 L64,70 M80,58 L96,70 M80,78 L68,98 M80,78 '
        'L92,98"/></g></svg>'
    )


@functools.lru_cache(maxsize=512)
def _drawing(poses_json: str, title: str, layout: str, css_class: str) -> str:
    # A drawing depends only on its poses, so each is drawn once per process, not on every page view.
    return render_svg(json.loads(poses_json), title=title, layout=layout, css_class=css_class)


@register.simple_tag(takes_context=True)
def exercise_picture(context, exercise, size: str = "card", tempo: int | None = None) -> SafeString:
    """Return the move's picture as HTML: an inline SVG drawing for a built-in move, an <img>
    of a custom move's photo (only for its owner: nobody else may fetch it, e.g. on a shared
    routine), or a neutral placeholder."""
    if size not in SIZES:
        raise template.TemplateSyntaxError(f"exercise_picture size must be one of {sorted(SIZES)}, not {size!r}.")
    request = context.get("request")
    viewer_id = getattr(getattr(request, "user", None), "pk", None)
    if exercise.photo and viewer_id is not None and viewer_id == exercise.owner_id:
        name = "library:photo_thumb" if size == "card" else "library:photo"
        return format_html(
            '<img class="photo photo-{}" src="{}" alt="Photo of {}"{}>',
            size,
            reverse(name, args=[exercise.slug]),
            exercise.name,
            mark_safe(' loading="lazy"') if size == "card" else "",
        )
    poses = exercise.poses or []
    if not poses:
        return placeholder(size)
    try:
        if size == "player" and len(poses) > 1:
            classes = f"drawing-player animated {tempo_class(tempo or exercise.tempo_seconds)}"
            return mark_safe(_drawing(json.dumps(poses[:2]), describe(poses), "stack", classes))
        shown = poses[:1] if size == "player" else poses
        return mark_safe(_drawing(json.dumps(shown), describe(shown), "row", f"drawing-{size}"))
    except (TypeError, ValueError, KeyError, AttributeError):
        # A pose mistyped in the admin must not take the page down with it.
        logger.warning("Cannot draw the poses of %s", exercise.slug, exc_info=True)
        return placeholder(size)
