"""The grouped search (scraper.datasette.search) on a real archive: threads each once, exact per-thread
counts in both orders (ranked, and most recently archived first for large result sets), pages,
filters, the expanded thread, and archives without the search index."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from datasette.utils import escape_fts
from test_feeds import build_archive

from scraper.datasette import search


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("grouped") / "follow.db"
    build_archive(path)
    return path


@pytest.fixture()
def conn(archive):
    c = sqlite3.connect(f"{archive.resolve().as_uri()}?mode=ro", uri=True)
    c.create_function("escape_fts", 1, escape_fts)
    yield c
    c.close()


def expected(conn, word: str, **where: str) -> dict[int, set[str]]:
    """Brute force: every visible message of a served request whose text has ``word``, by request id."""
    out: dict[int, set[str]] = {}
    rows = conn.execute(
        "select r.request_id, m.anchor, m.kind, m.clean_text from messages m join requests r on r.id = m.request "
        "where m.visibility = 'visible' and r.withdrawn_at is null"
    ).fetchall()
    for request_id, anchor, kind, text in rows:
        if word in text.lower() and where.get("kind", kind) == kind:
            out.setdefault(request_id, set()).add(anchor)
    return out


def found(result) -> dict[int, set[str]]:
    return {t["request_id"]: {h["anchor"] for h in t["hits"]} for t in result["threads"]}


@pytest.mark.parametrize("rank_limit", [5000, 2])
def test_each_thread_once_with_exact_counts(conn, rank_limit):
    result = search.grouped_search(conn, {"q": "bench"}, rank_limit=rank_limit)
    assert found(result) == expected(conn, "bench")
    for thread in result["threads"]:
        assert thread["matches"] == len(thread["hits"])
        assert "\x02" in thread["best"]["snippet"]  # the best hit is highlighted
        assert [h["sent_at"] for h in thread["hits"]] == sorted(h["sent_at"] for h in thread["hits"])
    if rank_limit == 2:
        # Too many to rank: most recently archived first (the request saved last comes first).
        assert result["order"] == "archived" and result["total_threads"] is None
        assert [t["request_id"] for t in result["threads"]] == [206, 205, 203, 201]
    else:
        assert result["order"] == "best"
        assert (result["total_threads"], result["total_messages"]) == (4, 7)


def test_rank_every_match_on_request(conn):
    result = search.grouped_search(conn, {"q": "bench", "all": "1"}, rank_limit=2)
    assert result["order"] == "best" and result["total_threads"] == 4


def test_newest_first_orders_threads_by_their_newest_match(conn):
    result = search.grouped_search(conn, {"q": "bench", "sort": "newest"})
    newest = [max(h["sent_at"] for h in t["hits"]) for t in result["threads"]]
    assert newest == sorted(newest, reverse=True) and result["order"] == "newest"


@pytest.mark.parametrize("rank_limit", [5000, 1])
def test_pages_of_threads(conn, rank_limit):
    first = search.grouped_search(conn, {"q": "bench"}, page_size=2, rank_limit=rank_limit)
    second = search.grouped_search(conn, {"q": "bench"}, page=2, page_size=2, rank_limit=rank_limit)
    third = search.grouped_search(conn, {"q": "bench"}, page=3, page_size=2, rank_limit=rank_limit)
    assert first["has_more"] and not second["has_more"] and third["threads"] == []
    ids = [t["request_id"] for t in first["threads"] + second["threads"]]
    assert sorted(ids) == sorted(expected(conn, "bench"))


@pytest.mark.parametrize("rank_limit", [5000, 1])
def test_filters_apply_in_both_orders(conn, rank_limit):
    responses = search.grouped_search(conn, {"q": "bench", "kind": "incoming"}, rank_limit=rank_limit)
    assert found(responses) == expected(conn, "bench", kind="incoming")
    quiet = search.grouped_search(conn, {"q": "bench", "authority": "quiet"}, rank_limit=rank_limit)
    assert list(found(quiet)) == [206]
    dated = search.grouped_search(conn, {"q": "bench", "from": "2024-04-01", "to": "2024-12-31"}, rank_limit=rank_limit)
    assert found(dated) == {203: {"outgoing-2033"}, 205: {"incoming-2052", "outgoing-2051"}, 201: {"outgoing-2011"}}
    # What the site took down is found only when asked for.
    assert search.grouped_search(conn, {"q": "zebracrossings"}, rank_limit=rank_limit)["threads"] == []
    withdrawn = search.grouped_search(conn, {"q": "zebracrossings", "include_withdrawn": "1"}, rank_limit=rank_limit)
    assert found(withdrawn) == {204: {"outgoing-2041", "incoming-2042"}}


def test_one_thread_expanded_has_every_snippet(conn):
    (pk,) = conn.execute("select id from requests where request_id = 205").fetchone()
    threads = search.thread_hits(conn, {"q": "bench"}, [pk])
    hits = threads[pk]["hits"]
    assert [h["anchor"] for h in hits] == ["outgoing-2051", "incoming-2052"]
    assert all("\x02bench\x03" in h["snippet"].lower() for h in hits)


def test_an_archive_without_the_search_index_still_searches(archive, tmp_path):
    copy = tmp_path / "old.db"
    shutil.copy(archive, copy)
    c = sqlite3.connect(copy)
    c.execute("drop index messages_search")
    c.commit()
    c.create_function("escape_fts", 1, escape_fts)
    try:
        assert found(search.grouped_search(c, {"q": "bench"}, rank_limit=1)) == expected(c, "bench")
        assert found(search.grouped_search(c, {"q": "bench"})) == expected(c, "bench")
    finally:
        c.close()


def test_the_search_index_exists_after_migration(conn):
    assert (
        conn.execute("select sql from sqlite_master where name = 'messages_search'")
        .fetchone()[0]
        .lower()
        .replace("[", "")
        .replace("]", "")
        .replace('"', "")
        .endswith("(id, request, kind, visibility, sent_at)")
    )
