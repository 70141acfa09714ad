"""Peak memory of crawling and exporting generated threads, each measured in its own process.

    python -m benchmarks.bench_memory              # 1,000 and 10,000 threads (the report)
    python -m benchmarks.bench_memory 200 1000     # other sizes

For each size: the sample site (``generated_content(n)``) runs in one process on loopback; the
crawl (``scrape_targets`` at delay 0, the generated threads as targets) runs in a second process;
``wdtk-archive export --all --format jsonl`` runs in a third. Peak RSS is the kernel's figure for
each process (``ru_maxrss`` from ``wait4``), so the site's memory and the other sizes' runs never
count. A sampler in the crawl process records its resident size as the crawl goes, to show
whether memory grows with the number of threads archived.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, section

NAME = "memory"
SIZES = (1_000, 10_000)
TARGET_MB = 200
#: Generated threads per authority. The sample site's request JSON embeds the authority's
#: statistics, computed over all its requests on every request (as Alaveteli's public_body JSON
#: carries them); with all 10,000 threads under one authority the site, not the crawler, would
#: set the pace (~45 ms a request). WhatDoTheyKnow's authorities have tens to thousands each.
PER_AUTHORITY = 100

_SITE = """
import sys
from scraper.sample.seed_threads import default_content
from scraper.sample.seed_threads import add_generated_threads
from scraper.sample.server import SampleSite
n, per = int(sys.argv[1]), int(sys.argv[3])
content = default_content()
for k in range(0, n, per):
    add_generated_threads(content, min(per, n - k), authority_url_name=f"generated_council_{k // per}",
                          seed=k // per)
slugs = [t.url_title for t in content.threads
         if t.authority.url_name.startswith("generated_council") and t.prominence in ("normal", "backpage")]
with open(sys.argv[2], "w") as f:
    f.write("\\n".join(slugs))
site = SampleSite(content).start()
print(site.base_url, flush=True)
sys.stdin.read()  # serve until the parent closes our stdin
site.stop()
"""

_CRAWL = """
import json, logging, sys, threading, time
from scraper.config import load_config
from scraper.crawl.run import scrape_targets

def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

samples = []
done = threading.Event()
def sample():
    t0 = time.perf_counter()
    while not done.wait(0.25):
        samples.append((time.perf_counter() - t0, rss_kb()))
base_url, db, slugs_file, out = sys.argv[1:5]
targets = open(slugs_file).read().split()
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
config = load_config(None, base_url=base_url, delay=0.0, db=db)
threading.Thread(target=sample, daemon=True).start()
t0 = time.perf_counter()
code = scrape_targets(config, targets)
elapsed = time.perf_counter() - t0
done.set()
json.dump({"code": code, "seconds": elapsed, "samples": samples, "threads": len(targets)}, open(out, "w"))
"""

_BASELINE = """
import scraper.crawl.run, scraper.export, scraper.cli
"""


def _run_measured(args: list[str], **kw) -> tuple[int, float, float]:
    """(exit status, peak RSS in MB, seconds) of a child process, from wait4's rusage."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024, time.perf_counter() - t0


def measure(n: int, tmp: Path) -> dict:
    slugs_file = tmp / f"slugs-{n}.txt"
    db = tmp / f"archive-{n}.db"
    site = subprocess.Popen(
        [sys.executable, "-c", _SITE, str(n), str(slugs_file), str(PER_AUTHORITY)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    try:
        assert site.stdout is not None
        t0 = time.perf_counter()
        base_url = site.stdout.readline().strip()
        site_seconds = time.perf_counter() - t0
        if not base_url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"sample site did not start for n={n}")
        out = tmp / f"crawl-{n}.json"
        print(f"bench_memory: crawling {n} threads from {base_url}", file=sys.stderr, flush=True)
        code, crawl_mb, _ = _run_measured([sys.executable, "-c", _CRAWL, base_url, str(db), str(slugs_file), str(out)])
        if code != 0:
            raise RuntimeError(f"crawl of {n} threads exited {code}")
        crawl = json.loads(out.read_text())
        if crawl["code"] != 0:
            raise RuntimeError(f"crawl of {n} threads returned exit code {crawl['code']}")
    finally:
        if site.stdin:
            site.stdin.close()
        try:
            site.wait(timeout=20)
        except subprocess.TimeoutExpired:
            site.kill()
            site.wait()
    export_file = tmp / f"export-{n}.jsonl"
    print(f"bench_memory: exporting {n} threads", file=sys.stderr, flush=True)
    code, export_mb, export_s = _run_measured(
        [
            sys.executable,
            "-m",
            "scraper",
            "export",
            "--all",
            "--format",
            "jsonl",
            "-o",
            str(export_file),
            "--db",
            str(db),
        ]
    )
    if code != 0:
        raise RuntimeError(f"export of {n} threads exited {code}")
    with export_file.open("rb") as f:
        exported = sum(1 for _ in f)
    samples = crawl["samples"]
    # resident size at each tenth of the crawl (by time), to show growth or its absence
    trajectory = []
    if samples:
        for q in (0.1, 0.5, 0.9):
            t = q * crawl["seconds"]
            trajectory.append(min(samples, key=lambda s: abs(s[0] - t))[1] / 1024)
    return {
        "threads": crawl["threads"],
        "site_seconds": site_seconds,
        "crawl_mb": crawl_mb,
        "crawl_seconds": crawl["seconds"],
        "trajectory_mb": trajectory,
        "export_mb": export_mb,
        "export_seconds": export_s,
        "exported": exported,
        "db_mb": db.stat().st_size / 1024 / 1024,
        "export_file_mb": export_file.stat().st_size / 1024 / 1024,
    }


def run(sizes: tuple[int, ...] = SIZES) -> dict:
    _, floor_mb, _ = _run_measured([sys.executable, "-c", _BASELINE])
    results = []
    with tempfile.TemporaryDirectory(prefix="wdtk-bench-memory-") as tmp:
        for n in sizes:
            results.append(measure(n, Path(tmp)))
    return {"floor_mb": floor_mb, "sizes": results}


def report(r: dict) -> str:
    lines = [
        "## Memory",
        "",
        "Peak resident set size (kernel `ru_maxrss`) of a crawl of N generated threads from the sample "
        "site (delay 0, loopback; the site runs in its own process and does not count), and of "
        "`wdtk-archive export --all --format jsonl` of the resulting archive, each in a fresh process. "
        f"Reference: a process that only imports the package peaks at {r['floor_mb']:.0f} MB. "
        f"The generated threads are spread over authorities of {PER_AUTHORITY} requests each "
        "(the sample site recomputes an authority's statistics for every request JSON, so one "
        "authority of 10,000 would make the site, not the crawler, set the pace).",
        "",
        "| threads | crawl peak | RSS at 10% / 50% / 90% of the crawl | crawl time | export peak | "
        "export time | archive | export file |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for s in r["sizes"]:
        traj = " / ".join(f"{x:.0f}" for x in s["trajectory_mb"]) + " MB" if s["trajectory_mb"] else "–"
        lines.append(
            f"| {s['threads']:,} | **{s['crawl_mb']:.0f} MB** | {traj} | {s['crawl_seconds']:.0f} s "
            f"({s['threads'] / s['crawl_seconds']:.0f} threads/s) | **{s['export_mb']:.0f} MB** | "
            f"{s['export_seconds']:.0f} s ({s['exported']:,} docs) | {s['db_mb']:.0f} MB | "
            f"{s['export_file_mb']:.0f} MB |"
        )
    peak = max(max(s["crawl_mb"], s["export_mb"]) for s in r["sizes"])
    first, last = r["sizes"][0], r["sizes"][-1]
    growth_crawl = last["crawl_mb"] / first["crawl_mb"]
    growth_export = last["export_mb"] / first["export_mb"]
    scale = last["threads"] / first["threads"]
    flat = growth_crawl < 1.25 and growth_export < 1.25
    builds = ", ".join(f"{s['site_seconds']:.0f} s for {s['threads']:,}" for s in r["sizes"])
    lines += [
        "",
        f"Building the sample site's content before each crawl took {builds} threads (the crawl "
        "timings above do not include it).",
        "",
        f"- Target < {TARGET_MB} MB: "
        + ("**met**" if peak < TARGET_MB else "**not met**")
        + f" (largest peak {peak:.0f} MB).",
        "- Target flat as the crawl grows: "
        + ("**met**" if flat else "**not met**")
        + f" ({scale:.0f}× the threads: crawl peak ×{growth_crawl:.2f}, export peak ×{growth_export:.2f}).",
    ]
    if len(last["trajectory_mb"]) == 3:
        lo, _, hi = last["trajectory_mb"]
        per_k = (hi - lo) / (0.8 * last["threads"] / 1000)
        if hi - lo >= 0.5:
            change = (
                f"rises {hi - lo:.0f} MB from 10% to 90% of the way, about {per_k:.1f} MB per 1,000 threads archived"
            )
        else:
            change = f"does not grow from 10% to 90% of the way ({lo:.0f} MB, then {hi:.0f} MB)"
        lines.append(f"- Within the {last['threads']:,}-thread crawl the resident size {change}.")
    return section(NAME, "\n".join(lines))


def main() -> str:
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES
    text = report(run(sizes))
    print(text)
    return text


if __name__ == "__main__":
    main()
