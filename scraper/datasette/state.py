"""What the plugins learn about one Datasette instance at startup: which databases are archives,
their sites and views, the metadata to serve, the pages' Content-Security-Policy."""

from __future__ import annotations

import weakref
from typing import Any


class State:
    """What the plugin learnt about one Datasette instance at startup."""

    def __init__(self) -> None:
        self.archives: dict[str, dict[str, Any]] = {}  # database name → {"sites": [...], "views": {...}}
        self.metadata_json = ""  # what get_metadata returns, serialised
        self.csp = ""

    def sites(self, database: str | None) -> list[dict[str, Any]]:
        """The sites an archive database holds requests from ([] for any other database)."""
        return list(self.archives.get(database or "", {}).get("sites", []))

    def is_archive(self, database: str | None) -> bool:
        return bool(database) and database in self.archives


_STATES: weakref.WeakKeyDictionary[Any, State] = weakref.WeakKeyDictionary()


def state(datasette: Any) -> State:
    """The state of one Datasette instance (made on first use)."""
    found = _STATES.get(datasette)
    if found is None:
        found = _STATES[datasette] = State()
    return found
