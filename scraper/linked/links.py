"""Linked pages, the pure part: which links to archive, and the text people want from a page.

Answers often live on the authority's own site ("the information is published on our website",
"see our disclosure log"). This module decides, from the text of a thread's messages, which of
the URLs they cite are worth keeping (:func:`select_links`), and turns an archived page into its
title and main text (:func:`extract_page`). Both are pure; fetching, WARC files and the archive
are in :mod:`scraper.crawl.linked_pages`, :mod:`scraper.linked.warc` and :mod:`scraper.archive.linked`.

Which links (:class:`LinkPolicy`): those on the authority's own hosts (the host of its home page
from the request JSON, with or without ``www.``, plus the hosts ``[linked_pages.authority_hosts]``
names for it) and those on the ``[linked_pages] hosts`` allowlist (``*.gov.uk`` is gov.uk and every
host under it). Never the Alaveteli site itself, never a login, account or search URL. robots.txt
is the fetch step's to apply, per host.

The text (:func:`extract_page`): a selectolax rule set, measured against trafilatura on the
sample's disclosure-log pages (``benchmarks/bench_linked.py``, figures in BENCHMARKS.md). It drops
what sites put around the answer (cookie banners, quick-exit buttons, navigation, "this site is a
beta", feedback widgets, share links, footers) and keeps every paragraph of the main content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper import parse

__all__ = [
    "Candidate", "Extracted", "LinkPolicy", "extract_page", "extract_urls", "host_matches",
    "is_login_or_search", "normalise_url", "select_links",
]

# --------------------------------------------------------------------------------------------
# Finding URLs in text
# --------------------------------------------------------------------------------------------

#: A URL as Alaveteli links it in message text (``make_clickable``): http(s)://… or www.…, up to
#: whitespace or angle brackets; trailing punctuation is trimmed after the match.
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]+")
_TRAILING = ".,;:!?'\"*"
_PAIRS = {")": "(", "]": "[", "}": "{"}


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last in _PAIRS and url.count(last) > url.count(_PAIRS[last]):
            url = url[:-1]
        else:
            break
    return url


def extract_urls(text: str) -> list[str]:
    """Every URL cited in ``text``, in order of appearance, as written (trailing punctuation trimmed)."""
    return [u for u in (_trim(m.group(0)) for m in _URL.finditer(text or "")) if len(u) > 8]


def normalise_url(url: str) -> str | None:
    """A URL as the archive keys it: scheme and host lower case, default port and fragment dropped,
    ``www.…`` given ``http://``; None if it is not a usable http(s) URL."""
    if url.lower().startswith("www."):
        url = "http://" + url
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if not re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:.]+\]", host) or ".." in host:
        return None
    scheme = parts.scheme.lower()
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


# --------------------------------------------------------------------------------------------
# Which links
# --------------------------------------------------------------------------------------------

_LOGIN_SEGMENT = re.compile(
    r"(?i)^(log-?in|log_in|logon|log-?out|sign-?in|sign_in|sign-?up|sign_up|sign-?out|register|"
    r"account|accounts|my-?account|auth|oauth2?|sso|saml|password|wp-login\.php|wp-admin|"
    r"users?/sign_in|session|sessions|profile|search|search-results|searchresults|site-?search|"
    r"find|results)$"
)
_SEARCH_PARAMS = frozenset({"q", "query", "search", "s", "keywords", "keyword", "term", "searchterm",
                            "search_query", "k", "text"})


def is_login_or_search(url: str) -> bool:
    """A login, account or search URL (never archived: they are per-visitor, or endless)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if any(_LOGIN_SEGMENT.match(s) or s.lower().startswith(("login.", "signin.", "search.")) for s in segments):
        return True
    names = {p.split("=", 1)[0].lower() for p in parts.query.split("&") if p}
    return bool(names & _SEARCH_PARAMS)


def host_matches(host: str, pattern: str) -> bool:
    """``pattern`` is a host name (``www.example.gov.uk``), or ``*.`` and a domain: that domain
    and every host under it (``*.gov.uk`` matches gov.uk and www.nhs.gov.uk, not evilgov.uk)."""
    host, pattern = host.lower().rstrip("."), pattern.lower().rstrip(".")
    if pattern.startswith("*."):
        domain = pattern[2:]
        return host == domain or host.endswith("." + domain)
    return host == pattern


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True)
class LinkPolicy:
    """What may be archived: allowlisted hosts, each authority's hosts, and the sites never to fetch."""

    hosts: tuple[str, ...] = ()  #: ``[linked_pages] hosts`` patterns
    authority_hosts: tuple[tuple[str, tuple[str, ...]], ...] = ()  #: (url_name, patterns)
    site_hosts: frozenset[str] = frozenset()  #: the Alaveteli sites (never archived)

    def authority_patterns(self, authority: str | None, home_page: str | None) -> tuple[str, ...]:
        """The hosts an authority's links may point to: its home page's host (with or without
        ``www.``) and the hosts configured for it."""
        patterns: list[str] = []
        home = normalise_url(home_page) if home_page else None
        if home:
            host = urlsplit(home).hostname or ""
            patterns += [host, _bare(host), "www." + _bare(host)]
        for name, extra in self.authority_hosts:
            if name == authority:
                patterns += extra
        return tuple(dict.fromkeys(p for p in patterns if p))

    def is_site(self, host: str) -> bool:
        bare = _bare(host.lower())
        return any(_bare(s.lower().split(":")[0]) == bare for s in self.site_hosts)

    def reason_to_skip(self, url: str, authority_patterns: Sequence[str] = ()) -> str | None:
        """Why ``url`` (normalised) is not archived, or None if it is."""
        host = urlsplit(url).hostname or ""
        if self.is_site(host):
            return "the Alaveteli site itself"
        if not any(host_matches(host, p) for p in (*authority_patterns, *self.hosts)):
            return "not the authority's site nor on the allowlist"
        if is_login_or_search(url):
            return "a login or search URL"
        return None


@dataclass(frozen=True)
class Candidate:
    """A link chosen for archiving: the URL (normalised), as written, and the messages citing it."""

    url: str
    cited_as: str
    citations: tuple[tuple[object, str], ...] = field(default=())  #: (message key, source)


def select_links(
    texts: Iterable[tuple[object, str, str]],
    policy: LinkPolicy,
    *,
    authority: str | None = None,
    home_page: str | None = None,
    limit: int = 20,
) -> list[Candidate]:
    """The links of one thread to archive, in order of first citation, at most ``limit`` of them.

    ``texts`` are ``(message key, source, text)`` in thread order: the cleaned text of incoming
    messages and annotations (source ``message``) and of their attachments (``attachment``). A URL
    cited several times is one candidate listing every citation.
    """
    patterns = policy.authority_patterns(authority, home_page)
    chosen: dict[str, tuple[str, list[tuple[object, str]]]] = {}
    for key, source, text in texts:
        for written in extract_urls(text):
            url = normalise_url(written)
            if url is None:
                continue
            if url in chosen:
                if (key, source) not in chosen[url][1]:
                    chosen[url][1].append((key, source))
                continue
            if len(chosen) >= limit or policy.reason_to_skip(url, patterns) is not None:
                continue
            chosen[url] = (written, [(key, source)])
    return [Candidate(url, written, tuple(cites)) for url, (written, cites) in chosen.items()]


# --------------------------------------------------------------------------------------------
# The text of a page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str


#: Words of class and id names that mark site furniture rather than content.
_CHROME_TOKENS = frozenset("""
    banner beta phase feedback survey rating helpful skip breadcrumb breadcrumbs crumb crumbs
    share sharing social newsletter subscribe popup modal overlay toolbar masthead header footer
    nav navbar navigation menu menus sidebar related promo promotion advert advertisement ads
    search searchbox login signin print copyright logo exit quickexit leftcol rightcol sidecol
    alert notice tags pager pagination comments widget
""".split())
_CHROME_PARTS = ("cookie", "consent", "gdpr", "feedback", "breadcrumb", "newsletter", "banner", "popup",
                 "quick-exit", "quickexit", "skiplink", "skip-link", "socialmedia")
#: Whole-block texts that are furniture wherever they appear.
_CHROME_TEXT = re.compile(
    r"(?i)^\s*(share this( page)?|was this page (helpful|useful)\??|did you find this page (helpful|useful)|"
    r"is this page useful\??|print this page|back to top|skip to (main )?content|report a problem with this page|"
    r"page last (updated|reviewed)|last updated)\b"
)
_MAIN_CSS = ("main", "[role='main']", "article", "#main-content", "#maincontent", "#main", "#content",
             ".main-content", ".content")
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
        text = parse.html_to_text(root)
    except RecursionError:  # blocks nested thousands deep: their text, one block a line
        text = "\n".join(line.strip() for line in (root.text(deep=True, separator="\n") or "").splitlines()
                         if line.strip())
    return Extracted(title, text.strip())


_DROP_TAGS = frozenset("""script style noscript template svg canvas iframe object embed form button input
    select textarea label dialog nav aside menu""".split())
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
            if tag in _DROP_TAGS or (child.attrs.get("role") or "") in _DROP_ROLES \
                    or "hidden" in child.attrs or child.attrs.get("aria-hidden") == "true" \
                    or (tag in ("header", "footer") and not in_article) or _is_chrome(child) \
                    or (tag in _LINK_ROWS and _link_heavy(child)) \
                    or (tag in _BLOCKS and bool(_CHROME_TEXT.match(_text(child)))):
                found.append(child)
            else:
                stack.append((child, in_article or tag == "article"))
    return found
