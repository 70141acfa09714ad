"""The project's one HTTP client: identified, robots-obeying, throttled, resilient.

Every request of the project goes through :class:`PoliteClient`. It

* sends one request at a time per host, leaving at least ``max(delay, robots Crawl-delay)``
  (plus a little upward jitter) of quiet between the end of one response and the next request,
  and slows down after errors, recovering slowly (Scrapy's AutoThrottle rule);
* reads ``robots.txt`` once per run with its own User-Agent and obeys it with protego;
* says who it is (``wdtk-archive/<version> (+<project URL>; <contact>)``), sends
  ``Accept-Language: en`` and keeps no cookies;
* follows redirects only within the configured site, caps response sizes, decodes text by the
  declared charset, then by detection;
* sends ``If-None-Match`` / ``If-Modified-Since`` from a :class:`ValidatorStore`;
* retries network failures, timeouts, 5xx and 429 with exponential backoff (tenacity),
  honours ``Retry-After`` and gives up cleanly past a cap;
* recognises challenge/block pages and never hands one back as a response.
"""

from __future__ import annotations

import codecs
import email.utils
import json
import logging
import random
import re
import shutil
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, BinaryIO, Literal, Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

import charset_normalizer
import httpx
import tenacity
from protego import Protego

from scraper import PROJECT_URL, __version__
from scraper.hosts import is_local_url

logger = logging.getLogger("wdtk_archive.fetch")

#: The product token robots.txt groups are matched against (and the UA's first word).
ROBOTS_TOKEN = "wdtk-archive"

Expect = Literal["html", "json", "binary", "text"]

_ACCEPT: dict[str, str] = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "json": "application/json,*/*;q=0.1",
    "binary": "*/*",
    "text": "text/plain,*/*;q=0.1",
}
_REDIRECTS = {301, 302, 303, 307, 308}
_MAX_HOPS = 10
#: AutoThrottle's ceiling for the adaptive delay (Scrapy's AUTOTHROTTLE_MAX_DELAY).
_MAX_THROTTLE_DELAY = 60.0


# --------------------------------------------------------------------------------------------
# Errors: each str() is one sentence a user can act on.


class FetchError(Exception):
    """Base of every fetch failure; ``str()`` is one clear sentence for the user."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class ContactRequired(FetchError):
    """A real (non-loopback) site needs a contact in the User-Agent, and none (or a bad one) was given."""


class RobotsUnavailable(FetchError):
    """robots.txt answered 5xx or could not be fetched: we do not crawl blind."""

    def __init__(self, message: str, *, url: str | None = None, retry_after_seconds: float | None = None) -> None:
        super().__init__(message, url=url)
        self.retry_after_seconds = retry_after_seconds


class Disallowed(FetchError):
    """robots.txt forbids this URL (raised before any request for it)."""


class OffsiteRedirect(FetchError):
    """The site redirected (or we were asked to go) outside the configured site."""

    def __init__(self, message: str, *, url: str | None = None, location: str | None = None) -> None:
        super().__init__(message, url=url)
        self.location = location


class Blocked(FetchError):
    """A challenge/block page (or HTML where JSON was expected) came back."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status


class GaveUp(FetchError):
    """Retries exhausted, or the site asked us to wait longer than the cap."""

    def __init__(self, message: str, *, url: str, retry_after_seconds: float, status: int | None = None) -> None:
        super().__init__(message, url=url)
        self.retry_after_seconds = retry_after_seconds
        self.status = status


class TooLarge(FetchError):
    """The response is bigger than ``max_bytes``."""


class Gone(FetchError):
    """403, 404 or 410 for this URL; the caller decides whether that means withdrawn."""

    def __init__(self, message: str, *, url: str | None = None, status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class UnexpectedStatus(FetchError):
    """Any other answer we cannot use (e.g. 400, 401, 405, a redirect loop); not retried."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status


class _Transient(Exception):
    """An attempt failed in a way worth retrying (network, timeout, 5xx, 429)."""

    def __init__(self, reason: str, *, url: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = url
        self.status = status
        self.retry_after = retry_after


# --------------------------------------------------------------------------------------------
# Public helpers


class ValidatorStore(Protocol):
    """Where ETag / Last-Modified per URL live (the archive's ``fetch_state`` table)."""

    def get(self, url: str) -> tuple[str | None, str | None] | None:
        """``(etag, last_modified)`` for a URL whose content is archived, else None."""

    def record(
        self, url: str, *, status: int, etag: str | None, last_modified: str | None, fetched_at: str
    ) -> None:
        """Remember the validators of a 200 or 304 answer."""


class MemoryValidatorStore:
    """A ValidatorStore in a dict (tests, one-off runs)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def get(self, url: str) -> tuple[str | None, str | None] | None:
        row = self.rows.get(url)
        if row is None or (row["etag"] is None and row["last_modified"] is None):
            return None
        return row["etag"], row["last_modified"]

    def record(
        self, url: str, *, status: int, etag: str | None, last_modified: str | None, fetched_at: str
    ) -> None:
        self.rows[url] = {"status": status, "etag": etag, "last_modified": last_modified, "fetched_at": fetched_at}


def user_agent(contact: str | None) -> str:
    """Our honest User-Agent: ``wdtk-archive/<version> (+<project URL>; <contact>)``."""
    if contact:
        return f"{ROBOTS_TOKEN}/{__version__} (+{PROJECT_URL}; {contact})"
    return f"{ROBOTS_TOKEN}/{__version__} (+{PROJECT_URL})"


_CONTACT_RE = re.compile(r"^(?:mailto:)?[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$|^https?://[^\s<>()]+$")


def check_contact(contact: str | None) -> str | None:
    """Return the stripped contact, or raise ContactRequired if it cannot go in a header."""
    if contact is None or not contact.strip():
        return None
    contact = contact.strip()
    if not contact.isascii() or not contact.isprintable() or not _CONTACT_RE.match(contact):
        raise ContactRequired(
            f"The contact {contact!r} is not an email address or an http(s) URL we can put in the User-Agent."
        )
    return contact


def require_contact(base_url: str, contact: str | None) -> str | None:
    """The checked contact for crawling ``base_url``; ContactRequired when a remote site gets none.

    Only a site on this machine (:func:`scraper.hosts.is_local_url`) may be crawled without one.
    """
    checked = check_contact(contact)
    if checked is None and not is_local_url(base_url):
        try:
            host = urlsplit(base_url).hostname or base_url
        except ValueError:
            host = base_url
        raise ContactRequired(
            f"Refusing to crawl {host} without a contact: set one (an email address or URL) "
            "with --contact or `contact` under [site] in config.toml, so the site's operators can reach us."
        )
    return checked


# Challenge/block pages. Titles and markers of Cloudflare's interstitials ("Just a moment...",
# "Attention Required! | Cloudflare", the rate-limit page) as peers met them on Alaveteli sites.
_BLOCK_TITLES = re.compile(
    r"<title[^>]*>\s*(just a moment(?:\.\.\.|…)|attention required!?\s*\|\s*cloudflare|"
    r"checking your browser[^<]*|please wait[^<]*\|\s*cloudflare|access denied\s*\|[^<]*cloudflare[^<]*|"
    r"[^<]*rate limited[^<]*\|\s*cloudflare)\s*</title>",
    re.I,
)
_BLOCK_MARKERS = (
    "cf_chl_opt",
    "/cdn-cgi/challenge-platform/",
    "challenges.cloudflare.com",
    "cf-browser-verification",
    'id="cf-error-details"',
    'id="challenge-running"',
    'id="challenge-form"',
    "sorry, you have been blocked",
)


def looks_blocked(status: int, headers: httpx.Headers, body: bytes) -> bool:
    """True when a response is a challenge or block interstitial rather than the site's answer."""
    if headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return True
    head = body[:65536].decode("utf-8", "replace")
    title = bool(_BLOCK_TITLES.search(head))
    lowered = head.lower()
    marker = any(m in lowered for m in _BLOCK_MARKERS)
    if status in (403, 429, 503):
        return title or marker
    # A 200 challenge must show both, so an FOI page quoting "Just a moment..." is not mistaken.
    return title and marker


def _looks_like_html(content: bytes, content_type: str) -> bool:
    if "html" in content_type.lower():
        return True
    start = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<"))


# Labels whose WHATWG meaning is windows-1252 (browsers decode "latin1" pages that way).
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_text(content: bytes, content_type: str | None) -> str:
    """Decode a body as browsers do: a BOM, the HTTP charset, an HTML ``<meta charset>``, then detection."""
    for bom, bom_codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if content.startswith(bom):
            return content.decode(bom_codec, errors="replace")
    declared = _codec(_charset_param(content_type))
    if declared is None:
        meta = _META_CHARSET.search(content[:4096])
        declared = _codec(meta.group(1).decode("ascii", "replace")) if meta else None
    if declared:
        return content.decode(declared, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(content).best()
    detected = _codec(best.encoding) if best is not None else None
    return content.decode(detected or "cp1252", errors="replace")


def _charset_param(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _human(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} seconds"
    if seconds < 5400:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.1f} hours"


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
        if _looks_like_html(self.content, self.headers.get("content-type", "")):
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
# Per-host throttle


class _HostGate:
    """One request at a time for a host, with a minimum quiet interval and AutoThrottle."""

    def __init__(self, base: float, jitter: float) -> None:
        self.lock = threading.Lock()
        self.base = base
        self.delay = base  #: current interval; only ever >= base
        self.jitter = jitter
        self.last_done: float | None = None
        self.not_before = 0.0  #: set by Retry-After / backoff: no request before this instant

    def set_base(self, base: float) -> None:
        self.base = base
        self.delay = max(self.delay, base)

    def wait(self) -> None:
        """Sleep until the next request may start (call with ``lock`` held)."""
        target = self.not_before
        if self.last_done is not None:
            interval = self.delay * (1.0 + random.uniform(0.0, self.jitter))
            target = max(target, self.last_done + interval)
        while (now := time.monotonic()) < target:
            time.sleep(target - now)

    def defer(self, seconds: float) -> None:
        self.not_before = max(self.not_before, time.monotonic() + seconds)

    def done(self, latency: float, *, error: bool, ok: bool) -> None:
        """Update the interval after an answer: AutoThrottle, and never faster after errors."""
        self.last_done = time.monotonic()
        ceiling = max(_MAX_THROTTLE_DELAY, self.base)
        if error:
            self.delay = min(ceiling, max(self.delay * 2.0, latency))
            return
        # Scrapy AutoThrottle, target concurrency 1: head halfway towards the latency, never below it.
        new = max(latency, (self.delay + latency) / 2.0)
        if not ok and new <= self.delay:
            return  # small error pages must not speed us up
        self.delay = min(ceiling, max(self.base, new))


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
            raise FetchError("delay, max_retries and jitter must not be negative, and timeout and max_bytes must be positive.")
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
        self._gate = _HostGate(delay, jitter)
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
        stream_to: BinaryIO | None = None,
    ) -> Response:
        """Fetch one URL of the site politely; raise a FetchError subclass when that is impossible."""
        url = self.url_for(path_or_url)
        self._ensure_robots()
        self._check_allowed(url)
        known = self.validators.get(url) if (conditional and self.validators is not None) else None
        state = {"url": url}
        try:
            response = self._with_retries(lambda: self._attempt(state, expect, known, stream_to))
        except _Transient as exc:
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
                fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
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
        except _Transient as exc:
            wait = exc.retry_after
            later = f"in about {_human(wait)}" if wait else "later"
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
            retry=tenacity.retry_if_exception_type(_Transient),
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
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            wait = max(wait, exc.retry_after)
        return wait

    def _stop(self, retry_state: tenacity.RetryCallState) -> bool:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None and exc.retry_after > self.max_retry_wait:
            return True
        return retry_state.attempt_number > self.max_retries

    def _before_sleep(self, retry_state: tenacity.RetryCallState) -> None:
        self.stats.retries += 1
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
        where = exc.url if isinstance(exc, _Transient) else "?"
        logger.warning("%s on %s; retrying in %.1f s (attempt %d of %d)", exc, where, wait,
                       retry_state.attempt_number + 1, self.max_retries + 1)

    def _gave_up(self, url: str, exc: _Transient) -> GaveUp:
        if exc.retry_after is not None and exc.retry_after > self.max_retry_wait:
            wait = exc.retry_after
            why = (
                f"the site asked us to wait {_human(wait)} ({exc.reason} on {exc.url}), "
                f"more than our limit of {_human(self.max_retry_wait)}"
            )
        else:
            # Without a Retry-After, suggest the longest wait we would have accepted (at least 5 minutes).
            wait = exc.retry_after if exc.retry_after is not None else max(300.0, self.max_retry_wait)
            why = f"{exc.url} still failed after {self.max_retries + 1} attempts (last: {exc.reason})"
        when = (datetime.now(timezone.utc) + timedelta(seconds=wait)).strftime("%Y-%m-%d %H:%M UTC")
        return GaveUp(
            f"Stopped: {why}; what is archived so far is kept. Try again after {when} (in about {_human(wait)}).",
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
        return key[1] == self._site[1] and self._site[0] == "http" and self._site[2] == 80 and key == ("https", key[1], 443)

    def _attempt(
        self,
        state: dict[str, str],
        expect: Expect,
        known: tuple[str | None, str | None] | None,
        stream_to: BinaryIO | None,
        *,
        robots: bool = False,
    ) -> Response:
        hops = 0
        while True:
            url = state["url"]
            headers = {"Accept": _ACCEPT[expect]}
            if known is not None:
                if known[0]:
                    headers["If-None-Match"] = known[0]
                if known[1]:
                    headers["If-Modified-Since"] = known[1]
            status, resp_headers, content, spool, elapsed, final_url = self._exchange(
                url, headers, spooled=stream_to is not None
            )
            try:
                if looks_blocked(status, resp_headers, content):
                    raise Blocked(
                        f"{url} answered with a challenge/block page (HTTP {status}) instead of the site; "
                        "stopping rather than pushing past the site's bot protection.",
                        url=url,
                        status=status,
                    )
                if status in _REDIRECTS and "location" in resp_headers:
                    target = urljoin(final_url, resp_headers["location"])
                    if not self._on_site(target):
                        raise OffsiteRedirect(
                            f"{url} redirects to {target}, outside the configured site {self.base_url}; not followed.",
                            url=url,
                            location=target,
                        )
                    hops += 1
                    if hops > _MAX_HOPS:
                        raise UnexpectedStatus(f"{url} redirected more than {_MAX_HOPS} times.", url=url, status=status)
                    if not robots:
                        self._check_allowed(target)
                    state["url"] = target
                    continue
                if status == 304:
                    if known is None:
                        raise UnexpectedStatus(f"{url} answered 304 to a request that was not conditional.", url=url, status=304)
                    self.stats.not_modified += 1
                    return Response(final_url, 304, resp_headers, None, b"", True, elapsed)
                if status == 429 or status >= 500:
                    raise _Transient(
                        f"HTTP {status}",
                        url=url,
                        status=status,
                        retry_after=parse_retry_after(resp_headers.get("retry-after")),
                    )
                if status in (403, 404, 410):
                    raise Gone(f"{url} answered HTTP {status}: it is not (or no longer) public.", url=url, status=status)
                if not 200 <= status < 300:
                    raise UnexpectedStatus(f"{url} answered HTTP {status}, which we cannot use.", url=url, status=status)
                ctype = resp_headers.get("content-type", "")
                if expect == "json" and _looks_like_html(content, ctype):
                    raise Blocked(
                        f"{url} answered with an HTML page where JSON was expected; "
                        "the site (or something in front of it) is not serving its data to us.",
                        url=url,
                        status=status,
                    )
                if spool is not None and stream_to is not None:
                    spool.seek(0)
                    shutil.copyfileobj(spool, stream_to)
                    return Response(final_url, status, resp_headers, None, b"", False, elapsed)
                text = None if expect == "binary" else decode_text(content, ctype)
                return Response(final_url, status, resp_headers, text, content, False, elapsed)
            except FetchError:
                self.stats.errors += 1
                raise
            finally:
                if spool is not None:
                    spool.close()

    def _exchange(
        self, url: str, headers: dict[str, str], *, spooled: bool
    ) -> tuple[int, httpx.Headers, bytes, Any, float, str]:
        """Send one request through the host gate; read the body under the size cap."""
        with self._gate.lock:
            self._gate.wait()
            started = time.monotonic()
            self.stats.requests += 1
            status: int | None = None
            try:
                with self._client.stream("GET", url, headers=headers) as resp:
                    status = resp.status_code
                    self.stats.by_status[status] += 1
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise TooLarge(
                            f"{url} is {int(declared):,} bytes, over the {self.max_bytes:,}-byte limit; not downloaded.",
                            url=url,
                        )
                    # Only successful bodies are spooled for the caller's file; error pages stay small.
                    spool = tempfile.SpooledTemporaryFile(max_size=2_000_000) if spooled and 200 <= status < 300 else None
                    chunks: list[bytes] = []
                    size = 0
                    try:
                        for chunk in resp.iter_bytes():
                            size += len(chunk)
                            if size > self.max_bytes:
                                raise TooLarge(
                                    f"{url} is over the {self.max_bytes:,}-byte limit; download stopped.", url=url
                                )
                            if spool is not None:
                                spool.write(chunk)
                                if size <= 65536:
                                    chunks.append(chunk)  # enough to recognise a block page
                            else:
                                chunks.append(chunk)
                    except BaseException:
                        if spool is not None:
                            spool.close()
                        raise
                    self.stats.bytes += size
                    content = b"".join(chunks)
                    resp_headers = resp.headers
                    final_url = str(resp.url)
            except TooLarge:
                self.stats.errors += 1
                self._gate.done(time.monotonic() - started, error=False, ok=False)
                raise
            except httpx.TimeoutException as exc:
                self._failed(started)
                raise _Transient(f"no answer within {self.timeout:g} s", url=url) from exc
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                # Connection refused/reset, or closed before the whole body came: worth another try.
                self._failed(started)
                raise _Transient(f"network error: {exc or type(exc).__name__}", url=url) from exc
            except httpx.HTTPError as exc:
                self.stats.errors += 1
                self._gate.done(time.monotonic() - started, error=True, ok=False)
                raise FetchError(f"Could not fetch {url}: {exc or type(exc).__name__}.", url=url) from exc
            elapsed = time.monotonic() - started
            error = status == 429 or status >= 500
            if error:
                self.stats.errors += 1
            self._gate.done(elapsed, error=error, ok=status in (200, 304))
            return status, resp_headers, content, spool, elapsed, final_url

    def _failed(self, started: float) -> None:
        self.stats.errors += 1
        self._gate.done(time.monotonic() - started, error=True, ok=False)
