"""Scripted misbehaviour for the sample site: 429s, 5xx bursts, stalls, resets, challenges.

A :class:`FaultPlan` holds, per path (exact or glob), a queue of faults served in order, one per
matching request; when a queue is empty the site answers normally again::

    site.faults.script("/request/*.json", Status(429, retry_after=2), Status(503), Status(503))
    site.faults.script("/robots.txt", Status(500))

The server's handler calls ``plan.take(method, path_with_query)`` before normal handling; if it
gets a fault it calls ``fault.apply(handler)`` (a ``BaseHTTPRequestHandler``) and logs
``fault.status`` (0 when no HTTP response was sent at all).
"""

from __future__ import annotations

import email.utils
import fnmatch
import math
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit


class Fault:
    """One scripted answer (or non-answer) to one request."""

    #: what the server log records for this fault; 0 = no HTTP response
    status: int = 0

    def apply(self, handler: BaseHTTPRequestHandler) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: Mapping[str, str] | None = None,
    content_type: str = "text/html; charset=utf-8",
) -> None:
    headers = dict(headers or {})
    server = next((k for k in headers if k.lower() == "server"), None)
    if server is not None:
        # send_response writes the Server header itself: make it say what we were asked to.
        handler.server_version, handler.sys_version = headers.pop(server), ""
        handler.version_string = lambda: handler.server_version  # type: ignore[method-assign]
    handler.send_response(status)
    if not any(k.lower() == "content-type" for k in headers):
        handler.send_header("Content-Type", content_type)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)
    handler.wfile.flush()


def _hang_up(handler: BaseHTTPRequestHandler, *, reset: bool) -> None:
    """Drop the connection; with ``reset`` a TCP RST (SO_LINGER 0) instead of a FIN."""
    handler.close_connection = True
    conn = handler.connection
    try:
        if reset:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            conn.shutdown(socket.SHUT_RDWR)
        conn.close()
    except OSError:
        pass


@dataclass
class Status(Fault):
    """A plain HTTP answer, e.g. ``Status(429, retry_after=2)`` or ``Status(503)``.

    ``retry_after`` adds a ``Retry-After`` header: delta-seconds, or with ``http_date=True`` the
    HTTP-date at least that many seconds after the moment the answer is sent.
    """

    code: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | str = b""
    retry_after: float | None = None
    http_date: bool = False

    @property
    def status(self) -> int:  # type: ignore[override]
        return self.code

    def apply(self, handler: BaseHTTPRequestHandler) -> None:
        headers = dict(self.headers)
        if self.retry_after is not None:
            if self.http_date:
                # Rounded up: an HTTP-date has whole seconds, and waiting until it must mean waiting
                # at least ``retry_after``.
                headers["Retry-After"] = email.utils.formatdate(math.ceil(time.time() + self.retry_after), usegmt=True)
            else:
                headers["Retry-After"] = str(int(round(self.retry_after)))
        body = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        if not body:
            body = f"<html><body><h1>Error {self.code}</h1></body></html>".encode()
        _send(handler, self.code, body, headers)


@dataclass
class Slow(Fault):
    """Say nothing for ``seconds`` (beyond the client's timeout), then hang up."""

    seconds: float
    status: int = 0

    def apply(self, handler: BaseHTTPRequestHandler) -> None:
        time.sleep(self.seconds)
        _hang_up(handler, reset=False)


@dataclass
class Reset(Fault):
    """Close the connection with a TCP reset, without any response."""

    status: int = 0

    def apply(self, handler: BaseHTTPRequestHandler) -> None:
        _hang_up(handler, reset=True)


@dataclass
class Truncated(Fault):
    """Promise ``declared`` bytes in Content-Length, send fewer, then close."""

    body: bytes = b"<!DOCTYPE html><html><head><title>A request</title></head><body><p>The start of a page"
    declared: int = 50_000
    content_type: str = "text/html; charset=utf-8"
    status: int = 200

    def apply(self, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(self.status)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(max(self.declared, len(self.body) + 1)))
        handler.end_headers()
        handler.wfile.write(self.body)
        handler.wfile.flush()
        _hang_up(handler, reset=False)


_JUST_A_MOMENT = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=Edge">
<meta name="robots" content="noindex,nofollow">
<meta name="viewport" content="width=device-width,initial-scale=1">
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>
</div></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cZone: "127.0.0.1",cType: 'managed',cRay: '8f0e4c1d2a3b4c5d'};
var cpo = document.createElement('script');cpo.src = '/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8f0e4c1d2a3b4c5d';
document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>
"""

_ATTENTION_REQUIRED = """<!DOCTYPE html>
<html class="no-js" lang="en-US"><head>
<title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8" /><meta name="robots" content="noindex, nofollow" />
<link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/cf.errors.css" />
</head><body><div id="cf-wrapper"><div id="cf-error-details" class="cf-error-details-wrapper">
<div class="cf-wrapper cf-header cf-error-overview"><h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> 127.0.0.1</h2></div>
<div class="cf-section cf-wrapper"><h2 data-translate="blocked_why_headline">Why have I been blocked?</h2>
<p data-translate="blocked_why_detail">This website is using a security service to protect itself from online attacks.</p></div>
<div class="cf-error-footer">Cloudflare Ray ID: <strong>8f0e4c1d2a3b4c5d</strong></div>
</div></div></body></html>
"""


@dataclass
class Challenge(Fault):
    """A Cloudflare-like interstitial: ``kind="js"`` ("Just a moment...", 503 by default) or
    ``kind="block"`` ("Attention Required! | Cloudflare", 403). ``cf_header=False`` leaves out the
    ``cf-mitigated`` header, so only the page itself gives it away."""

    kind: str = "js"
    code: int | None = None
    cf_header: bool = True

    @property
    def status(self) -> int:  # type: ignore[override]
        if self.code is not None:
            return self.code
        return 503 if self.kind == "js" else 403

    def apply(self, handler: BaseHTTPRequestHandler) -> None:
        body = (_JUST_A_MOMENT if self.kind == "js" else _ATTENTION_REQUIRED).encode()
        headers = {"Server": "cloudflare", "CF-RAY": "8f0e4c1d2a3b4c5d-LHR", "Cache-Control": "no-store"}
        if self.cf_header and self.kind == "js":
            headers["cf-mitigated"] = "challenge"
        _send(handler, self.status, body, headers)


@dataclass
class Redirect(Fault):
    """A redirect, by default to another host (the client must not follow it)."""

    location: str = "http://127.0.0.2:9/elsewhere"
    code: int = 302

    @property
    def status(self) -> int:  # type: ignore[override]
        return self.code

    def apply(self, handler: BaseHTTPRequestHandler) -> None:
        _send(handler, self.code, b"", {"Location": self.location})


@dataclass
class HtmlInsteadOfJson(Fault):
    """A 200 HTML page where JSON was asked for (a login wall or a proxy's page)."""

    status: int = 200

    def apply(self, handler: BaseHTTPRequestHandler) -> None:
        body = (
            b"<!DOCTYPE html><html><head><title>Sign in</title></head>"
            b"<body><h1>Please sign in to continue</h1></body></html>"
        )
        _send(handler, 200, body)


class FaultPlan:
    """Per-path queues of faults, consumed in order; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scripts: list[tuple[str, str | None, deque[Fault]]] = []
        self.served: list[tuple[str, str, Fault]] = []  #: (method, path, fault) in serving order

    def script(self, path_pattern: str, *faults: Fault, method: str | None = None) -> FaultPlan:
        """Serve ``faults`` one by one to requests matching ``path_pattern`` (exact or glob)."""
        with self._lock:
            self._scripts.append((path_pattern, method.upper() if method else None, deque(faults)))
        return self

    def take(self, method: str, path_with_query: str) -> Fault | None:
        """The next fault for this request, or None to answer normally."""
        path = urlsplit(path_with_query).path
        with self._lock:
            for pattern, only, queue in self._scripts:
                if not queue or (only is not None and only != method.upper()):
                    continue
                if _matches(pattern, path_with_query, path):
                    fault = queue.popleft()
                    self.served.append((method, path_with_query, fault))
                    return fault
        return None

    def pending(self) -> int:
        """How many scripted faults have not been served yet."""
        with self._lock:
            return sum(len(queue) for _, _, queue in self._scripts)

    def clear(self) -> None:
        with self._lock:
            self._scripts.clear()


def _matches(pattern: str, path_with_query: str, path: str) -> bool:
    if pattern in (path_with_query, path):
        return True
    if not any(c in pattern for c in "*[]"):
        return False  # a '?' alone is a query string, not a wildcard
    return fnmatch.fnmatchcase(path_with_query, pattern) or fnmatch.fnmatchcase(path, pattern)
