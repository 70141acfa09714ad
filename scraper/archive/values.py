"""Values as the archive stores them: compact JSON text, and cleaning's stripped spans in it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any, Protocol


class _Span(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def json_text(value: Any) -> str:
    """``value`` as the archive's JSON columns hold it: compact, UTF-8 as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def spans_json(spans: Iterable[_Span]) -> str:
    """The ``stripped`` column: what cleaning removed, as a JSON list of spans."""
    return json_text([span.to_dict() for span in spans])


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just made."""
    if cursor.lastrowid is None:  # an INSERT that inserted sets it; anything else is a bug here
        raise RuntimeError("the statement inserted no row")
    return cursor.lastrowid
