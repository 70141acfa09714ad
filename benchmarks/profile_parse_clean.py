"""Profile (pyinstrument) of parse + clean on the seed-004 page, the slowest stage per page.

    python -m benchmarks.profile_parse_clean           # markdown section to stdout
    python -m benchmarks.profile_parse_clean --html F  # also the full interactive profile in F

The section names the stage that takes the time, the functions with the most self time, and what
was done about it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

from benchmarks.common import section
from scraper.cleaning import Cleaner
from scraper.parse import parse_request_page
from scraper.sample.render import render_request_page
from scraper.sample.seed_threads import SEED004_SLUG, default_content

NAME = "profile"
PAGES = 60

# What was done, and what is left: kept here so the report says it next to the figures.
ACTIONS = """\
What was done about it:

- **Parse** was profiled first (its per-node text handling dominated: one Python call per DOM
  node, many small regex substitutions). The parser now marks paragraph/line/cell breaks with
  Unicode noncharacter sentinels, emits text in one pass and finishes it with a handful of
  whole-string operations guarded by cheap `in` tests (commit a626d26, about 1.6× faster).
  What remains in parse is mostly lexbor's own tree building and CSS matching (C code) and the
  one recursive `_emit` walk, which a pure-Python implementation cannot avoid.
- **Clean** is the larger share per large page. The cleaner is now the learned scorer of
  issue 12 (`scraper/clean/`), whose first version took 60-95 ms on this page, five to eight
  times the rule cleaner it replaced. Two rounds made it about twice as fast. Each change was
  checked byte for byte (clean text and every stripped and labelled span) against the code before
  it on ~27,800 cleanings: the labelled set and the collection with and without thread context,
  mining and adaptation, the adversarial messages, 3,000 random texts and 300 random threads
  sharing a memo. Each fast path is pinned by a test against its plain definition
  (`tests/test_clean_fast.py`). The changes:
  - units are decided on compact per-unit flags and context codes;
  - facts and weight rows are memoised per distinct sentence within a thread (the memo is a
    `ThreadIndex` that lasts one thread, so every figure here is still the cold path);
  - the decoder takes a dominated Viterbi step from its one best predecessor;
  - scores are summed per feature family in the trained order instead of spelling out feature
    strings;
  - cheap literal tests run before every costly pattern, and patterns are rewritten to run in
    linear time (a 10 MB message of nested quotes was quadratic and is now a few seconds);
  - the thread memos grow one message at a time instead of re-reading every earlier message.

  The second round alone went from 205 M to 172 M instructions per thread. What is left, about
  70%, is first work on each distinct sentence (its facts, its weights, its segmentation), spread
  over many small steps. The 5 ms budget would need a compiled core or fewer features, not more
  tuning.
- **Parse, second pass** (issue 12). Old and new parser interleaved in one process on one core
  (CPU time, 200 rounds, identical threads checked first): the seed-004 page now parses in about
  0.70× the time (median of per-round ratios; 5.7 → 4.1 ms on the loaded machine of that run,
  so about 4.5 → 3.2 ms at this section's speed). Each change was checked field by field
  against the previous parser on every sample-site page in both markups (with and without URL
  and JSON), the fixture pages, generated threads and their attachment pages, and, per seeded
  run, ~5,000 fuzzed body fragments (hostile markup, entities, NUL and noncharacters, odd tag and
  attribute names, deep nesting), ~500 pages with fuzzed bodies, ~1,700 pages with mutated
  headers, classes, hidden notices, doctype and tail, and truncated pages. Done: body nodes are
  dispatched on lexbor's tag ids instead of decoded tag names; a `<br>` is marked with NUL (the
  HTML parser never leaves one in text), so text newlines become spaces in one pass per message
  and lines are cut and stripped in one split, with no rescans; containers holding only blocks
  are walked with lexbor skipping their whitespace-only text (their children are checked first,
  so no node is walked twice); the CSS searches that walked every body for attachments, fold
  links and hidden parts run only where the body's class attributes allow a match; nested
  blocks and hidden-message notices share one search of the column; a message header's author,
  date and delivery status come from one walk of its few elements (the CSS search is kept
  wherever quirks mode could change the answer); `</html>`, the footer column and the page's
  own slug are looked for where they nearly always are before the whole page is searched.
  Where a page's time goes now: lexbor building the tree ~20%, walking the bodies ~28%,
  finishing their text ~24%, the rest (headers, blocks, searches) ~28%. Tried and dropped:
  message text from lexbor's serialisation cut at its tags by whole-string operations (sound
  once every tag is checked and the `<` and `>` are seen to alternate, and faster on a warm
  tree, but it made the page's parse 27% slower in place: over a freshly built page the string
  passes and pieces cost more than the walk), a regex fast path over that serialisation (earlier: the validating
  regex alone cost 0.5 ms), and `text(separator=...)` per paragraph (proving a paragraph is
  only text and `<br>` takes as many calls as walking it). The 2.5 ms goal is not reached:
  what is left is one Python step per DOM node (about 4,400 on this page) and a few string
  passes per message, and the tree itself.
- **Crawl** (found by the memory benchmark, not by this profile): the crawl of generated threads
  ran at 8 threads/s with the CPU idle. The sample site answered each keep-alive request ~45 ms
  late: `http.server` writes headers and body separately, and with Nagle's algorithm on, the
  second write waited for the client's delayed ACK. Disabling Nagle on the sample site's handler
  (commit e0f16d4) made a request ~1 ms; this is a property of the test site, not of the crawler
  (the crawler's own politeness delay is unchanged).
"""


def _pages() -> tuple[str, str]:
    thread = default_content().thread(SEED004_SLUG)
    return render_request_page(thread, unfold=True), "https://www.whatdotheyknow.com/request/" + thread.url_title


def _work(html: str, url: str, n: int) -> None:
    for _ in range(n):
        thread = parse_request_page(html, page_url=url)
        Cleaner(None).apply(thread)


def split(html: str, url: str, n: int = PAGES) -> tuple[float, float]:
    """Milliseconds per page in parse and in clean, without the profiler."""
    threads = []
    t0 = time.perf_counter()
    for _ in range(n):
        threads.append(parse_request_page(html, page_url=url))
    t1 = time.perf_counter()
    for th in threads:
        Cleaner(None).apply(th)
    t2 = time.perf_counter()
    return (t1 - t0) * 1000 / n, (t2 - t1) * 1000 / n


def profile(html: str, url: str, html_out: str | None = None) -> dict:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    _work(html, url, PAGES)
    profiler.stop()
    session = profiler.last_session
    if html_out:
        with open(html_out, "w", encoding="utf-8") as f:
            f.write(profiler.output_html())
    self_time: dict[tuple[str, str, int | None], float] = defaultdict(float)
    stage_time: dict[str, float] = defaultdict(float)

    def walk(frame, owner) -> None:
        fn = frame.function
        if fn in ("parse_request_page", "clean_message") and owner is None:
            stage_time[fn] += frame.time
            owner = fn
        # pyinstrument 5 reports a frame's own time as a synthetic "[self]" child
        key = (
            (frame.parent.function, frame.parent.file_path_short, frame.parent.line_no)
            if fn == "[self]" and frame.parent is not None
            else (fn, frame.file_path_short, frame.line_no)
        )
        own = frame.time - sum(c.time for c in frame.children)
        self_time[key] += own
        for child in frame.children:
            walk(child, owner)

    walk(session.root_frame(), None)
    total = session.duration
    top = sorted(self_time.items(), key=lambda kv: -kv[1])[:12]
    return {"total": total, "stages": dict(stage_time), "top": top}


def report(parse_ms: float, clean_ms: float, prof: dict) -> str:
    total = prof["total"]
    slow = "clean" if clean_ms > parse_ms else "parse"
    lines = [
        "## Profile of the slowest stage",
        "",
        f"pyinstrument 0.5 ms sampling of parse + clean on the seed-004 page, {PAGES} pages. "
        f"Without the profiler a page takes **parse {parse_ms:.1f} ms + clean {clean_ms:.1f} ms**; "
        f"the slowest stage is **{slow}**. Under the profiler: "
        + ", ".join(f"`{k}` {v / total * 100:.0f}%" for k, v in sorted(prof["stages"].items()))
        + " of the samples.",
        "",
        "Functions with the most self time (time in the function itself, not its callees; time in "
        "C code that is not a Python-visible call, such as lexbor building the tree, counts as the "
        "caller's self time):",
        "",
        "| self time | function | where |",
        "|---:|---|---|",
    ]
    for (fn, path, line), t in prof["top"]:
        where = path.lstrip("./") if path else ""
        if line:
            where += f":{line}"
        lines.append(f"| {t / total * 100:.1f}% | `{fn}` | {where} |")
    lines += ["", ACTIONS.strip()]
    return section(NAME, "\n".join(lines))


def main() -> str:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--html", help="write pyinstrument's interactive HTML profile to this file")
    args = ap.parse_args()
    html, url = _pages()
    _work(html, url, 5)  # warm up
    parse_ms, clean_ms = split(html, url)
    prof = profile(html, url, args.html)
    text = report(parse_ms, clean_ms, prof)
    print(text)
    return text


if __name__ == "__main__":
    sys.exit(main() and 0)
