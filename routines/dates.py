"""The person's "today".

The server decides what today is, in the person's own time zone, through
`user_today` alone. Browser tests need to move that day forward, so a test may
set `LIMBER_TODAY_OVERRIDE` (a date) together with `LIMBER_TESTING = True`.
Neither setting is read from the environment in config/settings.py, and the
override is ignored whenever DEBUG is on, so no deployment can switch it on.
"""

import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def zone_of(user) -> zoneinfo.ZoneInfo:
    """Return the person's time zone, or UTC when the stored name is unknown."""
    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_date(moment: datetime, zone_name: str) -> date:
    """Return the calendar day that the aware datetime `moment` falls on in the zone `zone_name`."""
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).date()


def _test_override() -> date | None:
    if settings.DEBUG or not getattr(settings, "LIMBER_TESTING", False):
        return None
    return getattr(settings, "LIMBER_TODAY_OVERRIDE", None)


def user_today(user) -> date:
    """Return today's date in the person's own time zone."""
    override = _test_override()
    if override is not None:
        return override
    return timezone.now().astimezone(zone_of(user)).date()
