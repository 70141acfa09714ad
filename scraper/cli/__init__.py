"""The ``wdtk-archive`` command line."""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
import sys
import traceback
from typing import Any, Callable

import click

from scraper import __version__
from scraper.config import Config, ConfigError, load_config
from scraper.exitcodes import ExitCode, Refusal, help_line

log = logging.getLogger("wdtk_archive")


def setup_logging(quiet: bool = False, verbose: bool = False) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("wdtk_archive")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def config_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--config plus the overrides every site-facing command takes; passes ``config``."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False),
                  help="Settings file (default: ./config.toml if present).")
    @click.option("--base-url", help="Root URL of the Alaveteli site.")
    @click.option("--contact", help="E-mail or URL for the User-Agent (required for remote sites).")
    @click.option("--delay", type=float, help="Seconds between requests.")
    @click.option("--db", help="Archive file (default: archive.db).")
    @functools.wraps(f)
    def wrapper(config_path, base_url, contact, delay, db, **kwargs):
        kwargs["config"] = get_config(config_path, base_url=base_url, contact=contact, delay=delay, db=db)
        return f(**kwargs)

    return wrapper


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --db for commands that only read or rewrite the archive; passes ``db_path``."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False),
                  help="Settings file (default: ./config.toml if present).")
    @click.option("--db", help="Archive file (default: archive.db).")
    @functools.wraps(f)
    def wrapper(config_path, db, **kwargs):
        kwargs["db_path"] = get_config(config_path, db=db).db
        return f(**kwargs)

    return wrapper


def get_config(path: str | None, **overrides: Any) -> Config:
    try:
        return load_config(path, **overrides)
    except ConfigError as e:
        raise click.UsageError(str(e)) from None


#: SQLite errors that say something about the file or the disk, not about our code.
_SQLITE_ENVIRONMENT = ("disk is full", "disk i/o error", "readonly database", "unable to open database",
                       "database disk image is malformed")


class _Commands(click.Group):
    """Every command ends with a code from the one table (:class:`scraper.exitcodes.ExitCode`):
    Ctrl-C is INTERRUPTED (not click's "Aborted!" and 1), a full disk or a broken file one sentence
    and ARCHIVE, and anything else unforeseen a traceback and INTERNAL."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(ExitCode.INTERRUPTED)
        except sqlite3.DatabaseError as e:
            if "database is locked" in str(e).lower():  # another process kept it busy past the timeout
                raise Refusal(f"The archive is busy ({e}): another process is writing to it.",
                              ExitCode.LOCKED) from None
            if any(part in str(e).lower() for part in _SQLITE_ENVIRONMENT):
                raise Refusal(f"The archive could not be used: {e}.", ExitCode.ARCHIVE) from None
            self._internal(ctx)
        except Exception:
            self._internal(ctx)

    @staticmethod
    def _internal(ctx: click.Context) -> None:
        traceback.print_exc()
        click.echo("Error: an internal error stopped the command (a bug: please report it with the traceback "
                   "above); what was archived before it is kept.", err=True)
        ctx.exit(ExitCode.INTERNAL)


@click.group(cls=_Commands)
@click.version_option(__version__, prog_name="wdtk-archive")
def cli() -> None:
    """Archive FOI request threads from WhatDoTheyKnow (or any Alaveteli site) into SQLite,
    politely, and read them in Datasette."""


@cli.command(epilog=help_line())
@click.argument("targets", nargs=-1)
@config_options
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
@click.option("--authority", "authorities", multiple=True, metavar="URL_NAME",
              help="Follow an authority (its /body/<url_name> listing); repeatable.")
@click.option("--user", "users", multiple=True, metavar="URL_NAME", help="Follow a user's requests; repeatable.")
@click.option("--list", "lists", multiple=True, metavar="QUERY",
              help="Follow a /list query: a /list URL or query=…&tag=…&status=…&after=…&before=…; repeatable.")
@click.option("--max-requests", type=click.IntRange(1), help="Stop after this many requests (the next run resumes).")
@click.option("--max-minutes", type=click.FloatRange(min=0, min_open=True),
              help="Stop after this many minutes (the next run resumes).")
@click.option("--summary", is_flag=True, help="Print a one-line summary on stderr (also with --quiet).")
@click.option("--purge-withdrawn", is_flag=True,
              help="Delete withdrawn requests, hidden or removed messages and attachments, and attachment "
                   "files no longer referenced, from the archive.")
def scrape(targets: tuple[str, ...], config: Config, quiet: bool, verbose: bool, authorities: tuple[str, ...],
           users: tuple[str, ...], lists: tuple[str, ...], max_requests: int | None, max_minutes: float | None,
           summary: bool, purge_withdrawn: bool) -> None:
    """Fetch request threads and store them in the archive.

    TARGETS are request slugs, request URLs or numeric request ids, or the /body/, /user/ or
    /list URLs of what to follow (also authority:<x>, user:<x>, list:<query>); without any, the
    [targets] (and [[sites]]) of config.toml are used. Threads already archived are checked with
    conditional requests and rewritten only when they changed. Ctrl-C or SIGTERM stops the run
    cleanly: a summary of what was kept, and the next run resumes.
    """
    from scraper.crawl.run import run_sync

    setup_logging(quiet, verbose)
    given = [*targets, *(f"authority:{a}" for a in authorities), *(f"user:{u}" for u in users),
             *(q if "/list" in q or q.startswith("list:") else f"list:{q}" for q in lists)]
    base = click.get_current_context().params.get("base_url")
    if given:
        site = config.site_list(config.base_url)[0] if config.sites else config.site_list()[0]
        plan = [(site, given)]
    else:
        sites = config.site_list(config.base_url if base else None)
        plan = [(s, [*s.requests, *(f"authority:{a}" for a in s.authorities), *(f"user:{u}" for u in s.users),
                     *s.lists]) for s in sites]
        plan = [(s, t) for s, t in plan if t]
    if not plan and not purge_withdrawn:
        raise click.UsageError(
            "Nothing to scrape: give request slugs, URLs or ids, --authority, --user or --list, or list them "
            "under [targets] (requests, authorities, users, lists) in config.toml."
        )
    from scraper.crawl.thread import TargetError, request_path
    from scraper.crawl.sync import parse_listing

    try:  # refuse a bad target before the archive is touched or anything is fetched
        for site, site_targets in plan:
            for target in site_targets:
                if parse_listing(target, site.base_url) is None:
                    request_path(target, site.base_url)
    except TargetError as e:
        raise click.UsageError(str(e)) from None
    sys.exit(run_sync(config, plan, max_requests=max_requests, max_minutes=max_minutes, summary=summary,
                      purge=purge_withdrawn))


@cli.command("parse")
@click.argument("page", type=click.File("r", encoding="utf-8", errors="replace"))
@click.option("--json-file", type=click.File("r", encoding="utf-8"),
              help="The request's .json, to add ids, event types and exact times.")
@click.option("--url", "page_url", help="The page's URL (to make attachment links absolute).")
def parse_command(page, json_file, page_url) -> None:
    """Parse a saved request page (PAGE, or - for stdin) and print the thread as JSON."""
    from scraper import parse
    from scraper.export import thread_to_document

    html = page.read()
    data = None
    if json_file is not None:
        try:
            data = json.load(json_file)
        except ValueError as e:
            raise Refusal(f"{json_file.name} is not valid JSON ({e}).", ExitCode.USAGE) from None
    try:
        thread = parse.parse_request_page(html, data, page_url=page_url)
    except parse.ParseError as e:
        raise Refusal(f"{page.name}: {e}", ExitCode.USAGE) from None
    from scraper.crawl.thread import Cleaner

    Cleaner(None).apply(thread)
    click.echo(json.dumps(thread_to_document(thread), indent=2, ensure_ascii=False))


@cli.command()
@db_option
@click.option("-h", "--host", default="127.0.0.1", show_default=True,
              help="Address to bind; keep 127.0.0.1 unless you know why not.")
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option("--url-prefix", metavar="PATH",
              help="Path a reverse proxy serves the archive under, e.g. /foi/ (Datasette's base_url).")
@click.option("--https-urls", is_flag=True,
              help="Write absolute links (feeds, JSON) as https:// when the proxy terminates TLS.")
def serve(db_path: str, host: str, port: int, url_prefix: str | None, https_urls: bool) -> None:
    """Serve the archive read-only with Datasette."""
    from scraper.datasette.serve import serve_archive

    serve_archive(db_path, host=host, port=port, url_prefix=url_prefix, https_urls=https_urls)


@cli.command("sample-site")
@click.option("-p", "--port", default=0, type=int, help="Port (default: any free port).")
def sample_site(port: int) -> None:
    """Run the bundled sample Alaveteli site on 127.0.0.1 until interrupted.

    The authorities' own sites its messages link to run beside it, on 127.0.0.2 and up.
    """
    from scraper.sample.authority import AuthorityWeb
    from scraper.sample.content import default_content
    from scraper.sample.server import serve as serve_sample

    content = default_content()
    try:
        web = AuthorityWeb(content).start()
    except OSError as e:  # the loopback addresses cannot be listened on
        raise Refusal(f"Cannot serve the sample authority sites: {e.strerror or e}.", ExitCode.USAGE) from None
    click.echo("Authority sites at " + ", ".join(f"{h.origin}/" for h in web.hosts.values()), err=True)
    try:
        serve_sample("127.0.0.1", port, content)
    except OSError as e:  # port taken, or not allowed
        raise Refusal(f"Cannot serve the sample site on 127.0.0.1:{port}: {e.strerror or e}.", ExitCode.USAGE) from None
    finally:
        web.stop()


@cli.command()
@click.option("--db", default="archive.db", show_default=True, help="Archive file to write.")
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Datasette port (if the default is taken, a free one is used).")
@click.option("--no-serve", is_flag=True, help="Crawl and stop; do not start Datasette.")
def demo(db: str, port: int, no_serve: bool) -> None:
    """Start the sample site, archive every thread on it, and serve the archive.

    The authorities' own sites that the sample's messages link to start too, on 127.0.0.2 and up, and
    the pages linked from the responses are archived as [linked_pages] does (WARC files beside the
    archive). The sample sites keep running while Datasette serves, so the links to messages "on the
    site" work; Ctrl-C stops them all. Attachments and their text are kept, so search finds words in
    them.
    """
    from scraper.crawl.run import run_demo

    setup_logging()
    given = click.get_current_context().get_parameter_source("port") != click.core.ParameterSource.DEFAULT
    sys.exit(run_demo(db, port=port, port_given=given, serve=not no_serve))


def _register_optional_commands() -> None:
    from scraper.cli.clean import clean_command, reclean_command
    from scraper.export import export_command
    from scraper.datasette.publish import publish_bundle_command

    cli.add_command(export_command, "export")
    cli.add_command(clean_command, "clean")
    cli.add_command(reclean_command, "reclean")
    cli.add_command(publish_bundle_command, "publish-bundle")


_register_optional_commands()
