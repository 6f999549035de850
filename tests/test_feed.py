from datetime import date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse

from routines.recurrence import EVERY_DAY, weekdays_to_mask

from .factories import make_routine, make_schedule

TODAY = date(2026, 3, 4)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.LIMBER_TESTING = True
    settings.LIMBER_TODAY_OVERRIDE = TODAY


@pytest.fixture
def routine(alice):
    return make_routine(alice, "Morning hips", moves=3)


def fetch(client, user) -> icalendar.Calendar:
    response = client.get(reverse("calendar:feed", args=[user.calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def expanded_days(cal: icalendar.Calendar, uid: str) -> list[date]:
    days = []
    for event in recurring_ical_events.of(cal).between(YEAR[0], YEAR[1] + timedelta(days=1)):
        if str(event["UID"]) == uid:
            start = event["DTSTART"].dt
            days.append(start.date() if isinstance(start, datetime) else start)
    return sorted(days)


def test_the_feed_matches_the_apps_own_due_dates_over_a_year(client, alice, routine):
    other = make_routine(alice, "Evening stretch")
    schedules = [
        # Every day at 07:30 London time, through both DST changes.
        make_schedule(alice, routine, date(2026, 1, 1), time_of_day=time(7, 30)),
        # All day on Mon/Wed/Fri, starting on a Sunday (not due) and ending on a due day.
        make_schedule(alice, other, date(2026, 2, 1), weekdays_to_mask([0, 2, 4]), end_date=date(2026, 9, 30)),
        # Tue/Thu at 18:00, ending on a day it is not due, with a past pause.
        make_schedule(
            alice,
            other,
            date(2026, 1, 6),
            weekdays_to_mask([1, 3]),
            end_date=date(2026, 11, 1),
            time_of_day=time(18, 0),
        ),
        # Starts on 29 February's neighbour in a leap year? 2026 is not one: end on 28 Feb.
        make_schedule(alice, routine, date(2026, 2, 2), weekdays_to_mask([5]), end_date=date(2026, 2, 28)),
    ]
    schedules[2].pause(date(2026, 1, 20))
    schedules[2].resume(date(2026, 2, 10))
    cal = fetch(client, alice)
    for schedule in schedules:
        expected = schedule.due_dates(*YEAR)
        assert expected, "each schedule is due some days"
        assert expanded_days(cal, f"schedule-{schedule.pk}@limber") == expected


def test_the_feed_matches_for_a_user_far_from_utc(client, alice, routine):
    alice.timezone = "Pacific/Auckland"
    alice.save()
    schedule = make_schedule(alice, routine, date(2026, 1, 1), weekdays_to_mask([0]), time_of_day=time(6, 0))
    cal = fetch(client, alice)
    assert expanded_days(cal, f"schedule-{schedule.pk}@limber") == schedule.due_dates(*YEAR)


def test_timed_events_keep_their_local_time_across_dst(client, alice, routine):
    schedule = make_schedule(alice, routine, date(2026, 3, 20), time_of_day=time(7, 30))
    cal = fetch(client, alice)
    starts = [
        e["DTSTART"].dt
        for e in recurring_ical_events.of(cal).between(date(2026, 3, 27), date(2026, 3, 31))
        if str(e["UID"]) == f"schedule-{schedule.pk}@limber"
    ]
    assert [s.strftime("%H:%M") for s in starts] == ["07:30"] * 4
    assert {s.utcoffset() for s in starts} == {timedelta(0), timedelta(hours=1)}


def test_an_event_has_the_routine_length_its_moves_an_alarm_and_a_time_zone(client, alice, routine):
    make_schedule(
        alice, routine, date(2026, 3, 2), weekdays_to_mask([0, 2]), time_of_day=time(7, 30), end_date=date(2026, 6, 1)
    )
    cal = fetch(client, alice)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    (event,) = cal.walk("VEVENT")
    assert event["SUMMARY"] == "Morning hips"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    minutes = max(1, round(routine.duration_seconds(alice.lead_in_seconds) / 60))
    assert event["DURATION"].dt == timedelta(minutes=minutes)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "WE"]
    assert rule["UNTIL"][0].date() == date(2026, 6, 1)
    for item in routine.ordered_items():
        assert item.name in event["DESCRIPTION"]
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == -timedelta(minutes=10), "by default the reminder comes 10 minutes before"


def test_the_reminder_comes_as_many_minutes_before_as_chosen(client, alice, routine):
    make_schedule(alice, routine, date(2026, 3, 2), time_of_day=time(7, 30))
    alice.alarm_minutes_before = 30
    alice.save()
    (alarm,) = fetch(client, alice).walk("VEVENT")[0].walk("VALARM")
    assert alarm["TRIGGER"].dt == -timedelta(minutes=30)


def test_a_schedule_without_a_time_rings_in_the_morning_not_at_midnight(client, alice, routine):
    make_schedule(alice, routine, date(2026, 3, 2), EVERY_DAY)
    (alarm,) = fetch(client, alice).walk("VEVENT")[0].walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(hours=8), "08:00 on the day by default"
    alice.untimed_alarm_at = time(6, 45)
    alice.save()
    (alarm,) = fetch(client, alice).walk("VEVENT")[0].walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(hours=6, minutes=45)


def test_the_reminder_settings_are_on_the_settings_page_and_refuse_odd_values(alice_client, alice):
    html = alice_client.get(reverse("accounts:settings")).content.decode()
    assert 'name="alarm_minutes_before"' in html and 'name="untimed_alarm_at"' in html
    form = {
        "timezone": "Europe/London",
        "lead_in_seconds": 5,
        "psfs_every_days": 14,
        "alarm_minutes_before": 7,
        "untimed_alarm_at": "25:00",
    }
    response = alice_client.post(reverse("accounts:settings"), form)
    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.alarm_minutes_before, alice.untimed_alarm_at) == (10, time(8, 0)), "nothing changed"
    good = {**form, "alarm_minutes_before": 15, "untimed_alarm_at": "07:15"}
    response = alice_client.post(reverse("accounts:settings"), good)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.alarm_minutes_before, alice.untimed_alarm_at) == (15, time(7, 15))


def test_an_unchanged_feed_answers_304_to_its_etag_or_its_date(client, alice, routine):
    make_schedule(alice, routine, date(2026, 3, 2), time_of_day=time(7, 30))
    url = reverse("calendar:feed", args=[alice.calendar_token])
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_changed_feed_is_sent_again_with_a_new_etag(client, alice, routine):
    make_schedule(alice, routine, date(2026, 3, 2), time_of_day=time(7, 30))
    url = reverse("calendar:feed", args=[alice.calendar_token])
    etag = client.get(url)["ETag"]
    alice.alarm_minutes_before = 5
    alice.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "-PT5M" in changed.content.decode()


def test_a_schedule_without_a_time_is_an_all_day_event(client, alice, routine):
    make_schedule(alice, routine, date(2026, 3, 2), EVERY_DAY, end_date=date(2026, 3, 31))
    (event,) = fetch(client, alice).walk("VEVENT")
    assert type(event["DTSTART"].dt) is date
    assert event["RRULE"]["UNTIL"] == [date(2026, 3, 31)]


def test_paused_schedules_and_other_peoples_are_left_out(client, alice, bob, routine):
    make_schedule(alice, routine, date(2026, 3, 2)).pause(TODAY)
    make_schedule(bob, make_routine(bob, "Bob's routine"), date(2026, 3, 2))
    assert fetch(client, alice).walk("VEVENT") == []


def test_an_unknown_or_replaced_token_is_not_found(client, alice, routine):
    make_schedule(alice, routine, date(2026, 3, 2))
    old = alice.calendar_token
    alice.regenerate_calendar_token()
    assert client.get(reverse("calendar:feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar:feed", args=["nope"])).status_code == 404
    assert client.get(reverse("calendar:feed", args=[alice.calendar_token])).status_code == 200


def test_the_feed_refuses_post(client, alice):
    assert client.post(reverse("calendar:feed", args=[alice.calendar_token])).status_code == 405


def test_every_account_gets_its_own_token(alice, bob):
    assert alice.calendar_token and bob.calendar_token
    assert alice.calendar_token != bob.calendar_token


def test_settings_show_the_feed_address_and_make_a_new_one(alice_client, alice):
    old = alice.calendar_token
    html = alice_client.get(reverse("accounts:settings")).content.decode()
    assert reverse("calendar:feed", args=[old]) in html
    response = alice_client.post(reverse("accounts:calendar_token"))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.calendar_token != old
    html = alice_client.get(response.url).content.decode()
    assert reverse("calendar:feed", args=[alice.calendar_token]) in html
    assert "the old one no longer works" in html


def test_a_new_token_needs_post_and_a_login(client, alice):
    old = alice.calendar_token
    assert client.post(reverse("accounts:calendar_token")).status_code == 302
    client.force_login(alice)
    assert client.get(reverse("accounts:calendar_token")).status_code == 405
    alice.refresh_from_db()
    assert alice.calendar_token == old


def test_the_feed_costs_the_same_queries_with_many_schedules(client, alice, django_assert_max_num_queries):
    for n in range(15):
        make_schedule(alice, make_routine(alice, f"R{n}", moves=2), date(2026, 1, 1), time_of_day=time(7, n))
    with django_assert_max_num_queries(3):
        fetch(client, alice)


@pytest.mark.parametrize("page", ["schedule:list", "calendar:month"])
def test_schedule_and_calendar_offer_to_add_the_feed_to_a_calendar_app(alice_client, alice, page):
    html = alice_client.get(reverse(page)).content.decode()
    address = f"http://testserver{reverse('calendar:feed', args=[alice.calendar_token])}"
    assert "Add to my calendar" in html
    assert f'href="webcal://testserver{reverse("calendar:feed", args=[alice.calendar_token])}"' in html
    assert f'value="{address}" readonly' in html
    assert 'data-copy="calendar-address"' in html
    assert "Google Calendar" in html and "Outlook" in html
    assert "10 minutes before" in html


def test_the_calendar_address_is_nobody_elses(alice_client, bob):
    html = alice_client.get(reverse("schedule:list")).content.decode()
    assert bob.calendar_token not in html
