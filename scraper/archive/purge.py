"""Deleting from the archive, the one place it ever happens: what the site has taken down, on request
(``scrape --purge-withdrawn``), and the crawl's plumbing from a copy that is to be published."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from scraper.archive.schema import FTS_CONFIG

#: Tables of the crawl's own state: emptied in a published copy.
PLUMBING = ("fetch_state", "frontier", "sync_targets", "sync_threads")


@dataclass(frozen=True)
class PurgeResult:
    """What :func:`purge_withdrawn` deleted."""

    requests: int = 0
    messages: int = 0
    attachments: int = 0
    #: stored attachment files no remaining row refers to (relative paths in the file store)
    unused_files: tuple[str, ...] = ()


def _forget_urls_of(db: sqlite_utils.Database, requests: list[int]) -> None:
    """Delete fetch_state and frontier rows for URLs of these requests (any slug they had):
    a purge must not leave their titles behind in URLs."""
    slugs = {
        r[0]
        for i in requests
        for r in db.execute(
            "select slug from request_slugs where request = ? union select slug from requests where id = ?", [i, i]
        )
    }
    for slug in slugs:
        own = re.compile(r"/request/" + re.escape(slug) + r"(?:$|[./?#])")
        for table in ("fetch_state", "frontier"):
            if not db.table(table).exists():
                continue
            rows = db.execute(
                f"select rowid, url from {table} where instr(url, ?) > 0", [f"/request/{slug}"]
            ).fetchall()
            db.conn.executemany(f"delete from {table} where rowid = ?", [(r[0],) for r in rows if own.search(r[1])])


def purge_withdrawn(db: sqlite_utils.Database) -> PurgeResult:
    """Delete withdrawn requests and the messages and attachments the site hid or removed, in one
    transaction; return what went, with the stored files that no remaining attachment refers to
    (the file store is content-addressed, so one file can serve several attachments)."""
    with db.atomic():
        requests = [r[0] for r in db.execute("select id from requests where withdrawn_at is not null").fetchall()]
        messages = [
            r[0]
            for r in db.execute(
                "select id from messages where visibility != 'visible' or request in "
                "(select id from requests where withdrawn_at is not null)"
            ).fetchall()
        ]
        attachments = db.execute(
            "select id, stored_path from attachments where visibility != 'visible' "
            "or message in (select id from messages where visibility != 'visible') "
            "or request in (select id from requests where withdrawn_at is not null)"
        ).fetchall()
        for table, column, ids in (
            ("changes", "message", messages),
            ("message_versions", "message", messages),
            ("attachments", "message", messages),
            ("linked_citations", "message", messages),
        ):
            db.conn.executemany(f"delete from {table} where {column} = ?", [(i,) for i in ids])
        db.conn.executemany("delete from attachments where id = ?", [(a[0],) for a in attachments])
        db.conn.executemany("delete from messages where id = ?", [(i,) for i in messages])
        _forget_urls_of(db, requests)
        for table in (
            "changes",
            "message_versions",
            "attachments",
            "events",
            "request_slugs",
            "linked_citations",
            "linked_scans",
        ):
            db.conn.executemany(f"delete from {table} where request = ?", [(i,) for i in requests])
        db.conn.executemany(
            "delete from sync_threads where (site, request_id) in (select site, request_id from requests where id = ?)",
            [(i,) for i in requests],
        )
        db.conn.executemany("delete from requests where id = ?", [(i,) for i in requests])
    unused = tuple(
        path
        for path in sorted({a[1] for a in attachments if a[1]})
        if not db.execute("select 1 from attachments where stored_path = ? limit 1", [path]).fetchone()
    )
    return PurgeResult(len(requests), len(messages), len(attachments), unused)


def scrub_for_publishing(db: sqlite_utils.Database, *, include_withdrawn: bool) -> PurgeResult:
    """Make a copy of an archive fit to publish: what the site took down deleted (unless
    ``include_withdrawn``), the crawl's plumbing emptied (fetch validators, the frontier, the
    command lines and error details of runs, which may carry a contact address), the full-text
    indexes rebuilt and the file vacuumed, so no trace is left in free pages or index segments."""
    db.execute("PRAGMA journal_mode = DELETE")  # one file to publish, no -wal beside it
    purged = PurgeResult() if include_withdrawn else purge_withdrawn(db)
    with db.atomic():
        for table in PLUMBING:
            if db.table(table).exists():
                db.execute(f"delete from [{table}]")
        if db.table("runs").exists():
            db.execute("update runs set argv = '[]', error_details = null")
    for table in FTS_CONFIG:
        if db.table(f"{table}_fts").exists():
            db.execute(f"insert into [{table}_fts]([{table}_fts]) values ('rebuild')")
    db.conn.commit()
    db.execute("VACUUM")
    return purged
