import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.template import Context, Template

from routines.drawing import HEIGHT, WIDTH, describe, problems, render_svg
from routines.models import Exercise

SVG = "{http://www.w3.org/2000/svg}"
TWO_POSITION_MOVES = [
    "glute-bridge",
    "bodyweight-squat",
    "hip-hinge",
    "side-lying-leg-swings",
    "step-back-overhead-reach",
    "cat-cow",
]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def coordinates(root: ET.Element) -> list[tuple[str, float, float]]:
    """Return every (element, x, y) that an SVG element draws to, circles by their edges."""
    found = []
    for el in root.iter():
        tag = el.tag.removeprefix(SVG)
        a = {k: v for k, v in el.attrib.items()}
        pairs = []
        if tag in ("polyline", "polygon"):
            pairs = [tuple(map(float, p.split(","))) for p in a["points"].split()]
        elif tag == "path":
            numbers = [float(n) for n in NUMBER.findall(a["d"])]
            pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
        elif tag == "line":
            pairs = [(float(a["x1"]), float(a["y1"])), (float(a["x2"]), float(a["y2"]))]
        elif tag == "rect":
            x, y = float(a["x"]), float(a["y"])
            pairs = [(x, y), (x + float(a["width"]), y + float(a["height"]))]
        elif tag in ("circle", "ellipse"):
            cx, cy = float(a["cx"]), float(a["cy"])
            rx, ry = float(a.get("r", a.get("rx"))), float(a.get("r", a.get("ry")))
            pairs = [(cx - rx, cy - ry), (cx + rx, cy + ry)]
        found += [(tag, x, y) for x, y in pairs]
    return found


def assert_drawing_fits(svg: str, name: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    _x, _y, width, height = map(float, root.attrib["viewBox"].split())
    assert root.attrib["role"] == "img"
    assert root.find(f"{SVG}title").text.strip()
    points = coordinates(root)
    assert len(points) > 10, name
    outside = [(tag, x, y) for tag, x, y in points if not (0 <= x <= width and 0 <= y <= height)]
    assert not outside, f"{name}: drawn outside the {width}×{height} view box at {outside}"
    assert "style=" not in svg
    return root


def test_every_built_in_move_has_a_drawing_that_fits_its_view_box(library):
    moves = list(Exercise.objects.builtin())
    assert len(moves) >= 21
    for move in moves:
        assert move.poses, f"{move.slug} has no pose"
        assert problems(move.poses) == [], move.slug
        for pose in move.poses:
            assert len(pose["alt"]) > 20, f"{move.slug}: the text alternative should say the position in words"
        for layout in ("row", "stack"):
            assert_drawing_fits(render_svg(move.poses, title=describe(move.poses), layout=layout), move.slug)
        for pose in move.poses:
            assert_drawing_fits(render_svg([pose], title=pose["alt"]), move.slug)


def test_moves_that_move_have_a_start_and_an_end_position(library):
    for slug in TWO_POSITION_MOVES:
        poses = Exercise.objects.get(slug=slug).poses
        assert len(poses) == 2, slug
        assert poses[0] != poses[1], slug


def test_far_limbs_are_lighter_and_the_figure_follows_the_text_colour():
    pose = {"alt": "Standing.", "torso": 90}
    root = ET.fromstring(render_svg([pose], title="Standing."))
    figure = root.find(f".//{SVG}g[@class='figure']")
    assert figure.attrib["stroke"] == "currentColor"
    assert float(figure.find(f"{SVG}g[@class='far']").attrib["opacity"]) < 1


def test_a_drawing_without_poses_is_refused():
    with pytest.raises(ValueError):
        render_svg([], title="Nothing")


def render(template: str, **context) -> str:
    return Template("{% load pictures %}" + template).render(Context(context))


def test_the_card_shows_both_positions_side_by_side_with_words_for_them(library):
    bridge = Exercise.objects.get(slug="glute-bridge")
    html = render('{% exercise_picture exercise size="card" %}', exercise=bridge)
    root = assert_drawing_fits(html, "bridge card")
    assert root.attrib["viewBox"] == f"0 0 {WIDTH * 2} {HEIGHT}"
    title = root.find(f"{SVG}title").text
    assert title.startswith("Start: Lying on the back") and "End: Hips lifted" in title


def test_the_player_alternates_the_two_positions_at_the_tempo(library):
    bridge = Exercise.objects.get(slug="glute-bridge")
    html = render('{% exercise_picture exercise size="player" %}', exercise=bridge)
    root = assert_drawing_fits(html, "bridge player")
    assert root.attrib["viewBox"] == f"0 0 {WIDTH} {HEIGHT}"
    assert {"animated", f"tempo-{bridge.tempo_seconds}"} <= set(root.attrib["class"].split())
    assert [g.attrib["class"] for g in root.findall(f"{SVG}g")] == ["pose pose-1", "pose pose-2"]
    faster = render('{% exercise_picture exercise size="player" tempo=2 %}', exercise=bridge)
    assert "tempo-2" in ET.fromstring(faster).attrib["class"]


def test_a_one_position_move_in_the_player_is_still(library):
    html = render('{% exercise_picture exercise size="player" %}', exercise=Exercise.objects.get(slug="cobra-pose"))
    assert "animated" not in ET.fromstring(html).attrib["class"]


def test_a_custom_move_without_a_photo_gets_a_quiet_placeholder(bobs_move):
    html = render('{% exercise_picture exercise size="card" %}', exercise=bobs_move)
    root = ET.fromstring(html)
    assert "placeholder" in root.attrib["class"]
    assert root.attrib["aria-hidden"] == "true"


def test_a_mistyped_pose_falls_back_to_the_placeholder(bobs_move):
    bobs_move.poses = [{"alt": "Broken", "near_leg": "not a list"}]
    html = render('{% exercise_picture exercise size="page" %}', exercise=bobs_move)
    assert "placeholder" in html


def test_the_contact_sheet_holds_every_built_in_move(library, tmp_path):
    out = tmp_path / "sheet.html"
    call_command("drawing_sheet", str(out), verbosity=0)
    html = out.read_text()
    assert html.count("<svg") == Exercise.objects.builtin().count()
    assert "NO DRAWING" not in html
    assert "Glute bridge" in html


def test_a_pose_that_cannot_be_drawn_is_refused_in_words(library):
    from django.core.exceptions import ValidationError

    bridge = Exercise.objects.get(slug="glute-bridge")
    bridge.full_clean()  # the library's own poses are fine
    for poses, words in [
        ([{"alt": "Reaching", "torso": 90, "near_arm": [90, 90]}, {"torso": 90}], "needs an “alt”"),
        ([{"alt": "Far up", "lift": 200}], "outside the picture"),
        ([{"alt": "Typo", "near_leg": ["ninety", 0, 0]}], "not a number"),
        ("not a list", "must be a list"),
    ]:
        bridge.poses = poses
        with pytest.raises(ValidationError, match=words):
            bridge.full_clean()
