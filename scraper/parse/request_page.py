"""Parse Alaveteli (WhatDoTheyKnow) request pages, request JSON and request listings.

Pure functions: text in, data out. Handles the current markup and the archived shapes listed in
the research notes (2019, the 2016 redesign, pre-2014). Anything unrecognised raises
:class:`ParseError` naming what was missing, so that no thread is ever returned half-parsed.
"""

from __future__ import annotations

import json
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import repeat
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode, create_tag

from scraper.models import (
    KIND_BY_PREFIX,
    Attachment,
    Authority,
    Event,
    Message,
    Thread,
    User,
)

__all__ = [
    "ParseError",
    "ListItem",
    "ListPage",
    "html_to_text",
    "parse_list_page",
    "parse_request_json",
    "parse_request_page",
]


class ParseError(ValueError):
    """The input is not what we expected; the message names what was missing or unrecognised."""


# --------------------------------------------------------------------------------------------
# HTML → text
# --------------------------------------------------------------------------------------------

# Sentinels are Unicode noncharacters (reserved for process-internal use); inputs are cleaned
# of them before parsing, so text nodes never contain them.
_PARA = "\ufdd0"  # paragraph break
_LINE = "\ufdd1"  # line break (list items, table rows)
_CELL = "\ufdd2"  # table-cell separator (becomes a tab)
_PRE_SP, _PRE_NL, _PRE_TAB = "\ufdd3", "\ufdd4", "\ufdd5"  # <pre> whitespace, kept as is
_SENTINEL_CHARS = "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4\ufdd5"
_SENTINELS = re.compile(f"[{_SENTINEL_CHARS}]")


def _without_sentinels(text: str) -> str:
    # `in` is a fast C scan (and instant when the text has no such wide characters at all)
    if any(c in text for c in _SENTINEL_CHARS):
        return _SENTINELS.sub("", text)
    return text


_BLOCK_TAGS = frozenset(
    "p div blockquote section article aside header footer main nav ul ol dl table thead tbody "
    "tfoot pre hr h1 h2 h3 h4 h5 h6 form fieldset address figure figcaption details summary "
    "center body html".split()
)
_LINE_TAGS = frozenset("li tr dt dd caption".split())
_CELL_TAGS = frozenset(("td", "th"))
_SKIP_TAGS = frozenset(
    "-comment script style head title noscript template img input button select textarea svg "
    "iframe object embed audio video canvas map meta link".split()
)
#: Site furniture that sits inside message bodies and is not message text.
_SKIP_CSS = (
    "span.unfold_link, div.attachments, p.hidden_attachment, p.hidden_message, "
    "div.view_html_prefix"
)
_WS = re.compile(r"[ \t\n\r\f]+")
_TAB_ETC = re.compile(r"[\t\r\f]")
_LINE_RUN = re.compile("[ \n]*\ufdd1[ \n\ufdd1]*")


def _link_text(a: LexborNode) -> str:
    """The link's text, or its full target when the text is Alaveteli's shortened form."""
    text = a.text(deep=True)
    # most link texts are a URL: nothing for the regex to do
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        text = _WS.sub(" ", text)
    text = text.strip()
    if len(text) > 3 and text.endswith("..."):
        href = (a.attrs.get("href") or "").strip()
        stem = text[:-3]
        if href.startswith(stem):
            return href
        # make_clickable links "www.x…" as "http://www.x…": keep the text's own form
        scheme, sep, rest = href.partition("://")
        if sep and "://" not in stem and rest.startswith(stem):
            return rest
    return text


def _tag_ids(names: frozenset[str]) -> dict[str, int]:
    """Lexbor's ids for tag names (and "-text", "-comment"): `_emit` compares ints instead of
    decoding every element's name."""
    probe = LexborHTMLParser("<p>x<!--c--></p>").css_first("p")
    assert probe is not None and probe.first_child is not None and probe.last_child is not None
    ids = {"-text": probe.first_child.tag_id, "-comment": probe.last_child.tag_id}
    ids.update((name, create_tag(name).tag_id) for name in names if not name.startswith("-"))
    # a name missing from lexbor's built-in table would get an id per document (an address)
    if max(ids.values()) >= 1 << 16:
        raise RuntimeError("a tag name unknown to lexbor")
    return ids


_TAG_IDS = _tag_ids(_BLOCK_TAGS | _LINE_TAGS | _CELL_TAGS | _SKIP_TAGS | {"a", "br", "div", "p", "span", "time"})
_TEXT_ID = _TAG_IDS["-text"]
_BR_ID = _TAG_IDS["br"]
_DIV_ID = _TAG_IDS["div"]
_P_ID = _TAG_IDS["p"]
_SPAN_ID = _TAG_IDS["span"]
_A_ID = _TAG_IDS["a"]
_TIME_ID = _TAG_IDS["time"]
_BR = "\x00"  # <br>, until text newlines have become spaces; the HTML parser never leaves a NUL in text
# what `_emit` does with an element, by tag id (anything else: its children, inline)
_SKIP, _BLOCK, _PRE, _LINK, _LINE_ITEM, _CELL_ITEM = range(6)
_ACTION: dict[int, int] = {
    **{_TAG_IDS[t]: _SKIP for t in _SKIP_TAGS},
    **{_TAG_IDS[t]: _BLOCK for t in _BLOCK_TAGS},
    _TAG_IDS["pre"]: _PRE,
    _TAG_IDS["a"]: _LINK,
    **{_TAG_IDS[t]: _LINE_ITEM for t in _LINE_TAGS},
    **{_TAG_IDS[t]: _CELL_ITEM for t in _CELL_TAGS},
}


def _emit(node: LexborNode, out: list[str], skip: set[int]) -> None:
    append = out.append
    for child in node.iter(True):  # include_text (positional arguments are cheaper to pass)
        tag_id = child.tag_id
        if tag_id == _TEXT_ID:
            t = child.text_content
            if t:  # newlines → spaces, other whitespace and space runs: _finish_text
                append(t)
            continue
        if tag_id == _BR_ID:
            append(_BR)
            continue
        action = _ACTION.get(tag_id)
        if action == _SKIP or (skip and child.mem_id in skip):
            continue
        if action is None:
            _emit(child, out, skip)
        elif action == _BLOCK:
            append(_PARA)
            # a paragraph holds text, not blocks (its first child would end the attempt)
            if tag_id == _P_ID or not _emit_blocks(child, out, skip):
                _emit(child, out, skip)
            append(_PARA)
        elif action == _LINK:
            link = _link_text(child)
            # a newline here comes from an href, and stays one (only text newlines become spaces)
            append(link.replace("\n", _BR) if "\n" in link else link)
        elif action == _LINE_ITEM:
            append(_LINE)
            _emit(child, out, skip)
            append(_LINE)
        elif action == _CELL_ITEM:
            _emit(child, out, skip)
            append(_CELL)
        else:  # _PRE
            append(_PARA)
            append(_pre_text(child))
            append(_PARA)


_BETWEEN_BLOCKS = frozenset((_SKIP, _BLOCK, _PRE, _LINE_ITEM))


def _emit_blocks(node: LexborNode, out: list[str], skip: set[int]) -> bool:
    """`_emit` for a node whose children are all blocks (or list items, or skipped), with
    whitespace between them; False, having emitted nothing, for any other node.

    Whitespace next to a paragraph or list-item break is dropped by `_finish_text`, so here
    lexbor leaves out whitespace-only text (most text nodes of a message body's outer levels).
    The children are all checked before any is emitted, so a node is never walked twice over.
    """
    children = []
    for child in node.iter(True, True):  # include_text, skip_empty
        if skip and child.mem_id in skip:
            continue
        tag_id = child.tag_id
        action = _ACTION.get(tag_id)
        if action not in _BETWEEN_BLOCKS:
            return False
        if action != _SKIP:
            children.append((action, tag_id, child))
    append = out.append
    for action, tag_id, child in children:
        if action == _BLOCK:
            if not out or out[-1] is not _PARA:
                append(_PARA)
            if tag_id == _P_ID or not _emit_blocks(child, out, skip):
                _emit(child, out, skip)
            append(_PARA)
        elif action == _LINE_ITEM:
            append(_LINE)
            _emit(child, out, skip)
            append(_LINE)
        else:  # _PRE
            append(_PARA)
            append(_pre_text(child))
            append(_PARA)
    return True


def _pre_text(pre: LexborNode) -> str:
    """A <pre> element's text, its whitespace hidden from `_finish_text`."""
    return pre.text(deep=True).replace(" ", _PRE_SP).replace("\n", _PRE_NL).replace("\t", _PRE_TAB)


def _collapse(s: str, run: str, single: str) -> str:
    # str.replace in a loop beats the equivalent regex several times over on long texts
    while run in s:
        s = s.replace(run, single)
    return s


def _finish_text(parts: list[str]) -> str:
    """The text from `_emit`'s parts: raw text (its newlines are spaces), `_BR` marks and the
    paragraph/line/cell/pre sentinels (benchmarks/baseline_bs4.py emits the same)."""
    s = "".join(parts)
    if "\n" in s:
        s = s.replace("\n", " ")
    if "\t" in s or "\r" in s or "\f" in s:
        s = _TAB_ETC.sub(" ", s)
    line_break = _BR  # the lines are cut at <br> marks, which the join turns into newlines
    if _LINE in s:
        s = _LINE_RUN.sub("\n", s.replace(_BR, "\n"))
        line_break = "\n"
    blank_lines = 0
    if line_break in s:
        # no spaces either side of a line break: every line stripped in one pass
        lines = list(map(str.strip, s.split(line_break), repeat(" ")))
        blank_lines = lines.count("")
        s = "\n".join(lines)
    s = "\n\n".join(filter(None, map(str.strip, s.split(_PARA), repeat(" \n"))))
    if blank_lines > 1:  # three line breaks in a row need two blank lines in a row
        s = _collapse(s, "\n\n\n", "\n\n")
    s = _collapse(s, "  ", " ").strip(" \n")
    if _CELL in s:
        s = s.replace(_CELL, "\t").strip("\t")
    if _PRE_SP in s or _PRE_NL in s or _PRE_TAB in s:
        s = s.replace(_PRE_SP, " ").replace(_PRE_NL, "\n").replace(_PRE_TAB, "\t")
    return s


def html_to_text(node: LexborNode | str) -> str:
    """Message-body HTML as text: paragraphs separated by a blank line, ``<br>`` as a newline.

    Entities are decoded (escaped markup stays literal text), whitespace is collapsed as a
    browser would, shortened link texts are replaced by their full ``href``, and the site's
    fold links ("show/hide quoted sections"), attachment lists and hidden notices are dropped.
    Accepts a selectolax node or an HTML string (for attachments' "view as HTML" pages); a
    string is cleaned of the Unicode noncharacters U+FDD0–U+FDD5 used as internal markers (a
    node from the caller's own tree should come from text cleaned the same way).
    """
    if isinstance(node, str):
        tree = LexborHTMLParser(_without_sentinels(node))
        root = tree.body or tree.root
        if root is None:
            return ""
        node = root
    # the body of _text_of, inlined: the walk recurses once per nesting level, and a call
    # less keeps the depth at which a deeply nested page gives up where it always was
    out: list[str] = []
    skip = {n.mem_id for n in node.css(_SKIP_CSS)}
    if not _emit_blocks(node, out, skip):
        _emit(node, out, skip)
    return _finish_text(out)


def _text_of(node: LexborNode, skipped: list[LexborNode]) -> str:
    """``html_to_text`` of a node, given the furniture in it (``_SKIP_CSS`` matches) to leave out."""
    out: list[str] = []
    skip = {n.mem_id for n in skipped}
    if not _emit_blocks(node, out, skip):
        _emit(node, out, skip)
    return _finish_text(out)


class _BodyClasses:
    """What a message body's class attributes allow: each CSS search a body needs for
    attachments, furniture and hidden parts walks all of it, and most bodies have no such
    classes at all. Only absence is concluded here (from the lower-cased class values, a
    superset of what any class selector can match); anything that may match is searched for."""

    __slots__ = ("_classes",)

    def __init__(self, body: LexborNode) -> None:
        self._classes = " ".join([n.attrs.get("class") or "" for n in body.css("[class]")]).lower()

    def may_have(self, *names: str) -> bool:
        return any(name in self._classes for name in names)

    def furniture(self, body: LexborNode) -> list[LexborNode]:
        """``body.css(_SKIP_CSS)``."""
        if self.may_have("unfold_link", "attachments", "hidden_attachment", "hidden_message", "view_html_prefix"):
            return body.css(_SKIP_CSS)
        return []


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

_ANCHOR_RE = re.compile(r"^(incoming|outgoing|comment)-(\d+)$")
_REQUEST_PATH_RE = re.compile(r"/request/([^/?#.]+)")
_BODY_PATH_RE = re.compile(r"/body/([^/?#]+)")
_USER_PATH_RE = re.compile(r"/user/([^/?#]+)")
_STATUS_CLASS_RE = re.compile(r"request-status-message--([a-z_]+)")
_ICON_CLASS_RE = re.compile(r"\bicon_([a-z_]+)")
_ATTACH_RE = re.compile(r"/response/(\d+)/attach/(html/)?(\d+)/")
_ICON_TYPE_RE = re.compile(r"icon_([a-z0-9.+-]+_[A-Za-z0-9.+_-]+?)_large")
_SIZE_RE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*([KMG])B?\b")
_HTML_END_RE = re.compile(r"</html\s*>", re.IGNORECASE)
_DATE_TEXT_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y-%m-%d")
_SIZE_UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3}


def _norm(s: str | None) -> str:
    return _WS.sub(" ", s or "").strip()


def _classes(node: LexborNode) -> list[str]:
    return (node.attrs.get("class") or "").split()


def _check_time(value: str, what: str) -> str:
    """Validate an ISO 8601 date/time string and return it as given."""
    v = value.strip()
    try:
        if "T" in v or " " in v:
            datetime.fromisoformat(v.replace("Z", "+00:00"))
        else:
            date.fromisoformat(v)
    except ValueError:
        raise ParseError(f"unparseable time {value!r} in {what}") from None
    return v


def _date_from_text(text: str, what: str) -> str:
    """A displayed date ("3 July 2013", "July 03, 2013") as an ISO date (old pages have no <time>)."""
    t = _norm(text).strip("()")
    for fmt in _DATE_TEXT_FORMATS:
        try:
            return datetime.strptime(t, fmt).date().isoformat()
        except ValueError:
            continue
    raise ParseError(f"unparseable date text {text!r} in {what}")


def _slug_from_url(url: str | None) -> str | None:
    if not url:
        return None
    m = _REQUEST_PATH_RE.search(urlsplit(url.strip()).path)
    if not m:
        return None
    return unquote(m.group(1))


def _size_bytes(size: str) -> int | None:
    m = _SIZE_RE.search(size)
    if not m:
        return None
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2)])


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


# --------------------------------------------------------------------------------------------
# Request page
# --------------------------------------------------------------------------------------------

_BLOCK_PAGE_CSS = (
    "#cf-wrapper, #challenge-form, #challenge-error-text, #cf-challenge-running, "
    ".cf-error-details, script[src*='challenge-platform'], #challenge-body-text"
)
_BLOCK_TITLE_RE = re.compile(
    r"^\s*(just a moment|attention required|access denied|please wait|checking your browser|"
    r"too many requests|service unavailable|\d{3} [a-z ]+)\b",
    re.IGNORECASE,
)


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


def _has_html_end(html: str) -> bool:
    """Whether the page's last 64 KB hold a closing ``</html>`` tag (a page cut short has none)."""
    start = max(0, len(html) - 65536)
    # it is nearly always at the very end: try the last few "</" before scanning the whole tail
    i = html.rfind("</", start)
    for _ in range(4):
        if i < 0:
            return False
        if _HTML_END_RE.match(html, i):
            return True
        i = html.rfind("</", start, i)
    return _HTML_END_RE.search(html, start) is not None


def _has_footer(tree: LexborHTMLParser, left: LexborNode | None) -> bool:
    """Whether the page has a ``#footer`` or ``#right_column``."""
    # nearly always the column after #left_column: look there before searching the whole page
    sibling = left.next if left is not None else None
    while sibling is not None:
        if sibling.is_element_node and sibling.attrs.get("id") in ("footer", "right_column"):
            return True
        sibling = sibling.next
    return tree.css_first("#footer, #right_column") is not None


def _check_complete(tree: LexborHTMLParser, html: str, left: LexborNode | None = None) -> None:
    if not _has_html_end(html):
        raise ParseError("page is truncated: no closing </html> tag")
    if not _has_footer(tree, left):
        raise ParseError("page is truncated: no div#footer or div#right_column after the thread")


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
            f"{nested - len(blocks)} correspondence block(s) not directly inside #left_column "
            "(unexpected nesting)"
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
    kind: str
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
    author = header.css_first("span.correspondence__header__author") if i == -1 else (
        None if i is None else nodes[i][1])
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
        t = next((n for tid, n in nodes[i + 1:] if tid == _TIME_ID), None)
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
            elif not old and n.parent is not None and n.parent.tag == "p" and \
                    "attachment__meta" in (n.parent.attrs.get("class") or ""):
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


def _parse_block(block: LexborNode, base: str | None, notices: bool = True) -> _Block:
    """One correspondence block; ``notices``: whether the column has hidden-message notices."""
    anchor, site_id = _block_anchor(block)
    prefix = anchor.split("-", 1)[0]
    kind = KIND_BY_PREFIX[prefix]
    what = anchor
    sender: str | None = None
    time_value: str | None = None
    date_text: str | None = None
    delivery: str | None = None

    if kind == "annotation":
        content = block.css_first("div.comment_content") or block
        h2 = _direct(content, "h2")
        if h2 is None:
            raise ParseError(f"annotation {what} has no h2 header")
        user = h2.css_first("a[href]")
        if user is not None:
            sender = _norm(user.text())
        else:  # no profile link: the name as written before "left an annotation"
            who, sep, _ = _norm(h2.text()).partition(" left an annotation")
            sender = who if sep and who and who != "You" else None
        time_value = _time_of(h2, what)
        if time_value is None:
            m = re.search(r"\(([^()]*)\)\s*$", _norm(h2.text()))
            if m is None:
                raise ParseError(f"annotation {what} has no date in its header")
            date_text = m.group(1)
        body = block.css_first("div.comment_in_request_text")
        if body is None:
            raise ParseError(f"annotation {what} has no div.comment_in_request_text body")
        text = _text_of(body, _BodyClasses(body).furniture(body))
        return _Block(anchor, kind, site_id, sender, time_value, date_text, text, False, False, None)

    hidden_notice = block.css_first(_HIDDEN_NOTICE_CSS) if notices else None
    header = event_plain = None
    for child in block.iter():  # the first direct div.correspondence__header and p.event_plain
        tag_id = child.tag_id
        if tag_id == _DIV_ID:
            if header is None and "correspondence__header" in _classes(child):
                header = child
        elif tag_id == _P_ID:
            if event_plain is None and "event_plain" in _classes(child):
                event_plain = child
    if header is not None:
        author, time_node, ds = _header_nodes(header)
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
        if ds is not None:
            delivery = (ds.attrs.get("data-delivery-status") or "").strip() or None
            if delivery is None:
                m = re.search(r"toggle-delivery-log--([a-z_]+)", ds.attrs.get("class") or "")
                delivery = m.group(1) if m else (_norm(ds.text()).lower() or None)
    else:
        h2 = _direct(block, "h2")
        if h2 is not None:
            segs = _h2_segments(h2)
            if segs:
                last_text, last_time = segs[-1]
                if last_time is not None:
                    time_value = _time_of(last_time, what)
                else:
                    date_text = last_text
                senders = [s for s, _ in segs[:-1]]
                sender = _sender(", ".join(senders)) if senders else None

    body = block.css_first("div.correspondence_text")
    if event_plain is not None and body is None:  # "Sent request to … again."
        if time_value is None and date_text is None:
            raise ParseError(f"re-sent block {what} has no date")
        return _Block(anchor, kind, site_id, None, time_value, date_text, "", False, True, delivery)

    if hidden_notice is not None:
        return _Block(anchor, kind, site_id, sender, time_value, date_text, "", True, False, delivery)

    if body is None:
        raise ParseError(f"message {what} has no div.correspondence_text body (and no hidden notice)")
    if header is None and time_value is None and date_text is None:
        raise ParseError(f"message {what} has no header (correspondence__header or h2)")
    if date_text is not None and not date_text.strip():
        raise ParseError(f"message {what} has an empty date in its h2 header")

    classes = _BodyClasses(body)
    attachments: list[Attachment] = []
    if kind == "incoming" and classes.may_have("attachment"):
        for li in body.css("li.attachment"):
            attachments.append(_parse_attachment(li, base, what, old=False))
        if not attachments:
            for p in body.css("div.attachments p.attachment"):
                attachments.append(_parse_attachment(p, base, what, old=True))
        if not attachments and body.css_first("div.attachments") is not None:
            raise ParseError(f"message {what}: div.attachments has no li.attachment or p.attachment items")

    text = _text_of(body, classes.furniture(body))
    # the main body part itself hidden: the message keeps its attachments but has no text
    hidden = (not text and classes.may_have("hidden_attachment")
              and body.css_first("p.hidden_attachment") is not None)
    return _Block(anchor, kind, site_id, sender, time_value, date_text, text, hidden, False,
                  delivery if kind == "outgoing" else None, attachments)


_EVENT_TYPES_BY_KIND = {
    "incoming": {"response"},
    "outgoing": {"sent", "followup_sent", "resent", "followup_resent", "send_error"},
    "annotation": {"comment"},
}


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
    calculated = _status(tree)

    og = tree.css_first("meta[property='og:url']")
    base = page_url or (og.attrs.get("content") if og is not None else None) or None
    markup_slug = _page_slug(tree)
    url_slug = _slug_from_url(page_url)
    slug = url_slug if url_slug and not url_slug.isdigit() else markup_slug

    data = _load_json(request_json) if request_json is not None else None
    if data is not None:
        if slug is None:
            slug = str(data["url_title"])
        elif markup_slug is not None and str(data["url_title"]) != markup_slug:
            raise ParseError(
                f"request JSON is for {data['url_title']!r} but the page is {markup_slug!r}"
            )
    if slug is None:
        raise ParseError("no request slug: give page_url, or the page needs og:url / permalinks")

    # merge blocks into messages, one per anchor (re-sent blocks reuse the outgoing id)
    parsed = [_parse_block(b, base, notices) for b in blocks]
    by_anchor: dict[str, list[_Block]] = {}
    order: list[str] = []
    for pb in parsed:
        if pb.anchor not in by_anchor:
            by_anchor[pb.anchor] = []
            order.append(pb.anchor)
        by_anchor[pb.anchor].append(pb)

    events = _events_from_json(data) if data is not None else []
    event_by_anchor: dict[str, Event] = {}
    for ev in events:
        a = ev.message_anchor
        if a is not None and a not in event_by_anchor:
            event_by_anchor[a] = ev

    messages: list[Message] = []
    for anchor in order:
        group = by_anchor[anchor]
        main = next((g for g in group if g.raw_text), None) or next((g for g in group if not g.resent), group[0])
        ev = event_by_anchor.get(anchor)
        if data is not None:
            if ev is None:
                raise ParseError(f"message {anchor} on the page has no event in the request JSON")
            if ev.event_type not in _EVENT_TYPES_BY_KIND[main.kind]:
                raise ParseError(
                    f"message {anchor} is {main.kind} on the page but its JSON event is {ev.event_type!r}"
                )
        if main.time_value is not None:
            sent_at: str | None = main.time_value
        elif ev is not None and ev.created_at:
            sent_at = ev.created_at
        elif main.date_text is not None:
            sent_at = _date_from_text(main.date_text, anchor)
        else:
            sent_at = None
        messages.append(
            Message(
                anchor=anchor,
                kind=main.kind,  # type: ignore[arg-type]
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
        )

    if data is not None:
        on_page = set(order)
        for ev in events:
            a = ev.message_anchor
            if ev.event_type in ("sent", "followup_sent", "response") and a not in on_page:
                raise ParseError(f"request JSON event {ev.id} ({ev.event_type}, {a}) is missing from the page")
        authority_json = _authority_from_json(data.get("public_body"))
        if authority_json.url_name != authority.url_name:
            raise ParseError(
                f"request JSON authority {authority_json.url_name!r} differs from the page's {authority.url_name!r}"
            )
        requester_json = _user_from_json(data)
        if requester.url_name is not None and requester_json.url_name not in (None, requester.url_name):
            raise ParseError(
                f"request JSON requester {requester_json.url_name!r} differs from the page's {requester.url_name!r}"
            )
        authority = authority_json
        requester = User(
            url_name=requester.url_name or requester_json.url_name,
            name=requester.name or requester_json.name,
            id=requester_json.id,
        )

    return Thread(
        slug=slug,
        title=title,
        authority=authority,
        requester=requester,
        status=(data.get("described_state") if data is not None else calculated),
        request_id=_opt_int(data.get("id")) if data is not None else None,
        display_status=data.get("display_status") if data is not None else None,
        calculated_status=calculated,
        law_used=data.get("law_used") if data is not None else None,
        prominence=data.get("prominence") if data is not None else None,
        created_at=data.get("created_at") if data is not None else None,
        updated_at=data.get("updated_at") if data is not None else None,
        awaiting_description=(
            bool(data.get("awaiting_description")) if data is not None
            else calculated == "waiting_classification"
        ),
        tags=list(data.get("tags") or []) if data is not None else [],
        messages=messages,
        events=events,
        source_url=page_url,
    )


# --------------------------------------------------------------------------------------------
# Listings: /list, /body/<x>, /user/<x>
# --------------------------------------------------------------------------------------------


@dataclass
class ListItem:
    slug: str
    title: str
    url: str  #: absolute URL of the request (without the anchor)
    status: str | None  #: the status code from the listing's ``icon_<status>``
    description: str | None  #: the listing's excerpt / event description
    anchor: str | None  #: ``incoming-N`` etc. when the listing links to a message


@dataclass
class ListPage:
    items: list[ListItem]
    current_page: int | None
    next_url: str | None
    last_page: int | None
    total: int | None  #: the "About N … found" count, when shown


_LIST_CONTAINER_CSS = (
    "div.results_section, div.results_block, h2.foi_results, div.authority__body, "
    "#user_profile_search, div.request_listing"
)
_TOTAL_RE = re.compile(r"\b(?:about|approximately)\s+(\d[\d,]*)|(\d[\d,]*)\s+(?:FOI\s+)?requests?\s+found", re.IGNORECASE)


def parse_list_page(html: str, *, page_url: str) -> ListPage:
    """Request listings (``/list``, ``/body/<x>``, ``/user/<x>``) with their pagination."""
    if not isinstance(html, str):
        raise ParseError("listing page must be decoded text (str)")
    tree = LexborHTMLParser(html)
    if tree.css_first(_LIST_CONTAINER_CSS) is None:
        title_node = tree.css_first("title")
        title = _norm(title_node.text()) if title_node else ""
        if tree.css_first(_BLOCK_PAGE_CSS) is not None or _BLOCK_TITLE_RE.match(title):
            raise ParseError(f"block/challenge page instead of a request listing (title {title!r})")
        raise ParseError("not a request listing: no div.request_listing and no results section found")
    _check_complete(tree, html)

    items: list[ListItem] = []
    for listing in tree.css("div.request_listing"):
        link = listing.css_first("span.head a[href]") or listing.css_first("a[href*='/request/']")
        if link is None:
            raise ParseError("request listing without a title link (span.head a)")
        href = (link.attrs.get("href") or "").strip()
        slug = _slug_from_url(href)
        if not slug:
            raise ParseError(f"request listing link {href!r} is not a /request/ URL")
        parts = urlsplit(urljoin(page_url, href))
        anchor = parts.fragment if _ANCHOR_RE.match(parts.fragment or "") else None
        status = None
        for n in listing.css("[class*='icon_']"):
            m = _ICON_CLASS_RE.search(n.attrs.get("class") or "")
            if m:
                status = m.group(1)
                break
        desc_node = listing.css_first("span.desc") or listing.css_first("div.requester")
        description = _norm(desc_node.text()) if desc_node is not None else None
        items.append(
            ListItem(
                slug=slug,
                title=_norm(link.text()),
                url=parts._replace(fragment="", query="").geturl(),
                status=status,
                description=description or None,
                anchor=anchor,
            )
        )

    current = next_url = last = None
    pag = tree.css_first("div.pagination")
    if pag is not None:
        cur = pag.css_first("em.current, span.current")
        if cur is not None and _norm(cur.text()).isdigit():
            current = int(_norm(cur.text()))
        nxt = pag.css_first("a.next_page[href], a[rel~='next'].next_page")
        if nxt is not None:
            next_url = urljoin(page_url, nxt.attrs.get("href") or "")
        numbers = [int(_norm(n.text())) for n in pag.css("a, em, span") if _norm(n.text()).isdigit()]
        last = max(numbers) if numbers else None
    elif items:
        current = last = 1

    total = None
    head = tree.css_first("h2.foi_results")
    if head is not None:
        m = _TOTAL_RE.search(_norm(head.text()))
        if m:
            total = int((m.group(1) or m.group(2)).replace(",", ""))
    return ListPage(items=items, current_page=current, next_url=next_url, last_page=last, total=total)
