from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import dose, pacing, suggestions
from ..dates import user_today
from ..models import DoseChange, Routine, SuggestionHidden
from .routines import _lock, get_routine_for_user


def _back(request: HttpRequest, routine: Routine) -> str:
    # Only two places show a suggestion; anything else posted goes back to the routine.
    if request.POST.get("back") == "today":
        return reverse("today:index")
    return reverse("routines:detail", args=[routine.pk])


def _current(request: HttpRequest, routine: Routine) -> pacing.Suggestion | None:
    routine = Routine.objects.with_items().get(pk=routine.pk)
    found = suggestions.offers(request.user, [routine], user_today(request.user))
    return found[0].suggestion if found else None


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the routine's current suggestion's dose change, once; a suggestion that no longer holds changes nothing."""
    routine = get_routine_for_user(request, pk)
    key = request.POST.get("key", "")[:100]
    with transaction.atomic():
        _lock(routine)  # two taps at once: the second waits, then finds the change made
        current = _current(request, routine)
        if current is None or current.key != key or current.item_id is None:
            done = key and DoseChange.objects.filter(routine=routine, suggestion_key=key).exists()
            if done:
                messages.info(request, "That suggestion was already accepted, so nothing more was changed.")
            else:
                messages.error(
                    request,
                    "That suggestion no longer fits: the routine or its sessions changed since it was made. "
                    "Nothing was changed; here is what Limber suggests now.",
                )
            return redirect(_back(request, routine))
        item = routine.items.with_exercise().get(pk=current.item_id)
        low, high = dose.bounds(current.field, item.exercise.kind)
        if getattr(item, current.field) != current.old or not low <= current.new <= high:
            messages.error(request, "That dose changed meanwhile, so nothing was changed.")
            return redirect(_back(request, routine))
        setattr(item, current.field, current.new)
        item.save(update_fields=[current.field])
        suggestions.record(
            request.user, item, current.field, current.old, current.new,
            source=DoseChange.Source.SUGGESTION, reason=f"{current.reason} {current.action}", key=key,
            now=timezone.now(), today=user_today(request.user),
        )  # fmt: skip
    words = pacing.field_words(current.field, current.new)
    messages.success(request, f"Changed: {item.exercise.name} is now {words} in {routine.name}.")
    return redirect(_back(request, routine))


@require_POST
@login_required
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide the routine's current suggestion for pacing.NOT_NOW_DAYS days."""
    routine = get_routine_for_user(request, pk)
    key = request.POST.get("key", "")[:100]
    current = _current(request, routine)
    if current is None or current.key != key:
        messages.error(request, "That suggestion is no longer shown, so nothing was changed.")
        return redirect(_back(request, routine))
    until = user_today(request.user) + timedelta(days=pacing.NOT_NOW_DAYS)
    SuggestionHidden.objects.update_or_create(routine=routine, key=key, defaults={"user": request.user, "until": until})
    messages.success(request, f"Not now: Limber will not suggest this again before {until:%-d %B}.")
    return redirect(_back(request, routine))
