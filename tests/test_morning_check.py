import csv
import html
import io
import json
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse

from routines.models import Session

from .factories import TODAY, make_routine, session_on

pytestmark = pytest.mark.usefixtures("fixed_today")
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def yesterdays(alice, routine):
    session = session_on(alice, routine, YESTERDAY)
    session.pain_before, session.pain_after = 3, 2
    session.save()
    return session


def answer(client, **data) -> str:
    return text(client.post(reverse("today:morning"), {"day": YESTERDAY.isoformat(), **data}, follow=True))


def text(response) -> str:
    return html.unescape(response.content.decode())


def today_page(client) -> str:
    return text(client.get(reverse("today:index")))


def test_today_asks_for_this_mornings_pain_after_yesterdays_session(alice_client, yesterdays):
    html = today_page(alice_client)
    assert "How is your pain this morning?" in html
    assert "After yesterday's Morning hips" in html


def test_one_tap_stores_the_pain_with_the_session_and_shows_it_there(alice_client, yesterdays):
    response = answer(alice_client, pain="4")
    assert "Saved: pain 4 this morning" in response
    yesterdays.refresh_from_db()
    assert yesterdays.morning_pain == 4
    assert yesterdays.morning_checked_at is not None
    detail = text(alice_client.get(yesterdays.get_absolute_url()))
    assert "Pain the next morning</dt><dd>4</dd>" in detail


def test_it_never_asks_twice_for_the_same_session(alice_client, yesterdays):
    answer(alice_client, pain="1")
    assert "How is your pain this morning?" not in today_page(alice_client)
    response = answer(alice_client, pain="9")
    assert "already saved" in response
    yesterdays.refresh_from_db()
    assert yesterdays.morning_pain == 1


def test_it_can_be_skipped_and_then_is_not_asked_again(alice_client, yesterdays):
    response = answer(alice_client, skip="1")
    assert "Skipped for today" in response
    yesterdays.refresh_from_db()
    assert yesterdays.morning_pain is None and yesterdays.morning_checked_at is not None
    assert "How is your pain this morning?" not in today_page(alice_client)
    assert "Pain the next morning</dt><dd>skipped</dd>" in text(alice_client.get(yesterdays.get_absolute_url()))


def test_one_answer_covers_every_session_of_yesterday(alice_client, alice, routine, yesterdays):
    walk = session_on(alice, None, YESTERDAY)
    walk.save()
    html = today_page(alice_client)
    assert "After yesterday's Morning hips, A walk" in html
    answer(alice_client, pain="2")
    assert set(Session.objects.values_list("morning_pain", flat=True)) == {2}


def test_it_asks_only_the_day_after(alice_client, alice, routine):
    session_on(alice, routine, TODAY).save()
    session_on(alice, routine, TODAY - timedelta(days=2)).save()
    assert "How is your pain this morning?" not in today_page(alice_client)


@pytest.mark.parametrize(
    "data",
    [{"pain": "11"}, {"pain": "-1"}, {"pain": "٣"}, {"pain": "3\x00"}, {"pain": ""}, {}, {"pain": "3.0"}],
)
def test_a_bad_answer_gets_a_clear_message_and_changes_nothing(alice_client, yesterdays, data):
    response = answer(alice_client, **data)
    assert "Choose your pain this morning from 0 to 10" in response
    yesterdays.refresh_from_db()
    assert yesterdays.morning_checked_at is None


@pytest.mark.parametrize("day", [TODAY.isoformat(), "0001-01-01", "9999-12-31", "2026-03-0\x003", "yesterday"])
def test_an_answer_for_another_day_changes_nothing(alice_client, yesterdays, day):
    response = text(alice_client.post(reverse("today:morning"), {"day": day, "pain": "2"}, follow=True))
    assert "about another day, so nothing was saved" in response
    yesterdays.refresh_from_db()
    assert yesterdays.morning_checked_at is None


def test_it_never_touches_another_persons_sessions(alice_client, bob, yesterdays):
    bobs = session_on(bob, make_routine(bob), YESTERDAY)
    bobs.save()
    answer(alice_client, pain="5")
    bobs.refresh_from_db()
    assert bobs.morning_checked_at is None


def test_the_morning_check_needs_a_login_a_post_and_csrf(client, alice, yesterdays):
    url = reverse("today:morning")
    assert client.post(url, {"day": YESTERDAY.isoformat(), "pain": "1"}).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 405
    client.handler.enforce_csrf_checks = True
    assert client.post(url, {"day": YESTERDAY.isoformat(), "pain": "1"}).status_code == 403
    yesterdays.refresh_from_db()
    assert yesterdays.morning_checked_at is None


def test_the_day_after_is_the_persons_own_next_day(client, alice, routine, settings):
    # Done at 23:30 on Monday 5 January in Auckland (10:30 UTC): it is asked about from
    # midnight there (11:00 UTC), though in UTC that is still the same calendar day.
    settings.LIMBER_TESTING = False
    alice.timezone = "Pacific/Auckland"
    alice.save()
    session = session_on(alice, routine, datetime(2026, 1, 5).date())
    session.started_at = datetime(2026, 1, 5, 10, 30, tzinfo=UTC)
    session.ended_at = session.started_at + timedelta(minutes=15)
    session.save()
    client.force_login(alice)
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 1, 5, 11, 30, tzinfo=UTC)):
        assert "How is your pain this morning?" in today_page(client)
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 1, 5, 10, 0, tzinfo=UTC)):
        assert "How is your pain this morning?" not in today_page(client)


def test_a_hand_logged_session_can_carry_its_morning_pain(alice_client, alice, routine):
    response = alice_client.post(
        reverse("sessions:new"),
        {"routine": routine.pk, "date": YESTERDAY.isoformat(), "time": "08:00", "duration_minutes": "20",
         "pain_before": "3", "pain_after": "3", "morning_pain": "2"},
    )  # fmt: skip
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.morning_pain == 2
    assert "How is your pain this morning?" not in today_page(alice_client)


def test_a_hand_logged_session_without_it_is_asked_about_the_next_morning(alice_client, alice, routine):
    alice_client.post(
        reverse("sessions:new"),
        {"routine": routine.pk, "date": YESTERDAY.isoformat(), "time": "08:00", "duration_minutes": "20"},
    )
    assert "How is your pain this morning?" in today_page(alice_client)
    answer(alice_client, pain="0")
    assert Session.objects.get().morning_pain == 0


def test_the_morning_pain_shows_in_the_history_report_csv_and_json(alice_client, yesterdays):
    answer(alice_client, pain="6")
    history = text(alice_client.get(reverse("history:index")))
    assert 'class="line morning"' in history and "pain the next morning averaged 6 out of 10" in history
    report = text(alice_client.get(reverse("history:report")))
    assert "Mean next morning" in report and "pain the next morning averaged 6 out of 10" in report
    body = b"".join(alice_client.get(reverse("history:export_csv")).streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["pain_next_morning"] == "6"
    data = json.loads(alice_client.get("/accounts/export/").content)
    assert data["sessions"][0]["morning_pain"] == 6
