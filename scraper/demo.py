"""The demo: the sample site and its authorities' sites on loopback, crawled into an archive that
Datasette then serves, every port settled before anything is crawled."""

from __future__ import annotations

import logging
import socket
from dataclasses import replace

from scraper import archive
from scraper.config import Config
from scraper.crawl.run import scrape_targets
from scraper.exitcodes import ExitCode

log = logging.getLogger("wdtk_archive")

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
    archived = archive.loopback_sites(db_path)
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
    archived = archive.loopback_ports(db_path)
    if archived:
        port = archived[0]
        taken = [a for a in addresses if not port_free(port, a)]
        if taken:
            raise DemoRefused(
                f"{db_path} holds linked pages archived from the sample authority sites on port {port}, which "
                f"is now taken on {taken[0]}: free it, or give --db a new file (on another port every linked "
                "page would be archived again)."
            )
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
        archive.check_archive_file(db_path, write=True)
    except archive.ArchiveError as e:
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
            log.error("Cannot start the sample authority sites on %s: %s.", ", ".join(web.addresses), e.strerror or e)
            return ExitCode.USAGE
        # Never ./config.toml: the demo must not pick up a real site's settings or targets. The
        # sample site is local, so its attachments and their text are kept (searchable).
        config = replace(
            Config(),
            base_url=site.base_url,
            delay=0.0,
            db=db_path,
            attachments_download=True,
            attachments_text=True,
            linked_enabled=True,
            linked_hosts=tuple(web.addresses),
            linked_delay=DEMO_LINKED_DELAY,
        )
        log.info(
            "Sample Alaveteli site running at %s; authority sites at %s",
            site.base_url,
            ", ".join(h.origin for h in web.hosts.values()),
        )
        # Hidden requests answer 403 to everyone; the demo archives what the public can read.
        targets = [t.url_title for t in site.content.threads if t.prominence in ("normal", "backpage")]
        code = scrape_targets(config, targets)
        if code != ExitCode.OK:
            return code
        if not serve:
            log.info("Archive written to %s", db_path)
            return ExitCode.OK
        from scraper.datasette.serve import serve_archive

        log.info(
            'The sample sites stay up at %s and %s while Datasette serves (its "on the site" links work).',
            site.base_url,
            ", ".join(h.origin for h in web.hosts.values()),
        )
        serve_archive(db_path, host="127.0.0.1", port=int(port or 8001))
        return ExitCode.OK
    finally:
        web.stop()
        site.stop()
