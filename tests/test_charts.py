import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from routines import charts
from routines.progress import MoveSeries, PainTrend, WeekAdherence, WeekTotal, pain_trend

NS = {"svg": "http://www.w3.org/2000/svg"}
TODAY = date(2026, 11, 18)
MONDAY = date(2026, 11, 16)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 360 ")
    assert "style" not in svg  # the CSP forbids style attributes
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title.text and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def bars(root: ET.Element) -> list[float]:
    return [float(r.get("height")) for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "bar"]


def weeks_of(*ratios: tuple[int, int]) -> list[WeekAdherence]:
    start = MONDAY - timedelta(weeks=len(ratios) - 1)
    return [
        WeekAdherence(start + timedelta(weeks=n), planned, done, done / planned if planned else None)
        for n, (done, planned) in enumerate(ratios)
    ]


def test_adherence_bars_are_proportional_and_labelled_with_their_percentage():
    root = parse(charts.adherence_chart(weeks_of((1, 4), (2, 4), (4, 4))))
    heights = bars(root)
    assert heights[1] == 2 * heights[0] and heights[2] == 4 * heights[0]
    labels = texts(root)
    assert {"25%", "50%", "100%"} <= set(labels)
    assert "16 Nov" in labels  # the latest week is always named


def test_a_week_with_nothing_planned_gets_a_dash_not_a_bar():
    root = parse(charts.adherence_chart(weeks_of((1, 2), (0, 0))))
    assert len(bars(root)) == 1
    assert "–" in texts(root)
    svg = ET.tostring(root, encoding="unicode")
    assert "Week of 9 Nov 2026: 50% (1 of 2)" in svg
    assert "Week of 16 Nov 2026" not in svg  # only bars get a tip
    assert "1 of 2 planned sessions done (50%)" in root.find("svg:desc", NS).text


def test_bars_over_more_than_a_year_are_labelled_with_month_and_year():
    labels = texts(parse(charts.adherence_chart(weeks_of(*[(1, 2)] * 60))))
    assert "Nov 2026" in labels  # the latest week, named by its month and year
    assert not any(label.startswith("16 ") for label in labels)
    assert "16 Nov" in texts(parse(charts.adherence_chart(weeks_of(*[(1, 2)] * 53))))


def test_adherence_with_nothing_planned_at_all_is_none():
    assert charts.adherence_chart(weeks_of((0, 0), (0, 0))) is None
    assert charts.adherence_chart([]) is None


def test_a_zero_percent_week_is_a_labelled_empty_bar():
    root = parse(charts.adherence_chart(weeks_of((0, 3))))
    assert bars(root) == [0.0]
    assert "0%" in texts(root)


def test_minutes_bars_scale_to_a_round_top():
    totals = [WeekTotal(MONDAY - timedelta(weeks=1), 45, 2), WeekTotal(MONDAY, 90, 3)]
    root = parse(charts.minutes_chart(totals))
    assert bars(root)[1] == 2 * bars(root)[0]
    assert {"45", "90", "100"} <= set(texts(root))  # values, and the axis top
    assert "135 minutes in 2 weeks" in root.find("svg:desc", NS).text


def test_sessions_bars_keep_whole_numbers_on_the_axis():
    totals = [WeekTotal(MONDAY - timedelta(weeks=1), 45, 5), WeekTotal(MONDAY, 90, 1)]
    labels = texts(parse(charts.sessions_chart(totals)))
    assert {"0", "3", "6"} <= set(labels)
    assert "2.5" not in labels


def test_weekly_charts_with_no_sessions_are_none():
    totals = [WeekTotal(MONDAY, 0, 0)]
    assert charts.minutes_chart(totals) is None
    assert charts.sessions_chart(totals) is None


def test_this_weeks_bar_says_so_far_and_is_not_drawn_as_a_whole_week():
    last_week = WeekAdherence(MONDAY - timedelta(weeks=1), 4, 3, 0.75)
    this_week = WeekAdherence(MONDAY, 2, 0, 0.0, so_far=True)  # Monday and Tuesday missed, the week goes on
    svg = charts.adherence_chart([last_week, this_week])
    root = parse(svg)
    classes = [r.get("class") for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert classes == ["bar", "bar so-far"]
    assert "Week of 16 Nov 2026 (so far): 0% (0 of 2)" in svg
    assert "Week of 9 Nov 2026: 75% (3 of 4)" in svg
    assert "so far" in texts(root)
    assert charts.adherence_table([last_week, this_week]).rows[-1] == ("16 Nov 2026 (so far)", "2", "0", "0%")

    totals = [WeekTotal(MONDAY - timedelta(weeks=1), 45, 2), WeekTotal(MONDAY, 10, 1, so_far=True)]
    for chart in (charts.minutes_chart(totals), charts.sessions_chart(totals)):
        root = parse(chart)
        assert [r.get("class") for r in root.iter("{http://www.w3.org/2000/svg}rect")] == ["bar", "bar so-far"]
        assert "Week of 16 Nov 2026 (so far)" in chart
    assert charts.weekly_table(totals).rows[-1] == ("16 Nov 2026 (so far)", "10", "1")
    css = (Path(settings.BASE_DIR) / "static" / "css" / "limber.css").read_text()
    assert re.search(r"\.chart \.bar\.so-far \{[^}]*stroke-dasharray", css)


def test_a_year_of_bars_drops_per_bar_numbers_but_keeps_every_bar():
    totals = [WeekTotal(MONDAY - timedelta(weeks=n), 10 + n, 1) for n in range(52)]
    root = parse(charts.minutes_chart(totals))
    assert len(bars(root)) == 52
    assert "bar-value" not in ET.tostring(root, encoding="unicode")


def test_the_pain_chart_draws_two_lines_on_a_0_to_10_axis():
    trend = pain_trend([(TODAY - timedelta(days=n), 6, 3) for n in range(5)], TODAY)
    root = parse(charts.pain_chart(trend, TODAY - timedelta(days=89), TODAY))
    lines = {p.get("class"): p.get("points") for p in root.iter("{http://www.w3.org/2000/svg}polyline")}
    assert set(lines) == {"line before", "line after"}
    # Pain 6 sits higher (a smaller y) than pain 3.
    y_before = float(lines["line before"].split()[0].split(",")[1])
    y_after = float(lines["line after"].split()[0].split(",")[1])
    assert y_before < y_after
    labels = texts(root)
    assert {"0", "5", "10", "Before", "After", "21 Aug", "18 Nov"} <= set(labels)


def polyline_values(root: ET.Element, cls: str) -> list[float]:
    """Return the pain values (0–10) a line passes through, from its y coordinates (170 is 0, 30 is 10)."""
    line = next(p for p in root.iter("{http://www.w3.org/2000/svg}polyline") if p.get("class") == cls)
    return [round((170 - float(point.split(",")[1])) / 14, 1) for point in line.get("points").split()]


def test_the_pain_lines_are_weekly_means_with_each_day_a_faint_dot():
    # Two weeks: after-pain 2, 6, 4 last week (mean 4), then 1 and 3 this week (mean 2).
    days = [(MONDAY - timedelta(days=7), 2), (MONDAY - timedelta(days=5), 6), (MONDAY - timedelta(days=3), 4)]
    days += [(MONDAY, 1), (TODAY, 3)]
    trend = pain_trend([(day, None, pain) for day, pain in days], TODAY)
    svg = charts.pain_chart(trend, MONDAY - timedelta(weeks=3), TODAY)
    root = parse(svg)
    assert polyline_values(root, "line after") == [4, 2]
    tips = [c.findtext("svg:title", "", NS) for c in root.iter("{http://www.w3.org/2000/svg}circle")]
    assert tips == ["After, week of 9 Nov 2026: 4", "After, week of 16 Nov 2026: 2"]
    dots = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("class") == "dots after"]
    assert len(dots) == 1 and dots[0].get("d").count("h0") == 5  # every day's own score
    assert "Lines: weekly averages. Dots: each day’s score." in texts(root)


def test_over_more_than_13_weeks_the_pain_chart_has_lines_but_no_dots():
    trend = pain_trend([(TODAY - timedelta(days=n), 3, 2 + n % 3) for n in range(0, 200, 2)], TODAY, None)
    root = parse(charts.pain_chart(trend, TODAY - timedelta(weeks=30), TODAY))
    assert not [p for p in root.iter("{http://www.w3.org/2000/svg}path") if "dots" in p.get("class", "")]
    assert len(polyline_values(root, "line after")) == 29  # one point a week
    assert "Lines: weekly averages." in texts(root)
    # A trend already in weekly means (the page's, over a long period) draws the same lines.
    same = parse(charts.pain_chart(trend.by_week(), TODAY - timedelta(weeks=30), TODAY))
    assert polyline_values(same, "line after") == polyline_values(root, "line after")


def test_the_next_mornings_pain_is_its_own_line_and_sentence():
    trend = pain_trend([(TODAY - timedelta(days=n), 6, 3, 2) for n in range(5)], TODAY)
    root = parse(charts.pain_chart(trend, TODAY - timedelta(days=89), TODAY))
    lines = {p.get("class") for p in root.iter("{http://www.w3.org/2000/svg}polyline")}
    assert lines == {"line before", "line after", "line morning"}
    assert "Next morning" in texts(root)
    assert charts.pain_summary(trend) == (
        "In this period, pain before sessions averaged 6 out of 10, pain after averaged 3 out of 10"
        " and pain the next morning averaged 2 out of 10."
    )
    only_morning = pain_trend([(TODAY, None, None, 4)], TODAY)
    assert charts.pain_chart(only_morning, TODAY - timedelta(days=89), TODAY) is not None


def test_the_pain_summary_says_when_pain_is_rising():
    trend = pain_trend([(TODAY - timedelta(days=2 * n), 3, 8 - n) for n in range(5)], TODAY)
    desc = parse(charts.pain_chart(trend, TODAY - timedelta(days=89), TODAY)).find("svg:desc", NS).text
    assert "rising" in desc
    flat = pain_trend([(TODAY - timedelta(days=n), 3, 3) for n in range(5)], TODAY)
    assert "rising" not in charts.pain_summary(flat)


def test_no_pain_scores_is_none():
    assert charts.pain_chart(PainTrend([], [], None, False), TODAY, TODAY) is None


def test_a_move_chart_names_its_unit():
    series = MoveSeries("reps", [(MONDAY, 10), (TODAY, 12)])
    root = parse(charts.move_chart(series, "Glute bridge", MONDAY, TODAY))
    assert root.find("svg:title", NS).text == "Glute bridge: repetitions per day"
    assert "from 10 reps on the first to 12 reps on the latest" in root.find("svg:desc", NS).text
    assert charts.move_chart(MoveSeries("seconds", []), "Cobra", MONDAY, TODAY) is None


def test_the_calendar_has_a_cell_per_day_and_marks_missed_days():
    minutes = {TODAY: 25, TODAY - timedelta(days=1): 5, TODAY - timedelta(days=300): 60}
    missed = {TODAY - timedelta(days=2)}
    root = parse(charts.heatmap(minutes, missed, TODAY))
    cells = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("svg:title", NS) is not None]
    # 1 December 2025 to today.
    assert len(cells) == (TODAY - date(2025, 12, 1)).days + 1
    by_tip = {c.find("svg:title", NS).text: c.get("class") for c in cells}
    assert by_tip["18 Nov 2026: 25 min"] == "h3"
    assert by_tip["17 Nov 2026: 5 min"] == "h1"
    assert by_tip["16 Nov 2026: 0 min, planned but missed"] == "h0"
    marks = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("class") == "m"]
    assert len(marks) == 2  # the day and the legend
    labels = texts(root)
    assert {"Dec ’25", "Jan ’26", "Feb", "Nov", "Less", "More", "Planned, missed"} <= set(labels)


def test_a_missed_day_is_a_thin_stroke_over_an_empty_cell_not_a_red_cell():
    missed = {TODAY - timedelta(days=n) for n in range(1, 30)}
    svg = charts.heatmap({TODAY: 30}, missed, TODAY)
    root = parse(svg)
    missed_cells = [
        r for r in root.iter("{http://www.w3.org/2000/svg}rect") if "missed" in (r.findtext("svg:title", "", NS))
    ]
    assert len(missed_cells) == 29
    # Shaded like any empty day: no class of their own to fill or outline them red.
    assert {c.get("class") for c in missed_cells} == {"h0"}
    css = (Path(settings.BASE_DIR) / "static" / "css" / "limber.css").read_text()
    assert re.search(r"\.chart \.m \{[^}]*stroke: var\(--danger\)", css)
    assert not re.search(r"\.chart \.m \{[^}]*fill", css)
    assert "missed" not in re.findall(r'class="([^"]*)"', svg)


def test_done_days_are_shaded_darker_than_empty_ones_in_light_and_dark():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "limber.css").read_text()
    section = css.split("/* === history charts === */", 1)[1].split("/* ===", 1)[0]
    light, dark = (dict(re.findall(r"--(heat-\d): (#[0-9a-f]{6})", part)) for part in section.split("@media", 1))
    for shades in (light, dark):
        for level in (1, 2, 3, 4):
            assert contrast(shades[f"heat-{level}"], shades["heat-0"]) >= 3, (level, shades)


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_calendars_labels_are_12_px_on_a_phone():
    # The svg is 360 units wide in a box of about 330 px on a 390-px phone.
    assert charts.CALENDAR_FONT * 330 / 360 >= 12
    css = (Path(settings.BASE_DIR) / "static" / "css" / "limber.css").read_text()
    assert f".chart-calendar text {{ font-size: {charts.CALENDAR_FONT}px; }}" in css
    assert charts.CELL_H >= charts.CALENDAR_FONT - 1  # a row is about as tall as its label


def test_the_calendar_shades_in_five_steps():
    assert [charts.heat_level(m) for m in (0, 1, 9, 10, 19, 20, 39, 40, 300)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_an_empty_calendar_is_none():
    assert charts.heatmap({}, set(), TODAY) is None
    assert charts.heatmap({TODAY - timedelta(days=800): 30}, set(), TODAY) is None


def test_text_in_charts_is_escaped():
    series = MoveSeries("seconds", [(TODAY, 30)])
    svg = charts.move_chart(series, "Bridge <script>&", MONDAY, TODAY)
    root = parse(svg)
    assert "<script>" not in svg
    assert root.find("svg:title", NS).text.startswith("Bridge <script>&")


def test_tables_hold_the_same_numbers():
    weeks = weeks_of((1, 4), (0, 0))
    assert charts.adherence_table(weeks).rows == [
        ("9 Nov 2026", "4", "1", "25%"),
        ("16 Nov 2026", "0", "0", "nothing planned"),
    ]
    totals = [WeekTotal(MONDAY, 31, 3)]
    assert charts.weekly_table(totals).rows == [("16 Nov 2026", "31", "3")]
    trend = PainTrend([(TODAY, 5.5)], [(MONDAY, 2.0), (TODAY, 3.0)], None, False, [(TODAY, 4.0)])
    assert charts.pain_table(trend).rows == [("16 Nov 2026", "—", "2", "—"), ("18 Nov 2026", "5.5", "3", "4")]
    assert charts.move_table(MoveSeries("reps", [(TODAY, 12)]), "Squat").headers == ("Day", "Reps")
    table = charts.heatmap_table({TODAY: 20, TODAY - timedelta(days=1): 10}, {date(2026, 10, 5)}, TODAY)
    assert len(table.rows) == 12
    assert table.rows[-1] == ("November 2026", "2", "30", "0")
    assert table.rows[-2] == ("October 2026", "0", "0", "1")


def test_the_table_include_renders_an_accessible_table():
    html = render_to_string(
        "routines/includes/chart_table.html", {"table": charts.weekly_table([WeekTotal(MONDAY, 31, 3)])}
    )
    assert "<caption>Minutes and sessions per week</caption>" in html
    assert '<th scope="col">Minutes</th>' in html
    assert '<th scope="row">16 Nov 2026</th>' in html
    assert "<td>31</td>" in html


def test_every_chart_class_has_a_style_in_light_and_dark():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "limber.css").read_text()
    section = css.split("/* === history charts === */", 1)[1]
    for cls in ("bar", "line.before", "line.after", "h0", "h4", "m", "i", "grid"):
        assert re.search(rf"\.chart \.{re.escape(cls)}\b", section), cls
    assert "prefers-color-scheme: dark" in section


@given(st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=100)), min_size=1, max_size=60))
def test_any_adherence_chart_is_well_formed_and_bars_stay_inside(percents):
    weeks = [
        WeekAdherence(
            MONDAY - timedelta(weeks=n), 0 if p is None else 100, 0 if p is None else p, None if p is None else p / 100
        )
        for n, p in enumerate(reversed(percents))
    ]
    svg = charts.adherence_chart(weeks)
    if all(p is None for p in percents):
        assert svg is None
        return
    root = parse(svg)
    heights = bars(root)
    assert len(heights) == sum(p is not None for p in percents)
    tallest = max(p for p in percents if p is not None)
    for rect in (r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "bar"):
        assert float(rect.get("y")) >= 0 and float(rect.get("x")) + float(rect.get("width")) <= 360
    if tallest:
        assert max(heights) == pytest.approx(tallest / 100 * 134, abs=0.1)  # 134: the plot area's height
