import zoneinfo
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import F
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
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                get_user_model().objects.filter(pk=user.pk).update(data_version=F("data_version") + 1)
        return response
