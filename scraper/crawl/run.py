"""Runs as the command line starts them: checks, lock, archive, client, run log, signals, exit code.

Everything that can refuse a run (a bad target, no contact for a remote site, a file that is no
archive, a locked archive) does so before the archive is created or touched, so a refused run
leaves nothing behind: no archive, no lock file, no row in the run log. Once the run has started,
every way it ends is recorded in ``runs``: ``finished`` with its exit status, ``interrupted`` for
Ctrl-C or SIGTERM (exit 130, after a summary of what was kept), ``crashed`` for an internal error.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import sqlite_utils

from scraper import archive, fetch
from scraper.config import Config, SiteConfig
from scraper.crawl import sync
from scraper.crawl.attachments import FileStore
from scraper.crawl.budget import Budget, BudgetedClient, BudgetExhausted
from scraper.crawl.progress import Progress
from scraper.crawl.signals import Interrupted, stop_on_signals
from scraper.crawl.targets import Listing, TargetError, split_targets
from scraper.crawl.thread import DeferredValidators, RunStats, Scraper
from scraper.exitcodes import ExitCode

log = logging.getLogger("wdtk_archive")


def make_client(config: Config, validators: fetch.ValidatorStore | None = None) -> fetch.PoliteClient:
    return fetch.PoliteClient(
        config.base_url,
        contact=config.contact,
        delay=config.delay,
        timeout=config.timeout,
        max_retries=config.max_retries,
        max_retry_wait=config.max_retry_wait,
        max_bytes=config.max_bytes,
        validators=validators,
    )


def scrape_targets(config: Config, targets: list[str]) -> int:
    """Archive ``targets`` (requests or listings) of the configured site; return the exit code."""
    return run_scrape(config, [(config.site_list(config.base_url)[0], list(targets))])


# --------------------------------------------------------------------------------------------
# One run


@dataclass
class _Plan:
    site: SiteConfig
    listings: list[Listing] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _plans(sites: list[tuple[SiteConfig, list[str]]]) -> list[_Plan]:
    """Split each site's targets into listings and requests; TargetError for a bad one.
    ContactRequired for a remote site without a contact. Nothing is fetched or written."""
    plans = []
    for site, targets in sites:
        fetch.require_contact(site.base_url, site.contact)
        plans.append(_Plan(site, *split_targets(targets, site.base_url)))
    return plans


@dataclass
class _Totals:
    """What a whole run did, over all its sites."""

    stats: RunStats = field(default_factory=RunStats)
    requests: int = 0
    not_modified: int = 0
    list_pages: int = 0
    list_failed: int = 0
    capped: list[str] = field(default_factory=list)
    pending: int = 0
    attachments_stored: int = 0
    attachments_pending: int = 0
    attachments_failed: int = 0

    def line(self, stop_note: str | None) -> str:
        s = self.stats
        text = (
            f"{s.threads_new} new, {s.threads_changed} changed, {s.threads_unchanged} unchanged, "
            f"{s.threads_withdrawn} withdrawn, {s.threads_failed} failed"
            + (f", {s.threads_skipped} skipped by robots.txt" if s.threads_skipped else "")
            + f"; {self.requests} requests ({self.not_modified} not modified, {self.list_pages} list pages)"
        )
        if self.attachments_stored or self.attachments_pending or self.attachments_failed:
            text += (
                f"; attachments: {self.attachments_stored} stored, {self.attachments_pending} pending, "
                f"{self.attachments_failed} failed"
            )
        if self.capped:
            text += (
                f"; {len(self.capped)} listing window{'s' if len(self.capped) != 1 else ''} over the "
                f"{sync.MAX_RESULTS}-result cap"
            )
        if stop_note:
            text += f"; {stop_note}, {self.pending} left for the next run"
        return text


def run_scrape(
    config: Config,
    sites: list[tuple[SiteConfig, list[str]]],
    *,
    max_requests: int | None = None,
    max_minutes: float | None = None,
    summary: bool = False,
    purge: bool = False,
    now: datetime | None = None,
) -> int:
    """The ``scrape`` command's run: every site's targets (listings, requests, due threads) into
    ``config.db``, then the linked pages and the purge if asked; return the exit code.

    ``sites`` pairs each site with its targets (request slugs/URLs/ids and listing targets, see
    :func:`scraper.crawl.targets.parse_listing`). Budgets stop the run cleanly; the next run resumes.
    """
    try:
        plans = _plans(sites)
    except (TargetError, fetch.ContactRequired) as e:
        log.error("%s", e)
        return ExitCode.USAGE
    try:
        lock = _lock(config)
    except archive.ArchiveError as e:
        log.error("%s", e)
        return e.code
    try:
        with stop_on_signals():
            try:
                db = archive.open_archive(config.db)
            except archive.ArchiveError as e:
                log.error("%s", e)
                return ExitCode.ARCHIVE
            return _recorded_run(
                config,
                db,
                plans,
                max_requests=max_requests,
                max_minutes=max_minutes,
                summary=summary,
                purge=purge,
                now=now,
            )
    except Interrupted as e:  # before the run started: nothing to record
        log.warning("Interrupted (%s) before the run started; nothing was written.", e.signame)
        return ExitCode.INTERRUPTED
    finally:
        lock.release()


def _lock(config: Config) -> archive.ArchiveLock:
    """The archive's lock, once the archive file (and the WARC folder) are known to be usable: a
    foreign file is refused untouched, without a lock file beside it."""
    archive.check_archive_file(config.db, write=True)
    if config.linked_enabled:
        from scraper.crawl.linked_pages import check_warc_dir

        check_warc_dir(config)
    return archive.ArchiveLock(config.db).acquire()


def _recorded_run(
    config: Config,
    db: sqlite_utils.Database,
    plans: list[_Plan],
    *,
    summary: bool,
    max_requests: int | None,
    max_minutes: float | None,
    purge: bool,
    now: datetime | None,
) -> int:
    """The run between start_run and finish_run: every way out is recorded."""
    run_id = archive.start_run(db, command="scrape", argv=sys.argv[1:])
    totals = _Totals()
    budget = Budget(max_requests=max_requests, max_minutes=max_minutes)
    try:
        code, stop_note = _sync_sites(config, db, plans, totals, run_id, budget, now)
        if config.linked_enabled and stop_note is None:
            stop_note = _archive_linked_pages(config, db, plans, totals, run_id, budget)
        if code == ExitCode.OK and (totals.stats.threads_failed or totals.list_failed):
            code = ExitCode.PARTIAL
        if purge:
            _purge(config, db)
        _finish(db, run_id, totals, code, "finished")
    except (Interrupted, KeyboardInterrupt) as e:
        _finish(db, run_id, totals, ExitCode.INTERRUPTED, "interrupted")
        signame = e.signame if isinstance(e, Interrupted) else "SIGINT"
        log.warning(
            "Interrupted (%s): %s. The thread in progress was rolled back; the next run resumes.",
            signame,
            totals.line(None),
        )
        return ExitCode.INTERRUPTED
    except BaseException as e:
        totals.stats.errors.append(f"internal error: {type(e).__name__}: {e}")
        _finish(db, run_id, totals, ExitCode.INTERNAL, "crashed")
        raise
    line = totals.line(stop_note)
    if summary:
        print(line, file=sys.stderr)
    else:
        log.info("%s.", line[0].upper() + line[1:])
    return code


def _finish(db: sqlite_utils.Database, run_id: int, totals: _Totals, code: int, outcome: str) -> None:
    s = totals.stats
    cap = sync.MAX_RESULTS
    errors = list(s.errors) + [
        f"{where} lists more than {cap} requests and cannot be split further; only the first {cap} are reachable."
        for where in totals.capped
    ]
    archive.finish_run(
        db,
        run_id,
        outcome=outcome,
        exit_status=int(code),
        requests=totals.requests,
        not_modified=totals.not_modified,
        threads_new=s.threads_new,
        threads_changed=s.threads_changed,
        threads_unchanged=s.threads_unchanged,
        threads_failed=s.threads_failed,
        threads_withdrawn=s.threads_withdrawn,
        threads_skipped=s.threads_skipped,
        messages_added=s.messages_added,
        messages_changed=s.messages_changed,
        messages_hidden=s.messages_hidden,
        attachments_stored=totals.attachments_stored,
        attachments_pending=totals.attachments_pending,
        attachments_failed=totals.attachments_failed,
        errors=errors,
    )


# --------------------------------------------------------------------------------------------
# The sites


def _sync_sites(
    config: Config,
    db: sqlite_utils.Database,
    plans: list[_Plan],
    totals: _Totals,
    run_id: int,
    budget: Budget,
    now: datetime | None,
) -> tuple[int, str | None]:
    """Every site in turn; the exit code so far, and the stop note when the budget ran out."""
    code = ExitCode.OK
    for plan in plans:
        stopped, stop_note = _sync_site(config, db, plan, totals, run_id, budget, now)
        if stop_note is not None:
            return code, stop_note
        if stopped == ExitCode.BLOCKED:
            code = max(code, ExitCode.BLOCKED)
        elif stopped == ExitCode.UNAVAILABLE:
            code = max(code, ExitCode.UNAVAILABLE) if code != ExitCode.BLOCKED else code
        # the other sites have their own rules: go on with them
    return code, None


def _sync_site(
    config: Config,
    db: sqlite_utils.Database,
    plan: _Plan,
    totals: _Totals,
    run_id: int,
    budget: Budget,
    now: datetime | None,
) -> tuple[ExitCode | None, str | None]:
    """One site's pass; what stopped it (BLOCKED, UNAVAILABLE or None), and the stop note when the
    budget ran out. Its requests and attachments count in the run's totals however it ends."""
    site = plan.site
    site_config = replace(config, base_url=site.base_url, contact=site.contact, delay=site.delay)
    validators = DeferredValidators(archive.FetchStateStore(db))
    client: fetch.PoliteClient | None = None
    scraper: Scraper | None = None
    progress = Progress(site.host) if log.isEnabledFor(logging.INFO) else None
    try:
        client = make_client(site_config, validators)
        scraper = Scraper(site_config, db, BudgetedClient(client, budget), validators, run_id=run_id)
        scraper.stats = totals.stats
        runner = sync.SiteSync(scraper, since=date.fromisoformat(site.since), now=now, progress=progress)
        runner.plan(plan.listings, plan.requests)
        try:
            runner.run(plan.listings)
        finally:
            totals.list_pages += runner.stats.list_pages
            totals.list_failed += runner.stats.list_failed
            totals.capped += runner.stats.capped_windows
    except BudgetExhausted as e:
        totals.pending += archive.Frontier(db, site.host).pending()
        return None, f"stopped: {e}"
    except fetch.Blocked as e:
        _site_stopped(e, db, site, totals)
        return ExitCode.BLOCKED, None
    except (fetch.RobotsUnavailable, fetch.GaveUp) as e:
        _site_stopped(e, db, site, totals)
        return ExitCode.UNAVAILABLE, None
    finally:
        if progress is not None:
            progress.close()
        if scraper is not None:
            _count_attachments(scraper, totals)
        if client is not None:
            budget.used += client.stats.requests
            totals.requests += client.stats.requests
            totals.not_modified += client.stats.not_modified
            client.close()
    return None, None


def _site_stopped(error: fetch.FetchError, db: sqlite_utils.Database, site: SiteConfig, totals: _Totals) -> None:
    log.error("Stopped: %s", error)
    totals.stats.errors.append(str(error))
    totals.pending += archive.Frontier(db, site.host).pending()


def _count_attachments(scraper: Scraper, totals: _Totals) -> None:
    """The attachment step's counts (files and texts), and its failures as errors of the run."""
    step = scraper.attachment_step
    if step is None:
        return
    totals.attachments_stored += step.stats.stored
    totals.attachments_pending += step.stats.pending
    totals.attachments_failed += step.stats.failed
    totals.stats.errors += step.stats.notes


# --------------------------------------------------------------------------------------------
# After the sites


def _archive_linked_pages(
    config: Config, db: sqlite_utils.Database, plans: list[_Plan], totals: _Totals, run_id: int, budget: Budget
) -> str | None:
    """The linked-pages step ([linked_pages]) after the sites; its requests count in the run's
    totals and budget however it ends. Returns the stop note when the budget ran out in it."""
    from scraper.crawl.linked_pages import LinkedPagesStep

    contact = next((p.site.contact for p in plans if p.site.contact), config.contact)
    step = LinkedPagesStep(
        config, db, contact=contact, run_id=run_id, budget=budget, site_hosts={p.site.host for p in plans}
    )
    try:
        linked = step.run()
    finally:
        totals.requests += step.stats.requests
        budget.used += step.stats.requests
    log.info("%s.", linked.line())
    return f"stopped: {linked.budget_stop}" if linked.budget_stop else None


def _purge(config: Config, db: sqlite_utils.Database) -> None:
    """``--purge-withdrawn``: the rows, then the attachment files no row refers to any more."""
    purged = archive.purge_withdrawn(db)
    files = FileStore.for_config(config).remove(purged.unused_files)
    log.info(
        "Purged %d withdrawn requests, %d hidden or removed messages and %d attachments (%d files deleted).",
        purged.requests,
        purged.messages,
        purged.attachments,
        files,
    )
