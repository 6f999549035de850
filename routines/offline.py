"""What Limber keeps for use without a connection, and for whom.

The service worker (``static/js/sw.js``) keeps two kinds of thing:

- the *shell*: the offline page, the stylesheet, the scripts, the icons and the manifest. They
  hold nothing personal, and their names are part of ``deploy_version()``, so a deploy that
  changes any of them installs a new worker, which drops the old caches;
- one person's *pages*: ``pages_for(user)``. Each signed-in page carries its owner's
  ``owner_key()`` (``Limber-Owner`` header), and the worker keeps pages only for that owner,
  dropping them all when it sees a page for someone else or for nobody.

``docs/offline.md`` says what is kept, for how long and how it is cleared.
"""

import hashlib
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Exercise, Routine

if TYPE_CHECKING:
    from accounts.models import User


# Enough for anyone's own list; a page per routine would otherwise make a first visit slow.
MAX_ROUTINES = 60

SHELL_STATIC = (
    "css/limber.css",
    "css/player.css",
    "img/favicon.svg",
    "img/icons/icon-192.png",
    "img/icons/icon-512.png",
    "img/icons/maskable-192.png",
    "img/icons/maskable-512.png",
    "js/offline.js",
    "js/outbox.js",
    "js/checkin.js",
    "js/player.js",
    "django_htmx/htmx-2.min.js",
)


def shell_static() -> tuple[str, ...]:
    """Return the static files every cached page needs, as paths under STATIC_URL's root."""
    # DEBUG adds django-htmx's error helper after htmx itself (django_htmx.jinja.htmx_script).
    return (*SHELL_STATIC, "django_htmx/django-htmx.js") if settings.DEBUG else SHELL_STATIC


def shell_urls() -> list[str]:
    """Return the addresses of the shell: the offline page, the manifest and the static files."""
    return [reverse("offline:page"), reverse("offline:manifest"), *(static(path) for path in shell_static())]


@lru_cache(maxsize=1)
def deploy_version() -> str:
    """Return a short hash of the worker's script and every shell file's name and content.

    Any change to them (a deploy) gives the worker a new version, so the browser installs it and
    it replaces the old caches. Computed once per process: files do not change under a running server.
    """
    digest = hashlib.sha256()
    for path in ("js/sw.js", *shell_static()):
        digest.update(static(path).encode())
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:16]


def owner_key(user: "User") -> str:
    """Return an opaque key for this person's cached pages: the same on every page of theirs,
    different for everyone else, and saying nothing about who they are."""
    return salted_hmac("limber.offline.owner", f"{user.pk}:{user.date_joined.isoformat()}").hexdigest()[:24]


def pages_version(user: "User") -> str:
    """Return what the person's cached pages depend on: their data, their day and the deploy.

    A page passes it to the worker, which fetches the pages again only when it changed.
    """
    return f"{owner_key(user)}.{user.data_version}.{timezone.localdate().isoformat()}.{deploy_version()}"


def pages_for(user: "User") -> list[str]:
    """Return the addresses of this person's pages to keep for offline use: Today, the routine
    list, and for each of their routines its page, check-in and player, with the photos of
    their own moves in it."""
    urls = [reverse("today:index"), reverse("routines:list")]
    routines = list(Routine.objects.for_user(user).order_by("-updated_at", "pk")[:MAX_ROUTINES])
    for routine in routines:
        urls += [
            reverse("routines:detail", args=[routine.pk]),
            reverse("player:play", args=[routine.pk]),
            reverse("player:run", args=[routine.pk]),
        ]
    photos = (
        Exercise.objects.filter(owner=user, routine_items__routine__in=routines)
        .exclude(photo="")
        .values_list("slug", flat=True)
        .distinct()
    )
    for slug in photos:
        urls += [reverse("library:photo", args=[slug]), reverse("library:photo_thumb", args=[slug])]
    return urls
