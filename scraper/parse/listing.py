"""Request listings (``/list``, ``/body/<x>``, ``/user/<x>``) with their pagination."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.parse.common import (
    _ANCHOR_RE,
    _BLOCK_PAGE_CSS,
    _BLOCK_TITLE_RE,
    _ICON_CLASS_RE,
    ParseError,
    _check_complete,
    _norm,
    _slug_from_url,
)


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
_TOTAL_RE = re.compile(
    r"\b(?:about|approximately)\s+(\d[\d,]*)|(\d[\d,]*)\s+(?:FOI\s+)?requests?\s+found", re.IGNORECASE
)


def _list_item(listing: LexborNode, page_url: str) -> ListItem:
    """One ``div.request_listing``: the request, its status icon, its excerpt, the message it links to."""
    link = listing.css_first("span.head a[href]") or listing.css_first("a[href*='/request/']")
    if link is None:
        raise ParseError("request listing without a title link (span.head a)")
    href = (link.attrs.get("href") or "").strip()
    slug = _slug_from_url(href)
    if not slug:
        raise ParseError(f"request listing link {href!r} is not a /request/ URL")
    parts = urlsplit(urljoin(page_url, href))
    status = None
    for n in listing.css("[class*='icon_']"):
        m = _ICON_CLASS_RE.search(n.attrs.get("class") or "")
        if m:
            status = m.group(1)
            break
    desc_node = listing.css_first("span.desc") or listing.css_first("div.requester")
    description = _norm(desc_node.text()) if desc_node is not None else None
    return ListItem(
        slug=slug,
        title=_norm(link.text()),
        url=parts._replace(fragment="", query="").geturl(),
        status=status,
        description=description or None,
        anchor=parts.fragment if _ANCHOR_RE.match(parts.fragment or "") else None,
    )


def _pagination(tree: LexborHTMLParser, page_url: str, has_items: bool) -> tuple[int | None, str | None, int | None]:
    """``(current page, next page's URL, last page)`` from ``div.pagination`` (a lone page has none)."""
    pag = tree.css_first("div.pagination")
    if pag is None:
        return (1, None, 1) if has_items else (None, None, None)
    current = next_url = None
    cur = pag.css_first("em.current, span.current")
    if cur is not None and _norm(cur.text()).isdigit():
        current = int(_norm(cur.text()))
    nxt = pag.css_first("a.next_page[href], a[rel~='next'].next_page")
    if nxt is not None:
        next_url = urljoin(page_url, nxt.attrs.get("href") or "")
    numbers = [int(_norm(n.text())) for n in pag.css("a, em, span") if _norm(n.text()).isdigit()]
    return current, next_url, max(numbers) if numbers else None


def _total(tree: LexborHTMLParser) -> int | None:
    """The "About N … found" count, when the listing shows one."""
    head = tree.css_first("h2.foi_results")
    # (a heading's first few hundred characters: the count is near its start, and a long run of
    # digits would make the pattern rescan it from each one)
    m = _TOTAL_RE.search(_norm(head.text())[:300]) if head is not None else None
    return int((m.group(1) or m.group(2)).replace(",", "")) if m else None


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
    items = [_list_item(listing, page_url) for listing in tree.css("div.request_listing")]
    current, next_url, last = _pagination(tree, page_url, bool(items))
    return ListPage(items=items, current_page=current, next_url=next_url, last_page=last, total=_total(tree))
