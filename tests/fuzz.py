"""Hostile input for the property tests: the values that have broken forms here, and how a page must answer them."""

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The classes of value that have found bugs here: dates at both ends of the calendar and
# impossible ones, times with offsets (real and impossible), digits that are not ASCII,
# NUL bytes, many words, and very long text.
DATES = st.one_of(
    st.dates().map(date.isoformat),
    st.sampled_from(["0001-01-01", "9999-12-31", "9999-12-30", "1899-12-31", "2026-02-30", "2026-13-01"]),
    st.sampled_from(["0000-00-00", "10000-01-01", "2026-1-1", "٢٠٢٦-٠٣-٠١", "2026-03", "0001-01", "9999-12"]),
)
TIMES = st.one_of(
    st.datetimes(timezones=st.builds(timezone, st.timedeltas(timedelta(hours=-23), timedelta(hours=23)))).map(
        datetime.isoformat
    ),
    st.sampled_from(["25:00", "23:60", "2026-03-01T10:00:00+25:00", "2026-03-01T25:00:00Z", "24:00:00"]),
)
DIGITS = st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=8)
WORDS = st.lists(st.text(alphabet="aeioulnrst", min_size=1, max_size=4), min_size=9, max_size=60).map(" ".join)
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "\x00", "0", "-1", "1e309", "NaN", "<script>alert(1)</script>", "' OR 1=1 --", "☃" * 50]),
    st.sampled_from([str(2**63), str(2**64), "9" * 400, "a " * 5000, "x" * 20_000]),
    st.text(max_size=20).map(lambda text: f"{text}\x00{text}"),
    DATES,
    TIMES,
    DIGITS,
    WORDS,
)
# Time is not what these check: on a busy shared machine generating inputs can be slow.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def form_data(fields: list[str]):
    """Some of the form's fields, each with a hostile value (missing fields included)."""
    return st.dictionaries(st.sampled_from(fields), HOSTILE)


def assert_handled(response) -> None:
    assert response.status_code < 500
    if response.status_code == 200 and "text/html" in response.headers.get("Content-Type", ""):
        # A re-rendered form says what is wrong.
        assert 'class="errorlist' in response.content.decode() or response.request["REQUEST_METHOD"] == "GET"
