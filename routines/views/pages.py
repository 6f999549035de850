from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.middleware import user_not_needed

from .. import safety
from ..sources import SOURCES, cite


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("today:index")
    return render(request, "home.html")


@user_not_needed
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Answer a load balancer; `?db=0` skips the database (a liveness check, and the benchmark's ceiling)."""
    if request.GET.get("db") != "0":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def safety_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "routines/safety.html",
        {"safety": safety, "groups": safety.by_tier(), "sources": cite(tuple(safety.source_keys()))},
    )


@require_GET
def sources_page(request: HttpRequest) -> HttpResponse:
    return render(request, "routines/sources.html", {"sources": SOURCES})
