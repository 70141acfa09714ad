"""Discovery and incremental sync: follow authorities, users and list queries from cron.

One *pass* per site walks a frontier kept in the archive (:class:`scraper.archive.Frontier`), so a
killed or budget-stopped run resumes where it stopped and no listing page is fetched twice in a pass:

* a target never enumerated in full is walked whole: page 1 of its listing; a listing that fills
  Alaveteli's cap (25 a page, 20 pages, 500 results) is split by date
  (``request_date_after``/``request_date_before``) until no window does;
* a target enumerated before is walked from its newest activity and stops at the first page
  that shows a thread already archived at that state (listings are ordered by latest activity);
* every thread found new or changed, and every archived thread whose check is due, goes through
  :meth:`scraper.crawl.thread.Scraper.archive`: a conditional JSON request decides whether the page is
  needed (new correspondence), the JSON alone is enough (status), or nothing is;
* threads are re-checked on a schedule that slows with their age (:mod:`scraper.crawl.schedule`).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scraper import archive, fetch, parse
from scraper.archive.frontier import last_event_at
from scraper.clock import iso
from scraper.crawl.budget import BudgetedClient, BudgetExhausted
from scraper.crawl.progress import Progress
from scraper.crawl.schedule import FINAL_STATES, activity_signature, check_interval, split_window
from scraper.crawl.targets import Listing, TargetError, parse_listing
from scraper.crawl.thread import Scraper

log = logging.getLogger("wdtk_archive")

PER_PAGE = 25
MAX_PAGE = 20
MAX_RESULTS = 500
#: Earliest date a date-split enumeration starts from (WhatDoTheyKnow opened in 2008).
DEFAULT_SINCE = date(2007, 1, 1)
#: A site that ignored the date filters would make every window fill the cap: stop splitting then.
MAX_SPLITS = 200
#: Failures that stop a site's pass (the others fail one listing page or one thread).
_STOPPING = (fetch.Blocked, fetch.RobotsUnavailable, fetch.GaveUp)


@dataclass
class SyncStats:
    list_pages: int = 0
    list_failed: int = 0
    threads_checked: int = 0
    windows_split: int = 0
    capped_windows: list[str] = field(default_factory=list)  #: listing URLs over the cap that cannot be split


class SiteSync:
    """One site's pass over its followed listings, requests and due threads."""

    def __init__(
        self,
        scraper: Scraper,
        *,
        since: date = DEFAULT_SINCE,
        now: datetime | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.scraper = scraper
        self.db = scraper.db
        self.client = scraper.client
        self.site = scraper.site
        self.frontier = archive.Frontier(scraper.db, scraper.site)
        self.since = since
        self.now = now or datetime.now(UTC)
        self.stats = SyncStats()
        self.progress = progress

    # -- seeding -------------------------------------------------------------------------------

    def plan(self, listings: list[Listing], requests: list[str]) -> None:
        """Seed the frontier for a new pass (a pass left unfinished is resumed instead)."""
        if self.frontier.pending():
            # Seeds below that the pass already has are ignored; targets added since join it.
            log.info("%s: resuming the unfinished pass (%d left)", self.site, self.frontier.pending())
        else:
            self.frontier.clear()
        for listing in listings:
            target = self.frontier.target(listing.key)
            mode = "incremental" if target["last_complete_at"] else "full"
            self.frontier.add(
                target=listing.key,
                kind="list",
                url=listing.url(1),
                page=1,
                mode=mode,
                window_after=listing.after.isoformat() if listing.after else None,
                window_before=listing.before.isoformat() if listing.before else None,
            )
        for request in requests:
            self.frontier.add(target="request", kind="thread", url=request, reason="request")
        for slug in self.frontier.due_threads([listing.key for listing in listings], iso(self.now)):
            self.frontier.add(target=None, kind="thread", url=slug, reason="due")

    # -- the walk ------------------------------------------------------------------------------

    def run(self, listings: list[Listing]) -> None:
        """Work the frontier until it is empty (or the budget stops it): listing pages first."""
        by_key = {listing.key: listing for listing in listings}
        while True:
            row = self.frontier.next_row("list")
            if row is not None:
                self._list_page(row, by_key)
                continue
            row = self.frontier.next_row("thread")
            if row is None:
                break
            self._thread(row)
        self.frontier.finish_pass([listing.key for listing in listings])

    # -- one listing page ----------------------------------------------------------------------

    def _list_page(self, row: dict[str, Any], by_key: dict[str, Listing]) -> None:
        listing = by_key.get(row["target"]) or (parse_listing(row["target"], "http://x") if row["target"] else None)
        if listing is None:  # a target no longer followed: drop its part of the pass
            self.frontier.set_status(row["id"], "done")
            return
        page = self._fetch_list_page(row)
        if page is None:
            return
        self.stats.list_pages += 1
        if self.progress:
            self.progress.update(list_pages=self.stats.list_pages)
        log.debug("%s page %d: %d items", row["url"], row["page"], len(page.items))
        unchanged_seen = self._items(row, page.items)
        after = date.fromisoformat(row["window_after"]) if row["window_after"] else None
        before = date.fromisoformat(row["window_before"]) if row["window_before"] else None
        if row["mode"] == "full":
            if not self._full_page(row, listing, page, after, before):
                return
        elif not unchanged_seen and page.next_url and page.items:
            self._incremental_next(row, listing, after, before)
        self.frontier.set_status(row["id"], "done")

    def _fetch_list_page(self, row: dict[str, Any]) -> parse.ListPage | None:
        """The listing page, parsed; None when it could not be had (the row is marked done or failed)."""
        try:
            response = self.client.get(row["url"], expect="html", conditional=False)
            return parse.parse_list_page(response.text or "", page_url=response.url)
        except fetch.Gone as e:
            if row["page"] > 1:  # past the end (page > 20 is a 404)
                self.frontier.set_status(row["id"], "done")
                return None
            self._list_failed(row, row["target"], e)
            return None
        except (fetch.FetchError, parse.ParseError) as e:
            if isinstance(e, _STOPPING):
                raise
            self._list_failed(row, row["url"], e)
            return None

    def _list_failed(self, row: dict[str, Any], where: str, error: Exception) -> None:
        log.error("%s: %s", where, error)
        self.scraper.stats.errors.append(f"{where}: {error}")
        self.stats.list_failed += 1
        self.frontier.set_status(row["id"], "failed")

    def _full_page(
        self, row: dict[str, Any], listing: Listing, page: parse.ListPage, after: date | None, before: date | None
    ) -> bool:
        """Enumerate a listing whole: split a first page over the cap into date windows, else go on
        to the next page. False when the row was settled here (split into windows)."""
        capped = (page.total is not None and page.total >= MAX_RESULTS) or (page.last_page or 0) >= MAX_PAGE
        if row["page"] == 1 and capped and listing.splittable and self._split(row, listing, page, after, before):
            return False
        if row["page"] == 1 and capped:
            self.stats.capped_windows.append(row["url"])
            log.warning(
                "%s lists more than %d requests and cannot be split further; only the first %d are reachable.",
                row["url"],
                MAX_RESULTS,
                MAX_RESULTS,
            )
        if page.next_url and row["page"] < MAX_PAGE and page.items:
            self._next(row, listing, after, before, "full")
        return True

    def _split(
        self, row: dict[str, Any], listing: Listing, page: parse.ListPage, after: date | None, before: date | None
    ) -> bool:
        """Queue the date windows of a listing over the cap; False when it cannot be split further."""
        lo = after or self.since
        hi = before or (self.now.date() + timedelta(days=1))
        if not (lo < hi and self.stats.windows_split < MAX_SPLITS):
            return False
        parts = max(2, min(16, math.ceil((page.total or MAX_RESULTS * 1.5) / (MAX_RESULTS * 0.8))))
        self.stats.windows_split += 1
        for a, b in split_window(lo, hi, parts):
            self._add_window(row, listing, a, b)
        self.frontier.set_status(row["id"], "done")
        return True

    def _incremental_next(self, row: dict[str, Any], listing: Listing, after: date | None, before: date | None) -> None:
        """Every thread on the page changed: read on, or past the cap enumerate the recent past."""
        if row["page"] < MAX_PAGE:
            self._next(row, listing, after, before, "incremental")
        elif listing.splittable:
            # Too much changed to reach known threads within the cap: enumerate the recent past.
            target = self.frontier.target(row["target"])
            since = date.fromisoformat(target["last_complete_at"][:10]) - timedelta(days=2)
            lo = max(since, after or since)
            hi = before or self.now.date() + timedelta(days=1)
            self._add_window(row, listing, lo, hi)

    def _add_window(self, row: dict[str, Any], listing: Listing, lo: date, hi: date) -> None:
        """Queue the first page of the listing between two dates, enumerated in full."""
        self.frontier.add(
            target=row["target"],
            kind="list",
            url=listing.url(1, lo, hi),
            page=1,
            mode="full",
            window_after=lo.isoformat(),
            window_before=hi.isoformat(),
        )

    def _next(self, row: dict[str, Any], listing: Listing, after: date | None, before: date | None, mode: str) -> None:
        n = row["page"] + 1
        self.frontier.add(
            target=row["target"],
            kind="list",
            url=listing.url(n, after, before),
            page=n,
            mode=mode,
            window_after=row["window_after"],
            window_before=row["window_before"],
        )

    def _items(self, row: dict[str, Any], items: list[parse.ListItem]) -> bool:
        """Queue the new and changed threads of a listing page; True if one was already known as is."""
        unchanged_seen = False
        for item in items:
            known = self.frontier.thread_by_slug(item.slug)
            activity = activity_signature(item)
            if known is not None and known["list_activity"] == activity:
                unchanged_seen = True
                if (item.status or None) == (known["list_status"] or None):
                    continue
                reason = "status"
            elif known is not None:
                reason = "changed"
            elif archive.find_request(self.db, item.slug, site=self.site) is not None:
                reason = "changed"  # archived before this target followed it
            else:
                reason = "new"
            added = self.frontier.add(
                target=row["target"],
                kind="thread",
                url=item.slug,
                reason=reason,
                list_activity=activity,
                list_status=item.status,
            )
            if not added:  # already queued (e.g. as due): keep what the listing showed
                self.frontier.keep_listing_facts(item.slug, activity, item.status, row["target"])
        return unchanged_seen

    # -- one thread ----------------------------------------------------------------------------

    def _thread(self, row: dict[str, Any]) -> None:
        slug = row["url"]
        if isinstance(self.client, BudgetedClient):
            # A thread's JSON and page go together: do not start one the budget cannot finish.
            self.client.reserve(2 if row["reason"] in ("new", "changed") else 1)
        try:
            status = self.scraper.archive(slug)
        except (*_STOPPING, BudgetExhausted):
            raise
        except fetch.Disallowed as e:
            # The site asks robots not to fetch it: a choice of the site, not a failure of the run
            # (an authority's listing keeps showing it, and cron must not mail an error every night).
            self.scraper.stats.threads_skipped += 1
            log.info("%s: skipped: %s", slug, e)
            self._schedule(slug, row)
            self.frontier.set_status(row["id"], "done")
            return
        except (fetch.FetchError, parse.ParseError, TargetError, ValueError) as e:
            self.scraper.stats.threads_failed += 1
            self.scraper.stats.errors.append(f"{slug}: {e}")
            log.error("%s: %s", slug, e)
            self.frontier.set_status(row["id"], "failed")
            self._schedule(slug, row, failed=True)
            return
        self.stats.threads_checked += 1
        log.info("%s: %s", slug, status)
        self._schedule(slug, row)
        self.frontier.set_status(row["id"], "done")
        if self.progress:
            self.progress.update(threads=self.stats.threads_checked, pending=self.frontier.pending())

    def _schedule(self, slug: str, row: dict[str, Any], *, failed: bool = False) -> None:
        """When the thread is next checked, and what the listing last showed of it."""
        request = archive.find_request(self.db, slug, site=self.site)
        if request is None:
            return
        previous = self.frontier.thread_by_request_id(request["request_id"])
        if failed:
            next_at = self.now + timedelta(hours=1)
        else:
            last = last_event_at(self.db, request["id"])
            next_at = self.now + check_interval(
                request["status"],
                last or request["updated_at"],
                self.now,
                withdrawn=request["withdrawn_at"] is not None,
            )

        def fresh_or_previous(column: str) -> Any:
            return row[column] if row[column] and not failed else (previous[column] if previous else None)

        values = {
            "slug": request["slug"],
            "target": (row["target"] if row["target"] not in (None, "request") else None)
            or (previous["target"] if previous else None),
            "list_activity": fresh_or_previous("list_activity"),
            "list_status": fresh_or_previous("list_status"),
            "final": int(request["status"] in FINAL_STATES or request["withdrawn_at"] is not None),
            "last_checked_at": iso(self.now) if not failed else (previous["last_checked_at"] if previous else None),
            "next_check_at": iso(next_at),
        }
        self.frontier.save_thread(request["request_id"], previous, values)
