"""Datasette metadata for an archive: descriptions, sort orders, facets, hidden tables, canned queries.

The plugin (:mod:`scraper.datasette.plugin`) applies this automatically to every database that
holds an archive, so ``datasette archive.db`` needs no ``--metadata``. To read or edit it::

    wdtk-archive metadata > metadata.json          # for the database named "archive"
    datasette archive.db -m metadata.json          # local metadata wins over the plugin's

Table and column descriptions come from :data:`scraper.archive.TABLE_DOCS` (one text, also used by
the docs). The canned queries use SQL functions the plugin registers: ``working_days(a, b)``,
``working_day_add(a, n)``, ``median(x)``, ``cites_section(text, section)`` and
``cited_sections(text)``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils
from markupsafe import escape

from scraper import PROJECT_URL, archive
from scraper.archive.migrations import migrations
from scraper.datasette.feeds import feed_queries
from scraper.datasette.statuses import AWAITING_SQL, STATUTORY_DUE_ON, TIMED_SQL

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
        "sql": f"""with {TIMED_SQL}
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
where {AWAITING_SQL.format(t="t")}
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
        "sql": f"""with {TIMED_SQL},
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
  sum({AWAITING_SQL.format(t="w")} and working_day_add(w.sent_at, 20) < date('now')) as overdue_now
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
            'phrase in "double quotes". The search page (Search every message) adds filters by '
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
    "dead_links": {
        "title": "Dead links, by authority",
        "description": (
            "Pages that responses and annotations link to which are gone (404/410, or the host no longer "
            "exists), moved elsewhere or now redirect off the allowlist, grouped by the authority whose "
            "requests cite them. The last good copy of each is kept: follow 'copy' to read it. "
            "'authority' takes a url_name or part of a name; 'state' one of dead, moved, off_list "
            "(empty: dead only)."
        ),
        "sql": """select
  a.name as authority_name,
  a.url_name as authority,
  p.url,
  p.state,
  p.http_status,
  p.state_since as since,
  p.final_url,
  v.title,
  v.captured_at as last_copy_captured_at,
  p.id as copy,
  r.request_id as thread,
  m.anchor,
  r.site
from linked_pages p
join linked_citations c on c.page = p.id
join requests r on r.id = c.request
join messages m on m.id = c.message
join authorities a on a.id = r.authority
left join linked_versions v on v.id = p.version
where p.state = coalesce(nullif(:state, ''), 'dead')
  and r.withdrawn_at is null
  and m.visibility = 'visible'
  and (:authority = '' or a.url_name = :authority or a.name like '%' || :authority || '%')
group by a.id, p.id
order by a.name, p.state_since desc, p.url""",
        "params": ["authority", "state"],
    },
}


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
    docs = {table: archive.TABLE_DOCS[table][1] for table in archive.TABLE_DOCS}
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
    """The columns of one of the archive's views, read from its SQL in an empty in-memory database."""
    conn = sqlite3.connect(":memory:")
    try:
        db = sqlite_utils.Database(conn)
        migrations.apply(db)
        for name, sql in archive.VIEWS.items():
            db.create_view(name, sql, replace=True)
        return [row[1] for row in conn.execute(f"pragma table_info([{view}])")]
    finally:
        conn.close()


#: The column a row is named by in links to it (Datasette's ``label_column``).
LABEL_COLUMNS = {
    "requests": "title",
    "authorities": "name",
    "users": "name",
    "messages": "anchor",
    "linked_pages": "url",
    "linked_versions": "title",
}


def table_metadata() -> dict[str, Any]:
    """Datasette's ``tables`` metadata of an archive from :data:`scraper.archive.TABLE_DOCS`:
    the description of every table, view and column, and each table's label column."""
    tables: dict[str, Any] = {}
    for table, (description, columns) in archive.TABLE_DOCS.items():
        entry: dict[str, Any] = {"description": description, "columns": dict(columns)}
        if table in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[table]
        tables[table] = entry
    for view, description in archive.VIEW_DOCS.items():
        tables[view] = {"description": description}
    return tables


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
        views = {view: _view_columns(view) for view in archive.VIEWS}
    tables = table_metadata()
    for view, columns in views.items():
        tables.setdefault(view, {})["columns"] = view_column_descriptions(view, columns)
    for table, config in TABLE_CONFIG.items():
        tables.setdefault(table, {}).update(config)
    block: dict[str, Any] = {
        "title": "FOI request archive",
        "description_html": (
            f"<p>Requests, responses and annotations archived from {escape(_site_names(sites))}. "
            'Start with <a href="{search}">Search every message</a>, the '
            '<a href="{charts}">charts</a>, or one of the queries below; each request\'s title links to '
            "its thread page.</p>"
            "<p>Cleaned text leaves out disclaimers, quoted earlier messages and footers; the raw text "
            "is kept beside it. What the site has since taken down (withdrawn requests, hidden or removed "
            "messages and attachments) is kept but left out of the views, the search, the charts, the "
            "queries and the table pages; the <code>*_all</code> views, "
            "<code>?_include_withdrawn=1</code> on a table page and the search's "
            "'include withdrawn' box show it, flagged.</p>"
            "<p>Content belongs to the requesters, the authorities and the site's "
            "operators: this archive claims no licence over it.</p>"
        )
        .replace("{search}", f"/{name}/-/search")
        .replace("{charts}", f"/{name}/-/charts"),
        "tables": tables,
        "queries": {key: dict(query) for key, query in {**CANNED_QUERIES, **feed_queries()}.items()},
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
