"""The authorities' web sites of the sample, served on loopback hosts of their own.

Each web site of :attr:`SiteContent.web <scraper.sample.content.SiteContent.web>` gets its own
address: ``127.0.0.2`` for the first, ``127.0.0.3`` for the next, and so on, each with its own
robots.txt, request log and fault plan. Starting them rewrites every link to a site in the
content (messages, authority home pages) to its loopback address, so a crawl of the sample
Alaveteli site finds links it can follow without leaving the machine::

    content = default_content()
    with SampleSite(content) as site, AuthorityWeb(content) as web:
        ...  # web.hosts["https://www.met.police.uk"].log lists what that host was asked

Pages are rendered from the content on every request, so the content's mutations
(``remove_web_page``, ``move_web_page``, ``edit_web_page``) show on the next fetch.
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from scraper.sample.content import SiteContent
from scraper.sample.faults import FaultPlan
from scraper.sample.server import LogEntry, LoggedHandler
from scraper.sample.web import WebFile, WebGone, WebHost, WebPage, WebRedirect, WebStream, render_page, stream_body

__all__ = ["AuthorityWeb", "ServedHost"]

#: The pages' Last-Modified: fixed, so that conditional re-checks of an unchanged page get a 304.
_LAST_MODIFIED = email.utils.format_datetime(datetime(2024, 1, 15, 9, 0, tzinfo=UTC), usegmt=True)


@dataclass
class ServedHost:
    """One authority site as served: where, what it was asked, and what it is scripted to do."""

    original_origin: str  #: the origin in the sample data, e.g. https://www.met.police.uk
    address: str  #: loopback IP it listens on
    port: int = 0
    log: list[LogEntry] = field(default_factory=list)
    faults: FaultPlan = field(default_factory=FaultPlan)
    server: ThreadingHTTPServer | None = None
    thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        return f"http://{self.address}:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    @property
    def host(self) -> str:
        return f"{self.address}:{self.port}"


class _Handler(LoggedHandler):
    server_version = "Apache"
    web: AuthorityWeb
    served: ServedHost

    @property
    def request_log(self) -> list[LogEntry]:
        return self.served.log

    @property
    def fault_plan(self) -> FaultPlan:
        return self.served.faults

    def _respond(self, arrived: float, wall: str) -> None:
        host = self.web.content.web.get(self.served.origin)
        if host is not None and host.latency:
            time.sleep(host.latency)
        status, headers, body, stream, length = self._answer(host)
        if status == 200 and self._not_modified(headers.get("ETag")):
            status, body, stream = 304, b"", None
        self._log(arrived, wall, status)
        self.send_response(status)
        for key, value in headers.items():
            if status != 304 or key in ("ETag", "Last-Modified"):
                self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(length if stream is not None else len(body)))
        self.end_headers()
        if self.command == "HEAD" or status == 304:
            return
        self._write_body(body, stream)

    def _not_modified(self, etag: str | None) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm and etag:
            return etag in [t.strip() for t in inm.split(",")]
        ims = self.headers.get("If-Modified-Since")
        return bool(ims) and not inm and ims == _LAST_MODIFIED

    def _answer(self, host: WebHost | None) -> tuple[int, dict[str, str], bytes, Any, int]:
        parts = urlsplit(self.path)
        with self.web.content.lock:
            if host is None:
                return self._not_found()
            if parts.path == "/robots.txt":
                return 200, {"Content-Type": "text/plain; charset=utf-8"}, host.robots_txt.encode(), None, 0
            resource = host.resources.get(self.path) or host.resources.get(parts.path)
            if resource is None:
                return self._not_found()
            if isinstance(resource, WebPage):
                body = render_page(resource, host.origin, parts.path).encode("utf-8")
                return 200, self._cacheable("text/html; charset=utf-8", body), body, None, 0
            if isinstance(resource, WebFile):
                return 200, self._cacheable(resource.content_type, resource.data), resource.data, None, 0
            if isinstance(resource, WebRedirect):
                body = f'<html><body><a href="{resource.location}">Moved</a></body></html>'.encode()
                return resource.status, {"Location": resource.location, "Content-Type": "text/html"}, body, None, 0
            if isinstance(resource, WebGone):
                return self._not_found(resource.status)
            if isinstance(resource, WebStream):
                return 200, {"Content-Type": resource.content_type}, b"", stream_body(resource), resource.size
        raise AssertionError(resource)  # pragma: no cover

    @staticmethod
    def _cacheable(content_type: str, body: bytes) -> dict[str, str]:
        return {
            "Content-Type": content_type,
            "ETag": '"' + hashlib.sha256(body).hexdigest()[:24] + '"',
            "Last-Modified": _LAST_MODIFIED,
            "Cache-Control": "max-age=600",
        }

    @staticmethod
    def _not_found(status: int = 404) -> tuple[int, dict[str, str], bytes, Any, int]:
        word = "Gone" if status == 410 else "Page not found"
        body = (
            f"<!DOCTYPE html><html><head><title>{word}</title></head><body><h1>{word}</h1>"
            "<p>The page you were looking for could not be found.</p></body></html>"
        ).encode()
        return status, {"Content-Type": "text/html; charset=utf-8"}, body, None, 0


class AuthorityWeb:
    """Serve every web site of ``content`` on its own loopback address (127.0.0.2, .3, ...).

    ``port`` 0 gives each host a free port; a fixed port (the demo's) is used on every address.
    """

    def __init__(self, content: SiteContent, *, port: int = 0, first_address: int = 2) -> None:
        self.content = content
        self.port = port
        self.hosts: dict[str, ServedHost] = {}
        for i, origin in enumerate(list(content.web)):
            self.hosts[origin] = ServedHost(original_origin=origin, address=f"127.0.0.{first_address + i}")

    def start(self) -> AuthorityWeb:
        try:
            for served in self.hosts.values():
                handler = type("AuthorityHandler", (_Handler,), {"web": self, "served": served})
                server = ThreadingHTTPServer((served.address, self.port), handler)
                server.daemon_threads = True
                served.server = server
                served.port = server.server_address[1]
                served.thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.05},
                    name=f"authority-web:{served.host}",
                    daemon=True,
                )
                served.thread.start()
        except OSError:
            self.stop()
            raise
        for origin, served in self.hosts.items():
            if origin in self.content.web and origin != served.origin:
                self.content.relocate(origin, served.origin)
        return self

    def stop(self) -> None:
        for served in self.hosts.values():
            if served.server is not None:
                served.server.shutdown()
                served.server.server_close()
                served.server = None
            if served.thread is not None:
                served.thread.join(timeout=5)
                served.thread = None

    def __enter__(self) -> AuthorityWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def host(self, original_origin: str) -> ServedHost:
        """The served host of a site named by its original origin (e.g. ``web.MET``)."""
        return self.hosts[original_origin]

    def url(self, original_origin: str, path: str) -> str:
        return self.hosts[original_origin].url(path)

    @property
    def addresses(self) -> list[str]:
        """The loopback addresses the sites listen on (for an allowlist)."""
        return [s.address for s in self.hosts.values()]
