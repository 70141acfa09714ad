"""A read-only copy of the archive, ready for ``datasette publish``.

``wdtk-archive publish-bundle DIR`` writes into DIR:

* ``<name>.db``: a copy of the archive (SQLite's backup API: consistent even while cron writes).
  By default what the site has taken down is deleted from the copy, the full-text indexes are
  rebuilt and the file is vacuumed, so no trace of it is left in free pages or index segments;
  ``--include-withdrawn`` keeps it (flagged, as locally). The crawl's plumbing that says nothing
  about the archive (fetch validators, the frontier, the command lines and error details of
  runs, which may carry a contact address) is emptied either way.
* ``metadata.json``: the metadata the plugin applies (titles, descriptions, facets, queries),
  for a Datasette that would not load the plugin.
* ``plugins/``: this package and a one-file shim that registers its plugins, for
  ``--plugins-dir`` (the package need not be on PyPI).

and prints the ``datasette publish`` command to run there (also written to ``PUBLISH.txt``).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from scraper import archive
from scraper.exitcodes import ExitCode, Refused

#: Packages the published instance installs beside Datasette (the plugin's own requirements).
PUBLISH_INSTALL = ["sqlite-utils>=4,<5", "datasette-atom>=0.9,<0.10", "datasette-ics>=0.5.2,<0.6"]

SHIM = '''"""Registers wdtk-archive's Datasette plugins from the copy of the package beside this file."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scraper.datasette.plugin import ensure_registered  # noqa: E402

ensure_registered()
'''


class PublishError(Refused):
    """The bundle cannot be written; the message is one sentence for the user."""

    code = ExitCode.USAGE


@dataclass
class Bundle:
    folder: Path
    database: Path
    removed: dict[str, int]
    command: list[str]


def _scrub(path: Path, include_withdrawn: bool) -> dict[str, int]:
    """Delete what must not be published from the copy at ``path``; compact it. What was left
    out, by kind ({} when withdrawn material is kept)."""
    db = sqlite_utils.Database(path)
    try:
        purged = archive.scrub_for_publishing(db, include_withdrawn=include_withdrawn)
    finally:
        db.close()
    if include_withdrawn:
        return {}
    return {"requests": purged.requests, "messages": purged.messages, "attachments": purged.attachments}


def publish_command(database: str, *, service: str = "wdtk-archive", url_prefix: str | None = None) -> list[str]:
    """The ``datasette publish cloudrun`` command for a bundle (run inside its folder)."""
    from scraper.datasette.serve import datasette_args

    settings = datasette_args(database, url_prefix=url_prefix)[6:]  # the --setting pairs
    command = [
        "datasette",
        "publish",
        "cloudrun",
        database,
        "--metadata",
        "metadata.json",
        "--plugins-dir",
        "plugins",
        "--service",
        service,
    ]
    for package in PUBLISH_INSTALL:
        command += ["--install", package]
    command += ["--extra-options", " ".join(settings)]
    return command


def write_bundle(
    db_path: str | Path,
    folder: str | Path,
    *,
    include_withdrawn: bool = False,
    service: str = "wdtk-archive",
    url_prefix: str | None = None,
) -> Bundle:
    """Write the bundle for the archive at ``db_path`` into ``folder`` (created; must be empty)."""
    from scraper.datasette.serve import check_archive

    source, folder = Path(db_path), Path(folder)
    check_archive(str(source))  # not an archive: the same refusal, and exit code, as serve
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PublishError(f"{folder} exists and is not an empty folder: give a new one.")
    if not folder.parent.is_dir():
        raise PublishError(f"Cannot write {folder}: the folder {folder.parent} does not exist.")
    # Written beside the destination and renamed into place when complete: never half a bundle.
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        bundle = _write(source, work, include_withdrawn=include_withdrawn, service=service, url_prefix=url_prefix)
        if folder.exists():
            folder.rmdir()
        work.rename(folder)
        umask = os.umask(0)
        os.umask(umask)
        folder.chmod(0o777 & ~umask)  # mkdtemp made it private
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Bundle(folder, folder / source.name, bundle.removed, bundle.command)


def _write(source: Path, folder: Path, *, include_withdrawn: bool, service: str, url_prefix: str | None) -> Bundle:
    from scraper.datasette.metadata import build_metadata

    target = folder / source.name
    archive.copy_archive(source, target)
    removed = _scrub(target, include_withdrawn)
    db = sqlite_utils.Database(target)
    try:
        sites = archive.archive_sites(db)
        views = {view: [column.name for column in db.view(view).columns] for view in db.view_names()}
    finally:
        db.close()
    name = target.stem
    metadata: dict[str, Any] = build_metadata({name: {"sites": sites, "views": views}})
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    plugins = folder / "plugins"
    plugins.mkdir()
    package = Path(__file__).resolve().parent.parent
    shutil.copytree(
        package, plugins / "scraper", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "sample", "tests")
    )
    (plugins / "wdtk_archive_plugin.py").write_text(SHIM, encoding="utf-8")
    command = publish_command(target.name, service=service, url_prefix=url_prefix)
    (folder / "PUBLISH.txt").write_text(
        f"# In this folder, with the Google Cloud SDK set up:\n{shlex.join(command)}\n"
        f"# Or check it locally first:\n{shlex.join(local_command(target.name, url_prefix=url_prefix))}\n",
        encoding="utf-8",
    )
    return Bundle(folder, target, removed, command)


def local_command(database: str, *, url_prefix: str | None = None, port: int = 8001) -> list[str]:
    """What the published container runs, on this machine (read-only, immutable, no cloud)."""
    from scraper.datasette.serve import datasette_args

    settings = datasette_args(database, url_prefix=url_prefix)[6:]
    return [
        "datasette",
        "serve",
        "-i",
        database,
        "--metadata",
        "metadata.json",
        "--plugins-dir",
        "plugins",
        "--port",
        str(port),
        *settings,
    ]
