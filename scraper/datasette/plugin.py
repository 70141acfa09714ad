"""The Datasette plugin for wdtk-archive: its hooks (entry point ``wdtk_archive``).

Registered by the ``datasette`` entry point in pyproject.toml, so a plain ``datasette archive.db``
picks it up once the package is installed. For every database that holds an archive it adds:

* the pages of :mod:`scraper.datasette.views`: thread, search, charts, linked copies;
* the SQL functions of :mod:`scraper.datasette.functions`, used by the canned queries;
* the metadata of :mod:`scraper.datasette.metadata` (descriptions, facets, canned queries);
* the default reading of the plain tables: what the site has taken down is left out unless
  ``?_include_withdrawn=1``; and links from rows to their thread pages.

The feeds and calendars are a plugin of their own (:mod:`scraper.datasette.feeds`).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

from datasette import hookimpl
from datasette.utils import path_with_added_args, path_with_removed_args, tilde_encode
from datasette.utils.asgi import asgi_static
from markupsafe import Markup

from scraper import archive
from scraper.datasette.facets import YearFacet
from scraper.datasette.functions import register_functions
from scraper.datasette.pages import (
    INCLUDE_WITHDRAWN_ARG,
    PLUGIN_NAME,
    STATIC_DIR,
    STATIC_PREFIX,
    TEMPLATES_DIR,
    thread_path,
)
from scraper.datasette.search import truthy
from scraper.datasette.state import state
from scraper.datasette.text import SNIPPET_OPEN, highlight_snippet
from scraper.datasette.views import charts_view, linked_view, search_view, thread_view

#: Titles a row of these tables (and of canned queries) links to its thread page.
_THREAD_TITLE_TABLES = (
    None,
    "requests",
    "request_overview",
    "thread_messages",
    "status_changes",
    "request_overview_all",
    "thread_messages_all",
    "status_changes_all",
)


def ensure_registered() -> None:
    """Register the plugins with Datasette's plugin manager if their entry points were not loaded
    (a checkout that was not ``pip install``-ed, or a test session)."""
    from datasette.plugins import pm

    from scraper.datasette import feeds

    module = sys.modules[__name__]
    if not pm.is_registered(module) and pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(module, name=PLUGIN_NAME)
    if not pm.is_registered(feeds) and pm.get_plugin(feeds.PLUGIN_NAME) is None:
        pm.register(feeds, name=feeds.PLUGIN_NAME)


def _sites(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    import sqlite_utils

    return archive.archive_sites(sqlite_utils.Database(conn))


@hookimpl
def startup(datasette: Any) -> Any:
    async def inner() -> None:
        from scraper.datasette.metadata import build_metadata

        known = state(datasette)
        for name, db in datasette.databases.items():
            if name == "_internal":
                continue
            try:
                tables = await db.table_names()
            except Exception:  # an unreadable database is Datasette's to report, not ours
                continue
            if archive.is_archive(tables):
                sites = await db.execute_fn(_sites)
                views = {}
                for view in await db.view_names():
                    info = await db.execute(f"pragma table_info([{view}])")
                    views[view] = [row[1] for row in info.rows]
                known.archives[name] = {"sites": sites, "views": views}
        known.metadata_json = json.dumps(build_metadata(known.archives)) if known.archives else ""

    return inner


@hookimpl
def get_metadata(datasette: Any, key: Any, database: Any, table: Any) -> dict[str, Any]:
    # A fresh copy each time: Datasette merges other metadata into what it is given.
    known = state(datasette)
    return json.loads(known.metadata_json) if known.metadata_json else {}


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    register_functions(conn)


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
        (r"^/(?P<database>[^/]+)/-/linked/(?P<page>[0-9]+)(?P<as_json>\.json)?$", linked_view),
    ]


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    links = []
    for name in state(datasette).archives:
        links.append({"href": datasette.urls.path(f"/{tilde_encode(name)}/-/search"), "label": f"Search {name}"})
        links.append({"href": datasette.urls.path(f"/{tilde_encode(name)}/-/charts"), "label": f"Charts: {name}"})
    return links


@hookimpl
def database_actions(datasette: Any, database: str) -> list[dict[str, str]] | None:
    if not state(datasette).is_archive(database):
        return None
    return [
        {"href": datasette.urls.path(f"/{tilde_encode(database)}/-/search"), "label": "Search every message"},
        {
            "href": datasette.urls.path(f"/{tilde_encode(database)}/-/charts"),
            "label": "Charts: response times and outcomes",
        },
    ]


@hookimpl
def table_actions(datasette: Any, database: str, table: str, request: Any) -> list[dict[str, str]] | None:
    if not state(datasette).is_archive(database):
        return None
    links = []
    if table in ("messages", "thread_messages"):
        links.append(
            {
                "href": datasette.urls.path(f"/{tilde_encode(database)}/-/search"),
                "label": "Search with highlighted snippets",
            }
        )
    if table in archive.PUBLIC_TABLE_FILTERS and request is not None:
        if truthy(request.args.get(INCLUDE_WITHDRAWN_ARG)):
            href = path_with_removed_args(request, {INCLUDE_WITHDRAWN_ARG: request.args.get(INCLUDE_WITHDRAWN_ARG)})
            links.append({"href": href, "label": "Hide what the site has withdrawn or hidden"})
        else:
            href = path_with_added_args(request, {INCLUDE_WITHDRAWN_ARG: "1"})
            links.append({"href": href, "label": "Include what the site has withdrawn or hidden"})
    return links or None


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    """The default reading of the plain tables: leave out what the site has taken down
    (:data:`scraper.archive.PUBLIC_TABLE_FILTERS`) unless ``?_include_withdrawn=1``. Row pages
    are unaffected, so a direct link still opens."""
    from datasette.filters import FilterArguments

    if not state(datasette).is_archive(database) or table not in archive.PUBLIC_TABLE_FILTERS:
        return None
    if truthy(request.args.get(INCLUDE_WITHDRAWN_ARG)):
        return None
    return FilterArguments(
        [f"({archive.PUBLIC_TABLE_FILTERS[table]})"],
        human_descriptions=[
            f"the site still shows them ({INCLUDE_WITHDRAWN_ARG}=1 to include withdrawn or hidden rows)"
        ],
    )


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Links into thread pages, and highlighted search snippets, for archive databases only."""
    if not state(datasette).is_archive(database):
        return None
    if isinstance(value, str) and SNIPPET_OPEN in value:
        return highlight_snippet(value)
    keys = _row_keys(row)
    site = row["site"] if "site" in keys and row["site"] else None
    anchor = row["anchor"] if "anchor" in keys and row["anchor"] else None
    if column == "copy" and isinstance(value, int) and table is None:  # the dead_links query
        href = datasette.urls.path(f"/{tilde_encode(database)}/-/linked/{value}")
        return Markup('<a href="{}">archived copy</a>').format(href)
    if column == "thread" and value is not None:
        href = thread_path(datasette, database, value, site) + (f"#{anchor}" if anchor else "")
        return Markup('<a href="{}">read thread</a>').format(href)
    if column == "title" and isinstance(value, str) and "request_id" in keys and table in _THREAD_TITLE_TABLES:
        href = thread_path(datasette, database, row["request_id"], site)
        return Markup('<a href="{}{}">{}</a>').format(href, f"#{anchor}" if anchor else "", value)
    return None


def _row_keys(row: Any) -> set[str]:
    try:
        return set(row.keys())
    except AttributeError:
        return set()


@hookimpl
def extra_css_urls(database: str | None, datasette: Any) -> list[str] | None:
    """Datasette's own pages of an archive: long SQL wraps (see static/datasette-pages.css)."""
    if not state(datasette).is_archive(database):
        return None
    return [datasette.urls.path(STATIC_PREFIX + "datasette-pages.css")]


@hookimpl
def extra_template_vars(template: str, datasette: Any) -> dict[str, Any] | None:
    """The home page's shortcuts of an archive start with ``requests`` (see templates/index.html)."""
    if template != "index.html":
        return None
    return {
        "wdtk_requests_shortcut": {
            name: {"name": "requests", "count": None, "private": False} for name in state(datasette).archives
        }
    }
