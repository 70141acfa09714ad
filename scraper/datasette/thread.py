"""The thread page's data: one request read as a conversation, built from the same document the
export writes (:func:`scraper.archive.thread_document`), with what a reader needs beside it:
labels, the statutory timing, the status history, and the messages' place on the site."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import sqlite_utils

from scraper import archive
from scraper.datasette.statuses import REPLY_TYPE_LABELS, request_timing, status_label
from scraper.datasette.text import marked_segments


def message_element_id(anchor: str, occurrence: int | None) -> str:
    """The HTML id of a message block: the site's anchor, suffixed for "sent again" copies."""
    return anchor if not occurrence or occurrence == 1 else f"{anchor}-{occurrence}"


def find_request_row(conn: sqlite3.Connection, key: str, site: str | None = None) -> dict[str, Any] | None:
    """The requests row for a request id, slug, former slug or URL (see :func:`scraper.archive.find_request`)."""
    return archive.find_request(sqlite_utils.Database(conn), key, site=site)


def load_thread(conn: sqlite3.Connection, request_pk: int, *, today: date | None = None) -> dict[str, Any]:
    """Everything the thread page shows, as plain JSON-able data."""
    document = archive.thread_document(sqlite_utils.Database(conn), request_pk, internal_ids=True)
    return thread_page(document, request_pk, today=today)


def thread_page(document: dict[str, Any], request_pk: int, *, today: date | None = None) -> dict[str, Any]:
    """The thread page's data from a thread document (with internal ids) of request ``request_pk``."""
    request, provenance = document["request"], document["provenance"]
    origin = archive.site_origin(provenance["source_url"], document["site"])
    page_url = provenance["source_url"] or (f"{origin}/request/{request['slug']}" if origin else None)
    page_base = page_url.split("#")[0].split("?")[0] if page_url else None
    messages = [_message(m, page_base) for m in document["messages"]]
    sent_at, first_response = _first_sent_and_answered(messages, request["created_at"])
    authority, requester = document["authority"], document["requester"]
    return {
        "site": document["site"],
        "request_id": request["id"],
        "slug": request["slug"],
        "title": request["title"],
        "url": page_url,
        "status": request["status"],
        "status_label": status_label(request["status"]),
        **{
            k: request[k]
            for k in (
                "display_status",
                "calculated_status",
                "law_used",
                "prominence",
                "created_at",
                "updated_at",
                "withdrawn_at",
                "withdrawn_status",
            )
        },
        "fetched_at": provenance["fetched_at"],
        "tags": request["tags"],
        "authority": {
            "name": authority["name"],
            "short_name": authority["short_name"],
            "url_name": authority["url_name"],
            "url": f"{origin}/body/{authority['url_name']}" if origin else None,
        },
        "requester": {
            "name": requester["name"],
            "url_name": requester["url_name"],
            "url": f"{origin}/user/{requester['url_name']}" if origin and requester["url_name"] else None,
        },
        "timing": request_timing(sent_at, first_response, request["status"], today),
        "non_responses": sum(1 for m in messages if m["kind"] == "incoming" and m["reply_type"]),
        "status_history": status_history(document["events"], document["changes"]),
        "messages": messages,
        "events": document["events"],
        "_pk": request_pk,
    }


def _message(m: dict[str, Any], page_base: str | None) -> dict[str, Any]:
    """A message as the page shows it: its element id, its link on the site, its linked pages,
    and its text cut into kept and stripped pieces."""
    segments = marked_segments(m["raw_text"] or "", m["stripped"]) if m["stripped"] else []
    counts: dict[str, int] = {}
    for seg in segments:
        if seg["category"]:
            counts[seg["label"]] = counts.get(seg["label"], 0) + 1
    return {
        "id": message_element_id(m["id"], m["occurrence"]),
        "anchor": m["id"],
        **{
            k: m[k]
            for k in (
                "occurrence",
                "kind",
                "site_id",
                "sender",
                "sent_at",
                "event_type",
                "delivery_status",
                "resent",
                "reply_type",
            )
        },
        "reply_label": REPLY_TYPE_LABELS.get(m["reply_type"] or ""),
        **{k: m[k] for k in ("visibility", "hidden_at", "clean_text", "raw_text", "stripped", "attachments")},
        "links": [_link(link) for link in m["links"]],
        "earlier_versions": len(m["earlier_versions"]),
        "url": f"{page_base}#{m['id']}" if page_base else None,
        "segments": segments,
        "stripped_counts": counts,
        "stripped_categories": sorted({s["category"] for s in segments if s["category"]}),
    }


def _link(link: dict[str, Any]) -> dict[str, Any]:
    """A linked page under a message: where it is, what became of it, and its archived copy."""
    copy = link["archived_copy"] or {}
    return {
        **{k: link[k] for k in ("url", "source", "state", "state_since", "note", "page")},
        "version": bool(copy),
        "title": copy.get("title"),
        "captured_at": copy.get("captured_at"),
        "text": copy.get("text"),
        "text_source": copy.get("text_source"),
        "versions": len(link["versions"]),
    }


def _first_sent_and_answered(messages: list[dict[str, Any]], created_at: str | None) -> tuple[str | None, str | None]:
    """When the request was sent (its first outgoing message still on the page, else created_at), and
    first answered: the earliest response (no automatic reply, bounce or acknowledgement) still on
    the page from then on. The rule of the charts and the overdue / response_times queries."""
    first_sent = min(
        (
            m["sent_at"]
            for m in messages
            if m["kind"] == "outgoing" and not m["resent"] and m["sent_at"] and m["visibility"] != "gone"
        ),
        default=None,
    )
    sent_at = first_sent or created_at
    first_response = min(
        (
            m["sent_at"]
            for m in messages
            if m["kind"] == "incoming"
            and m["sent_at"]
            and not m["reply_type"]
            and m["visibility"] != "gone"
            and (not sent_at or m["sent_at"] >= sent_at)
        ),
        default=None,
    )
    return sent_at, first_response


def status_history(events: list[dict[str, Any]], changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each status the request was given, when, and how we know (the site's events or our own crawls).
    ``events`` and ``changes`` as the thread document has them."""
    history: list[dict[str, Any]] = []
    previous = None
    for event in events:
        state = event.get("described_state")
        if state and state != previous:
            history.append(
                {
                    "at": event["created_at"],
                    "status": state,
                    "label": status_label(state),
                    "source": "site",
                    "event_type": event["event_type"],
                }
            )
            previous = state
    seen = {h["status"] for h in history}
    for change in changes:
        if change["message"] is not None:
            continue
        if change["field"] == "status" and change["new"] and change["new"] not in seen:
            history.append(
                {
                    "at": change["observed_at"],
                    "status": change["new"],
                    "label": status_label(change["new"]),
                    "source": "archive",
                    "previous": change["old"],
                }
            )
        elif change["field"] == "withdrawn_at" and change["new"]:
            history.append(
                {
                    "at": change["new"],
                    "status": "withdrawn_from_site",
                    "label": "No longer served by the site",
                    "source": "archive",
                }
            )
    history.sort(key=lambda h: h["at"] or "")
    return history


def timeline(thread: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages in page order with the site's status changes placed between them by date."""
    pending = [
        h for h in thread["status_history"] if h["source"] == "site" and h["event_type"] not in ("sent", "response")
    ]
    items: list[dict[str, Any]] = []
    for m in thread["messages"]:
        while pending and m["sent_at"] and (pending[0]["at"] or "") < m["sent_at"]:
            items.append({"type": "status", **pending.pop(0)})
        items.append({"type": "message", "message": m})
    items.extend({"type": "status", **h} for h in pending)
    return items
