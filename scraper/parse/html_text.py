"""HTML → text: a message body (or any page) as paragraphs and lines, the way a browser shows it.

Sentinel characters mark paragraph, line and cell breaks while the tree is walked; one pass at the
end (:func:`_finish_text`) turns them into blank lines, newlines and tabs. ``benchmarks/baseline_bs4.py``
emits the same marks from BeautifulSoup, so the two are compared text for text.
"""

from __future__ import annotations

import re
from itertools import repeat

from selectolax.lexbor import LexborHTMLParser, LexborNode, create_tag

from scraper.parse.common import _WS

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
_SKIP_CSS = "span.unfold_link, div.attachments, p.hidden_attachment, p.hidden_message, div.view_html_prefix"
_TAB_ETC = re.compile(r"[\t\r\f]")
# (from the start of a run of blanks only: tried from inside a long run that no line mark ends, the
# pattern would rescan the rest of the run from each of its characters)
_LINE_RUN = re.compile("(?<![ \n])[ \n]*\ufdd1[ \n\ufdd1]*")


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
