"""The cleaner's state in the archive: what it mines, what the archive taught it, and reclean's reads
and writes (the cleaning itself is :mod:`scraper.cleaning`'s)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import sqlite_utils

if TYPE_CHECKING:
    from scraper.clean.adapt import Adaptation


def save_adaptation(
    db: sqlite_utils.Database, adaptation: Adaptation, *, learned_at: str, cross_repeats: dict[str, int] | None = None
) -> None:
    """Replace the archive's cleaner correction, and the sentences mining found sent by several
    authorities (so scrape, which mines one authority at a time, knows them too); one transaction."""
    from scraper.clean.model import CLASSES

    state = [
        {"name": "adaptation_learned_at", "value": learned_at},
        {"name": "adaptation_examples", "value": json.dumps(adaptation.examples, sort_keys=True)},
    ]
    if cross_repeats is not None:
        state.append({"name": "cross_repeats", "value": json.dumps(cross_repeats, sort_keys=True)})
    with db.conn:
        db.execute("delete from clean_adaptation")
        db.table("clean_adaptation").insert_all(
            ({"feature": f, **dict(zip(CLASSES, w, strict=True))} for f, w in adaptation.weights.items()),
            batch_size=1000,
        )
        db.table("clean_state").upsert_all(state, pk="name")


def load_adaptation(db: sqlite_utils.Database) -> Adaptation:
    """The archive's cleaner correction (an empty one before the first reclean)."""
    from scraper.clean.adapt import Adaptation
    from scraper.clean.model import CLASSES

    if "clean_adaptation" not in db.table_names():
        return Adaptation()
    cols = ", ".join(CLASSES)
    weights = {f: tuple(w) for f, *w in db.execute(f"select feature, {cols} from clean_adaptation").fetchall()}
    examples: dict[str, int] = {}
    for (value,) in db.execute("select value from clean_state where name = 'adaptation_examples'").fetchall():
        examples = json.loads(value)
    return Adaptation(weights, examples)


def load_cross_repeats(db: sqlite_utils.Database) -> dict[str, int]:
    """Sentences (as mining writes them) that several authorities send, as reclean last found them."""
    if "clean_state" not in db.table_names():
        return {}
    for (value,) in db.execute("select value from clean_state where name = 'cross_repeats'").fetchall():
        return {str(k): int(v) for k, v in json.loads(value).items()}
    return {}


def mining_rows(
    db: sqlite_utils.Database, *, authority: str | None = None, site: str | None = None
) -> Iterator[dict[str, Any]]:
    """Visible messages for the clean step's mining, oldest first: ``site``, ``authority``
    (url_name), ``request_id``, ``kind`` and ``raw_text``; all of the archive, or one authority
    (of one site). Outgoing messages come too: mining reads them to know the requesters' own words."""
    clauses, params = ["m.visibility = 'visible'", "m.kind in ('incoming', 'outgoing')"], []
    if authority is not None:
        clauses.append("a.url_name = ?")
        params.append(authority)
    if site is not None:
        clauses.append("r.site = ?")
        params.append(site)
    yield from db.query(
        "select r.site, a.url_name as authority, r.request_id, m.kind, m.raw_text "
        "from messages m join requests r on r.id = m.request join authorities a on a.id = r.authority "
        f"where {' and '.join(clauses)} order by r.site, r.request_id, m.position",
        params,
    )


# ------------------------------------------------------------------------------------------
# Reclean: every message (and earlier version) read, the new clean text written in one go


def messages_to_reclean(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every message with what cleaning it needs (its thread, authority and requester), thread by
    thread in page order: ``id``, ``request``, ``kind``, ``anchor``, ``raw_text``, ``clean_text``,
    ``stripped``, ``site``, ``request_id``, ``slug``, ``requester_name`` and ``authority``."""
    return list(
        db.query(
            "select m.id, m.request, m.kind, m.anchor, m.raw_text, m.clean_text, m.stripped, "
            "r.site, r.request_id, r.slug, r.requester_name, a.url_name as authority "
            "from messages m join requests r on r.id = m.request "
            "left join authorities a on a.id = r.authority "
            "order by m.request, m.position, m.occurrence, m.id"
        )
    )


def versions_to_reclean(db: sqlite_utils.Database) -> dict[int, list[dict[str, Any]]]:
    """The earlier versions of every message (``id``, ``raw_text``, ``clean_text``, ``stripped``),
    by ``messages.id``, oldest first."""
    versions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if "message_versions" in db.table_names():
        for row in db.query("select id, message, raw_text, clean_text, stripped from message_versions order by id"):
            versions[row.pop("message")].append(row)
    return versions


def save_reclean(
    db: sqlite_utils.Database, messages: list[tuple[str, str, int]], versions: list[tuple[str, str, int]]
) -> None:
    """Write new ``(clean_text, stripped, id)`` of messages and of earlier versions, all or nothing."""
    with db.conn:  # one transaction
        db.conn.executemany("update messages set clean_text = ?, stripped = ? where id = ?", messages)
        if versions:
            db.conn.executemany("update message_versions set clean_text = ?, stripped = ? where id = ?", versions)
