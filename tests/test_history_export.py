import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from .factories import make_session

URL = "/history/export.csv"


def read(response) -> list[dict]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_url_is_named():
    assert reverse("history:export_csv") == URL


def test_export_has_a_header_and_one_row_per_move(alice_client, alice):
    make_session(
        alice,
        datetime(2026, 11, 17, 7, 30, tzinfo=UTC),
        [{"name": "Glute bridge", "measure": "reps", "reps_done": 20, "sets_done": 2}, {"name": "Cobra"}],
        pain_before=5,
        pain_after=3,
        effort=4,
        notes="Felt easier today",
        notes_flagged=True,
    )
    make_session(alice, datetime(2026, 11, 18, 7, 30, tzinfo=UTC), [], completed=False, duration_seconds=120)
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read(response)
    assert [row["move"] for row in rows] == ["Glute bridge", "Cobra", ""]  # the session without moves still shows
    first = rows[0]
    assert first["date"] == "2026-11-17"
    assert first["started_at"] == "2026-11-17T07:30:00+00:00"  # alice is in London: GMT in November
    assert (first["routine"], first["pain_before"], first["pain_after"], first["effort"]) == (
        "Morning hips",
        "5",
        "3",
        "4",
    )
    assert (first["notes_flagged"], first["completed"], first["measure"]) == ("yes", "yes", "reps")
    assert (first["reps_done"], first["sets_done"], first["seconds_done"], first["skipped"]) == ("20", "2", "30", "no")
    assert rows[1]["reps_done"] == ""
    assert (rows[2]["completed"], rows[2]["duration_seconds"], rows[2]["pain_before"]) == ("no", "120", "")


def test_times_are_in_the_persons_own_zone(client, bob):
    client.force_login(bob)
    make_session(bob, datetime(2026, 7, 1, 2, 0, tzinfo=UTC), [], local_date=date(2026, 6, 30))
    row = read(client.get(URL))[0]
    assert (row["date"], row["started_at"]) == ("2026-06-30", "2026-06-30T22:00:00-04:00")


def test_awkward_text_survives_the_round_trip(alice_client, alice):
    name = 'Hüftbeuger, "kneeling"\nstretch – 膝'
    make_session(alice, datetime(2026, 11, 17, 7, 30, tzinfo=UTC), [{"name": name}], routine_name="Café, «soir»")
    row = read(alice_client.get(URL))[0]
    assert row["move"] == name
    assert row["routine"] == "Café, «soir»"


def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(alice_client, alice):
    make_session(alice, datetime(2026, 11, 17, 7, 30, tzinfo=UTC), [], notes='=HYPERLINK("x")')
    assert read(alice_client.get(URL))[0]["notes"] == '\'=HYPERLINK("x")'


def test_only_the_persons_own_sessions_are_exported(alice_client, alice, bob):
    make_session(alice, datetime(2026, 11, 17, 7, 30, tzinfo=UTC), [{"name": "Alice's bridge"}])
    make_session(bob, datetime(2026, 11, 17, 7, 30, tzinfo=UTC), [{"name": "Bob's bridge"}], routine_name="Bob's")
    rows = read(alice_client.get(URL))
    assert [row["move"] for row in rows] == ["Alice's bridge"]


def test_no_sessions_gives_just_the_header(alice_client):
    response = alice_client.get(URL)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines() == [
        "date,started_at,ended_at,routine,source,completed,duration_seconds,pain_before,pain_after,pain_next_morning,effort,notes,"
        "notes_flagged,move_number,move,measure,per_side,sets_planned,sets_done,reps_done,seconds_done,skipped"
    ]


def test_the_file_name_carries_the_date(alice_client):
    disposition = alice_client.get(URL)["Content-Disposition"]
    assert disposition.startswith('attachment; filename="limber-history-20')
    assert disposition.endswith('.csv"')
    assert date.fromisoformat(disposition.split("history-")[1][:10])


def test_export_runs_a_fixed_number_of_queries(alice_client, alice, django_assert_max_num_queries):
    start = datetime(2026, 1, 1, 7, 0, tzinfo=UTC)
    for n in range(60):
        make_session(alice, start + timedelta(days=n), [{"name": f"Move {m}"} for m in range(3)])
    with django_assert_max_num_queries(3):  # the login session, the user, the export
        rows = read(alice_client.get(URL))
    assert len(rows) == 180
    assert rows[-1]["date"] == "2026-03-01"  # oldest first


def test_export_refuses_post(alice_client):
    assert alice_client.post(URL).status_code == 405


@pytest.mark.django_db
def test_export_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
