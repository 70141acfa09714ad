"""Fault scenarios against the sample Alaveteli site, through the real scrape (real HTTP, real SQLite).

For every scenario the archive must end up exactly as a fault-free run leaves it; runs that must stop
(block pages, a site asking for too long a wait) keep only complete threads, and a later run
completes the archive. The server-side log shows the pacing and that only robots-allowed paths
were asked for.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from protego import Protego

from scraper import archive as store
from scraper.config import load_config
from scraper.crawl.run import scrape_targets
from scraper.exitcodes import ExitCode
from scraper.sample.faults import (
    Challenge,
    HtmlInsteadOfJson,
    Redirect,
    Reset,
    Slow,
    Status,
    Truncated,
)
from scraper.sample.seed_threads import default_content
from scraper.sample.server import SampleSite

EXIT_OK, EXIT_PARTIAL, EXIT_BLOCKED, EXIT_UNAVAILABLE = (
    ExitCode.OK,
    ExitCode.PARTIAL,
    ExitCode.BLOCKED,
    ExitCode.UNAVAILABLE,
)

DELAY = 0.02
#: Run-time stamps that differ between any two runs; everything else must match.
VOLATILE = {"first_seen_at", "observed_at", "fetched_at", "changed_at", "last_fetched_at"}


@pytest.fixture(scope="module")
def slugs(site):
    return [t.url_title for t in site.content.threads if t.prominence == "normal"][:4]


@pytest.fixture(scope="module")
def robots(site):
    return Protego.parse(httpx.get(site.base_url + "/robots.txt").text)


def scrape(site: SampleSite, db: Path, targets: list[str], **settings) -> tuple[int, list]:
    """One scrape run; returns its exit code and the server log entries it caused."""
    site.faults.clear()
    for pattern, faults in settings.pop("faults", {}).items():
        site.faults.script(pattern, *faults)
    start = len(site.log)
    empty = db.parent / "config.toml"  # not the working directory's config.toml
    empty.touch()
    config = load_config(empty, base_url=site.base_url, delay=DELAY, db=str(db), **settings)
    code = scrape_targets(config, targets)
    conn = sqlite3.connect(db)
    try:
        sent = conn.execute("select requests_made from runs order by id desc limit 1").fetchone()[0]
    finally:
        conn.close()
    # The site logs after answering (and a stalled answer much later): wait until it has them all.
    deadline = time.monotonic() + 5
    while len(site.log) - start < sent and time.monotonic() < deadline:
        time.sleep(0.02)
    entries = sorted(site.log[start:], key=lambda e: e.time)
    assert len(entries) == sent, "the client's request count and the server's log disagree"
    return code, entries


def archive(db: Path) -> dict[str, object]:
    """The archive as comparable data: every exported thread and the stored validators."""
    conn = store.open_archive(db)
    try:
        docs = {d["request"]["slug"]: _strip(d) for d in store.iter_thread_documents(conn)}
        state = {
            r["url"]: (r["etag"], r["last_modified"], r["last_status"]) for r in conn.query("select * from fetch_state")
        }
    finally:
        conn.close()
    return {"threads": docs, "fetch_state": state}


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def check_politeness(entries, robots, site) -> None:
    gaps = [b.time - a.time for a, b in itertools.pairwise(entries)]
    assert not gaps or min(gaps) >= DELAY, f"a gap of {min(gaps):.4f}s is under the {DELAY}s delay"
    for e in entries:
        assert robots.can_fetch(site.base_url + e.path, e.user_agent or ""), e.path
        assert e.user_agent and e.user_agent.startswith("wdtk-archive/")
        assert "Cookie" not in e.headers


@pytest.fixture(scope="module")
def reference(site, slugs, robots, tmp_path_factory):
    db = tmp_path_factory.mktemp("reference") / "archive.db"
    code, entries = scrape(site, db, slugs)
    assert code == EXIT_OK
    check_politeness(entries, robots, site)
    expected = archive(db)
    assert sorted(expected["threads"]) == sorted(slugs)
    return expected


def _faults(slugs):
    a, b, c, d = slugs
    return {
        "429-retry-after-seconds": {f"/request/{a}.json": [Status(429, retry_after=1)]},
        "503-retry-after-http-date": {f"/request/{b}?unfold=1": [Status(503, retry_after=1.5, http_date=True)]},
        "burst-of-500-and-503": {f"/request/{c}.json": [Status(500), Status(503), Status(500)]},
        "slow-beyond-timeout": {f"/request/{d}?unfold=1": [Slow(1.6)]},
        "connection-reset": {f"/request/{a}?unfold=1": [Reset(), Reset()]},
        "truncated-body": {
            f"/request/{b}.json": [Truncated(content_type="application/json")],
            f"/request/{c}?unfold=1": [Truncated()],
        },
        "robots-503-once": {"/robots.txt": [Status(503)]},
        "all-at-once": {
            "/robots.txt": [Reset()],
            f"/request/{a}.json": [Status(429, retry_after=1), Status(503)],
            f"/request/{b}?unfold=1": [Truncated(), Reset()],
            f"/request/{c}.json": [Slow(1.6)],
            f"/request/{d}?unfold=1": [Status(502), Status(504)],
        },
    }


SCENARIOS = list(_faults(["a", "b", "c", "d"]))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_transient_faults_leave_the_archive_as_a_fault_free_run(site, slugs, robots, reference, tmp_path, scenario):
    faults = _faults(slugs)[scenario]
    code, entries = scrape(site, tmp_path / "archive.db", slugs, faults=faults, timeout=1.0)
    assert code == EXIT_OK
    assert site.faults.pending() == 0  # every scripted fault was met
    assert archive(tmp_path / "archive.db") == reference
    check_politeness(entries, robots, site)
    # Each retry after a Retry-After (in seconds or as an HTTP-date) waited at least as long as asked.
    asked = {path: [getattr(f, "retry_after", None) for f in fs] for path, fs in faults.items()}
    for path, waits in asked.items():
        hits = [e for e in entries if e.path == path]
        assert len(hits) == len(waits) + 1
        for wait, (hit, retry) in zip(waits, itertools.pairwise(hits), strict=True):
            assert retry.time - hit.time >= (wait or DELAY)


@pytest.mark.parametrize(
    "scenario, fault_on, fault, exit_code",
    [
        ("challenge-js", "json", Challenge("js"), EXIT_BLOCKED),
        ("attention-required", "page", Challenge("block"), EXIT_BLOCKED),
        ("html-instead-of-json", "json", HtmlInsteadOfJson(), EXIT_BLOCKED),
        ("retry-after-beyond-cap", "page", Status(429, retry_after=3600), EXIT_UNAVAILABLE),
        ("5xx-past-the-retries", "json", Status(503), EXIT_UNAVAILABLE),
    ],
)
def test_stopping_faults_keep_complete_threads_only_and_a_rerun_completes(
    site, slugs, robots, reference, tmp_path, scenario, fault_on, fault, exit_code
):
    db = tmp_path / "archive.db"
    hit = slugs[2]
    path = f"/request/{hit}.json" if fault_on == "json" else f"/request/{hit}?unfold=1"
    code, entries = scrape(site, db, slugs, faults={path: [fault] * 6}, max_retries=2)
    assert code == exit_code
    check_politeness(entries, robots, site)
    partial = archive(db)
    # The threads before the fault are there, exactly as in a fault-free run; nothing of the
    # faulty thread (or after it) was stored, not even its validators.
    assert partial["threads"] == {s: reference["threads"][s] for s in slugs[:2]}
    assert all(hit not in url for url in partial["fetch_state"])
    assert not any(e.path.startswith(f"/request/{slugs[3]}") for e in entries)  # the run stopped
    # The fault clears; the next run completes the archive.
    code, entries = scrape(site, db, slugs)
    assert code == EXIT_OK
    assert archive(db) == reference
    check_politeness(entries, robots, site)


def test_offsite_redirect_fails_that_thread_only_and_never_leaves_the_site(site, slugs, robots, reference, tmp_path):
    db = tmp_path / "archive.db"
    other = SampleSite(default_content()).start()
    try:
        code, entries = scrape(
            site, db, slugs, faults={f"/request/{slugs[1]}?unfold=1": [Redirect(other.base_url + "/request/x")]}
        )
    finally:
        other.stop()
    assert code == EXIT_PARTIAL
    assert other.log == []
    assert sorted(archive(db)["threads"]) == sorted(set(slugs) - {slugs[1]})
    code, _ = scrape(site, db, slugs)
    assert code == EXIT_OK and archive(db) == reference


@pytest.mark.parametrize("status", [403, 404])
def test_removed_request_is_flagged_withdrawn_and_its_text_kept(site, slugs, reference, tmp_path, status):
    db = tmp_path / "archive.db"
    assert scrape(site, db, slugs)[0] == EXIT_OK
    gone = slugs[0]
    code, _ = scrape(site, db, slugs, faults={f"/request/{gone}.json": [Status(status, body=b"")]})
    assert code == EXIT_OK
    after = archive(db)["threads"]
    request = after[gone]["request"]
    assert request["withdrawn_status"] == status and request["withdrawn_at"]
    kept = reference["threads"][gone]
    assert after[gone]["messages"] == kept["messages"]  # the text stays, flagged, never deleted
    for s in slugs[1:]:
        assert after[s] == reference["threads"][s]


def test_second_run_is_conditional_and_parses_nothing_again(site, slugs, reference, tmp_path):
    db = tmp_path / "archive.db"
    scrape(site, db, slugs)
    code, entries = scrape(site, db, slugs)
    assert code == EXIT_OK
    assert archive(db) == reference
    asked = [e for e in entries if e.path != "/robots.txt"]
    assert asked and all(e.status == 304 for e in asked)
    assert all("If-None-Match" in e.headers or "If-Modified-Since" in e.headers for e in asked)


def test_export_documents_are_json(reference):
    # The comparison above is only meaningful if the exported documents carry the texts.
    thread = next(iter(reference["threads"].values()))
    assert thread["messages"] and all(m["raw_text"] for m in thread["messages"] if m["visibility"] == "visible")
    json.dumps(reference["threads"])
