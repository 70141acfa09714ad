"""Linked pages: main-text extraction, the selectolax rule set against trafilatura.

    python -m benchmarks linked              # as part of BENCHMARKS.md
    python benchmarks/bench_linked.py         # print the section
    python benchmarks/bench_linked.py --json  # figures as JSON

The pages are the sample's authority sites (``scraper/sample/web.py``): the two disclosure-log
entries built from seeds 002 and 003 with the chrome the seeds show, and four pages written for the
sample in three other layouts (the police platform, a council site of the older kind without
landmarks, and one with the answer after a redirect chain). Every page is rendered exactly as the
sample site serves it.

For each page and extractor:

* **kept**: the share of the page's content paragraphs (the request and the answer; for seeds
  002/003 every line after the seven lines of chrome) found whole in the output, after
  whitespace is collapsed;
* **chrome removed**: the share of the page's furniture phrases (the seeds' cookie / quick-exit /
  beta lines, plus "Accept all cookies", "Was this page helpful?", footer and menu texts) absent
  from the output;
* **time**: per page, and as a ratio to the selectolax rules in the same run.

The rule set was written against these same pages, so its figures are an upper bound on what it
does on sites it has not seen; trafilatura's are not tuned to them.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import section  # noqa: E402
from scraper.linked import extract_page  # noqa: E402
from scraper.sample import web  # noqa: E402

#: Furniture phrases of each layout (besides a seed's own chrome lines).
CHROME = {
    "police": [
        "Accept all cookies",
        "Customise Cookies",
        "Skip to main content",
        "Was this page helpful?",
        "Report a problem with this page",
        "Related information",
        "Privacy notice",
        "All rights reserved",
        "Search this site",
        "Advice and information",
        "Leave this site",
        "Quickly exit this site",
        "This site is a beta",
        "We use some essential cookies",
        "Your cookie preferences have been saved",
        "Sorry, there was a technical problem",
    ],
    "council": [
        "Can we use cookies",
        "Yes, that's fine",
        "Roads and transport",
        "In this section",
        "Did you find this page useful?",
        "Share this page",
        "Accessibility statement",
        "Copyright Surrey County Council",
        "Road safety",
    ],
}

CASES: list[tuple[str, str, str]] = [
    ("seed 002: MPS disclosure log (RFR)", web.MET, web.RFR_PAGE),
    ("seed 003: MPS disclosure log (LFR deployments)", web.MET, web.LFR_PAGE),
    ("MPS policy page (later removed)", web.MET, web.POLICY_PAGE),
    ("MPS page after a redirect chain", web.MET, web.FR_PAGE),
    ("council page, no landmarks", web.SURREY, web.SURREY_CCTV),
    ("Leicestershire Police page", web.LEICS, web.LEICS_ANPR),
]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def pages() -> list[dict[str, Any]]:
    sites = web.default_web()
    out = []
    for name, origin, path in CASES:
        page = sites[origin].resources[path]
        assert isinstance(page, web.WebPage)
        chrome = [*CHROME[page.style], *page.chrome]
        out.append(
            {"name": name, "html": web.render_page(page, origin, path), "keep": list(page.paragraphs), "chrome": chrome}
        )
    return out


def selectolax_rules(html: str) -> str:
    return extract_page(html).text


def _trafilatura(**options: Any) -> Callable[[str], str] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str) -> str:
        return (
            trafilatura.extract(html, include_comments=False, include_tables=True, deduplicate=False, **options) or ""
        )

    return run


def extractors() -> dict[str, Callable[[str], str]]:
    found: dict[str, Callable[[str], str] | None] = {
        "selectolax rules": selectolax_rules,
        "trafilatura (default)": _trafilatura(),
        "trafilatura (favor_recall)": _trafilatura(favor_recall=True),
        "trafilatura (favor_precision)": _trafilatura(favor_precision=True),
    }
    return {k: v for k, v in found.items() if v is not None}


def score(text: str, keep: list[str], chrome: list[str]) -> tuple[int, int, list[str]]:
    flat = _norm(text)
    kept = [k for k in keep if _norm(k) in flat]
    removed = [c for c in chrome if _norm(c) not in flat]
    missing = [k for k in keep if _norm(k) not in flat]
    return len(kept), len(removed), missing


def measure(repeat: int = 20) -> dict[str, Any]:
    cases = pages()
    results: dict[str, Any] = {}
    for name, fn in extractors().items():
        rows = []
        for case in cases:
            fn(case["html"])  # warm up (imports, caches)
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                text = fn(case["html"])
                times.append(time.perf_counter() - t0)
            kept, removed, missing = score(text, case["keep"], case["chrome"])
            rows.append(
                {
                    "page": case["name"],
                    "kept": kept,
                    "keep_total": len(case["keep"]),
                    "removed": removed,
                    "chrome_total": len(case["chrome"]),
                    "ms": statistics.median(times) * 1000,
                    "missing": missing[:3],
                }
            )
        results[name] = rows
    return results


def _versions() -> str:
    from importlib import metadata

    out = []
    for dist in ("selectolax", "trafilatura"):
        try:
            out.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            out.append(f"{dist} not installed")
    return ", ".join(out)


def report(results: dict[str, Any]) -> str:
    base = {r["page"]: r["ms"] for r in results["selectolax rules"]}
    lines = [
        "## Linked pages: main-text extraction (`benchmarks/bench_linked.py`)",
        "",
        f"The sample's authority pages as served ({len(base)} pages, two built from seeds 002/003 with their "
        f"chrome); {_versions()}. *Kept*: content paragraphs found whole; *chrome removed*: furniture phrases "
        "absent; time is the median of 20 runs per page, and its ratio to the selectolax rules in this run.",
        "",
        "| extractor | paragraphs kept | chrome removed | pages with every paragraph | median ms / page | × rules |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, rows in results.items():
        kept = sum(r["kept"] for r in rows)
        total = sum(r["keep_total"] for r in rows)
        removed = sum(r["removed"] for r in rows)
        chrome = sum(r["chrome_total"] for r in rows)
        whole = sum(r["kept"] == r["keep_total"] for r in rows)
        ms = statistics.median(r["ms"] for r in rows)
        ratio = statistics.median(r["ms"] / base[r["page"]] for r in rows)
        lines.append(
            f"| {name} | {kept}/{total} ({100 * kept / total:.1f}%) | {removed}/{chrome} "
            f"({100 * removed / chrome:.1f}%) | {whole}/{len(rows)} | {ms:.2f} | {ratio:.1f} |"
        )
    lines += [
        "",
        "Per page (paragraphs kept / chrome phrases removed):",
        "",
        "| page | " + " | ".join(results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    pages_ = [r["page"] for r in results["selectolax rules"]]
    for i, page in enumerate(pages_):
        cells = [
            f"{rows[i]['kept']}/{rows[i]['keep_total']} · {rows[i]['removed']}/{rows[i]['chrome_total']}"
            for rows in results.values()
        ]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lost = [(name, r["page"], m) for name, rows in results.items() for r in rows for m in r["missing"][:1]]
    if lost:
        lines += ["", "First paragraph lost, where one was:", ""]
        lines += [f"- {name}, {page}: “{m[:90]}{'…' if len(m) > 90 else ''}”" for name, page, m in lost]
    if len(results) == 1:
        lines += ["", "_trafilatura is not installed here (`pip install -e '.[bench]'`), so it was not measured._"]
    best = max(results, key=lambda n: (sum(r["kept"] for r in results[n]), sum(r["removed"] for r in results[n])))
    lines += [
        "",
        f"Kept: **{best}** (most paragraphs kept, then most chrome removed). The archive uses the "
        "selectolax rules (`scraper.linked.extract_page`) when they are best here, so trafilatura is "
        "not a runtime dependency."
        if best == "selectolax rules"
        else f"Kept: **{best}**.",
    ]
    return "\n".join(lines)


def main() -> str:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = measure()
    if args.json:
        print(json.dumps(results, indent=2))
        return ""
    text = section("linked", report(results))
    print(text)
    return text


if __name__ == "__main__":
    main()
