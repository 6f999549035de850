"""The next-morning check: on the person's day after a session, Today asks for the pain on waking.

One answer (or a skip) is stored on every session of the day before that has not been
asked yet, so the question comes once per morning and never twice for a session.
"""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .models import Session

if TYPE_CHECKING:
    from accounts.models import User


def yesterday(today: date) -> date:
    return today - timedelta(days=1)


def yesterday_unasked(user: "User", today: date):
    """Return the person's sessions of the day before `today` whose morning pain was not yet asked."""
    return Session.objects.for_user(user).filter(local_date=yesterday(today), morning_checked_at__isnull=True)


def question(user: "User", today: date) -> dict | None:
    """Return what Today needs to ask this morning (the day asked about and its routines), or None (one query)."""
    names = list(yesterday_unasked(user, today).order_by("started_at").values_list("routine_name", flat=True))
    if not names:
        return None
    return {"day": yesterday(today), "routines": list(dict.fromkeys(names))}


def record(user: "User", today: date, day: date, pain: int | None, now: datetime) -> int:
    """Store this morning's pain (None: skipped) on the day's unasked sessions; return how many were updated.

    Only the day before `today` is asked about: an answer sent for any other day updates nothing.
    """
    if day != yesterday(today):
        return 0
    return yesterday_unasked(user, today).update(morning_pain=pain, morning_checked_at=now)
