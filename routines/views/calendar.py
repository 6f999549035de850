import calendar as pycalendar
import re
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from config.fragments import cached_fragment, cached_page

from .. import morning, suggestions
from ..dates import EARLIEST_DATE, in_window, latest_date, user_today
from ..dose import about_minutes
from ..feed import build_feed
from ..models import Routine, Schedule
from ..plan import KEPT, LABELS, load_plan
from ..recurrence import week_start
from .psfs import prompt_for

MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
PAIN_CHOICES = {str(n): n for n in range(11)}
# The week strip's seven cells are narrow on a phone: one short word each, the full label read aloud.
WEEK_WORDS = {
    "done": "Done",
    "instead": "Done",
    "partly": "Part",
    "missed": "Missed",
    "planned": "Plan",
    "rest": "Rest",
}


@require_GET
@login_required
@cached_page(lambda request: user_today(request.user))
def today(request: HttpRequest) -> HttpResponse:
    day = user_today(request.user)
    monday = week_start(day)
    lead_in = request.user.lead_in_seconds
    # The whole week, for the strip of seven days; the counts stay "so far this week".
    plan = load_plan(request.user, monday, monday + timedelta(days=6), day, lead_in)
    today_plan = plan[day]
    for planned in today_plan.planned:
        planned.minutes = about_minutes(planned.routine.duration_seconds(lead_in))
    so_far = [d for d in plan.values() if d.day <= day]
    week_planned = sum(len(d.planned) for d in so_far)
    week_done = sum(1 for d in so_far for p in d.planned if p.status in KEPT)
    context = {
        "today": day,
        "plan": today_plan,
        "week": [(d, LABELS.get(d.status, ""), WEEK_WORDS.get(d.status, "")) for d in plan.values()],
        "flare_day": Routine.objects.starters().filter(starter_key="flare-day").only("pk", "name").first(),
        "week_planned": week_planned,
        "week_done": week_done,
        "has_schedules": Schedule.objects.for_user(request.user).exists(),
        "morning": morning.question(request.user, day),
        "offers": suggestions.todays_offers(request.user, day),
        "pain_scale": range(11),
        "psfs_prompt": prompt_for(request.user, day),
        # Called by the template only when nothing is scheduled: who has no routine is offered the first visit.
        "has_routines": Routine.objects.for_user(request.user).exists,
    }
    return render(request, "routines/today.html", context)


@require_POST
@login_required
def morning_check(request: HttpRequest) -> HttpResponse:
    """Store this morning's pain (or a skip) on yesterday's sessions; a stale or bad answer changes nothing."""
    today = user_today(request.user)
    expected = morning.yesterday(today)
    skipped = "skip" in request.POST
    pain = PAIN_CHOICES.get(request.POST.get("pain", ""))
    if request.POST.get("day") != expected.isoformat():
        messages.error(request, "That question was about another day, so nothing was saved. Here is today.")
    elif pain is None and not skipped:
        messages.error(request, "Choose your pain this morning from 0 to 10, or skip the question.")
    elif morning.record(request.user, today, expected, None if skipped else pain, timezone.now()):
        messages.success(request, "Skipped for today." if skipped else f"Saved: pain {pain} this morning. Thank you.")
    else:
        messages.info(request, "This morning's answer was already saved.")
    return redirect("today")


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
def month(request: HttpRequest) -> HttpResponse:
    """A month of plans and sessions; htmx asks for just the month grid or just one day's panel."""
    day_today = user_today(request.user)
    first, error = _parse_month(request.GET.get("month"), day_today)
    part = "body"
    if request.htmx and not request.htmx.history_restore_request:
        part = "day" if request.htmx.target == "day-panel" else "month"
    html = cached_fragment(
        request,
        f"routines/calendar.html#{part}",
        lambda: _context(request, first, error, day_today),
        day_today,
        params=["month", "day"],
    )
    if part != "body":
        return HttpResponse(html)
    return render(request, "routines/calendar.html", {"body": html, "month": first})


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
    response = HttpResponse(build_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="limber.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
