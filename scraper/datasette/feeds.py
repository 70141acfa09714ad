"""Following the archive: Atom feeds of new responses and iCalendar files of deadlines.

A Datasette plugin of its own (entry point ``wdtk_archive_feeds``) on top of two plugins from the
Datasette ecosystem: ``datasette-atom`` turns a query into an Atom feed (``.atom``) and
``datasette-ics`` turns one into a calendar (``.ics``). This module only writes the queries and
links to them:

* ``new_responses_feed`` (``?authority=<url_name>``, ``?request=<id>``, or neither for the whole
  archive): the newest responses, each entry the cleaned text with a link to its thread page;
* ``search_feed`` (``?q=…`` with the search page's ``authority``, ``kind`` and ``mode``): the
  newest messages matching a saved search;
* ``deadlines`` (``?authority=<url_name>``, or everything): for each open request its statutory
  due date (the ``overdue`` query's own calculation, :data:`STATUTORY_DUE_ON`), and for each
  internal review its due date (20 working days after it was asked for).

Withdrawn requests and hidden or removed messages are never in a feed or a calendar. Links in
feeds are absolute: the magic parameter ``:_wdtk_threads`` is the thread pages' URL as this
request reached the server (so a proxy's host and ``base_url`` are respected).

``datasette-atom`` 0.9 answers a query with no rows with a server error (it takes the newest
``atom_updated`` of no rows); an authority with no response yet is normal, so the ``.atom``
renderer is wrapped: with rows it is datasette-atom's own, without them an empty feed.
"""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl

from scraper import archive
from scraper.datasette.state import state
from scraper.datasette.statuses import AWAITING_SQL, STATUTORY_DUE_ON, TIMED_SQL

# datasette-ics 0.5 renders with ics 0.7's str(Calendar), which warns on every calendar about
# a change in ics 0.9; datasette-ics pins ics 0.7.2, so the warning only fills the server log.
warnings.filterwarnings("ignore", message=r"Behaviour of str\(Component\)", category=FutureWarning)

#: The name of this plugin (its entry point).
PLUGIN_NAME = "wdtk_archive_feeds"

#: Entries in a feed, newest first (feed readers keep what they have seen).
FEED_SIZE = 50

#: Days an internal review should take (FOI Act s.45 Code of Practice, para 5.4: 20 working days).
REVIEW_DAYS = 20

#: The feed and calendar queries have no "title" in the metadata on purpose: datasette-atom and
#: datasette-ics then take the title from ``_feed_title`` / ``_ics_title``, which the links on our
#: pages set to name the authority, request or search. These are used when a link has none.
DEFAULT_TITLES = {
    "new_responses_feed": "New responses",
    "search_feed": "New messages matching a search",
    "deadlines": "FOI deadlines",
}


# ---------------------------------------------------------------------------------------------
# SQL functions
# ---------------------------------------------------------------------------------------------


def feed_time(value: Any) -> str | None:
    """An archived time as RFC 3339 with an offset, as Atom needs (a bare date is midnight UTC)."""
    if value is None:
        return None
    text = str(value).strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        try:
            when = datetime.combine(date.fromisoformat(text[:10]), datetime.min.time())
        except ValueError:
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.isoformat()


# ---------------------------------------------------------------------------------------------
# The queries
# ---------------------------------------------------------------------------------------------

#: A message's fragment on its thread page (``message_element_id`` in SQL), as ``m``.
_ELEMENT_ID = "m.anchor || case when m.occurrence > 1 then '-' || m.occurrence else '' end"

#: The thread page of request ``r`` (absolute, with ``?site=`` when the archive has several sites).
_THREAD_URL = ":_wdtk_threads || r.request_id || case when :_wdtk_sites > 1 then '?site=' || r.site else '' end"

#: Columns every message feed gives datasette-atom, for messages ``m`` of requests ``r`` to ``a``.
_ENTRY_COLUMNS = f"""  site_origin(r.source_url, r.site) || '/request/' || r.request_id || '#' || {_ELEMENT_ID} as atom_id,
  case m.kind when 'incoming' then
                case m.reply_type when 'auto_reply' then 'Automatic reply from '
                                  when 'delivery_failure' then 'Delivery failure for '
                                  when 'acknowledgement' then 'Acknowledgement from '
                                  else 'Response from ' end || coalesce(nullif(m.sender, ''), a.name)
              when 'outgoing' then 'Request or follow-up by ' || coalesce(nullif(m.sender, ''), 'the requester')
              else 'Annotation by ' || coalesce(nullif(m.sender, ''), 'someone') end
    || ': ' || r.title as atom_title,
  feed_time(coalesce(m.sent_at, m.first_seen_at)) as atom_updated,
  m.clean_text as atom_content,
  {_THREAD_URL} || '#' || {_ELEMENT_ID} as atom_link,
  coalesce(nullif(m.sender, ''), a.name) as atom_author_name,
  r.request_id as thread,
  m.anchor,
  a.name as authority_name,
  r.site"""

#: What a feed may show: the site still serves the request and still shows the message.
_PUBLIC = "m.visibility = 'visible' and r.withdrawn_at is null"


def _responses_sql() -> str:
    return f"""select
{_ENTRY_COLUMNS}
from messages m
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where m.kind = 'incoming'
  and {_PUBLIC}
  and (:authority = '' or a.url_name = :authority)
  and (:request = '' or r.request_id = cast(:request as integer))
order by coalesce(m.sent_at, m.first_seen_at) desc, m.id desc
limit {FEED_SIZE}"""


def _search_sql() -> str:
    match = "case when :mode = 'raw' then :q else escape_fts(:q) end"
    filters = f"""  and {_PUBLIC}
  and (:authority = '' or a.url_name = :authority or a.name like '%' || :authority || '%')
  and (:kind = '' or m.kind = :kind)"""
    return f"""select
{_ENTRY_COLUMNS}
from messages m
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where trim(:q) != ''
  and m.id in (
  select rowid from messages_fts where messages_fts match {match}
  union
  select att.message from attachments_fts
  join attachments att on att.id = attachments_fts.rowid
  where attachments_fts match {match} and att.visibility = 'visible'
)
{filters}
order by coalesce(m.sent_at, m.first_seen_at) desc, m.id desc
limit {FEED_SIZE}"""


def _deadlines_sql() -> str:
    # Internal reviews: asked for by a follow-up the site marks "internal review", else when the
    # request was put into that state (by the site's event, else as this archive saw it).
    review_asked = """coalesce(
      (select max(e.created_at) from events e where e.request = r.id
         and e.event_type in ('followup_sent', 'followup_resent')
         and 'internal_review' in (e.described_state, e.calculated_state)),
      (select max(e.created_at) from events e where e.request = r.id and e.described_state = 'internal_review'),
      (select max(c.observed_at) from changes c where c.request = r.id and c.field = 'status'
         and c.new_value = 'internal_review'))"""
    return f"""with {TIMED_SQL},
due as (
  select 'response' as kind, t.id, t.site, t.request_id, t.title, t.authority, t.source_url,
    substr(t.sent_at, 1, 10) as started_on, {STATUTORY_DUE_ON} as due_on
  from timed t
  where {AWAITING_SQL.format(t="t")}
  union all
  select 'internal review', r.id, r.site, r.request_id, r.title, r.authority, r.source_url,
    substr({review_asked}, 1, 10), working_day_add({review_asked}, {REVIEW_DAYS})
  from requests r
  where r.status = 'internal_review' and r.withdrawn_at is null
)
select
  case d.kind when 'response' then 'FOI response due: ' else 'Internal review due: ' end
    || d.title || ' (' || a.name || ')' as event_name,
  d.due_on || 'T09:00:00Z' as event_dtstart,
  d.due_on || 'T09:30:00Z' as event_dtend,
  case d.kind
    when 'response' then 'The authority should answer by this day: 20 working days after the request was sent on '
    else 'The internal review should be finished by this day: {REVIEW_DAYS} working days after it was asked for on '
  end || d.started_on || '. ' || :_wdtk_threads || d.request_id
    || case when :_wdtk_sites > 1 then '?site=' || d.site else '' end as event_description,
  'wdtk-archive-' || replace(d.kind, ' ', '-') || '-' || d.request_id || '@' || d.site as event_uid,
  d.kind as deadline,
  d.due_on,
  d.request_id as thread,
  d.title,
  a.name as authority_name,
  d.site
from due d
join authorities a on a.id = d.authority
where d.due_on is not null
  and (:authority = '' or a.url_name = :authority)
order by d.due_on, d.request_id"""


def feed_queries() -> dict[str, dict[str, Any]]:
    """The canned queries this module adds to every archive's metadata."""
    return {
        "new_responses_feed": {
            "description": (
                "The newest responses as an Atom feed (add .atom to this page's address, or use the "
                "Follow links on thread, authority and search pages). 'authority' (a url_name) keeps one "
                "authority's, 'request' (a request id) one request's; both empty: the whole archive. "
                "Each entry is the cleaned text of the response and links to its thread page."
            ),
            "sql": _responses_sql(),
            "params": ["authority", "request"],
        },
        "search_feed": {
            "description": (
                "The newest messages matching a search, as an Atom feed (.atom): the search page's "
                "'Follow this search' link. 'q' as on the search page (mode=raw for FTS5 syntax); "
                "'authority' (a url_name or part of a name) and 'kind' (incoming, outgoing, "
                "annotation) narrow it."
            ),
            "sql": _search_sql(),
            "params": ["q", "authority", "kind", "mode"],
        },
        "deadlines": {
            "description": (
                "Deadlines as a calendar (add .ics to this page's address): for every request still "
                "awaiting a response, its statutory due date (20 working days after it was sent, as in "
                "the overdue query), and for every internal review, 20 working days after it was asked "
                "for. 'authority' (a url_name) keeps one authority's; empty: everything."
            ),
            "sql": _deadlines_sql(),
            "params": ["authority"],
        },
    }


# ---------------------------------------------------------------------------------------------
# Links to feeds, for the pages
# ---------------------------------------------------------------------------------------------


class FeedLinks:
    """URLs of one archive database's feeds and calendars (templates get one as ``wdtk_feeds``)."""

    def __init__(self, datasette: Any, database: str, site_title: str = "FOI archive"):
        from datasette.utils import tilde_encode

        self.datasette = datasette
        self.base = datasette.urls.path(f"/{tilde_encode(database)}")
        self.site_title = site_title

    def _url(self, query: str, ext: str, args: dict[str, Any], title: str) -> str:
        title_arg = "_feed_title" if ext == "atom" else "_ics_title"
        pairs = {k: v for k, v in args.items() if v not in (None, "")}
        pairs[title_arg] = f"{title} – {self.site_title}"
        return f"{self.base}/{query}.{ext}?" + urlencode(pairs)

    def responses(
        self,
        *,
        authority: str | None = None,
        authority_name: str | None = None,
        request_id: Any = None,
        request_title: str | None = None,
    ) -> str:
        if request_id is not None:
            title = f"New responses to “{request_title or request_id}”"
        elif authority:
            title = f"New responses from {authority_name or authority}"
        else:
            title = "New responses"
        return self._url(
            "new_responses_feed",
            "atom",
            {"authority": authority if request_id is None else None, "request": request_id},
            title,
        )

    def deadlines(self, *, authority: str | None = None, authority_name: str | None = None) -> str:
        title = f"FOI deadlines: {authority_name or authority}" if authority else "FOI deadlines"
        return self._url("deadlines", "ics", {"authority": authority}, title)

    def search(self, params: dict[str, Any]) -> str:
        args = {k: params.get(k) for k in ("q", "authority", "kind", "mode")}
        return self._url("search_feed", "atom", args, f"Messages matching {params.get('q', '')}")


def _is_archive(datasette: Any, database: str | None) -> bool:
    return state(datasette).is_archive(database)


# ---------------------------------------------------------------------------------------------
# Datasette hooks
# ---------------------------------------------------------------------------------------------


@hookimpl
def prepare_connection(conn: Any) -> None:
    conn.create_function("feed_time", 1, feed_time, deterministic=True)
    conn.create_function("site_origin", 2, archive.site_origin, deterministic=True)


def _magic(datasette: Any) -> Any:
    def value(key: str, request: Any) -> Any:
        from datasette.utils import tilde_decode, tilde_encode

        database = tilde_decode((request.url_vars or {}).get("database", "")) if request is not None else ""
        if key == "threads":
            path = datasette.urls.path(f"/{tilde_encode(database)}/-/thread/")
            return datasette.absolute_url(request, path) if request is not None else path
        if key == "sites":
            return len(state(datasette).sites(database))
        raise KeyError(key)

    return value


@hookimpl
def register_magic_parameters(datasette: Any) -> list[tuple[str, Any]]:
    return [("wdtk", _magic(datasette))]


@hookimpl(trylast=True)
def register_output_renderer(datasette: Any) -> dict[str, Any] | None:
    # trylast: Datasette keeps the last renderer registered for an extension, so this wrapper
    # replaces datasette-atom's own (it calls it whenever there are rows).
    try:
        import datasette_atom
    except ImportError:  # pragma: no cover - a dependency; without it there are no feeds
        return None
    return {"extension": "atom", "render": render_atom, "can_render": datasette_atom.can_render_atom}


def render_atom(
    datasette: Any,
    request: Any,
    sql: str,
    columns: list[str],
    rows: list[Any],
    database: str,
    table: str | None,
    query_name: str | None,
    view_name: str,
    data: dict[str, Any],
) -> Any:
    """datasette-atom's renderer, and a valid empty feed where it would fail on no rows."""
    import datasette_atom

    if query_name in DEFAULT_TITLES and not request.args.get("_feed_title"):
        request = _with_arg(request, "_feed_title", DEFAULT_TITLES[query_name])
    if rows or not datasette_atom.REQUIRED_COLUMNS.issubset(columns):
        return datasette_atom.render_atom(
            datasette, request, sql, columns, rows, database, table, query_name, view_name, data
        )
    from datasette import __version__
    from datasette.utils.asgi import Response
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.generator(generator="Datasette", version=__version__, uri="https://github.com/simonw/datasette")
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.title(request.args.get("_feed_title") or query_name or table or "Feed")
    feed.updated(datetime.now(UTC))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)


def _with_arg(request: Any, name: str, value: str) -> Any:
    """A copy of ``request`` with one more query-string argument."""
    from datasette.utils.asgi import Request

    query = request.query_string + ("&" if request.query_string else "") + urlencode({name: value})
    return Request({**request.scope, "query_string": query.encode("latin-1")}, request.receive)


@hookimpl
def extra_template_vars(template: str, database: str | None, request: Any, datasette: Any) -> Any:
    if database is None or not _is_archive(datasette, database):
        return None

    async def inner() -> dict[str, Any]:
        sites = state(datasette).sites(database)
        links = FeedLinks(datasette, database, site_title=_site_title(sites))
        out: dict[str, Any] = {"wdtk_feeds": links}
        follow = await _follow_authority(datasette, database, template, request)
        if follow:
            out["wdtk_follow"] = {
                "name": follow["name"],
                "atom": links.responses(authority=follow["url_name"], authority_name=follow["name"]),
                "ics": links.deadlines(authority=follow["url_name"], authority_name=follow["name"]),
            }
        return out

    return inner


def _site_title(sites: list[dict[str, Any]]) -> str:
    names = [str(s["site"]) for s in sites]
    return f"FOI archive of {', '.join(names)}" if names else "FOI archive"


async def _follow_authority(datasette: Any, database: str, template: str, request: Any) -> dict[str, Any] | None:
    """The authority a Datasette page is about, if it is one: its row page, its requests
    (``request_overview`` / ``requests`` filtered to it) or the ``authority_requests`` query."""
    if request is None:
        return None
    db = datasette.get_database(database)
    url_vars = request.url_vars or {}
    table = url_vars.get("table")
    sql, params = None, []
    if template.startswith("row") and table == "authorities" and url_vars.get("pks"):
        sql, params = "select url_name, name from authorities where id = ?", [url_vars["pks"]]
    elif (
        template.startswith("table")
        and table in ("request_overview", "request_overview_all")
        and request.args.get("authority")
    ):
        sql, params = "select url_name, name from authorities where url_name = ?", [request.args["authority"]]
    elif template.startswith("table") and table == "requests" and request.args.get("authority"):
        sql, params = "select url_name, name from authorities where id = ?", [request.args["authority"]]
    elif (
        template.startswith("query")
        and request.path.rstrip("/").endswith("/authority_requests")
        and request.args.get("authority")
    ):
        value = request.args["authority"]
        sql, params = (
            (
                "select url_name, name from authorities where url_name = ? or name like '%' || ? || '%' "
                "order by url_name = ? desc limit 2"
            ),
            [value, value, value],
        )
    if sql is None:
        return None
    rows = (await db.execute(sql, params)).rows
    # A partial name that fits several authorities follows none of them.
    if len(rows) != 1 and not (rows and rows[0]["url_name"] == request.args.get("authority")):
        return None
    return {"url_name": rows[0]["url_name"], "name": rows[0]["name"]}
