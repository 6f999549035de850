"""The Patient-Specific Functional Scale: name up to three activities, rate them, look back."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import delete_when_confirmed, posted

from .. import exports, psfs
from ..dates import user_today
from ..models import PsfsActivity, PsfsEntry
from ..models.psfs import record_ratings, set_activities, summary_for
from ..psfs_forms import ActivitiesForm, RatingForm

# Where a rating form sends the person back to (Today's prompt, or the PSFS page).
BACK = {"today": "today:index", "psfs": "psfs:index"}


def get_psfs_entry_for_user(request: HttpRequest, pk: int) -> PsfsEntry:
    return get_object_or_404(PsfsEntry.objects.for_user(request.user).with_ratings(), pk=pk)


def current_activities(user) -> list[PsfsActivity]:
    return list(PsfsActivity.objects.for_user(user).current())


def prompt_for(user, today) -> dict | None:
    """Return the forms for Today's prompt when a rating is due, else None (at most two queries)."""
    if not psfs.is_due(today, user.psfs_every_days, None, user.psfs_not_before):
        return None  # off, or put off: no need to look
    last = PsfsEntry.objects.for_user(user).aggregate(last=Max("local_date"))["last"]
    if not psfs.is_due(today, user.psfs_every_days, last, user.psfs_not_before):
        return None
    activities = current_activities(user)
    if not activities:
        return {"activities_form": ActivitiesForm()}
    return {"form": RatingForm(activities=activities)}


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    activities = current_activities(request.user)
    context = {
        "activities": activities,
        "form": RatingForm(activities=activities) if activities else None,
        "activities_form": None if activities else ActivitiesForm(),
        "summary": summary_for(request.user),
        "back": "psfs",
    }
    return render(request, "routines/psfs.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activities(request: HttpRequest) -> HttpResponse:
    current = current_activities(request.user)
    form = ActivitiesForm(posted(request), initial={"activities": [a.name for a in current]})
    if form.is_valid():
        set_activities(request.user, form.cleaned_data["activities"])
        messages.success(request, "Activities saved. Now rate how well you can do each one today.")
        return redirect("psfs:index")
    return render(request, "routines/psfs_activities.html", {"form": form, "current": current})


@require_POST
@login_required
def rate(request: HttpRequest) -> HttpResponse:
    activities = current_activities(request.user)
    if not activities:
        messages.error(request, "Name your activities first; then you can rate them.")
        return redirect("psfs:activities")
    form = RatingForm(request.POST, activities=activities)
    back = request.POST.get("back") if request.POST.get("back") in BACK else "psfs"
    if form.is_valid():
        entry = record_ratings(request.user, user_today(request.user), form.ratings())
        messages.success(request, f"Saved: your score today is {psfs.score_text(entry.score)} out of 10.")
        return redirect(BACK[back])
    context = {"activities": activities, "form": form, "summary": summary_for(request.user), "back": back}
    return render(request, "routines/psfs.html", context)


@require_POST
@login_required
def later(request: HttpRequest) -> HttpResponse:
    """Put Today's prompt off for a few days."""
    user = request.user
    user.psfs_not_before = user_today(user) + timedelta(days=psfs.LATER_DAYS)
    user.save(update_fields=["psfs_not_before"])
    messages.success(request, f"We'll ask again in {psfs.LATER_DAYS} days. You can rate any time from History.")
    return redirect("today:index")


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the ratings of one entry; it stays about the activities it was about."""
    entry = get_psfs_entry_for_user(request, pk)
    rated = [rating.activity for rating in entry.ratings.all()]
    initial = {f"rating_{rating.activity_id}": str(rating.rating) for rating in entry.ratings.all()}
    form = RatingForm(posted(request), activities=rated, initial=initial)
    if form.is_valid():
        record_ratings(request.user, entry.local_date, form.ratings(), entry=entry)
        messages.success(request, f"Ratings of {entry.local_date.day} {entry.local_date:%b %Y} saved.")
        return redirect("psfs:index")
    return render(request, "routines/psfs_edit.html", {"entry": entry, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_psfs_entry_for_user(request, pk)
    done = f"The ratings of {entry.local_date.day} {entry.local_date:%b %Y} are deleted."
    return delete_when_confirmed(request, entry, "routines/psfs_delete.html", done, "psfs:index", name="entry")


@require_GET
@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """Download every rating, one row per activity rated, oldest first."""
    response = HttpResponse(exports.csv_lines(exports.psfs_rows(request.user)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="limber-psfs-{user_today(request.user).isoformat()}.csv"'
    return response
