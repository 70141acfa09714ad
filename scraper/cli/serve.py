"""Reading the archive in Datasette: ``serve``, ``metadata`` and ``publish-bundle``."""

from __future__ import annotations

import json
import shlex

import click

from scraper.cli.common import cli, db_option, refusals


@cli.command()
@db_option
@click.option(
    "-h",
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; keep 127.0.0.1 unless you know why not.",
)
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--url-prefix",
    metavar="PATH",
    help="Path a reverse proxy serves the archive under, e.g. /foi/ (Datasette's base_url).",
)
@click.option(
    "--https-urls", is_flag=True, help="Write absolute links (feeds, JSON) as https:// when the proxy terminates TLS."
)
def serve(db_path: str, host: str, port: int, url_prefix: str | None, https_urls: bool) -> None:
    """Serve the archive read-only with Datasette."""
    from scraper.datasette.serve import serve_archive

    with refusals():
        serve_archive(db_path, host=host, port=port, url_prefix=url_prefix, https_urls=https_urls)


@cli.command()
@click.option(
    "--database",
    default="archive",
    show_default=True,
    help="The database's name in Datasette: the archive's file name without .db.",
)
@click.option(
    "--site",
    "sites",
    multiple=True,
    metavar="HOST",
    help="A site the archive holds, e.g. www.whatdotheyknow.com; repeatable.",
)
def metadata(database: str, sites: tuple[str, ...]) -> None:
    """Print the Datasette metadata the plugin applies to an archive (JSON).

    Plain `datasette archive.db` applies it by itself once the package is installed; save it
    (`> metadata.json`) to read or edit it, and give it to Datasette with -m.
    """
    from scraper.datasette.metadata import build_metadata

    found = [{"site": s, "origin": f"https://{s}"} for s in sites]
    click.echo(json.dumps(build_metadata({database: {"sites": found}}), indent=2, ensure_ascii=False))


@cli.command("publish-bundle")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--db", "db_path", default="archive.db", show_default=True, help="Archive file to copy.")
@click.option(
    "--include-withdrawn",
    is_flag=True,
    help="Keep what the site has withdrawn or hidden in the copy (left out by default).",
)
@click.option("--service", default="wdtk-archive", show_default=True, help="Cloud Run service name in the command.")
@click.option("--url-prefix", metavar="PATH", help="Path the published copy is served under (base_url).")
def publish_bundle(folder: str, db_path: str, include_withdrawn: bool, service: str, url_prefix: str | None) -> None:
    """Write a read-only copy of the archive, its metadata and the plugin to FOLDER, ready for
    `datasette publish`, and print the command to run there.

    What the site has withdrawn or hidden is deleted from the copy (and its indexes rebuilt,
    the file vacuumed) unless --include-withdrawn. The archive itself is not changed.
    """
    from scraper.datasette.publish import write_bundle
    from scraper.datasette.serve import normalise_prefix

    with refusals():
        bundle = write_bundle(
            db_path,
            folder,
            include_withdrawn=include_withdrawn,
            service=service,
            url_prefix=normalise_prefix(url_prefix),
        )
    left_out = ", ".join(f"{n} {what}" for what, n in bundle.removed.items()) if bundle.removed else None
    click.echo(
        f"Wrote {bundle.folder}/ ({bundle.database.name}, metadata.json, plugins/); "
        + (
            f"left out what the site took down: {left_out}."
            if left_out is not None
            else "withdrawn and hidden material kept, flagged."
        ),
        err=True,
    )
    click.echo(f"cd {shlex.quote(str(bundle.folder))} && {shlex.join(bundle.command)}")
