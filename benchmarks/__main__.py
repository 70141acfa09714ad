"""Run every benchmark and rewrite BENCHMARKS.md: ``python -m benchmarks [SECTION ...]``.

With section names, only those run; the other sections keep their text from the current
BENCHMARKS.md (the header is always rewritten). ``--list`` shows the sections and modules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from benchmarks.common import BENCHMARKS, ROOT, extract, section

#: (section name, candidate modules in order, what it measures)
SECTIONS: list[tuple[str, tuple[str, ...], str]] = [
    ("parse", ("bench_parse",), "parse and clean throughput vs BeautifulSoup"),
    ("profile", ("profile_parse_clean",), "profile of the slowest stage"),
    ("memory", ("bench_memory",), "peak RSS of crawling and exporting 1,000 and 10,000 threads"),
    ("politeness", ("bench_politeness",), "politeness floor"),
    ("sync", ("bench_sync",), "sync cost"),
    ("ingest", ("bench_ingest",), "ingest and search"),
    ("clean", ("eval_clean",), "clean quality against baselines, and clean speed"),
    ("linked", ("bench_linked",), "linked pages: main-text extraction against trafilatura"),
    ("clean_archive", ("bench_clean_archive",), "what an archive teaches its cleaner (mining, adaptation)"),
]

# The child calls main() with an empty command line; a returned string wins over stdout.
_CHILD = """
import sys, importlib
mod, out = sys.argv[1], sys.argv[2]
sys.argv = [mod]
try:
    r = importlib.import_module(mod).main()
except SystemExit as e:
    if e.code not in (None, 0):
        raise
    r = None
if isinstance(r, str):
    with open(out, "w", encoding="utf-8") as f:
        f.write(r)
"""

TIMEOUT = 30 * 60
#: benchmarks allowed longer: clean trains a scorer for each fold and each writing round (26 rounds
#: of the collection took 30 minutes on 2 cores, 39 rounds 45 minutes; 64 rounds, every one re-scored, ran
#: past 95; it now re-scores the latest rounds and a sample before them)
TIMEOUTS = {"clean": 120 * 60}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    except OSError:
        pass
    return "unknown RAM"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "scraper", "benchmarks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine() -> str:
    import sqlite3

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"- Machine: {_cpu_model()}, {cores} cores available ({os.cpu_count()} online), {_mem_total()}; "
        f"{platform.system()} {platform.release()} ({platform.machine()}); load average at start {load}\n"
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, selectolax "
        f"{_version('selectolax')}, beautifulsoup4 {_version('beautifulsoup4')}, httpx {_version('httpx')}, "
        f"sqlite-utils {_version('sqlite-utils')}\n"
        f"- Code: commit {_git_commit()}"
    )


def module_path(mod: str) -> Path:
    return ROOT / "benchmarks" / f"{mod}.py"


def run_section(name: str, candidates: tuple[str, ...]) -> tuple[str, str, float]:
    """(section text, status, seconds) for one section."""
    mod = next((m for m in candidates if module_path(m).exists()), None)
    if mod is None:
        return (
            section(name, f"_Not available: benchmarks/{candidates[0]}.py does not exist yet._"),
            "not available",
            0.0,
        )
    before = extract(name, _read(BENCHMARKS))
    print(f"== {name}: benchmarks.{mod}", file=sys.stderr, flush=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wdtk-bench-") as tmp:
        out = Path(tmp) / "section.md"
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, f"benchmarks.{mod}", str(out)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
                timeout=TIMEOUTS.get(name, TIMEOUT),
            )
        except subprocess.TimeoutExpired:
            secs = time.perf_counter() - start
            return (
                section(
                    name,
                    f"_Not available in this run: benchmarks.{mod} took over {TIMEOUTS.get(name, TIMEOUT) // 60} "
                    "minutes and was stopped._",
                ),
                "timed out",
                secs,
            )
        secs = time.perf_counter() - start
        returned = out.read_text(encoding="utf-8") if out.exists() else ""
    if proc.returncode != 0:
        return (
            section(
                name,
                f"_Not available in this run: benchmarks.{mod} failed "
                f"(exit {proc.returncode}; its error is on the runner's stderr)._",
            ),
            f"failed (exit {proc.returncode})",
            secs,
        )
    if returned.strip():
        return extract(name, returned) or section(name, returned), "ok", secs
    if (marked := extract(name, proc.stdout)) is not None:
        return marked, "ok", secs
    written = extract(name, _read(BENCHMARKS))
    if written and written != before:  # the module wrote its own section into the file
        return written, "ok", secs
    if proc.stdout.strip():
        return section(name, proc.stdout), "ok", secs
    return (section(name, f"_Not available in this run: benchmarks.{mod} produced no output._"), "no output", secs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    ap.add_argument("sections", nargs="*", help="run only these sections (default: all)")
    ap.add_argument("--list", action="store_true", help="list the sections and exit")
    args = ap.parse_args(argv)
    names = [n for n, _, _ in SECTIONS]
    if args.list:
        for n, mods, what in SECTIONS:
            have = next((m for m in mods if module_path(m).exists()), None)
            print(f"{n:12} benchmarks/{mods[0]}.py{'' if have else ' (missing)'}  {what}")
        return 0
    unknown = [s for s in args.sections if s not in names]
    if unknown:
        print(f"Unknown section(s): {', '.join(unknown)}; choose from {', '.join(names)}.", file=sys.stderr)
        return 2
    chosen = set(args.sections or names)
    started = dt.datetime.now(dt.UTC)
    header_machine = machine()
    texts: dict[str, str] = {}
    status: dict[str, tuple[str, str]] = {}
    for name, mods, _ in SECTIONS:
        if name in chosen:
            text, st, secs = run_section(name, mods)
            texts[name] = text
            status[name] = (st, f"{secs:.0f} s")
    # read the file only now: another run (or a module's own --write) may have updated the
    # sections this run did not touch while it was running
    old = _read(BENCHMARKS)
    for name, _, _ in SECTIONS:
        if name not in chosen:
            texts[name] = extract(name, old) or section(name, "_Not run yet._")
            status[name] = ("kept from the previous run", "–")
    finished = dt.datetime.now(dt.UTC)
    head = [
        "# Benchmarks",
        "",
        "Written by `python -m benchmarks` (do not edit by hand: the next run rewrites this file). "
        "Figures that compare are ratios against a baseline measured in the same process or the "
        "same run, because absolute times on a shared machine drift.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC (run took {(finished - started).total_seconds() / 60:.1f} min)",
        header_machine,
        "",
        "| section | status | time |",
        "|---|---|---:|",
        *[f"| [{n}](#{n}) | {status[n][0]} | {status[n][1]} |" for n in names],
        "",
    ]
    # sections this runner does not know (added by hand or by a newer module) are kept at the end
    extra = []
    for line in old.splitlines():
        if line.startswith("<!-- ") and line.endswith(":start -->"):
            n = line[5 : -len(":start -->")]
            if n not in texts and (sec := extract(n, old)):
                extra.append(sec)
    body = "\n\n".join(f'<a id="{n}"></a>\n{texts[n]}' for n in names) + "".join(f"\n\n{e}" for e in extra)
    tmp = BENCHMARKS.with_suffix(".md.tmp")
    tmp.write_text("\n".join(head) + "\n" + body + "\n", encoding="utf-8")
    tmp.replace(BENCHMARKS)
    print(f"wrote {BENCHMARKS}", file=sys.stderr)
    # a module that does not exist yet is reported, not an error; one that failed is
    return 1 if any(st.startswith(("failed", "timed out", "no output")) for st, _ in status.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
