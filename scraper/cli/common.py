"""What every command shares: the ``wdtk-archive`` group, its options, logging, and how a command
ends (one table of exit codes: :class:`scraper.exitcodes.ExitCode`)."""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import click

from scraper import __version__
from scraper.config import Config, ConfigError, load_config
from scraper.exitcodes import ExitCode, Refused


def setup_logging(quiet: bool = False, verbose: bool = False) -> None:
    """Progress and logs go to stderr, as one line a message (data goes to stdout)."""
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("wdtk_archive")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def get_config(path: str | None, **overrides: Any) -> Config:
    """The settings (config.toml and the options given), or a usage error naming what is wrong."""
    try:
        return load_config(path, **overrides)
    except ConfigError as e:
        raise click.UsageError(str(e)) from None


def config_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--config plus the overrides every site-facing command takes; passes ``config``."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Settings file (default: ./config.toml if present).",
    )
    @click.option("--base-url", help="Root URL of the Alaveteli site.")
    @click.option("--contact", help="E-mail or URL for the User-Agent (required for remote sites).")
    @click.option("--delay", type=float, help="Seconds between requests.")
    @click.option("--db", help="Archive file (default: archive.db).")
    @functools.wraps(f)
    def wrapper(
        config_path: str | None,
        base_url: str | None,
        contact: str | None,
        delay: float | None,
        db: str | None,
        **kwargs: Any,
    ) -> Any:
        kwargs["config"] = get_config(config_path, base_url=base_url, contact=contact, delay=delay, db=db)
        return f(**kwargs)

    return wrapper


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --db for commands that only read or rewrite the archive; passes ``db_path``."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Settings file (default: ./config.toml if present).",
    )
    @click.option("--db", help="Archive file (default: archive.db).")
    @functools.wraps(f)
    def wrapper(config_path: str | None, db: str | None, **kwargs: Any) -> Any:
        kwargs["db_path"] = get_config(config_path, db=db).db
        return f(**kwargs)

    return wrapper


class Refusal(click.ClickException):
    """A command refusing with one sentence ("Error: …" on stderr) and the table's exit code."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.exit_code = int(code)  # type: ignore[misc]  # click declares it on the class; each refusal has its own


@contextlib.contextmanager
def refusals() -> Iterator[None]:
    """Turn the library's refusals (:class:`scraper.exitcodes.Refused`: a bad archive file, a bad
    export filter, a taken port, …) into the command's one sentence and exit code."""
    try:
        yield
    except Refused as e:
        raise Refusal(str(e), e.code) from None


#: SQLite errors that say something about the file or the disk, not about our code.
_SQLITE_ENVIRONMENT = (
    "disk is full",
    "disk i/o error",
    "readonly database",
    "unable to open database",
    "database disk image is malformed",
)


class Commands(click.Group):
    """Every command ends with a code from the one table (:class:`scraper.exitcodes.ExitCode`):
    a refusal one sentence and its code, Ctrl-C INTERRUPTED (not click's "Aborted!" and 1), a full
    disk or a broken file one sentence and ARCHIVE, and anything else unforeseen a traceback and
    INTERNAL."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with refusals():
                return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(ExitCode.INTERRUPTED)
        except sqlite3.DatabaseError as e:
            if "database is locked" in str(e).lower():  # another process kept it busy past the timeout
                raise Refusal(
                    f"The archive is busy ({e}): another process is writing to it.", ExitCode.LOCKED
                ) from None
            if any(part in str(e).lower() for part in _SQLITE_ENVIRONMENT):
                raise Refusal(f"The archive could not be used: {e}.", ExitCode.ARCHIVE) from None
            self._internal(ctx)
        except Exception:
            self._internal(ctx)

    @staticmethod
    def _internal(ctx: click.Context) -> None:
        traceback.print_exc()
        click.echo(
            "Error: an internal error stopped the command (a bug: please report it with the traceback "
            "above); what was archived before it is kept.",
            err=True,
        )
        ctx.exit(ExitCode.INTERNAL)


@click.group(cls=Commands)
@click.version_option(__version__, prog_name="wdtk-archive")
def cli() -> None:
    """Archive FOI request threads from WhatDoTheyKnow (or any Alaveteli site) into SQLite,
    politely, and read them in Datasette."""
