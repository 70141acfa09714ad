"""``wdtk-archive scrape``: the crawl, from the command line or cron."""

from __future__ import annotations

import sys

import click

from scraper.cli.common import cli, config_options, setup_logging
from scraper.config import Config, SiteConfig
from scraper.exitcodes import help_line


def _given_targets(
    targets: tuple[str, ...], authorities: tuple[str, ...], users: tuple[str, ...], lists: tuple[str, ...]
) -> list[str]:
    """The command line's targets, each as a target string (``authority:x``, ``list:query``, …)."""
    return [
        *targets,
        *(f"authority:{a}" for a in authorities),
        *(f"user:{u}" for u in users),
        *(q if "/list" in q or q.startswith("list:") else f"list:{q}" for q in lists),
    ]


def _plan(config: Config, given: list[str], base_url_given: bool) -> list[tuple[SiteConfig, list[str]]]:
    """Each site with what to archive there: the targets given (on the configured site), or every
    site's own from config.toml (only the --base-url one, when given)."""
    if given:
        site = config.site_list(config.base_url)[0] if config.sites else config.site_list()[0]
        return [(site, given)]
    sites = config.site_list(config.base_url if base_url_given else None)
    plan = [
        (s, [*s.requests, *(f"authority:{a}" for a in s.authorities), *(f"user:{u}" for u in s.users), *s.lists])
        for s in sites
    ]
    return [(s, t) for s, t in plan if t]


@cli.command(epilog=help_line())
@click.argument("targets", nargs=-1)
@config_options
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
@click.option(
    "--authority",
    "authorities",
    multiple=True,
    metavar="URL_NAME",
    help="Follow an authority (its /body/<url_name> listing); repeatable.",
)
@click.option("--user", "users", multiple=True, metavar="URL_NAME", help="Follow a user's requests; repeatable.")
@click.option(
    "--list",
    "lists",
    multiple=True,
    metavar="QUERY",
    help="Follow a /list query: a /list URL or query=…&tag=…&status=…&after=…&before=…; repeatable.",
)
@click.option("--max-requests", type=click.IntRange(1), help="Stop after this many requests (the next run resumes).")
@click.option(
    "--max-minutes",
    type=click.FloatRange(min=0, min_open=True),
    help="Stop after this many minutes (the next run resumes).",
)
@click.option("--summary", is_flag=True, help="Print a one-line summary on stderr (also with --quiet).")
@click.option(
    "--purge-withdrawn",
    is_flag=True,
    help="Delete withdrawn requests, hidden or removed messages and attachments, and attachment "
    "files no longer referenced, from the archive.",
)
def scrape(
    targets: tuple[str, ...],
    config: Config,
    quiet: bool,
    verbose: bool,
    authorities: tuple[str, ...],
    users: tuple[str, ...],
    lists: tuple[str, ...],
    max_requests: int | None,
    max_minutes: float | None,
    summary: bool,
    purge_withdrawn: bool,
) -> None:
    """Fetch request threads and store them in the archive.

    TARGETS are request slugs, request URLs or numeric request ids, or the /body/, /user/ or
    /list URLs of what to follow (also authority:<x>, user:<x>, list:<query>); without any, the
    [targets] (and [[sites]]) of config.toml are used. Threads already archived are checked with
    conditional requests and rewritten only when they changed. Ctrl-C or SIGTERM stops the run
    cleanly: a summary of what was kept, and the next run resumes.
    """
    from scraper.crawl.run import run_scrape
    from scraper.crawl.targets import TargetError, split_targets

    setup_logging(quiet, verbose)
    base_url_given = bool(click.get_current_context().params.get("base_url"))
    plan = _plan(config, _given_targets(targets, authorities, users, lists), base_url_given)
    if not plan and not purge_withdrawn:
        raise click.UsageError(
            "Nothing to scrape: give request slugs, URLs or ids, --authority, --user or --list, or list them "
            "under [targets] (requests, authorities, users, lists) in config.toml."
        )
    try:  # refuse a bad target before the archive is touched or anything is fetched
        for site, site_targets in plan:
            split_targets(site_targets, site.base_url)
    except TargetError as e:
        raise click.UsageError(str(e)) from None
    sys.exit(
        run_scrape(
            config, plan, max_requests=max_requests, max_minutes=max_minutes, summary=summary, purge=purge_withdrawn
        )
    )
