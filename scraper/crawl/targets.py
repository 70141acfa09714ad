"""What to archive: request slugs, URLs and ids, and the listings to follow (authorities, users,
``/list`` queries), read and checked before anything is fetched or written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

#: The listing statuses (``/list/<status>``, ``/body/<x>/<status>``) Alaveteli offers.
LIST_STATUSES = ("successful", "unsuccessful", "awaiting")

_SLUG = re.compile(r"^[a-z0-9_]+$")
_REQUEST_PATH = re.compile(r"^/(?:[a-z]{2}/)?request/([^/?#.]+)")


class TargetError(ValueError):
    """A target that is not a request slug, request URL on the configured site, or id."""


def request_path(target: str, base_url: str) -> str:
    """Map a slug, numeric id or request URL of the configured site to ``/request/<x>``."""
    t = target.strip()
    if t.isdigit():
        return f"/request/{t}"
    if "://" in t:
        parts = urlsplit(t)
        base = urlsplit(base_url)
        if parts.netloc != base.netloc:
            raise TargetError(
                f"{target} is not on the configured site {base_url}; use --base-url to archive another site."
            )
        slug = request_slug(parts.path)
        if slug is None:
            raise TargetError(f"{target} is not a request URL (/request/<slug>).")
        t = slug
    if t.isdigit():
        return f"/request/{t}"
    if not _SLUG.match(t):
        raise TargetError(f"'{target}' is not a request slug, request URL or numeric id.")
    return f"/request/{t}"


def request_slug(path: str) -> str | None:
    """The slug (or id) of a request page's path (``/request/<x>``, ``/cy/request/<x>``), else None."""
    m = _REQUEST_PATH.match(path)
    return unquote(m.group(1)) if m else None


@dataclass(frozen=True)
class Listing:
    """A followed listing: an authority's, a user's, or a ``/list`` query."""

    kind: str  #: authority, user or list
    name: str = ""  #: url_name for authority/user
    query: str = ""
    tag: str = ""
    status: str = ""  #: successful, unsuccessful, awaiting
    after: date | None = None
    before: date | None = None

    @property
    def key(self) -> str:
        """Stable name of the target in the archive (``authority:home_office``, ``list:query=x``)."""
        if self.kind in ("authority", "user"):
            return f"{self.kind}:{self.name}"
        parts = [
            (k, v)
            for k, v in (
                ("query", self.query),
                ("tag", self.tag),
                ("status", self.status),
                ("after", self.after.isoformat() if self.after else ""),
                ("before", self.before.isoformat() if self.before else ""),
            )
            if v
        ]
        return "list:" + urlencode(parts)

    @property
    def splittable(self) -> bool:
        """Whether the listing takes date filters (a user's page does not)."""
        return self.kind in ("authority", "list")

    @property
    def path(self) -> str:
        if self.kind == "authority":
            return f"/body/{self.name}" + (f"/{self.status}" if self.status else "")
        if self.kind == "user":
            return f"/user/{self.name}"
        return "/list" + (f"/{self.tag}" if self.tag else "") + (f"/{self.status}" if self.status else "")

    def url(self, page: int = 1, after: date | None = None, before: date | None = None) -> str:
        after = after or self.after
        before = before or self.before
        params: list[tuple[str, str]] = []
        if self.query:
            params.append(("query", self.query))
        if after:
            params.append(("request_date_after", after.strftime("%Y/%m/%d")))
        if before:
            params.append(("request_date_before", before.strftime("%Y/%m/%d")))
        if page > 1:
            params.append(("page", str(page)))
        return self.path + (f"?{urlencode(params)}" if params else "")


def _name(value: str, what: str) -> str:
    value = unquote(value.strip().strip("/"))
    if not value or "/" in value or not all(c.isalnum() or c in "_-." for c in value):
        raise TargetError(f"'{value}' is not a valid {what} url_name.")
    return value


def _date(value: str | None, what: str) -> date | None:
    if not value:
        return None
    text = value.strip().replace("/", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TargetError(f"{what} '{value}' is not a date (yyyy-mm-dd).") from None


def list_target(
    *, query: str = "", tag: str = "", status: str = "", after: str | None = None, before: str | None = None
) -> Listing:
    """A ``/list`` query target from its parts (as in ``[targets] lists``)."""
    if status and status not in LIST_STATUSES:
        raise TargetError(f"list status '{status}' is not one of {', '.join(LIST_STATUSES)}.")
    if tag:
        tag = _name(tag, "tag")
    a, b = _date(after, "after"), _date(before, "before")
    if a and b and a > b:
        raise TargetError(f"list dates: after {a} is later than before {b}.")
    return Listing("list", query=query.strip(), tag=tag, status=status, after=a, before=b)


def parse_listing(text: str, base_url: str) -> Listing | None:
    """A listing target from ``authority:<x>``, ``user:<x>``, ``list:<query string>`` or a
    ``/body/``, ``/user/`` or ``/list`` URL of the site; None for anything else (a request)."""
    t = text.strip()
    for prefix, kind in (("authority:", "authority"), ("body:", "authority"), ("user:", "user")):
        if t.startswith(prefix):
            return Listing(kind, name=_name(t[len(prefix) :], kind))
    if t.startswith("list:"):
        return _list_from_query(t[5:], "", "")
    if "://" in t or t.startswith("/"):
        parts = urlsplit(t)
        if "://" in t and parts.netloc != urlsplit(base_url).netloc:
            if any(seg in parts.path for seg in ("/body/", "/user/", "/list")):
                raise TargetError(f"{t} is not on the configured site {base_url}.")
            return None
        segments = [s for s in parts.path.split("/") if s]
        if segments and len(segments[0]) == 2 and segments[1:2] and segments[1] in ("body", "user", "list"):
            segments = segments[1:]  # a locale prefix such as /cy/
        if len(segments) >= 2 and segments[0] == "body":
            status = segments[2] if len(segments) > 2 and segments[2] in LIST_STATUSES else ""
            return Listing("authority", name=_name(segments[1], "authority"), status=status)
        if len(segments) >= 2 and segments[0] == "user":
            return Listing("user", name=_name(segments[1], "user"))
        if segments and segments[0] == "list":
            rest = [s for s in segments[1:] if s not in ("all", "recent")]
            status = rest.pop() if rest and rest[-1] in LIST_STATUSES else ""
            tag = rest[0] if rest else ""
            return _list_from_query(parts.query, tag, status)
    return None


def _list_from_query(query: str, tag: str, status: str) -> Listing:
    q = dict(parse_qsl(query))
    return list_target(
        query=q.get("query", ""),
        tag=q.get("tag", tag),
        status=q.get("status", status),
        after=q.get("after") or q.get("request_date_after"),
        before=q.get("before") or q.get("request_date_before"),
    )


def split_targets(targets: list[str], base_url: str) -> tuple[list[Listing], list[str]]:
    """A site's targets as the listings to follow (each once) and the requests to archive;
    TargetError for the first that is neither. Nothing is fetched."""
    listings: list[Listing] = []
    requests: list[str] = []
    for target in targets:
        listing = parse_listing(target, base_url)
        if listing is None:
            request_path(target, base_url)
            requests.append(target)
        elif listing not in listings:
            listings.append(listing)
    return listings, requests
