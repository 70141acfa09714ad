"""``wdtk-archive parse``: a saved request page read, cleaned and printed as a thread document."""

from __future__ import annotations

import json
from typing import IO

import click

from scraper.cli.common import Refusal, cli
from scraper.exitcodes import ExitCode


@cli.command("parse")
@click.argument("page", type=click.File("r", encoding="utf-8", errors="replace"))
@click.option(
    "--json-file",
    type=click.File("r", encoding="utf-8"),
    help="The request's .json, to add ids, event types and exact times.",
)
@click.option("--url", "page_url", help="The page's URL (to make attachment links absolute).")
def parse_command(page: IO[str], json_file: IO[str] | None, page_url: str | None) -> None:
    """Parse a saved request page (PAGE, or - for stdin) and print the thread as JSON."""
    from scraper import parse
    from scraper.archive.documents import thread_to_document
    from scraper.cleaning import Cleaner

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
    Cleaner(None).apply(thread)
    click.echo(json.dumps(thread_to_document(thread), indent=2, ensure_ascii=False))
