"""One JSON document per thread: what ``wdtk-archive export`` writes and the thread page shows.

The document's shape is written down in ``scraper/schema/thread.schema.json``; ``format_version``
changes only when a consumer would have to change. Documents hold no archive-internal ids (unless
asked for, by the thread page, to link to rows), and every list has a defined order, so the same
archive content always exports to the same bytes. This module is the one mapping of archive rows
(and of a parsed thread not yet archived) to that shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from scraper.archive.errors import AmbiguousRequest
from scraper.archive.linked import export_links
from scraper.archive.requests import find_request
from scraper.autoreply import reply_type
from scraper.exitcodes import ExitCode, Refused
from scraper.models import Attachment, Message, Thread

FORMAT_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "thread.schema.json"
#: Requests read per query while documents stream out.
BATCH = 200

_EVENT_KEYS = (
    "event_type",
    "created_at",
    "described_state",
    "calculated_state",
    "last_described_at",
    "incoming_message_id",
    "outgoing_message_id",
    "comment_id",
    "display_status",
)
_REQUEST_KEYS = (
    "slug",
    "title",
    "status",
    "display_status",
    "calculated_status",
    "law_used",
    "prominence",
    "created_at",
    "updated_at",
)
_ATTACHMENT_KEYS = (
    "part",
    "attachment_id",
    "filename",
    "url",
    "html_url",
    "content_type",
    "size",
    "size_bytes",
    "visibility",
    "hidden_at",
    "sha256",
    "stored_path",
    "file_status",
    "text",
    "text_source",
)


class ExportError(Refused):
    """A request for documents that cannot be met; the message is one sentence for the user."""

    code = ExitCode.USAGE


def load_schema() -> dict[str, Any]:
    """The JSON Schema of one thread document."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _loads(value: str | None, default: Any) -> Any:
    return default if value is None else json.loads(value)


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _document(
    *,
    site: str | None,
    request: dict[str, Any],
    authority: dict[str, Any],
    requester: dict[str, Any],
    messages: list[dict[str, Any]],
    events: list[dict[str, Any]],
    changes: list[dict[str, Any]],
    provenance: dict[str, Any],
) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "site": site,
        "request": request,
        "authority": authority,
        "requester": requester,
        "messages": messages,
        "events": events,
        "changes": changes,
        "provenance": provenance,
    }


def _event_doc(event: dict[str, Any]) -> dict[str, Any]:
    return {"id": event["id"], **{k: event.get(k) for k in _EVENT_KEYS}, "gone_at": event.get("gone_at")}


# ------------------------------------------------------------------------------------------
# A parsed thread (``wdtk-archive parse``)


def _attachment_doc(a: Attachment) -> dict[str, Any]:
    return {
        "part": a.part,
        "attachment_id": a.attachment_id,
        "filename": a.filename,
        "url": a.url or None,
        "html_url": a.html_url,
        "content_type": a.content_type,
        "size": a.size,
        "size_bytes": a.size_bytes,
        "visibility": "hidden" if a.hidden else "visible",
        "hidden_at": None,
        "sha256": None,
        "stored_path": None,
        "file_status": None,
        "text": None,
        "text_source": None,
    }


def _message_doc(message: Message, occurrence: int) -> dict[str, Any]:
    return {
        "id": message.anchor,
        "kind": message.kind,
        "site_id": message.site_id,
        "occurrence": occurrence,
        "sender": message.sender,
        "sent_at": message.sent_at,
        "raw_text": message.raw_text,
        "clean_text": message.clean_text,
        "stripped": [s.to_dict() for s in message.stripped],
        "attachments": [_attachment_doc(a) for a in message.attachments],
        "visibility": "hidden" if message.hidden else "visible",
        "hidden_at": None,
        "event_id": message.event_id,
        "event_type": message.event_type,
        "delivery_status": message.delivery_status,
        "resent": message.resent,
        "reply_type": reply_type(message.kind, message.raw_text, message.sender),
        "first_seen_at": None,
        "earlier_versions": [],
    }


def thread_to_document(
    thread: Thread, *, site: str | None = None, source_url: str | None = None, fetched_at: str | None = None
) -> dict[str, Any]:
    """The document of a parsed thread that is not (yet) in an archive."""
    seen: dict[str, int] = {}
    messages = []
    for m in thread.messages:  # "sent again" blocks reuse their message's anchor
        seen[m.anchor] = seen.get(m.anchor, 0) + 1
        messages.append(_message_doc(m, seen[m.anchor]))
    a, u = thread.authority, thread.requester
    return _document(
        site=site,
        request={
            "id": thread.request_id,
            **{k: getattr(thread, k) for k in _REQUEST_KEYS[:1]},
            "former_slugs": [],
            **{k: getattr(thread, k) for k in _REQUEST_KEYS[1:]},
            "awaiting_description": thread.awaiting_description,
            "tags": list(thread.tags),
            "withdrawn_at": None,
            "withdrawn_status": None,
        },
        authority={
            "id": a.id,
            "url_name": a.url_name,
            "name": a.name,
            "short_name": a.short_name,
            "home_page": a.home_page,
            "notes": a.notes,
            "tags": list(a.tags),
        },
        requester={"id": u.id, "url_name": u.url_name, "name": u.name},
        messages=messages,
        events=[_event_doc({**e.to_dict(), "gone_at": None}) for e in thread.events],
        changes=[],
        provenance={
            "source_url": source_url or thread.source_url,
            "fetched_at": fetched_at,
            "first_seen_at": None,
            "changed_at": None,
        },
    )


# ------------------------------------------------------------------------------------------
# An archived thread, part by part


def _request_doc(db: sqlite_utils.Database, r: dict[str, Any]) -> dict[str, Any]:
    former = [
        row["slug"]
        for row in db.query(
            "select slug from request_slugs where request = ? and slug != ? order by first_seen_at, slug",
            [r["id"], r["slug"]],
        )
    ]
    return {
        "id": r["request_id"],
        **{k: r[k] for k in _REQUEST_KEYS[:1]},
        "former_slugs": former,
        **{k: r[k] for k in _REQUEST_KEYS[1:]},
        "awaiting_description": _bool(r["awaiting_description"]),
        "tags": _loads(r["tags"], []),
        "withdrawn_at": r["withdrawn_at"],
        "withdrawn_status": r["withdrawn_status"],
    }


def _authority_doc(db: sqlite_utils.Database, r: dict[str, Any]) -> dict[str, Any]:
    (a,) = db.query("select * from authorities where id = ?", [r["authority"]])
    return {
        "id": a["authority_id"],
        "url_name": a["url_name"],
        "name": a["name"],
        "short_name": a["short_name"],
        "home_page": a["home_page"],
        "notes": a["notes"],
        "tags": _loads(a["tags"], []),
    }


def _requester_doc(db: sqlite_utils.Database, r: dict[str, Any]) -> dict[str, Any]:
    users = list(db.query("select * from users where id = ?", [r["requester"]])) if r["requester"] is not None else []
    if not users:
        return {"id": None, "url_name": None, "name": r["requester_name"]}
    return {"id": users[0]["user_id"], "url_name": users[0]["url_name"], "name": users[0]["name"]}


def _attachment_docs(db: sqlite_utils.Database, pk: int, visible: str) -> dict[int, list[dict[str, Any]]]:
    """A thread's attachments, by ``messages.id``."""
    out: dict[int, list[dict[str, Any]]] = {}
    for row in db.query(
        f"select * from attachments where request = ?{visible} order by position, part, filename", [pk]
    ):
        out.setdefault(row["message"], []).append({k: row[k] for k in _ATTACHMENT_KEYS})
    return out


def _version_docs(db: sqlite_utils.Database, pk: int) -> dict[int, list[dict[str, Any]]]:
    """Earlier texts of a thread's messages, by ``messages.id``, oldest first."""
    out: dict[int, list[dict[str, Any]]] = {}
    for row in db.query(
        "select v.* from message_versions v join messages m on m.id = v.message "
        "where m.request = ? order by v.replaced_at, v.seen_from, v.id",
        [pk],
    ):
        out.setdefault(row["message"], []).append(
            {
                "sender": row["sender"],
                "sent_at": row["sent_at"],
                "raw_text": row["raw_text"],
                "clean_text": row["clean_text"],
                "stripped": _loads(row["stripped"], []),
                "seen_from": row["seen_from"],
                "replaced_at": row["replaced_at"],
            }
        )
    return out


def _message_docs(
    db: sqlite_utils.Database, pk: int, *, exclude_withdrawn: bool, internal_ids: bool
) -> list[dict[str, Any]]:
    visible = " and visibility = 'visible'" if exclude_withdrawn else ""
    attachments = _attachment_docs(db, pk, visible)
    versions = _version_docs(db, pk)
    links = export_links(db, pk, internal_ids=internal_ids)
    messages = []
    for m in db.query(f"select * from messages where request = ?{visible} order by position, anchor, occurrence", [pk]):
        messages.append(
            {
                "id": m["anchor"],
                "kind": m["kind"],
                "site_id": m["site_id"],
                "occurrence": m["occurrence"],
                "sender": m["sender"],
                "sent_at": m["sent_at"],
                "raw_text": m["raw_text"],
                "clean_text": m["clean_text"],
                "stripped": _loads(m["stripped"], []),
                "attachments": attachments.get(m["id"], []),
                "visibility": m["visibility"],
                "hidden_at": m["hidden_at"],
                "event_id": m["event_id"],
                "event_type": m["event_type"],
                "delivery_status": m["delivery_status"],
                "resent": bool(m["resent"]),
                "reply_type": m.get("reply_type"),
                "first_seen_at": m["first_seen_at"],
                "earlier_versions": versions.get(m["id"], []),
                "links": links.get(m["id"], []),
            }
        )
    return messages


def _event_docs(db: sqlite_utils.Database, pk: int) -> list[dict[str, Any]]:
    return [
        _event_doc({**e, "id": e["event_id"]})
        for e in db.query("select * from events where request = ? order by created_at, event_id", [pk])
    ]


def _change_docs(db: sqlite_utils.Database, pk: int, *, exclude_withdrawn: bool) -> list[dict[str, Any]]:
    hidden = " and (m.id is null or m.visibility = 'visible')" if exclude_withdrawn else ""
    return [
        {
            "field": c["field"],
            "old": c["old_value"],
            "new": c["new_value"],
            "message": c["anchor"],
            "observed_at": c["observed_at"],
        }
        for c in db.query(
            "select c.*, m.anchor from changes c left join messages m on m.id = c.message "
            f"where c.request = ?{hidden} order by c.observed_at, c.id",
            [pk],
        )
    ]


def thread_document(
    db: sqlite_utils.Database, pk: int, *, exclude_withdrawn: bool = False, internal_ids: bool = False
) -> dict[str, Any]:
    """The document of one archived request (``requests.id``), read from one snapshot even while a
    scrape writes (WAL). ``exclude_withdrawn`` leaves out the messages and attachments the site hid
    or removed (and their earlier versions and changes); ``internal_ids`` adds the archive's ids
    where a page links to rows (each link's ``page``)."""
    if db.conn.in_transaction:
        return _thread_document(db, pk, exclude_withdrawn=exclude_withdrawn, internal_ids=internal_ids)
    db.execute("begin")
    try:
        return _thread_document(db, pk, exclude_withdrawn=exclude_withdrawn, internal_ids=internal_ids)
    finally:
        db.execute("commit")


def _thread_document(
    db: sqlite_utils.Database, pk: int, *, exclude_withdrawn: bool, internal_ids: bool
) -> dict[str, Any]:
    (r,) = db.query("select * from requests where id = ?", [pk])
    return _document(
        site=r["site"],
        request=_request_doc(db, r),
        authority=_authority_doc(db, r),
        requester=_requester_doc(db, r),
        messages=_message_docs(db, pk, exclude_withdrawn=exclude_withdrawn, internal_ids=internal_ids),
        events=_event_docs(db, pk),
        changes=_change_docs(db, pk, exclude_withdrawn=exclude_withdrawn),
        provenance={
            "source_url": r["source_url"],
            "fetched_at": r["fetched_at"],
            "first_seen_at": r["first_seen_at"],
            "changed_at": r["changed_at"],
        },
    )


# ------------------------------------------------------------------------------------------
# Many documents, streamed


def checked_day(value: str | date | None, name: str) -> str | None:
    """A ``--since`` / ``--until`` date as YYYY-MM-DD; ExportError for anything else."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ExportError(f"--{name} must be a date such as 2024-01-31, not '{value}'.") from None


def iter_thread_documents(
    db: sqlite_utils.Database,
    *,
    keys: Iterable[str | int] | None = None,
    authority: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    site: str | None = None,
    exclude_withdrawn: bool = False,
) -> Iterator[dict[str, Any]]:
    """Documents, ordered by (site, request id), read a batch at a time.

    ``keys``: slugs (current or former), numeric ids or request URLs; None means every request.
    ``authority``: url_name, name or numeric id. ``since`` / ``until``: inclusive dates
    (YYYY-MM-DD) on the request's ``created_at``. Bad keys, an unknown authority or a bad date
    raise :class:`ExportError` before anything is produced. Everything archived is exported, flagged;
    ``exclude_withdrawn`` leaves out withdrawn requests and the messages and attachments the site
    hid or removed.
    """
    clauses: list[str] = []
    params: list[Any] = []
    if keys is not None:
        clauses.append("r.id in (select value from json_each(?))")
        params.append(json.dumps(sorted(set(_request_pks(db, keys, site)))))
    if site:
        clauses.append("r.site = ?")
        params.append(site)
    if authority:
        text = str(authority).strip()
        match = "(a.url_name = ? or a.name = ? or cast(a.authority_id as text) = ?)"
        if not list(db.query(f"select 1 from authorities a where {match} limit 1", [text, text, text])):
            raise ExportError(f"No authority '{text}' in the archive (give its url_name, name or id).")
        clauses.append(match)
        params += [text, text, text]
    first, last = checked_day(since, "since"), checked_day(until, "until")
    if first:
        clauses.append("substr(r.created_at, 1, 10) >= ?")
        params.append(first)
    if last:
        clauses.append("substr(r.created_at, 1, 10) <= ?")
        params.append(last)
    if exclude_withdrawn:
        clauses.append("r.withdrawn_at is null")
    return _generate(db, clauses, params, exclude_withdrawn)


def _request_pks(db: sqlite_utils.Database, keys: Iterable[str | int], site: str | None) -> list[int]:
    pks = []
    for key in keys:
        try:
            row = find_request(db, key, site=site)
        except AmbiguousRequest as e:
            raise ExportError(str(e)) from None
        if row is None:
            raise ExportError(f"No request '{key}' in the archive.")
        pks.append(row["id"])
    return pks


def _generate(
    db: sqlite_utils.Database, clauses: list[str], params: list[Any], exclude_withdrawn: bool = False
) -> Iterator[dict[str, Any]]:
    after: tuple[str, int] | None = None
    while True:
        where = list(clauses)
        page_params = list(params)
        if after is not None:
            where.append("(r.site, r.request_id) > (?, ?)")
            page_params += list(after)
        sql = (
            "select r.id, r.site, r.request_id from requests r join authorities a on a.id = r.authority"
            + (" where " + " and ".join(where) if where else "")
            + f" order by r.site, r.request_id limit {BATCH}"
        )
        batch = db.execute(sql, page_params).fetchall()
        if not batch:
            return
        for pk, site, request_id in batch:
            yield thread_document(db, pk, exclude_withdrawn=exclude_withdrawn)
            after = (site, request_id)
