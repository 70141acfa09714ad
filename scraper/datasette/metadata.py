"""Datasette metadata for an archive: descriptions, sort orders, facets, hidden tables, canned queries.

The plugin (:mod:`scraper.datasette.plugin`) applies this automatically to every database that
holds an archive, so ``datasette archive.db`` needs no ``--metadata``. To read or edit it::

    python -m scraper.datasette.metadata > metadata.json     # for the database named "archive"
    datasette archive.db -m metadata.json                     # local metadata wins over the plugin's

Table and column descriptions come from :data:`scraper.archive.store.TABLE_DOCS` (one text, also used by
the docs). The canned queries use SQL functions the plugin registers: ``working_days(a, b)``,
``working_day_add(a, n)``, ``median(x)``, ``cites_section(text, section)`` and
``cited_sections(text)``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from markupsafe import escape

from scraper.archive import linked as linked_store
from scraper.archive import store

PROJECT_URL = "https://github.com/wdtk-archive/wdtk-archive"

#: The states in which the authority still owes a response (as SQL).
_WAITING = "('waiting_response', 'waiting_response_overdue', 'waiting_response_very_overdue')"

#: Per request the site still serves: when it was sent (first outgoing message, else created_at)
#: and first answered. The first response is the earliest incoming message from then on that is a
#: response: not an automatic reply, a bounce or an acknowledgement (``messages.reply_type``). A
#: response the site hides still counts (the site still shows its header and date); one that
#: vanished from the page does not (it may have been misdelivered). The same rule as
#: :func:`scraper.datasette.plugin.chart_rows` and the thread page.
_TIMED = """sent as (
  select r.id, r.site, r.request_id, r.title, r.authority, r.status, r.withdrawn_at, r.source_url,
    coalesce(
      (select min(m.sent_at) from messages m where m.request = r.id and m.kind = 'outgoing' and m.resent = 0
         and m.visibility != 'gone'),
      r.created_at
    ) as sent_at
  from requests r
  where r.withdrawn_at is null
),
timed as (
  select s.*,
    (select min(m.sent_at) from messages m where m.request = s.id and m.kind = 'incoming'
       and m.visibility != 'gone' and m.reply_type is null and m.sent_at >= s.sent_at) as first_response_at
  from sent s
)"""

#: Still owed an answer: a waiting state, or "awaiting classification" when nothing that arrived is
#: a response (the site asks the requester to classify an out-of-office reply too).
_AWAITING = f"""({{t}}.status in {_WAITING} or ({{t}}.status = 'waiting_classification' and {{t}}.first_response_at is null))"""

#: The statutory due date of a request in ``timed`` (as ``t``): the 20th working day after it was
#: sent. The one expression the ``overdue`` query and the deadline calendar (scraper.datasette.feeds) share.
STATUTORY_DUE_ON = "working_day_add(t.sent_at, 20)"

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "overdue": {
        "title": "Requests overdue",
        "description": (
            "Requests still awaiting a response more than 20 working days after they were sent "
            "(FOI Act s.10): in a waiting state, or awaiting classification of nothing but automatic "
            "replies, bounces and acknowledgements. Working days are Monday to Friday less bank holidays in England and "
            "Wales; the day the request was sent does not count. Leave 'as_of' empty for today "
            "(YYYY-MM-DD otherwise); 'authority' takes a url_name or part of a name."
        ),
        "sql": f"""with {_TIMED}
select
  t.request_id as thread,
  t.title,
  a.name as authority_name,
  t.status,
  substr(t.sent_at, 1, 10) as sent_on,
  {STATUTORY_DUE_ON} as due_on,
  working_days({STATUTORY_DUE_ON}, coalesce(nullif(:as_of, ''), date('now'))) as working_days_late,
  t.source_url,
  t.site
from timed t
join authorities a on a.id = t.authority
where {_AWAITING.format(t="t")}
  and {STATUTORY_DUE_ON} < coalesce(nullif(:as_of, ''), date('now'))
  and (:authority = '' or a.url_name = :authority or a.name like '%' || :authority || '%')
order by working_days_late desc, t.sent_at""",
        "params": ["authority", "as_of"],
    },
    "response_times": {
        "title": "Response times by authority",
        "description": (
            "For each authority: requests, how many got a response, the median number of working "
            "days from sending to the first response, the share answered within 20 working days, "
            "and how many are overdue now. Automatic replies, bounces and acknowledgements are not "
            "responses (messages.reply_type). 'min_requests' hides authorities with fewer requests."
        ),
        "sql": f"""with {_TIMED},
with_days as (
  select t.*, working_days(t.sent_at, t.first_response_at) as days from timed t
)
select
  a.name as authority_name,
  a.url_name as authority,
  count(*) as requests,
  count(w.days) as answered,
  median(w.days) as median_working_days,
  round(100.0 * sum(w.days <= 20) / count(w.days), 1) as percent_on_time,
  sum({_AWAITING.format(t="w")} and working_day_add(w.sent_at, 20) < date('now')) as overdue_now
from with_days w
join authorities a on a.id = w.authority
group by a.id
having count(*) >= cast(coalesce(nullif(:min_requests, ''), '1') as integer)
order by requests desc, authority_name""",
        "params": ["min_requests"],
    },
    "recent_responses": {
        "title": "Recent responses",
        "description": (
            "The newest responses from authorities, newest first (automatic replies, bounces and "
            "acknowledgements left out). 'since' (YYYY-MM-DD) limits them "
            "to that date or later; 'authority' takes a url_name or part of a name."
        ),
        "sql": """select
  m.sent_at,
  r.request_id as thread,
  m.anchor,
  r.title,
  a.name as authority_name,
  m.sender,
  r.status,
  substr(m.clean_text, 1, 280) as excerpt,
  r.site
from messages m
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where m.kind = 'incoming'
  and m.visibility = 'visible'
  and m.reply_type is null
  and r.withdrawn_at is null
  and (:since = '' or substr(m.sent_at, 1, 10) >= :since)
  and (:authority = '' or a.url_name = :authority or a.name like '%' || :authority || '%')
order by m.sent_at desc
limit 200""",
        "params": ["since", "authority"],
    },
    "refusals_citing_section": {
        "title": "Refusals citing a section of the Act",
        "description": (
            "Responses that cite a section of the FOI Act (e.g. 12 for cost, 14 vexatious, 40 "
            "personal data, 43 commercial interests; '40(2)' for a subsection) in requests that "
            "were refused, partially successful or sent to internal review. Looks in the cleaned "
            "message text and in text extracted from attachments. Citations are recognised as "
            "'section 12', 's.12', 's12' or 'sections 21 and 40'."
        ),
        "sql": """select
  r.request_id as thread,
  m.anchor,
  r.title,
  a.name as authority_name,
  r.status,
  m.sent_at,
  cited_sections(m.clean_text || ' ' || coalesce(
    (select group_concat(at.text, ' ') from attachments at where at.message = m.id and at.visibility = 'visible'),
    '')) as sections_cited,
  substr(m.clean_text, 1, 280) as excerpt,
  r.site
from messages m
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where m.kind = 'incoming'
  and m.visibility = 'visible'
  and r.withdrawn_at is null
  and r.status in ('rejected', 'partially_successful', 'internal_review')
  and cites_section(m.clean_text || ' ' || coalesce(
    (select group_concat(at.text, ' ') from attachments at where at.message = m.id and at.visibility = 'visible'),
    ''), :section)
order by m.sent_at desc""",
        "params": ["section"],
    },
    "authority_requests": {
        "title": "An authority's requests",
        "description": "Every request to one authority, newest first: give its url_name or part of its name.",
        "sql": """select
  o.request_id as thread,
  o.title,
  o.status,
  o.display_status,
  o.requester_name,
  o.created_at,
  o.messages,
  o.responses,
  o.last_message_at,
  o.authority_name,
  o.site
from request_overview o
where o.authority = :authority or o.authority_name like '%' || :authority || '%'
order by o.created_at desc""",
        "params": ["authority"],
    },
    "search_messages": {
        "title": "Full-text search",
        "description": (
            "Search the cleaned text and sender of every message. Words are all required; put a "
            "phrase in \"double quotes\". The search page (Search every message) adds filters by "
            "authority, date and kind."
        ),
        "sql": """select
  r.request_id as thread,
  m.anchor,
  r.title,
  a.name as authority_name,
  m.kind,
  m.sender,
  m.sent_at,
  snippet(messages_fts, 0, char(2), char(3), ' … ', 24) as snippet,
  r.site
from messages_fts
join messages m on m.id = messages_fts.rowid
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where messages_fts match escape_fts(:q)
  and m.visibility = 'visible'
  and r.withdrawn_at is null
order by rank
limit 100""",
        "params": ["q"],
    },
}

CANNED_QUERIES.update(linked_store.CANNED_QUERIES)

#: Per-table presentation on top of the store's descriptions.
TABLE_CONFIG: dict[str, dict[str, Any]] = {
    "requests": {
        "sort_desc": "created_at",
        "facets": ["authority", "status", {"year": "created_at"}, "law_used"],
    },
    "request_overview": {
        "sort_desc": "created_at",
        "facets": ["authority_name", "status", {"year": "created_at"}],
        "fts_table": "requests_fts",
        "fts_pk": "id",
    },
    "messages": {
        "sort_desc": "sent_at",
        "facets": ["kind", "visibility", {"year": "sent_at"}],
    },
    "thread_messages": {
        "sort_desc": "sent_at",
        "facets": ["authority_name", "kind", "request_status", {"year": "sent_at"}],
        "fts_table": "messages_fts",
        "fts_pk": "id",
    },
    "attachments": {"facets": ["content_type", "visibility"]},
    "authorities": {"sort": "name"},
    "users": {"sort": "name"},
    "events": {"sort_desc": "created_at", "facets": ["event_type", "described_state"]},
    "changes": {"sort_desc": "observed_at", "facets": ["field"]},
    "status_changes": {"sort_desc": "observed_at", "facets": ["field", "new_value"]},
    "thread_messages_all": {
        "sort_desc": "sent_at",
        "facets": ["authority_name", "kind", "visibility", {"year": "sent_at"}],
        "fts_table": "messages_fts",
        "fts_pk": "id",
    },
    "request_overview_all": {
        "sort_desc": "created_at",
        "facets": ["authority_name", "status", "withdrawn_status", {"year": "created_at"}],
        "fts_table": "requests_fts",
        "fts_pk": "id",
    },
    "status_changes_all": {"sort_desc": "observed_at", "facets": ["field", "new_value"]},
    "message_versions": {"sort_desc": "replaced_at"},
    "request_slugs": {"sort_desc": "first_seen_at"},
    "runs": {"sort_desc": "started_at", "facets": ["outcome", "command"]},
    "linked_pages": {"sort_desc": "first_seen_at", "facets": ["state", "host"]},
    "linked_versions": {"sort_desc": "captured_at", "facets": ["content_type", "text_source"]},
    "linked_citations": {"facets": ["source"]},
    "linked_history": {"sort_desc": "observed_at", "facets": ["state"]},
    "linked_scans": {"hidden": True},
    "fetch_state": {"hidden": True},
    "_sqlite_migrations": {"hidden": True},
}


#: Where each view column comes from: tables searched in order, then named exceptions
#: (a (table, column) pair whose description applies, or a description of its own).
VIEW_COLUMN_SOURCES: dict[str, tuple[list[str], dict[str, Any]]] = {
    "thread_messages": (
        ["messages", "requests"],
        {
            "request_status": ("requests", "status"),
            "authority": "The authority's name in URLs (authorities.url_name).",
            "authority_name": ("authorities", "name"),
        },
    ),
    "request_overview": (
        ["requests"],
        {
            "authority": "The authority's name in URLs (authorities.url_name).",
            "authority_name": ("authorities", "name"),
            "requester_name": "The requester's name: the user's current name, else the name shown on the request.",
            "messages": "Number of archived messages in the thread (outgoing, incoming and annotations).",
            "responses": "Number of archived responses (incoming messages).",
            "first_message_at": "Date of the earliest archived message.",
            "last_message_at": "Date of the latest archived message.",
        },
    ),
    "status_changes": (
        ["changes", "requests"],
        {"authority_name": ("authorities", "name")},
    ),
}
# The *_all views have the same columns, plus the request's withdrawal flags.
for _view in ("thread_messages", "request_overview", "status_changes"):
    VIEW_COLUMN_SOURCES[f"{_view}_all"] = VIEW_COLUMN_SOURCES[_view]


def view_column_descriptions(view: str, columns: list[str]) -> dict[str, str]:
    """Descriptions for a view's columns, taken from the tables they come from."""
    tables, exceptions = VIEW_COLUMN_SOURCES.get(view, ([], {}))
    docs = {table: store.TABLE_DOCS[table][1] for table in store.TABLE_DOCS}
    out: dict[str, str] = {}
    for column in columns:
        source = exceptions.get(column)
        if isinstance(source, str):
            out[column] = source
        elif isinstance(source, tuple):
            out[column] = docs[source[0]][source[1]]
        else:
            table = next((t for t in tables if column in docs.get(t, {})), None)
            if table:
                out[column] = docs[table][column]
    return out


def _view_columns(view: str) -> list[str]:
    """The columns of one of the store's views, read from its SQL in an empty in-memory database."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    try:
        import sqlite_utils

        db = sqlite_utils.Database(conn)
        from scraper.archive.migrations import migrations

        migrations.apply(db)
        for name, sql in store.VIEWS.items():
            db.create_view(name, sql, replace=True)
        return [row[1] for row in conn.execute(f"pragma table_info([{view}])")]
    finally:
        conn.close()


def _feed_queries() -> dict[str, dict[str, Any]]:
    from scraper.datasette.feeds import feed_queries

    return feed_queries()


def _site_names(sites: list[dict[str, Any]]) -> str:
    return ", ".join(str(s["site"]) for s in sites) or "an Alaveteli site"


def database_metadata(
    name: str, sites: list[dict[str, Any]] | None = None, views: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """The metadata block of one archive database served as ``name``.

    ``views`` maps each view to its columns as the database has them; by default, as this
    version of the store creates them.
    """
    sites = sites or []
    if views is None:
        views = {view: _view_columns(view) for view in store.VIEWS}
    tables = store.datasette_metadata(name)["databases"][name]["tables"]
    for view, columns in views.items():
        tables.setdefault(view, {})["columns"] = view_column_descriptions(view, columns)
    for table, config in TABLE_CONFIG.items():
        tables.setdefault(table, {}).update(config)
    block: dict[str, Any] = {
        "title": "FOI request archive",
        "description_html": (
            f"<p>Requests, responses and annotations archived from {escape(_site_names(sites))}. "
            "Start with <a href=\"{search}\">Search every message</a>, the "
            "<a href=\"{charts}\">charts</a>, or one of the queries below; each request's title links to "
            "its thread page.</p>"
            "<p>Cleaned text leaves out disclaimers, quoted earlier messages and footers; the raw text "
            "is kept beside it. What the site has since taken down (withdrawn requests, hidden or removed "
            "messages and attachments) is kept but left out of the views, the search, the charts, the "
            "queries and the table pages; the <code>*_all</code> views, "
            "<code>?_include_withdrawn=1</code> on a table page and the search's "
            "'include withdrawn' box show it, flagged.</p>"
            "<p>Content belongs to the requesters, the authorities and the site's "
            "operators: this archive claims no licence over it.</p>"
        ).replace("{search}", f"/{name}/-/search").replace("{charts}", f"/{name}/-/charts"),
        "tables": tables,
        "queries": {key: dict(query) for key, query in {**CANNED_QUERIES, **_feed_queries()}.items()},
        "about": "wdtk-archive",
        "about_url": PROJECT_URL,
    }
    if len(sites) == 1 and sites[0].get("origin"):
        block["source"] = str(sites[0]["site"])
        block["source_url"] = str(sites[0]["origin"])
    return block


def build_metadata(archives: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Instance metadata for the archive databases ``{name: {"sites": [...]}}`` Datasette serves."""
    all_sites = [s for info in archives.values() for s in info.get("sites", [])]
    wdtk = bool(all_sites) and all(str(s["site"]).endswith("whatdotheyknow.com") for s in all_sites)
    return {
        "title": "WhatDoTheyKnow archive" if wdtk else "FOI request archive",
        "description": (
            "Freedom of Information requests and their responses, archived with wdtk-archive from "
            f"{_site_names(all_sites)}. Each request links back to its page on the site."
        ),
        "about": "wdtk-archive",
        "about_url": PROJECT_URL,
        "databases": {
            name: database_metadata(name, info.get("sites"), info.get("views")) for name, info in archives.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scraper.datasette.metadata",
        description="Print the Datasette metadata wdtk-archive applies to an archive (JSON).",
    )
    parser.add_argument("--database", default="archive", help="Database name: the file name without .db.")
    parser.add_argument("--site", action="append", default=[], help="Site host, e.g. www.whatdotheyknow.com.")
    args = parser.parse_args(argv)
    sites = [{"site": s, "origin": f"https://{s}"} for s in args.site]
    json.dump(build_metadata({args.database: {"sites": sites}}), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
