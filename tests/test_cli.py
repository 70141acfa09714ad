"""The command line: help, errors as one sentence, exit codes."""

import json

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.sample.render import render_request_page
from scraper.sample.seed_threads import SEED004_SLUG, default_content

COMMANDS = [
    "scrape",
    "parse",
    "export",
    "serve",
    "metadata",
    "demo",
    "sample-site",
    "clean",
    "reclean",
    "publish-bundle",
]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ") and f" {name} " in result.output.splitlines()[0]
    assert len(result.output.splitlines()) > 3


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


def test_readme_shows_current_help_of_every_command_and_the_exit_codes():
    """README.md's generated blocks (the exit-code table, the command reference) are what the code
    makes of them now: ``cog --check``, as CI runs it."""
    from pathlib import Path

    from cogapp import Cog

    readme = Path(__file__).resolve().parent.parent / "README.md"
    assert Cog().main(["cog", "--check", str(readme)]) == 0, "README.md is stale: run `just docs` (cog -r README.md)"
    text = readme.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"### `wdtk-archive {name}`" in text


def test_parse_prints_the_thread_as_json(tmp_path):
    thread = default_content().thread(SEED004_SLUG)
    page = tmp_path / "page.html"
    page.write_text(render_request_page(thread, unfold=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(page)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["request"]["title"] == thread.title
    assert [m["id"] for m in doc["messages"]] == [m.anchor for m in thread.messages]
    for got, want in zip(doc["messages"], thread.messages, strict=True):
        assert {"id", "kind", "sender", "sent_at", "raw_text", "clean_text", "attachments"} <= set(got)
        assert got["kind"] == want.kind
        assert got["sent_at"] == want.time.isoformat()
        assert got["sender"] == thread.displayed_sender(want)
    # Cleaning ran: the Met's COMPLAINT RIGHTS block is in the raw text but not the clean text.
    met = [m for m in doc["messages"] if m["kind"] == "incoming" and "COMPLAINT RIGHTS" in m["raw_text"]]
    assert met and all("Wycliffe House" not in m["clean_text"] for m in met)


def test_parse_reads_stdin(tmp_path):
    thread = default_content().thread(SEED004_SLUG)
    result = CliRunner().invoke(cli, ["parse", "-"], input=render_request_page(thread, unfold=True))
    assert result.exit_code == 0
    assert json.loads(result.output)["request"]["slug"] == SEED004_SLUG


@pytest.mark.parametrize("html", ["", "<html><body><p>Hello</p></body></html>", "\x00\x01garbage"])
def test_parse_of_unrecognised_markup_is_one_sentence(tmp_path, html):
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(page)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_scrape_without_targets_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["scrape", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "Nothing to scrape" in result.output
    assert not (tmp_path / "a.db").exists()


def test_bad_config_is_a_usage_error_naming_the_key(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[site]\ndelya = 3\n")
    result = CliRunner().invoke(cli, ["scrape", "--config", str(cfg), "x"])
    assert result.exit_code == 2
    assert "site.delya" in result.output
    assert "Traceback" not in result.output


def test_remote_site_without_contact_is_refused_before_any_request(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    import httpx

    def no_network(*args, **kwargs):
        raise AssertionError("no request may be sent")

    monkeypatch.setattr(httpx.Client, "send", no_network)
    result = CliRunner().invoke(cli, ["scrape", "--db", str(tmp_path / "a.db"), "some_request"])
    assert result.exit_code == 2
    assert "contact" in result.output.lower()


def test_second_run_on_a_locked_archive_exits_4_writing_nothing(tmp_path):
    from scraper import archive as store

    db = tmp_path / "a.db"
    with store.ArchiveLock(db):
        result = CliRunner().invoke(
            cli, ["scrape", "--base-url", "http://127.0.0.1:9", "--delay", "0", "--db", str(db), "x"]
        )
    assert result.exit_code == 4
    assert "another" in result.output.lower() or "lock" in result.output.lower()
    assert not db.exists()


def test_archive_in_a_missing_folder_is_one_sentence(tmp_path):
    db = tmp_path / "no" / "such" / "folder" / "a.db"
    result = CliRunner().invoke(
        cli, ["scrape", "--base-url", "http://127.0.0.1:9", "--delay", "0", "--db", str(db), "x"]
    )
    assert result.exit_code == 6
    assert "Traceback" not in result.output and str(db.parent) in result.output


def test_a_file_that_is_not_an_archive_is_refused_untouched(tmp_path):
    db = tmp_path / "notes.db"
    db.write_bytes(b"these are my notes, not SQLite" * 10)
    before = db.read_bytes()
    result = CliRunner().invoke(
        cli, ["scrape", "--base-url", "http://127.0.0.1:9", "--delay", "0", "--db", str(db), "x"]
    )
    assert result.exit_code == 6
    assert "Traceback" not in result.output
    assert db.read_bytes() == before


def test_a_bad_target_is_refused_before_the_archive_is_touched(tmp_path):
    db = tmp_path / "a.db"
    result = CliRunner().invoke(
        cli,
        [
            "scrape",
            "--base-url",
            "http://127.0.0.1:9",
            "--delay",
            "0",
            "--db",
            str(db),
            "good_slug",
            "https://elsewhere.example/request/x",
        ],
    )
    assert result.exit_code == 2
    assert "not on the configured site" in result.output
    assert not db.exists()


def test_metadata_prints_what_the_plugin_applies(tmp_path):
    """`wdtk-archive metadata` is the plugin's metadata, to save and give Datasette with -m."""
    from scraper.datasette.metadata import build_metadata

    result = CliRunner().invoke(cli, ["metadata", "--database", "foi", "--site", "www.whatdotheyknow.com"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == build_metadata(
        {"foi": {"sites": [{"site": "www.whatdotheyknow.com", "origin": "https://www.whatdotheyknow.com"}]}}
    )
    assert printed["title"] == "WhatDoTheyKnow archive"
    database = printed["databases"]["foi"]
    assert database["source_url"] == "https://www.whatdotheyknow.com"
    assert "overdue" in database["queries"] and "new_responses_feed" in database["queries"]
    assert database["tables"]["messages"]["columns"]["clean_text"]
