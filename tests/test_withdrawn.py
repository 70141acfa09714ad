"""What the site has taken down (issue 6): kept and flagged, left out of the default reading
(views, table pages, search, charts, canned queries), shown on request with a flag, exported
unless ``--exclude-withdrawn``, and deleted with its attachment files by ``--purge-withdrawn``.

The archive is written with ``store.save_thread`` / ``store.mark_withdrawn`` into a real SQLite
file and read through ``datasette.client``; the last test runs the real pipeline over loopback.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from selectolax.lexbor import LexborHTMLParser
from support import dated_message, dated_thread

from scraper import archive as store
from scraper.archive import iter_thread_documents, load_schema
from scraper.cli.export import export_command
from scraper.crawl.attachments import FileStore
from scraper.datasette.plugin import ensure_registered
from scraper.models import Attachment, Authority, Message, Thread, User

SITE = "foi.example.org"
COUNCIL = Authority(url_name="borough_of_testing", name="Borough of Testing", id=2)
# Words that appear only in what the site took down, and one that appears only in public text.
WITHDRAWN_WORD = "zebracrossing"
HIDDEN_WORD = "pelicancrossing"
GONE_WORD = "toucancrossing"
HIDDEN_ATTACHMENT_WORD = "puffincrossing"
PUBLIC_WORD = "benches"
WITHDRAWN_ON = "2025-02-03T10:00:00+00:00"


def _msg(anchor: str, sent_at: str, text: str, *, attachments: list[Attachment] | None = None) -> Message:
    return dated_message(anchor, sent_at, text, sender="Someone", attachments=attachments)


def _thread(request_id: int, slug: str, status: str, messages: list[Message]) -> Thread:
    return dated_thread(
        request_id, slug, COUNCIL, status, messages, requester=User(url_name="ann", name="Ann Example", id=5)
    )


def _attachment(part: int, name: str) -> Attachment:
    return Attachment(
        filename=name,
        url=f"https://{SITE}/request/x/response/2012/attach/{part}/{name}",
        part=part,
        content_type="application/pdf",
        size="10K",
        size_bytes=10_000,
    )


def build_archive(path: Path, files: Path) -> None:
    """Request 301: public, with one hidden and one vanished response and a hidden attachment.
    Request 302: withdrawn by the site (410). Both have a stored PDF; 302's shares its file with 301."""
    public_messages = lambda hidden: [  # noqa: E731
        _msg("outgoing-3011", "2024-06-03T09:00:00+01:00", f"How many {PUBLIC_WORD} does the borough own?"),
        _msg(
            "incoming-3012",
            "2024-06-05T09:00:00+01:00",
            f"We own 40 {PUBLIC_WORD}.",
            attachments=[_attachment(2, "benches.pdf"), _attachment(3, "names.pdf")],
        ),
        _msg("incoming-3013", "2024-06-06T09:00:00+01:00", f"Names of staff: {HIDDEN_WORD}."),
        *([] if hidden else [_msg("incoming-3014", "2024-06-07T09:00:00+01:00", f"Misdelivered {GONE_WORD}.")]),
    ]
    first = _thread(301, "how_many_benches", "successful", public_messages(False))
    withdrawn = _thread(
        302,
        "zebra_crossings",
        "waiting_response",
        [
            _msg("outgoing-3021", "2024-07-01T09:00:00+01:00", f"Where are the {WITHDRAWN_WORD} sites?"),
            _msg(
                "incoming-3022",
                "2024-07-02T09:00:00+01:00",
                f"The {WITHDRAWN_WORD} list is attached.",
                attachments=[_attachment(2, "crossings.pdf"), _attachment(3, "copy_of_benches.pdf")],
            ),
        ],
    )
    db = store.open_archive(path)
    try:
        for t in (first, withdrawn):
            store.save_thread(
                db, t, site=SITE, fetched_at="2025-01-01T00:00:00+00:00", source_url=f"https://{SITE}/request/{t.slug}"
            )
        # The site later hides a response and an attachment, and a misdelivered response vanishes.
        again = _thread(301, "how_many_benches", "successful", public_messages(True))
        again.messages[1].attachments[1].hidden = True
        again.messages[2].hidden = True
        store.save_thread(
            db,
            again,
            site=SITE,
            fetched_at="2025-01-20T00:00:00+00:00",
            source_url=f"https://{SITE}/request/{again.slug}",
        )
        store.mark_withdrawn(db, site=SITE, request_id=302, status=410, when=WITHDRAWN_ON)
        # What the attachments step would have written: files in the store, text extracted.
        fs = FileStore(files)
        stored = {
            "benches.pdf": b"%PDF-1.4 benches",
            "names.pdf": b"%PDF-1.4 names",
            "crossings.pdf": b"%PDF-1.4 crossings",
            "copy_of_benches.pdf": b"%PDF-1.4 benches",  # the same bytes as 301's file
        }
        texts = {
            "benches.pdf": f"Inventory of {PUBLIC_WORD}",
            "names.pdf": f"Staff {HIDDEN_ATTACHMENT_WORD}",
            "crossings.pdf": f"Map of {WITHDRAWN_WORD}",
            "copy_of_benches.pdf": f"Inventory of {PUBLIC_WORD}",
        }
        with db.atomic():
            for name, data in stored.items():
                sha = hashlib.sha256(data).hexdigest()
                rel = fs.relpath(sha, name)
                fs.path(rel).parent.mkdir(parents=True, exist_ok=True)
                fs.path(rel).write_bytes(data)
                db.execute(
                    "update attachments set sha256 = ?, stored_path = ?, file_status = 'stored', file_bytes = ?, "
                    "text = ?, raw_text = ?, text_source = 'pdf', text_status = 'done' where filename = ?",
                    [sha, rel, len(data), texts[name], texts[name], name],
                )
    finally:
        db.close()


class Client:
    def __init__(self, ds: Datasette):
        self.ds = ds
        self.loop = asyncio.new_event_loop()

    def get(self, path: str):
        return self.loop.run_until_complete(self.ds.client.get(path))

    def json(self, path: str) -> Any:
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("withdrawn")
    build_archive(folder / "takedowns.db", folder / "attachments")
    return folder / "takedowns.db"


@pytest.fixture(scope="module")
def client(archive):
    ensure_registered()
    c = Client(Datasette([str(archive)], settings={"num_sql_threads": 1}))
    yield c
    c.loop.close()


def test_the_archive_keeps_and_flags_what_the_site_took_down(archive):
    conn = sqlite3.connect(archive)
    try:
        assert conn.execute(
            "select withdrawn_at, withdrawn_status from requests where request_id = 302"
        ).fetchone() == (WITHDRAWN_ON, 410)
        visibility = dict(conn.execute("select anchor, visibility from messages"))
        assert visibility == {
            "outgoing-3011": "visible",
            "incoming-3012": "visible",
            "incoming-3013": "hidden",
            "incoming-3014": "gone",
            "outgoing-3021": "visible",
            "incoming-3022": "visible",
        }
        assert dict(conn.execute("select filename, visibility from attachments"))["names.pdf"] == "hidden"
    finally:
        conn.close()


# -- views -----------------------------------------------------------------------------------


def test_default_views_leave_out_withdrawn_requests_and_hidden_messages(client):
    anchors = {r["anchor"] for r in client.json("/takedowns/thread_messages.json?_shape=array")}
    assert anchors == {"outgoing-3011", "incoming-3012"}
    overview = client.json("/takedowns/request_overview.json?_shape=array")
    assert [(r["request_id"], r["messages"], r["responses"]) for r in overview] == [(301, 2, 1)]


def test_all_views_show_everything_flagged(client):
    rows = client.json("/takedowns/thread_messages_all.json?_shape=array&_size=max")
    flags = {r["anchor"]: (r["visibility"], r["withdrawn_at"], r["withdrawn_status"]) for r in rows}
    assert flags["incoming-3013"] == ("hidden", None, None)
    assert flags["incoming-3014"] == ("gone", None, None)
    assert flags["incoming-3022"] == ("visible", WITHDRAWN_ON, 410)
    assert len(flags) == 6
    overview = {r["request_id"]: r for r in client.json("/takedowns/request_overview_all.json?_shape=array")}
    assert overview[302]["withdrawn_status"] == 410 and overview[301]["messages"] == 4
    changes = {
        (c["request_id"], c["field"], c["new_value"])
        for c in client.json("/takedowns/status_changes_all.json?_shape=array")
    }
    assert (302, "withdrawn_status", "410") in changes
    public = {
        (c["request_id"], c["field"], c["new_value"])
        for c in client.json("/takedowns/status_changes.json?_shape=array")
    }
    assert public == {c for c in changes if c[0] == 301} and public


def test_views_and_their_columns_are_described(client):
    tables = client.json("/-/metadata.json")["databases"]["takedowns"]["tables"]
    for view in ("thread_messages_all", "request_overview_all", "status_changes_all"):
        assert "withdrawn" in tables[view]["description"]
        assert tables[view]["columns"]["withdrawn_at"]


# -- table pages -----------------------------------------------------------------------------


def test_table_pages_leave_out_takedowns_unless_asked(client):
    requests = client.json("/takedowns/requests.json?_shape=array")
    assert [r["request_id"] for r in requests] == [301]
    everything = client.json("/takedowns/requests.json?_shape=array&_include_withdrawn=1")
    assert sorted(r["request_id"] for r in everything) == [301, 302]
    messages = {r["anchor"] for r in client.json("/takedowns/messages.json?_shape=array")}
    assert messages == {"outgoing-3011", "incoming-3012"}
    attachments = {r["filename"] for r in client.json("/takedowns/attachments.json?_shape=array")}
    assert attachments == {"benches.pdf"}
    all_attachments = client.json("/takedowns/attachments.json?_shape=array&_include_withdrawn=1")
    assert len(all_attachments) == 4
    # Filters, facets and full-text search work on the default reading.
    assert client.json(f"/takedowns/messages.json?_shape=array&_search={HIDDEN_WORD}") == []
    assert len(client.json(f"/takedowns/messages.json?_shape=array&_search={HIDDEN_WORD}&_include_withdrawn=1")) == 1
    facets = client.json("/takedowns/messages.json?_extra=facet_results&_include_withdrawn=1")["facet_results"]
    assert {r["value"]: r["count"] for r in facets["visibility"]["results"]} == {"visible": 4, "hidden": 1, "gone": 1}


def test_table_page_says_what_it_leaves_out_and_offers_the_toggle(client):
    response = client.get("/takedowns/requests")
    assert response.status_code == 200
    page = LexborHTMLParser(response.text)
    assert "_include_withdrawn=1 to include" in " ".join(page.css_first("h3").text().split())
    toggle = [a for a in page.css("a") if "Include what the site has withdrawn" in a.text()]
    assert toggle and "_include_withdrawn=1" in toggle[0].attributes["href"]
    included = LexborHTMLParser(client.get("/takedowns/requests?_include_withdrawn=1").text)
    assert [a for a in included.css("a") if "Hide what the site has withdrawn" in a.text()]
    assert "Zebra crossings" in included.text()


def test_a_withdrawn_requests_row_page_still_opens(client, archive):
    conn = sqlite3.connect(archive)
    try:
        (pk,) = conn.execute("select id from requests where request_id = 302").fetchone()
    finally:
        conn.close()
    response = client.get(f"/takedowns/requests/{pk}")
    assert response.status_code == 200 and "Zebra crossings" in response.text


# -- the plugin's pages ----------------------------------------------------------------------


def test_thread_page_of_a_withdrawn_request_opens_with_a_banner(client):
    page = LexborHTMLParser(client.get("/takedowns/-/thread/302").text)
    banner = page.css_first(".withdrawn-banner")
    assert banner is not None
    assert "Withdrawn by the site on 2025-02-03 (HTTP 410)" in " ".join(banner.text().split())
    assert WITHDRAWN_WORD in page.css_first("#incoming-3022").text()
    public = LexborHTMLParser(client.get("/takedowns/-/thread/301").text)
    assert public.css_first(".withdrawn-banner") is None


def test_thread_page_flags_hidden_and_gone_messages(client):
    page = LexborHTMLParser(client.get("/takedowns/-/thread/301").text)
    hidden, gone = page.css_first("#incoming-3013"), page.css_first("#incoming-3014")
    assert "msg-hidden" in hidden.attributes["class"] and "The site hides this message" in hidden.text()
    assert "msg-gone" in gone.attributes["class"] and "no longer on the site" in gone.text()
    assert "msg-hidden" not in page.css_first("#incoming-3012").attributes["class"]
    links = [a.attributes["href"] for a in page.css("a") if a.text() == "Messages as a table"]
    assert links and "_include_withdrawn=1" in links[0]


@pytest.mark.parametrize("word", [WITHDRAWN_WORD, HIDDEN_WORD, GONE_WORD, HIDDEN_ATTACHMENT_WORD])
def test_search_leaves_out_takedowns_unless_asked(client, word):
    default = client.json(f"/takedowns/-/search.json?q={word}")
    assert default["ok"] and default["results"] == []
    included = client.json(f"/takedowns/-/search.json?q={word}&include_withdrawn=1")
    assert included["ok"] and included["results"], word
    hit = included["results"][0]
    assert hit["withdrawn_at"] == WITHDRAWN_ON if word == WITHDRAWN_WORD else hit["withdrawn_at"] is None


def test_search_page_offers_the_box_and_flags_hits(client):
    page = LexborHTMLParser(client.get(f"/takedowns/-/search?q={WITHDRAWN_WORD}&include_withdrawn=1").text)
    box = page.css_first('input[name="include_withdrawn"]')
    assert box is not None and "checked" in box.attributes
    assert "request withdrawn by the site on 2025-02-03" in " ".join(page.css_first(".results").text().split())
    hidden = LexborHTMLParser(client.get(f"/takedowns/-/search?q={HIDDEN_WORD}&include_withdrawn=1").text)
    assert "hidden on the site" in hidden.css_first(".results").text()
    public = client.json(f"/takedowns/-/search.json?q={PUBLIC_WORD}")
    assert {h["anchor"] for t in public["threads"] for h in t["hits"]} == {"outgoing-3011", "incoming-3012"}


def test_charts_leave_out_withdrawn_requests_unless_asked(client):
    default = client.json("/takedowns/-/charts.json")
    assert [(s["authority"], s["requests"]) for s in default["response_times"]] == [("borough_of_testing", 1)]
    # The hidden response still dates the answer (the site still shows its header); 301 was answered.
    assert default["response_times"][0]["answered"] == 1
    everything = client.json("/takedowns/-/charts.json?include_withdrawn=1")
    assert everything["response_times"][0]["requests"] == 2
    page = LexborHTMLParser(client.get("/takedowns/-/charts").text)
    assert page.css_first("a.withdrawn-toggle").attributes["href"].endswith("?include_withdrawn=1")


def test_canned_queries_leave_out_takedowns(client):
    def run(name: str, **params: str) -> list[dict[str, Any]]:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return client.json(f"/takedowns/{name}.json?_shape=array&{query}")

    assert [r["anchor"] for r in run("recent_responses", since="", authority="")] == ["incoming-3012"]
    assert run("search_messages", q=WITHDRAWN_WORD) == [] and run("search_messages", q=HIDDEN_WORD) == []
    assert [r["thread"] for r in run("authority_requests", authority="borough_of_testing")] == [301]
    assert [r["requests"] for r in run("response_times", min_requests="")] == [1]
    assert run("overdue", authority="", as_of="2025-06-01") == []  # 302 waits, but it is withdrawn


# -- export ----------------------------------------------------------------------------------


def _export(archive: Path, **kw: Any) -> list[dict[str, Any]]:
    db = store.open_archive(archive)
    try:
        return list(iter_thread_documents(db, **kw))
    finally:
        db.close()


def test_export_keeps_everything_flagged_by_default(archive):
    docs = {d["request"]["id"]: d for d in _export(archive)}
    schema = load_schema()
    for d in docs.values():
        jsonschema.validate(d, schema)
    assert docs[302]["request"]["withdrawn_at"] == WITHDRAWN_ON and docs[302]["request"]["withdrawn_status"] == 410
    assert {m["id"]: m["visibility"] for m in docs[301]["messages"]}["incoming-3013"] == "hidden"


def test_export_can_exclude_what_the_site_took_down(archive):
    docs = _export(archive, exclude_withdrawn=True)
    assert [d["request"]["id"] for d in docs] == [301]
    (doc,) = docs
    jsonschema.validate(doc, load_schema())
    assert [m["id"] for m in doc["messages"]] == ["outgoing-3011", "incoming-3012"]
    assert [a["filename"] for m in doc["messages"] for a in m["attachments"]] == ["benches.pdf"]
    assert all(c["message"] in (None, "outgoing-3011", "incoming-3012") for c in doc["changes"])
    assert HIDDEN_WORD not in json.dumps(doc) and GONE_WORD not in json.dumps(doc)


def test_export_command_flag(archive, tmp_path):
    out = tmp_path / "public.jsonl"
    result = CliRunner().invoke(
        export_command, ["--all", "--exclude-withdrawn", "--format", "jsonl", "--db", str(archive), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert len(lines) == 1 and WITHDRAWN_WORD not in lines[0]
    full = CliRunner().invoke(export_command, ["--all", "--format", "jsonl", "--db", str(archive)])
    assert full.exit_code == 0 and len(full.stdout.splitlines()) == 2


def test_export_attachments_carry_file_and_text_state(archive):
    docs = {d["request"]["id"]: d for d in _export(archive)}
    attachments = {a["filename"]: a for m in docs[301]["messages"] for a in m["attachments"]}
    benches = attachments["benches.pdf"]
    sha = hashlib.sha256(b"%PDF-1.4 benches").hexdigest()
    assert benches["sha256"] == sha
    assert benches["stored_path"] == f"{sha[:2]}/{sha}.pdf"
    assert benches["file_status"] == "stored"
    assert benches["text"] == f"Inventory of {PUBLIC_WORD}" and benches["text_source"] == "pdf"
    schema = load_schema()
    properties = schema["$defs"]["attachment"]["properties"]
    assert {"sha256", "stored_path", "file_status", "text", "text_source"} <= set(properties)
    # The new fields are optional in the schema: a document exported before them still validates.
    older = json.loads(json.dumps(docs[301]))
    for m in older["messages"]:
        for a in m["attachments"]:
            for key in ("stored_path", "file_status", "text_source"):
                del a[key]
    jsonschema.validate(older, schema)
    bad = json.loads(json.dumps(docs[301]))
    bad["messages"][1]["attachments"][0]["file_status"] = 7
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# -- purge -----------------------------------------------------------------------------------


def test_purge_deletes_rows_and_files_no_longer_referenced(archive, tmp_path):
    copy = tmp_path / "purge.db"
    src = sqlite3.connect(archive)
    dst = sqlite3.connect(copy)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    files = tmp_path / "attachments"
    import shutil

    shutil.copytree(archive.parent / "attachments", files)
    fs = FileStore(files)
    db = store.open_archive(copy)
    try:
        paths = dict(db.execute("select filename, stored_path from attachments").fetchall())
        result = store.purge_withdrawn(db)
        removed = fs.remove(result.unused_files)
        assert (result.requests, result.messages, result.attachments) == (1, 4, 3)
        assert [r[0] for r in db.execute("select request_id from requests")] == [301]
        assert [r[0] for r in db.execute("select anchor from messages order by position")] == [
            "outgoing-3011",
            "incoming-3012",
        ]
        assert [r[0] for r in db.execute("select filename from attachments")] == ["benches.pdf"]
        assert db.execute("select count(*) from changes where message is not null").fetchone()[0] == 0
    finally:
        db.close()
    # 302's copy of benches.pdf is the same file as 301's, still referenced: kept.
    assert paths["copy_of_benches.pdf"] == paths["benches.pdf"]
    assert fs.path(paths["benches.pdf"]).exists()
    assert not fs.path(paths["crossings.pdf"]).exists() and not fs.path(paths["names.pdf"]).exists()
    assert removed == 2
    # A second purge finds nothing to do.
    db = store.open_archive(copy)
    try:
        assert store.purge_withdrawn(db) == store.PurgeResult()
    finally:
        db.close()


def test_scrape_purge_withdrawn_removes_the_stored_file(tmp_path):
    """The real pipeline: a stored attachment, then the site hides the request, then a scrape
    with --purge-withdrawn deletes the request and its file."""
    from scraper.cli import cli
    from scraper.sample.seed_threads import default_content
    from scraper.sample.server import SampleSite

    slug = "use_of_live_facial_recognition_a"  # seed 000: a PDF letter
    (tmp_path / "config.toml").write_text("[attachments]\ndownload = true\n")
    db_path = tmp_path / "archive.db"
    with SampleSite(default_content()) as site:
        args = [
            "scrape",
            "--config",
            str(tmp_path / "config.toml"),
            "--base-url",
            site.base_url,
            "--delay",
            "0",
            "--db",
            str(db_path),
            "-q",
        ]
        result = CliRunner().invoke(cli, [*args, slug])
        assert result.exit_code == 0, result.output
        conn = sqlite3.connect(db_path)
        try:
            (stored_path,) = conn.execute("select stored_path from attachments where file_status = 'stored'").fetchone()
        finally:
            conn.close()
        stored = tmp_path / "attachments" / stored_path
        assert stored.is_file()
        site.content.thread(slug).prominence = "hidden"
        result = CliRunner().invoke(cli, [*args, "--purge-withdrawn", slug])
        assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("select count(*) from requests").fetchone()[0] == 0
        assert conn.execute("select count(*) from attachments").fetchone()[0] == 0
        # Nothing of the purged request is left in URLs either (its slug carries its title).
        for table in ("fetch_state", "frontier"):
            urls = [r[0] for r in conn.execute(f"select url from {table}")]
            assert not [u for u in urls if f"/request/{slug}" in u], table
        (withdrawn,) = conn.execute("select threads_withdrawn from runs order by id desc limit 1").fetchone()
        assert withdrawn == 1
    finally:
        conn.close()
    assert not stored.exists()
