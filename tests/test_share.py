"""Sharing the archive read-only: the publish bundle in a fresh Datasette process, and
``wdtk-archive serve`` behind a reverse proxy (a path prefix, https links)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import feedparser
import httpx
import icalendar
import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser
from support import free_port, served
from test_feeds import SITE, build_archive

from scraper.cli import cli
from scraper.exitcodes import ExitCode

TAKEN_DOWN = ("zebracrossings", "secretnames")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("share") / "follow.db"
    build_archive(path)
    return path


def bundle(archive: Path, folder: Path, *extra: str) -> CliRunner:
    result = CliRunner().invoke(cli, ["publish-bundle", str(folder), "--db", str(archive), *extra])
    assert result.exit_code == 0, result.output
    return result


def test_publish_bundle_leaves_out_takedowns_and_states_the_command(archive, tmp_path):
    before = archive.read_bytes()
    result = bundle(archive, tmp_path / "site")
    folder = tmp_path / "site"
    assert sorted(p.name for p in folder.iterdir()) == ["PUBLISH.txt", "follow.db", "metadata.json", "plugins"]
    assert (folder / "plugins" / "wdtk_archive_plugin.py").is_file()
    assert (folder / "plugins" / "scraper" / "datasette" / "templates" / "wdtk_search.html").is_file()
    command = result.stdout.strip().splitlines()[-1]
    assert command.startswith(
        f"cd {folder} && datasette publish cloudrun follow.db --metadata metadata.json --plugins-dir plugins"
    )
    assert "--install 'datasette-atom>=0.9,<0.10'" in command and "suggest_facets off" in command
    assert "1 requests, 3 messages" in result.stderr  # the withdrawn one's two, and the hidden one
    # Nothing of what the site took down is left in the file, not even in free pages or indexes.
    data = (folder / "follow.db").read_bytes()
    assert not any(word.encode() in data for word in TAKEN_DOWN)
    conn = sqlite3.connect(folder / "follow.db")
    try:
        assert conn.execute("select count(*) from requests where withdrawn_at is not null").fetchone() == (0,)
        assert conn.execute("select count(*) from messages where visibility != 'visible'").fetchone() == (0,)
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("select count(*) from fetch_state").fetchone() == (0,)
    finally:
        conn.close()
    assert archive.read_bytes() == before  # the archive itself is untouched


def test_publish_bundle_can_keep_takedowns(archive, tmp_path):
    bundle(archive, tmp_path / "all", "--include-withdrawn")
    conn = sqlite3.connect(tmp_path / "all" / "follow.db")
    try:
        assert conn.execute("select count(*) from requests where withdrawn_at is not null").fetchone() == (1,)
        assert conn.execute("select count(*) from messages where visibility = 'hidden'").fetchone() == (1,)
    finally:
        conn.close()


def test_publish_bundle_refuses_in_one_sentence_and_writes_nothing(archive, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["publish-bundle", str(busy), "--db", str(archive)])
    assert result.exit_code == ExitCode.USAGE and "not an empty folder" in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    result = CliRunner().invoke(cli, ["publish-bundle", str(tmp_path / "new"), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == ExitCode.ARCHIVE and "No archive at" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]


def test_published_bundle_runs_in_a_fresh_datasette(archive, tmp_path):
    """The container's command, locally: `datasette serve -i` with the bundle's metadata and
    plugins folder, the package imported from the bundle (PYTHONPATH), no cloud."""
    bundle(archive, tmp_path / "site")
    folder = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(folder / "plugins")}
    where = subprocess.run(
        [sys.executable, "-c", "import scraper; print(scraper.__file__)"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where == str(folder / "plugins" / "scraper" / "__init__.py")
    from scraper.datasette.publish import local_command

    port = free_port()
    argv = local_command("follow.db", port=port)
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "datasette", *argv[1:]]
    with served(command, ready=f"{base}/-/versions.json", log=tmp_path / "datasette.log", cwd=folder, env=env):
        plugins = {p["name"] for p in httpx.get(f"{base}/-/plugins.json").json()}
        assert {"datasette-atom", "datasette-ics"} <= plugins, plugins
        assert httpx.get(f"{base}/follow.json").json()["database"] == "follow"
        page = LexborHTMLParser(httpx.get(f"{base}/follow/-/search?q=bench").text)
        assert [li.attributes["data-request-id"] for li in page.css("li.result")]
        feed = feedparser.parse(httpx.get(f"{base}/follow/new_responses_feed.atom").content)
        assert not feed.bozo and [e.link.split("#")[1] for e in feed.entries] == [
            "incoming-2052",
            "incoming-2032",
            "incoming-2022",
        ]
        assert feed.entries[0].link.startswith(f"{base}/follow/-/thread/205")
        calendar = icalendar.Calendar.from_ical(httpx.get(f"{base}/follow/deadlines.ics").text)
        assert {str(e["UID"]) for e in calendar.walk("VEVENT")} == {
            f"wdtk-archive-response-201@{SITE}",
            f"wdtk-archive-internal-review-203@{SITE}",
            f"wdtk-archive-response-206@{SITE}",
        }
        assert httpx.get(f"{base}/follow/-/thread/204").status_code == 404  # withdrawn: not published
        meta = httpx.get(f"{base}/-/metadata.json").json()
        assert meta["databases"]["follow"]["title"] == "FOI request archive"
        assert "overdue" in meta["databases"]["follow"]["queries"]
        assert httpx.post(f"{base}/follow/-/execute", data={}).status_code in (404, 405)


def test_serve_behind_a_proxy_prefix_and_https(archive, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    argv = [
        sys.executable,
        "-m",
        "scraper",
        "serve",
        "--db",
        str(archive),
        "--port",
        str(port),
        "--url-prefix",
        "foi",
        "--https-urls",
    ]
    with served(argv, ready=f"{base}/foi/-/versions.json", log=log, cwd=tmp_path):
        assert "/foi/" in log.read_text()
        page = LexborHTMLParser(httpx.get(f"{base}/foi/follow/-/search?q=bench").text)
        hrefs = [a.attributes["href"] for a in page.css(".results a, a.feed-link")]
        assert hrefs and all(h.startswith("/foi/follow/") for h in hrefs), hrefs
        css = [link.attributes["href"] for link in page.css("link[rel=stylesheet]")]
        assert all(h.startswith("/foi/") for h in css) and httpx.get(base + css[-1]).status_code == 200
        feed = feedparser.parse(httpx.get(f"{base}/foi/follow/new_responses_feed.atom?request=202").content)
        assert feed.entries[0].link == f"https://127.0.0.1:{port}/foi/follow/-/thread/202#incoming-2022"
        # A proxy that strips the prefix reaches the same pages.
        assert httpx.get(f"{base}/follow/-/thread/202").status_code == 200


@pytest.mark.parametrize("prefix", ["https://example.org/foi/", "/foi/../x", "/foi?x=1"])
def test_serve_refuses_a_prefix_that_is_not_a_path(archive, prefix):
    result = CliRunner().invoke(cli, ["serve", "--db", str(archive), "--url-prefix", prefix])
    assert result.exit_code == ExitCode.USAGE and "--url-prefix must be a path" in result.output


def test_url_prefix_is_normalised():
    from scraper.datasette.serve import datasette_args, normalise_prefix

    assert [normalise_prefix(p) for p in ("foi", "/foi", "/foi/", "/a/b", "/")] == [
        "/foi/",
        "/foi/",
        "/foi/",
        "/a/b/",
        "/",
    ]
    args = datasette_args("a.db", url_prefix="/foi/", https_urls=True)
    assert args[-6:] == ["--setting", "base_url", "/foi/", "--setting", "force_https_urls", "1"]
    assert "base_url" not in datasette_args("a.db", url_prefix="/")
