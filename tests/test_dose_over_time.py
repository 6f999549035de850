"""A move's dose over time: drawn in its chart beside what was done, and kept in the exports and the report."""

import csv
import io
import json
from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from routines import charts, suggestions
from routines.models import DoseChange, SessionMove
from routines.progress import MoveSeries, dose_series

from .factories import TODAY, session_on

START = TODAY - timedelta(days=20)


def did(user, routine, days_back: int, seconds: int = 60) -> None:
    """Save a session of `routine` `days_back` days ago in which its first move was held `seconds` in all."""
    session = session_on(user, routine, TODAY - timedelta(days=days_back))
    session.save()
    move = routine.ordered_items()[0].exercise
    SessionMove.objects.create(
        session=session, exercise=move, name=move.name, measure="hold", per_side=True, sets_done=1, seconds_done=seconds
    )


def change(user, item, field: str, new: int, days_back: int, reason: str = "Changed by hand") -> None:
    old = getattr(item, field)
    setattr(item, field, new)
    item.save()
    day = TODAY - timedelta(days=days_back)
    suggestions.record(
        user, item, field, old, new, source=DoseChange.Source.HAND, reason=reason,
        now=datetime.combine(day, time(12), tzinfo=UTC), today=day,
    )  # fmt: skip


# The dose line, as a pure function


def test_the_dose_line_walks_back_from_todays_dose_through_each_change():
    current = {"hold_seconds": 40, "reps": None, "sets": 2, "per_side": True}
    d1, d2, d3 = (START + timedelta(days=n) for n in (3, 8, 12))
    changes = [(d1, "hold_seconds", 30, 35), (d2, "hold_seconds", 35, 40), (d3, "sets", 1, 2)]
    # 30 s a side once, then 35, then 40, then twice 40 s a side: what one session holds in all.
    assert dose_series("seconds", current, changes, START) == [(START, 60), (d1, 70), (d2, 80), (d3, 160)]


def test_no_dose_line_without_a_change_or_an_amount_in_the_charts_unit():
    current = {"hold_seconds": 35, "reps": None, "sets": 1, "per_side": False}
    assert dose_series("seconds", current, [], START) == []
    assert dose_series("reps", current, [(START, "hold_seconds", 30, 35)], START) == []  # a hold, drawn in reps
    assert dose_series("seconds", current, [(START, "rest_seconds", 0, 30)], START) == []  # the amount never moved


@given(
    hold=st.integers(1, 600),
    sets=st.integers(1, 10),
    per_side=st.booleans(),
    steps=st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["hold_seconds", "sets"]), st.integers(1, 600))),
)
def test_the_dose_line_always_ends_at_todays_dose(hold, sets, per_side, steps):
    dose = {"hold_seconds": hold, "sets": sets, "per_side": per_side}
    changes = []
    for back, field, new in sorted(steps, key=lambda step: -step[0]):  # oldest first
        changes.append((TODAY - timedelta(days=back), field, dose[field], new))
        dose[field] = new
    line = dose_series("seconds", dose, changes, START)
    if line:
        assert line[-1][1] == dose["hold_seconds"] * dose["sets"] * (2 if per_side else 1)
        assert [day for day, _ in line] == sorted({day for day, _ in line})


def test_the_chart_draws_the_dose_in_steps_and_lists_it_beside_each_day():
    done = MoveSeries("seconds", [(START + timedelta(days=1), 60), (START + timedelta(days=10), 70)])
    dose = [(START, 60), (START + timedelta(days=5), 70)]
    figure = charts.move_figure(done, done, "Kneeling hip flexor stretch", START, TODAY, dose)
    assert '<polyline class="line dose"' in figure.svg and ">Planned</text>" in figure.svg
    # Four corners: level at 60 until the change, up to 70, level to the end of the period.
    dose_line = figure.svg.split('<polyline class="line dose" points="')[1].split('"')[0]
    assert len(dose_line.split()) == 4
    assert figure.table.headers == ("Day", "Seconds", "Planned for a session")
    assert [row[1:] for row in figure.table.rows] == [("60", "60"), ("70", "70")]
    assert "Planned for a session: 60 s at the start, 70 s now (1 change of dose)." in figure.summary
    plain = charts.move_figure(done, done, "Kneeling hip flexor stretch", START, TODAY)
    assert "line dose" not in plain.svg and plain.table.headers == ("Day", "Seconds")


# The history page


def test_the_move_chart_shows_the_dose_change_beside_what_was_done(alice_client, alice, routine, fixed_today):
    item = routine.ordered_items()[0]  # the kneeling hip flexor stretch: 30 s a side, once
    for back in (6, 4, 2):
        did(alice, routine, back, seconds=60 if back > 3 else 70)
    change(alice, item, "hold_seconds", 35, days_back=3)
    page = alice_client.get(reverse("history:index"), {"move": item.exercise_id}).content.decode()
    assert '<polyline class="line dose"' in page
    assert "<th>Planned for a session</th>" in page.replace(' scope="col"', "")
    assert "<td>60</td><td>60</td>" in page and "<td>70</td><td>70</td>" in page  # done, and planned, each day
    assert "Planned for a session: 60 s at the start, 70 s now (1 change of dose)." in page
    assert 'href="/history/dose-changes.csv"' in page


def test_a_move_whose_dose_never_changed_has_no_dose_line(alice_client, alice, routine, fixed_today):
    did(alice, routine, 2)
    page = alice_client.get(reverse("history:index"), {"move": routine.ordered_items()[0].exercise_id}).content
    assert b"line dose" not in page and b"Planned for a session" not in page


@pytest.mark.parametrize("changes", [1, 40])
def test_the_history_page_and_the_report_take_a_fixed_number_of_queries_however_many_changes(
    alice_client, alice, routine, changes, django_assert_max_num_queries, fixed_today
):
    item = routine.ordered_items()[0]
    did(alice, routine, 30)
    for back in range(changes, 0, -1):
        did(alice, routine, back % 20)
        change(alice, item, "hold_seconds", 30 + back % 2 * 5, days_back=back % 20)
    # session, user, schedules, day totals, moves done, the move's rows, its dose changes, pain points,
    # PSFS entries (+ ratings), the heat map's days done another way: as before the dose line.
    with django_assert_max_num_queries(11):
        page = alice_client.get(reverse("history:index"), {"move": item.exercise_id, "period": "all"})
    assert b'class="line dose"' in page.content
    with django_assert_max_num_queries(12):
        assert b"Download every dose change" in alice_client.get(reverse("history:report")).content
    with django_assert_max_num_queries(3):  # the login session, the user, the changes
        assert len(read(alice_client.get(reverse("history:export_dose_changes_csv")))) == changes


# The exports


def read(response) -> list[dict]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # a byte-order mark, as the sessions CSV
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_dose_changes_download_holds_each_change_in_words_and_nothing_of_anyone_else(
    alice_client, alice, routine, bob, bobs_routine, fixed_today
):
    item = routine.ordered_items()[0]
    change(alice, item, "hold_seconds", 35, days_back=3, reason="=Felt easy")
    change(alice, item, "sets", 2, days_back=1)
    change(bob, bobs_routine.ordered_items()[0], "reps", 12, days_back=1)
    response = alice_client.get(reverse("history:export_dose_changes_csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="limber-dose-changes-')
    assert response["Cache-Control"] == "private, no-store"
    rows = read(response)
    assert [(r["date"], r["move"], r["field"], r["old"], r["new"], r["change"], r["source"]) for r in rows] == [
        (str(TODAY - timedelta(days=3)), item.exercise.name, "hold_seconds", "30", "35", "hold 30 s → 35 s", "hand"),
        (str(TODAY - timedelta(days=1)), item.exercise.name, "sets", "1", "2", "sets 1 set → 2 sets", "hand"),
    ]
    assert rows[0]["routine"] == "Morning hips" and rows[0]["reason"] == "'=Felt easy"  # kept as text
    assert rows[0]["changed_at"].startswith(f"{TODAY - timedelta(days=3)}T12:00:00")


def test_the_dose_changes_download_needs_a_login_and_a_get(client, alice):
    url = reverse("history:export_dose_changes_csv")
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.post(url).status_code == 405


def test_the_json_export_and_the_report_keep_the_changes_too(alice_client, alice, routine, fixed_today):
    item = routine.ordered_items()[0]
    change(alice, item, "hold_seconds", 35, days_back=3)
    data = json.loads(alice_client.get(reverse("accounts:export")).content)
    assert [(c["field"], c["old"], c["new"]) for c in data["dose_changes"]] == [("hold_seconds", 30, 35)]
    report = alice_client.get(reverse("history:report")).content.decode()
    assert "hold 30 s → 35 s" in report and "Changed by hand" in report
