"""The request-page extraction of :mod:`scraper.parse`, written with BeautifulSoup (html.parser).

This is the benchmark baseline: what an existing scraper would write. It extracts the same fields
with the same text rules as :func:`scraper.parse.parse_request_page` for the current Alaveteli
markup (the markup the sample site serves by default), so that a throughput ratio compares two
implementations of one job, not two jobs. tests/test_bench_baseline.py checks the two agree.
Older markups (2019, pre-2016 ``h2`` headers, ``p.attachment``) are not ported: a page in those
shapes raises :class:`Unsupported`.
"""

from __future__ import annotations

import mimetypes
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from scraper.models import KIND_BY_PREFIX, Attachment, Authority, Message, Thread, User

# The pure helpers below are string functions shared by both implementations on purpose: they
# are not HTML parsing, and sharing them keeps the text rules identical.
from scraper.parse.common import _ANCHOR_RE, _ICON_CLASS_RE, _check_time, _norm, _slug_from_url
from scraper.parse.html_text import (
    _BLOCK_TAGS,
    _BR,
    _CELL,
    _CELL_TAGS,
    _LINE,
    _LINE_TAGS,
    _PARA,
    _PRE_NL,
    _PRE_SP,
    _PRE_TAB,
    _SKIP_CSS,
    _SKIP_TAGS,
    _finish_text,
    _without_sentinels,
)
from scraper.parse.request_page import (
    _ATTACH_RE,
    _BODY_PATH_RE,
    _ICON_TYPE_RE,
    _SIZE_RE,
    _STATUS_CLASS_RE,
    _USER_PATH_RE,
    _absolute,
    _sender,
    _size_bytes,
)

_ATTACHMENT_ID_RE = re.compile(r"attachment-(\d+)")


class Unsupported(ValueError):
    """A page shape the baseline does not port (or a page that is not a request page)."""


def _classes(tag: Tag) -> list[str]:
    c = tag.get("class") or []
    return c if isinstance(c, list) else str(c).split()


def _link_text(a: Tag) -> str:
    text = _norm(a.get_text())
    if len(text) > 3 and text.endswith("..."):
        href = str(a.get("href") or "").strip()
        stem = text[:-3]
        if href.startswith(stem):
            return href
        scheme, sep, rest = href.partition("://")
        if sep and "://" not in stem and rest.startswith(stem):
            return rest
    return text


def _emit(node: Tag, out: list[str], skip: set[int]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if isinstance(child, Comment) or type(child) is not NavigableString:
                continue  # comments, doctype, CDATA, processing instructions
            t = str(child)
            if t:  # newlines become spaces in _finish_text
                out.append(t)
            continue
        if not isinstance(child, Tag):
            continue
        tag = child.name
        if tag in _SKIP_TAGS or (skip and id(child) in skip):
            continue
        if tag == "br":
            out.append(_BR)
        elif tag == "a":
            link = _link_text(child)
            out.append(link.replace("\n", _BR) if "\n" in link else link)
        elif tag == "pre":
            out.append(_PARA)
            pre = child.get_text()
            out.append(pre.replace(" ", _PRE_SP).replace("\n", _PRE_NL).replace("\t", _PRE_TAB))
            out.append(_PARA)
        elif tag in _BLOCK_TAGS:
            out.append(_PARA)
            _emit(child, out, skip)
            out.append(_PARA)
        elif tag in _LINE_TAGS:
            out.append(_LINE)
            _emit(child, out, skip)
            out.append(_LINE)
        elif tag in _CELL_TAGS:
            _emit(child, out, skip)
            out.append(_CELL)
        else:
            _emit(child, out, skip)


def html_to_text(node: Tag) -> str:
    skip = {id(n) for n in node.select(_SKIP_CSS)}
    out: list[str] = []
    _emit(node, out, skip)
    return _finish_text(out)


def _time_of(node: Tag | None, what: str) -> str | None:
    if node is None:
        return None
    t = node if node.name == "time" else node.select_one("time")
    if t is None:
        return None
    value = t.get("datetime")
    if not value or not str(value).strip():
        raise Unsupported(f"<time> without a datetime attribute in {what}")
    return _check_time(str(value), what)


def _attachment(li: Tag, base: str | None, what: str) -> Attachment:
    m = _ATTACHMENT_ID_RE.fullmatch(str(li.get("id") or "").strip())
    aid = int(m.group(1)) if m else None
    url = html_url = None
    part = None
    for a in li.select("a[href]"):
        href = str(a.get("href") or "").strip()
        am = _ATTACH_RE.search(href if href.startswith("/") else urlsplit(href).path)
        if am:
            if am.group(2):
                html_url = html_url or _absolute(base, href)
            else:
                url = url or _absolute(base, href)
            if part is None:
                part = int(am.group(3))
    icon_type = None
    for img in li.select("img"):
        im = _ICON_TYPE_RE.search(str(img.get("src") or ""))
        if im and not im.group(1).startswith("unknown"):
            major, _, minor = im.group(1).partition("_")
            icon_type = f"{major}/{minor}"
            break
    name = li.select_one("p.attachment__name")
    filename = _norm(name.get_text()) if name is not None else ""
    hidden = li.select_one("span.hidden_attachment, p.hidden_attachment") is not None
    erased = li.select_one("em") is not None
    if url is None and not hidden:
        if not erased:
            raise Unsupported(f"attachment {filename!r} in {what} has no download link")
        hidden = True
    size_str = None
    content_type = None
    if url:
        meta = " ".join(
            str(s)
            for p in li.select("p.attachment__meta")
            for s in p.find_all(string=True, recursive=False)
            if type(s) is NavigableString
        )
        sm = _SIZE_RE.search(meta)
        size_str = sm.group(0) if sm else None
        content_type = icon_type or mimetypes.guess_type(filename, strict=False)[0]
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


def _block(block: Tag, base: str | None) -> dict[str, Any]:
    m = _ANCHOR_RE.match(str(block.get("id") or "").strip())
    if m is None:
        raise Unsupported("correspondence block without an incoming-/outgoing-/comment-N id")
    anchor, site_id = f"{m.group(1)}-{m.group(2)}", int(m.group(2))
    kind = KIND_BY_PREFIX[m.group(1)]
    out: dict[str, Any] = dict(
        anchor=anchor,
        kind=kind,
        site_id=site_id,
        sender=None,
        sent_at=None,
        raw_text="",
        attachments=[],
        hidden=False,
        delivery_status=None,
        resent=False,
    )
    if kind == "annotation":
        content = block.select_one("div.comment_content") or block
        h2 = content.find("h2", recursive=False)
        if h2 is None:
            raise Unsupported(f"annotation {anchor} has no h2 header")
        user = h2.select_one("a[href]")
        if user is not None:
            out["sender"] = _norm(user.get_text())
        else:
            who, sep, _ = _norm(h2.get_text()).partition(" left an annotation")
            out["sender"] = who if sep and who and who != "You" else None
        out["sent_at"] = _time_of(h2, anchor)
        body = block.select_one("div.comment_in_request_text")
        if body is None or out["sent_at"] is None:
            raise Unsupported(f"annotation {anchor}: no body or no <time>")
        out["raw_text"] = html_to_text(body)
        return out

    header = block.find("div", class_="correspondence__header", recursive=False)
    if header is None:
        raise Unsupported(f"{anchor}: no div.correspondence__header (older markup)")
    author = header.select_one("span.correspondence__header__author")
    if author is None:
        raise Unsupported(f"{anchor}: no author span (older markup)")
    out["sender"] = _sender(author.get_text())
    out["sent_at"] = _time_of(header.select_one("a.correspondence__header__date") or header, anchor)
    if out["sent_at"] is None:
        raise Unsupported(f"{anchor}: no <time datetime>")
    ds = header.select_one("a.toggle-delivery-log")
    delivery = None
    if ds is not None:
        delivery = str(ds.get("data-delivery-status") or "").strip() or None
        if delivery is None:
            dm = re.search(r"toggle-delivery-log--([a-z_]+)", " ".join(_classes(ds)))
            delivery = dm.group(1) if dm else (_norm(ds.get_text()).lower() or None)
    body = block.select_one("div.correspondence_text")
    event_plain = block.find("p", class_="event_plain", recursive=False)
    if event_plain is not None and body is None:
        out.update(sender=None, resent=True, delivery_status=delivery)
        return out
    if block.select_one("p.hidden_message, p#hidden_message") is not None:
        out.update(hidden=True, delivery_status=delivery)
        return out
    if body is None:
        raise Unsupported(f"message {anchor} has no div.correspondence_text body")
    if kind == "incoming":
        out["attachments"] = [_attachment(li, base, anchor) for li in body.select("li.attachment")]
    text = html_to_text(body)
    out["raw_text"] = text
    out["hidden"] = not text and body.select_one("p.hidden_attachment") is not None
    out["delivery_status"] = delivery if kind == "outgoing" else None
    return out


def parse_request_page(html: str, *, page_url: str | None = None) -> Thread:
    """The same :class:`Thread` as ``scraper.parse.parse_request_page(html, page_url=...)``."""
    soup = BeautifulSoup(_without_sentinels(html), "html.parser")
    left = soup.select_one("#left_column")
    h1 = soup.select_one("div.request-header h1")
    sub = soup.select_one("p.request-header__subtitle, p.subtitle")
    if left is None or h1 is None or sub is None:
        raise Unsupported("not a current-markup request page")
    if soup.select_one("#footer, #right_column") is None:
        raise Unsupported("page is truncated")
    blocks = [
        d for d in left.find_all("div", recursive=False) if {"correspondence", "comment_in_request"} & set(_classes(d))
    ]
    if not blocks:
        raise Unsupported("no correspondence blocks")

    body_link = user_link = None
    for a in sub.select("a[href]"):
        path = urlsplit(str(a.get("href") or "")).path
        if body_link is None and _BODY_PATH_RE.search(path):
            body_link = a
        elif user_link is None and (_USER_PATH_RE.search(path) or "/help/privacy" in path):
            user_link = a
    if body_link is None:
        raise Unsupported("no /body/ link")
    bm = _BODY_PATH_RE.search(urlsplit(str(body_link.get("href"))).path)
    assert bm is not None
    authority = Authority(url_name=unquote(bm.group(1)), name=_norm(body_link.get_text()))
    if user_link is not None:
        um = _USER_PATH_RE.search(urlsplit(str(user_link.get("href"))).path)
        requester = User(url_name=unquote(um.group(1)) if um else None, name=_norm(user_link.get_text()))
    else:
        name, sep, _ = _norm(sub.get_text()).partition(" made this ")
        if not sep or not name:
            raise Unsupported("no requester")
        requester = User(url_name=None, name=name)

    status_node = soup.select_one("#request_status")
    if status_node is None:
        raise Unsupported("no #request_status")
    sm = _STATUS_CLASS_RE.search(" ".join(_classes(status_node)))
    if sm is None:
        for n in [status_node, *status_node.select("i")]:
            sm = _ICON_CLASS_RE.search(" ".join(_classes(n)))
            if sm:
                break
    if sm is None:
        raise Unsupported("no status class")
    calculated = sm.group(1)

    og = soup.select_one("meta[property='og:url']")
    base = page_url or (str(og.get("content")) if og is not None else None) or None
    slug = _slug_from_url(page_url)
    if not slug or slug.isdigit():
        slug = _slug_from_url(str(og.get("content"))) if og is not None else None
    if slug is None:
        raise Unsupported("no slug")

    parsed = [_block(b, base) for b in blocks]
    groups: dict[str, list[dict[str, Any]]] = {}
    for pb in parsed:
        groups.setdefault(pb["anchor"], []).append(pb)
    messages = []
    for group in groups.values():
        main = next((g for g in group if g["raw_text"]), None) or next((g for g in group if not g["resent"]), group[0])
        fields = dict(main, resent=any(g["resent"] for g in group))
        messages.append(Message(**fields))
    return Thread(
        slug=slug,
        title=_norm(h1.get_text()),
        authority=authority,
        requester=requester,
        status=calculated,
        calculated_status=calculated,
        awaiting_description=calculated == "waiting_classification",
        messages=messages,
        source_url=page_url,
    )
