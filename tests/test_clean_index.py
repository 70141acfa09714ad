"""The cleaner's per-thread memo (ThreadIndex): same results with or without it, and nothing kept
from one thread to the next."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import scraper.clean as clean
from scraper.clean import CleanContext, ThreadIndex, clean_message

LABELLED = Path(__file__).parent / "data" / "clean" / "labelled.jsonl"


def _threads() -> dict[str, list[dict]]:
    by_thread: dict[str, list[dict]] = defaultdict(list)
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            by_thread[r["thread"]].append(r)
    for msgs in by_thread.values():
        msgs.sort(key=lambda r: r["position"])
    return by_thread


def _clean_thread(msgs: list[dict], index: ThreadIndex | None) -> list[dict]:
    earlier: list[str] = []
    out = []
    for r in msgs:
        ctx = CleanContext(kind=r["kind"], authority=r["authority"], earlier_messages=tuple(earlier),
                           requester_name=r.get("requester_name"), index=index)
        out.append(clean_message(r["raw_text"], ctx).to_dict())
        earlier.append(r["raw_text"])
    return out


def test_explicit_index_gives_the_same_results_as_none_and_as_a_fresh_one_per_message():
    threads = _threads()
    assert any(len(m) > 5 for m in threads.values())
    for name, msgs in threads.items():
        implicit = _clean_thread(msgs, None)
        explicit = _clean_thread(msgs, ThreadIndex())
        # a fresh index for every message: nothing shared at all
        isolated = []
        earlier: list[str] = []
        for r in msgs:
            clean.clear_caches()
            ctx = CleanContext(kind=r["kind"], authority=r["authority"], earlier_messages=tuple(earlier),
                               requester_name=r.get("requester_name"), index=ThreadIndex())
            isolated.append(clean_message(r["raw_text"], ctx).to_dict())
            earlier.append(r["raw_text"])
        assert implicit == explicit == isolated, name


def test_memo_fills_within_a_thread_and_starts_empty_on_the_next_thread():
    threads = [m for m in _threads().values() if len(m) >= 3]
    first, second = threads[0], threads[1]
    index = ThreadIndex()
    _clean_thread(first, index)
    assert index.tables.get("_facts")  # facts about the thread's paragraphs were remembered
    _clean_thread(first, None)
    remembered = clean._last
    assert remembered is not None and remembered.tables
    # the next thread's first message (no earlier messages) gets a new, empty memo
    r = second[0]
    clean_message(r["raw_text"], CleanContext(kind=r["kind"], authority=r["authority"]))
    assert clean._last is not remembered
    assert not any(text in clean._last.tables.get("_facts", {}) for text in remembered.tables["_facts"]
                   if text not in r["raw_text"])
