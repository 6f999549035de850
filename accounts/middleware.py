import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class UserTimezoneMiddleware:
    """Make the signed-in person's time zone the current one, so "today" is their today."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class DataVersionMiddleware:
    """After any change a signed-in person asks for, move their data version on.

    Every write in Limber comes through an unsafe request by the person whose data it
    is, so this one rule keeps their cached fragments (config.fragments) from ever
    showing what they had before. It runs after the view, i.e. after its transaction
    has committed, so a fragment cached under the old version is never newer than it.
    A view may move the version inside its own transaction instead (the session save
    does); then it is not moved twice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not getattr(user, "data_version_moved", False):
                user.move_data_version()
        return response
