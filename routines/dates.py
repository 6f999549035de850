"""The person's "today".

The server decides what today is, in the person's own time zone, through
`user_today` alone. Browser tests need to move that day forward, so a test may
set `LIMBER_TODAY_OVERRIDE` (a date) together with `LIMBER_TESTING = True`.
Neither setting is read from the environment in config/settings.py, and the
override is ignored whenever DEBUG is on, so no deployment can switch it on.
"""

import zoneinfo
from datetime import date, datetime, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone


def zone_of(user) -> zoneinfo.ZoneInfo:
    """Return the person's time zone, or UTC when the stored name is unknown."""
    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_date(user, moment: datetime) -> date:
    """Return the calendar day that the aware datetime `moment` falls on in the person's own time zone.

    Every stored "day" (a session's, a dose change's) comes from here, so it is worked out once,
    when the thing is kept, and the daily pages filter on a plain date.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_date needs an aware datetime; a naive one has no time zone to convert from.")
    return moment.astimezone(zone_of(user)).date()


def _test_override() -> date | None:
    if settings.DEBUG or not getattr(settings, "LIMBER_TESTING", False):
        return None
    return getattr(settings, "LIMBER_TODAY_OVERRIDE", None)


def user_today(user) -> date:
    """Return today's date in the person's own time zone."""
    override = _test_override()
    if override is not None:
        return override
    return local_date(user, timezone.now())


# The days Limber takes from anyone: nobody did a session before 1900, and nothing is
# planned more than ten years ahead. Within it every date sum the pages do (a week on,
# a year back, a feed's time zone history) stays inside what Python and the databases hold.
EARLIEST_DATE = date(1900, 1, 1)
YEARS_AHEAD = 10


def latest_date() -> date:
    """Return the last day Limber takes: ten years from today."""
    return timezone.now().date() + timedelta(days=round(365.25 * YEARS_AHEAD))


def in_window(day: date) -> bool:
    return EARLIEST_DATE <= day <= latest_date()


def window_message() -> str:
    latest = latest_date()
    return f"Choose a date from 1 January {EARLIEST_DATE.year} to {latest.day} {latest:%B %Y}."


class WindowDateField(forms.DateField):
    """A date field that takes only days within Limber's window, saying which days it takes.

    With `past_only`, the field is for something already done, so a later day is "in the future".
    """

    def __init__(self, *args, past_only: bool = False, **kwargs) -> None:
        self.past_only = past_only
        super().__init__(*args, **kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        if value is None:
            return
        if self.past_only and value > timezone.now().date() + timedelta(days=1):
            raise forms.ValidationError("That is in the future; log a session once you have done it.", code="future")
        if not in_window(value):
            raise forms.ValidationError(window_message(), code="out_of_window")
