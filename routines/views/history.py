import csv
import zoneinfo
from collections.abc import Iterator
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..models import Session

# One row per move done (a session without moves still gets one row), in the
# order the sessions happened. Times are ISO 8601 in the person's own zone.
EXPORT_COLUMNS = [
    ("date", "local_date"),
    ("started_at", "started_at"),
    ("ended_at", "ended_at"),
    ("routine", "routine_name"),
    ("source", "source"),
    ("completed", "completed"),
    ("duration_seconds", "duration_seconds"),
    ("pain_before", "pain_before"),
    ("pain_after", "pain_after"),
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
# A spreadsheet runs a cell that starts with one of these as a formula; a leading
# apostrophe keeps a note such as "=stiff" as the text it was.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object, zone: zoneinfo.ZoneInfo) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _user_zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def export_rows(user, zone: zoneinfo.ZoneInfo) -> Iterator[list[object]]:
    """Yield the header and then one row per move done, from a single query (a LEFT JOIN of sessions and moves)."""
    yield [header for header, _ in EXPORT_COLUMNS]
    rows = (
        Session.objects.for_user(user)
        .order_by("started_at", "pk", "moves__order", "moves__pk")
        .values_list(*[field for _, field in EXPORT_COLUMNS])
    )
    for row in rows.iterator(chunk_size=1000):
        yield [_cell(value, zone) for value in row]


@require_GET
@login_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    zone = _user_zone(request.user)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        # UTF-8 with a byte-order mark: Excel, the spreadsheet most clinics use, reads
        # plain UTF-8 as a legacy code page and garbles accented names without it;
        # LibreOffice, Numbers, Google Sheets and Python ("utf-8-sig") all accept it.
        yield "\ufeff"
        for row in export_rows(request.user, zone):
            yield writer.writerow(row)

    today = timezone.now().astimezone(zone).date().isoformat()
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="limber-history-{today}.csv"'
    return response
