"""The sample site's fault injection: each fault does on the wire what it promises."""

from __future__ import annotations

import email.utils
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from scraper.sample.faults import (
    Challenge,
    FaultPlan,
    HtmlInsteadOfJson,
    Redirect,
    Reset,
    Slow,
    Status,
    Truncated,
)


@pytest.fixture
def served():
    """A bare loopback server that answers 200 "normal" unless the plan has a fault."""
    plan = FaultPlan()
    statuses: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            fault = plan.take(self.command, self.path)
            if fault is not None:
                statuses.append(fault.status)
                fault.apply(self)
                return
            statuses.append(200)
            self.send_response(200)
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(b"normal")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with httpx.Client(base_url=base, timeout=2.0) as http:
        yield plan, http, statuses
    server.shutdown()
    server.server_close()


def test_faults_are_served_in_order_then_the_site_answers_normally(served):
    plan, http, statuses = served
    plan.script("/a", Status(500), Status(503, body="busy"))
    assert plan.pending() == 2
    assert http.get("/a").status_code == 500
    second = http.get("/a")
    assert second.status_code == 503 and second.text == "busy"
    assert http.get("/a").text == "normal"
    assert plan.pending() == 0
    assert statuses == [500, 503, 200]
    assert [(m, p) for m, p, _ in plan.served] == [("GET", "/a"), ("GET", "/a")]


def test_exact_paths_globs_queries_and_methods():
    plan = FaultPlan()
    plan.script("/request/x?unfold=1", Status(500))  # exact, with its query; '?' is no wildcard
    plan.script("/request/*.json", Status(429), Status(429))
    plan.script("/body/*", Status(503), method="HEAD")
    assert plan.take("GET", "/request/x") is None
    assert plan.take("GET", "/request/xy?unfold=1") is None
    assert plan.take("GET", "/request/x?unfold=1").status == 500
    assert plan.take("GET", "/request/a.json").status == 429
    assert plan.take("GET", "/request/b.json?x=1").status == 429
    assert plan.take("GET", "/request/c.json") is None  # used up
    assert plan.take("GET", "/body/x") is None  # HEAD only
    assert plan.take("HEAD", "/body/x").status == 503
    plan.script("/late", Status(500))
    plan.clear()
    assert plan.take("GET", "/late") is None


def test_each_fault_is_served_exactly_once_under_concurrency():
    plan = FaultPlan()
    plan.script("/p", *[Status(500 + i % 4) for i in range(200)])
    taken: list[object] = []
    lock = threading.Lock()

    def worker() -> None:
        while (fault := plan.take("GET", "/p")) is not None:
            with lock:
                taken.append(fault)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == 200 and len({id(f) for f in taken}) == 200


def test_retry_after_in_seconds_and_as_http_date(served):
    plan, http, _ = served
    plan.script("/a", Status(429, retry_after=7), Status(503, retry_after=30, http_date=True))
    first = http.get("/a")
    assert first.status_code == 429 and first.headers["Retry-After"] == "7"
    before = time.time()
    second = http.get("/a")
    when = email.utils.parsedate_to_datetime(second.headers["Retry-After"]).timestamp()
    assert second.status_code == 503
    assert before + 30 <= when <= time.time() + 31  # whole seconds, rounded up


def test_slow_outlasts_the_client_timeout(served):
    plan, http, statuses = served
    plan.script("/a", Slow(1.0))
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        http.get("/a", timeout=0.2)
    assert time.monotonic() - started < 0.9
    assert statuses == [0]


def test_reset_closes_without_a_response(served):
    plan, http, _ = served
    plan.script("/a", Reset())
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        http.get("/a")
    assert http.get("/a").text == "normal"  # the next connection is fine


def test_truncated_promises_more_than_it_sends(served):
    plan, http, statuses = served
    plan.script("/a", Truncated(body=b"0123456789", declared=100))
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/a")
    assert statuses == [200]


@pytest.mark.parametrize(
    "fault, status, title",
    [
        (Challenge("js"), 503, "<title>Just a moment...</title>"),
        (Challenge("js", code=403), 403, "<title>Just a moment...</title>"),
        (Challenge("block"), 403, "<title>Attention Required! | Cloudflare</title>"),
    ],
)
def test_challenge_pages_look_like_cloudflare(served, fault, status, title):
    plan, http, _ = served
    plan.script("/a", fault)
    response = http.get("/a")
    assert response.status_code == status
    assert title in response.text
    assert response.headers["server"] == "cloudflare"
    assert response.headers["content-type"].startswith("text/html")


def test_challenge_header_can_be_left_out(served):
    plan, http, _ = served
    plan.script("/a", Challenge("js"), Challenge("js", cf_header=False))
    assert http.get("/a").headers["cf-mitigated"] == "challenge"
    assert "cf-mitigated" not in http.get("/a").headers


def test_redirect_and_html_instead_of_json(served):
    plan, http, _ = served
    plan.script("/a.json", Redirect("http://127.0.0.2:9/x"), HtmlInsteadOfJson())
    redirect = http.get("/a.json")
    assert redirect.status_code == 302 and redirect.headers["location"] == "http://127.0.0.2:9/x"
    page = http.get("/a.json")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.text.lstrip().startswith("<!DOCTYPE html>")
