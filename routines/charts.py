"""Server-rendered charts for the history page: inline SVG strings, no chart library, no script.

Each chart function returns a ``SafeString`` holding one ``<svg role="img">`` with a
``<title>`` and a ``<desc>`` (the short text summary), sized by its viewBox so it scales
to the width of its box (360 units wide, so at a 360-px phone one unit is one pixel);
or ``None`` when there is nothing to draw yet, so the page can say so in plain HTML.
Colours come from CSS classes (``.chart …`` in limber.css, light and dark): the CSP
forbids ``style`` attributes. Every text is escaped here.

Each chart has a ``*_table`` twin that returns the same numbers as a ``Table`` for an
accessible ``<table>`` (templates/routines/includes/chart_table.html renders one), and
a ``*_figure`` that hands a page all three at once: drawing, sentence and numbers.
"""

import calendar
import html
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.safestring import SafeString, mark_safe

from .progress import MoveSeries, PainTrend, WeekAdherence, WeekTotal
from .psfs import MDC_MEAN, Scored, score_text

WIDTH = 360
# A bar gets its number printed on it only while there is room (12 weeks fit; a year does not:
# the table holds every number).
MAX_LABELLED_BARS = 16
# Markers on a line chart only while they don't crowd each other.
MAX_MARKERS = 45
# The pain chart draws each day's scores as dots behind its weekly lines up to 13 weeks.
PAIN_DOTS_DAYS = 13 * 7
# Minutes in a day for each shade of the heat map: 1–9, 10–19, 20–39, 40 and more.
HEAT_STEPS = (1, 10, 20, 40)


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]  # the first cell of each row names it (a row header)


@dataclass(frozen=True)
class Figure:
    """One chart as a page shows it: the drawing (None when there is nothing to draw), its sentence, its numbers."""

    svg: SafeString | None
    summary: str
    table: Table | None = None


def escape(text: object) -> str:
    """Return text escaped for HTML, as django.utils.html.escape does, without its lazy-text wrapper:
    a five-year chart escapes thousands of tips."""
    return html.escape(str(text))


def short_date(day: date) -> str:
    """Return a date as "3 Nov"."""
    return f"{day.day} {day:%b}"


def long_date(day: date) -> str:
    """Return a date as "3 Nov 2026"."""
    return f"{day.day} {day:%b} {day.year}"


def _n(value: float) -> str:
    """Return a coordinate with at most one decimal and no trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(chart_id: str, title: str, summary: str, height: float, body: list[str], kind: str) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(summary)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every text above is escaped


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "middle") -> str:
    cls_attr = f' class="{cls}"' if cls else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{cls_attr}>{escape(text)}</text>'


def nice_ceiling(value: float) -> float:
    """Return the smallest of 1, 2, 5, 10, 20, 50… that is at least ``value`` (1 for nothing)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


# Bars


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    summary: str,
    chart_id: str,
    max_value: float | None = None,
    value_text: Callable[[float], str] = lambda v: f"{v:g}",
    none_text: str = "nothing planned",
    bar_titles: Sequence[str] | None = None,
    last_so_far: bool = False,
) -> SafeString | None:
    """Return a bar chart with one bar per label (None values get a dash, not a bar), or None when all are None.

    Bars are proportional to value ÷ ``max_value`` (default: a round number above the
    largest value); with at most MAX_LABELLED_BARS bars each carries its value. With
    ``last_so_far`` the last bar is a week not over yet: drawn pale and dashed, "so far" under it.
    """
    if not values or all(v is None for v in values):
        return None
    top_value = max_value or nice_ceiling(max(v for v in values if v is not None))
    height = 190
    left, right, top, bottom = 38.0, WIDTH - 6.0, 22.0, 156.0
    plot_h = bottom - top
    slot = (right - left) / len(values)
    bar_w = max(1.0, slot * 0.68)
    body = []
    for fraction in (0, 0.5, 1):
        y = bottom - fraction * plot_h
        body.append(f'<line class="grid" x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}"/>')
        body.append(_text(left - 5, y + 3.5, value_text(top_value * fraction), "axis", "end"))
    label_every = max(1, math.ceil(len(values) / 6))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        centre = left + slot * (i + 0.5)
        tip = bar_titles[i] if bar_titles else f"{label}: {none_text if value is None else value_text(value)}"
        if value is None:
            body.append(_text(centre, bottom - 4, "–", "none"))
        else:
            bar_h = min(value, top_value) / top_value * plot_h
            cls = "bar so-far" if last_so_far and i == len(values) - 1 else "bar"
            body.append(
                f'<rect class="{cls}" x="{_n(centre - bar_w / 2)}" y="{_n(bottom - bar_h)}" '
                f'width="{_n(bar_w)}" height="{_n(bar_h)}"><title>{escape(tip)}</title></rect>'
            )
            if len(values) <= MAX_LABELLED_BARS:
                cls = "bar-value" if len(values) <= 8 else "bar-value tight"
                body.append(_text(centre, bottom - bar_h - 4, value_text(value), cls))
        if (len(values) - 1 - i) % label_every == 0:
            body.append(_text(centre, bottom + 15, label, "axis"))
    if last_so_far:
        body.append(_text(min(left + slot * (len(values) - 0.5), right - 14), bottom + 28, "so far", "axis"))
    return _svg(chart_id, title, summary, height, body, "bars")


def _week_labels(starts: Sequence[date]) -> list[str]:
    """Return the axis labels for weekly bars: "3 Nov", or "Nov 2024" when the bars span over a year."""
    if len(starts) > 53:
        return [f"{day:%b} {day.year}" for day in starts]
    return [short_date(day) for day in starts]


def _week_name(monday: date, so_far: bool) -> str:
    """Return a week's row header: "16 Nov 2026", or "16 Nov 2026 (so far)" for the week not over yet."""
    return f"{long_date(monday)} (so far)" if so_far else long_date(monday)


def _week_of(monday: date, so_far: bool) -> str:
    """Return a bar's tip's start: "Week of 16 Nov 2026", or "Week of 16 Nov 2026 (so far)"."""
    return f"Week of {_week_name(monday, so_far)}"


def _percent(value: float) -> str:
    return f"{round(value)}%"


def adherence_summary(weeks: Sequence[WeekAdherence]) -> str:
    """Return one sentence on adherence over these weeks, e.g. "18 of 24 planned sessions done (75%) over 12 weeks."."""
    planned = sum(w.planned for w in weeks)
    if not planned:
        return f"Nothing was planned in these {len(weeks)} weeks."
    done = sum(w.done for w in weeks)
    return f"{done} of {planned} planned sessions done ({round(done / planned * 100)}%) over {len(weeks)} weeks."


def adherence_chart(weeks: Sequence[WeekAdherence], chart_id: str = "adherence-chart") -> SafeString | None:
    """Return bars of the percentage of planned sessions done each week, labelled, or None if nothing was planned."""
    return bar_chart(
        _week_labels([w.week_start for w in weeks]),
        [w.percent for w in weeks],
        title="Sessions done as planned, per week",
        summary=adherence_summary(weeks),
        chart_id=chart_id,
        max_value=100,
        value_text=_percent,
        bar_titles=[
            f"{_week_of(w.week_start, w.so_far)}: "
            + ("nothing planned" if w.percent is None else f"{w.percent}% ({w.done} of {w.planned})")
            for w in weeks
        ],
        last_so_far=bool(weeks) and weeks[-1].so_far,
    )


def adherence_table(weeks: Sequence[WeekAdherence]) -> Table:
    """Return the adherence numbers, one row per week."""
    return Table(
        "Sessions done as planned, per week",
        ("Week of", "Planned", "Done", "Done as planned"),
        [
            (
                _week_name(w.week_start, w.so_far),
                str(w.planned),
                str(w.done),
                "nothing planned" if w.percent is None else f"{w.percent}%",
            )
            for w in weeks
        ],
    )


def adherence_figure(weeks: Sequence[WeekAdherence], chart_id: str = "adherence-chart") -> Figure:
    return Figure(adherence_chart(weeks, chart_id), adherence_summary(weeks), adherence_table(weeks))


def minutes_summary(totals: Sequence[WeekTotal]) -> str:
    """Return one sentence on the minutes over these weeks."""
    minutes = sum(t.minutes for t in totals)
    average = round(minutes / len(totals)) if totals else 0
    return f"{minutes} minutes in {len(totals)} weeks, about {average} a week."


def minutes_chart(totals: Sequence[WeekTotal], chart_id: str = "minutes-chart") -> SafeString | None:
    """Return bars of the minutes done each week, or None when there are none."""
    if not any(t.minutes for t in totals):
        return None
    return bar_chart(
        _week_labels([t.week_start for t in totals]),
        [t.minutes for t in totals],
        title="Minutes per week",
        summary=minutes_summary(totals),
        chart_id=chart_id,
        value_text=lambda v: f"{v:g}",
        bar_titles=[f"{_week_of(t.week_start, t.so_far)}: {t.minutes} min" for t in totals],
        last_so_far=totals[-1].so_far,
    )


def sessions_summary(totals: Sequence[WeekTotal]) -> str:
    """Return one sentence on the number of sessions over these weeks."""
    count = sum(t.sessions for t in totals)
    return f"{count} session{'' if count == 1 else 's'} in {len(totals)} weeks."


def sessions_chart(totals: Sequence[WeekTotal], chart_id: str = "sessions-chart") -> SafeString | None:
    """Return bars of the number of sessions each week, or None when there are none."""
    if not any(t.sessions for t in totals):
        return None
    return bar_chart(
        _week_labels([t.week_start for t in totals]),
        [t.sessions for t in totals],
        title="Sessions per week",
        summary=sessions_summary(totals),
        chart_id=chart_id,
        # An even top keeps the middle grid line on a whole number of sessions.
        max_value=max(4, most + most % 2) if (most := max(t.sessions for t in totals)) else 4,
        bar_titles=[f"{_week_of(t.week_start, t.so_far)}: {t.sessions} sessions" for t in totals],
        last_so_far=totals[-1].so_far,
    )


def weekly_table(totals: Sequence[WeekTotal]) -> Table:
    """Return minutes and sessions, one row per week."""
    return Table(
        "Minutes and sessions per week",
        ("Week of", "Minutes", "Sessions"),
        [(_week_name(t.week_start, t.so_far), str(t.minutes), str(t.sessions)) for t in totals],
    )


def minutes_figure(totals: Sequence[WeekTotal]) -> Figure:
    return Figure(minutes_chart(totals), minutes_summary(totals))


def sessions_figure(totals: Sequence[WeekTotal]) -> Figure:
    """Return the sessions per week, with the table of minutes and sessions the two weekly charts share."""
    return Figure(sessions_chart(totals), sessions_summary(totals), weekly_table(totals))


# Lines


def _line_chart(
    series: Sequence[tuple[str, str, Sequence[tuple[date, float]]]],
    *,
    start: date,
    end: date,
    top_value: float,
    ticks: Sequence[float],
    title: str,
    summary: str,
    chart_id: str,
    value_text: Callable[[float], str],
    band: tuple[float, float, str] | None = None,
    weekly: bool = False,
    dots: Sequence[Sequence[tuple[date, float]]] = (),
    note: str = "",
) -> SafeString:
    """Draw the series as lines; ``band`` (low, high, legend) shades a stretch of values behind them.

    A series whose class is in STEP_SERIES is drawn in steps: each value holds until the next,
    and the last until ``end`` (a dose is what it is until it is changed). With ``weekly`` the
    points are weekly means keyed by their Monday (progress.weekly_means): each sits in the
    middle of its week (within start–end) and its tip names the week. ``dots`` holds, for each
    series in turn, single values drawn as faint dots behind the lines; ``note`` is a line of
    small print under the axis saying what is drawn.
    """
    height = 212 if note else 200
    left, right, top, bottom = 30.0, WIDTH - 8.0, 30.0, 170.0
    span = max(1, (end - start).days)

    def x_of(day: date) -> float:
        return left + (day - start).days / span * (right - left)

    def y_of(value: float) -> float:
        return bottom - min(value, top_value) / top_value * (bottom - top)

    body = []
    for tick in ticks:
        y = y_of(tick)
        body.append(f'<line class="grid" x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}"/>')
        body.append(_text(left - 5, y + 3.5, value_text(tick), "axis", "end"))
    legend_x = left
    if band is not None:
        low, high, band_name = band
        body.append(
            f'<rect class="band" x="{_n(left)}" y="{_n(y_of(high))}" width="{_n(right - left)}" '
            f'height="{_n(y_of(low) - y_of(high))}"/>'
        )
        body.append(
            f'<rect class="band" x="{_n(legend_x)}" y="5" width="18" height="9"/>'
            + _text(legend_x + 23, 14, band_name, "legend", "start")
        )
        legend_x += 32 + 6 * len(band_name)
    fmt = long_date if span > 300 else short_date
    middle = start + timedelta(days=span // 2)
    for day, anchor in ((start, "start"), (middle, "middle"), (end, "end")):
        body.append(_text(x_of(day), bottom + 16, fmt(day), "axis", anchor))
    if note:
        body.append(_text(left, bottom + 32, note, "axis", "start"))
    # Dots first, behind every line: one path of zero-length strokes per series (round caps draw them).
    for (cls, _name, _points), singles in zip(series, dots, strict=False):
        if singles:
            moves = "".join(f"M{_n(x_of(d))} {_n(y_of(v))}h0" for d, v in singles)
            body.append(f'<path class="dots {cls}" d="{moves}"/>')
    for cls, name, points in series:
        body.append(
            f'<line class="line {cls}" x1="{_n(legend_x)}" x2="{_n(legend_x + 18)}" y1="10" y2="10"/>'
            + _text(legend_x + 23, 14, name, "legend", "start")
        )
        legend_x += 32 + 7 * len(name)
        if not points:
            continue
        if weekly:
            tips = [f"{name}, week of {long_date(day)}: {value_text(value)}" for day, value in points]
            points = [(min(max(day + timedelta(days=3), start), end), value) for day, value in points]
        else:
            tips = [f"{name}, {long_date(day)}: {value_text(value)}" for day, value in points]
        drawn = _steps(points, end) if cls in STEP_SERIES else points
        coords = " ".join(f"{_n(x_of(d))},{_n(y_of(v))}" for d, v in drawn)
        body.append(f'<polyline class="line {cls}" points="{coords}"/>')
        if len(points) <= MAX_MARKERS:
            for (day, value), tip in zip(points, tips, strict=True):
                body.append(
                    f'<circle class="marker {cls}" cx="{_n(x_of(day))}" cy="{_n(y_of(value))}" r="2.6">'
                    f"<title>{escape(tip)}</title></circle>"
                )
    return _svg(chart_id, title, summary, height, body, "lines")


STEP_SERIES = {"dose"}


def _steps(points: Sequence[tuple[date, float]], end: date) -> list[tuple[date, float]]:
    """Return the corners of a step line through the points, held level to ``end``."""
    corners: list[tuple[date, float]] = []
    for day, value in points:
        if corners:
            corners.append((day, corners[-1][1]))
        corners.append((day, value))
    if points[-1][0] < end:
        corners.append((end, points[-1][1]))
    return corners


def _pain_text(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def pain_summary(trend: PainTrend) -> str:
    """Return one or two sentences on pain before and after, and whether pain after is rising."""
    if trend.empty:
        return "No pain scores recorded in this period."
    parts = []
    named = (("before sessions", trend.before), ("after", trend.after), ("the next morning", trend.morning))
    for name, points in named:
        if points:
            mean = sum(v for _, v in points) / len(points)
            parts.append(f"pain {name} averaged {_pain_text(round(mean, 1))} out of 10")
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    sentence = "In this period, " + listed + "."
    if trend.rising:
        sentence += " Pain after sessions has been rising over the last two weeks."
    return sentence


def pain_chart(trend: PainTrend, start: date, end: date, chart_id: str = "pain-chart") -> SafeString | None:
    """Return pain before (dashed), after and the next morning (dotted) on a 0–10 scale from start to end, or None.

    The lines are weekly means: a session's score swings from day to day, the week's mean is
    the trend. Over up to PAIN_DOTS_DAYS each session day's own score is a faint dot behind
    them; over longer, dots would only crowd the chart (and the page).
    """
    if trend.empty:
        return None
    weeks = trend.by_week()
    dotted = (end - start).days < PAIN_DOTS_DAYS
    return _line_chart(
        [
            ("before", "Before", weeks.before),
            ("after", "After", weeks.after),
            ("morning", "Next morning", weeks.morning),
        ],
        weekly=True,
        dots=(trend.before, trend.after, trend.morning) if dotted else (),
        note="Lines: weekly averages. Dots: each day’s score." if dotted else "Lines: weekly averages.",
        start=start,
        end=end,
        top_value=10,
        ticks=(0, 5, 10),
        title="Pain before and after sessions (0–10)",
        summary=pain_summary(trend),
        chart_id=chart_id,
        value_text=_pain_text,
    )


def pain_table(trend: PainTrend) -> Table:
    """Return pain before, after and the next morning per session day, one row per day with a score."""
    columns = [dict(trend.before), dict(trend.after), dict(trend.morning)]
    days = sorted(set().union(*columns))
    return Table(
        "Pain before and after sessions, and the next morning (0–10)",
        ("Day", "Before", "After", "Next morning"),
        [(long_date(day), *(_pain_text(c[day]) if day in c else "—" for c in columns)) for day in days],
    )


def pain_figure(trend: PainTrend, start: date, end: date, chart_id: str = "pain-chart") -> Figure:
    return Figure(pain_chart(trend, start, end, chart_id), pain_summary(trend), pain_table(trend))


def psfs_chart(
    entries: Sequence[Scored], start: date, end: date, summary: str, chart_id: str = "psfs-chart"
) -> SafeString | None:
    """Return the PSFS score (0–10) over time, with the band within MDC_MEAN points of the first score shaded."""
    if not entries:
        return None
    points = [(e.day, round(e.score, 1)) for e in entries if start <= e.day <= end]
    first = round(entries[0].score, 1)
    return _line_chart(
        [("after", "Score", points)],
        start=start,
        end=end,
        top_value=10,
        ticks=(0, 5, 10),
        title="Activities score (PSFS, 0–10)",
        summary=summary,
        chart_id=chart_id,
        value_text=score_text,
        band=(max(0, first - MDC_MEAN), min(10, first + MDC_MEAN), f"Within {MDC_MEAN} points of the first"),
    )


def psfs_table(entries: Sequence[Scored]) -> Table:
    """Return each PSFS entry's score and ratings, one row per entry."""
    return Table(
        "Activities score (PSFS, 0–10)",
        ("Day", "Score", "Ratings"),
        [
            (long_date(e.day), score_text(e.score), "; ".join(f"{r.activity}: {r.rating}" for r in e.ratings))
            for e in entries
        ],
    )


def psfs_figure(
    entries: Sequence[Scored], start: date, end: date, summary: str, chart_id: str = "psfs-chart"
) -> Figure:
    return Figure(psfs_chart(entries, start, end, summary, chart_id), summary, psfs_table(entries))


def _unit_text(unit: str) -> Callable[[float], str]:
    return (lambda v: f"{v:g} reps") if unit == "reps" else (lambda v: f"{v:g} s")


def move_summary(series: MoveSeries, name: str, dose: Sequence[tuple[date, int]] = ()) -> str:
    """Return one sentence on a move's history: how often and the first and latest amount; and with ``dose``
    (what a session was planned to do, oldest first), a second on how the plan changed."""
    if not series.points:
        return f"{name} has not been done in this period."
    text = _unit_text(series.unit)
    first, latest = series.points[0][1], series.points[-1][1]
    times = len(series.points)
    sentence = (
        f"{name}: done on {times} day{'' if times == 1 else 's'}, "
        f"from {text(first)} on the first to {text(latest)} on the latest."
    )
    if dose:
        changed = len(dose) - 1
        sentence += (
            f" Planned for a session: {text(dose[0][1])} at the start, {text(dose[-1][1])} now"
            f" ({changed} change{'' if changed == 1 else 's'} of dose)."
        )
    return sentence


def move_chart(
    series: MoveSeries,
    name: str,
    start: date,
    end: date,
    chart_id: str = "move-chart",
    dose: Sequence[tuple[date, int]] = (),
) -> SafeString | None:
    """Return one line of a move's seconds or reps per day from start to end, or None when it was not done.

    With ``dose`` (day, amount) points, what one session was planned to do is drawn beside it in steps.
    """
    if not series.points:
        return None
    top_value = nice_ceiling(max(v for _, v in [*series.points, *dose]))
    lines = [("after", "Seconds" if series.unit == "seconds" else "Reps", series.points)]
    if dose:
        lines.append(("dose", "Planned", dose))
    return _line_chart(
        lines,
        start=start,
        end=end,
        top_value=top_value,
        ticks=(0, top_value / 2, top_value),
        title=f"{name}: {'seconds held' if series.unit == 'seconds' else 'repetitions'} per day",
        summary=move_summary(series, name, dose),
        chart_id=chart_id,
        value_text=_unit_text(series.unit),
    )


def dose_on(dose: Sequence[tuple[date, int]], day: date) -> int | None:
    """Return the planned amount in force on ``day``: the latest dose point on or before it (else the first)."""
    if not dose:
        return None
    return next((value for start, value in reversed(dose) if start <= day), dose[0][1])


def move_table(series: MoveSeries, name: str, dose: Sequence[tuple[date, int]] = ()) -> Table:
    """Return a move's amount per day, and with ``dose`` what a session was planned to do on that day."""
    unit = "Seconds" if series.unit == "seconds" else "Reps"
    if not dose:
        return Table(name, ("Day", unit), [(long_date(day), str(value)) for day, value in series.points])
    rows = [(long_date(day), str(value), str(dose_on(dose, day))) for day, value in series.points]
    return Table(name, ("Day", unit, "Planned for a session"), rows)


def move_figure(
    series: MoveSeries, daily: MoveSeries, name: str, start: date, end: date, dose: Sequence[tuple[date, int]] = ()
) -> Figure:
    """Return a move's chart and table of ``series`` (daily or weekly points), summed up from its ``daily``
    points, with what a session was planned to do (``dose``) drawn and listed beside them."""
    return Figure(
        move_chart(series, name, start, end, dose=dose), move_summary(daily, name, dose), move_table(series, name, dose)
    )


# The calendar heat map


def heat_level(minutes: int) -> int:
    """Return the shade, 0 to 4, for a day's minutes (see HEAT_STEPS)."""
    return sum(1 for step in HEAT_STEPS if minutes >= step)


def _months(today: date, count: int) -> list[date]:
    """Return the first days of the last ``count`` months, oldest first, ending with today's month."""
    index = today.year * 12 + today.month - 1
    return [date((index - n) // 12, (index - n) % 12 + 1, 1) for n in range(count - 1, -1, -1)]


# The heat map's geometry, in viewBox units (360 wide, about 330 px on a 390-px phone): its labels are
# CALENDAR_FONT units (see .chart-calendar in limber.css) so they render at 12 px or more there, and a
# row is tall enough for one; a day is a cell CELL_W wide and CELL_H tall, PITCH_X apart.
CALENDAR_FONT = 13.5
LABEL_W, TOP, PITCH_X, PITCH_Y = 50.0, 19.0, 9.9, 15.5
CELL_W, CELL_H = PITCH_X - 1.6, PITCH_Y - 2.5


def _cell(x: float, y: float, level: int, tip: str = "") -> str:
    head = f'<rect class="h{level}" x="{_n(x)}" y="{_n(y)}" width="{_n(CELL_W)}" height="{_n(CELL_H)}" rx="1.5"'
    return f"{head}><title>{escape(tip)}</title></rect>" if tip else f"{head}/>"


def _missed_mark(x: float, y: float) -> str:
    # A thin diagonal across the cell, not a red fill or outline: a mostly-done year with a few misses
    # should read as done, and the stroke doesn't rely on colour.
    return f'<path class="m" d="M{_n(x + 1)} {_n(y + CELL_H - 1)}L{_n(x + CELL_W - 1)} {_n(y + 1)}"/>'


def _instead_mark(x: float, y: float) -> str:
    return f'<circle class="i" cx="{_n(x + CELL_W / 2)}" cy="{_n(y + CELL_H / 2)}" r="1.8"/>'


def heatmap_summary(minutes: Mapping[date, int], missed: Collection[date], today: date, months: int = 12) -> str:
    """Return one sentence on the days active, minutes and missed days shown in the heat map."""
    first = _months(today, months)[0]
    shown = [d for d, m in minutes.items() if first <= d <= today and m > 0]
    missed_count = sum(1 for d in missed if first <= d <= today)
    return (
        f"In the last {months} months: {len(shown)} active days, "
        f"{sum(minutes[d] for d in shown)} minutes, {missed_count} planned days missed."
    )


def _month_label(month_start: date, first_row: bool) -> str:
    """Return a row's label: "Feb", or "Jan ’26" on the first row and on each January."""
    return f"{month_start:%b} ’{month_start:%y}" if first_row or month_start.month == 1 else f"{month_start:%b}"


def heatmap(
    minutes: Mapping[date, int],
    missed: Collection[date],
    today: date,
    months: int = 12,
    chart_id: str = "calendar-chart",
    instead: Collection[date] = (),
) -> SafeString | None:
    """Return a calendar of the last ``months`` months, one row per month and one cell per day.

    An empty day is a pale cell; a day with minutes is shaded solid in four steps (HEAT_STEPS),
    each clearly darker than an empty one. A planned-but-missed day carries a thin diagonal
    stroke, so it neither relies on colour nor outweighs the days done. A planned day done
    another way (``instead``: another session in place of the planned one) carries a dot.
    Days after today are not drawn. None when there is no activity and nothing missed in the period.
    """
    month_starts = _months(today, months)
    first = month_starts[0]
    if not any(m > 0 and first <= d <= today for d, m in minutes.items()) and not any(
        first <= d <= today for d in missed
    ):
        return None
    left = LABEL_W
    body = [_text(left + PITCH_X * (day - 0.5), TOP - 6, str(day), "axis") for day in (1, 10, 20, 31)]
    baseline = CELL_H / 2 + CALENDAR_FONT * 0.36  # the text's middle on the cell's
    for row, month_start in enumerate(month_starts):
        y = TOP + row * PITCH_Y
        body.append(_text(left - 4, y + baseline, _month_label(month_start, row == 0), "axis", "end"))
        month_and_year = f"{month_start:%b} {month_start.year}"  # long_date's, made once a row
        for day_number in range(1, calendar.monthrange(month_start.year, month_start.month)[1] + 1):
            day = month_start.replace(day=day_number)
            if day > today:
                break
            x = left + (day_number - 1) * PITCH_X
            day_minutes = minutes.get(day, 0)
            was_missed = day in missed
            tip = f"{day_number} {month_and_year}: {day_minutes} min" + (", planned but missed" if was_missed else "")
            if day in instead:
                tip += ", planned and done another way"
            body.append(_cell(x, y, heat_level(day_minutes), tip))
            if was_missed:
                body.append(_missed_mark(x, y))
            elif day in instead:
                body.append(_instead_mark(x, y))
    # The legend, on one line below the grid (two when "done another way" is on it).
    legend_y = TOP + months * PITCH_Y + 6
    body.append(_text(34, legend_y + baseline, "Less", "legend", "end"))
    x = 38.0
    for level in range(5):
        body.append(_cell(x, legend_y, level))
        x += PITCH_X
    body.append(_text(x + 2, legend_y + baseline, "More", "legend", "start"))
    x += 52
    body.append(_cell(x, legend_y, 0) + _missed_mark(x, legend_y))
    body.append(_text(x + PITCH_X + 2, legend_y + baseline, "Planned, missed", "legend", "start"))
    if any(first <= d <= today for d in instead):
        legend_y += PITCH_Y + 2
        body.append(_cell(38, legend_y, 2) + _instead_mark(38, legend_y))
        body.append(_text(38 + PITCH_X + 2, legend_y + baseline, "Done another way", "legend", "start"))
    return _svg(
        chart_id,
        f"Activity calendar, last {months} months",
        heatmap_summary(minutes, missed, today, months),
        legend_y + CELL_H + 2,
        body,
        "calendar",
    )


def heatmap_table(minutes: Mapping[date, int], missed: Collection[date], today: date, months: int = 12) -> Table:
    """Return the heat map's numbers by month: active days, minutes and planned days missed."""
    rows = []
    for month_start in _months(today, months):
        last = month_start.replace(day=calendar.monthrange(month_start.year, month_start.month)[1])
        in_month = [m for d, m in minutes.items() if month_start <= d <= min(last, today) and m > 0]
        missed_count = sum(1 for d in missed if month_start <= d <= min(last, today))
        rows.append((f"{month_start:%B} {month_start.year}", str(len(in_month)), str(sum(in_month)), str(missed_count)))
    return Table("Activity by month", ("Month", "Active days", "Minutes", "Planned days missed"), rows)


def heatmap_figure(
    minutes: Mapping[date, int], missed: Collection[date], today: date, instead: Collection[date] = ()
) -> Figure:
    return Figure(
        heatmap(minutes, missed, today, instead=instead),
        heatmap_summary(minutes, missed, today),
        heatmap_table(minutes, missed, today),
    )
