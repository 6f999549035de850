from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from ..forms import LibraryFilterForm
from ..models import BodyArea, Equipment, Exercise


def _with_related(queryset):
    return queryset.prefetch_related(
        Prefetch("areas", queryset=BodyArea.objects.order_by("name")),
        Prefetch("equipment", queryset=Equipment.objects.order_by("name")),
    )


@require_GET
@vary_on_headers("HX-Request")
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    exercises = Exercise.objects.visible_to(request.user)
    if form.is_bound:
        # A stale or mistyped filter is reported on the form; the valid ones still apply.
        form.is_valid()
        exercises = exercises.search(**form.cleaned_data)
    context = {"form": form, "exercises": _with_related(exercises), "filtered": form.is_bound}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "routines/library.html#results", {**context, "oob": True})
    return render(request, "routines/library.html", context)


@require_GET
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(_with_related(Exercise.objects.visible_to(request.user)), slug=slug)
    return render(request, "routines/exercise_detail.html", {"exercise": exercise})
