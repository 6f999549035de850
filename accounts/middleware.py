from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from routines.dates import zone_of

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def user_not_needed(view: Callable) -> Callable:
    """Mark a view that never reads the signed-in person, so no middleware loads them for it.

    Loading the person costs the session row and the user row; the health check, which a
    load balancer calls every few seconds, needs neither.
    """
    view.user_not_needed = True
    return view


class UserTimezoneMiddleware:
    """Make the signed-in person's time zone the current one, so "today" is their today."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict) -> None:
        if getattr(view, "user_not_needed", False):
            return
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_of(user))


def nothing_changed(request: HttpRequest) -> None:
    """Say that this unsafe request wrote nothing (or moved the data version itself when it did):
    DataVersionMiddleware then leaves the version alone, and the person's cached pages stay."""
    request.data_version_settled = True


class DataVersionMiddleware:
    """After any change a signed-in person asks for, move their data version on.

    Every write in Limber comes through an unsafe request by the person whose data it
    is, so this one rule keeps their cached fragments (core.fragments) from ever
    showing what they had before. It runs after the view, i.e. after its transaction
    has committed, so a fragment cached under the old version is never newer than it.
    A view may move the version inside its own transaction instead (the session save
    does); then it is not moved twice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and not getattr(request, "data_version_settled", False):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not getattr(user, "data_version_moved", False):
                user.move_data_version()
        return response


def _read_who(request: HttpRequest) -> bool:
    """Whether the request looked at its session: one that did not cannot be anyone's own page,
    and asking who is signed in would cost it the queries it avoided (the health check)."""
    session = getattr(request, "session", None)
    return session is not None and session.accessed and hasattr(request, "user")


class PrivatePagesMiddleware:
    """Tell every cache that a signed-in person's pages are theirs alone: shared caches keep none,
    and the browser asks again before reusing one. A view may say more (the exports say no-store)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _read_who(request) and request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


class OfflineOwnerMiddleware:
    """Say whose page this is (``Limber-Owner``: an opaque key, empty for nobody), so the service
    worker keeps pages for one person only and drops them when someone else, or nobody, is signed in.

    Only pages that read the session say anything: one that did not is nobody's and changes nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from routines.offline import owner_key

        response = self.get_response(request)
        if _read_who(request) and response.get("Content-Type", "").startswith("text/html"):
            response["Limber-Owner"] = owner_key(request.user) if request.user.is_authenticated else ""
        return response
