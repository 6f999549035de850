import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from learn.models import FirstVisit
from routines import progress
from routines.models import Exercise, Schedule, Session, SessionMove

from .factories import make_routine, make_schedule, make_session

TODAY = date(2026, 3, 4)  # a Wednesday
INDEX = "/history/"
REPORT = "/history/report/"
EXPORT = "/accounts/export/"


@pytest.fixture
def fixed_today(settings):
    settings.LIMBER_TESTING = True
    settings.LIMBER_TODAY_OVERRIDE = TODAY
    return TODAY


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@pytest.fixture
def history(alice, fixed_today):
    """Alice: a daily schedule from 20 days ago, sessions on every day but two, pain after rising lately."""
    routine = make_routine(alice, "Morning hips")
    make_schedule(alice, routine, TODAY - timedelta(days=20))
    move = routine.ordered_items()[0].exercise
    for back in range(20, 0, -1):
        day = TODAY - timedelta(days=back)
        if back in (9, 15):
            continue  # missed
        make_session(
            alice,
            at(day),
            moves=[{"exercise": move, "name": move.name, "seconds_done": 30 + back}],
            local_date=day,
            routine=routine,
            routine_name=routine.name,
            duration_seconds=600,
            pain_before=3,
            pain_after=2 if back > 7 else 2 + (8 - back),  # climbing in the last week
        )
    return routine


def test_history_needs_login(client):
    for url in (INDEX, REPORT, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_history_pages_are_get_only(alice_client):
    for url in (INDEX, REPORT, EXPORT):
        assert alice_client.post(url).status_code == 405


def test_new_person_sees_an_empty_state_with_a_way_in(alice_client, fixed_today):
    response = alice_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No sessions yet" in html
    assert reverse("routines:starters") in html
    assert reverse("schedule:list") in html
    assert "<svg" not in html


def test_history_shows_streaks_adherence_pain_and_moves(alice_client, history):
    response = alice_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    # 18 sessions; the last miss was 9 days ago, so 8 days kept since (today still open).
    assert '<dd id="current-streak" class="big-number">8 days</dd>' in html
    assert '<dd id="longest-streak" class="big-number">8 days</dd>' in html
    assert '<dd id="total-sessions" class="big-number">18</dd>' in html
    assert escape(progress.RULE_SCHEDULED) in html
    assert "18 of 20 planned sessions done (90%)" in html
    # This week (from Monday 2 March) is not over: its bars and rows say so, not a whole week's worth.
    assert '<th scope="row">2 Mar 2026 (so far)</th>' in html and 'class="bar so-far"' in html
    assert 'id="calendar-chart"' in html and 'id="pain-chart"' in html
    assert 'id="adherence-chart"' in html and 'id="minutes-chart"' in html and 'id="sessions-chart"' in html
    assert "Pain after your sessions has crept up" in html
    assert 'href="/safety/"' in html
    assert "Morning hips move 1" in html
    assert 'id="move-chart"' in html
    assert reverse("history:report") in html


def test_no_pain_note_when_pain_is_steady(alice_client, alice, fixed_today):
    for back in range(1, 10):
        make_session(alice, at(TODAY - timedelta(days=back)), pain_before=4, pain_after=3)
    html = alice_client.get(INDEX).content.decode()
    assert 'id="pain-chart"' in html
    assert "crept up" not in html


def test_period_choice_is_kept_in_the_url_and_changes_the_numbers(alice_client, alice, fixed_today):
    for back in (3, 40, 200):
        make_session(alice, at(TODAY - timedelta(days=back)), local_date=TODAY - timedelta(days=back))
    cases = {"4w": 1, "12w": 2, "12m": 3, "all": 3, "nonsense": 2, "": 2}
    for key, sessions in cases.items():
        html = alice_client.get(INDEX, {"period": key}).content.decode()
        assert f'<strong id="period-sessions">{sessions}</strong>' in html, key
    html = alice_client.get(INDEX, {"period": "4w"}).content.decode()
    assert "Nothing was planned in this period." in html  # no schedule: no adherence bars, a way to plan
    assert 'id="adherence-chart"' not in html
    assert 'href="?period=4w" hx-get="?period=4w"' in html  # the id keeps keyboard focus across the htmx swap
    assert 'hx-push-url="true" aria-current="true">4 weeks</a>' in html


def test_period_switch_over_htmx_swaps_only_the_period_charts(alice_client, history):
    response = alice_client.get(INDEX, {"period": "4w"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="period-charts")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="period-charts"')
    assert "<html" not in html and "current-streak" not in html
    assert 'aria-current="true">4 weeks</a>' in html
    assert "HX-Request" in response["Vary"]


def test_picking_a_move_over_htmx_swaps_only_its_chart(alice_client, alice, history):
    other = make_routine(alice, "Evening back").ordered_items()[0].exercise
    make_session(alice, at(TODAY - timedelta(days=1), 20), moves=[{"exercise": other, "name": other.name}])
    response = alice_client.get(
        INDEX, {"move": other.pk, "period": "12w"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="move-history"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="move-history"')
    assert '<h3 id="move-name">Evening back move 1</h3>' in html
    assert "period-charts" not in html
    # Without JavaScript the same choice is a plain GET of the whole page.
    html = alice_client.get(INDEX, {"move": other.pk}).content.decode()
    assert f'<option value="{other.pk}" selected>' in html
    assert '<h3 id="move-name">Evening back move 1</h3>' in html


def test_someone_elses_move_is_never_shown(alice_client, bob, history, fixed_today):
    bobs = make_routine(bob, "Bob secret").ordered_items()[0].exercise
    make_session(bob, at(TODAY - timedelta(days=1)), moves=[{"exercise": bobs, "name": bobs.name}])
    for move in (str(bobs.pk), "abc", "-1", "99999999"):
        response = alice_client.get(INDEX, {"move": move})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Bob secret" not in html
        assert '<h3 id="move-name">Morning hips move 1</h3>' in html


def _history_queries(client, django_assert_max_num_queries, bound):
    client.force_login(User.objects.get(username="demo"))
    for params in ({}, {"period": "all"}, {"period": "12m", "move": "1"}):
        with django_assert_max_num_queries(bound):
            assert client.get(INDEX, params).status_code == 200


HISTORY_QUERY_BOUND = 11  # session, user, schedules, day totals, moves done, move rows, its dose changes, pain
# points, PSFS (+ ratings), the heat map's days done another way


@pytest.mark.parametrize("years", [1 / 12, 5])
def test_history_runs_the_same_few_queries_for_a_month_or_five_years(client, db, django_assert_max_num_queries, years):
    call_command("seed_demo", years=years, verbosity=0)
    _history_queries(client, django_assert_max_num_queries, HISTORY_QUERY_BOUND)


# The clinician report


def test_report_defaults_to_the_last_four_weeks(alice_client, history):
    response = alice_client.get(REPORT)
    html = response.content.decode()
    assert response.status_code == 200
    start = TODAY - timedelta(days=27)
    assert f"{start:%d %B %Y}".lstrip("0") in html
    assert '<dd id="report-sessions">18</dd>' in html
    assert '<dd id="report-minutes">180</dd>' in html
    assert "90%" in html and "(18 of 20)" in html
    assert "Morning hips" in html
    assert 'id="print-report"' in html and "js/print.js" in html
    assert "<script>" not in html and "onclick" not in html


def test_report_lists_only_flagged_notes_of_the_period(alice_client, alice, bob, fixed_today):
    make_session(alice, at(TODAY - timedelta(days=2)), notes="Hip pinched on the lunge", notes_flagged=True)
    make_session(alice, at(TODAY - timedelta(days=3)), notes="Private thought", notes_flagged=False)
    make_session(alice, at(TODAY - timedelta(days=60)), notes="Too old to show", notes_flagged=True)
    make_session(bob, at(TODAY - timedelta(days=2)), notes="Bob's note", notes_flagged=True)
    html = alice_client.get(REPORT).content.decode()
    assert "Hip pinched on the lunge" in html
    assert "Private thought" not in html and "Too old to show" not in html and "Bob&#x27;s note" not in html
    html = alice_client.get(REPORT, {"start": "2025-12-01", "end": "2026-01-31"}).content.decode()
    assert "Too old to show" in html and "Hip pinched" not in html


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-03-01", "2026-02-01", "The first day must be on or before the last day."),
        ("2026-03-01", "2026-03-10", "The report can only cover days up to today."),
        ("2020-01-01", "2026-03-01", "A report covers at most two years"),
        ("yesterday", "2026-03-01", "Enter a valid date."),
        ("", "2026-03-01", "This field is required."),
    ],
)
def test_report_rejects_bad_dates_with_a_clear_message(alice_client, history, start, end, message):
    response = alice_client.get(REPORT, {"start": start, "end": end})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'id="report-sessions"' not in html
    assert 'id="print-report"' not in html


def test_report_runs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    call_command("seed_demo", years=2, verbosity=0)
    client.force_login(User.objects.get(username="demo"))
    today = Session.objects.order_by("-local_date").values_list("local_date", flat=True).first()
    for start in (today - timedelta(days=6), today - timedelta(days=700)):
        # session, user, schedules, day totals, pain points, routines followed, moves,
        # dose changes, PSFS entries and their ratings, the first visit, flagged notes
        with django_assert_max_num_queries(12):
            response = client.get(REPORT, {"start": start.isoformat(), "end": today.isoformat()})
        assert response.status_code == 200
        assert 'id="report-sessions"' in response.content.decode()


# The JSON export of the whole account


def test_export_is_a_dated_json_download_of_everything_and_nothing_of_anyone_else(alice_client, alice, bob, history):
    custom = Exercise.objects.filter(owner=alice).first()
    schedule = Schedule.objects.get(user=alice)
    schedule.pause(TODAY)
    bobs_routine = make_routine(bob, "Bob routine")
    make_schedule(bob, bobs_routine, TODAY)
    make_session(bob, at(TODAY), routine_name="Bob session")
    FirstVisit.objects.create(user=alice, flags="none", areas=["low-back"], pain=4)
    FirstVisit.objects.create(user=bob, flags="none", areas=["outer"])

    response = alice_client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="limber-alice-{TODAY.isoformat()}.json"'
    data = json.loads(response.content)
    body = response.content.decode()
    assert data["profile"]["username"] == "alice" and data["profile"]["timezone"] == "Europe/London"
    assert data["preferences"]["lead_in_seconds"] == alice.lead_in_seconds
    assert "password" not in body and alice.password not in body and alice.calendar_token not in body
    assert {m["slug"] for m in data["custom_moves"]} == set(
        Exercise.objects.filter(owner=alice).values_list("slug", flat=True)
    )
    assert custom.slug in body and data["custom_moves"][0]["has_photo"] is False
    assert [r["name"] for r in data["routines"]] == ["Morning hips"]
    assert [i["exercise"]["slug"] for i in data["routines"][0]["items"]] == [
        item.exercise.slug for item in history.ordered_items()
    ]
    assert data["schedules"] == [
        {
            "routine_id": history.pk,
            "routine": "Morning hips",
            "weekdays": [0, 1, 2, 3, 4, 5, 6],
            "start_date": (TODAY - timedelta(days=20)).isoformat(),
            "end_date": None,
            "time_of_day": None,
            "paused_on": TODAY.isoformat(),
            "breaks": [],
        }
    ]
    assert sorted(s["client_id"] for s in data["sessions"]) == sorted(
        str(c) for c in Session.objects.filter(user=alice).values_list("client_id", flat=True)
    )
    first = data["sessions"][0]
    assert first["pain_before"] == 3 and first["moves"][0]["seconds_done"] == 50
    assert [v["areas"] for v in data["first_visits"]] == [["low-back"]]
    assert "Bob" not in body


# session, user, moves (+ areas, equipment), routines (+ items), schedules, sessions (+ moves),
# PSFS activities, PSFS entries (+ ratings), dose changes, report links, first visits
EXPORT_QUERIES = 16


def test_export_runs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    call_command("seed_demo", years=0.1, verbosity=0)
    demo = User.objects.get(username="demo")
    client.force_login(demo)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        small = json.loads(client.get(EXPORT).content)
    call_command("seed_demo", years=1, verbosity=0)
    client.force_login(User.objects.get(username="demo"))
    with django_assert_max_num_queries(EXPORT_QUERIES):
        big = json.loads(client.get(EXPORT).content)
    assert len(big["sessions"]) > 5 * len(small["sessions"])
    assert len(big["sessions"]) == Session.objects.filter(user__username="demo").count()
    assert (
        sum(len(s["moves"]) for s in big["sessions"])
        == SessionMove.objects.filter(session__user__username="demo").count()
    )


def test_settings_links_to_the_export_next_to_delete(alice_client):
    html = alice_client.get("/accounts/settings/").content.decode()
    assert 'href="/accounts/export/"' in html
    assert html.index("/accounts/export/") < html.index("/accounts/delete/")


def test_history_is_in_the_main_nav_when_logged_in(alice_client, client, fixed_today):
    assert 'href="/history/" aria-current="page">History</a>' in alice_client.get(INDEX).content.decode()
    client.logout()
    assert 'href="/history/"' not in client.get("/library/").content.decode()


def test_long_periods_draw_weekly_means_but_count_days(alice_client, history):
    html = alice_client.get(INDEX, {"period": "12m"}).content.decode()
    assert "Pain and moves are shown as weekly averages." in html
    assert "Morning hips move 1: done on 18 days" in html  # days, not weeks
    html = alice_client.get(INDEX, {"period": "4w"}).content.decode()
    assert "Pain and moves are shown as weekly averages." not in html
    assert "Lines: weekly averages. Dots: each day’s score." in html  # the pain chart's own small print
    assert "Morning hips move 1: done on 18 days" in html


def test_report_for_a_period_without_sessions_says_so(alice_client, fixed_today):
    response = alice_client.get(REPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "No sessions in this period." in html
    assert '<dd id="report-sessions">0</dd>' in html
    assert "Nothing planned" in html
    assert 'id="report-pain-chart"' not in html
