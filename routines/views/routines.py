from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from core.forms import delete_when_confirmed, parse_id, posted
from core.fragments import cached_page

from .. import suggestions
from ..dates import user_today
from ..forms import ItemDoseForm, RoutineForm
from ..models import Exercise, Routine, RoutineItem
from ..models.routine import new_share_token
from ..timeline import build_timeline, total_seconds

# Enough for any real program; a bound so one routine cannot grow without end.
MAX_ITEMS = 30
# Removed moves that Undo can bring back, kept in the session; the last few are enough.
REMOVED_KEY = "removed_items"
KEEP_REMOVED = 5


def get_routine_for_user(request: HttpRequest, pk: int, *, items: bool = False) -> Routine:
    """Return the person's own routine or 404, so another user's id is never reachable."""
    routines = Routine.objects.for_user(request.user)
    return get_object_or_404(routines.with_items() if items else routines, pk=pk)


def _lock(routine: Routine) -> None:
    """Hold the routine's row until the transaction ends, so concurrent edits of its items queue up."""
    Routine.objects.select_for_update().filter(pk=routine.pk).values_list("pk", flat=True).first()


def _lead_in(request: HttpRequest) -> int:
    return getattr(request.user, "lead_in_seconds", 0) or 0


def _item_form(item: RoutineItem, data=None) -> ItemDoseForm:
    return ItemDoseForm(data, instance=item, prefix=f"item-{item.pk}")


def _picker_results(request: HttpRequest, q: str):
    return Exercise.objects.visible_to(request.user).search(q=q).only("pk", "name", "slug", "kind", "position")


def _items_context(request: HttpRequest, routine: Routine, invalid: dict | None = None) -> dict:
    """The builder's list of moves with one dose form each, and the routine's length from its timeline."""
    invalid = invalid or {}
    routine = Routine.objects.with_items().get(pk=routine.pk)
    items = routine.ordered_items()
    rows = [
        {
            "item": item,
            "form": invalid.get(item.pk) or _item_form(item),
            "number": number,
            "first": number == 1,
            "last": number == len(items),
        }
        for number, item in enumerate(items, start=1)
    ]
    return {
        "routine": routine,
        "rows": rows,
        "duration": routine.duration_seconds(_lead_in(request)),
        "lead_in": _lead_in(request),
        "full": len(items) >= MAX_ITEMS,
    }


def _builder_response(
    request: HttpRequest,
    routine: Routine,
    *,
    status: str = "",
    error: bool = False,
    invalid: dict | None = None,
    anchor: str = "",
    undo: dict | None = None,
    restored: int | None = None,
) -> HttpResponse:
    """After a change to the moves: the list partial for htmx, else back to the builder.

    With ``undo`` (a removed move), the status, or without JavaScript the message, holds its Undo button.
    """
    if request.htmx:
        context = {
            **_items_context(request, routine, invalid),
            "status": status,
            "error": error,
            "oob": True,
            "undo": undo,
            "restored": restored,
        }
        return render(request, "routines/routine_edit.html#items", context)
    if invalid:
        return render(request, "routines/routine_edit.html", _edit_context(request, routine, invalid=invalid))
    if status:
        (messages.error if error else messages.info)(request, status, extra_tags="undo" if undo else "")
    return redirect(reverse("routines:edit", args=[routine.pk]) + (f"#{anchor}" if anchor else ""))


def _edit_context(request: HttpRequest, routine: Routine, *, form=None, invalid=None) -> dict:
    q = request.GET.get("q", "").replace("\x00", "")[:100]
    return {
        **_items_context(request, routine, invalid),
        "form": form or RoutineForm(instance=routine),
        "q": q,
        "results": _picker_results(request, q),
        **_removal_status(request, routine),
    }


def _removal_status(request: HttpRequest, routine: Routine) -> dict:
    """Without JavaScript, the message a Remove redirected with, to show with its Undo button by the list."""
    removal = next((m for m in messages.get_messages(request) if "undo" in m.tags.split()), None)
    undo = _last_removed(request, routine) if removal else None
    return {"status": removal.message, "undo": undo} if undo else {}


@require_GET
@login_required
def routine_list(request: HttpRequest) -> HttpResponse:
    routines = Routine.objects.for_user(request.user).with_items().annotate(last_done=Max("sessions__started_at"))
    lead_in = _lead_in(request)
    rows = [(routine, routine.duration_seconds(lead_in)) for routine in routines]
    return render(request, "routines/routine_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def routine_new(request: HttpRequest) -> HttpResponse:
    form = RoutineForm(posted(request))
    if form.is_valid():
        routine = form.save(commit=False)
        routine.owner = request.user
        routine.save()
        messages.success(request, f"Created “{routine.name}”. Now add its moves.")
        return redirect("routines:edit", routine.pk)
    return render(request, "routines/routine_new.html", {"form": form})


@require_GET
@login_required
@cached_page(lambda request: user_today(request.user))  # suggestions depend on the day too
def routine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk, items=True)
    steps = routine.timeline(_lead_in(request))
    context = {
        "routine": routine,
        "items": routine.ordered_items(),
        "steps": steps,
        "duration": total_seconds(steps),
        "offers": suggestions.offers(request.user, [routine], user_today(request.user)),
    }
    return render(request, "routines/routine_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def routine_edit(request: HttpRequest, pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk)
    form = RoutineForm(posted(request), instance=routine)
    if form.is_valid():
        form.save()
        messages.success(request, f"Saved “{routine.name}”.")
        return redirect("routines:edit", routine.pk)
    if form.is_bound:
        # The instance took the rejected values; show the saved name in the heading.
        routine = get_routine_for_user(request, pk)
    return render(request, "routines/routine_edit.html", _edit_context(request, routine, form=form))


@require_GET
@login_required
@vary_on_headers("HX-Request")
def picker(request: HttpRequest, pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk)
    q = request.GET.get("q", "").replace("\x00", "")[:100]
    if request.htmx and not request.htmx.history_restore_request:
        context = {"routine": routine, "q": q, "results": _picker_results(request, q)}
        return render(request, "routines/routine_edit.html#picker-results", context)
    url = reverse("routines:edit", args=[routine.pk])
    return redirect(f"{url}?{urlencode({'q': q})}#picker" if q else f"{url}#picker")


@require_POST
@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk)
    pk = parse_id(request.POST.get("exercise", ""))
    exercise = Exercise.objects.visible_to(request.user).filter(pk=pk).first() if pk is not None else None
    if exercise is None:
        return _builder_response(
            request, routine, status="That move is not in your library. Nothing was added.", error=True
        )
    with transaction.atomic():
        _lock(routine)
        if routine.items.count() >= MAX_ITEMS:
            return _builder_response(
                request, routine, status=f"A routine holds at most {MAX_ITEMS} moves. Nothing was added.", error=True
            )
        item = routine.add_item(exercise)
    return _builder_response(request, routine, status=f"Added {exercise.name}.", anchor=f"item-{item.pk}")


@require_POST
@login_required
def item_update(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk)
    item = get_object_or_404(routine.items.with_exercise(), pk=item_pk)
    form = _item_form(item, request.POST)
    if not form.is_valid():
        if request.htmx:
            # Only this move's row comes back, with the numbers as typed, so the other rows keep theirs.
            rows = _items_context(request, routine, {item.pk: form})["rows"]
            row = next((row for row in rows if row["item"].pk == item.pk), None)
            if row is None:
                raise Http404("No such move in this routine.")
            response = render(request, "routines/routine_edit.html#row", {"routine": routine, "row": row})
            return retarget(reswap(response, "outerHTML settle:0ms"), f"#item-{item.pk}")
        status = f"{item.exercise.name} was not saved: check the highlighted numbers."
        return _builder_response(request, routine, status=status, error=True, invalid={item.pk: form})
    with transaction.atomic():
        _lock(routine)  # an accepted suggestion meanwhile is read here, so the change kept starts from it
        saved = routine.items.filter(pk=item.pk).values(*suggestions.DOSE_FIELDS).first()
        if saved is None:
            raise Http404("No such move in this routine.")
        form.save()
        suggestions.record_hand_edit(request.user, item, saved, timezone.now(), user_today(request.user))
    if request.htmx:
        # The row's status says Saved; its dose line and the routine's length follow. The fields
        # are left as they are, so a person already typing in the next one loses nothing.
        duration = Routine.objects.with_items().get(pk=routine.pk).duration_seconds(_lead_in(request))
        context = {"routine": routine, "item": item, "duration": duration, "length_oob": True}
        return render(request, "routines/routine_edit.html#dose-saved", context)
    return _builder_response(request, routine, status=f"Saved {item.exercise.name}.", anchor=f"item-{item.pk}")


@require_GET
@login_required
def item_preview(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The routine's length with one move's dose as typed, before it is saved; nothing is written.

    Numbers that would not be saved change nothing on the page (204): Save explains them.
    """
    routine = get_routine_for_user(request, pk, items=True)
    items = routine.ordered_items()
    item = next((item for item in items if item.pk == item_pk), None)
    if item is None:
        raise Http404("No such move in this routine.")
    form = _item_form(item, request.GET)
    if not form.is_valid():  # validating puts the typed dose on the item, in memory only
        return HttpResponse(status=204)
    duration = total_seconds(build_timeline(items, _lead_in(request)))
    context = {"duration": duration, "unsaved": form.has_changed()}
    return render(request, "routines/routine_edit.html#length", context)


def _locked_items(routine: Routine, item_pk: int) -> tuple[list[RoutineItem], int]:
    """Lock the routine (inside a transaction) and return its items in order and where ``item_pk``
    stands among them; a 404 when it is not one of them."""
    _lock(routine)
    items = list(routine.items.with_exercise())
    index = next((i for i, item in enumerate(items) if item.pk == item_pk), None)
    if index is None:
        raise Http404("No such move in this routine.")
    return items, index


@require_POST
@login_required
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest("Choose to move the move up or down.")
    with transaction.atomic():
        items, index = _locked_items(routine, item_pk)
        other = index - 1 if direction == "up" else index + 1
        moved = items[index]
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        # Renumber all of them, so equal or gapped orders left by older edits settle into one order.
        for number, item in enumerate(items, start=1):
            item.order = number
        RoutineItem.objects.bulk_update(items, ["order"])
    position = items.index(moved) + 1
    status = f"{moved.exercise.name} is now move {position} of {len(items)}."
    return _builder_response(request, routine, status=status, anchor=f"item-{moved.pk}")


@require_POST
@login_required
def item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk)
    with transaction.atomic():
        items, index = _locked_items(routine, item_pk)
        item = items[index]
        _keep_removed(request, routine, item, index)  # while the item still has its id
        item.delete()
    status = f"Removed {item.exercise.name}."
    return _builder_response(request, routine, status=status, anchor="moves", undo=_last_removed(request, routine))


def _keep_removed(request: HttpRequest, routine: Routine, item: RoutineItem, index: int) -> None:
    """Keep a removed move's place and dose in the session (the last few), for Undo."""
    kept = {f: getattr(item, f) for f in RoutineItem.COPIED_FIELDS}
    entry = {**kept, "pk": item.pk, "routine": routine.pk, "index": index, "name": item.exercise.name}
    removed = [e for e in request.session.get(REMOVED_KEY, []) if e["pk"] != item.pk]
    request.session[REMOVED_KEY] = [*removed, entry][-KEEP_REMOVED:]


def _last_removed(request: HttpRequest, routine: Routine) -> dict | None:
    """The move removed last from this routine that Undo can still bring back, if any."""
    mine = [e for e in request.session.get(REMOVED_KEY, []) if e["routine"] == routine.pk]
    return mine[-1] if mine else None


@require_POST
@login_required
def item_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a removal: the move comes back where it was, with the dose it had.

    The move comes back under its old id, so a second Undo (a double tap, a retry, another tab)
    finds it there and adds nothing.
    """
    routine = get_routine_for_user(request, pk)
    item_pk = parse_id(request.POST.get("item", ""))
    removed = request.session.get(REMOVED_KEY, [])
    entry = next((e for e in removed if e["pk"] == item_pk and e["routine"] == routine.pk), None)
    if entry is None:
        if item_pk is not None and routine.items.filter(pk=item_pk).exists():
            return _builder_response(request, routine, status="That move is already back.", anchor=f"item-{item_pk}")
        return _builder_response(request, routine, status="There is nothing to undo.", error=True)
    with transaction.atomic():
        _lock(routine)
        restored = RoutineItem.objects.filter(pk=entry["pk"]).exists()
        exercise = Exercise.objects.visible_to(request.user).filter(pk=entry["exercise_id"]).first()
        if not restored and exercise is None:
            status = f"{entry['name']} is no longer in your library, so it cannot come back."
            return _builder_response(request, routine, status=status, error=True)
        items = list(routine.items.with_exercise())
        if not restored and len(items) >= MAX_ITEMS:
            status = f"A routine holds at most {MAX_ITEMS} moves. Remove one first."
            return _builder_response(request, routine, status=status, error=True)
        if not restored:
            fields = {f: entry[f] for f in RoutineItem.COPIED_FIELDS}
            item = RoutineItem.objects.create(pk=entry["pk"], routine=routine, **fields)
            items.insert(min(entry["index"], len(items)), item)
            for number, each in enumerate(items, start=1):
                each.order = number
            RoutineItem.objects.bulk_update(items, ["order"])
    request.session[REMOVED_KEY] = [e for e in removed if e["pk"] != entry["pk"]]
    status = f"{entry['name']} is back." if not restored else "That move is already back."
    return _builder_response(request, routine, status=status, anchor=f"item-{entry['pk']}", restored=entry["pk"])


@require_POST
@login_required
def routine_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk, items=True)
    copy = routine.copy_for(request.user, name=f"{routine.name} (copy)"[:100])
    messages.success(request, f"Made a copy: “{copy.name}”. Rename it or change its moves here.")
    return redirect("routines:edit", copy.pk)


@require_http_methods(["GET", "POST"])
@login_required
def routine_delete(request: HttpRequest, pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk, items=True)
    done = f"Deleted “{routine.name}”. Sessions you did with it stay in your history."
    return delete_when_confirmed(
        request, routine, "routines/routine_delete.html", done, "routines:list", name="routine"
    )


@require_POST
@login_required
def routine_share(request: HttpRequest, pk: int) -> HttpResponse:
    routine = get_routine_for_user(request, pk)
    action = request.POST.get("action")
    if action == "create":
        if not routine.share_token:
            routine.share_token = new_share_token()
            routine.save(update_fields=["share_token", "updated_at"])
        messages.success(request, "Share link ready. Anyone with it can see this routine and copy it.")
    elif action == "revoke":
        routine.share_token = None
        routine.save(update_fields=["share_token", "updated_at"])
        messages.success(request, "Share link turned off. The old link no longer works.")
    else:
        return HttpResponseBadRequest("Choose to create or turn off the share link.")
    return redirect(reverse("routines:detail", args=[routine.pk]) + "#share")


@require_GET
def shared_detail(request: HttpRequest, token: str) -> HttpResponse:
    routine = get_object_or_404(Routine.objects.with_items().filter(share_token__isnull=False), share_token=token)
    steps = routine.timeline(_lead_in(request))
    here = request.get_full_path()
    context = {
        "routine": routine,
        "items": routine.ordered_items(),
        "steps": steps,
        "duration": total_seconds(steps),
        "is_owner": request.user.is_authenticated and routine.owner_id == request.user.pk,
        "next_query": urlencode({"next": here}),
    }
    return render(request, "routines/routine_shared.html", context)


@require_POST
@login_required
def shared_copy(request: HttpRequest, token: str) -> HttpResponse:
    routine = get_object_or_404(Routine.objects.with_items().filter(share_token__isnull=False), share_token=token)
    copy = routine.copy_for(request.user)
    messages.success(request, f"“{copy.name}” is now in your routines. Changing it never changes the shared one.")
    return redirect("routines:detail", copy.pk)


@require_GET
@login_required
def starter_list(request: HttpRequest) -> HttpResponse:
    lead_in = _lead_in(request)
    rows = [(routine, routine.duration_seconds(lead_in)) for routine in Routine.objects.starters().with_items()]
    return render(request, "routines/routine_starters.html", {"rows": rows})


@require_POST
@login_required
def starter_use(request: HttpRequest, pk: int) -> HttpResponse:
    starter = get_object_or_404(Routine.objects.starters().with_items(), pk=pk)
    copy = starter.copy_for(request.user)
    messages.success(
        request, f"“{copy.name}” is now in your routines. Change it as you like: the starter stays as it was."
    )
    return redirect("routines:detail", copy.pk)
