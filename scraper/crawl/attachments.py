"""The attachments step: download files and extract searchable text, politely, after a thread is saved.

Metadata (file name, part, type, size, URLs, message) is stored by the scrape step from the request
page. This step, switched on by ``[attachments]`` in config.toml, then

* downloads each allowed file through the same :class:`~scraper.fetch.PoliteClient` (robots.txt,
  delay, retries) into a content-addressed store (``<dir>/<sha256[:2]>/<sha256><.ext>``);
* fetches the site's "view as HTML" page and keeps its text (less the page chrome), or, when that
  page only embeds the file (current Alaveteli does so for PDFs and office files), extracts the text
  of a PDF, plain-text, Word, Excel, PowerPoint or OpenDocument file itself
  (:mod:`scraper.parse.office`); the text is cleaned like message text and indexed for search.

Alaveteli answers a not-yet-processed attachment with an "Attachment processing…" HTML page
(``/attachments/<id>/wait``): that is recognised, never stored as the file, and retried on the
next run. See docs/attachments.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import mimetypes
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import sqlite_utils

from scraper import archive, fetch, parse
from scraper.archive.attachments import attachments_to_process, stored_file, update_attachment
from scraper.clean import CleanContext, clean_message
from scraper.clock import now_iso
from scraper.config import Config
from scraper.fetch import HttpClient
from scraper.parse import office

log = logging.getLogger("wdtk_archive")

#: file_status values that need no further work (others are re-checked every run)
FILE_DONE = {"stored", "gone"}
#: text_status values that need no further work
TEXT_DONE = {"done", "none"}

_WAIT_PATH = re.compile(r"/attachments/[^/]+/(?:wait|done)/?$")
_WAIT_MARKERS = (b'id="attachment_masks_wait"', b'id="attachment_masks_done"', b"Attachment processing")
_UNSAFE = re.compile(r"[^\w .()+,=@\[\]{}~'&!#$%^-]", re.UNICODE)
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_TEXT_TYPES = {"text/plain", "text/csv", "text/tab-separated-values"}
_PDF = "application/pdf"


# ------------------------------------------------------------------------------------------
# Pure helpers


def safe_filename(name: str, *, max_bytes: int = 150, default: str = "attachment") -> str:
    """One harmless path component for ``name``: no separators, NUL/control characters, leading
    dots or reserved device names; at most ``max_bytes`` UTF-8 bytes, keeping a short extension."""
    text = unicodedata.normalize("NFC", name or "")
    # The last component only: a name is never a path.
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text or set(text) <= {"_", " ", "."}:
        text = default
    if _WINDOWS_RESERVED.match(text):
        text = "_" + text
    stem, dot, ext = text.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,10}", ext) or not stem:
        stem, ext = text, ""
    suffix = f".{ext}" if ext else ""
    budget = max_bytes - len(suffix.encode())
    encoded = stem.encode("utf-8")
    if len(encoded) > budget:
        stem = encoded[:budget].decode("utf-8", "ignore").rstrip(" .") or default
    return stem + suffix


def extension_of(name: str) -> str:
    """A short, safe ``.ext`` for a stored file ("" when the name has none)."""
    _, dot, ext = safe_filename(name).rpartition(".")
    return f".{ext.lower()}" if dot and re.fullmatch(r"[A-Za-z0-9]{1,10}", ext) else ""


def content_type_of(content_type: str | None, filename: str) -> str:
    """The attachment's type as the page gave it, else guessed from the file name (as Alaveteli does)."""
    if content_type:
        return content_type.split(";")[0].strip().lower()
    guessed, _ = mimetypes.guess_type(filename or "")
    return guessed or "application/octet-stream"


def type_allowed(content_type: str, allowlist: tuple[str, ...]) -> bool:
    """Whether ``content_type`` is on the allowlist (entries may end in ``/*``)."""
    major = content_type.split("/")[0]
    return any(t == content_type or t in ("*/*", f"{major}/*") for t in allowlist)


def is_wait_page(url: str, content_type: str | None, head: bytes) -> bool:
    """Whether a response is Alaveteli's "Attachment processing…" page rather than the file."""
    if _WAIT_PATH.search(urlsplit(url).path):
        return True
    if "html" not in (content_type or "").lower():
        return False
    return any(marker in head for marker in _WAIT_MARKERS)


def view_as_html_text(html: str) -> str:
    """The attachment's text from its "view as HTML" page: the page chrome
    (``div.view_html_prefix``) and embedded viewers (``<iframe>``) dropped; "" when nothing is left."""
    return parse.html_to_text(html).strip()


def pdf_text(data: bytes) -> str:
    """The text of a PDF, page by page (blank line between pages); ValueError if it cannot be read."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as e:  # pragma: no cover - pypdf is a dependency
        raise ValueError("pypdf is not installed, so PDF text cannot be extracted") from e
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise ValueError(f"the PDF could not be read ({type(e).__name__}: {e})") from None
    return "\n\n".join(p for p in pages if p)


def file_text(data: bytes, content_type: str) -> str | None:
    """Text from a file we can read ourselves (PDF, plain text, CSV, Office Open XML, OpenDocument);
    None for other types (old binary .doc/.xls/.ppt included); ValueError, one sentence, for a file
    that cannot be read or is not what its type says."""
    if content_type == _PDF or data[:5] == b"%PDF-":
        return pdf_text(data)
    if content_type in _TEXT_TYPES:
        return fetch.decode_text(data, content_type).replace("\r\n", "\n").strip()
    return office.text_for_type(data, content_type)


def has_file_text(content_type: str) -> bool:
    """Whether :func:`file_text` may find text in a file of this type."""
    return content_type == _PDF or content_type in _TEXT_TYPES or content_type in office.OFFICE_TYPES


# ------------------------------------------------------------------------------------------
# The file store


class FileStore:
    """Content-addressed files under one directory; no file name from the site is ever a path."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @classmethod
    def for_config(cls, config: Config) -> FileStore:
        root = Path(config.attachments_dir).expanduser()
        if not root.is_absolute():
            root = Path(config.db).expanduser().resolve().parent / root
        return cls(root)

    def relpath(self, sha256: str, filename: str) -> str:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return f"{sha256[:2]}/{sha256}{extension_of(filename)}"

    def path(self, relpath: str) -> Path:
        """The file for a stored relative path; ValueError if it would lie outside the store."""
        root = self.root.resolve()
        target = (root / relpath).resolve()
        if target == root or root not in target.parents:
            raise ValueError(f"{relpath!r} is outside the attachment store")
        return target

    def remove(self, relpaths: Iterable[str]) -> int:
        """Delete stored files (relative paths); return how many went. A file that cannot be
        removed is logged and left in place."""
        removed = 0
        for rel in relpaths:
            try:
                self.path(rel).unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except (OSError, ValueError) as e:
                log.warning("Could not delete the attachment file %s: %s", rel, e)
        return removed

    @contextlib.contextmanager
    def incoming(self) -> Iterator[IO[bytes]]:
        """A temporary file inside the store (same filesystem, so the final move is atomic)."""
        tmpdir = self.root / ".incoming"
        tmpdir.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=tmpdir, delete=False)
        try:
            yield handle
        finally:
            handle.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(handle.name)

    def put(self, handle: IO[bytes], filename: str) -> tuple[str, str, int]:
        """Move a finished temporary file into place; return (sha256, relpath, bytes)."""
        handle.flush()
        handle.seek(0)
        hasher = hashlib.sha256()
        size = 0
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(chunk)
            size += len(chunk)
        digest = hasher.hexdigest()
        rel = self.relpath(digest, filename)
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.replace(handle.name, target)
        return digest, rel, size


# ------------------------------------------------------------------------------------------
# The step


@dataclass
class AttachmentStats:
    """What the step did in one run (the run log and the summary line report it)."""

    stored: int = 0
    pending: int = 0
    skipped: int = 0
    failed: int = 0
    texts: int = 0
    notes: list[str] = field(default_factory=list)  #: one sentence per failure


@contextlib.contextmanager
def _byte_cap(client: HttpClient, cap: int) -> Iterator[int]:
    """Lower the client's per-response byte cap for one fetch (the scrape is single-threaded)."""
    old = client.max_bytes
    client.max_bytes = min(old, cap)
    try:
        yield client.max_bytes
    finally:
        client.max_bytes = old


class _Pending(Exception):
    """The site is still processing the attachment."""


class AttachmentStep:
    """Downloads and extracts the attachments of archived requests, as ``[attachments]`` says."""

    def __init__(
        self, config: Config, db: sqlite_utils.Database, client: HttpClient, files: FileStore | None = None
    ) -> None:
        self.config = config
        self.db = db
        self.client = client
        self.files = files or FileStore.for_config(config)
        self.stats = AttachmentStats()

    @property
    def enabled(self) -> bool:
        return self.config.attachments_download or self.config.attachments_text

    def process_target(self, target: str) -> AttachmentStats:
        """Process the attachments of an archived request given as slug, id or URL."""
        row = archive.find_request(self.db, target, site=self.config.host)
        if row is not None:
            self.process_request(row["id"])
        return self.stats

    def process_request(self, request_pk: int) -> AttachmentStats:
        if not self.enabled:
            return self.stats
        for row in attachments_to_process(self.db, request_pk):
            if self.config.attachments_download and row["file_status"] not in FILE_DONE:
                self._file(row)
            if self.config.attachments_text and row["text_status"] not in TEXT_DONE:
                self._text(row)
        return self.stats

    # -- files -------------------------------------------------------------------------------

    def _skip_reason(self, row: dict[str, Any]) -> tuple[str, str] | None:
        ctype = content_type_of(row["content_type"], row["filename"])
        if not type_allowed(ctype, self.config.attachments_types):
            return "not_allowed", f"{ctype} is not in [attachments] content_types."
        cap = min(self.config.attachments_max_bytes, self.client.max_bytes)
        if row["size_bytes"] and row["size_bytes"] > cap:
            return "too_large", f"The site lists it as {row['size']}, over the {cap:,}-byte limit."
        if row["file_status"] == "too_large" and (row["file_limit"] or 0) >= cap:
            return "too_large", row["file_note"] or f"Over the {cap:,}-byte limit."
        return None

    def _file(self, row: dict[str, Any]) -> None:
        skip = self._skip_reason(row)
        if skip is not None:
            status, note = skip
            self._update(
                row,
                file_status=status,
                file_note=note,
                file_limit=min(self.config.attachments_max_bytes, self.client.max_bytes)
                if status == "too_large"
                else None,
            )
            self.stats.skipped += 1
            return
        with self.files.incoming() as handle:
            try:
                self._download(row["url"], handle)
            except _Pending:
                self._update(
                    row,
                    file_status="pending",
                    file_note="The site is still processing the attachment; retried on the next run.",
                )
                self.stats.pending += 1
                return
            except fetch.FetchError as e:
                self._file_failed(row, e)
                return
            sha, rel, size = self.files.put(handle, row["filename"])
        self._update(
            row,
            sha256=sha,
            stored_path=rel,
            file_bytes=size,
            downloaded_at=now_iso(),
            file_status="stored",
            file_note=None,
            file_limit=None,
        )
        self.stats.stored += 1
        log.info("attachment stored: %s (%s bytes)", row["filename"], size)

    def _download(self, url: str, handle: IO[bytes]) -> None:
        """Fetch ``url`` into ``handle``; _Pending for the wait page; FetchError otherwise."""
        if not self.client.allowed(url):
            raise fetch.Disallowed(f"robots.txt does not allow {url}.", url=url)
        with _byte_cap(self.client, self.config.attachments_max_bytes):
            response = self.client.get(url, expect="binary", conditional=False, stream_to=handle)
        handle.flush()
        handle.seek(0)
        head = handle.read(65536)
        if is_wait_page(response.url, response.headers.get("content-type"), head):
            raise _Pending()

    def _file_failed(self, row: dict[str, Any], e: fetch.FetchError) -> None:
        if isinstance(e, (fetch.Blocked, fetch.GaveUp, fetch.RobotsUnavailable)):
            raise e  # the whole run stops, as for a page
        cap = min(self.config.attachments_max_bytes, self.client.max_bytes)
        status = (
            "too_large"
            if isinstance(e, fetch.TooLarge)
            else "gone"
            if isinstance(e, fetch.Gone)
            else "disallowed"
            if isinstance(e, fetch.Disallowed)
            else "failed"
        )
        self._update(row, file_status=status, file_note=str(e), file_limit=cap if status == "too_large" else None)
        if status == "failed":
            self.stats.failed += 1
            self.stats.notes.append(f"attachment {row['filename']}: {e}")
            log.warning("attachment %s: %s", row["filename"], e)
        else:
            self.stats.skipped += 1

    # -- text --------------------------------------------------------------------------------

    def _text(self, row: dict[str, Any]) -> None:
        try:
            found = self._find_text(row)
        except _Pending:
            self._update(row, text_status="pending")
            self.stats.pending += 1
            return
        except fetch.Disallowed:
            self._update(row, text_status="disallowed")  # re-checked (locally) each run
            return
        except fetch.Gone:
            self._update(row, text_status="none", text_at=now_iso())
            return
        except fetch.FetchError as e:
            if isinstance(e, (fetch.Blocked, fetch.GaveUp, fetch.RobotsUnavailable)):
                raise
            self._update(row, text_status="failed")
            self.stats.failed += 1
            self.stats.notes.append(f"attachment text {row['filename']}: {e}")
            log.warning("attachment text %s: %s", row["filename"], e)
            return
        except ValueError as e:  # an unreadable file: retrying will not help
            self._update(row, text_status="none", text_at=now_iso())
            log.warning("attachment text %s: %s", row["filename"], e)
            return
        if found is None:
            self._update(row, text_status="none", text_at=now_iso())
            return
        raw, source = found
        cleaned = clean_message(raw, CleanContext(kind="incoming", authority=row["authority"])).clean_text
        self._update(row, raw_text=raw, text=cleaned, text_source=source, text_status="done", text_at=now_iso())
        self.stats.texts += 1

    def _find_text(self, row: dict[str, Any]) -> tuple[str, str] | None:
        """(text, source) from the view-as-HTML page, else from the file itself; None if neither has any."""
        disallowed = False
        if row["html_url"] and not self.client.allowed(row["html_url"]):
            disallowed = True
        elif row["html_url"]:
            try:
                page = self.client.get(row["html_url"], expect="html", conditional=False)
            except (fetch.Gone, fetch.UnexpectedStatus):
                page = None  # no HTML view after all: try the file
            if page is not None:
                if is_wait_page(page.url, page.headers.get("content-type"), page.content[:65536]):
                    raise _Pending()
                text = view_as_html_text(page.text or "")
                if text:
                    return text, "html"
        ctype = content_type_of(row["content_type"], row["filename"])
        if not has_file_text(ctype) and not (ctype in office.LEGACY_TYPES and self._is_stored(row)):
            # an old binary office file is read only when stored: it may be a newer one mislabelled
            if disallowed:
                raise fetch.Disallowed(f"robots.txt does not allow fetching {row['filename']}.", url=row["url"])
            return None
        try:
            data = self._file_bytes(row)
        except fetch.Disallowed:
            disallowed = True
            data = None
        if data is None:
            if disallowed:
                raise fetch.Disallowed(f"robots.txt does not allow fetching {row['filename']}.", url=row["url"])
            return None
        found = file_text(data, ctype)
        return (found, "pdf" if ctype == _PDF else "file") if found else None

    def _is_stored(self, row: dict[str, Any]) -> bool:
        stored_path, file_status = stored_file(self.db, row["id"])
        return file_status == "stored" and bool(stored_path)

    def _file_bytes(self, row: dict[str, Any]) -> bytes | None:
        """The stored file, or (when the settings allow it) a fresh download kept only in memory."""
        stored_path, file_status = stored_file(self.db, row["id"])
        if file_status == "stored" and stored_path:
            with contextlib.suppress(OSError, ValueError):
                return self.files.path(stored_path).read_bytes()
        if self._skip_reason(row) is not None:
            return None
        buffer = tempfile.SpooledTemporaryFile(max_size=4_000_000)
        with buffer:
            try:
                self._download(row["url"], buffer)
            except fetch.TooLarge:
                return None
            buffer.seek(0)
            return buffer.read()

    # -- writing -----------------------------------------------------------------------------

    def _update(self, row: dict[str, Any], **values: Any) -> None:
        update_attachment(self.db, row["id"], **values)
        row.update(values)
