"""The archive file: checked before it is touched, opened to write or read-only, upgraded in place."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from scraper.archive.errors import ArchiveError, ArchiveMissing
from scraper.archive.lock import ArchiveLock
from scraper.archive.migrations import migration_names, migrations
from scraper.archive.schema import ARCHIVE_TABLES, ensure_db_shape
from scraper.hosts import is_local_url

_SQLITE_HEADER = b"SQLite format 3\x00"


def _inspect(path: Path) -> tuple[set[str], list[str]]:
    """Table names and applied migrations of an SQLite file, read without writing a byte beside it.

    With a ``-wal`` beside it (WAL in use, perhaps by a writer right now) it is read as any reader
    would (``mode=ro``), which creates nothing new; without one, ``immutable=1`` creates no ``-shm``
    (and no writer can be at work, or the ``-wal`` would be there)."""
    uri = path.resolve().as_uri()
    wal = path.with_name(path.name + "-wal")
    modes = ["mode=ro", "immutable=1"] if wal.exists() else ["immutable=1"]
    names: set[str] = set()
    applied: list[str] = []
    for i, mode in enumerate(modes):
        conn = sqlite3.connect(f"{uri}?{mode}", uri=True)
        try:
            names = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
            if "_sqlite_migrations" in names:
                applied = [
                    r[0]
                    for r in conn.execute(
                        "select name from _sqlite_migrations where migration_set = ? order by id", [migrations.name]
                    )
                ]
            break
        except sqlite3.OperationalError:
            if i == len(modes) - 1:  # e.g. a -wal but no -shm in a read-only folder: read what the file holds
                raise
        finally:
            conn.close()
    return names, applied


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def check_archive_file(path: str | Path, *, write: bool) -> None:
    """Raise ArchiveError (one sentence) unless ``path`` is, or can become, an archive to read
    (``write=False``) or to write. Nothing is created, changed or locked: a file that is refused is
    left byte for byte as it was, with nothing new beside it."""
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive file.")
    if not path.exists():
        if not write:
            raise ArchiveMissing(
                f"No archive at {path}: run `wdtk-archive scrape` or `wdtk-archive demo` first, or give --db."
            )
        if not path.parent.is_dir():
            raise ArchiveError(f"Cannot create {path}: the directory {path.parent} does not exist.")
        if not _writable(path.parent):
            raise ArchiveError(f"Cannot create {path}: its folder {path.parent} is read-only.")
        return
    try:
        with open(path, "rb") as f:
            header = f.read(len(_SQLITE_HEADER))
    except OSError as e:
        raise ArchiveError(f"Cannot read {path}: {e.strerror or e}.") from None
    if not header:
        if not write:
            raise ArchiveError(f"{path} is an empty file, not an archive.")
    elif header != _SQLITE_HEADER:
        raise ArchiveError(
            f"{path} is not a wdtk-archive archive: it is not an SQLite file at all. It was left as it was."
        )
    else:
        try:
            names, applied = _inspect(path)
        except sqlite3.DatabaseError as e:
            raise ArchiveError(f"{path} is not a usable SQLite file ({e}). It was left as it was.") from None
        own = ARCHIVE_TABLES <= names
        fresh = names <= {"_sqlite_migrations"} and set(applied) <= set(migration_names())
        if not own and not (fresh and write):
            raise ArchiveError(
                f"{path} is an SQLite database but not a wdtk-archive archive (it has no requests, messages "
                "and authorities tables). It was left as it was."
            )
        newer = [name for name in applied if name not in set(migration_names())]
        if newer:
            raise ArchiveError(
                f"{path} was upgraded by a newer wdtk-archive (migration {newer[-1]}); upgrade this one to use it."
            )
    if write:
        if not _writable(path):
            raise ArchiveError(f"Cannot write {path}: the file is read-only.")
        if not _writable(path.parent):
            raise ArchiveError(
                f"Cannot write {path}: its folder {path.parent} is read-only, and SQLite (in WAL mode) must create "
                f"{path.name}-wal and {path.name}-shm beside the archive to write it."
            )


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive at ``path`` to write: WAL, foreign keys on, schema up to date.

    A file that cannot be one (see :func:`check_archive_file`) is refused before it is touched."""
    path = Path(path)
    check_archive_file(path, write=True)
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA foreign_keys = ON")
        if db.journal_mode != "wal":
            db.enable_wal()
        # In WAL mode NORMAL survives a killed process; only a power cut can lose the last commits.
        db.execute("PRAGMA synchronous = NORMAL")
        ensure_db_shape(db)
    except sqlite3.DatabaseError as e:
        raise ArchiveError(f"{path} is not a usable SQLite archive ({e}).") from None
    return db


def reading_uri(path: str | Path) -> str:
    """The SQLite URI to read an archive with: ``mode=ro``, or ``immutable=1`` when its folder is
    read-only and no ``-wal`` is waiting (SQLite cannot then create the ``-shm`` a WAL reader needs,
    and no writer can be at work, since a writer must create the ``-wal`` in that folder).
    ArchiveError (one sentence) when it cannot be read at all."""
    path = Path(path)
    check_archive_file(path, write=False)
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        finally:
            conn.close()
        return f"{uri}?mode=ro"
    except sqlite3.OperationalError as e:
        wal = path.with_name(path.name + "-wal")
        if _writable(path.parent):
            raise ArchiveError(f"Cannot read {path} ({e}).") from None
        if wal.exists() and wal.stat().st_size:
            raise ArchiveError(
                f"Cannot read {path}: its folder {path.parent} is read-only and {wal.name} holds changes that "
                "only a writer can fold in; run `wdtk-archive reclean` where the folder is writable first."
            ) from None
        return f"{uri}?immutable=1"


def open_archive_for_reading(path: str | Path) -> sqlite_utils.Database:
    """Open the archive read-only (``export``): nothing is written, so a read-only file or folder
    is fine. An archive made by an older version is upgraded first if it can be written."""
    path = Path(path)
    check_archive_file(path, write=False)
    _, applied = _inspect(path)
    if set(migration_names()) - set(applied):
        try:
            check_archive_file(path, write=True)
        except ArchiveError as e:
            raise ArchiveError(
                f"{path} was made by an older wdtk-archive and must be upgraded before it can be "
                f"read, but it cannot be written here: {e}"
            ) from None
        with ArchiveLock(path):  # the one writer at a time, even for an upgrade
            return open_archive(path)
    conn = sqlite3.connect(reading_uri(path), uri=True)
    conn.execute("PRAGMA query_only = ON")
    return sqlite_utils.Database(conn)


def loopback_sites(path: str | Path) -> list[str]:
    """Sites on this machine (``127.0.0.1:8123`` …) with archived requests, most requests first;
    [] when ``path`` is no archive. For the demo, which must keep its sample site's address."""
    try:
        conn = sqlite3.connect(reading_uri(path), uri=True)
    except ArchiveError:
        return []
    try:
        rows = conn.execute("select site, count(*) from requests group by site order by 2 desc, 1").fetchall()
    except sqlite3.DatabaseError:
        return []
    finally:
        conn.close()
    return [site for site, _ in rows if is_local_url(f"http://{site}")]


def loopback_ports(path: str | Path) -> list[int]:
    """Ports of the hosts on this machine (the demo's sample authority sites) that the archive at
    ``path`` holds linked pages from, most pages first; [] when it is no archive or has none."""
    try:
        conn = sqlite3.connect(reading_uri(path), uri=True)
    except ArchiveError:
        return []
    try:
        rows = conn.execute("select host, count(*) from linked_pages group by host order by 2 desc, 1").fetchall()
    except sqlite3.DatabaseError:  # no linked_pages table (yet)
        return []
    finally:
        conn.close()
    ports = [int(host.rsplit(":", 1)[1]) for host, _ in rows if ":" in host and is_local_url(f"http://{host}")]
    return list(dict.fromkeys(ports))


def copy_archive(source: str | Path, target: str | Path) -> None:
    """Copy the archive at ``source`` to a new file ``target`` with SQLite's backup API: a
    consistent copy even while a scrape writes, and nothing written beside the source."""
    src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
