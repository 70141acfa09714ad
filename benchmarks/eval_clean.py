"""Evaluate the clean step against the labelled set and two baselines; measure its speed.

    python benchmarks/eval_clean.py            # print the report (markdown) to stdout
    python benchmarks/eval_clean.py --write    # also replace the clean section of BENCHMARKS.md
    python benchmarks/eval_clean.py --json     # figures as JSON

Labelled set: tests/data/clean/labelled.jsonl (see tests/data/clean/README.md). A must-keep
snippet counts as kept when it occurs in the output (whitespace collapsed); a must-remove
snippet counts as removed when it no longer occurs in the output. The same run scores

* ``none``: no stripping (the raw text);
* ``email-reply-parser``: the PyPI package's ``EmailReplyParser.parse_reply``;
* ``wdtk-archive``: :func:`scraper.clean.clean_message` with the thread's earlier messages and
  the authority's blocks mined from the whole set (as the archive does);
* two ablations of ours: no mining, and no thread context (no earlier messages).

Also scored: Discourse's email_reply_trimmer fixtures (kept and removed text given), and
cleaning speed on the seed-004 thread.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import scraper.clean as clean_mod  # noqa: E402
from scraper.clean import CleanContext, clean_message, mine_authority_blocks  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "clean" / "labelled.jsonl"
DISCOURSE = Path("/work/shared/data/discourse-trimmer")
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- clean:start -->", "<!-- clean:end -->"
CATEGORIES = ("quoted", "site_footer", "disclaimer", "complaint_rights", "signoff_block", "other_boilerplate")


def norm(s: str) -> str:
    return " ".join(s.split())


def load_labelled() -> list[dict]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


def contexts(records: list[dict], *, mining: bool = True, thread: bool = True) -> list[CleanContext]:
    """The context the archive would give each message: earlier messages of its thread and the
    authority's blocks mined from every incoming message in the set."""
    blocks = mine_authority_blocks(
        (r["authority"], r["thread"], r["raw_text"]) for r in records if r["kind"] == "incoming"
    ) if mining else {}
    by_thread: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_thread[r["thread"]].append(r)
    out = []
    for r in records:
        earlier = [x["raw_text"] for x in by_thread[r["thread"]] if x["position"] < r["position"]] if thread else []
        out.append(CleanContext(kind=r["kind"], authority=r["authority"], earlier_messages=tuple(earlier),
                                authority_blocks=blocks.get(r["authority"]), requester_name=r.get("requester_name")))
    return out


def score(records: list[dict], outputs: list[str]) -> dict:
    keep_total = keep_ok = 0
    lost_msgs: list[str] = []
    rem: dict[str, list[int]] = {c: [0, 0] for c in CATEGORIES}
    emptied = 0
    for r, out in zip(records, outputs):
        o = norm(out)
        if r["raw_text"].strip() and not out.strip():
            emptied += 1
        lost = [k for k in r["must_keep"] if norm(k) not in o]
        keep_total += len(r["must_keep"])
        keep_ok += len(r["must_keep"]) - len(lost)
        if lost:
            lost_msgs.append(f"{r['id']}: {lost[0][:60]!r}")
        for item in r["must_remove"]:
            c = rem[item["category"]]
            c[1] += 1
            if norm(item["text"]) not in o:
                c[0] += 1
    removed = sum(v[0] for v in rem.values())
    total = sum(v[1] for v in rem.values())
    return {
        "messages": len(records),
        "keep_total": keep_total,
        "keep_retained": keep_ok,
        "retention": keep_ok / keep_total if keep_total else 1.0,
        "messages_losing_content": len(lost_msgs),
        "lost_examples": lost_msgs[:10],
        "removal": {c: {"removed": v[0], "total": v[1], "recall": (v[0] / v[1]) if v[1] else None} for c, v in rem.items()},
        "removal_overall": removed / total if total else None,
        "removal_total": total,
        "emptied": emptied,
    }


def run_systems(records: list[dict]) -> dict[str, dict]:
    from email_reply_parser import EmailReplyParser

    systems: dict[str, Callable[[], list[str]]] = {
        "none (raw text)": lambda: [r["raw_text"] for r in records],
        "email-reply-parser": lambda: [EmailReplyParser.parse_reply(r["raw_text"]) for r in records],
    }
    ctx_full = contexts(records)
    ctx_nomine = contexts(records, mining=False)
    ctx_nothread = contexts(records, thread=False)
    systems["wdtk-archive clean"] = lambda: [clean_message(r["raw_text"], c).clean_text for r, c in zip(records, ctx_full)]
    systems["  ablation: no mining"] = lambda: [clean_message(r["raw_text"], c).clean_text for r, c in zip(records, ctx_nomine)]
    systems["  ablation: no thread context"] = lambda: [clean_message(r["raw_text"], c).clean_text for r, c in zip(records, ctx_nothread)]
    results = {name: score(records, fn()) for name, fn in systems.items()}
    # category agreement: for removed snippets, did our span carry the labelled category?
    agree = total = 0
    for r, c in zip(records, ctx_full):
        res = clean_message(r["raw_text"], c)
        for item in r["must_remove"]:
            pos = _find(r["raw_text"], item["text"])
            if pos is None:
                continue
            span = next((s for s in res.stripped if s.start <= pos < s.end), None)
            if span is None:
                continue
            total += 1
            agree += span.category == item["category"]
    results["wdtk-archive clean"]["category_agreement"] = agree / total if total else None
    return results


def _find(raw: str, snippet: str) -> int | None:
    """Offset in raw of a whitespace-collapsed snippet's first word sequence."""
    words = snippet.split()
    if not words:
        return None
    i = raw.find(words[0])
    while i != -1:
        j = i
        ok = True
        for w in words:
            while j < len(raw) and raw[j].isspace():
                j += 1
            if not raw.startswith(w, j):
                ok = False
                break
            j += len(w)
        if ok:
            return i
        i = raw.find(words[0], i + 1)
    return None


def discourse(systems: dict[str, Callable[[str], tuple[str, list[tuple[int, int]]]]]) -> dict[str, dict] | None:
    if not DISCOURSE.is_dir():
        return None
    names = sorted(p.name for p in (DISCOURSE / "emails").iterdir())
    out = {}
    for sys_name, fn in systems.items():
        kept_lines = kept_ok = el_lines = el_ok = exact = 0
        for name in names:
            raw = (DISCOURSE / "emails" / name).read_text(encoding="utf-8")
            trimmed = (DISCOURSE / "trimmed" / name).read_text(encoding="utf-8")
            elided = (DISCOURSE / "elided" / name).read_text(encoding="utf-8")
            text, _labels = fn(raw)
            o = norm(text)
            exact += o == norm(trimmed)
            tl = [norm(x) for x in trimmed.splitlines() if x.strip()]
            kept_lines += len(tl)
            kept_ok += sum(1 for x in tl if x in o)
            tset = set(tl)
            el = [norm(x) for x in elided.splitlines() if x.strip() and norm(x) not in tset and len(norm(x)) > 3]
            el_lines += len(el)
            el_ok += sum(1 for x in el if x not in o)
        out[sys_name] = {
            "files": len(names), "exact": exact,
            "kept_line_retention": kept_ok / kept_lines if kept_lines else 1.0,
            "elided_line_removal": el_ok / el_lines if el_lines else None,
        }
    return out


def discourse_systems() -> dict[str, Callable[[str], tuple[str, list]]]:
    from email_reply_parser import EmailReplyParser

    def ours(raw: str) -> tuple[str, list]:
        r = clean_message(raw)
        return r.clean_text, r.labelled

    def ours_labels(raw: str) -> tuple[str, list]:
        # what the cleaner *recognised* as quoted (kept because no earlier message confirms it)
        r = clean_message(raw)
        keep = []
        pos = 0
        for s in sorted(r.stripped + r.labelled, key=lambda s: s.start):
            if s.start > pos:
                keep.append(raw[pos:s.start])
            pos = max(pos, s.end)
        keep.append(raw[pos:])
        return "".join(keep), []

    return {
        "none (raw text)": lambda raw: (raw, []),
        "email-reply-parser": lambda raw: (EmailReplyParser.parse_reply(raw), []),
        "wdtk-archive clean (no thread context)": ours,
        "  recognised (stripped + labelled-only quotes)": ours_labels,
    }


EXCERPTS = ROOT / "tests" / "data" / "clean" / "catalogue_excerpts.json"
PROBE_HEAD = ("Dear Mr Shaw,\n\nThank you for your request. We used 1,250 reams of paper last year.\n\n"
              "Yours sincerely,\n\nJane Smith\nInformation Officer\n\n")


def excerpt_probe(systems: dict[str, Callable[[str], str]]) -> dict[str, dict]:
    """Short real boilerplate excerpts (research catalogue, stripping.md §3) appended to a short reply,
    and templated answer text (§3.7) inside one: removed / kept per system."""
    items = json.loads(EXCERPTS.read_text(encoding="utf-8"))
    out = {}
    for name, fn in systems.items():
        removed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        kept = [0, 0]
        for it in items:
            if it["expect"] == "remove":
                left = norm(fn(PROBE_HEAD + it["text"]))
                head_ok = norm(PROBE_HEAD) in left
                rest = left[len(norm(PROBE_HEAD)):].strip() if head_ok else left
                c = removed[it["category"]]
                c[1] += 1
                c[0] += head_ok and rest == (it.get("keep_lead") or "")
            else:
                body = "Dear Mr Shaw,\n\n" + it["text"] + "\n\nYours sincerely,\nJane Smith"
                kept[1] += 1
                kept[0] += norm(it["text"]) in norm(fn(body))
        out[name] = {"removed": dict(removed), "kept": kept}
    return out


def speed(records: list[dict], rounds: int = 30) -> dict:
    thread = [r for r in records if r["thread"] == "sample/details_of_the_facial_recognitio"]
    thread.sort(key=lambda r: r["position"])
    ctxs = contexts(thread, mining=False)
    chars = sum(len(r["raw_text"]) for r in thread)
    times = []
    for _ in range(rounds):
        # cold caches each round: only repeats within the thread itself may hit them, as in a crawl
        clean_mod.clear_caches()
        t0 = time.process_time()  # CPU time: other processes on the machine don't inflate it
        for r, c in zip(thread, ctxs):
            clean_message(r["raw_text"], c)
        times.append(time.process_time() - t0)
    best = min(times)
    med = statistics.median(times)
    return {
        "thread_messages": len(thread),
        "thread_chars": chars,
        "median_seconds_per_thread": med,
        "messages_per_second": len(thread) / med,
        "threads_per_second": 1 / med,
        "mb_per_second": chars / med / 1e6,
        "best_seconds_per_thread": best,
    }


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def report(results: dict[str, dict], disc: dict | None, spd: dict, records: list[dict], probe: dict | None = None) -> str:
    auths = sorted({r["authority"] for r in records})
    lines = [
        START,
        "## Message cleaning (`scraper/clean.py`)",
        "",
        "Produced by `python -m benchmarks clean` (or `python benchmarks/eval_clean.py --write`). "
        "Retention: a must-keep snippet counts when it is still in the clean text; recall: a must-remove "
        "snippet counts when it is gone (whitespace collapsed in both).",
        "",
        f"Labelled set: `tests/data/clean/labelled.jsonl`, {len(records)} messages "
        f"({sum(r['kind'] == 'incoming' for r in records)} incoming) from {len(auths)} authorities, "
        f"{sum(len(r['must_keep']) for r in records)} must-keep and "
        f"{sum(len(r['must_remove']) for r in records)} must-remove snippets "
        "(every message of seed 004 as served by the sample site, seeds 000-003, the rest of the sample "
        "site including 12 generated threads, and the 11 Alaveteli folding examples).",
        "",
        "| system | must-keep retained | messages losing any must-keep | removal recall (all) | "
        + " | ".join(CATEGORIES) + " | emptied |",
        "|---|---|---|---|" + "---|" * len(CATEGORIES) + "---|",
    ]
    for name, r in results.items():
        cats = " | ".join(
            f"{pct(r['removal'][c]['recall'])} ({r['removal'][c]['removed']}/{r['removal'][c]['total']})" for c in CATEGORIES
        )
        lines.append(
            f"| {name.strip() if not name.startswith('  ') else '↳ ' + name.strip()} | {pct(r['retention'])} "
            f"({r['keep_retained']}/{r['keep_total']}) | {r['messages_losing_content']} | {pct(r['removal_overall'])} | "
            f"{cats} | {r['emptied']} |"
        )
    ours = results["wdtk-archive clean"]
    lines += [
        "",
        f"Category agreement (removed snippets whose span carries the labelled category): "
        f"{pct(ours.get('category_agreement'))}.",
        "",
        "Caveats: this is a development set (the rules were written while reading these messages), so "
        "the perfect figures say the rules do what the labels ask, not how they generalise; the Discourse "
        "and catalogue-excerpt tables below are the better guide to that. Mining adds nothing here: no "
        "authority in the set has boilerplate repeated over three or more *different* requests that the "
        "catalogue does not already catch (the mining layer is tested on its own in `tests/test_clean.py`). "
        "Without thread context, quoted history is kept and only labelled, by design.",
    ]
    if ours["lost_examples"]:
        lines += ["", "Must-keep snippets lost by wdtk-archive clean:", ""]
        lines += [f"- {x}" for x in ours["lost_examples"]]
    if disc:
        lines += [
            "",
            "Discourse `email_reply_trimmer` fixtures (64 e-mails; kept and removed text given; no thread "
            "context, so by design our cleaner only *labels* quoted history it cannot match to an earlier message):",
            "",
            "| system | exact match | kept lines retained | elided lines removed |",
            "|---|---|---|---|",
        ]
        for name, d in disc.items():
            label = name.strip() if not name.startswith("  ") else "↳ " + name.strip()
            lines.append(f"| {label} | {d['exact']}/{d['files']} | {pct(d['kept_line_retention'])} | "
                         f"{pct(d['elided_line_removal'])} |")
    if probe:
        cats = sorted({c for p in probe.values() for c in p["removed"]})
        lines += [
            "",
            "Catalogue excerpts (`tests/data/clean/catalogue_excerpts.json`: short real excerpts quoted in the "
            "research catalogue, appended to a short reply; a block counts as removed only if nothing of it is "
            "left and the reply is intact; templated answer text must stay). Several excerpts are cut mid-block, "
            "as the catalogue quotes them. These were read while the rules were written, so they are not a "
            "held-out test either:",
            "",
            "| system | " + " | ".join(f"{c} removed" for c in cats) + " | answer templates kept |",
            "|---|" + "---|" * len(cats) + "---|",
        ]
        for name, p in probe.items():
            cells = " | ".join(f"{p['removed'][c][0]}/{p['removed'][c][1]}" for c in cats)
            lines.append(f"| {name} | {cells} | {p['kept'][0]}/{p['kept'][1]} |")
    lines += [
        "",
        f"Speed (one core): the seed-004 thread ({spd['thread_messages']} messages, "
        f"{spd['thread_chars'] / 1000:.0f} KB of text, each message with its earlier messages as context) cleans in "
        f"{1000 * spd['median_seconds_per_thread']:.1f} ms of CPU time (median of 30 runs, best "
        f"{1000 * spd['best_seconds_per_thread']:.1f} ms; per-text caches emptied before each run): "
        f"**{spd['messages_per_second']:.0f} messages/s**, {spd['threads_per_second']:.0f} such threads/s, "
        f"{spd['mb_per_second']:.1f} MB of text/s.",
        END,
    ]
    return "\n".join(lines)


def write_benchmarks(section: str) -> None:
    from benchmarks.common import write_section

    write_section("clean", section)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="update the clean section of BENCHMARKS.md")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    records = load_labelled()
    results = run_systems(records)
    disc = discourse(discourse_systems())
    from email_reply_parser import EmailReplyParser

    probe = excerpt_probe({
        "none (raw text)": lambda t: t,
        "email-reply-parser": EmailReplyParser.parse_reply,
        "wdtk-archive clean": lambda t: clean_message(t).clean_text,
    })
    spd = speed(records)
    if args.json:
        print(json.dumps({"labelled": results, "discourse": disc, "excerpts": probe, "speed": spd}, indent=2))
        return
    section = report(results, disc, spd, records, probe)
    print(section)
    if args.write:
        write_benchmarks(section)
        print(f"updated {BENCHMARKS}", file=sys.stderr)


if __name__ == "__main__":
    main()
