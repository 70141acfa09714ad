"""What the sample Alaveteli site serves: authorities, users, request threads.

Everything is plain data that tests can read (to know what a page *should* contain) and
mutate (to see what a re-crawl picks up). The server renders from it on every request, so a
mutation shows up on the next fetch.

Conventions, following Alaveteli:

* a thread is a list of events (``sent``, ``followup_sent``, ``response``, ``comment``,
  ``status_update``…); message-bearing events carry a :class:`SampleMessage`;
* ``SampleMessage.segments`` is the full text as the *unfolded* page shows it, split into
  parts that are shown (``quoted=False``) and parts that the default page folds away
  (``quoted=True``, replaced by the "show quoted sections" link);
* texts are stored after Alaveteli's masking (``[email address]``, ``[FOI #N email]``), i.e.
  exactly what the page text is, before HTML formatting;
* times are aware datetimes in Europe/London.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from scraper.sample.web import WebGone, WebHost, WebPage, WebRedirect, origin_of

__all__ = [
    "LONDON",
    "SampleAttachment",
    "SampleAuthority",
    "SampleEvent",
    "SampleMessage",
    "SampleThread",
    "SampleUser",
    "SiteContent",
    "london",
    "parse_segments",
    "url_title_for",
]

LONDON = ZoneInfo("Europe/London")

MessageKind = Literal["outgoing", "incoming", "annotation"]

#: ``InfoRequest.get_status_description`` (app/models/info_request.rb).
STATUS_DESCRIPTIONS: dict[str, str] = {
    "waiting_classification": "Awaiting classification",
    "waiting_response": "Awaiting response",
    "waiting_response_overdue": "Delayed",
    "waiting_response_very_overdue": "Long overdue",
    "not_held": "Information not held",
    "rejected": "Refused",
    "partially_successful": "Partially successful",
    "successful": "Successful",
    "waiting_clarification": "Waiting clarification",
    "gone_postal": "Handled by postal mail",
    "internal_review": "Awaiting internal review",
    "error_message": "Delivery error",
    "requires_admin": "Unusual response",
    "attention_requested": "Reported for administrator attention",
    "user_withdrawn": "Withdrawn by the requester",
    "vexatious": "Considered by administrators as vexatious",
    "not_foi": "Considered by administrators as not an FOI request",
}
#: ``InfoRequest::State.all``: the states a user (or admin) can describe.
DESCRIBED_STATES = frozenset(STATUS_DESCRIPTIONS) - {
    "waiting_classification",
    "waiting_response_overdue",
    "waiting_response_very_overdue",
}


def london(text: str) -> datetime:
    """``"2015-03-12 09:14:07"`` (local wall time) → aware datetime in Europe/London."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def url_title_for(title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Alaveteli's slug: ``simplify_url_part(title, 'request', 32)`` plus ``_2``… for duplicates."""
    text = unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(\s|-|_)", "_", text)
    text = re.sub(r"[^a-z0-9_]", "", text)
    text = re.sub(r"_+", "_", text).strip("_")
    text = text[:32].rstrip("_")
    if not text or text.isdigit():
        text = "request"
    if text not in taken:
        return text
    numbered = re.compile(re.escape(text) + r"_(\d+)")
    prefix = text + "_"
    numbers = [int(m.group(1)) for t in taken if t.startswith(prefix) and (m := numbered.fullmatch(t))]
    return f"{text}_{max(numbers, default=1) + 1}"


@dataclass
class SampleAuthority:
    id: int
    url_name: str
    name: str
    short_name: str = ""
    home_page: str = ""
    notes: str = ""
    tags: list[tuple[str, str | None]] = field(default_factory=list)
    created_at: datetime = field(default_factory=lambda: london("2008-01-01 00:00:00"))
    updated_at: datetime = field(default_factory=lambda: london("2024-01-01 00:00:00"))
    publication_scheme: str = ""
    disclosure_log: str = ""
    #: working days the authority has to respond (FOI: 20; schools get 60 in Alaveteli)
    reply_days: int = 20
    very_late_days: int = 40


@dataclass
class SampleUser:
    id: int
    url_name: str
    name: str
    about_me: str = ""
    ban_text: str = ""


#: Alaveteli's ``FoiAttachment::CONTENT_TYPE_NAMES`` (for the view-as-HTML prefix).
CONTENT_TYPE_NAMES = {
    "text/plain": "Text file",
    "application/rtf": "RTF file",
    "application/pdf": "PDF file",
    "image/tiff": "TIFF image",
    "application/vnd.ms-word": "Word document",
    "application/vnd.ms-excel": "Excel spreadsheet",
}


@dataclass
class SampleAttachment:
    """One attachment of an incoming message (an ``FoiAttachment``)."""

    id: int  #: ``li#attachment-<id>``
    part: int  #: MIME part number used in URLs (the body is part 1)
    filename: str  #: display filename (already sanitised)
    content_type: str
    data: bytes | None = None  #: the file, unless ``stream`` produces it
    stream: Callable[[], Iterator[bytes]] | None = None  #: for generated large files
    stream_size: int = 0  #: bytes ``stream`` yields
    text: str | None = None  #: plain text, for ``text/plain`` view-as-HTML
    #: the first N requests for the file are answered with the "Attachment processing…" flow
    mask_pending: int = 0
    hidden: bool = False

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.stream_size

    @property
    def display_size(self) -> str:
        """``FoiAttachment#update_display_size!``: ``"114K"`` or ``"1.2M"``."""
        s = self.size
        if s > 1024 * 1024:
            return f"{s / 1024 / 1024:.1f}M"
        return f"{s // 1024}K"

    @property
    def has_body_as_html(self) -> bool:
        """``AttachmentToHTML.extractable?``: text, PDF, RTF or a Google-Docs-viewable type."""
        return self.content_type in {
            "text/plain",
            "application/pdf",
            "application/rtf",
            "image/tiff",
            "application/vnd.ms-word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "text/csv",
        }

    @property
    def sgid(self) -> str:
        """Stand-in for the signed global id used in ``/attachments/<sgid>/wait``."""
        digest = hashlib.sha1(f"FoiAttachment/{self.id}".encode()).hexdigest()[:20]
        return f"{self.id}--{digest}"

    def body(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.stream is not None
        return b"".join(self.stream())

    def chunks(self) -> Iterator[bytes]:
        if self.data is not None:
            yield self.data
        else:
            assert self.stream is not None
            yield from self.stream()


def parse_segments(text: str) -> list[tuple[str, bool]]:
    """Split a data-file text on ``[[quoted]]`` / ``[[/quoted]]`` marker lines.

    The marker lines themselves (with their newline) are not part of the text.
    """
    segments: list[tuple[str, bool]] = []
    quoted = False
    buf: list[str] = []
    for line in text.splitlines(keepends=True):
        marker = line.strip()
        if marker in ("[[quoted]]", "[[/quoted]]"):
            if buf:
                segments.append(("".join(buf), quoted))
            buf = []
            quoted = marker == "[[quoted]]"
            continue
        buf.append(line)
    if buf:
        segments.append(("".join(buf), quoted))
    # the stored text ends where the last segment's text ends, without the file's final newline
    if segments:
        last, q = segments[-1]
        segments[-1] = (last.rstrip("\n"), q)
    return [(t, q) for t, q in segments if t]


@dataclass
class SampleMessage:
    """One block of the thread page: an outgoing message, a response or an annotation."""

    kind: MessageKind
    id: int  #: incoming/outgoing message id or comment id
    sender: str  #: outgoing: the from-name; incoming: the email's from-name; annotation: user name
    time: datetime  #: what the page's ``<time>`` shows
    segments: list[tuple[str, bool]]  #: (text, quoted) parts of the full (unfolded) text
    attachments: list[SampleAttachment] = field(default_factory=list)
    hidden: bool = False  #: prominence ``hidden``: the page shows a notice instead of the text
    prominence_reason: str = ""
    #: incoming: the sender is the authority (its name is shown after the sender name)
    from_public_body: bool = True
    subject: str = ""  #: incoming: the e-mail subject (shown as ``[Subject only]`` if all is quoted)
    delivery_status: str | None = None  #: outgoing: delivered, sent, failed, unknown
    user: SampleUser | None = None  #: annotation: the author
    body_part_id: int | None = None  #: incoming: ``div#attachment-<id>`` around the body; None = no body part
    source: str = ""  #: where the text comes from (for humans)

    @property
    def anchor(self) -> str:
        prefix = {"outgoing": "outgoing", "incoming": "incoming", "annotation": "comment"}[self.kind]
        return f"{prefix}-{self.id}"

    @property
    def text(self) -> str:
        """The full text, as the unfolded page (``?unfold=1``) shows it."""
        return "".join(t for t, _ in self.segments)

    @property
    def visible_text(self) -> str:
        """The text less the quoted parts (what the default, folded page shows)."""
        return "".join(t for t, q in self.segments if not q)

    @property
    def quoted_text(self) -> str:
        return "".join(t for t, q in self.segments if q)

    @property
    def has_quoted(self) -> bool:
        return any(q for _, q in self.segments)

    def folded_text(self) -> str:
        """Alaveteli's cached folded text: each quoted part → ``\\nFOLDED_QUOTED_SECTION\\n``."""
        return "".join("\nFOLDED_QUOTED_SECTION\n" if q else t for t, q in self.segments)


@dataclass
class SampleEvent:
    """One ``InfoRequestEvent``."""

    id: int
    event_type: str
    created_at: datetime
    described_state: str | None = None
    message: SampleMessage | None = None
    calculated_state: str | None = None  #: filled by :meth:`SampleThread.recalculate`
    last_described_at: datetime | None = None

    @property
    def incoming_message_id(self) -> int | None:
        return self.message.id if self.message and self.message.kind == "incoming" else None

    @property
    def outgoing_message_id(self) -> int | None:
        return self.message.id if self.message and self.message.kind == "outgoing" else None

    @property
    def comment_id(self) -> int | None:
        return self.message.id if self.message and self.message.kind == "annotation" else None

    @property
    def is_message(self) -> bool:
        return self.message is not None and self.message.kind in ("incoming", "outgoing")

    @property
    def display_status(self) -> str | None:
        """``InfoRequestEvent#display_status`` (only for message events)."""
        if self.message is None or self.message.kind == "annotation":
            return None
        if self.message.kind == "incoming":
            if self.calculated_state is None:
                return "Response"
            return STATUS_DESCRIPTIONS[self.calculated_state]
        if self.calculated_state == "internal_review":
            return "Internal review request"
        if self.calculated_state == "waiting_response":
            return "Clarification"
        return "Follow up"

    @property
    def visible(self) -> bool:
        """Rendered by the page (hidden annotations are not)."""
        return not (self.message is not None and self.message.kind == "annotation" and self.message.hidden)


def _add_working_days(start: date, days: int) -> date:
    d = start
    while days > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            days -= 1
    return d


@dataclass
class SampleThread:
    """One request (``InfoRequest``) with its events."""

    id: int
    url_title: str
    title: str
    authority: SampleAuthority
    user: SampleUser
    described_state: str
    events: list[SampleEvent]
    created_at: datetime
    updated_at: datetime
    prominence: str = "normal"  #: normal, backpage, requester_only, hidden
    law_used: str = "foi"
    tags: list[tuple[str, str | None]] = field(default_factory=list)
    awaiting_description: bool = False
    source: str = ""  #: where the texts come from (for humans)

    @property
    def slug(self) -> str:
        return self.url_title

    @property
    def messages(self) -> list[SampleMessage]:
        """The blocks the page renders, in page order (hidden annotations excluded).

        Hidden incoming/outgoing messages are included (the page keeps a block with a notice);
        check ``message.hidden``.
        """
        return [e.message for e in self.events if e.message is not None and e.visible]

    @property
    def all_messages(self) -> list[SampleMessage]:
        return [e.message for e in self.events if e.message is not None]

    def message(self, anchor: str) -> SampleMessage:
        for m in self.all_messages:
            if m.anchor == anchor:
                return m
        raise KeyError(anchor)

    def event_for(self, message: SampleMessage) -> SampleEvent:
        for e in self.events:
            if e.message is message:
                return e
        raise KeyError(message.anchor)

    def author_span_text(self, message: SampleMessage) -> str:
        """The page's ``span.correspondence__header__author`` text, whitespace-normalised.

        Incoming: ``"Name, Body"``, ``"Name,"`` (sender not at the body's domain), ``"Body"``.
        """
        if message.kind != "incoming":
            return message.sender
        specific = bool(message.sender) and message.sender != self.authority.name
        parts = []
        if specific:
            parts.append(f"{message.sender},")
        if message.from_public_body or not message.sender:
            parts.append(self.authority.name)
        return " ".join(parts)

    def displayed_sender(self, message: SampleMessage) -> str:
        """The sender as a reader takes it from the page: the author span less a dangling comma."""
        return self.author_span_text(message).removesuffix(",")

    # -- status, as InfoRequest computes it ------------------------------------------------
    def recalculate(self) -> None:
        """``InfoRequest#calculate_event_states``: fill each event's ``calculated_state``."""
        curr: str | None = None
        for event in reversed(self.events):
            if curr is None and event.described_state:
                curr = event.described_state
            if curr and event.event_type == "response":
                event.calculated_state = curr
                if event.last_described_at is None:
                    event.last_described_at = self._described_at(event)
                curr = None
            elif (
                curr
                and event.event_type in ("followup_sent", "sent")
                and event.described_state in ("waiting_response", "internal_review")
            ):
                event.calculated_state = event.described_state
                curr = None
            elif curr and event.event_type in ("edit", "status_update"):
                event.calculated_state = event.described_state

    def _described_at(self, response: SampleEvent) -> datetime | None:
        after = False
        for e in self.events:
            if e is response:
                after = True
            elif after and e.event_type == "status_update":
                return e.created_at
        return None

    @property
    def last_event_forming_initial_request(self) -> SampleEvent:
        last = self.events[0]
        for e in self.events:
            if e.event_type in ("sent", "resent") or (
                e.event_type == "followup_sent" and e.described_state == "waiting_response"
            ):
                last = e
        return last

    @property
    def date_response_required_by(self) -> date:
        start = self.last_event_forming_initial_request.created_at.astimezone(LONDON).date()
        return _add_working_days(start, self.authority.reply_days)

    @property
    def date_very_overdue_after(self) -> date:
        start = self.last_event_forming_initial_request.created_at.astimezone(LONDON).date()
        return _add_working_days(start, self.authority.very_late_days)

    def calculate_status(self, now: datetime) -> str:
        """``InfoRequest#base_calculate_status`` (weekends skipped, bank holidays not)."""
        if self.awaiting_description:
            return "waiting_classification"
        if self.described_state != "waiting_response":
            return self.described_state
        today = now.astimezone(LONDON).date()
        if today > self.date_very_overdue_after:
            return "waiting_response_very_overdue"
        if today > self.date_response_required_by:
            return "waiting_response_overdue"
        return "waiting_response"

    def display_status(self, now: datetime) -> str:
        return STATUS_DESCRIPTIONS[self.calculate_status(now)]

    @property
    def last_response(self) -> SampleMessage | None:
        for e in reversed(self.events):
            if e.event_type == "response" and e.message is not None:
                return e.message
        return None

    @property
    def indexed_events(self) -> list[SampleEvent]:
        """Events Xapian indexes (and so lists/feeds show): sent, followups, responses, visible comments."""
        if self.prominence != "normal":
            return []
        return [
            e
            for e in self.events
            if e.event_type in ("sent", "followup_sent", "response", "comment")
            and e.message is not None
            and not e.message.hidden
        ]


class SiteContent:
    """Authorities, users and threads, with the mutations later tests need.

    ``now`` fixes the clock used for computed statuses (overdue etc.) and for mutations that
    are not given a time; ``None`` means the wall clock.
    """

    def __init__(
        self,
        authorities: list[SampleAuthority] | None = None,
        users: list[SampleUser] | None = None,
        threads: list[SampleThread] | None = None,
        *,
        now: datetime | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.authorities: dict[str, SampleAuthority] = {a.url_name: a for a in authorities or []}
        self.users: dict[str, SampleUser] = {u.url_name: u for u in users or []}
        self.threads: list[SampleThread] = []
        # indexes kept by add_thread and rename: lookups stay O(1) on a site of 10,000 threads
        self._by_slug: dict[str, SampleThread] = {}
        self._by_id: dict[int, SampleThread] = {}
        self.now = now
        #: authorities' own web sites, by origin (scraper/sample/web.py; served by scraper/sample/authority.py)
        self.web: dict[str, WebHost] = {}
        for t in threads or []:
            self.add_thread(t)

    # -- lookups ---------------------------------------------------------------------------
    def current_time(self) -> datetime:
        return self.now if self.now is not None else datetime.now(LONDON)

    def thread(self, key: str | int) -> SampleThread:
        """A thread by current slug or numeric id (``KeyError`` if none)."""
        with self.lock:
            found = self._by_id.get(key) if isinstance(key, int) else self._by_slug.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def by_slug(self, slug: str) -> SampleThread | None:
        try:
            return self.thread(slug)
        except KeyError:
            return None

    def by_id(self, request_id: int) -> SampleThread | None:
        try:
            return self.thread(int(request_id))
        except KeyError:
            return None

    def find_message(self, anchor: str) -> tuple[SampleThread, SampleMessage]:
        with self.lock:
            for t in self.threads:
                for m in t.all_messages:
                    if m.anchor == anchor:
                        return t, m
        raise KeyError(anchor)

    def threads_for_authority(self, url_name: str) -> list[SampleThread]:
        return [t for t in self.threads if t.authority.url_name == url_name]

    def threads_for_user(self, url_name: str) -> list[SampleThread]:
        return [t for t in self.threads if t.user.url_name == url_name]

    def _max_id(self, kind: str) -> int:
        """Highest id in use for ``event``, ``incoming``, ``outgoing``, ``annotation`` or ``attachment``."""
        ids = [0]
        for t in self.threads:
            for e in t.events:
                if kind == "event":
                    ids.append(e.id)
                m = e.message
                if m is None:
                    continue
                if m.kind == kind:
                    ids.append(m.id)
                if kind == "attachment":
                    ids.extend(a.id for a in m.attachments)
                    ids.append(m.body_part_id or 0)
        return max(ids)

    # -- building --------------------------------------------------------------------------
    def add_thread(self, thread: SampleThread) -> SampleThread:
        with self.lock:
            if self.by_slug(thread.url_title) is not None or self.by_id(thread.id) is not None:
                raise ValueError(f"duplicate request {thread.id} / {thread.url_title}")
            self.authorities.setdefault(thread.authority.url_name, thread.authority)
            self.users.setdefault(thread.user.url_name, thread.user)
            thread.recalculate()
            self.threads.append(thread)
            self._by_slug[thread.url_title] = thread
            self._by_id[thread.id] = thread
            return thread

    # -- mutations -------------------------------------------------------------------------
    def add_response(
        self,
        slug: str,
        text: str,
        when: datetime | None = None,
        *,
        sender: str | None = None,
        quoted: str = "",
        attachments: list[SampleAttachment] | None = None,
    ) -> SampleMessage:
        """A new response from the authority; the request then awaits classification."""
        with self.lock:
            t = self.thread(slug)
            when = when or self.current_time()
            segments = [(text, False)] + ([(quoted, True)] if quoted else [])
            msg = SampleMessage(
                kind="incoming",
                id=self._max_id("incoming") + 1,
                sender=sender or t.authority.name,
                time=when,
                segments=segments,
                attachments=list(attachments or []),
                subject=f"RE: Freedom of Information request - {t.title}",
                body_part_id=self._max_id("attachment") + 1,
            )
            for i, a in enumerate(msg.attachments):
                a.part = a.part or i + 2
            event = SampleEvent(
                id=self._max_id("event") + 1,
                event_type="response",
                created_at=when + timedelta(seconds=40),
                message=msg,
            )
            t.events.append(event)
            t.events.sort(key=lambda e: (e.created_at, e.id))
            t.awaiting_description = True
            t.updated_at = max(t.updated_at, event.created_at)
            t.recalculate()
            return msg

    def set_state(self, slug: str, state: str, when: datetime | None = None) -> SampleEvent:
        """The requester (or a volunteer) classifies the request: a ``status_update`` event."""
        if state not in DESCRIBED_STATES:
            raise ValueError(f"unknown state {state!r}")
        with self.lock:
            t = self.thread(slug)
            when = when or self.current_time()
            event = SampleEvent(
                id=self._max_id("event") + 1, event_type="status_update", created_at=when, described_state=state
            )
            t.events.append(event)
            t.events.sort(key=lambda e: (e.created_at, e.id))
            t.described_state = state
            t.awaiting_description = False
            t.updated_at = max(t.updated_at, when)
            t.recalculate()
            return event

    def rename(self, slug: str, new_title: str) -> str:
        """Change a title; the slug is recomputed (the old one then 404s). Returns the new slug."""
        with self.lock:
            t = self.thread(slug)
            taken = {x.url_title for x in self.threads if x is not t}
            t.title = new_title
            del self._by_slug[t.url_title]
            t.url_title = url_title_for(new_title, taken)
            self._by_slug[t.url_title] = t
            t.updated_at = max(t.updated_at, self.current_time())
            return t.url_title

    def hide_request(self, slug: str, prominence: str = "hidden") -> None:
        """Hide a request (403 "Request has been removed"; its ``.json`` is an empty 403)."""
        if prominence not in ("hidden", "requester_only", "backpage", "normal"):
            raise ValueError(f"unknown prominence {prominence!r}")
        with self.lock:
            thread = self.thread(slug)
            thread.prominence = prominence
            thread.updated_at = max(thread.updated_at, self.current_time())

    def hide_message(self, anchor: str, reason: str = "") -> SampleMessage:
        """Hide one message (``incoming-N``, ``outgoing-N`` or ``comment-N``)."""
        with self.lock:
            thread, msg = self.find_message(anchor)
            msg.hidden = True
            msg.prominence_reason = reason
            thread.updated_at = max(thread.updated_at, self.current_time())
            return msg

    # -- the authorities' web sites ----------------------------------------------------------
    def _web_resource(self, url: str) -> tuple[WebHost, str]:
        parts = urlsplit(url)
        host = self.web.get(origin_of(url))
        if host is None:
            raise KeyError(url)
        return host, parts.path + (f"?{parts.query}" if parts.query else "")

    def remove_web_page(self, url: str, status: int = 404) -> None:
        """The authority takes a page down: it answers ``status`` (404 or 410) from now on."""
        with self.lock:
            host, path = self._web_resource(url)
            host.resources[path] = WebGone(status)

    def move_web_page(self, url: str, to_url: str, status: int = 301) -> None:
        """The page moves: ``url`` redirects to ``to_url``, which serves what ``url`` served."""
        with self.lock:
            host, path = self._web_resource(url)
            target_host, target_path = self._web_resource(to_url)
            target_host.resources[target_path] = host.resources[path]
            host.resources[path] = WebRedirect(to_url if target_host is not host else target_path, status)

    def edit_web_page(self, url: str, paragraphs: list[str]) -> WebPage:
        """The authority rewrites a page's content (its chrome stays)."""
        with self.lock:
            host, path = self._web_resource(url)
            page = host.resources[path]
            if not isinstance(page, WebPage):
                raise TypeError(f"{url} is not a page")
            page.paragraphs = list(paragraphs)
            return page

    def relocate(self, origin: str, new_origin: str) -> None:
        """Serve the web site ``origin`` at ``new_origin`` (a loopback address): every link to it in
        messages, attachments and authority details is rewritten."""
        with self.lock:
            host = self.web.pop(origin)
            host.origin = new_origin
            self.web[new_origin] = host
            for resource in host.resources.values():
                if isinstance(resource, WebRedirect):
                    resource.location = resource.location.replace(origin, new_origin)
                elif isinstance(resource, WebPage):
                    resource.links = {k: v.replace(origin, new_origin) for k, v in resource.links.items()}
            for thread in self.threads:
                for m in thread.all_messages:
                    m.segments = [(t.replace(origin, new_origin), q) for t, q in m.segments]
                    for a in m.attachments:
                        if a.text:
                            a.text = a.text.replace(origin, new_origin)
            for authority in self.authorities.values():
                for name in ("home_page", "publication_scheme", "disclosure_log"):
                    value = getattr(authority, name)
                    if value and value.rstrip("/").startswith(origin):
                        setattr(authority, name, value.replace(origin, new_origin, 1))
