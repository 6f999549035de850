"""Limber's app icons, drawn with Pillow from the same figure as ``static/img/favicon.svg``.

The manifest needs raster icons at 192 and 512 px; a maskable icon keeps the figure inside
the middle 80 % (the "safe zone") because a phone may cut the square to a circle or a squircle.
``manage.py draw_icons`` writes them to ``static/img/icons/``; tests/test_offline.py checks that
the files there are what this module draws.
"""

from io import BytesIO

from PIL import Image, ImageDraw

BRAND = (31, 111, 92, 255)  # --brand in limber.css
WHITE = (255, 255, 255, 255)
SUPERSAMPLE = 4

# (file name, size in px, maskable): the sizes Chromium asks for to call an app installable.
ICONS = (
    ("icon-192.png", 192, False),
    ("icon-512.png", 512, False),
    ("maskable-192.png", 192, True),
    ("maskable-512.png", 512, True),
)


def draw_icon(size: int, maskable: bool = False) -> bytes:
    """Return a PNG of the Limber figure on its green square, ``size`` px wide."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        # Full bleed: the platform's mask gives the shape, so the square has no corners of its own.
        draw.rectangle((0, 0, big, big), fill=BRAND)
        scale, offset = big * 0.7 / 32, big * 0.15
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 8 / 32, fill=BRAND)
        scale, offset = big / 32, 0.0

    def at(x: float, y: float) -> tuple[float, float]:
        return (offset + x * scale, offset + y * scale)

    width = round(2.6 * scale)
    head_x, head_y = at(16, 8)
    radius = 3.2 * scale
    draw.ellipse((head_x - radius, head_y - radius, head_x + radius, head_y + radius), fill=WHITE)
    # Body, legs and arms: the favicon's path, with round ends and joints.
    for line in ([(16, 12), (16, 20)], [(16, 20), (10, 27)], [(16, 20), (22, 27)], [(9, 15), (16, 13), (23, 15)]):
        points = [at(x, y) for x, y in line]
        draw.line(points, fill=WHITE, width=width, joint="curve")
        for x, y in points:
            draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    out = BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()
