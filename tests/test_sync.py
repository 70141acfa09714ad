"""Discovery and incremental sync against the sample site with 600 generated threads to one authority."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.config import load_config
from scraper.crawl.run import run_scrape
from scraper.sample.seed_threads import generated_content
from scraper.sample.server import SampleSite

AUTHORITY = "generated_council"
N = 600


def kind_of(path: str) -> str:
    if path.startswith("/body/"):
        return "list"
    if path.startswith("/request/") and ".json" in path:
        return "json"
    if path.startswith("/request/"):
        return "page"
    return path


def scrape_logged(scrape, site, db, *args):
    """The scrape command's result and the requests it made (the site logs each request before it
    answers, so once the command has returned its requests are all in the log)."""
    start = len(site.log)
    result = scrape(site, db, *args)
    return result, site.log[start:]


def copy_archive(src: Path, dst: Path) -> Path:
    conn = sqlite3.connect(src)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copy(src, dst)
    return dst


@pytest.fixture(scope="module")
def council_site():
    """The sample site with N generated threads to one authority (more than a listing's cap)."""
    with SampleSite(generated_content(N)) as s:
        yield s


@pytest.fixture(scope="module")
def first(council_site, tmp_path_factory, scrape):
    """The first sync of the authority: (archive, the requests it made, the CLI result)."""
    db = tmp_path_factory.mktemp("sync") / "archive.db"
    result, log = scrape_logged(scrape, council_site, db, "--authority", AUTHORITY)
    assert result.exit_code == 0, result.output
    return db, log, result


def test_first_sync_archives_every_thread_beyond_the_cap_without_fetching_a_page_twice(council_site, first, db_rows):
    db, log, _ = first
    expected = {t.url_title for t in council_site.content.threads_for_authority(AUTHORITY)}
    assert len(expected) == N
    archived = {
        r["slug"]
        for r in db_rows(
            db, "select r.slug from requests r join authorities a on a.id = r.authority where a.url_name = ?", AUTHORITY
        )
    }
    assert archived == expected
    paths = [e.path for e in log]
    assert len(paths) == len(set(paths)), [p for p, n in Counter(paths).items() if n > 1][:5]
    kinds = Counter(kind_of(p) for p in paths)
    # The listing fills the cap, so it was split by date; no page past 20 was asked for.
    assert any("request_date_after" in p for p in paths if kind_of(p) == "list")
    assert not any("page=21" in p for p in paths)
    assert all(e.status == 200 for e in log)
    assert kinds["json"] == N and kinds["page"] == N
    assert len(log) <= 2 * N + kinds["list"] + 1  # + robots.txt


def test_resync_with_nothing_changed_reads_one_listing_page_and_no_thread(council_site, first, tmp_path, scrape):
    db = copy_archive(first[0], tmp_path / "archive.db")
    result, log = scrape_logged(scrape, council_site, db, "--authority", AUTHORITY)
    assert result.exit_code == 0, result.output
    kinds = Counter(kind_of(e.path) for e in log)
    assert kinds["list"] <= 2 and kinds["page"] == 0 and kinds["json"] == 0, kinds


def test_resync_fetches_exactly_the_changed_threads(council_site, first, tmp_path, scrape, db_rows):
    db = copy_archive(first[0], tmp_path / "archive.db")
    threads = council_site.content.threads_for_authority(AUTHORITY)
    changed = [t.url_title for t in threads[200:205]]
    for slug in changed:
        council_site.content.add_response(slug, "Dear requester,\n\nPlease find our further reply.\n\nRegards")
    result, log = scrape_logged(scrape, council_site, db, "--authority", AUTHORITY)
    assert result.exit_code == 0, result.output
    pages = {e.path.split("?")[0].removeprefix("/request/") for e in log if kind_of(e.path) == "page"}
    assert pages == set(changed)
    assert Counter(kind_of(e.path) for e in log)["list"] <= 2
    for slug in changed:
        (row,) = db_rows(
            db,
            "select count(*) as n from messages m join requests r on r.id = m.request "
            "where r.slug = ? and m.raw_text like '%further reply%'",
            slug,
        )
        assert row["n"] == 1


def test_a_status_change_seen_in_the_listing_updates_from_the_json_alone(
    council_site, first, tmp_path, scrape, db_rows
):
    db = copy_archive(first[0], tmp_path / "archive.db")
    # The newest thread tops the listing; a status update moves nothing but the status icon.
    top = max(
        council_site.content.threads_for_authority(AUTHORITY), key=lambda t: max(e.created_at for e in t.indexed_events)
    )
    scrape_logged(scrape, council_site, db, "--authority", AUTHORITY)  # absorb earlier tests' changes
    council_site.content.set_state(top.url_title, "successful")
    result, log = scrape_logged(scrape, council_site, db, "--authority", AUTHORITY)
    assert result.exit_code == 0, result.output
    assert [e.path for e in log if kind_of(e.path) == "json"] == [f"/request/{top.url_title}.json"]
    assert not any(kind_of(e.path) == "page" for e in log)
    (row,) = db_rows(db, "select status from requests where slug = ?", top.url_title)
    assert row["status"] == "successful"


def test_due_threads_are_rechecked_conditionally_and_a_takedown_is_flagged_then_purged(
    council_site, first, tmp_path, scrape, db_rows
):
    db = copy_archive(first[0], tmp_path / "archive.db")
    threads = council_site.content.threads_for_authority(AUTHORITY)
    gone, quiet = threads[300].url_title, threads[301].url_title
    council_site.content.hide_request(gone)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "update sync_threads set next_check_at = '2000-01-01T00:00:00+00:00' where slug in (?, ?)", (gone, quiet)
        )
    conn.close()
    config = load_config(None, base_url=council_site.base_url, delay=0.0, db=str(db))
    start = len(council_site.log)
    assert run_scrape(config, [(config.site_list()[0], [f"authority:{AUTHORITY}"])]) == 0
    log = council_site.log[start:]
    jsons = {e.path for e in log if kind_of(e.path) == "json"}
    assert {f"/request/{gone}.json", f"/request/{quiet}.json"} <= jsons
    assert f"/request/{quiet}" not in {e.path.split("?")[0] for e in log if kind_of(e.path) == "page"}
    (row,) = db_rows(db, "select withdrawn_at, withdrawn_status from requests where slug = ?", gone)
    assert row["withdrawn_at"] and row["withdrawn_status"] == 403
    (sched,) = db_rows(db, "select next_check_at from sync_threads where slug = ?", quiet)
    assert sched["next_check_at"] > datetime.now(UTC).isoformat()

    result, _ = scrape_logged(scrape, council_site, db, "--purge-withdrawn")
    assert result.exit_code == 0, result.output
    assert db_rows(db, "select * from requests where slug = ?", gone) == []
    assert db_rows(db, "select count(*) as n from requests where withdrawn_at is not null")[0]["n"] == 0


def test_a_run_stopped_by_its_budget_resumes_where_it_stopped(tmp_path, scrape, db_rows):
    with SampleSite(generated_content(N, seed=3)) as site:
        db = tmp_path / "archive.db"
        first, log1 = scrape_logged(
            scrape, site, db, "--authority", AUTHORITY, "--max-requests", "150", "--summary", "-q"
        )
        assert first.exit_code == 0, first.output
        assert len(log1) <= 150
        assert "left for the next run" in first.stderr
        assert db_rows(db, "select count(*) as n from frontier where status = 'pending'")[0]["n"] > 0
        second, log2 = scrape_logged(scrape, site, db, "--authority", AUTHORITY)
        assert second.exit_code == 0, second.output
        paths = [e.path for e in log1 + log2 if e.path != "/robots.txt"]
        assert len(paths) == len(set(paths))  # nothing fetched twice across the resumed pass
        assert db_rows(db, "select count(*) as n from requests")[0]["n"] == N
        assert db_rows(db, "select count(*) as n from frontier")[0]["n"] == 0


def test_quiet_prints_nothing_and_summary_one_line(council_site, first, tmp_path, scrape):
    db = copy_archive(first[0], tmp_path / "archive.db")
    quiet, _ = scrape_logged(scrape, council_site, db, "--authority", AUTHORITY, "-q")
    assert quiet.exit_code == 0 and quiet.output == ""
    summary, _ = scrape_logged(scrape, council_site, db, "--authority", AUTHORITY, "-q", "--summary")
    assert summary.exit_code == 0 and summary.stdout == ""
    assert len(summary.stderr.strip().splitlines()) == 1 and "requests" in summary.stderr


def test_an_unknown_authority_is_a_partial_failure_not_a_traceback(council_site, tmp_path, scrape):
    result, _ = scrape_logged(scrape, council_site, tmp_path / "a.db", "--authority", "no_such_body")
    assert result.exit_code == 1
    assert "no_such_body" in result.output and "Traceback" not in result.output
