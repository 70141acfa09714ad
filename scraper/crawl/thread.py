"""The scrape step: targets → polite fetches → parse → clean → archive, one thread at a time."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit

from scraper import clean as clean_step
from scraper.clean.adapt import adapted
from scraper import fetch, parse
from scraper.archive import store
from scraper.crawl import attachments
from scraper.config import Config
from scraper.models import Thread

log = logging.getLogger("wdtk_archive")

_SLUG = re.compile(r"^[a-z0-9_]+$")


class TargetError(ValueError):
    """A target that is not a request slug, request URL on the configured site, or id."""


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def request_path(target: str, base_url: str) -> str:
    """Map a slug, numeric id or request URL of the configured site to ``/request/<x>``."""
    t = target.strip()
    if t.isdigit():
        return f"/request/{t}"
    if "://" in t:
        parts = urlsplit(t)
        base = urlsplit(base_url)
        if parts.netloc != base.netloc:
            raise TargetError(
                f"{target} is not on the configured site {base_url}; "
                "use --base-url to archive another site."
            )
        m = re.match(r"^/(?:[a-z]{2}/)?request/([^/?#.]+)", parts.path)
        if not m:
            raise TargetError(f"{target} is not a request URL (/request/<slug>).")
        t = unquote(m.group(1))
    if t.isdigit():
        return f"/request/{t}"
    if not _SLUG.match(t):
        raise TargetError(f"'{target}' is not a request slug, request URL or numeric id.")
    return f"/request/{t}"


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

    def __init__(self, backing: store.FetchStateStore):
        self.backing = backing
        self.pending: list[tuple[str, dict]] = []

    def get(self, url: str):
        return self.backing.get(url)

    def record(self, url: str, **kwargs) -> None:
        self.pending.append((url, kwargs))

    def flush(self) -> None:
        for url, kwargs in self.pending:
            self.backing.record(url, **kwargs)
        self.pending.clear()

    def discard(self) -> None:
        self.pending.clear()


class Cleaner:
    """Applies the clean step with the thread and authority context from the archive.

    What the archive repeats is mined per (site, authority), from the same rows and in the same
    way as ``reclean`` does (:func:`scraper.clean.mine_authority_blocks` over
    :func:`store.mining_rows`)."""

    def __init__(self, db=None, site: str | None = None):
        self.db = db  # None: no archive to mine repeated blocks from
        self.site = site
        self._blocks: dict[str, object] = {}
        # the shipped scorer, with what this archive taught it (relearned by reclean)
        base = clean_step.load_model()
        self.model = adapted(base, store.load_adaptation(db)) if db is not None else base
        # what several authorities send, as reclean found it (one authority's rows cannot show it)
        self._cross = store.load_cross_repeats(db) if db is not None else {}

    def authority_blocks(self, authority: str | None):
        if not authority or self.db is None:
            return None
        key = clean_step.authority_key(self.site, authority)
        if key not in self._blocks:
            rows = store.mining_rows(self.db, authority=authority, site=self.site)
            stats = clean_step.mine_authority_blocks(rows).get(key)
            if stats is not None:
                stats.cross = self._cross
            self._blocks[key] = stats
        return self._blocks[key]

    def apply(self, thread: Thread) -> None:
        earlier: list[str] = []
        kinds: list[str] = []
        blocks = self.authority_blocks(thread.authority.url_name)
        index = clean_step.ThreadIndex()
        for message in thread.messages:
            if message.raw_text:
                result = clean_step.clean_message(
                    message.raw_text,
                    clean_step.CleanContext(
                        kind=message.kind,
                        authority=thread.authority.url_name,
                        earlier_messages=tuple(earlier),
                        earlier_kinds=tuple(kinds),
                        authority_blocks=blocks,
                        requester_name=thread.requester.name,
                        index=index,
                        model=self.model,
                    ),
                )
                message.clean_text = result.clean_text
                message.stripped = result.stripped
                earlier.append(message.raw_text)
                kinds.append(message.kind)
            else:
                message.clean_text = ""
                message.stripped = []


#: Event types that put a block on the request page: a new one means the page must be read again.
PAGE_EVENT_TYPES = frozenset({"sent", "resent", "followup_sent", "followup_resent", "response", "comment"})


def json_change(db, known: dict, thread: Thread) -> str:
    """What a changed request JSON asks of a thread already archived.

    ``page``: new or vanished correspondence, or a change the JSON does not explain (a hidden
    message moves ``updated_at`` only), so the page must be read; ``status``: only status,
    title or non-message events changed, which the JSON alone can update; ``none``: nothing
    of this thread changed (e.g. only the authority's counts embedded in every request JSON).
    """
    rows = db.execute(
        "select event_id, event_type, incoming_message_id, outgoing_message_id, comment_id "
        "from events where request = ? and gone_at is null",
        [known["id"]],
    ).fetchall()
    stored = {r[0]: r for r in rows}
    fresh = {e.id: e for e in thread.events}
    if set(stored) - set(fresh):
        return "page"
    added = [fresh[i] for i in fresh if i not in stored]
    if any(
        e.event_type in PAGE_EVENT_TYPES or e.message_anchor is not None
        for e in added
    ):
        return "page"
    if not added and (thread.updated_at or None) != (known.get("updated_at") or None):
        return "page"
    if added or any(
        (getattr(thread, name) or None) != (known.get(column) or None)
        for name, column in (("status", "status"), ("display_status", "display_status"),
                             ("title", "title"), ("slug", "slug"), ("prominence", "prominence"))
    ):
        return "status"
    return "none"


class Scraper:
    """Archives request threads through one PoliteClient into one archive."""

    def __init__(self, config: Config, db, client: fetch.PoliteClient, validators: DeferredValidators, run_id: int | None = None):
        self.config = config
        self.db = db
        self.client = client
        self.validators = validators
        self.site = config.host
        self.run_id = run_id
        self.stats = RunStats()
        self.cleaner = Cleaner(db, self.site)

    def _slug_of(self, response_url: str) -> str:
        m = re.match(r"^/(?:[a-z]{2}/)?request/([^/?#.]+)", urlsplit(response_url).path)
        if not m:
            raise fetch.FetchError(f"{response_url} did not lead to a request page.")
        return unquote(m.group(1))

    def archive(self, target: str) -> str:
        """Archive one target and its attachments; return new / changed / unchanged / withdrawn."""
        status = self._archive_target(target)
        if status != "withdrawn":
            # Unchanged threads too: files still being processed by the site are retried.
            attachments.after_thread(self, target)  # files and text, if [attachments] asks
        return status

    def _archive_target(self, target: str) -> str:
        path = request_path(target, self.config.base_url)
        key = path.rsplit("/", 1)[1]
        known = store.find_request(self.db, key, site=self.site)
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
            if known is not None and known.get("request_id") is not None and not key.isdigit():
                # The slug may have changed with an edited title; the id redirects to the new one.
                try:
                    new_slug = self._slug_of(
                        self.client.get(f"/request/{known['request_id']}", conditional=False).url
                    )
                except fetch.Gone:
                    pass
                else:
                    if new_slug != slug:
                        return self._archive_slug(new_slug, known)
            if known is not None:
                store.mark_withdrawn(
                    self.db, site=self.site, request_id=known["request_id"],
                    status=gone.status, when=now_iso(),
                )
                self.validators.discard()
                return "withdrawn"
            raise

    def _archive_slug(self, slug: str, known: dict | None) -> str:
        json_path = f"/request/{slug}.json"
        page_path = f"/request/{slug}?unfold=1"
        self.validators.discard()
        try:
            meta = self.client.get(json_path, expect="json", conditional=known is not None)
            if meta.not_modified:
                return "unchanged"
            data = meta.json()
            from_json = parse.parse_request_json(data)
            # A known thread whose JSON shows no new correspondence is updated from the JSON alone.
            need = json_change(self.db, known, from_json) if known is not None else "page"
            page = None
            if need == "page":
                page = self.client.get(page_path, expect="html", conditional=known is not None)
            fetched_at = now_iso()
            if page is None or page.not_modified:
                result = store.save_status_only(self.db, from_json, site=self.site, fetched_at=fetched_at)
            else:
                thread = parse.parse_request_page(page.text or "", data, page_url=page.url)
                self.cleaner.apply(thread)
                result = store.save_thread(
                    self.db, thread, site=self.site, fetched_at=fetched_at,
                    source_url=page.url, run_id=self.run_id,
                )
        except BaseException:
            self.validators.discard()
            raise
        self.validators.flush()
        self.stats.messages_added += result.messages_added
        self.stats.messages_changed += result.messages_changed
        self.stats.messages_hidden += result.messages_hidden
        return result.status
