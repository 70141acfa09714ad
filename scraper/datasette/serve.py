"""Serving the archive with Datasette, read-only and on loopback by default.

``wdtk-archive serve`` runs the equivalent of::

    datasette serve archive.db --host 127.0.0.1 --port 8001 \\
        --setting sql_time_limit_ms 3000 --setting truncate_cells_html 300 ...

The thread pages, search, charts, metadata, canned queries and feeds come from the plugins
(:mod:`scraper.datasette.plugin` and :mod:`scraper.datasette.feeds`, registered by entry point), so
plain ``datasette archive.db`` shows the same thing once the package is installed.

Read-only without ``-i``: Datasette opens a file it was not told is immutable with
``?mode=ro`` and notices when another process (the cron job) changes it; ``-i`` would promise
that nobody does, and Datasette would then serve stale counts and pages.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
import sys
from pathlib import Path

import sqlite_utils

from scraper import archive
from scraper.exitcodes import ExitCode, Refused
from scraper.hosts import is_loopback_host

log = logging.getLogger("wdtk_archive")

#: Datasette settings for reading an archive: long texts cut short in tables, a little more
#: time for full-text queries, generous facets.
DATASETTE_SETTINGS: dict[str, str] = {
    "sql_time_limit_ms": "3000",
    "facet_time_limit_ms": "500",
    "truncate_cells_html": "300",
    "default_page_size": "50",
    "max_returned_rows": "2000",
    # Facet suggestions cost ~85% of a search page's time on a 200,000-message archive
    # (BENCHMARKS.md, ingest); the useful facets are configured in the metadata anyway.
    "suggest_facets": "off",
}


def datasette_args(
    db_path: str, *, host: str = "127.0.0.1", port: int = 8001, url_prefix: str | None = None, https_urls: bool = False
) -> list[str]:
    """The ``datasette serve`` arguments we use; also shown in the README for plain datasette."""
    args = ["serve", db_path, "--host", host, "--port", str(port)]
    for name, value in DATASETTE_SETTINGS.items():
        args += ["--setting", name, value]
    if url_prefix and url_prefix != "/":
        args += ["--setting", "base_url", url_prefix]
    if https_urls:
        args += ["--setting", "force_https_urls", "1"]
    return args


def normalise_prefix(value: str | None) -> str | None:
    """``foi``, ``/foi`` or ``/foi/`` as Datasette's base_url wants it (``/foi/``); one sentence
    (a usage refusal) for anything that is not a plain path."""
    if value is None:
        return None
    text = value.strip()
    if "://" in text or any(c in text for c in "?#\\ ") or ".." in text.split("/"):
        raise Refused(f"--url-prefix must be a path such as /foi/, not '{value}'.", ExitCode.USAGE)
    return "/" + "/".join(p for p in text.split("/") if p) + "/" if text.strip("/") else "/"


def check_archive(db_path: str) -> bool:
    """Refuse (one sentence, the table's exit code) unless ``db_path`` is an archive Datasette can
    serve; return True when it must be opened immutable (its folder is read-only, see
    :func:`scraper.archive.reading_uri`)."""
    archive.open_archive_for_reading(db_path).close()  # an older archive is upgraded first, if it can be
    uri = archive.reading_uri(db_path)
    try:
        db = sqlite_utils.Database(sqlite3.connect(uri, uri=True))
        try:
            names = db.table_names()
        finally:
            db.close()
    except sqlite3.DatabaseError as e:
        raise Refused(f"{db_path} is not a SQLite archive ({e}).", ExitCode.ARCHIVE) from None
    if not archive.is_archive(names):
        raise Refused(
            f"{db_path} is a SQLite file but not a wdtk-archive archive (it has no requests/messages tables).",
            ExitCode.ARCHIVE,
        )
    return uri.endswith("immutable=1")


def check_port(host: str, port: int) -> None:
    """One sentence, before Datasette starts, when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise Refused(
                f"Cannot serve on {host}:{port} ({e.strerror or e}): choose another port with --port.", ExitCode.USAGE
            ) from None


def serve_archive(
    db_path: str, *, host: str = "127.0.0.1", port: int = 8001, url_prefix: str | None = None, https_urls: bool = False
) -> None:
    """Run Datasette on the archive until interrupted (prints the URL to stderr).

    ``url_prefix`` (Datasette's base_url) is the path a reverse proxy serves the archive under;
    ``https_urls`` makes absolute links (feeds, JSON) https when the proxy terminates TLS.
    """
    url_prefix = normalise_prefix(url_prefix)
    from datasette.cli import cli as datasette_cli

    from scraper.datasette.plugin import ensure_registered

    immutable = check_archive(db_path)
    check_port(host, port)
    ensure_registered()
    if immutable:
        print(
            f"Note: the folder of {db_path} is read-only, so it is served as an unchanging file: "
            "restart the server to see later changes.",
            file=sys.stderr,
        )
    if not is_loopback_host(host):
        print(
            f"Warning: listening on {host}, reachable from other machines. Datasette is read-only, but "
            "put a proxy with access control in front of it if the archive is not meant to be public.",
            file=sys.stderr,
        )
    shown = "localhost" if host == "127.0.0.1" else (f"[{host}]" if ":" in host else host)
    name = Path(db_path).stem
    root = f"http://{shown}:{port}{url_prefix or '/'}"
    print(
        f"Serving {db_path} at {root} (search: {root}{name}/-/search) - Ctrl-C to stop",
        file=sys.stderr,
        flush=True,
    )
    args = datasette_args(db_path, host=host, port=port, url_prefix=url_prefix, https_urls=https_urls)
    if immutable:  # Datasette's -i opens the file with immutable=1: no -shm is needed
        args = ["serve", "-i", db_path, *args[2:]]
    datasette_cli.main(args, prog_name="datasette", standalone_mode=True)
