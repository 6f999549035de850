import time

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import nothing_changed
from core.forms import posted
from core.fragments import cached_page

from .. import dose, session_save
from ..models import Routine
from ..safety import RED_FLAGS, TIERS, by_tier
from ..session_forms import CheckInForm
from ..timeline import total_seconds
from .routines import get_routine_for_user

# A check-in holds for the routine it was made for, long enough for a long routine and a reload or two.
CHECK_IN_HOURS = 12
# The service worker asks for the player with this header to keep it for offline use: that copy
# has no check-in in it, so the page takes the one made in the browser (static/js/checkin.js).
PRECACHE_HEADER = "X-Limber-Precache"


def _check_in_key(pk: int) -> str:
    return f"check-in:{pk}"


def _cautions(routine: Routine) -> list[dict]:
    return [
        {
            "name": item.name,
            "cautions": item.exercise.caution_list,
            "stop_if": item.exercise.stop_if_list,
            "first": _first_caution(item.exercise),
        }
        for item in routine.ordered_items()
    ]


def _first_caution(exercise) -> str:
    """The one line to show for a move when there is room for only one: its first "stop if", else its first caution."""
    stop_if = exercise.stop_if_list
    if stop_if:
        return f"Stop if {stop_if[0][:1].lower()}{stop_if[0][1:]}"
    cautions = exercise.caution_list
    return cautions[0] if cautions else ""


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_http_methods(["GET", "POST"])
@login_required
@cached_page()  # the check-in page as first shown; every answer to it is a POST
def play(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in and the player on one page, so one tap both checks in and starts the timer.

    Any red flag stops here, on the server, so it holds without JavaScript. The page's script sends a
    clear check-in in the background (asking for JSON) while the player starts inside the tap, which
    is what lets sound, speech and the wake lock start; without JavaScript a clear check-in goes on
    to the player's own page.
    """
    routine = get_routine_for_user(request, pk, items=True)
    form = CheckInForm(posted(request))
    if request.method == "POST":
        valid = form.is_valid()
        # A sign ticked stops here even if the rest of the page is not answered yet.
        if flags := form.red_flags():
            request.session.pop(_check_in_key(pk), None)
            if _wants_json(request):
                return JsonResponse({"stop": True}, status=409)
            return render(request, "routines/play_stop.html", {"routine": routine, "groups": by_tier(flags)})
        if valid:
            request.session[_check_in_key(pk)] = {"pain": form.cleaned_data["pain"], "at": time.time()}
            if _wants_json(request):
                return JsonResponse({"ok": True, "run": reverse("player:run", args=[pk])})
            return redirect("player:run", pk=pk)
        if _wants_json(request):
            return _errors(form.errors)
    context = _player_context(request, routine, pain_before=None)
    context.update(
        {"form": form, "cautions": _cautions(routine), "check_in": True, "offline_check_in": _offline_check_in(routine)}
    )
    return render(request, "routines/play.html", context)


def _offline_check_in(routine: Routine) -> dict:
    """What the check-in needs to stop a routine without the server: every red flag with its
    urgency and advice, as the stop page gives them, and where to go from there."""
    return {
        "tiers": [{"key": tier.key, "title": tier.title, "advice": tier.advice} for tier in TIERS],
        "flags": {
            flag.key: {"question": flag.question, "advice": flag.advice, "tier": flag.tier.key} for flag in RED_FLAGS
        },
        "routine": routine.name,
        "hours": CHECK_IN_HOURS,
        "urls": {
            "run": reverse("player:run", args=[routine.pk]),
            "check_in": reverse("player:play", args=[routine.pk]),
            "safety": reverse("pages:safety"),
            "sessions": reverse("sessions:list"),
        },
    }


@require_GET
@login_required
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """The player on its own, for a reload or a resume; it needs a check-in first."""
    routine = get_routine_for_user(request, pk, items=True)
    check_in = request.session.get(_check_in_key(pk))
    precache = request.headers.get(PRECACHE_HEADER) == "1"
    if not check_in or time.time() - check_in["at"] > CHECK_IN_HOURS * 3600:
        if not precache:
            return redirect("player:play", pk=pk)
        check_in = {"pain": None}
    # None in the copy kept for offline use: the player then takes the browser's own check-in.
    pain_before = None if precache else check_in["pain"]
    response = render(request, "routines/player.html", _player_context(request, routine, pain_before=pain_before))
    response["Vary"] = PRECACHE_HEADER
    return response


def _player_context(request: HttpRequest, routine: Routine, pain_before: int | None) -> dict:
    user = request.user
    steps = routine.timeline(user.lead_in_seconds)
    items = routine.ordered_items()
    data = {
        "routine": {"id": routine.pk, "name": routine.name},
        "steps": [step.as_dict() for step in steps],
        "items": [
            {
                "name": item.name,
                "slug": item.exercise.slug,
                "measure": item.measure,
                "per_side": item.per_side,
                "sets": item.sets,
                "reps": item.reps if item.measure == "reps" else None,
                "instructions": item.exercise.steps,
                "cautions": item.exercise.caution_list,
                "stop_if": item.exercise.stop_if_list,
                "first_caution": _first_caution(item.exercise),
            }
            for item in items
        ],
        "prefs": {
            "sound": user.sound_on,
            "rep_cue": user.rep_cue_on,
            "voice": user.voice_on,
            "keep_awake": user.keep_awake,
            "lead_in": user.lead_in_seconds,
        },
        "pain_before": pain_before,
        "check_in_hours": CHECK_IN_HOURS,
        # The routine as played, signed: the result brings it back, so an edit meanwhile cannot refuse it.
        "plan": session_save.sign_plan(user, routine),
        "max_extensions": dose.MAX_EXTENSIONS_PER_STEP,
        "extension_seconds": dose.EXTENSION_SECONDS,
        "urls": {
            "save": reverse("player:save", args=[routine.pk]),
            "sessions": reverse("sessions:list"),
            "check_in": reverse("player:play", args=[routine.pk]),
            "run": reverse("player:run", args=[routine.pk]),
            "safety": reverse("pages:safety"),
            "leave": reverse("today:index"),
        },
    }
    return {
        "routine": routine,
        "data": data,
        "items": items,
        "scale": range(11),
        "total": total_seconds(steps),
    }


def _errors(errors: dict, status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


@require_POST
@login_required
def save(request: HttpRequest, pk: int) -> JsonResponse:
    """Store a player result once per (user, client id); a retry gets the same answer and creates nothing."""
    data, problem = session_save.parse_body(request.body)
    try:
        outcome = session_save.record_result(request.user, pk, data, problem, timezone.now())
    except Routine.DoesNotExist:
        raise Http404 from None
    # Nothing writes unless a session is created, and that moves the data version itself.
    nothing_changed(request)
    if outcome.errors:
        return _errors(outcome.errors)
    session, flare = outcome.session, outcome.flare_routine
    return JsonResponse(
        {
            "id": session.pk,
            "created": outcome.created,
            "url": session.get_absolute_url(),
            "summary": {
                "duration_seconds": session.duration_seconds,
                "pain_before": session.pain_before,
                "pain_after": session.pain_after,
            },
            "pain_rising": outcome.pain_rising,
            # Starters are copied before they are played, so the link goes to the starters page.
            "flare_routine": {"name": flare.name, "url": reverse("routines:starters")} if flare else None,
        }
    )
