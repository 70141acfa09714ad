"""Runs as the command line starts them: checks, lock, archive, client, run log, signals, exit code.

Everything that can refuse a run (a bad target, no contact for a remote site, a file that is no
archive, a locked archive) does so before the archive is created or touched, so a refused run
leaves nothing behind: no archive, no lock file, no row in the run log. Once the run has started,
every way it ends is recorded in ``runs``: ``finished`` with its exit status, ``interrupted`` for
Ctrl-C or SIGTERM (exit 130, after a summary of what was kept), ``crashed`` for an internal error.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
import threading
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Iterator

from scraper import fetch
from scraper.archive import store
from scraper.config import Config, SiteConfig
from scraper.exitcodes import ExitCode
from scraper.crawl.thread import DeferredValidators, RunStats, Scraper, TargetError, request_path

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


def run_scrape(config: Config, targets: list[str]) -> int:
    """Archive ``targets`` (requests or listings) of the configured site; return the exit code."""
    return run_sync(config, [(config.site_list(config.base_url)[0], list(targets))])


# --------------------------------------------------------------------------------------------
# Signals


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: wind the run down cleanly (a BaseException, like KeyboardInterrupt,
    so that no ``except Exception`` on the way swallows it)."""

    def __init__(self, signame: str) -> None:
        super().__init__(signame)
        self.signame = signame


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the first SIGINT or SIGTERM into :class:`Interrupted`; later ones are ignored while the
    run records how it ended. Only the main thread can take signals; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        if fired:
            return
        fired.append(signum)
        raise Interrupted(signal.Signals(signum).name)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


# --------------------------------------------------------------------------------------------
# One run


@dataclass
class _Plan:
    site: SiteConfig
    listings: list[Any] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _plans(sites: list[tuple[SiteConfig, list[str]]]) -> list[_Plan]:
    """Split each site's targets into listings and requests; TargetError for a bad one.
    ContactRequired for a remote site without a contact. Nothing is fetched or written."""
    from scraper.crawl import sync

    plans = []
    for site, targets in sites:
        fetch.require_contact(site.base_url, site.contact)
        plan = _Plan(site)
        for t in targets:
            listing = sync.parse_listing(t, site.base_url)
            if listing is None:
                request_path(t, site.base_url)
                plan.requests.append(t)
            elif listing not in plan.listings:
                plan.listings.append(listing)
        plans.append(plan)
    return plans


def _result_cap() -> int:
    from scraper.crawl import sync

    return sync.MAX_RESULTS


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
            text += (f"; attachments: {self.attachments_stored} stored, {self.attachments_pending} pending, "
                     f"{self.attachments_failed} failed")
        if self.capped:
            text += (f"; {len(self.capped)} listing window{'s' if len(self.capped) != 1 else ''} over the "
                     f"{_result_cap()}-result cap")
        if stop_note:
            text += f"; {stop_note}, {self.pending} left for the next run"
        return text


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
    :func:`scraper.crawl.sync.parse_listing`). Budgets stop the run cleanly; the next run resumes.
    """
    try:
        plans = _plans(sites)
    except (TargetError, fetch.ContactRequired) as e:
        log.error("%s", e)
        return ExitCode.USAGE
    try:
        store.check_archive_file(config.db, write=True)  # a foreign file is refused untouched, without a lock
        if config.linked_enabled:
            from scraper.crawl.linked_pages import check_warc_dir

            check_warc_dir(config)
        lock = store.ArchiveLock(config.db).acquire()
    except store.ArchiveLocked as e:
        log.error("%s", e)
        return ExitCode.LOCKED
    except store.ArchiveError as e:
        log.error("%s", e)
        return ExitCode.ARCHIVE
    try:
        with stop_on_signals():
            try:
                db = store.open_archive(config.db)
            except store.ArchiveError as e:
                log.error("%s", e)
                return ExitCode.ARCHIVE
            return _recorded_run(config, db, plans, max_requests=max_requests, max_minutes=max_minutes,
                                 summary=summary, purge=purge, now=now)
    except Interrupted as e:  # before the run started: nothing to record
        log.warning("Interrupted (%s) before the run started; nothing was written.", e.signame)
        return ExitCode.INTERRUPTED
    finally:
        lock.release()


def _recorded_run(config: Config, db: Any, plans: list[_Plan], **kwargs: Any) -> int:
    """The run between start_run and finish_run: every way out is recorded."""
    run_id = store.start_run(db, command="scrape", argv=sys.argv[1:])
    totals = _Totals()
    summary = kwargs.pop("summary")
    try:
        code, stop_note = _sync_sites(config, db, plans, totals, run_id, **kwargs)
        _finish(db, run_id, totals, code, "finished")
    except (Interrupted, KeyboardInterrupt) as e:
        _finish(db, run_id, totals, ExitCode.INTERRUPTED, "interrupted")
        signame = e.signame if isinstance(e, Interrupted) else "SIGINT"
        log.warning("Interrupted (%s): %s. The thread in progress was rolled back; the next run resumes.",
                    signame, totals.line(None))
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


def _finish(db: Any, run_id: int, totals: _Totals, code: int, outcome: str) -> None:
    s = totals.stats
    cap = _result_cap()
    errors = list(s.errors) + [f"{where} lists more than {cap} requests and cannot be split further; "
                               f"only the first {cap} are reachable." for where in totals.capped]
    store.finish_run(
        db, run_id, outcome=outcome, exit_status=int(code), requests=totals.requests,
        not_modified=totals.not_modified, threads_new=s.threads_new, threads_changed=s.threads_changed,
        threads_unchanged=s.threads_unchanged, threads_failed=s.threads_failed,
        threads_withdrawn=s.threads_withdrawn, threads_skipped=s.threads_skipped,
        messages_added=s.messages_added, messages_changed=s.messages_changed, messages_hidden=s.messages_hidden,
        attachments_stored=totals.attachments_stored, attachments_pending=totals.attachments_pending,
        attachments_failed=totals.attachments_failed, errors=errors,
    )


def _sync_sites(config: Config, db: Any, plans: list[_Plan], totals: _Totals, run_id: int, *,
                max_requests: int | None, max_minutes: float | None, purge: bool,
                now: datetime | None) -> tuple[int, str | None]:
    from scraper.crawl import sync

    budget = sync.Budget(max_requests=max_requests, max_minutes=max_minutes)
    code = ExitCode.OK
    stop_note = None
    for plan in plans:
        site = plan.site
        site_config = replace(config, base_url=site.base_url, contact=site.contact, delay=site.delay)
        validators = DeferredValidators(store.FetchStateStore(db))
        client = None
        scraper = None
        progress = sync.Progress(site.host) if log.isEnabledFor(logging.INFO) else None
        try:
            client = make_client(site_config, validators)
            scraper = Scraper(site_config, db, sync.BudgetedClient(client, budget), validators, run_id=run_id)
            scraper.stats = totals.stats
            runner = sync.SiteSync(scraper, since=date.fromisoformat(site.since), now=now, progress=progress)
            runner.plan(plan.listings, plan.requests)
            try:
                runner.run(plan.listings)
            finally:
                totals.list_pages += runner.stats.list_pages
                totals.list_failed += runner.stats.list_failed
                totals.capped += runner.stats.capped_windows
        except sync.BudgetExhausted as e:
            stop_note = f"stopped: {e}"
            totals.pending += sync.frontier_pending(db, site.host)
            break
        except fetch.Blocked as e:
            log.error("Stopped: %s", e)
            totals.stats.errors.append(str(e))
            code = max(code, ExitCode.BLOCKED)
            totals.pending += sync.frontier_pending(db, site.host)
            continue  # the other sites have their own rules
        except (fetch.RobotsUnavailable, fetch.GaveUp) as e:
            log.error("Stopped: %s", e)
            totals.stats.errors.append(str(e))
            code = max(code, ExitCode.UNAVAILABLE) if code != ExitCode.BLOCKED else code
            totals.pending += sync.frontier_pending(db, site.host)
            continue
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
    if config.linked_enabled and stop_note is None:
        stop_note = _archive_linked_pages(config, db, plans, totals, run_id, budget)
    if code == ExitCode.OK and (totals.stats.threads_failed or totals.list_failed):
        code = ExitCode.PARTIAL
    if purge:
        from scraper.crawl.attachments import FileStore

        purged = sync.purge_withdrawn(db, FileStore.for_config(config))
        log.info("Purged %d withdrawn requests, %d hidden or removed messages and %d attachments "
                 "(%d files deleted).", purged.requests, purged.messages, purged.attachments, purged.files)
    return code, stop_note


def _archive_linked_pages(config: Config, db: Any, plans: list[_Plan], totals: _Totals, run_id: int,
                          budget: Any) -> str | None:
    """The linked-pages step ([linked_pages]) after the sites; its requests count in the run's
    totals and budget however it ends. Returns the stop note when the budget ran out in it."""
    from scraper.crawl.linked_pages import LinkedPagesStep

    contact = next((p.site.contact for p in plans if p.site.contact), config.contact)
    step = LinkedPagesStep(config, db, contact=contact, run_id=run_id, budget=budget,
                           site_hosts={p.site.host for p in plans})
    try:
        linked = step.run()
    finally:
        totals.requests += step.stats.requests
        budget.used += step.stats.requests
    log.info("%s.", linked.line())
    return f"stopped: {linked.budget_stop}" if linked.budget_stop else None


def _count_attachments(scraper: Scraper, totals: _Totals) -> None:
    """The attachment step's counts (files and texts), and its failures as errors of the run."""
    step = getattr(scraper, "_attachment_step", None)
    if step is None:
        return
    totals.attachments_stored += step.stats.stored
    totals.attachments_pending += step.stats.pending
    totals.attachments_failed += step.stats.failed
    totals.stats.errors += step.stats.notes


# --------------------------------------------------------------------------------------------
# The demo


#: The sample site's port in a new demo archive; a re-run uses the port the archive already has,
#: so its threads stay under one site.
DEMO_SITE_PORT = 8123
#: The port of the sample authority sites (on 127.0.0.2, 127.0.0.3, ...) in a new demo archive; a
#: re-run uses the port the archive's linked pages already have, so their URLs stay the same.
DEMO_WEB_PORT = 8124
#: Seconds between two requests to one sample authority site in the demo (all on this machine).
DEMO_LINKED_DELAY = 0.2


class DemoRefused(Exception):
    """The demo cannot start as asked; str() is one sentence."""


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether ``host:port`` can be listened on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def demo_site_port(db_path: str) -> int:
    """The port for the demo's sample site: the one this archive's sample-site threads came from
    (another port would be another site, and every thread would be archived again), else 8123,
    else any free port. DemoRefused when the archive's port is taken."""
    archived = store.loopback_sites(db_path)
    if archived:
        site = archived[0]
        port = int(site.rsplit(":", 1)[1])
        if not port_free(port):
            raise DemoRefused(
                f"{db_path} holds the sample site archived from port {port}, which is now taken: free it, "
                "or give --db a new file (on another port every thread would be archived again as another site)."
            )
        return port
    return DEMO_SITE_PORT if port_free(DEMO_SITE_PORT) else free_port()


def demo_web_port(db_path: str, addresses: list[str]) -> int:
    """The port for the demo's sample authority sites on ``addresses``: the one this archive's
    linked pages came from (another port would change every link in the sample's messages, and
    every linked page would be archived again), else 8124, else another port free on all of them.
    DemoRefused when the archive's port is taken."""
    from scraper.archive.linked import loopback_ports

    archived = loopback_ports(db_path)
    if archived:
        port = archived[0]
        taken = [a for a in addresses if not port_free(port, a)]
        if taken:
            raise DemoRefused(
                f"{db_path} holds linked pages archived from the sample authority sites on port {port}, which "
                f"is now taken on {taken[0]}: free it, or give --db a new file (on another port every linked "
                "page would be archived again).")
        return port
    port = DEMO_WEB_PORT
    for _ in range(20):  # one port on every address, so that a re-run finds every host on it again
        if all(port_free(port, a) for a in addresses):
            return port
        port = free_port(addresses[0])
    raise DemoRefused(f"No port is free on all of {', '.join(addresses)} for the sample authority sites.")


def run_demo(db_path: str, *, port: int | None = 8001, port_given: bool = False, serve: bool = True) -> int:
    """Sample site and its authorities' sites on loopback → crawl every thread, and the pages its
    responses link to, into ``db_path`` → Datasette, with the sample sites kept running while it
    serves (the "on the site" links work) and all stopped on Ctrl-C.

    Every port is settled before anything is crawled: a ``port_given`` that is taken is refused;
    the default Datasette port, if taken, is replaced by a free one.
    """
    from scraper.sample.authority import AuthorityWeb
    from scraper.sample.server import SampleSite

    try:
        store.check_archive_file(db_path, write=True)
    except store.ArchiveError as e:
        log.error("%s", e)
        return ExitCode.ARCHIVE
    if serve:
        port = port or 8001
        if not port_free(port):
            if port_given:
                log.error("Cannot serve on 127.0.0.1:%d: the port is taken; choose another with --port.", port)
                return ExitCode.USAGE
            taken, port = port, free_port()
            log.warning("Port %d is taken; Datasette will serve on port %d instead.", taken, port)
    try:
        site = SampleSite(port=demo_site_port(db_path))
        # The authorities' own sites, which the sample's responses link to, each on a loopback host.
        web = AuthorityWeb(site.content)
        web.port = demo_web_port(db_path, web.addresses)
    except DemoRefused as e:
        log.error("%s", e)
        return ExitCode.USAGE
    try:
        site.start()
    except OSError as e:
        log.error("Cannot start the sample site: %s.", e.strerror or e)
        return ExitCode.USAGE
    try:
        try:
            web.start()
        except OSError as e:
            log.error("Cannot start the sample authority sites on %s: %s.", ", ".join(web.addresses),
                      e.strerror or e)
            return ExitCode.USAGE
        # Never ./config.toml: the demo must not pick up a real site's settings or targets. The
        # sample site is local, so its attachments and their text are kept (searchable).
        config = replace(Config(), base_url=site.base_url, delay=0.0, db=db_path,
                         attachments_download=True, attachments_text=True, linked_enabled=True,
                         linked_hosts=tuple(web.addresses), linked_delay=DEMO_LINKED_DELAY)
        log.info("Sample Alaveteli site running at %s; authority sites at %s", site.base_url,
                 ", ".join(h.origin for h in web.hosts.values()))
        # Hidden requests answer 403 to everyone; the demo archives what the public can read.
        targets = [t.url_title for t in site.content.threads if t.prominence in ("normal", "backpage")]
        code = run_scrape(config, targets)
        if code != ExitCode.OK:
            return code
        if not serve:
            log.info("Archive written to %s", db_path)
            return ExitCode.OK
        from scraper.datasette.serve import serve_archive

        log.info("The sample sites stay up at %s and %s while Datasette serves (its \"on the site\" links work).",
                 site.base_url, ", ".join(h.origin for h in web.hosts.values()))
        serve_archive(db_path, host="127.0.0.1", port=int(port or 8001))
        return ExitCode.OK
    finally:
        web.stop()
        site.stop()
