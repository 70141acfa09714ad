"""``wdtk-archive export``: archived threads as JSON documents."""

from __future__ import annotations

import click

from scraper import archive
from scraper.cli.common import cli, db_option, refusals
from scraper.export import write_export


def _one_document(keys: tuple[str, ...], all_: bool, fmt: str) -> bool:
    """One KEY asks for one thread: it is written as the document itself, not an array of one
    (``export SLUG | jq '.messages[]'``)."""
    return fmt == "json" and len(keys) == 1 and not all_


@cli.command("export")
@click.argument("keys", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Export every thread (the filters below still apply).")
@click.option("--authority", help="Only requests to this authority (url_name, name or id).")
@click.option("--since", help="Only requests made on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only requests made on or before this date (YYYY-MM-DD).")
@click.option("--site", help="Only this site's requests (its host, e.g. www.whatdotheyknow.com).")
@click.option(
    "--exclude-withdrawn",
    is_flag=True,
    help="Leave out requests the site withdrew, and messages and attachments it hid or removed "
    "(by default everything archived is exported, flagged).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl"]),
    default="json",
    show_default=True,
    help="A JSON array, or JSON Lines (one document per line).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="File to write (default: standard output). Written in full or not at all.",
)
@db_option
def export_command(
    keys: tuple[str, ...],
    all_: bool,
    authority: str | None,
    since: str | None,
    until: str | None,
    site: str | None,
    exclude_withdrawn: bool,
    fmt: str,
    output: str,
    db_path: str,
) -> None:
    """Write archived threads as JSON documents, one per thread.

    KEYS are request slugs (current or former), numeric request ids or request URLs.
    Give KEYS, or --all, or a filter (--authority, --since, --until, --site). One KEY writes
    that thread's document itself; anything else a JSON array (or JSON Lines). The document
    format is described by scraper/schema/thread.schema.json. The archive is only read, so a
    read-only archive (or folder) is fine.
    """
    if keys and all_:
        raise click.UsageError("Give request slugs/ids or --all, not both.")
    if not keys and not all_ and not (authority or since or until or site):
        raise click.UsageError("Nothing to export: give request slugs or ids, --all, or a filter such as --authority.")
    with refusals():
        # a bad date is bad input, whatever the archive
        archive.documents.checked_day(since, "since")
        archive.documents.checked_day(until, "until")
        opened = archive.open_archive_for_reading(db_path)
        documents = archive.iter_thread_documents(
            opened,
            keys=list(keys) if keys else None,
            authority=authority,
            since=since,
            until=until,
            site=site,
            exclude_withdrawn=exclude_withdrawn,
        )
        count = write_export(documents, output, "object" if _one_document(keys, all_, fmt) else fmt)
    if count == 0:
        click.echo("No archived thread matched.", err=True)
