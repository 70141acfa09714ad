"""One thread at a time: polite fetches → parse → clean → archive, and its attachments after it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from scraper import archive, fetch, parse
from scraper.archive.writer import SaveResult
from scraper.cleaning import Cleaner
from scraper.clock import now_iso
from scraper.config import Config
from scraper.crawl import attachments
from scraper.crawl.signals import held
from scraper.crawl.targets import request_path, request_slug
from scraper.fetch import HttpClient
from scraper.models import Thread

log = logging.getLogger("wdtk_archive")


@dataclass
class RunStats:
    threads_new: int = 0
    threads_changed: int = 0
    threads_unchanged: int = 0
    threads_failed: int = 0
    threads_withdrawn: int = 0
    threads_skipped: int = 0  #: robots.txt does not allow them
    messages_added: int = 0
    messages_changed: int = 0
    messages_hidden: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, status: str) -> None:
        attr = f"threads_{status}"
        setattr(self, attr, getattr(self, attr) + 1)


class DeferredValidators:
    """Hold a thread's ETag/Last-Modified until the thread is safely in the archive.

    A validator recorded before the thread is saved would turn the next run's fetch into a 304
    and hide a change that a crash prevented us from storing.
    """

    def __init__(self, backing: archive.FetchStateStore) -> None:
        self.backing = backing
        self.pending: list[tuple[str, dict[str, Any]]] = []

    def get(self, url: str) -> tuple[str | None, str | None] | None:
        return self.backing.get(url)

    def record(self, url: str, **kwargs: Any) -> None:
        self.pending.append((url, kwargs))

    def flush(self) -> None:
        for url, kwargs in self.pending:
            self.backing.record(url, **kwargs)
        self.pending.clear()

    def discard(self) -> None:
        self.pending.clear()


#: Event types that put a block on the request page: a new one means the page must be read again.
PAGE_EVENT_TYPES = frozenset({"sent", "resent", "followup_sent", "followup_resent", "response", "comment"})
#: Request fields the JSON alone can bring up to date: (Thread attribute, requests column).
_STATUS_FIELDS = (
    ("status", "status"),
    ("display_status", "display_status"),
    ("title", "title"),
    ("slug", "slug"),
    ("prominence", "prominence"),
)


def json_change(stored_events: dict[int, Any], known: dict[str, Any], thread: Thread) -> str:
    """What a changed request JSON asks of a thread already archived (``known``: its requests row;
    ``stored_events``: its archived events the site still listed, by id).

    ``page``: new or vanished correspondence, or a change the JSON does not explain (a hidden
    message moves ``updated_at`` only), so the page must be read; ``status``: only status,
    title or non-message events changed, which the JSON alone can update; ``none``: nothing
    of this thread changed (e.g. only the authority's counts embedded in every request JSON).
    """
    fresh = {e.id: e for e in thread.events}
    if set(stored_events) - set(fresh):
        return "page"
    added = [fresh[i] for i in fresh if i not in stored_events]
    if any(e.event_type in PAGE_EVENT_TYPES or e.message_anchor is not None for e in added):
        return "page"
    if not added and (thread.updated_at or None) != (known.get("updated_at") or None):
        return "page"
    if added or any((getattr(thread, name) or None) != (known.get(column) or None) for name, column in _STATUS_FIELDS):
        return "status"
    return "none"


class Scraper:
    """Archives request threads through one polite client into one archive."""

    def __init__(
        self,
        config: Config,
        db: sqlite_utils.Database,
        client: HttpClient,
        validators: DeferredValidators,
        run_id: int | None = None,
    ) -> None:
        self.config = config
        self.db = db
        self.client = client
        self.validators = validators
        self.site = config.host
        self.run_id = run_id
        self.stats = RunStats()
        self.cleaner = Cleaner(db, self.site)
        self.attachment_step: attachments.AttachmentStep | None = None  #: made when [attachments] asks

    def archive(self, target: str) -> str:
        """Archive one target and its attachments; return new / changed / unchanged / withdrawn."""
        status = self._archive_target(target)
        if status != "withdrawn":
            # Unchanged threads too: files still being processed by the site are retried.
            self._attachments(target)
        return status

    def _attachments(self, target: str) -> None:
        """The attachments of ``target``: files and text, if ``[attachments]`` asks for them."""
        if not (self.config.attachments_download or self.config.attachments_text):
            return
        if self.attachment_step is None:
            self.attachment_step = attachments.AttachmentStep(self.config, self.db, self.client)
        self.attachment_step.process_target(target)

    def _slug_of(self, response_url: str) -> str:
        """The slug a request URL (an id's) led to."""
        slug = request_slug(urlsplit(response_url).path)
        if slug is None:
            raise fetch.FetchError(f"{response_url} did not lead to a request page.")
        return slug

    def _archive_target(self, target: str) -> str:
        path = request_path(target, self.config.base_url)
        key = path.rsplit("/", 1)[1]
        known = archive.find_request(self.db, key, site=self.site)
        if known is not None:
            slug = known["slug"]
        elif key.isdigit():
            # An id we have never seen: its page redirects to the current slug.
            slug = self._slug_of(self.client.get(path, conditional=False).url)
        else:
            slug = key
        try:
            return self._archive_slug(slug, known)
        except fetch.Gone as gone:
            if known is None:
                raise
            return self._gone(slug, known, gone, by_id=key.isdigit())

    def _gone(self, slug: str, known: dict[str, Any], gone: fetch.Gone, *, by_id: bool) -> str:
        """An archived thread's page answered 403/404/410: renamed (its id leads to a new slug),
        or withdrawn (flagged, kept)."""
        if known.get("request_id") is not None and not by_id:
            # The slug may have changed with an edited title; the id redirects to the new one.
            try:
                new_slug = self._slug_of(self.client.get(f"/request/{known['request_id']}", conditional=False).url)
            except fetch.Gone:
                pass
            else:
                if new_slug != slug:
                    return self._archive_slug(new_slug, known)
        with held():  # the flag and its count together
            archive.mark_withdrawn(
                self.db, site=self.site, request_id=known["request_id"], status=gone.status, when=now_iso()
            )
            self.validators.discard()
            self.stats.count("withdrawn")
        return "withdrawn"

    def _archive_slug(self, slug: str, known: dict[str, Any] | None) -> str:
        self.validators.discard()
        try:
            save = self._fetch(slug, known)
        except BaseException:
            self.validators.discard()
            raise
        if save is None:  # 304: nothing to write, not even the validators' check time
            self.stats.count("unchanged")
            return "unchanged"
        # a signal waits until the thread is in the archive and counted, so that the run log
        # counts every thread it kept (fetching and parsing above stay interruptible)
        with held():
            try:
                result = save()
            except BaseException:
                self.validators.discard()
                raise
            self.validators.flush()
            self.stats.messages_added += result.messages_added
            self.stats.messages_changed += result.messages_changed
            self.stats.messages_hidden += result.messages_hidden
            self.stats.count(result.status)
        return result.status

    def _fetch(self, slug: str, known: dict[str, Any] | None) -> Callable[[], SaveResult] | None:
        """Fetch, parse and clean the request's JSON, and its page when the JSON says it is needed;
        return what saves them into the archive in one transaction, or None when the JSON is not
        modified."""
        meta = self.client.get(f"/request/{slug}.json", expect="json", conditional=known is not None)
        if meta.not_modified:
            return None
        data = meta.json()
        from_json = parse.parse_request_json(data)
        # A known thread whose JSON shows no new correspondence is updated from the JSON alone.
        need = "page" if known is None else json_change(archive.live_events(self.db, known["id"]), known, from_json)
        page = None
        if need == "page":
            page = self.client.get(f"/request/{slug}?unfold=1", expect="html", conditional=known is not None)
        fetched_at = now_iso()
        if page is None or page.not_modified:
            return partial(archive.save_status_only, self.db, from_json, site=self.site, fetched_at=fetched_at)
        thread = parse.parse_request_page(page.text or "", data, page_url=page.url)
        self.cleaner.apply(thread)
        return partial(
            archive.save_thread,
            self.db,
            thread,
            site=self.site,
            fetched_at=fetched_at,
            source_url=page.url,
            run_id=self.run_id,
        )
