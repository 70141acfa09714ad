"""What the parsers share: the error they raise, text normalisation, the patterns of Alaveteli's
URLs and anchors, and the checks that a page came whole and is not a block page."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode


class ParseError(ValueError):
    """The input is not what we expected; the message names what was missing or unrecognised."""


_WS = re.compile(r"[ \t\n\r\f]+")
_ANCHOR_RE = re.compile(r"^(incoming|outgoing|comment)-(\d+)$")
_REQUEST_PATH_RE = re.compile(r"/request/([^/?#.]+)")
_ICON_CLASS_RE = re.compile(r"\bicon_([a-z_]+)")
_HTML_END_RE = re.compile(r"</html\s*>", re.IGNORECASE)
_BLOCK_PAGE_CSS = (
    "#cf-wrapper, #challenge-form, #challenge-error-text, #cf-challenge-running, "
    ".cf-error-details, script[src*='challenge-platform'], #challenge-body-text"
)
_BLOCK_TITLE_RE = re.compile(
    r"^\s*(just a moment|attention required|access denied|please wait|checking your browser|"
    r"too many requests|service unavailable|\d{3} [a-z ]+)\b",
    re.IGNORECASE,
)


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


def _slug_from_url(url: str | None) -> str | None:
    if not url:
        return None
    m = _REQUEST_PATH_RE.search(urlsplit(url.strip()).path)
    if not m:
        return None
    return unquote(m.group(1))


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
