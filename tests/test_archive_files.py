"""Archive files every command meets: foreign files left byte for byte, read-only archives and
folders named as such (and read where SQLite allows), and one exit code per fault in every command."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper import archive as store
from scraper.cli import cli
from scraper.exitcodes import ExitCode
from scraper.sample.server import SampleSite

ROOT = Path(__file__).resolve().parent.parent

WRITERS = {  # commands that write the archive, each with arguments that would do work
    "scrape": ["scrape", "--base-url", "http://127.0.0.1:9", "--delay", "0", "some_request"],
    "reclean": ["reclean"],
}
READERS = {
    "export": ["export", "--all"],
}


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("create table recipes (name text, minutes int)")
    conn.execute("insert into recipes values ('soup', 20)")
    conn.commit()
    conn.close()


def _beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.mark.parametrize("command", [*WRITERS, *READERS])
def test_a_foreign_sqlite_file_is_refused_and_left_byte_for_byte(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "recipes.db"
    _foreign_sqlite(db)
    before, files = db.read_bytes(), _beside(db)
    args = {**WRITERS, **READERS}[command]
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == ExitCode.ARCHIVE, result.output
    assert "not a wdtk-archive archive" in result.output and "Traceback" not in result.output
    assert db.read_bytes() == before  # no migrations table, no journal-mode switch
    assert _beside(db) == files  # no .lock, no -wal, no -shm


def test_serve_refuses_a_foreign_file_with_the_same_code(tmp_path):
    db = tmp_path / "recipes.db"
    _foreign_sqlite(db)
    before = db.read_bytes()
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "-p", "1"])
    assert result.exit_code == ExitCode.ARCHIVE and "not a wdtk-archive archive" in result.output
    assert db.read_bytes() == before


@pytest.mark.parametrize("args", [["reclean"], ["export", "--all"], ["serve"]])
def test_a_missing_archive_is_the_same_code_everywhere(args, tmp_path):
    db = tmp_path / "none.db"
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == ExitCode.ARCHIVE, result.output
    assert "No archive at" in result.output
    assert not db.exists() and _beside(db) == set()


def _archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    with SampleSite() as site:
        slug = next(t.url_title for t in site.content.threads if t.prominence == "normal")
        result = CliRunner().invoke(
            cli, ["scrape", "--base-url", site.base_url, "--delay", "0", "--db", str(path), "-q", slug]
        )
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.mark.parametrize("args", [["scrape", "--base-url", "http://127.0.0.1:9", "--delay", "0", "x"], ["reclean"]])
def test_a_locked_archive_is_the_same_code_everywhere(args, tmp_path):
    db = _archive(tmp_path)
    with store.ArchiveLock(db):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == ExitCode.LOCKED, result.output
    assert "not starting a second one" in result.output


def test_a_bad_date_is_a_usage_error(tmp_path):
    db = _archive(tmp_path)
    result = CliRunner().invoke(cli, ["export", "--since", "last tuesday", "--db", str(db)])
    assert result.exit_code == ExitCode.USAGE and "--since must be a date" in result.output


def test_no_command_raises_click_default_exit_codes():
    """Every refusal in the code names its code from the table: no bare ClickException (exit 1) or
    SystemExit("message") (exit 1) is left."""
    offenders = []
    for path in (ROOT / "scraper").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("click.ClickException(", "raise SystemExit(f", 'raise SystemExit("'):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


# -- read-only archives and folders ----------------------------------------------------------------


def _unprivileged(cmd: list[str]) -> list[str]:
    """The command run without the power to ignore file modes (root has it; tests run as root in CI)."""
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be tested")
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *cmd]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _unprivileged([sys.executable, "-m", "scraper", *args]),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = _archive(folder)
    for name in os.listdir(folder):
        if name != "archive.db":
            os.unlink(folder / name)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        yield db, before
    finally:
        folder.chmod(stat.S_IRWXU)


def test_scrape_into_a_read_only_folder_says_so(read_only_folder, tmp_path):
    db, before = read_only_folder
    done = _run(["scrape", "--base-url", "http://127.0.0.1:9", "--delay", "0", "--db", str(db), "x"], tmp_path)
    assert done.returncode == ExitCode.ARCHIVE, done.stderr
    assert "is read-only" in done.stderr and "-wal" in done.stderr
    assert "not a usable SQLite archive" not in done.stderr and "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in db.parent.iterdir()} == before


def test_export_reads_an_archive_in_a_read_only_folder(read_only_folder, tmp_path):
    db, before = read_only_folder
    done = _run(["export", "--all", "--format", "jsonl", "--db", str(db)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in db.parent.iterdir()} == before


def test_a_read_only_archive_file_in_a_writable_folder_is_exported_and_refused_for_writing(tmp_path):
    db = _archive(tmp_path)
    db.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        done = _run(["export", "--all", "--format", "jsonl", "--db", str(db)], tmp_path)
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.splitlines()) == 1
        refused = _run(["reclean", "--db", str(db)], tmp_path)
        assert refused.returncode == ExitCode.ARCHIVE and "the file is read-only" in refused.stderr
    finally:
        db.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_serve_serves_an_archive_in_a_read_only_folder(read_only_folder, tmp_path):
    import signal
    import time

    import httpx

    db, before = read_only_folder
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        _unprivileged([sys.executable, "-m", "scraper", "serve", "--db", str(db), "-p", str(port)]),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        response = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/archive/requests.json?_shape=array", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None and response.status_code == 200, proc.stderr.read() if proc.poll() else ""
        assert len(response.json()) == 1
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "read-only" in err
    assert {p.name: p.read_bytes() for p in db.parent.iterdir()} == before


def test_serve_upgrades_an_archive_of_an_older_version_before_serving_it(tmp_path):
    """The figures read messages.reply_type: an archive made before it existed is upgraded first."""
    import sqlite_utils

    from scraper.archive.migrations import migrations
    from scraper.datasette import serve

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m006_reply_types_and_run_outcomes")
    old.close()
    assert serve.check_archive(str(path)) is False
    conn = sqlite3.connect(path)
    assert "reply_type" in {r[1] for r in conn.execute("pragma table_info(messages)")}
    conn.close()


@pytest.mark.parametrize(
    "message, code", [("database or disk is full", ExitCode.ARCHIVE), ("database is locked", ExitCode.LOCKED)]
)
def test_an_sqlite_failure_of_the_environment_is_one_sentence_not_a_traceback(message, code, tmp_path, monkeypatch):
    from scraper import archive

    db = _archive(tmp_path)

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(archive, "iter_thread_documents", fail)
    result = CliRunner().invoke(cli, ["export", "--all", "--db", str(db)])
    assert result.exit_code == code
    assert message in result.output and "Traceback" not in result.output


def test_an_unforeseen_error_is_a_traceback_and_the_internal_code(tmp_path, monkeypatch):
    from scraper import archive

    db = _archive(tmp_path)
    monkeypatch.setattr(archive, "iter_thread_documents", lambda *a, **k: 1 / 0)
    result = CliRunner().invoke(cli, ["export", "--all", "--db", str(db)])
    assert result.exit_code == ExitCode.INTERNAL
    assert "ZeroDivisionError" in result.output and "internal error" in result.output
