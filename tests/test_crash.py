"""Crash safety: `wdtk-archive scrape` killed with SIGKILL at random moments, then run again.

Every kill must leave a consistent archive (integrity check, foreign keys, no duplicates, no
half-written thread), and the run after the kills must complete it: the export then equals the
export of an archive scraped in one go. Every stage must see at least one kill land in the middle
of a run (after it recorded its start, before its end), or it proves nothing. The archive is only
ever inspected read-only: the checks must not create or repair what they check. Set CRASH_SEED to
replay a failing sequence.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scraper import archive as store
from scraper.sample.server import SampleSite

ROOT = Path(__file__).parent.parent
#: Times the archive writes; they differ between two scrapes of the same content.
ARCHIVE_TIMES = {
    "withdrawn_at",
    "fetched_at",
    "first_seen_at",
    "changed_at",
    "hidden_at",
    "observed_at",
    "seen_from",
    "replaced_at",
}


@pytest.fixture(scope="module")
def slugs(site) -> list[str]:
    return [t.url_title for t in site.content.threads if t.prominence == "normal"]


def scrape_cmd(site: SampleSite, db: Path, slugs: list[str], delay: str = "0") -> list[str]:
    return [
        sys.executable,
        "-m",
        "scraper",
        "scrape",
        "--base-url",
        site.base_url,
        "--delay",
        delay,
        "--db",
        str(db),
        "-q",
        *slugs,
    ]


def run_scrape(site: SampleSite, db: Path, slugs: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(scrape_cmd(site, db, slugs), cwd=ROOT, capture_output=True, text=True, timeout=120)


def _strip_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_times(v) for k, v in value.items() if k not in ARCHIVE_TIMES}
    if isinstance(value, list):
        return [_strip_times(v) for v in value]
    return value


def exported(db: Path) -> list[dict[str, Any]]:

    archive = store.open_archive_for_reading(db)
    try:
        return [_strip_times(doc) for doc in store.iter_thread_documents(archive)]
    finally:
        archive.close()


@pytest.fixture(scope="module")
def baseline(site, slugs, tmp_path_factory) -> list[dict[str, Any]]:
    db = tmp_path_factory.mktemp("baseline") / "archive.db"
    done = run_scrape(site, db, slugs)
    assert done.returncode == 0, done.stderr
    docs = exported(db)
    assert len(docs) == len(slugs)
    return docs


def _read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)


def check_consistent(db: Path) -> int:
    """Assert that a (possibly just killed) archive is consistent; return how many requests it holds.

    Read-only: a missing archive stays missing, and the search index is checked on an in-memory copy
    (FTS5's integrity check is written as an INSERT)."""
    if not db.exists():
        return 0
    conn = _read_only(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if "requests" not in {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}:
            return 0  # killed before the schema was committed
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table, key in [
            ("requests", "site, request_id"),
            ("messages", "site, anchor, occurrence"),
            ("events", "site, event_id"),
            ("authorities", "site, url_name"),
            ("request_slugs", "request, slug"),
            ("attachments", "message, part"),
        ]:
            dupes = conn.execute(
                f"select {key}, count(*) from {table} where {key.split(', ')[-1]} is not null "
                f"group by {key} having count(*) > 1"
            ).fetchall()
            assert dupes == [], (table, dupes)
        if conn.execute("select count(*) from sqlite_master where name = 'messages_fts'").fetchone()[0]:
            # the search index agrees with the table it indexes
            copy = sqlite3.connect(":memory:")
            conn.backup(copy)
            copy.execute("insert into messages_fts(messages_fts, rank) values ('integrity-check', 1)")
            copy.close()
        return conn.execute("select count(*) from requests").fetchone()[0]
    finally:
        conn.close()


def run_of(db: Path, pid: int) -> dict[str, Any] | None:
    """The runs row of process ``pid``, read-only; None before it recorded its start."""
    if not db.exists():
        return None
    try:
        conn = _read_only(db)
        try:
            row = conn.execute(
                "select outcome, finished_at from runs where pid = ? order by id desc limit 1", [pid]
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return None if row is None else {"outcome": row[0], "finished_at": row[1]}


def kill_scrape(site: SampleSite, db: Path, slugs: list[str], delay: float, *, after_start: bool) -> bool:
    """Start a scrape and SIGKILL it ``delay`` seconds later (counted from the moment it recorded its
    start when ``after_start``); True if the kill landed mid-run: after its start, before its end."""
    proc = subprocess.Popen(
        scrape_cmd(site, db, slugs), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if after_start:
        deadline = time.monotonic() + 60
        while proc.poll() is None and run_of(db, proc.pid) is None and time.monotonic() < deadline:
            time.sleep(0.005)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode in (0, -signal.SIGKILL), stderr
    run = run_of(db, proc.pid)
    return proc.returncode == -signal.SIGKILL and run is not None and run["outcome"] == "running"


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two exported documents first differ (for failure messages)."""
    if type(a) is not type(b):
        return f"{path or '/'}: {a!r:.80} != {b!r:.80}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            d = first_difference(a.get(k), b.get(k), f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            d = first_difference(x, y, f"{path}/{i}")
            if d:
                return d
        return f"{path}: {len(a)} items != {len(b)}" if len(a) != len(b) else None
    return None if a == b else f"{path}: {a!r:.80} != {b!r:.80}"


def by_id(docs: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {d["request"]["id"]: d for d in docs}


#: What the site does between scrapes: new responses, status changes, a hidden message,
#: renamed requests (new slugs), a withdrawn request.
def change_site(content: Any, stage: int) -> None:
    threads = [t for t in content.threads if t.prominence == "normal"]
    if stage == 1:
        content.set_state(threads[0].url_title, "successful")
        content.add_response(threads[1].url_title, "Dear requester,\n\nA further note on your request.\n\nRegards")
        content.hide_message(next(m.anchor for m in threads[2].messages if m.kind == "incoming"))
        content.rename(threads[3].url_title, "A new title for the fourth request")
    elif stage == 2:
        content.set_state(threads[1].url_title, "partially_successful")
        content.rename(threads[3].url_title, "Yet another title for the fourth request")
        content.add_response(threads[4].url_title, "Dear requester,\n\nPlease see our reply.\n\nRegards")
        content.hide_request(threads[5].url_title)


def crash_stages(kills_per_stage: int, seed: int, tmp_path: Path) -> None:
    """For each state of a changing site: scrape a reference archive in one go, and the crash
    archive with SIGKILLs at random moments followed by a complete run. After every kill each
    archived thread must equal the reference's, before or after this stage's changes (one
    transaction per thread); after the complete run the two exports must be equal."""
    rng = random.Random(seed)
    reference, crashed = tmp_path / "reference.db", tmp_path / "crashed.db"
    with SampleSite() as site:
        slugs = [t.url_title for t in site.content.threads if t.prominence == "normal"]
        previous: dict[int, dict[str, Any]] = {}
        for stage in range(3):
            change_site(site.content, stage)
            started = time.monotonic()
            done = run_scrape(site, reference, slugs)
            duration = time.monotonic() - started
            assert done.returncode == 0, done.stderr
            current = by_id(exported(reference))
            landed = 0
            for i in range(kills_per_stage):
                # start-up, fetching, writing: anywhere; every other kill once the run has started
                after_start = i % 2 == 1
                delay = rng.uniform(0.0, duration * (0.5 if after_start else 1.1))
                landed += kill_scrape(site, crashed, slugs, delay, after_start=after_start)
                check_consistent(crashed)
                if check_consistent(crashed):
                    for request_id, doc in by_id(exported(crashed)).items():
                        assert doc in (previous.get(request_id), current.get(request_id)), (
                            f"stage {stage}: request {request_id} is neither its old nor its new version: "
                            f"{first_difference(doc, previous.get(request_id))}; {first_difference(doc, current.get(request_id))}"
                        )
            for _ in range(5):  # a stage whose kills all missed the runs proves nothing: make one land
                if landed:
                    break
                landed += kill_scrape(site, crashed, slugs, 0.0, after_start=True)
                check_consistent(crashed)
            assert landed, f"stage {stage}: no kill landed in the middle of a run"
            final = run_scrape(site, crashed, slugs)
            assert final.returncode == 0, final.stderr
            check_consistent(crashed)
            assert by_id(exported(crashed)) == current, f"stage {stage}: the rerun did not complete the archive"
            previous = current
        conn = _read_only(crashed)
        outcomes = [r[0] for r in conn.execute("select outcome from runs order by id")]
        kinds = {r[0] for r in conn.execute("select field from changes")}
        conn.close()
        assert outcomes[-1] == "finished" and set(outcomes) == {"interrupted", "finished"}
        assert outcomes.count("interrupted") >= 3  # at least one in every stage
        assert {"status", "slug", "visibility", "withdrawn_status"} <= kinds  # the stages did change things


def _seed() -> int:
    return int(os.environ.get("CRASH_SEED") or random.randrange(1 << 30))


def test_sigkill_at_random_moments_leaves_a_consistent_archive_that_the_next_run_completes(tmp_path):
    seed = _seed()
    try:
        crash_stages(kills_per_stage=4, seed=seed, tmp_path=tmp_path)
    except AssertionError as e:
        raise AssertionError(f"{e} (replay with CRASH_SEED={seed})") from e


@pytest.mark.slow
def test_sigkill_many_times(tmp_path):
    seed = _seed()
    try:
        crash_stages(kills_per_stage=50, seed=seed, tmp_path=tmp_path)
    except AssertionError as e:
        raise AssertionError(f"{e} (replay with CRASH_SEED={seed})") from e


def test_rerun_of_a_complete_archive_is_unchanged(site, slugs, baseline, tmp_path):
    db = tmp_path / "archive.db"
    assert run_scrape(site, db, slugs).returncode == 0
    conn = _read_only(db)
    before = (
        conn.execute("select count(*) from changes").fetchone()[0],
        conn.execute("select count(*) from message_versions").fetchone()[0],
    )
    conn.close()
    again = run_scrape(site, db, slugs)
    assert again.returncode == 0, again.stderr
    conn = _read_only(db)
    (last,) = conn.execute("select threads_new, threads_changed, threads_unchanged from runs order by id desc limit 1")
    after = (
        conn.execute("select count(*) from changes").fetchone()[0],
        conn.execute("select count(*) from message_versions").fetchone()[0],
    )
    conn.close()
    assert last == (0, 0, len(slugs)) and after == before
    assert exported(db) == baseline


def test_second_scrape_while_one_runs_exits_at_once_writing_nothing(site, slugs, tmp_path):
    db = tmp_path / "archive.db"
    assert run_scrape(site, db, slugs[:1]).returncode == 0
    before = {
        p.name: p.read_bytes()
        for p in tmp_path.iterdir()
        if p.name.startswith("archive.db") and not p.name.endswith(".lock")
    }
    requests_before = len(site.log)
    with store.ArchiveLock(db):  # as a running scrape holds it
        started = time.monotonic()
        second = run_scrape(site, db, slugs)
        took = time.monotonic() - started
    assert second.returncode == 4, second.stderr
    assert f"pid {os.getpid()}" in second.stderr and "not starting a second one" in second.stderr
    assert "Traceback" not in second.stderr
    assert took < 10
    assert len(site.log) == requests_before  # not one request to the site
    after = {
        p.name: p.read_bytes()
        for p in tmp_path.iterdir()
        if p.name.startswith("archive.db") and not p.name.endswith(".lock")
    }
    assert after == before


def test_second_scrape_during_a_real_scrape(site, slugs, tmp_path):
    db = tmp_path / "archive.db"
    first = subprocess.Popen(
        scrape_cmd(site, db, slugs, delay="0.3"), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while not (db.exists() and _runs(db)) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = run_scrape(site, db, slugs)
        assert second.returncode == 4 and "not starting a second one" in second.stderr
        assert first.poll() is None, "the first scrape finished before the second one started; slow it down"
    finally:
        _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert len(_runs(db)) == 1  # the refused run left no trace
    assert check_consistent(db) == len(slugs)


def _runs(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    try:
        conn = _read_only(db)
        try:
            return conn.execute("select id, outcome from runs").fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return []
