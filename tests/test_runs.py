"""The run log tells the truth: refused runs leave nothing, every started run records how it ended
(finished with its exit status, interrupted by a signal, crashed), robots.txt skips are not
failures, and attachment failures and capped listings are counted where people look."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.exitcodes import ExitCode
from scraper.sample.faults import Status
from scraper.sample.seed_threads import generated_content
from scraper.sample.server import SampleSite

ROOT = Path(__file__).resolve().parent.parent


def runs(db: Path) -> list[dict]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("select * from runs order by id")]
    finally:
        conn.close()


def test_a_run_refused_before_it_starts_adds_no_row(site, tmp_path, monkeypatch, scrape):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "archive.db"
    slug = next(t.url_title for t in site.content.threads if t.prominence == "normal")
    assert scrape(site, db, slug).exit_code == 0
    before = runs(db)
    refused = CliRunner().invoke(cli, ["scrape", "--base-url", "https://foi.example.org", "--db", str(db), slug])
    assert refused.exit_code == ExitCode.USAGE and "without a contact" in refused.output
    assert runs(db) == before


def test_an_internal_error_is_recorded_as_crashed_with_its_code(site, tmp_path, monkeypatch, scrape):
    from scraper.crawl.thread import Scraper

    def boom(self, target):
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(Scraper, "archive", boom)
    db = tmp_path / "archive.db"
    slug = next(t.url_title for t in site.content.threads if t.prominence == "normal")
    result = scrape(site, db, slug)
    assert result.exit_code == ExitCode.INTERNAL
    assert "internal error" in result.output and "RuntimeError: something unforeseen" in result.output
    (run,) = runs(db)
    assert (run["outcome"], run["exit_status"]) == ("crashed", ExitCode.INTERNAL)
    assert "something unforeseen" in run["error_details"]


def test_a_finished_run_records_its_real_exit_status(site, tmp_path, scrape):
    db = tmp_path / "archive.db"
    result = scrape(site, db, "no_such_request_anywhere")
    assert result.exit_code == ExitCode.PARTIAL
    (run,) = runs(db)
    assert (run["outcome"], run["exit_status"], run["threads_failed"]) == ("finished", 1, 1)


# -- signals -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_the_run_cleanly_and_the_next_run_resumes(sig, tmp_path):
    db = tmp_path / "archive.db"
    with SampleSite(generated_content(30, seed=5)) as site:
        slugs = [t.url_title for t in site.content.threads_for_authority("generated_council")]
        cmd = [
            sys.executable,
            "-m",
            "scraper",
            "scrape",
            "--base-url",
            site.base_url,
            "--delay",
            "0.1",
            "--db",
            str(db),
            *slugs,
        ]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if runs(db) and runs(db)[-1]["outcome"] == "running" and _archived(db) >= 2:
                        break
                except sqlite3.Error:
                    pass
                time.sleep(0.05)
            assert proc.poll() is None, "the run ended before it could be interrupted"
            proc.send_signal(sig)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == ExitCode.INTERRUPTED, err
        assert f"Interrupted ({sig.name})" in err and "new" in err and "the next run resumes" in err
        assert "Traceback" not in err and "Aborted" not in err
        (run,) = runs(db)
        assert (run["outcome"], run["exit_status"]) == ("interrupted", ExitCode.INTERRUPTED)
        assert run["finished_at"] and run["threads_new"] == _archived(db) >= 2
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        again = subprocess.run([*cmd[:7], "0", *cmd[8:]], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        assert _archived(db) == len(slugs)
        assert [r["outcome"] for r in runs(db)] == ["interrupted", "finished"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_just_after_a_thread_is_saved_waits_until_the_run_log_has_counted_it(
    sig, site, tmp_path, monkeypatch, scrape
):
    import os

    from scraper import archive
    from scraper.crawl import signals

    real = archive.save_thread

    def save_then_signal(*args, **kwargs):
        result = real(*args, **kwargs)
        os.kill(os.getpid(), sig)  # the thread is committed; the signal lands before anything counts it
        return result

    monkeypatch.setattr(archive, "save_thread", save_then_signal)
    db = tmp_path / "archive.db"
    slugs = [t.url_title for t in site.content.threads if t.prominence == "normal"][:2]
    result = scrape(site, db, *slugs)
    assert result.exit_code == ExitCode.INTERRUPTED, result.output
    assert f"Interrupted ({sig.name})" in result.output
    (run,) = runs(db)
    assert run["outcome"] == "interrupted"
    assert run["threads_new"] == _archived(db) == 1
    assert signals._Hold.depth == 0 and signals._Hold.pending is None


def test_a_held_signal_is_raised_when_the_block_ends():
    import os

    from scraper.crawl.signals import Interrupted, held, stop_on_signals

    reached = []
    with stop_on_signals():
        with pytest.raises(Interrupted) as raised:
            with held():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.01)  # the handler has run: it only noted the signal
                reached.append("end of block")
        assert raised.value.signame == "SIGTERM" and reached == ["end of block"]
    # a signal outside a held block stops at once
    with stop_on_signals(), pytest.raises(Interrupted):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
        reached.append("never")
    assert reached == ["end of block"]


def _archived(db: Path) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("select count(*) from requests").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


# -- robots.txt ----------------------------------------------------------------------------------


def test_a_thread_robots_forbids_is_skipped_not_failed_on_every_cron_run(tmp_path, scrape):
    """A cron-style `scrape --authority X` whose listing shows a forbidden thread exits 0, every time."""
    db = tmp_path / "archive.db"
    with SampleSite() as site:
        threads = site.content.threads_for_authority("metropolitan_police")
        forbidden = threads[2].url_title
        robots = f"User-agent: *\nDisallow: /request/{forbidden}\n"
        site.faults.script("/robots.txt", *[Status(200, body=robots, headers={"Content-Type": "text/plain"})] * 3)
        for attempt in range(3):
            start = len(site.log)
            result = scrape(site, db, "--authority", "metropolitan_police", "--summary", "-q")
            assert result.exit_code == 0, (attempt, result.output)
            assert "1 skipped by robots.txt" in result.stderr and "0 failed" in result.stderr
            assert not any(forbidden in e.path for e in site.log[start:])
        last = runs(db)[-1]
        assert (last["threads_skipped"], last["threads_failed"], last["exit_status"]) == (1, 0, 0)
        conn = sqlite3.connect(db)
        archived = {r[0] for r in conn.execute("select slug from requests")}
        conn.close()
        assert archived == {t.url_title for t in threads} - {forbidden}


# -- attachments and capped listings -------------------------------------------------------------


def test_attachment_failures_reach_the_run_log_and_the_summary(tmp_path, scrape):
    config = tmp_path / "config.toml"
    config.write_text("[attachments]\ndownload = true\ntext = true\n", encoding="utf-8")
    db = tmp_path / "archive.db"
    with SampleSite() as site:
        slugs = [
            t.url_title
            for t in site.content.threads
            if any(m.attachments for m in t.messages) and t.prominence == "normal"
        ]
        site.faults.script("*.csv", *[Status(400)] * 10)
        result = scrape(site, db, *slugs, "--summary", "-q", config=config)
    assert result.exit_code == 0, result.output
    (run,) = runs(db)
    assert run["attachments_failed"] >= 1 and run["attachments_stored"] >= 1
    assert (
        f"attachments: {run['attachments_stored']} stored, {run['attachments_pending']} pending, "
        f"{run['attachments_failed']} failed"
    ) in result.stderr
    details = json.loads(run["error_details"])
    assert any(".csv" in d and "400" in d for d in details)


def test_a_listing_over_the_cap_is_counted_where_people_look(site, tmp_path, monkeypatch, scrape):
    from scraper.crawl import sync

    # A listing fuller than the cap, with no date split left to make.
    monkeypatch.setattr(sync, "MAX_RESULTS", 2)
    monkeypatch.setattr(sync, "MAX_PAGE", 1)
    monkeypatch.setattr(sync, "MAX_SPLITS", 0)
    db = tmp_path / "archive.db"
    result = scrape(site, db, "--authority", "metropolitan_police", "--summary", "-q")
    assert result.exit_code == 0, result.output
    assert "1 listing window over the 2-result cap" in result.stderr
    (run,) = runs(db)
    assert any("cannot be split further" in d for d in json.loads(run["error_details"]))
