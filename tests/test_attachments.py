"""Attachments: metadata, polite downloads into a content-addressed store, the wait page, and
searchable text, over the sample site on loopback, through to a Datasette search and thread page."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import time
from pathlib import Path

import pytest
from datasette.app import Datasette
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.config import ConfigError, load_config
from scraper.crawl import attachments as att
from scraper.datasette.plugin import ensure_registered
from scraper.datasette.thread import message_element_id
from scraper.sample import render
from scraper.sample.files import make_pdf, make_tiff
from scraper.sample.seed_threads import default_content
from scraper.sample.server import SampleSite

NML = "use_of_live_facial_recognition_a"  # seed 000: the answer is a letter attached as a PDF
LEICS = "anpr_cameras_and_read_logs"  # a TIFF behind the wait page and a 30 MB CSV
IPS = "facial_images_in_the_national_id"  # a text attachment with a converted "view as HTML"
#: A sentence of the seed-000 letter that is not in the e-mail body.
LETTER_PHRASE = "no watchlist was obtained"

HOSTILE_NAMES = [
    "../../etc/passwd",
    "/etc/shadow",
    "..\\..\\Windows\\System32\\config.sys",
    "C:\\boot.ini",
    "a\x00b.pdf",
    "\x00",
    "..",
    ".",
    "",
    "...pdf",
    ".bashrc",
    "CON.txt",
    "nul",
    "x" * 5000 + ".pdf",
    "é" * 3000 + ".xlsx",
    "report\n\r\t.pdf",
    "a/b/../../../../c.pdf",
]


# -- pure parts ------------------------------------------------------------------------------


def _check_safe(name: str, out: str, root: Path) -> None:
    assert out and out not in (".", "..")
    assert not out.startswith(".")
    assert "/" not in out and "\\" not in out and "\x00" not in out
    assert all(ord(c) >= 32 for c in out)
    assert len(out.encode("utf-8")) <= 150
    assert not att._WINDOWS_RESERVED.match(out)
    placed = (root / out).resolve()
    assert placed.parent == root.resolve(), (name, out)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_names_become_one_harmless_component(name, tmp_path):
    _check_safe(name, att.safe_filename(name), tmp_path)


def test_sanitised_names_keep_what_they_can():
    assert att.safe_filename("../../etc/passwd") == "passwd"
    assert att.safe_filename("/etc/shadow") == "shadow"
    assert att.safe_filename("a\x00b.pdf") == "a b.pdf"
    assert att.safe_filename("FOI 19 08 Response Ferris.pdf") == "FOI 19 08 Response Ferris.pdf"
    long = att.safe_filename("x" * 5000 + ".pdf")
    assert long.endswith(".pdf") and len(long) == 150
    assert att.safe_filename("é" * 3000 + ".xlsx").endswith("é.xlsx")  # cut on a character boundary
    assert att.safe_filename("CON.txt") == "_CON.txt"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_any_name_is_sanitised(tmp_path_factory, name):
    root = tmp_path_factory.getbasetemp()
    _check_safe(name, att.safe_filename(name), root)
    ext = att.extension_of(name)
    assert ext == "" or (ext.startswith(".") and ext[1:].isalnum() and ext.isascii() and len(ext) <= 11)


def test_store_paths_are_content_addressed_and_cannot_escape(tmp_path):
    files = att.FileStore(tmp_path / "store")
    sha = hashlib.sha256(b"x").hexdigest()
    for name in HOSTILE_NAMES:
        rel = files.relpath(sha, name)
        assert rel.startswith(f"{sha[:2]}/{sha}")
        assert (tmp_path / "store").resolve() in files.path(rel).parents
    for bad in ("../outside", "/etc/passwd", "ab/../../x", ".."):
        with pytest.raises(ValueError):
            files.path(bad)
    with pytest.raises(ValueError):
        files.relpath("../" + sha[3:], "x.pdf")


def test_wait_page_is_recognised_and_files_are_not():
    page = render.render_mask_wait_page(path="/attachments/1--abc/wait").encode()
    assert att.is_wait_page("http://127.0.0.1/x/attach/2/a.pdf", "text/html; charset=utf-8", page)
    assert att.is_wait_page("http://127.0.0.1/attachments/1--abc/wait?referer=x", "text/html", b"")
    pdf = make_pdf("Attachment processing is described here.")
    assert not att.is_wait_page("http://127.0.0.1/request/a/response/1/attach/2/a.pdf", "application/pdf", pdf)
    assert not att.is_wait_page("http://127.0.0.1/request/a/response/1/attach/2/a.tif", "image/tiff", make_tiff())


def test_view_as_html_text_drops_the_page_chrome():
    content = default_content()
    thread = content.thread(IPS)
    message = next(m for m in thread.all_messages if m.attachments)
    text_att = message.attachments[0]
    text = att.view_as_html_text(render.render_attachment_html(thread, message, text_att))
    assert "This is an HTML version of an attachment" not in text
    assert "Download original attachment" not in text
    assert text.split() == text_att.text.split()
    nml = content.thread(NML)
    pdf_message = next(m for m in nml.all_messages if m.attachments)
    # Current Alaveteli only embeds a PDF: nothing to take from the page.
    assert att.view_as_html_text(render.render_attachment_html(nml, pdf_message, pdf_message.attachments[0])) == ""


def test_pdf_text_reads_the_letter_and_refuses_junk():
    letter = "Dear Mr Ferris,\n\nHowever, no watchlist was obtained. No matching was attempted."
    assert LETTER_PHRASE in " ".join(att.pdf_text(make_pdf(letter)).split())
    with pytest.raises(ValueError):
        att.pdf_text(b"%PDF-1.4\nnot really a pdf")


def test_attachments_config(tmp_path):
    config = load_config(None)
    assert not config.attachments_download and not config.attachments_text
    path = tmp_path / "config.toml"
    path.write_text(
        "[attachments]\ndownload = true\ntext = true\nmax_bytes = 5000\n"
        'content_types = ["application/pdf", "image/*"]\ndir = "files"\n'
    )
    config = load_config(path)
    assert config.attachments_download and config.attachments_text
    assert config.attachments_max_bytes == 5000 and config.attachments_types == ("application/pdf", "image/*")
    assert att.FileStore.for_config(config).root == Path(config.db).resolve().parent / "files"
    assert att.type_allowed("image/tiff", config.attachments_types)
    assert not att.type_allowed("text/csv", config.attachments_types)
    path.write_text('[attachments]\ndownload = "yes"\n')
    with pytest.raises(ConfigError, match="attachments.download"):
        load_config(path)
    path.write_text('[attachments]\ncontent_types = ["pdf"]\n')
    with pytest.raises(ConfigError, match="content_types"):
        load_config(path)


# -- over loopback ---------------------------------------------------------------------------


def _config(tmp_path: Path, **settings_: object) -> Path:
    lines = ["[attachments]"]
    for key, value in settings_.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, (list, tuple)):
            lines.append(f"{key} = [{', '.join(repr(v).replace(chr(39), chr(34)) for v in value)}]")
        else:
            lines.append(f"{key} = {value!r}".replace("'", '"'))
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def scrape_ok(scrape, site: SampleSite, tmp_path: Path, *targets: str, config: Path | None = None):
    """The scrape command into ``tmp_path``'s archive; it must succeed."""
    result = scrape(site, tmp_path / "archive.db", *targets, config=config)
    assert result.exit_code == 0, result.output
    return result


def test_metadata_is_kept_and_nothing_is_downloaded_by_default(fresh_site, tmp_path, db_rows, scrape):
    scrape_ok(scrape, fresh_site, tmp_path, NML, LEICS)
    assert not any("/attach/" in e.path for e in fresh_site.log)
    got = db_rows(
        tmp_path / "archive.db",
        "select at.*, m.anchor from attachments at join messages m on m.id = at.message order by at.id",
    )
    expected = [
        (t, m, a)
        for slug in (NML, LEICS)
        for t in [fresh_site.content.thread(slug)]
        for m in t.all_messages
        for a in m.attachments
    ]
    assert len(got) == len(expected)
    for row, (thread, message, a) in zip(got, expected, strict=True):
        assert row["anchor"] == message.anchor
        assert (row["part"], row["filename"], row["content_type"], row["size"]) == (
            a.part,
            a.filename,
            a.content_type,
            a.display_size,
        )
        assert row["url"].startswith(fresh_site.base_url + render.attachment_path(thread, message, a))
        assert row["html_url"].endswith(
            f"/attach/html/{a.part}/" + row["url"].rsplit("/", 1)[1].split("?")[0] + ".html"
        )
        assert row["file_status"] is None and row["stored_path"] is None and row["text"] is None
    assert not (tmp_path / "attachments").exists()


def test_seed_000_letter_is_stored_searchable_and_shown_under_its_message(fresh_site, tmp_path, db_rows, scrape):
    config = _config(tmp_path, download=True, text=True)
    scrape_ok(scrape, fresh_site, tmp_path, NML, config=config)
    thread = fresh_site.content.thread(NML)
    message = next(m for m in thread.all_messages if m.attachments)
    sample = message.attachments[0]
    [row] = db_rows(tmp_path / "archive.db", "select * from attachments")
    assert row["file_status"] == "stored" and row["file_bytes"] == len(sample.data)
    assert row["sha256"] == hashlib.sha256(sample.data).hexdigest()
    stored = tmp_path / "attachments" / row["stored_path"]
    assert stored.read_bytes() == sample.data
    assert row["text_status"] == "done" and row["text_source"] == "pdf"
    assert LETTER_PHRASE in " ".join(row["text"].split())
    # Every request went to the fresh_site, politely, with the robots.txt read first.
    assert fresh_site.log[0].path == "/robots.txt"

    ensure_registered()
    ds = Datasette([str(tmp_path / "archive.db")], settings={"num_sql_threads": 1})
    loop = asyncio.new_event_loop()
    try:
        found = loop.run_until_complete(ds.client.get(f'/archive/-/search.json?q="{LETTER_PHRASE}"')).json()
        assert found["ok"], found
        [hit] = found["results"]
        assert hit["attachment"] == sample.filename and hit["anchor"] == message.anchor
        assert f"[{LETTER_PHRASE}]" in " ".join(hit["snippet"].split())
        page = loop.run_until_complete(ds.client.get(f"/archive/-/search?q={LETTER_PHRASE.replace(' ', '+')}"))
        assert sample.filename in page.text
        thread_page = loop.run_until_complete(ds.client.get(f"/archive/-/thread/{thread.id}"))
        assert thread_page.status_code == 200
    finally:
        loop.close()
    tree = LexborHTMLParser(thread_page.text)
    article = tree.css_first(f"#{message_element_id(message.anchor, 1)}")
    assert article is not None
    shown = article.css_first(".att-text pre")
    assert shown is not None and LETTER_PHRASE in " ".join(shown.text().split())


def test_wait_page_is_never_stored_and_is_retried_next_run(fresh_site, tmp_path, db_rows, scrape):
    config = _config(tmp_path, download=True, text=True, max_bytes=1_000_000, content_types=["image/*", "text/csv"])
    scrape_ok(scrape, fresh_site, tmp_path, LEICS, config=config)
    by_name = {r["filename"]: r for r in db_rows(tmp_path / "archive.db", "select * from attachments")}
    tif = next(r for n, r in by_name.items() if n.endswith(".TIF"))
    csv = next(r for n, r in by_name.items() if n.endswith(".csv"))
    assert tif["file_status"] == "pending" and tif["sha256"] is None and tif["stored_path"] is None
    assert any("/attachments/" in e.path and "/wait" in e.path for e in fresh_site.log)
    # The over-size file is judged by its listed size: never requested.
    assert csv["file_status"] == "too_large" and "30.0M" in csv["file_note"]
    assert not any("ANPR%20read%20log" in e.path and "/attach/html/" not in e.path for e in fresh_site.log)
    store_root = tmp_path / "attachments"
    kept = [p for p in store_root.rglob("*") if p.is_file()] if store_root.exists() else []
    assert kept == []

    scrape_ok(scrape, fresh_site, tmp_path, LEICS, config=config)
    tif = db_rows(tmp_path / "archive.db", "select * from attachments where id = ?", tif["id"])[0]
    assert tif["file_status"] == "stored"
    assert (store_root / tif["stored_path"]).read_bytes() == make_tiff()
    assert tif["text_status"] == "none"  # a TIFF's HTML view is an embedded viewer


def test_download_stops_at_the_byte_cap_when_the_listed_size_understates(fresh_site, tmp_path, db_rows, scrape):
    config = _config(tmp_path, download=True, max_bytes=200_000, content_types=["text/csv"])
    scrape_ok(scrape, fresh_site, tmp_path, LEICS)  # metadata only
    conn = sqlite3.connect(tmp_path / "archive.db")
    with conn:
        conn.execute("update attachments set size = null, size_bytes = null where filename like '%.csv'")
    conn.close()
    scrape_ok(scrape, fresh_site, tmp_path, LEICS, config=config)
    [csv] = db_rows(tmp_path / "archive.db", "select * from attachments where filename like '%.csv'")
    assert csv["file_status"] == "too_large" and csv["file_limit"] == 200_000 and csv["stored_path"] is None
    assert [p for p in (tmp_path / "attachments").rglob("*") if p.is_file()] == []
    scrape_ok(scrape, fresh_site, tmp_path, LEICS, config=config)
    # The site logs a request once its (here cut-off) answer ends: give the log a moment.
    deadline = time.monotonic() + 5
    while not any("ANPR%20read%20log" in e.path for e in fresh_site.log) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    assert sum("ANPR%20read%20log" in e.path for e in fresh_site.log) == 1  # tried once, not again


def test_text_comes_from_the_sites_html_version_when_it_has_text(fresh_site, tmp_path, db_rows, scrape):
    config = _config(tmp_path, text=True)
    scrape_ok(scrape, fresh_site, tmp_path, IPS, config=config)
    [row] = db_rows(tmp_path / "archive.db", "select * from attachments")
    sample = next(a for m in fresh_site.content.thread(IPS).all_messages for a in m.attachments)
    assert row["text_source"] == "html" and row["text_status"] == "done"
    assert row["raw_text"].split() == sample.text.split()
    assert row["stored_path"] is None and row["file_status"] is None  # text only: no file kept
    assert not (tmp_path / "attachments").exists() or not any(
        p.is_file() for p in (tmp_path / "attachments").rglob("*")
    )
    assert not any("/attach/2/" in e.path for e in fresh_site.log)  # the HTML version sufficed


def test_robots_txt_that_forbids_attachments_is_obeyed(fresh_site, tmp_path, monkeypatch, db_rows, scrape):
    monkeypatch.setattr(render, "ROBOTS_TXT", render.ROBOTS_TXT.replace("Allow: */request/*/response/*/attach/*\n", ""))
    config = _config(tmp_path, download=True, text=True)
    scrape_ok(scrape, fresh_site, tmp_path, NML, config=config)
    [row] = db_rows(tmp_path / "archive.db", "select * from attachments")
    assert row["file_status"] == "disallowed" and row["stored_path"] is None
    assert row["text_status"] == "disallowed" and row["text"] is None
    assert not any("/attach/" in e.path for e in fresh_site.log)


def test_older_converted_pdf_pages_give_their_text():
    # Before October 2025 Alaveteli converted PDFs with pdftohtml: absolutely placed lines per page.
    page = """<!DOCTYPE html><html><head><title>FOI 19 08 Response Ferris.pdf</title></head>
<body id="wrapper"><div class="view_html_prefix"><div class="view_html_download_link">
<a href="/request/x/response/1/attach/2/a.pdf">Download original attachment</a><br>(PDF file)</div>
<p class="view_html_description">This is an HTML version of an attachment to the Freedom of Information
request '<a href="/request/x">Use of live facial recognition</a>'.</p></div>
<div id="page1-div" style="position:relative;width:893px;height:1263px;">
<p style="position:absolute;top:120px;left:85px;white-space:nowrap" class="ft10">Dear&#160;Mr&#160;Ferris,</p>
<p style="position:absolute;top:150px;left:85px;white-space:nowrap" class="ft10">However,&#160;no&#160;watchlist&#160;was&#160;obtained.</p>
</div></body></html>"""
    text = att.view_as_html_text(page)
    assert LETTER_PHRASE in " ".join(text.split())
    assert "Download original attachment" not in text and "HTML version" not in text
