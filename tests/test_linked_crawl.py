"""Linked pages end to end: the sample Alaveteli site and the authorities' own sites over loopback,
scraped with ``[linked_pages]`` on, read back through Datasette, the export and the WARC files."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from selectolax.lexbor import LexborHTMLParser
from support import file_rows as rows

from scraper.archive import load_schema
from scraper.cli import cli
from scraper.datasette.plugin import ensure_registered
from scraper.demo import run_demo
from scraper.sample import web
from scraper.sample.authority import AuthorityWeb
from scraper.sample.faults import Challenge
from scraper.sample.seed_threads import default_content
from scraper.sample.server import SampleSite

RFR, LFR, SURREY_THREAD, LEICS_THREAD = 874512, 951208, 3988, 4311
DELAY = 0.3


def warcio_command() -> str:
    found = Path(sys.executable).with_name("warcio")
    return str(found) if found.exists() else (shutil.which("warcio") or "warcio")


def page_row(db: Path, url: str) -> dict[str, Any]:
    found = rows(db, "select * from linked_pages where url = ?", url)
    assert found, f"{url} is not in linked_pages"
    return found[0]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@contextmanager
def sample() -> Iterator[tuple[SampleSite, AuthorityWeb]]:
    content = default_content()
    with SampleSite(content) as site, AuthorityWeb(content) as authority:
        yield site, authority


def write_config(tmp_path: Path, site: SampleSite, authority: AuthorityWeb | None, **linked: Any) -> Path:
    settings = {
        "enabled": True,
        "hosts": authority.addresses if authority else [],
        "delay": DELAY,
        "recheck_days": 0,
        **linked,
    }

    def toml(value: Any) -> str:
        return json.dumps(value) if not isinstance(value, bool) else str(value).lower()

    lines = ["[site]", f'base_url = "{site.base_url}"', "delay = 0", "[archive]", f'path = "{tmp_path / "archive.db"}"']
    if linked.get("enabled", True) is not None:
        lines += ["[linked_pages]", *(f"{k} = {toml(v)}" for k, v in settings.items() if v is not None)]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def scrape(config: Path, *threads: int, extra: tuple[str, ...] = ()):
    return CliRunner().invoke(cli, ["scrape", "--config", str(config), *extra, *map(str, threads)])


def datasette_get(db: Path, path: str):
    ensure_registered()
    ds = Datasette([str(db)], settings={"num_sql_threads": 1})
    return asyncio.run(ds.client.get(path))


def warc_index(folder: Path) -> list[dict[str, Any]]:
    out = []
    for f in sorted(folder.glob("*.warc.gz")):
        check = subprocess.run([warcio_command(), "check", str(f)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run(
            [warcio_command(), "index", "-f", "warc-type,warc-target-uri,offset,warc-date", str(f)],
            capture_output=True,
            text=True,
            check=True,
        )
        out += [{**json.loads(line), "file": f.name} for line in index.stdout.splitlines() if line.strip()]
    return out


# -- the demo ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("linked-demo") / "archive.db"
    assert run_demo(str(path), serve=False) == 0
    return path


@pytest.mark.parametrize(
    "request_id, anchor, path, seed",
    [
        (RFR, "comment-91204", web.RFR_PAGE, "mps_rfr_disclosure.txt"),
        (LFR, "incoming-2244391", web.LFR_PAGE, "mps_lfr_deployments_disclosure.txt"),
    ],
)
def test_demo_shows_seed_pages_under_the_messages_that_link_to_them(demo, request_id, anchor, path, seed):
    response = datasette_get(demo, f"/archive/-/thread/{request_id}")
    assert response.status_code == 200
    message = LexborHTMLParser(response.text).css_first(f"article#{anchor}")
    assert message is not None
    item = next(
        li
        for li in message.css("section.linked-pages li")
        if li.css_first("a.linked-url").attributes["href"].endswith(path)
    )
    assert item.attributes["data-state"] == "archived"
    assert item.css_first("a.linked-copy") is not None
    text = norm(item.css_first("details.linked-text pre").text())
    chrome, content = web.seed_page_parts(seed)
    for paragraph in content:  # every paragraph of the request and the answer
        assert norm(paragraph) in text
    for line in chrome:  # cookie banners, quick exit, "this site is a beta"
        assert norm(line) not in text
    for furniture in ("Accept all cookies", "Was this page helpful?", "Privacy notice", "Related information"):
        assert furniture not in text


def test_demo_archives_what_the_sample_responses_link_to(demo):
    states = {urlpath(r["url"]): r["state"] for r in rows(demo, "select url, state from linked_pages")}
    assert states == {
        web.RFR_PAGE: "archived",
        web.LFR_PAGE: "archived",
        web.LFR_PDF: "archived",
        web.LFR_XLSX: "archived",
        web.POLICY_PAGE: "archived",
        web.OLD_FR_PAGE: "moved",
        web.DRAFT_PAGE: "disallowed",
        web.SURREY_CCTV: "archived",
        web.SURREY_FOI: "disallowed",
        web.LEICS_ANPR: "archived",
    }
    pdf = rows(
        demo,
        "select v.* from linked_versions v join linked_pages p on p.id = v.page where p.url like ?",
        f"%{web.LFR_PDF}",
    )[0]
    assert (pdf["content_type"], pdf["text_source"]) == ("application/pdf", "pdf")
    assert "Live Facial Recognition deployment record 2022" in pdf["text"]
    moved = rows(demo, "select * from linked_pages where url like ?", f"%{web.OLD_FR_PAGE}")[0]
    assert moved["final_url"].endswith(web.FR_PAGE)
    # search and login links in the same messages were never considered
    assert not rows(demo, "select * from linked_pages where url like '%/search/%' or url like '%/account/%'")


def urlpath(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_demo_warc_files_pass_warcio_check_and_list_every_capture(demo):
    index = warc_index(demo.parent / "warc")
    responses = {(r["file"], int(r["offset"])): r for r in index if r["warc-type"] == "response"}
    requests = [r for r in index if r["warc-type"] == "request"]
    copies = rows(demo, "select url, warc_file, warc_offset from linked_versions")
    assert len(copies) == 8
    for copy in copies:
        record = responses[(copy["warc_file"], copy["warc_offset"])]
        assert record["warc-target-uri"] == copy["url"]
    # every response has its request, robots.txt of each host included
    assert {r["warc-target-uri"] for r in requests} == {r["warc-target-uri"] for r in responses.values()}
    assert sum(r["warc-target-uri"].endswith("/robots.txt") for r in responses.values()) == 3


def test_thread_export_gains_the_links(demo):
    result = CliRunner().invoke(cli, ["export", "--db", str(demo), str(RFR)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)  # one thread: its document itself
    jsonschema.validate(doc, load_schema())
    links = next(m for m in doc["messages"] if m["id"] == "comment-91204")["links"]
    assert [(urlpath(link["url"]), link["state"]) for link in links] == [
        (web.RFR_PAGE, "archived"),
        (web.POLICY_PAGE, "archived"),
        (web.DRAFT_PAGE, "disallowed"),
    ]
    assert links[0]["archived_copy"]["title"] == "Use of Retrospective Facial Recognition (RFR)"
    assert "01.FOI.22.022487" in links[0]["archived_copy"]["text"]
    assert links[2]["archived_copy"] is None and "robots.txt" in links[2]["note"]
    assert all(m["links"] == [] for m in doc["messages"] if m["id"] != "comment-91204")


def test_linked_pages_are_searchable_with_messages_and_attachments(demo):
    response = datasette_get(demo, "/archive/-/search.json?q=%22NEO+Face+Reveal%22")
    assert response.status_code == 200
    hits = response.json()["results"]
    linked = [h for h in hits if h["linked_page"]]
    assert [h["anchor"] for h in linked] == ["comment-91204"]
    assert linked[0]["linked_title"] == "Use of Retrospective Facial Recognition (RFR)"
    page = LexborHTMLParser(datasette_get(demo, "/archive/-/search?q=%22NEO+Face+Reveal%22").text)
    assert page.css_first("a.linked-name").attributes["href"] == f"/archive/-/linked/{linked[0]['linked_page']}"


def test_office_files_linked_and_attached_get_their_text_and_are_found(demo):
    """The sample's linked Excel workbook and attached Word letter, fetched over loopback by the demo:
    their text (rows as lines, cells by tabs) is archived and found by the same search as messages."""
    [xlsx] = rows(
        demo,
        "select v.* from linked_versions v join linked_pages p on p.id = v.page where p.url like ?",
        f"%{web.LFR_XLSX}",
    )
    assert (xlsx["content_type"], xlsx["text_source"]) == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "file",
    )
    lines = xlsx["text"].splitlines()
    assert "Date\tLocation\tBorough\tWatchlist size\tAlerts\tEngagements" in lines
    assert "2022-01-28\tOxford Circus\tWestminster\t9756\t1\t1" in lines
    [docx] = rows(demo, "select * from attachments where filename like '%.docx'")
    assert (docx["file_status"], docx["text_status"], docx["text_source"]) == ("stored", "done", "file")
    assert "1-3\tDeployment record, columns Date to Watchlist size" in docx["raw_text"].splitlines()
    assert "authorising officer within seven days" in docx["text"]

    hits = datasette_get(demo, "/archive/-/search.json?q=%22spreadsheet+edition%22").json()["results"]
    assert [(h["anchor"], bool(h["linked_page"])) for h in hits] == [("incoming-2244391", True)]
    hits = datasette_get(demo, "/archive/-/search.json?q=%22authorising+officer+within+seven+days%22").json()["results"]
    assert [(h["anchor"], h["attachment"]) for h in hits] == [("incoming-2244391", docx["filename"])]


def test_the_archived_copy_has_its_own_page(demo):
    page = page_row(
        demo, next(r["url"] for r in rows(demo, "select url from linked_pages") if web.RFR_PAGE in r["url"])
    )
    response = datasette_get(demo, f"/archive/-/linked/{page['id']}")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    tree = LexborHTMLParser(response.text)
    assert tree.css_first("a.linked-original").attributes["href"] == page["url"]
    assert tree.css_first("time.capture-date").attributes["datetime"] == page["first_captured_at"]
    assert (
        "Freedom of information request reference no: 01.FOI.22.022487" in tree.css_first("pre.linked-copy-text").text()
    )
    assert [a.text() for a in tree.css("section a") if "/-/thread/" in a.attributes.get("href", "")] == [
        "Use of Retrospective Facial Recognition (RFR) technology"
    ]
    assert datasette_get(demo, "/archive/-/linked/99999").status_code == 404
    data = datasette_get(demo, f"/archive/-/linked/{page['id']}.json").json()
    assert data["copy"]["url"] == page["url"] and data["page"]["state"] == "archived"


# -- politeness, rot, bad input ----------------------------------------------------------------


def gaps(log) -> list[float]:
    times = [e.time for e in log]
    return [b - a for a, b in itertools.pairwise(times)]


def test_each_host_gets_robots_first_and_the_delay_between_requests(tmp_path):
    with sample() as (site, authority):
        config = write_config(tmp_path, site, authority)
        result = scrape(config, RFR, LFR, SURREY_THREAD, LEICS_THREAD)
        assert result.exit_code == 0, result.output
        db = tmp_path / "archive.db"
        for origin in (web.MET, web.SURREY, web.LEICS):
            log = authority.host(origin).log
            assert log, origin
            assert log[0].path == "/robots.txt"  # robots.txt read before anything else
            assert sum(e.path == "/robots.txt" for e in log) == 1  # once per run
            assert all(e.user_agent and e.user_agent.startswith("wdtk-archive/") for e in log)
            assert min(gaps(log), default=DELAY) >= DELAY, (origin, gaps(log))
        met = [e.path for e in authority.host(web.MET).log]
        # robots obeyed: the disallowed draft was never asked for; search and login URLs never considered
        assert not any(p.startswith(("/foi-ai/drafts/", "/search/", "/account/")) for p in met)
        assert not any(e.path.startswith("/council-and-democracy/") for e in authority.host(web.SURREY).log)
        assert page_row(db, authority.url(web.MET, web.DRAFT_PAGE))["state"] == "disallowed"
        assert page_row(db, authority.url(web.SURREY, web.SURREY_FOI))["state"] == "disallowed"
        # the slow host (every answer 0.6 s late) is archived all the same
        assert page_row(db, authority.url(web.LEICS, web.LEICS_ANPR))["state"] == "archived"


def test_link_rot_is_recorded_across_two_syncs_and_the_old_copy_stays_readable(tmp_path):
    with sample() as (site, authority):
        config = write_config(tmp_path, site, authority)
        db = tmp_path / "archive.db"
        assert scrape(config, RFR, SURREY_THREAD, LEICS_THREAD).exit_code == 0
        policy, leics = authority.url(web.MET, web.POLICY_PAGE), authority.url(web.LEICS, web.LEICS_ANPR)
        cctv, rfr = authority.url(web.SURREY, web.SURREY_CCTV), authority.url(web.MET, web.RFR_PAGE)
        first = {url: page_row(db, url) for url in (policy, leics, cctv, rfr)}
        old_policy = rows(db, "select text from linked_versions where id = ?", first[policy]["version"])[0]["text"]
        assert all(p["state"] == "archived" for p in first.values())

        content = site.content
        content.remove_web_page(policy, 404)
        content.edit_web_page(
            leics,
            [
                "Leicestershire Police now operates 91 fixed ANPR cameras.",
                "Their locations remain exempt under section 31(1)(a).",
            ],
        )
        content.move_web_page(cctv, authority.url(web.SURREY, "/roads-and-transport/traffic-cameras"))
        met_before = len(authority.host(web.MET).log)
        result = scrape(config, RFR, SURREY_THREAD, LEICS_THREAD)
        assert result.exit_code == 0, result.output

        dead = page_row(db, policy)
        assert (dead["state"], dead["http_status"], dead["versions"]) == ("dead", 404, 1)
        assert dead["version"] == first[policy]["version"]  # the last good copy stays
        changed = page_row(db, leics)
        assert (changed["state"], changed["versions"]) == ("changed", 2)
        moved = page_row(db, cctv)
        assert moved["state"] == "moved" and moved["final_url"].endswith("/roads-and-transport/traffic-cameras")
        unchanged = page_row(db, rfr)
        assert (unchanged["state"], unchanged["versions"]) == ("archived", 1)
        # the unchanged page was asked for conditionally and not sent again
        second = authority.host(web.MET).log[met_before:]
        rfr_requests = [e for e in second if e.path == web.RFR_PAGE]
        assert [e.status for e in rfr_requests] == [304] and "If-None-Match" in rfr_requests[0].headers
        history = rows(db, "select state, previous_state from linked_history where page = ? order by id", dead["id"])
        assert history[-1] == {"state": "dead", "previous_state": "archived"}

        # the dead page's copy is still readable, with its capture date and original URL
        view = LexborHTMLParser(datasette_get(db, f"/archive/-/linked/{dead['id']}").text)
        assert view.css_first("a.linked-original").attributes["href"] == policy
        assert "gone from the site" in view.css_first(".linked-state").text()
        assert norm(old_policy) == norm(view.css_first("pre.linked-copy-text").text())
        assert view.css_first("time.capture-date").attributes["datetime"] == first[policy]["first_captured_at"]
        # both versions of the changed page are readable
        versions = rows(db, "select id, text from linked_versions where page = ? order by id", changed["id"])
        old_view = LexborHTMLParser(
            datasette_get(db, f"/archive/-/linked/{changed['id']}?version={versions[0]['id']}").text
        )
        assert "84 fixed ANPR cameras" in old_view.css_first("pre.linked-copy-text").text()
        assert "91 fixed ANPR cameras" in versions[1]["text"]
        # the canned query lists the dead link under its authority
        dead_links = datasette_get(db, "/archive/dead_links.json?_shape=array&authority=&state=").json()
        assert [(d["authority"], d["url"]) for d in dead_links] == [("metropolitan_police", policy)]
        # the thread page says what became of each link
        thread = LexborHTMLParser(datasette_get(db, f"/archive/-/thread/{RFR}").text)
        states = {
            li.css_first("a.linked-url").attributes["href"]: li.attributes["data-state"]
            for li in thread.css("article#comment-91204 section.linked-pages li")
        }
        assert states[policy] == "dead" and states[rfr] == "archived"
        # the second run kept the unchanged page as a revisit, not a second copy of its body
        index = warc_index(tmp_path / "warc")
        assert any(r["warc-type"] == "revisit" and r["warc-target-uri"] == rfr for r in index)
        copies = rows(db, "select url, warc_file, warc_offset from linked_versions")
        responses = {(r["file"], int(r["offset"])): r["warc-target-uri"] for r in index if r["warc-type"] == "response"}
        assert all(responses[(c["warc_file"], c["warc_offset"])] == c["url"] for c in copies)


def test_bad_input_gives_one_clear_line_and_stores_nothing_wrong(tmp_path):
    with sample() as (site, authority):
        bad = {
            name: authority.url(web.MET, path)
            for name, path in (
                ("huge", web.HUGE_PAGE),
                ("binary", web.BINARY_PAGE),
                ("loop", web.LOOP_PAGE),
                ("off_list", web.OFF_LIST_PAGE),
            )
        }
        slug = site.content.thread(RFR).url_title
        site.content.add_response(slug, "Our larger publications are at:\n" + "\n".join(bad.values()))
        config = write_config(tmp_path, site, authority, max_bytes=1_000_000)
        result = scrape(config, RFR)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        db = tmp_path / "archive.db"
        for name, url in bad.items():
            lines = [line for line in result.output.splitlines() if url in line]
            assert len(lines) == 1, (name, lines)
        expected = {
            "huge": ("refused", "limit"),
            "binary": ("refused", "binary"),
            "loop": ("refused", "loop"),
            "off_list": ("off_list", "not on the allowlist"),
        }
        for name, (state, word) in expected.items():
            page = page_row(db, bad[name])
            assert page["state"] == state and word in page["note"], (name, page)
            assert page["version"] is None and page["versions"] == 0
        assert page_row(db, bad["off_list"])["final_url"] == web.OFF_LIST_TARGET
        assert not rows(db, "select * from linked_pages where host = 'archive.example.net'")
        # nothing of the refused pages went into the WARC files; the good pages did
        index = warc_index(tmp_path / "warc")
        stored = {r["warc-target-uri"] for r in index if r["warc-type"] == "response"}
        assert not stored & {bad["huge"], bad["binary"], bad["loop"], bad["loop"] + "again/"}
        assert bad["off_list"] in stored  # the redirect itself is a true record
        assert authority.url(web.MET, web.RFR_PAGE) in stored
        assert not rows(
            db,
            "select * from linked_versions v join linked_pages p on p.id = v.page "
            "where p.state in ('refused', 'off_list')",
        )


def test_a_host_that_challenges_is_recorded_and_left_alone(tmp_path):
    with sample() as (site, authority):
        authority.host(web.MET).faults.script(web.RFR_PAGE, Challenge("js"))
        config = write_config(tmp_path, site, authority)
        result = scrape(config, RFR, LFR)
        assert result.exit_code == 0, result.output
        db = tmp_path / "archive.db"
        met = authority.host(web.MET).log
        assert [e.path for e in met] == ["/robots.txt", web.RFR_PAGE]  # nothing more after the challenge
        assert page_row(db, authority.url(web.MET, web.RFR_PAGE))["state"] == "blocked"
        (host,) = rows(db, "select * from linked_hosts")
        assert host["host"] == authority.host(web.MET).host and host["state"] == "blocked"
        assert host["retry_after"] > host["blocked_at"]
        before = len(met)
        assert scrape(config, RFR, LFR).exit_code == 0
        assert len(met) == before  # still left alone on the next run
        pending = rows(
            db, "select state from linked_pages where host = ? and state = 'pending'", authority.host(web.MET).host
        )
        assert pending  # the host's other pages wait for it


def test_per_run_and_per_host_caps(tmp_path):
    with sample() as (site, authority):
        db = tmp_path / "archive.db"
        config = write_config(tmp_path, site, authority, max_per_run=2)
        assert scrape(config, RFR, LFR).exit_code == 0
        states = [r["state"] for r in rows(db, "select state from linked_pages")]
        assert len(states) == 7 and states.count("pending") == 5
        assert scrape(config, RFR, LFR).exit_code == 0
        assert [r["state"] for r in rows(db, "select state from linked_pages")].count("pending") == 3

    with sample() as (site, authority):
        other = tmp_path / "per-host"
        other.mkdir()
        config = write_config(other, site, authority, max_per_host=2)
        assert scrape(config, RFR, LFR).exit_code == 0
        assert len(authority.host(web.MET).log) == 2  # robots.txt and one page
        assert [r["state"] for r in rows(other / "archive.db", "select state from linked_pages")].count("pending") == 6


def test_per_thread_cap(tmp_path):
    with sample() as (site, authority):
        config = write_config(tmp_path, site, authority, max_per_thread=1)
        assert scrape(config, RFR).exit_code == 0
        assert [urlpath(r["url"]) for r in rows(tmp_path / "archive.db", "select url from linked_pages")] == [
            web.RFR_PAGE
        ]


def test_linked_pages_are_off_by_default(tmp_path):
    with sample() as (site, authority):
        config = write_config(tmp_path, site, None, enabled=None)
        assert "[linked_pages]" not in config.read_text()
        assert scrape(config, RFR, LFR).exit_code == 0
        assert all(not h.log for h in authority.hosts.values())
        assert rows(tmp_path / "archive.db", "select count(*) as n from linked_pages") == [{"n": 0}]
        assert not (tmp_path / "warc").exists()


def test_archived_markup_is_escaped_on_every_page(tmp_path):
    with sample() as (site, authority):
        leics = authority.url(web.LEICS, web.LEICS_ANPR)
        site.content.edit_web_page(
            leics,
            [
                'Cameras <script>window.__linked_xss = 1</script> and <img src=x onerror="window.__linked_xss = 2"> '
                "are listed here as plain text, which the archive must show as text and never run."
            ],
        )
        config = write_config(tmp_path, site, authority)
        assert scrape(config, LEICS_THREAD).exit_code == 0
        db = tmp_path / "archive.db"
        page = page_row(db, leics)
        for path in (f"/archive/-/thread/{LEICS_THREAD}", f"/archive/-/linked/{page['id']}"):
            html = datasette_get(db, path).text
            assert "<script>window.__linked_xss" not in html and "<img src=x" not in html
            assert "&lt;script&gt;window.__linked_xss = 1&lt;/script&gt;" in html


def test_purging_withdrawn_requests_removes_their_citations(tmp_path):
    with sample() as (site, authority):
        config = write_config(tmp_path, site, authority)
        db = tmp_path / "archive.db"
        assert scrape(config, RFR, LFR).exit_code == 0
        site.content.hide_request(site.content.thread(RFR).url_title)
        assert scrape(config, RFR, LFR).exit_code == 0
        result = scrape(config, LFR, extra=("--purge-withdrawn",))
        assert result.exit_code == 0, result.output
        cited = {
            r["request_id"]
            for r in rows(
                db, "select distinct r.request_id from linked_citations c join requests r on r.id = c.request"
            )
        }
        assert cited == {LFR}


def test_a_run_killed_while_archiving_linked_pages_leaves_everything_consistent(tmp_path):
    import os
    import random
    import signal
    import time

    rng = random.Random(int(os.environ.get("CRASH_SEED", "14")))
    with sample() as (site, authority):
        config = write_config(tmp_path, site, authority, delay=0.2)
        db = tmp_path / "archive.db"
        command = [
            sys.executable,
            "-m",
            "scraper",
            "scrape",
            "--config",
            str(config),
            "-q",
            *map(str, (RFR, LFR, SURREY_THREAD, LEICS_THREAD)),
        ]
        root = Path(__file__).parent.parent
        for _ in range(3):  # killed while it archives threads, then linked pages
            process = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(1.2, 3.5))
            process.send_signal(signal.SIGKILL)
            process.wait()
            conn = sqlite3.connect(db)
            try:
                assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
                assert conn.execute("pragma foreign_key_check").fetchall() == []
            finally:
                conn.close()
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        # the next run closed what the killed runs left open, and every copy points at its record
        assert not list((tmp_path / "warc").glob("*.open"))
        index = warc_index(tmp_path / "warc")
        responses = {(r["file"], int(r["offset"])): r["warc-target-uri"] for r in index if r["warc-type"] == "response"}
        copies = rows(db, "select url, warc_file, warc_offset from linked_versions")
        assert copies and all(responses[(c["warc_file"], c["warc_offset"])] == c["url"] for c in copies)
        states = {urlpath(r["url"]): r["state"] for r in rows(db, "select url, state from linked_pages")}
        assert states[web.RFR_PAGE] == states[web.LEICS_ANPR] == "archived"
        assert states[web.DRAFT_PAGE] == "disallowed" and "pending" not in states.values()
