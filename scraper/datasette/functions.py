"""The SQL functions the plugin gives every archive connection, for the canned queries and feeds:
``working_days(a, b)``, ``working_day_add(a, n)``, ``cites_section(text, section)``,
``cited_sections(text)`` and the aggregate ``median(x)``."""

from __future__ import annotations

import sqlite3
import statistics
from typing import Any

from scraper.datasette.calendar import sql_working_day_add, sql_working_days
from scraper.datasette.text import cited_sections, cites_section


class MedianAggregate:
    """``median(x)`` for SQLite: the middle value of the non-null numbers."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: Any) -> None:
        if value is not None:
            try:
                self.values.append(float(value))
            except (TypeError, ValueError):
                pass

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def register_functions(conn: sqlite3.Connection) -> None:
    """Give ``conn`` the functions the canned queries use."""
    conn.create_function("working_days", 2, sql_working_days, deterministic=True)
    conn.create_function("working_day_add", 2, sql_working_day_add, deterministic=True)
    conn.create_function(
        "cites_section", 2, lambda text, section: int(cites_section(text, section)), deterministic=True
    )
    conn.create_function("cited_sections", 1, lambda text: ", ".join(cited_sections(text)) or None, deterministic=True)
    # typeshed wants finalize() -> int; SQLite takes the float (or NULL) a median is
    conn.create_aggregate("median", 1, MedianAggregate)  # type: ignore[arg-type]
