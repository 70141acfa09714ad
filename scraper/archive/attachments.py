"""The attachments step's rows: which attachments to work on, and what became of each file and text."""

from __future__ import annotations

from typing import Any

import sqlite_utils


def attachments_to_process(db: sqlite_utils.Database, request: int) -> list[dict[str, Any]]:
    """The attachments of a request (``requests.id``) the site still lists and links, with their
    authority's url_name (``authority``), in page order."""
    return list(
        db.query(
            "select at.*, a.url_name as authority from attachments at join requests r on r.id = at.request "
            "join authorities a on a.id = r.authority where at.request = ? and at.visibility = 'visible' "
            "and at.url is not null order by at.message, at.position",
            [request],
        )
    )


def stored_file(db: sqlite_utils.Database, attachment: int) -> tuple[str | None, str | None]:
    """``(stored_path, file_status)`` of an attachment as the archive has it now."""
    (row,) = db.execute("select stored_path, file_status from attachments where id = ?", [attachment]).fetchall()
    return row[0], row[1]


def update_attachment(db: sqlite_utils.Database, attachment: int, **values: Any) -> None:
    """Set columns of one attachment row, in a transaction of its own."""
    with db.atomic():
        sets = ", ".join(f"[{c}] = ?" for c in values)
        db.execute(f"update attachments set {sets} where id = ?", [*values.values(), attachment])
