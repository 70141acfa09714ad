"""Runs as the command line starts them: lock, archive, client, run log, exit code."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from datetime import date, datetime

from scraper import fetch, store
from scraper.config import Config, SiteConfig
from scraper.scrape import (
    EXIT_BLOCKED,
    EXIT_LOCKED,
    EXIT_USAGE,
    EXIT_UNAVAILABLE,
    EXIT_OK,
    EXIT_PARTIAL,
    DeferredValidators,
    RunStats,
    Scraper,
    TargetError,
    request_path,
)

log = logging.getLogger("wdtk_archive")


def make_client(config: Config, validators=None) -> fetch.PoliteClient:
    return fetch.PoliteClient(
        config.base_url,
        contact=config.contact,
        delay=config.delay,
        timeout=config.timeout,
        max_retries=config.max_retries,
        max_retry_wait=config.max_retry_wait,
        max_bytes=config.max_bytes,
        validators=validators,
        allow_without_contact=config.is_local,
    )


def run_scrape(config: Config, targets: list[str]) -> int:
    """Archive ``targets`` (requests or listings) of the configured site; return the exit code."""
    return run_sync(config, [(config.site_list(config.base_url)[0], list(targets))])


#: The sample site's port in the demo: a fixed address keeps a re-run's threads under the same site.
DEMO_SITE_PORT = 8123


def run_demo(db_path: str, *, port: int = 8001, serve: bool = True) -> int:
    """Sample site on loopback → crawl every thread into ``db_path`` → Datasette."""
    from scraper.sample.server import SampleSite

    try:
        site = SampleSite(port=DEMO_SITE_PORT).start()
    except OSError:
        log.warning("Port %d is taken; the sample site gets another, so a re-run archives its threads "
                    "again under that address.", DEMO_SITE_PORT)
        site = SampleSite().start()
    try:
        # Never ./config.toml: the demo must not pick up a real site's settings or targets.
        config = replace(Config(), base_url=site.base_url, delay=0.0, db=db_path)
        log.info("Sample Alaveteli site running at %s", site.base_url)
        # Hidden requests answer 403 to everyone; the demo archives what the public can read.
        targets = [t.url_title for t in site.content.threads if t.prominence in ("normal", "backpage")]
        code = run_scrape(config, targets)
    finally:
        site.stop()
    if code != 0:
        return code
    if serve:
        from scraper.serve import serve_archive

        serve_archive(db_path, host="127.0.0.1", port=port)
    else:
        log.info("Archive written to %s", db_path)
    return 0


def run_sync(
    config: Config,
    sites: list[tuple[SiteConfig, list[str]]],
    *,
    max_requests: int | None = None,
    max_minutes: float | None = None,
    summary: bool = False,
    purge: bool = False,
    now: datetime | None = None,
) -> int:
    """Sync every site's targets (listings, requests, due threads) into ``config.db``; return the exit code.

    ``sites`` pairs each site with its targets (request slugs/URLs/ids and listing targets, see
    :func:`scraper.sync.parse_listing`). Budgets stop the run cleanly; the next run resumes.
    """
    from scraper import sync

    try:
        lock = store.ArchiveLock(config.db)
        lock.acquire()
    except store.ArchiveLocked as e:
        log.error("%s", e)
        return EXIT_LOCKED
    except store.ArchiveError as e:  # e.g. the archive's folder does not exist
        log.error("%s", e)
        return EXIT_USAGE
    try:
        try:
            db = store.open_archive(config.db)
        except store.ArchiveError as e:  # not an archive, or made by a newer version
            log.error("%s", e)
            return EXIT_USAGE
        run_id = store.start_run(db, command="scrape", argv=sys.argv[1:])
        budget = sync.Budget(max_requests=max_requests, max_minutes=max_minutes)
        totals = RunStats()
        requests = not_modified = list_pages = list_failed = pending = 0
        code = EXIT_OK
        stop_note = None
        try:
            for site, targets in sites:
                site_config = replace(config, base_url=site.base_url, contact=site.contact, delay=site.delay)
                listings: list[sync.Listing] = []
                plain: list[str] = []
                try:
                    for t in targets:
                        listing = sync.parse_listing(t, site.base_url)
                        if listing is None:
                            request_path(t, site.base_url)  # refuse a bad target before any request
                            plain.append(t)
                        elif listing not in listings:
                            listings.append(listing)
                except TargetError as e:
                    log.error("%s", e)
                    return EXIT_USAGE
                validators = DeferredValidators(store.FetchStateStore(db))
                client = None
                progress = sync.Progress(site.host) if log.isEnabledFor(logging.INFO) else None
                try:
                    client = make_client(site_config, validators)
                    scraper = Scraper(site_config, db, sync.BudgetedClient(client, budget), validators, run_id=run_id)
                    scraper.stats = totals
                    runner = sync.SiteSync(scraper, since=date.fromisoformat(site.since), now=now, progress=progress)
                    runner.plan(listings, plain)
                    try:
                        runner.run(listings)
                    finally:
                        list_pages += runner.stats.list_pages
                        list_failed += runner.stats.list_failed
                except sync.BudgetExhausted as e:
                    stop_note = f"stopped: {e}"
                    pending += sync.frontier_pending(db, site.host)
                    break
                except fetch.Blocked as e:
                    log.error("Stopped: %s", e)
                    totals.errors.append(str(e))
                    code = max(code, EXIT_BLOCKED)
                    pending += sync.frontier_pending(db, site.host)
                    continue  # the other sites have their own rules
                except (fetch.RobotsUnavailable, fetch.GaveUp) as e:
                    log.error("Stopped: %s", e)
                    totals.errors.append(str(e))
                    code = max(code, EXIT_UNAVAILABLE) if code != EXIT_BLOCKED else code
                    pending += sync.frontier_pending(db, site.host)
                    continue
                except fetch.ContactRequired as e:
                    log.error("%s", e)
                    return EXIT_USAGE
                finally:
                    if progress is not None:
                        progress.close()
                    if client is not None:
                        budget.used += client.stats.requests
                        requests += client.stats.requests
                        not_modified += client.stats.not_modified
                        client.close()
            if code == EXIT_OK and (totals.threads_failed or list_failed):
                code = EXIT_PARTIAL
            if purge:
                from scraper.attachments import FileStore

                purged = sync.purge_withdrawn(db, FileStore.for_config(config))
                log.info("Purged %d withdrawn requests, %d hidden or removed messages and %d attachments "
                         "(%d files deleted).", purged.requests, purged.messages, purged.attachments, purged.files)
        finally:
            store.finish_run(
                db, run_id, exit_status=code, requests=requests, not_modified=not_modified,
                threads_new=totals.threads_new, threads_changed=totals.threads_changed,
                threads_unchanged=totals.threads_unchanged, threads_failed=totals.threads_failed,
                threads_withdrawn=totals.threads_withdrawn, messages_added=totals.messages_added,
                messages_changed=totals.messages_changed, messages_hidden=totals.messages_hidden,
                errors=totals.errors,
            )
        line = (
            f"{totals.threads_new} new, {totals.threads_changed} changed, {totals.threads_unchanged} unchanged, "
            f"{totals.threads_withdrawn} withdrawn, {totals.threads_failed} failed; {requests} requests "
            f"({not_modified} not modified, {list_pages} list pages)"
            + (f"; {stop_note}, {pending} left for the next run" if stop_note else "")
        )
        if summary:
            print(line, file=sys.stderr)
        else:
            log.info("%s.", line[0].upper() + line[1:])
        return code
    finally:
        lock.release()
