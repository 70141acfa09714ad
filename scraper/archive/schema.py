"""The archive's derived schema: views, full-text indexes, and the default reading.

The tables themselves are the migrations' (:mod:`scraper.archive.migrations`); what is derived from
them is rebuilt on every open (:func:`ensure_db_shape`), so a view or index fixed in a later
version reaches every archive.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from scraper.archive.errors import ArchiveError
from scraper.archive.migrations import migration_names, migrations

#: The tables that make an SQLite file an archive.
ARCHIVE_TABLES = frozenset({"requests", "messages", "authorities"})


def is_archive(table_names: Iterable[str]) -> bool:
    """Whether a database with these tables is an archive."""
    return ARCHIVE_TABLES <= set(table_names)


#: The default reading of the archive leaves out what the site has taken down: withdrawn
#: requests, and messages and attachments it hid or removed. SQL conditions, by table alias.
PUBLIC_REQUEST = "{r}.withdrawn_at is null"
PUBLIC_MESSAGE = "{m}.visibility = 'visible'"

#: Full-text search: table → indexed columns (FTS5, kept up to date by triggers).
FTS_CONFIG: dict[str, list[str]] = {
    "messages": ["clean_text", "sender"],
    "requests": ["title"],
    "attachments": ["text", "filename"],
    "linked_versions": ["text", "title"],
}
FTS_TOKENIZE = "porter"

_THREAD_MESSAGES = """select
  m.id, m.site, r.request_id, r.slug, r.title, r.status as request_status,
  a.url_name as authority, a.name as authority_name,
  m.position, m.anchor, m.kind, m.sender, m.sent_at, m.visibility, m.hidden_at,
  m.clean_text, m.raw_text, m.request{extra}
from messages m
join requests r on r.id = m.request
join authorities a on a.id = r.authority{where}"""

_REQUEST_OVERVIEW = """select
  r.id, r.site, r.request_id, r.slug, r.title, r.status, r.display_status,
  a.url_name as authority, a.name as authority_name,
  coalesce(u.name, r.requester_name) as requester_name,
  r.created_at, r.updated_at, r.withdrawn_at,{extra}
  coalesce(c.messages, 0) as messages, coalesce(c.responses, 0) as responses,
  c.first_message_at, c.last_message_at
from requests r
join authorities a on a.id = r.authority
left join users u on u.id = r.requester
left join (
  select request, count(*) as messages, sum(kind = 'incoming') as responses,
         min(sent_at) as first_message_at, max(sent_at) as last_message_at
  from messages{message_where} group by request
) c on c.request = r.id{where}"""

_STATUS_CHANGES = """select
  ch.id, ch.site, r.request_id, r.slug, r.title, a.name as authority_name,
  ch.field, ch.old_value, ch.new_value, ch.observed_at, ch.run_id, ch.request{extra}
from changes ch
join requests r on r.id = ch.request
join authorities a on a.id = r.authority
where ch.field in ('status', 'display_status', 'calculated_status', 'withdrawn_status'){where}"""

_WITHDRAWN_REQUESTS = "(select id from requests where withdrawn_at is not null)"
_HIDDEN_MESSAGES = "(select id from messages where visibility != 'visible')"

#: The default reading of the plain tables (Datasette table pages apply it unless asked to include
#: everything): a WHERE condition per table, on that table's own columns.
PUBLIC_TABLE_FILTERS: dict[str, str] = {
    "requests": "withdrawn_at is null",
    "messages": f"visibility = 'visible' and request not in {_WITHDRAWN_REQUESTS}",
    "attachments": (
        f"visibility = 'visible' and request not in {_WITHDRAWN_REQUESTS} and message not in {_HIDDEN_MESSAGES}"
    ),
    "message_versions": f"request not in {_WITHDRAWN_REQUESTS} and message not in {_HIDDEN_MESSAGES}",
    "changes": (f"request not in {_WITHDRAWN_REQUESTS} and (message is null or message not in {_HIDDEN_MESSAGES})"),
    "events": f"request not in {_WITHDRAWN_REQUESTS}",
    "request_slugs": f"request not in {_WITHDRAWN_REQUESTS}",
    "linked_citations": f"request not in {_WITHDRAWN_REQUESTS} and message not in {_HIDDEN_MESSAGES}",
}

_PUBLIC_R = PUBLIC_REQUEST.format(r="r")
VIEWS: dict[str, str] = {
    "thread_messages": _THREAD_MESSAGES.format(
        extra="", where=f"\nwhere {_PUBLIC_R} and {PUBLIC_MESSAGE.format(m='m')}"
    ),
    "thread_messages_all": _THREAD_MESSAGES.format(extra=",\n  r.withdrawn_at, r.withdrawn_status", where=""),
    "request_overview": _REQUEST_OVERVIEW.format(
        extra="", message_where=f" where {PUBLIC_MESSAGE.format(m='messages')}", where=f"\nwhere {_PUBLIC_R}"
    ),
    "request_overview_all": _REQUEST_OVERVIEW.format(extra=" r.withdrawn_status,", message_where="", where=""),
    "status_changes": _STATUS_CHANGES.format(extra="", where=f"\n  and {_PUBLIC_R}"),
    "status_changes_all": _STATUS_CHANGES.format(extra=",\n  r.withdrawn_at", where=""),
}


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Bring the archive to the current schema; a no-op (no writes) when it already is."""
    known = set(migration_names())
    newer = [m.name for m in migrations.applied(db) if m.name not in known]
    if newer:
        raise ArchiveError(
            f"The archive was upgraded by a newer wdtk-archive (migration {newer[-1]}); upgrade this one to use it."
        )
    if migrations.pending(db):
        migrations.apply(db)
    for table, columns in FTS_CONFIG.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
