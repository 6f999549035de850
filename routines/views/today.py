"""Today: the day's plan, the week strip, and this morning's question."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.fragments import cached_page

from .. import morning, suggestions, today_facts
from ..dates import user_today
from ..dose import about_minutes
from ..models import Routine, Schedule
from ..plan import KEPT, LABELS, load_plan
from ..recurrence import week_start
from .psfs import prompt_for

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
    schedules = list(Schedule.objects.for_user(request.user).with_routine())
    # The whole week, for the strip of seven days; the counts stay "so far this week".
    plan = load_plan(request.user, monday, monday + timedelta(days=6), day, lead_in, schedules)
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
        "has_schedules": bool(schedules),
        "streak": today_facts.current_streak(request.user, schedules, day),
        "pain": today_facts.recent_pain(request.user, day),
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
    return redirect("today:index")
