"""The text people want from an archived page: its title and main text, the site's furniture left out.

A selectolax rule set, measured against trafilatura on the sample's disclosure-log pages
(``benchmarks/bench_linked.py``, figures in BENCHMARKS.md). It drops what sites put around the
answer (cookie banners, quick-exit buttons, navigation, "this site is a beta", feedback widgets,
share links, footers) and keeps every paragraph of the main content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.parse import html_to_text


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str


#: Words of class and id names that mark site furniture rather than content.
_CHROME_TOKENS = frozenset(
    """
    banner beta phase feedback survey rating helpful skip breadcrumb breadcrumbs crumb crumbs
    share sharing social newsletter subscribe popup modal overlay toolbar masthead header footer
    nav navbar navigation menu menus sidebar related promo promotion advert advertisement ads
    search searchbox login signin print copyright logo exit quickexit leftcol rightcol sidecol
    alert notice tags pager pagination comments widget
""".split()
)
_CHROME_PARTS = (
    "cookie",
    "consent",
    "gdpr",
    "feedback",
    "breadcrumb",
    "newsletter",
    "banner",
    "popup",
    "quick-exit",
    "quickexit",
    "skiplink",
    "skip-link",
    "socialmedia",
)
#: Whole-block texts that are furniture wherever they appear.
_CHROME_TEXT = re.compile(
    r"(?i)^\s*(share this( page)?|was this page (helpful|useful)\??|did you find this page (helpful|useful)|"
    r"is this page useful\??|print this page|back to top|skip to (main )?content|report a problem with this page|"
    r"page last (updated|reviewed)|last updated)\b"
)
_MAIN_CSS = (
    "main",
    "[role='main']",
    "article",
    "#main-content",
    "#maincontent",
    "#main",
    "#content",
    ".main-content",
    ".content",
)
_SENTINELS = re.compile("[\ufdd0-\ufdd5]")
_TOKEN_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")


def _tokens(node: LexborNode) -> list[str]:
    names = f"{node.attrs.get('class') or ''} {node.attrs.get('id') or ''}"
    return [t.lower() for t in _TOKEN_SPLIT.split(names) if t]


def _is_chrome(node: LexborNode) -> bool:
    names = f"{node.attrs.get('class') or ''} {node.attrs.get('id') or ''}".lower()
    if not names.strip():
        return False
    if any(part in names for part in _CHROME_PARTS):
        return True
    return any(t in _CHROME_TOKENS for t in _tokens(node))


def _text(node: LexborNode) -> str:
    return re.sub(r"\s+", " ", node.text(deep=True) or "").strip()


def _link_heavy(node: LexborNode) -> bool:
    """A block that is mostly a row of links (footer link lists, "related" lists outside <aside>)."""
    links = node.css("a")
    if len(links) < 3:
        return False
    text = _text(node)
    linked = sum(len(_text(a)) for a in links)
    return bool(text) and linked / len(text) >= 0.6


def _main_root(tree: LexborHTMLParser) -> LexborNode | None:
    for css in _MAIN_CSS:
        for node in tree.css(css):
            if len(_text(node)) >= 200:
                return node
    return tree.body


def _title(tree: LexborHTMLParser, root: LexborNode | None) -> str:
    h1 = (root.css_first("h1") if root is not None else None) or tree.css_first("h1")
    if h1 is not None and _text(h1):
        return _text(h1)
    title = tree.css_first("title")
    return _text(title) if title is not None else ""


def extract_page(html: str) -> Extracted:
    """The title and main text of an HTML page, the site's furniture left out.

    Text keeps the page's blocks as paragraphs (a blank line between them); link texts, list items
    and table cells are kept. Returns empty text when no content is left.
    """
    tree = LexborHTMLParser(_SENTINELS.sub("", html))
    root = _main_root(tree)
    title = _title(tree, root)
    if root is None:
        return Extracted(title, "")
    for node in _furniture(root):
        node.decompose()
    try:
        text = html_to_text(root)
    except RecursionError:  # blocks nested thousands deep: their text, one block a line
        text = "\n".join(
            line.strip() for line in (root.text(deep=True, separator="\n") or "").splitlines() if line.strip()
        )
    return Extracted(title, text.strip())


_DROP_TAGS = frozenset(
    """script style noscript template svg canvas iframe object embed form button input
    select textarea label dialog nav aside menu""".split()
)
_DROP_ROLES = frozenset("navigation banner contentinfo search dialog alertdialog complementary menu menubar".split())
_BLOCKS = frozenset(("div", "ul", "ol", "section", "p", "table"))
#: Only these are judged by their share of link text: a list of documents in the content is content.
_LINK_ROWS = frozenset(("div", "section"))


def _furniture(root: LexborNode) -> list[LexborNode]:
    """The nodes under ``root`` to drop, outermost only (their descendants go with them)."""
    found: list[LexborNode] = []
    stack: list[tuple[LexborNode, bool]] = [(root, root.tag == "article")]
    while stack:  # a stack, not recursion: pages can nest deeper than Python recurses
        node, in_article = stack.pop()
        for child in node.iter():
            tag = child.tag
            if (
                tag in _DROP_TAGS
                or (child.attrs.get("role") or "") in _DROP_ROLES
                or "hidden" in child.attrs
                or child.attrs.get("aria-hidden") == "true"
                or (tag in ("header", "footer") and not in_article)
                or _is_chrome(child)
                or (tag in _LINK_ROWS and _link_heavy(child))
                or (tag in _BLOCKS and bool(_CHROME_TEXT.match(_text(child))))
            ):
                found.append(child)
            else:
                stack.append((child, in_article or tag == "article"))
    return found
