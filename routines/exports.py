"""What a person takes away: all of their data as one JSON document, and their sessions as a CSV.

The JSON holds enough to rebuild the account, in a fixed number of queries (each list is
one query, plus one per prefetched relation), whatever the amount of history. No password
hash, no calendar token, no share tokens: the file may be mailed around; secrets stay on
the server. The CSVs are for a spreadsheet: one row per move done (the sessions) or per
rating (the PSFS), times in the person's own zone, and no cell a spreadsheet would run.
"""

import csv
import zoneinfo
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Prefetch

from learn.models import FirstVisit

from . import report
from .models import (
    DoseChange,
    Exercise,
    PsfsActivity,
    PsfsEntry,
    ReportShare,
    Routine,
    Schedule,
    Session,
    SessionMove,
)
from .models.psfs import summary_for

FORMAT_VERSION = 1
PROFILE_FIELDS = ("username", "email", "first_name", "last_name", "date_joined", "timezone")
PREFERENCE_FIELDS = (
    "sound_on",
    "rep_cue_on",
    "voice_on",
    "lead_in_seconds",
    "keep_awake",
    "psfs_every_days",
    "alarm_minutes_before",
    "untimed_alarm_at",
)
MOVE_FIELDS = (
    "name", "slug", "summary", "kind", "muscles", "position", "instructions", "measure",
    "hold_seconds", "hold_seconds_max", "reps", "reps_max", "tempo_seconds", "breaths", "breaths_max",
    "sets", "sets_max", "rest_seconds", "per_side", "dose_note", "cautions", "stop_if",
)  # fmt: skip
ITEM_FIELDS = ("order", "hold_seconds", "reps", "tempo_seconds", "breaths", "sets", "rest_seconds", "per_side")
SESSION_FIELDS = (
    "client_id", "routine_name", "source", "started_at", "ended_at", "local_date", "duration_seconds",
    "completed", "pain_before", "pain_after", "morning_pain", "effort", "notes", "notes_flagged",
)  # fmt: skip
# A report link's settings and use; never its token, which Limber does not keep.
REPORT_LINK_FIELDS = ("created_at", "expires_at", "revoked_at", "include_notes", "show_name", "last_opened_at")
FIRST_VISIT_FIELDS = ("created_at", "flags", "red_flags", "areas", "worse", "pain", "equipment", "routine_id")
DOSE_CHANGE_FIELDS = ("changed_at", "local_date", "routine_id", "move_name", "field", "old", "new", "source", "reason")
SESSION_MOVE_FIELDS = (
    "order", "name", "measure", "per_side", "sets_planned", "sets_done", "reps_done", "seconds_done", "skipped",
)  # fmt: skip


def _pick(obj, fields) -> dict:
    return {field: getattr(obj, field) for field in fields}


def _exercise_ref(exercise: Exercise | None) -> dict | None:
    if exercise is None:
        return None
    return {"slug": exercise.slug, "name": exercise.name, "custom": exercise.owner_id is not None}


def account_data(user) -> dict:
    """Return all of one person's data as plain JSON-ready values (dates left to DjangoJSONEncoder)."""
    moves = Exercise.objects.for_user(user).prefetch_related("areas", "equipment").order_by("name", "pk")
    routines = Routine.objects.for_user(user).with_items().order_by("created_at", "pk")
    schedules = Schedule.objects.for_user(user).select_related("routine").order_by("start_date", "pk")
    sessions = (
        Session.objects.for_user(user)
        .select_related("routine")
        .prefetch_related(
            Prefetch("moves", queryset=SessionMove.objects.select_related("exercise").order_by("order", "pk"))
        )
        .order_by("started_at", "pk")
    )
    activities = PsfsActivity.objects.for_user(user).order_by("created_at", "pk")
    psfs_entries = PsfsEntry.objects.for_user(user).with_ratings().order_by("local_date", "created_at", "pk")
    report_links = ReportShare.objects.for_user(user).order_by("created_at", "pk")
    return {
        "format": "limber-account",
        "version": FORMAT_VERSION,
        "profile": _pick(user, PROFILE_FIELDS),
        "preferences": _pick(user, PREFERENCE_FIELDS),
        "custom_moves": [
            {
                **_pick(move, MOVE_FIELDS),
                "areas": [area.slug for area in move.areas.all()],
                "equipment": [item.slug for item in move.equipment.all()],
                "has_photo": bool(move.photo),
            }
            for move in moves
        ],
        "routines": [
            {
                "id": routine.pk,
                "name": routine.name,
                "notes": routine.notes,
                "purpose": routine.purpose,
                "created_at": routine.created_at,
                "items": [
                    {**_pick(item, ITEM_FIELDS), "exercise": _exercise_ref(item.exercise)}
                    for item in routine.items.all()
                ],
            }
            for routine in routines
        ],
        "schedules": [
            {
                "routine_id": schedule.routine_id,
                "routine": schedule.routine.name,
                "weekdays": schedule.weekday_list,
                "start_date": schedule.start_date,
                "end_date": schedule.end_date,
                "time_of_day": schedule.time_of_day,
                "paused_on": schedule.paused_on,
                "breaks": schedule.breaks,
            }
            for schedule in schedules
        ],
        "sessions": [
            {
                **_pick(session, SESSION_FIELDS),
                "routine_id": session.routine_id,
                "moves": [
                    {**_pick(move, SESSION_MOVE_FIELDS), "exercise": _exercise_ref(move.exercise)}
                    for move in session.moves.all()
                ],
            }
            for session in sessions
        ],
        # The Patient-Specific Functional Scale: each activity ever named (retired ones too,
        # with when), and each rating with the activities it was about.
        "psfs": {
            "activities": [
                {
                    "id": activity.pk,
                    "name": activity.name,
                    "position": activity.position,
                    "created_at": activity.created_at,
                    "retired_at": activity.retired_at,
                }
                for activity in activities
            ],
            "entries": [
                {
                    "date": entry.local_date,
                    "score": round(entry.score, 2) if entry.score is not None else None,
                    "ratings": [
                        {"activity_id": r.activity_id, "activity": r.activity.name, "rating": r.rating}
                        for r in entry.ratings.all()
                    ],
                }
                for entry in psfs_entries
            ],
        },
        # Every change of a routine item's dose: accepted suggestions and edits by hand.
        "dose_changes": [
            _pick(change, DOSE_CHANGE_FIELDS)
            for change in DoseChange.objects.for_user(user).order_by("changed_at", "pk")
        ],
        "report_links": [_pick(share, REPORT_LINK_FIELDS) for share in report_links],
        "first_visits": [
            _pick(visit, FIRST_VISIT_FIELDS) for visit in FirstVisit.objects.for_user(user).order_by("created_at", "pk")
        ],
    }


# One row per move done (a session without moves still gets one row), in the
# order the sessions happened. Times are ISO 8601 in the person's own zone.
SESSION_COLUMNS = [
    ("date", "local_date"),
    ("started_at", "started_at"),
    ("ended_at", "ended_at"),
    ("routine", "routine_name"),
    ("source", "source"),
    ("completed", "completed"),
    ("duration_seconds", "duration_seconds"),
    ("pain_before", "pain_before"),
    ("pain_after", "pain_after"),
    ("pain_next_morning", "morning_pain"),
    ("effort", "effort"),
    ("notes", "notes"),
    ("notes_flagged", "notes_flagged"),
    ("move_number", "moves__order"),
    ("move", "moves__name"),
    ("measure", "moves__measure"),
    ("per_side", "moves__per_side"),
    ("sets_planned", "moves__sets_planned"),
    ("sets_done", "moves__sets_done"),
    ("reps_done", "moves__reps_done"),
    ("seconds_done", "moves__seconds_done"),
    ("skipped", "moves__skipped"),
]
# One row per change of one number of a routine item's dose, oldest first: accepted
# suggestions and edits by hand. A number is blank where the dose had none (a hold became reps).
DOSE_CHANGE_CSV_FIELDS = (
    "local_date", "changed_at", "routine__name", "move_name", "field", "old", "new", "source", "reason",
)  # fmt: skip
DOSE_CHANGE_CSV_HEADER = ["date", "changed_at", "routine", "move", "field", "old", "new", "change", "source", "reason"]
PSFS_COLUMNS = ["date", "score", "activity_number", "activity", "rating"]
# A spreadsheet runs a cell that starts with one of these as a formula; a leading
# apostrophe keeps a note such as "=stiff" as the text it was.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UTC = zoneinfo.ZoneInfo("UTC")


def cell(value: object, zone: zoneinfo.ZoneInfo = UTC) -> object:
    """Return a value as a CSV cell: blank for None, yes/no, times in ``zone``, text never read as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def session_rows(user, zone: zoneinfo.ZoneInfo) -> Iterator[list[object]]:
    """Yield the header and then one row per move done, from a single query (a LEFT JOIN of sessions and moves)."""
    yield [header for header, _ in SESSION_COLUMNS]
    rows = (
        Session.objects.for_user(user)
        .order_by("started_at", "pk", "moves__order", "moves__pk")
        .values_list(*[field for _, field in SESSION_COLUMNS])
    )
    for row in rows.iterator(chunk_size=1000):
        yield [cell(value, zone) for value in row]


def dose_change_rows(user, zone: zoneinfo.ZoneInfo) -> Iterator[list[object]]:
    """Yield the header and then one row per dose change, with the change in words, oldest first (one query)."""
    yield DOSE_CHANGE_CSV_HEADER
    rows = DoseChange.objects.for_user(user).order_by("changed_at", "pk").values_list(*DOSE_CHANGE_CSV_FIELDS)
    for row in rows.iterator(chunk_size=1000):
        field, old, new = row[4:7]
        yield [cell(value, zone) for value in (*row[:7], report.change_words(field, old, new), *row[7:])]


def psfs_rows(user) -> Iterator[list[object]]:
    """Yield the header and then one row per activity rated, oldest first (two queries)."""
    yield PSFS_COLUMNS
    for entry in summary_for(user).entries:
        for number, rating in enumerate(entry.ratings, start=1):
            yield [entry.day.isoformat(), round(entry.score, 2), number, cell(rating.activity), rating.rating]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[object]]) -> Iterator[str]:
    """Yield the CSV text of ``rows`` line by line, after a byte-order mark.

    UTF-8 with a byte-order mark: Excel, the spreadsheet most clinics use, reads plain UTF-8
    as a legacy code page and garbles accented names without it; LibreOffice, Numbers,
    Google Sheets and Python ("utf-8-sig") all accept it.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)
