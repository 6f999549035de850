from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from core.forms import posted

from ..dates import user_today
from ..forms import ScheduleForm
from ..models import Routine, Schedule
from .calendar import feed_links

PAGE = "routines/schedule.html"


def get_schedule_for_user(request: HttpRequest, pk: int) -> Schedule:
    return get_object_or_404(Schedule.objects.for_user(request.user).select_related("routine"), pk=pk)


def _render(request: HttpRequest, *, form=None, editing=None, edit_form=None, notice: str = "") -> HttpResponse:
    """Render the schedule page, or only its changing area for htmx, always with 200 so htmx swaps it."""
    today = user_today(request.user)
    schedules = list(Schedule.objects.for_user(request.user).select_related("routine"))
    for schedule in schedules:
        schedule.ended = schedule.has_ended(today)
        schedule.due_today = schedule.is_due(today)
    context = {
        "schedules": schedules,
        "form": form or ScheduleForm(user=request.user, today=today),
        "has_routines": Routine.objects.for_user(request.user).exists(),
        "editing": editing,
        "edit_form": edit_form,
        "notice": notice,
        "today": today,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{PAGE}#area", context)
    return render(request, PAGE, {**context, **feed_links(request)})


def _done(request: HttpRequest, text: str) -> HttpResponse:
    if request.htmx:
        return _render(request, notice=text)
    messages.success(request, text)
    return redirect("schedule:list")


@require_GET
@login_required
@vary_on_headers("HX-Request")
def schedule_list(request: HttpRequest) -> HttpResponse:
    return _render(request)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def schedule_create(request: HttpRequest) -> HttpResponse:
    form = ScheduleForm(request.POST, user=request.user, today=user_today(request.user))
    if not form.is_valid():
        return _render(request, form=form)
    schedule = form.save(commit=False)
    schedule.user = request.user
    schedule.save()
    return _done(request, f"Scheduled “{schedule.routine.name}”: {schedule.days_label.lower()}.")


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_schedule_for_user(request, pk)
    form = ScheduleForm(posted(request), instance=schedule, user=request.user, today=user_today(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        return _done(request, f"Saved the schedule for “{schedule.routine.name}”.")
    return _render(request, editing=schedule.pk, edit_form=form)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def schedule_pause(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_schedule_for_user(request, pk)
    schedule.pause(user_today(request.user))
    return _done(request, f"Paused “{schedule.routine.name}”. Nothing is due until you resume it.")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def schedule_resume(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_schedule_for_user(request, pk)
    schedule.resume(user_today(request.user))
    return _done(request, f"Resumed “{schedule.routine.name}”.")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def schedule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_schedule_for_user(request, pk)
    schedule.delete()
    return _done(request, f"Deleted the schedule for “{schedule.routine.name}”. Sessions you did stay in your log.")
