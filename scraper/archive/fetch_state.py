"""Conditional requests: ETag / Last-Modified per URL, in ``fetch_state``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import sqlite_utils


class FetchStateStore:
    """ETag / Last-Modified / status per URL in ``fetch_state`` (one autocommitted row per call)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def get(self, url: str) -> tuple[str | None, str | None] | None:
        """``(etag, last_modified)`` to send with the next request for ``url``, or None."""
        row = self.db.execute("select etag, last_modified from fetch_state where url = ?", [url]).fetchone()
        if row is None or (row[0] is None and row[1] is None):
            return None
        return row[0], row[1]

    def state(self, url: str) -> dict[str, Any] | None:
        return next(iter(list(self.db.query("select * from fetch_state where url = ?", [url]))), None)

    def record(
        self,
        url: str,
        *,
        status: int,
        etag: str | None,
        last_modified: str | None,
        fetched_at: str,
        content_hash: str | None = None,
    ) -> None:
        """Remember a fetch. A 304 keeps the stored validators and hash when it carries none."""
        previous = self.state(url)
        if status == 304 and previous is not None:
            etag = etag or previous["etag"]
            last_modified = last_modified or previous["last_modified"]
            content_hash = content_hash or previous["content_hash"]
        with self.db.atomic():
            self.db.execute(
                "insert into fetch_state (url, site, etag, last_modified, last_status, last_fetched_at, content_hash) "
                "values (?, ?, ?, ?, ?, ?, ?) on conflict(url) do update set etag = excluded.etag, "
                "last_modified = excluded.last_modified, last_status = excluded.last_status, "
                "last_fetched_at = excluded.last_fetched_at, content_hash = excluded.content_hash",
                [url, urlsplit(url).netloc, etag, last_modified, status, fetched_at, content_hash],
            )

    def forget(self, url: str) -> None:
        """Drop a URL's validators, so its next fetch is unconditional."""
        with self.db.atomic():
            self.db.execute("delete from fetch_state where url = ?", [url])
