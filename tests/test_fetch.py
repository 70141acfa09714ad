"""PoliteClient over real loopback HTTP, judged by the server-side request log."""

from __future__ import annotations

import email.utils
import io
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from scraper import __version__, fetch
from scraper.fetch import (
    Blocked,
    ContactRequired,
    Disallowed,
    FetchError,
    GaveUp,
    Gone,
    MemoryValidatorStore,
    OffsiteRedirect,
    PoliteClient,
    RobotsUnavailable,
    TooLarge,
    UnexpectedStatus,
)
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

# Alaveteli's shipped robots.txt (mysociety/alaveteli public/robots.txt), abridged to the rules
# these tests exercise.
ALAVETELI_ROBOTS = """User-agent: *
Disallow: */annotate/*
Disallow: */search/*
Disallow: */feed/*
Disallow: */signin*
Allow: */request/*/response/*/attach/*
Disallow: */request/*/response/*
Disallow: */request/*/download*
Disallow: *?*update_status=1*
Disallow: */request/*/similar
"""


@dataclass
class Hit:
    time: float  #: monotonic, when the request line arrived
    wall: float
    method: str
    path: str
    status: int
    user_agent: str | None
    headers: dict[str, str]


Route = tuple[int, dict[str, str], bytes]


@dataclass
class MiniSite:
    """A small threaded loopback server with routes, a FaultPlan and a request log."""

    routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], Route]] = field(default_factory=dict)
    faults: FaultPlan = field(default_factory=FaultPlan)
    log: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        mini = self
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                arrived, wall = time.monotonic(), time.time()
                fault = mini.faults.take(self.command, self.path)
                if fault is not None:
                    self.record(arrived, wall, fault.status)
                    fault.apply(self)
                else:
                    status, headers, body = mini.answer(self)
                    # Logged before answering, so the client can never see an answer not yet logged.
                    self.record(arrived, wall, status)
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if headers.get("Transfer-Encoding") == "chunked":
                        for i in range(0, len(body), 8192):
                            piece = body[i : i + 8192]
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        self.wfile.write(body)

            def record(self, arrived: float, wall: float, status: int) -> None:
                with lock:
                    mini.log.append(
                        Hit(
                            arrived,
                            wall,
                            self.command,
                            self.path,
                            status,
                            self.headers.get("User-Agent"),
                            dict(self.headers.items()),
                        )
                    )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, handler: BaseHTTPRequestHandler) -> Route:
        route = self.routes.get(handler.path) or self.routes.get(handler.path.split("?")[0])
        if route is None:
            return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"
        return route(handler) if callable(route) else route

    def hits(self, path: str | None = None) -> list[Hit]:
        entries = sorted(self.log, key=lambda h: h.time)
        return [h for h in entries if path is None or h.path == path]

    def gaps(self) -> list[float]:
        times = [h.time for h in self.hits()]
        return [b - a for a, b in itertools.pairwise(times)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def html(text: str, charset: str = "utf-8") -> Route:
    return 200, {"Content-Type": f"text/html; charset={charset}"}, text.encode(charset)


def robots(text: str) -> Route:
    return 200, {"Content-Type": "text/plain"}, text.encode()


def json_route(text: str) -> Route:
    return 200, {"Content-Type": "application/json; charset=utf-8"}, text.encode()


@pytest.fixture
def mini():
    s = MiniSite()
    s.routes["/robots.txt"] = robots(ALAVETELI_ROBOTS)
    for i in range(8):
        s.routes[f"/request/thread_{i}"] = html(f"<html><body><h1>Thread {i}</h1></body></html>")
        s.routes[f"/request/thread_{i}.json"] = json_route(f'{{"id": {i}, "url_title": "thread_{i}"}}')
    yield s
    s.close()


def client(mini: MiniSite, **kw) -> PoliteClient:
    kw.setdefault("delay", 0.05)
    kw.setdefault("timeout", 2.0)
    kw.setdefault("jitter", 0.1)
    return PoliteClient(mini.base_url, contact=kw.pop("contact", None), **kw)


# ---------------------------------------------------------------- identity


def test_user_agent_names_project_version_and_contact():
    ua = fetch.user_agent("archivist@example.org")
    assert ua == f"wdtk-archive/{__version__} (+https://github.com/wdtk-archive/wdtk-archive; archivist@example.org)"
    assert fetch.user_agent(None) == f"wdtk-archive/{__version__} (+https://github.com/wdtk-archive/wdtk-archive)"


def test_real_site_without_contact_refuses_to_start():
    with pytest.raises(ContactRequired, match="contact"):
        PoliteClient("https://www.whatdotheyknow.com", contact=None)
    with pytest.raises(ContactRequired):
        PoliteClient("https://www.whatdotheyknow.com", contact="   ")
    with pytest.raises(ContactRequired, match="not an email address"):
        PoliteClient("https://www.whatdotheyknow.com", contact="me\r\nX-Evil: 1")
    # Constructing touches no network; a contact is enough.
    PoliteClient("https://www.whatdotheyknow.com", contact="https://example.org/about").close()


def test_every_request_carries_ua_language_and_no_cookies(mini):
    mini.routes["/request/thread_0"] = (
        200,
        {"Content-Type": "text/html", "Set-Cookie": "locale=cy; path=/"},
        b"<p>croeso</p>",
    )
    with client(mini, contact="archivist@example.org") as c:
        c.get("/request/thread_0")
        c.get("/request/thread_1")
    assert len(mini.log) == 3
    for hit in mini.log:
        assert hit.user_agent == fetch.user_agent("archivist@example.org")
        assert hit.headers.get("Accept-Language") == "en"
        assert "Cookie" not in hit.headers


# ---------------------------------------------------------------- pacing


def test_gaps_between_requests_never_under_the_delay(mini):
    delay = 0.12
    with client(mini, delay=delay) as c:
        for i in range(6):
            c.get(f"/request/thread_{i}")
    assert [h.path for h in mini.hits()][0] == "/robots.txt"
    gaps = mini.gaps()
    assert len(gaps) == 6
    assert min(gaps) >= delay
    # Jitter is small and upward only: typical gaps stay near delay*(1+jitter).
    assert sorted(gaps)[len(gaps) // 2] < delay * 1.1 + 0.05


def test_crawl_delay_from_robots_wins_over_a_smaller_configured_delay(mini):
    mini.routes["/robots.txt"] = robots("User-agent: *\nCrawl-delay: 0.3\nDisallow: /search/\n")
    with client(mini, delay=0.02) as c:
        c.get("/request/thread_0")
        c.get("/request/thread_1")
        assert c.crawl_delay == 0.3
    assert min(mini.gaps()) >= 0.3


def test_robots_group_for_our_token_applies(mini):
    mini.routes["/robots.txt"] = robots(
        "User-agent: wdtk-archive\nCrawl-delay: 0.2\nDisallow: /request/thread_1\n\nUser-agent: *\nDisallow: /\n"
    )
    with client(mini, delay=0.01) as c:
        c.get("/request/thread_0")
        with pytest.raises(Disallowed):
            c.get("/request/thread_1")
    assert [h.path for h in mini.hits()] == ["/robots.txt", "/request/thread_0"]
    assert min(mini.gaps()) >= 0.2


def test_one_request_at_a_time_across_threads(mini):
    delay = 0.08
    with client(mini, delay=delay) as c:
        c.get("/request/thread_0")
        workers = [threading.Thread(target=c.get, args=(f"/request/thread_{i}",)) for i in range(1, 7)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    assert len(mini.log) == 8
    assert min(mini.gaps()) >= delay


def test_after_errors_the_client_slows_down_and_recovers_slowly(mini):
    mini.faults.script("/request/thread_1", Status(503), Status(503))
    with client(mini, delay=0.05, jitter=0.0) as c:
        c.get("/request/thread_0")
        base = c.interval
        c.get("/request/thread_1")
        # Doubled per error (0.2), then halfway back after the one good answer.
        after_errors = c.interval
        assert after_errors >= 2 * base
        c.get("/request/thread_2")
        assert base < c.interval < after_errors  # heading back, not snapping back
    gaps = mini.gaps()
    # robots, t0, t1(503), t1(503), t1, t2: every gap after the first error is at least the doubled delay.
    assert len(gaps) == 5
    assert min(gaps[2:]) >= 2 * 0.05


# ---------------------------------------------------------------- robots.txt


def test_robots_wildcards_and_allow_precedence(mini):
    attach = "/request/thread_0/response/12/attach/2/letter.pdf"
    mini.routes[attach] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 fake")
    mini.routes["/request/thread_0/response/12"] = html("<p>response</p>")
    with client(mini) as c:
        assert c.get(attach, expect="binary").content == b"%PDF-1.4 fake"
        for path in (
            "/request/thread_0/response/12",
            "/search/foo",
            "/feed/body/x",
            "/request/thread_0?update_status=1",
            "/request/thread_0/similar",
            "/request/thread_0/download",
        ):
            with pytest.raises(Disallowed, match="robots.txt"):
                c.get(path)
        assert c.allowed("/request/thread_0.json")
        assert not c.allowed("/search/foo")
        assert c.stats.disallowed == 6
    requested = [h.path for h in mini.hits()]
    assert requested == ["/robots.txt", attach]
    assert len(mini.hits("/robots.txt")) == 1  # once per run


def test_robots_404_means_no_rules(mini):
    del mini.routes["/robots.txt"]
    mini.routes["/search/foo"] = html("<p>results</p>")
    with client(mini) as c:
        assert "results" in c.get("/search/foo").text
    assert [h.status for h in mini.hits()] == [404, 200]


def test_robots_5xx_stops_before_any_other_request(mini):
    mini.faults.script("/robots.txt", *[Status(500)] * 10)
    with client(mini, max_retries=2) as c:
        with pytest.raises(RobotsUnavailable, match="not crawling blind"):
            c.get("/request/thread_0")
        with pytest.raises(RobotsUnavailable):  # still not crawling on a second call
            c.get("/request/thread_1")
    assert [h.path for h in mini.hits()] == ["/robots.txt"] * 3


def test_robots_network_failure_stops():
    dead = MiniSite()
    dead.close()  # nothing listens on this port any more
    with PoliteClient(dead.base_url, contact=None, delay=0.01, max_retries=1, timeout=1.0) as c:
        with pytest.raises(RobotsUnavailable, match="network error"):
            c.get("/request/thread_0")
        assert c.stats.requests == 2


def test_robots_transient_failure_is_retried(mini):
    mini.faults.script("/robots.txt", Reset(), Status(503))
    with client(mini) as c:
        c.get("/request/thread_0")
        with pytest.raises(Disallowed):
            c.get("/search/x")
    assert [h.path for h in mini.hits()] == ["/robots.txt"] * 3 + ["/request/thread_0"]


def test_robots_challenge_is_blocked_not_no_rules(mini):
    mini.faults.script("/robots.txt", Challenge("block"))
    with client(mini) as c:
        with pytest.raises(Blocked):
            c.get("/request/thread_0")
    assert [h.path for h in mini.hits()] == ["/robots.txt"]


# ---------------------------------------------------------------- retries


def test_retry_after_seconds_is_honoured(mini):
    mini.faults.script("/request/thread_0.json", Status(429, retry_after=1))
    with client(mini) as c:
        assert c.get("/request/thread_0.json", expect="json").json()["id"] == 0
        assert c.stats.retries == 1
    first, retry = mini.hits("/request/thread_0.json")
    assert first.status == 429 and retry.status == 200
    assert retry.time - first.time >= 1.0


def test_retry_after_http_date_is_honoured(mini):
    mini.faults.script("/request/thread_0", Status(503, retry_after=2, http_date=True))
    with client(mini) as c:
        c.get("/request/thread_0")
    first, retry = mini.hits("/request/thread_0")
    assert retry.wall >= first.wall + 2
    assert retry.time - first.time >= 2


def test_bursts_of_5xx_back_off_exponentially_then_succeed(mini):
    mini.faults.script("/request/thread_0", Status(500), Status(503), Status(500))
    with client(mini, delay=0.05, max_retries=4) as c:
        response = c.get("/request/thread_0")
        assert "Thread 0" in response.text
        assert c.stats.retries == 3
        assert c.stats.by_status[500] == 2 and c.stats.by_status[503] == 1
    hits = mini.hits("/request/thread_0")
    waits = [b.time - a.time for a, b in itertools.pairwise(hits)]
    assert len(waits) == 3
    assert waits[0] >= 0.05 and waits[1] >= 0.1 and waits[2] >= 0.2  # 0.05 * 2**n at least


def test_retries_are_bounded_then_gave_up_says_when_to_retry(mini):
    mini.faults.script("/request/thread_0", *[Status(503)] * 10)
    with client(mini, delay=0.01, max_retries=2) as c:
        with pytest.raises(GaveUp) as info:
            c.get("/request/thread_0")
    err = info.value
    assert len(mini.hits("/request/thread_0")) == 3
    assert err.url.endswith("/request/thread_0")
    assert err.retry_after_seconds >= 60
    assert "Try again after" in str(err) and "3 attempts" in str(err)


def test_retry_after_beyond_the_cap_gives_up_at_once(mini):
    mini.faults.script("/request/thread_0", Status(429, retry_after=3600))
    with client(mini, max_retry_wait=30) as c:
        with pytest.raises(GaveUp) as info:
            c.get("/request/thread_0")
    assert info.value.retry_after_seconds == 3600
    assert "wait 60 minutes" in str(info.value) and "Try again after" in str(info.value)
    assert len(mini.hits("/request/thread_0")) == 1


def test_slow_answer_beyond_timeout_is_retried(mini):
    mini.faults.script("/request/thread_0", Slow(1.5))
    with client(mini, timeout=0.3) as c:
        assert "Thread 0" in c.get("/request/thread_0").text
        assert c.stats.retries == 1


def test_connection_reset_is_retried(mini):
    mini.faults.script("/request/thread_0.json", Reset(), Reset())
    with client(mini) as c:
        assert c.get("/request/thread_0.json", expect="json").json() == {"id": 0, "url_title": "thread_0"}
    assert [h.status for h in mini.hits("/request/thread_0.json")] == [0, 0, 200]


def test_truncated_body_is_retried_and_never_returned(mini):
    mini.faults.script("/request/thread_0", Truncated())
    with client(mini) as c:
        response = c.get("/request/thread_0")
    assert response.text == "<html><body><h1>Thread 0</h1></body></html>"


@pytest.mark.parametrize("status", [400, 401, 405])
def test_other_client_errors_are_not_retried(mini, status):
    mini.faults.script("/request/thread_0", Status(status))
    with client(mini) as c:
        with pytest.raises(UnexpectedStatus) as info:
            c.get("/request/thread_0")
    assert info.value.status == status
    assert len(mini.hits("/request/thread_0")) == 1


@pytest.mark.parametrize("status", [403, 404, 410])
def test_removed_content_raises_gone_with_the_status(mini, status):
    mini.faults.script("/request/thread_0.json", Status(status, body=b""))
    with client(mini) as c:
        with pytest.raises(Gone) as info:
            c.get("/request/thread_0.json", expect="json")
    assert info.value.status == status
    assert len(mini.hits("/request/thread_0.json")) == 1


def test_alaveteli_removed_page_403_is_gone_not_blocked(mini):
    page = "<html><head><title>Request has been removed</title></head><body><h1>Request has been removed</h1></body></html>"
    mini.faults.script("/request/thread_0", Status(403, body=page))
    with client(mini) as c:
        with pytest.raises(Gone):
            c.get("/request/thread_0")


# ---------------------------------------------------------------- block pages


@pytest.mark.parametrize(
    "fault",
    [
        Challenge("js"),
        Challenge("js", cf_header=False),
        Challenge("js", code=403),
        Challenge("block"),
        Challenge("js", code=200),
    ],
    ids=["js-503", "js-503-no-header", "js-403", "attention-required", "js-200"],
)
def test_challenge_pages_stop_the_run_and_are_never_returned(mini, fault):
    mini.faults.script("/request/thread_0", fault)
    with client(mini) as c:
        with pytest.raises(Blocked, match="challenge/block page"):
            c.get("/request/thread_0")
    assert len(mini.hits("/request/thread_0")) == 1  # not retried


def test_html_where_json_was_expected_is_blocked(mini):
    mini.faults.script("/request/thread_0.json", HtmlInsteadOfJson())
    with client(mini) as c:
        with pytest.raises(Blocked, match="where JSON was expected"):
            c.get("/request/thread_0.json", expect="json")
        # Asked for as HTML, it is just a page; .json() on it still refuses.
        response = c.get("/request/thread_0")
        with pytest.raises(Blocked):
            response.json()


def test_page_quoting_just_a_moment_is_not_a_challenge(mini):
    mini.routes["/request/thread_0"] = html("<html><body><p>Just a moment... we said, in our reply.</p></body></html>")
    with client(mini) as c:
        assert "Just a moment" in c.get("/request/thread_0").text


# ---------------------------------------------------------------- redirects


def test_offsite_redirect_is_an_error_and_the_other_host_is_never_contacted(mini):
    other = MiniSite()
    other.routes["/elsewhere"] = html("<p>elsewhere</p>")
    try:
        mini.faults.script("/request/thread_0", Redirect(other.base_url + "/elsewhere"))
        with client(mini) as c:
            with pytest.raises(OffsiteRedirect) as info:
                c.get("/request/thread_0")
            assert info.value.location == other.base_url + "/elsewhere"
            with pytest.raises(OffsiteRedirect):
                c.get(other.base_url + "/elsewhere")
    finally:
        other.close()
    assert other.log == []
    assert len(mini.hits("/request/thread_0")) == 1


def test_onsite_redirects_are_followed_and_checked_against_robots(mini):
    mini.faults.script("/request/123", Redirect("/request/thread_3", code=301))
    mini.faults.script("/request/456", Redirect("/search/thread_3", code=302))
    with client(mini) as c:
        response = c.get("/request/123")
        assert response.url == mini.base_url + "/request/thread_3"
        assert "Thread 3" in response.text
        with pytest.raises(Disallowed):
            c.get("/request/456")
    assert "/search/thread_3" not in [h.path for h in mini.hits()]


# ---------------------------------------------------------------- conditional requests


def test_etag_and_last_modified_make_a_conditional_request(mini):
    def page(handler: BaseHTTPRequestHandler) -> Route:
        etag, modified = '"v1"', "Tue, 01 Jul 2025 10:00:00 GMT"
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "text/html", "ETag": etag, "Last-Modified": modified}, b"<p>v1</p>"

    mini.routes["/request/thread_0"] = page
    store = MemoryValidatorStore()
    with client(mini, validators=store) as c:
        first = c.get("/request/thread_0")
        second = c.get("/request/thread_0")
        third = c.get("/request/thread_0", conditional=False)
        assert c.stats.not_modified == 1
    assert not first.not_modified and first.text == "<p>v1</p>"
    assert second.not_modified and second.status == 304 and second.text is None and second.content == b""
    assert not third.not_modified
    sent = [h.headers for h in mini.hits("/request/thread_0")]
    assert "If-None-Match" not in sent[0]
    assert sent[1]["If-None-Match"] == '"v1"' and sent[1]["If-Modified-Since"] == "Tue, 01 Jul 2025 10:00:00 GMT"
    assert "If-None-Match" not in sent[2]
    row = store.rows[mini.base_url + "/request/thread_0"]
    assert row["etag"] == '"v1"' and row["last_modified"] == "Tue, 01 Jul 2025 10:00:00 GMT"


def test_last_modified_alone_is_enough(mini):
    def page(handler: BaseHTTPRequestHandler) -> Route:
        modified = "Tue, 01 Jul 2025 10:00:00 GMT"
        if handler.headers.get("If-Modified-Since") == modified:
            return 304, {}, b""
        return 200, {"Content-Type": "text/html", "Last-Modified": modified}, b"<p>v1</p>"

    mini.routes["/request/thread_0"] = page
    store = MemoryValidatorStore()
    with client(mini, validators=store) as c:
        c.get("/request/thread_0")
        assert c.get("/request/thread_0").not_modified
    assert [h.status for h in mini.hits("/request/thread_0")] == [200, 304]


# ---------------------------------------------------------------- size and decoding


def test_size_cap_by_content_length_and_while_streaming(mini):
    big = b"x" * 5000
    mini.routes["/big"] = (200, {"Content-Type": "application/octet-stream"}, big)
    mini.routes["/big-chunked"] = (
        200,
        {"Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked"},
        big * 4,
    )
    mini.routes["/small"] = (200, {"Content-Type": "application/octet-stream"}, b"y" * 100)
    with client(mini, max_bytes=4096) as c:
        with pytest.raises(TooLarge, match="4,096-byte limit"):
            c.get("/big", expect="binary")
        with pytest.raises(TooLarge):
            c.get("/big-chunked", expect="binary")
        assert c.get("/small", expect="binary").content == b"y" * 100


def test_stream_to_a_file_holds_one_complete_copy_after_a_truncated_try(mini):
    body = bytes(range(256)) * 40
    mini.routes["/att.pdf"] = (200, {"Content-Type": "application/pdf"}, body)
    mini.faults.script("/att.pdf", Truncated(body=body[:3000], declared=len(body), content_type="application/pdf"))
    out = io.BytesIO()
    with client(mini) as c:
        response = c.get("/att.pdf", expect="binary", stream_to=out)
    assert out.getvalue() == body
    assert response.content == b"" and response.text is None and response.status == 200


@pytest.mark.parametrize(
    "headers, body, expected",
    [
        (
            {"Content-Type": "text/html; charset=windows-1252"},
            "Caf\xe9 \u2013 \u2019quoted\u2019".encode("cp1252"),
            "Caf\xe9 \u2013 \u2019quoted\u2019",
        ),
        ({"Content-Type": "text/html; charset=ISO-8859-1"}, "na\xefve \u2019".encode("cp1252"), "na\xefve \u2019"),
        (
            {"Content-Type": "text/html"},
            '<meta charset="windows-1252"><p>\u2018Caf\xe9\u2019</p>'.encode("cp1252"),
            '<meta charset="windows-1252"><p>\u2018Caf\xe9\u2019</p>',
        ),
        (
            {"Content-Type": "text/html"},
            "<p>D\xe9j\xe0 vu \u2014 na\xefve caf\xe9 \u20ac5</p>".encode("utf-8"),
            "<p>D\xe9j\xe0 vu \u2014 na\xefve caf\xe9 \u20ac5</p>",
        ),
        (
            {"Content-Type": "text/html; charset=windows-1252"},
            b"\xef\xbb\xbf<p>\xe2\x80\x9cBOM wins\xe2\x80\x9d</p>",
            "<p>\u201cBOM wins\u201d</p>",
        ),
    ],
    ids=["declared-cp1252", "latin1-label-means-cp1252", "meta-charset", "undeclared-utf8", "bom-wins"],
)
def test_text_is_decoded_by_declared_charset(mini, headers, body, expected):
    mini.routes["/page"] = (200, headers, body)
    with client(mini) as c:
        assert c.get("/page").text == expected


def test_undeclared_windows_1252_is_detected(mini):
    text = (
        "<html><body><p>Dear Sir or Madam, thank you for your request dated 3 March. "
        "We can confirm that the Council\u2019s caf\xe9 r\xe9sum\xe9 costs \xa3120 \u2013 "
        "please see the attached \u201cschedule\u201d for details. Regards, Ren\xe9e</p></body></html>"
    )
    mini.routes["/page"] = (200, {"Content-Type": "text/html"}, text.encode("cp1252"))
    with client(mini) as c:
        assert c.get("/page").text == text


# ---------------------------------------------------------------- stats and units


def test_stats_count_requests_bytes_and_statuses(mini):
    mini.faults.script("/request/thread_1", Status(503))
    with client(mini) as c:
        c.get("/request/thread_0")
        c.get("/request/thread_1")
        with pytest.raises(Gone):
            c.get("/request/missing")
        stats = c.stats.as_dict()
    assert stats["requests"] == len(mini.log) == 5
    assert stats["retries"] == 1
    assert stats["by_status"] == {200: 3, 404: 1, 503: 1}
    assert stats["bytes"] == sum(
        len(mini.routes[p][2]) for p in ("/robots.txt", "/request/thread_0", "/request/thread_1")
    ) + len(b"<h1>Not found</h1>") + len(b"<html><body><h1>Error 503</h1></body></html>")
    assert stats["errors"] == 2


@pytest.mark.parametrize(
    "value, expected",
    [("120", 120.0), ("0", 0.0), ("soon", None), (None, None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_parse_retry_after(value, expected):
    assert fetch.parse_retry_after(value) == expected


def test_parse_retry_after_future_date():
    now = time.time()
    value = email.utils.formatdate(now + 90, usegmt=True)
    assert 88 <= fetch.parse_retry_after(value, now=now) <= 90


def test_looks_blocked_needs_more_than_a_phrase_on_a_200():
    h = httpx.Headers({"content-type": "text/html"})
    assert not fetch.looks_blocked(200, h, b"<title>Just a moment...</title><p>real page</p>")
    assert fetch.looks_blocked(200, h, b"<title>Just a moment...</title><script src='/cdn-cgi/challenge-platform/x'>")
    assert fetch.looks_blocked(503, h, b"<title>Just a moment...</title>")
    assert fetch.looks_blocked(200, httpx.Headers({"cf-mitigated": "challenge"}), b"")
    assert not fetch.looks_blocked(403, h, b"<h1>Request has been removed</h1>")


def test_bad_base_url_is_one_sentence():
    with pytest.raises(FetchError, match="not an http"):
        PoliteClient("ftp://example.org", contact="a@b.org")
