"""The installable app: its manifest, its service worker, the offline page and the list of pages to keep."""

import json

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.middleware import user_not_needed

from .. import offline
from ..icons import ICONS

# The stylesheet's --bg and --brand, light then dark (limber.css); base.html sets the dark ones.
BACKGROUND = "#f7f5f0"
THEME = "#1f6f5c"


@user_not_needed
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    icons = [
        {
            "src": static(f"img/icons/{name}"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable" if maskable else "any",
        }
        for name, size, maskable in ICONS
    ]
    data = {
        "id": reverse("today:index"),
        "name": "Limber: hip and back routines",
        "short_name": "Limber",
        "description": "Your home stretching and strengthening routines, with a timer, even without a connection.",
        "start_url": reverse("today:index"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "icons": icons,
    }
    response = HttpResponse(json.dumps(data, indent=1), content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@user_not_needed
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """``static/js/sw.js``, served from the root so that it may control every page, told the
    deploy's version and the addresses it keeps."""
    path = finders.find("js/sw.js")
    if not path:
        raise Http404("No service worker.")
    with open(path, encoding="utf-8") as handle:
        script = handle.read()
    config = {
        "version": offline.deploy_version(),
        "shell": offline.shell_urls(),
        "offline": reverse("offline:page"),
        "pages": reverse("offline:pages"),
    }
    response = HttpResponse(
        f"self.LIMBER = {json.dumps(config)};\n{script}", content_type="text/javascript; charset=utf-8"
    )
    # The browser asks again on every visit, so a deploy is picked up at once.
    response["Cache-Control"] = "no-cache"
    return response


@user_not_needed
@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it does not have. The same for everyone (it is kept in
    the shell), so it is rendered as for nobody: no name, no form, no message of anyone's."""
    return render(request, "offline.html", {"user": AnonymousUser(), "messages": []})


@never_cache
@require_GET
def offline_pages(request: HttpRequest) -> JsonResponse:
    """Whose pages the worker may keep, which, and a CSRF token for sending results kept offline."""
    if not request.user.is_authenticated:
        return JsonResponse({"owner": None}, status=403)
    return JsonResponse(
        {
            "owner": offline.owner_key(request.user),
            "version": offline.pages_version(request.user),
            "urls": offline.pages_for(request.user),
            "csrf": get_token(request),
        }
    )
