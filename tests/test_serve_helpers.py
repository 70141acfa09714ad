"""The serving layer's pure parts: working days, FOI section citations, stripped spans, snippets,
and the ``serve`` entry point's checks (no Datasette server needed)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.datasette import serve
from scraper.datasette.calendar import (
    add_working_days,
    bank_holidays,
    is_working_day,
    sql_working_days,
    working_days_between,
)
from scraper.datasette.functions import MedianAggregate
from scraper.datasette.statuses import request_timing
from scraper.datasette.text import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    cited_sections,
    cites_section,
    highlight_snippet,
    marked_segments,
)

# -- working days ----------------------------------------------------------------------------

# Published bank holidays in England and Wales that do not follow the usual rules: moved,
# substituted or one-off (gov.uk's list of bank holidays).
IRREGULAR_HOLIDAYS = [
    date(2020, 5, 8),  # early May bank holiday moved to VE day (a Friday)
    date(2020, 12, 28),  # Boxing Day on a Saturday: substitute Monday
    date(2021, 12, 27),
    date(2021, 12, 28),  # Christmas on a Saturday, Boxing Day on a Sunday
    date(2022, 1, 3),  # New Year's Day on a Saturday
    date(2022, 6, 2),
    date(2022, 6, 3),  # spring bank holiday moved; platinum jubilee
    date(2022, 9, 19),  # state funeral
    date(2022, 12, 27),  # Christmas on a Sunday: substitute Tuesday
    date(2023, 5, 8),  # coronation
]


@pytest.mark.parametrize("day", IRREGULAR_HOLIDAYS)
def test_irregular_bank_holidays(day):
    assert day in bank_holidays(day.year)
    assert not is_working_day(day)


def test_regular_bank_holidays_of_2024():
    assert sorted(bank_holidays(2024)) == [
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 6),
        date(2024, 5, 27),
        date(2024, 8, 26),
        date(2024, 12, 25),
        date(2024, 12, 26),
    ]


def test_moved_holidays_leave_their_usual_day_a_working_day():
    assert is_working_day(date(2020, 5, 4))  # the first Monday of May 2020
    assert is_working_day(date(2022, 5, 30))  # the last Monday of May 2022


@given(st.integers(min_value=2000, max_value=2040))
def test_eight_holidays_a_year_on_weekdays(year):
    days = bank_holidays(year)
    assert all(d.weekday() < 5 and d.year == year for d in days)
    assert len(days) >= 8


def test_twenty_working_days_over_easter():
    # Sent Monday 25 March 2024: Good Friday and Easter Monday are skipped.
    assert add_working_days(date(2024, 3, 25), 20) == date(2024, 4, 24)
    assert working_days_between(date(2024, 3, 25), date(2024, 4, 24)) == 20
    assert working_days_between(date(2024, 3, 25), date(2024, 4, 25)) == 21


def test_twenty_working_days_over_christmas():
    assert add_working_days(date(2024, 12, 20), 20) == date(2025, 1, 22)


def test_the_day_of_sending_does_not_count():
    assert working_days_between(date(2024, 6, 3), date(2024, 6, 3)) == 0
    assert working_days_between(date(2024, 6, 3), date(2024, 6, 4)) == 1
    # Friday to Monday is one working day.
    assert working_days_between(date(2024, 6, 7), date(2024, 6, 10)) == 1


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(min_value=0, max_value=80))
def test_adding_and_counting_agree(start, n):
    due = add_working_days(start, n)
    assert working_days_between(start, due) == n
    if n:
        assert is_working_day(due)
        assert working_days_between(start, due - timedelta(days=1)) == n - 1


def test_sql_working_days_reads_iso_timestamps_and_nulls():
    assert sql_working_days("2024-03-25T10:00:00+00:00", "2024-04-24T09:00:00+01:00") == 20
    assert sql_working_days("2024-04-24", "2024-03-25") == -20
    assert sql_working_days(None, "2024-01-01") is None
    assert sql_working_days("not a date", "2024-01-01") is None


def test_request_timing():
    on_time = request_timing("2024-03-25T10:00:00+00:00", "2024-04-24T09:00:00+01:00", "successful", date(2025, 1, 1))
    assert on_time["due_on"] == "2024-04-24" and on_time["on_time"] and not on_time["overdue"]
    waiting = request_timing("2024-12-20T15:00:00+00:00", None, "waiting_response", date(2025, 1, 23))
    assert waiting["overdue"] and waiting["working_days_late"] == 1
    assert not request_timing("2024-12-20", None, "waiting_response", date(2025, 1, 22))["overdue"]
    assert not request_timing("2024-12-20", None, "rejected", date(2026, 1, 1))["overdue"]


def test_median_aggregate_in_sqlite():
    conn = sqlite3.connect(":memory:")
    conn.create_aggregate("median", 1, MedianAggregate)
    conn.execute("create table t (x)")
    assert conn.execute("select median(x) from t").fetchone()[0] is None
    conn.executemany("insert into t values (?)", [(3,), (1,), (None,), (10,), (4,)])
    assert conn.execute("select median(x) from t").fetchone()[0] == 3.5


# -- sections of the Act ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, sections",
    [
        ("We refuse this under section 12 of the Act.", ["12"]),
        ("exempt under s.40(2) and s 43 (2)", ["40(2)", "43(2)"]),
        ("Sections 21, 22 and 40 apply.", ["21", "22", "40"]),
        ("s14(1) FOIA; section 22A", ["14(1)", "22A"]),
        ("section 22(1)(a)", ["22(1)(a)"]),
        ("Section 120 of another Act", []),
        ("It's 12 days and costs 12 pounds; sessions 12", []),
    ],
)
def test_cited_sections(text, sections):
    assert cited_sections(text) == sections


def test_cites_section_matches_subsections_of_the_section_asked_for():
    assert cites_section("withheld under s.40(2)", "40")
    assert cites_section("withheld under s.40(2)", "s.40(2)")
    assert cites_section("withheld under s.40(2)", "section 40 (2)")
    assert not cites_section("withheld under s.40(2)", "40(1)")
    assert not cites_section("withheld under s.40(2)", "4")
    assert not cites_section("section 12", "")


# -- stripped spans and snippets -------------------------------------------------------------


@given(
    st.text(max_size=200),
    st.lists(
        st.tuples(
            st.integers(-5, 220), st.integers(-5, 220), st.sampled_from(["quoted", "disclaimer", "new_category"])
        ),
        max_size=6,
    ),
)
def test_marked_segments_always_rebuild_the_raw_text(raw, spans):
    pieces = marked_segments(raw, [{"start": a, "end": b, "category": c, "rule": "r"} for a, b, c in spans])
    assert "".join(p["text"] for p in pieces) == raw
    assert all(p["text"] for p in pieces)


def test_marked_segments_label_each_span():
    raw = "Answer.\n\nDISCLAIMER: secret.\n\n> old text"
    pieces = marked_segments(
        raw,
        [
            {"start": 30, "end": 40, "category": "quoted", "rule": "q"},
            {"start": 9, "end": 27, "category": "disclaimer", "rule": "d"},
        ],
    )
    assert [(p["text"], p["category"]) for p in pieces] == [
        ("Answer.\n\n", None),
        ("DISCLAIMER: secret", "disclaimer"),
        (".\n\n", None),
        ("> old text", "quoted"),
    ]
    assert pieces[1]["label"] == "Disclaimer" and pieces[1]["rule"] == "d"


def test_highlight_snippet_escapes_everything_but_its_own_marks():
    snippet = f"a <b>{SNIPPET_OPEN}script{SNIPPET_CLOSE}</b> & <img src=x onerror=alert(1)>"
    assert str(highlight_snippet(snippet)) == (
        "a &lt;b&gt;<mark>script</mark>&lt;/b&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"
    )


@given(st.text(alphabet=st.sampled_from(["a", "<", ">", "&", '"', SNIPPET_OPEN, SNIPPET_CLOSE]), max_size=40))
def test_highlight_snippet_marks_are_balanced(snippet):
    out = str(highlight_snippet(snippet))
    assert out.count("<mark>") == out.count("</mark>")
    assert out.replace("<mark>", "").replace("</mark>", "").count("<") == 0


# -- serve -----------------------------------------------------------------------------------


def test_datasette_arguments_are_read_only_and_local_by_default():
    args = serve.datasette_args("archive.db")
    assert args[:2] == ["serve", "archive.db"]
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert "-i" not in args and "--immutable" not in args


def test_check_archive_explains_what_is_wrong(tmp_path):
    from scraper.exitcodes import ExitCode, Refused

    with pytest.raises(Refused, match="No archive at") as e:
        serve.check_archive(str(tmp_path / "missing.db"))
    assert e.value.code == ExitCode.ARCHIVE
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just some bytes" * 100)
    with pytest.raises(Refused, match="not an SQLite file") as e:
        serve.check_archive(str(junk))
    assert e.value.code == ExitCode.ARCHIVE
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table dogs (name)").connection.close()
    with pytest.raises(Refused, match="not a wdtk-archive archive") as e:
        serve.check_archive(str(other))
    assert e.value.code == ExitCode.ARCHIVE


@given(
    st.dates(min_value=date(1998, 1, 1), max_value=date(2040, 1, 1)),
    st.dates(min_value=date(1998, 1, 1), max_value=date(2040, 1, 1)),
)
def test_counting_working_days_matches_walking_day_by_day(start, end):
    walked = sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert working_days_between(start, end) == walked


def test_a_port_in_use_is_one_sentence(tmp_path):
    import socket

    from scraper.datasette.serve import check_port
    from scraper.exitcodes import ExitCode, Refused

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(Refused) as e:
            check_port("127.0.0.1", port)
    assert e.value.code == ExitCode.USAGE
    assert f"127.0.0.1:{port}" in str(e.value) and "--port" in str(e.value)
    check_port("127.0.0.1", port)  # free again: no complaint
