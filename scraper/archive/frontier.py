"""The state of sync passes in the archive: the frontier of unfinished work, the followed listings
(``sync_targets``) and each followed thread's schedule (``sync_threads``), one site at a time.

A killed or budget-stopped run leaves its frontier behind, and the next run resumes it
(:mod:`scraper.crawl.sync` walks it).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from scraper.clock import now_iso


class Frontier:
    """One site's pass state in one archive; every write is its own transaction."""

    def __init__(self, db: sqlite_utils.Database, site: str) -> None:
        self.db = db
        self.site = site

    # -- the frontier ------------------------------------------------------------------------

    def pending(self) -> int:
        """How many frontier rows of this site wait to be worked."""
        (n,) = self.db.execute(
            "select count(*) from frontier where site = ? and status = 'pending'", [self.site]
        ).fetchone()
        return int(n)

    def clear(self) -> None:
        """Drop this site's frontier: a new pass starts."""
        with self.db.atomic():
            self.db.execute("delete from frontier where site = ?", [self.site])

    def add(self, **row: Any) -> bool:
        """Add a frontier row unless this pass already has it; True if added."""
        values = {"site": self.site, "status": "pending", "added_at": now_iso(), **row}
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.db.atomic():
            cur = self.db.execute(f"insert or ignore into frontier ({columns}) values ({marks})", list(values.values()))
        return cur.rowcount > 0

    def set_status(self, row_id: int, status: str) -> None:
        with self.db.atomic():
            self.db.execute("update frontier set status = ? where id = ?", [status, row_id])

    def next_row(self, kind: str) -> dict[str, Any] | None:
        """The oldest pending row of ``kind`` (list or thread), or None."""
        rows = list(
            self.db.query(
                "select * from frontier where site = ? and status = 'pending' and kind = ? order by id limit 1",
                [self.site, kind],
            )
        )
        return rows[0] if rows else None

    def keep_listing_facts(self, slug: str, activity: str, status: str | None, target: str) -> None:
        """A thread already queued (e.g. as due) takes what a listing showed of it."""
        with self.db.atomic():
            self.db.execute(
                "update frontier set list_activity = ?, list_status = ?, target = coalesce(target, ?) "
                "where site = ? and kind = 'thread' and url = ? and status = 'pending'",
                [activity, status, target, self.site, slug],
            )

    def finish_pass(self, targets: list[str]) -> None:
        """The pass is over: each followed target is marked run (and complete, unless one of its
        rows failed), and the frontier goes."""
        failed = {
            r["target"]
            for r in self.db.query("select target from frontier where site = ? and status = 'failed'", [self.site])
        }
        with self.db.atomic():
            for target in targets:
                values = [now_iso(), self.site, target]
                if target in failed:
                    self.db.execute("update sync_targets set last_run_at = ? where site = ? and target = ?", values)
                else:
                    self.db.execute(
                        "update sync_targets set last_run_at = ?, last_complete_at = ? where site = ? and target = ?",
                        [now_iso(), *values],
                    )
            self.db.execute("delete from frontier where site = ?", [self.site])

    # -- followed listings ---------------------------------------------------------------------

    def target(self, key: str) -> dict[str, Any]:
        """The ``sync_targets`` row of a followed listing, made on first sight."""
        rows = list(self.db.query("select * from sync_targets where site = ? and target = ?", [self.site, key]))
        if rows:
            return rows[0]
        with self.db.atomic():
            self.db.execute(
                "insert into sync_targets (site, target, first_seen_at) values (?, ?, ?)", [self.site, key, now_iso()]
            )
        return self.target(key)

    # -- followed threads ----------------------------------------------------------------------

    def due_threads(self, targets: list[str], at: str) -> list[str]:
        """Slugs of the threads these listings found whose next check is due at ``at``, soonest first."""
        if not targets:
            return []
        marks = ", ".join("?" for _ in targets)
        return [
            row["slug"]
            for row in self.db.query(
                f"select slug from sync_threads where site = ? and target in ({marks}) "
                "and (next_check_at is null or next_check_at <= ?) order by next_check_at",
                [self.site, *targets, at],
            )
        ]

    def thread_by_slug(self, slug: str) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from sync_threads where site = ? and slug = ?", [self.site, slug]))
        return rows[0] if rows else None

    def thread_by_request_id(self, request_id: int) -> dict[str, Any] | None:
        rows = list(
            self.db.query("select * from sync_threads where site = ? and request_id = ?", [self.site, request_id])
        )
        return rows[0] if rows else None

    def save_thread(self, request_id: int, previous: dict[str, Any] | None, values: dict[str, Any]) -> None:
        """Write a followed thread's schedule (``previous``: its row, if it has one)."""
        with self.db.atomic():
            if previous:
                sets = ", ".join(f"{k} = ?" for k in values)
                self.db.execute(f"update sync_threads set {sets} where id = ?", [*values.values(), previous["id"]])
            else:
                self.db.execute(
                    f"insert into sync_threads (site, request_id, {', '.join(values)}) values (?, ?, "
                    f"{', '.join('?' for _ in values)})",
                    [self.site, request_id, *values.values()],
                )


def last_event_at(db: sqlite_utils.Database, request: int) -> str | None:
    """When the newest event the site still lists for a request (``requests.id``) happened."""
    (at,) = db.execute("select max(created_at) from events where request = ? and gone_at is null", [request]).fetchone()
    return at
