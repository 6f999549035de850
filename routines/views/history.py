import csv
import zoneinfo
from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from core.fragments import cached_fragment

from .. import charts, history_data, progress
from .. import report as report_contents
from ..dates import EARLIEST_DATE, user_today
from ..forms import ReportPeriodForm
from ..models import Session
from ..models.psfs import summary_for

# One row per move done (a session without moves still gets one row), in the
# order the sessions happened. Times are ISO 8601 in the person's own zone.
EXPORT_COLUMNS = [
    ("date", "local_date"),
    ("started_at", "started_at"),
    ("ended_at", "ended_at"),
    ("routine", "routine_name"),
    ("source", "source"),
    ("completed", "completed"),
    ("duration_seconds", "duration_seconds"),
    ("pain_before", "pain_before"),
    ("pain_after", "pain_after"),
    ("pain_next_morning", "morning_pain"),
    ("effort", "effort"),
    ("notes", "notes"),
    ("notes_flagged", "notes_flagged"),
    ("move_number", "moves__order"),
    ("move", "moves__name"),
    ("measure", "moves__measure"),
    ("per_side", "moves__per_side"),
    ("sets_planned", "moves__sets_planned"),
    ("sets_done", "moves__sets_done"),
    ("reps_done", "moves__reps_done"),
    ("seconds_done", "moves__seconds_done"),
    ("skipped", "moves__skipped"),
]
# A spreadsheet runs a cell that starts with one of these as a formula; a leading
# apostrophe keeps a note such as "=stiff" as the text it was.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object, zone: zoneinfo.ZoneInfo) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _user_zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def export_rows(user, zone: zoneinfo.ZoneInfo) -> Iterator[list[object]]:
    """Yield the header and then one row per move done, from a single query (a LEFT JOIN of sessions and moves)."""
    yield [header for header, _ in EXPORT_COLUMNS]
    rows = (
        Session.objects.for_user(user)
        .order_by("started_at", "pk", "moves__order", "moves__pk")
        .values_list(*[field for _, field in EXPORT_COLUMNS])
    )
    for row in rows.iterator(chunk_size=1000):
        yield [_cell(value, zone) for value in row]


@require_GET
@login_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    zone = _user_zone(request.user)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        # UTF-8 with a byte-order mark: Excel, the spreadsheet most clinics use, reads
        # plain UTF-8 as a legacy code page and garbles accented names without it;
        # LibreOffice, Numbers, Google Sheets and Python ("utf-8-sig") all accept it.
        yield "\ufeff"
        for row in export_rows(request.user, zone):
            yield writer.writerow(row)

    today = timezone.now().astimezone(zone).date().isoformat()
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="limber-history-{today}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _period_links(period: progress.Period, move_id: int | None) -> list[dict]:
    links = []
    for choice in progress.PERIODS:
        query = {"period": choice.key}
        if move_id:
            query["move"] = move_id
        links.append({"period": choice, "query": urlencode(query), "current": choice == period})
    return links


# Over longer periods pain and moves are drawn as one point per week (the week's mean of its
# daily values): a day per point over five years is a wall of noise and a table of 1,800 rows.
WEEKLY_POINTS_AFTER_WEEKS = 13
ALL_HISTORY_DAYS = timedelta(days=3653)


def _weekly_means(points: list[tuple]) -> list[tuple]:
    weeks: dict = {}
    for day, value in points:
        weeks.setdefault(progress.week_start(day), []).append(value)
    return [(monday, round(sum(values) / len(values), 1)) for monday, values in sorted(weeks.items())]


def _since(per_day: dict, first) -> dict:
    return {day: count for day, count in per_day.items() if day >= first}


def _chosen_move(raw: str | None, moves: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Return the move picked in ?move=, or the first move done; None when none was done (or ?move= is not one)."""
    if not moves:
        return None
    if raw:
        try:
            wanted = int(raw)
        except ValueError:
            return moves[0]
        return next((move for move in moves if move[0] == wanted), moves[0])
    return moves[0]


@require_GET
@login_required
@vary_on_headers("HX-Request", "HX-Target")
def index(request: HttpRequest) -> HttpResponse:
    """The progress page; htmx asks for just the period's charts or just one move's."""
    part = "body"
    if request.htmx and not request.htmx.history_restore_request:
        part = {"move-history": "move", "period-charts": "period"}.get(request.htmx.target, "body")
    today = user_today(request.user)
    html = cached_fragment(
        request,
        f"routines/history.html#{part}",
        lambda: _context(request, today, part),
        today,
        params=["period", "move"],
    )
    if part != "body":
        return HttpResponse(html)
    return render(request, "routines/history.html", {"body": html})


def _context(request: HttpRequest, today, part: str) -> dict:
    """Return what the page's part needs: "move" (one move's numbers), "period" (the period's charts) or "body"."""
    user = request.user
    period = progress.period_for(request.GET.get("period"))

    schedules = history_data.user_schedules(user)
    totals = history_data.day_totals(user, last=today)
    first_planned = min((s.start_date for s in schedules), default=None)
    # Rows from before Limber took only sane dates still show, from its earliest day on.
    earliest = max(min(d for d in (totals.earliest, first_planned, today) if d is not None), EARLIEST_DATE)
    planned = history_data.planned_per_day(schedules, earliest, today)
    done = totals.done
    start = progress.period_start(period, today, earliest)
    # "All" draws a bar per week: ten years of them at most, so one odd early date cannot
    # make the page megabytes long. Everything older stays in the log and the exports.
    all_cut = period.weeks is None and start < today - ALL_HISTORY_DAYS
    start = max(start, today - ALL_HISTORY_DAYS)

    moves = history_data.moves_done(user)
    move = _chosen_move(request.GET.get("move"), moves)
    psfs_summary = summary_for(user) if part == "body" else None
    context = {
        "psfs": psfs_summary,
        "today": today,
        "period": period,
        "period_links": _period_links(period, move[0] if move else None),
        "start": start,
        "moves": moves,
        "move": move,
        "has_history": bool(done),
        "all_cut": all_cut,
        "has_schedules": bool(schedules),
    }
    weekly = period.weeks is None or period.weeks > WEEKLY_POINTS_AFTER_WEEKS
    context["weekly_points"] = weekly
    if move:
        daily = progress.move_series(history_data.move_rows(user, move[0], start, today))
        series = progress.MoveSeries(daily.unit, _weekly_means(daily.points)) if weekly else daily
        context["move_chart"] = charts.move_chart(series, move[1], start, today)
        context["move_summary"] = charts.move_summary(daily, move[1])  # days done, first and latest day
        context["move_table"] = charts.move_table(series, move[1])
        context["move_dose_changes"] = report_contents.dose_changes(user, start, today, move)

    if part == "move":
        return context

    weeks = progress.weekly_adherence(_since(planned, start), _since(done, start), today, period.weeks)
    if period.weeks is None:  # "all": from the first week anything happened
        week_totals = progress.weekly_totals(totals.session_pairs(first=start), today, None)
    else:
        week_totals = progress.weekly_totals(totals.session_pairs(first=start), today, period.weeks)
    pain = progress.pain_trend(history_data.pain_points(user, start, today), today, (today - start).days + 1)
    if weekly:  # the rising note still comes from the daily points of the last two weeks
        pain = progress.PainTrend(
            _weekly_means(pain.before), _weekly_means(pain.after), pain.slope, pain.rising, _weekly_means(pain.morning)
        )
    context.update(
        {
            "adherence_chart": charts.adherence_chart(weeks),
            "adherence_summary": charts.adherence_summary(weeks),
            "adherence_table": charts.adherence_table(weeks),
            "minutes_chart": charts.minutes_chart(week_totals),
            "minutes_summary": charts.minutes_summary(week_totals),
            "sessions_chart": charts.sessions_chart(week_totals),
            "sessions_summary": charts.sessions_summary(week_totals),
            "weekly_table": charts.weekly_table(week_totals),
            "pain": pain,
            "pain_chart": charts.pain_chart(pain, start, today),
            "pain_summary": charts.pain_summary(pain),
            "pain_table": charts.pain_table(pain),
            "period_sessions": sum(count for day, count in done.items() if start <= day <= today),
        }
    )
    if part == "period":
        return context

    # The heat map shows the last 12 months (a year before this month began covers them);
    # only the streaks need the whole history.
    heatmap_start = today.replace(day=1) - timedelta(days=366)
    minutes = progress.daily_minutes(totals.session_pairs(first=heatmap_start))
    missed = progress.missed_days(_since(planned, heatmap_start), done, today)
    # Planned days on which another session stood in for the planned one (the calendar's rule).
    instead = history_data.instead_days(user, schedules, heatmap_start, today)
    if psfs_summary.entries:
        psfs_start = min(psfs_summary.entries[0].day, today)
        context["psfs_chart"] = charts.psfs_chart(psfs_summary.entries, psfs_start, today, " ".join(psfs_summary.words))
        context["psfs_table"] = charts.psfs_table(psfs_summary.entries)
    context.update(
        {
            "streaks": progress.streaks(planned, done, today),
            "heatmap": charts.heatmap(minutes, missed, today, instead=instead),
            "heatmap_summary": charts.heatmap_summary(minutes, missed, today),
            "heatmap_table": charts.heatmap_table(minutes, missed, today),
            "total_sessions": sum(done.values()),
        }
    )
    return context


@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = user_today(user)
    default_start, _ = report_contents.default_period(today, report_contents.PRINT_DEFAULT_DAYS)
    if "start" in request.GET or "end" in request.GET:
        form = ReportPeriodForm(request.GET, today=today)
    else:
        form = ReportPeriodForm(initial={"start": default_start, "end": today}, today=today)
    context = {"form": form, "today": today, "person_name": user.get_full_name() or user.username}
    if form.is_bound and not form.is_valid():
        return render(request, "routines/history_report.html", context)
    start, end = (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_bound else (default_start, today)
    context.update(report_contents.context(user, start, end, notes=True))
    return render(request, "routines/history_report.html", context)
