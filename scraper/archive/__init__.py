"""The archive: ``archive.db``, written with sqlite-utils, and every SQL statement the pipeline runs.

The package's face is this module: ``from scraper import archive`` and ``archive.open_archive(...)``.

* :mod:`~scraper.archive.files`: check an archive file before it is touched; open it to write (WAL,
  foreign keys, schema up to date) or read-only;
* :mod:`~scraper.archive.migrations`, :mod:`~scraper.archive.schema`, :mod:`~scraper.archive.tables`:
  the tables, the views and full-text indexes derived from them, and what every column means;
* :mod:`~scraper.archive.writer`: idempotent saves of threads that record what changed on the site;
* :mod:`~scraper.archive.requests`, :mod:`~scraper.archive.documents`: finding requests, and reading a
  thread back as the one JSON document the export writes and the thread page shows;
* :mod:`~scraper.archive.lock`, :mod:`~scraper.archive.runs`: one writer at a time, and the run log;
* :mod:`~scraper.archive.fetch_state`, :mod:`~scraper.archive.frontier`: conditional requests, and the
  state of sync passes;
* :mod:`~scraper.archive.cleaner`: what the clean step mines and learns from the archive, and
  reclean's reads and writes;
* :mod:`~scraper.archive.linked`: the linked pages' tables;
* :mod:`~scraper.archive.purge`: deleting what the site took down, and scrubbing a copy to publish.
"""

from scraper.archive.cleaner import (
    load_adaptation,
    load_cross_repeats,
    messages_to_reclean,
    mining_rows,
    save_adaptation,
    save_reclean,
    versions_to_reclean,
)
from scraper.archive.documents import (
    FORMAT_VERSION,
    ExportError,
    iter_thread_documents,
    load_schema,
    thread_document,
    thread_to_document,
)
from scraper.archive.errors import AmbiguousRequest, ArchiveError, ArchiveLocked, ArchiveMissing
from scraper.archive.fetch_state import FetchStateStore
from scraper.archive.files import (
    check_archive_file,
    copy_archive,
    loopback_ports,
    loopback_sites,
    open_archive,
    open_archive_for_reading,
    reading_uri,
)
from scraper.archive.frontier import Frontier
from scraper.archive.lock import ArchiveLock
from scraper.archive.purge import PurgeResult, purge_withdrawn, scrub_for_publishing
from scraper.archive.requests import archive_sites, find_request, live_events, site_origin
from scraper.archive.runs import RUN_COUNTERS, RUN_OUTCOMES, finish_run, start_run
from scraper.archive.schema import (
    ARCHIVE_TABLES,
    FTS_CONFIG,
    PUBLIC_TABLE_FILTERS,
    VIEWS,
    ensure_db_shape,
    is_archive,
)
from scraper.archive.tables import TABLE_DOCS, VIEW_DOCS, tables_markdown
from scraper.archive.writer import SaveResult, classify_replies, mark_withdrawn, save_status_only, save_thread

__all__ = [
    "ARCHIVE_TABLES",
    "FORMAT_VERSION",
    "FTS_CONFIG",
    "PUBLIC_TABLE_FILTERS",
    "RUN_COUNTERS",
    "RUN_OUTCOMES",
    "TABLE_DOCS",
    "VIEWS",
    "VIEW_DOCS",
    "AmbiguousRequest",
    "ArchiveError",
    "ArchiveLock",
    "ArchiveLocked",
    "ArchiveMissing",
    "ExportError",
    "FetchStateStore",
    "Frontier",
    "PurgeResult",
    "SaveResult",
    "archive_sites",
    "check_archive_file",
    "copy_archive",
    "classify_replies",
    "ensure_db_shape",
    "find_request",
    "finish_run",
    "is_archive",
    "iter_thread_documents",
    "live_events",
    "load_adaptation",
    "load_cross_repeats",
    "load_schema",
    "loopback_ports",
    "loopback_sites",
    "mark_withdrawn",
    "messages_to_reclean",
    "mining_rows",
    "open_archive",
    "open_archive_for_reading",
    "purge_withdrawn",
    "reading_uri",
    "save_adaptation",
    "save_reclean",
    "save_status_only",
    "save_thread",
    "scrub_for_publishing",
    "site_origin",
    "start_run",
    "tables_markdown",
    "thread_document",
    "thread_to_document",
    "versions_to_reclean",
]
