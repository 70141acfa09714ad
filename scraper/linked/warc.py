"""WARC files for linked pages: every exchange as the web-archiving world keeps it (warcio).

* :class:`RecordingTransport` sits under a :class:`~scraper.fetch.PoliteClient`'s httpx client
  and notes each exchange exactly as it went over the wire: the request line and headers sent
  (our User-Agent included), the status line, headers and raw body received. Nothing about the
  client's politeness changes: it is the same client, only watched.
* :class:`WarcWriter` appends a capture's exchanges to the run's WARC file as ``request`` and
  ``response`` records (``revisit`` when the page is unchanged), one gzip member each, so the
  collection can be replayed in pywb or ReplayWeb.page and handed to a web archive.

A run writes ``<name>.warc.gz.open`` and renames it to ``<name>.warc.gz`` when it closes; a run
that was killed leaves its ``.open`` file behind, which the next run cuts back to the last whole
record and closes (:func:`recover`). The archive only ever points at closed files' names and at
records that were flushed to disk before the database said so.
"""

from __future__ import annotations

import fcntl
import io
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper import PROJECT_URL, __version__

log = logging.getLogger("wdtk_archive")

__all__ = ["Exchange", "RecordRef", "RecordingTransport", "WarcWriter", "recover"]

OPEN_SUFFIX = ".open"


def warc_date(when: datetime | None = None) -> str:
    """A WARC-Date: UTC, ISO 8601, microseconds (WARC/1.1 allows them; they keep records apart)."""
    return (when or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Exchange:
    """One HTTP request and the response it got, as sent and received."""

    method: str
    url: str
    request_headers: list[tuple[str, str]]
    http_version: str
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes = b""
    complete: bool = False  #: the whole body was read (a refused, over-size body is not)
    date: str = field(default_factory=warc_date)


class _TeeStream(httpx.SyncByteStream):
    """Pass a response body through, keeping a copy (up to ``cap`` bytes) for the WARC record."""

    def __init__(self, inner: httpx.SyncByteStream, exchange: Exchange, cap: int, done: Any) -> None:
        self.inner = inner
        self.exchange = exchange
        self.cap = cap
        self.done = done
        self.parts: list[bytes] = []
        self.size = 0
        self.finished = False
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            self.size += len(chunk)
            if self.size <= self.cap:
                self.parts.append(chunk)
            yield chunk
        self.finished = True

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.inner.close()
        finally:
            self.exchange.complete = self.finished and self.size <= self.cap
            self.exchange.body = b"".join(self.parts) if self.exchange.complete else b""
            self.done(self.exchange)


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


class RecordingTransport(httpx.BaseTransport):
    """An httpx transport that keeps every exchange it carries in :attr:`exchanges`."""

    def __init__(self, inner: httpx.BaseTransport | None = None, *, max_body: int = 20_000_000) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.max_body = max_body
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        version = _text(response.extensions.get("http_version", b"HTTP/1.1"))
        reason = _text(response.extensions.get("reason_phrase", b"")) or httpx.codes.get_reason_phrase(
            response.status_code
        )
        exchange = Exchange(
            method=request.method,
            url=str(request.url),
            request_headers=[(_text(k), _text(v)) for k, v in request.headers.raw],
            http_version=version,
            status=response.status_code,
            reason=reason,
            response_headers=[(_text(k), _text(v)) for k, v in response.headers.raw],
        )
        assert isinstance(response.stream, httpx.SyncByteStream)
        stream = _TeeStream(response.stream, exchange, self.max_body, self._done)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=stream,
            extensions=response.extensions,
            request=request,
        )

    def _done(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def take(self) -> list[Exchange]:
        """The exchanges since the last call, oldest first."""
        with self._lock:
            taken, self.exchanges = self.exchanges, []
        return taken

    def close(self) -> None:
        self.inner.close()


@dataclass(frozen=True)
class RecordRef:
    """Where a response (or revisit) record is: file name, offset and length in that file."""

    filename: str
    offset: int
    length: int
    record_id: str
    date: str
    payload_digest: str | None


def _request_target(url: str) -> str:
    parts = httpx.URL(url)
    return parts.raw_path.decode("ascii") or "/"


class WarcWriter:
    """The run's WARC file in ``directory``, opened on first use, closed (renamed) by :meth:`close`."""

    def __init__(self, directory: str | Path, *, run_id: int | None = None, prefix: str = "wdtk-linked") -> None:
        self.directory = Path(directory)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.filename = f"{prefix}-{stamp}-{run_id if run_id is not None else os.getpid()}.warc.gz"
        self._fh: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self.records = 0

    @property
    def path(self) -> Path:
        return self.directory / self.filename

    def _open(self) -> WARCWriter:
        if self._writer is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            recover(self.directory)
            self._fh = open(self.directory / (self.filename + OPEN_SUFFIX), "ab")
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # recover() leaves it alone
            self._writer = WARCWriter(self._fh, gzip=True)
            info = self._writer.create_warcinfo_record(
                self.filename,
                {
                    "software": f"wdtk-archive/{__version__} (+{PROJECT_URL})",
                    "format": "WARC File Format 1.1",
                    "description": "Pages linked from FOI responses, archived by wdtk-archive",
                    "robots": "obey",
                },
            )
            self._write(info)
        return self._writer

    def _write(self, record: Any) -> tuple[int, int]:
        assert self._fh is not None and self._writer is not None
        start = self._fh.tell()
        self._writer.write_record(record)
        self.records += 1
        return start, self._fh.tell() - start

    def write(
        self, exchanges: list[Exchange], *, revisit_of: dict[str, Any] | None = None, revisit_url: str | None = None
    ) -> dict[str, RecordRef]:
        """Append each exchange as a request and a response record; return the response records by URL.

        With ``revisit_of`` (``{"uri", "date", "digest"}`` of an earlier record), the exchange for
        ``revisit_url`` is written as a ``revisit`` record (identical payload) instead of repeating
        its body. Everything is flushed and synced to disk before this returns.
        """
        writer = self._open()
        refs: dict[str, RecordRef] = {}
        for ex in exchanges:
            http_headers = StatusAndHeaders(
                f"{ex.status} {ex.reason}".strip(), _wire_headers(ex), protocol=ex.http_version
            )
            date = {"WARC-Date": ex.date}
            if revisit_of is not None and ex.url == revisit_url:
                response = writer.create_revisit_record(
                    ex.url,
                    revisit_of["digest"],
                    revisit_of["uri"],
                    revisit_of["date"],
                    http_headers=http_headers,
                    warc_headers_dict=date,
                )
            else:
                response = writer.create_warc_record(
                    ex.url, "response", payload=io.BytesIO(ex.body), http_headers=http_headers, warc_headers_dict=date
                )
            request = writer.create_warc_record(
                ex.url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    f"{ex.method} {_request_target(ex.url)} {ex.http_version}", ex.request_headers, is_http_request=True
                ),
                warc_headers_dict=date,
            )
            record_id = response.rec_headers.get_header("WARC-Record-ID")
            request.rec_headers.add_header("WARC-Concurrent-To", record_id)
            offset, length = self._write(response)
            self._write(request)
            refs[ex.url] = RecordRef(
                self.filename,
                offset,
                length,
                record_id,
                ex.date,
                response.rec_headers.get_header("WARC-Payload-Digest") or (revisit_of or {}).get("digest"),
            )
        assert self._fh is not None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        return refs

    def close(self) -> None:
        """Finish the file: ``.open`` becomes ``.warc.gz`` (nothing is renamed if nothing was written)."""
        if self._fh is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        self._writer = None
        os.replace(self.directory / (self.filename + OPEN_SUFFIX), self.path)


def _wire_headers(ex: Exchange) -> list[tuple[str, str]]:
    """The response headers as a replay tool needs them with the body we keep: the body is stored
    as received, less any chunked transfer coding (which the HTTP library has undone)."""
    headers = [(k, v) for k, v in ex.response_headers if k.lower() != "transfer-encoding"]
    if any(k.lower() == "transfer-encoding" for k, _ in ex.response_headers):
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(ex.body))))
    return headers


def recover(directory: str | Path) -> list[Path]:
    """Close the ``.open`` WARC files a killed run left: cut each back to its last whole record."""
    closed = []
    for path in sorted(Path(directory).glob(f"*.warc.gz{OPEN_SUFFIX}")):
        end = 0
        try:
            guard = open(path, "rb")
        except OSError:
            continue
        try:
            fcntl.flock(guard.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            guard.close()
            continue  # a live run is writing it
        try:
            with open(path, "rb") as fh:
                iterator = ArchiveIterator(fh)
                for record in iterator:
                    record.content_stream().read()
                    end = iterator.get_record_offset() + iterator.get_record_length()
        except Exception:  # a torn last record: keep what came before it
            pass
        try:
            final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
            if end == 0:
                path.unlink()
                continue
            with open(path, "r+b") as fh:
                fh.truncate(end)
            os.replace(path, final)
        finally:
            guard.close()
        log.info("closed %s, left open by an interrupted run", final.name)
        closed.append(final)
    return closed
