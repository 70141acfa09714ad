"""Automatic replies, bounces and acknowledgements are recognised and never count as a response:
not as the first response, not as "answered", and they do not hide a request that is overdue.
The same rule in the overdue and response_times queries, the charts and the thread page."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from datasette.app import Datasette
from selectolax.lexbor import LexborHTMLParser
from support import file_rows

from scraper import archive as store
from scraper.archive.migrations import migrations
from scraper.autoreply import classify
from scraper.config import load_config
from scraper.crawl.run import scrape_targets
from scraper.datasette.plugin import ensure_registered
from scraper.sample.seed_threads import SEED004_SLUG
from scraper.sample.server import SampleSite

OUT_OF_OFFICE = [
    (
        "I will be out of the office starting 11/04/2008 and will not return until 22/04/2008.\n\n"
        "I will respond to your message when I return.",
        None,
    ),
    (
        "Thank you for your email. I am currently out of the office with limited access to email. "
        "For FOI matters please contact foi@example.gov.uk.",
        None,
    ),
    ("I am on annual leave until Monday 3 June.\n\nRegards\nSam", None),
    ("I'm away from the office until 12 May. Your message has not been forwarded.", None),
    ("Hello,\n\nI am currently away; I will reply when I am back.", "Automatic reply: Freedom of Information request"),
    ("[Subject only] Out of Office AutoReply: Freedom of Information request", None),
]
BOUNCES = [
    (
        "This message was created automatically by mail delivery software.\n\nA message that you sent could not be "
        "delivered to one or more of its recipients. This is a permanent error.",
        None,
        None,
    ),
    (
        "Delivery has failed to these recipients or groups:\n\nfoi@example.gov.uk\nThe e-mail address you entered "
        "couldn't be found.",
        None,
        None,
    ),
    ("Your message could not be delivered because the mailbox is full.", None, None),
    ("Diagnostic-Code: smtp; 550 5.1.1 user unknown", "Undeliverable: Freedom of Information request", None),
    ("The original message was received at Tue, 1 Mar 2016.", "Delivery Status Notification (Failure)", None),
    ("Hi. This is the qmail-send program.", None, "MAILER-DAEMON"),
]
ACKNOWLEDGEMENTS = [
    "Dear Ms King\n\nI write in connection with your request for information which was received on 12/03/2015.\n\n"
    "Your request will now be considered in accordance with the Freedom of Information Act 2000 (the Act). You will "
    "receive a response within the statutory timescale of 20 working days as defined by the Act.",
    "Thank you for your request. We acknowledge receipt of your request for information and we aim to respond "
    "within 20 working days, by 14 March 2024.\n\nFOI Team",
    "Dear Mr Smith,\n\nThis is to confirm that we have received your request. We will respond by 4 April 2024 at the "
    "latest.\n\nKind regards",
    "I can confirm receipt of your narrowed request as of today's date. It will be dealt with under reference 123.",
]
RESPONSES = [
    # answers that share words with the shapes above must stay responses
    "Dear Ms Doe,\n\nPlease find attached our response to your request.\n\nYours sincerely",
    "Dear Mr Jones,\n\nThe council does not hold the information you requested.\n\nRegards\nFOI Officer",
    "Dear Sir,\n\nIn response to your request: we have 42 CCTV cameras. I will be on leave next week, so please "
    "write to foi@example.gov.uk with any follow-up.\n\nRegards",
    "Dear Ms King\n\nThe MPS can confirm it holds the information. Some of it is exempt.\n\nYou will receive a "
    "response to any internal review within 20 working days.",
    "Dear requester,\n\nThe answer is 7.\n\nCOMPLAINT RIGHTS\n\nIf you are dissatisfied you may ask for a review; "
    "we will respond to your review within 20 working days.",
    # a quoted earlier acknowledgement below a real answer does not make it one
    "Dear Ms Doe,\n\nWe bought 7 widgets in 2023.\n\n-----Original Message-----\nFrom: FOI\nSent: 1 March\n\n"
    "You will receive a response within 20 working days.",
    "Dear Sir,\n\nI am out of the office quotes aside, here is our decision: the request is refused under s.12 "
    "because the information is exempt from disclosure.",
    "",
]


@pytest.mark.parametrize("text, subject", OUT_OF_OFFICE)
def test_out_of_office_replies(text, subject):
    assert classify(text, subject) == "auto_reply"


@pytest.mark.parametrize("text, subject, sender", BOUNCES)
def test_delivery_failures(text, subject, sender):
    assert classify(text, subject, sender) == "delivery_failure"


@pytest.mark.parametrize("text", ACKNOWLEDGEMENTS)
def test_acknowledgements_are_not_auto_replies_but_not_responses_either(text):
    assert classify(text) == "acknowledgement"


@pytest.mark.parametrize("text", RESPONSES)
def test_responses_stay_responses(text):
    assert classify(text) is None


def test_where_the_quote_and_the_rights_begin_is_found_as_before_but_in_linear_time():
    """The patterns look at a line's own leading blanks, not the blank lines above it (which made a
    long run of blank lines quadratic): they find the same quote and rights, so the same class."""
    import random
    import re

    from scraper import autoreply

    def plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
        return re.compile(pattern.pattern.replace("^[^\\S\\n]*", "^\\s*", 1), pattern.flags)

    quote_before, rights_before = plain(autoreply._QUOTE_START), plain(autoreply._RIGHTS_START)
    assert quote_before.pattern != autoreply._QUOTE_START.pattern
    assert rights_before.pattern != autoreply._RIGHTS_START.pattern
    tokens = [
        "\n", "\n\n", " ", "\t", "x", "Thank you for your email.", "We will respond within 20 working days.",
        "-----Original Message-----", "On 3 May 2024 Jo wrote:", "From: Jo", "Sent: today", "Date: today",
        "COMPLAINT RIGHTS", "If you are dissatisfied", "Internal review", "I am out of the office",
    ]  # fmt: skip
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice(tokens) for _ in range(rnd.randint(0, 14)))
        for before, now in ((quote_before, autoreply._QUOTE_START), (rights_before, autoreply._RIGHTS_START)):
            a, b = before.search(text), now.search(text)
            assert (a is None) == (b is None), repr(text)
            if a and b:  # the same place, but for the blank lines above it
                assert not text[a.start() : b.start()].strip(), repr(text)
        m = quote_before.search(text)
        assert autoreply.unquoted(text).strip() == (text[: m.start()] if m else text).strip()
    assert classify("Thank you for your email." + "\n" * 2000 + "We will respond by 3 May.") == "acknowledgement"


# -- in the archive and its figures -----------------------------------------------------------------

SURREY = 3988  # the sample site's thread whose only response is an out-of-office reply


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("autoreply") / "archive.db"
    with SampleSite() as site:
        slugs = [t.url_title for t in site.content.threads if t.id == SURREY] + [SEED004_SLUG]
        config = load_config(None, base_url=site.base_url, delay=0.0, db=str(path))
        assert scrape_targets(config, slugs) == 0
    return path


@pytest.fixture(scope="module")
def client(archive):
    ensure_registered()
    ds = Datasette([str(archive)], settings={"num_sql_threads": 1})
    from test_serve import Client

    c = Client(ds)
    yield c
    c.loop.close()


def test_each_incoming_message_is_classified_when_saved(archive):
    got = {
        r["anchor"]: r["reply_type"]
        for r in file_rows(archive, "select anchor, reply_type from messages where kind = 'incoming'")
    }
    assert got["incoming-11874"] == "auto_reply"  # Surrey's out-of-office
    assert got["incoming-589877"] == got["incoming-594161"] == "delivery_failure"  # the MPS bounces
    assert got["incoming-571204"] == "acknowledgement"  # the MPS acknowledgement
    assert got["incoming-589342"] is None  # the MPS answer
    assert file_rows(
        archive, "select count(*) as n from messages where kind != 'incoming' and reply_type is not null"
    ) == [{"n": 0}]


def test_the_thread_page_counts_no_response_and_says_overdue(client):
    response = client.get(f"/archive/-/thread/{SURREY}")
    assert response.status_code == 200
    page = LexborHTMLParser(response.text)
    deadline = page.css_first("p.deadline").text()
    assert "First response" not in deadline
    assert "No response yet (1 automatic reply, bounce or acknowledgement not counted)" in " ".join(deadline.split())
    assert "Overdue by" in deadline
    badge = page.css_first("#incoming-11874 .reply-type")
    assert badge is not None and badge.text() == "Automatic reply"


def test_the_thread_page_takes_the_answer_not_the_acknowledgement(client):
    page = LexborHTMLParser(client.get(f"/archive/-/thread/{SEED004_SLUG}").text)
    deadline = " ".join(page.css_first("p.deadline").text().split())
    assert "First response 2015-04-14" in deadline  # the answer, not the acknowledgement of 2015-03-12
    assert page.css_first("#incoming-571204 .reply-type").text() == "Acknowledgement"


def _query(client, name: str, **params) -> list[dict]:
    qs = "&".join(f"{k}={v}" for k, v in {**params, "_shape": "array"}.items())
    return client.json(f"/archive/{name}.json?{qs}")


def test_response_times_overdue_and_charts_agree(client):
    times = {r["authority"]: r for r in _query(client, "response_times")}
    surrey = times["surrey_county_council"]
    assert (surrey["requests"], surrey["answered"], surrey["overdue_now"]) == (1, 0, 1)
    assert surrey["median_working_days"] is None
    overdue = {r["thread"] for r in _query(client, "overdue")}
    assert SURREY in overdue
    charts = client.json("/archive/-/charts.json")
    chart = next(s for s in charts["response_times"] if s["authority"] == "surrey_county_council")
    assert (chart["requests"], chart["answered"], chart["overdue"], chart["days"]) == (1, 0, 1, [])
    mps = next(s for s in charts["response_times"] if s["authority"] == "metropolitan_police")
    mps_times = times["metropolitan_police"]
    assert mps["answered"] == mps_times["answered"] == 1
    assert mps["median"] == mps_times["median_working_days"]


def test_an_unclassified_out_of_office_still_leaves_the_request_overdue(archive, tmp_path, client):
    # The site asks the requester to classify anything that arrives; until they do the request is
    # "awaiting classification", but an out-of-office reply answers nothing.
    import shutil

    copy = tmp_path / "archive.db"
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copy(archive, copy)
    conn = sqlite3.connect(copy)
    with conn:
        conn.execute("update requests set status = 'waiting_classification' where request_id = ?", [SURREY])
    conn.close()
    ds = Datasette([str(copy)], settings={"num_sql_threads": 1})
    from test_serve import Client

    c = Client(ds)
    try:
        assert SURREY in {r["thread"] for r in _query(c, "overdue")}
        page = LexborHTMLParser(c.get(f"/archive/-/thread/{SURREY}").text)
        assert "Overdue by" in page.css_first("p.deadline").text()
    finally:
        c.loop.close()


def test_reclean_recomputes_the_classification(archive, tmp_path):
    import shutil

    from click.testing import CliRunner

    from scraper.cli import cli

    copy = tmp_path / "archive.db"
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copy(archive, copy)
    conn = sqlite3.connect(copy)
    with conn:
        conn.execute("update messages set reply_type = null where anchor = 'incoming-11874'")
        conn.execute("update messages set reply_type = 'auto_reply' where anchor = 'incoming-589342'")
    conn.close()
    result = CliRunner().invoke(cli, ["reclean", "--db", str(copy)])
    assert result.exit_code == 0, result.output
    got = {r["anchor"]: r["reply_type"] for r in file_rows(copy, "select anchor, reply_type from messages")}
    assert got["incoming-11874"] == "auto_reply" and got["incoming-589342"] is None


def test_the_migration_fills_the_classification_of_an_older_archive(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m006_reply_types_and_run_outcomes")
    with old.atomic():
        old.execute(
            "insert into authorities (id, site, url_name, name, first_seen_at, changed_at) "
            "values (1, 'x.org', 'a', 'A', 't', 't')"
        )
        old.execute(
            "insert into requests (id, site, request_id, slug, title, authority, first_seen_at, changed_at) "
            "values (1, 'x.org', 5, 's', 'T', 1, 't', 't')"
        )
        for pk, kind, text in [
            (1, "outgoing", "I am on annual leave. Please send the data."),
            (2, "incoming", "I am out of the office until Monday."),
            (3, "incoming", "Please find attached our response."),
        ]:
            old.execute(
                "insert into messages (id, site, request, anchor, kind, site_id, position, raw_text, clean_text, "
                "first_seen_at, changed_at) values (?, 'x.org', 1, ?, ?, ?, ?, ?, ?, 't', 't')",
                [pk, f"{kind}-{pk}", kind, pk, pk, text, text],
            )
    old.close()
    db = store.open_archive(path)
    assert {r["id"]: r["reply_type"] for r in file_rows(path, "select id, reply_type from messages")} == {
        1: None,
        2: "auto_reply",
        3: None,
    }
    db.close()


def test_export_documents_say_what_a_message_is(archive):

    db = store.open_archive_for_reading(archive)
    (doc,) = store.iter_thread_documents(db, keys=[SURREY])
    incoming = [m for m in doc["messages"] if m["kind"] == "incoming"]
    assert [m["reply_type"] for m in incoming] == ["auto_reply"]
    import jsonschema

    jsonschema.validate(doc, store.load_schema())
    assert json.loads(json.dumps(doc)) == doc


def test_recent_responses_leave_out_what_is_no_response(client):
    anchors = {r["anchor"] for r in _query(client, "recent_responses")}
    assert "incoming-589342" in anchors  # the MPS answer
    assert not anchors & {"incoming-11874", "incoming-589877", "incoming-571204"}
