"""The request's ``.json``: ids, event types and exact times (the JSON has no message text)."""

from __future__ import annotations

import json
from typing import Any

from scraper.models import Authority, Event, Thread, User
from scraper.parse.common import ParseError


def _load_json(data: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError as e:
            raise ParseError(f"request JSON is not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise ParseError("request JSON is not an object")
    for key in ("id", "url_title", "title", "info_request_events"):
        if key not in data:
            raise ParseError(f"request JSON has no {key!r} key")
    if not isinstance(data["info_request_events"], list):
        raise ParseError("request JSON 'info_request_events' is not a list")
    return data


def _opt_int(v: Any) -> int | None:
    return int(v) if v is not None else None


def _events_from_json(data: dict[str, Any]) -> list[Event]:
    events = []
    for i, e in enumerate(data["info_request_events"]):
        if not isinstance(e, dict) or "id" not in e or "event_type" not in e:
            raise ParseError(f"request JSON event #{i} has no id/event_type")
        events.append(
            Event(
                id=int(e["id"]),
                event_type=str(e["event_type"]),
                created_at=str(e.get("created_at") or ""),
                described_state=e.get("described_state"),
                calculated_state=e.get("calculated_state"),
                last_described_at=e.get("last_described_at"),
                incoming_message_id=_opt_int(e.get("incoming_message_id")),
                outgoing_message_id=_opt_int(e.get("outgoing_message_id")),
                comment_id=_opt_int(e.get("comment_id")),
                display_status=e.get("display_status"),
            )
        )
    return events


def _authority_from_json(pb: Any) -> Authority:
    if not isinstance(pb, dict) or not pb.get("url_name"):
        raise ParseError("request JSON has no public_body with a url_name")
    return Authority(
        url_name=str(pb["url_name"]),
        name=str(pb.get("name") or ""),
        id=_opt_int(pb.get("id")),
        short_name=pb.get("short_name") or None,
        home_page=pb.get("home_page") or None,
        notes=pb.get("notes") or None,
        tags=list(pb.get("tags") or []),
    )


def _user_from_json(data: dict[str, Any]) -> User:
    u = data.get("user")
    if isinstance(u, dict):
        return User(url_name=u.get("url_name") or None, name=str(u.get("name") or ""), id=_opt_int(u.get("id")))
    if data.get("user_name") is not None:  # external (API) request: a name only
        return User(url_name=None, name=str(data["user_name"]))
    raise ParseError("request JSON has neither 'user' nor 'user_name'")


def parse_request_json(data: dict[str, Any] | str) -> Thread:
    """Thread metadata and events from ``/request/<slug>.json`` (no messages: the JSON has no text)."""
    d = _load_json(data)
    return Thread(
        slug=str(d["url_title"]),
        title=str(d["title"]),
        authority=_authority_from_json(d.get("public_body")),
        requester=_user_from_json(d),
        status=d.get("described_state"),
        request_id=_opt_int(d.get("id")),
        display_status=d.get("display_status"),
        calculated_status=None,
        law_used=d.get("law_used"),
        prominence=d.get("prominence"),
        created_at=d.get("created_at"),
        updated_at=d.get("updated_at"),
        awaiting_description=d.get("awaiting_description"),
        tags=list(d.get("tags") or []),
        messages=[],
        events=_events_from_json(d),
    )
