"""What the clinician report holds beyond adherence and pain: the moves and their doses, and the PSFS."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape

from routines import psfs
from routines.dose import done_words
from routines.models.psfs import set_activities

from .factories import TODAY, make_session, rated_on

pytestmark = pytest.mark.usefixtures("fixed_today")
REPORT = "/history/report/"


def at(day, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def scored(day, *ratings: tuple[int, int]) -> psfs.Scored:
    return psfs.Scored(0, day, tuple(psfs.Rating(pk, f"activity {pk}", r) for pk, r in ratings))


# The rules, without a database


@pytest.mark.parametrize(
    ("measure", "per_side", "times", "sets", "reps", "seconds", "words"),
    [
        ("reps", False, 2, 4, 40, 0, "10 reps · ×2"),
        ("hold", True, 1, 2, None, 120, "Hold 30 s · each side · ×2"),
        ("hold", False, 2, 3, None, 90, "Hold 30 s · ×1.5"),
        ("hold", False, 1, 1, None, 600, "Hold 10 min · ×1"),
        ("breaths", False, 1, 1, None, 45, "45 s a set · ×1"),
        ("hold", False, 3, 0, None, 0, "No sets done"),
    ],
)
def test_the_dose_done_is_the_mean_per_set_and_side_and_the_sets_per_time(
    measure, per_side, times, sets, reps, seconds, words
):
    assert done_words(measure, per_side=per_side, times=times, sets=sets, reps=reps, seconds=seconds) == words


def test_the_report_says_in_the_third_person_whether_the_latest_change_is_real():
    first = scored(TODAY - timedelta(days=28), (1, 3), (2, 3), (3, 3))
    middle = scored(TODAY - timedelta(days=14), (1, 4), (2, 4), (3, 4))
    latest = scored(TODAY, (1, 7), (2, 5), (3, 4))
    lines = psfs.report_words(psfs.summary([first, middle, latest], 14))
    assert lines[0] == (
        "Latest change: 4 on 18 Feb 2026 → 5.3 on 4 Mar 2026 (+1.3), under the minimal detectable change "
        "of 2 points (Stratford et al. 1995), so not a real change."
    )
    assert lines[1].startswith("Over the period: 3 on 4 Feb 2026 → 5.3 on 4 Mar 2026 (+2.3), a real change")
    assert lines[2] == "“activity 1”: 4 → 7 (+3), a real change in that activity (at least 3 points)."
    assert not any("Your" in line or "you" in line.split() for line in lines)


def test_the_report_does_not_compare_scores_about_different_activities():
    lines = psfs.report_words(psfs.summary([scored(TODAY, (1, 2)), scored(TODAY, (2, 9))], 14))
    assert "the activities changed in between, so the two scores are not compared" in lines[0]


def test_the_report_says_when_there_are_one_or_no_ratings():
    assert psfs.report_words(psfs.summary([], 14)) == ["No ratings in this period."]
    assert psfs.report_words(psfs.summary([scored(TODAY, (1, 6))], 14)) == [
        "One rating in this period: 6 out of 10 on 4 Mar 2026."
    ]


# The page


def test_the_report_lists_each_move_done_with_its_dose_and_skips(alice_client, alice, bob):
    bridge = {"name": "Glute bridge", "measure": "reps", "sets_done": 2, "reps_done": 20, "seconds_done": 60}
    lunge = {"name": "Lunge hip flexor stretch", "measure": "hold", "per_side": True, "sets_done": 2}
    for back in (1, 3, 5):
        make_session(alice, at(TODAY - timedelta(days=back)), [bridge, {**lunge, "seconds_done": 120}])
    make_session(alice, at(TODAY - timedelta(days=2)), [{**lunge, "skipped": True, "sets_done": 0}])
    make_session(alice, at(TODAY - timedelta(days=90)), [{"name": "Too long ago"}])
    make_session(bob, at(TODAY - timedelta(days=1)), [{"name": "Bob's cobra"}])
    html = alice_client.get(REPORT).content.decode()
    moves = html[html.index('id="report-moves"') :]
    moves = moves[: moves.index("</table>")]
    assert '<th scope="row">Glute bridge</th><td>3</td><td class="report-dose">10 reps · ×2</td><td>0</td>' in moves
    lunge_row = (
        '<th scope="row">Lunge hip flexor stretch</th><td>3</td>'
        '<td class="report-dose">Hold 30 s · each side · ×2</td><td>1</td>'
    )
    assert lunge_row in moves
    assert "Too long ago" not in moves and escape("Bob's cobra") not in html


def test_the_report_holds_the_psfs_scores_of_its_period_and_what_they_mean(alice_client, alice):
    set_activities(alice, ["Putting on socks", "Sitting through a film"])
    rated_on(alice, TODAY - timedelta(days=60), [1, 1])  # before the period: left out
    rated_on(alice, TODAY - timedelta(days=20), [3, 4])
    rated_on(alice, TODAY - timedelta(days=6), [6, 5])
    html = alice_client.get(REPORT).content.decode()
    words = html[html.index('id="report-psfs-words"') : html.index('id="report-psfs-table"')]
    assert "Latest change: 3.5 on 12 Feb 2026 → 5.5 on 26 Feb 2026 (+2), a real change" in words
    assert "“Putting on socks”: 3 → 6 (+3), a real change in that activity" in words
    assert 'id="report-psfs-chart"' in html
    table = html[html.index('id="report-psfs-table"') :]
    assert "Putting on socks: 6; Sitting through a film: 5" in table
    assert "Over the period" not in words  # two ratings in it: the one 60 days back is left out
    assert "3 Jan 2026" not in table


def test_a_report_without_ratings_says_so(alice_client):
    html = alice_client.get(REPORT).content.decode()
    assert "No ratings in this period." in html
    assert 'id="report-psfs-chart"' not in html
    assert "No moves recorded in this period." in html


def test_the_report_still_shows_flagged_notes_to_their_owner(alice_client, alice):
    make_session(alice, at(TODAY - timedelta(days=1)), notes="Knee clicked", notes_flagged=True)
    html = alice_client.get(reverse("history:report")).content.decode()
    assert "Notes for the clinician" in html and "Knee clicked" in html


def test_the_report_opens_with_where_it_hurts_from_the_latest_first_visit(client, alice, bob):
    client.force_login(bob)
    client.post(reverse("start:index"), {"no_flags": "on"})
    client.post(reverse("start:questions"), {"areas": ["front"], "worse": ["running"]})
    client.force_login(alice)
    assert "Where it hurts" not in client.get(REPORT).content.decode()
    client.post(reverse("start:index"), {"no_flags": "on"})
    client.post(reverse("start:questions"), {"areas": ["outer", "low-back"], "worse": ["sitting"], "pain": "6"})
    html = client.get(REPORT).content.decode()
    visit = html[html.index('id="first-visit-heading"') : html.index('id="routines-heading"')]
    assert "<dt>Where it hurts</dt><dd>Outer hip, Low back</dd>" in visit
    assert "<dt>What makes it worse</dt><dd>Sitting a long time</dd>" in visit
    assert "Running" not in visit  # Bob's answers are his own
