"""Cache whole pages per person, keyed by their data version.

``cached_page`` keeps a page (Today, a routine, History, the calendar, the library) under a
key that holds the person (or "anonymous"), their ``data_version`` (moved on by every change
they make: accounts.middleware.DataVersionMiddleware), the page's path, the values of the
query parameters the page reads (``params``; any others, however many, do not make a new
entry) and whatever else the caller names (their today, say). A change they make is therefore
seen on the next request; a change made for them by someone else (the admin, a new release
of the library) shows within FRAGMENT_SECONDS. Each form gets this request's CSRF token.

``cached_each`` renders one small template per object (a library card) and shares each
rendering with everyone who sees the same object, whatever they searched for.
"""

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from functools import wraps

from django.contrib import messages
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

FRAGMENT_SECONDS = 300


def fragment_key(request: HttpRequest, template_name: str, params: Sequence[str], *parts: object) -> str:
    user = request.user
    owner = f"{user.pk}:{user.data_version}" if user.is_authenticated else "anonymous"
    query = [(name, request.GET.get(name)) for name in params]
    detail = "\n".join(map(repr, (template_name, request.path, query, *parts)))
    return f"fragment:{owner}:{hashlib.sha256(detail.encode(errors='surrogatepass')).hexdigest()}"


def cached_each(
    request: HttpRequest,
    template_name: str,
    name: str,
    keyed: Sequence[tuple[str, object]],
    load: Callable[[list], Mapping[object, object]],
) -> list[SafeString]:
    """Return the template rendered with ``{name: obj}`` for each ``(key, id)`` of ``keyed``, in
    order, each from the cache under its key when there. Only the objects whose rendering is
    missing are loaded, by ``load(ids)`` (a mapping from id to object). The key must change
    whenever the rendering would, and name the person when the rendering is theirs alone."""
    keys = [f"each:{template_name}:{key}" for key, _ in keyed]
    found = cache.get_many(keys)
    wanted = [(cache_key, id_) for cache_key, (_, id_) in zip(keys, keyed, strict=True) if cache_key not in found]
    if wanted:
        objects = load([id_ for _, id_ in wanted])
        missing = {
            cache_key: render_to_string(template_name, {name: objects[id_]}, request) for cache_key, id_ in wanted
        }
        cache.set_many(missing, FRAGMENT_SECONDS)
        found.update(missing)
    return [mark_safe(found[cache_key]) for cache_key in keys]


CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Where a cached page's CSRF tokens go; no rendered page holds NUL (every input is refused with it).
CSRF_SLOT = "\x00csrf\x00"
PAGE_HEADERS = ("Content-Type", "Vary")


def cached_page(
    *parts: Callable[[HttpRequest], object],
    params: Sequence[str] = (),
    apart: Callable[[HttpRequest], bool] | None = None,
) -> Callable:
    """Serve a GET page from the cache while the person's data (or, for someone not signed in,
    the library) and ``parts`` (functions of the request, such as their today) are unchanged.

    Only a GET is served from the cache, and only a 200 answer to one is kept. A request for
    which ``apart`` holds is kept in the "searches" cache instead: a parameter with endless
    values (a search's words) would otherwise fill the shared cache with pages few ask for
    twice and push out the pages everyone does, each person's Today among them. Every form's CSRF
    token is replaced by this request's, so a cached page never carries another request's token;
    a page with messages waiting is neither served from nor kept in the cache, as the messages
    are shown once.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "GET" or len(messages.get_messages(request)):
                return view(request, *args, **kwargs)
            htmx = (request.headers.get("HX-Request"), request.headers.get("HX-Target"))
            where = (request.scheme, request.get_host())  # a page may hold its own address
            extra = (view.__module__, view.__qualname__, args, sorted(kwargs.items()), htmx, where)
            key = fragment_key(request, "page", params, *extra, *(part(request) for part in parts))
            store = caches["searches"] if apart and apart(request) else cache
            kept = store.get(key)
            if kept is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming and not len(messages.get_messages(request)):
                    html = CSRF_INPUT.sub(rf"\g<1>{CSRF_SLOT}\g<2>", response.content.decode())
                    headers = {name: response[name] for name in PAGE_HEADERS if response.has_header(name)}
                    store.set(key, (html, headers), FRAGMENT_SECONDS)
                return response
            html, headers = kept
            if CSRF_SLOT in html:
                html = html.replace(CSRF_SLOT, get_token(request))
            return HttpResponse(html, headers=headers)

        return wrapper

    return decorator
