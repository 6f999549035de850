"""Line drawings of moves, made from pose descriptions.

A pose is plain data (kept in each move's ``poses`` list in the library fixture)::

    {
        "alt": "Lying on the back, knees bent, feet flat on the floor.",
        "view": "side",                  # or "front" when the front shows the move better
        "props": ["mat"],                # the floor is always drawn; also "wall", "wall-front",
                                         # "mat", "chair", "heat", {"prop": "pillow", "at": "near_knee"}
        "torso": 0,                      # angle of the hip→shoulder line
        "head": 0,                       # angle of the shoulder→head line
        "near_arm": [-90, -90],          # upper arm, forearm
        "far_arm": [-90, -90],
        "near_leg": [45, -60, 0],        # thigh, shin, foot
        "far_leg": [45, -60, 0],
    }

Every angle is in degrees, measured like a compass on paper turned on its side: 0 points the
way the person faces (right in a side view), 90 straight up, 180 behind, -90 straight down.
Each angle is the direction of that body segment in the picture (not relative to its parent),
which keeps poses easy to write and read. "face" sets the direction of the nose when it is not
the head's angle less 90 (as it is for anyone upright or lying in a side view). "torso_scale"
(0.3–1) shortens the trunk for a front view of someone bending toward the viewer; "lift" raises
the whole figure; "spine_curve" bows the back (cat, cow, camel).

One renderer draws every pose with the same proportions, stroke and palette: the figure in
``currentColor`` (so it follows the page's text colour, light or dark), the far-side limbs
lighter, props fainter still. The figure is placed on the floor automatically.
"""

import math
from html import escape

WIDTH = 160
HEIGHT = 120
FLOOR_Y = 112
MAT_HEIGHT = 2.5
STROKE = 5.5
HEAD_R = 6.5

LENGTHS = {"torso": 30, "neck": 3.5, "thigh": 22, "shin": 21, "foot": 7, "upper_arm": 16, "forearm": 16}
FAR_OPACITY = "0.4"
PROP_OPACITY = "0.45"


def _step(point: tuple[float, float], angle: float, length: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return (point[0] + length * math.cos(rad), point[1] - length * math.sin(rad))


def _joints(pose: dict) -> dict[str, tuple[float, float]]:
    """Return every joint of the pose relative to the hip at (0, 0), y growing downwards."""
    hip = (0.0, 0.0)
    torso_len = LENGTHS["torso"] * float(pose.get("torso_scale", 1))
    shoulder = _step(hip, pose.get("torso", 90), torso_len)
    points = {"hip": hip, "shoulder": shoulder}
    # A bent spine (cat, cow, camel): the mid-back bows out to the left of the hip→shoulder
    # direction by "spine_curve" units (positive bows up when the trunk points forward).
    mid = ((hip[0] + shoulder[0]) / 2, (hip[1] + shoulder[1]) / 2)
    points["spine"] = _step(mid, pose.get("torso", 90) + 90, 2 * float(pose.get("spine_curve", 0)))
    points["head"] = _step(shoulder, pose.get("head", pose.get("torso", 90)), LENGTHS["neck"] + HEAD_R)
    for side in ("near", "far"):
        upper, fore = pose.get(f"{side}_arm", [-90, -90])
        points[f"{side}_elbow"] = _step(shoulder, upper, LENGTHS["upper_arm"])
        points[f"{side}_hand"] = _step(points[f"{side}_elbow"], fore, LENGTHS["forearm"])
        thigh, shin, foot = pose.get(f"{side}_leg", [-90, -90, 0])
        points[f"{side}_knee"] = _step(hip, thigh, LENGTHS["thigh"])
        points[f"{side}_ankle"] = _step(points[f"{side}_knee"], shin, LENGTHS["shin"])
        points[f"{side}_toe"] = _step(points[f"{side}_ankle"], foot, LENGTHS["foot"])
    return points


def _extent(points: dict[str, tuple[float, float]]) -> tuple[float, float, float, float]:
    """Return (left, top, right, bottom) of the figure including stroke and head."""
    half = STROKE / 2
    # The spine's control point lies outside the curve it shapes, so it does not count.
    xs = [p[0] for name, p in points.items() if name != "spine"]
    ys = [p[1] for name, p in points.items() if name != "spine"]
    head_x, head_y = points["head"]
    return (
        min(min(xs) - half, head_x - HEAD_R),
        min(min(ys) - half, head_y - HEAD_R),
        max(max(xs) + half, head_x + HEAD_R),
        max(max(ys) + half, head_y + HEAD_R),
    )


def _prop_names(pose: dict) -> list[str]:
    return [p if isinstance(p, str) else p["prop"] for p in pose.get("props", [])]


def place(pose: dict, offset_x: float = 0) -> dict[str, tuple[float, float]]:
    """Return the pose's joints in view-box coordinates: feet (or whatever is lowest) on the
    floor or mat, the figure centred in its WIDTH-wide cell starting at ``offset_x``."""
    points = _joints(pose)
    left, top, right, bottom = _extent(points)
    if pose.get("view") == "above":
        # Seen from the ceiling (side-lying moves): no floor line, the figure centred on its mat.
        dx = offset_x + WIDTH / 2 - (left + right) / 2
        dy = HEIGHT / 2 - (top + bottom) / 2
        return {name: (x + dx, y + dy) for name, (x, y) in points.items()}
    ground = FLOOR_Y - (MAT_HEIGHT if "mat" in _prop_names(pose) else 0) - float(pose.get("lift", 0))
    if "chair" in _prop_names(pose):
        ground = FLOOR_Y
    dx = offset_x + WIDTH / 2 - (left + right) / 2
    dy = ground - bottom
    return {name: (x + dx, y + dy) for name, (x, y) in points.items()}


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _polyline(points: list[tuple[float, float]], cls: str) -> str:
    coords = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)
    return f'<polyline class="{cls}" points="{coords}"/>'


def _torso(p: dict[str, tuple[float, float]]) -> str:
    (hx, hy), (cx, cy), (sx, sy) = p["hip"], p["spine"], p["shoulder"]
    return f'<path class="torso" d="M{_fmt(hx)},{_fmt(hy)} Q{_fmt(cx)},{_fmt(cy)} {_fmt(sx)},{_fmt(sy)}"/>'


def _props_svg(pose: dict, p: dict[str, tuple[float, float]], offset_x: float) -> list[str]:
    left, top, right, bottom = _extent(p)
    above = pose.get("view") == "above"
    out = []
    if not above:
        out.append(
            f'<line class="floor" x1="{_fmt(offset_x + 2)}" y1="{FLOOR_Y}" x2="{_fmt(offset_x + WIDTH - 2)}" '
            f'y2="{FLOOR_Y}" stroke-width="2"/>'
        )
    for prop in pose.get("props", []):
        name = prop if isinstance(prop, str) else prop["prop"]
        if name == "mat" and above:
            x1, y1 = max(offset_x + 3, left - 7), max(3, top - 7)
            x2, y2 = min(offset_x + WIDTH - 3, right + 7), min(HEIGHT - 3, bottom + 7)
            out.append(
                f'<rect class="mat" x="{_fmt(x1)}" y="{_fmt(y1)}" width="{_fmt(x2 - x1)}" height="{_fmt(y2 - y1)}" '
                f'rx="4" fill="currentColor" stroke="none" opacity="0.3"/>'
            )
        elif name == "mat":
            x1, x2 = max(offset_x + 4, left - 8), min(offset_x + WIDTH - 4, right + 8)
            out.append(
                f'<rect class="mat" x="{_fmt(x1)}" y="{_fmt(FLOOR_Y - MAT_HEIGHT)}" width="{_fmt(x2 - x1)}" '
                f'height="{MAT_HEIGHT}" rx="1" fill="currentColor" stroke="none"/>'
            )
        elif name in ("wall", "wall-front"):
            x = max(offset_x + 4, left - 1.5) if name == "wall" else min(offset_x + WIDTH - 4, right + 1.5)
            out.append(f'<line class="wall" x1="{_fmt(x)}" y1="8" x2="{_fmt(x)}" y2="{FLOOR_Y}" stroke-width="3"/>')
        elif name == "chair":
            hip_x, hip_y = p["hip"]
            seat_y = hip_y + STROKE / 2 + 1.5
            back_x, front_x = hip_x - 9, hip_x + 13
            out.append(
                f'<polyline class="chair" points="{_fmt(back_x)},{_fmt(seat_y - 30)} {_fmt(back_x)},{FLOOR_Y} '
                f'{_fmt(back_x)},{_fmt(seat_y)} {_fmt(front_x)},{_fmt(seat_y)} {_fmt(front_x)},{FLOOR_Y}" '
                f'stroke-width="3"/>'
            )
        elif name == "pillow":
            x, y = p[prop.get("at", "head") if isinstance(prop, dict) else "head"]
            out.append(
                f'<ellipse class="pillow" cx="{_fmt(x)}" cy="{_fmt(y)}" rx="8" ry="4.5" '
                f'fill="currentColor" stroke="none"/>'
            )
        elif name == "heat":
            # A warm pack on the low back, with three wisps of steam above it.
            (hx, hy), (sx, sy) = p["hip"], p["shoulder"]
            cx, cy = hx + (sx - hx) * 0.3, min(hy, sy) - STROKE / 2 - 3
            out.append(
                f'<rect class="heat" x="{_fmt(cx - 8)}" y="{_fmt(cy - 2.5)}" width="16" height="5" rx="2" '
                f'fill="currentColor" stroke="none"/>'
            )
            for dx in (-5, 0, 5):
                x = cx + dx
                out.append(
                    f'<path class="steam" d="M{_fmt(x)},{_fmt(cy - 6)} Q{_fmt(x - 3)},{_fmt(cy - 9.5)} '
                    f'{_fmt(x)},{_fmt(cy - 13)} Q{_fmt(x + 3)},{_fmt(cy - 16.5)} {_fmt(x)},{_fmt(cy - 20)}" '
                    f'stroke-width="1.8"/>'
                )
    return out


def pose_group(pose: dict, offset_x: float = 0, cls: str = "pose") -> str:
    """Return one pose as an SVG ``<g>``: props first, far limbs (lighter), trunk, head, near limbs."""
    p = place(pose, offset_x)
    front = pose.get("view") == "front"

    def arm(side: str) -> str:
        return _polyline([p["shoulder"], p[f"{side}_elbow"], p[f"{side}_hand"]], f"arm {side}")

    def leg(side: str) -> str:
        return _polyline([p["hip"], p[f"{side}_knee"], p[f"{side}_ankle"], p[f"{side}_toe"]], f"leg {side}")

    far_opacity = "" if front else f' opacity="{FAR_OPACITY}"'
    hx, hy = p["head"]
    nose = ""
    if not front:
        # A small nose says which way the face points, so a backbend never reads as a hunch.
        face = float(pose.get("face", pose.get("head", pose.get("torso", 90)) - 90))
        (x1, y1), (x2, y2) = _step((hx, hy), face, HEAD_R * 0.5), _step((hx, hy), face, HEAD_R + 2.5)
        nose = (
            f'<line class="nose" x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}" stroke-width="3.5"/>'
        )
    parts = [
        f'<g class="{cls}">',
        f'<g class="props" stroke="currentColor" fill="none" opacity="{PROP_OPACITY}" stroke-linecap="round">',
        *_props_svg(pose, p, offset_x),
        "</g>",
        f'<g class="figure" fill="none" stroke="currentColor" stroke-width="{STROKE}" '
        'stroke-linecap="round" stroke-linejoin="round">',
        f'<g class="far"{far_opacity}>{leg("far")}{arm("far")}</g>',
        leg("near"),
        _torso(p),
        f'<circle class="head" cx="{_fmt(hx)}" cy="{_fmt(hy)}" r="{HEAD_R}" fill="currentColor" stroke="none"/>',
        nose,
        arm("near"),
        "</g>",
        "</g>",
    ]
    return "".join(parts)


def render_svg(poses: list[dict], *, title: str, layout: str = "row", css_class: str = "") -> str:
    """Return an inline SVG drawing of the poses.

    Its accessible name is its <title> (not aria-label, so the many words of a drawing never
    match a search for a form field's label). Layout "row" draws the poses side by side (start,
    then end); "stack" draws them on top of each other as groups ``pose-1``, ``pose-2`` for the
    stylesheet to alternate.
    """
    if not poses:
        raise ValueError("A drawing needs at least one pose.")
    stacked = layout == "stack"
    cells = 1 if stacked else len(poses)
    groups = [pose_group(pose, 0 if stacked else i * WIDTH, f"pose pose-{i + 1}") for i, pose in enumerate(poses)]
    classes = " ".join(filter(None, ["drawing", css_class]))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH * cells} {HEIGHT}" class="{classes}" '
        f'role="img" focusable="false">'
        f"<title>{escape(title)}</title>{''.join(groups)}</svg>"
    )


def describe(poses: list[dict]) -> str:
    """Return the text alternative of a set of poses: "Start: … End: …" for two, else the one alt."""
    alts = [pose.get("alt", "").strip() for pose in poses]
    if len(alts) == 2:
        return f"Start: {alts[0]} End: {alts[1]}"
    return " ".join(alts)


def problems(poses: object) -> list[str]:
    """Return what is wrong with a list of poses, in words (an empty list when it draws well)."""
    if not isinstance(poses, list):
        return ["Poses must be a list of pose objects."]
    found = []
    for number, pose in enumerate(poses, start=1):
        if not isinstance(pose, dict):
            found.append(f"Pose {number} is not an object.")
            continue
        if not str(pose.get("alt", "")).strip():
            found.append(f"Pose {number} needs an “alt”: the position in words.")
        try:
            points = place(pose)
        except (TypeError, ValueError, KeyError):
            found.append(f"Pose {number} has an angle that is not a number, or a limb without all its angles.")
            continue
        left, top, right, bottom = _extent(points)
        if left < 0 or top < 0 or right > WIDTH or bottom > HEIGHT:
            found.append(f"Pose {number} reaches outside the picture; shorten a reach or bend a limb.")
    return found
