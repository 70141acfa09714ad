"""What an archive teaches its cleaner: boilerplate removal on a sample-site archive as it grows.

    python -m benchmarks clean_archive
    python benchmarks/bench_clean_archive.py [--write] [--json] [--authorities N] [--threads N]

Needs the ``bench`` extra (scikit-learn trains the scorer in process).

Every authority here is unseen by the scorer: the base model is trained in process on the
development collection's other folds (``benchmarks/eval_clean.py``'s fold-0 model: every record
whose authority is not in fold 0). A few fold-0 authorities are picked; for each, the sample site
serves generated threads whose replies carry that authority's own collection blocks (placed where
its collection messages put them: above the greeting, before the sign-off line, after the
signature, or in acknowledgements) around generated answers that differ from thread to thread,
framed in the authority's own generated templates (opening and acknowledgement lines, its
cost-limit refusal wording, a few officers who sign), as an authority's replies are. A real scrape over loopback (``wdtk-archive scrape --delay 0``) archives them. The archived incoming
messages are then cleaned again in process, as ``reclean`` does (thread context, mining per (site,
authority)), with the base model, at three sizes of the archive (the first 3, 6 and 12 threads of
each authority), under:

- (a) no mining: the base model alone;
- (b) mining: what the archive repeats (``r:auth``, ``r:cross``) as evidence;
- (c) mining + adaptation: the correction ``learn_from_archive`` learns from the archive;
- (c') adaptation without mining (where the adaptation alone leads).

New threads: threads 7-12 of each authority cleaned as ``scrape`` cleans them, with only what
threads 1-6 taught (mining over them, the adaptation learned from them).

(d) Transfer: the adaptation learned from the largest archive applied to the *other* fold-0
authorities' collection messages (not in the archive), against the base model, scored as
``eval_clean`` scores them.

Measures, per archived incoming message: a block counts as removed when at least 90% of its
characters (found in the archived raw text) are inside stripped spans; a must-keep line (a line of
the generated message outside its blocks and its quoted request: greeting, answer, table rows,
sign-off, officer, reference, due date) counts when it is still in the clean text (whitespace
collapsed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_clean as T  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from benchmarks import eval_clean as E  # noqa: E402
from benchmarks.clean_collection import load_collection  # noqa: E402
from benchmarks.common import section, write_section  # noqa: E402
from scraper import archive as store  # noqa: E402
from scraper.clean import CleanContext, ThreadIndex, authority_key, clean_message, mine_authority_blocks  # noqa: E402
from scraper.clean.adapt import Adaptation, adapted, learn_from_archive  # noqa: E402
from scraper.clean.mining import norm_sentence  # noqa: E402
from scraper.clean.model import Model  # noqa: E402
from scraper.clean.units import segment  # noqa: E402
from scraper.cli import cli  # noqa: E402
from scraper.sample.content import SampleMessage, SiteContent  # noqa: E402
from scraper.sample.seed_threads import (  # noqa: E402
    add_generated_threads,
    default_content,
    reply_blocks,
)
from scraper.sample.server import SampleSite  # noqa: E402

NAME = "clean_archive"
FOLD = 0
CATS = ("complaint_rights", "disclaimer", "signoff_block", "other_boilerplate")
NEEDED = {"complaint_rights", "disclaimer", "signoff_block"}
STAGES = (3, 6, 12)
VARIANTS = (("a", "no mining"), ("b", "mining"), ("c", "mining + adaptation"), ("c'", "adaptation, no mining"))
#: a collection authority that is the same body as one of the labelled set's (its real mail is there)
SAME_AS_LABELLED = {"metropolitan_police_service"}
#: a sign-off line: nothing but sign-off phrases ("Yn gywir / Yours sincerely,")
_SIGNOFF = re.compile(
    r"^[ \t]*(?:(?:yours (?:sincerely|faithfully|truly)|kind regards|regards|best wishes|many thanks|"
    r"thank you|thanks|with thanks|best regards|warm regards|yn gywir|cofion(?: cynnes| gorau)?)"
    r"[,.!]?[ \t]*/?[ \t]*)+$",
    re.I | re.M,
)


def norm(s: str) -> str:
    return " ".join(s.split())


# ---------------------------------------------------------------------------------------------
# The held-out authorities and their blocks
# ---------------------------------------------------------------------------------------------


def held_out_docs() -> list[dict[str, Any]]:
    """Collection files of fold ``FOLD`` with complaint_rights, disclaimer and signoff_block blocks."""
    return [
        d
        for d in load_collection()
        if E.fold_of(d["slug"]) == FOLD and NEEDED <= {b["category"] for b in d["blocks"].values()}
    ]


def placements(doc: dict[str, Any]) -> dict[str, str]:
    """Where the authority's own messages put each block: only in acknowledgements and
    auto-replies, above the greeting (``top``), before the sign-off line or after it (the place it
    has most often; the category's usual place when its messages do not say)."""
    seen: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for thread in doc["threads"]:
        for msg in thread["messages"]:
            if msg.get("from") == "requester":
                continue
            text = msg["text"]
            dear = text.find("Dear")
            signoff = next(reversed(list(_SIGNOFF.finditer(text))), None)
            for mt in re.finditer(r"\{\{\s*([a-z0-9_]+)\s*\}\}", text):
                name = mt.group(1)
                if name == "quote":
                    continue
                if dear < 0:
                    where = ""  # no greeting to place it by
                elif mt.start() < dear:
                    where = "top"
                elif signoff is None:
                    where = ""
                else:
                    where = "before_signoff" if mt.start() < signoff.start() else "after_signature"
                seen[name].append((msg["kind"], where))
    out = {}
    for name, b in doc["blocks"].items():
        uses = seen.get(name, [])
        wheres = [w for _k, w in uses if w]
        if uses and all(k in ("acknowledgement", "auto_reply") for k, _w in uses):
            out[name] = "acknowledgement"
        elif wheres:
            out[name] = max(sorted(set(wheres)), key=wheres.count)
        else:  # the category's usual place
            out[name] = reply_blocks([(b["category"], b["text"])])[0].place
    return out


def choose(docs: Sequence[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` authorities, one sector after another (sectors in name order, authorities in a fixed
    hashed order within each), so the archive mixes sectors."""
    by_sector: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in sorted(docs, key=lambda d: zlib.crc32(("archive " + d["slug"]).encode())):
        if d["slug"] not in SAME_AS_LABELLED:
            by_sector[d["sector"]].append(d)
    out: list[dict[str, Any]] = []
    while len(out) < n and any(by_sector.values()):
        for sector in sorted(by_sector):
            if by_sector[sector] and len(out) < n:
                out.append(by_sector[sector].pop(0))
    return out


# ---------------------------------------------------------------------------------------------
# The sample site and the archive
# ---------------------------------------------------------------------------------------------


@dataclass
class Truth:
    """What one generated incoming message holds."""

    authority: str
    blocks: list[tuple[str, str]]  #: (category, text) of the blocks it carries
    keep: list[str]  #: content lines


def build_site(chosen: Sequence[dict[str, Any]], n_threads: int) -> tuple[SiteContent, dict[str, Truth]]:
    content = default_content()
    truth: dict[str, Truth] = {}
    for k, doc in enumerate(chosen):
        place = placements(doc)
        blocks = [(b["category"], b["text"], place[name]) for name, b in doc["blocks"].items()]
        made = add_generated_threads(
            content,
            n_threads,
            authority_url_name=doc["slug"],
            authority_name=doc["authority"],
            seed=k + 1,
            blocks=blocks,
        )
        placed = reply_blocks(blocks)
        for thread in made:
            for m in thread.messages:
                if m.kind == "incoming":
                    truth[m.anchor] = _truth(doc["slug"], m, [(b.category, b.text) for b in placed])
    return content, truth


def _truth(authority: str, m: SampleMessage, blocks: list[tuple[str, str]]) -> Truth:
    visible = m.visible_text
    carried = [(c, t) for c, t in blocks if t in visible]
    for _c, t in carried:
        visible = visible.replace(t, "\n")
    keep = [ln.strip() for ln in visible.split("\n") if any(ch.isalnum() for ch in ln)]
    return Truth(authority, carried, keep)


def scrape(site: SampleSite, db: Path, authorities: Sequence[str]) -> float:
    """Archive each authority's threads through the real command; seconds taken."""
    t0 = time.perf_counter()
    for slug in authorities:
        r = CliRunner().invoke(
            cli, ["scrape", "--base-url", site.base_url, "--delay", "0", "--db", str(db), "-q", "--authority", slug]
        )
        if r.exit_code != 0:
            raise SystemExit(f"scrape --authority {slug}: exit {r.exit_code}: {r.output}")
    return time.perf_counter() - t0


@dataclass
class Archive:
    """The archived messages, per request in thread order, and the rows mining reads."""

    requests: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)
    mining: list[dict[str, Any]] = field(default_factory=list)
    authority_of: dict[tuple[str, int], str] = field(default_factory=dict)


def read_archive(db_path: Path) -> Archive:
    db = store.open_archive_for_reading(db_path)
    out = Archive()
    rows = db.execute(
        "select r.site, r.request_id, a.url_name, r.requester_name, m.kind, m.anchor, m.raw_text "
        "from messages m join requests r on r.id = m.request left join authorities a on a.id = r.authority "
        "order by m.request, m.position, m.occurrence, m.id"
    ).fetchall()
    for site, rid, authority, requester, kind, anchor, raw in rows:
        key = (site, rid)
        out.authority_of[key] = authority
        out.requests.setdefault(key, []).append(
            {
                "site": site,
                "authority": authority,
                "requester_name": requester,
                "kind": kind,
                "anchor": anchor,
                "raw_text": raw or "",
            }
        )
    out.mining = list(store.mining_rows(db))
    db.conn.close()
    return out


# ---------------------------------------------------------------------------------------------
# Cleaning and scoring
# ---------------------------------------------------------------------------------------------


def clean_archive(
    requests: dict[tuple[str, int], list[dict[str, Any]]], model: Model, blocks: dict[str, Any] | None, wanted: set[str]
) -> dict[str, Any]:
    """Clean the wanted incoming messages as reclean does: each with its thread's earlier messages,
    one memo per thread, what mining found for its (site, authority)."""
    out = {}
    for msgs in requests.values():
        earlier: list[str] = []
        kinds: list[str] = []
        index = ThreadIndex()
        for m in msgs:
            kind = m["kind"] if m["kind"] in ("incoming", "outgoing", "annotation") else "incoming"
            if m["anchor"] in wanted:
                key = authority_key(m["site"], m["authority"])
                ctx = CleanContext(
                    kind=kind,
                    authority=m["authority"],
                    earlier_messages=tuple(earlier),
                    earlier_kinds=tuple(kinds),
                    authority_blocks=(blocks or {}).get(key),
                    requester_name=m["requester_name"],
                    index=index,
                    model=model,
                )
                out[m["anchor"]] = (m["raw_text"], clean_message(m["raw_text"], ctx))
            if m["raw_text"].strip():
                earlier.append(m["raw_text"])
                kinds.append(kind)
    return out


def locate(raw: str, text: str) -> tuple[int, int] | None:
    """Where a block's text is in an archived message (the page may change its whitespace)."""
    words = text.split()
    if not words:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), raw)
    return (m.start(), m.end()) if m else None


@dataclass
class Figures:
    keep: list[int] = field(default_factory=lambda: [0, 0])
    losing: int = 0
    removal: dict[str, list[int]] = field(default_factory=lambda: {c: [0, 0] for c in CATS})
    emptied: int = 0
    messages: int = 0
    not_found: int = 0
    lost: list[tuple[str, str]] = field(default_factory=list)  #: (authority, line)
    #: of the lost lines, how many hold a sentence the archive repeats within the authority
    lost_repeated: int = 0
    left: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "keep_retained": self.keep[0],
            "keep_total": self.keep[1],
            "messages_losing_content": self.losing,
            "emptied": self.emptied,
            "blocks_not_found": self.not_found,
            "removal": {c: {"removed": v[0], "total": v[1]} for c, v in self.removal.items()},
            "lost": [f"{a}: {k[:80]!r}" for a, k in self.lost[:20]],
            "lost_total": len(self.lost),
            "lost_repeated": self.lost_repeated,
            "left": self.left[:20],
        }


def score(outputs: dict[str, Any], truth: dict[str, Truth]) -> Figures:
    f = Figures()
    for anchor, (raw, res) in outputs.items():
        t = truth[anchor]
        f.messages += 1
        clean = norm(res.clean_text)
        if raw.strip() and not res.clean_text.strip():
            f.emptied += 1
        lost = [k for k in t.keep if norm(k) not in clean]
        f.keep[0] += len(t.keep) - len(lost)
        f.keep[1] += len(t.keep)
        f.losing += bool(lost)
        f.lost.extend((t.authority, k) for k in lost)
        spans = [(s.start, s.end) for s in res.stripped]
        for cat, text in t.blocks:
            where = locate(raw, text)
            if where is None:
                f.not_found += 1
                continue
            s, e = where
            covered = sum(max(0, min(b, e) - max(a, s)) for a, b in spans)
            ok = covered >= 0.9 * (e - s)
            f.removal[cat][0] += ok
            f.removal[cat][1] += 1
            if not ok:
                f.left.append(f"{t.authority} {cat}: {norm(text)[:70]!r}")
    return f


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def run(n_authorities: int = 8, n_threads: int = 12) -> dict[str, Any]:
    started = time.perf_counter()
    docs = held_out_docs()
    chosen = choose(docs, n_authorities)
    records = T.all_records()
    t0 = time.perf_counter()
    base = T.train([r for r in records if E.fold_of(r["authority"]) != FOLD])
    train_s = time.perf_counter() - t0
    content, truth = build_site(chosen, n_threads)
    stages = [s for s in STAGES if s <= n_threads] or [n_threads]
    data: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "held_out": len(docs),
        "threads": n_threads,
        "train_seconds": train_s,
        "stages": {},
        "authorities": [
            {
                "slug": d["slug"],
                "name": d["authority"],
                "sector": d["sector"],
                "blocks": dict(sorted(_count(d).items())),
            }
            for d in chosen
        ],
    }
    with tempfile.TemporaryDirectory(prefix="wdtk-bench-clean-archive-") as tmp, SampleSite(content) as site:
        db = Path(tmp) / "archive.db"
        data["scrape_seconds"] = scrape(site, db, [d["slug"] for d in chosen])
        archive = read_archive(db)
    in_archive = {d["slug"] for d in chosen}
    rank = _ranks(archive, in_archive)
    incoming = [m["anchor"] for msgs in archive.requests.values() for m in msgs if m["anchor"] in truth]
    data["archived"] = {"requests": len(rank), "incoming": len(incoming), "generated_incoming": len(truth)}
    adaptation = Adaptation()
    for n in stages:
        adaptation, data["stages"][n] = measure(archive, truth, base, chosen, {k for k, r in rank.items() if r < n})
    # new threads, cleaned as scrape cleans them: with what the archive before them taught
    half = n_threads // 2
    if half:
        _a, data["new_threads"] = measure(
            archive,
            truth,
            base,
            chosen,
            {k for k, r in rank.items() if r < half},
            {k for k, r in rank.items() if half <= r < n_threads},
        )
        data["new_threads"]["learned_from"] = half
    # (d) transfer: the largest archive's adaptation on the other held-out authorities
    others = [r for r in records if E.fold_of(r["authority"]) == FOLD and r["authority"] not in in_archive]
    mined = T.mined_blocks(records)
    model_c = adapted(base, adaptation)
    data["transfer"] = {
        "authorities": len({r["authority"] for r in others}),
        "messages": len(others),
        "base": E.score(others, E.clean_all(others, base, blocks=mined)),
        "adapted": E.score(others, E.clean_all(others, model_c, blocks=mined)),
        "base_no_mining": E.score(others, E.clean_all(others, base, mining=False)),
        "adapted_no_mining": E.score(others, E.clean_all(others, model_c, mining=False)),
    }
    data["seconds"] = time.perf_counter() - started
    return data


def measure(
    archive: Archive,
    truth: dict[str, Truth],
    base: Model,
    chosen: Sequence[dict[str, Any]],
    learn: set[tuple[str, int]],
    clean: set[tuple[str, int]] | None = None,
) -> tuple[Adaptation, dict[str, Any]]:
    """Mine and learn from the ``learn`` requests of the archive, then clean the ``clean`` ones
    (the same by default, as reclean does) under each variant; the adaptation and the figures."""
    clean = learn if clean is None else clean
    requests = {k: v for k, v in archive.requests.items() if k in clean}
    mining = [r for r in archive.mining if (r["site"], r["request_id"]) in learn]
    wanted = {m["anchor"] for msgs in requests.values() for m in msgs if m["anchor"] in truth}
    blocks = mine_authority_blocks(mining)
    threads = [list(g) for _k, g in groupby(mining, key=lambda r: (r["site"], r["request_id"]))]
    t0 = time.perf_counter()
    adaptation = learn_from_archive(threads, base, blocks)
    learn_s = time.perf_counter() - t0
    model_c = adapted(base, adaptation)
    site = archive.mining[0]["site"] if archive.mining else None
    outs = {
        "a": clean_archive(requests, base, None, wanted),
        "b": clean_archive(requests, base, blocks, wanted),
        "c": clean_archive(requests, model_c, blocks, wanted),
        "c'": clean_archive(requests, model_c, None, wanted),
    }
    per_authority = {}
    for d in chosen:
        mine = {a for a in wanted if truth[a].authority == d["slug"]}
        per_authority[d["slug"]] = {v: score({a: o[a] for a in mine}, truth).to_dict() for v, o in outs.items()}
    return adaptation, {
        "requests": len(requests),
        "messages": len(wanted),
        "mined": sum(len(b.counts) for b in blocks.values()),
        "mined_cross": len(next(iter(blocks.values())).cross) if blocks else 0,
        "adaptation_examples": adaptation.examples,
        "adaptation_features": len(adaptation.weights),
        "learn_seconds": learn_s,
        "figures": {v: _with_repeats(score(o, truth), blocks, site).to_dict() for v, o in outs.items()},
        "per_authority": per_authority,
    }


def _with_repeats(f: Figures, blocks: dict[str, Any], site: str | None) -> Figures:
    """Count the lost lines that hold a sentence mining found repeated within their authority."""
    for authority, line in f.lost:
        stats = blocks.get(authority_key(site, authority))
        f.lost_repeated += stats is not None and any(stats.is_repeated(norm_sentence(u.text)) for u in segment(line))
    return f


def _ranks(archive: Archive, authorities: set[str]) -> dict[tuple[str, int], int]:
    """Each archived request of these authorities: its place among its authority's requests, in
    the order they were made (request ids grow with time)."""
    by_authority: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, authority in archive.authority_of.items():
        if authority in authorities:
            by_authority[authority].append(key)
    return {key: i for keys in by_authority.values() for i, key in enumerate(sorted(keys, key=lambda k: k[1]))}


def _count(doc: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for b in doc["blocks"].values():
        out[b["category"]] += 1
    return out


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


pct = E.pct


def _recall(f: dict[str, Any], cats: Sequence[str] = CATS) -> tuple[int, int]:
    return sum(f["removal"][c]["removed"] for c in cats), sum(f["removal"][c]["total"] for c in cats)


def _cell(done: int, total: int) -> str:
    return f"{pct(done / total if total else None)} ({done}/{total})"


def report(data: dict[str, Any]) -> str:
    auth = ", ".join(f"{a['name']} ({a['sector']})" for a in data["authorities"])
    lines = [
        "## What the archive teaches its cleaner (`benchmarks/bench_clean_archive.py`)",
        "",
        f"Produced by `python -m benchmarks {NAME}`, {data['date']} (run took {data['seconds']:.0f} s: training "
        f"{data['train_seconds']:.0f} s, scrape {data['scrape_seconds']:.0f} s).",
        "",
        f"None of these authorities was seen by the scorer: the base model is trained in process on every record "
        f"whose authority is not in fold {FOLD} of `eval_clean` (its fold-{FOLD} model). {len(data['authorities'])} of "
        f"the fold's {data['held_out']} authorities with complaint_rights, disclaimer and signoff_block blocks ({auth}) "
        f"each get {data['threads']} generated threads on the sample site (`add_generated_threads(..., blocks=...)`): an "
        "acknowledgement in most, an answer drawn afresh for each request (paragraphs, topics, figures, tables, "
        "refusals), framed in the authority's own generated templates (opening and acknowledgement lines, its "
        "cost-limit refusal wording, a few officers who sign), and the authority's own collection blocks where its "
        "collection messages put them. A real scrape over loopback archives them "
        f"({data['archived']['requests']} requests, {data['archived']['incoming']} generated incoming messages); the "
        "archived messages are cleaned again in process as `reclean` does, at three sizes of the archive (each "
        "authority's first N threads). A block counts as removed when at least 90% of its characters are stripped; "
        "a must-keep line (answer, table row, greeting, sign-off, officer, reference, due date) when it is still in "
        "the clean text.",
        "",
        "Variants: (a) the base model, no mining; (b) with mining (`r:auth`, `r:cross`: what the archive repeats); "
        "(c) mining and the adaptation `learn_from_archive` learns from the archive; (c') the adaptation without mining. "
        "At each size the same messages are mined, learned from and cleaned, as `reclean` does; the table of new "
        "threads below keeps them apart.",
        "",
        *_table_head("threads per authority"),
    ]
    for n, st in data["stages"].items():
        lines += _variant_rows(f"{n} ({st['messages']} msgs)", st)
    new = data.get("new_threads")
    if new:
        k = new["learned_from"]
        lines += [
            "",
            f"New threads, cleaned as `scrape` cleans them: threads {k + 1}–{data['threads']} of each authority "
            f"({new['messages']} messages) with only what the first {k} taught (mining over them, the adaptation "
            "learned from them):",
            "",
            *_table_head("archive"),
            *_variant_rows(f"first {k} → next {data['threads'] - k}", new),
        ]
    missing = sum(f["blocks_not_found"] for st in data["stages"].values() for f in st["figures"].values())
    if missing:
        lines += ["", f"{missing} block occurrences could not be found in the archived text and are not counted."]
    lines += ["", "Mining and adaptation at each size:", ""]
    for n, st in data["stages"].items():
        ex = ", ".join(f"{c} {k}" for c, k in sorted(st["adaptation_examples"].items()) if k) or "none"
        lines.append(
            f"- {n} threads per authority: {st['mined']} sentences repeated within an authority "
            f"(`r:auth`), {st['mined_cross']} across authorities (`r:cross`); the adaptation learned from "
            f"{ex} examples, {st['adaptation_features']} weights changed ({st['learn_seconds']:.1f} s)."
        )
    last_n = max(data["stages"])
    last = data["stages"][last_n]
    lines += [
        "",
        f"By authority at {last_n} threads (all blocks removed / must-keep kept):",
        "",
        "| authority | blocks | (a) | (b) | (c) | (c') |",
        "|---|---|---|---|---|---|",
    ]
    for a in data["authorities"]:
        pa = last["per_authority"][a["slug"]]
        cells = " | ".join(
            f"{_cell(*_recall(pa[v]))} / {pct(pa[v]['keep_retained'] / pa[v]['keep_total'] if pa[v]['keep_total'] else None)}"
            for v, _ in VARIANTS
        )
        blocks = ", ".join(f"{k} {c}" for k, c in a["blocks"].items())
        lines.append(f"| {a['name']} | {blocks} | {cells} |")
    tr = data["transfer"]
    lines += [
        "",
        f"(d) Transfer: the adaptation learned from the {last_n}-thread archive, on the other {tr['authorities']} "
        f"fold-{FOLD} authorities' collection messages ({tr['messages']} messages; not in the archive), scored as "
        "`eval_clean` scores them (mining over the collection, as there):",
        "",
        "| model | must-keep kept | messages losing any | " + " | ".join(CATS) + " | emptied |",
        "|---|---|---|" + "---|" * len(CATS) + "---|",
    ]
    for label, key in (
        ("base (held out, as eval_clean)", "base"),
        ("base + adaptation", "adapted"),
        ("base, no mining", "base_no_mining"),
        ("base + adaptation, no mining", "adapted_no_mining"),
    ):
        r = tr[key]
        cells = " | ".join(_cell(r["removal"][c]["removed"], r["removal"][c]["total"]) for c in CATS)
        lines.append(
            f"| {label} | {_cell(r['keep_retained'], r['keep_total'])} | {r['messages_losing_content']} | "
            f"{cells} | {r['emptied']} |"
        )
    newly = sorted(set(tr["adapted"]["lost"]) - set(tr["base"]["lost"]))
    given = sorted(set(tr["base"]["lost"]) - set(tr["adapted"]["lost"]))
    if newly or given:
        lines += [
            "",
            f"Must-keep lines of those authorities that the adaptation loses ({len(newly)}) and gives back "
            f"({len(given)}), with mining:",
            "",
        ]
        lines += [f"- lost: {x}" for x in newly[:12]] + [f"- given back: {x}" for x in given[:12]]
    lines += ["", "What this shows (computed from the figures above):", ""]
    lines += [f"- {x}" for x in findings(data)]
    f_c = last["figures"]["c"]
    if f_c["lost"]:
        lines += [
            "",
            f"Must-keep lines lost with (c) at {last_n} threads ({min(10, f_c['lost_total'])} of {f_c['lost_total']}):",
            "",
        ]
        lines += [f"- {x}" for x in f_c["lost"][:10]]
    if f_c["left"]:
        lines += ["", f"Blocks left with (c) at {last_n} threads (first {min(10, len(f_c['left']))}):", ""]
        lines += [f"- {x}" for x in f_c["left"][:10]]
    return section(NAME, "\n".join(lines))


def _table_head(first: str) -> list[str]:
    return [
        f"| {first} | variant | must-keep kept | messages losing any | "
        + " | ".join(CATS)
        + " | all blocks | emptied |",
        "|---|---|---|---|" + "---|" * len(CATS) + "---|---|",
    ]


def _variant_rows(label: str, st: dict[str, Any]) -> list[str]:
    names = dict(VARIANTS)
    out = []
    for v, f in st["figures"].items():
        cells = " | ".join(_cell(f["removal"][c]["removed"], f["removal"][c]["total"]) for c in CATS)
        out.append(
            f"| {label} | ({v}) {names[v]} | {_cell(f['keep_retained'], f['keep_total'])} "
            f"| {f['messages_losing_content']} | {cells} | {_cell(*_recall(f))} | {f['emptied']} |"
        )
    return out


def _delta(f1: dict[str, Any], f0: dict[str, Any], cats: Sequence[str] = CATS) -> tuple[float, int]:
    d1, t1 = _recall(f1, cats)
    d0, t0 = _recall(f0, cats)
    return (100 * (d1 / t1 - d0 / t0) if t1 and t0 else 0.0), d1 - d0


def _keep_delta(f1: dict[str, Any], f0: dict[str, Any]) -> int:
    return f1["keep_retained"] - f0["keep_retained"]


def findings(data: dict[str, Any]) -> list[str]:
    out = []
    measured = [(f"{n} threads per authority", st) for n, st in data["stages"].items()]
    if data.get("new_threads"):
        measured.append(
            (f"new threads (learned from the first {data['new_threads']['learned_from']})", data["new_threads"])
        )
    for label, st in measured:
        f = st["figures"]
        parts = []
        for v1, v0, what in (
            ("b", "a", "mining over none"),
            ("c", "b", "adaptation over mining"),
            ("c'", "a", "adaptation alone over none"),
        ):
            pts, blocks = _delta(f[v1], f[v0])
            keep = _keep_delta(f[v1], f[v0])
            verdict = "no gain" if blocks <= 0 else f"+{pts:.1f} points ({blocks:+d} blocks)"
            if blocks < 0:
                verdict = f"a loss: {pts:.1f} points ({blocks:+d} blocks)"
            parts.append(f"{what}: {verdict}" + (f", must-keep {keep:+d} lines" if keep else ""))
        out.append(f"{label}: " + "; ".join(parts) + ".")
    stages = list(data["stages"])
    if len(stages) > 1:
        first, last = data["stages"][stages[0]]["figures"], data["stages"][stages[-1]]["figures"]
        for v in ("b", "c"):
            r0, r1 = _recall(first[v]), _recall(last[v])
            a0, a1 = _recall(first["a"]), _recall(last["a"])
            out.append(
                f"({v}) as the archive grows from {stages[0]} to {stages[-1]} threads per authority: all-block "
                f"removal {pct(r0[0] / r0[1] if r0[1] else None)} → {pct(r1[0] / r1[1] if r1[1] else None)} "
                f"(the base model alone on the same messages: {pct(a0[0] / a0[1] if a0[1] else None)} → "
                f"{pct(a1[0] / a1[1] if a1[1] else None)})."
            )
    for label, st in measured:
        f = st["figures"]["c"]
        if f["lost_total"]:
            out.append(
                f"(c) {label}: {f['lost_total']} must-keep lines lost, {f['lost_repeated']} of them holding a "
                "sentence the authority repeats in at least 3 of its requests (its own templates: mining marks "
                "them `r:auth`, and the adaptation learns their words as boilerplate); (b), with the same "
                f"mining, lost {st['figures']['b']['lost_total']}."
            )
    tr = data["transfer"]
    for label, k1, k0 in (
        ("with mining", "adapted", "base"),
        ("without mining", "adapted_no_mining", "base_no_mining"),
    ):
        r1, r0 = tr[k1], tr[k0]
        d1 = sum(r1["removal"][c]["removed"] for c in CATS)
        d0 = sum(r0["removal"][c]["removed"] for c in CATS)
        total = sum(r0["removal"][c]["total"] for c in CATS)
        keep = r1["keep_retained"] - r0["keep_retained"]
        verdict = "no gain" if d1 <= d0 else f"+{100 * (d1 - d0) / total:.1f} points ({d1 - d0:+d} blocks)"
        if d1 < d0:
            verdict = f"a loss ({d1 - d0:+d} blocks)"
        out.append(
            f"Transfer to other authorities {label}: {verdict}"
            + (f", must-keep {keep:+d} lines" if keep else ", must-keep unchanged")
            + "."
        )
    return out


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--authorities", type=int, default=8, help="held-out authorities in the archive (default 8)")
    ap.add_argument("--threads", type=int, default=12, help="generated threads per authority (default 12)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--write", action="store_true", help=f"replace the {NAME} section of BENCHMARKS.md")
    args = ap.parse_args(argv)
    data = run(args.authorities, args.threads)
    if args.json:
        print(json.dumps(data, indent=2, default=str))
    text = report(data)
    if not args.json:
        print(text)
    if args.write:
        write_section(NAME, text)
        print("updated BENCHMARKS.md", file=sys.stderr)
    return text


if __name__ == "__main__":
    main()
