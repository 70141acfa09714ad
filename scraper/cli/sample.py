"""``wdtk-archive sample-site`` and ``wdtk-archive demo``: the bundled sample Alaveteli site, alone or
crawled into an archive and served."""

from __future__ import annotations

import sys

import click

from scraper.cli.common import Refusal, cli, setup_logging
from scraper.exitcodes import ExitCode


@cli.command("sample-site")
@click.option("-p", "--port", default=0, type=int, help="Port (default: any free port).")
def sample_site(port: int) -> None:
    """Run the bundled sample Alaveteli site on 127.0.0.1 until interrupted.

    The authorities' own sites its messages link to run beside it, on 127.0.0.2 and up.
    """
    from scraper.sample.authority import AuthorityWeb
    from scraper.sample.seed_threads import default_content
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
@click.option(
    "-p",
    "--port",
    default=8001,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Datasette port (if the default is taken, a free one is used).",
)
@click.option("--no-serve", is_flag=True, help="Crawl and stop; do not start Datasette.")
def demo(db: str, port: int, no_serve: bool) -> None:
    """Start the sample site, archive every thread on it, and serve the archive.

    The authorities' own sites that the sample's messages link to start too, on 127.0.0.2 and up, and
    the pages linked from the responses are archived as [linked_pages] does (WARC files beside the
    archive). The sample sites keep running while Datasette serves, so the links to messages "on the
    site" work; Ctrl-C stops them all. Attachments and their text are kept, so search finds words in
    them.
    """
    from scraper.demo import run_demo

    setup_logging()
    given = click.get_current_context().get_parameter_source("port") != click.core.ParameterSource.DEFAULT
    sys.exit(run_demo(db, port=port, port_given=given, serve=not no_serve))
