"""The admin, for staff: every registered model's list and a schedule's page open."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from routines.models import Routine, Schedule


@pytest.fixture
def staff_client(client, db):
    client.force_login(User.objects.create_superuser("sam", "sam@example.com", "staff-pass-2026"))
    return client


def test_every_model_list_opens(staff_client):
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert staff_client.get(url).status_code == 200, url


def test_a_persons_schedule_shows_in_the_admin(staff_client, alice):
    routine = Routine.objects.create(owner=alice, name="Morning hips")
    schedule = Schedule.objects.create(user=alice, routine=routine, weekdays=0b0010101, start_date=date(2026, 1, 5))
    listing = staff_client.get(reverse("admin:routines_schedule_changelist")).content.decode()
    assert "Morning hips" in listing
    assert schedule.days_label in listing
    assert staff_client.get(reverse("admin:routines_schedule_change", args=[schedule.pk])).status_code == 200
