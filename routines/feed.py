"""The private iCalendar feed: one recurring event per active schedule."""

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vRecur

from .dates import in_window, zone_of
from .dose import about_minutes
from .models import Schedule
from .recurrence import WEEKDAY_CODES

if TYPE_CHECKING:
    from accounts.models import User


PRODID = "-//Limber//Schedule feed//EN"


def schedule_event(schedule: Schedule, user: "User", lead_in_seconds: int) -> Event | None:
    """Return the recurring event for a schedule, or None when it is never due (or starts outside Limber's window)."""
    if not in_window(schedule.start_date):
        return None  # saved before the window existed; no calendar app can use it
    zone = zone_of(user)
    # An end beyond the window (an old row) is as good as no end, and cannot overflow below.
    end_date = schedule.end_date if schedule.end_date and in_window(schedule.end_date) else None
    # The first occurrence must itself be a due day: iCalendar always counts DTSTART.
    week = [schedule.start_date + timedelta(days=n) for n in range(7)]
    first = next((d for d in week if schedule.weekdays & (1 << d.weekday())), None)
    if first is None or (end_date and first > end_date):
        return None
    routine = schedule.routine
    items = routine.ordered_items()
    minutes = about_minutes(routine.duration_seconds(lead_in_seconds))

    event = Event()
    event.add("uid", f"schedule-{schedule.pk}@limber")
    # The routine's last change rather than now, so an unchanged feed reads the same byte for byte
    # and a calendar app's conditional fetch (ETag) gets a 304.
    event.add("dtstamp", (routine.updated_at or timezone.now()).astimezone(UTC).replace(microsecond=0))
    event.add("summary", routine.name)
    moves = [f"{n}. {item.name}: {item.dose_summary}" for n, item in enumerate(items, 1)]
    lines = [f"About {minutes} min.", "", *moves]
    event.add("description", "\n".join(lines))
    rule = {"freq": "weekly", "byday": [WEEKDAY_CODES[d] for d in schedule.weekday_list], "wkst": "MO"}
    if schedule.time_of_day is None:
        event.add("dtstart", first)
        event.add("dtend", first + timedelta(days=1))
        if end_date:
            rule["until"] = end_date
        exdates = _break_days(schedule, first)
    else:
        start = datetime.combine(first, schedule.time_of_day, tzinfo=zone)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=minutes))
        if end_date:
            rule["until"] = datetime.combine(end_date, schedule.time_of_day, tzinfo=zone).astimezone(UTC)
        exdates = [datetime.combine(d, schedule.time_of_day, tzinfo=zone) for d in _break_days(schedule, first)]
    event.add("rrule", vRecur(rule))
    for day in exdates:
        event.add("exdate", day)

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Time for {routine.name}")
    if schedule.time_of_day is None:
        # An all-day event starts at midnight: ring at the person's morning hour on the day instead.
        morning = user.untimed_alarm_at
        alarm.add("trigger", timedelta(hours=morning.hour, minutes=morning.minute))
    else:
        alarm.add("trigger", -timedelta(minutes=user.alarm_minutes_before))
    event.add_component(alarm)
    return event


def _break_days(schedule: Schedule, first: date) -> list[date]:
    """Return the due-by-weekday days that fall inside the schedule's past pauses."""
    days = []
    for start, end in schedule.all_breaks():
        if end is None:
            continue
        day = max(start, first)
        while day < end:
            if schedule.weekdays & (1 << day.weekday()) and (schedule.end_date is None or day <= schedule.end_date):
                days.append(day)
            day += timedelta(days=1)
    return days


def build_feed(user: "User") -> bytes:
    """Return the person's schedule as an iCalendar file: their active schedules, in their own time zone."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Limber")
    cal.add("x-wr-timezone", user.timezone)
    starts = []
    for schedule in Schedule.objects.for_user(user).active().with_routine():
        event = schedule_event(schedule, user, user.lead_in_seconds)
        if event is not None:
            cal.add_component(event)
            starts.append(schedule.start_date)
    # The time zone's rules from the first event on keep the feed small.
    cal.add_missing_timezones(first_date=min(starts, default=date(1970, 1, 1)) - timedelta(days=366))
    return cal.to_ical()
