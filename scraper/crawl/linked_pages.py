"""The linked-pages step: after a sync, archive what the responses point to, politely.

1. **Scan.** Each thread new or changed since its last scan is read for links
   (:func:`scraper.linked.select_links`: the authority's own hosts and the allowlist, never the
   Alaveteli site, never a login or search URL, at most ``max_per_thread``); each link becomes a
   ``linked_pages`` row, due at once, and each citing message a ``linked_citations`` row.
2. **Check.** Due pages (new ones, then re-checks every ``recheck_days``), at most ``max_per_run``,
   taken round-robin by host. Every host gets its own :class:`~scraper.fetch.PoliteClient`: its own
   robots.txt (protego), its own delay (``[linked_pages] delay``, at least 1 s for a remote host, more
   if its robots.txt asks) and budget (``max_per_host`` requests a run), the same User-Agent, and
   conditional requests for pages already archived. A host that blocks or challenges is recorded in
   ``linked_hosts`` and left alone (30 days); one that keeps failing is left for this run.
   Redirects are followed within the allowlist only; one that leaves it is recorded, not followed.
3. **Keep.** Every exchange goes to the run's WARC file (:mod:`scraper.linked.warc`); a good copy's title
   and main text (:func:`scraper.linked.extract_page`; PDFs, text and office files as for attachments) go to
   ``linked_versions``, a new version whenever the content changes; moved and dead pages keep their
   last good copy (:mod:`scraper.archive.linked`).

Nothing here changes the run's exit code: a page that cannot be archived is one line on stderr and
a state with a note in the archive.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from scraper import fetch, linked
from scraper.archive import linked as linked_archive
from scraper.archive.errors import ArchiveError
from scraper.archive.fetch_state import FetchStateStore
from scraper.archive.linked import Capture, Outcome
from scraper.clock import now_iso
from scraper.config import MIN_REMOTE_DELAY, Config
from scraper.crawl import attachments
from scraper.crawl.budget import Budget, BudgetExhausted
from scraper.crawl.thread import DeferredValidators
from scraper.hosts import is_local_url
from scraper.linked.warc import RecordingTransport, WarcWriter

log = logging.getLogger("wdtk_archive")

#: How long a host that blocked us (or showed a challenge page) is left alone.
BLOCK_DAYS = 30.0
#: Redirects followed across hosts for one page (each host's client follows its own up to 10).
MAX_HOPS = 10
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Types archived as documents: their text as for attachments where we can read it.
_DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/rtf",
        "application/msword",
        "application/vnd.ms-word",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    }
)
_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"II*\x00",
    b"MM\x00*",
    b"\xd0\xcf\x11\xe0",
    b"Rar!",
    b"7z\xbc\xaf",
)


def looks_binary(content: bytes) -> bool:
    """Whether a body that claims to be a web page is really binary data (an image, an archive, …)."""
    head = content[:8192]
    if head.lstrip().startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def warc_dir(config: Config) -> Path:
    root = Path(config.linked_warc_dir).expanduser()
    if not root.is_absolute():
        root = Path(config.db).expanduser().resolve().parent / root
    return root


def check_warc_dir(config: Config) -> None:
    """Raise ArchiveError (one sentence) when the WARC folder cannot be made or written; checked
    before a run starts, so that no run stops half-way over it. Nothing is created."""
    root = warc_dir(config)
    nearest = root
    while not nearest.exists() and nearest.parent != nearest:
        nearest = nearest.parent
    if not nearest.is_dir():
        raise ArchiveError(
            f"The WARC folder {root} cannot be made: {nearest} is a file, not a folder ([linked_pages] warc_dir)."
        )
    if not os.access(nearest, os.W_OK | os.X_OK):
        raise ArchiveError(
            f"The WARC folder {root} cannot be written: {nearest} is read-only ([linked_pages] warc_dir)."
        )


@dataclass
class LinkedStats:
    scanned: int = 0  #: threads scanned for links
    found: int = 0  #: new linked pages
    checked: int = 0
    archived: int = 0  #: new copies kept (first captures and changes)
    unchanged: int = 0
    requests: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    budget_stop: str | None = None  #: the run's --max-requests / --max-minutes ran out

    def line(self) -> str:
        states = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(self.by_state.items()))
        return (
            f"Linked pages: {self.found} new from {self.scanned} threads scanned; {self.checked} checked"
            + (f" ({states})" if states else "")
            + f"; {self.archived} copies kept; {self.requests} requests"
        )


class _HostDone(Exception):
    """No more requests to this host in this run (its budget is spent, or it is unavailable)."""


class LinkedPagesStep:
    """Scan the archive's threads for links and check the due ones, as ``[linked_pages]`` says."""

    def __init__(
        self,
        config: Config,
        db: sqlite_utils.Database,
        *,
        contact: str | None = None,
        run_id: int | None = None,
        budget: Budget | None = None,
        site_hosts: set[str] | None = None,
    ) -> None:
        self.config = config
        self.db = db
        self.contact = contact
        self.run_id = run_id
        self.budget = budget
        self.policy = linked.LinkPolicy(
            hosts=config.linked_hosts,
            authority_hosts=config.linked_authority_hosts,
            site_hosts=frozenset((site_hosts or set()) | linked_archive.site_hosts(db)),
        )
        self.stats = LinkedStats()
        self.validators = DeferredValidators(FetchStateStore(db))
        self._clients: dict[str, tuple[fetch.PoliteClient, RecordingTransport]] = {}
        self._dead_hosts: dict[str, str] = {}  #: host → why (DNS): its pages are dead
        self._done_hosts: dict[str, str] = {}  #: host → why nothing more is asked of it this run
        self._warc: WarcWriter | None = None

    # -- the step ---------------------------------------------------------------------------

    def run(self) -> LinkedStats:
        try:
            self.scan()
            self.check_due()
        except BudgetExhausted as e:
            self.stats.budget_stop = str(e)  # the pages not checked stay due for the next run
        finally:
            self.close()
        return self.stats

    def close(self) -> None:
        for client, _ in self._clients.values():
            self.stats.requests += client.stats.requests
            client.close()
        self._clients.clear()
        if self._warc is not None:
            self._warc.close()
            self._warc = None

    @property
    def requests(self) -> int:
        return self.stats.requests + sum(c.stats.requests for c, _ in self._clients.values())

    def scan(self) -> None:
        """Record the links of every thread that is new or changed since it was last scanned."""
        limit = self.config.linked_max_per_thread
        for row in linked_archive.requests_to_scan(self.db):
            texts = linked_archive.thread_texts(self.db, row["id"])
            candidates = linked.select_links(
                texts, self.policy, authority=row["authority"], home_page=row["home_page"], limit=limit
            )
            self.stats.found += linked_archive.save_scan(
                self.db, row["id"], row["fingerprint"], candidates, now_iso(), _host_of
            )
            self.stats.scanned += 1

    def check_due(self) -> None:
        """Check due pages, round-robin by host, within the per-run cap and the run's budget."""
        due = linked_archive.due_pages(self.db, now_iso())
        queues: OrderedDict[str, deque[dict[str, Any]]] = OrderedDict()
        for page in due:
            queues.setdefault(page["host"], deque()).append(page)
        cap = self.config.linked_max_per_run
        while queues and self.stats.checked < cap:
            for host in list(queues):
                queue = queues[host]
                if host in self._done_hosts or not queue:
                    del queues[host]
                    continue
                if self.stats.checked >= cap:
                    break
                if self.budget is not None:
                    self.budget.check(self.requests)  # BudgetExhausted ends the step; the rest stays due
                self.check(queue.popleft())

    # -- one page -------------------------------------------------------------------------------

    def check(self, page: dict[str, Any]) -> Outcome | None:
        """Check one page and store what was found; None if its host cannot be asked this run."""
        try:
            outcome = self._fetch(page)
        except _HostDone:
            self.validators.discard()
            return None
        at = now_iso()
        try:
            linked_archive.record_check(
                self.db, page, outcome, at=at, recheck_days=self.config.linked_recheck_days, run_id=self.run_id
            )
        except BaseException:
            self.validators.discard()
            raise
        self.validators.flush()
        self.stats.checked += 1
        self.stats.by_state[outcome.state] = self.stats.by_state.get(outcome.state, 0) + 1
        if outcome.note and outcome.state in ("refused", "failed", "blocked", "off_list"):
            log.warning("Linked page %s: %s", page["url"], outcome.note)
        return outcome

    def _fetch(self, page: dict[str, Any]) -> Outcome:
        url = page["url"]
        version = linked_archive.current_version(self.db, page)
        patterns = tuple(
            p
            for a in linked_archive.citing_authorities(self.db, page["id"])
            for p in self.policy.authority_patterns(a["url_name"], a["home_page"])
        )
        seen = {url}
        hops = 0
        while True:
            host = _host_of(url)
            if host in self._dead_hosts:
                return Outcome("dead", self._dead_hosts[host], None, url)
            try:
                client, transport = self._client(url)  # _HostDone: nothing more for this host this run
            except _DeadHost:
                return Outcome("dead", self._dead_hosts[host], None, url)
            if client.stats.requests >= self.config.linked_max_per_host:
                self._done_hosts[host] = "budget"
                raise _HostDone(host)
            conditional = version is not None and hops == 0
            try:
                response = client.get(url, expect="html", conditional=conditional)
            except fetch.OffsiteRedirect as e:
                target = e.location or ""
                self._write(transport.take(), keep_pages=True)
                normalised = linked.normalise_url(target)
                if normalised is None or self.policy.reason_to_skip(normalised, patterns) is not None:
                    return Outcome(
                        "off_list",
                        f"It redirects to {target}, which is not on the allowlist; recorded, not followed.",
                        301,
                        target,
                    )
                if normalised in seen or hops >= MAX_HOPS:
                    return Outcome("refused", f"It redirects in a loop (through {target}); not archived.", None, target)
                seen.add(normalised)
                url, hops = normalised, hops + 1
                continue
            except fetch.FetchError as e:
                return self._failure(page, url, transport, e)
            return self._success(page, version, response, transport)

    def _client(self, url: str) -> tuple[fetch.PoliteClient, RecordingTransport]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        host = parts.netloc
        if host in self._done_hosts:
            raise _HostDone(host)
        if origin in self._clients:
            return self._clients[origin]
        try:
            socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        except (socket.gaierror, UnicodeError):
            self._dead_hosts[host] = f"The host {parts.hostname} no longer exists (DNS finds no address)."
            raise _DeadHost(host) from None
        local = is_local_url(origin)
        delay = self.config.linked_delay if local else max(self.config.linked_delay, MIN_REMOTE_DELAY)
        transport = RecordingTransport(max_body=self.config.linked_max_bytes)
        try:
            client = fetch.PoliteClient(
                origin,
                contact=self.contact,
                delay=delay,
                timeout=self.config.timeout,
                max_retries=min(self.config.max_retries, 2),
                max_retry_wait=min(self.config.max_retry_wait, 120.0),
                max_bytes=self.config.linked_max_bytes,
                validators=self.validators,
                transport=transport,
            )
        except fetch.ContactRequired as e:
            self._give_up_host(host, str(e))
            raise _HostDone(host) from None
        self._clients[origin] = (client, transport)
        return client, transport

    def _give_up_host(self, host: str, why: str) -> None:
        if host not in self._done_hosts:
            self._done_hosts[host] = why
            log.warning("Linked pages on %s are left for another run: %s", host, why)

    def _failure(self, page: dict[str, Any], url: str, transport: RecordingTransport, e: fetch.FetchError) -> Outcome:
        host = _host_of(url)
        self._write(transport.take(), keep_pages=isinstance(e, (fetch.Gone,)))
        if isinstance(e, fetch.Disallowed):
            return Outcome("disallowed", f"robots.txt of {host} does not allow it; not fetched.", None, url)
        if isinstance(e, fetch.Gone):
            if e.status in (404, 410):
                return Outcome("dead", f"It answered HTTP {e.status}.", e.status, url)
            return Outcome("blocked", f"It answered HTTP {e.status}: not public, or not to us.", e.status, url)
        if isinstance(e, fetch.Blocked):
            note = (
                f"{host} answered with a block or challenge page (HTTP {e.status}); left alone for {BLOCK_DAYS:g} days."
            )
            linked_archive.block_host(self.db, host, note, at=now_iso(), days=BLOCK_DAYS)
            self._give_up_host(host, "it blocked us")
            return Outcome("blocked", note, e.status, url)
        if isinstance(e, fetch.TooLarge):
            return Outcome(
                "refused",
                f"It is over the {self.config.linked_max_bytes:,}-byte limit ([linked_pages] max_bytes); not archived.",
                None,
                url,
            )
        if isinstance(e, fetch.UnexpectedStatus):
            if e.status in (401, 407):
                return Outcome("blocked", f"It asks for a login (HTTP {e.status}); not archived.", e.status, url)
            if e.status in (301, 302, 303, 307, 308):
                return Outcome(
                    "refused", "It redirects in a loop (more than 10 redirects); not archived.", e.status, url
                )
            return Outcome("refused", f"It answered HTTP {e.status}, which is not a page we can keep.", e.status, url)
        if isinstance(e, (fetch.GaveUp, fetch.RobotsUnavailable)):
            self._give_up_host(host, str(e))
            return Outcome("failed", str(e), getattr(e, "status", None), url)
        return Outcome("failed", str(e), None, url)

    def _success(
        self,
        page: dict[str, Any],
        version: dict[str, Any] | None,
        response: fetch.Response,
        transport: RecordingTransport,
    ) -> Outcome:
        exchanges = transport.take()
        final = response.url
        moved = (linked.normalise_url(final) or final) != page["url"]
        if response.not_modified:
            self._write(exchanges, keep_pages=True, revisit_of=version, revisit_url=final)
            return Outcome("moved" if moved else _live_state(page), None, 304, final, still_live=True)
        ctype = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
        content = response.content
        refused = self._refusal(ctype, content)
        if refused:
            self._write(exchanges, keep_pages=False)
            return Outcome("refused", refused, response.status, final)
        sha = hashlib.sha256(content).hexdigest()
        if version is not None and version["sha256"] == sha:
            self._write(exchanges, keep_pages=True, revisit_of=version, revisit_url=final)
            return Outcome("moved" if moved else _live_state(page), None, response.status, final, still_live=True)
        title, text, source, unreadable = self._text(ctype, content, response)
        refs = self._write(exchanges, keep_pages=True)
        capture = Capture(
            url=final,
            http_status=response.status,
            content_type=ctype,
            size_bytes=len(content),
            sha256=sha,
            title=title,
            text=text,
            text_source=source,
            warc=refs.get(final),
        )
        state = "moved" if moved else ("changed" if version is not None else "archived")
        self.stats.archived += 1
        return Outcome(state, unreadable, response.status, final, capture=capture)

    def _refusal(self, ctype: str, content: bytes) -> str | None:
        if ctype in _HTML_TYPES or (not ctype and not looks_binary(content)):
            if looks_binary(content):
                return f"It is served as {ctype or 'a web page'} but holds binary data; not archived."
            return None
        if ctype in _DOCUMENT_TYPES:
            return None
        return f"It is {ctype or 'of no stated type'}, not a web page or a document; not archived."

    def _text(self, ctype: str, content: bytes, response: fetch.Response) -> tuple[str, str, str | None, str | None]:
        """(title, text, text source, why the text could not be read)."""
        if ctype in _HTML_TYPES or not ctype:
            extracted = linked.extract_page(response.text or fetch.decode_text(content, ctype))
            return extracted.title, extracted.text, "html", None
        unreadable = None
        try:
            text = attachments.file_text(content, ctype)
        except ValueError as e:  # the file is kept (WARC file, hash); the page's note says why it has no text
            log.warning("Linked page %s: %s", response.url, e)
            text, unreadable = None, f"Its text could not be read: {e}"
        title = urlsplit(response.url).path.rstrip("/").rsplit("/", 1)[-1]
        if text:
            return title, text, "pdf" if ctype == "application/pdf" or content[:5] == b"%PDF-" else "file", None
        return title, "", None, unreadable

    def _write(
        self,
        exchanges: list[Any],
        *,
        keep_pages: bool,
        revisit_of: dict[str, Any] | None = None,
        revisit_url: str | None = None,
    ) -> dict[str, Any]:
        """Write the exchanges worth keeping to the WARC file: all whole ones, or (for a refused
        page) only the robots.txt reads."""
        keep = [e for e in exchanges if e.complete and (keep_pages or urlsplit(e.url).path == "/robots.txt")]
        if revisit_of is not None and not revisit_of.get("warc_digest"):
            revisit_of = None
        if not keep:
            return {}
        if self._warc is None:
            self._warc = WarcWriter(warc_dir(self.config), run_id=self.run_id)
        revisit = None
        if revisit_of is not None:
            revisit = {"uri": revisit_of["url"], "date": revisit_of["warc_date"], "digest": revisit_of["warc_digest"]}
        return self._warc.write(keep, revisit_of=revisit, revisit_url=revisit_url)


class _DeadHost(_HostDone):
    """The host does not resolve: its pages are dead (handled in :meth:`LinkedPagesStep._fetch`)."""


def _live_state(page: dict[str, Any]) -> str:
    """The state of a page found as archived: the last check saw no change."""
    return "archived"


def _host_of(url: str) -> str:
    return urlsplit(url).netloc
