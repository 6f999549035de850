import calendar as pycalendar
import hashlib
import re
import time
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from core.fragments import cached_page

from ..dates import EARLIEST_DATE, in_window, latest_date, user_today
from ..feed import build_feed
from ..plan import LABELS, load_plan

FEED_SEEN_SECONDS = 60 * 60 * 24 * 90
MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


def _parse_month(raw: str | None, fallback: date) -> tuple[date, str]:
    """Return the first day of the month asked for, or of `fallback` with a message saying why."""
    if not raw:
        return fallback.replace(day=1), ""
    match = MONTH.match(raw.strip())
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1:
        first = date(int(match[1]), int(match[2]), 1)
        if in_window(first):
            return first, ""
        latest = latest_date()
        return fallback.replace(day=1), (
            f"The calendar shows January {EARLIEST_DATE.year} to {latest:%B %Y}; here is this month."
        )
    return fallback.replace(
        day=1
    ), f"“{raw[:20]}” is not a month we can show (use YYYY-MM, e.g. 2026-03); here is this month."


def _parse_day(raw: str | None, month: date) -> date | None:
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return day if (day.year, day.month) == (month.year, month.month) else None


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@require_GET
@login_required
@vary_on_headers("HX-Request")
@cached_page(lambda request: user_today(request.user), params=["month", "day"])
def month(request: HttpRequest) -> HttpResponse:
    """A month of plans and sessions; htmx asks for just the month grid or just one day's panel."""
    day_today = user_today(request.user)
    first, error = _parse_month(request.GET.get("month"), day_today)
    part = "body"
    if request.htmx and not request.htmx.history_restore_request:
        part = "day" if request.htmx.target == "day-panel" else "month"
    context = _context(request, first, error, day_today)
    if part != "body":
        return render(request, f"routines/calendar.html#{part}", context)
    return render(request, "routines/calendar.html", context | feed_links(request))


def feed_links(request: HttpRequest) -> dict[str, str]:
    """The person's private feed: its https:// address to copy and the webcal:// one calendar apps subscribe to."""
    feed_url = request.build_absolute_uri(reverse("calendar:feed", args=[request.user.calendar_token]))
    return {"feed_url": feed_url, "webcal_url": "webcal://" + feed_url.split("://", 1)[1]}


def _context(request: HttpRequest, first: date, error: str | None, day_today: date) -> dict:
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    plan = load_plan(request.user, weeks[0][0], weeks[-1][-1], day_today)
    selected = _parse_day(request.GET.get("day"), first)
    if request.GET.get("day") and selected is None and not error:
        error = f"“{request.GET['day'][:20]}” is not a day in this month; pick one from the calendar."
    in_month = [plan[d] for week in weeks for d in week if d.month == first.month]
    return {
        "month": first,
        "month_param": first.strftime("%Y-%m"),
        "prev": _shift(first, -1).strftime("%Y-%m"),
        "next": _shift(first, 1).strftime("%Y-%m"),
        "this_month": day_today.strftime("%Y-%m"),
        "weeks": [[plan[d] for d in week] for week in weeks],
        "list_days": [d for d in in_month if d.status != "rest" or d.is_today],
        "selected": plan[selected] if selected else None,
        "today": day_today,
        "error": error,
        "labels": LABELS,
        "weekday_names": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    }


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None or not token:
        raise Http404("No calendar at this address; it may have been replaced with a new one.")
    body = build_feed(user)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    # When this exact feed was first served: no later than its last change, so If-Modified-Since
    # never hides a change (a lost record only makes the date later, and the feed is sent again).
    seen_key = f"feed-seen:{user.pk}:{etag}"
    first_seen = cache.get(seen_key)
    if first_seen is None:
        first_seen = int(time.time())
        cache.set(seen_key, first_seen, FEED_SEEN_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="limber.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(first_seen)
    return get_conditional_response(request, etag=etag, last_modified=first_seen, response=response)
