"""Linked pages: the WARC writer (records, recovery after a kill), the recording transport, and the
step's handling of hosts that no longer exist."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
from support import dated_message, dated_thread

from scraper import archive as store
from scraper.config import Config
from scraper.crawl.linked_pages import LinkedPagesStep
from scraper.fetch import PoliteClient
from scraper.linked.warc import Exchange, RecordingTransport, WarcWriter, recover
from scraper.models import Attachment, Authority, User
from scraper.sample import web
from scraper.sample.authority import AuthorityWeb
from scraper.sample.seed_threads import default_content


def warcio(*args: str) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("warcio")
    return subprocess.run(
        [str(command) if command.exists() else shutil.which("warcio") or "warcio", *args],
        capture_output=True,
        text=True,
    )


def exchange(url: str, body: bytes, status: int = 200) -> Exchange:
    return Exchange(
        method="GET",
        url=url,
        request_headers=[("Host", "example.org"), ("User-Agent", "wdtk-archive/0")],
        http_version="HTTP/1.1",
        status=status,
        reason="OK",
        response_headers=[("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
        body=body,
        complete=True,
    )


def test_recording_transport_keeps_each_exchange_as_sent_and_received():
    content = default_content()
    with AuthorityWeb(content) as authority:
        transport = RecordingTransport()
        with PoliteClient(authority.host(web.MET).origin, contact=None, delay=0, transport=transport) as client:
            response = client.get(authority.url(web.MET, web.OLD_FR_PAGE))
        exchanges = transport.take()
    assert response.url == authority.url(web.MET, web.FR_PAGE)
    assert [(e.url.removeprefix(authority.host(web.MET).origin), e.status) for e in exchanges] == [
        ("/robots.txt", 200),
        (web.OLD_FR_PAGE, 301),
        (web.MID_FR_PAGE, 302),
        (web.FR_PAGE, 200),
    ]
    assert all(e.complete for e in exchanges)
    assert exchanges[-1].body == response.content
    sent = dict(exchanges[-1].request_headers)
    assert sent["User-Agent"] == client.user_agent and sent["Host"] == authority.host(web.MET).host
    assert dict(exchanges[1].response_headers)["Location"].endswith(web.MID_FR_PAGE)
    assert transport.take() == []


def test_a_body_cut_short_is_not_a_whole_exchange():
    content = default_content()
    with AuthorityWeb(content) as authority:
        transport = RecordingTransport(max_body=1000)
        with httpx.Client(transport=transport) as client:
            with client.stream("GET", authority.url(web.MET, web.RFR_PAGE)) as response:
                next(response.iter_raw(100))  # read a little, then give up (as the size cap does)
        (cut,) = transport.take()
    assert not cut.complete and cut.body == b""


def test_warc_records_pass_warcio_check_and_a_killed_runs_file_is_cut_back(tmp_path):
    folder = tmp_path / "warc"
    writer = WarcWriter(folder, run_id=7)
    refs = writer.write(
        [
            exchange("http://example.org/robots.txt", b"User-agent: *\n"),
            exchange("http://example.org/a", b"<p>first page</p>"),
        ]
    )
    refs.update(writer.write([exchange("http://example.org/b", b"<p>second page</p>" * 50)]))
    open_file = folder / (writer.filename + ".open")
    assert open_file.exists() and not writer.path.exists()
    # a killed run: the file is left open, with half of a third capture written
    killed = tmp_path / "killed"
    killed.mkdir()
    third = writer.write([exchange("http://example.org/c", b"<p>third page</p>" * 100)])["http://example.org/c"]
    torn = open_file.read_bytes()[: third.offset + third.length // 2]  # cut inside its response record
    (killed / open_file.name).write_bytes(torn)
    writer.close()
    assert writer.path.exists() and not open_file.exists()
    check = warcio("check", str(writer.path))
    assert check.returncode == 0, check.stdout + check.stderr

    (closed,) = recover(killed)
    assert closed.name == writer.filename and not (killed / open_file.name).exists()
    assert warcio("check", str(closed)).returncode == 0
    index = [json.loads(line) for line in warcio("index", str(closed)).stdout.splitlines()]
    assert [(r["warc-type"], r.get("warc-target-uri")) for r in index] == [
        ("warcinfo", None),
        ("response", "http://example.org/robots.txt"),
        ("request", "http://example.org/robots.txt"),
        ("response", "http://example.org/a"),
        ("request", "http://example.org/a"),
        ("response", "http://example.org/b"),
        ("request", "http://example.org/b"),
    ]
    assert int(index[5]["offset"]) == refs["http://example.org/b"].offset


def test_recovery_leaves_a_live_runs_file_alone(tmp_path):
    live = WarcWriter(tmp_path, run_id=1)
    live.write([exchange("http://example.org/a", b"x")])
    assert recover(tmp_path) == []
    assert (tmp_path / (live.filename + ".open")).exists()
    live.close()
    assert live.path.exists()


def test_pages_of_a_host_that_no_longer_exists_are_dead(tmp_path):
    db = store.open_archive(tmp_path / "archive.db")
    authority = Authority(url_name="gone_council", name="Gone Council", id=1, home_page="https://www.gone.invalid")
    gone = "See https://www.gone.invalid/foi/77."
    thread = dated_thread(
        77,
        "gone_pages",
        authority,
        "successful",
        [dated_message("incoming-1", "2024-01-02T09:00:00+00:00", gone, sender="Gone Council")],
        requester=User(url_name="a", name="A", id=2),
    )
    store.save_thread(
        db,
        thread,
        site="foi.example.org",
        fetched_at="2024-01-03T00:00:00+00:00",
        source_url="https://foi.example.org/request/gone_pages",
    )
    config = replace(Config(), db=str(tmp_path / "archive.db"), linked_enabled=True, linked_delay=0)
    stats = LinkedPagesStep(config, db).run()
    (page,) = list(db.query("select * from linked_pages"))
    assert (page["url"], page["state"]) == ("https://www.gone.invalid/foi/77", "dead")
    assert "DNS" in page["note"]
    assert stats.checked == 1 and stats.requests == 0
    # a second run scans nothing new and finds the page not due yet
    again = LinkedPagesStep(config, db).run()
    assert (again.scanned, again.checked) == (0, 0)
    db.close()


def test_links_in_attachment_text_are_cited_by_their_message_and_a_changed_thread_is_scanned_again(tmp_path):
    db = store.open_archive(tmp_path / "archive.db")
    authority = Authority(
        url_name="example_council", name="Example Council", id=1, home_page="https://www.example.gov.uk"
    )
    letter = dated_message(
        "incoming-2",
        "2024-01-02T09:00:00+00:00",
        "Please see the attached letter.",
        sender="Example Council",
        attachments=[Attachment(filename="letter.pdf", url="https://foi.example.org/a/letter.pdf", part=2)],
    )
    own = "See https://www.example.gov.uk/not-from-a-request"
    thread = dated_thread(
        78,
        "letters",
        authority,
        "successful",
        [dated_message("outgoing-1", "2024-01-01T09:00:00+00:00", own, sender="A"), letter],
        requester=User(url_name="a", name="A", id=2),
    )
    store.save_thread(
        db,
        thread,
        site="foi.example.org",
        fetched_at="2024-01-03T00:00:00+00:00",
        source_url="https://foi.example.org/request/letters",
    )
    config = replace(Config(), db=str(tmp_path / "archive.db"), linked_enabled=True, linked_delay=0)
    step = LinkedPagesStep(config, db)
    step.scan()
    assert list(db.query("select * from linked_pages")) == []  # requests' own links are not answers
    # the attachments step extracts the letter's text: the thread is scanned again
    with db.atomic():
        db.execute(
            "update attachments set text = 'The log is at https://www.example.gov.uk/foi/log/78.', "
            "text_at = '2024-01-04T00:00:00+00:00'"
        )
    step.scan()
    (cite,) = list(
        db.query(
            "select p.url, c.source, m.anchor from linked_citations c join linked_pages p "
            "on p.id = c.page join messages m on m.id = c.message"
        )
    )
    assert cite == {"url": "https://www.example.gov.uk/foi/log/78", "source": "attachment", "anchor": "incoming-2"}
    assert step.stats.scanned == 2 and step.stats.found == 1
    db.close()


def test_authority_sites_serve_their_pages_where_the_content_now_points():
    content = default_content()
    assert web.MET in content.web
    with AuthorityWeb(content) as authority:
        met = authority.host(web.MET)
        assert content.authorities["metropolitan_police"].home_page == met.origin
        assert met.url(web.RFR_PAGE) in content.thread(874512).messages[-1].text
        first = httpx.get(met.url(web.RFR_PAGE))
        assert first.status_code == 200 and "Leave this site" in first.text
        again = httpx.get(met.url(web.RFR_PAGE), headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        content.remove_web_page(met.url(web.RFR_PAGE), 410)
        assert httpx.get(met.url(web.RFR_PAGE)).status_code == 410
        assert "Disallow: /foi-ai/drafts/" in httpx.get(met.url("/robots.txt")).text
        assert [e.path for e in met.log] == [web.RFR_PAGE] * 3 + ["/robots.txt"]


def test_a_warc_folder_that_cannot_be_made_refuses_the_run_before_the_archive(tmp_path):
    from click.testing import CliRunner

    from scraper.cli import cli
    from scraper.exitcodes import ExitCode

    (tmp_path / "in-the-way").write_text("a file, not a folder")
    cfg = tmp_path / "config.toml"
    cfg.write_text('[linked_pages]\nenabled = true\nwarc_dir = "in-the-way/warc"\n', encoding="utf-8")
    db = tmp_path / "a.db"
    result = CliRunner().invoke(
        cli,
        [
            "scrape",
            "--config",
            str(cfg),
            "--base-url",
            "http://127.0.0.1:9",
            "--delay",
            "0",
            "--db",
            str(db),
            "some_request",
        ],
    )
    assert result.exit_code == ExitCode.ARCHIVE, result.output
    assert "The WARC folder" in result.output and "is a file, not a folder" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "in-the-way"]  # no archive, no lock
