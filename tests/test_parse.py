"""Parser tests on saved pages of every markup era (tests/fixtures/pages/, written from the
Alaveteli templates of each era: mysociety/alaveteli app/views/request/*, see the research notes
§2.14 and §3)."""

from __future__ import annotations

import html as htmlmod
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.parse import (
    ListPage,
    ParseError,
    html_to_text,
    parse_list_page,
    parse_request_json,
    parse_request_page,
)
from scraper.sample import render as sample_render
from scraper.sample.seed_threads import default_content, generated_content
from scraper.sample.textformat import simplify_angle_bracketed_urls

PAGES = Path(__file__).parent / "fixtures" / "pages"
SITE = "https://www.whatdotheyknow.com"
CURRENT_URL = f"{SITE}/request/number_of_widgets_purchased_2023"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def current_json() -> dict:
    return json.loads(page("current.json"))


def by_id(thread):
    return {m.anchor: m for m in thread.messages}


# ------------------------------------------------------------------------------------------
# Current (2026) markup
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def current():
    return parse_request_page(page("current.html"), page_url=CURRENT_URL)


def test_current_header(current):
    assert current.slug == "number_of_widgets_purchased_2023"
    assert current.title == "Number of widgets purchased 2023"
    assert (current.authority.url_name, current.authority.name) == (
        "example_borough_council",
        "Example Borough Council",
    )
    assert (current.requester.url_name, current.requester.name) == ("jane_doe", "Jane Doe")
    assert current.calculated_status == "waiting_response"
    assert current.status == "waiting_response"  # no JSON: the page's status
    assert current.request_id is None and current.events == []
    assert current.source_url == CURRENT_URL


def test_current_messages_in_dom_order(current):
    assert [m.anchor for m in current.messages] == [
        "outgoing-1700001",
        "incoming-2400001",
        "comment-120001",
        "outgoing-1700002",
        "incoming-2400002",
        "incoming-2400003",
    ]
    kinds = {m.anchor.split("-")[0]: m.kind for m in current.messages}
    assert kinds == {"outgoing": "outgoing", "incoming": "incoming", "comment": "annotation"}
    for m in current.messages:
        assert m.site_id == int(m.anchor.split("-")[1])


def test_current_senders_and_times(current):
    m = by_id(current)
    assert m["outgoing-1700001"].sender == "Jane Doe"
    assert m["incoming-2400001"].sender == "FOI Team, Example Borough Council"
    assert m["incoming-2400002"].sender == "Example Borough Council"
    assert m["incoming-2400003"].sender == "Someone Else"  # "Name," trailing comma dropped
    assert m["comment-120001"].sender == "John Smith"
    assert m["incoming-2400001"].sent_at == "2024-03-08T14:02:11+00:00"
    assert m["incoming-2400002"].sent_at == "2024-04-02T09:05:00+01:00"  # offset kept as given
    assert m["comment-120001"].sent_at == "2024-03-09T18:44:00+00:00"


def test_current_delivery_status_outgoing_only(current):
    m = by_id(current)
    assert m["outgoing-1700001"].delivery_status == "delivered"
    assert m["outgoing-1700002"].delivery_status == "sent"
    assert all(x.delivery_status is None for x in current.messages if x.kind != "outgoing")


def test_current_bodies(current):
    m = by_id(current)
    assert m["outgoing-1700001"].raw_text == (
        "Dear Example Borough Council,\n\n"
        "Please provide the number of widgets purchased by the council in 2023.\n\n"
        "Yours faithfully,\n\nJane Doe"
    )
    # <br /> kept as single newlines; redaction markers kept as text; fold link removed
    assert m["incoming-2400001"].raw_text.endswith(
        "Yours sincerely,\nFOI Team\nExample Borough Council\n[email address]"
    )
    for msg in current.messages:
        assert "quoted sections" not in msg.raw_text
        assert "\n\n\n" not in msg.raw_text
        assert msg.raw_text == msg.raw_text.strip()


def test_shortened_link_texts_are_expanded(current):
    m = by_id(current)
    assert "See https://www.example.org/reports/widgets-2023-per-department-breakdown.html" in (
        m["comment-120001"].raw_text
    )
    text = m["incoming-2400002"].raw_text
    assert "https://data.example.gov.uk/widgets/2023/breakdown-by-department.csv and" in text
    # "www…" links: the href gained "http://"; the text keeps the author's own form
    assert "and www.example.gov.uk/foi/disclosure-log/2024/widgets-breakdown\n" in text
    assert "..." not in text


def test_hostile_and_encoded_text_stays_text(current):
    text = by_id(current)["incoming-2400002"].raw_text
    assert 'Your message contained: <script>alert("x")</script> & we have removed nothing.' in text
    assert "Café costs: £5 <b>bold</b>" in text
    assert text.endswith("Regards,\n[mobile number]")


def test_odd_encodings_crlf_bom_and_astral_characters():
    html = "\ufeff" + page("current.html").replace("Thank you. Please also", "Diolch 😀 ŵ – please also")
    t = parse_request_page(html.replace("\n", "\r\n"), page_url=CURRENT_URL)
    assert by_id(t)["outgoing-1700002"].raw_text == (
        "Dear FOI Team,\n\nDiolch 😀 ŵ – please also provide the breakdown by department.\n\n"
        "Yours faithfully,\nJane Doe"
    )
    assert [m.raw_text for m in t.messages if m.anchor != "outgoing-1700002"] == [
        m.raw_text
        for m in parse_request_page(page("current.html"), page_url=CURRENT_URL).messages
        if m.anchor != "outgoing-1700002"
    ]


def test_hidden_message(current):
    hidden = by_id(current)["incoming-2400003"]
    assert hidden.hidden is True and hidden.raw_text == "" and hidden.attachments == []
    assert all(not m.hidden for m in current.messages if m.anchor != "incoming-2400003")


def test_resent_block_does_not_duplicate_the_message(current):
    ids = [m.anchor for m in current.messages]
    assert ids.count("outgoing-1700002") == 1
    followup = by_id(current)["outgoing-1700002"]
    assert followup.resent is True
    assert followup.raw_text.startswith("Dear FOI Team,")  # the block with text is kept
    assert followup.sent_at == "2024-03-10T11:00:00+00:00"  # ... with its own date
    assert by_id(current)["outgoing-1700001"].resent is False


def test_current_attachments(current):
    (pdf,) = by_id(current)["incoming-2400001"].attachments
    assert pdf.filename == "FOI 12345 Response.pdf"
    assert pdf.url == (f"{CURRENT_URL}/response/2400001/attach/2/FOI%2012345%20Response.pdf?cookie_passthrough=1")
    assert pdf.html_url == f"{CURRENT_URL}/response/2400001/attach/html/2/FOI%2012345%20Response.pdf.html"
    assert (pdf.part, pdf.attachment_id, pdf.content_type) == (2, 9000002, "application/pdf")
    assert (pdf.size, pdf.size_bytes, pdf.hidden) == ("114K", 114 * 1024, False)

    docx, hidden, csv = by_id(current)["incoming-2400002"].attachments
    assert docx.content_type == ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert (docx.size, docx.size_bytes) == ("1.2M", int(1.2 * 1024 * 1024))
    assert (hidden.hidden, hidden.attachment_id, hidden.url) == (True, 9000005, "")
    assert csv.content_type == "text/csv"  # icon_unknown: from the extension
    assert (csv.part, csv.html_url, csv.size) == (4, None, "3K")
    # attachment lists never leak into the message text
    assert "Attachment" not in by_id(current)["incoming-2400002"].raw_text


def test_hidden_main_body_part_and_erased_attachment():
    html = page("current.html")
    start = html.index('<div id="attachment-9000003">')
    end = html.index("</div>", start) + len("</div>")
    html = (
        html[:start]
        + (
            '<div id="attachment-9000003"><p class="hidden_attachment">This attachment has been hidden. '
            "There are various reasons why we might have done this.</p></div>"
        )
        + html[end:]
    )
    html = html.replace(
        """<a href="/request/number_of_widgets_purchased_2023/response/2400002/attach/4/widgets.csv?cookie_passthrough=1"><img class="attachment__image" alt="Attachment" src="/assets/content_type/icon_unknown-77aa00.png" /></a>""",
        "",
    ).replace(
        """3K
              <a href="/request/number_of_widgets_purchased_2023/response/2400002/attach/4/widgets.csv?cookie_passthrough=1">Download</a>""",
        "<em>This file has been erased.</em>",
    )
    msg = by_id(parse_request_page(html, page_url=CURRENT_URL))["incoming-2400002"]
    assert (msg.hidden, msg.raw_text) == (True, "")
    docx, hidden, erased = msg.attachments
    assert not docx.hidden and hidden.hidden
    assert (erased.filename, erased.hidden, erased.url, erased.size) == ("widgets.csv", True, "", None)


def test_datasette_link_is_not_taken_for_the_download():
    download = '<a href="/request/number_of_widgets_purchased_2023/response/2400002/attach/4/widgets.csv?cookie_passthrough=1">Download</a>'
    explore = (
        '<a href="https://lite.datasette.io/?csv=https://www.whatdotheyknow.com/request/'
        'number_of_widgets_purchased_2023/response/2400002/attach/9/other.csv">Explore in Datasette</a>'
    )
    li = '<li class="attachment" id="attachment-9000006">'
    html = page("current.html").replace(li, li + explore)  # first in the item: the worst case
    assert explore in html and download in html
    csv = by_id(parse_request_page(html, page_url=CURRENT_URL))["incoming-2400002"].attachments[2]
    assert (csv.part, csv.url) == (4, CURRENT_URL + "/response/2400002/attach/4/widgets.csv?cookie_passthrough=1")


def test_link_text_of_attachment_links_is_not_relied_on():
    html = page("current.html").replace(">View</a>", ">View as HTML</a>").replace(">Download</a>", ">Herunterladen</a>")
    t = parse_request_page(html, page_url=CURRENT_URL)
    pdf = by_id(t)["incoming-2400001"].attachments[0]
    assert pdf.url.endswith("?cookie_passthrough=1") and pdf.html_url.endswith(".pdf.html")


def test_unfolded_page_keeps_quotes_and_drops_hide_link():
    t = parse_request_page(page("current_unfold.html"), page_url=CURRENT_URL + "?unfold=1")
    text = by_id(t)["incoming-2400001"].raw_text
    assert "-----Original Message-----\nFrom: Jane Doe [email address]\n" in text
    assert text.endswith("Please provide the number of widgets purchased by the council in 2023.")
    assert "hide quoted sections" not in text
    assert t.slug == "number_of_widgets_purchased_2023"  # the query string is not the slug


# ------------------------------------------------------------------------------------------
# JSON merge
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def merged():
    return parse_request_page(page("current.html"), page("current.json"), page_url=CURRENT_URL)


def test_json_merge_metadata(merged):
    data = current_json()
    assert merged.request_id == data["id"]
    assert merged.status == data["described_state"] != merged.calculated_status
    assert merged.display_status == data["display_status"]
    assert (merged.created_at, merged.updated_at) == (data["created_at"], data["updated_at"])
    assert (merged.prominence, merged.law_used) == ("normal", "foi")
    assert merged.tags == data["tags"]
    assert merged.authority.id == data["public_body"]["id"]
    assert merged.authority.short_name == data["public_body"]["short_name"]
    assert merged.requester.id == data["user"]["id"]
    assert [e.id for e in merged.events] == [e["id"] for e in data["info_request_events"]]


def test_json_merge_attaches_events_by_anchor(merged):
    data = current_json()
    for m in merged.messages:
        first = next(
            e
            for e in data["info_request_events"]
            if m.site_id in (e["incoming_message_id"], e["outgoing_message_id"], e["comment_id"])
        )
        assert (m.event_id, m.event_type) == (first["id"], first["event_type"])
    # the re-sent follow-up keeps its followup_sent event, not the followup_resent one
    assert by_id(merged)["outgoing-1700002"].event_type == "followup_sent"
    # JSON accepted as a dict too
    again = parse_request_page(page("current.html"), current_json(), page_url=CURRENT_URL)
    assert [m.event_id for m in again.messages] == [m.event_id for m in merged.messages]


def test_json_merge_consistency_checks():
    html = page("current.html")
    data = current_json()
    data["url_title"] = "some_other_request"
    with pytest.raises(ParseError, match="some_other_request"):
        parse_request_page(html, data, page_url=CURRENT_URL)

    data = current_json()
    data["info_request_events"] = [e for e in data["info_request_events"] if e["incoming_message_id"] != 2400002]
    with pytest.raises(ParseError, match="incoming-2400002.*no event"):
        parse_request_page(html, data, page_url=CURRENT_URL)

    data = current_json()
    for e in data["info_request_events"]:
        if e["comment_id"] == 120001:
            e["event_type"] = "response"
    with pytest.raises(ParseError, match="comment-120001"):
        parse_request_page(html, data, page_url=CURRENT_URL)

    data = current_json()
    data["info_request_events"].append(dict(data["info_request_events"][1], id=9100099, incoming_message_id=2499999))
    with pytest.raises(ParseError, match="incoming-2499999.*missing from the page"):
        parse_request_page(html, data, page_url=CURRENT_URL)

    data = current_json()
    data["public_body"]["url_name"] = "another_council"
    with pytest.raises(ParseError, match="another_council"):
        parse_request_page(html, data, page_url=CURRENT_URL)

    with pytest.raises(ParseError, match="not valid JSON"):
        parse_request_page(html, '{"id": 1,', page_url=CURRENT_URL)


def test_parse_request_json_alone():
    t = parse_request_json(page("current.json"))
    data = current_json()
    assert (t.slug, t.title, t.request_id) == (data["url_title"], data["title"], data["id"])
    assert t.status == "partially_successful" and t.messages == []
    assert t.requester.url_name == "jane_doe" and t.authority.url_name == "example_borough_council"
    assert len(t.events) == len(data["info_request_events"])
    comment = next(e for e in t.events if e.event_type == "comment")
    assert comment.message_anchor == "comment-120001"

    external = current_json()
    del external["user"]
    external["user_name"] = "Example Campaign Group"
    t = parse_request_json(external)
    assert (t.requester.url_name, t.requester.name) == (None, "Example Campaign Group")

    for key in ("id", "url_title", "info_request_events"):
        broken = current_json()
        del broken[key]
        with pytest.raises(ParseError, match=key):
            parse_request_json(broken)
    with pytest.raises(ParseError, match="not an object"):
        parse_request_json("[1, 2]")


# ------------------------------------------------------------------------------------------
# Archived markup: 2019, the 2016 redesign, pre-2014
# ------------------------------------------------------------------------------------------


def test_2019_markup():
    t = parse_request_page(page("v2019.html"))  # no page_url: slug from og:url / permalinks
    assert t.slug == "pension_scheme_liabilities"
    assert t.calculated_status == "waiting_classification" and t.awaiting_description is True
    assert (t.requester.url_name, t.authority.url_name) == ("sam_writer", "department_for_widgets")
    assert [m.anchor for m in t.messages] == ["outgoing-658888", "incoming-1000437", "comment-88721"]
    out, inc, com = t.messages
    assert (out.sender, out.delivery_status) == ("Sam Writer", "delivered")
    assert out.sent_at == "2019-06-19T14:58:07+01:00"
    # nested <p><p> (HTML5 splits it into an empty <p> + siblings) still gives clean paragraphs
    assert out.raw_text == (
        "Dear Department for Widgets,\n\n"
        "Please send me the scheme's liabilities as reported at\n"
        "https://www.example.gov.uk/government/publications/pension-liabilities-2018\n"
        "(the link above) for each year since 2010.\n\nYours faithfully,\n\nSam Writer"
    )
    assert inc.sender == "Despatch Box"
    assert "See\nhttps://twitter.com/WhatDoTheyKnow/status/1151439873345400832 for context." in inc.raw_text
    assert inc.raw_text.endswith("Please contact [email address] with any questions.")
    pdf, png = inc.attachments
    assert pdf.attachment_id is None  # no li#attachment-N before 2022
    assert pdf.url == f"{SITE}/request/412769/response/1000437/attach/2/Response%20not%20held.pdf"
    assert pdf.html_url.endswith("/attach/html/2/Response%20not%20held.pdf.html")
    assert (png.part, png.content_type, png.size_bytes) == (3, "image/png", 5 * 1024)
    assert com.sender == "J A Giggins"
    assert com.raw_text == (
        "Worth asking for an internal review.\nLine two & more\n\nNew paragraph: someone@example.london"
    )


def test_2016_markup():
    t = parse_request_page(page("v2016.html"), page_url=f"{SITE}/request/bin_collection_contracts")
    assert t.calculated_status == "successful"  # from the old icon_X class
    assert [m.anchor for m in t.messages] == ["outgoing-512001", "incoming-801234", "outgoing-512777", "comment-70001"]
    out, inc, hidden, com = t.messages
    assert (out.sender, out.delivery_status, out.resent) == ("Alex Ratepayer", "delivered", True)
    assert out.raw_text.endswith("Yours faithfully,\nAlex Ratepayer")
    assert inc.sender == "Jo Bloggs, Anytown District Council"
    assert inc.sent_at == "2016-11-28T15:30:00+00:00"
    assert inc.raw_text == "Dear Alex,\n\nPlease find the contract attached.\nKind regards\nJo Bloggs"
    (att,) = inc.attachments
    assert (att.filename, att.part, att.size, att.content_type) == (
        "Contract redacted.pdf",
        3,
        "2.5M",
        "application/pdf",
    )
    # hidden outgoing messages have no header at all
    assert (hidden.hidden, hidden.sender, hidden.sent_at, hidden.raw_text) == (True, None, None, "")
    assert com.raw_text == "Useful, thanks."


def test_pre2014_markup_without_json_uses_displayed_dates():
    t = parse_request_page(page("pre2014.html"))
    assert t.slug == "parking_fines_income_2009"  # from the feed link / "Link to this"
    assert t.title == "Parking fines income 2009"
    assert t.calculated_status == "partially_successful"
    out, inc, com = t.messages
    assert (out.anchor, out.kind, out.sender, out.sent_at) == ("outgoing-40001", "outgoing", "Pat Driver", "2010-03-03")
    assert out.raw_text == (
        "Dear Oldtown Borough Council,\n\nHow much did the council receive "
        "in parking fines in 2009?\n\nYours faithfully,\n\nPat Driver"
    )
    assert (inc.anchor, inc.kind, inc.sender, inc.sent_at) == (
        "incoming-90001",
        "incoming",
        "FOI Officer, Oldtown Borough Council",
        "2010-03-30",
    )
    # the fold link sat mid-body, between <br><br> runs
    assert inc.raw_text == (
        "Dear Mr Driver,\n\nIncome from parking fines in 2009 was £1.2m. Figures by month are "
        "attached.\nThis is a second line.\n\nRegards\nFOI Officer"
    )
    xls, doc = inc.attachments
    assert (xls.filename, xls.part, xls.size, xls.content_type) == (
        "Parking income.xls",
        2,
        "27K",
        "application/vnd.ms-excel",
    )
    assert xls.html_url.endswith("/attach/html/2/Parking%20income.xls.html")
    assert (doc.filename, doc.content_type, doc.html_url) == ("letter.doc", "application/msword", None)
    assert (com.anchor, com.kind, com.sender, com.sent_at) == (
        "comment-5001",
        "annotation",
        "Nosy Parker",
        "2010-04-02",
    )
    assert com.raw_text == "Interesting figures.\nSee http://www.example.org/ too."


def test_pre2014_markup_with_json_uses_event_times():
    data = {
        "id": 31001,
        "url_title": "parking_fines_income_2009",
        "title": "Parking fines income 2009",
        "described_state": "partially_successful",
        "display_status": "Partially successful",
        "user": {"id": 7, "url_name": "pat_driver", "name": "Pat Driver"},
        "public_body": {"id": 3, "url_name": "oldtown_bc", "name": "Oldtown Borough Council"},
        "info_request_events": [
            {"id": 1, "event_type": "sent", "created_at": "2010-03-03T11:22:33+00:00", "outgoing_message_id": 40001},
            {
                "id": 2,
                "event_type": "response",
                "created_at": "2010-03-30T16:00:01+01:00",
                "incoming_message_id": 90001,
            },
            {"id": 3, "event_type": "comment", "created_at": "2010-04-02T08:00:00+01:00", "comment_id": 5001},
        ],
    }
    t = parse_request_page(page("pre2014.html"), data)
    assert [m.sent_at for m in t.messages] == [
        "2010-03-03T11:22:33+00:00",
        "2010-03-30T16:00:01+01:00",
        "2010-04-02T08:00:00+01:00",
    ]
    assert [m.event_id for m in t.messages] == [1, 2, 3]


def test_2011_to_2013_from_prefix_and_classes():
    html = (
        page("pre2014.html")
        .replace(
            '<div class="correspondence" id="incoming-90001">',
            '<div class="incoming correspondence normal" id="incoming-90001">',
        )
        .replace("FOI Officer<br>\n                Oldtown", "From: FOI Officer<br>\n                Oldtown")
    )
    inc = by_id(parse_request_page(html))["incoming-90001"]
    assert inc.sender == "FOI Officer, Oldtown Borough Council"


def test_hidden_outgoing_takes_its_time_from_json():
    html = page("v2016.html")
    events = [
        {"id": 1, "event_type": "sent", "created_at": "2016-11-02T09:12:40+00:00", "outgoing_message_id": 512001},
        {"id": 2, "event_type": "resent", "created_at": "2016-11-20T10:00:00+00:00", "outgoing_message_id": 512001},
        {"id": 3, "event_type": "response", "created_at": "2016-11-28T15:31:00+00:00", "incoming_message_id": 801234},
        {
            "id": 4,
            "event_type": "followup_sent",
            "created_at": "2016-11-29T12:00:00+00:00",
            "outgoing_message_id": 512777,
        },
        {"id": 5, "event_type": "comment", "created_at": "2016-12-01T20:15:00+00:00", "comment_id": 70001},
    ]
    data = {
        "id": 365001,
        "url_title": "bin_collection_contracts",
        "title": "Bin collection contracts",
        "user": {"url_name": "alex_ratepayer", "name": "Alex Ratepayer"},
        "public_body": {"url_name": "anytown_dc", "name": "Anytown District Council"},
        "info_request_events": events,
    }
    hidden = by_id(parse_request_page(html, data))["outgoing-512777"]
    assert (hidden.sent_at, hidden.event_type, hidden.hidden) == ("2016-11-29T12:00:00+00:00", "followup_sent", True)


# ------------------------------------------------------------------------------------------
# Requester variants
# ------------------------------------------------------------------------------------------


def test_external_and_anonymous_requesters():
    html = page("current.html")
    link = '<a href="/user/jane_doe">Jane Doe</a> made this'
    assert link in html
    ext = parse_request_page(html.replace(link, "Example Campaign Group made this"), page_url=CURRENT_URL)
    assert (ext.requester.url_name, ext.requester.name) == (None, "Example Campaign Group")
    anon = parse_request_page(
        html.replace(link, '<a href="/help/privacy#anonymous">Anonymous user</a> made this'), page_url=CURRENT_URL
    )
    assert (anon.requester.url_name, anon.requester.name) == (None, "Anonymous user")


# ------------------------------------------------------------------------------------------
# Failing loudly
# ------------------------------------------------------------------------------------------


def test_not_a_request_page():
    html = (
        "<!DOCTYPE html><html><head><title>Help</title></head><body><div id='content'>"
        "<h2>About</h2></div><div id='footer'></div></body></html>"
    )
    with pytest.raises(ParseError, match="no div.correspondence blocks and no request header h1 found"):
        parse_request_page(html)


def test_hidden_request_page():
    with pytest.raises(ParseError, match="hidden request"):
        parse_request_page(page("hidden_request.html"))


@pytest.mark.parametrize("name", ["cloudflare_challenge.html", "cloudflare_blocked.html"])
def test_block_page(name):
    with pytest.raises(ParseError, match="block/challenge page"):
        parse_request_page(page(name))
    with pytest.raises(ParseError, match="block/challenge page"):
        parse_list_page(page("cloudflare_challenge.html"), page_url=f"{SITE}/list")


@pytest.mark.parametrize("fraction", [0.35, 0.6, 0.97])
def test_truncated_pages(fraction):
    html = page("current.html")
    with pytest.raises(ParseError, match="truncated"):
        parse_request_page(html[: int(len(html) * fraction)], page_url=CURRENT_URL)


def test_page_without_footer_or_sidebar_is_truncated():
    html = page("current.html")
    cut = html[: html.index('<div id="right_column"')] + "</div></div></body></html>"
    with pytest.raises(ParseError, match="#footer or div#right_column"):
        parse_request_page(cut, page_url=CURRENT_URL)


def test_block_without_recognisable_id():
    html = (
        page("current.html")
        .replace('id="incoming-2400002"', 'id="incoming-x"')
        .replace('#incoming-2400002" class="cplink__field"', '#nothing" class="cplink__field"')
    )
    with pytest.raises(ParseError, match="no recognisable id"):
        parse_request_page(html, page_url=CURRENT_URL)


def test_block_id_falls_back_to_its_permalink():
    html = page("current.html").replace('id="incoming-2400002"', "")
    assert "incoming-2400002" in by_id(parse_request_page(html, page_url=CURRENT_URL))


def test_message_without_body():
    html = page("v2019.html").replace('<div class="correspondence_text">', '<div class="x">', 1)
    with pytest.raises(ParseError, match="outgoing-658888 has no div.correspondence_text"):
        parse_request_page(html)


def test_unrecognised_attachment_list():
    html = page("current.html").replace(
        '<li class="attachment" id="attachment-9000002">', '<li class="file" id="attachment-9000002">'
    )
    with pytest.raises(ParseError, match="incoming-2400001: div.attachments has no li.attachment"):
        parse_request_page(html, page_url=CURRENT_URL)


def test_unparseable_time():
    html = page("current.html").replace('datetime="2024-03-08T14:02:11+00:00"', 'datetime="8th of March"')
    with pytest.raises(ParseError, match="unparseable time '8th of March'.*incoming-2400001"):
        parse_request_page(html, page_url=CURRENT_URL)
    old = page("pre2014.html").replace("<br>30 March 2010", "<br>sometime in spring")
    with pytest.raises(ParseError, match="unparseable date text 'sometime in spring'"):
        parse_request_page(old)


def test_missing_status_and_subtitle():
    html = page("current.html")
    with pytest.raises(ParseError, match="#request_status"):
        parse_request_page(html.replace('id="request_status"', 'id="x"'), page_url=CURRENT_URL)
    with pytest.raises(ParseError, match="subtitle"):
        parse_request_page(html.replace("request-header__subtitle", "x"), page_url=CURRENT_URL)
    with pytest.raises(ParseError, match="/body/ link"):
        parse_request_page(
            html.replace(
                '<a href="/body/example_borough_council">Example Borough Council</a>\n        </p>',
                "Example Borough Council</p>",
            ),
            page_url=CURRENT_URL,
        )


def test_header_without_correspondence():
    html = page("current.html")
    start = html.index('<div class="ff-print-fix"></div>')
    end = html.index('<div class="request-footer__action-bar-container">')
    with pytest.raises(ParseError, match="no div.correspondence blocks"):
        parse_request_page(html[:start] + html[end:], page_url=CURRENT_URL)


def test_nested_correspondence_is_not_silently_skipped():
    html = (
        page("current.html")
        .replace(
            '<div class="outgoing correspondence js-collapsible" id="outgoing-1700001">',
            '<div class="wrapper"><div class="outgoing correspondence js-collapsible" id="outgoing-1700001">',
            1,
        )
        .replace(
            '<div class="ff-print-fix"></div>\n<div class="incoming correspondence normal js-collapsible" id="incoming-2400001">',
            '</div><div class="ff-print-fix"></div>\n<div class="incoming correspondence normal js-collapsible" id="incoming-2400001">',
        )
    )
    with pytest.raises(ParseError, match="not directly inside #left_column"):
        parse_request_page(html, page_url=CURRENT_URL)


# ------------------------------------------------------------------------------------------
# html_to_text
# ------------------------------------------------------------------------------------------


def test_html_to_text_basics():
    assert html_to_text("<p>a&nbsp;b</p><p>c<br>d</p>") == "a\xa0b\n\nc\nd"
    assert html_to_text("<p>a \t<br><br>\tb\r\n  c</p>") == "a\n\nb c"
    # our internal paragraph markers (Unicode noncharacters) cannot be injected by a page
    assert html_to_text("<p>x\ufdd0y\ufdd4z</p>") == "xyz"
    assert html_to_text("<ul><li>one</li><li>two</li></ul><p>after</p>") == "one\ntwo\n\nafter"
    assert html_to_text("<p>code:</p><pre>  x = 1\n  y</pre>") == "code:\n\n  x = 1\n  y"
    assert html_to_text("<p>a <script>bad()</script><style>p{}</style>b</p>") == "a b"
    # text that ends with "..." but is not a prefix of its link stays as written
    assert html_to_text('<p><a href="http://a.example/x">Read more...</a></p>') == "Read more..."
    doc = "<html><head><title>T</title></head><body><h1>Head</h1><table><tr><td>a</td><td>b</td></tr></table></body></html>"
    assert html_to_text(doc) == "Head\n\na\tb"
    node = LexborHTMLParser(
        "<div id='x'><p>1</p><p><span class='unfold_link'><a>show quoted sections</a></span></p></div>"
    ).css_first("#x")
    assert html_to_text(node) == "1"


def test_html_to_text_whitespace_around_blocks_lines_and_cells():
    # whitespace between blocks and list items goes; between inline elements, and between
    # table cells, it stays (one space)
    assert html_to_text("<div>\n  <p>a</p>\n \t <p>b</p>\n</div>") == "a\n\nb"
    assert html_to_text("<div><span>a</span>\n <span>b</span></div>") == "a b"
    assert html_to_text("<div>x <p>y</p> z</div>") == "x\n\ny\n\nz"
    assert html_to_text("<ul>\n <li>one</li>\n <li>two</li>\n</ul>") == "one\ntwo"
    assert html_to_text("<table><tr><td>a</td> <td>b</td></tr></table>") == "a\t b"
    # spaces either side of a line break go, however many; three or more breaks leave one blank line
    assert html_to_text("<p>a \n<br>\n b\t<br><br><br><br>c</p>") == "a\nb\n\nc"
    # characters near the ones used to mark breaks internally are text like any other
    assert html_to_text("<p>a&#0;b &#xfdd6; c</p>") == "a\ufffdb \ufdd6 c"


def test_html_to_text_deeply_nested_blocks():
    # text between nested blocks at every level: each level is read once, in order
    html = "<div>" * 200 + "<p>a</p>b" + "</div>c" * 200
    assert html_to_text(html) == "a\n\nb" + "\n\nc" * 200


def test_header_classes_match_as_css_does():
    # class names compare case-sensitively, except in quirks mode (a page without doctype)
    html = page("current.html").replace(
        '<span class="correspondence__header__author js-collapsible-trigger">\n        FOI Team,',
        '<span class="Correspondence__Header__Author js-collapsible-trigger">\n        FOI Team,',
    )
    with pytest.raises(ParseError, match="incoming-2400001: correspondence__header has no author span"):
        parse_request_page(html, page_url=CURRENT_URL)
    quirks = parse_request_page(html.replace("<!DOCTYPE html>", "", 1), page_url=CURRENT_URL)
    assert by_id(quirks)["incoming-2400001"].sender == "FOI Team, Example Borough Council"


def test_header_time_is_the_date_links():
    html = page("current.html").replace(
        '<a class="correspondence__header__date" href="#incoming-2400001">',
        '<time datetime="2001-01-01">elsewhere</time><a class="correspondence__header__date" href="#incoming-2400001">',
    )
    assert (
        by_id(parse_request_page(html, page_url=CURRENT_URL))["incoming-2400001"].sent_at == "2024-03-08T14:02:11+00:00"
    )
    no_link_time = html.replace(
        '<time datetime="2024-03-08T14:02:11+00:00" title="2024-03-08 14:02:11 +0000"> 8 March 2024</time>', ""
    )
    with pytest.raises(ParseError, match="incoming-2400001: correspondence__header has no <time datetime>"):
        parse_request_page(no_link_time, page_url=CURRENT_URL)


def _simple_format(text: str) -> str:
    """Rails' simple_format of escaped text (what the site does to message bodies)."""
    paras = re.split(r"\n\n+", text)
    return "\n\n".join("<p>" + htmlmod.escape(p, quote=True).replace("\n", "\n<br />") + "</p>" for p in paras)


_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), blacklist_characters=" \xa0"),
    min_size=1,
    max_size=12,
).map(lambda s: s.replace("\u2028", "").replace("\u2029", "") or "x")


@given(
    st.lists(
        st.lists(st.lists(_line, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=3).map("\n".join),
        min_size=1,
        max_size=4,
    )
)
@settings(max_examples=150, deadline=None)
def test_html_to_text_round_trips_simple_format(paragraphs):
    text = "\n\n".join(paragraphs)
    assert html_to_text(_simple_format(text)) == text


# ------------------------------------------------------------------------------------------
# Size and speed
# ------------------------------------------------------------------------------------------


def test_megabyte_page_parses_whole():
    # Speed is measured by benchmarks/bench_parse.py, not here: this checks a huge page loses nothing.
    html = page("current.html")
    start = html.index(
        '<div class="ff-print-fix"></div>\n<div class="incoming correspondence normal js-collapsible" id="incoming-2400002">'
    )
    end = html.index('<div class="ff-print-fix"></div>\n<div class="incoming correspondence hidden')
    block = html[start:end]
    copies = [block.replace("2400002", str(3000000 + i)) for i in range(1, 400)]
    big = html[:end] + "".join(copies) + html[end:]
    assert len(big) > 1_000_000
    t = parse_request_page(big, page_url=CURRENT_URL)
    assert len(t.messages) == 6 + 399
    assert len({m.anchor for m in t.messages}) == len(t.messages)
    assert t.messages[-1].anchor == "incoming-3000399" or any(m.anchor == "incoming-3000399" for m in t.messages)


# ------------------------------------------------------------------------------------------
# Listings
# ------------------------------------------------------------------------------------------


def test_list_page():
    lp = parse_list_page(page("list_page2.html"), page_url=f"{SITE}/list?page=2")
    assert isinstance(lp, ListPage)
    assert [i.slug for i in lp.items] == [
        "number_of_widgets_purchased_2023",
        "bin_collection_contracts",
        "parking_fines_income_2009",
    ]
    first, second, third = lp.items
    assert first.url == CURRENT_URL and first.anchor == "incoming-2400002"
    assert first.status == "partially_successful"
    assert first.description.startswith("Dear Ms Doe,") and "<https://data.example.gov.uk> &" in first.description
    assert second.title == "Bin collection contracts & costs" and second.anchor is None
    assert third.anchor == "comment-5001" and third.status == "waiting_response_overdue"
    assert (lp.current_page, lp.last_page, lp.total) == (2, 20, 1234)
    assert lp.next_url == f"{SITE}/list?page=3"


def test_body_page_last_page_has_no_next():
    lp = parse_list_page(page("body_page3.html"), page_url=f"{SITE}/body/oldtown_bc?page=3")
    assert [i.slug for i in lp.items] == ["parking_fines_income_2009"]
    assert (lp.current_page, lp.last_page, lp.next_url) == (3, 3, None)
    assert lp.total is None  # the "(page 3)" heading is not a count


def test_empty_and_broken_listings():
    lp = parse_list_page(page("list_empty.html"), page_url=f"{SITE}/list")
    assert lp.items == [] and lp.next_url is None
    with pytest.raises(ParseError, match="not a request listing"):
        parse_list_page(page("hidden_request.html"), page_url=f"{SITE}/list")
    html = page("list_page2.html")
    with pytest.raises(ParseError, match="truncated"):
        parse_list_page(html[: len(html) // 2], page_url=f"{SITE}/list?page=2")


# ------------------------------------------------------------------------------------------
# The sample site (scraper/sample): every thread, both markups, folded and unfolded, compared
# with the content definitions rather than with hard-coded values
# ------------------------------------------------------------------------------------------


def _browser_text(text: str) -> str:
    """What a reader sees of a text the site formats with simple_format: whitespace collapsed
    within lines, lines trimmed, at most one blank line in a row."""
    lines = [re.sub(r"[ \t\v\f\r]+", " ", line).strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n ")


def _expected_text(thread, m, unfold: bool) -> str:
    if m.kind != "incoming":
        return _browser_text(m.text)
    if unfold:
        return _browser_text(simplify_angle_bracketed_urls(m.text))
    chunks, buf = [], ""
    for text, quoted in m.segments:
        if quoted:
            chunks.append(buf)
            buf = ""
        else:
            buf += text
    chunks.append(buf)
    shown = [c for c in (_browser_text(simplify_angle_bracketed_urls(c)) for c in chunks) if c]
    if not shown:
        return _browser_text(f"[Subject only] {m.subject}")
    return "\n\n".join(shown)


def _sample_cases():
    content = default_content()
    for thread in content.threads:
        for markup in sample_render.MARKUPS:
            for unfold in (False, True):
                yield pytest.param(
                    thread, markup, unfold, id=f"{thread.url_title}-{markup}-{'unfold' if unfold else 'fold'}"
                )


@pytest.mark.parametrize("thread, markup, unfold", list(_sample_cases()))
def test_sample_site_pages_match_their_content(thread, markup, unfold):
    site = sample_render.DEFAULT_SITE_URL
    url = f"{site}/request/{thread.url_title}" + ("?unfold=1" if unfold else "")
    html = sample_render.render_request_page(thread, unfold=unfold, markup=markup)
    parsed = parse_request_page(html, sample_render.request_json(thread), page_url=url)

    assert parsed.slug == thread.url_title and parsed.title == thread.title
    assert parsed.request_id == thread.id
    assert (parsed.authority.url_name, parsed.requester.url_name) == (thread.authority.url_name, thread.user.url_name)
    assert [m.anchor for m in parsed.messages] == [m.anchor for m in thread.messages]
    for got, want in zip(parsed.messages, thread.messages, strict=True):
        event = thread.event_for(want)
        assert (got.kind, got.site_id, got.hidden) == (want.kind, want.id, want.hidden), got.anchor
        assert (got.event_id, got.event_type) == (event.id, event.event_type), got.anchor
        if want.hidden:
            assert got.raw_text == "" and got.attachments == []
            if want.kind == "outgoing":  # no header: the time comes from the JSON event
                assert got.sender is None
                assert datetime.fromisoformat(got.sent_at) == event.created_at
                continue
        assert datetime.fromisoformat(got.sent_at) == want.time, got.anchor
        assert got.sender == (thread.displayed_sender(want) or None), got.anchor
        if want.kind == "outgoing":
            assert got.delivery_status == want.delivery_status, got.anchor
        if want.hidden:
            continue
        assert got.raw_text == _expected_text(thread, want, unfold), got.anchor
        assert "quoted sections" not in got.raw_text
        assert len(got.attachments) == len(want.attachments), got.anchor
        for att, a in zip(got.attachments, want.attachments, strict=True):
            assert att.hidden == (a.hidden and markup != "2019"), att
            assert att.attachment_id == (None if markup == "2019" else a.id)
            if att.hidden:
                continue
            assert (att.filename, att.part, att.size) == (a.filename, a.part, a.display_size)
            assert att.url == site + sample_render.attachment_path(thread, want, a, markup=markup)
            assert att.html_url == (
                site + sample_render.attachment_path(thread, want, a, html=True, markup=markup)
                if a.has_body_as_html
                else None
            )
            assert abs(att.size_bytes - a.size) <= max(1024, a.size * 0.05)
            if "icon_unknown" not in sample_render._icon(a.content_type):
                assert att.content_type == a.content_type


def test_sample_site_listings_match_their_content():
    content = generated_content(60)
    site = sample_render.DEFAULT_SITE_URL
    hits = [(t, e) for t in content.threads if (e := sample_render.latest_hit(t)) is not None]
    assert len(hits) > 50
    now = datetime.fromisoformat("2025-06-01T12:00:00+01:00")
    pages = []
    for n in (1, 2, 3):
        html = sample_render.render_list_page(hits, page=n, params={}, site_url=site, now=now)
        pages.append(parse_list_page(html, page_url=f"{site}/list?page={n}"))
    assert [lp.current_page for lp in pages] == [1, 2, 3]
    assert all(lp.total == len(hits) and lp.last_page == -(-len(hits) // 25) for lp in pages)
    assert pages[0].next_url == f"{site}/list?page=2"
    assert pages[-1].next_url is None or pages[-1].last_page > 3
    got = [i.slug for lp in pages for i in lp.items]
    assert got == [t.url_title for t, _ in hits][: len(got)]
    for lp, start in zip(pages, (0, 25, 50), strict=False):
        for item, (t, e) in zip(lp.items, hits[start:], strict=False):
            assert item.title == t.title and item.url == f"{site}/request/{t.url_title}"
            assert item.status == t.calculate_status(now)
            assert item.anchor == (e.message.anchor if e.event_type != "sent" else None)
            assert item.description and item.description.split()[0] in " ".join(e.message.text.split())


def test_sample_site_body_and_user_pages():
    content = generated_content(40)
    site = sample_render.DEFAULT_SITE_URL
    now = datetime.fromisoformat("2025-06-01T12:00:00+01:00")
    threads = content.threads
    for authority in {t.authority.url_name: t.authority for t in threads}.values():
        hits = [(t, e) for t in threads if t.authority is authority and (e := sample_render.latest_hit(t))]
        html = sample_render.render_body_page(authority, hits, page=1, n_requests=len(hits), site_url=site, now=now)
        lp = parse_list_page(html, page_url=f"{site}/body/{authority.url_name}")
        assert [i.slug for i in lp.items] == [t.url_title for t, _ in hits][:25]
        assert (lp.next_url is not None) == (len(hits) > 25)
    for user in {t.user.url_name: t.user for t in threads}.values():
        hits = [(t, e) for t in threads if t.user is user and (e := sample_render.latest_hit(t))]
        html = sample_render.render_user_page(user, hits, page=1, site_url=site, now=now)
        lp = parse_list_page(html, page_url=f"{site}/user/{user.url_name}")
        assert [i.slug for i in lp.items] == [t.url_title for t, _ in hits][:25]


def test_line_marks_with_their_blanks_become_one_line_break_as_before_in_linear_time():
    """The pattern that turns a line mark and the blanks around it into one line break starts only
    where a run of blanks starts (from inside a long run it rescanned the run): the same text."""
    import random
    import re

    from scraper.parse.html_text import _LINE_RUN

    plain = re.compile("[ \n]*\ufdd1[ \n\ufdd1]*")
    assert _LINE_RUN.pattern != plain.pattern
    rnd = random.Random(3)
    tokens = [" ", "  ", "\n", "\ufdd1", "x", "ab", "\ufdd1 \ufdd1"]
    for _ in range(20000):
        text = "".join(rnd.choice(tokens) for _ in range(rnd.randint(0, 12)))
        assert _LINE_RUN.sub("\n", text) == plain.sub("\n", text), repr(text)
