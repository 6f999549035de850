import re
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse

from routines.models import Session
from routines.recurrence import weekdays_to_mask

from .factories import TODAY, make_routine, make_schedule, session_on

MWF = weekdays_to_mask([0, 2, 4])


pytestmark = pytest.mark.usefixtures("fixed_today")


@pytest.fixture
def stretch(alice):
    return make_routine(alice, "Evening stretch")


@pytest.fixture
def schedules(alice, routine, stretch):
    return [
        make_schedule(alice, routine, date(2026, 3, 1), MWF),
        make_schedule(alice, stretch, date(2026, 3, 1)),
    ]


def a_year_of_history(user, routines):
    """A year of daily sessions and a handful of extra schedules, bulk-created."""
    sessions = []
    for n in range(1, 366):
        for routine in routines:
            sessions.append(session_on(user, routine, TODAY - timedelta(days=n), completed=n % 3 != 0))
    Session.objects.bulk_create(sessions)
    for n in range(10):
        make_schedule(
            user, make_routine(user, f"Extra {n}", moves=3), TODAY - timedelta(days=300), weekdays_to_mask([n % 7])
        )


# Home


def test_home_sends_a_logged_in_person_to_today(alice_client):
    response = alice_client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response.url == reverse("today:index")


def test_home_shows_the_landing_page_to_visitors(client, db):
    assert client.get(reverse("pages:home")).status_code == 200


# Today


def test_today_lists_whats_due_with_duration_status_and_start(alice_client, routine, stretch, schedules):
    response = alice_client.get(reverse("today:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Morning hips" in html and "Evening stretch" in html
    assert html.count("To do") == 2
    assert reverse("player:play", args=[routine.pk]) in html
    assert f"About {max(1, round(routine.duration_seconds(5) / 60))} min" in html


def test_a_session_today_marks_the_routine_done_or_partly_done(alice_client, alice, routine, stretch, schedules):
    session_on(alice, routine, TODAY).save()
    session_on(alice, stretch, TODAY, completed=False).save()
    html = alice_client.get(reverse("today:index")).content.decode()
    assert 'status-pill status-done">Done' in html
    assert 'status-pill status-partly">Partly done' in html
    assert "To do" not in html


def test_a_session_on_another_local_day_does_not_count_today(alice_client, alice, routine, schedules):
    # Done late yesterday in London: counts for yesterday only.
    session_on(alice, routine, TODAY - timedelta(days=1)).save()
    html = alice_client.get(reverse("today:index")).content.decode()
    assert html.count("To do") == 2


def test_today_shows_what_was_done_without_a_plan(alice_client, alice, schedules):
    walk = session_on(alice, None, TODAY)
    walk.routine_name = "A long walk"
    walk.save()
    html = alice_client.get(reverse("today:index")).content.decode()
    assert "Also done today" in html
    assert "A long walk" in html


def test_the_week_line_counts_planned_and_done_sessions(alice_client, alice, routine, stretch, schedules):
    # Mon 2 – Wed 4 March: hips Mon and Wed, stretch every day: 5 planned.
    session_on(alice, routine, date(2026, 3, 2)).save()
    session_on(alice, stretch, date(2026, 3, 2)).save()
    session_on(alice, stretch, date(2026, 3, 3), completed=False).save()
    html = alice_client.get(reverse("today:index")).content.decode()
    assert "<strong>2 of 5</strong> planned sessions done this week" in html


def test_today_shows_the_week_as_seven_days_with_what_became_of_each(alice_client, alice, routine, stretch, schedules):
    # Wed 4 March: Mon done, Tue missed (nothing done), today and the rest still planned.
    session_on(alice, routine, date(2026, 3, 2)).save()
    session_on(alice, stretch, date(2026, 3, 2)).save()
    html = alice_client.get(reverse("today:index")).content.decode()
    strip = html[html.index('<ol class="week-strip"') : html.index("</ol>", html.index('<ol class="week-strip"'))]
    days = strip.split("<li ")[1:]
    assert len(days) == 7
    assert "status-done" in days[0] and "Done" in days[0]
    assert "status-missed" in days[1] and "Missed" in days[1]
    assert 'aria-current="date"' in days[2] and "Wednesday 4 March, today: Planned" in days[2]
    assert all('aria-current="date"' not in day for day in days[:2] + days[3:])


def fact(html: str, name: str) -> str:
    start = html.index(f'id="today-{name}"')
    return " ".join(re.sub(r"<[^>]+>", "", html[start : html.index("</div>", start)]).split()[1:])


def test_today_shows_the_streak_by_the_history_pages_rule(alice_client, alice, routine, stretch, schedules):
    # Since Sun 1 March: stretch daily, hips on Mon and Wed. All kept so far; today (Wed) still open.
    for day in (date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)):
        session_on(alice, stretch, day).save()
    session_on(alice, routine, date(2026, 3, 2)).save()
    assert fact(alice_client.get(reverse("today:index")).content.decode(), "streak") == "Streak 3 days"
    history = alice_client.get(reverse("history:index")).content.decode()
    assert "3 days" in history
    # Doing today's two makes it four.
    session_on(alice, stretch, TODAY).save()
    session_on(alice, routine, TODAY).save()
    alice.move_data_version()  # as saving through the player does
    assert fact(alice_client.get(reverse("today:index")).content.decode(), "streak") == "Streak 4 days"


def test_a_missed_planned_session_breaks_todays_streak(alice_client, alice, routine, stretch, schedules):
    for day in (date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)):
        session_on(alice, stretch, day).save()  # but not Monday's hips
    assert fact(alice_client.get(reverse("today:index")).content.decode(), "streak") == "Streak 1 day"


def pain_on(user, routine, day, pain):
    session = session_on(user, routine, day)
    session.pain_after = pain
    session.save()


@pytest.mark.parametrize(
    ("scores", "shown"),
    [
        ([6, 5, 5, 3], "3/10 · ↓ falling over the last two weeks"),
        ([2, 3, 5, 6], "6/10 · ↑ rising over the last two weeks"),
        ([4, 4, 4], "4/10 · steady over the last two weeks"),
        ([7, 2], "2/10"),  # too few scores for a trend
    ],
)
def test_today_shows_the_last_pain_score_and_its_trend(alice_client, alice, routine, schedules, scores, shown):
    for n, pain in enumerate(scores):
        pain_on(alice, routine, TODAY - timedelta(days=2 * (len(scores) - 1 - n)), pain)
    html = alice_client.get(reverse("today:index")).content.decode()
    assert fact(html, "pain") == f"Last pain after a session {shown}"


def test_the_last_pain_is_the_latest_session_even_weeks_ago(alice_client, alice, routine, schedules):
    pain_on(alice, routine, TODAY - timedelta(days=60), 8)
    pain_on(alice, routine, TODAY - timedelta(days=40), 3)
    assert fact(alice_client.get(reverse("today:index")).content.decode(), "pain") == "Last pain after a session 3/10"


def test_no_pain_score_no_pain_box(alice_client, alice, routine, schedules, bob):
    session_on(alice, routine, TODAY).save()  # no score given
    pain_on(bob, make_routine(bob, "Bob's"), TODAY, 9)
    html = alice_client.get(reverse("today:index")).content.decode()
    assert 'id="today-pain"' not in html
    assert fact(html, "streak") == "Streak 0 days"


def test_today_offers_the_flare_day_routine_for_a_bad_day(alice_client, library, schedules):
    html = alice_client.get(reverse("today:index")).content.decode()
    assert "Bad day? Try “Flare-day minimum”, a gentler routine, instead" in html


def test_a_paused_schedule_is_not_due_today(alice_client, schedules):
    schedules[0].pause(TODAY)
    html = alice_client.get(reverse("today:index")).content.decode()
    assert "Morning hips" not in html
    assert "Evening stretch" in html


def test_today_without_schedules_points_to_starters_and_the_schedule(alice_client):
    html = alice_client.get(reverse("today:index")).content.decode()
    assert "Nothing planned yet" in html
    assert 'href="/routines/starters/"' in html
    assert f'href="{reverse("schedule:list")}"' in html


def test_a_rest_day_says_so(alice_client, alice, routine):
    make_schedule(alice, routine, date(2026, 3, 1), weekdays_to_mask([5]))
    assert "Nothing is planned for today" in alice_client.get(reverse("today:index")).content.decode()


def test_today_uses_the_persons_own_zone(client, alice, routine, settings):
    # No override: at 11:30 UTC on Sunday 4 January it is already Monday in Auckland.
    settings.LIMBER_TESTING = False
    alice.timezone = "Pacific/Auckland"
    alice.save()
    make_schedule(alice, routine, date(2026, 1, 1), weekdays_to_mask([0]))
    client.force_login(alice)
    moment = datetime(2026, 1, 4, 11, 30, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        html = client.get(reverse("today:index")).content.decode()
    assert "Monday 5 January" in html
    assert "Morning hips" in html


def test_today_needs_a_login_and_get(client, alice):
    assert client.get(reverse("today:index")).status_code == 302
    client.force_login(alice)
    assert client.post(reverse("today:index")).status_code == 405


def test_today_costs_the_same_queries_with_a_year_of_history(
    alice_client, alice, routine, stretch, schedules, django_assert_max_num_queries
):
    a_year_of_history(alice, [routine, stretch])
    # +1 for the recent sessions the plan's suggestions read (more only when one could be due: see
    # tests/test_suggestions.py); +2 when a PSFS rating is due: the last one, the activities
    # +1 for the flare-day starter behind "Bad day?"; the week strip reuses the week's one plan query.
    # +1 for the streak (sessions per day, aggregated), +1 for the latest pain scores; the
    # schedules are read once for the plan, the streak and "has schedules".
    with django_assert_max_num_queries(12):
        response = alice_client.get(reverse("today:index"))
    assert response.status_code == 200


# Calendar


def day_cell(html: str, day: date) -> str:
    marker = f"day={day.isoformat()}"
    start = html.index(marker)
    return html[html.rindex("<td", 0, start) : html.index("</td>", start)]


def test_the_calendar_marks_each_day(alice_client, alice, routine, stretch, schedules):
    session_on(alice, routine, date(2026, 3, 2)).save()
    session_on(alice, stretch, date(2026, 3, 2)).save()
    session_on(alice, stretch, date(2026, 3, 3), completed=False).save()
    response = alice_client.get(reverse("calendar:month"), {"month": "2026-03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "March 2026" in html
    assert "status-done" in day_cell(html, date(2026, 3, 2))
    assert "status-partly" in day_cell(html, date(2026, 3, 3))
    assert "status-planned" in day_cell(html, date(2026, 3, 4))
    assert "is-today" in day_cell(html, date(2026, 3, 4))
    assert 'aria-current="date"' in day_cell(html, date(2026, 3, 4))
    assert "status-planned" in day_cell(html, date(2026, 3, 5))
    assert "status-rest" in day_cell(html, date(2026, 3, 20)) or "status-planned" in day_cell(html, date(2026, 3, 20))


def test_a_past_planned_day_without_a_session_is_missed(alice_client, alice, routine):
    make_schedule(alice, routine, date(2026, 2, 1), MWF)
    html = alice_client.get(reverse("calendar:month"), {"month": "2026-02"}).content.decode()
    assert "status-missed" in day_cell(html, date(2026, 2, 2))
    assert "status-rest" in day_cell(html, date(2026, 2, 3))


def test_the_calendar_links_to_the_months_around_it(alice_client, schedules):
    html = alice_client.get(reverse("calendar:month"), {"month": "2026-01"}).content.decode()
    assert 'href="?month=2025-12"' in html
    assert 'href="?month=2026-02"' in html
    assert 'hx-get="?month=2026-02"' in html
    assert "Back to this month" in html


def test_the_calendar_without_a_month_shows_this_month(alice_client, schedules):
    html = alice_client.get(reverse("calendar:month")).content.decode()
    assert "March 2026" in html
    assert "Back to this month" not in html


@pytest.mark.parametrize("bad", ["2026-13", "March", "2026-3-1", "0000-01", "'; drop table"])
def test_a_bad_month_is_explained_and_this_month_shown(alice_client, schedules, bad):
    response = alice_client.get(reverse("calendar:month"), {"month": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a month we can show" in html
    assert "March 2026" in html


def test_a_day_opens_its_sessions_and_plan(alice_client, alice, routine, schedules):
    session = session_on(alice, routine, date(2026, 3, 2))
    session.save()
    html = alice_client.get(reverse("calendar:month"), {"month": "2026-03", "day": "2026-03-02"}).content.decode()
    assert "Monday 2 March" in html
    assert f'href="/sessions/{session.pk}/"' in html
    assert "Evening stretch" in html  # planned that day, not done: missed


def test_a_day_opens_as_an_htmx_panel(alice_client, schedules):
    response = alice_client.get(
        reverse("calendar:month"),
        {"month": "2026-03", "day": "2026-03-02"},
        headers={"HX-Request": "true", "HX-Target": "day-panel"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="day-panel"')
    assert "Monday 2 March" in html


def test_the_next_month_comes_as_an_htmx_partial(alice_client, schedules):
    response = alice_client.get(
        reverse("calendar:month"), {"month": "2026-04"}, headers={"HX-Request": "true", "HX-Target": "month"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "April 2026" in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_a_day_outside_the_month_is_explained(alice_client, schedules):
    html = alice_client.get(reverse("calendar:month"), {"month": "2026-03", "day": "2026-04-01"}).content.decode()
    assert "is not a day in this month" in html


def test_the_calendar_shows_only_my_sessions(alice_client, bob, schedules):
    other = make_routine(bob, "Bob's secret routine")
    session_on(bob, other, date(2026, 3, 2)).save()
    html = alice_client.get(reverse("calendar:month"), {"month": "2026-03", "day": "2026-03-02"}).content.decode()
    assert "secret" not in html


def test_the_calendar_needs_a_login_and_get(client, alice):
    assert client.get(reverse("calendar:month")).status_code == 302
    client.force_login(alice)
    assert client.post(reverse("calendar:month")).status_code == 405


def test_the_calendar_costs_the_same_queries_with_a_year_of_history(
    alice_client, alice, routine, stretch, schedules, django_assert_max_num_queries
):
    a_year_of_history(alice, [routine, stretch])
    with django_assert_max_num_queries(7):
        response = alice_client.get(reverse("calendar:month"), {"month": "2026-02", "day": "2026-02-10"})
    assert "status-done" in response.content.decode()
