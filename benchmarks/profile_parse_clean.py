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
from scraper.sample.content import default_content
from scraper.sample.render import render_request_page
from scraper.sample.seed_threads import SEED004_SLUG

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
- **Clean** is the larger share per large page. Until commit 1be9fca its figures were flattered:
  process-wide `lru_cache`s keyed on paragraph text meant that timing the same page again and
  again found every paragraph's facts, and every earlier message's 4-gram set, already computed
  (warm 5.8-6.0 ms a page, cold 15.5 ms). The memo now lives in a `ThreadIndex` that lasts one
  thread (passed in `CleanContext.index`, or started afresh on a thread's first message), so
  repeats inside a thread (quoted copies, the same disclaimer in every reply) still hit it but
  nothing carries over from one page to the next; every figure here is that cold path. Since
  then: words are split by one `bytes.translate` pass instead of a regex `findall`; unit facts
  keep only what the rules read (no unused anchor-name lists, a tuple instead of a frozen
  dataclass); and quoted text is checked against earlier messages by searching for each 4-word
  sequence in the message's space-joined words, giving up on a message as soon as 20% are
  missing, instead of building a 4-gram set for every earlier message. Cold against cold, in one
  run on the same core, clean went from 15.2 to 12.1 ms a page (about 20% less), with results
  identical on every labelled, sample-site and fixture message. What remains is
  spread over the per-unit rule scans listed above (anchor regexes, paragraph splitting,
  block growing), roughly 20 µs of Python per paragraph-sized unit over ~570 units; reaching
  the 5 ms budget for parse + clean would need the per-unit rules themselves batched into
  whole-message passes, not more micro-tuning. Clean is the same code in our column and the
  BeautifulSoup column, so it is also why the parse + clean ratio is lower than the parse ratio.
- **Clean, second pass** (time-boxed): measured before changing anything, cleaning the seed-004
  thread twice with one memo takes 11.8 ms the first time and 5.8 ms the second. About half of a
  page is first-time work on its ~220 distinct units and paragraphs (mostly unit facts: the
  anchor regexes alone are ~1.6 ms in ~290 searches), and the other half is the rules'
  bookkeeping over all ~570 units, a dozen functions of at most ~1 ms each, no single hot spot. Done, each change checked
  byte-for-byte (clean text and every stripped/labelled span) against the previous code on ~7,000
  cleanings (every sample-site and 200 generated threads in thread order, the labelled set with
  and without context, the Alaveteli folding and Discourse trimmer fixtures, the seeds, mined
  blocks, and shuffled, re-wrapped, re-cased and concatenated variants), and under three hash
  seeds: units get their facts as they are built; anchors are tried in catalogue order from
  small-int sets (set order was hash-dependent); quoted units' header/body split and logo tests
  are memoised per thread; catalogue blocks grow from a worklist (growth is monotone, so the
  least fixpoint is the same) instead of repeated full passes; one-line paragraphs skip the
  layout lookup; quote-opening lines are found by a newline-led scan instead of a `^` tried at
  every offset. Result, old and new code interleaved in one process: 12.2 → 11.9 ms a page
  (median; about 3% less). Tried and dropped as not faster: one memo entry per paragraph
  holding its units and facts (costlier on misses, and ~40% of paragraphs miss), case-sensitive
  anchors on lower-cased ASCII text, reading the facts memo inline, a regex `tidy` (twice as
  slow); literal pre-checks for the three most often failing anchors were estimated at under 2%
  and not made. So micro-tuning is exhausted: the 5 ms budget
  needs the anchors rewritten so the regex engine can scan for a literal (most start with
  `\\b` under IGNORECASE, which defeats its prefix search) and the per-unit rules rewritten as
  whole-message passes.
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
