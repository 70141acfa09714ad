"""Requests needed to follow an authority with 600 threads: first sync, no-change re-sync, 5 changed.

Runs the real ``scrape --authority`` command against the sample site on 127.0.0.1 (delay 0) and
counts the requests the site received, by kind. Prints a Markdown table (for BENCHMARKS.md) and
checks the targets of issue 6:

* first sync <= threads x 2 + list pages (+ robots.txt);
* no-change re-sync <= 2 list pages + conditional JSON checks of the threads due, no page fetches;
* 5 changed threads: their JSON and page, and nothing else.

    python benchmarks/bench_sync.py [--threads 600]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scraper.cli import cli
from scraper.sample.seed_threads import generated_content
from scraper.sample.server import SampleSite

AUTHORITY = "generated_council"


def kind_of(path: str) -> str:
    if path == "/robots.txt":
        return "robots"
    if path.startswith("/body/"):
        return "list"
    if path.startswith("/request/"):
        return "json" if ".json" in path else "page"
    return "other"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=600)
    args = ap.parse_args()
    n = args.threads
    results = []
    ok = True
    with tempfile.TemporaryDirectory() as tmp, SampleSite(generated_content(n)) as site:
        db = str(Path(tmp) / "archive.db")

        def settled() -> int:
            # the site logs a request after answering it: wait for the last entry
            count = -1
            while count != len(site.log):
                count = len(site.log)
                time.sleep(0.05)
            return count

        def sync(label: str) -> Counter:
            start = settled()
            t0 = time.monotonic()
            r = CliRunner().invoke(
                cli, ["scrape", "--base-url", site.base_url, "--delay", "0", "--db", db, "-q", "--authority", AUTHORITY]
            )
            took = time.monotonic() - t0
            end = settled()
            if r.exit_code != 0:
                raise SystemExit(f"{label}: exit {r.exit_code}: {r.output}")
            counts = Counter(kind_of(e.path) for e in site.log[start:end])
            not_modified = sum(e.status == 304 for e in site.log[start:end])
            results.append((label, counts, not_modified, took))
            return counts

        first = sync(f"first sync ({n} threads)")
        ok &= first["json"] == n and first["page"] == n
        ok &= sum(first.values()) <= 2 * n + first["list"] + first["robots"]
        same = sync("re-sync, nothing changed")
        ok &= same["list"] <= 2 and same["page"] == 0 and same["json"] == 0
        for t in site.content.threads_for_authority(AUTHORITY)[100:105]:
            site.content.add_response(t.url_title, "Dear requester,\n\nA further reply.\n\nRegards")
        five = sync("re-sync, 5 threads with a new response")
        ok &= five["list"] <= 2 and five["page"] == 5 and five["json"] == 5

    print("| run | total requests | robots.txt | list pages | request JSON | request pages | 304 | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, c, nm, took in results:
        print(
            f"| {label} | {sum(c.values())} | {c['robots']} | {c['list']} | {c['json']} | {c['page']} | {nm} "
            f"| {took:.1f} |"
        )
    print(f"\nTargets met: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
