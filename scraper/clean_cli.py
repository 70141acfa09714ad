"""``wdtk-archive clean`` and ``wdtk-archive reclean``: the clean step from the command line."""

from __future__ import annotations

import json
import logging
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import click

from scraper.clean import BlockStats, CleanContext, CleanResult, clean_message, mine_authority_blocks

log = logging.getLogger("wdtk_archive")

_KINDS = ("incoming", "outgoing", "annotation")


def _read_text(source: str) -> str:
    """The input as text, decoded as the fetcher decodes pages: a BOM (dropped), else UTF-8, else
    the detected charset (Latin-1, Windows-1252, …). Binary input is refused."""
    from scraper.exitcodes import ExitCode, Refusal
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


def _result_json(result: CleanResult) -> dict[str, Any]:
    return {
        "clean_text": result.clean_text,
        "stripped": [s.to_dict() for s in result.stripped],
        "labelled": [s.to_dict() for s in result.labelled],
    }


def _parse_jsonl(text: str) -> list[dict[str, Any]]:
    """Validate every line before anything is written: bad input must not leave half an output."""
    from scraper.exitcodes import ExitCode, Refusal

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
        if kind not in _KINDS:
            raise Refusal(f'Line {n}: "kind" must be one of {", ".join(_KINDS)}, not {kind!r}.', ExitCode.USAGE)
        records.append(rec)
    return records


@click.command("clean")
@click.argument("source", default="-", metavar="[FILE|-]")
@click.option("--json", "as_json", is_flag=True, help="Print the clean text and the stripped spans as JSON.")
@click.option("--jsonl", is_flag=True,
              help='Bulk mode: read JSON Lines {"id", "text"} and write {"id", "clean_text", "stripped"} lines.')
@click.option("--kind", type=click.Choice(_KINDS), default="incoming", show_default=True,
              help="What the text is (a response, a request/follow-up, or an annotation).")
@click.option("--mine/--no-mine", default=False,
              help='With --jsonl: first mine blocks each "authority" repeats across different "request_id"s.')
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
        if as_json:
            click.echo(json.dumps(_result_json(result), ensure_ascii=False, indent=2))
        else:
            click.echo(result.clean_text)
        return

    records = _parse_jsonl(text)
    blocks: dict[str, BlockStats] = {}
    if mine:
        blocks = mine_authority_blocks(
            (str(r["authority"]), str(r["request_id"]), r["text"])
            for r in records
            if r.get("authority") and r.get("request_id") is not None and r.get("kind", "incoming") == "incoming"
        )
    earlier: dict[str, list[str]] = defaultdict(list)
    out = sys.stdout
    for rec in records:
        thread = str(rec["request_id"]) if rec.get("request_id") is not None else None
        authority = str(rec["authority"]) if rec.get("authority") else None
        ctx = CleanContext(
            kind=rec.get("kind", "incoming"),
            authority=authority,
            earlier_messages=tuple(earlier[thread]) if thread else (),
            authority_blocks=blocks.get(authority) if authority else None,
        )
        result = clean_message(rec["text"], ctx)
        if thread:
            earlier[thread].append(rec["text"])
        line = {"id": rec.get("id"), "clean_text": result.clean_text, "stripped": [s.to_dict() for s in result.stripped]}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    out.flush()


def _stripped_json(result: CleanResult) -> str:
    # the archive's own JSON style (store._json)
    return json.dumps([s.to_dict() for s in result.stripped], ensure_ascii=False, separators=(",", ":"))


def _same_spans(stored: str | None, new: str) -> bool:
    try:
        return json.loads(stored or "[]") == json.loads(new)
    except ValueError:
        return False


def reclean_archive(db: Any) -> tuple[int, int, int, int]:
    """Recompute clean_text and stripped for every message (and earlier version) of an open archive.

    Everything is derived from the stored raw text: no fetching. Repeated blocks are mined per
    site and authority from visible incoming messages, as the scrape step does. All updates
    happen in one transaction. Returns (messages changed, messages, versions changed, versions).
    """
    rows = list(
        db.execute(
            "select m.id, m.request, m.kind, m.raw_text, m.clean_text, m.stripped, m.visibility, "
            "r.site, r.request_id, r.requester_name, a.url_name "
            "from messages m join requests r on r.id = m.request "
            "left join authorities a on a.id = r.authority "
            "order by m.request, m.position, m.occurrence, m.id"
        ).fetchall()
    )
    cols = ["id", "request", "kind", "raw_text", "clean_text", "stripped", "visibility",
            "site", "request_id", "requester_name", "authority"]
    messages = [dict(zip(cols, r)) for r in rows]

    def key(m: dict[str, Any]) -> str | None:
        return f"{m['site']}\t{m['authority']}" if m["authority"] else None

    blocks = mine_authority_blocks(
        (key(m), m["request"], m["raw_text"])
        for m in messages
        if key(m) and m["kind"] == "incoming" and m["visibility"] == "visible" and m["raw_text"]
    )

    versions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if "message_versions" in db.table_names():
        for vid, mid, raw, clean, stripped in db.execute(
            "select id, message, raw_text, clean_text, stripped from message_versions order by id"
        ).fetchall():
            versions[mid].append({"id": vid, "raw_text": raw, "clean_text": clean, "stripped": stripped})

    updates: list[tuple[str, str, int]] = []
    version_updates: list[tuple[str, str, int]] = []
    n_versions = 0
    earlier: list[str] = []
    current_request = None
    for m in messages:
        if m["request"] != current_request:
            current_request, earlier = m["request"], []
        k = key(m)
        ctx = CleanContext(
            kind=m["kind"] if m["kind"] in _KINDS else "incoming",
            authority=m["authority"],
            earlier_messages=tuple(earlier),
            authority_blocks=blocks.get(k) if k else None,
            requester_name=m["requester_name"],
        )
        raw = m["raw_text"] or ""
        result = clean_message(raw, ctx)
        new_spans = _stripped_json(result)
        if result.clean_text != (m["clean_text"] or "") or not _same_spans(m["stripped"], new_spans):
            updates.append((result.clean_text, new_spans, m["id"]))
        for v in versions.get(m["id"], ()):
            n_versions += 1
            vres = clean_message(v["raw_text"] or "", ctx)
            vspans = _stripped_json(vres)
            if vres.clean_text != (v["clean_text"] or "") or not _same_spans(v["stripped"], vspans):
                version_updates.append((vres.clean_text, vspans, v["id"]))
        if raw.strip():
            earlier.append(raw)

    with db.conn:  # one transaction: all or nothing
        db.conn.executemany("update messages set clean_text = ?, stripped = ? where id = ?", updates)
        if version_updates:
            db.conn.executemany("update message_versions set clean_text = ?, stripped = ? where id = ?", version_updates)
    return len(updates), len(messages), len(version_updates), n_versions


@click.command("reclean")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Settings file (default: ./config.toml if present).")
@click.option("--db", help="Archive file (default: archive.db).")
def reclean_command(config_path: str | None, db: str | None) -> None:
    """Recompute clean text and stripped spans for the whole archive from the stored raw text.

    Nothing is fetched. Prints "N of M messages changed" on standard error. What each incoming
    message is (a response, or an auto-reply, bounce or acknowledgement) is recomputed too.
    """
    from scraper import store
    from scraper.cli import get_config, setup_logging

    from scraper.exitcodes import ExitCode, archive_refusal

    setup_logging()
    db_path = get_config(config_path, db=db).db
    try:
        store.check_archive_file(db_path, write=False)  # refused untouched: no lock file, no archive
        store.check_archive_file(db_path, write=True)
        with store.ArchiveLock(db_path):
            archive = store.open_archive(db_path)
            run_id = store.start_run(archive, command="reclean", argv=sys.argv[1:])
            try:
                changed, total, v_changed, v_total = reclean_archive(archive)
                store.classify_replies(archive)
            except BaseException as e:
                interrupted = isinstance(e, KeyboardInterrupt)
                store.finish_run(archive, run_id, outcome="interrupted" if interrupted else "crashed",
                                 exit_status=ExitCode.INTERRUPTED if interrupted else ExitCode.INTERNAL,
                                 errors=["reclean stopped; nothing was changed."])
                raise
            store.finish_run(archive, run_id, exit_status=0, messages_changed=changed)
    except store.ArchiveError as e:
        raise archive_refusal(e) from None
    msg = f"{changed} of {total} messages changed"
    if v_total:
        msg += f" ({v_changed} of {v_total} earlier versions)"
    click.echo(msg + ".", err=True)
