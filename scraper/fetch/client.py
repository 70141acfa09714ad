"""The project's one HTTP client: identified, robots-obeying, throttled, resilient.

Every request of the project goes through :class:`PoliteClient`. It

* sends one request at a time per host, leaving at least ``max(delay, robots Crawl-delay)``
  (plus a little upward jitter) of quiet between the end of one response and the next request,
  and slows down after errors, recovering slowly (Scrapy's AutoThrottle rule:
  :mod:`scraper.fetch.throttle`);
* reads ``robots.txt`` once per run with its own User-Agent and obeys it with protego;
* says who it is (``wdtk-archive/<version> (+<project URL>; <contact>)``, :mod:`scraper.fetch.identity`),
  sends ``Accept-Language: en`` and keeps no cookies;
* follows redirects only within the configured site, caps response sizes, decodes text by the
  declared charset, then by detection (:mod:`scraper.fetch.answers`);
* sends ``If-None-Match`` / ``If-Modified-Since`` from a :class:`~scraper.fetch.validators.ValidatorStore`;
* retries network failures, timeouts, 5xx and 429 with exponential backoff (tenacity),
  honours ``Retry-After`` and gives up cleanly past a cap;
* recognises challenge/block pages and never hands one back as a response.

:class:`HttpClient` is what the crawl needs of a client: a :class:`PoliteClient`, or one that
wraps it (a run's budget, :class:`scraper.crawl.budget.BudgetedClient`).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import IO, Any, Literal, Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
import tenacity
from protego import Protego

from scraper.clock import now_iso
from scraper.fetch.answers import decode_text, human_duration, looks_blocked, looks_like_html, parse_retry_after
from scraper.fetch.errors import (
    Blocked,
    Disallowed,
    FetchError,
    GaveUp,
    Gone,
    OffsiteRedirect,
    RobotsUnavailable,
    TooLarge,
    Transient,
    UnexpectedStatus,
)
from scraper.fetch.identity import require_contact, user_agent
from scraper.fetch.throttle import HostGate
from scraper.fetch.validators import ValidatorStore

logger = logging.getLogger("wdtk_archive.fetch")

Expect = Literal["html", "json", "binary", "text"]

_ACCEPT: dict[str, str] = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "json": "application/json,*/*;q=0.1",
    "binary": "*/*",
    "text": "text/plain,*/*;q=0.1",
}
_REDIRECTS = {301, 302, 303, 307, 308}
_MAX_HOPS = 10
#: Bytes of a body streamed to a file that are kept in memory too: enough to recognise a block page.
_SNIFF_BYTES = 65536


# --------------------------------------------------------------------------------------------
# Results and counters


@dataclass
class Response:
    """What a successful (or not-modified) fetch gives back."""

    url: str  #: final URL, after on-site redirects
    status: int
    headers: httpx.Headers
    text: str | None  #: decoded body for html/json/text; None for binary, 304 and streamed bodies
    content: bytes  #: raw body (b"" for 304 and when streamed to a file)
    not_modified: bool
    elapsed: float  #: seconds from sending the last request to the end of its body

    def json(self) -> Any:
        """The body as JSON; Blocked if an HTML page came where JSON was expected."""
        if self.not_modified:
            raise ValueError(f"{self.url} was not modified; there is no body to read")
        if looks_like_html(self.content, self.headers.get("content-type", "")):
            raise Blocked(
                f"{self.url} answered with an HTML page where JSON was expected; "
                "the site (or something in front of it) is not serving its data to us.",
                url=self.url,
                status=self.status,
            )
        try:
            return json.loads(self.content)
        except ValueError as exc:
            raise FetchError(f"{self.url} did not return valid JSON ({exc}).", url=self.url) from exc


@dataclass
class FetchStats:
    """Counters for one client (one run)."""

    requests: int = 0  #: HTTP requests sent, robots.txt, redirects and retries included
    not_modified: int = 0
    retries: int = 0
    errors: int = 0  #: failed attempts (retried or not) and refused URLs
    bytes: int = 0  #: body bytes received
    by_status: Counter[int] = field(default_factory=Counter)
    disallowed: int = 0

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["by_status"] = dict(sorted(self.by_status.items()))
        return d


# --------------------------------------------------------------------------------------------
# The client


class _NoCookies(DefaultCookiePolicy):
    """Refuse every cookie: Alaveteli's ``locale`` cookie would switch pages to Welsh."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def return_ok(self, cookie: Any, request: Any) -> bool:
        return False


def _site_key(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port


class PoliteClient:
    """The one HTTP client of the project; see the module docstring for what it promises."""

    def __init__(
        self,
        base_url: str,
        *,
        contact: str | None,
        delay: float = 2.0,
        timeout: float = 30.0,
        max_retries: int = 4,
        max_retry_wait: float = 600.0,
        max_bytes: int = 20_000_000,
        jitter: float = 0.05,
        validators: ValidatorStore | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"The site URL {base_url!r} is not an http(s) URL.")
        self.base_url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
        self.contact = require_contact(base_url, contact)
        if delay < 0 or timeout <= 0 or max_retries < 0 or max_bytes <= 0 or jitter < 0:
            raise FetchError(
                "delay, max_retries and jitter must not be negative, and timeout and max_bytes must be positive."
            )
        self.user_agent = user_agent(self.contact)
        self.delay = delay
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.max_bytes = max_bytes
        self.jitter = jitter
        self.validators = validators
        self.stats = FetchStats()
        self.crawl_delay: float | None = None  #: what robots.txt asked for, once read
        self._site = _site_key(self.base_url)
        self._robots: Protego | None = None
        self._robots_read = False
        self._robots_failure: FetchError | None = None
        self._robots_lock = threading.Lock()
        self._gate = HostGate(delay, jitter)
        self._client = httpx.Client(
            headers={"User-Agent": self.user_agent, "Accept-Language": "en"},
            cookies=CookieJar(policy=_NoCookies()),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            transport=transport,
        )

    # -- context management ------------------------------------------------------------------

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def interval(self) -> float:
        """The current minimum quiet time between requests (grows after errors)."""
        return self._gate.delay

    # -- public API ----------------------------------------------------------------------------

    def url_for(self, path_or_url: str) -> str:
        """The absolute URL of a site path; OffsiteRedirect for a URL outside the site."""
        url = urljoin(self.base_url, path_or_url)
        if not self._on_site(url):
            raise OffsiteRedirect(
                f"{url} is outside the configured site {self.base_url}; not fetched.", url=url, location=url
            )
        return url

    def allowed(self, path_or_url: str) -> bool:
        """Whether robots.txt lets us fetch this URL (reads robots.txt on first use)."""
        url = self.url_for(path_or_url)
        self._ensure_robots()
        return self._robots is None or self._robots.can_fetch(url, self.user_agent)

    def get(
        self,
        path_or_url: str,
        *,
        expect: Expect = "html",
        conditional: bool = True,
        stream_to: IO[bytes] | None = None,
    ) -> Response:
        """Fetch one URL of the site politely; raise a FetchError subclass when that is impossible."""
        url = self.url_for(path_or_url)
        self._ensure_robots()
        self._check_allowed(url)
        known = self.validators.get(url) if (conditional and self.validators is not None) else None
        state = {"url": url}
        try:
            response = self._with_retries(lambda: self._attempt(state, expect, known, stream_to))
        except Transient as exc:
            raise self._gave_up(url, exc) from None
        if self.validators is not None and response.status in (200, 304):
            etag = response.headers.get("etag")
            last_modified = response.headers.get("last-modified")
            if response.not_modified and known is not None:
                etag, last_modified = etag or known[0], last_modified or known[1]
            self.validators.record(
                url,
                status=response.status,
                etag=etag,
                last_modified=last_modified,
                fetched_at=now_iso(),
            )
        return response

    # -- robots.txt ----------------------------------------------------------------------------

    def _ensure_robots(self) -> None:
        with self._robots_lock:
            if self._robots_failure is not None:
                raise self._robots_failure
            if self._robots_read:
                return
            try:
                self._read_robots()
            except FetchError as exc:
                self._robots_failure = exc  # the run stops; later calls say the same without asking again
                raise
            self._robots_read = True

    def _read_robots(self) -> None:
        robots_url = urljoin(self.base_url, "/robots.txt")
        state = {"url": robots_url}
        try:
            response = self._with_retries(lambda: self._attempt(state, "text", None, None, robots=True))
        except Transient as exc:
            wait = exc.retry_after
            later = f"in about {human_duration(wait)}" if wait else "later"
            raise RobotsUnavailable(
                f"Could not read {robots_url} ({exc.reason}), so we do not know the site's rules; "
                f"not crawling blind. Try again {later}.",
                url=robots_url,
                retry_after_seconds=wait,
            ) from None
        except Gone:
            response = None  # 403/404/410: the site publishes no rules
        except UnexpectedStatus as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                response = None  # any other 4xx also means no rules
            else:
                raise RobotsUnavailable(
                    f"Could not read {robots_url} ({exc}); not crawling blind.", url=robots_url
                ) from None
        except OffsiteRedirect as exc:
            raise RobotsUnavailable(
                f"{robots_url} redirects off the site (to {exc.location}), so we cannot read the "
                "site's rules; not crawling blind.",
                url=robots_url,
            ) from None
        if response is None:
            logger.info("no robots.txt at %s: no rules apply", robots_url)
            self._robots = None
        else:
            self._robots = Protego.parse(response.text or "")
            asked = [self.delay]
            crawl_delay = self._robots.crawl_delay(self.user_agent)
            if crawl_delay:
                self.crawl_delay = float(crawl_delay)
                asked.append(float(crawl_delay))
            rate = self._robots.request_rate(self.user_agent)
            if rate and rate.requests:
                asked.append(rate.seconds / rate.requests)
            base = max(asked)
            if base > self.delay:
                logger.info("robots.txt asks for %.1f s between requests; using that", base)
            self._gate.set_base(base)

    def _check_allowed(self, url: str) -> None:
        if self._robots is not None and not self._robots.can_fetch(url, self.user_agent):
            self.stats.disallowed += 1
            raise Disallowed(f"robots.txt of {self.base_url} does not allow us to fetch {url}.", url=url)

    # -- retries -------------------------------------------------------------------------------

    def _with_retries(self, attempt: Any) -> Response:
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(Transient),
            stop=self._stop,
            wait=self._wait,
            sleep=self._gate.defer,  # the gate does the waiting, so other threads wait too
            before_sleep=self._before_sleep,
            reraise=True,
        )
        return retrying(attempt)

    def _wait(self, retry_state: tenacity.RetryCallState) -> float:
        """Exponential backoff from the current base interval, with jitter; Retry-After if longer."""
        initial = max(self._gate.base, 0.05)
        wait = tenacity.wait_exponential_jitter(multiplier=initial, max=self.max_retry_wait, jitter=initial)(
            retry_state
        )
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None:
            wait = max(wait, exc.retry_after)
        return wait

    def _stop(self, retry_state: tenacity.RetryCallState) -> bool:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None and exc.retry_after > self.max_retry_wait:
            return True
        return retry_state.attempt_number > self.max_retries

    def _before_sleep(self, retry_state: tenacity.RetryCallState) -> None:
        self.stats.retries += 1
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
        where = exc.url if isinstance(exc, Transient) else "?"
        logger.warning(
            "%s on %s; retrying in %.1f s (attempt %d of %d)",
            exc,
            where,
            wait,
            retry_state.attempt_number + 1,
            self.max_retries + 1,
        )

    def _gave_up(self, url: str, exc: Transient) -> GaveUp:
        if exc.retry_after is not None and exc.retry_after > self.max_retry_wait:
            wait = exc.retry_after
            why = (
                f"the site asked us to wait {human_duration(wait)} ({exc.reason} on {exc.url}), "
                f"more than our limit of {human_duration(self.max_retry_wait)}"
            )
        else:
            # Without a Retry-After, suggest the longest wait we would have accepted (at least 5 minutes).
            wait = exc.retry_after if exc.retry_after is not None else max(300.0, self.max_retry_wait)
            why = f"{exc.url} still failed after {self.max_retries + 1} attempts (last: {exc.reason})"
        when = (datetime.now(UTC) + timedelta(seconds=wait)).strftime("%Y-%m-%d %H:%M UTC")
        return GaveUp(
            f"Stopped: {why}; what is archived so far is kept. Try again after {when} (in about {human_duration(wait)}).",
            url=url,
            retry_after_seconds=wait,
            status=exc.status,
        )

    # -- one attempt (following on-site redirects) ---------------------------------------------

    def _on_site(self, url: str) -> bool:
        key = _site_key(url)
        if key == self._site:
            return True
        # http -> https upgrade of the same host on default ports stays on the site.
        return (
            key[1] == self._site[1]
            and self._site[0] == "http"
            and self._site[2] == 80
            and key == ("https", key[1], 443)
        )

    def _attempt(
        self,
        state: dict[str, str],
        expect: Expect,
        known: tuple[str | None, str | None] | None,
        stream_to: IO[bytes] | None,
        *,
        robots: bool = False,
    ) -> Response:
        """One attempt at ``state["url"]``: on-site redirects followed (each hop checked against
        robots.txt, unless this is robots.txt itself), then the final answer read."""
        headers = _request_headers(expect, known)
        hops = 0
        while True:
            url = state["url"]
            exchange = self._exchange(url, headers, spooled=stream_to is not None)
            try:
                _refuse_block_page(url, exchange)
                target = self._redirect_target(url, exchange)
                if target is None:
                    return self._answer(url, exchange, expect, known, stream_to)
                hops += 1
                if hops > _MAX_HOPS:
                    raise UnexpectedStatus(
                        f"{url} redirected more than {_MAX_HOPS} times.", url=url, status=exchange.status
                    )
                if not robots:
                    self._check_allowed(target)
                state["url"] = target
            except FetchError:
                self.stats.errors += 1
                raise
            finally:
                exchange.close()

    def _redirect_target(self, url: str, exchange: _Exchange) -> str | None:
        """Where an on-site redirect leads; None when the answer is no redirect; OffsiteRedirect
        for one that leaves the site."""
        if exchange.status not in _REDIRECTS or "location" not in exchange.headers:
            return None
        target = urljoin(exchange.final_url, exchange.headers["location"])
        if not self._on_site(target):
            raise OffsiteRedirect(
                f"{url} redirects to {target}, outside the configured site {self.base_url}; not followed.",
                url=url,
                location=target,
            )
        return target

    def _answer(
        self,
        url: str,
        exchange: _Exchange,
        expect: Expect,
        known: tuple[str | None, str | None] | None,
        stream_to: IO[bytes] | None,
    ) -> Response:
        """The final answer as a Response, or the error (or retry) its status calls for."""
        status, headers = exchange.status, exchange.headers
        if status == 304:
            if known is None:
                raise UnexpectedStatus(
                    f"{url} answered 304 to a request that was not conditional.", url=url, status=304
                )
            self.stats.not_modified += 1
            return Response(exchange.final_url, 304, headers, None, b"", True, exchange.elapsed)
        if status == 429 or status >= 500:
            raise Transient(
                f"HTTP {status}", url=url, status=status, retry_after=parse_retry_after(headers.get("retry-after"))
            )
        if status in (403, 404, 410):
            raise Gone(f"{url} answered HTTP {status}: it is not (or no longer) public.", url=url, status=status)
        if not 200 <= status < 300:
            raise UnexpectedStatus(f"{url} answered HTTP {status}, which we cannot use.", url=url, status=status)
        ctype = headers.get("content-type", "")
        if expect == "json" and looks_like_html(exchange.content, ctype):
            raise Blocked(
                f"{url} answered with an HTML page where JSON was expected; "
                "the site (or something in front of it) is not serving its data to us.",
                url=url,
                status=status,
            )
        if exchange.spool is not None and stream_to is not None:
            exchange.spool.seek(0)
            shutil.copyfileobj(exchange.spool, stream_to)
            return Response(exchange.final_url, status, headers, None, b"", False, exchange.elapsed)
        text = None if expect == "binary" else decode_text(exchange.content, ctype)
        return Response(exchange.final_url, status, headers, text, exchange.content, False, exchange.elapsed)

    def _exchange(self, url: str, headers: dict[str, str], *, spooled: bool) -> _Exchange:
        """Send one request through the host gate; read the body under the size cap."""
        with self._gate.lock:
            self._gate.wait()
            started = time.monotonic()
            self.stats.requests += 1
            try:
                with self._client.stream("GET", url, headers=headers) as resp:
                    self.stats.by_status[resp.status_code] += 1
                    exchange = self._read(url, resp, spooled=spooled, started=started)
            except TooLarge:
                self.stats.errors += 1
                self._gate.done(time.monotonic() - started, error=False, ok=False)
                raise
            except httpx.TimeoutException as exc:
                self._failed(started)
                raise Transient(f"no answer within {self.timeout:g} s", url=url) from exc
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                # Connection refused/reset, or closed before the whole body came: worth another try.
                self._failed(started)
                raise Transient(f"network error: {exc or type(exc).__name__}", url=url) from exc
            except httpx.HTTPError as exc:
                self.stats.errors += 1
                self._gate.done(time.monotonic() - started, error=True, ok=False)
                raise FetchError(f"Could not fetch {url}: {exc or type(exc).__name__}.", url=url) from exc
            error = exchange.status == 429 or exchange.status >= 500
            if error:
                self.stats.errors += 1
            self._gate.done(exchange.elapsed, error=error, ok=exchange.status in (200, 304))
            return exchange

    def _read(self, url: str, resp: httpx.Response, *, spooled: bool, started: float) -> _Exchange:
        """The body of an answer, under the size cap; a successful one spooled for the caller's file
        when ``spooled`` (error pages stay small, in memory)."""
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLarge(
                f"{url} is {int(declared):,} bytes, over the {self.max_bytes:,}-byte limit; not downloaded.", url=url
            )
        spool = tempfile.SpooledTemporaryFile(max_size=2_000_000) if spooled and 200 <= resp.status_code < 300 else None
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooLarge(f"{url} is over the {self.max_bytes:,}-byte limit; download stopped.", url=url)
                if spool is None:
                    chunks.append(chunk)
                    continue
                spool.write(chunk)
                if size <= _SNIFF_BYTES:
                    chunks.append(chunk)
        except BaseException:
            if spool is not None:
                spool.close()
            raise
        self.stats.bytes += size
        return _Exchange(
            resp.status_code, resp.headers, b"".join(chunks), spool, time.monotonic() - started, str(resp.url)
        )

    def _failed(self, started: float) -> None:
        self.stats.errors += 1
        self._gate.done(time.monotonic() - started, error=True, ok=False)


@dataclass
class _Exchange:
    """One request and its answer, as read off the wire."""

    status: int
    headers: httpx.Headers
    content: bytes  #: the body (its first bytes only, when spooled)
    spool: Any  #: the whole body in a temporary file, or None
    elapsed: float
    final_url: str

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()


def _request_headers(expect: Expect, known: tuple[str | None, str | None] | None) -> dict[str, str]:
    headers = {"Accept": _ACCEPT[expect]}
    if known is not None:
        if known[0]:
            headers["If-None-Match"] = known[0]
        if known[1]:
            headers["If-Modified-Since"] = known[1]
    return headers


def _refuse_block_page(url: str, exchange: _Exchange) -> None:
    if looks_blocked(exchange.status, exchange.headers, exchange.content):
        raise Blocked(
            f"{url} answered with a challenge/block page (HTTP {exchange.status}) instead of the site; "
            "stopping rather than pushing past the site's bot protection.",
            url=url,
            status=exchange.status,
        )


class HttpClient(Protocol):
    """What the crawl needs of a client (a :class:`PoliteClient`, or a wrapper of one)."""

    max_bytes: int  #: the cap on one answer's body; a step may lower it for one fetch

    @property
    def stats(self) -> FetchStats: ...

    def get(
        self, path_or_url: str, *, expect: Expect = "html", conditional: bool = True, stream_to: IO[bytes] | None = None
    ) -> Response: ...

    def allowed(self, path_or_url: str) -> bool: ...

    def close(self) -> None: ...
