from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import delete_when_confirmed, posted

from ..models import Session
from ..session_forms import ManualSessionForm

PER_PAGE = 20


def get_session_for_user(request: HttpRequest, pk: int, *, moves: bool = False) -> Session:
    """Return the person's own session or 404; with `moves`, its moves fetched alongside."""
    sessions = Session.objects.for_user(request.user)
    return get_object_or_404(sessions.prefetch_related("moves") if moves else sessions, pk=pk)


@require_GET
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = (
        Session.objects.for_user(request.user)
        .annotate(moves_total=Count("moves"), moves_done=Count("moves", filter=Q(moves__skipped=False)))
        .order_by("-started_at", "-pk")
    )  # an aggregate drops Meta.ordering
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sessions/list.html", {"page": page})


@require_GET
@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk, moves=True)
    return render(request, "sessions/detail.html", {"session": session})


@require_http_methods(["GET", "POST"])
@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    if request.POST.get("prefill"):
        # A result the server refused, sent by the outbox: shown filled in, for the person to check and save.
        form = ManualSessionForm(user=request.user, initial=ManualSessionForm.prefill(request.POST))
        return render(request, "sessions/form.html", {"form": form, "title": "Keep it as a hand-logged session"})
    form = ManualSessionForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        session, created = form.record()
        if created:
            messages.success(request, "Session logged.")
        else:
            messages.info(request, "This session was already saved.")
        return redirect(session)
    return render(request, "sessions/form.html", {"form": form, "title": "Log a session"})


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    form = ManualSessionForm(
        posted(request), user=request.user, editing=True, initial=ManualSessionForm.initial_for(session, request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.apply(session)
        session.save()
        messages.success(request, "Session updated.")
        return redirect(session)
    return render(request, "sessions/form.html", {"form": form, "session": session, "title": "Edit session"})


@require_http_methods(["GET", "POST"])
@login_required
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    done = f"Deleted the session of {session.local_date:%-d %B %Y}."
    return delete_when_confirmed(request, session, "sessions/delete.html", done, "sessions:list", name="session")
