"""Runs as the command line starts them: lock, archive, client, run log, exit code."""

from __future__ import annotations

import logging
import sys

from scraper import fetch, store
from scraper.config import Config, load_config
from scraper.scrape import (
    EXIT_BLOCKED,
    EXIT_LOCKED,
    EXIT_USAGE,
    EXIT_UNAVAILABLE,
    DeferredValidators,
    Scraper,
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
    """Archive ``targets`` into ``config.db``; return the exit code. Never raises for the user."""
    try:
        lock = store.ArchiveLock(config.db)
        lock.acquire()
    except store.ArchiveLocked as e:
        log.error("%s", e)
        return EXIT_LOCKED
    try:
        db = store.open_archive(config.db)
        run_id = store.start_run(db, command="scrape", argv=sys.argv[1:])
        validators = DeferredValidators(store.FetchStateStore(db))
        code = EXIT_UNAVAILABLE
        client = None
        scraper = None
        try:
            client = make_client(config, validators)
            scraper = Scraper(config, db, client, validators, run_id=run_id)
            code = scraper.run(targets)
        except fetch.Blocked as e:
            log.error("Stopped: %s", e)
            code = EXIT_BLOCKED
            _note(scraper, str(e))
        except (fetch.RobotsUnavailable, fetch.GaveUp) as e:
            log.error("Stopped: %s", e)
            code = EXIT_UNAVAILABLE
            _note(scraper, str(e))
        except fetch.ContactRequired as e:
            log.error("%s", e)
            code = EXIT_USAGE
            _note(scraper, str(e))
        finally:
            stats = scraper.stats if scraper else None
            store.finish_run(
                db, run_id,
                exit_status=code,
                requests=client.stats.requests if client else 0,
                not_modified=client.stats.not_modified if client else 0,
                threads_new=stats.threads_new if stats else 0,
                threads_changed=stats.threads_changed if stats else 0,
                threads_unchanged=stats.threads_unchanged if stats else 0,
                threads_failed=stats.threads_failed if stats else 0,
                messages_added=stats.messages_added if stats else 0,
                errors=stats.errors if stats else [],
            )
            if client is not None:
                client.close()
        if stats:
            log.info(
                "%d new, %d changed, %d unchanged, %d failed; %d requests (%d not modified).",
                stats.threads_new, stats.threads_changed, stats.threads_unchanged,
                stats.threads_failed, client.stats.requests if client else 0,
                client.stats.not_modified if client else 0,
            )
        return code
    finally:
        lock.release()


def _note(scraper: Scraper | None, message: str) -> None:
    if scraper is not None:
        scraper.stats.errors.append(message)


def run_demo(db_path: str, *, port: int = 8001, serve: bool = True) -> int:
    """Sample site on loopback → crawl every thread into ``db_path`` → Datasette."""
    from scraper.sample.server import SampleSite

    with SampleSite() as site:
        config = load_config(None, base_url=site.base_url, delay=0.0, db=db_path)
        log.info("Sample Alaveteli site running at %s", site.base_url)
        # Hidden requests answer 403 to everyone; the demo archives what the public can read.
        targets = [t.url_title for t in site.content.threads if t.prominence in ("normal", "backpage")]
        code = run_scrape(config, targets)
    if code != 0:
        return code
    if serve:
        from scraper.serve import serve_archive

        serve_archive(db_path, host="127.0.0.1", port=port)
    else:
        log.info("Archive written to %s", db_path)
    return 0
