import itertools
from datetime import timedelta

from django.core.management import call_command
from django.db.models import Count

from accounts.models import User
from routines.models import Schedule, Session, SessionMove


def test_seed_demo_makes_years_of_realistic_history(db):
    call_command("seed_demo", users=2, years=1, verbosity=0)
    demo = User.objects.get(username="demo")
    assert demo.check_password("demo-password-1")
    assert User.objects.filter(username="demo2").exists()
    sessions = Session.objects.for_user(demo)
    days = sessions.count()
    assert 200 < days < 365, "most days, with gaps"
    dates = sorted(sessions.values_list("local_date", flat=True))
    assert max(b - a for a, b in itertools.pairwise(dates)) >= timedelta(days=3), "some gaps"
    assert len(set(sessions.values_list("pain_before", flat=True))) >= 3, "pain varies"
    assert sessions.filter(completed=False).exists()
    assert not sessions.annotate(n=Count("moves")).filter(n=0).exists()
    assert SessionMove.objects.filter(session__user=demo, skipped=True).exists()


def test_seed_demo_run_twice_replaces_rather_than_duplicates(db):
    call_command("seed_demo", users=1, years=0.2, verbosity=0)
    first = Session.objects.count()
    call_command("seed_demo", users=1, years=0.2, verbosity=0)
    assert Session.objects.count() == first
    assert User.objects.filter(username="demo").count() == 1


def test_seed_demo_plans_the_demo_routine_every_day_from_the_first_session(db):
    call_command("seed_demo", users=1, years=0.5, verbosity=0)
    demo = User.objects.get(username="demo")
    schedule = Schedule.objects.for_user(demo).get()
    first = Session.objects.for_user(demo).order_by("local_date").first()
    assert schedule.start_date == first.local_date
    assert schedule.routine == first.routine
    assert schedule.weekdays == 127 and not schedule.paused
    assert Session.objects.for_user(demo).filter(notes_flagged=True).exclude(notes="").exists()
