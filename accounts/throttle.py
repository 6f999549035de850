"""Who is asking, and how often: the client's address and a bound on password-reset mails."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# A person who lost their password needs one mail, perhaps a second; more only fill someone's inbox.
RESET_MAILS_PER_ADDRESS = 3
RESET_MAILS_PER_CLIENT = 10
RESET_WINDOW_SECONDS = 60 * 60


def client_ip(request: HttpRequest) -> str | None:
    """Return the address of the person's device.

    Behind the TLS proxy (BEHIND_TLS_PROXY) every connection comes from the proxy,
    which appends the address it saw to X-Forwarded-For; that last entry is the one
    to trust, as anything before it came from the client. Without the proxy the
    header is the client's own word, so only the connection's address counts.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


def _count(key: str) -> int:
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        return 1


def may_send_reset_mail(email: str, request: HttpRequest) -> bool:
    """Count one password-reset request; return whether its mail may go (both bounds per hour)."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    per_address = _count(f"reset-mail:address:{digest}")
    per_client = _count(f"reset-mail:client:{client_ip(request)}")
    return per_address <= RESET_MAILS_PER_ADDRESS and per_client <= RESET_MAILS_PER_CLIENT
