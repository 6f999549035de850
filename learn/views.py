from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from core.forms import posted
from routines.dates import user_today
from routines.models import Exercise, Routine, Schedule
from routines.recurrence import describe_weekdays, weekdays_to_mask
from routines.safety import by_tier
from routines.sources import SOURCES_BY_KEY

from . import suggest
from .forms import FirstScheduleForm, QuestionsForm, RedFlagForm
from .models import Article, FirstVisit


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/index.html", {"articles": Article.objects.all()})


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    articles = Article.objects.prefetch_related(
        Prefetch("moves", queryset=Exercise.objects.builtin().order_by("name")),
        Prefetch("starters", queryset=Routine.objects.starters().order_by("name")),
    )
    article = get_object_or_404(articles, slug=slug)
    sources = [SOURCES_BY_KEY[key] for key in article.sources if key in SOURCES_BY_KEY]
    return render(request, "learn/article.html", {"article": article, "sources": sources})


# The first visit ---------------------------------------------------------------------------


def _latest(request: HttpRequest) -> FirstVisit | None:
    return FirstVisit.objects.latest_for(request.user)


def _answered(request: HttpRequest) -> FirstVisit | None:
    """The person's first visit once every question is answered and nothing stopped it, else None."""
    visit = _latest(request)
    return visit if visit is not None and not visit.stopped and visit.answered else None


def _suggestion(request: HttpRequest, visit: FirstVisit) -> dict:
    """The answer page's context: the notes with their articles, the starter and what was left out of it."""
    starters = {r.starter_key: r for r in Routine.objects.starters().with_items()}
    moves = {e.slug: e for e in Exercise.objects.builtin().prefetch_related("equipment")}
    result = suggest.suggest(
        visit.answers(),
        {key: [item.exercise.slug for item in r.ordered_items()] for key, r in starters.items()},
        {slug: frozenset(item.slug for item in move.equipment.all()) for slug, move in moves.items()},
        user_today(request.user).weekday(),
    )
    articles = Article.objects.in_bulk(result.articles, field_name="slug")
    return {
        "visit": visit,
        "suggestion": result,
        "notes": [(articles.get(slug), text) for slug, text in result.notes],
        "starter": starters[result.starter],
        "fitting": [item for item in starters[result.starter].ordered_items() if item.exercise.slug in result.moves],
        "left_out": [(moves[slug], why) for slug, why in result.left_out],
        "days_label": describe_weekdays(weekdays_to_mask(result.weekdays)),
        "bad_day": visit.answers().bad_day,
        "down_the_leg": "leg" in visit.areas,
    }


@require_http_methods(["GET", "POST"])
@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Question 1, the red flags as the check-in asks them: any ticked ends the visit with the advice, no plan."""
    if request.method == "POST" and "skip" in request.POST:
        FirstVisit.objects.create(user=request.user, flags=FirstVisit.Flags.SKIPPED)
        return redirect("start:questions")
    form = RedFlagForm(posted(request))
    if form.is_valid():
        flags = form.red_flags()
        if flags:
            FirstVisit.objects.create(
                user=request.user, flags=FirstVisit.Flags.SOME, red_flags=[flag.key for flag in flags]
            )
            return render(request, "routines/play_stop.html", {"groups": by_tier(flags)})
        FirstVisit.objects.create(user=request.user, flags=FirstVisit.Flags.NONE)
        return redirect("start:questions")
    return render(request, "learn/start.html", {"form": form, "previous": _latest(request)})


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def questions(request: HttpRequest) -> HttpResponse:
    """Questions 2 to 5 on one page; each change (htmx) or the button saves them and shows what fits."""
    visit = _latest(request)
    if visit is None or visit.stopped:
        return redirect("start:index")
    initial = {"areas": visit.areas, "worse": visit.worse, "pain": visit.pain, "equipment": visit.equipment}
    form = QuestionsForm(posted(request), initial=initial)
    partial = bool(request.htmx and not request.htmx.history_restore_request)
    if form.is_valid():
        for field, value in form.cleaned_data.items():
            setattr(visit, field, value)
        visit.answered = True
        visit.save()
        if not partial:
            return redirect("start:answer")
    context = {"form": form, "visit": visit}
    if visit.answered and not form.errors:
        context.update(_suggestion(request, visit))
    if partial:
        return render(request, "learn/questions.html#answer", context)
    return render(request, "learn/questions.html", context)


@require_GET
@login_required
def answer(request: HttpRequest) -> HttpResponse:
    visit = _answered(request)
    if visit is None:
        return redirect("start:index")
    return render(request, "learn/answer.html", _suggestion(request, visit))


@require_POST
@login_required
def copy(request: HttpRequest) -> HttpResponse:
    """Copy the suggested starter, only its moves that fit; a second tap finds the first copy."""
    visit = _answered(request)
    if visit is None:
        return redirect("start:index")
    with transaction.atomic():
        visit = FirstVisit.objects.select_for_update().get(pk=visit.pk)
        if visit.routine_id is None:
            context = _suggestion(request, visit)
            routine = context["starter"].copy_for(request.user)
            routine.items.exclude(exercise__slug__in=context["suggestion"].moves).delete()
            visit.routine = routine
            visit.save(update_fields=["routine", "updated_at"])
            messages.success(request, f"“{routine.name}” is now in your routines.")
    return redirect("start:schedule")


@require_http_methods(["GET", "POST"])
@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """The suggested days for the copied routine; one tap makes the schedule and opens Today."""
    visit = _latest(request)
    if visit is None or visit.routine is None:
        return redirect("start:index")
    if visit.schedule_id:
        return redirect("today:index")
    today = user_today(request.user)
    suggestion = _suggestion(request, visit)["suggestion"]
    form = FirstScheduleForm(posted(request), initial={"days": [str(d) for d in suggestion.weekdays]})
    if form.is_valid():
        with transaction.atomic():
            visit = FirstVisit.objects.select_for_update().get(pk=visit.pk)
            if visit.schedule_id is None:
                visit.schedule = Schedule.objects.create(
                    user=request.user,
                    routine=visit.routine,
                    weekdays=weekdays_to_mask(form.cleaned_data["days"]),
                    start_date=today,
                    time_of_day=form.cleaned_data["time_of_day"],
                )
                visit.save(update_fields=["schedule", "updated_at"])
                due = today.weekday() in form.cleaned_data["days"]
                messages.success(
                    request,
                    f"Scheduled “{visit.routine.name}”: {visit.schedule.days_label}."
                    + (" Today's session is ready." if due else ""),
                )
        return redirect("today:index")
    context = {"form": form, "visit": visit, "routine": visit.routine, "today": today}
    return render(request, "learn/schedule.html", context)
