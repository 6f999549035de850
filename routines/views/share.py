"""The report link a person shares with their physiotherapist: make it, change what it shows, turn it off,
and the read-only report it opens for anyone who has it."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.middleware import user_not_needed
from accounts.throttle import client_ip
from core.fragments import FRAGMENT_SECONDS

from .. import history_page
from ..dates import user_today
from ..forms import ReportPeriodForm
from ..models.share import ReportShare, find_live, make_share, token_digest
from ..report import SHARED_DEFAULT_DAYS, default_period
from ..share_forms import NewShareForm, ShareOptionsForm

# The new link's token, kept in the person's session only until the page has shown it once.
NEW_TOKEN_KEY = "new_report_share_token"
# Wrong links from one address before every link answers "too many tries" for the hour:
# a person who mistypes one needs a few, someone walking the token space needs billions.
MISSES_PER_CLIENT = 20
MISS_WINDOW_SECONDS = 60 * 60


def get_share_for_user(request: HttpRequest, pk: int) -> ReportShare:
    return get_object_or_404(ReportShare.objects.for_user(request.user).live(), pk=pk)


def _live_share(user) -> ReportShare | None:
    return ReportShare.objects.for_user(user).live().first()


def _page_context(share: ReportShare | None, new_form: NewShareForm, link: str | None = None) -> dict:
    options = None
    if share is not None:
        options = ShareOptionsForm(initial={"include_notes": share.include_notes, "show_name": share.show_name})
    return {"share": share, "link": link, "new_form": new_form, "options_form": options}


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    share = _live_share(request.user)
    token = request.session.pop(NEW_TOKEN_KEY, None)
    link = None
    if share is not None and token and token_digest(token) == share.token_digest:
        link = request.build_absolute_uri(reverse("history:shared", args=[token]))
    response = render(request, "routines/share.html", _page_context(share, NewShareForm(), link))
    response["Cache-Control"] = "private, no-store"  # the new link is on it
    return response


@require_POST
@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = NewShareForm(request.POST)
    share = _live_share(request.user)
    if not form.is_valid():
        return render(request, "routines/share.html", _page_context(share, form))
    _new, token = make_share(
        request.user,
        days=form.cleaned_data["expires"],
        include_notes=form.cleaned_data["include_notes"],
        show_name=form.cleaned_data["show_name"],
    )
    request.session[NEW_TOKEN_KEY] = token
    if share is not None:
        messages.success(request, "New link made. The old link no longer works.")
    else:
        messages.success(request, "Link made. Send it to your physiotherapist.")
    return redirect("history:share")


@require_POST
@login_required
def options(request: HttpRequest, pk: int) -> HttpResponse:
    share = get_share_for_user(request, pk)
    form = ShareOptionsForm(request.POST)
    form.is_valid()  # two checkboxes: any post is valid, a missing one is "off"
    share.include_notes = form.cleaned_data["include_notes"]
    share.show_name = form.cleaned_data["show_name"]
    share.save(update_fields=["include_notes", "show_name"])
    messages.success(request, "Saved. The link shows this from now on.")
    return redirect("history:share")


@require_http_methods(["GET", "POST"])
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    share = get_share_for_user(request, pk)
    if request.method == "POST":
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        messages.success(request, "Link turned off. Anyone who opens it now finds nothing.")
        return redirect("history:share")
    return render(request, "routines/share_revoke.html", {"share": share})


def _misses_key(request: HttpRequest) -> str:
    return f"report-share:misses:{client_ip(request)}"


def _count_miss(key: str) -> None:
    cache.add(key, 0, MISS_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, MISS_WINDOW_SECONDS)


def _private(response: HttpResponse) -> HttpResponse:
    # A report of someone's health: no cache keeps it, no search engine lists it, and
    # a link clicked on it does not tell the next site the token (it is in the URL).
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@user_not_needed
@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The live report behind a link: the same for whoever opens it, without logging in."""
    # Nobody's account shows on it (not even the viewer's own), so the session is never read.
    request.user = AnonymousUser()
    misses = _misses_key(request)
    if (cache.get(misses) or 0) >= MISSES_PER_CLIENT:
        response = render(request, "routines/shared_report_throttled.html", status=429)
        response["Retry-After"] = str(MISS_WINDOW_SECONDS)
        return _private(response)
    share = find_live(token)
    if share is None:
        _count_miss(misses)
        raise Http404("No such report link")
    share.note_opened()
    return _private(HttpResponse(_page(request, share, token)))


def _page(request: HttpRequest, share: ReportShare, token: str) -> str:
    """Return the page, from the cache while the owner's data and the link's options are unchanged.

    The page holds nothing of the request but the period asked for (no messages, no CSRF
    token, no viewer), so one copy serves every visit with the same period.
    """
    owner = share.user
    today = user_today(owner)
    asked = (request.GET.get("start"), request.GET.get("end")) if {"start", "end"} & request.GET.keys() else None
    detail = repr((share.pk, owner.data_version, share.include_notes, share.show_name, today, asked))
    key = f"shared-report:{share.pk}:{hashlib.sha256(detail.encode(errors='surrogatepass')).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("routines/shared_report.html", _context(share, token, today, asked, request), request)
        cache.set(key, html, FRAGMENT_SECONDS)
    return html


def _context(share: ReportShare, token: str, today, asked, request: HttpRequest) -> dict:
    owner = share.user
    default_start, _ = default_period(today, SHARED_DEFAULT_DAYS)
    if asked is None:
        form = ReportPeriodForm(initial={"start": default_start, "end": today}, today=today)
    else:
        form = ReportPeriodForm(request.GET, today=today)
    context = {
        "form": form,
        "today": today,
        "token": token,
        "person_name": (owner.get_full_name() or owner.username) if share.show_name else "",
    }
    if asked is not None and not form.is_valid():
        return context
    start, end = (form.cleaned_data["start"], form.cleaned_data["end"]) if asked is not None else (default_start, today)
    context.update(history_page.report_context(owner, start, end, notes=share.include_notes, chart_prefix="shared"))
    return context
