"""A request page: the whole thread (``/request/<slug>?unfold=1``), merged with its ``.json``.

Pure functions: text in, data out. Handles the current markup and the archived shapes Alaveteli
has had (2019, the 2016 redesign, pre-2014). Anything unrecognised raises :class:`ParseError`
naming what was missing, so that no thread is ever returned half-parsed.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.models import KIND_BY_PREFIX, Attachment, Authority, Event, Message, MessageKind, Thread, User
from scraper.parse.common import (
    _ANCHOR_RE,
    _BLOCK_PAGE_CSS,
    _BLOCK_TITLE_RE,
    _ICON_CLASS_RE,
    ParseError,
    _check_complete,
    _check_time,
    _classes,
    _has_html_end,
    _norm,
    _slug_from_url,
)
from scraper.parse.html_text import (
    _A_ID,
    _DIV_ID,
    _P_ID,
    _SPAN_ID,
    _TIME_ID,
    _BodyClasses,
    _text_of,
    _without_sentinels,
)
from scraper.parse.request_json import _authority_from_json, _events_from_json, _load_json, _opt_int, _user_from_json

_BODY_PATH_RE = re.compile(r"/body/([^/?#]+)")
_USER_PATH_RE = re.compile(r"/user/([^/?#]+)")
_STATUS_CLASS_RE = re.compile(r"request-status-message--([a-z_]+)")
_ATTACH_RE = re.compile(r"/response/(\d+)/attach/(html/)?(\d+)/")
_ICON_TYPE_RE = re.compile(r"icon_([a-z0-9.+-]+_[A-Za-z0-9.+_-]+?)_large")
_SIZE_RE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*([KMG])B?\b")
_DATE_TEXT_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y-%m-%d")
_SIZE_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3}


def _date_from_text(text: str, what: str) -> str:
    """A displayed date ("3 July 2013", "July 03, 2013") as an ISO date (old pages have no <time>)."""
    t = _norm(text).strip("()")
    for fmt in _DATE_TEXT_FORMATS:
        try:
            return datetime.strptime(t, fmt).date().isoformat()
        except ValueError:
            continue
    raise ParseError(f"unparseable date text {text!r} in {what}")


def _size_bytes(size: str) -> int | None:
    m = _SIZE_RE.search(size)
    if not m:
        return None
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2)])


# --------------------------------------------------------------------------------------------
# Request page
# --------------------------------------------------------------------------------------------


def _why_not_request_page(tree: LexborHTMLParser, html: str) -> str:
    title_node = tree.css_first("title")
    title = _norm(title_node.text()) if title_node else ""
    if tree.css_first(_BLOCK_PAGE_CSS) is not None or "cloudflare" in title.lower():
        return f"block/challenge page instead of a request page (title {title!r})"
    h1 = tree.css_first("h1")
    h1_text = _norm(h1.text()) if h1 else ""
    if "has been removed" in h1_text.lower() or "has been removed" in title.lower():
        return f"hidden request page ({h1_text or title!r}): the request is not public"
    if _BLOCK_TITLE_RE.match(title):
        return f"block/error page instead of a request page (title {title!r})"
    why = "no div.correspondence blocks and no request header h1 found"
    if title:
        why += f" (page title {title!r})"
    if not _has_html_end(html):
        why += " (and the page has no closing </html>: truncated?)"
    return why


def _find_header(tree: LexborHTMLParser, left: LexborNode | None) -> tuple[LexborNode | None, LexborNode | None]:
    """The title h1 and the subtitle paragraph, in the post-2016 header or the old left column."""
    h1 = tree.css_first("div.request-header h1")
    if h1 is None and left is not None:
        for child in left.iter():
            if child.tag == "h1":
                h1 = child
                break
    sub = tree.css_first("p.request-header__subtitle, p.subtitle")
    return h1, sub


def _correspondence_blocks(left: LexborNode) -> tuple[list[LexborNode], bool]:
    """The thread's blocks, and whether the column has any hidden-message notice at all."""
    blocks = []
    for child in left.iter():
        if child.tag_id != _DIV_ID:
            continue
        cls = _classes(child)
        if "correspondence" in cls or "comment_in_request" in cls:
            blocks.append(child)
    # one walk of the column for both: the block selectors match only divs, the notice ones only p
    found = left.css("div.correspondence, div.comment_in_request, " + _HIDDEN_NOTICE_CSS)
    nested = sum(1 for n in found if n.tag_id == _DIV_ID)
    if nested != len(blocks):
        raise ParseError(
            f"{nested - len(blocks)} correspondence block(s) not directly inside #left_column (unexpected nesting)"
        )
    return blocks, nested != len(found)


def _people(sub: LexborNode) -> tuple[Authority, User]:
    body_link = user_link = None
    for a in sub.css("a[href]"):
        href = a.attrs.get("href") or ""
        path = urlsplit(href).path
        if body_link is None and _BODY_PATH_RE.search(path):
            body_link = a
        elif user_link is None and (_USER_PATH_RE.search(path) or "/help/privacy" in path):
            user_link = a
    if body_link is None:
        raise ParseError("no /body/ link in the request subtitle")
    m = _BODY_PATH_RE.search(urlsplit(body_link.attrs.get("href") or "").path)
    assert m is not None
    authority = Authority(url_name=unquote(m.group(1)), name=_norm(body_link.text()))
    if user_link is not None:
        um = _USER_PATH_RE.search(urlsplit(user_link.attrs.get("href") or "").path)
        requester = User(url_name=unquote(um.group(1)) if um else None, name=_norm(user_link.text()))
    else:
        # external (API) request: the name is plain text before "made this … request"
        text = _norm(sub.text())
        name, sep, _ = text.partition(" made this ")
        if not sep or not name:
            raise ParseError("no requester (/user/ link or name before 'made this') in the request subtitle")
        requester = User(url_name=None, name=name)
    return authority, requester


def _status(tree: LexborHTMLParser) -> str:
    node = tree.css_first("#request_status")
    if node is None:
        raise ParseError("no #request_status element (request status) found")
    m = _STATUS_CLASS_RE.search(node.attrs.get("class") or "")
    if m:
        return m.group(1)
    for n in [node, *node.css("i")]:
        m = _ICON_CLASS_RE.search(n.attrs.get("class") or "")
        if m:
            return m.group(1)
    raise ParseError("#request_status has no request-status-message--X or icon_X class")


_HIDDEN_NOTICE_CSS = "p.hidden_message, p#hidden_message"
_SLUG_SOURCES = (
    ("meta[property='og:url']", "content"),
    ("link[rel='alternate'][type='application/json']", "href"),
    ("link[rel='alternate'][type='application/atom+xml']", "href"),
    ("input.cplink__field", "value"),
    ("a.link_to_this", "href"),
)


def _page_slug(tree: LexborHTMLParser) -> str | None:
    """The slug the page states about itself (og:url, JSON/feed links, permalinks)."""
    for sel, attr in _SLUG_SOURCES:
        first = tree.css_first(sel)  # nearly always the answer: spares a search of the whole page
        if first is None:
            continue
        s = _slug_from_url(first.attrs.get(attr))
        if s and not s.isdigit():
            return s
        for n in tree.css(sel)[1:]:
            s = _slug_from_url(n.attrs.get(attr))
            if s and not s.isdigit():
                return s
    return None


_FROM_RE = re.compile(r"^From:\s*")
_SPACE_COMMA_RE = re.compile(r"\s+,")


def _sender(text: str) -> str | None:
    s = _norm(text)
    if s.startswith("From:"):
        s = _FROM_RE.sub("", s)
    if "," in s:
        s = _SPACE_COMMA_RE.sub(",", s)
    s = s.rstrip(" ,")
    return s or None


def _header_text_without_date(node: LexborNode) -> str:
    parts = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag == "a" and "correspondence__header__date" in _classes(child):
            continue
        elif child.tag not in ("-comment", "time", "div", "script"):
            parts.append(child.text(deep=True))
    return " ".join(parts)


def _h2_segments(h2: LexborNode) -> list[tuple[str, LexborNode | None]]:
    """Old ``h2`` headers: text split at ``<br>``; each segment with its <time> node if any."""
    segs: list[tuple[str, LexborNode | None]] = [("", None)]
    for child in h2.iter(include_text=True):
        if child.tag == "br":
            segs.append(("", None))
            continue
        text, t = segs[-1]
        if child.tag == "-text":
            text += child.text_content or ""
        elif child.tag != "-comment":
            text += child.text(deep=True)
            if child.tag == "time":
                t = child
            elif t is None:
                t = child.css_first("time")
        segs[-1] = (text, t)
    return [(_norm(s), t) for s, t in segs if _norm(s) or t is not None]


@dataclass
class _Block:
    anchor: str
    kind: MessageKind
    site_id: int
    sender: str | None
    time_value: str | None  # from <time datetime>
    date_text: str | None  # old pages: the displayed date
    raw_text: str
    hidden: bool
    resent: bool
    delivery_status: str | None
    attachments: list[Attachment] = field(default_factory=list)


def _block_anchor(block: LexborNode) -> tuple[str, int]:
    m = _ANCHOR_RE.match((block.attrs.get("id") or "").strip())
    if m is None:
        # markup-independent fallback: the block's own permalink
        for inp in block.css("input.cplink__field"):
            frag = urlsplit(inp.attrs.get("value") or "").fragment
            m = _ANCHOR_RE.match(frag)
            if m:
                break
    if m is None:
        snippet = (block.html or "")[:80]
        raise ParseError(f"correspondence block with no recognisable id (incoming-/outgoing-/comment-N): {snippet!r}")
    return f"{m.group(1)}-{m.group(2)}", int(m.group(2))


def _class_match(node: LexborNode, name: str) -> bool | None:
    """Whether the CSS class selector ``.name`` matches ``node``; None when that depends on the
    document's mode (quirks mode compares class names ASCII case-insensitively) or on how a
    class attribute with unusual whitespace splits."""
    cls = node.attrs.get("class")
    if not cls or name not in cls.lower():
        return False
    return True if name in cls.split(" ") else None


def _first_with_class(nodes: list[tuple[int, LexborNode]], tag_id: int, name: str) -> int | None:
    """The index in ``nodes`` (tag id, node) of the first with this tag id matching ``.name``;
    -1 when unsure (see `_class_match`)."""
    for i, (t, n) in enumerate(nodes):
        if t == tag_id:
            m = _class_match(n, name)
            if m:
                return i
            if m is None:
                return -1
    return None


def _header_nodes(header: LexborNode) -> tuple[LexborNode | None, LexborNode | None, LexborNode | None]:
    """A correspondence__header's author span, the <time> of its date (in the date link, else
    anywhere in the header) and its delivery-status link, as ``css_first`` finds them, from
    one walk of the header (a handful of elements) instead of four searches."""
    nodes = [(n.tag_id, n) for n in header.traverse()]  # document order, the header first
    i = _first_with_class(nodes, _SPAN_ID, "correspondence__header__author")
    author = (
        header.css_first("span.correspondence__header__author") if i == -1 else (None if i is None else nodes[i][1])
    )
    i = _first_with_class(nodes, _A_ID, "toggle-delivery-log")
    toggle = header.css_first("a.toggle-delivery-log") if i == -1 else (None if i is None else nodes[i][1])
    i = _first_with_class(nodes, _A_ID, "correspondence__header__date")
    if i == -1:
        scope = header.css_first("a.correspondence__header__date") or header
        return author, scope.css_first("time"), toggle
    time_node = None
    if i is None:
        time_node = next((n for t, n in nodes if t == _TIME_ID), None)
    else:
        # the link's descendants follow it in document order: the first <time> after it
        # is in it, or none is
        date = nodes[i][1]
        t = next((n for tid, n in nodes[i + 1 :] if tid == _TIME_ID), None)
        stop = (date.mem_id, header.mem_id)
        p = t.parent if t is not None else None
        while p is not None and p.mem_id not in stop:
            p = p.parent
        if p is not None and p.mem_id == stop[0]:
            time_node = t
    return author, time_node, toggle


def _direct(block: LexborNode, tag: str, cls: str | None = None) -> LexborNode | None:
    for child in block.iter():
        if child.tag == tag and (cls is None or cls in _classes(child)):
            return child
    return None


def _time_of(node: LexborNode | None, what: str) -> str | None:
    if node is None:
        return None
    return _time_value(node if node.tag_id == _TIME_ID else node.css_first("time"), what)


def _time_value(t: LexborNode | None, what: str) -> str | None:
    """The checked ``datetime`` of a ``<time>`` element."""
    if t is None:
        return None
    value = t.attrs.get("datetime")
    if not value or not value.strip():
        raise ParseError(f"<time> without a datetime attribute in {what}")
    return _check_time(value, what)


def _absolute(base: str | None, href: str) -> str:
    """``urljoin`` with a fast path for the site-relative hrefs that fill every page."""
    if not base:
        return href
    if href.startswith("/") and not href.startswith("//"):
        parts = urlsplit(base)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}{href}"
    return urljoin(base, href)


_MIME_RE = re.compile(r"[a-z]+/[A-Za-z0-9.+_-]+")
_ATTACHMENT_ID_RE = re.compile(r"attachment-(\d+)")


def _parse_attachment(li: LexborNode, base: str | None, what: str, old: bool) -> Attachment:
    """One ``li.attachment`` (2016+) or ``p.attachment`` (pre-2016), in a single pass."""
    m = _ATTACHMENT_ID_RE.fullmatch((li.attrs.get("id") or "").strip())
    aid = int(m.group(1)) if m else None
    url = html_url = None
    part = None
    filename = ""
    meta_text: list[str] = []
    hidden = erased = False
    icon_type = comment_type = None
    seen_br = False
    for n in li.traverse(include_text=True):
        tag = n.tag
        if tag == "-text":
            if old and seen_br:
                meta_text.append(n.text_content or "")
            elif (
                not old
                and n.parent is not None
                and n.parent.tag == "p"
                and "attachment__meta" in (n.parent.attrs.get("class") or "")
            ):
                meta_text.append(n.text_content or "")
            continue
        if tag == "-comment":  # pre-2016: <!-- (application/pdf) -->
            c = (n.comment_content or "").strip().strip("()").strip()
            if comment_type is None and _MIME_RE.fullmatch(c):
                comment_type = c
            continue
        if tag == "a":
            href = (n.attrs.get("href") or "").strip()
            # match the path only: "Explore in Datasette" links carry the file URL in a query
            am = _ATTACH_RE.search(href if href.startswith("/") else urlsplit(href).path)
            if am:
                if am.group(2):
                    html_url = html_url or _absolute(base, href)
                else:
                    url = url or _absolute(base, href)
                if part is None:
                    part = int(am.group(3))
        elif tag == "img":
            im = _ICON_TYPE_RE.search(n.attrs.get("src") or "")
            if im and icon_type is None and not im.group(1).startswith("unknown"):
                major, _, minor = im.group(1).partition("_")
                icon_type = f"{major}/{minor}"
        elif tag == "br":
            seen_br = True
        elif tag == "em":
            erased = True
        elif old and tag == "strong" and not filename:
            filename = _norm(n.text())
        elif not old and tag == "p" and "attachment__name" in (n.attrs.get("class") or ""):
            filename = _norm(n.text())
        if tag in ("span", "p") and "hidden_attachment" in (n.attrs.get("class") or ""):
            hidden = True
    if url is None and not hidden:
        if not erased:
            raise ParseError(f"attachment {filename or li.attrs.get('id')!r} in {what} has no download link")
        hidden = True  # erased: listed by name, no longer downloadable
    size_str = None
    if url:
        sm = _SIZE_RE.search(" ".join(meta_text))
        size_str = sm.group(0) if sm else None
    content_type = None
    if url:
        content_type = icon_type or comment_type or mimetypes.guess_type(filename, strict=False)[0]
    return Attachment(
        filename=filename,
        url=url or "",
        part=part,
        attachment_id=aid,
        html_url=html_url,
        content_type=content_type,
        size=size_str,
        size_bytes=_size_bytes(size_str) if size_str else None,
        hidden=hidden,
    )


def _annotation_block(block: LexborNode, anchor: str, site_id: int) -> _Block:
    """An annotation: its author and date from its h2, its text."""
    content = block.css_first("div.comment_content") or block
    h2 = _direct(content, "h2")
    if h2 is None:
        raise ParseError(f"annotation {anchor} has no h2 header")
    user = h2.css_first("a[href]")
    sender: str | None
    if user is not None:
        sender = _norm(user.text())
    else:  # no profile link: the name as written before "left an annotation"
        who, sep, _ = _norm(h2.text()).partition(" left an annotation")
        sender = who if sep and who and who != "You" else None
    time_value = _time_of(h2, anchor)
    date_text = None
    if time_value is None:
        m = re.search(r"\(([^()]*)\)\s*$", _norm(h2.text()))
        if m is None:
            raise ParseError(f"annotation {anchor} has no date in its header")
        date_text = m.group(1)
    body = block.css_first("div.comment_in_request_text")
    if body is None:
        raise ParseError(f"annotation {anchor} has no div.comment_in_request_text body")
    text = _text_of(body, _BodyClasses(body).furniture(body))
    return _Block(anchor, "annotation", site_id, sender, time_value, date_text, text, False, False, None)


def _header_and_plain_event(block: LexborNode) -> tuple[LexborNode | None, LexborNode | None]:
    """The block's first direct ``div.correspondence__header`` and ``p.event_plain``, in one walk."""
    header = event_plain = None
    for child in block.iter():
        tag_id = child.tag_id
        if tag_id == _DIV_ID:
            if header is None and "correspondence__header" in _classes(child):
                header = child
        elif tag_id == _P_ID and event_plain is None and "event_plain" in _classes(child):
            event_plain = child
    return header, event_plain


@dataclass
class _Heading:
    """What a message's header says: who, when (a checked time, or old pages' date text), delivery."""

    sender: str | None = None
    time_value: str | None = None
    date_text: str | None = None
    delivery: str | None = None


def _delivery_status(toggle: LexborNode) -> str | None:
    """An outgoing message's delivery status, from its delivery-log link."""
    delivery = (toggle.attrs.get("data-delivery-status") or "").strip() or None
    if delivery is None:
        m = re.search(r"toggle-delivery-log--([a-z_]+)", toggle.attrs.get("class") or "")
        delivery = m.group(1) if m else (_norm(toggle.text()).lower() or None)
    return delivery


def _header_heading(header: LexborNode, what: str) -> _Heading:
    """A ``div.correspondence__header`` (2016 on): author, ``<time>``, delivery status."""
    author, time_node, toggle = _header_nodes(header)
    if author is not None:
        sender = _sender(author.text())
    else:  # 2016: div.correspondence__header__from[--with-delivery-status]
        frm = header.css_first(
            "div.correspondence__header__from, div.correspondence__header__from--with-delivery-status"
        )
        if frm is None:
            raise ParseError(f"{what}: correspondence__header has no author span or from div")
        sender = _sender(_header_text_without_date(frm))
    time_value = _time_value(time_node, what)
    if time_value is None:
        raise ParseError(f"{what}: correspondence__header has no <time datetime>")
    return _Heading(sender, time_value, None, _delivery_status(toggle) if toggle is not None else None)


def _h2_heading(block: LexborNode, what: str) -> _Heading:
    """An old page's ``h2`` header: the senders, then the date (a ``<time>`` or its text)."""
    h2 = _direct(block, "h2")
    segs = _h2_segments(h2) if h2 is not None else []
    if not segs:
        return _Heading()
    last_text, last_time = segs[-1]
    senders = [s for s, _ in segs[:-1]]
    sender = _sender(", ".join(senders)) if senders else None
    if last_time is not None:
        return _Heading(sender, _time_of(last_time, what))
    return _Heading(sender, None, last_text)


def _attachments(body: LexborNode, classes: _BodyClasses, base: str | None, what: str) -> list[Attachment]:
    """A response's attachments: ``li.attachment`` (2016 on), else ``p.attachment``."""
    if not classes.may_have("attachment"):
        return []
    attachments = [_parse_attachment(li, base, what, old=False) for li in body.css("li.attachment")]
    if not attachments:
        attachments = [_parse_attachment(p, base, what, old=True) for p in body.css("div.attachments p.attachment")]
    if not attachments and body.css_first("div.attachments") is not None:
        raise ParseError(f"message {what}: div.attachments has no li.attachment or p.attachment items")
    return attachments


def _parse_block(block: LexborNode, base: str | None, notices: bool = True) -> _Block:
    """One correspondence block; ``notices``: whether the column has hidden-message notices."""
    anchor, site_id = _block_anchor(block)
    kind = KIND_BY_PREFIX[anchor.split("-", 1)[0]]
    if kind == "annotation":
        return _annotation_block(block, anchor, site_id)
    what = anchor
    hidden_notice = block.css_first(_HIDDEN_NOTICE_CSS) if notices else None
    header, event_plain = _header_and_plain_event(block)
    h = _header_heading(header, what) if header is not None else _h2_heading(block, what)

    body = block.css_first("div.correspondence_text")
    if event_plain is not None and body is None:  # "Sent request to … again."
        if h.time_value is None and h.date_text is None:
            raise ParseError(f"re-sent block {what} has no date")
        return _Block(anchor, kind, site_id, None, h.time_value, h.date_text, "", False, True, h.delivery)
    if hidden_notice is not None:
        return _Block(anchor, kind, site_id, h.sender, h.time_value, h.date_text, "", True, False, h.delivery)
    if body is None:
        raise ParseError(f"message {what} has no div.correspondence_text body (and no hidden notice)")
    if header is None and h.time_value is None and h.date_text is None:
        raise ParseError(f"message {what} has no header (correspondence__header or h2)")
    if h.date_text is not None and not h.date_text.strip():
        raise ParseError(f"message {what} has an empty date in its h2 header")

    classes = _BodyClasses(body)
    attachments = _attachments(body, classes, base, what) if kind == "incoming" else []
    text = _text_of(body, classes.furniture(body))
    # the main body part itself hidden: the message keeps its attachments but has no text
    hidden = not text and classes.may_have("hidden_attachment") and body.css_first("p.hidden_attachment") is not None
    delivery = h.delivery if kind == "outgoing" else None
    return _Block(
        anchor, kind, site_id, h.sender, h.time_value, h.date_text, text, hidden, False, delivery, attachments
    )


_EVENT_TYPES_BY_KIND = {
    "incoming": {"response"},
    "outgoing": {"sent", "followup_sent", "resent", "followup_resent", "send_error"},
    "annotation": {"comment"},
}


@dataclass
class _Page:
    """What a request page says before its blocks are read: the thread's header and blocks."""

    title: str
    authority: Authority
    requester: User
    calculated: str  #: the status the page shows
    blocks: list[LexborNode]
    notices: bool  #: whether the column has hidden-message notices at all


def _page(tree: LexborHTMLParser, html: str) -> _Page:
    """The header and blocks of a complete, public request page; ParseError naming what is not."""
    left = tree.css_first("#left_column")
    blocks, notices = _correspondence_blocks(left) if left is not None else ([], False)
    h1, sub = _find_header(tree, left)
    if h1 is None and not blocks:
        raise ParseError(_why_not_request_page(tree, html))
    _check_complete(tree, html, left)
    if h1 is None:
        raise ParseError("no request header h1 (request title) found")
    if not blocks:
        raise ParseError("request header found but no div.correspondence blocks in #left_column")
    if sub is None:
        raise ParseError("no request subtitle (p.request-header__subtitle or p.subtitle) found")
    title = _norm(h1.text())
    if not title:
        raise ParseError("request title h1 is empty")
    authority, requester = _people(sub)
    return _Page(title, authority, requester, _status(tree), blocks, notices)


def _slug(tree: LexborHTMLParser, page_url: str | None, data: dict[str, Any] | None) -> str:
    """The request's slug: from its URL, else from what the page says about itself, else from the
    JSON; ParseError when the JSON is another request's, or nothing names one."""
    markup_slug = _page_slug(tree)
    url_slug = _slug_from_url(page_url)
    slug = url_slug if url_slug and not url_slug.isdigit() else markup_slug
    if data is not None:
        if slug is None:
            slug = str(data["url_title"])
        elif markup_slug is not None and str(data["url_title"]) != markup_slug:
            raise ParseError(f"request JSON is for {data['url_title']!r} but the page is {markup_slug!r}")
    if slug is None:
        raise ParseError("no request slug: give page_url, or the page needs og:url / permalinks")
    return slug


def _groups(parsed: list[_Block]) -> list[list[_Block]]:
    """Blocks grouped by anchor, in page order ("sent again" blocks reuse their message's anchor)."""
    by_anchor: dict[str, list[_Block]] = {}
    for pb in parsed:
        by_anchor.setdefault(pb.anchor, []).append(pb)
    return list(by_anchor.values())


def _first_events(events: list[Event]) -> dict[str, Event]:
    """Each message's event (the first that names its anchor)."""
    by_anchor: dict[str, Event] = {}
    for ev in events:
        a = ev.message_anchor
        if a is not None and a not in by_anchor:
            by_anchor[a] = ev
    return by_anchor


def _message(group: list[_Block], ev: Event | None, with_json: bool) -> Message:
    """One message from its blocks (the one with text, else the original, else the first) and its
    JSON event, which must agree with the page when the JSON was read."""
    main = next((g for g in group if g.raw_text), None) or next((g for g in group if not g.resent), group[0])
    anchor = main.anchor
    if with_json:
        if ev is None:
            raise ParseError(f"message {anchor} on the page has no event in the request JSON")
        if ev.event_type not in _EVENT_TYPES_BY_KIND[main.kind]:
            raise ParseError(f"message {anchor} is {main.kind} on the page but its JSON event is {ev.event_type!r}")
    if main.time_value is not None:
        sent_at: str | None = main.time_value
    elif ev is not None and ev.created_at:
        sent_at = ev.created_at
    elif main.date_text is not None:
        sent_at = _date_from_text(main.date_text, anchor)
    else:
        sent_at = None
    return Message(
        anchor=anchor,
        kind=main.kind,
        site_id=main.site_id,
        sender=main.sender,
        sent_at=sent_at,
        raw_text=main.raw_text,
        attachments=main.attachments,
        hidden=main.hidden,
        event_id=ev.id if ev is not None else None,
        event_type=ev.event_type if ev is not None else None,
        delivery_status=main.delivery_status,
        resent=any(g.resent for g in group),
    )


def _people_with_json(
    page: _Page, data: dict[str, Any], events: list[Event], messages: list[Message]
) -> tuple[Authority, User]:
    """The authority and requester as the JSON gives them, once it is known to be this page's:
    every correspondence event on the page, the same authority, the same requester."""
    on_page = {m.anchor for m in messages}
    for ev in events:
        a = ev.message_anchor
        if ev.event_type in ("sent", "followup_sent", "response") and a not in on_page:
            raise ParseError(f"request JSON event {ev.id} ({ev.event_type}, {a}) is missing from the page")
    authority = _authority_from_json(data.get("public_body"))
    if authority.url_name != page.authority.url_name:
        raise ParseError(
            f"request JSON authority {authority.url_name!r} differs from the page's {page.authority.url_name!r}"
        )
    from_json = _user_from_json(data)
    if page.requester.url_name is not None and from_json.url_name not in (None, page.requester.url_name):
        raise ParseError(
            f"request JSON requester {from_json.url_name!r} differs from the page's {page.requester.url_name!r}"
        )
    requester = User(
        url_name=page.requester.url_name or from_json.url_name,
        name=page.requester.name or from_json.name,
        id=from_json.id,
    )
    return authority, requester


def parse_request_page(
    html: str,
    request_json: dict[str, Any] | str | None = None,
    *,
    page_url: str | None = None,
) -> Thread:
    """A whole request thread from its HTML page, merged with its ``.json`` when given.

    Raises :class:`ParseError` for anything that is not a complete, public request page.
    """
    if not isinstance(html, str):
        raise ParseError("request page must be decoded text (str)")
    html = _without_sentinels(html)
    tree = LexborHTMLParser(html)
    page = _page(tree, html)
    og = tree.css_first("meta[property='og:url']")
    base = page_url or (og.attrs.get("content") if og is not None else None) or None
    data = _load_json(request_json) if request_json is not None else None
    slug = _slug(tree, page_url, data)
    parsed = [_parse_block(b, base, page.notices) for b in page.blocks]
    events = _events_from_json(data) if data is not None else []
    event_of = _first_events(events)
    messages = [_message(group, event_of.get(group[0].anchor), data is not None) for group in _groups(parsed)]
    if data is None:
        return Thread(
            slug=slug,
            title=page.title,
            authority=page.authority,
            requester=page.requester,
            status=page.calculated,
            calculated_status=page.calculated,
            awaiting_description=page.calculated == "waiting_classification",
            messages=messages,
            source_url=page_url,
        )
    authority, requester = _people_with_json(page, data, events, messages)
    return Thread(
        slug=slug,
        title=page.title,
        authority=authority,
        requester=requester,
        status=data.get("described_state"),
        request_id=_opt_int(data.get("id")),
        display_status=data.get("display_status"),
        calculated_status=page.calculated,
        law_used=data.get("law_used"),
        prominence=data.get("prominence"),
        created_at=data.get("created_at"),
        updated_at=data.get("updated_at"),
        awaiting_description=bool(data.get("awaiting_description")),
        tags=list(data.get("tags") or []),
        messages=messages,
        events=events,
        source_url=page_url,
    )
