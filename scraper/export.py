"""Export: one JSON document per thread, streamed from the archive (``wdtk-archive export``).

The document's shape is written down in ``scraper/schema/thread.schema.json``; ``format_version``
changes only when a consumer would have to change. Documents hold no archive-internal ids, and
every list has a defined order, so the same archive content always exports to the same bytes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

import click
import sqlite_utils

from scraper.archive import linked as linked_store
from scraper.archive import store
from scraper.exitcodes import ExitCode, Refusal, archive_refusal
from scraper.models import Message, Thread

FORMAT_VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schema" / "thread.schema.json"
BATCH = 200


def load_schema() -> dict[str, Any]:
    """The JSON Schema of one exported thread document."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class ExportError(ValueError):
    """A request for an export that cannot be met; the message is one sentence for the user."""


# ------------------------------------------------------------------------------------------
# Documents


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
    keys = (
        "event_type", "created_at", "described_state", "calculated_state", "last_described_at",
        "incoming_message_id", "outgoing_message_id", "comment_id", "display_status",
    )
    return {"id": event["id"], **{k: event.get(k) for k in keys}, "gone_at": event.get("gone_at")}


def _message_doc(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "kind": message.kind,
        "site_id": message.site_id,
        "occurrence": 1,
        "sender": message.sender,
        "sent_at": message.sent_at,
        "raw_text": message.raw_text,
        "clean_text": message.clean_text,
        "stripped": [s.to_dict() for s in message.stripped],
        "attachments": [
            {
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
            for a in message.attachments
        ],
        "visibility": "hidden" if message.hidden else "visible",
        "hidden_at": None,
        "event_id": message.event_id,
        "event_type": message.event_type,
        "delivery_status": message.delivery_status,
        "resent": message.resent,
        "reply_type": store.reply_type(message.kind, message.raw_text, message.sender),
        "first_seen_at": None,
        "earlier_versions": [],
    }


def thread_to_document(
    thread: Thread, *, site: str | None = None, source_url: str | None = None, fetched_at: str | None = None
) -> dict[str, Any]:
    """The export document of a parsed thread that is not (yet) in an archive."""
    messages = [_message_doc(m) for m in thread.messages]
    seen: dict[str, int] = {}
    for doc in messages:  # "sent again" blocks reuse their message's anchor
        seen[doc["id"]] = seen.get(doc["id"], 0) + 1
        doc["occurrence"] = seen[doc["id"]]
    a, u = thread.authority, thread.requester
    return _document(
        site=site,
        request={
            "id": thread.request_id,
            "slug": thread.slug,
            "former_slugs": [],
            "title": thread.title,
            "status": thread.status,
            "display_status": thread.display_status,
            "calculated_status": thread.calculated_status,
            "law_used": thread.law_used,
            "prominence": thread.prominence,
            "created_at": thread.created_at,
            "updated_at": thread.updated_at,
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


def _rows(db: sqlite_utils.Database, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _archived_document(db: sqlite_utils.Database, pk: int, *, exclude_withdrawn: bool = False) -> dict[str, Any]:
    """The document of one archived request; ``exclude_withdrawn`` leaves out the messages and
    attachments the site hid or removed (and their earlier versions and changes)."""
    r = _rows(db, "select * from requests where id = ?", [pk])[0]
    visible = " and visibility = 'visible'" if exclude_withdrawn else ""
    a = _rows(db, "select * from authorities where id = ?", [r["authority"]])[0]
    u = _rows(db, "select * from users where id = ?", [r["requester"]]) if r["requester"] is not None else []
    former = [
        row["slug"]
        for row in _rows(
            db,
            "select slug from request_slugs where request = ? and slug != ? order by first_seen_at, slug",
            [pk, r["slug"]],
        )
    ]
    attachments: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(
        db, f"select * from attachments where request = ?{visible} order by position, part, filename", [pk]
    ):
        attachments.setdefault(row["message"], []).append(
            {
                "part": row["part"],
                "attachment_id": row["attachment_id"],
                "filename": row["filename"],
                "url": row["url"],
                "html_url": row["html_url"],
                "content_type": row["content_type"],
                "size": row["size"],
                "size_bytes": row["size_bytes"],
                "visibility": row["visibility"],
                "hidden_at": row["hidden_at"],
                "sha256": row["sha256"],
                "stored_path": row["stored_path"],
                "file_status": row["file_status"],
                "text": row["text"],
                "text_source": row["text_source"],
            }
        )
    versions: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(
        db,
        "select v.* from message_versions v join messages m on m.id = v.message "
        "where m.request = ? order by v.replaced_at, v.seen_from, v.id",
        [pk],
    ):
        versions.setdefault(row["message"], []).append(
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
    links = linked_store.export_links(db, pk)
    messages = [
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
        for m in _rows(
            db, f"select * from messages where request = ?{visible} order by position, anchor, occurrence", [pk]
        )
    ]
    events = [
        _event_doc({**e, "id": e["event_id"]})
        for e in _rows(db, "select * from events where request = ? order by created_at, event_id", [pk])
    ]
    changes = [
        {
            "field": c["field"],
            "old": c["old_value"],
            "new": c["new_value"],
            "message": c["anchor"],
            "observed_at": c["observed_at"],
        }
        for c in _rows(
            db,
            "select c.*, m.anchor from changes c left join messages m on m.id = c.message "
            "where c.request = ?"
            + (" and (m.id is null or m.visibility = 'visible')" if exclude_withdrawn else "")
            + " order by c.observed_at, c.id",
            [pk],
        )
    ]
    return _document(
        site=r["site"],
        request={
            "id": r["request_id"],
            "slug": r["slug"],
            "former_slugs": former,
            "title": r["title"],
            "status": r["status"],
            "display_status": r["display_status"],
            "calculated_status": r["calculated_status"],
            "law_used": r["law_used"],
            "prominence": r["prominence"],
            "created_at": r["created_at"],
            "updated_at": r["updated_at"],
            "awaiting_description": _bool(r["awaiting_description"]),
            "tags": _loads(r["tags"], []),
            "withdrawn_at": r["withdrawn_at"],
            "withdrawn_status": r["withdrawn_status"],
        },
        authority={
            "id": a["authority_id"],
            "url_name": a["url_name"],
            "name": a["name"],
            "short_name": a["short_name"],
            "home_page": a["home_page"],
            "notes": a["notes"],
            "tags": _loads(a["tags"], []),
        },
        requester=(
            {"id": u[0]["user_id"], "url_name": u[0]["url_name"], "name": u[0]["name"]}
            if u
            else {"id": None, "url_name": None, "name": r["requester_name"]}
        ),
        messages=messages,
        events=events,
        changes=changes,
        provenance={
            "source_url": r["source_url"],
            "fetched_at": r["fetched_at"],
            "first_seen_at": r["first_seen_at"],
            "changed_at": r["changed_at"],
        },
    )


def _day(value: str | date | None, name: str) -> str | None:
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
    """Export documents, ordered by (site, request id), read a batch at a time.

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
        pks = []
        for key in keys:
            try:
                row = store.find_request(db, key, site=site)
            except store.AmbiguousRequest as e:
                raise ExportError(str(e)) from None
            if row is None:
                raise ExportError(f"No request '{key}' in the archive.")
            pks.append(row["id"])
        clauses.append("r.id in (select value from json_each(?))")
        params.append(json.dumps(sorted(set(pks))))
    if site:
        clauses.append("r.site = ?")
        params.append(site)
    if authority:
        text = str(authority).strip()
        match = "(a.url_name = ? or a.name = ? or cast(a.authority_id as text) = ?)"
        if not _rows(db, f"select 1 from authorities a where {match} limit 1", [text, text, text]):
            raise ExportError(f"No authority '{text}' in the archive (give its url_name, name or id).")
        clauses.append(match)
        params += [text, text, text]
    first, last = _day(since, "since"), _day(until, "until")
    if first:
        clauses.append("substr(r.created_at, 1, 10) >= ?")
        params.append(first)
    if last:
        clauses.append("substr(r.created_at, 1, 10) <= ?")
        params.append(last)
    if exclude_withdrawn:
        clauses.append("r.withdrawn_at is null")
    return _generate(db, clauses, params, exclude_withdrawn)


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
            yield _read_consistently(db, pk, exclude_withdrawn)
            after = (site, request_id)


def _read_consistently(db: sqlite_utils.Database, pk: int, exclude_withdrawn: bool = False) -> dict[str, Any]:
    """One document from one snapshot, even while a scrape writes (WAL)."""
    if db.conn.in_transaction:
        return _archived_document(db, pk, exclude_withdrawn=exclude_withdrawn)
    db.execute("begin")
    try:
        return _archived_document(db, pk, exclude_withdrawn=exclude_withdrawn)
    finally:
        db.execute("commit")


# ------------------------------------------------------------------------------------------
# Writing


def write_documents(documents: Iterable[dict[str, Any]], out: IO[bytes], fmt: str = "json") -> int:
    """Write documents as a JSON array (``json``), one per line (``jsonl``), or a single document
    as itself (``object``); return how many."""
    count = 0
    if fmt == "object":
        for doc in documents:
            if count:
                raise ValueError("the object format holds one document")
            out.write(json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
            count += 1
        return count
    if fmt == "jsonl":
        for doc in documents:
            out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            count += 1
        return count
    if fmt != "json":
        raise ValueError(f"unknown format {fmt!r}")
    out.write(b"[")
    for doc in documents:
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        out.write((",\n" if count else "\n").encode() + text.encode("utf-8"))
        count += 1
    out.write(b"\n]\n" if count else b"]\n")
    return count


def _db_path(config_path: str | None, db: str | None) -> str:
    from scraper.config import ConfigError, load_config

    try:
        return load_config(config_path, db=db).db
    except ConfigError as e:
        raise click.UsageError(str(e)) from None


def _one_document(keys: tuple[str, ...], all_: bool, fmt: str) -> bool:
    """One KEY asks for one thread: it is written as the document itself, not an array of one
    (``export SLUG | jq '.messages[]'``)."""
    return fmt == "json" and len(keys) == 1 and not all_


@click.command("export")
@click.argument("keys", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Export every thread (the filters below still apply).")
@click.option("--authority", help="Only requests to this authority (url_name, name or id).")
@click.option("--since", help="Only requests made on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only requests made on or before this date (YYYY-MM-DD).")
@click.option("--site", help="Only this site's requests (its host, e.g. www.whatdotheyknow.com).")
@click.option("--exclude-withdrawn", is_flag=True,
              help="Leave out requests the site withdrew, and messages and attachments it hid or removed "
              "(by default everything archived is exported, flagged).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="A JSON array, or JSON Lines (one document per line).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="File to write (default: standard output). Written in full or not at all.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Settings file (default: ./config.toml if present).")
@click.option("--db", help="Archive file (default: archive.db).")
def export_command(
    keys: tuple[str, ...],
    all_: bool,
    authority: str | None,
    since: str | None,
    until: str | None,
    site: str | None,
    exclude_withdrawn: bool,
    fmt: str,
    output: str,
    config_path: str | None,
    db: str | None,
) -> None:
    """Write archived threads as JSON documents, one per thread.

    KEYS are request slugs (current or former), numeric request ids or request URLs.
    Give KEYS, or --all, or a filter (--authority, --since, --until, --site). One KEY writes
    that thread's document itself; anything else a JSON array (or JSON Lines). The document
    format is described by scraper/schema/thread.schema.json. The archive is only read, so a
    read-only archive (or folder) is fine.
    """
    if keys and all_:
        raise click.UsageError("Give request slugs/ids or --all, not both.")
    if not keys and not all_ and not (authority or since or until or site):
        raise click.UsageError("Nothing to export: give request slugs or ids, --all, or a filter such as --authority.")
    path = _db_path(config_path, db)
    try:  # a bad date is bad input, whatever the archive
        _day(since, "since")
        _day(until, "until")
    except ExportError as e:
        raise Refusal(str(e), ExitCode.USAGE) from None
    try:
        archive = store.open_archive_for_reading(path)
    except store.ArchiveError as e:
        raise archive_refusal(e) from None
    try:
        documents = iter_thread_documents(
            archive, keys=list(keys) if keys else None, authority=authority, since=since, until=until, site=site,
            exclude_withdrawn=exclude_withdrawn,
        )
    except ExportError as e:
        raise Refusal(str(e), ExitCode.USAGE) from None
    if _one_document(keys, all_, fmt):
        fmt = "object"
    if output == "-":
        out = sys.stdout.buffer
        try:
            count = write_documents(documents, out, fmt)
            out.flush()
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): stop quietly, as other tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return
    else:
        target = Path(output)
        if not target.parent.is_dir():
            raise Refusal(f"Cannot write {output}: the directory {target.parent} does not exist.", ExitCode.USAGE)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        except OSError as e:
            raise Refusal(f"Cannot write {output}: {e.strerror or e}.", ExitCode.USAGE) from None
        try:
            with os.fdopen(fd, "wb") as f:
                count = write_documents(documents, f, fmt)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    if count == 0:
        click.echo("No archived thread matched.", err=True)
