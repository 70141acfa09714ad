"""Datasette plugin for wdtk-archive: thread pages, search, charts and SQL helpers.

Registered by the ``datasette`` entry point in pyproject.toml, so a plain ``datasette archive.db``
picks it up once the package is installed. It adds, for every database that holds an archive:

* ``/<db>/-/thread/<id or slug>`` (and ``.json``): one request read as a conversation;
* ``/<db>/-/search?q=…``: full-text search over every message, with highlighted snippets;
* ``/<db>/-/charts``: response times and outcomes as server-drawn SVG (no JavaScript needed);
* ``/<db>/-/linked/<id>`` (and ``.json``): the archived copy of a page a message links to
  (:mod:`scraper.datasette.linked_view`);
* SQL functions ``working_days(a, b)``, ``working_day_add(a, n)`` and the aggregate
  ``median(x)``, used by the canned queries;
* the metadata of :mod:`scraper.datasette.metadata` (descriptions, facets, canned queries).

All archived text reaches the browser escaped: templates autoescape, and the few places that
build markup in Python escape first and add only their own tags.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import sqlite3
import statistics
import weakref
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup, escape

PLUGIN_NAME = "wdtk_archive"
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
STATIC_PREFIX = f"/-/static-plugins/{PLUGIN_NAME}/"

# ---------------------------------------------------------------------------------------------
# Working days (FOI Act s.10: "the twentieth working day following the date of receipt")
# ---------------------------------------------------------------------------------------------

#: Days the statutory deadline allows.
RESPONSE_DAYS = 20

# One-off bank holidays in England and Wales, and the years whose regular ones moved.
_SPECIAL_HOLIDAYS = {
    date(1999, 12, 31),  # millennium
    date(2002, 6, 3),  # golden jubilee
    date(2011, 4, 29),  # royal wedding
    date(2012, 6, 5),  # diamond jubilee
    date(2022, 6, 3),  # platinum jubilee
    date(2022, 9, 19),  # state funeral
    date(2023, 5, 8),  # coronation
}
_MOVED_EARLY_MAY = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
_MOVED_SPRING = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    d = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=d.weekday())


@functools.lru_cache(maxsize=None)
def bank_holidays(year: int) -> frozenset[date]:
    """Bank holidays in England and Wales in ``year``, substitute days included."""
    days = {_easter(year) - timedelta(days=2), _easter(year) + timedelta(days=1)}
    new_year = date(year, 1, 1)
    days.add(new_year + timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    days.add(_MOVED_EARLY_MAY.get(year, _first_monday(year, 5)))
    days.add(_MOVED_SPRING.get(year, _last_monday(year, 5)))
    days.add(_last_monday(year, 8))
    christmas = date(year, 12, 25)
    # Christmas and Boxing Day each get a weekday; a weekend one moves to the next free weekday.
    taken: set[date] = set()
    for d in (christmas, christmas + timedelta(days=1)):
        while d.weekday() >= 5 or d in taken:
            d += timedelta(days=1)
        taken.add(d)
    days |= taken
    days |= {d for d in _SPECIAL_HOLIDAYS if d.year == year}
    return frozenset(days)


def is_working_day(d: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return d.weekday() < 5 and d not in bank_holidays(d.year)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end`` is not later)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5  # every whole week has five weekdays
    d = start + timedelta(days=weeks * 7)
    for _ in range(rest):
        d += timedelta(days=1)
        count += d.weekday() < 5
    # Bank holidays always fall on weekdays (substitute days included).
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in bank_holidays(year) if start < h <= end)
    return count


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (the statutory due date for ``days=20``)."""
    d = start
    while days > 0:
        d += timedelta(days=1)
        days -= is_working_day(d)
    return d


def _as_date(value: Any) -> date | None:
    """The calendar date of an ISO 8601 string as written (its local date), or None."""
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def sql_working_days(start: Any, end: Any) -> int | None:
    a, b = _as_date(start), _as_date(end)
    if a is None or b is None:
        return None
    return working_days_between(a, b) if b >= a else -working_days_between(b, a)


def sql_working_day_add(start: Any, days: Any) -> str | None:
    a = _as_date(start)
    if a is None or days is None:
        return None
    return add_working_days(a, int(days)).isoformat()


class MedianAggregate:
    """``median(x)`` for SQLite: the middle value of the non-null numbers."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: Any) -> None:
        if value is not None:
            try:
                self.values.append(float(value))
            except (TypeError, ValueError):
                pass

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


# ---------------------------------------------------------------------------------------------
# Text: stripped spans and search snippets
# ---------------------------------------------------------------------------------------------

#: What each cleaning category is called on the page (the categories of ``models.Stripped``).
CATEGORY_LABELS = {
    "quoted": "Quoted earlier message",
    "site_footer": "Site footer",
    "disclaimer": "Disclaimer",
    "complaint_rights": "Complaint / review rights",
    "signoff_block": "Sign-off block",
    "other_boilerplate": "Other boilerplate",
}


def marked_segments(raw: str, spans: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``raw`` cut into consecutive pieces, each either kept or a stripped span with its reason.

    Spans out of range are clipped and overlaps are resolved in favour of the earlier span, so
    the pieces always join back into ``raw`` exactly.
    """
    pieces: list[dict[str, Any]] = []
    pos = 0
    ordered = sorted(
        ((max(0, int(s["start"])), min(len(raw), int(s["end"])), s) for s in spans),
        key=lambda t: (t[0], -t[1]),
    )
    for start, end, span in ordered:
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            pieces.append({"text": raw[pos:start], "category": None, "rule": None})
        category = str(span.get("category") or "other_boilerplate")
        pieces.append({
            "text": raw[start:end],
            "category": category,
            "label": CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize()),
            "rule": span.get("rule"),
        })
        pos = end
    if pos < len(raw):
        pieces.append({"text": raw[pos:], "category": None, "rule": None})
    return pieces


#: Markers handed to FTS5 ``snippet()``: control characters that never reach the page.
SNIPPET_OPEN = "\x02"
SNIPPET_CLOSE = "\x03"


def highlight_snippet(snippet: str | None) -> Markup:
    """An FTS5 snippet made with :data:`SNIPPET_OPEN`/:data:`SNIPPET_CLOSE` as safe HTML.

    The text is escaped and only our own ``<mark>`` tags are added, balanced whatever the text
    contains.
    """
    if not snippet:
        return Markup("")
    out: list[str] = []
    open_ = False
    buf: list[str] = []
    for ch in snippet:
        if ch == SNIPPET_OPEN and not open_:
            out.append(str(escape("".join(buf))) + "<mark>")
            buf, open_ = [], True
        elif ch == SNIPPET_CLOSE and open_:
            out.append(str(escape("".join(buf))) + "</mark>")
            buf, open_ = [], False
        elif ch not in (SNIPPET_OPEN, SNIPPET_CLOSE):
            buf.append(ch)
    out.append(str(escape("".join(buf))))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))


#: Where a FOI section is cited: "section 12", "s.40(2)", "s 43", "sections 21 and 40" (first).
_SECTION_RE = re.compile(
    r"(?<![\w'’])(?:sections?\s*|secs?\.\s*|s\.\s*|s\s?)(\d{1,2}[A-Z]?)(?![\d])((?:\s*\(\s*\w{1,4}\s*\))*)",
    re.IGNORECASE,
)


_SECTION_LIST_TAIL = re.compile(r"\s*(?:,|and|&|or)\s*(\d{1,2}[A-Z]?)(?!\d)((?:\s*\(\s*\w{1,4}\s*\))*)", re.IGNORECASE)


def cited_sections(text: str | None) -> list[str]:
    """Sections of the Act cited in ``text``, as written: ``12``, ``40(2)``, ``"sections 21 and 40"``."""
    found: list[str] = []

    def add(number: str, sub: str | None) -> None:
        value = number.upper() + re.sub(r"\s+", "", sub or "").lower()
        if value not in found:
            found.append(value)

    text = text or ""
    for match in _SECTION_RE.finditer(text):
        add(match.group(1), match.group(2))
        if match.group(0).lower().startswith("sections"):
            pos = match.end()
            while tail := _SECTION_LIST_TAIL.match(text, pos):
                add(tail.group(1), tail.group(2))
                pos = tail.end()
    return found


def cites_section(text: str | None, section: str | None) -> bool:
    """Whether ``text`` cites ``section`` (``12``, ``s.40``, ``40(2)``): ``40`` matches ``40(2)``."""
    wanted = re.sub(r"^(?:sections?|secs?\.?|s\.?)\s*", "", (section or "").strip(), flags=re.IGNORECASE)
    wanted = re.sub(r"\s+", "", wanted).lower()
    if not wanted:
        return False
    for cited in cited_sections(text):
        cited = cited.lower()
        if cited == wanted or (cited.startswith(wanted) and cited[len(wanted)] == "("):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Statuses and timing
# ---------------------------------------------------------------------------------------------

#: Alaveteli's states, in the words its pages use.
STATUS_LABELS = {
    "waiting_response": "Awaiting response",
    "waiting_response_overdue": "Delayed",
    "waiting_response_very_overdue": "Long overdue",
    "waiting_classification": "Awaiting classification",
    "waiting_clarification": "Awaiting clarification",
    "gone_postal": "Handled by post",
    "not_held": "Information not held",
    "rejected": "Refused",
    "successful": "Successful",
    "partially_successful": "Partially successful",
    "internal_review": "Awaiting internal review",
    "error_message": "Delivery error",
    "requires_admin": "Unusual response",
    "user_withdrawn": "Withdrawn by the requester",
    "attention_requested": "Reported for administrator attention",
    "vexatious": "Considered vexatious",
    "not_foi": "Not an FOI request",
}

#: States in which the authority still owes an answer.
WAITING_STATES = ("waiting_response", "waiting_response_overdue", "waiting_response_very_overdue")
#: The site asks the requester to classify whatever arrived, an out-of-office reply included: with no
#: response among it, the authority still owes one.
UNCLASSIFIED = "waiting_classification"

#: How the charts group outcomes.
OUTCOME_GROUPS = {
    "successful": "successful",
    "partially_successful": "partially_successful",
    "rejected": "refused",
    "vexatious": "refused",
    "not_held": "not_held",
    "waiting_response": "awaiting",
    "waiting_response_overdue": "awaiting",
    "waiting_response_very_overdue": "awaiting",
    "waiting_classification": "awaiting",
    "waiting_clarification": "awaiting",
    "internal_review": "awaiting",
}
OUTCOME_LABELS = {
    "successful": "Successful",
    "partially_successful": "Partially successful",
    "refused": "Refused",
    "not_held": "Not held",
    "awaiting": "Still open",
    "other": "Other",
}


#: What the thread page says of an incoming message that is no response (``messages.reply_type``).
REPLY_TYPE_LABELS = {
    "auto_reply": "Automatic reply",
    "delivery_failure": "Delivery failure",
    "acknowledgement": "Acknowledgement",
}


def status_label(status: str | None) -> str:
    if not status:
        return "Unknown"
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def request_timing(
    sent_at: str | None, first_response_at: str | None, status: str | None, today: date | None = None
) -> dict[str, Any]:
    """Statutory deadline facts for one request, in working days (see :func:`add_working_days`).

    ``first_response_at`` is the first *response* (no automatic reply, bounce or acknowledgement);
    the request is overdue while it is in a waiting state, or awaiting classification of nothing
    but such messages, past its due date: the rule of the ``overdue`` query."""
    sent = _as_date(sent_at)
    if sent is None:
        return {}
    today = today or date.today()
    due = add_working_days(sent, RESPONSE_DAYS)
    out: dict[str, Any] = {"sent_on": sent.isoformat(), "due_on": due.isoformat(), "working_days_allowed": RESPONSE_DAYS}
    responded = _as_date(first_response_at)
    if responded is not None:
        days = working_days_between(sent, responded)
        out.update(first_response_on=responded.isoformat(), response_working_days=days, on_time=days <= RESPONSE_DAYS)
    waiting = (status or "waiting_response") in WAITING_STATES or (status == UNCLASSIFIED and responded is None)
    if waiting and today > due:
        out["working_days_late"] = working_days_between(due, today)
    out["overdue"] = bool(waiting and today > due)
    return out


# ---------------------------------------------------------------------------------------------
# Reading an archive (plain sqlite3 connections: Datasette's read-only ones)
# ---------------------------------------------------------------------------------------------

ARCHIVE_TABLES = frozenset({"requests", "messages", "authorities"})


def is_archive(table_names: Iterable[str]) -> bool:
    return ARCHIVE_TABLES <= set(table_names)


def _dicts(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _origin(source_url: str | None, site: str | None) -> str | None:
    """``scheme://host`` of the site a request came from."""
    if source_url and "://" in source_url:
        parts = urlsplit(source_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return f"https://{site}" if site else None


def _json_list(value: Any) -> list[Any]:
    if not value:
        return []
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return []
    return loaded if isinstance(loaded, list) else []


def message_element_id(anchor: str, occurrence: int | None) -> str:
    """The HTML id of a message block: the site's anchor, suffixed for "sent again" copies."""
    return anchor if not occurrence or occurrence == 1 else f"{anchor}-{occurrence}"


def find_request_row(conn: sqlite3.Connection, key: str, site: str | None = None) -> dict[str, Any] | None:
    """The requests row for a request id, slug, former slug or URL (see ``store.find_request``)."""
    import sqlite_utils

    from scraper.archive.store import find_request

    return find_request(sqlite_utils.Database(conn), key, site=site)


def load_thread(conn: sqlite3.Connection, request_pk: int, *, today: date | None = None) -> dict[str, Any]:
    """Everything the thread page shows, as plain JSON-able data: the thread document."""
    (req,) = _dicts(
        conn,
        "select r.*, a.name as authority_name, a.url_name as authority_url_name, a.short_name as authority_short_name, "
        "u.name as user_name, u.url_name as user_url_name from requests r "
        "join authorities a on a.id = r.authority left join users u on u.id = r.requester where r.id = ?",
        [request_pk],
    )
    origin = _origin(req["source_url"], req["site"])
    page_url = req["source_url"] or (f"{origin}/request/{req['slug']}" if origin else None)
    page_base = page_url.split("#")[0].split("?")[0] if page_url else None
    attachments: dict[int, list[dict[str, Any]]] = {}
    for att in _dicts(conn, "select * from attachments where request = ? order by message, position", [request_pk]):
        attachments.setdefault(att["message"], []).append({
            "filename": att["filename"],
            "url": att["url"],
            "html_url": att["html_url"],
            "content_type": att["content_type"],
            "size": att["size"],
            "size_bytes": att["size_bytes"],
            "visibility": att["visibility"],
            "hidden_at": att["hidden_at"],
            "text": att.get("text"),
            "text_source": att.get("text_source"),
        })
    versions = {
        row["message"]: row["n"]
        for row in _dicts(
            conn, "select message, count(*) as n from message_versions where request = ? group by message", [request_pk]
        )
    } if _has_table(conn, "message_versions") else {}
    from scraper.archive.linked import links_by_message

    links = links_by_message(conn, request_pk)
    messages = []
    for m in _dicts(conn, "select * from messages where request = ? order by position, occurrence", [request_pk]):
        messages.append({
            "id": message_element_id(m["anchor"], m["occurrence"]),
            "anchor": m["anchor"],
            "occurrence": m["occurrence"],
            "kind": m["kind"],
            "site_id": m["site_id"],
            "sender": m["sender"],
            "sent_at": m["sent_at"],
            "event_type": m["event_type"],
            "delivery_status": m["delivery_status"],
            "resent": bool(m["resent"]),
            "reply_type": m.get("reply_type"),
            "reply_label": REPLY_TYPE_LABELS.get(m.get("reply_type") or ""),
            "visibility": m["visibility"],
            "hidden_at": m["hidden_at"],
            "clean_text": m["clean_text"],
            "raw_text": m["raw_text"],
            "stripped": _json_list(m["stripped"]),
            "attachments": attachments.get(m["id"], []),
            "links": links.get(m["id"], []),
            "earlier_versions": versions.get(m["id"], 0),
            "url": f"{page_base}#{m['anchor']}" if page_base else None,
        })
    events = _dicts(
        conn,
        "select event_id, event_type, created_at, described_state, calculated_state, message_anchor, gone_at "
        "from events where request = ? order by created_at, event_id",
        [request_pk],
    ) if _has_table(conn, "events") else []
    changes = _dicts(
        conn,
        "select field, old_value, new_value, observed_at from changes where request = ? and message is null "
        "and field in ('status', 'withdrawn_at') order by observed_at, id",
        [request_pk],
    ) if _has_table(conn, "changes") else []
    first_sent = min((m["sent_at"] for m in messages if m["kind"] == "outgoing" and not m["resent"] and m["sent_at"]
                      and m["visibility"] != "gone"), default=None)
    sent_at = first_sent or req["created_at"]
    # The rule of chart_rows and the overdue / response_times queries: a response (reply_type
    # empty) still on the site's page, from the sending on.
    first_response = min(
        (m["sent_at"] for m in messages if m["kind"] == "incoming" and m["sent_at"] and not m["reply_type"]
         and m["visibility"] != "gone" and (not sent_at or m["sent_at"] >= sent_at)),
        default=None,
    )
    return {
        "site": req["site"],
        "request_id": req["request_id"],
        "slug": req["slug"],
        "title": req["title"],
        "url": page_url,
        "status": req["status"],
        "status_label": status_label(req["status"]),
        "display_status": req["display_status"],
        "calculated_status": req["calculated_status"],
        "law_used": req["law_used"],
        "prominence": req["prominence"],
        "created_at": req["created_at"],
        "updated_at": req["updated_at"],
        "withdrawn_at": req["withdrawn_at"],
        "withdrawn_status": req["withdrawn_status"],
        "fetched_at": req["fetched_at"],
        "tags": _json_list(req["tags"]),
        "authority": {
            "name": req["authority_name"],
            "short_name": req["authority_short_name"],
            "url_name": req["authority_url_name"],
            "url": f"{origin}/body/{req['authority_url_name']}" if origin else None,
        },
        "requester": {
            "name": req["user_name"] or req["requester_name"],
            "url_name": req["user_url_name"],
            "url": f"{origin}/user/{req['user_url_name']}" if origin and req["user_url_name"] else None,
        },
        "timing": request_timing(sent_at, first_response, req["status"], today),
        "non_responses": sum(1 for m in messages if m["kind"] == "incoming" and m["reply_type"]),
        "status_history": status_history(events, changes),
        "messages": messages,
        "events": events,
        "_pk": req["id"],
    }


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where type in ('table', 'view') and name = ?", [name]).fetchone() is not None


def status_history(events: list[dict[str, Any]], changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each status the request was given, when, and how we know (the site's events or our own crawls)."""
    history: list[dict[str, Any]] = []
    previous = None
    for event in events:
        state = event.get("described_state")
        if state and state != previous:
            history.append({"at": event["created_at"], "status": state, "label": status_label(state),
                            "source": "site", "event_type": event["event_type"]})
            previous = state
    seen = {(h["status"]) for h in history}
    for change in changes:
        if change["field"] == "status" and change["new_value"] and change["new_value"] not in seen:
            history.append({"at": change["observed_at"], "status": change["new_value"],
                            "label": status_label(change["new_value"]), "source": "archive",
                            "previous": change["old_value"]})
        elif change["field"] == "withdrawn_at" and change["new_value"]:
            history.append({"at": change["new_value"], "status": "withdrawn_from_site",
                            "label": "No longer served by the site", "source": "archive"})
    history.sort(key=lambda h: h["at"] or "")
    return history


# ---------------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------------

class SearchError(ValueError):
    """A search the user should reword; the message says how."""


def _valid_day(value: str, name: str) -> str:
    value = value.strip()
    if value and (len(value) != 10 or _as_date(value) is None):
        raise SearchError(f"{name} must be a date written as YYYY-MM-DD, not '{value}'.")
    return value


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "on", "yes", "true")


def search_filters(params: Mapping[str, str]) -> tuple[list[str], dict[str, Any]]:
    """The search's conditions on messages ``m``, requests ``r`` and authorities ``a`` (all but
    the full-text match), and the arguments, ``q`` (as FTS5 will read it) among them."""
    from datasette.utils import escape_fts

    q = (params.get("q") or "").strip()
    if not q:
        raise SearchError("Type some words to search for.")
    where: list[str] = []
    args: dict[str, Any] = {"q": q if params.get("mode") == "raw" else escape_fts(q)}
    authority = (params.get("authority") or "").strip()
    if authority:
        where.append("(a.url_name = :authority or a.name like '%' || :authority || '%')")
        args["authority"] = authority
    since = _valid_day(params.get("from") or "", "From")
    until = _valid_day(params.get("to") or "", "To")
    if since:
        where.append("substr(m.sent_at, 1, 10) >= :since")
        args["since"] = since
    if until:
        where.append("substr(m.sent_at, 1, 10) <= :until")
        args["until"] = until
    kind = (params.get("kind") or "").strip()
    if kind:
        if kind not in ("outgoing", "incoming", "annotation"):
            raise SearchError("Kind must be outgoing, incoming or annotation.")
        where.append("m.kind = :kind")
        args["kind"] = kind
    if not _truthy(params.get("include_withdrawn")):
        where.append("r.withdrawn_at is null and m.visibility = 'visible'")
    return where, args


def search_sql(
    params: Mapping[str, str],
    *,
    attachments: bool = False,
    linked: bool = False,
    snippets: bool = True,
    keys_only: bool = False,
    ranked: bool = True,
    ordered: bool = True,
    covering_index: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The SQL and parameters for a message search (FTS5 over clean text and sender, and with
    ``attachments`` over attachment text and file names: such hits name the ``attachment``; with
    ``linked`` over archived linked pages: such hits name the ``linked_page`` and its title).

    ``q`` is escaped unless ``mode`` is ``raw`` (FTS5 syntax: AND, OR, NOT, NEAR, prefix*);
    "quoted phrases" work either way. ``authority`` matches a url_name exactly or a name in part.
    Withdrawn requests and hidden or removed messages and attachments are left out unless
    ``include_withdrawn`` is set (``1``/``on``). ``sort``: best match (default), ``newest`` (by
    date sent) or ``archived`` (most recently archived first: FTS5's own order, nothing to rank).

    For the grouped search (:mod:`scraper.datasette.search`), which needs a few columns of many hits and
    everything of a few: ``snippets=False`` leaves out the snippet (costly per row);
    ``keys_only`` selects only message, request_pk, sent_at, attachment and rank; ``ranked=False``
    selects a null rank (FTS5 works out a score's term statistics again for every lookup by id);
    ``ordered=False`` leaves the order to the caller; ``covering_index`` reads each hit's facts
    from the ``messages_search`` index instead of the wide rows.
    """
    filters, args = search_filters(params)
    where = ["messages_fts match :q", *filters]
    include_withdrawn = _truthy(params.get("include_withdrawn"))
    order = {"newest": "sent_at desc", "archived": "message desc"}.get(params.get("sort") or "", "rank")

    def columns(fts: str) -> str:
        # The message arm names its id as the full-text rowid, so that ordering by it is FTS5's own.
        message = "messages_fts.rowid" if fts == "messages_fts" else "m.id"
        if keys_only:
            return f"{message} as message, m.request as request_pk, m.sent_at"
        return f"""{message} as message, m.request as request_pk, m.anchor, m.occurrence, m.kind, m.sender, m.sent_at, m.visibility,
  r.site, r.request_id, r.slug, r.title, r.status, r.withdrawn_at, r.withdrawn_status,
  a.name as authority_name, a.url_name as authority"""

    def extras(fts: str, column: int = 0) -> str:
        snippet = f",\n  snippet({fts}, {column}, char(2), char(3), ' … ', 32) as snippet" if snippets else ""
        return f"{snippet}, {fts + '.rank' if ranked else 'null'} as rank"

    messages = "messages m indexed by messages_search" if covering_index else "messages m"
    arms = [f"""select {columns("messages_fts")}, null as attachment, null as linked_page, null as linked_title{extras("messages_fts")}
from messages_fts
join {messages} on m.id = messages_fts.rowid
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where {' and '.join(where)}"""]
    if attachments:
        # An attachment's text (a letter sent as a PDF) finds the message it came with.
        at_where = ["attachments_fts match :q", *where[1:], *([] if include_withdrawn else ["att.visibility = 'visible'"])]
        arms.append(f"""select {columns("attachments_fts")}, att.filename as attachment, null as linked_page,
  null as linked_title{extras("attachments_fts")}
from attachments_fts
join attachments att on att.id = attachments_fts.rowid
join messages m on m.id = att.message
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where {' and '.join(at_where)}""")
    if linked:
        # An archived copy of a page a message links to finds that message (linked_pages).
        lp_where = ["linked_versions_fts match :q", *where[1:]]
        arms.append(f"""select {columns("linked_versions_fts")}, null as attachment, lp.id as linked_page,
  coalesce(nullif(lv.title, ''), lp.url) as linked_title{extras("linked_versions_fts", -1)}
from linked_versions_fts
join linked_versions lv on lv.id = linked_versions_fts.rowid
join linked_pages lp on lp.id = lv.page
join linked_citations lc on lc.page = lp.id
join messages m on m.id = lc.message
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where {' and '.join(lp_where)}""")
    sql = "\nunion all\n".join(arms)
    if ordered:
        sql += f"\norder by {order}"
    sql += "\nlimit :limit offset :offset"
    return sql, args


# ---------------------------------------------------------------------------------------------
# Charts: data, then geometry for server-drawn SVG (the template only places shapes)
# ---------------------------------------------------------------------------------------------


def chart_rows(conn: sqlite3.Connection, *, include_withdrawn: bool = False) -> list[dict[str, Any]]:
    """One row per request: authority, status, when it was sent and first answered.

    By default only requests the site still serves, and messages still on its pages: a hidden
    response counts (the site still shows its header and date), one that vanished does not.
    ``include_withdrawn`` counts everything archived. The first response is the earliest incoming
    message from the sending on that is no automatic reply, bounce or acknowledgement
    (``messages.reply_type``): the rule of the ``overdue`` and ``response_times`` queries.
    """
    message_filter = "" if include_withdrawn else " and m.visibility != 'gone'"
    request_filter = "" if include_withdrawn else " where r.withdrawn_at is null"
    return _dicts(
        conn,
        f"""select s.*,
  (select min(m.sent_at) from messages m where m.request = s.id and m.kind = 'incoming' and m.reply_type is null
     and m.sent_at >= s.sent_at{message_filter}) as first_response_at
from (
  select r.id, r.site, r.request_id, r.status, r.created_at, a.name as authority_name, a.url_name as authority,
    coalesce((select min(m.sent_at) from messages m where m.request = r.id and m.kind = 'outgoing' and m.resent = 0{message_filter}),
             r.created_at) as sent_at
  from requests r join authorities a on a.id = r.authority{request_filter}
) s""",
    )


def _quantile(sorted_values: list[float], q: float) -> float:
    if len(sorted_values) == 1:
        return sorted_values[0]
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def response_time_stats(rows: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Per authority: requests, answered, median/quartiles of working days to first response, share on time."""
    by_authority: dict[str, dict[str, Any]] = {}
    for row in rows:
        timing = request_timing(row["sent_at"], row["first_response_at"], row["status"], today)
        entry = by_authority.setdefault(row["authority"], {
            "authority": row["authority"], "authority_name": row["authority_name"], "requests": 0,
            "days": [], "overdue": 0, "unanswered": 0,
        })
        entry["requests"] += 1
        if "response_working_days" in timing:
            entry["days"].append(timing["response_working_days"])
        else:
            entry["unanswered"] += 1
        entry["overdue"] += bool(timing.get("overdue"))
    stats = []
    for entry in by_authority.values():
        days = sorted(entry["days"])
        answered = len(days)
        entry.update(
            answered=answered,
            median=statistics.median(days) if days else None,
            q1=_quantile(days, 0.25) if days else None,
            q3=_quantile(days, 0.75) if days else None,
            min=days[0] if days else None,
            max=days[-1] if days else None,
            on_time=sum(d <= RESPONSE_DAYS for d in days),
            on_time_share=(sum(d <= RESPONSE_DAYS for d in days) / answered) if answered else None,
            days=days,
        )
        stats.append(entry)
    stats.sort(key=lambda e: (-e["requests"], e["authority_name"] or ""))
    return stats


def outcomes_over_time(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Requests per month (per year when they span more than three years), split by outcome."""
    dated = [(str(r["sent_at"])[:7], OUTCOME_GROUPS.get(r["status"] or "", "other")) for r in rows if _as_date(r["sent_at"])]
    if not dated:
        return {"unit": "month", "buckets": [], "groups": list(OUTCOME_LABELS)}
    months = sorted({m for m, _ in dated})
    first, last = months[0], months[-1]
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    unit = "month" if span <= 36 else "year"
    if unit == "month":
        labels, (y, mo) = [], (int(first[:4]), int(first[5:7]))
        while f"{y:04d}-{mo:02d}" <= last:
            labels.append(f"{y:04d}-{mo:02d}")
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    else:
        labels = [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]
    counts = {label: dict.fromkeys(OUTCOME_LABELS, 0) for label in labels}
    for month, group in dated:
        counts[month if unit == "month" else month[:4]][group] += 1
    return {
        "unit": unit,
        "groups": list(OUTCOME_LABELS),
        "buckets": [{"label": label, "counts": counts[label], "total": sum(counts[label].values())} for label in labels],
    }


def _nice_step(span: float, target_ticks: int = 6) -> int:
    raw = max(span / target_ticks, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if step >= raw:
            return step
    return int(raw)


def response_time_chart(stats: list[dict[str, Any]], limit: int = 25) -> dict[str, Any]:
    """Geometry of a strip-and-box chart: one row per authority, x = working days to first response."""
    shown = [s for s in stats if s["answered"]][:limit]
    left, right, top, row_h = 230, 20, 30, 30
    width = 780
    plot_w = width - left - right
    max_days = max([RESPONSE_DAYS + 5] + [s["max"] for s in shown])
    step = _nice_step(max_days)
    x_max = -(-max_days // step) * step

    def x(days: float) -> float:
        return round(left + plot_w * days / x_max, 1)

    rows = []
    for i, s in enumerate(shown):
        y = top + i * row_h + row_h / 2
        dots = []
        for j, d in enumerate(s["days"]):
            jitter = ((j * 7) % 5 - 2) * 2.2  # deterministic spread so equal values stay visible
            dots.append({"x": x(d), "y": round(y + jitter, 1), "days": d})
        rows.append({
            "label": s["authority_name"] or s["authority"],
            "authority": s["authority"],
            "y": y,
            "box_x": x(s["q1"]), "box_w": max(round(x(s["q3"]) - x(s["q1"]), 1), 1.5),
            "median_x": x(s["median"]), "min_x": x(s["min"]), "max_x": x(s["max"]),
            "dots": dots,
            "summary": (
                f"{s['authority_name']}: {s['answered']} answered, median {s['median']:g} working days, "
                f"{s['on_time']} of {s['answered']} within {RESPONSE_DAYS}"
            ),
        })
    height = top + len(rows) * row_h + 40
    ticks = [{"x": x(t), "label": str(t)} for t in range(0, int(x_max) + 1, step)]
    return {
        "width": width, "height": height, "left": left, "top": top, "bottom": top + len(rows) * row_h,
        "rows": rows, "ticks": ticks, "deadline_x": x(RESPONSE_DAYS), "more": max(0, len([s for s in stats if s["answered"]]) - limit),
    }


def outcomes_chart(series: dict[str, Any]) -> dict[str, Any]:
    """Geometry of a stacked bar chart of requests per period by outcome."""
    buckets = series["buckets"]
    left, right, top, bottom = 45, 15, 15, 50
    width, height = 780, 320
    plot_w, plot_h = width - left - right, height - top - bottom
    y_max_raw = max([b["total"] for b in buckets] + [1])
    step = _nice_step(y_max_raw, 5)
    y_max = -(-y_max_raw // step) * step
    slot = plot_w / max(len(buckets), 1)
    bar_w = max(min(slot * 0.8, 40), 1)
    label_every = max(1, int(-(-len(buckets) * 48 // plot_w)))
    bars = []
    for i, b in enumerate(buckets):
        x0 = round(left + i * slot + (slot - bar_w) / 2, 1)
        y = top + plot_h
        segments = []
        for group in series["groups"]:
            n = b["counts"][group]
            if not n:
                continue
            h = plot_h * n / y_max
            y -= h
            segments.append({"group": group, "label": OUTCOME_LABELS[group], "count": n,
                             "y": round(y, 1), "h": round(h, 1)})
        bars.append({"x": x0, "w": round(bar_w, 1), "label": b["label"], "total": b["total"], "segments": segments,
                     "show_label": i % label_every == 0, "label_x": round(x0 + bar_w / 2, 1)})
    yticks = [{"y": round(top + plot_h - plot_h * v / y_max, 1), "label": str(v)} for v in range(0, int(y_max) + 1, step)]
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top,
            "base": top + plot_h, "bars": bars, "yticks": yticks, "unit": series["unit"],
            "groups": [{"group": g, "label": OUTCOME_LABELS[g]} for g in series["groups"]]}


# ---------------------------------------------------------------------------------------------
# Datasette hooks
# ---------------------------------------------------------------------------------------------

from datasette import hookimpl  # noqa: E402  (the pure helpers above need no Datasette)
from datasette.facets import Facet  # noqa: E402
from datasette.utils import path_with_added_args, path_with_removed_args, tilde_decode  # noqa: E402
from datasette.utils.asgi import NotFound, Response, asgi_static  # noqa: E402

from scraper.archive.store import PUBLIC_TABLE_FILTERS  # noqa: E402


#: Table pages add this (=1) to include what the site has withdrawn or hidden.
INCLUDE_WITHDRAWN_ARG = "_include_withdrawn"


class _State:
    """What the plugin learnt about one Datasette instance at startup."""

    def __init__(self) -> None:
        self.archives: dict[str, dict[str, Any]] = {}  # database name → {"sites": [...]}
        self.metadata_json = ""  # what get_metadata returns, serialised
        self.csp = ""


_STATES: "weakref.WeakKeyDictionary[Any, _State]" = weakref.WeakKeyDictionary()


def _state(datasette: Any) -> _State:
    state = _STATES.get(datasette)
    if state is None:
        state = _STATES[datasette] = _State()
    return state


def ensure_registered() -> None:
    """Register this module with Datasette's plugin manager if its entry point was not loaded
    (a checkout that was not ``pip install``-ed, or a test session)."""
    import sys

    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module) and pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(module, name=PLUGIN_NAME)
    from scraper.datasette import feeds

    if not pm.is_registered(feeds) and pm.get_plugin(feeds.PLUGIN_NAME) is None:
        pm.register(feeds, name=feeds.PLUGIN_NAME)


def _archive_sites(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = _dicts(
        conn,
        "select site, count(*) as requests, max(source_url) as source_url from requests group by site order by requests desc",
    )
    return [{"site": r["site"], "requests": r["requests"], "origin": _origin(r["source_url"], r["site"])} for r in rows]


@hookimpl
def startup(datasette: Any) -> Any:
    async def inner() -> None:
        from scraper.datasette.metadata import build_metadata

        state = _state(datasette)
        for name, db in datasette.databases.items():
            if name == "_internal":
                continue
            try:
                tables = await db.table_names()
            except Exception:  # an unreadable database is Datasette's to report, not ours
                continue
            if is_archive(tables):
                sites = await db.execute_fn(_archive_sites)
                views = {}
                for view in await db.view_names():
                    info = await db.execute(f"pragma table_info([{view}])")
                    views[view] = [row[1] for row in info.rows]
                state.archives[name] = {"sites": sites, "views": views}
        state.metadata_json = json.dumps(build_metadata(state.archives)) if state.archives else ""

    return inner


@hookimpl
def get_metadata(datasette: Any, key: Any, database: Any, table: Any) -> dict[str, Any]:
    # A fresh copy each time: Datasette merges other metadata into what it is given.
    state = _state(datasette)
    return json.loads(state.metadata_json) if state.metadata_json else {}


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("working_days", 2, sql_working_days, deterministic=True)
    conn.create_function("working_day_add", 2, sql_working_day_add, deterministic=True)
    conn.create_function("cites_section", 2, lambda text, section: int(cites_section(text, section)), deterministic=True)
    conn.create_function("cited_sections", 1, lambda text: ", ".join(cited_sections(text)) or None, deterministic=True)
    conn.create_aggregate("median", 1, MedianAggregate)


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    # Our templates come after --template-dir (so a user can override them) and before
    # Datasette's defaults. Python >= 3.12 finds them by itself; 3.11 needs this.
    loader = env.loader.loaders[0] if hasattr(env.loader, "loaders") else env.loader
    paths = getattr(loader, "searchpath", None)
    if paths is not None and str(TEMPLATES_DIR) not in paths:
        paths.insert(max(len(paths) - 1, 0), str(TEMPLATES_DIR))


@hookimpl
def register_facet_classes() -> list[type]:
    return [YearFacet]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/static-plugins/" + PLUGIN_NAME + r"/(?P<path>.*)$", asgi_static(STATIC_DIR)),
        (r"^/(?P<database>[^/]+)/-/thread/(?P<key>[^/]+?)(?P<as_json>\.json)?$", thread_view),
        (r"^/(?P<database>[^/]+)/-/search(?P<as_json>\.json)?$", search_view),
        (r"^/(?P<database>[^/]+)/-/charts(?P<as_json>\.json)?$", charts_view),
        (r"^/(?P<database>[^/]+)/-/linked/(?P<page>[0-9]+)(?P<as_json>\.json)?$", _linked_view),
    ]


async def _linked_view(datasette: Any, request: Any) -> Response:
    from scraper.datasette.linked_view import linked_view

    return await linked_view(datasette, request)


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    links = []
    for name in _state(datasette).archives:
        links.append({"href": datasette.urls.path(f"/{_tilde(name)}/-/search"), "label": f"Search {name}"})
        links.append({"href": datasette.urls.path(f"/{_tilde(name)}/-/charts"), "label": f"Charts: {name}"})
    return links


@hookimpl
def database_actions(datasette: Any, database: str) -> list[dict[str, str]] | None:
    if database not in _state(datasette).archives:
        return None
    return [
        {"href": datasette.urls.path(f"/{_tilde(database)}/-/search"), "label": "Search every message"},
        {"href": datasette.urls.path(f"/{_tilde(database)}/-/charts"), "label": "Charts: response times and outcomes"},
    ]


@hookimpl
def table_actions(datasette: Any, database: str, table: str, request: Any) -> list[dict[str, str]] | None:
    if database not in _state(datasette).archives:
        return None
    links = []
    if table in ("messages", "thread_messages"):
        links.append({"href": datasette.urls.path(f"/{_tilde(database)}/-/search"),
                      "label": "Search with highlighted snippets"})
    if table in PUBLIC_TABLE_FILTERS and request is not None:
        if _truthy(request.args.get(INCLUDE_WITHDRAWN_ARG)):
            href = path_with_removed_args(request, {INCLUDE_WITHDRAWN_ARG: request.args.get(INCLUDE_WITHDRAWN_ARG)})
            links.append({"href": href, "label": "Hide what the site has withdrawn or hidden"})
        else:
            href = path_with_added_args(request, {INCLUDE_WITHDRAWN_ARG: "1"})
            links.append({"href": href, "label": "Include what the site has withdrawn or hidden"})
    return links or None


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    """The default reading of the plain tables: leave out what the site has taken down
    (``store.PUBLIC_TABLE_FILTERS``) unless ``?_include_withdrawn=1``. Row pages are unaffected,
    so a direct link still opens."""
    from datasette.filters import FilterArguments

    if database not in _state(datasette).archives or table not in PUBLIC_TABLE_FILTERS:
        return None
    if _truthy(request.args.get(INCLUDE_WITHDRAWN_ARG)):
        return None
    return FilterArguments(
        [f"({PUBLIC_TABLE_FILTERS[table]})"],
        human_descriptions=[f"the site still shows them ({INCLUDE_WITHDRAWN_ARG}=1 to include withdrawn or hidden rows)"],
    )


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Links into thread pages, and highlighted search snippets, for archive databases only."""
    if database not in _state(datasette).archives:
        return None
    if isinstance(value, str) and SNIPPET_OPEN in value:
        return highlight_snippet(value)
    keys = _row_keys(row)
    if column == "copy" and isinstance(value, int) and table is None:  # the dead_links query
        href = datasette.urls.path(f"/{_tilde(database)}/-/linked/{value}")
        return Markup('<a href="{}">archived copy</a>').format(href)
    if column == "thread" and value is not None:
        anchor = row["anchor"] if "anchor" in keys and row["anchor"] else None
        href = _thread_path(datasette, database, value, row, keys) + (f"#{anchor}" if anchor else "")
        return Markup('<a href="{}">read thread</a>').format(href)
    if column == "title" and isinstance(value, str) and "request_id" in keys and (
        table in (None, "requests", "request_overview", "thread_messages", "status_changes",
                  "request_overview_all", "thread_messages_all", "status_changes_all")
    ):
        href = _thread_path(datasette, database, row["request_id"], row, keys)
        anchor = row["anchor"] if "anchor" in keys and row["anchor"] else None
        return Markup('<a href="{}{}">{}</a>').format(href, f"#{anchor}" if anchor else "", value)
    return None


def _row_keys(row: Any) -> set[str]:
    try:
        return set(row.keys())
    except AttributeError:
        return set()


def _tilde(name: str) -> str:
    from datasette.utils import tilde_encode

    return tilde_encode(name)


def _thread_path(datasette: Any, database: str, key: Any, row: Any = None, keys: set[str] | None = None) -> str:
    path = f"/{_tilde(database)}/-/thread/{key}"
    sites = _state(datasette).archives.get(database, {}).get("sites", [])
    if keys and "site" in keys and len(sites) > 1 and row["site"]:
        path += "?site=" + str(row["site"])
    return datasette.urls.path(path)


class YearFacet(Facet):
    """Facet a date column by year: ``{"year": "created_at"}`` in metadata or ``?_facet_year=``."""

    type = "year"

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        from datasette.database import QueryInterrupted
        from datasette.utils import escape_sqlite

        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            sql = (
                f"select substr({escape_sqlite(column)}, 1, 4) as value, count(*) as count from ({self.sql}) "
                f"where {escape_sqlite(column)} glob '[0-9][0-9][0-9][0-9]*' group by value order by value desc limit {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database, sql, self.params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            arg = f"{column}__startswith"
            for row in rows.rows[:size]:
                selected = args.get(arg) == row["value"]
                toggle = (path_with_removed_args(self.request, {arg: row["value"]}) if selected
                          else path_with_added_args(self.request, {arg: row["value"]}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, toggle), "selected": selected})
            results.append({
                "name": column, "type": self.type, "results": values,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": path_with_removed_args(self.request, {"_facet_year": column}),
                "truncated": len(rows.rows) > size,
            })
        return results, timed_out


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


async def _archive_db(datasette: Any, request: Any, database: str) -> Any:
    """The Datasette database, if it is an archive this actor may read; else NotFound/Forbidden."""
    name = tilde_decode(database)
    try:
        db = datasette.get_database(name)
    except KeyError:
        raise NotFound(f"Database not found: {name}")
    await datasette.ensure_permissions(
        request.actor, [("view-table", (name, "messages")), ("view-database", name), "view-instance"]
    )
    if not is_archive(await db.table_names()):
        raise NotFound(f"{name} is not a wdtk-archive archive")
    return db


def _json_response(data: Any, status: int = 200) -> Response:
    # Archived text may contain "</script>" or "<!--": escape <, >, & so the JSON is inert anywhere.
    body = json.dumps(data, ensure_ascii=False, indent=2)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Response(body, status=status, content_type="application/json; charset=utf-8",
                    headers={"Access-Control-Allow-Origin": "*"})


def _content_security_policy(datasette: Any) -> str:
    """A policy for our pages: nothing runs but our own files and Datasette's one menu script.

    Autoescaping already keeps archived markup inert; this is the second lock. The hash of
    Datasette's inline script (``_close_open_menus.html``) is taken from the template in use.
    """
    state = _state(datasette)
    if not state.csp:
        source, _, _ = datasette.jinja_env.loader.get_source(datasette.jinja_env, "_close_open_menus.html")
        hashes = [
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
            for body in re.findall(r"<script>(.*?)</script>", source, flags=re.DOTALL)
        ]
        state.csp = "; ".join([
            "default-src 'self'",
            "script-src 'self' " + " ".join(hashes),
            "style-src 'self'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ])
    return state.csp


def _page(datasette: Any, html: str) -> Response:
    response = Response.html(html)
    response.headers["Content-Security-Policy"] = _content_security_policy(datasette)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _common_context(datasette: Any, database: str) -> dict[str, Any]:
    from datasette.version import __version__ as datasette_version

    return {
        "datasette_version": datasette_version,
        "database": tilde_decode(database),
        "database_path": datasette.urls.path(f"/{database}"),
        "wdtk_static": datasette.urls.path(STATIC_PREFIX),
        "search_path": datasette.urls.path(f"/{database}/-/search"),
        "charts_path": datasette.urls.path(f"/{database}/-/charts"),
    }


async def thread_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    key = tilde_decode(request.url_vars["key"])
    as_json = bool(request.url_vars.get("as_json"))
    db = await _archive_db(datasette, request, database)
    site = request.args.get("site") or None

    def lookup(conn: sqlite3.Connection) -> dict[str, Any] | None:
        from scraper.archive.store import AmbiguousRequest

        try:
            row = find_request_row(conn, key, site=site)
        except AmbiguousRequest as e:
            choices = []
            for name in e.sites:
                found = find_request_row(conn, key, site=name)
                if found is not None:
                    choices.append({"site": name, "request_id": found["request_id"], "title": found["title"]})
            return {"ambiguous": str(e), "choices": choices}
        return None if row is None else load_thread(conn, row["id"])

    thread = await db.execute_fn(lookup)
    if thread is None:
        raise NotFound(f"No request '{key}' in this archive")
    if "ambiguous" in thread:
        # One key, several sites: each site's thread is one link away (HTTP 300, Multiple Choices).
        for choice in thread["choices"]:
            path = f"/{database}/-/thread/{choice['request_id']}"
            choice["url"] = datasette.urls.path(path) + "?" + urlencode({"site": choice["site"]})
            choice["json_url"] = datasette.urls.path(path + ".json") + "?" + urlencode({"site": choice["site"]})
        if as_json:
            return _json_response({"ok": False, "error": thread["ambiguous"], "choices": thread["choices"]},
                                  status=300)
        context = {**_common_context(datasette, database), "key": key, "message": thread["ambiguous"],
                   "choices": thread["choices"]}
        response = _page(datasette, await datasette.render_template("wdtk_ambiguous.html", context, request=request))
        response.status = 300
        return response
    canonical = str(thread["request_id"])
    site_qs = f"?site={thread['site']}" if site else ""
    links = {
        "html": datasette.urls.path(f"/{database}/-/thread/{canonical}") + site_qs,
        "json": datasette.urls.path(f"/{database}/-/thread/{canonical}.json") + site_qs,
        "row": datasette.urls.path(f"/{database}/requests/{thread['_pk']}"),
        "messages": datasette.urls.path(
            f"/{database}/messages?request={thread['_pk']}&_sort=position&{INCLUDE_WITHDRAWN_ARG}=1"
        ),
        "events": datasette.urls.path(
            f"/{database}/events?request={thread['_pk']}&_sort=created_at&{INCLUDE_WITHDRAWN_ARG}=1"
        ),
        "authority_requests": datasette.urls.path(
            f"/{database}/request_overview?authority={thread['authority']['url_name']}&_sort_desc=created_at"
        ),
    }
    if as_json:
        # The same document `wdtk-archive export` writes (scraper/schema/thread.schema.json).
        def export(conn: sqlite3.Connection) -> dict[str, Any]:
            import sqlite_utils

            from scraper.export import iter_thread_documents

            return next(iter(iter_thread_documents(
                sqlite_utils.Database(conn), keys=[thread["request_id"]], site=thread["site"]
            )))

        response = _json_response(await db.execute_fn(export))
        response.headers["Link"] = f'<{links["html"]}>; rel="alternate"; type="text/html"'
        return response
    for m in thread["messages"]:
        m["segments"] = marked_segments(m["raw_text"] or "", m["stripped"]) if m["stripped"] else []
        counts: dict[str, int] = {}
        for seg in m["segments"]:
            if seg["category"]:
                counts[seg["label"]] = counts.get(seg["label"], 0) + 1
        m["stripped_counts"] = counts
        m["stripped_categories"] = sorted({s["category"] for s in m["segments"] if s["category"]})
    context = {
        **_common_context(datasette, database),
        "thread": thread,
        "links": links,
        "timeline": _timeline(thread),
        "category_labels": CATEGORY_LABELS,
    }
    return _page(datasette, await datasette.render_template("wdtk_thread.html", context, request=request))


def _timeline(thread: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages in page order with the site's status changes placed between them by date."""
    pending = [h for h in thread["status_history"] if h["source"] == "site" and h["event_type"] not in ("sent", "response")]
    items: list[dict[str, Any]] = []
    for m in thread["messages"]:
        while pending and m["sent_at"] and (pending[0]["at"] or "") < m["sent_at"]:
            items.append({"type": "status", **pending.pop(0)})
        items.append({"type": "message", "message": m})
    items.extend({"type": "status", **h} for h in pending)
    return items


#: The search page's parameters (``thread`` expands one thread; ``all`` ranks every match).
SEARCH_PARAMS = ("q", "authority", "from", "to", "kind", "mode", "sort", "include_withdrawn", "all", "thread", "site")


async def search_view(datasette: Any, request: Any) -> Response:
    from scraper.datasette import search

    database = request.url_vars["database"]
    as_json = bool(request.url_vars.get("as_json"))
    db = await _archive_db(datasette, request, database)
    params = {k: request.args.get(k, "") for k in SEARCH_PARAMS}
    try:
        page = max(1, int(request.args.get("page") or 1))
    except ValueError:
        page = 1
    found: dict[str, Any] = {"threads": [], "has_more": False, "total_threads": None, "total_messages": None,
                             "order": None, "rank_limit": search.RANK_LIMIT}
    error = None
    expanded = params["thread"].strip()
    limit_ms = datasette.setting("sql_time_limit_ms")

    def run(conn: sqlite3.Connection) -> dict[str, Any]:
        from datasette.utils import sqlite_timelimit

        with sqlite_timelimit(conn, limit_ms):
            if expanded:
                pks = [r[0] for r in conn.execute(
                    "select id from requests where request_id = ? and (? = '' or site = ?)",
                    [int(expanded) if expanded.isdigit() else -1, params["site"], params["site"]])]
                threads = search.thread_hits(conn, params, pks, attachments=_has_table(conn, "attachments_fts"),
                                             linked=_has_table(conn, "linked_versions_fts"))
                return {**found, "threads": list(threads.values()), "order": "thread"}
            return search.grouped_search(conn, params, page=page)

    if params["q"].strip():
        try:
            found = await db.execute_fn(run)
        except SearchError as e:
            error = str(e)
        except Exception as e:  # FTS syntax errors in raw mode, time limits
            error = f"The search could not run: {e}. Put phrases in double quotes, or switch off advanced syntax."
    sites = _state(datasette).archives.get(tilde_decode(database), {}).get("sites", [])
    search_path = datasette.urls.path(f"/{database}/-/search")
    shown = {k: v for k, v in params.items() if v and k not in ("thread", "site")}
    for thread in found["threads"]:
        base = datasette.urls.path(f"/{database}/-/thread/{thread['request_id']}") + (
            f"?site={thread['site']}" if len(sites) > 1 else "")
        thread["thread_url"] = base
        thread["expand_url"] = search_path + "?" + urlencode({**shown, "thread": thread["request_id"],
                                                               **({"site": thread["site"]} if len(sites) > 1 else {})})
        for hit in thread["hits"]:
            hit["thread_url"] = base + "#" + message_element_id(hit["anchor"], hit["occurrence"])
    # Every matching message of the page's threads, thread by thread; each thread's best is marked.
    results = [{**h, "best": h is t["best"]} for t in found["threads"] for h in t["hits"]]
    if as_json:
        def hit_json(h: dict[str, Any]) -> dict[str, Any]:
            return {**{k: v for k, v in h.items() if k not in ("snippet", "rank", "request_pk")},
                    "snippet": (h.get("snippet") or "").replace(SNIPPET_OPEN, "[").replace(SNIPPET_CLOSE, "]"),
                    "thread_url": datasette.absolute_url(request, h["thread_url"])}

        return _json_response({
            "ok": error is None, "error": error, "query": params, "page": page, "has_more": found["has_more"],
            "total_threads": found["total_threads"], "total_messages": found["total_messages"],
            "order": found["order"], "rank_limit": found["rank_limit"],
            "threads": [{**{k: v for k, v in t.items() if k not in ("best", "hits", "request_pk")},
                         "thread_url": datasette.absolute_url(request, t["thread_url"]),
                         "expand_url": datasette.absolute_url(request, t["expand_url"]),
                         "best": hit_json(t["best"]), "hits": [hit_json(h) for h in t["hits"]]}
                        for t in found["threads"]],
            "results": [hit_json(h) for h in results],
        }, status=200 if error is None else 400)
    for thread in found["threads"]:
        thread["status_label"] = status_label(thread["status"])
        thread["withdrawn_on"] = (thread["withdrawn_at"] or "")[:10] or None
        for hit in thread["hits"]:
            hit["snippet_html"] = highlight_snippet(hit.get("snippet"))
    authorities = await db.execute("select name from authorities order by name limit 2000")

    def page_url(n: int) -> str:
        return search_path + "?" + urlencode({**shown, "page": n})

    context = {
        **_common_context(datasette, database),
        "params": params, "threads": found["threads"], "error": error, "page": page, "expanded": bool(expanded),
        "total_threads": found["total_threads"], "total_messages": found["total_messages"],
        "order": found["order"], "rank_limit": found["rank_limit"], "page_size": search.PAGE_SIZE, "expand_limit": search.EXPAND_LIMIT,
        "next_url": page_url(page + 1) if found["has_more"] and not expanded else None,
        "prev_url": page_url(page - 1) if page > 1 and not expanded else None,
        "all_url": search_path + "?" + urlencode({**shown, "all": 1}),
        "back_url": search_path + "?" + urlencode(shown),
        "json_url": datasette.urls.path(f"/{database}/-/search.json") + "?" + urlencode(
            {k: v for k, v in params.items() if v}),
        "authorities": [r["name"] for r in authorities.rows],
    }
    return _page(datasette, await datasette.render_template("wdtk_search.html", context, request=request))


async def charts_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    as_json = bool(request.url_vars.get("as_json"))
    db = await _archive_db(datasette, request, database)
    include_withdrawn = _truthy(request.args.get("include_withdrawn"))
    rows = await db.execute_fn(functools.partial(chart_rows, include_withdrawn=include_withdrawn))
    stats = response_time_stats(rows)
    series = outcomes_over_time(rows)
    if as_json:
        return _json_response({"response_times": stats, "outcomes_over_time": series,
                               "working_days_allowed": RESPONSE_DAYS, "include_withdrawn": include_withdrawn})
    context = {
        **_common_context(datasette, database),
        "stats": stats,
        "rt": response_time_chart(stats),
        "oc": outcomes_chart(series),
        "series": series,
        "response_days": RESPONSE_DAYS,
        "outcome_labels": OUTCOME_LABELS,
        "total_requests": len(rows),
        "include_withdrawn": include_withdrawn,
        "toggle_url": datasette.urls.path(f"/{database}/-/charts") + ("" if include_withdrawn else "?include_withdrawn=1"),
    }
    return _page(datasette, await datasette.render_template("wdtk_charts.html", context, request=request))


@hookimpl
def extra_css_urls(database: str | None, datasette: Any) -> list[str] | None:
    """Datasette's own pages of an archive: long SQL wraps (see static/datasette-pages.css)."""
    if database not in _state(datasette).archives:
        return None
    return [datasette.urls.path(STATIC_PREFIX + "datasette-pages.css")]


@hookimpl
def extra_template_vars(template: str, datasette: Any) -> dict[str, Any] | None:
    """The home page's shortcuts of an archive start with ``requests`` (see templates/index.html)."""
    if template != "index.html":
        return None
    return {"wdtk_requests_shortcut": {name: {"name": "requests", "count": None, "private": False}
                                       for name in _state(datasette).archives}}
