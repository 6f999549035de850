from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from core.fragments import cached_page

from .. import exports, history_page
from ..dates import local_date, user_today, zone_of
from ..forms import ReportPeriodForm
from ..report import PRINT_DEFAULT_DAYS, default_period


@require_GET
@login_required
@vary_on_headers("HX-Request", "HX-Target")
@cached_page(lambda request: user_today(request.user), params=["period", "move"])
def index(request: HttpRequest) -> HttpResponse:
    """The progress page; htmx asks for just the period's charts or just one move's."""
    part = "body"
    if request.htmx and not request.htmx.history_restore_request:
        part = history_page.PARTS.get(request.htmx.target, "body")
    context = history_page.page(request.user, user_today(request.user), request.GET, part)
    return render(request, "routines/history.html" + ("" if part == "body" else f"#{part}"), context)


@require_GET
@login_required
def report(request: HttpRequest) -> HttpResponse:
    user, today = request.user, user_today(request.user)
    start, _ = default_period(today, PRINT_DEFAULT_DAYS)
    asked = "start" in request.GET or "end" in request.GET
    form = ReportPeriodForm(request.GET if asked else None, initial={"start": start, "end": today}, today=today)
    context = {"form": form, "today": today, "person_name": user.get_full_name() or user.username}
    if asked and not form.is_valid():
        return render(request, "routines/history_report.html", context)
    start, end = (form.cleaned_data["start"], form.cleaned_data["end"]) if asked else (start, today)
    context |= history_page.report_context(user, start, end, notes=True)
    return render(request, "routines/history_report.html", context)


@require_GET
@login_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv_download(request, exports.session_rows, "history")


@require_GET
@login_required
def export_dose_changes_csv(request: HttpRequest) -> StreamingHttpResponse:
    return _csv_download(request, exports.dose_change_rows, "dose-changes")


def _csv_download(request: HttpRequest, rows: Callable, name: str) -> StreamingHttpResponse:
    zone = zone_of(request.user)
    lines = exports.csv_lines(rows(request.user, zone))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    today = local_date(request.user, timezone.now())
    response["Content-Disposition"] = f'attachment; filename="limber-{name}-{today}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
