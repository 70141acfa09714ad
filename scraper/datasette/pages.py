"""What every page of the plugin shares: the archive database a request names, the response
(HTML with a Content-Security-Policy, or inert JSON), the templates' common context, and paths."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response

from scraper import archive
from scraper.datasette.state import state

#: The name of the main plugin (its entry point) and where its files are.
PLUGIN_NAME = "wdtk_archive"
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
STATIC_PREFIX = f"/-/static-plugins/{PLUGIN_NAME}/"

#: Table pages add this (=1) to include what the site has withdrawn or hidden.
INCLUDE_WITHDRAWN_ARG = "_include_withdrawn"


async def archive_db(datasette: Any, request: Any, database: str) -> Any:
    """The Datasette database, if it is an archive this actor may read; else NotFound/Forbidden."""
    name = tilde_decode(database)
    try:
        db = datasette.get_database(name)
    except KeyError:
        raise NotFound(f"Database not found: {name}") from None
    await datasette.ensure_permissions(
        request.actor, [("view-table", (name, "messages")), ("view-database", name), "view-instance"]
    )
    if not archive.is_archive(await db.table_names()):
        raise NotFound(f"{name} is not a wdtk-archive archive")
    return db


def json_response(data: Any, status: int = 200) -> Response:
    # Archived text may contain "</script>" or "<!--": escape <, >, & so the JSON is inert anywhere.
    body = json.dumps(data, ensure_ascii=False, indent=2)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Response(
        body,
        status=status,
        content_type="application/json; charset=utf-8",
        headers={"Access-Control-Allow-Origin": "*"},
    )


def content_security_policy(datasette: Any) -> str:
    """A policy for our pages: nothing runs but our own files and Datasette's one menu script.

    Autoescaping already keeps archived markup inert; this is the second lock. The hash of
    Datasette's inline script (``_close_open_menus.html``) is taken from the template in use.
    """
    known = state(datasette)
    if not known.csp:
        source, _, _ = datasette.jinja_env.loader.get_source(datasette.jinja_env, "_close_open_menus.html")
        hashes = [
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
            for body in re.findall(r"<script>(.*?)</script>", source, flags=re.DOTALL)
        ]
        known.csp = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self' " + " ".join(hashes),
                "style-src 'self'",
                "img-src 'self' data:",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'self'",
            ]
        )
    return known.csp


def page(datasette: Any, html: str) -> Response:
    response = Response.html(html)
    response.headers["Content-Security-Policy"] = content_security_policy(datasette)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def common_context(datasette: Any, database: str) -> dict[str, Any]:
    from datasette.version import __version__ as datasette_version

    return {
        "datasette_version": datasette_version,
        "database": tilde_decode(database),
        "database_path": datasette.urls.path(f"/{database}"),
        "wdtk_static": datasette.urls.path(STATIC_PREFIX),
        "search_path": datasette.urls.path(f"/{database}/-/search"),
        "charts_path": datasette.urls.path(f"/{database}/-/charts"),
    }


def thread_path(datasette: Any, database: str, key: Any, site: str | None = None) -> str:
    """The thread page of a request (by id or slug); ``?site=`` when the archive holds several sites."""
    path = f"/{tilde_encode(database)}/-/thread/{key}"
    if site and len(state(datasette).sites(database)) > 1:
        path += "?site=" + str(site)
    return str(datasette.urls.path(path))
