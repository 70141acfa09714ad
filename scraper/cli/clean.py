"""``wdtk-archive clean`` and ``wdtk-archive reclean``: the clean step from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from scraper import archive
from scraper.clean import BlockStats, CleanContext, clean_message, mine_authority_blocks
from scraper.cleaning import KINDS, RecleanReport, ThreadWalk, reclean_archive
from scraper.cli.common import Refusal, cli, db_option, refusals, setup_logging
from scraper.exitcodes import ExitCode


def _read_text(source: str) -> str:
    """The input as text, decoded as the fetcher decodes pages: a BOM (dropped), else UTF-8, else
    the detected charset (Latin-1, Windows-1252, …). Binary input is refused."""
    from scraper.fetch import decode_text

    try:
        if source == "-":
            data = sys.stdin.buffer.read()
            name = "standard input"
        else:
            name = source
            data = Path(source).read_bytes()
    except OSError as e:
        raise Refusal(f"Cannot read {source}: {e.strerror}.", ExitCode.USAGE) from None
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refusal(f"{name} is not text (it contains NUL bytes).", ExitCode.USAGE)
    return decode_text(data, None)


def _parse_jsonl(text: str) -> list[dict[str, Any]]:
    """Validate every line before anything is written: bad input must not leave half an output."""
    records: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            raise Refusal(f"Line {n} is not valid JSON.", ExitCode.USAGE) from None
        if not isinstance(rec, dict) or "text" not in rec or not isinstance(rec["text"], str):
            raise Refusal(f'Line {n} is not an object with a "text" string.', ExitCode.USAGE)
        kind = rec.get("kind", "incoming")
        if kind not in KINDS:
            raise Refusal(f'Line {n}: "kind" must be one of {", ".join(KINDS)}, not {kind!r}.', ExitCode.USAGE)
        records.append(rec)
    return records


def _mined(records: list[dict[str, Any]]) -> dict[str, BlockStats]:
    """What each "authority" repeats across different "request_id"s of the input."""
    return mine_authority_blocks(
        {
            "authority": str(r["authority"]),
            "request_id": str(r["request_id"]),
            "raw_text": r["text"],
            "kind": r.get("kind", "incoming"),
        }
        for r in records
        if r.get("authority") and r.get("request_id") is not None
    )


def _clean_lines(records: list[dict[str, Any]], blocks: dict[str, BlockStats]) -> None:
    """Clean JSON Lines records in order, each thread's (``request_id``'s) messages knowing the
    earlier ones; write a result line per record."""
    walks: dict[str, ThreadWalk] = {}
    out = sys.stdout
    for rec in records:
        thread = str(rec["request_id"]) if rec.get("request_id") is not None else None
        authority = str(rec["authority"]) if rec.get("authority") else None
        kind = rec.get("kind", "incoming")
        authority_blocks = blocks.get(authority) if authority else None
        if thread is None:
            result = clean_message(
                rec["text"], CleanContext(kind=kind, authority=authority, authority_blocks=authority_blocks)
            )
        else:
            walk = walks.setdefault(thread, ThreadWalk())
            walk.authority, walk.authority_blocks = authority, authority_blocks
            result = walk.clean(rec["text"], kind)
        line = {"id": rec.get("id"), "clean_text": result.clean_text, "stripped": result.to_dict()["stripped"]}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    out.flush()


@cli.command("clean")
@click.argument("source", default="-", metavar="[FILE|-]")
@click.option("--json", "as_json", is_flag=True, help="Print the clean text and the stripped spans as JSON.")
@click.option(
    "--jsonl",
    is_flag=True,
    help='Bulk mode: read JSON Lines {"id", "text"} and write {"id", "clean_text", "stripped"} lines.',
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="incoming",
    show_default=True,
    help="What the text is (a response, a request/follow-up, or an annotation).",
)
@click.option(
    "--mine/--no-mine",
    default=False,
    help='With --jsonl: first mine blocks each "authority" repeats across different "request_id"s.',
)
def clean_command(source: str, as_json: bool, jsonl: bool, kind: str, mine: bool) -> None:
    """Clean one message text from FILE (or - for standard input) and print it.

    With --jsonl every input line is an object with "text" and optionally "id", "kind",
    "authority" and "request_id"; lines that share a request_id are one thread, in input
    order, so later ones are checked for quoted history against earlier ones.
    """
    text = _read_text(source)
    if not jsonl:
        if mine:
            raise click.UsageError("--mine needs --jsonl (several messages to mine from).")
        result = clean_message(text, CleanContext(kind=kind))
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if as_json else result.clean_text)
        return
    records = _parse_jsonl(text)
    _clean_lines(records, _mined(records) if mine else {})


def _dry_run_text(report: RecleanReport) -> str:
    taught = ", ".join(f"{n} {c}" for c, n in sorted(report.adaptation.examples.items()) if n)
    lines = [
        f"{report.changed} of {report.messages} messages would change"
        + (f" ({report.versions_changed} of {report.versions} earlier versions)" if report.versions else "")
        + "."
    ]
    if taught:
        lines.append(f"Learned from what the archive repeats: {taught} examples.")
    cats = sorted(set(report.removed) | set(report.restored))
    if cats:
        lines.append("")
        lines.append(f"{'category':<20} {'chars removed':>14} {'chars restored':>15}")
        for c in cats:
            lines.append(f"{c:<20} {report.removed.get(c, 0):>14,} {report.restored.get(c, 0):>15,}")
    for ex in report.examples:
        lines.append("")
        lines.append(f"{ex['message']}:")
        if ex["removed"]:
            lines.append(f"  newly stripped: {ex['removed']}")
        if ex["restored"]:
            lines.append(f"  given back:     {ex['restored']}")
    return "\n".join(lines)


def _reclean_recorded(db_path: str) -> RecleanReport:
    """Reclean the archive holding its lock, the run recorded in the run log however it ends."""
    with archive.ArchiveLock(db_path):
        db = archive.open_archive(db_path)
        run_id = archive.start_run(db, command="reclean", argv=sys.argv[1:])
        try:
            report = reclean_archive(db)
            archive.classify_replies(db)
        except BaseException as e:
            interrupted = isinstance(e, KeyboardInterrupt)
            archive.finish_run(
                db,
                run_id,
                outcome="interrupted" if interrupted else "crashed",
                exit_status=ExitCode.INTERRUPTED if interrupted else ExitCode.INTERNAL,
                errors=["reclean stopped; nothing was changed."],
            )
            raise
        archive.finish_run(db, run_id, exit_status=0, messages_changed=report.changed)
    return report


@cli.command("reclean")
@db_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Change nothing; report what a new cleaner would change: messages, characters stripped "
    "and given back per category, a few examples.",
)
@click.option("--json", "as_json", is_flag=True, help="With --dry-run: the report as JSON.")
def reclean_command(db_path: str, dry_run: bool, as_json: bool) -> None:
    """Recompute clean text and stripped spans for the whole archive from the stored raw text.

    Nothing is fetched. Prints "N of M messages changed" on standard error. What each incoming
    message is (a response, or an auto-reply, bounce or acknowledgement) is recomputed too.
    With --dry-run nothing is written and the report goes to standard output.
    """
    setup_logging()
    if as_json and not dry_run:
        raise click.UsageError("--json goes with --dry-run.")
    with refusals():
        archive.check_archive_file(db_path, write=False)  # refused untouched: no lock file, no archive
        if dry_run:
            report = reclean_archive(archive.open_archive_for_reading(db_path), dry_run=True)
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else _dry_run_text(report))
            return
        archive.check_archive_file(db_path, write=True)
        report = _reclean_recorded(db_path)
    msg = f"{report.changed} of {report.messages} messages changed"
    if report.versions:
        msg += f" ({report.versions_changed} of {report.versions} earlier versions)"
    click.echo(msg + ".", err=True)
