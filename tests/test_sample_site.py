"""The sample Alaveteli site, over real loopback HTTP.

Expected values come from the site's own content (``site.content``), never hard-coded copies,
so these tests check that what is served agrees with what the content says it is.
"""

from __future__ import annotations

import itertools
import os
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.parse import parse_request_page
from scraper.sample.content import LONDON, SampleThread
from scraper.sample.faults import Status
from scraper.sample.render import ROBOTS_TXT, attachment_path, render_request_page
from scraper.sample.seed_threads import SEED004_SLUG, data_text, default_content, generated_content
from scraper.sample.server import SampleSite

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")


@pytest.fixture()
def client():
    with httpx.Client(timeout=10) as c:
        yield c


def page(client: httpx.Client, url: str) -> LexborHTMLParser:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return LexborHTMLParser(r.text)


def words(text: str) -> list[str]:
    return text.split()


def body_words(node) -> list[str]:
    """Words of a message body, with shortened link texts (``http://x/abc...``) put back whole."""
    html = re.sub(r'<a href="([^"]*)"[^>]*>[^<]*\.\.\.</a>', lambda m: m.group(1).replace("&amp;", "&"), node.html)
    return words(LexborHTMLParser(html).text())


# -- robots, logging, faults --------------------------------------------------------------


def test_robots_txt_is_alaveteli_default_and_requests_are_logged(site, client):
    before = len(site.log)
    r = client.get(site.base_url + "/robots.txt", headers={"User-Agent": "sample-test/1"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text == ROBOTS_TXT
    assert "Allow: */request/*/response/*/attach/*" in r.text.splitlines()
    entry = site.log[before]
    assert (entry.method, entry.path, entry.status, entry.user_agent) == ("GET", "/robots.txt", 200, "sample-test/1")
    assert entry.headers["User-Agent"] == "sample-test/1"
    assert datetime.fromisoformat(entry.wall).tzinfo is not None


def test_scripted_fault_is_served_and_logged_then_normal_service(fresh_site, client):
    fresh_site.faults.script("/request/*.json", Status(429, retry_after=3))
    url = f"{fresh_site.base_url}/request/{SEED004_SLUG}.json"
    first = client.get(url)
    assert first.status_code == 429 and first.headers["retry-after"] == "3"
    assert client.get(url).status_code == 200
    assert [e.status for e in fresh_site.log[-2:]] == [429, 200]


# -- the request page ---------------------------------------------------------------------


def test_seed004_page_has_every_message_in_order_with_kind_sender_and_time(site, client):
    thread = site.content.thread(SEED004_SLUG)
    tree = page(client, f"{site.base_url}/request/{SEED004_SLUG}")
    blocks = tree.css("#left_column > div.correspondence, #left_column > div.comment_in_request")
    assert [b.attributes["id"] for b in blocks] == [m.anchor for m in thread.messages]
    assert len(blocks) == 26
    kinds = {"outgoing": "outgoing", "incoming": "incoming", "comment": "annotation"}
    for block, message in zip(blocks, thread.messages, strict=True):
        assert kinds[message.anchor.split("-")[0]] == message.kind
        time_node = block.css_first("time")
        assert time_node.attributes["datetime"] == message.time.isoformat()
        assert time_node.text() == f"{message.time.day:2d} {message.time:%B %Y}"  # space-padded day
        if message.kind == "annotation":
            assert block.css_first("h2 a").text() == message.sender
        else:
            author = " ".join(block.css_first("span.correspondence__header__author").text().split())
            assert author == thread.author_span_text(message)
    bounces = [m for m in thread.messages if m.sender == "Mail Delivery System"]
    assert len(bounces) == 2 and all(m.kind == "incoming" for m in bounces)
    assert {thread.author_span_text(m) for m in bounces} == {"Mail Delivery System,"}
    assert tree.css_first("h1").text() == thread.title
    status = tree.css_first("#request_status")
    assert "request-status-message--successful" in status.attributes["class"]


def test_folded_page_omits_quoted_text_and_unfold_restores_it(site, client):
    thread = site.content.thread(SEED004_SLUG)
    folded = [m for m in thread.messages if m.has_quoted]
    assert len(folded) == 4  # the four blocks where the seed showed "show quoted sections"
    default = page(client, f"{site.base_url}/request/{SEED004_SLUG}")
    unfolded = page(client, f"{site.base_url}/request/{SEED004_SLUG}?unfold=1")
    for message in folded:
        body = default.css_first(f"#{message.anchor} div.correspondence_text")
        link = body.css_first("span.unfold_link a")
        assert link.text() == "show quoted sections"
        assert link.attributes["href"] == f"?unfold=1#{message.anchor}"
        text = words(body.text().replace("show quoted sections", ""))
        assert text == words(message.visible_text)
        for line in message.quoted_text.splitlines():
            if len(line) > 30:
                assert line.split()[0] in message.quoted_text  # sanity
        assert "Original Message" not in body.text() and "This is a copy of the message" not in body.text()

        full = unfolded.css_first(f"#{message.anchor} div.correspondence_text")
        links = full.css("span.unfold_link a")
        assert [a.text() for a in links] == ["hide quoted sections"]
        assert links[0].attributes["href"] == f"?#{message.anchor}"
        assert body_words(full)[:-3] == words(message.text)
    # messages without quoted parts read the same either way
    plain = next(m for m in thread.messages if m.kind == "incoming" and not m.has_quoted)
    assert default.css_first(f"#{plain.anchor}").text() == unfolded.css_first(f"#{plain.anchor}").text()


def test_message_markup_follows_current_templates(site, client):
    thread = site.content.thread(SEED004_SLUG)
    tree = page(client, f"{site.base_url}/request/{SEED004_SLUG}")
    first = thread.messages[0]
    block = tree.css_first(f"#{first.anchor}")
    assert block.attributes["class"] == "outgoing correspondence js-collapsible"
    assert block.css_first("a.correspondence__header__date").attributes["href"] == f"#{first.anchor}"
    assert block.css_first("input.cplink__field").attributes["value"] == (
        f"{site.base_url}/request/{SEED004_SLUG}#{first.anchor}"
    )
    # make_clickable: long URLs keep the whole href but show 40 characters + "..."
    link = block.css_first("div.correspondence_text a")
    href = link.attributes["href"]
    assert href in first.text and len(href) > 43
    assert link.text() == href[:40] + "..."
    assert link.attributes["rel"] == "nofollow"
    # incoming bodies sit in div#attachment-<body part id>; masks link to the help page
    incoming = next(m for m in thread.messages if m.kind == "incoming" and "[email address]" in m.visible_text)
    wrapper = tree.css_first(f"#{incoming.anchor} div.correspondence_text > div#attachment-{incoming.body_part_id}")
    assert wrapper is not None and wrapper.css_first("p")
    mask = wrapper.css_first('a[href="/help/officers#mobiles"]')
    assert mask.text() == "email address"
    # simple_format: paragraphs per blank line, <br /> per line break
    html = client.get(f"{site.base_url}/request/{SEED004_SLUG}").text
    assert "\n<br />" in html
    # the non-breaking spaces of the MPS letters survive as &nbsp;
    assert "\xa0" in incoming.text and "&nbsp;" in html


def test_hostile_text_is_escaped(site, client):
    thread = next(t for t in site.content.threads if any("<script>" in m.text for m in t.messages))
    r = client.get(f"{site.base_url}/request/{thread.url_title}")
    assert "<script>alert(1)</script>" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    tree = LexborHTMLParser(r.text)
    message = next(m for m in thread.messages if "<script>" in m.text)
    shown = tree.css_first(f"#{message.anchor} .comment_in_request_text").text()
    assert "<script>alert(1)</script>" in shown and "<b>not bold</b>" in shown
    assert tree.css_first(f"#{message.anchor} b") is None
    assert tree.css_first("h1").text() == thread.title  # quotes and & in the title


def test_hidden_message_shows_notice_and_no_text(site, client):
    thread = next(t for t in site.content.threads if any(m.hidden for m in t.all_messages))
    tree = page(client, f"{site.base_url}/request/{thread.url_title}")
    hidden_incoming = next(m for m in thread.messages if m.hidden)
    block = tree.css_first(f"#{hidden_incoming.anchor}")
    assert "hidden" in block.attributes["class"].split()
    assert block.css_first("p#hidden_message").text().strip().startswith("This message has been hidden.")
    assert block.css_first("div.correspondence_text") is None
    assert hidden_incoming.visible_text.split("\n")[2] not in tree.html
    hidden_comment = next(m for m in thread.all_messages if m.hidden and m.kind == "annotation")
    assert tree.css_first(f"#{hidden_comment.anchor}") is None
    assert hidden_comment not in thread.messages


def test_numeric_id_redirects_and_unknown_is_404(site, client):
    thread = site.content.thread(SEED004_SLUG)
    r = client.get(f"{site.base_url}/request/{thread.id}")
    assert r.status_code == 301 and r.headers["location"] == f"/request/{SEED004_SLUG}"
    nml = next(t for t in site.content.threads if any(m.attachments for m in t.messages))
    message = next(m for m in nml.messages if m.attachments)
    old = attachment_path(nml, message, message.attachments[0], markup="2019")
    r = client.get(site.base_url + old)
    assert r.status_code == 301
    assert r.headers["location"] == attachment_path(nml, message, message.attachments[0])
    missing = client.get(f"{site.base_url}/request/no_such_request")
    assert missing.status_code == 404 and "Sorry, we couldn't find that page" in missing.text
    assert client.get(f"{site.base_url}/request/99999999").status_code == 404


# -- JSON -------------------------------------------------------------------------------------


def test_request_json_has_alaveteli_fields_and_every_event(site, client):
    thread = site.content.thread(SEED004_SLUG)
    data = client.get(f"{site.base_url}/request/{SEED004_SLUG}.json").json()
    assert list(data) == [
        "id",
        "url_title",
        "title",
        "created_at",
        "updated_at",
        "described_state",
        "display_status",
        "awaiting_description",
        "prominence",
        "law_used",
        "tags",
        "user",
        "public_body",
        "info_request_events",
    ]
    assert (data["id"], data["url_title"], data["title"]) == (thread.id, thread.url_title, thread.title)
    assert data["described_state"] == "successful" and data["display_status"] == "Successful"
    assert list(data["user"]) == ["id", "url_name", "name", "ban_text", "about_me"]
    assert list(data["public_body"]) == [
        "id",
        "url_name",
        "name",
        "short_name",
        "created_at",
        "updated_at",
        "home_page",
        "notes",
        "publication_scheme",
        "disclosure_log",
        "tags",
        "info",
    ]
    events = data["info_request_events"]
    assert [e["id"] for e in events] == [e.id for e in thread.events]
    assert {e["event_type"] for e in events} >= {"sent", "followup_sent", "response", "comment", "status_update"}
    for event in events:
        assert list(event)[:9] == [
            "id",
            "event_type",
            "created_at",
            "described_state",
            "calculated_state",
            "last_described_at",
            "incoming_message_id",
            "outgoing_message_id",
            "comment_id",
        ]
        assert ISO_MS.match(event["created_at"]), event["created_at"]
        assert ("display_status" in event) == (
            event["incoming_message_id"] is not None or event["outgoing_message_id"] is not None
        )
    anchors = [
        f"incoming-{e['incoming_message_id']}"
        if e["incoming_message_id"]
        else f"outgoing-{e['outgoing_message_id']}"
        if e["outgoing_message_id"]
        else f"comment-{e['comment_id']}"
        for e in events
        if e["event_type"] != "status_update"
    ]
    assert anchors == [m.anchor for m in thread.messages]
    ids = [e["id"] for e in events]
    assert ids == sorted(ids)  # event ids grow with time, as in Alaveteli
    for response, update in itertools.pairwise(events):
        if response["event_type"] == "response" and update["event_type"] == "status_update":
            assert response["calculated_state"] == update["described_state"]
            assert response["last_described_at"] == update["created_at"]
    clarification = next(e for e in events if e["event_type"] == "followup_sent")
    assert clarification["display_status"] == "Clarification"
    review = [e for e in events if e.get("display_status") == "Internal review request"]
    assert len(review) == 1
    # the HTML <time> is the JSON time without milliseconds (outgoing messages and comments)
    sent = events[0]
    assert sent["created_at"][:19] == thread.messages[0].time.isoformat()[:19]


def test_body_and_user_json(site, client):
    thread = site.content.thread(SEED004_SLUG)
    body = client.get(f"{site.base_url}/body/{thread.authority.url_name}.json").json()
    assert body["name"] == thread.authority.name
    assert body["info"]["requests_count"] == len(site.content.threads_for_authority(thread.authority.url_name))
    user = client.get(f"{site.base_url}/user/{thread.user.url_name}.json").json()
    assert user == {
        "id": thread.user.id,
        "url_name": thread.user.url_name,
        "name": thread.user.name,
        "ban_text": "",
        "about_me": "",
    }
    assert client.get(f"{site.base_url}/body/nobody_here.json").status_code == 404


# -- lists and pagination ----------------------------------------------------------------


@pytest.fixture(scope="module")
def big_site():
    with SampleSite(generated_content(540, seed=1)) as s:
        yield s


def listing_slugs(tree: LexborHTMLParser) -> list[str]:
    return [
        a.attributes["href"].split("/request/")[1].split("#")[0] for a in tree.css("div.request_listing span.head a")
    ]


def test_lists_are_paginated_25_a_page_capped_at_20_pages(big_site, client):
    content = big_site.content
    first = page(client, f"{big_site.base_url}/list")
    assert len(first.css("div.request_listing")) == 25
    found = first.css_first("h2.foi_results").text()
    assert f"About {len(content.threads)} FOI requests found" in " ".join(found.split())
    nav = first.css_first("div.pagination")
    assert nav.attributes["role"] == "navigation"
    assert nav.css_first("em.current").text() == "1"
    assert nav.css_first("a.next_page").attributes["href"] == "/list?page=2"
    assert nav.css_first("a.next_page").attributes["rel"] == "next"
    assert nav.css_first("span.gap") is not None
    assert [a.text() for a in nav.css("a[aria-label]")][-1] == "20"  # 500 results → 20 pages
    last = page(client, f"{big_site.base_url}/list?page=20")
    assert last.css_first("span.next_page.disabled") is not None
    assert client.get(f"{big_site.base_url}/list?page=21").status_code == 404
    # ordered by each request's latest event, newest first, no request twice
    slugs = []
    for n in (1, 2, 3):
        slugs += listing_slugs(page(client, f"{big_site.base_url}/list?page={n}"))
    assert len(slugs) == len(set(slugs)) == 75
    latest = [max(e.created_at for e in content.thread(s).indexed_events) for s in slugs]
    assert latest == sorted(latest, reverse=True)


def test_list_date_range_filters_by_event_date(big_site, client):
    content = big_site.content
    after, before = "2019/06/01", "2019/06/30"
    url = f"{big_site.base_url}/list?request_date_after={after}&request_date_before={before}"
    lo, hi = datetime(2019, 6, 1).date(), datetime(2019, 6, 30).date()
    expected = {
        t.url_title
        for t in content.threads
        if any(lo <= e.created_at.astimezone(LONDON).date() <= hi for e in t.indexed_events)
    }
    assert len(expected) > 25  # so the filtered list has a second page
    got: list[str] = []
    while url:
        tree = page(client, url)
        got += listing_slugs(tree)
        nxt = tree.css_first("div.pagination a.next_page")
        if nxt is not None:
            assert "request_date_after=2019%2F06%2F01" in nxt.attributes["href"]
        url = big_site.base_url + nxt.attributes["href"] if nxt is not None else ""
    assert len(got) == len(set(got)) and set(got) == expected


def test_body_page_lists_authority_requests_and_stops_after_page_20(big_site, client):
    url = f"{big_site.base_url}/body/generated_council"
    tree = page(client, url + "?page=2")
    slugs = listing_slugs(tree)
    assert len(slugs) == 25
    assert all(big_site.content.thread(s).authority.url_name == "generated_council" for s in slugs)
    assert tree.css_first("div.pagination em.current").text() == "2"
    assert client.get(url + "?page=21").status_code == 404
    user = big_site.content.thread(slugs[0]).user
    mine = page(client, f"{big_site.base_url}/user/{user.url_name}")
    assert set(listing_slugs(mine)) <= {t.url_title for t in big_site.content.threads_for_user(user.url_name)}


def test_generated_content_is_deterministic():
    a, b = generated_content(30, seed=7), generated_content(30, seed=7)
    assert [(t.id, t.url_title, t.created_at) for t in a.threads] == [
        (t.id, t.url_title, t.created_at) for t in b.threads
    ]
    years = {t.created_at.year for t in generated_content(500, seed=2).threads}
    assert len(years) >= 3


# -- conditional requests ------------------------------------------------------------------


def test_etag_and_last_modified_give_304_until_content_changes(fresh_site, client):
    url = f"{fresh_site.base_url}/request/{SEED004_SLUG}"
    first = client.get(url)
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    assert first.headers["cache-control"] == "max-age=3600, public"
    assert first.headers["vary"] == "Cookie"
    assert "last-modified" in first.headers
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    since = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    fresh_site.content.add_response(
        SEED004_SLUG, "Dear Ms King,\n\nA further note.\n\nMPS", datetime(2015, 7, 1, 10, 0, tzinfo=LONDON)
    )
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


# -- attachments -----------------------------------------------------------------------------


def _attachment(site: SampleSite, content_type: str):
    for t in site.content.threads:
        for m in t.messages:
            for a in m.attachments:
                if a.content_type == content_type and not a.mask_pending:
                    return t, m, a
    raise AssertionError(content_type)


def test_pdf_attachment_is_a_real_pdf_of_the_seed_letter(site, client):
    thread, message, pdf = _attachment(site, "application/pdf")
    tree = page(client, f"{site.base_url}/request/{thread.url_title}")
    li = tree.css_first(f"li#attachment-{pdf.id}")
    assert li.css_first("p.attachment__name").text().strip() == pdf.filename
    links = {a.text(): a.attributes["href"] for a in li.css("p.attachment__meta a")}
    assert links["Download"] == attachment_path(thread, message, pdf)
    assert tree.css_first(f"#{message.anchor} div.correspondence_text > div:not(.attachments)").attributes == {}
    r = client.get(site.base_url + links["Download"])
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith(f'attachment; filename="{pdf.filename}"')
    data = r.content
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref = int(data.rsplit(b"startxref", 1)[1].split()[0])
    offsets = [int(line[:10]) for line in data[xref:].split(b"\n")[3:] if line.endswith(b" n ")]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())
    letter = data_text("threads/nml_facial_recognition/letter.txt")
    assert b"(Dear Mr Ferris,) Tj" in data and "Dear Mr Ferris," in letter
    view = page(client, site.base_url + links["View"])
    assert view.css_first("div.view_html_prefix p.view_html_description a").text() == thread.title
    assert view.css_first("iframe").attributes["src"] == site.base_url + links["Download"]


def test_text_and_csv_attachments_and_their_html_views(site, client):
    thread, message, txt = _attachment(site, "text/plain")
    r = client.get(site.base_url + attachment_path(thread, message, txt))
    assert r.headers["content-type"].startswith("text/plain") and r.text == txt.text
    view = page(client, site.base_url + attachment_path(thread, message, txt, html=True))
    assert view.css_first("body").attributes["id"] == "wrapper"
    body = LexborHTMLParser(view.css_first("body").html.replace("<br>", "\n")).css_first("body")
    assert words(body.text().split("'.", 1)[1]) == words(txt.text)
    thread, message, csv = _attachment(site, "text/csv")
    r = client.get(site.base_url + attachment_path(thread, message, csv))
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.content == csv.data and r.text.startswith("Date,Location")


def test_slow_attachment_answers_processing_page_first(fresh_site, client):
    thread = fresh_site.content.thread("anpr_cameras_and_read_logs")
    message = next(m for m in thread.messages if m.attachments)
    slow = next(a for a in message.attachments if a.mask_pending)
    url = fresh_site.base_url + attachment_path(thread, message, slow)
    first = client.get(url)
    assert first.status_code == 302
    wait_url = first.headers["location"]
    assert wait_url.startswith(f"/attachments/{slow.sgid}/wait?referer=")
    wait = client.get(fresh_site.base_url + wait_url)
    assert wait.status_code == 200 and wait.headers["content-type"].startswith("text/html")
    assert wait.headers["x-robots-tag"] == "noindex"
    assert '<meta http-equiv="refresh" content="2">' in wait.text and "Attachment processing..." in wait.text
    # masking is done after the first N requests: the file itself, then the wait page moves on
    done = client.get(url)
    assert done.status_code == 200 and done.headers["content-type"] == "image/tiff"
    assert done.content == slow.data and done.content.startswith(b"II*\x00")
    after = client.get(fresh_site.base_url + wait_url)
    assert after.status_code == 302 and "/done?referer=" in after.headers["location"]


def test_oversize_attachment_is_streamed_whole(site, client):
    thread = site.content.thread("anpr_cameras_and_read_logs")
    message = next(m for m in thread.messages if m.attachments)
    big = max(message.attachments, key=lambda a: a.size)
    assert big.size >= 30 * 1024 * 1024 and big.display_size == "30.0M"
    url = site.base_url + attachment_path(thread, message, big)
    head = client.head(url)
    assert head.status_code == 200 and int(head.headers["content-length"]) == big.size
    total = 0
    with client.stream("GET", url) as r:
        for chunk in r.iter_bytes():
            total += len(chunk)
    assert total == big.size


# -- mutations -------------------------------------------------------------------------------


def test_rename_changes_slug_old_slug_404s_and_id_redirects(fresh_site, client):
    thread: SampleThread = fresh_site.content.thread(SEED004_SLUG)
    new_slug = fresh_site.content.rename(SEED004_SLUG, "Facial recognition at the Met: the full story")
    assert new_slug == "facial_recognition_at_the_met_th"
    assert client.get(f"{fresh_site.base_url}/request/{SEED004_SLUG}").status_code == 404
    r = client.get(f"{fresh_site.base_url}/request/{thread.id}")
    assert r.status_code == 301 and r.headers["location"] == f"/request/{new_slug}"
    data = client.get(f"{fresh_site.base_url}/request/{new_slug}.json").json()
    assert (data["id"], data["url_title"]) == (thread.id, new_slug)
    assert (
        fresh_site.content.rename(new_slug, "Use of live facial recognition at National Museums Liverpool")
        == "use_of_live_facial_recognition_a_2"
    )


def test_hide_request_gives_403_page_and_empty_json(fresh_site, client):
    fresh_site.content.hide_request(SEED004_SLUG)
    r = client.get(f"{fresh_site.base_url}/request/{SEED004_SLUG}")
    assert r.status_code == 403
    assert LexborHTMLParser(r.text).css_first("#request_show h1").text() == "Request has been removed"
    j = client.get(f"{fresh_site.base_url}/request/{SEED004_SLUG}.json")
    assert j.status_code == 403 and j.content == b""
    assert SEED004_SLUG not in client.get(f"{fresh_site.base_url}/list").text


def test_hide_message_set_state_and_add_response(fresh_site, client):
    content = fresh_site.content
    thread = content.thread(SEED004_SLUG)
    target = thread.messages[2]
    content.hide_message(target.anchor)
    tree = page(client, f"{fresh_site.base_url}/request/{SEED004_SLUG}")
    assert tree.css_first(f"#{target.anchor} p#hidden_message") is not None
    assert tree.css_first(f"#{target.anchor} div.correspondence_text") is None

    when = datetime(2015, 7, 2, 9, 30, tzinfo=LONDON)
    added = content.add_response(SEED004_SLUG, "Dear Ms King,\n\nPlease see attached.\n\nMPS", when)
    assert added.anchor.startswith("incoming-") and thread.messages[-1] is added
    tree = page(client, f"{fresh_site.base_url}/request/{SEED004_SLUG}")
    assert tree.css("#left_column > div.correspondence")[-1].attributes["id"] == added.anchor
    assert tree.css_first("#describe_state_form_1") is not None
    assert "request-status-message--waiting_classification" in tree.css_first("#request_status").attributes["class"]
    content.set_state(SEED004_SLUG, "partially_successful", when + timedelta(hours=1))
    data = client.get(f"{fresh_site.base_url}/request/{SEED004_SLUG}.json").json()
    assert data["described_state"] == "partially_successful" and data["awaiting_description"] is False
    last = data["info_request_events"][-1]
    assert last["event_type"] == "status_update" and last["described_state"] == "partially_successful"
    response = next(e for e in data["info_request_events"] if e["incoming_message_id"] == added.id)
    assert response["calculated_state"] == "partially_successful"
    assert response["display_status"] == "Partially successful"
    with pytest.raises(ValueError):
        content.set_state(SEED004_SLUG, "no_such_state")


# -- 2019 markup -----------------------------------------------------------------------------


def test_2019_markup_variant():
    content = default_content()
    thread = content.thread("anpr_cameras_and_read_logs")
    tree = LexborHTMLParser(render_request_page(thread, unfold=False, markup="2019"))
    blocks = tree.css("#left_column > div.correspondence")
    assert [b.attributes["id"] for b in blocks] == [m.anchor for m in thread.messages]
    incoming = next(b for b in blocks if "incoming" in b.attributes["class"].split())
    assert incoming.attributes["class"] == "incoming correspondence normal js-collapsable"
    assert incoming.css_first("span.js-collapsable-trigger") is not None
    date_href = incoming.css_first("a.correspondence__header__date").attributes["href"]
    assert date_href == f"/request/{thread.url_title}#{incoming.attributes['id']}"
    assert incoming.css_first("input#cplink__field.cplink__field") is not None
    assert incoming.css_first("button.cplink__button") is not None
    assert incoming.css_first('div[id^="attachment-"]') is None
    assert incoming.css_first("li.attachment").attributes.get("id") is None
    text = incoming.css_first("div.correspondence_text")
    children = [c.tag for c in text.iter() if c.tag != "-text"]
    assert children[0] == "div" and "p" in children  # attachments before the body
    assert [a.text() for a in incoming.css("p.attachment__meta a")][:2] == ["Download", "View as HTML"]
    assert incoming.css_first("p.attachment__meta a").attributes["href"].startswith(f"/request/{thread.id}/")
    raw = render_request_page(thread, unfold=False, markup="2019")
    assert "<p><p>" in raw
    # folded 2019 link: the old one-line form
    seed = content.thread(SEED004_SLUG)
    old = render_request_page(seed, unfold=False, markup="2019")
    bounce = next(m for m in seed.messages if m.has_quoted)
    assert (
        f'<p><span class="unfold_link"><a href="?unfold=1#{bounce.anchor}">show quoted sections</a></span></p>'
    ) in old
    with pytest.raises(ValueError):
        render_request_page(thread, unfold=False, markup="1999")


ROOT = Path(__file__).resolve().parent.parent


def seeds_folder(root: Path = ROOT) -> Path | None:
    """The project's seed documents: ``../shared/seeds`` beside the repository (CI clones it with a
    copy of shared/ beside it), or one level further up (a worktree in a folder of worktrees)."""
    for candidate in (root.parent / "shared" / "seeds", root.parent.parent / "shared" / "seeds"):
        if candidate.is_dir():
            return candidate
    return None


def test_seeds_are_looked_for_beside_the_repository_not_at_a_machine_path(tmp_path):
    (tmp_path / "shared" / "seeds").mkdir(parents=True)
    assert seeds_folder(tmp_path / "clone") == tmp_path / "shared" / "seeds"
    assert seeds_folder(tmp_path / "worktrees" / "one") == tmp_path / "shared" / "seeds"
    assert seeds_folder(tmp_path / "a" / "b" / "c") is None


def test_seed004_text_is_the_seed(site):
    """Every block's visible text appears, in order, in the seed (the folded page's text)."""
    folder = seeds_folder()
    found = sorted(folder.glob("004_*")) if folder else []
    if not found:
        if os.environ.get("CI"):
            pytest.fail("seed 004 is missing: CI must have shared/seeds beside the repository")
        pytest.skip("seed 004 not available beside this repository (../shared/seeds)")
    seed = found[0].read_text(encoding="utf-8")
    thread = site.content.thread(SEED004_SLUG)
    seed_words = words(seed)
    pos = 0
    for message in thread.messages:
        # link texts were shortened in the seed; compare up to the first URL
        head = words(re.split(r"https?://", message.visible_text)[0])[:12]
        while seed_words[pos : pos + len(head)] != head:
            pos += 1
            assert pos < len(seed_words), message.anchor
    assert quote(SEED004_SLUG) == SEED004_SLUG


# -- generated threads with an authority's boilerplate ---------------------------------------

_BLOCKS = [
    ("disclaimer", "CAUTION: this message came from outside the Authority. Check links before you click.", "top"),
    (
        "complaint_rights",
        "Not happy with this reply?\n\n1. Ask us for an internal review within 40 working days.\n"
        "2. Then write to the Information Commissioner, Wycliffe House, Water Lane, Wilmslow SK9 5AF.",
    ),
    ("signoff_block", "Dilynwch ni ar X: @awdurdod | Follow us on X: @authority"),
    ("disclaimer", "This e-mail and any attachment are confidential & may be monitored <for security>."),
    (
        "other_boilerplate",
        "While you wait, many answers are already in our disclosure log at https://www.example.gov.uk/foi-log",
    ),
]


def test_generated_replies_carry_an_authoritys_blocks_as_given(client):
    """Each block, exactly as given, where its place says, in the pages the site serves; the
    answers around them differ from thread to thread; the threads are those of the same seed
    without blocks."""
    kw = dict(seed=4, authority_url_name="example_authority")
    content = generated_content(12, blocks=_BLOCKS, authority_name="Example Authority", **kw)
    plain = generated_content(12, **kw)
    mine = content.threads_for_authority("example_authority")
    assert [(t.id, t.url_title, t.described_state, t.created_at) for t in mine] == [
        (t.id, t.url_title, t.described_state, t.created_at) for t in plain.threads_for_authority("example_authority")
    ]
    assert mine[0].authority.name == "Example Authority"
    top, rights, social, legal, ack_help = (b[1] for b in _BLOCKS)
    answers, acks = [], 0
    with SampleSite(content) as s:
        for t in mine:
            url = f"{s.base_url}/request/{t.url_title}?unfold=1"
            parsed = parse_request_page(client.get(url).text, page_url=url)
            for got, want in zip(parsed.messages, t.messages, strict=False):
                if want.kind != "incoming":
                    continue
                text = got.raw_text
                ack = want.subject.startswith("Acknowledgement")
                acks += ack
                for block in (top, social, legal):
                    assert text.count(block) == 1, (got.id, block)
                assert (rights in text) == (not ack) and (ack_help in text) == ack, got.id
                quote = text.index("-----Original Message-----")
                assert text.index(top) < text.index("Dear ") < text.index(rights if not ack else ack_help)
                middle = rights if not ack else ack_help
                between = text[text.index(middle) + len(middle) : text.index(social)]
                assert re.search(r"^(Yours|Kind regards|Regards|Many thanks|Best wishes)", between.strip()), between
                assert text.index(social) < text.index(legal) < quote
                if not ack:
                    answers.append(text[text.index("Dear ") : text.index(rights)])
    assert acks >= 3 and len(answers) >= 6
    assert len(set(answers)) == len(answers)  # every answer its own: its length, its figures
    assert len({a.count("\n\n") for a in answers}) >= 2
    figures = [tuple(re.findall(r"\d[\d,]*", a)) for a in answers]
    assert len(set(figures)) == len(figures)


def test_a_block_without_a_place_is_refused():
    from scraper.sample.seed_threads import reply_blocks

    assert reply_blocks([("signoff_block", "Follow us\n")])[0].place == "after_signature"
    with pytest.raises(ValueError, match="no place"):
        reply_blocks([("quoted", "text")])
    with pytest.raises(ValueError, match="no place"):
        reply_blocks([("disclaimer", "text", "middle")])
