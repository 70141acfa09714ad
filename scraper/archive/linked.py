"""Linked pages in the archive: what to scan and check, what a check found, and reading it back.

Tables (migration ``m007_linked_pages``, described in :data:`scraper.archive.tables.TABLE_DOCS`):
``linked_pages`` (one row per URL, its state), ``linked_versions`` (every different copy, with its
text, searchable), ``linked_citations`` (which messages cite it), ``linked_history`` (each change of
state, address or content: the link rot record), ``linked_hosts`` (hosts left alone),
``linked_scans`` (which threads were scanned, as they were).

Writes follow the archive's rules: one transaction per thread scanned and per page checked, an
unchanged page writes only its check times, and the last good copy is never removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from scraper.archive.values import inserted_id
from scraper.clock import later
from scraper.linked.links import Candidate
from scraper.linked.warc import RecordRef


def _rows(db: sqlite_utils.Database, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
    return list(db.query(sql, params if isinstance(params, dict) else list(params)))


# ------------------------------------------------------------------------------------------
# Scanning threads for links


def site_hosts(db: sqlite_utils.Database) -> set[str]:
    """Every Alaveteli site the archive holds requests from."""
    return {r["site"] for r in _rows(db, "select distinct site from requests")}


def requests_to_scan(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Requests never scanned for links, or changed since (their text or attachments' text)."""
    rows = _rows(
        db,
        """select r.id, r.site, a.url_name as authority, a.home_page,
  r.changed_at || '|' || coalesce((select max(at.text_at) from attachments at where at.request = r.id), '')
    as fingerprint,
  s.fingerprint as scanned
from requests r join authorities a on a.id = r.authority
left join linked_scans s on s.request = r.id
where r.withdrawn_at is null
order by r.id""",
    )
    return [r for r in rows if r["fingerprint"] != r["scanned"]]


def thread_texts(db: sqlite_utils.Database, request: int) -> list[tuple[int, str, str]]:
    """``(message id, source, text)`` of a thread's visible responses and annotations, in page order,
    each message followed by the text of its attachments."""
    out: list[tuple[int, str, str]] = []
    messages = _rows(
        db,
        "select id, clean_text from messages where request = ? and kind in ('incoming', 'annotation') "
        "and visibility = 'visible' order by position, occurrence",
        [request],
    )
    attachments: dict[int, list[str]] = {}
    for row in _rows(
        db,
        "select message, text from attachments where request = ? and visibility = 'visible' "
        "and text is not null order by position",
        [request],
    ):
        attachments.setdefault(row["message"], []).append(row["text"])
    for m in messages:
        out.append((m["id"], "message", m["clean_text"] or ""))
        out += [(m["id"], "attachment", text) for text in attachments.get(m["id"], [])]
    return out


def save_scan(
    db: sqlite_utils.Database,
    request: int,
    fingerprint: str,
    candidates: list[Candidate],
    at: str,
    host_of: Callable[[str], str],
) -> int:
    """Record a thread's links (new pages are due at once) and its scan; return the pages added."""
    added = 0
    with db.atomic():
        for c in candidates:
            row = db.execute("select id from linked_pages where url = ?", [c.url]).fetchone()
            if row is None:
                cursor = db.execute(
                    "insert into linked_pages (url, host, state, versions, first_seen_at, next_check_at, state_since) "
                    "values (?, ?, 'pending', 0, ?, ?, ?)",
                    [c.url, host_of(c.url), at, at, at],
                )
                page = inserted_id(cursor)
                added += 1
            else:
                page = int(row[0])
            for message, source in c.citations:
                db.execute(
                    "insert into linked_citations (page, request, message, source, cited_as, first_seen_at) "
                    "values (?, ?, ?, ?, ?, ?) on conflict (page, message, source) do nothing",
                    [page, request, message, source, c.cited_as, at],
                )
        db.execute(
            "insert into linked_scans (request, fingerprint, scanned_at) values (?, ?, ?) "
            "on conflict (request) do update set fingerprint = excluded.fingerprint, "
            "scanned_at = excluded.scanned_at",
            [request, fingerprint, at],
        )
    return added


# ------------------------------------------------------------------------------------------
# Checking pages


def due_pages(db: sqlite_utils.Database, at: str) -> list[dict[str, Any]]:
    """Pages to check now: never checked first, then those whose re-check is due, oldest first;
    pages of hosts left alone until later are not due."""
    return _rows(
        db,
        """select p.* from linked_pages p
left join linked_hosts h on h.host = p.host
where (p.next_check_at is null or p.next_check_at <= :at)
  and (h.retry_after is null or h.retry_after <= :at)
  and exists (select 1 from linked_citations c where c.page = p.id)
order by p.state != 'pending', p.next_check_at, p.id""",
        {"at": at},
    )


def citing_authorities(db: sqlite_utils.Database, page: int) -> list[dict[str, Any]]:
    """The authorities (url_name, home page) of the requests citing a page."""
    return _rows(
        db,
        """select distinct a.url_name, a.home_page from linked_citations c
join requests r on r.id = c.request join authorities a on a.id = r.authority where c.page = ?""",
        [page],
    )


def current_version(db: sqlite_utils.Database, page: dict[str, Any]) -> dict[str, Any] | None:
    if page.get("version") is None:
        return None
    rows = _rows(db, "select * from linked_versions where id = ?", [page["version"]])
    return rows[0] if rows else None


@dataclass
class Capture:
    """A good copy of a page, as fetched, extracted and written to the WARC file."""

    url: str
    http_status: int
    content_type: str
    size_bytes: int
    sha256: str
    title: str
    text: str
    text_source: str | None
    warc: RecordRef | None


@dataclass
class Outcome:
    """What one check of a page found."""

    state: str
    note: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    capture: Capture | None = None  #: a new copy (or the same content seen again)
    still_live: bool = False  #: 304, or the same content: the current copy is still what the page serves


def record_check(
    db: sqlite_utils.Database,
    page: dict[str, Any],
    outcome: Outcome,
    *,
    at: str,
    recheck_days: float,
    run_id: int | None,
) -> dict[str, Any]:
    """Store a check's outcome in one transaction; return the page's new values."""
    values: dict[str, Any] = {
        "state": outcome.state,
        "note": outcome.note,
        "http_status": outcome.http_status,
        "final_url": outcome.final_url,
        "last_checked_at": at,
        "next_check_at": at if outcome.state == "failed" else later(at, recheck_days),
    }
    sha = None
    with db.atomic():
        if outcome.capture is not None:
            c = outcome.capture
            sha = c.sha256
            found = db.execute(
                "select id from linked_versions where page = ? and sha256 = ?", [page["id"], c.sha256]
            ).fetchone()
            if found is None:
                ref = c.warc
                cursor = db.execute(
                    "insert into linked_versions (page, url, http_status, content_type, size_bytes, sha256, title, "
                    "text, text_source, captured_at, last_seen_at, warc_file, warc_offset, warc_length, "
                    "warc_record_id, warc_date, warc_digest, run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?)",
                    [
                        page["id"],
                        c.url,
                        c.http_status,
                        c.content_type,
                        c.size_bytes,
                        c.sha256,
                        c.title,
                        c.text,
                        c.text_source,
                        at,
                        at,
                        ref.filename if ref else None,
                        ref.offset if ref else None,
                        ref.length if ref else None,
                        ref.record_id if ref else None,
                        ref.date if ref else None,
                        ref.payload_digest if ref else None,
                        run_id,
                    ],
                )
                version = inserted_id(cursor)
                values["versions"] = (page.get("versions") or 0) + 1
            else:
                version = int(found[0])
                db.execute("update linked_versions set last_seen_at = ? where id = ?", [at, version])
            values.update(version=version, last_good_at=at)
            if not page.get("first_captured_at"):
                values["first_captured_at"] = at
        elif outcome.still_live and page.get("version") is not None:
            db.execute("update linked_versions set last_seen_at = ? where id = ?", [at, page["version"]])
            values["last_good_at"] = at
            sha = (current_version(db, page) or {}).get("sha256")
        changed_state = outcome.state != page.get("state")
        previous_sha = (current_version(db, page) or {}).get("sha256") if page.get("version") else None
        if changed_state:
            values["state_since"] = at
        if (
            changed_state
            or (outcome.final_url or None) != (page.get("final_url") or None)
            or (sha is not None and sha != previous_sha)
        ):
            db.execute(
                "insert into linked_history (page, observed_at, state, previous_state, http_status, final_url, sha256, "
                "note, run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    page["id"],
                    at,
                    outcome.state,
                    page.get("state"),
                    outcome.http_status,
                    outcome.final_url,
                    sha,
                    outcome.note,
                    run_id,
                ],
            )
        sets = ", ".join(f"[{k}] = ?" for k in values)
        db.execute(f"update linked_pages set {sets} where id = ?", [*values.values(), page["id"]])
    return {**page, **values}


def block_host(db: sqlite_utils.Database, host: str, note: str, *, at: str, days: float) -> None:
    """Leave a host alone until ``days`` from now: it refused us or showed a challenge."""
    with db.atomic():
        db.execute(
            "insert into linked_hosts (host, state, note, first_seen_at, blocked_at, retry_after) "
            "values (?, 'blocked', ?, ?, ?, ?) on conflict (host) do update set state = 'blocked', "
            "note = excluded.note, blocked_at = excluded.blocked_at, retry_after = excluded.retry_after",
            [host, note, at, at, later(at, days)],
        )


# ------------------------------------------------------------------------------------------
# Reading back (Datasette pages, export)


_LINK_COLUMNS = """c.message, c.source, c.cited_as, c.first_seen_at as cited_at,
  p.id as page, p.url, p.host, p.state, p.note, p.http_status, p.final_url, p.versions, p.first_seen_at,
  p.first_captured_at, p.last_good_at, p.last_checked_at, p.state_since,
  v.id as version, v.url as copy_url, v.title, v.content_type, v.size_bytes, v.sha256, v.text, v.text_source,
  v.captured_at, v.last_seen_at, v.warc_file, v.warc_offset, v.warc_length"""


def has_linked_tables(db: sqlite_utils.Database) -> bool:
    """Whether the archive has the linked pages' tables (an archive made before them has not)."""
    # one lookup by name: Table.exists() lists every table, and this runs once per thread exported
    found = db.execute("select 1 from sqlite_master where type = 'table' and name = 'linked_citations'").fetchone()
    return found is not None


def links_by_message(db: sqlite_utils.Database, request: int) -> dict[int, list[dict[str, Any]]]:
    """A thread's linked pages, by citing message (messages.id), in order of citation."""
    if not has_linked_tables(db):
        return {}
    out: dict[int, list[dict[str, Any]]] = {}
    for row in _rows(
        db,
        f"""select {_LINK_COLUMNS}
from linked_citations c join linked_pages p on p.id = c.page left join linked_versions v on v.id = p.version
where c.request = ? order by c.message, c.id""",
        [request],
    ):
        out.setdefault(row["message"], []).append(row)
    return out


def page_with_versions(db: sqlite_utils.Database, page: int) -> dict[str, Any] | None:
    """A linked page, its copies (newest first), its history and the messages citing it."""
    rows = _rows(db, "select * from linked_pages where id = ?", [page])
    if not rows:
        return None
    info = rows[0]
    info["copies"] = _rows(
        db, "select * from linked_versions where page = ? order by captured_at desc, id desc", [page]
    )
    info["history"] = _rows(db, "select * from linked_history where page = ? order by observed_at, id", [page])
    info["citations"] = _rows(
        db,
        """select c.source, c.cited_as, m.anchor, m.occurrence, m.kind, m.sender,
  m.sent_at, m.visibility, r.request_id, r.site, r.title as request_title, r.withdrawn_at
from linked_citations c join messages m on m.id = c.message join requests r on r.id = c.request
where c.page = ? order by m.sent_at, c.id""",
        [page],
    )
    return info


def export_link(row: dict[str, Any], versions: list[dict[str, Any]]) -> dict[str, Any]:
    """A message's link as the export document gives it (scraper/schema/thread.schema.json)."""
    copy = None
    if row.get("version") is not None:
        copy = {
            "url": row["copy_url"],
            "title": row["title"],
            "content_type": row["content_type"],
            "size_bytes": row["size_bytes"],
            "sha256": row["sha256"],
            "text": row["text"],
            "text_source": row["text_source"],
            "captured_at": row["captured_at"],
            "last_seen_at": row["last_seen_at"],
            "warc_file": row["warc_file"],
            "warc_offset": row["warc_offset"],
        }
    return {
        "url": row["url"],
        "cited_as": row["cited_as"],
        "source": row["source"],
        "state": row["state"],
        "note": row["note"],
        "http_status": row["http_status"],
        "final_url": row["final_url"],
        "first_seen_at": row["first_seen_at"],
        "last_checked_at": row["last_checked_at"],
        "state_since": row["state_since"],
        "archived_copy": copy,
        "versions": [
            {
                "sha256": v["sha256"],
                "url": v["url"],
                "title": v["title"],
                "captured_at": v["captured_at"],
                "last_seen_at": v["last_seen_at"],
            }
            for v in versions
        ],
    }


def export_links(
    db: sqlite_utils.Database, request: int, *, internal_ids: bool = False
) -> dict[int, list[dict[str, Any]]]:
    """Every message's links as export documents, by messages.id; ``internal_ids`` adds each
    link's ``page`` (linked_pages.id), for a page that links to the archived copy."""
    by_message = links_by_message(db, request)
    if not by_message:
        return {}
    pages = sorted({link["page"] for links in by_message.values() for link in links})
    versions: dict[int, list[dict[str, Any]]] = {}
    marks = ", ".join("?" for _ in pages)
    for v in _rows(
        db,
        f"select page, sha256, url, title, captured_at, last_seen_at from linked_versions "
        f"where page in ({marks}) order by captured_at, id",
        pages,
    ):
        versions.setdefault(v["page"], []).append(v)
    out: dict[int, list[dict[str, Any]]] = {}
    for message, links in by_message.items():
        out[message] = [export_link(link, versions.get(link["page"], [])) for link in links]
        if internal_ids:
            for doc, link in zip(out[message], links, strict=True):
                doc["page"] = link["page"]
    return out
