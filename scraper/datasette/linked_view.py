"""The archived copy of a linked page, as its own Datasette page: ``/<db>/-/linked/<id>``.

It shows the copy's text with its capture date and the original URL, what became of the page
since (moved, changed, gone: :mod:`scraper.archive.linked`), every version kept (``?version=<id>``
picks one), and the messages that cite it. ``.json`` gives the same as JSON. Everything archived
is escaped (the template autoescapes) and the page carries the plugin's Content-Security-Policy.
"""

from __future__ import annotations

from typing import Any

from datasette.utils.asgi import NotFound, Response

from scraper.datasette.plugin import (
    _archive_db,
    _common_context,
    _json_response,
    _page,
    _state,
    message_element_id,
)
from scraper.archive.linked import has_linked_tables, page_with_versions


def _chosen_copy(info: dict[str, Any], wanted: str | None) -> dict[str, Any] | None:
    copies = info["copies"]
    if wanted and wanted.isdigit():
        for copy in copies:
            if copy["id"] == int(wanted):
                return copy
        raise NotFound(f"Linked page {info['id']} has no version {wanted}")
    current = next((c for c in copies if c["id"] == info["version"]), None)
    return current or (copies[0] if copies else None)


async def linked_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    page_id = int(request.url_vars["page"])
    as_json = bool(request.url_vars.get("as_json"))
    db = await _archive_db(datasette, request, database)

    def load(conn: Any) -> dict[str, Any] | None:
        return page_with_versions(conn, page_id) if has_linked_tables(conn) else None

    info = await db.execute_fn(load)
    if info is None:
        raise NotFound(f"No linked page {page_id} in this archive")
    copy = _chosen_copy(info, request.args.get("version"))
    sites = _state(datasette).archives.get(info.get("database", database), {}).get("sites", [])
    for c in info["citations"]:
        path = f"/{database}/-/thread/{c['request_id']}" + (f"?site={c['site']}" if len(sites) > 1 else "")
        c["thread_url"] = datasette.urls.path(path) + "#" + message_element_id(c["anchor"], c["occurrence"])
    if as_json:
        return _json_response({
            "page": {k: v for k, v in info.items() if k not in ("copies", "history", "citations")},
            "copy": copy,
            "versions": [{k: v for k, v in c.items() if k != "text"} for c in info["copies"]],
            "history": info["history"],
            "citations": info["citations"],
        })
    base = datasette.urls.path(f"/{database}/-/linked/{page_id}")
    context = {
        **_common_context(datasette, database),
        "page": info,
        "copy": copy,
        "versions": [{**c, "href": f"{base}?version={c['id']}"} for c in info["copies"]],
        "json_url": f"{base}.json",
    }
    return _page(datasette, await datasette.render_template("wdtk_linked.html", context, request=request))
