"""The archive: shape, idempotent writes, history, keys, run log, lock, fetch state."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import SITE, T0, T1, T2, T3, archive_files, message, rows, save, thread

from scraper import archive as store
from scraper.datasette.metadata import table_metadata
from scraper.models import Attachment, Event


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def db(db_path: Path):
    database = store.open_archive(db_path)
    yield database
    database.close()


# -- shape -----------------------------------------------------------------------------------


def test_open_archive_uses_wal_and_foreign_keys(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "insert into messages (site, request, anchor, kind, site_id, position, raw_text, clean_text, first_seen_at, changed_at)"
            " values ('s', 999, 'incoming-1', 'incoming', 1, 0, '', '', 'x', 'x')"
        )


def _schema(db) -> list[tuple[str, str]]:
    return sorted((r[0], r[1]) for r in db.execute("select name, sql from sqlite_master where sql is not null"))


def test_ensure_db_shape_is_idempotent_and_writes_nothing(db, db_path):
    save(db, thread())
    before_schema = _schema(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before_files = archive_files(db_path)
    changes = db.conn.total_changes
    store.ensure_db_shape(db)
    store.ensure_db_shape(db)
    assert db.conn.total_changes == changes
    assert _schema(db) == before_schema
    assert archive_files(db_path) == before_files
    db.close()
    reopened = store.open_archive(db_path)
    assert _schema(reopened) == before_schema
    assert archive_files(db_path) == before_files


def test_schema_has_keys_indexes_and_fts(db):
    assert db["requests"].pks == ["id"]
    unique = {tuple(i.columns) for i in db["requests"].indexes if i.unique}
    assert ("site", "request_id") in unique
    assert ("site", "anchor", "occurrence") in {tuple(i.columns) for i in db["messages"].indexes if i.unique}
    indexed = {tuple(i.columns) for i in db["requests"].indexes}
    for column in ("authority", "status", "created_at", "updated_at"):
        assert (column,) in indexed
    assert ("kind",) in {tuple(i.columns) for i in db["messages"].indexes}
    fks = {(fk.column, fk.other_table) for fk in db["messages"].foreign_keys}
    assert ("request", "requests") in fks
    assert db["messages"].detect_fts() == "messages_fts"
    assert db["requests"].detect_fts() == "requests_fts"
    types = {c.name: c.type for c in db["messages"].columns}
    assert types["site_id"] == "INTEGER" and types["raw_text"] == "TEXT"


def test_every_table_and_column_is_described(db):
    tables = [t for t in db.table_names() if "_fts" not in t]
    assert sorted(tables) == sorted(store.TABLE_DOCS)
    for table in tables:
        description, columns = store.TABLE_DOCS[table]
        assert description
        assert sorted(columns) == sorted(c.name for c in db[table].columns), table
        assert all(text.strip() for text in columns.values()), table
    assert sorted(db.view_names()) == sorted(store.VIEW_DOCS)
    meta = table_metadata()
    assert meta["messages"]["columns"]["clean_text"] == store.TABLE_DOCS["messages"][1]["clean_text"]
    assert meta["requests"]["label_column"] == "title"


def test_docs_archive_md_lists_every_table_and_column():
    """docs/archive.md's tables are what TABLE_DOCS makes of them now: ``cog --check``, as CI runs it."""
    from cogapp import Cog

    doc = Path(__file__).parent.parent / "docs" / "archive.md"
    assert Cog().main(["cog", "--check", str(doc)]) == 0, "docs/archive.md is stale: run `just docs`"
    assert store.tables_markdown() in doc.read_text(encoding="utf-8")


# -- saving ----------------------------------------------------------------------------------


def test_new_thread_is_stored_with_keys_order_and_search(db):
    result = save(db, thread())
    assert result == store.SaveResult("new", messages_added=2)
    (request,) = rows(db, "select * from requests")
    assert (request["site"], request["request_id"], request["slug"]) == (SITE, 101, "widgets_2023")
    assert request["fetched_at"] == T0 and request["first_seen_at"] == T0
    messages = rows(db, "select * from messages order by position")
    assert [m["anchor"] for m in messages] == ["outgoing-1011", "incoming-1012"]
    assert all(m["request"] == request["id"] and m["site"] == SITE for m in messages)
    assert messages[1]["clean_text"] == "Dear Ms Doe,\n\nWe purchased 7 widgets in 2023."
    assert messages[1]["stripped"].startswith('[{"start":')
    (attachment,) = rows(db, "select * from attachments")
    assert attachment["message"] == messages[1]["id"] and attachment["part"] == 2
    assert len(rows(db, "select * from events")) == 2
    hits = rows(
        db,
        "select m.anchor from messages m join messages_fts f on f.rowid = m.rowid where messages_fts match 'widget' order by m.position",
    )
    assert [h["anchor"] for h in hits] == ["outgoing-1011", "incoming-1012"]  # porter: widgets ~ widget
    assert (
        rows(db, "select rowid from messages_fts where messages_fts match 'confidential'") == []
    )  # stripped text is not indexed
    assert "confidential" in messages[1]["raw_text"]
    hits = rows(db, "select rowid from messages_fts where messages_fts match 'sender:council'")
    assert len(hits) == 1
    assert rows(db, "select rowid from requests_fts where requests_fts match 'widgets'")
    (view_row,) = rows(db, "select * from thread_messages where kind = 'incoming'")
    assert view_row["authority_name"] == "Example Council" and view_row["request_id"] == 101


def test_unchanged_thread_writes_nothing(db, db_path):
    save(db, thread())
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = archive_files(db_path)
    changes = db.conn.total_changes
    result = save(db, thread(), at=T1)
    assert result == store.SaveResult("unchanged")
    assert db.conn.total_changes == changes
    assert archive_files(db_path) == before


def test_changed_message_keeps_its_earlier_version(db):
    save(db, thread())
    t = thread()
    t.messages[1] = message(
        "incoming-1012", "Dear Ms Doe,\n\nCorrection: we purchased 8 widgets.", attachments=t.messages[1].attachments
    )
    result = save(db, t, at=T1)
    assert result == store.SaveResult("changed", messages_changed=1)
    (m,) = rows(db, "select * from messages where anchor = 'incoming-1012'")
    assert "8 widgets" in m["raw_text"] and m["changed_at"] == T1 and m["first_seen_at"] == T0
    (v,) = rows(db, "select * from message_versions")
    assert "7 widgets" in v["raw_text"] and v["seen_from"] == T0 and v["replaced_at"] == T1
    assert v["message"] == m["id"]
    (r,) = rows(db, "select fetched_at, changed_at from requests")
    assert r == {"fetched_at": T1, "changed_at": T1}
    assert len(rows(db, "select * from messages")) == 2


def test_status_changes_are_recorded_with_their_times(db):
    save(db, thread())
    save(db, thread(status="successful", display_status="Successful"), at=T1)
    save(db, thread(status="successful", display_status="Successful"), at=T2)
    save(db, thread(status="internal_review", display_status="Awaiting internal review"), at=T3)
    history = rows(
        db, "select old_value, new_value, observed_at from status_changes where field = 'status' order by id"
    )
    assert history == [
        {"old_value": None, "new_value": "waiting_response", "observed_at": T0},
        {"old_value": "waiting_response", "new_value": "successful", "observed_at": T1},
        {"old_value": "successful", "new_value": "internal_review", "observed_at": T3},
    ]
    assert rows(db, "select status from requests") == [{"status": "internal_review"}]


def test_slug_history_finds_a_request_by_any_slug(db):
    save(db, thread(slug="widgets_2023"))
    save(db, thread(slug="widget_purchases_2023", title="Widget purchases 2023"), at=T1)
    assert len(rows(db, "select * from requests")) == 1
    for key in (
        "widgets_2023",
        "widget_purchases_2023",
        101,
        "101",
        f"https://{SITE}/request/widgets_2023",
        f"https://{SITE}/cy/request/widgets_2023?unfold=1",
    ):
        found = store.find_request(db, key)
        assert found is not None and found["slug"] == "widget_purchases_2023", key
    assert store.find_request(db, "nothing_like_it") is None
    assert store.find_request(db, 999) is None
    slugs = rows(db, "select slug, first_seen_at, replaced_at from request_slugs order by id")
    assert slugs == [
        {"slug": "widgets_2023", "first_seen_at": T0, "replaced_at": T1},
        {"slug": "widget_purchases_2023", "first_seen_at": T1, "replaced_at": None},
    ]
    fields = [r["field"] for r in rows(db, "select field from changes where observed_at = ? order by id", [T1])]
    assert fields == ["slug", "title"]
    # renamed back: the old row becomes current again, no duplicate
    save(db, thread(slug="widgets_2023"), at=T2)
    assert rows(db, "select slug, replaced_at from request_slugs order by id") == [
        {"slug": "widgets_2023", "replaced_at": None},
        {"slug": "widget_purchases_2023", "replaced_at": T2},
    ]


def test_hidden_message_keeps_archived_text(db):
    save(db, thread())
    t = thread()
    t.messages[1] = message(
        "incoming-1012", "", raw_text="", clean_text="", sender=None, sent_at=None, hidden=True, stripped=[]
    )
    result = save(db, t, at=T1)
    assert result == store.SaveResult("changed", messages_hidden=1)
    (m,) = rows(db, "select * from messages where anchor = 'incoming-1012'")
    assert "7 widgets" in m["raw_text"] and m["sender"] == "Example Council"
    assert (m["visibility"], m["hidden_at"]) == ("hidden", T1)
    (a,) = rows(db, "select visibility from attachments")
    assert a["visibility"] == "visible"  # the page no longer lists it, but it is the message that is hidden
    assert save(db, t, at=T2).status == "unchanged"
    # shown again
    result = save(db, thread(), at=T3)
    assert result == store.SaveResult("changed", messages_changed=1)
    (m,) = rows(db, "select visibility, hidden_at from messages where anchor = 'incoming-1012'")
    assert m == {"visibility": "visible", "hidden_at": None}
    visibility = rows(
        db, "select old_value, new_value, observed_at from changes where field = 'visibility' order by id"
    )
    assert visibility == [
        {"old_value": "visible", "new_value": "hidden", "observed_at": T1},
        {"old_value": "hidden", "new_value": "visible", "observed_at": T3},
    ]


def test_first_seen_hidden_message_is_stored_flagged(db):
    t = thread()
    t.messages.append(message("incoming-1013", "", raw_text="", clean_text="", hidden=True, stripped=[]))
    save(db, t)
    (m,) = rows(db, "select visibility, hidden_at from messages where anchor = 'incoming-1013'")
    assert m == {"visibility": "hidden", "hidden_at": T0}


def test_vanished_message_is_marked_gone_in_place_never_deleted(db):
    t = thread()
    t.messages.append(message("comment-5", "An annotation."))
    t.messages.append(message("incoming-1014", "A later reply."))
    save(db, t)
    t2 = thread()
    t2.messages.append(message("incoming-1014", "A later reply."))
    t2.messages.append(message("incoming-1015", "The newest reply."))
    result = save(db, t2, at=T1)
    assert result == store.SaveResult("changed", messages_added=1, messages_hidden=1)
    order = rows(db, "select anchor, visibility, hidden_at from messages order by position")
    assert order == [
        {"anchor": "outgoing-1011", "visibility": "visible", "hidden_at": None},
        {"anchor": "incoming-1012", "visibility": "visible", "hidden_at": None},
        {"anchor": "comment-5", "visibility": "gone", "hidden_at": T1},
        {"anchor": "incoming-1014", "visibility": "visible", "hidden_at": None},
        {"anchor": "incoming-1015", "visibility": "visible", "hidden_at": None},
    ]
    assert rows(db, "select raw_text from messages where anchor = 'comment-5'")[0]["raw_text"] == "An annotation."
    assert save(db, t2, at=T2).status == "unchanged"


def test_sent_again_blocks_reuse_the_anchor_without_colliding(db):
    t = thread()
    t.messages.append(message("outgoing-1011", "", raw_text="", clean_text="", resent=True, stripped=[]))
    save(db, t)
    got = rows(db, "select anchor, occurrence, resent from messages order by position")
    assert got[-1] == {"anchor": "outgoing-1011", "occurrence": 2, "resent": 1}
    assert save(db, t, at=T1).status == "unchanged"


def test_message_moved_to_another_request_keeps_its_row(db):
    save(db, thread())
    other = thread(
        request_id=202,
        slug="other_request",
        messages=[message("outgoing-2021"), message("incoming-1012", "Moved reply.")],
    )
    save(db, other, at=T1)
    (m,) = rows(
        db,
        "select m.id, r.request_id, m.visibility from messages m join requests r on r.id = m.request where anchor = 'incoming-1012'",
    )
    assert (m["request_id"], m["visibility"]) == (202, "visible")
    assert rows(db, "select count(*) as n from messages")[0]["n"] == 3
    # the old request no longer has it, and must not flag it gone
    assert (
        save(
            db,
            thread(
                messages=[
                    message(
                        "outgoing-1011",
                        "Dear Example Council,\n\nPlease send me the widget counts.\n\nYours faithfully,\nJane Doe",
                    )
                ]
            ),
            at=T2,
        ).messages_hidden
        == 0
    )
    assert rows(db, "select visibility from messages where anchor = 'incoming-1012'")[0]["visibility"] == "visible"


def test_unknown_values_never_erase_known_ones(db):
    save(db, thread())
    html_only = thread(
        request_id=None,
        created_at=None,
        updated_at=None,
        status=None,
        display_status=None,
        law_used=None,
        prominence=None,
        awaiting_description=None,
        tags=[],
        events=[],
    )
    html_only.authority.id = None
    html_only.authority.tags = []
    html_only.requester.id = None
    assert save(db, html_only, at=T1).status == "unchanged"
    (r,) = rows(db, "select status, created_at, tags from requests")
    assert r == {
        "status": "waiting_response",
        "created_at": "2024-03-01T09:00:00+00:00",
        "tags": '[["spending_id","12345"]]',
    }
    assert len(rows(db, "select * from events where gone_at is null")) == 2


def test_thread_without_id_needs_an_archived_request(db):
    with pytest.raises(ValueError, match="no numeric id"):
        save(db, thread(request_id=None))
    assert rows(db, "select count(*) as n from requests")[0]["n"] == 0


def test_a_failing_save_leaves_nothing_behind(db):
    save(db, thread(request_id=1, slug="first"))
    changes = rows(db, "select count(*) as n from changes")[0]["n"]
    bad = thread(request_id=2, slug="second")
    bad.messages[1].kind = None  # type: ignore[assignment]  # NOT NULL: fails after the request row was written
    with pytest.raises(sqlite3.IntegrityError):
        save(db, bad)
    assert [r["request_id"] for r in rows(db, "select request_id from requests")] == [1]
    assert rows(db, "select count(*) as n from changes")[0]["n"] == changes
    assert rows(db, "select count(*) as n from authorities")[0]["n"] == 1
    # and an update that fails rolls back to the previous version
    changed = thread(request_id=1, slug="first", status="successful")
    changed.messages[0].raw_text = None  # type: ignore[assignment]
    with pytest.raises(sqlite3.IntegrityError):
        save(db, changed, at=T1)
    assert rows(db, "select status from requests")[0]["status"] == "waiting_response"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_save_status_only_updates_request_and_events_not_messages(db):
    save(db, thread())
    json_only = thread(
        status="successful",
        display_status="Successful",
        messages=[],
        events=thread().events
        + [
            Event(
                id=1019,
                event_type="status_update",
                created_at="2024-03-06T09:00:00+00:00",
                described_state="successful",
            ),
        ],
    )
    result = store.save_status_only(db, json_only, site=SITE, fetched_at=T1)
    assert result.status == "changed" and result.messages_hidden == 0
    assert rows(db, "select status, fetched_at, changed_at from requests") == [
        {"status": "successful", "fetched_at": T0, "changed_at": T1}
    ]
    assert rows(db, "select count(*) as n from messages where visibility = 'visible'")[0]["n"] == 2
    assert len(rows(db, "select * from events")) == 3
    assert store.save_status_only(db, json_only, site=SITE, fetched_at=T2).status == "unchanged"


def test_vanished_events_are_flagged(db):
    save(db, thread())
    t = thread()
    t.events = t.events[:1]
    assert save(db, t, at=T1).status == "changed"
    assert rows(db, "select event_id, gone_at from events order by event_id") == [
        {"event_id": 1011, "gone_at": None},
        {"event_id": 1012, "gone_at": T1},
    ]


def test_attachments_hidden_and_gone(db):
    t = thread()
    t.messages[1].attachments.append(Attachment(filename="annex.xlsx", url="https://x/annex.xlsx", part=3))
    save(db, t)
    t = thread()
    t.messages[1].attachments[0].hidden = True
    t.messages[1].attachments[0].url = ""
    save(db, t, at=T1)
    got = rows(db, "select part, url, visibility, hidden_at from attachments order by part")
    assert got[0]["visibility"] == "hidden" and got[0]["hidden_at"] == T1 and got[0]["url"].endswith("widgets.pdf")
    assert got[1] == {"part": 3, "url": "https://x/annex.xlsx", "visibility": "gone", "hidden_at": T1}


def test_withdrawn_request_is_flagged_and_kept(db):
    save(db, thread())
    store.mark_withdrawn(db, site=SITE, request_id=101, status=403, when=T1)
    store.mark_withdrawn(db, site=SITE, request_id=101, status=403, when=T2)  # no second change
    store.mark_withdrawn(db, site=SITE, request_id=999, status=404, when=T2)  # unknown: ignored
    (r,) = rows(db, "select withdrawn_at, withdrawn_status from requests")
    assert r == {"withdrawn_at": T1, "withdrawn_status": 403}
    assert rows(db, "select count(*) as n from messages")[0]["n"] == 2
    assert rows(db, "select field, old_value, new_value, observed_at from changes where field like 'withdrawn%'") == [
        {"field": "withdrawn_status", "old_value": None, "new_value": "403", "observed_at": T1}
    ]
    # served again: flag cleared, history kept
    assert save(db, thread(), at=T3).status == "changed"
    assert rows(db, "select withdrawn_at from requests")[0]["withdrawn_at"] is None
    assert rows(
        db, "select old_value, new_value, observed_at from status_changes where field = 'withdrawn_status' order by id"
    ) == [
        {"old_value": None, "new_value": "403", "observed_at": T1},
        {"old_value": "403", "new_value": None, "observed_at": T3},
    ]


def test_several_sites_in_one_archive(db):
    save(db, thread(), site="www.whatdotheyknow.com")
    save(db, thread(), site="www.asktheeu.org")
    assert len(rows(db, "select * from requests")) == 2
    assert len(rows(db, "select * from messages")) == 4
    assert len(rows(db, "select * from authorities")) == 2
    assert store.find_request(db, 101, site="www.asktheeu.org")["site"] == "www.asktheeu.org"
    assert store.find_request(db, "https://www.asktheeu.org/request/widgets_2023")["site"] == "www.asktheeu.org"
    with pytest.raises(store.AmbiguousRequest, match="several sites"):
        store.find_request(db, "widgets_2023")


def test_run_ids_are_recorded_on_changes(db):
    run = store.start_run(db, command="scrape", argv=["x"])
    save(db, thread(), run_id=run)
    save(db, thread(status="successful"), at=T1, run_id=run)
    assert {r["run_id"] for r in rows(db, "select run_id from changes")} == {run}


# -- run log ---------------------------------------------------------------------------------


def test_run_log(db):
    first = store.start_run(db, command="scrape", argv=["a", "b"])
    second = store.start_run(db, command="scrape", argv=[])  # the first never finished: it died
    store.finish_run(
        db,
        second,
        exit_status=1,
        requests=12,
        not_modified=3,
        threads_new=2,
        threads_changed=1,
        threads_unchanged=4,
        threads_failed=1,
        messages_added=9,
        errors=["x: broken page"],
    )
    runs = {r["id"]: r for r in rows(db, "select * from runs")}
    assert runs[first]["outcome"] == "interrupted" and runs[first]["finished_at"] is None
    r = runs[second]
    assert r["outcome"] == "finished" and r["finished_at"] and r["exit_status"] == 1
    assert (r["requests_made"], r["not_modified"], r["threads_new"], r["threads_failed"], r["messages_added"]) == (
        12,
        3,
        2,
        1,
        9,
    )
    assert (r["errors"], r["error_details"]) == (1, '["x: broken page"]')
    assert runs[first]["argv"] == '["a","b"]'
    with pytest.raises(TypeError, match="bogus"):
        store.finish_run(db, second, bogus=1)


# -- lock ------------------------------------------------------------------------------------


def test_second_lock_is_refused_with_a_sentence(db_path):
    with store.ArchiveLock(db_path):
        with pytest.raises(store.ArchiveLocked, match=rf"pid {os.getpid()}\b.*not starting a second one"):
            store.ArchiveLock(db_path).acquire()
    with store.ArchiveLock(db_path) as again:
        assert again.held


def test_lock_held_by_a_killed_process_is_free(db_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from scraper.archive import ArchiveLock
            ArchiveLock({str(db_path)!r}).acquire()
            print("locked", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(store.ArchiveLocked, match=f"pid {holder.pid}"):
            store.ArchiveLock(db_path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with store.ArchiveLock(db_path):
        pass


def test_lock_in_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(store.ArchiveError, match="Cannot create the lock file"):
        store.ArchiveLock(tmp_path / "nowhere" / "archive.db").acquire()


def test_open_archive_refuses_garbage(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is not sqlite" * 100)
    with pytest.raises(store.ArchiveError, match="not an SQLite file"):
        store.open_archive(bad)
    with pytest.raises(store.ArchiveError, match="does not exist"):
        store.open_archive(tmp_path / "nowhere" / "archive.db")


# -- fetch state -----------------------------------------------------------------------------


def test_fetch_state(db):
    states = store.FetchStateStore(db)
    url = f"https://{SITE}/request/widgets_2023.json"
    assert states.get(url) is None
    states.record(
        url, status=200, etag='"v1"', last_modified="Wed, 01 May 2024 10:00:00 GMT", fetched_at=T0, content_hash="abc"
    )
    assert states.get(url) == ('"v1"', "Wed, 01 May 2024 10:00:00 GMT")
    states.record(url, status=304, etag=None, last_modified=None, fetched_at=T1)
    state = states.state(url)
    assert (state["etag"], state["last_status"], state["last_fetched_at"], state["content_hash"], state["site"]) == (
        '"v1"',
        304,
        T1,
        "abc",
        SITE,
    )
    states.record(url, status=200, etag=None, last_modified=None, fetched_at=T2)
    assert states.get(url) is None  # a new body without validators: nothing to revalidate with
    states.record(url, status=200, etag='"v2"', last_modified=None, fetched_at=T3)
    states.forget(url)
    assert states.get(url) is None and states.state(url) is None


def test_mining_rows_per_authority_and_site(db):
    save(db, thread())
    save(db, thread(request_id=102, slug="more_widgets"))
    got = list(store.mining_rows(db, authority="example_council"))
    assert [(r["request_id"], r["kind"]) for r in got] == [
        (101, "outgoing"),
        (101, "incoming"),
        (102, "outgoing"),
        (102, "incoming"),
    ]
    assert {r["site"] for r in got} == {SITE} and {r["authority"] for r in got} == {"example_council"}
    assert list(store.mining_rows(db, authority="example_council", site="elsewhere.example")) == []
    assert list(store.mining_rows(db, authority="nobody")) == []
    assert len(list(store.mining_rows(db))) == 4
