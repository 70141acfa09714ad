"""The cleaner's per-thread memo (ThreadIndex): passed in, never global; same results with or without
it; nothing kept from one thread to the next."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import scraper.clean
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


def _clean_thread(msgs: list[dict], index: ThreadIndex | None, *, fresh: bool = False) -> list[dict]:
    earlier: list[str] = []
    kinds: list[str] = []
    out = []
    for r in msgs:
        ctx = CleanContext(
            kind=r["kind"],
            authority=r["authority"],
            earlier_messages=tuple(earlier),
            earlier_kinds=tuple(kinds),
            requester_name=r.get("requester_name"),
            index=ThreadIndex() if fresh else index,
        )
        out.append(clean_message(r["raw_text"], ctx).to_dict())
        earlier.append(r["raw_text"])
        kinds.append(r["kind"])
    return out


def test_a_shared_index_gives_the_same_results_as_none_and_as_a_fresh_one_per_message():
    threads = _threads()
    assert any(len(m) > 5 for m in threads.values())
    for name, msgs in threads.items():
        shared = _clean_thread(msgs, ThreadIndex())
        assert shared == _clean_thread(msgs, None) == _clean_thread(msgs, None, fresh=True), name


def test_a_shared_index_gives_the_same_results_whatever_order_the_messages_are_cleaned_in():
    # the memos that grow a message at a time (the keys the authority sent, which earlier messages a
    # quoted paragraph matches) must hold when the calls come in another order, or more than once
    threads = sorted(_threads().values(), key=len, reverse=True)[:6]
    for msgs in threads:
        expected = _clean_thread(msgs, None, fresh=True)
        contexts = []
        for k, r in enumerate(msgs):
            earlier = tuple(x["raw_text"] for x in msgs[:k])
            kinds = tuple(x["kind"] for x in msgs[:k])
            contexts.append((k, r, earlier, kinds))
        index = ThreadIndex()
        order = list(reversed(contexts)) + contexts[::2] + contexts
        for k, r, earlier, kinds in order:
            ctx = CleanContext(
                kind=r["kind"],
                authority=r["authority"],
                earlier_messages=earlier,
                earlier_kinds=kinds,
                requester_name=r.get("requester_name"),
                index=index,
            )
            assert clean_message(r["raw_text"], ctx).to_dict() == expected[k], (r["thread"], k)


def test_the_memo_fills_within_a_thread_and_nothing_is_kept_without_one():
    msgs = max(_threads().values(), key=len)
    index = ThreadIndex()
    _clean_thread(msgs, index)
    paragraphs = index.tables["paragraphs"]
    assert paragraphs  # what the thread's paragraphs hold was remembered ...
    repeated = [t for t in paragraphs if sum(t in r["raw_text"] for r in msgs) > 1]
    assert repeated  # ... and some of it repeats across the thread's messages
    # the package keeps no memo of its own between calls: no module holds a table of texts
    for module in (
        m for name, m in vars(scraper.clean).items() if name in {"assemble", "quotes", "paragraphs", "evidence"}
    ):
        for value in vars(module).values():
            assert not (isinstance(value, dict) and any(isinstance(k, str) and len(k) > 40 for k in value)), module


def test_one_index_shared_by_two_threads_keeps_their_evidence_apart():
    # the same auto-acknowledgement ends both threads' history: what was asked still differs
    from scraper.clean import load_model
    from scraper.clean.evidence import thread_evidence

    ack = "Thank you for your request, which we received today. Our reference is FOI-1234."
    common = load_model().common_words
    asks = {
        "cameras": "Dear Council,\n\nHow many CCTV cameras does the council operate in its car parks?\n\nYours faithfully,\nSam",
        "bins": "Dear Council,\n\nHow many missed bin collections were reported in 2023 in each ward?\n\nYours faithfully,\nSam",
    }
    shared = ThreadIndex()
    for topic, request in list(asks.items()) * 2:
        ctx = CleanContext(earlier_messages=(request, ack), earlier_kinds=("outgoing", "incoming"), authority="council")
        asked = thread_evidence(ctx, shared, common).asked
        assert asked == thread_evidence(ctx, ThreadIndex(), common).asked
        assert ("parks" in asked) == (topic == "cameras"), topic
