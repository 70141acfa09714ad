"""The clean step on whole threads and archives, around :mod:`scraper.clean` (which cleans one message).

* :class:`ThreadWalk`: a thread's messages cleaned in order, each knowing the ones before it (the
  one home of that context, for the scrape, ``reclean`` and ``clean --jsonl``);
* :class:`Cleaner`: a parsed thread cleaned with what the archive repeats for its authority and
  what the archive taught the scorer (the scrape step);
* :func:`reclean_archive`: every archived message cleaned again from its stored raw text, the
  archive relearning what it repeats first (``wdtk-archive reclean``).

Reading and writing the archive is :mod:`scraper.archive`'s; nothing here runs SQL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import sqlite_utils

from scraper import archive
from scraper.archive.values import spans_json
from scraper.clean import (
    BlockStats,
    CleanContext,
    CleanResult,
    Model,
    ThreadIndex,
    authority_key,
    clean_message,
    load_model,
    mine_authority_blocks,
)
from scraper.clean.adapt import Adaptation, adapted, learn_from_archive
from scraper.clock import now_iso
from scraper.models import Thread

#: What a message can be (``messages.kind``).
KINDS = ("incoming", "outgoing", "annotation")


class ThreadWalk:
    """One thread's messages, cleaned in order: each sees the raw texts and kinds of the earlier
    ones, and the thread's shared memo (:class:`scraper.clean.ThreadIndex`)."""

    def __init__(
        self,
        *,
        authority: str | None = None,
        authority_blocks: BlockStats | None = None,
        requester_name: str | None = None,
        model: Model | None = None,
    ) -> None:
        self.authority = authority
        self.authority_blocks = authority_blocks
        self.requester_name = requester_name
        self.model = model
        self.earlier: list[str] = []
        self.kinds: list[str] = []
        self.index = ThreadIndex()

    def context(self, kind: str) -> CleanContext:
        """What cleaning the next message (of ``kind``) may know."""
        return CleanContext(
            kind=kind,
            authority=self.authority,
            earlier_messages=tuple(self.earlier),
            earlier_kinds=tuple(self.kinds),
            authority_blocks=self.authority_blocks,
            requester_name=self.requester_name,
            index=self.index,
            model=self.model,
        )

    def clean(self, raw: str, kind: str) -> CleanResult:
        """Clean the next message, then remember it for the ones after it."""
        result = clean_message(raw, self.context(kind))
        if raw.strip():
            self.earlier.append(raw)
            self.kinds.append(kind)
        return result


class Cleaner:
    """The clean step of the scrape: each thread cleaned with the thread and authority context.

    What the archive repeats is mined per (site, authority), from the same rows and in the same
    way as ``reclean`` does (:func:`scraper.clean.mine_authority_blocks` over
    :func:`scraper.archive.mining_rows`)."""

    def __init__(self, db: sqlite_utils.Database | None = None, site: str | None = None) -> None:
        self.db = db  # None: no archive to mine repeated blocks from
        self.site = site
        self._blocks: dict[str, BlockStats | None] = {}
        # the shipped scorer, with what this archive taught it (relearned by reclean)
        base = load_model()
        self.model = adapted(base, archive.load_adaptation(db)) if db is not None else base
        # what several authorities send, as reclean found it (one authority's rows cannot show it)
        self._cross = archive.load_cross_repeats(db) if db is not None else {}

    def authority_blocks(self, authority: str | None) -> BlockStats | None:
        if not authority or self.db is None:
            return None
        key = authority_key(self.site, authority)
        if key not in self._blocks:
            rows = archive.mining_rows(self.db, authority=authority, site=self.site)
            stats = mine_authority_blocks(rows).get(key)
            if stats is not None:
                stats.cross = self._cross
            self._blocks[key] = stats
        return self._blocks[key]

    def apply(self, thread: Thread) -> None:
        """Fill in each message's ``clean_text`` and ``stripped``."""
        walk = ThreadWalk(
            authority=thread.authority.url_name,
            authority_blocks=self.authority_blocks(thread.authority.url_name),
            requester_name=thread.requester.name,
            model=self.model,
        )
        for message in thread.messages:
            if message.raw_text:
                result = walk.clean(message.raw_text, message.kind)
                message.clean_text = result.clean_text
                message.stripped = result.stripped
            else:
                message.clean_text = ""
                message.stripped = []


# ------------------------------------------------------------------------------------------
# Reclean


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
        return {
            "messages": self.messages,
            "changed": self.changed,
            "versions": self.versions,
            "versions_changed": self.versions_changed,
            "removed": dict(self.removed),
            "restored": dict(self.restored),
            "examples": self.examples,
            "learned_from": self.adaptation.examples,
        }

    def add_difference(self, raw: str, old: str | None, new: list[dict[str, Any]], where: str) -> None:
        """Add one message's change: characters stripped now and not before (removed), and the
        other way round (restored), by category, and a few examples."""
        try:
            before = _coverage(json.loads(old or "[]"))
        except ValueError:
            before = {}
        after = _coverage(new)
        gained = [k for k in after if k not in before and not raw[k].isspace()]
        lost = [k for k in before if k not in after and not raw[k].isspace()]
        for k in gained:
            self.removed[after[k]] += 1
        for k in lost:
            self.restored[before[k]] += 1
        if (gained or lost) and len(self.examples) < 5:
            self.examples.append(
                {"message": where, "removed": _excerpt(raw, sorted(gained)), "restored": _excerpt(raw, sorted(lost))}
            )


def _coverage(spans: list[dict[str, Any]]) -> dict[int, str]:
    out: dict[int, str] = {}
    for s in spans:
        for k in range(int(s["start"]), int(s["end"])):
            out.setdefault(k, s["category"])
    return out


def _excerpt(raw: str, offsets: list[int]) -> str:
    if not offsets:
        return ""
    a = min(offsets)
    return " ".join(raw[a : a + 160].split())


def _same_spans(stored: str | None, new: str) -> bool:
    try:
        return json.loads(stored or "[]") == json.loads(new)
    except ValueError:
        return False


def _changed(result: CleanResult, clean_text: str | None, stripped: str | None) -> bool:
    return result.clean_text != (clean_text or "") or not _same_spans(stripped, spans_json(result.stripped))


def reclean_archive(db: sqlite_utils.Database, *, dry_run: bool = False) -> RecleanReport:
    """Recompute clean_text and stripped for every message (and earlier version) of an open archive.

    Everything is derived from the stored raw text: no fetching. What the archive repeats is mined
    per (site, authority) from visible messages, as the scrape step does. All updates happen in one
    transaction; with ``dry_run`` nothing is written and the report says what would change.
    """
    report = RecleanReport()
    mining = list(archive.mining_rows(db))
    blocks = mine_authority_blocks(mining)
    # the archive teaches its cleaner: relearn the correction from what it repeats, then clean with it
    threads = [list(g) for _k, g in groupby(mining, key=lambda r: (r["site"], r["request_id"]))]
    report.adaptation = learn_from_archive(threads, load_model(), blocks)
    model = adapted(load_model(), report.adaptation)
    versions = archive.versions_to_reclean(db)

    updates: list[tuple[str, str, int]] = []
    version_updates: list[tuple[str, str, int]] = []
    for _request, rows in groupby(archive.messages_to_reclean(db), key=lambda m: m["request"]):
        walk: ThreadWalk | None = None
        for m in rows:
            if walk is None:
                walk = ThreadWalk(
                    authority=m["authority"],
                    requester_name=m["requester_name"],
                    model=model,
                    authority_blocks=blocks.get(authority_key(m["site"], m["authority"])) if m["authority"] else None,
                )
            kind = m["kind"] if m["kind"] in KINDS else "incoming"
            raw = m["raw_text"] or ""
            context = walk.context(kind)  # the earlier versions are cleaned as the message is
            result = walk.clean(raw, kind)
            report.messages += 1
            if _changed(result, m["clean_text"], m["stripped"]):
                report.changed += 1
                updates.append((result.clean_text, spans_json(result.stripped), m["id"]))
                report.add_difference(
                    raw,
                    m["stripped"],
                    [s.to_dict() for s in result.stripped],
                    f"{m['slug'] or m['request_id']} {m['anchor']}",
                )
            for v in versions.get(m["id"], ()):
                report.versions += 1
                vres = clean_message(v["raw_text"] or "", context)
                if _changed(vres, v["clean_text"], v["stripped"]):
                    report.versions_changed += 1
                    version_updates.append((vres.clean_text, spans_json(vres.stripped), v["id"]))

    if not dry_run:
        archive.save_reclean(db, updates, version_updates)
        cross = next((b.cross for b in blocks.values()), {})
        archive.save_adaptation(db, report.adaptation, learned_at=now_iso(), cross_repeats=cross)
    return report
