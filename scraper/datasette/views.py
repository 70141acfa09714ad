"""The plugin's pages, each also as ``.json``:

* ``/<db>/-/thread/<id or slug>``: one request read as a conversation (its ``.json`` is the
  document ``wdtk-archive export`` writes);
* ``/<db>/-/search?q=…``: full-text search over every message, grouped by thread, with snippets;
* ``/<db>/-/charts``: response times and outcomes as server-drawn SVG;
* ``/<db>/-/linked/<id>``: the archived copy of a page a message links to, its versions and history.

Everything archived is escaped (the templates autoescape) and every page carries the plugin's
Content-Security-Policy (:func:`scraper.datasette.pages.page`).
"""

from __future__ import annotations

import functools
import sqlite3
from typing import Any
from urllib.parse import urlencode

import sqlite_utils
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response

from scraper import archive
from scraper.archive import linked as linked_archive
from scraper.datasette import search
from scraper.datasette.calendar import RESPONSE_DAYS
from scraper.datasette.charts import (
    chart_rows,
    outcomes_chart,
    outcomes_over_time,
    response_time_chart,
    response_time_stats,
)
from scraper.datasette.pages import INCLUDE_WITHDRAWN_ARG, archive_db, common_context, json_response, page
from scraper.datasette.state import state
from scraper.datasette.statuses import OUTCOME_LABELS, status_label
from scraper.datasette.text import CATEGORY_LABELS, SNIPPET_CLOSE, SNIPPET_OPEN, highlight_snippet
from scraper.datasette.thread import find_request_row, load_thread, message_element_id, timeline

# ---------------------------------------------------------------------------------------------
# The thread page
# ---------------------------------------------------------------------------------------------


def _lookup(conn: sqlite3.Connection, key: str, site: str | None) -> dict[str, Any] | None:
    """The requests row ``key`` names, or (for a key several sites share) the choices."""
    try:
        return find_request_row(conn, key, site=site)
    except archive.AmbiguousRequest as e:
        choices = []
        for name in e.sites:
            found = find_request_row(conn, key, site=name)
            if found is not None:
                choices.append({"site": name, "request_id": found["request_id"], "title": found["title"]})
        return {"ambiguous": str(e), "choices": choices}


async def thread_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    key = tilde_decode(request.url_vars["key"])
    as_json = bool(request.url_vars.get("as_json"))
    db = await archive_db(datasette, request, database)
    site = request.args.get("site") or None
    row = await db.execute_fn(functools.partial(_lookup, key=key, site=site))
    if row is None:
        raise NotFound(f"No request '{key}' in this archive")
    if "ambiguous" in row:
        return await _ambiguous(datasette, request, database, key, row, as_json)
    site_qs = f"?site={row['site']}" if site else ""
    html_url = datasette.urls.path(f"/{database}/-/thread/{row['request_id']}") + site_qs
    if as_json:
        # The same document `wdtk-archive export` writes (scraper/schema/thread.schema.json).
        document = await db.execute_fn(lambda conn: archive.thread_document(sqlite_utils.Database(conn), row["id"]))
        response = json_response(document)
        response.headers["Link"] = f'<{html_url}>; rel="alternate"; type="text/html"'
        return response
    thread = await db.execute_fn(functools.partial(load_thread, request_pk=row["id"]))
    links = {
        "html": html_url,
        "json": datasette.urls.path(f"/{database}/-/thread/{row['request_id']}.json") + site_qs,
        "row": datasette.urls.path(f"/{database}/requests/{row['id']}"),
        "messages": datasette.urls.path(
            f"/{database}/messages?request={row['id']}&_sort=position&{INCLUDE_WITHDRAWN_ARG}=1"
        ),
        "events": datasette.urls.path(
            f"/{database}/events?request={row['id']}&_sort=created_at&{INCLUDE_WITHDRAWN_ARG}=1"
        ),
        "authority_requests": datasette.urls.path(
            f"/{database}/request_overview?authority={thread['authority']['url_name']}&_sort_desc=created_at"
        ),
    }
    context = {
        **common_context(datasette, database),
        "thread": thread,
        "links": links,
        "timeline": timeline(thread),
        "category_labels": CATEGORY_LABELS,
    }
    return page(datasette, await datasette.render_template("wdtk_thread.html", context, request=request))


async def _ambiguous(
    datasette: Any, request: Any, database: str, key: str, found: dict[str, Any], as_json: bool
) -> Response:
    """One key, several sites: each site's thread is one link away (HTTP 300, Multiple Choices)."""
    for choice in found["choices"]:
        path = f"/{database}/-/thread/{choice['request_id']}"
        choice["url"] = datasette.urls.path(path) + "?" + urlencode({"site": choice["site"]})
        choice["json_url"] = datasette.urls.path(path + ".json") + "?" + urlencode({"site": choice["site"]})
    if as_json:
        return json_response({"ok": False, "error": found["ambiguous"], "choices": found["choices"]}, status=300)
    context = {
        **common_context(datasette, database),
        "key": key,
        "message": found["ambiguous"],
        "choices": found["choices"],
    }
    response = page(datasette, await datasette.render_template("wdtk_ambiguous.html", context, request=request))
    response.status = 300
    return response


# ---------------------------------------------------------------------------------------------
# The search page
# ---------------------------------------------------------------------------------------------


def _search(conn: sqlite3.Connection, params: dict[str, str], page_number: int, limit_ms: int) -> dict[str, Any]:
    """One page of threads, or every hit of one thread (``thread``: its request id)."""
    from datasette.utils import sqlite_timelimit

    with sqlite_timelimit(conn, limit_ms):
        if params["thread"].strip():
            return {**_no_results(), "threads": search.expanded_thread(conn, params), "order": "thread"}
        return search.grouped_search(conn, params, page=page_number)


def _no_results() -> dict[str, Any]:
    return {
        "threads": [],
        "has_more": False,
        "total_threads": None,
        "total_messages": None,
        "order": None,
        "rank_limit": search.RANK_LIMIT,
    }


async def search_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    as_json = bool(request.url_vars.get("as_json"))
    db = await archive_db(datasette, request, database)
    params = {k: request.args.get(k, "") for k in search.SEARCH_PARAMS}
    try:
        page_number = max(1, int(request.args.get("page") or 1))
    except ValueError:
        page_number = 1
    found, error = _no_results(), None
    if params["q"].strip():
        try:
            found = await db.execute_fn(
                functools.partial(
                    _search, params=params, page_number=page_number, limit_ms=datasette.setting("sql_time_limit_ms")
                )
            )
        except search.SearchError as e:
            error = str(e)
        except Exception as e:  # FTS syntax errors in raw mode, time limits
            error = f"The search could not run: {e}. Put phrases in double quotes, or switch off advanced syntax."
    search_path = datasette.urls.path(f"/{database}/-/search")
    shown = {k: v for k, v in params.items() if v and k not in ("thread", "site")}
    _link_hits(datasette, database, found["threads"], search_path, shown)
    if as_json:
        return _search_json(datasette, request, params, page_number, found, error)
    for thread in found["threads"]:
        thread["status_label"] = status_label(thread["status"])
        thread["withdrawn_on"] = (thread["withdrawn_at"] or "")[:10] or None
        for hit in thread["hits"]:
            hit["snippet_html"] = highlight_snippet(hit.get("snippet"))
    authorities = await db.execute("select name from authorities order by name limit 2000")
    expanded = bool(params["thread"].strip())

    def page_url(n: int) -> str:
        return search_path + "?" + urlencode({**shown, "page": n})

    context = {
        **common_context(datasette, database),
        "params": params,
        "threads": found["threads"],
        "error": error,
        "page": page_number,
        "expanded": expanded,
        "total_threads": found["total_threads"],
        "total_messages": found["total_messages"],
        "order": found["order"],
        "rank_limit": found["rank_limit"],
        "page_size": search.PAGE_SIZE,
        "expand_limit": search.EXPAND_LIMIT,
        "next_url": page_url(page_number + 1) if found["has_more"] and not expanded else None,
        "prev_url": page_url(page_number - 1) if page_number > 1 and not expanded else None,
        "all_url": search_path + "?" + urlencode({**shown, "all": 1}),
        "back_url": search_path + "?" + urlencode(shown),
        "json_url": datasette.urls.path(f"/{database}/-/search.json")
        + "?"
        + urlencode({k: v for k, v in params.items() if v}),
        "authorities": [r["name"] for r in authorities.rows],
    }
    return page(datasette, await datasette.render_template("wdtk_search.html", context, request=request))


def _link_hits(
    datasette: Any, database: str, threads: list[dict[str, Any]], search_path: str, shown: dict[str, str]
) -> None:
    """Each thread's page and expansion, and each hit's place on its thread page."""
    several = len(state(datasette).sites(tilde_decode(database))) > 1
    for thread in threads:
        base = datasette.urls.path(f"/{database}/-/thread/{thread['request_id']}") + (
            f"?site={thread['site']}" if several else ""
        )
        thread["thread_url"] = base
        thread["expand_url"] = (
            search_path
            + "?"
            + urlencode({**shown, "thread": thread["request_id"], **({"site": thread["site"]} if several else {})})
        )
        for hit in thread["hits"]:
            hit["thread_url"] = base + "#" + message_element_id(hit["anchor"], hit["occurrence"])


def _search_json(
    datasette: Any, request: Any, params: dict[str, str], page_number: int, found: dict[str, Any], error: str | None
) -> Response:
    def hit_json(h: dict[str, Any]) -> dict[str, Any]:
        return {
            **{k: v for k, v in h.items() if k not in ("snippet", "rank", "request_pk")},
            "snippet": (h.get("snippet") or "").replace(SNIPPET_OPEN, "[").replace(SNIPPET_CLOSE, "]"),
            "thread_url": datasette.absolute_url(request, h["thread_url"]),
        }

    # Every matching message of the page's threads, thread by thread; each thread's best is marked.
    results = [{**h, "best": h is t["best"]} for t in found["threads"] for h in t["hits"]]
    return json_response(
        {
            "ok": error is None,
            "error": error,
            "query": params,
            "page": page_number,
            "has_more": found["has_more"],
            "total_threads": found["total_threads"],
            "total_messages": found["total_messages"],
            "order": found["order"],
            "rank_limit": found["rank_limit"],
            "threads": [
                {
                    **{k: v for k, v in t.items() if k not in ("best", "hits", "request_pk")},
                    "thread_url": datasette.absolute_url(request, t["thread_url"]),
                    "expand_url": datasette.absolute_url(request, t["expand_url"]),
                    "best": hit_json(t["best"]),
                    "hits": [hit_json(h) for h in t["hits"]],
                }
                for t in found["threads"]
            ],
            "results": [hit_json(h) for h in results],
        },
        status=200 if error is None else 400,
    )


# ---------------------------------------------------------------------------------------------
# The charts
# ---------------------------------------------------------------------------------------------


async def charts_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    as_json = bool(request.url_vars.get("as_json"))
    db = await archive_db(datasette, request, database)
    include_withdrawn = search.truthy(request.args.get("include_withdrawn"))
    rows = await db.execute_fn(functools.partial(chart_rows, include_withdrawn=include_withdrawn))
    stats = response_time_stats(rows)
    series = outcomes_over_time(rows)
    if as_json:
        return json_response(
            {
                "response_times": stats,
                "outcomes_over_time": series,
                "working_days_allowed": RESPONSE_DAYS,
                "include_withdrawn": include_withdrawn,
            }
        )
    context = {
        **common_context(datasette, database),
        "stats": stats,
        "rt": response_time_chart(stats),
        "oc": outcomes_chart(series),
        "series": series,
        "response_days": RESPONSE_DAYS,
        "outcome_labels": OUTCOME_LABELS,
        "total_requests": len(rows),
        "include_withdrawn": include_withdrawn,
        "toggle_url": datasette.urls.path(f"/{database}/-/charts")
        + ("" if include_withdrawn else "?include_withdrawn=1"),
    }
    return page(datasette, await datasette.render_template("wdtk_charts.html", context, request=request))


# ---------------------------------------------------------------------------------------------
# A linked page's archived copy
# ---------------------------------------------------------------------------------------------


def _chosen_copy(info: dict[str, Any], wanted: str | None) -> dict[str, Any] | None:
    copies = info["copies"]
    if wanted and wanted.isdigit():
        for copy in copies:
            if copy["id"] == int(wanted):
                return copy
        raise NotFound(f"Linked page {info['id']} has no version {wanted}")
    current = next((c for c in copies if c["id"] == info["version"]), None)
    return current or (copies[0] if copies else None)


def _linked_page(conn: sqlite3.Connection, page_id: int) -> dict[str, Any] | None:
    db = sqlite_utils.Database(conn)
    return linked_archive.page_with_versions(db, page_id) if linked_archive.has_linked_tables(db) else None


async def linked_view(datasette: Any, request: Any) -> Response:
    """The archived copy of a page a message links to, with the original URL and capture date,
    what became of the page since (moved, changed, gone), every version kept (``?version=<id>``
    picks one), and the messages that cite it."""
    database = request.url_vars["database"]
    page_id = int(request.url_vars["page"])
    as_json = bool(request.url_vars.get("as_json"))
    db = await archive_db(datasette, request, database)
    info = await db.execute_fn(functools.partial(_linked_page, page_id=page_id))
    if info is None:
        raise NotFound(f"No linked page {page_id} in this archive")
    copy = _chosen_copy(info, request.args.get("version"))
    several = len(state(datasette).sites(info.get("database", database))) > 1
    for c in info["citations"]:
        path = f"/{database}/-/thread/{c['request_id']}" + (f"?site={c['site']}" if several else "")
        c["thread_url"] = datasette.urls.path(path) + "#" + message_element_id(c["anchor"], c["occurrence"])
    if as_json:
        return json_response(
            {
                "page": {k: v for k, v in info.items() if k not in ("copies", "history", "citations")},
                "copy": copy,
                "versions": [{k: v for k, v in c.items() if k != "text"} for c in info["copies"]],
                "history": info["history"],
                "citations": info["citations"],
            }
        )
    base = datasette.urls.path(f"/{database}/-/linked/{page_id}")
    context = {
        **common_context(datasette, database),
        "page": info,
        "copy": copy,
        "versions": [{**c, "href": f"{base}?version={c['id']}"} for c in info["copies"]],
        "json_url": f"{base}.json",
    }
    return page(datasette, await datasette.render_template("wdtk_linked.html", context, request=request))
