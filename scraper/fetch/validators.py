"""Where ETag / Last-Modified per URL live between runs (the archive's ``fetch_state``, or a dict)."""

from __future__ import annotations

from typing import Any, Protocol


class ValidatorStore(Protocol):
    """Where ETag / Last-Modified per URL live (the archive's ``fetch_state`` table)."""

    def get(self, url: str) -> tuple[str | None, str | None] | None:
        """``(etag, last_modified)`` for a URL whose content is archived, else None."""

    def record(self, url: str, *, status: int, etag: str | None, last_modified: str | None, fetched_at: str) -> None:
        """Remember the validators of a 200 or 304 answer."""


class MemoryValidatorStore:
    """A ValidatorStore in a dict (tests, one-off runs)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def get(self, url: str) -> tuple[str | None, str | None] | None:
        row = self.rows.get(url)
        if row is None or (row["etag"] is None and row["last_modified"] is None):
            return None
        return row["etag"], row["last_modified"]

    def record(self, url: str, *, status: int, etag: str | None, last_modified: str | None, fetched_at: str) -> None:
        self.rows[url] = {"status": status, "etag": etag, "last_modified": last_modified, "fetched_at": fetched_at}
