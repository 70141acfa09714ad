"""Writing threads: idempotent saves that record what changed on the site, one transaction each.

Rules the writes follow (the README's "The archive" explains them for users):

* nothing is ever deleted: a message that is hidden on the site keeps its archived text and is
  flagged ``visibility = 'hidden'``; one that vanished from the page is flagged ``'gone'``; both
  with ``hidden_at``;
* an unchanged thread writes nothing at all (not even a timestamp);
* a changed thread is updated in place; the previous text of a changed message goes to
  ``message_versions`` and every changed request field (status, title, slug, …) to ``changes``;
* a value the site did not give this time (None) never erases one we already have.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils

from scraper.archive.requests import find_request
from scraper.archive.values import inserted_id, json_text, spans_json
from scraper.autoreply import reply_type
from scraper.models import Attachment, Authority, Event, Message, Thread, User

log = logging.getLogger("wdtk_archive")

SaveStatus = Literal["new", "changed", "unchanged"]


@dataclass(frozen=True)
class SaveResult:
    """What one save did to the archive."""

    status: SaveStatus
    messages_added: int = 0
    messages_changed: int = 0
    messages_hidden: int = 0


def _bool(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


def _as_text(value: Any) -> str | None:
    """A value as the changes table stores it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return json_text(value)


def classify_replies(db: sqlite_utils.Database) -> int:
    """Recompute ``messages.reply_type`` of the whole archive from the stored text; return how many changed."""
    rows = db.execute("select id, kind, raw_text, sender, reply_type from messages").fetchall()
    updates = [(new, pk) for pk, kind, raw, sender, old in rows if (new := reply_type(kind, raw, sender)) != old]
    with db.atomic():
        db.conn.executemany("update messages set reply_type = ? where id = ?", updates)
    return len(updates)


class _Writer:
    """One save: knows the site and time, counts what it writes."""

    def __init__(self, db: sqlite_utils.Database, site: str, fetched_at: str, run_id: int | None):
        self.db = db
        self.site = site
        self.at = fetched_at
        self.run_id = run_id
        self.wrote = False

    # -- low level ---------------------------------------------------------------------------

    def one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def all(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, list(params)))

    def insert(self, table: str, row: dict[str, Any]) -> int:
        self.wrote = True
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(f"insert into [{table}] ({columns}) values ({marks})", list(row.values()))
        return inserted_id(cursor)

    def update(self, table: str, pk: int, values: dict[str, Any]) -> None:
        if not values:
            return
        self.wrote = True
        sets = ", ".join(f"[{c}] = ?" for c in values)
        self.db.execute(f"update [{table}] set {sets} where id = ?", [*values.values(), pk])

    def change(self, request: int, field: str, old: Any, new: Any, message: int | None = None) -> None:
        self.insert(
            "changes",
            {
                "site": self.site,
                "request": request,
                "message": message,
                "field": field,
                "old_value": _as_text(old),
                "new_value": _as_text(new),
                "observed_at": self.at,
                "run_id": self.run_id,
            },
        )

    @staticmethod
    def diff(row: dict[str, Any], new: dict[str, Any], *, keep_known: bool = True) -> dict[str, Any]:
        """Columns whose new value differs; with keep_known, None never replaces a value."""
        return {
            k: v
            for k, v in new.items()
            if row.get(k) != v and not (keep_known and v is None and row.get(k) is not None)
        }

    # -- authorities and users ---------------------------------------------------------------

    def authority(self, authority: Authority, authoritative: bool) -> int:
        values = {
            "url_name": authority.url_name,
            "authority_id": authority.id,
            "name": authority.name,
            "short_name": authority.short_name,
            "home_page": authority.home_page,
            "notes": authority.notes,
            "tags": json_text(authority.tags) if (authority.tags or authoritative) else None,
        }
        row = None
        if authority.id is not None:
            row = self.one("select * from authorities where site = ? and authority_id = ?", [self.site, authority.id])
        if row is None:
            row = self.one("select * from authorities where site = ? and url_name = ?", [self.site, authority.url_name])
        if row is None:
            return self.insert(
                "authorities", {"site": self.site, **values, "first_seen_at": self.at, "changed_at": self.at}
            )
        updates = self.diff(row, values)
        if updates:
            self.update("authorities", row["id"], {**updates, "changed_at": self.at})
        return int(row["id"])

    def user(self, user: User) -> int | None:
        if not user.url_name:
            return None
        values = {"url_name": user.url_name, "user_id": user.id, "name": user.name}
        row = None
        if user.id is not None:
            row = self.one("select * from users where site = ? and user_id = ?", [self.site, user.id])
        if row is None:
            row = self.one("select * from users where site = ? and url_name = ?", [self.site, user.url_name])
        if row is None:
            return self.insert("users", {"site": self.site, **values, "first_seen_at": self.at, "changed_at": self.at})
        updates = self.diff(row, values)
        if updates:
            self.update("users", row["id"], {**updates, "changed_at": self.at})
        return int(row["id"])

    # -- requests ----------------------------------------------------------------------------

    def request(self, thread: Thread, request_id: int, source_url: str | None, with_page: bool) -> tuple[int, bool]:
        """Insert or update the request row; return (requests.id, is_new)."""
        authoritative = thread.request_id is not None  # the JSON was read: its empty lists are real
        authority_pk = self.authority(thread.authority, authoritative)
        requester_pk = self.user(thread.requester)
        values: dict[str, Any] = {
            "slug": thread.slug,
            "title": thread.title,
            "authority": authority_pk,
            "requester": requester_pk,
            "requester_name": thread.requester.name or None,
            "status": thread.status,
            "display_status": thread.display_status,
            "calculated_status": thread.calculated_status,
            "law_used": thread.law_used,
            "prominence": thread.prominence,
            "created_at": thread.created_at,
            "updated_at": thread.updated_at,
            "awaiting_description": _bool(thread.awaiting_description),
            "tags": json_text(thread.tags) if (thread.tags or authoritative) else None,
        }
        row = self.one("select * from requests where site = ? and request_id = ?", [self.site, request_id])
        if row is None:
            pk = self.insert(
                "requests",
                {
                    "site": self.site,
                    "request_id": request_id,
                    **values,
                    "source_url": source_url if with_page else None,
                    "fetched_at": self.at if with_page else None,
                    "first_seen_at": self.at,
                    "changed_at": self.at,
                },
            )
            self.insert(
                "request_slugs", {"request": pk, "site": self.site, "slug": thread.slug, "first_seen_at": self.at}
            )
            for field in ("status", "display_status", "calculated_status"):
                if values[field] is not None:
                    self.change(pk, field, None, values[field])
            return pk, True

        pk = int(row["id"])
        updates = self.diff(row, values)
        # A successful fetch means the site serves the request again.
        updates.update(self.diff(row, {"withdrawn_at": None, "withdrawn_status": None}, keep_known=False))
        for field, new in updates.items():
            old = row[field]
            if field == "withdrawn_at":
                continue  # withdrawn_status records the change; observed_at is its time
            if field == "authority":
                old = self._url_name("authorities", old)
                new = self._url_name("authorities", new)
            elif field == "requester":
                old = self._url_name("users", old)
                new = self._url_name("users", new)
            self.change(pk, field, old, new)
        if "slug" in updates:
            self._slug_changed(pk, row["slug"], thread.slug)
        if updates:
            self.update("requests", pk, {**updates, "changed_at": self.at})
        return pk, False

    def _url_name(self, table: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        row = self.one(f"select url_name from [{table}] where id = ?", [pk])
        return row["url_name"] if row else None

    def _slug_changed(self, request: int, old: str, new: str) -> None:
        self.db.execute(
            "update request_slugs set replaced_at = ? where request = ? and slug = ? and replaced_at is null",
            [self.at, request, old],
        )
        existing = self.one("select id from request_slugs where request = ? and slug = ?", [request, new])
        if existing is None:
            self.insert("request_slugs", {"request": request, "site": self.site, "slug": new, "first_seen_at": self.at})
        else:
            self.update("request_slugs", existing["id"], {"replaced_at": None})

    def touch_request(self, pk: int, source_url: str | None) -> None:
        """The page's content changed something: record where and when it came from."""
        values: dict[str, Any] = {"fetched_at": self.at, "changed_at": self.at}
        if source_url:
            values["source_url"] = source_url
        self.update("requests", pk, values)

    # -- messages ----------------------------------------------------------------------------

    def messages(self, request: int, messages: list[Message]) -> tuple[int, int, int]:
        """Save the page's messages; flag the archived ones the page no longer has."""
        added = changed = hidden = 0
        own = self.all("select * from messages where request = ? order by position, id", [request])
        rows = {(r["anchor"], r["occurrence"]): r for r in own}
        keyed: list[tuple[tuple[str, int], Message]] = []
        seen: dict[str, int] = {}
        for message in messages:
            seen[message.anchor] = seen.get(message.anchor, 0) + 1
            keyed.append(((message.anchor, seen[message.anchor]), message))
        on_page = {key for key, _ in keyed}
        # Messages the site moved here from another request keep their row (and history).
        for anchor, occurrence in [key for key in on_page if key not in rows]:
            row = self.one(
                "select * from messages where site = ? and anchor = ? and occurrence = ?",
                [self.site, anchor, occurrence],
            )
            if row is not None:
                rows[(anchor, occurrence)] = row

        # Archived messages missing from the page keep their place: after the message that
        # preceded them last time.
        missing_first: list[dict[str, Any]] = []
        missing_after: dict[tuple[str, int], list[dict[str, Any]]] = {}
        previous: tuple[str, int] | None = None
        for row in own:
            key = (row["anchor"], row["occurrence"])
            if key in on_page:
                previous = key
            elif previous is None:
                missing_first.append(row)
            else:
                missing_after.setdefault(previous, []).append(row)

        position = 0

        def keep_missing(missing: list[dict[str, Any]]) -> None:
            nonlocal position, hidden
            for row in missing:
                updates: dict[str, Any] = {"position": position} if row["position"] != position else {}
                if row["visibility"] != "gone":
                    hidden += row["visibility"] == "visible"
                    self.change(request, "visibility", row["visibility"], "gone", message=row["id"])
                    updates.update({"visibility": "gone", "changed_at": self.at})
                    if row["visibility"] == "visible":
                        updates["hidden_at"] = self.at
                self.update("messages", row["id"], updates)
                position += 1

        keep_missing(missing_first)
        for key, message in keyed:
            row = rows.get(key)
            if row is None:
                self._insert_message(request, key, position, message)
                added += 1
            else:
                c, h = self._update_message(request, row, position, message)
                changed += c
                hidden += h
            position += 1
            keep_missing(missing_after.get(key, []))
        return added, changed, hidden

    def _message_values(self, message: Message) -> dict[str, Any]:
        return {
            "kind": message.kind,
            "site_id": message.site_id,
            "sender": message.sender,
            "sent_at": message.sent_at,
            "raw_text": message.raw_text,
            "clean_text": message.clean_text,
            "stripped": spans_json(message.stripped),
            "reply_type": reply_type(message.kind, message.raw_text, message.sender),
        }

    def _meta_values(self, message: Message) -> dict[str, Any]:
        return {
            "event_id": message.event_id,
            "event_type": message.event_type,
            "delivery_status": message.delivery_status,
            "resent": int(message.resent),
        }

    def _insert_message(self, request: int, key: tuple[str, int], position: int, message: Message) -> None:
        hidden = message.hidden
        pk = self.insert(
            "messages",
            {
                "site": self.site,
                "request": request,
                "anchor": key[0],
                "occurrence": key[1],
                "position": position,
                **self._message_values(message),
                **self._meta_values(message),
                "visibility": "hidden" if hidden else "visible",
                "hidden_at": self.at if hidden else None,
                "first_seen_at": self.at,
                "changed_at": self.at,
            },
        )
        if not hidden:
            self.attachments(request, pk, message.attachments)

    def _update_message(self, request: int, row: dict[str, Any], position: int, message: Message) -> tuple[int, int]:
        pk = int(row["id"])
        updates: dict[str, Any] = {}
        changed = hidden = 0
        if row["request"] != request:
            old_request = self.one("select request_id from requests where id = ?", [row["request"]])
            self.change(request, "request", old_request["request_id"] if old_request else None, None, message=pk)
            updates["request"] = request
            changed = 1
        if row["position"] != position:
            updates["position"] = position
        updates.update(self.diff(row, self._meta_values(message)))
        if message.hidden:
            # The site hides it now: keep the archived text, flag it.
            if row["visibility"] != "hidden":
                self.change(request, "visibility", row["visibility"], "hidden", message=pk)
                if row["visibility"] == "visible":
                    updates["hidden_at"] = self.at
                    hidden = 1
                updates["visibility"] = "hidden"
        else:
            if row["visibility"] != "visible":
                self.change(request, "visibility", row["visibility"], "visible", message=pk)
                updates.update({"visibility": "visible", "hidden_at": None})
                changed = 1
            values = self._message_values(message)
            content = ("raw_text", "sender", "sent_at")
            if any(row[k] != values[k] for k in content):
                if row["raw_text"] or row["sender"] or row["sent_at"]:
                    self.insert(
                        "message_versions",
                        {
                            "message": pk,
                            "request": row["request"],
                            "sender": row["sender"],
                            "sent_at": row["sent_at"],
                            "raw_text": row["raw_text"],
                            "clean_text": row["clean_text"],
                            "stripped": row["stripped"],
                            "seen_from": row["changed_at"] if row["changed_at"] else row["first_seen_at"],
                            "replaced_at": self.at,
                            "run_id": self.run_id,
                        },
                    )
                changed = 1
            text_updates = self.diff(row, values, keep_known=False)
            if text_updates:
                changed = 1
                updates.update(text_updates)
            self.attachments(request, pk, message.attachments)
        if updates:
            self.update("messages", pk, {**updates, "changed_at": self.at})
        return changed, hidden

    # -- attachments -------------------------------------------------------------------------

    def attachments(self, request: int, message: int, attachments: list[Attachment]) -> None:
        rows = self.all("select * from attachments where message = ? order by position, id", [message])
        by_part = {r["part"]: r for r in rows if r["part"] is not None}
        partless = [r for r in rows if r["part"] is None]
        matched: set[int] = set()
        parts_used: set[int] = set()
        for position, attachment in enumerate(attachments):
            part = attachment.part
            if part is not None and part in parts_used:
                log.warning("message %s lists attachment part %s twice; keeping both", message, part)
                part = None
            row = None
            if part is not None:
                parts_used.add(part)
                row = by_part.get(part)
            else:
                free = [r for r in partless if r["id"] not in matched]
                row = next((r for r in free if r["filename"] == attachment.filename), None) or (
                    free[0] if free else None
                )
            values = {
                "part": part,
                "attachment_id": attachment.attachment_id,
                "position": position,
                "filename": attachment.filename,
                "url": attachment.url or None,
                "html_url": attachment.html_url,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "size_bytes": attachment.size_bytes,
                "visibility": "hidden" if attachment.hidden else "visible",
            }
            if row is None:
                self.insert(
                    "attachments",
                    {
                        "site": self.site,
                        "request": request,
                        "message": message,
                        **values,
                        "hidden_at": self.at if attachment.hidden else None,
                        "first_seen_at": self.at,
                        "changed_at": self.at,
                    },
                )
                continue
            matched.add(row["id"])
            updates = self.diff(row, values)
            if row["request"] != request:
                updates["request"] = request
            if "visibility" in updates:
                updates["hidden_at"] = None if values["visibility"] == "visible" else (row["hidden_at"] or self.at)
            if updates:
                self.update("attachments", row["id"], {**updates, "changed_at": self.at})
        for row in rows:
            if row["id"] not in matched and row["visibility"] != "gone":
                self.update(
                    "attachments",
                    row["id"],
                    {"visibility": "gone", "hidden_at": row["hidden_at"] or self.at, "changed_at": self.at},
                )

    # -- events ------------------------------------------------------------------------------

    def events(self, request: int, events: list[Event]) -> None:
        rows = {r["event_id"]: r for r in self.all("select * from events where request = ?", [request])}
        for event in events:
            values = {
                "event_type": event.event_type,
                "created_at": event.created_at,
                "described_state": event.described_state,
                "calculated_state": event.calculated_state,
                "last_described_at": event.last_described_at,
                "incoming_message_id": event.incoming_message_id,
                "outgoing_message_id": event.outgoing_message_id,
                "comment_id": event.comment_id,
                "display_status": event.display_status,
                "message_anchor": event.message_anchor,
                "gone_at": None,
            }
            row = rows.pop(event.id, None)
            if row is None:
                row = self.one("select * from events where site = ? and event_id = ?", [self.site, event.id])
            if row is None:
                self.insert(
                    "events",
                    {"site": self.site, "request": request, "event_id": event.id, **values, "first_seen_at": self.at},
                )
                continue
            updates = self.diff(row, values, keep_known=False)
            if row["request"] != request:
                updates["request"] = request
            if updates:
                self.update("events", row["id"], updates)
        for row in rows.values():
            if row["gone_at"] is None:
                self.update("events", row["id"], {"gone_at": self.at})


def _resolve_request_id(db: sqlite_utils.Database, thread: Thread, site: str) -> int:
    if thread.request_id is not None:
        return int(thread.request_id)
    known = find_request(db, thread.slug, site=site)
    if known is None:
        raise ValueError(
            f"Request '{thread.slug}' has no numeric id (its .json was not read) and is not in the archive yet."
        )
    return int(known["request_id"])


def _save(
    db: sqlite_utils.Database,
    thread: Thread,
    *,
    site: str,
    fetched_at: str,
    source_url: str | None,
    run_id: int | None,
    with_page: bool,
) -> SaveResult:
    if not site:
        raise ValueError("site must be the site's host, e.g. www.whatdotheyknow.com")
    writer = _Writer(db, site, fetched_at, run_id)
    added = changed = hidden = 0
    with db.atomic():
        request_id = _resolve_request_id(db, thread, site)
        pk, is_new = writer.request(thread, request_id, source_url, with_page)
        if with_page:
            added, changed, hidden = writer.messages(pk, thread.messages)
        if thread.events:
            writer.events(pk, thread.events)
        if writer.wrote and not is_new:
            if with_page:
                writer.touch_request(pk, source_url)
            else:
                writer.update("requests", pk, {"changed_at": fetched_at})
    status: SaveStatus = "new" if is_new else ("changed" if writer.wrote else "unchanged")
    return SaveResult(status, messages_added=added, messages_changed=changed, messages_hidden=hidden)


def save_thread(
    db: sqlite_utils.Database,
    thread: Thread,
    *,
    site: str,
    fetched_at: str,
    source_url: str,
    run_id: int | None = None,
) -> SaveResult:
    """Store a whole thread (request page + JSON) in one transaction; write nothing if unchanged.

    ``site`` is the site's host; ``fetched_at`` the fetch time (UTC ISO 8601), used for every
    timestamp this save writes. A thread without ``request_id`` (no JSON) can only update a
    request already in the archive under that slug; otherwise ValueError.
    """
    return _save(db, thread, site=site, fetched_at=fetched_at, source_url=source_url, run_id=run_id, with_page=True)


def save_status_only(db: sqlite_utils.Database, thread: Thread, *, site: str, fetched_at: str) -> SaveResult:
    """Update a request from its JSON alone (status, title, events); its messages are left as they are."""
    return _save(db, thread, site=site, fetched_at=fetched_at, source_url=None, run_id=None, with_page=False)


def mark_withdrawn(db: sqlite_utils.Database, *, site: str, request_id: int, status: int, when: str) -> None:
    """Flag a request the site no longer serves (kept, never deleted). Unknown requests are ignored."""
    with db.atomic():
        writer = _Writer(db, site, when, None)
        row = writer.one("select * from requests where site = ? and request_id = ?", [site, request_id])
        if row is None:
            log.debug("mark_withdrawn: %s request %s is not in the archive", site, request_id)
            return
        updates: dict[str, Any] = {}
        if row["withdrawn_at"] is None:
            updates["withdrawn_at"] = when
        if row["withdrawn_status"] != status:
            updates["withdrawn_status"] = status
        if "withdrawn_status" in updates:
            writer.change(row["id"], "withdrawn_status", row["withdrawn_status"], status)
        if updates:
            writer.update("requests", row["id"], {**updates, "changed_at": when})
