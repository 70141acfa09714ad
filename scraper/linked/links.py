"""Which links of a thread to archive: the URLs its messages cite, normalised, and the policy that
keeps those on the authority's own hosts or the allowlist.

Which links (:class:`LinkPolicy`): those on the authority's own hosts (the host of its home page
from the request JSON, with or without ``www.``, plus the hosts ``[linked_pages.authority_hosts]``
names for it) and those on the ``[linked_pages] hosts`` allowlist (``*.gov.uk`` is gov.uk and every
host under it). Never the Alaveteli site itself, never a login, account or search URL. robots.txt
is the fetch step's to apply, per host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "Candidate",
    "LinkPolicy",
    "extract_urls",
    "host_matches",
    "is_login_or_search",
    "normalise_url",
    "select_links",
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
_SEARCH_PARAMS = frozenset(
    {"q", "query", "search", "s", "keywords", "keyword", "term", "searchterm", "search_query", "k", "text"}
)


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
