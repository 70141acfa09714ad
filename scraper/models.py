"""The data the pipeline passes between steps: plain dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

MessageKind = Literal["outgoing", "incoming", "annotation"]

#: How a message's DOM anchor prefix maps to its kind.
KIND_BY_PREFIX: dict[str, MessageKind] = {
    "outgoing": "outgoing",
    "incoming": "incoming",
    "comment": "annotation",
}


@dataclass
class Attachment:
    """One file attached to an incoming message, as the request page lists it."""

    filename: str
    url: str  #: absolute download URL
    part: int | None = None  #: MIME part number from the URL (usually starts at 2)
    attachment_id: int | None = None  #: the site's id (``li#attachment-N``)
    html_url: str | None = None  #: absolute "view as HTML" URL, when offered
    content_type: str | None = None  #: from the icon / comment / extension
    size: str | None = None  #: display size as shown ("114K", "1.2M")
    size_bytes: int | None = None  #: approximate bytes derived from ``size``
    hidden: bool = False  #: the site shows a "has been hidden" notice instead

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Stripped:
    """A span of ``raw_text`` that cleaning removed, and why."""

    start: int
    end: int
    category: str  #: quoted, site_footer, disclaimer, complaint_rights, signoff_block, other_boilerplate
    rule: str  #: name of the rule that fired

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Message:
    """One block of a thread: an outgoing request/follow-up, a response, or an annotation."""

    anchor: str  #: the page anchor: ``outgoing-45``, ``incoming-123``, ``comment-6`` (not ``messages.id``)
    kind: MessageKind
    site_id: int  #: the numeric part of ``anchor``
    sender: str | None  #: as shown on the page; None when the site hides it
    sent_at: str | None  #: ISO 8601 with offset
    raw_text: str  #: full text: paragraphs as blank-line separated, line breaks kept
    clean_text: str = ""  #: raw_text less boilerplate (filled by the clean step)
    stripped: list[Stripped] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    hidden: bool = False  #: the site replaced the body with a "has been hidden" notice
    event_id: int | None = None  #: the JSON event that produced this block
    event_type: str | None = None  #: sent, followup_sent, response, comment, ...
    delivery_status: str | None = None  #: outgoing only: delivered, sent, failed, unknown
    resent: bool = False  #: a "sent again" block (no body of its own)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return d


@dataclass
class Event:
    """One entry of the request JSON's ``info_request_events``."""

    id: int
    event_type: str
    created_at: str
    described_state: str | None = None
    calculated_state: str | None = None
    last_described_at: str | None = None
    incoming_message_id: int | None = None
    outgoing_message_id: int | None = None
    comment_id: int | None = None
    display_status: str | None = None

    @property
    def message_anchor(self) -> str | None:
        if self.incoming_message_id is not None:
            return f"incoming-{self.incoming_message_id}"
        if self.outgoing_message_id is not None:
            return f"outgoing-{self.outgoing_message_id}"
        if self.comment_id is not None:
            return f"comment-{self.comment_id}"
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Authority:
    url_name: str
    name: str
    id: int | None = None
    short_name: str | None = None
    home_page: str | None = None
    notes: str | None = None
    tags: list[Any] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class User:
    url_name: str | None
    name: str
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Thread:
    """A whole request: its metadata and its ordered messages."""

    slug: str  #: current url_title
    title: str
    authority: Authority
    requester: User
    status: str | None  #: described_state (JSON) or the page's status class
    request_id: int | None = None  #: the stable numeric id (JSON, or absent for HTML-only)
    display_status: str | None = None
    calculated_status: str | None = None  #: the page's ``request-status-message--X``
    law_used: str | None = None
    prominence: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    awaiting_description: bool | None = None
    tags: list[Any] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
