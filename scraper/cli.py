"""The ``wdtk-archive`` command line."""

from __future__ import annotations

import functools
import json
import logging
import sys
from typing import Any, Callable

import click

from scraper import __version__
from scraper.config import Config, ConfigError, load_config

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


@click.group()
@click.version_option(__version__, prog_name="wdtk-archive")
def cli() -> None:
    """Archive FOI request threads from WhatDoTheyKnow (or any Alaveteli site) into SQLite,
    politely, and read them in Datasette."""


@cli.command()
@click.argument("targets", nargs=-1)
@config_options
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
def scrape(targets: tuple[str, ...], config: Config, quiet: bool, verbose: bool) -> None:
    """Fetch request threads and store them in the archive.

    TARGETS are request slugs, request URLs or numeric request ids; without any, the
    [targets] of config.toml are used. Threads already archived are fetched with
    conditional requests and rewritten only when they changed.
    """
    from scraper.run import run_scrape

    setup_logging(quiet, verbose)
    chosen = list(targets) or list(config.targets)
    if not chosen:
        raise click.UsageError(
            "Nothing to scrape: give request slugs, URLs or ids, or list them under "
            "[targets] requests in config.toml."
        )
    sys.exit(run_scrape(config, chosen))


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
            raise click.ClickException(f"{json_file.name} is not valid JSON ({e}).") from None
    try:
        thread = parse.parse_request_page(html, data, page_url=page_url)
    except parse.ParseError as e:
        raise click.ClickException(f"{page.name}: {e}") from None
    from scraper.scrape import Cleaner

    Cleaner(None).apply(thread)
    click.echo(json.dumps(thread_to_document(thread), indent=2, ensure_ascii=False))


@cli.command()
@db_option
@click.option("-h", "--host", default="127.0.0.1", show_default=True,
              help="Address to bind; keep 127.0.0.1 unless you know why not.")
@click.option("-p", "--port", default=8001, show_default=True, type=int)
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the archive read-only with Datasette."""
    from scraper.serve import serve_archive

    serve_archive(db_path, host=host, port=port)


@cli.command("sample-site")
@click.option("-p", "--port", default=0, type=int, help="Port (default: any free port).")
def sample_site(port: int) -> None:
    """Run the bundled sample Alaveteli site on 127.0.0.1 until interrupted."""
    from scraper.sample.server import serve as serve_sample

    serve_sample("127.0.0.1", port)


@cli.command()
@click.option("--db", default="archive.db", show_default=True, help="Archive file to write.")
@click.option("-p", "--port", default=8001, show_default=True, type=int, help="Datasette port.")
@click.option("--no-serve", is_flag=True, help="Crawl and stop; do not start Datasette.")
def demo(db: str, port: int, no_serve: bool) -> None:
    """Start the sample site, archive every thread on it, and serve the archive."""
    from scraper.run import run_demo

    setup_logging()
    sys.exit(run_demo(db, port=port, serve=not no_serve))


def _register_optional_commands() -> None:
    from scraper.clean_cli import clean_command, reclean_command
    from scraper.export import export_command

    cli.add_command(export_command, "export")
    cli.add_command(clean_command, "clean")
    cli.add_command(reclean_command, "reclean")


_register_optional_commands()
