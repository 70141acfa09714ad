"""The search page's results, grouped by thread.

One thread's messages quote each other, so a flat list of matching messages repeats the same
request many times. :func:`grouped_search` returns threads instead: each with how many of its
messages match, its best-matching message (with a snippet) and the others (to expand).

Why it is fast on a large archive (BENCHMARKS.md, ingest): the time goes where SQLite does work
per matching message, so that work is kept to what a page shows.

* Facts about each hit (thread, kind, visibility, date) come from the narrow
  ``messages_search`` index, not the wide message rows (``visibility`` is stored after two long
  texts: reading it from the row walks overflow pages).
* No snippet is made for a message the page does not show (``snippet()`` is costly per row).
* When a search matches more than :data:`RANK_LIMIT` messages, threads come most recently
  archived first: that is FTS5's own index order, so only the rows a page shows are read.
  Ranking scores every match (100,000 scores, and for a phrase its statistics, take longer than
  the page's whole budget). The page says so and offers to rank every match (``all=1``). Up to
  the limit, every match is counted and ranked.
* Nothing is asked of FTS5 row by row: the page's threads are searched once over the span of
  their message ids, and snippets are made only for the messages shown (a full-text query sets
  its match up afresh each time it is run: for a prefix that means merging every term it covers).
* Per-thread counts are exact.

All functions take a plain ``sqlite3`` connection (Datasette's read-only one) and are
synchronous; the plugin runs them with ``execute_fn``. :func:`search_sql` and
:func:`search_filters` read the search page's parameters (:data:`SEARCH_PARAMS`) into SQL.
"""

from __future__ import annotations

import heapq
import itertools
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from scraper.datasette.calendar import as_date

#: The search page's parameters (``thread`` expands one thread; ``all`` ranks every match).
SEARCH_PARAMS = ("q", "authority", "from", "to", "kind", "mode", "sort", "include_withdrawn", "all", "thread", "site")

#: Threads per page.
PAGE_SIZE = 20

#: Above this many matching messages, threads come most recently archived first (unless
#: ``all=1`` asks for every match to be ranked).
RANK_LIMIT = 5_000

#: Matching messages listed under one thread when it is expanded (the rest: "all in this thread").
EXPAND_LIMIT = 50


class SearchError(ValueError):
    """A search the user should reword; the message says how."""


def _valid_day(value: str, name: str) -> str:
    value = value.strip()
    if value and (len(value) != 10 or as_date(value) is None):
        raise SearchError(f"{name} must be a date written as YYYY-MM-DD, not '{value}'.")
    return value


def truthy(value: str | None) -> bool:
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
    if not truthy(params.get("include_withdrawn")):
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
    include_withdrawn = truthy(params.get("include_withdrawn"))
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
    arms = [
        f"""select {columns("messages_fts")}, null as attachment, null as linked_page, null as linked_title{extras("messages_fts")}
from messages_fts
join {messages} on m.id = messages_fts.rowid
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where {" and ".join(where)}"""
    ]
    if attachments:
        # An attachment's text (a letter sent as a PDF) finds the message it came with.
        at_where = [
            "attachments_fts match :q",
            *where[1:],
            *([] if include_withdrawn else ["att.visibility = 'visible'"]),
        ]
        arms.append(f"""select {columns("attachments_fts")}, att.filename as attachment, null as linked_page,
  null as linked_title{extras("attachments_fts")}
from attachments_fts
join attachments att on att.id = attachments_fts.rowid
join messages m on m.id = att.message
join requests r on r.id = m.request
join authorities a on a.id = r.authority
where {" and ".join(at_where)}""")
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
where {" and ".join(lp_where)}""")
    sql = "\nunion all\n".join(arms)
    if ordered:
        sql += f"\norder by {order}"
    sql += "\nlimit :limit offset :offset"
    return sql, args


# ---------------------------------------------------------------------------------------------
# Results grouped by thread
# ---------------------------------------------------------------------------------------------


def _has(conn: sqlite3.Connection, kind: str, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where type = ? and name = ?", [kind, name]).fetchone() is not None


def _rows(conn: sqlite3.Connection, sql: str, args: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(sqlite_utils.Database(conn).query(sql, dict(args)))


def grouped_search(
    conn: sqlite3.Connection,
    params: Mapping[str, str],
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    rank_limit: int = RANK_LIMIT,
) -> dict[str, Any]:
    """One page of threads matching ``params`` (as :func:`search_sql` reads them).

    Returns ``threads`` (each with ``matches``, ``best`` and ``hits``) and ``has_more``; with
    ``order`` how they were ordered (``best``, ``newest`` or, for a search matching more than
    ``rank_limit`` messages, ``archived``); and ``total_threads`` / ``total_messages`` when every
    match was counted (else None).
    """
    attachments = _has(conn, "table", "attachments_fts")
    linked = _has(conn, "table", "linked_versions_fts")
    covering = _has(conn, "index", "messages_search")
    newest = params.get("sort") == "newest"
    sql, args = search_sql(
        params,
        attachments=attachments,
        linked=linked,
        snippets=False,
        keys_only=True,
        covering_index=covering,
        ordered=False,
        ranked=not newest,
    )
    wanted = page * page_size + 1
    # Matching messages, most recently archived first: FTS5's own order, nothing read but its index.
    newest_first = conn.execute(
        "select rowid from messages_fts where messages_fts match ? order by rowid desc", [args["q"]]
    )
    head = [r for (r,) in newest_first.fetchmany(rank_limit + 1)]
    if newest or truthy(params.get("all")) or len(head) <= rank_limit:
        newest_first.close()
        # Every match counted and ordered, in SQL. One min()/max() per query, so that the bare
        # ``message`` column is the message it picked (SQLite's documented rule).
        pick = "max(sent_at)" if newest else "min(rank)"
        hits = sql.rsplit("\nlimit", 1)[0]
        groups = conn.execute(
            f"""select request_pk, message, {pick} as score, count(distinct message) as matches
from ({hits}) group by request_pk order by score {"desc" if newest else "asc"}, request_pk""",
            args,
        ).fetchall()
        # Totals here, not with window functions in SQL (which cost more than the grouping).
        totals: tuple[int | None, int | None] = (len(groups), sum(g[3] for g in groups))
        page_groups = groups[(page - 1) * page_size : page * page_size + 1]
        order_ids = [g[0] for g in page_groups]
        best = {g[0]: g[1] for g in page_groups}
        order = "newest" if newest else "best"
    else:
        # Too many to rank on every page view (FTS5 scores each match, and its phrase statistics
        # alone take longer than the page's budget): threads most recently archived first.
        stream = itertools.chain(head, (r for (r,) in newest_first))
        order_ids, best = _archived_threads(
            conn, params, args, stream, attachments=attachments, linked=linked, covering=covering, wanted=wanted
        )
        newest_first.close()
        order_ids = order_ids[(page - 1) * page_size :]
        totals, order = (None, None), "archived"
    has_more = len(order_ids) > page_size
    order_ids = order_ids[:page_size]
    threads = thread_hits(conn, params, order_ids, attachments=attachments, linked=linked, best=best)
    return {
        "threads": [threads[pk] for pk in order_ids if pk in threads],
        "has_more": has_more,
        "order": order,
        "rank_limit": rank_limit,
        "total_threads": totals[0],
        "total_messages": totals[1],
    }


def _archived_threads(
    conn: sqlite3.Connection,
    params: Mapping[str, str],
    args: Mapping[str, Any],
    stream: Iterable[int],
    *,
    attachments: bool,
    covering: bool,
    wanted: int,
    linked: bool = False,
    batch: int = 200,
) -> tuple[list[int], dict[int, int]]:
    """The first ``wanted`` threads of matching messages taken most recently archived first
    (``stream``: message ids, newest first), after the search's filters; and each one's first hit."""
    filters, _ = search_filters(params)
    where = " and ".join(filters) or "1"
    messages = "messages m indexed by messages_search" if covering else "messages m"
    joins = "join requests r on r.id = m.request" + (
        " join authorities a on a.id = r.authority" if "a." in where else ""
    )
    if attachments:
        # A message found by an attachment's text takes its place by its own id (attachments are few).
        visible = "" if truthy(params.get("include_withdrawn")) else " and att.visibility = 'visible'"
        found = sorted(
            {
                m
                for (m,) in conn.execute(
                    "select att.message from attachments_fts f join attachments att on att.id = f.rowid "
                    f"where attachments_fts match ?{visible}",
                    [args["q"]],
                )
            },
            reverse=True,
        )
        stream = (k for k, _ in itertools.groupby(heapq.merge(stream, found, reverse=True)))
    if linked:
        # So does a message citing a page whose archived copy matches.
        cited = sorted(
            {
                m
                for (m,) in conn.execute(
                    "select lc.message from linked_versions_fts f join linked_versions lv on lv.id = f.rowid "
                    "join linked_citations lc on lc.page = lv.page where linked_versions_fts match ?",
                    [args["q"]],
                )
            },
            reverse=True,
        )
        stream = (k for k, _ in itertools.groupby(heapq.merge(stream, cited, reverse=True)))
    order_ids: list[int] = []
    best: dict[int, int] = {}
    ids = iter(stream)
    while len(order_ids) < wanted:
        chunk = list(itertools.islice(ids, batch))
        if not chunk:
            break
        thread_of = dict(
            conn.execute(
                f"select m.id, m.request from {messages} {joins} where m.id in ({', '.join(map(str, chunk))}) and {where}",
                args,
            ).fetchall()
        )
        for message in chunk:
            request_pk = thread_of.get(message)
            if request_pk is not None and request_pk not in best:
                best[request_pk] = message
                order_ids.append(request_pk)
                if len(order_ids) >= wanted:
                    break
        batch = min(batch * 2, 5000)  # a narrow filter may need to look far down the list
    return order_ids, best


def _fts_hits(
    conn: sqlite3.Connection, table: str, match: str, ids: list[int], snippets: set[int], column: int = 0
) -> dict[int, str | None]:
    """Which of ``ids`` (rowids of ``table``) the full-text query matches, with a snippet for
    those in ``snippets``.

    One FTS5 query over the span of the ids, intersected here: each FTS5 query sets up its match
    afresh (for a prefix, merging every term it covers), so asking id by id, or once for the
    matches and again for the snippets, costs far more than walking the span once. ``CASE``
    keeps SQLite from making a snippet for any other row.
    """
    if not ids:
        return {}
    wanted = set(ids)
    chosen = ", ".join(str(int(i)) for i in snippets) or "null"
    rows = conn.execute(
        f"select rowid, case when +rowid in ({chosen}) then snippet({table}, {column}, char(2), char(3), ' … ', 32) end "
        f"from {table} where {table} match ? and rowid between ? and ?",
        [match, min(ids), max(ids)],
    )
    return {r: snippet for r, snippet in rows if r in wanted}


def expanded_thread(conn: sqlite3.Connection, params: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every hit of the one thread the search page expands: ``thread`` (its request id), and
    ``site`` when the archive holds several sites."""
    expanded = params["thread"].strip()
    pks = [
        r[0]
        for r in conn.execute(
            "select id from requests where request_id = ? and (? = '' or site = ?)",
            [int(expanded) if expanded.isdigit() else -1, params["site"], params["site"]],
        )
    ]
    threads = thread_hits(
        conn,
        params,
        pks,
        attachments=_has(conn, "table", "attachments_fts"),
        linked=_has(conn, "table", "linked_versions_fts"),
    )
    return list(threads.values())


def thread_hits(
    conn: sqlite3.Connection,
    params: Mapping[str, str],
    request_pks: list[int],
    *,
    attachments: bool = True,
    linked: bool = False,
    best: Mapping[int, int] | None = None,
) -> dict[int, dict[str, Any]]:
    """For each request (archive id) its matching messages in thread order, with exact counts.

    ``best`` names each thread's best hit (by message id), which gets a snippet; without it
    every hit gets one (one thread expanded).
    """
    if not request_pks:
        return {}
    filters, args = search_filters(params)
    match = args["q"]
    marks = ", ".join("?" * len(request_pks))
    where = " and ".join(filters) or "1"
    columns = """m.id as message, m.request as request_pk, m.anchor, m.occurrence, m.kind, m.sender, m.sent_at, m.visibility,
  r.site, r.request_id, r.slug, r.title, r.status, r.withdrawn_at, r.withdrawn_status,
  a.name as authority_name, a.url_name as authority"""
    joins = "join requests r on r.id = m.request join authorities a on a.id = r.authority"
    message_ids = [r[0] for r in conn.execute(f"select id from messages where request in ({marks})", request_pks)]
    best_ids = set(best.values()) if best is not None else set(message_ids)
    texts = _fts_hits(conn, "messages_fts", match, message_ids, best_ids)
    rows = _rows(
        conn,
        f"select {columns}, null as attachment, null as linked_page, null as linked_title "
        f"from messages m {joins} "
        f"where m.id in ({', '.join(map(str, texts)) or 'null'}) and {where}",
        args,
    )
    for row in rows:
        row["snippet"] = texts[row["message"]]
    if attachments:
        owners = dict(
            conn.execute(f"select id, message from attachments where request in ({marks})", request_pks).fetchall()
        )
        in_files = _fts_hits(
            conn, "attachments_fts", match, list(owners), {a for a, m in owners.items() if m in best_ids}
        )
        if in_files:
            visible = "" if truthy(params.get("include_withdrawn")) else " and att.visibility = 'visible'"
            for row in _rows(
                conn,
                f"select {columns}, att.filename as attachment, null as linked_page, "
                f"null as linked_title, att.id as attachment_id "
                f"from attachments att join messages m on m.id = att.message {joins} "
                f"where att.id in ({', '.join(map(str, in_files))}) and {where}{visible}",
                args,
            ):
                row["snippet"] = in_files[row.pop("attachment_id")]
                rows.append(row)
    if linked and message_ids:
        cites = conn.execute(
            "select lv.id, lc.message from linked_citations lc join linked_versions lv on lv.page = lc.page "
            f"where lc.message in ({', '.join(map(str, message_ids))})"
        ).fetchall()
        versions = _fts_hits(
            conn,
            "linked_versions_fts",
            match,
            sorted({v for v, _ in cites}),
            {v for v, m in cites if m in best_ids},
            column=-1,
        )
        if versions:
            for row in _rows(
                conn,
                f"select {columns}, null as attachment, lp.id as linked_page, "
                f"coalesce(nullif(lv.title, ''), lp.url) as linked_title, lv.id as version_id "
                f"from linked_versions lv join linked_pages lp on lp.id = lv.page "
                f"join linked_citations lc on lc.page = lp.id join messages m on m.id = lc.message "
                f"{joins} where lv.id in ({', '.join(map(str, versions))}) "
                f"and m.id in ({', '.join(map(str, message_ids))}) and {where}",
                args,
            ):
                row["snippet"] = versions[row.pop("version_id")]
                rows.append(row)
    # Message text first, then attachments, then linked pages: a message found several ways
    # counts once, as the first of these.
    rows.sort(
        key=lambda r: (r["linked_page"] is not None, r["attachment"] is not None, r["sent_at"] or "", r["message"])
    )
    threads: dict[int, dict[str, Any]] = {}
    seen: set[int] = set()
    for row in rows:
        if row["message"] in seen:
            continue
        seen.add(row["message"])
        thread = threads.setdefault(
            row["request_pk"],
            {
                **{
                    k: row[k]
                    for k in (
                        "request_pk",
                        "site",
                        "request_id",
                        "slug",
                        "title",
                        "status",
                        "withdrawn_at",
                        "withdrawn_status",
                        "authority",
                        "authority_name",
                    )
                },
                "matches": 0,
                "hits": [],
            },
        )
        thread["matches"] += 1
        thread["hits"].append(row)
    for thread in threads.values():
        thread["hits"].sort(key=lambda h: (h["sent_at"] or "", h["message"]))
        wanted = (best or {}).get(thread["request_pk"])
        thread["best"] = next((h for h in thread["hits"] if h["message"] == wanted), thread["hits"][0])
    return threads


__all__ = [
    "EXPAND_LIMIT",
    "expanded_thread",
    "PAGE_SIZE",
    "RANK_LIMIT",
    "SEARCH_PARAMS",
    "SearchError",
    "grouped_search",
    "search_filters",
    "search_sql",
    "thread_hits",
    "truthy",
]
