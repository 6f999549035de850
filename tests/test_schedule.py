from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from routines.dates import user_today
from routines.models import Schedule
from routines.recurrence import EVERY_DAY, weekdays_to_mask

from .factories import TODAY, make_routine, make_schedule

pytestmark = pytest.mark.usefixtures("fixed_today")


@pytest.fixture
def schedule(alice, routine):
    return make_schedule(alice, routine, date(2026, 3, 1), weekdays_to_mask([0, 2, 4]))


@pytest.fixture
def bobs_schedule(bob, bobs_routine):
    return make_schedule(bob, bobs_routine, date(2026, 3, 1))


def form_data(for_routine, **changes):
    data = {
        "routine": for_routine.pk,
        "days": ["0", "2", "4"],
        "start_date": "2026-03-04",
        "end_date": "",
        "time_of_day": "",
    }
    return {**data, **changes}


# The model


def test_pausing_keeps_the_past_and_skips_from_the_pause_on(schedule):
    schedule.pause(date(2026, 3, 9))
    days = schedule.due_dates(date(2026, 3, 1), date(2026, 3, 31))
    assert days == [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6)]


def test_resuming_skips_only_the_paused_days_for_good(schedule):
    schedule.pause(date(2026, 3, 9))
    schedule.resume(date(2026, 3, 16))
    schedule.pause(date(2026, 3, 23))
    schedule.resume(date(2026, 3, 25))
    schedule.refresh_from_db()
    days = schedule.due_dates(date(2026, 3, 1), date(2026, 3, 31))
    assert days == [date(2026, 3, d) for d in (2, 4, 6, 16, 18, 20, 25, 27, 30)]
    assert not schedule.paused


def test_pausing_twice_keeps_the_first_pause_day(schedule):
    schedule.pause(date(2026, 3, 9))
    schedule.pause(date(2026, 3, 12))
    assert schedule.paused_on == date(2026, 3, 9)


def test_the_override_of_today_is_ignored_with_debug_on(settings, alice):
    settings.DEBUG = True
    assert user_today(alice) != TODAY or date.today() == TODAY


def test_the_override_of_today_needs_the_testing_switch(settings, alice):
    settings.LIMBER_TESTING = False
    assert user_today(alice) != TODAY or date.today() == TODAY


# The list


def test_the_list_shows_my_schedules_and_not_others(alice_client, schedule, bobs_schedule):
    response = alice_client.get(reverse("schedule:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Morning hips" in html
    assert "Mon, Wed, Fri" in html
    assert "Due today" in html
    assert "Bob&#x27;s routine" not in html and "Bob's routine" not in html


def test_without_routines_the_list_points_to_starters(alice_client):
    html = alice_client.get(reverse("schedule:list")).content.decode()
    assert "/routines/starters/" in html
    assert "Add a schedule" not in html


def test_the_list_needs_a_login(client, db):
    response = client.get(reverse("schedule:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_the_list_refuses_post(alice_client):
    assert alice_client.post(reverse("schedule:list")).status_code == 405


def test_the_list_costs_the_same_few_queries_with_many_schedules(alice_client, alice, django_assert_max_num_queries):
    for n in range(30):
        make_schedule(alice, make_routine(alice, f"Routine {n}", moves=1), date(2026, 1, 1))
    with django_assert_max_num_queries(8):
        response = alice_client.get(reverse("schedule:list"))
    assert response.content.decode().count('class="schedule-card') == 30


# Create


def test_creating_a_schedule(alice_client, alice, routine):
    response = alice_client.post(
        reverse("schedule:create"), form_data(routine, time_of_day="07:30", end_date="2026-06-30")
    )
    assert response.status_code == 302
    schedule = Schedule.objects.get(user=alice)
    assert schedule.routine == routine
    assert schedule.weekdays == weekdays_to_mask([0, 2, 4])
    assert schedule.start_date == date(2026, 3, 4)
    assert schedule.end_date == date(2026, 6, 30)
    assert schedule.time_of_day == time(7, 30)
    assert "Scheduled “Morning hips”" in alice_client.get(response.url).content.decode()


def test_every_day_is_all_seven_boxes(alice_client, alice, routine):
    alice_client.post(reverse("schedule:create"), form_data(routine, days=[str(d) for d in range(7)]))
    assert Schedule.objects.get(user=alice).weekdays == EVERY_DAY


def test_creating_through_htmx_returns_the_updated_area(alice_client, routine):
    response = alice_client.post(reverse("schedule:create"), form_data(routine), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Scheduled “Morning hips”" in html
    assert 'class="schedule-card' in html


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"days": []}, "Choose at least one day of the week."),
        ({"end_date": "2026-03-03"}, "The end date must be on or after the start date."),
        ({"routine": "999999"}, "Choose one of your own routines"),
        ({"routine": ""}, "Choose a routine."),
        ({"start_date": "someday"}, "Enter a valid date."),
        ({"days": ["9"]}, "Select a valid choice"),
        ({"time_of_day": "25:00"}, "Enter a valid time."),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(alice_client, routine, changes, message):
    response = alice_client.post(reverse("schedule:create"), form_data(routine, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Schedule.objects.exists()


def test_bad_input_through_htmx_re_renders_with_200(alice_client, routine):
    response = alice_client.post(
        reverse("schedule:create"), form_data(routine, days=[]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Choose at least one day of the week." in response.content.decode()
    assert not Schedule.objects.exists()


def test_another_users_routine_cannot_be_scheduled(alice_client, bobs_routine):
    response = alice_client.post(reverse("schedule:create"), form_data(bobs_routine))
    assert "Choose one of your own routines" in response.content.decode()
    assert not Schedule.objects.exists()


def test_create_refuses_get_and_anonymous(client, alice, routine):
    assert client.post(reverse("schedule:create"), form_data(routine)).status_code == 302
    assert not Schedule.objects.exists()
    client.force_login(alice)
    assert client.get(reverse("schedule:create")).status_code == 405


# Edit


def test_editing_a_schedule(alice_client, schedule):
    page = alice_client.get(reverse("schedule:edit", args=[schedule.pk]))
    assert "Change “Morning hips”" in page.content.decode()
    response = alice_client.post(
        reverse("schedule:edit", args=[schedule.pk]),
        form_data(schedule.routine, days=["5", "6"], start_date="2026-03-01", time_of_day="18:00"),
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.days_label == "Weekends"
    assert schedule.time_of_day == time(18, 0)


def test_editing_through_htmx_shows_the_form_in_place(alice_client, schedule):
    response = alice_client.get(reverse("schedule:edit", args=[schedule.pk]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert f'action="{reverse("schedule:edit", args=[schedule.pk])}"' in html
    assert f'id="id_s{schedule.pk}_start_date"' in html


def test_a_bad_edit_changes_nothing(alice_client, schedule):
    response = alice_client.post(
        reverse("schedule:edit", args=[schedule.pk]),
        form_data(schedule.routine, start_date="2026-03-10", end_date="2026-03-01"),
    )
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()
    schedule.refresh_from_db()
    assert schedule.start_date == date(2026, 3, 1)
    assert schedule.end_date is None


def test_an_edit_cannot_move_a_schedule_to_another_users_routine(alice_client, schedule, bobs_routine):
    response = alice_client.post(reverse("schedule:edit", args=[schedule.pk]), form_data(bobs_routine))
    assert "Choose one of your own routines" in response.content.decode()
    schedule.refresh_from_db()
    assert schedule.routine.owner.username == "alice"


# Pause, resume, delete, and other people's schedules


def test_pausing_and_resuming(alice_client, schedule):
    response = alice_client.post(reverse("schedule:pause", args=[schedule.pk]))
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.paused_on == TODAY
    assert "Paused since" in alice_client.get(reverse("schedule:list")).content.decode()
    response = alice_client.post(reverse("schedule:resume", args=[schedule.pk]), headers={"HX-Request": "true"})
    assert "Resumed “Morning hips”" in response.content.decode()
    schedule.refresh_from_db()
    assert not schedule.paused


def test_deleting_a_schedule(alice_client, schedule, routine):
    response = alice_client.post(reverse("schedule:delete", args=[schedule.pk]))
    assert response.status_code == 302
    assert not Schedule.objects.exists()
    assert routine.__class__.objects.filter(pk=routine.pk).exists()


@pytest.mark.parametrize("name", ["edit", "pause", "resume", "delete"])
def test_another_users_schedule_is_not_found(alice_client, bobs_schedule, name):
    response = alice_client.post(reverse(f"schedule:{name}", args=[bobs_schedule.pk]), form_data(bobs_schedule.routine))
    assert response.status_code == 404
    bobs_schedule.refresh_from_db()
    assert bobs_schedule.paused_on is None


@pytest.mark.parametrize("name", ["pause", "resume", "delete"])
def test_actions_refuse_get_and_anonymous(client, alice, schedule, name):
    url = reverse(f"schedule:{name}", args=[schedule.pk])
    assert client.post(url).status_code == 302
    assert Schedule.objects.filter(pk=schedule.pk, paused_on__isnull=True).exists()
    client.force_login(alice)
    assert client.get(url).status_code == 405


def test_an_end_before_start_is_refused_by_the_database_too(alice, routine):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_schedule(alice, routine, TODAY, end_date=TODAY - timedelta(days=1))
