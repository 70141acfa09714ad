"""Serving the archive with Datasette, read-only and on loopback by default."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

log = logging.getLogger("wdtk_archive")


def datasette_args(db_path: str, *, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The ``datasette serve`` arguments we use; also shown in the README for plain datasette."""
    args = ["serve", db_path, "--host", host, "--port", str(port)]
    return args


def serve_archive(db_path: str, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette on the archive until interrupted (prints the URL to stderr)."""
    from datasette.cli import cli as datasette_cli

    if not Path(db_path).is_file():
        raise SystemExit(f"No archive at {db_path}: run `wdtk-archive scrape` or `wdtk-archive demo` first.")
    shown = "localhost" if host == "127.0.0.1" else host
    print(f"Serving {db_path} at http://{shown}:{port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    datasette_cli.main(datasette_args(db_path, host=host, port=port), prog_name="datasette", standalone_mode=True)
