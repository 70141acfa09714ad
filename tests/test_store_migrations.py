"""Archives made by earlier schema versions upgrade in place, keeping everything."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from support import SITE, T0, T1, rows, save, thread

from scraper import archive as store
from scraper.archive.migrations import migration_names, migrations
from scraper.archive.values import spans_json

#: Released migrations, in order. Append new ones; never rename, reorder or edit these.
RELEASED = ["m001_archive", "m002_runs_and_fetch_state", "m003_history"]


def _schema(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    return sorted(
        (r[0], r[1], r[2])
        for r in db.execute(
            "select type, name, sql from sqlite_master where sql is not null and name != 'sqlite_sequence'"
        )
    )


def test_migrations_are_append_only():
    assert migration_names()[: len(RELEASED)] == RELEASED


@pytest.mark.parametrize("stop_before", migration_names())
def test_upgrade_from_every_earlier_schema_gives_the_current_schema(tmp_path: Path, stop_before: str):
    fresh = store.open_archive(tmp_path / "fresh.db")
    old = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(old, stop_before=stop_before)
    assert stop_before in {m.name for m in migrations.pending(old)}
    old.close()
    upgraded = store.open_archive(tmp_path / "old.db")
    assert _schema(upgraded) == _schema(fresh)
    assert migrations.pending(upgraded) == []


def _previous_version_archive(path: Path) -> None:
    """An archive as the previous schema (before m003_history) left it, written with plain SQL."""
    db = sqlite_utils.Database(path)
    db.enable_wal()
    migrations.apply(db, stop_before="m003_history")
    db["messages"].enable_fts(["clean_text", "sender"], create_triggers=True, tokenize="porter")
    db["requests"].enable_fts(["title"], create_triggers=True, tokenize="porter")
    with db.atomic():
        db.execute(
            "insert into authorities (id, site, url_name, authority_id, name, tags, first_seen_at, changed_at) "
            "values (1, ?, 'example_council', 42, 'Example Council', '[[\"local_council\",null]]', ?, ?)",
            [SITE, T0, T0],
        )
        db.execute(
            "insert into users (id, site, url_name, user_id, name, first_seen_at, changed_at) "
            "values (1, ?, 'jane_doe', 7, 'Jane Doe', ?, ?)",
            [SITE, T0, T0],
        )
        db.execute(
            "insert into requests (id, site, request_id, slug, title, authority, requester, requester_name, status, "
            "display_status, law_used, prominence, created_at, updated_at, awaiting_description, tags, source_url, "
            "fetched_at, first_seen_at, changed_at) values (1, ?, 101, 'widgets_2023', 'Number of widgets purchased 2023', "
            "1, 1, 'Jane Doe', 'waiting_response', 'Awaiting response', 'foi', 'normal', '2024-03-01T09:00:00+00:00', "
            "'2024-03-10T11:00:00+00:00', 0, '[[\"spending_id\",\"12345\"]]', ?, ?, ?, ?)",
            [SITE, f"https://{SITE}/request/widgets_2023?unfold=1", T0, T0, T0],
        )
        db.execute(
            "insert into request_slugs (request, site, slug, first_seen_at) values (1, ?, 'widgets_2023', ?)",
            [SITE, T0],
        )
        t = thread()
        for position, m in enumerate(t.messages):
            db.execute(
                "insert into messages (site, request, anchor, occurrence, kind, site_id, position, sender, sent_at, raw_text, "
                "clean_text, stripped, event_id, event_type, first_seen_at, changed_at) values (?, 1, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    SITE,
                    m.anchor,
                    m.kind,
                    m.site_id,
                    position,
                    m.sender,
                    m.sent_at,
                    m.raw_text,
                    m.clean_text,
                    spans_json(m.stripped),
                    m.event_id,
                    m.event_type,
                    T0,
                    T0,
                ],
            )
        db.execute(
            "insert into attachments (site, request, message, part, position, filename, url, content_type, size, size_bytes, "
            "first_seen_at, changed_at) values (?, 1, 2, 2, 0, 'widgets.pdf', ?, 'application/pdf', '114K', 116736, ?, ?)",
            [SITE, t.messages[1].attachments[0].url, T0, T0],
        )
        for e in t.events:
            db.execute(
                "insert into events (site, request, event_id, event_type, created_at, described_state, calculated_state, "
                "incoming_message_id, outgoing_message_id, message_anchor, first_seen_at) values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    SITE,
                    e.id,
                    e.event_type,
                    e.created_at,
                    e.described_state,
                    e.calculated_state,
                    e.incoming_message_id,
                    e.outgoing_message_id,
                    e.message_anchor,
                    T0,
                ],
            )
        db.execute(
            "insert into runs (command, argv, started_at, finished_at, outcome, exit_status, threads_new, messages_added) "
            "values ('scrape', '[]', ?, ?, 'finished', 0, 1, 2)",
            [T0, T0],
        )
    db.close()


def test_archive_of_the_previous_schema_upgrades_in_place(tmp_path: Path):
    path = tmp_path / "archive.db"
    _previous_version_archive(path)
    db = store.open_archive(path)
    assert [m.name for m in migrations.applied(db)] == migration_names()
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # the old rows are all there, searchable, and found by the current code
    assert store.find_request(db, "widgets_2023")["request_id"] == 101
    assert rows(db, "select count(*) as n from messages")[0]["n"] == 2
    assert rows(db, "select rowid from messages_fts where messages_fts match 'widgets'")
    assert rows(db, "select outcome from runs") == [{"outcome": "finished"}]
    # the same thread as the old version stored it is unchanged for the new code ...
    assert save(db, thread(), at=T1).status == "unchanged"
    # ... and a change is recorded in the new history tables
    t = thread(status="successful")
    t.messages[1].raw_text = "Dear Ms Doe,\n\nWe purchased 8 widgets in 2023."
    result = save(db, t, at=T1)
    assert (result.status, result.messages_changed) == ("changed", 1)
    assert rows(db, "select field, old_value, new_value from changes") == [
        {"field": "status", "old_value": "waiting_response", "new_value": "successful"}
    ]
    (doc,) = store.iter_thread_documents(db, keys=[101])
    assert doc["messages"][1]["earlier_versions"][0]["raw_text"].startswith("Dear Ms Doe,\n\nWe purchased 7")


def test_an_archive_from_a_newer_version_is_refused(tmp_path: Path):
    path = tmp_path / "archive.db"
    db = store.open_archive(path)
    db["_sqlite_migrations"].insert({"migration_set": "wdtk_archive", "name": "m999_future", "applied_at": T0})
    db.close()
    with pytest.raises(store.ArchiveError, match="newer wdtk-archive"):
        store.open_archive(path)
