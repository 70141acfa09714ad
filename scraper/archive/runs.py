"""The run log: one row per run of a writing command, however it ends."""

from __future__ import annotations

import os
from typing import Any

import sqlite_utils

from scraper import __version__
from scraper.archive.values import inserted_id, json_text
from scraper.clock import now_iso

#: What a run counts (``runs`` columns).
RUN_COUNTERS = (
    "requests_made",
    "not_modified",
    "threads_new",
    "threads_changed",
    "threads_unchanged",
    "threads_failed",
    "threads_withdrawn",
    "threads_skipped",
    "messages_added",
    "messages_changed",
    "messages_hidden",
    "attachments_stored",
    "attachments_pending",
    "attachments_failed",
)
RUN_OUTCOMES = ("finished", "interrupted", "crashed")
_RUN_ALIASES = {"requests": "requests_made"}


def start_run(db: sqlite_utils.Database, *, command: str, argv: list[str]) -> int:
    """Record the start of a run; return its id. Call it holding the :class:`ArchiveLock`:
    any run still marked ``running`` is then known to have died and is marked ``interrupted``."""
    with db.atomic():
        db.execute("update runs set outcome = 'interrupted' where outcome = 'running'")
        cursor = db.execute(
            "insert into runs (command, argv, pid, version, started_at, outcome) values (?, ?, ?, ?, ?, 'running')",
            [command, json_text(list(argv)), os.getpid(), __version__, now_iso()],
        )
    return inserted_id(cursor)


def finish_run(db: sqlite_utils.Database, run_id: int, *, outcome: str = "finished", **stats: Any) -> None:
    """Record the end of a run: its ``outcome`` (:data:`RUN_OUTCOMES`), ``exit_status``, the counters
    of :data:`RUN_COUNTERS`, and ``errors`` (a list of sentences, or a count). Unknown names raise TypeError."""
    if outcome not in RUN_OUTCOMES:
        raise ValueError(f"finish_run(): outcome must be one of {', '.join(RUN_OUTCOMES)}")
    values: dict[str, Any] = {"finished_at": now_iso(), "outcome": outcome}
    for name, value in stats.items():
        name = _RUN_ALIASES.get(name, name)
        if name == "errors":
            if isinstance(value, int):
                values["errors"] = value
            else:
                details = [str(e) for e in value]
                values["errors"] = len(details)
                values["error_details"] = json_text(details)
        elif name in RUN_COUNTERS or name == "exit_status":
            values[name] = value
        else:
            raise TypeError(f"finish_run() got an unknown statistic {name!r}")
    with db.atomic():
        sets = ", ".join(f"[{c}] = ?" for c in values)
        db.execute(f"update runs set {sets} where id = ?", [*values.values(), run_id])
