"""Dates at both ends of the calendar: refused with a clear message where they come in, survived where they are."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import fragments
from routines.dates import EARLIEST_DATE, latest_date
from routines.models import Schedule, Session
from routines.recurrence import EVERY_DAY, due_dates

from .factories import make_schedule, session_on

PAGES = ["today:index", "schedule:list", "calendar:month", "history:index", "history:report", "sessions:list"]


def every_page_answers(client, alice) -> None:
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    for period in ("4w", "12m", "all"):
        assert client.get(reverse("history:index"), {"period": period}).status_code == 200
    feed = client.get(reverse("calendar:feed", args=[alice.calendar_token]))
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.content


@pytest.mark.parametrize("start", ["9999-12-30", "0001-01-01", "1899-12-31", "10000-01-01"])
def test_a_schedule_outside_the_window_is_refused_with_the_window_named(alice_client, routine, start):
    response = alice_client.post(reverse("schedule:create"), {"routine": routine.pk, "days": "0", "start_date": start})
    assert response.status_code == 200
    assert not Schedule.objects.exists()
    page = response.content.decode()
    assert "1 January 1900" in page or "Enter a valid date" in page


def test_the_window_takes_its_own_ends(alice_client, routine):
    for start in (EARLIEST_DATE, latest_date()):
        data = {"routine": routine.pk, "days": "0", "start_date": start.isoformat()}
        assert alice_client.post(reverse("schedule:create"), data).status_code == 302
    assert Schedule.objects.count() == 2


def test_an_end_date_past_the_window_is_refused(alice_client, routine):
    late = (latest_date() + timedelta(days=1)).isoformat()
    data = {"routine": routine.pk, "days": "0", "start_date": "2026-01-01", "end_date": late}
    response = alice_client.post(reverse("schedule:create"), data)
    assert "Choose a date from 1 January 1900" in response.content.decode()
    assert not Schedule.objects.exists()


@pytest.mark.parametrize("start", [date(9999, 12, 30), date.max, date(1, 1, 1), date.min])
def test_schedules_stored_at_the_calendars_ends_break_no_page(alice_client, alice, routine, start):
    """Rows saved before the window existed: every page and the feed still answer, and the list lets them go."""
    make_schedule(alice, routine, start)
    make_schedule(alice, routine, start, end_date=start)
    every_page_answers(alice_client, alice)
    schedule = Schedule.objects.first()
    assert alice_client.post(reverse("schedule:delete", args=[schedule.pk])).status_code == 302
    assert not Schedule.objects.filter(pk=schedule.pk).exists()


def test_due_dates_run_to_the_last_day_of_the_calendar():
    assert due_dates(EVERY_DAY, date(9999, 12, 25), None, date(9999, 12, 25), date.max) == [
        date(9999, 12, d) for d in range(25, 32)
    ]
    assert due_dates(1, date.min, None, date.min, date(1, 1, 14)) == [date(1, 1, 1), date(1, 1, 8)]


# Sessions logged by hand, the calendar and the report


def test_a_session_logged_by_hand_in_year_one_is_refused(alice_client, routine):
    data = {"routine": routine.pk, "date": "0001-01-01", "time": "08:00", "duration_minutes": "20"}
    response = alice_client.post(reverse("sessions:new"), data)
    assert response.status_code == 200
    assert "Choose a date from 1 January 1900" in response.content.decode()
    assert not Session.objects.exists()


def test_a_session_stored_in_year_one_keeps_the_history_small(alice_client, alice, routine):
    session_on(alice, routine, date(1, 1, 1)).save()
    session_on(alice, routine, timezone.now().date() - timedelta(days=3)).save()
    every_page_answers(alice_client, alice)
    response = alice_client.get(reverse("history:index"), {"period": "all"})
    assert len(response.content) < 2_000_000


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1899-12", "0000-01", "٢٠٢٦-٠٣"])
def test_a_month_outside_the_window_shows_this_month_and_says_why(alice_client, month):
    response = alice_client.get(reverse("calendar:month"), {"month": month})
    assert response.status_code == 200
    page = response.content.decode()
    assert "here is this month" in page


@pytest.mark.parametrize("start", ["0001-01-01", "1899-12-31"])
def test_a_report_from_before_the_window_is_refused(alice_client, start):
    response = alice_client.get(reverse("history:report"), {"start": start, "end": "1900-06-01"})
    assert response.status_code == 200
    assert "Choose a date from 1 January 1900" in response.content.decode()


def test_other_query_parameters_do_not_fill_the_cache(alice_client, alice, routine, monkeypatch):
    keys = set()
    real_key = fragments.fragment_key
    monkeypatch.setattr(fragments, "fragment_key", lambda *args: keys.add(real_key(*args)) or real_key(*args))
    session_on(alice, routine, timezone.now().date()).save()
    for n in range(5):
        assert alice_client.get(reverse("history:index"), {"period": "all", "x": n}).status_code == 200
        assert alice_client.get(reverse("calendar:month"), {"junk": "y" * n}).status_code == 200
        assert alice_client.get(reverse("library:list"), {"area": "hip-flexors", f"utm{n}": n}).status_code == 200
    assert len(keys) == 3
    alice_client.get(reverse("history:index"), {"period": "4w"})
    assert len(keys) == 4
