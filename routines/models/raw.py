"""Rows read straight from the cursor, for the queries that read years of days."""

from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connections, models


def raw_rows(rows: models.QuerySet, day: int = 0) -> list[tuple]:
    """Return a values_list queryset's rows as the cursor gives them, column ``day`` made a date (one query).

    Over years of history Django's converters for each value took longer than the query. SQLite
    gives a day as ISO text (and a boolean as 0 or 1), PostgreSQL as a date. Only plain columns:
    numbers, text and the one date (no other dates, times or decimals, which would stay raw).
    """
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter nothing can match
        return []
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if not fetched or isinstance(fetched[0][day], date):
        return fetched
    day_of = date.fromisoformat
    return [(*row[:day], day_of(row[day]), *row[day + 1 :]) for row in fetched]
