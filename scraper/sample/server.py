"""The sample Alaveteli site: a threaded HTTP server on 127.0.0.1 that behaves like WhatDoTheyKnow.

Routes (as Alaveteli answers them):

* ``/robots.txt`` — Alaveteli's default file, verbatim;
* ``/request/<url_title>`` (``?unfold=1``), ``.json``; ``/request/<id>[/…]`` → 301 to the slug form;
  hidden requests → 403 "Request has been removed" (``.json``: empty 403);
* ``/request/<t>/response/<id>/attach/<part>/<file>`` and ``…/attach/html/<part>/<file>.html``;
  not-yet-masked attachments go through ``/attachments/<sgid>/wait`` (→ ``done``);
* ``/list[/<tag>][/successful|unsuccessful|awaiting]`` (``page``, ``query`` (every word, a stand-in for
  Xapian), ``request_date_after``/``request_date_before`` ``yyyy/mm/dd``),
  ``/body/<url_name>`` (same date filters; + ``.json``), ``/user/<url_name>`` (+ ``.json``): 25 a page, capped at
  500 results, page > 20 → 404;
* weak ``ETag`` on every 200 page, ``Last-Modified`` where there is a natural date,
  ``If-None-Match``/``If-Modified-Since`` → 304, ``Cache-Control`` and ``Vary: Cookie``.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import json
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from scraper.sample import render
from scraper.sample.content import SampleAttachment, SampleMessage, SampleThread, SiteContent
from scraper.sample.faults import FaultPlan

__all__ = ["LogEntry", "SampleSite", "serve"]

MEDIUM_CACHE = "max-age=3600, public"
LONG_CACHE = "max-age=86400, public"
MAX_PAGE = 20

#: ``AlaveteliFileTypes::FileExtensionToMimeType``
MIME_BY_EXTENSION = {
    "csv": "text/csv",
    "txt": "text/plain",
    "pdf": "application/pdf",
    "rtf": "application/rtf",
    "doc": "application/vnd.ms-word",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "tif": "image/tiff",
    "gif": "image/gif",
    "jpg": "image/jpeg",
    "png": "image/png",
    "bmp": "image/bmp",
    "html": "text/html",
    "vcf": "text/x-vcard",
    "zip": "application/zip",
}


@dataclass
class LogEntry:
    """One request the site received."""

    time: float  #: ``time.monotonic()`` when the request arrived
    wall: str  #: ISO 8601 wall-clock time (UTC)
    method: str
    path: str  #: path with query string
    status: int | None
    user_agent: str | None
    headers: dict[str, str]


class _Response:
    def __init__(
        self,
        status: int,
        body: bytes = b"",
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        *,
        etag: bool = True,
        last_modified: datetime | None = None,
        cache: str | None = MEDIUM_CACHE,
        stream: Any = None,
        length: int | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = dict(headers or {})
        self.etag = etag
        self.last_modified = last_modified
        self.cache = cache
        self.stream = stream  # iterator of bytes (then ``length`` is the Content-Length)
        self.length = length


def _html(status: int, text: str, **kw: Any) -> _Response:
    return _Response(status, text.encode("utf-8"), **kw)


def _redirect(status: int, location: str) -> _Response:
    return _Response(
        status,
        f'<html><body>You are being <a href="{render.h(location)}">redirected</a>.</body></html>'.encode(),
        headers={"Location": location},
        etag=False,
        cache=None,
    )


def _parse_list_date(value: str | None) -> date | None:
    """``request_date_after``/``_before``: ``yyyy/mm/dd`` (the datepicker's format); also ``yyyy-mm-dd``."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


#: /list/<view>: the latest states each view lists (InfoRequestEvent.make_query_from_params's latest_status).
LIST_VIEWS = {
    "successful": {"successful", "partially_successful"},
    "unsuccessful": {"rejected", "not_held"},
    "awaiting": {
        "waiting_response",
        "waiting_clarification",
        "internal_review",
        "gone_postal",
        "error_message",
        "requires_admin",
        "attention_requested",
    },
}


def _matches(thread: SampleThread, query: str) -> bool:
    """A stand-in for Xapian: every word of ``query`` is in the title or a visible message's text."""
    words = query.lower().split()
    if not words:
        return True
    text = " ".join([thread.title, *(m.text for m in thread.messages if not m.hidden)]).lower()
    return all(w in text for w in words)


class LoggedHandler(BaseHTTPRequestHandler):
    """What the sample servers' handlers share: HTTP/1.1 keep-alive, every request logged as it
    arrives, and a planned fault (scraper/sample/faults.py) answered before anything else."""

    sys_version = ""
    protocol_version = "HTTP/1.1"
    # headers and body go out in separate writes: with Nagle on, a keep-alive client waits for
    # the delayed ACK (~40 ms) on every response
    disable_nagle_algorithm = True

    @property
    def request_log(self) -> list[LogEntry]:
        raise NotImplementedError

    @property
    def fault_plan(self) -> FaultPlan:
        raise NotImplementedError

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def _log(self, arrived: float, wall: str, status: int | None) -> None:
        self.request_log.append(
            LogEntry(
                time=arrived,
                wall=wall,
                method=self.command,
                path=self.path,
                status=status,
                user_agent=self.headers.get("User-Agent"),
                headers=dict(self.headers.items()),
            )
        )

    def _handle(self) -> None:
        arrived = time.monotonic()
        wall = datetime.now(UTC).isoformat(timespec="milliseconds")
        fault = self.fault_plan.take(self.command, self.path)
        if fault is not None:
            # Logged before answering, so a test reading the log once its client has the answer sees it.
            self._log(arrived, wall, getattr(fault, "status", None))
            fault.apply(self)
            return
        self._respond(arrived, wall)

    def _respond(self, arrived: float, wall: str) -> None:
        raise NotImplementedError

    def _write_body(self, body: bytes, stream: Any) -> None:
        """The body, or the chunks of ``stream`` when there is one; a client that hung up ends the connection."""
        try:
            if stream is not None:
                for chunk in stream:
                    self.wfile.write(chunk)
            else:
                self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Handler(LoggedHandler):
    server_version = "nginx"
    site: SampleSite  # set on the subclass made per site

    @property
    def request_log(self) -> list[LogEntry]:
        return self.site.log

    @property
    def fault_plan(self) -> FaultPlan:
        return self.site.faults

    def do_POST(self) -> None:
        self._handle()

    def _respond(self, arrived: float, wall: str) -> None:
        try:
            if self.command == "POST":
                response = _html(
                    403,
                    render.render_error_page(500, site_url=self.site.base_url, path=self.path),
                    etag=False,
                    cache=None,
                )
            else:
                response = self.site._route(self.path)
        except Exception:  # a bug in the sample site must still answer like Rails would
            import traceback

            traceback.print_exc(file=sys.stderr)
            response = _html(
                500, render.render_error_page(500, site_url=self.site.base_url, path=self.path), etag=False, cache=None
            )
        self._send(response, lambda status: self._log(arrived, wall, status))

    def _send(self, r: _Response, logged: Callable[[int], None]) -> int:
        headers = dict(r.headers)
        status = r.status
        if r.etag and r.status == 200 and r.stream is None:
            headers["ETag"] = 'W/"' + hashlib.sha256(r.body).hexdigest()[:32] + '"'
        if r.last_modified is not None:
            headers["Last-Modified"] = email.utils.format_datetime(r.last_modified.astimezone(UTC), usegmt=True)
        if r.cache:
            headers["Cache-Control"] = r.cache
        elif r.status in (200, 301, 302, 303) and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-cache"
        headers["Vary"] = "Cookie"
        if status == 200 and self._not_modified(headers):
            status = 304
        logged(status)  # before answering: see _handle
        self.send_response(status)
        if status == 304:
            for key in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
                if key in headers:
                    self.send_header(key, headers[key])
            self.end_headers()
            return status
        if r.content_type:
            self.send_header("Content-Type", r.content_type)
        length = r.length if r.stream is not None else len(r.body)
        self.send_header("Content-Length", str(length))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command == "HEAD":
            return status
        self._write_body(r.body, r.stream)
        return status

    def _not_modified(self, headers: dict[str, str]) -> bool:
        """Rack::ConditionalGet: every validator the client sent must match."""
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if not inm and not ims:
            return False
        if inm:
            etag = headers.get("ETag")
            tags = [t.strip() for t in inm.split(",")]
            if not etag or not (
                "*" in tags or etag in tags or etag.removeprefix("W/") in [t.removeprefix("W/") for t in tags]
            ):
                return False
        if ims:
            lm = headers.get("Last-Modified")
            if not lm:
                return False
            try:
                since = email.utils.parsedate_to_datetime(ims)
                modified = email.utils.parsedate_to_datetime(lm)
            except (TypeError, ValueError):
                return False
            if modified > since:
                return False
        return True


class SampleSite:
    """The sample site; ``with SampleSite() as site:`` serves it on ``site.base_url``."""

    def __init__(self, content: SiteContent | None = None, *, host: str = "127.0.0.1", port: int = 0) -> None:
        if host not in ("127.0.0.1", "localhost"):
            raise ValueError("the sample site only listens on 127.0.0.1")
        if content is None:
            from scraper.sample.seed_threads import default_content

            content = default_content()
        self.content = content
        self.host = "127.0.0.1"
        self.port = port
        self.log: list[LogEntry] = []
        self.faults = FaultPlan()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._mask_hits: dict[int, int] = {}
        self._mask_lock = threading.Lock()

    # -- lifecycle --------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> SampleSite:
        handler = type("SampleSiteHandler", (_Handler,), {"site": self})
        server = ThreadingHTTPServer((self.host, self.port), handler)
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]
        # a short poll interval keeps stop() (and so every test fixture) quick
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"sample-site:{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Serve in the calling thread (blocking) until interrupted."""
        handler = type("SampleSiteHandler", (_Handler,), {"site": self})
        with ThreadingHTTPServer((self.host, self.port), handler) as server:
            server.daemon_threads = True
            self._server = server
            self.port = server.server_address[1]
            print(f"Sample Alaveteli site at {self.base_url}/", file=sys.stderr, flush=True)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass

    # -- routing ----------------------------------------------------------------------------
    def _now(self) -> datetime:
        return self.content.current_time()

    def _not_found(self, path: str) -> _Response:
        return _html(
            404, render.render_not_found(site_url=self.base_url, path=path, now=self._now()), etag=False, cache=None
        )

    def _route(self, raw_path: str) -> _Response:
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        with self.content.lock:
            if path == "/robots.txt":
                return _Response(200, render.ROBOTS_TXT.encode(), "text/plain; charset=utf-8", cache=LONG_CACHE)
            if path in ("/list/all", "/list/recent"):
                return _redirect(301, "/list" + (f"?{parts.query}" if parts.query else ""))
            m = re.fullmatch(
                r"/list(?:/(?!successful$|unsuccessful$|awaiting$)([a-z0-9_]+))?"
                r"(?:/(successful|unsuccessful|awaiting))?",
                path,
            )
            if m:
                return self._list(query, raw_path, tag=m.group(1), view=m.group(2))
            m = re.fullmatch(r"/request/(\d+)(/.*)?", path)
            if m:
                return self._numeric_redirect(int(m.group(1)), m.group(2) or "", parts.query)
            m = re.fullmatch(r"/request/([^/]+?)(\.json)?", path)
            if m:
                return self._request(m.group(1), bool(m.group(2)), query, raw_path)
            m = re.fullmatch(r"/request/([^/]+)/response/(\d+)/attach/html/(\d+)/(.+)", path)
            if m:
                return self._attachment(
                    m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), raw_path, as_html=True
                )
            m = re.fullmatch(r"/request/([^/]+)/response/(\d+)/attach/(\d+)/(.+)", path)
            if m:
                return self._attachment(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), raw_path)
            m = re.fullmatch(r"/attachments/([^/]+)/(wait|done)", path)
            if m:
                return self._mask_page(m.group(1), m.group(2), query, raw_path)
            m = re.fullmatch(r"/body/([^/]+?)(\.json)?", path)
            if m:
                return self._body(m.group(1), bool(m.group(2)), query, raw_path)
            m = re.fullmatch(r"/user/([^/]+?)(\.json)?", path)
            if m:
                return self._user(m.group(1), bool(m.group(2)), query, raw_path)
            return self._not_found(raw_path)

    def _page(self, query: dict[str, str]) -> int | None:
        try:
            page = int(query.get("page", "1") or "1")
        except ValueError:
            return 1
        return None if page > MAX_PAGE else max(page, 1)

    def _numeric_redirect(self, request_id: int, suffix: str, query: str) -> _Response:
        thread = self.content.by_id(request_id)
        if thread is None or thread.prominence in ("hidden", "requester_only"):
            return self._not_found(f"/request/{request_id}{suffix}")
        target = f"/request/{thread.url_title}{quote(suffix)}" + (f"?{query}" if query else "")
        return _redirect(301, target)

    def _request(self, slug: str, as_json: bool, query: dict[str, str], raw_path: str) -> _Response:
        thread = self.content.by_slug(slug)
        if thread is None:
            return self._not_found(raw_path)
        if thread.prominence in ("hidden", "requester_only"):
            if as_json:
                return _Response(403, b"", "application/json; charset=utf-8", etag=False, cache=None)
            return _html(
                403,
                render.render_hidden_request_page(thread, site_url=self.base_url, path=raw_path, now=self._now()),
                etag=False,
                cache=None,
            )
        headers = {"X-Robots-Tag": "noindex"} if thread.prominence == "backpage" else {}
        if as_json:
            body = json.dumps(
                render.request_json(
                    thread, now=self._now(), body_threads=self.content.threads_for_authority(thread.authority.url_name)
                ),
                ensure_ascii=False,
            )
            return _Response(
                200, body.encode("utf-8"), "application/json; charset=utf-8", headers, last_modified=thread.updated_at
            )
        similar = [
            t
            for t in self.content.threads
            if t is not thread and t.prominence == "normal" and t.authority is thread.authority
        ][:3]
        page = render.render_request_page(
            thread, unfold=bool(query.get("unfold")), site_url=self.base_url, now=self._now(), similar=similar
        )
        return _html(200, page, headers=headers, last_modified=thread.updated_at)

    def _find_attachment(
        self, slug: str, incoming_id: int, part: int, filename: str
    ) -> tuple[SampleThread, SampleMessage, SampleAttachment | None] | None:
        thread = self.content.by_slug(slug)
        if thread is None:
            return None
        for m in thread.all_messages:
            if m.kind == "incoming" and m.id == incoming_id:
                by_part = [a for a in m.attachments if a.part == part and a.filename == filename]
                by_name = [a for a in m.attachments if a.filename == filename]
                found = by_part[0] if by_part else (by_name[0] if len(by_name) == 1 else None)
                return thread, m, found
        return None

    def _attachment(
        self, slug: str, incoming_id: int, part: int, filename: str, raw_path: str, *, as_html: bool = False
    ) -> _Response:
        name = filename[:-5] if as_html and filename.endswith(".html") else filename
        found = self._find_attachment(slug, incoming_id, part, name)
        if found is None:
            return self._not_found(raw_path)
        thread, message, attachment = found
        if thread.prominence in ("hidden", "requester_only"):
            return _html(
                403,
                render.render_hidden_request_page(thread, site_url=self.base_url, path=raw_path, now=self._now()),
                etag=False,
                cache=None,
            )
        if message.hidden:
            return _html(
                403,
                render.render_hidden_message_page(
                    thread, message, site_url=self.base_url, path=raw_path, now=self._now()
                ),
                etag=False,
                cache=None,
            )
        if attachment is None:
            return _redirect(303, f"/request/{thread.url_title}#{message.anchor}")
        if attachment.hidden:
            return _html(
                403,
                render.render_hidden_message_page(
                    thread, message, site_url=self.base_url, path=raw_path, now=self._now()
                ).replace("Message has been removed", "Attachment has been removed"),
                etag=False,
                cache=None,
            )
        if self._mask_pending(attachment):
            self._mask_hit(attachment)
            referer = self._sign(raw_path)
            return _redirect(302, f"/attachments/{attachment.sgid}/wait?referer={quote(referer, safe='')}")
        if as_html:
            if not attachment.has_body_as_html:
                return self._not_found(raw_path)
            page = render.render_attachment_html(thread, message, attachment, site_url=self.base_url)
            return _html(200, page, last_modified=message.time)
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        content_type = MIME_BY_EXTENSION.get(ext, "application/octet-stream")
        ascii_name = filename.encode("ascii", "replace").decode().replace('"', "%22")
        headers = {
            "Content-Disposition": f'attachment; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}",
            "Content-Transfer-Encoding": "binary",
        }
        if attachment.content_type == "text/csv":
            headers["Access-Control-Allow-Origin"] = "*"
            headers["Access-Control-Request-Method"] = "GET"
        if attachment.data is None:
            return _Response(
                200,
                b"",
                content_type,
                headers,
                last_modified=message.time,
                stream=attachment.chunks(),
                length=attachment.size,
            )
        return _Response(200, attachment.data, content_type, headers, last_modified=message.time)

    # -- the masking gate -------------------------------------------------------------------
    def _mask_pending(self, attachment: SampleAttachment) -> bool:
        with self._mask_lock:
            return self._mask_hits.get(attachment.id, 0) < attachment.mask_pending

    def _mask_hit(self, attachment: SampleAttachment) -> None:
        with self._mask_lock:
            self._mask_hits[attachment.id] = self._mask_hits.get(attachment.id, 0) + 1

    def _sign(self, path: str) -> str:
        payload = base64.urlsafe_b64encode(path.encode()).decode().rstrip("=")
        return f"{payload}--{hashlib.sha1(payload.encode()).hexdigest()}"

    def _unsign(self, token: str) -> str | None:
        payload, _, digest = token.rpartition("--")
        if not payload or hashlib.sha1(payload.encode()).hexdigest() != digest:
            return None
        try:
            return base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        except (ValueError, UnicodeDecodeError):
            return None

    def _mask_page(self, sgid: str, action: str, query: dict[str, str], raw_path: str) -> _Response:
        referer = self._unsign(query.get("referer", ""))
        if referer is None:
            return self._not_found(raw_path)
        attachment = None
        for t in self.content.threads:
            for m in t.all_messages:
                for a in m.attachments:
                    if a.sgid == sgid:
                        attachment = a
        if attachment is None:
            return _redirect(302, referer)
        token = quote(self._sign(referer), safe="")
        noindex = {"X-Robots-Tag": "noindex"}
        if action == "wait":
            if not self._mask_pending(attachment):
                if "/attach/html/" in referer:
                    return _redirect(302, referer)
                return _redirect(302, f"/attachments/{sgid}/done?referer={token}")
            self._mask_hit(attachment)
            page = render.render_mask_wait_page(site_url=self.base_url, path=raw_path, now=self._now())
            return _html(200, page, headers=noindex, etag=False, cache=None)
        if self._mask_pending(attachment):
            return _redirect(302, f"/attachments/{sgid}/wait?referer={token}")
        page = render.render_mask_done_page(referer, site_url=self.base_url, path=raw_path, now=self._now())
        return _html(200, page, headers=noindex, etag=False, cache=None)

    # -- listings ---------------------------------------------------------------------------
    def _hits(
        self, threads: list[SampleThread], after: date | None = None, before: date | None = None
    ) -> list[tuple[SampleThread, Any]]:
        hits = []
        for t in threads:
            e = render.latest_hit(t, after, before)
            if e is not None:
                hits.append((t, e))
        hits.sort(key=lambda te: (te[1].created_at, te[1].id), reverse=True)
        return hits

    def _list(
        self, query: dict[str, str], raw_path: str, *, tag: str | None = None, view: str | None = None
    ) -> _Response:
        page = self._page(query)
        if page is None:
            return self._not_found(raw_path)
        after = _parse_list_date(query.get("request_date_after"))
        before = _parse_list_date(query.get("request_date_before"))
        params = {k: query[k] for k in ("query", "request_date_after", "request_date_before") if query.get(k)}
        threads = [
            t
            for t in self.content.threads
            if (view is None or t.described_state in LIST_VIEWS[view])
            and (tag is None or any(name == tag for name, _ in t.tags))
            and _matches(t, query.get("query", ""))
        ]
        hits = self._hits(threads, after, before)
        html = render.render_list_page(hits, page=page, params=params, site_url=self.base_url, now=self._now())
        return _html(200, html)

    def _body(self, url_name: str, as_json: bool, query: dict[str, str], raw_path: str) -> _Response:
        authority = self.content.authorities.get(url_name)
        if authority is None:
            return self._not_found(raw_path)
        threads = self.content.threads_for_authority(url_name)
        if as_json:
            body = json.dumps(render.body_json(authority, threads, self._now()), ensure_ascii=False)
            return _Response(
                200,
                body.encode(),
                "application/json; charset=utf-8",
                cache=LONG_CACHE,
                last_modified=authority.updated_at,
            )
        page = self._page(query)
        if page is None:
            return self._not_found(raw_path)
        # PublicBodyController#show builds its query with InfoRequestEvent.make_query_from_params,
        # so the /list date filters apply to an authority's listing too.
        hits = self._hits(
            threads,
            _parse_list_date(query.get("request_date_after")),
            _parse_list_date(query.get("request_date_before")),
        )
        html = render.render_body_page(
            authority, hits, page=page, n_requests=len(hits), site_url=self.base_url, now=self._now()
        )
        return _html(200, html, cache=LONG_CACHE)

    def _user(self, url_name: str, as_json: bool, query: dict[str, str], raw_path: str) -> _Response:
        user = self.content.users.get(url_name)
        if user is None:
            return self._not_found(raw_path)
        if as_json:
            body = json.dumps(render.user_json(user), ensure_ascii=False)
            return _Response(200, body.encode(), "application/json; charset=utf-8", cache=LONG_CACHE)
        page = self._page(query)
        if page is None:
            return self._not_found(raw_path)
        hits = self._hits(self.content.threads_for_user(url_name))
        html = render.render_user_page(user, hits, page=page, site_url=self.base_url, now=self._now())
        return _html(200, html, cache=LONG_CACHE)


def serve(host: str, port: int, content: SiteContent | None = None) -> None:
    """Serve the sample site until interrupted (``wdtk-archive sample-site --port N``); OSError if the
    port cannot be listened on."""
    SampleSite(content, host=host, port=port).serve_forever()


if __name__ == "__main__":  # pragma: no cover
    serve("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8000)
