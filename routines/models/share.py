"""A private link to a person's live report, for their physiotherapist.

The link's token is the permission, so it is long and random, and only its SHA-256
digest is stored: someone who reads the database (a backup, the admin) learns no
working link. A token of 256 random bits needs no slow or salted hash to stay
unguessable; the digest makes the lookup an index probe on a value an attacker
cannot steer, and the comparison afterwards takes constant time.
"""

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.models import User


TOKEN_BYTES = 32
# What secrets.token_urlsafe(32) gives: 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
# The choices the person has for how long a link works; 0 is "never expires".
EXPIRY_DAYS = (30, 90, 0)
# The owner sees when the link was last opened; a physiotherapist paging through the
# report should not make a write per page, so the time is kept to the minute.
OPENED_EVERY = timedelta(minutes=1)


def token_digest(token: str) -> str:
    """Return the hex SHA-256 digest of a token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed(token: str) -> bool:
    """Return whether a token has the shape of one Limber made (checked before any query)."""
    return bool(TOKEN_PATTERN.fullmatch(token))


class ReportShareQuerySet(models.QuerySet):
    def for_user(self, user: "User") -> "ReportShareQuerySet":
        return self.filter(user=user)

    def live(self, now: datetime | None = None) -> "ReportShareQuerySet":
        """The links that still work: not revoked, and not past their expiry."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ReportShare(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_shares")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: the link never expires.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    include_notes = models.BooleanField(default=False, help_text="Show the notes flagged for the report.")
    show_name = models.BooleanField(default=False, help_text="Show the person's name at the top.")
    last_opened_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReportShareQuerySet.as_manager()

    class Meta:
        verbose_name = "report link"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One working link per person: making a new one turns the old one off.
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_unrevoked_report_share"
            ),
        ]

    def __str__(self) -> str:
        return f"Report link of {self.user} from {self.created_at:%Y-%m-%d}"

    def is_live(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def note_opened(self, now: datetime | None = None) -> None:
        """Record that the link was opened now (at most one write a minute)."""
        now = now or timezone.now()
        if self.last_opened_at is None or now - self.last_opened_at >= OPENED_EVERY:
            type(self).objects.filter(pk=self.pk).update(last_opened_at=now)
            self.last_opened_at = now


def make_share(user: "User", *, days: int, include_notes: bool, show_name: bool) -> tuple[ReportShare, str]:
    """Turn off the person's link if any and make a new one; return it and its token (not kept anywhere)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    with transaction.atomic():
        # One change at a time per person: two clicks cannot leave two links working.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        ReportShare.objects.for_user(user).filter(revoked_at__isnull=True).update(revoked_at=now)
        share = ReportShare.objects.create(
            user=user,
            token_digest=token_digest(token),
            expires_at=now + timedelta(days=days) if days else None,
            include_notes=include_notes,
            show_name=show_name,
        )
    return share, token


def find_live(token: str) -> ReportShare | None:
    """Return the working link with this token, with its owner, or None."""
    if not well_formed(token):
        return None
    digest = token_digest(token)
    share = ReportShare.objects.live().select_related("user").filter(token_digest=digest, user__is_active=True).first()
    if share is None or not hmac.compare_digest(share.token_digest, digest):
        return None
    return share
