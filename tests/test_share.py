"""The live report a person shares with their physiotherapist: the link, what it shows, and who can open it."""

import json
import re
import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from accounts.models import User
from routines.models import ReportShare
from routines.models.psfs import set_activities
from routines.models.share import find_live, make_share, token_digest
from routines.views.share import MISSES_PER_CLIENT

from .factories import TODAY, make_routine, make_schedule, make_session, rated_on
from .fuzz import FUZZ, assert_handled, form_data

pytestmark = pytest.mark.usefixtures("fixed_today")
SHARE = "/history/share/"
LINK = re.compile(r'id="share-link" value="http://testserver/history/shared/([A-Za-z0-9_-]{43})/"')


def at(day, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def shared_url(token: str) -> str:
    return reverse("history:shared", args=[token])


def make_link(client, expires: str = "90", **options) -> str:
    """Make a link through the page, as the person does, and return its token from the page."""
    data = {"expires": expires, **{name: "on" for name, on in options.items() if on}}
    response = client.post(reverse("history:share_create"), data)
    assert response.status_code == 302
    found = LINK.search(client.get(SHARE).content.decode())
    assert found, "the new link is shown once"
    return found.group(1)


@pytest.fixture
def alices_history(alice):
    """Alice's last three weeks: a daily plan, 18 sessions with a bridge, pain, a flagged note, two PSFS ratings."""
    routine = make_routine(alice, "Morning hips")
    make_schedule(alice, routine, TODAY - timedelta(days=20))
    bridge = {"name": "Glute bridge", "measure": "reps", "sets_done": 2, "reps_done": 20, "seconds_done": 60}
    for back in range(20, 0, -1):
        if back in (9, 15):
            continue
        day = TODAY - timedelta(days=back)
        make_session(
            alice, at(day), [bridge], local_date=day, routine=routine, routine_name=routine.name, duration_seconds=600
        )
    make_session(
        alice, at(TODAY), [bridge], pain_before=4, pain_after=2, notes="Hip pinched on the lunge", notes_flagged=True
    )
    set_activities(alice, ["Putting on socks", "Walking to the shops"])
    rated_on(alice, TODAY - timedelta(days=14), [3, 4])
    rated_on(alice, TODAY, [6, 5])
    alice.first_name, alice.last_name = "Alice", "Archer"
    alice.save()
    return routine


# Making, changing and turning off the link


def test_the_page_and_its_forms_need_a_login(client):
    for url in (SHARE, reverse("history:share_create")):
        response = client.get(url) if url == SHARE else client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_history_offers_to_share_with_the_physio(alice_client, alices_history):
    html = alice_client.get("/history/").content.decode()
    assert f'id="share-with-physio" href="{SHARE}"' in html and "Share with my physio" in html


def test_a_new_link_is_shown_once_and_only_its_digest_is_kept(alice_client, alice):
    token = make_link(alice_client, expires="30")
    share = ReportShare.objects.get(user=alice)
    assert share.token_digest == token_digest(token) != token
    assert len(token) == 43  # 256 random bits
    assert timedelta(days=29, hours=23) < share.expires_at - timezone.now() <= timedelta(days=30)
    assert not share.include_notes and not share.show_name
    again = alice_client.get(SHARE).content.decode()
    assert token not in again and "Your link is on" in again
    assert alice_client.get(shared_url(token)).status_code == 200


def test_a_link_may_never_expire(alice_client, alice):
    make_link(alice_client, expires="0")
    assert ReportShare.objects.get(user=alice).expires_at is None
    assert "Never, until you turn it off" in alice_client.get(SHARE).content.decode()


@pytest.mark.parametrize("expires", ["45", "", "never", "-30", "9" * 30])
def test_a_link_with_an_unknown_expiry_is_refused_with_a_clear_message(alice_client, alice, expires):
    response = alice_client.post(reverse("history:share_create"), {"expires": expires})
    assert response.status_code == 200
    assert "Choose how long the link works: 30 days, 90 days or until you turn it off." in response.content.decode()
    assert not ReportShare.objects.exists()


def test_making_a_new_link_turns_the_old_one_off(alice_client, alice):
    old = make_link(alice_client)
    new = make_link(alice_client)
    assert old != new
    assert alice_client.get(shared_url(old)).status_code == 404
    assert alice_client.get(shared_url(new)).status_code == 200
    assert ReportShare.objects.live().filter(user=alice).count() == 1


def test_turning_the_link_off_makes_it_a_404(alice_client, alice, client):
    token = make_link(alice_client)
    share = ReportShare.objects.get(user=alice)
    confirm = alice_client.get(reverse("history:share_revoke", args=[share.pk]))
    assert confirm.status_code == 200 and "Turn the report link off?" in confirm.content.decode()
    assert ReportShare.objects.live().exists()  # asking is not doing
    response = alice_client.post(reverse("history:share_revoke", args=[share.pk]), follow=True)
    assert "Link turned off." in response.content.decode()
    assert "Make a link" in response.content.decode() and "Your link is on" not in response.content.decode()
    assert client.get(shared_url(token)).status_code == 404
    # Off is off: the same page cannot turn it off twice, or change what it shows.
    assert alice_client.post(reverse("history:share_revoke", args=[share.pk])).status_code == 404
    assert alice_client.post(reverse("history:share_options", args=[share.pk])).status_code == 404


def test_another_person_cannot_turn_off_or_change_the_link(alice_client, alice, bob, client):
    token = make_link(alice_client)
    share = ReportShare.objects.get(user=alice)
    client.force_login(bob)
    assert client.post(reverse("history:share_revoke", args=[share.pk])).status_code == 404
    assert client.post(reverse("history:share_options", args=[share.pk]), {"show_name": "on"}).status_code == 404
    assert "Your link is on" not in client.get(SHARE).content.decode()
    share.refresh_from_db()
    assert share.revoked_at is None and not share.show_name
    assert client.get(shared_url(token)).status_code == 200


def test_the_options_change_what_the_live_link_shows(alice_client, alice, alices_history, client):
    token = make_link(alice_client)
    html = client.get(shared_url(token)).content.decode()
    assert "Alice Archer" not in html and "Hip pinched on the lunge" not in html
    assert "Notes for the clinician" not in html
    share = ReportShare.objects.get(user=alice)
    alice_client.post(reverse("history:share_options", args=[share.pk]), {"include_notes": "on", "show_name": "on"})
    html = client.get(shared_url(token)).content.decode()
    assert "<h1>Alice Archer</h1>" in html and "Hip pinched on the lunge" in html
    alice_client.post(reverse("history:share_options", args=[share.pk]), {})
    html = client.get(shared_url(token)).content.decode()
    assert "Alice Archer" not in html and "Hip pinched on the lunge" not in html


def test_the_owner_sees_when_the_link_was_last_opened(alice_client, alice, client):
    token = make_link(alice_client)
    assert "Not opened yet" in alice_client.get(SHARE).content.decode()
    client.get(shared_url(token))
    opened = ReportShare.objects.get(user=alice).last_opened_at
    assert opened is not None and timezone.now() - opened < timedelta(minutes=1)
    local = timezone.localtime(opened, zoneinfo.ZoneInfo(alice.timezone))
    assert f'id="share-last-opened">{local:%-d %b %Y, %H:%M}<' in alice_client.get(SHARE).content.decode()


def test_the_methods_each_view_takes(alice_client, alice):
    assert alice_client.post(SHARE).status_code == 405
    assert alice_client.get(reverse("history:share_create")).status_code == 405
    make_link(alice_client)
    share = ReportShare.objects.get(user=alice)
    assert alice_client.get(reverse("history:share_options", args=[share.pk])).status_code == 405
    assert alice_client.post(shared_url("x" * 43)).status_code == 405


# The report behind the link


def test_the_link_opens_without_a_login_on_the_report_of_the_last_twelve_weeks(alice_client, alices_history, client):
    token = make_link(alice_client)
    response = client.get(shared_url(token))
    html = response.content.decode()
    assert response.status_code == 200
    start = TODAY - timedelta(days=83)
    assert f"{start.day} {start:%B %Y} to 4 March 2026" in html
    assert '<dd id="report-sessions">19</dd>' in html
    assert "90%" in html and "(19 of 21)" in html  # adherence: planned every day for 21 days, 19 done
    assert '<dd id="report-minutes">195</dd>' in html
    assert 'id="shared-pain-chart"' in html
    assert "Latest change: 3.5 on 18 Feb 2026 → 5.5 on 4 Mar 2026 (+2), a real change" in html
    assert 'id="shared-psfs-chart"' in html
    assert '<th scope="row">Glute bridge</th><td>19</td><td class="report-dose">10 reps · ×2</td>' in html
    assert "Log out" not in html and "csrfmiddlewaretoken" not in html


def test_the_page_is_kept_by_no_cache_listed_by_no_search_engine_and_sends_no_referrer(alice_client, client):
    token = make_link(alice_client)
    response = client.get(shared_url(token))
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="referrer" content="no-referrer">' in html
    assert not response.cookies  # no session, no CSRF cookie: nothing of the viewer is kept
    # Nobody's page, and saying so: the owner opening their own link keeps their offline copies.
    alice_client.get(shared_url(token))
    assert "Limber-Owner" not in alice_client.get(shared_url(token)).headers


def test_the_page_links_nowhere_inside_the_persons_account(alice_client, alices_history, client):
    token = make_link(alice_client, include_notes=True, show_name=True)
    html = client.get(shared_url(token)).content.decode()
    targets = re.findall(r'(?:href|action|src)="([^"]+)"', html)
    public = ("/", "/safety/", "/learn/", "/sources/", "/manifest.webmanifest", shared_url(token))
    for target in targets:
        assert target in public or target.startswith(("/static/", "#")), target
    assert 'method="post"' not in html


def test_a_physio_signed_in_to_their_own_account_sees_the_report_and_nothing_of_theirs(
    alice_client, alices_history, bob, client
):
    token = make_link(alice_client)
    client.force_login(bob)
    html = client.get(shared_url(token)).content.decode()
    assert '<dd id="report-sessions">19</dd>' in html
    assert "Log out" not in html and "bob" not in html
    # Not even the viewer's own session is read: no account scripts, no logging from this page.
    assert "data-log-session-url" not in html and "outbox.js" not in html


@pytest.mark.parametrize(
    "token",
    [
        "x" * 43,  # well formed, never made
        "short",
        "x" * 44,
        "x" * 42 + "!",
        "%00" + "x" * 40,
    ],
)
def test_a_token_that_was_never_made_is_a_404(client, alice, token):
    make_share(alice, days=30, include_notes=False, show_name=False)
    assert client.get(f"/history/shared/{token}/").status_code == 404


def test_an_expired_link_is_a_404(alice_client, alice, client):
    token = make_link(alice_client, expires="30")
    share = ReportShare.objects.get(user=alice)
    share.expires_at = timezone.now() + timedelta(seconds=5)
    share.save()
    assert client.get(shared_url(token)).status_code == 200
    share.expires_at = timezone.now() - timedelta(seconds=1)
    share.save()
    assert client.get(shared_url(token)).status_code == 404
    assert "Make a link" in alice_client.get(SHARE).content.decode()


def test_a_deactivated_account_shares_nothing(alice_client, alice, client):
    token = make_link(alice_client)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert client.get(shared_url(token)).status_code == 404


def test_wrong_links_are_throttled_per_address_and_then_even_a_right_one_waits(alice_client, client):
    token = make_link(alice_client)
    for n in range(MISSES_PER_CLIENT):
        assert client.get(shared_url(f"{n:043d}")).status_code == 404
    response = client.get(shared_url(token))
    assert response.status_code == 429
    assert "Too many wrong links" in response.content.decode()
    assert response["Retry-After"] == "3600"
    # Another address is not held up by this one's guessing.
    assert client.get(shared_url(token), REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-03-01", "2026-02-01", "The first day must be on or before the last day."),
        ("2026-03-01", "2026-03-10", "The report can only cover days up to today."),
        ("yesterday", "2026-03-01", "Enter a valid date."),
    ],
)
def test_a_bad_period_gets_a_clear_message_and_no_report(alice_client, alices_history, client, start, end, message):
    token = make_link(alice_client)
    response = client.get(shared_url(token), {"start": start, "end": end})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'id="report-sessions"' not in html
    assert response["Cache-Control"] == "private, no-store"


def test_the_physio_may_look_at_another_period(alice_client, alices_history, client):
    token = make_link(alice_client)
    assert '<dd id="report-sessions">19</dd>' in client.get(shared_url(token)).content.decode()
    html = client.get(shared_url(token), {"start": "2026-03-01", "end": "2026-03-04"}).content.decode()
    assert "1 March 2026 to 4 March 2026" in html and '<dd id="report-sessions">4</dd>' in html
    assert '<dd id="report-sessions">19</dd>' in client.get(shared_url(token)).content.decode()


def test_the_owners_messages_stay_theirs_when_they_open_their_own_link(alice_client, client):
    alice_client.post(reverse("history:share_create"), {"expires": "90"})
    token = LINK.search(alice_client.get(SHARE).content.decode()).group(1)
    alice_client.post(reverse("history:share_options", args=[ReportShare.objects.get().pk]), {})
    html = alice_client.get(shared_url(token)).content.decode()
    assert "Saved. The link shows this from now on." not in html
    assert "Saved. The link shows this from now on." not in client.get(shared_url(token)).content.decode()
    assert "Saved. The link shows this from now on." in alice_client.get(SHARE).content.decode()


def test_the_report_is_live_what_the_person_logs_shows_at_once(alice_client, alice, alices_history, client):
    token = make_link(alice_client)
    assert '<dd id="report-sessions">19</dd>' in client.get(shared_url(token)).content.decode()
    make_session(alice, at(TODAY, 18))
    alice.move_data_version()  # as every change the person makes does (accounts.middleware)
    assert '<dd id="report-sessions">20</dd>' in client.get(shared_url(token)).content.decode()


def test_find_live_takes_only_a_working_token(alice):
    share, token = make_share(alice, days=0, include_notes=False, show_name=False)
    assert find_live(token) == share
    assert find_live(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    share.revoked_at = timezone.now()
    share.save()
    assert find_live(token) is None


@pytest.mark.parametrize("years", [0.1, 2])
def test_the_shared_report_runs_the_same_queries_for_a_month_or_years(
    client, db, django_assert_max_num_queries, django_assert_num_queries, years
):
    call_command("seed_demo", years=years, verbosity=0)
    demo = User.objects.get(username="demo")
    _share, token = make_share(demo, days=90, include_notes=True, show_name=True)
    # the link with its owner, "last opened", schedules, day totals, pain points, routines
    # followed, moves, dose changes, PSFS entries and their ratings, the first visit, flagged notes
    with django_assert_max_num_queries(12):
        assert client.get(shared_url(token)).status_code == 200
    # Opened again with nothing changed: the link alone (the report is cached, "last opened" is fresh).
    with django_assert_num_queries(1):
        assert client.get(shared_url(token)).status_code == 200


@FUZZ
@given(data=form_data(["expires", "include_notes", "show_name"]))
def test_making_a_link_survives_hostile_input(alice_client, alice, data):
    ReportShare.objects.all().delete()
    response = alice_client.post(reverse("history:share_create"), data)
    assert_handled(response)
    made = ReportShare.objects.filter(user=alice).exists()
    assert made == (response.status_code == 302)
    assert made == (data.get("expires") in ("30", "90", "0"))


@FUZZ
@given(data=form_data(["start", "end"]))
def test_the_shared_report_survives_hostile_query_strings(client, alice, data):
    _share, token = make_share(alice, days=0, include_notes=True, show_name=True)
    response = client.get(shared_url(token), data)
    assert response.status_code == 200
    ReportShare.objects.all().delete()


def test_the_export_lists_the_links_settings_and_never_a_token(alice_client, alice):
    token = make_link(alice_client, expires="0", include_notes=True)
    export = alice_client.get(reverse("accounts:export")).content.decode()
    links = json.loads(export)["report_links"]
    assert len(links) == 1
    assert links[0]["include_notes"] is True and links[0]["show_name"] is False and links[0]["expires_at"] is None
    assert token not in export and token_digest(token) not in export


def test_deleting_the_account_takes_its_link_with_it(alice_client, alice, password, client):
    token = make_link(alice_client)
    alice_client.post(reverse("accounts:delete"), {"password": password})
    assert not ReportShare.objects.exists()
    assert client.get(shared_url(token)).status_code == 404


def test_a_refused_new_link_leaves_the_live_links_choices_as_they_were(alice_client, alice):
    make_link(alice_client, include_notes=True)
    response = alice_client.post(reverse("history:share_create"), {"expires": "45", "show_name": "on"})
    html = response.content.decode()
    assert "Choose how long the link works" in html
    # The live link's own form still shows its choices, so saving it changes nothing by surprise.
    assert 'id="options_include_notes" checked' in html
    assert 'id="options_show_name">' in html and 'id="options_show_name" checked' not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "each id once: a label must tick its own box"
    share = ReportShare.objects.get(user=alice)
    assert share.include_notes and not share.show_name
