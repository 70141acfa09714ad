"""``wdtk-archive clean`` and ``wdtk-archive reclean``: the clean step from the command line."""

from __future__ import annotations

import json
import logging
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import click

from scraper.clean import (
    BlockStats,
    CleanContext,
    CleanResult,
    ThreadIndex,
    authority_key,
    clean_message,
    load_model,
    mine_authority_blocks,
)
from scraper.clean.adapt import Adaptation, adapted, learn_from_archive

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
            {"authority": str(r["authority"]), "request_id": str(r["request_id"]), "raw_text": r["text"],
             "kind": r.get("kind", "incoming")}
            for r in records
            if r.get("authority") and r.get("request_id") is not None
        )
    earlier: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, list[str]] = defaultdict(list)
    indexes: dict[str, ThreadIndex] = defaultdict(ThreadIndex)
    out = sys.stdout
    for rec in records:
        thread = str(rec["request_id"]) if rec.get("request_id") is not None else None
        authority = str(rec["authority"]) if rec.get("authority") else None
        kind = rec.get("kind", "incoming")
        ctx = CleanContext(
            kind=kind,
            authority=authority,
            earlier_messages=tuple(earlier[thread]) if thread else (),
            earlier_kinds=tuple(kinds[thread]) if thread else (),
            authority_blocks=blocks.get(authority) if authority else None,
            index=indexes[thread] if thread else None,
        )
        result = clean_message(rec["text"], ctx)
        if thread:
            earlier[thread].append(rec["text"])
            kinds[thread].append(kind)
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


@dataclass
class RecleanReport:
    """What recleaning the archive changes (or would change, in a dry run)."""

    messages: int = 0
    changed: int = 0
    versions: int = 0
    versions_changed: int = 0
    #: category -> characters newly stripped / given back to the clean text
    removed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    restored: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[dict[str, Any]] = field(default_factory=list)
    adaptation: Adaptation = field(default_factory=Adaptation)  #: what the archive taught the cleaner

    def to_dict(self) -> dict[str, Any]:
        return {"messages": self.messages, "changed": self.changed, "versions": self.versions,
                "versions_changed": self.versions_changed, "removed": dict(self.removed),
                "restored": dict(self.restored), "examples": self.examples,
                "learned_from": self.adaptation.examples}


def _coverage(spans: list[dict[str, Any]]) -> dict[int, str]:
    out: dict[int, str] = {}
    for s in spans:
        for k in range(int(s["start"]), int(s["end"])):
            out.setdefault(k, s["category"])
    return out


def _compare(report: RecleanReport, raw: str, old: str | None, new: list[dict[str, Any]], where: str) -> None:
    """Add one message's change to the report: characters stripped now and not before (removed),
    and the other way round (restored), by category, and a few examples."""
    try:
        before = _coverage(json.loads(old or "[]"))
    except ValueError:
        before = {}
    after = _coverage(new)
    gained = [k for k in after if k not in before and not raw[k].isspace()]
    lost = [k for k in before if k not in after and not raw[k].isspace()]
    for k in gained:
        report.removed[after[k]] += 1
    for k in lost:
        report.restored[before[k]] += 1
    if (gained or lost) and len(report.examples) < 5:
        def excerpt(ks: list[int]) -> str:
            if not ks:
                return ""
            a = min(ks)
            return " ".join(raw[a : a + 160].split())
        report.examples.append({"message": where, "removed": excerpt(sorted(gained)),
                                "restored": excerpt(sorted(lost))})


def reclean_archive(db: Any, *, dry_run: bool = False) -> RecleanReport:
    """Recompute clean_text and stripped for every message (and earlier version) of an open archive.

    Everything is derived from the stored raw text: no fetching. What the archive repeats is mined
    per (site, authority) from visible messages, as the scrape step does. All updates happen in one
    transaction; with ``dry_run`` nothing is written and the report says what would change.
    """
    from scraper.archive import store

    rows = list(
        db.execute(
            "select m.id, m.request, m.kind, m.anchor, m.raw_text, m.clean_text, m.stripped, "
            "r.site, r.request_id, r.slug, r.requester_name, a.url_name "
            "from messages m join requests r on r.id = m.request "
            "left join authorities a on a.id = r.authority "
            "order by m.request, m.position, m.occurrence, m.id"
        ).fetchall()
    )
    cols = ["id", "request", "kind", "anchor", "raw_text", "clean_text", "stripped",
            "site", "request_id", "slug", "requester_name", "authority"]
    report = RecleanReport()
    messages = [dict(zip(cols, r)) for r in rows]
    mining = list(store.mining_rows(db))
    blocks = mine_authority_blocks(mining)
    # the archive teaches its cleaner: relearn the correction from what it repeats, then clean with it
    threads = [list(g) for _k, g in groupby(mining, key=lambda r: (r["site"], r["request_id"]))]
    report.adaptation = learn_from_archive(threads, load_model(), blocks)
    model = adapted(load_model(), report.adaptation)

    versions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if "message_versions" in db.table_names():
        for vid, mid, raw, clean, stripped in db.execute(
            "select id, message, raw_text, clean_text, stripped from message_versions order by id"
        ).fetchall():
            versions[mid].append({"id": vid, "raw_text": raw, "clean_text": clean, "stripped": stripped})

    updates: list[tuple[str, str, int]] = []
    version_updates: list[tuple[str, str, int]] = []
    earlier: list[str] = []
    kinds: list[str] = []
    index = ThreadIndex()
    current_request = None
    for m in messages:
        if m["request"] != current_request:
            current_request, earlier, kinds, index = m["request"], [], [], ThreadIndex()
        kind = m["kind"] if m["kind"] in _KINDS else "incoming"
        ctx = CleanContext(
            kind=kind,
            authority=m["authority"],
            earlier_messages=tuple(earlier),
            earlier_kinds=tuple(kinds),
            authority_blocks=blocks.get(authority_key(m["site"], m["authority"])) if m["authority"] else None,
            requester_name=m["requester_name"],
            index=index,
            model=model,
        )
        raw = m["raw_text"] or ""
        result = clean_message(raw, ctx)
        new_spans = [s.to_dict() for s in result.stripped]
        report.messages += 1
        if result.clean_text != (m["clean_text"] or "") or not _same_spans(m["stripped"], _stripped_json(result)):
            report.changed += 1
            updates.append((result.clean_text, _stripped_json(result), m["id"]))
            _compare(report, raw, m["stripped"], new_spans, f"{m['slug'] or m['request_id']} {m['anchor']}")
        for v in versions.get(m["id"], ()):
            report.versions += 1
            vres = clean_message(v["raw_text"] or "", ctx)
            if vres.clean_text != (v["clean_text"] or "") or not _same_spans(v["stripped"], _stripped_json(vres)):
                report.versions_changed += 1
                version_updates.append((vres.clean_text, _stripped_json(vres), v["id"]))
        if raw.strip():
            earlier.append(raw)
            kinds.append(kind)

    if not dry_run:
        with db.conn:  # one transaction: all or nothing
            db.conn.executemany("update messages set clean_text = ?, stripped = ? where id = ?", updates)
            if version_updates:
                db.conn.executemany("update message_versions set clean_text = ?, stripped = ? where id = ?",
                                    version_updates)
        cross = next((b.cross for b in blocks.values()), {})
        store.save_adaptation(db, report.adaptation, learned_at=store.now_utc(), cross_repeats=cross)
    return report


def _dry_run_text(report: RecleanReport) -> str:
    taught = ", ".join(f"{n} {c}" for c, n in sorted(report.adaptation.examples.items()) if n)
    lines = [f"{report.changed} of {report.messages} messages would change"
             + (f" ({report.versions_changed} of {report.versions} earlier versions)" if report.versions else "")
             + "."]
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


@click.command("reclean")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Settings file (default: ./config.toml if present).")
@click.option("--db", help="Archive file (default: archive.db).")
@click.option("--dry-run", is_flag=True,
              help="Change nothing; report what a new cleaner would change: messages, characters stripped "
                   "and given back per category, a few examples.")
@click.option("--json", "as_json", is_flag=True, help="With --dry-run: the report as JSON.")
def reclean_command(config_path: str | None, db: str | None, dry_run: bool, as_json: bool) -> None:
    """Recompute clean text and stripped spans for the whole archive from the stored raw text.

    Nothing is fetched. Prints "N of M messages changed" on standard error. What each incoming
    message is (a response, or an auto-reply, bounce or acknowledgement) is recomputed too.
    With --dry-run nothing is written and the report goes to standard output.
    """
    from scraper.archive import store
    from scraper.cli import get_config, setup_logging

    from scraper.exitcodes import ExitCode, archive_refusal

    setup_logging()
    if as_json and not dry_run:
        raise click.UsageError("--json goes with --dry-run.")
    db_path = get_config(config_path, db=db).db
    try:
        store.check_archive_file(db_path, write=False)  # refused untouched: no lock file, no archive
        if dry_run:
            archive = store.open_archive_for_reading(db_path)
            report = reclean_archive(archive, dry_run=True)
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else _dry_run_text(report))
            return
        store.check_archive_file(db_path, write=True)
        with store.ArchiveLock(db_path):
            archive = store.open_archive(db_path)
            run_id = store.start_run(archive, command="reclean", argv=sys.argv[1:])
            try:
                report = reclean_archive(archive)
                store.classify_replies(archive)
            except BaseException as e:
                interrupted = isinstance(e, KeyboardInterrupt)
                store.finish_run(archive, run_id, outcome="interrupted" if interrupted else "crashed",
                                 exit_status=ExitCode.INTERRUPTED if interrupted else ExitCode.INTERNAL,
                                 errors=["reclean stopped; nothing was changed."])
                raise
            store.finish_run(archive, run_id, exit_status=0, messages_changed=report.changed)
    except store.ArchiveError as e:
        raise archive_refusal(e) from None
    msg = f"{report.changed} of {report.messages} messages changed"
    if report.versions:
        msg += f" ({report.versions_changed} of {report.versions} earlier versions)"
    click.echo(msg + ".", err=True)
