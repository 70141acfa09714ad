"""Finding requests in the archive: by numeric id, current slug, former slug or URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

import sqlite_utils

from scraper.archive.errors import AmbiguousRequest


def _one_site(rows: list[dict[str, Any]], key: str | int) -> dict[str, Any] | None:
    sites = {r["site"] for r in rows}
    if len(sites) > 1:
        raise AmbiguousRequest(
            f"'{key}' names requests on several sites ({', '.join(sorted(sites))}); say which site.", sorted(sites)
        )
    return rows[0] if rows else None


def find_request(db: sqlite_utils.Database, key: str | int, *, site: str | None = None) -> dict[str, Any] | None:
    """The request row for a numeric id, current slug, former slug or request URL; None if unknown."""
    if isinstance(key, str):
        text = key.strip()
        if "://" in text:
            parts = urlsplit(text)
            site = site or parts.netloc
            segments = [unquote(s) for s in parts.path.split("/") if s]
            if segments and len(segments[0]) == 2 and "request" in segments[1:2]:
                segments = segments[1:]  # a locale prefix such as /cy/
            if len(segments) < 2 or segments[0] != "request":
                return None
            text = segments[1].removesuffix(".json")
        key = int(text) if text.isdigit() else text
    site_clause, site_params = (" and site = ?", [site]) if site else ("", [])
    if isinstance(key, int):
        return _one_site(
            list(db.query(f"select * from requests where request_id = ?{site_clause}", [key, *site_params])), key
        )
    current = list(
        db.query(
            f"select * from requests where slug = ?{site_clause} order by changed_at desc, id desc", [key, *site_params]
        )
    )
    if current:
        return _one_site(current, key)
    former = list(
        db.query(
            "select r.* from request_slugs s join requests r on r.id = s.request "
            f"where s.slug = ?{site_clause.replace('site', 's.site')} "
            "order by s.replaced_at desc, s.id desc",
            [key, *site_params],
        )
    )
    return _one_site(former, key)


def live_events(db: sqlite_utils.Database, request: int) -> dict[int, dict[str, Any]]:
    """The archived events of a request (``requests.id``) the site's JSON still lists, by event id."""
    return {
        row["event_id"]: row
        for row in db.query(
            "select event_id, event_type, incoming_message_id, outgoing_message_id, comment_id "
            "from events where request = ? and gone_at is null",
            [request],
        )
    }


def archive_sites(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The sites an archive holds requests from, most requests first: ``site``, ``requests``, and
    the ``origin`` (``scheme://host``) its pages came from."""
    rows = db.query(
        "select site, count(*) as requests, max(source_url) as source_url from requests "
        "group by site order by requests desc"
    )
    return [
        {"site": r["site"], "requests": r["requests"], "origin": site_origin(r["source_url"], r["site"])} for r in rows
    ]


def site_origin(source_url: str | None, site: str | None) -> str | None:
    """``scheme://host`` of the site a request came from (its source URL's, else https)."""
    if source_url and "://" in source_url:
        parts = urlsplit(source_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return f"https://{site}" if site else None
