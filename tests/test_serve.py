"""Serving the archive with Datasette: the plugin's pages, JSON, metadata and canned queries.

Two real archives per module: ``archive`` is the demo crawl of the sample site (the real
pipeline over loopback), ``tiny`` is written with ``store.save_thread`` with dates chosen so that
working-day arithmetic has one right answer. Requests go through ``datasette.client``.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from datasette.app import Datasette
from selectolax.lexbor import LexborHTMLParser
from support import dated_message, dated_thread

from scraper import archive as store
from scraper.datasette.plugin import ensure_registered
from scraper.demo import run_demo
from scraper.models import Authority, Event

TINY_SITE = "foi.example.org"
DISCLAIMER = "DISCLAIMER: This e-mail is confidential and intended for the addressee only."


def build_tiny_archive(path: Path) -> None:
    """Five requests to two authorities with known working-day answers (see each comment)."""
    ministry = Authority(url_name="ministry_of_examples", name="Ministry of Examples", id=1)
    borough = Authority(url_name="borough_of_testing", name="Borough of Testing", id=2)
    threads = [
        # Sent Mon 25 March 2024; Good Friday and Easter Monday don't count: 24 April is day 20.
        dated_thread(
            101,
            "on_time_answer",
            ministry,
            "successful",
            [
                dated_message(
                    "outgoing-1011",
                    "2024-03-25T10:00:00+00:00",
                    "Please send the list of examples.",
                    sender="Ann Example",
                ),
                dated_message(
                    "incoming-1012",
                    "2024-04-24T09:00:00+01:00",
                    "We are pleased to enclose the list.",
                    sender="Ministry of Examples",
                ),
            ],
        ),
        # Same day sent, answered on day 21 and refused under section 12.
        dated_thread(
            102,
            "late_refusal",
            ministry,
            "rejected",
            [
                dated_message(
                    "outgoing-1021",
                    "2024-03-25T11:00:00+00:00",
                    "Please send every example ever made.",
                    sender="Ann Example",
                ),
                dated_message(
                    "incoming-1022",
                    "2024-04-25T16:00:00+01:00",
                    "We refuse this request under section 12 of the Act: it would exceed the cost limit.",
                    sender="Ministry of Examples",
                    disclaimer=DISCLAIMER,
                ),
            ],
            events=[
                Event(
                    id=90001,
                    event_type="sent",
                    created_at="2024-03-25T11:00:00+00:00",
                    described_state="waiting_response",
                    outgoing_message_id=1021,
                ),
                Event(
                    id=90002, event_type="response", created_at="2024-04-25T16:00:00+01:00", incoming_message_id=1022
                ),
                Event(
                    id=90003,
                    event_type="status_update",
                    created_at="2024-04-26T09:00:00+01:00",
                    described_state="rejected",
                ),
            ],
        ),
        # Sent Fri 20 December 2024, never answered: day 20 is Wed 22 January 2025
        # (25, 26 December and 1 January are bank holidays).
        dated_thread(
            103,
            "still_waiting",
            borough,
            "waiting_response",
            [
                dated_message(
                    "outgoing-1031",
                    "2024-12-20T15:00:00+00:00",
                    "How many benches does the borough own?",
                    sender="Ann Example",
                ),
            ],
        ),
        # Partly successful, withholding names under s.40(2); an annotation tries to inject markup.
        dated_thread(
            104,
            "names_withheld",
            borough,
            "partially_successful",
            [
                dated_message(
                    "outgoing-1041",
                    "2024-06-03T09:00:00+01:00",
                    "Who attended the bench committee?",
                    sender="Ann Example",
                ),
                dated_message(
                    "incoming-1042",
                    "2024-06-10T09:00:00+01:00",
                    "Attendees are listed; names of junior staff are withheld under s.40(2).",
                    sender="Borough of Testing",
                ),
                dated_message(
                    "comment-1043",
                    "2024-06-11T09:00:00+01:00",
                    'Note <script>window.__tiny_xss = 1</script> and <img src=x onerror="window.__tiny_xss = 2"> stay text.',
                    sender="Bob Annotator",
                ),
            ],
        ),
        # Successful, and it mentions section 12: not a refusal.
        dated_thread(
            105,
            "section_12_but_granted",
            borough,
            "successful",
            [
                dated_message(
                    "outgoing-1051", "2024-07-01T09:00:00+01:00", "Please send the bench budget.", sender="Ann Example"
                ),
                dated_message(
                    "incoming-1052",
                    "2024-07-02T09:00:00+01:00",
                    "Although section 12 could apply, we have decided to provide the budget.",
                    sender="Borough of Testing",
                ),
            ],
        ),
    ]
    db = store.open_archive(path)
    try:
        for t in threads:
            store.save_thread(
                db,
                t,
                site=TINY_SITE,
                fetched_at="2025-01-01T00:00:00+00:00",
                source_url=f"https://{TINY_SITE}/request/{t.slug}",
            )
        # Request 101's title was edited on the site: new slug, the old one kept in request_slugs.
        renamed = threads[0]
        renamed.slug, renamed.title = "list_of_examples", "List of examples"
        store.save_thread(
            db,
            renamed,
            site=TINY_SITE,
            fetched_at="2025-01-02T00:00:00+00:00",
            source_url=f"https://{TINY_SITE}/request/{renamed.slug}",
        )
    finally:
        db.close()


class Client:
    """``datasette.client`` driven from synchronous tests, on one event loop per module."""

    def __init__(self, ds: Datasette):
        self.ds = ds
        self.loop = asyncio.new_event_loop()

    def get(self, path: str, **kw: Any):
        return self.loop.run_until_complete(self.ds.client.get(path, **kw))

    def post(self, path: str, **kw: Any):
        return self.loop.run_until_complete(self.ds.client.post(path, **kw))

    def json(self, path: str) -> Any:
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("serve")
    demo = folder / "archive.db"
    assert run_demo(str(demo), serve=False) == 0
    tiny = folder / "tiny.db"
    build_tiny_archive(tiny)
    return {"archive": demo, "tiny": tiny}


@pytest.fixture(scope="module")
def client(archives) -> Client:
    ensure_registered()
    ds = Datasette([str(archives["archive"]), str(archives["tiny"])], settings={"num_sql_threads": 1})
    c = Client(ds)
    yield c
    c.loop.close()


def doc(response) -> LexborHTMLParser:
    assert response.status_code == 200, response.text[:500]
    return LexborHTMLParser(response.text)


def demo_rows(archives, sql: str, params: list[Any] | None = None) -> list[sqlite3.Row]:
    conn = sqlite3.connect(archives["archive"])
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params or []).fetchall()
    finally:
        conn.close()


# -- the thread page -------------------------------------------------------------------------


def test_thread_page_shows_every_message_in_page_order(client, archives):
    request_id = demo_rows(archives, "select request_id from requests order by request_id limit 1")[0][0]
    messages = demo_rows(
        archives,
        "select m.anchor, m.occurrence, m.kind, m.sender from messages m join requests r on r.id = m.request "
        "where r.request_id = ? order by m.position, m.occurrence",
        [request_id],
    )
    page = doc(client.get(f"/archive/-/thread/{request_id}"))
    blocks = page.css("article.msg")
    assert [b.attributes["id"] for b in blocks] == [
        m["anchor"] if m["occurrence"] == 1 else f"{m['anchor']}-{m['occurrence']}" for m in messages
    ]
    assert [b.attributes["class"].split()[1] for b in blocks] == [f"msg-{m['kind']}" for m in messages]
    senders = [b.css_first(".msg-sender").text() for b in blocks]
    assert senders == [m["sender"] or "Sender not shown" for m in messages]


def test_thread_page_links_back_to_the_site_and_to_its_json(client, archives):
    row = demo_rows(archives, "select request_id, source_url from requests limit 1")[0]
    page = doc(client.get(f"/archive/-/thread/{row['request_id']}"))
    original = page.css_first("a.original-link").attributes["href"]
    assert original == row["source_url"]
    for link in page.css("a.msg-link"):
        assert link.attributes["href"].startswith(row["source_url"].split("?")[0] + "#")
    assert page.css_first("a.json-link").attributes["href"] == f"/archive/-/thread/{row['request_id']}.json"


def test_thread_found_by_slug_and_by_url(client, archives):
    row = demo_rows(archives, "select request_id, slug, title from requests limit 1")[0]
    by_id = client.get(f"/archive/-/thread/{row['request_id']}").text
    assert html.escape(row["title"], quote=False) in by_id
    assert client.get(f"/archive/-/thread/{row['slug']}").text == by_id


def test_thread_found_by_former_slug(client):
    current = client.get("/tiny/-/thread/101").text
    assert "<h1>List of examples</h1>" in current
    assert client.get("/tiny/-/thread/list_of_examples").text == current
    assert client.get("/tiny/-/thread/on_time_answer").text == current
    assert client.json("/tiny/-/thread/on_time_answer.json")["request"]["former_slugs"] == ["on_time_answer"]


def test_unknown_thread_is_404(client):
    assert client.get("/archive/-/thread/999999999").status_code == 404
    assert client.get("/archive/-/thread/no_such_request.json").status_code == 404
    assert client.get("/nosuchdb/-/thread/1").status_code == 404


def test_stripped_view_rebuilds_the_raw_text_and_marks_each_category(client, archives):
    row = demo_rows(
        archives,
        "select r.request_id, m.anchor, m.occurrence, m.raw_text, m.stripped from messages m "
        "join requests r on r.id = m.request where m.stripped != '[]' limit 1",
    )[0]
    page = doc(client.get(f"/archive/-/thread/{row['request_id']}"))
    element_id = row["anchor"] if row["occurrence"] == 1 else f"{row['anchor']}-{row['occurrence']}"
    block = page.css_first(f"article#{element_id}")
    marked = block.css_first("details.msg-stripped .msg-marked")
    # The marked view is the raw text, whole, with each stripped span in a <mark> of its category.
    assert marked.text(deep=True) == row["raw_text"]
    spans = sorted(json.loads(row["stripped"]), key=lambda s: s["start"])
    marks = marked.css("mark.strip")
    assert [m.attributes["data-category"] for m in marks] == [s["category"] for s in spans]
    assert [m.text() for m in marks] == [row["raw_text"][s["start"] : s["end"]] for s in spans]
    assert block.css_first("details.msg-raw pre").text() == row["raw_text"]


def test_clean_text_is_shown_and_disclaimer_only_behind_the_control(client):
    page = doc(client.get("/tiny/-/thread/102"))
    block = page.css_first("article#incoming-1022")
    assert block.css_first(".msg-text").text() == (
        "We refuse this request under section 12 of the Act: it would exceed the cost limit."
    )
    summary = block.css_first("details.msg-stripped summary").text()
    assert "1 disclaimer" in summary
    assert block.css_first("mark.strip-disclaimer").text() == DISCLAIMER


def test_status_history_and_deadline(client):
    page = doc(client.get("/tiny/-/thread/102"))
    history = [li.text(deep=True) for li in page.css(".status-history li")]
    assert len(history) == 2
    assert "Awaiting response" in history[0] and "Refused" in history[1]
    deadline = page.css_first(".deadline").text(deep=True)
    assert "2024-04-24" in deadline  # due date: 20 working days after 25 March 2024
    assert "after 21 working days" in deadline and "late" in deadline
    # The status change is also placed in the conversation, after the response it followed.
    order = [n.attributes.get("id") or "status" for n in page.css(".conversation > *")]
    assert order == ["outgoing-1021", "incoming-1022", "status"]


def test_annotations_are_set_apart(client):
    page = doc(client.get("/tiny/-/thread/104"))
    annotation = page.css_first("article#comment-1043")
    assert "msg-annotation" in annotation.attributes["class"]
    assert annotation.css_first(".msg-kind").text() == "Annotation"


def test_archived_markup_is_escaped_everywhere(client, archives):
    # The sample site's annotation with <script> and onerror=, and our own.
    row = demo_rows(
        archives,
        "select r.request_id from messages m join requests r on r.id = m.request "
        "where m.raw_text like '%<script>alert(1)</script>%'",
    )[0]
    for path in (f"/archive/-/thread/{row['request_id']}", "/tiny/-/thread/104"):
        text = client.get(path).text
        assert "<script>alert(1)" not in text and "<script>window.__tiny_xss" not in text
        assert not re.search(r"<img[^>]*onerror", text)
        page = LexborHTMLParser(text)
        # Scripts: ours (by src) and Datasette's own menu script; none carries archived text.
        assert not [s for s in page.css("script") if "alert" in s.text() or "__tiny_xss" in s.text()]
        assert not page.css("img")
    assert "&lt;script&gt;window.__tiny_xss = 1&lt;/script&gt;" in client.get("/tiny/-/thread/104").text


# -- thread JSON -----------------------------------------------------------------------------


def test_thread_json_is_the_export_document(client, archives):
    import sqlite_utils

    from scraper.archive import iter_thread_documents, load_schema

    row = demo_rows(archives, "select request_id from requests limit 1")[0]
    response = client.get(f"/archive/-/thread/{row['request_id']}.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    jsonschema.validate(data, load_schema())
    db = sqlite_utils.Database(archives["archive"])
    try:
        (expected,) = list(iter_thread_documents(db, keys=[row["request_id"]]))
    finally:
        db.close()
    assert data == expected
    assert response.headers["link"].startswith(f"</archive/-/thread/{row['request_id']}>")


def test_thread_json_cannot_be_read_as_html(client):
    body = client.get("/tiny/-/thread/104.json").text
    assert "<" not in body and ">" not in body
    assert json.loads(body)["messages"][2]["raw_text"].startswith("Note <script>")


# -- search ----------------------------------------------------------------------------------


def test_search_highlights_and_links_into_threads(client):
    page = doc(client.get("/archive/-/search?q=facial+recognition"))
    results = page.css("li.result")
    assert results
    for result in results[:5]:
        assert [m.text().lower() for m in result.css(".snippet mark")][:1] in (["facial"], ["recognition"])
        href = result.css_first("h3 a").attributes["href"]
        path, anchor = href.split("#")
        thread = doc(client.get(path))
        assert thread.css_first(f"article#{anchor}") is not None


def test_search_by_phrase_authority_and_date(client):
    data = client.json("/tiny/-/search.json?q=%22cost+limit%22")
    assert [r["request_id"] for r in data["results"]] == [102]
    assert "[cost limit]" in data["results"][0]["snippet"]  # the phrase is highlighted as one
    assert client.json("/tiny/-/search.json?q=%22limit+cost%22")["results"] == []
    benches = client.json("/tiny/-/search.json?q=bench")["results"]
    assert {r["request_id"] for r in benches} == {103, 104, 105}
    by_authority = client.json("/tiny/-/search.json?q=please&authority=ministry_of_examples")["results"]
    assert {r["request_id"] for r in by_authority} == {101, 102}
    by_name = client.json("/tiny/-/search.json?q=please&authority=Borough")["results"]
    assert {r["request_id"] for r in by_name} == {105}
    dated = client.json("/tiny/-/search.json?q=please&from=2024-06-01&to=2024-06-30")["results"]
    assert [r["request_id"] for r in dated] == []
    dated = client.json("/tiny/-/search.json?q=bench&from=2024-06-01&to=2024-06-30")["results"]
    assert {r["request_id"] for r in dated} == {104}
    responses = client.json("/tiny/-/search.json?q=section&kind=incoming")["results"]
    assert {r["request_id"] for r in responses} == {102, 105}


def test_search_snippets_escape_archived_markup(client):
    page = client.get("/tiny/-/search?q=script").text
    assert "&lt;script&gt;window.__tiny_xss" in page or "&lt;<mark>script</mark>&gt;" in page
    assert "<script>window" not in page


def test_search_reports_bad_input_in_a_sentence(client):
    page = doc(client.get("/tiny/-/search?q=bench&from=June"))
    assert "YYYY-MM-DD" in page.css_first(".form-error").text()
    response = client.get("/tiny/-/search.json?q=%22unbalanced&mode=raw")
    assert response.status_code == 400 and response.json()["error"]
    assert doc(client.get("/tiny/-/search?q=%22unbalanced")).css("li.result") == []  # escaped: no error


def test_search_results_are_threads_each_once(client):
    data = client.json("/archive/-/search.json?q=the")
    ids = [t["request_id"] for t in data["threads"]]
    assert len(ids) == len(set(ids)) > 5
    # results: every matching message of those threads, thread by thread, each thread's best marked
    assert [r["request_id"] for r in data["results"] if r["best"]] == ids
    assert len(data["results"]) == sum(t["matches"] for t in data["threads"])
    assert data["total_threads"] == len(ids) and data["total_messages"] == sum(t["matches"] for t in data["threads"])


# -- charts ----------------------------------------------------------------------------------


def test_charts_page_draws_svg_locally(client):
    response = client.get("/tiny/-/charts")
    page = doc(response)
    assert len(page.css(".chart svg")) == 2
    rows = page.css("#response-times .rt-row")
    assert [r.css_first("text").text() for r in rows] == ["Borough of Testing", "Ministry of Examples"]
    # Each authority leads to its requests.
    href = rows[1].css_first("a").attributes["href"]
    listed = client.json(href.replace("/authority_requests?", "/authority_requests.json?_shape=array&"))
    assert sorted(r["thread"] for r in listed) == [101, 102]
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
        for node in page.css(tag):
            url = node.attributes.get(attr) or ""
            assert not url.startswith(("http:", "https:", "//")), url


def test_chart_data_matches_the_archive(client):
    data = client.json("/tiny/-/charts.json")
    ministry = next(s for s in data["response_times"] if s["authority"] == "ministry_of_examples")
    assert ministry["days"] == [20, 21]
    assert ministry["median"] == 20.5 and ministry["on_time_share"] == 0.5
    buckets = {b["label"]: b["counts"] for b in data["outcomes_over_time"]["buckets"]}
    assert buckets["2024-03"] == {**buckets["2024-03"], "successful": 1, "refused": 1}
    assert buckets["2024-12"]["awaiting"] == 1
    assert sum(sum(c.values()) for c in buckets.values()) == 5


# -- canned queries --------------------------------------------------------------------------


def query(client, name: str, **params: str) -> list[dict[str, Any]]:
    qs = "&".join(f"{k}={v}" for k, v in {**params, "_shape": "array"}.items())
    return client.json(f"/tiny/{name}.json?{qs}")


def test_overdue_counts_working_days_only(client):
    assert query(client, "overdue", as_of="2025-01-22") == []
    (late,) = query(client, "overdue", as_of="2025-01-23")
    assert (late["thread"], late["due_on"], late["working_days_late"]) == (103, "2025-01-22", 1)
    (late,) = query(client, "overdue", as_of="2025-01-27")  # Thu, Fri, Mon
    assert late["working_days_late"] == 3
    assert query(client, "overdue", as_of="2025-01-27", authority="ministry") == []


def test_response_times_by_authority(client):
    rows = {r["authority"]: r for r in query(client, "response_times")}
    ministry = rows["ministry_of_examples"]
    assert (
        ministry["requests"],
        ministry["answered"],
        ministry["median_working_days"],
        ministry["percent_on_time"],
    ) == (2, 2, 20.5, 50.0)
    borough = rows["borough_of_testing"]
    assert (borough["requests"], borough["answered"], borough["overdue_now"]) == (3, 2, 1)
    assert [r["authority"] for r in query(client, "response_times", min_requests="3")] == ["borough_of_testing"]


def test_refusals_citing_a_section(client):
    assert [r["thread"] for r in query(client, "refusals_citing_section", section="12")] == [102]
    assert [r["thread"] for r in query(client, "refusals_citing_section", section="s.40")] == [104]
    assert [r["thread"] for r in query(client, "refusals_citing_section", section="40(2)")] == [104]
    assert query(client, "refusals_citing_section", section="43") == []


def test_recent_responses_and_authority_requests(client):
    recent = query(client, "recent_responses")
    assert [r["thread"] for r in recent] == [105, 104, 102, 101]
    assert [r["thread"] for r in query(client, "recent_responses", since="2024-07-01")] == [105]
    assert [r["thread"] for r in query(client, "authority_requests", authority="ministry_of_examples")] == [102, 101]


def test_full_text_search_query(client):
    rows = query(client, "search_messages", q="%22cost+limit%22")
    assert [r["thread"] for r in rows] == [102]
    page = doc(client.get("/tiny/search_messages?q=%22cost+limit%22"))
    assert [m.text() for m in page.css("td mark")] == ["cost limit"]
    assert page.css_first("td.col-thread a").attributes["href"] == "/tiny/-/thread/102#incoming-1022"


def test_every_canned_query_runs_on_the_demo_archive(client):
    queries = client.json("/archive.json")["queries"]
    names = {q["name"] for q in queries}
    assert {
        "overdue",
        "response_times",
        "recent_responses",
        "refusals_citing_section",
        "authority_requests",
        "search_messages",
    } <= names
    for name in names:
        assert client.get(f"/archive/{name}.json?q=police&section=12&authority=police").status_code == 200, name


# -- metadata --------------------------------------------------------------------------------


def test_every_table_and_column_is_described(client, archives):
    metadata = client.json("/-/metadata.json")
    tables = metadata["databases"]["archive"]["tables"]
    conn = sqlite3.connect(archives["archive"])
    try:
        names = [
            r[0] for r in conn.execute("select name from sqlite_master where type = 'table' and name not like '%_fts%'")
        ]
        for name in names:
            assert tables.get(name, {}).get("description"), f"table {name} has no description in store.TABLE_DOCS"
            columns = [r[1] for r in conn.execute(f"pragma table_info([{name}])")]
            assert set(columns) <= set(tables[name]["columns"]), (name, set(columns) - set(tables[name]["columns"]))
        for view in [r[0] for r in conn.execute("select name from sqlite_master where type = 'view'")]:
            assert tables[view]["description"], view
            columns = [r[1] for r in conn.execute(f"pragma table_info([{view}])")]
            assert set(columns) <= set(tables[view]["columns"]), (view, set(columns) - set(tables[view]["columns"]))
    finally:
        conn.close()


def test_no_licence_is_claimed(client):
    metadata = client.json("/-/metadata.json")

    def licences(value: Any) -> list[Any]:
        if isinstance(value, dict):
            found = [v for k, v in value.items() if k.startswith("license") and v is not None]
            return found + [x for v in value.values() for x in licences(v)]
        return [x for v in value for x in licences(v)] if isinstance(value, list) else []

    assert licences(metadata) == []
    assert "claims no licence" in json.dumps(metadata)


def test_source_links_back_to_the_site(client):
    metadata = client.json("/-/metadata.json")
    assert metadata["databases"]["tiny"]["source"] == TINY_SITE
    assert metadata["databases"]["tiny"]["source_url"] == f"https://{TINY_SITE}"


def test_requests_table_facets_sort_and_links(client):
    data = client.json("/tiny/requests.json?_extra=facet_results")
    facets = data["facet_results"]
    assert {"authority", "status", "created_at"} <= set(facets)
    years = {r["value"]: r["count"] for r in facets["created_at"]["results"]}
    assert years == {"2024": 5}
    page = doc(client.get("/tiny/requests"))
    first_title = page.css_first("td.col-title a")
    assert first_title.attributes["href"] == "/tiny/-/thread/103"  # newest first
    filtered = client.json("/tiny/requests.json?created_at__startswith=2024&_shape=array")
    assert len(filtered) == 5


def test_plumbing_tables_are_hidden(client):
    tables = {t["name"]: t for t in client.json("/tiny.json")["tables"]}
    assert tables["fetch_state"]["hidden"] and tables["_sqlite_migrations"]["hidden"]
    assert not tables["requests"]["hidden"] and not tables["messages"]["hidden"]


def test_datasette_serves_the_archive_read_only(client):
    db = client.ds.databases["tiny"]
    assert db.is_mutable and not db.is_memory
    conn = db.connect()
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("insert into runs (command, argv, started_at) values ('x', '[]', 'now')")
    finally:
        conn.close()
    response = client.get("/tiny.json?sql=delete+from+requests")
    assert response.status_code == 400


def test_static_assets_are_served_by_the_plugin(client):
    for name in ("archive.css", "thread.js"):
        response = client.get(f"/-/static-plugins/wdtk_archive/{name}")
        assert response.status_code == 200 and response.text
    assert client.get("/-/static-plugins/wdtk_archive/../datasette_plugin.py").status_code == 404


def test_our_pages_forbid_inline_scripts_but_datasettes_own(client):
    for path in ("/tiny/-/thread/104", "/tiny/-/search?q=bench", "/tiny/-/charts"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["script-src"].startswith("'self' 'sha256-")
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"


def test_local_metadata_wins_over_the_plugins(archives):
    ds = Datasette(
        [str(archives["tiny"])],
        metadata={
            "title": "Our council's requests",
            "databases": {"tiny": {"queries": {"mine": "select count(*) as n from requests"}}},
        },
    )
    local = Client(ds)
    try:
        for _ in range(2):  # and it stays that way
            assert local.json("/-/metadata.json")["title"] == "Our council's requests"
            queries = {q["name"] for q in local.json("/tiny.json")["queries"]}
            assert {"mine", "overdue", "search_messages"} <= queries
        assert local.json("/tiny/mine.json?_shape=array") == [{"n": 5}]
    finally:
        local.loop.close()


def test_an_id_on_two_sites_gets_a_page_in_the_sites_style_with_a_link_to_each(tmp_path):
    path = tmp_path / "two.db"
    db = store.open_archive(path)
    body = Authority(url_name="council", name="A Council", id=1)
    for site, title in (("foi.example.org", "Bins on the first site"), ("foi.example.net", "Bins <b>elsewhere</b>")):
        t = dated_thread(
            500,
            "bins",
            body,
            "successful",
            [
                dated_message("outgoing-1", "2024-01-02T10:00:00+00:00", "How many bins?", sender="Ann Example"),
            ],
            title=title,
        )
        store.save_thread(
            db, t, site=site, fetched_at="2024-02-01T00:00:00+00:00", source_url=f"https://{site}/request/bins"
        )
    db.close()
    ensure_registered()
    c = Client(Datasette([str(path)], settings={"num_sql_threads": 1}))
    try:
        response = c.get("/two/-/thread/500")
        assert response.status_code == 300
        assert "Content-Security-Policy" in response.headers
        page = LexborHTMLParser(response.text)
        assert page.css_first("link[href$='archive.css']") is not None  # the archive's own style
        assert page.css_first("body").attributes["class"].startswith("wdtk")
        links = {a.attributes["href"]: a.text() for a in page.css("ul.ambiguous-choices a:not(.json-link)")}
        assert links == {
            "/two/-/thread/500?site=foi.example.net": "Bins <b>elsewhere</b>",
            "/two/-/thread/500?site=foi.example.org": "Bins on the first site",
        }
        assert "<b>elsewhere" not in response.text  # escaped
        for href in links:
            assert c.get(href).status_code == 200
        as_json = c.get("/two/-/thread/bins.json")
        assert as_json.status_code == 300
        assert [ch["site"] for ch in as_json.json()["choices"]] == ["foi.example.net", "foi.example.org"]
    finally:
        c.loop.close()


def test_home_page_shortcuts_start_with_requests(client):
    page = doc(client.get("/"))
    for name in ("archive", "tiny"):
        heading = next(h for h in page.css("h2") if h.text().strip() == name)
        shortcuts = heading.next.next  # the paragraph after the counts
        while shortcuts is not None and not shortcuts.css("a"):
            shortcuts = shortcuts.next
        links = [a.text() for a in shortcuts.css("a")]
        assert links[0] == "requests" and len(links) <= 6, links
