"""Discovery and incremental sync: follow authorities, users and list queries from cron.

One *pass* per site walks a frontier kept in the archive (table ``frontier``), so a killed or
budget-stopped run resumes where it stopped and no listing page is fetched twice in a pass:

* a target never enumerated in full is walked whole: page 1 of its listing; a listing that fills
  Alaveteli's cap (25 a page, 20 pages, 500 results) is split by date
  (``request_date_after``/``request_date_before``) until no window does;
* a target enumerated before is walked from its newest activity and stops at the first page
  that shows a thread already archived at that state (listings are ordered by latest activity);
* every thread found new or changed, and every archived thread whose check is due, goes through
  :meth:`scraper.crawl.thread.Scraper.archive`: a conditional JSON request decides whether the page is
  needed (new correspondence), the JSON alone is enough (status), or nothing is;
* threads are re-checked on a schedule that slows with their age; final ones rarely.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from scraper import fetch, parse
from scraper.archive import store
from scraper.crawl.thread import Scraper, TargetError, now_iso

log = logging.getLogger("wdtk_archive")

PER_PAGE = 25
MAX_PAGE = 20
MAX_RESULTS = 500
#: Earliest date a date-split enumeration starts from (WhatDoTheyKnow opened in 2008).
DEFAULT_SINCE = date(2007, 1, 1)
#: Described states after which a request rarely changes (``InfoRequest::State``).
FINAL_STATES = frozenset({
    "successful", "partially_successful", "not_held", "rejected", "user_withdrawn",
    "gone_postal", "vexatious", "not_foi",
})
#: The listing statuses (``/list/<status>``, ``/body/<x>/<status>``) Alaveteli offers.
LIST_STATUSES = ("successful", "unsuccessful", "awaiting")
#: A site that ignored the date filters would make every window fill the cap: stop splitting then.
MAX_SPLITS = 200


class BudgetExhausted(Exception):
    """The run's request or time budget is spent; the frontier keeps the rest for next time."""


# --------------------------------------------------------------------------------------------
# Targets


@dataclass(frozen=True)
class Listing:
    """A followed listing: an authority's, a user's, or a ``/list`` query."""

    kind: str  #: authority, user or list
    name: str = ""  #: url_name for authority/user
    query: str = ""
    tag: str = ""
    status: str = ""  #: successful, unsuccessful, awaiting
    after: date | None = None
    before: date | None = None

    @property
    def key(self) -> str:
        """Stable name of the target in the archive (``authority:home_office``, ``list:query=x``)."""
        if self.kind in ("authority", "user"):
            return f"{self.kind}:{self.name}"
        parts = [(k, v) for k, v in (
            ("query", self.query), ("tag", self.tag), ("status", self.status),
            ("after", self.after.isoformat() if self.after else ""),
            ("before", self.before.isoformat() if self.before else ""),
        ) if v]
        return "list:" + urlencode(parts)

    @property
    def splittable(self) -> bool:
        """Whether the listing takes date filters (a user's page does not)."""
        return self.kind in ("authority", "list")

    @property
    def path(self) -> str:
        if self.kind == "authority":
            return f"/body/{self.name}" + (f"/{self.status}" if self.status else "")
        if self.kind == "user":
            return f"/user/{self.name}"
        return "/list" + (f"/{self.tag}" if self.tag else "") + (f"/{self.status}" if self.status else "")

    def url(self, page: int = 1, after: date | None = None, before: date | None = None) -> str:
        after = after or self.after
        before = before or self.before
        params: list[tuple[str, str]] = []
        if self.query:
            params.append(("query", self.query))
        if after:
            params.append(("request_date_after", after.strftime("%Y/%m/%d")))
        if before:
            params.append(("request_date_before", before.strftime("%Y/%m/%d")))
        if page > 1:
            params.append(("page", str(page)))
        return self.path + (f"?{urlencode(params)}" if params else "")


def _name(value: str, what: str) -> str:
    value = unquote(value.strip().strip("/"))
    if not value or "/" in value or not all(c.isalnum() or c in "_-." for c in value):
        raise TargetError(f"'{value}' is not a valid {what} url_name.")
    return value


def _date(value: str | None, what: str) -> date | None:
    if not value:
        return None
    text = value.strip().replace("/", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TargetError(f"{what} '{value}' is not a date (yyyy-mm-dd).") from None


def list_target(*, query: str = "", tag: str = "", status: str = "", after: str | None = None,
                before: str | None = None) -> Listing:
    """A ``/list`` query target from its parts (as in ``[targets] lists``)."""
    if status and status not in LIST_STATUSES:
        raise TargetError(f"list status '{status}' is not one of {', '.join(LIST_STATUSES)}.")
    if tag:
        tag = _name(tag, "tag")
    a, b = _date(after, "after"), _date(before, "before")
    if a and b and a > b:
        raise TargetError(f"list dates: after {a} is later than before {b}.")
    return Listing("list", query=query.strip(), tag=tag, status=status, after=a, before=b)


def parse_listing(text: str, base_url: str) -> Listing | None:
    """A listing target from ``authority:<x>``, ``user:<x>``, ``list:<query string>`` or a
    ``/body/``, ``/user/`` or ``/list`` URL of the site; None for anything else (a request)."""
    t = text.strip()
    for prefix, kind in (("authority:", "authority"), ("body:", "authority"), ("user:", "user")):
        if t.startswith(prefix):
            return Listing(kind, name=_name(t[len(prefix):], kind))
    if t.startswith("list:"):
        return _list_from_query(t[5:], "", "")
    if "://" in t or t.startswith("/"):
        parts = urlsplit(t)
        if "://" in t and parts.netloc != urlsplit(base_url).netloc:
            if any(seg in parts.path for seg in ("/body/", "/user/", "/list")):
                raise TargetError(f"{t} is not on the configured site {base_url}.")
            return None
        segments = [s for s in parts.path.split("/") if s]
        if segments and len(segments[0]) == 2 and segments[1:2] and segments[1] in ("body", "user", "list"):
            segments = segments[1:]  # a locale prefix such as /cy/
        if len(segments) >= 2 and segments[0] == "body":
            status = segments[2] if len(segments) > 2 and segments[2] in LIST_STATUSES else ""
            return Listing("authority", name=_name(segments[1], "authority"), status=status)
        if len(segments) >= 2 and segments[0] == "user":
            return Listing("user", name=_name(segments[1], "user"))
        if segments and segments[0] == "list":
            rest = [s for s in segments[1:] if s not in ("all", "recent")]
            status = rest.pop() if rest and rest[-1] in LIST_STATUSES else ""
            tag = rest[0] if rest else ""
            return _list_from_query(parts.query, tag, status)
    return None


def _list_from_query(query: str, tag: str, status: str) -> Listing:
    q = dict(parse_qsl(query))
    return list_target(
        query=q.get("query", ""), tag=q.get("tag", tag), status=q.get("status", status),
        after=q.get("after") or q.get("request_date_after"),
        before=q.get("before") or q.get("request_date_before"),
    )


# --------------------------------------------------------------------------------------------
# Budgets


@dataclass
class Budget:
    """``--max-requests`` / ``--max-minutes`` for a whole run (all sites)."""

    max_requests: int | None = None
    max_minutes: float | None = None
    used: int = 0  #: requests of clients already closed
    started: float = field(default_factory=time.monotonic)

    def check(self, in_flight: int = 0) -> None:
        if self.max_requests is not None and self.used + in_flight >= self.max_requests:
            raise BudgetExhausted(f"the budget of {self.max_requests} requests is spent")
        if self.max_minutes is not None and time.monotonic() - self.started >= self.max_minutes * 60:
            raise BudgetExhausted(f"the budget of {self.max_minutes:g} minutes is spent")


class BudgetedClient:
    """A PoliteClient that refuses to start a request once the budget is spent."""

    def __init__(self, client: fetch.PoliteClient, budget: Budget):
        self._client = client
        self._budget = budget

    def reserve(self, n: int) -> None:
        """Refuse to start work that needs ``n`` more requests than the budget has left."""
        self._budget.check(self._client.stats.requests + n - 1)

    def get(self, *args: Any, **kwargs: Any) -> fetch.Response:
        self._budget.check(self._client.stats.requests)
        return self._client.get(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


# --------------------------------------------------------------------------------------------
# Schedule


def check_interval(status: str | None, last_activity: str | None, now: datetime, *, withdrawn: bool = False) -> timedelta:
    """How long until a thread's next conditional check: slower the longer it has been quiet.

    Open threads: an eighth of their quiet time, between 1 and 30 days; final ones (and
    withdrawn ones) every 90 days, since any new correspondence also shows in the listings.
    """
    if withdrawn or (status in FINAL_STATES):
        return timedelta(days=90)
    quiet = timedelta(days=30)
    if last_activity:
        try:
            seen = datetime.fromisoformat(last_activity)
            if seen.tzinfo is None:
                seen = seen.replace(tzinfo=timezone.utc)
            quiet = max(now - seen, timedelta(0))
        except ValueError:
            pass
    return min(max(quiet / 8, timedelta(days=1)), timedelta(days=30))


def activity_signature(item: parse.ListItem) -> str:
    """What a listing shows of a thread's latest activity (its anchor and excerpt)."""
    text = f"{item.anchor or ''}\x1f{item.description or ''}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# State in the archive


def _rows(db: Any, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def frontier_pending(db: Any, site: str) -> int:
    (n,) = db.execute("select count(*) from frontier where site = ? and status = 'pending'", [site]).fetchone()
    return int(n)


def _enqueue(db: Any, site: str, **row: Any) -> bool:
    """Add a frontier row unless this pass already has it; True if added."""
    values = {"site": site, "status": "pending", "added_at": now_iso(), **row}
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    with db.atomic():
        cur = db.execute(f"insert or ignore into frontier ({columns}) values ({marks})", list(values.values()))
    return cur.rowcount > 0


def _set_status(db: Any, row_id: int, status: str) -> None:
    with db.atomic():
        db.execute("update frontier set status = ? where id = ?", [status, row_id])


def sync_thread_by_slug(db: Any, site: str, slug: str) -> dict[str, Any] | None:
    rows = _rows(db, "select * from sync_threads where site = ? and slug = ?", [site, slug])
    return rows[0] if rows else None


@dataclass(frozen=True)
class PurgeResult:
    """What :func:`purge_withdrawn` deleted."""

    requests: int = 0
    messages: int = 0
    attachments: int = 0
    files: int = 0  #: attachment files removed from the file store


def _forget_urls_of(db: Any, requests: list[int]) -> None:
    """Delete fetch_state and frontier rows for URLs of these requests (any slug they had):
    a purge must not leave their titles behind in URLs."""
    slugs = {r[0] for i in requests for r in db.execute(
        "select slug from request_slugs where request = ? union select slug from requests where id = ?", [i, i])}
    for slug in slugs:
        own = re.compile(r"/request/" + re.escape(slug) + r"(?:$|[./?#])")
        for table in ("fetch_state", "frontier"):
            if not db[table].exists():
                continue
            rows = db.execute(f"select rowid, url from {table} where instr(url, ?) > 0", [f"/request/{slug}"]).fetchall()
            db.conn.executemany(f"delete from {table} where rowid = ?", [(r[0],) for r in rows if own.search(r[1])])


def purge_withdrawn(db: Any, files: Any = None) -> PurgeResult:
    """Delete withdrawn requests, the messages and attachments the site hid or removed, and
    (with ``files``, a :class:`scraper.crawl.attachments.FileStore`) their stored files.

    A file is removed only once no remaining attachment row refers to it (the store is
    content-addressed, so one file can serve several attachments). Rows go first, in one
    transaction; a file that cannot be removed is logged and left in place.
    """
    with db.atomic():
        requests = [r[0] for r in db.execute("select id from requests where withdrawn_at is not null").fetchall()]
        messages = [r[0] for r in db.execute(
            "select id from messages where visibility != 'visible' or request in "
            "(select id from requests where withdrawn_at is not null)").fetchall()]
        attachments = db.execute(
            "select id, stored_path from attachments where visibility != 'visible' "
            "or message in (select id from messages where visibility != 'visible') "
            "or request in (select id from requests where withdrawn_at is not null)").fetchall()
        for table, column, ids in (
            ("changes", "message", messages), ("message_versions", "message", messages),
            ("attachments", "message", messages), ("linked_citations", "message", messages),
        ):
            db.conn.executemany(f"delete from {table} where {column} = ?", [(i,) for i in ids])
        db.conn.executemany("delete from attachments where id = ?", [(a[0],) for a in attachments])
        db.conn.executemany("delete from messages where id = ?", [(i,) for i in messages])
        _forget_urls_of(db, requests)
        for table in ("changes", "message_versions", "attachments", "events", "request_slugs", "linked_citations",
                      "linked_scans"):
            db.conn.executemany(f"delete from {table} where request = ?", [(i,) for i in requests])
        db.conn.executemany(
            "delete from sync_threads where (site, request_id) in (select site, request_id from requests where id = ?)",
            [(i,) for i in requests],
        )
        db.conn.executemany("delete from requests where id = ?", [(i,) for i in requests])
    removed = 0
    if files is not None:
        for stored_path in sorted({a[1] for a in attachments if a[1]}):
            if db.execute("select 1 from attachments where stored_path = ? limit 1", [stored_path]).fetchone():
                continue  # the same file still serves another attachment
            try:
                files.path(stored_path).unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except (OSError, ValueError) as e:
                log.warning("Could not delete the attachment file %s: %s", stored_path, e)
    return PurgeResult(len(requests), len(messages), len(attachments), removed)


# --------------------------------------------------------------------------------------------
# One site's pass


@dataclass
class SyncStats:
    list_pages: int = 0
    list_failed: int = 0
    threads_checked: int = 0
    windows_split: int = 0
    capped_windows: list[str] = field(default_factory=list)  #: listing URLs over the cap that cannot be split


class SiteSync:
    """One site's pass over its followed listings, requests and due threads."""

    def __init__(self, scraper: Scraper, *, since: date = DEFAULT_SINCE, now: datetime | None = None,
                 progress: "Progress | None" = None):
        self.scraper = scraper
        self.db = scraper.db
        self.client = scraper.client
        self.site = scraper.site
        self.since = since
        self.now = now or datetime.now(timezone.utc)
        self.stats = SyncStats()
        self.progress = progress

    # -- seeding -------------------------------------------------------------------------------

    def plan(self, listings: list[Listing], requests: list[str]) -> None:
        """Seed the frontier for a new pass (a pass left unfinished is resumed instead)."""
        if frontier_pending(self.db, self.site):
            # Seeds below that the pass already has are ignored; targets added since join it.
            log.info("%s: resuming the unfinished pass (%d left)", self.site, frontier_pending(self.db, self.site))
        else:
            with self.db.atomic():
                self.db.execute("delete from frontier where site = ?", [self.site])
        for listing in listings:
            target = self._target_row(listing.key)
            mode = "incremental" if target["last_complete_at"] else "full"
            _enqueue(self.db, self.site, target=listing.key, kind="list", url=listing.url(1), page=1, mode=mode,
                     window_after=listing.after.isoformat() if listing.after else None,
                     window_before=listing.before.isoformat() if listing.before else None)
        for request in requests:
            _enqueue(self.db, self.site, target="request", kind="thread", url=request, reason="request")
        keys = [listing.key for listing in listings]
        if keys:
            marks = ", ".join("?" for _ in keys)
            due = _rows(
                self.db,
                f"select slug from sync_threads where site = ? and target in ({marks}) "
                "and (next_check_at is null or next_check_at <= ?) order by next_check_at",
                [self.site, *keys, _iso(self.now)],
            )
            for row in due:
                _enqueue(self.db, self.site, target=None, kind="thread", url=row["slug"], reason="due")

    def _target_row(self, key: str) -> dict[str, Any]:
        rows = _rows(self.db, "select * from sync_targets where site = ? and target = ?", [self.site, key])
        if rows:
            return rows[0]
        with self.db.atomic():
            self.db.execute("insert into sync_targets (site, target, first_seen_at) values (?, ?, ?)",
                            [self.site, key, now_iso()])
        return self._target_row(key)

    # -- the walk ------------------------------------------------------------------------------

    def run(self, listings: list[Listing]) -> None:
        """Work the frontier until it is empty (or the budget stops it)."""
        by_key = {listing.key: listing for listing in listings}
        while True:
            rows = _rows(self.db, "select * from frontier where site = ? and status = 'pending' and kind = 'list' "
                                  "order by id limit 1", [self.site])
            if rows:
                self._list_page(rows[0], by_key)
                continue
            rows = _rows(self.db, "select * from frontier where site = ? and status = 'pending' and kind = 'thread' "
                                  "order by id limit 1", [self.site])
            if not rows:
                break
            self._thread(rows[0])
        self._finish(listings)

    def _finish(self, listings: list[Listing]) -> None:
        failed = _rows(self.db, "select target from frontier where site = ? and status = 'failed'", [self.site])
        failed_targets = {r["target"] for r in failed}
        with self.db.atomic():
            for listing in listings:
                values = [now_iso(), self.site, listing.key]
                if listing.key in failed_targets:
                    self.db.execute("update sync_targets set last_run_at = ? where site = ? and target = ?", values)
                else:
                    self.db.execute("update sync_targets set last_run_at = ?, last_complete_at = ? "
                                    "where site = ? and target = ?", [now_iso(), *values])
            self.db.execute("delete from frontier where site = ?", [self.site])

    def _list_page(self, row: dict[str, Any], by_key: dict[str, Listing]) -> None:
        listing = by_key.get(row["target"]) or (parse_listing(row["target"], "http://x") if row["target"] else None)
        if listing is None:  # a target no longer followed: drop its part of the pass
            _set_status(self.db, row["id"], "done")
            return
        try:
            response = self.client.get(row["url"], expect="html", conditional=False)
            page = parse.parse_list_page(response.text or "", page_url=response.url)
        except fetch.Gone as e:
            if row["page"] > 1:  # past the end (page > 20 is a 404)
                _set_status(self.db, row["id"], "done")
                return
            log.error("%s: %s", row["target"], e)
            self.scraper.stats.errors.append(f"{row['target']}: {e}")
            self.stats.list_failed += 1
            _set_status(self.db, row["id"], "failed")
            return
        except (fetch.FetchError, parse.ParseError) as e:
            if isinstance(e, (fetch.Blocked, fetch.RobotsUnavailable, fetch.GaveUp)):
                raise
            log.error("%s: %s", row["url"], e)
            self.scraper.stats.errors.append(f"{row['url']}: {e}")
            self.stats.list_failed += 1
            _set_status(self.db, row["id"], "failed")
            return
        self.stats.list_pages += 1
        if self.progress:
            self.progress.update(list_pages=self.stats.list_pages)
        log.debug("%s page %d: %d items", row["url"], row["page"], len(page.items))
        unchanged_seen = self._items(row, page.items)
        after = date.fromisoformat(row["window_after"]) if row["window_after"] else None
        before = date.fromisoformat(row["window_before"]) if row["window_before"] else None
        capped = (page.total is not None and page.total >= MAX_RESULTS) or (page.last_page or 0) >= MAX_PAGE
        if row["mode"] == "full":
            if row["page"] == 1 and capped and listing.splittable:
                lo = after or self.since
                hi = before or (self.now.date() + timedelta(days=1))
                if lo < hi and self.stats.windows_split < MAX_SPLITS:
                    parts = max(2, min(16, math.ceil((page.total or MAX_RESULTS * 1.5) / (MAX_RESULTS * 0.8))))
                    self.stats.windows_split += 1
                    for a, b in split_window(lo, hi, parts):
                        _enqueue(self.db, self.site, target=row["target"], kind="list", url=listing.url(1, a, b),
                                 page=1, mode="full", window_after=a.isoformat(), window_before=b.isoformat())
                    _set_status(self.db, row["id"], "done")
                    return
            if row["page"] == 1 and capped:
                where = f"{row['url']}"
                self.stats.capped_windows.append(where)
                log.warning("%s lists more than %d requests and cannot be split further; "
                            "only the first %d are reachable.", where, MAX_RESULTS, MAX_RESULTS)
            if page.next_url and row["page"] < MAX_PAGE and page.items:
                self._next(row, listing, after, before, "full")
        else:
            if not unchanged_seen and page.next_url and page.items:
                if row["page"] < MAX_PAGE:
                    self._next(row, listing, after, before, "incremental")
                elif listing.splittable:
                    # Too much changed to reach known threads within the cap: enumerate the recent past.
                    target = self._target_row(row["target"])
                    since = date.fromisoformat(target["last_complete_at"][:10]) - timedelta(days=2)
                    _enqueue(self.db, self.site, target=row["target"], kind="list",
                             url=listing.url(1, max(since, after or since), before or self.now.date() + timedelta(days=1)),
                             page=1, mode="full", window_after=max(since, after or since).isoformat(),
                             window_before=(before or self.now.date() + timedelta(days=1)).isoformat())
        _set_status(self.db, row["id"], "done")

    def _next(self, row: dict[str, Any], listing: Listing, after: date | None, before: date | None, mode: str) -> None:
        n = row["page"] + 1
        _enqueue(self.db, self.site, target=row["target"], kind="list", url=listing.url(n, after, before), page=n,
                 mode=mode, window_after=row["window_after"], window_before=row["window_before"])

    def _items(self, row: dict[str, Any], items: list[parse.ListItem]) -> bool:
        """Queue the new and changed threads of a listing page; True if one was already known as is."""
        unchanged_seen = False
        for item in items:
            known = sync_thread_by_slug(self.db, self.site, item.slug)
            activity = activity_signature(item)
            if known is not None and known["list_activity"] == activity:
                unchanged_seen = True
                if (item.status or None) == (known["list_status"] or None):
                    continue
                reason = "status"
            elif known is not None:
                reason = "changed"
            elif store.find_request(self.db, item.slug, site=self.site) is not None:
                reason = "changed"  # archived before this target followed it
            else:
                reason = "new"
            added = _enqueue(self.db, self.site, target=row["target"], kind="thread", url=item.slug, reason=reason,
                             list_activity=activity, list_status=item.status)
            if not added:  # already queued (e.g. as due): keep what the listing showed
                with self.db.atomic():
                    self.db.execute(
                        "update frontier set list_activity = ?, list_status = ?, target = coalesce(target, ?) "
                        "where site = ? and kind = 'thread' and url = ? and status = 'pending'",
                        [activity, item.status, row["target"], self.site, item.slug],
                    )
        return unchanged_seen

    def _thread(self, row: dict[str, Any]) -> None:
        slug = row["url"]
        if isinstance(self.client, BudgetedClient):
            # A thread's JSON and page go together: do not start one the budget cannot finish.
            self.client.reserve(2 if row["reason"] in ("new", "changed") else 1)
        try:
            status = self.scraper.archive(slug)
        except (fetch.Blocked, fetch.RobotsUnavailable, fetch.GaveUp, BudgetExhausted):
            raise
        except fetch.Disallowed as e:
            # The site asks robots not to fetch it: a choice of the site, not a failure of the run
            # (an authority's listing keeps showing it, and cron must not mail an error every night).
            self.scraper.stats.threads_skipped += 1
            log.info("%s: skipped: %s", slug, e)
            self._schedule(slug, row)
            _set_status(self.db, row["id"], "done")
            return
        except (fetch.FetchError, parse.ParseError, TargetError, ValueError) as e:
            self.scraper.stats.threads_failed += 1
            self.scraper.stats.errors.append(f"{slug}: {e}")
            log.error("%s: %s", slug, e)
            _set_status(self.db, row["id"], "failed")
            self._schedule(slug, row, failed=True)
            return
        self.scraper.stats.count(status)
        self.stats.threads_checked += 1
        log.info("%s: %s", slug, status)
        self._schedule(slug, row)
        _set_status(self.db, row["id"], "done")
        if self.progress:
            self.progress.update(threads=self.stats.threads_checked, pending=frontier_pending(self.db, self.site))

    def _schedule(self, slug: str, row: dict[str, Any], *, failed: bool = False) -> None:
        request = store.find_request(self.db, slug, site=self.site)
        if request is None:
            return
        known = _rows(self.db, "select * from sync_threads where site = ? and request_id = ?",
                      [self.site, request["request_id"]])
        previous = known[0] if known else None
        if failed:
            next_at = self.now + timedelta(hours=1)
        else:
            last = _rows(self.db, "select max(created_at) as t from events where request = ? and gone_at is null",
                         [request["id"]])[0]["t"]
            next_at = self.now + check_interval(
                request["status"], last or request["updated_at"], self.now,
                withdrawn=request["withdrawn_at"] is not None,
            )
        values = {
            "slug": request["slug"],
            "target": (row["target"] if row["target"] not in (None, "request") else None)
                      or (previous["target"] if previous else None),
            "list_activity": row["list_activity"] if row["list_activity"] and not failed else (
                previous["list_activity"] if previous else None),
            "list_status": row["list_status"] if row["list_status"] and not failed else (
                previous["list_status"] if previous else None),
            "final": int(request["status"] in FINAL_STATES or request["withdrawn_at"] is not None),
            "last_checked_at": _iso(self.now) if not failed else (previous["last_checked_at"] if previous else None),
            "next_check_at": _iso(next_at),
        }
        with self.db.atomic():
            if previous:
                sets = ", ".join(f"{k} = ?" for k in values)
                self.db.execute(f"update sync_threads set {sets} where id = ?", [*values.values(), previous["id"]])
            else:
                self.db.execute(
                    f"insert into sync_threads (site, request_id, {', '.join(values)}) values (?, ?, "
                    f"{', '.join('?' for _ in values)})",
                    [self.site, request["request_id"], *values.values()],
                )


def split_window(lo: date, hi: date, parts: int) -> list[tuple[date, date]]:
    """``[lo, hi]`` (inclusive days) cut into ``parts`` adjoining windows, newest first."""
    days = (hi - lo).days + 1
    parts = max(1, min(parts, days))
    out = []
    start = lo
    for i in range(parts):
        end = lo + timedelta(days=(days * (i + 1)) // parts - 1)
        out.append((start, end))
        start = end + timedelta(days=1)
    return list(reversed(out))


# --------------------------------------------------------------------------------------------
# Progress on a terminal


class Progress:
    """A one-line progress display on stderr, only when it is a terminal.

    The line is redrawn in place; a log message printed meanwhile first clears it (a filter on the
    log handlers that write to the same terminal), so the bar never prefixes the log lines and
    the next update draws it again below them.
    """

    def __init__(self, site: str, stream: Any = None):
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.site = site
        self.values: dict[str, int] = {"list_pages": 0, "threads": 0, "pending": 0}
        self._last = 0.0
        self._shown = False
        self._handlers: list[logging.Handler] = []
        if self.enabled:
            for handler in logging.getLogger("wdtk_archive").handlers:
                if getattr(handler, "stream", None) is self.stream:
                    handler.addFilter(self._before_log)
                    self._handlers.append(handler)

    def _before_log(self, record: logging.LogRecord) -> bool:
        self._clear()
        return True

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def update(self, **values: int) -> None:
        if not self.enabled:
            return
        self.values.update(values)
        now = time.monotonic()
        if self._shown and now - self._last < 0.1:
            return
        self._last = now
        v = self.values
        done, pending = v["threads"], v["pending"]
        total = done + pending
        width = 24
        filled = int(width * done / total) if total else 0
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r\x1b[K{self.site} [{bar}] {done}/{total} threads, {v['list_pages']} list pages")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        for handler in self._handlers:
            handler.removeFilter(self._before_log)
        self._handlers.clear()
        if self.enabled and self._last:
            self._shown = False
            self.update()  # the final numbers, which the throttle may have held back
            self.stream.write("\n")  # the last state stays on screen, above what follows
            self.stream.flush()
            self._shown = False
