"""Atom feeds of new responses and iCalendar deadlines, as Datasette serves them.

A small archive written with ``store.save_thread``, with dates chosen so that every due date has
one right answer, and with what the site took down (a withdrawn request, a hidden response) to
check that it never reaches a feed or a calendar. Feeds are validated with feedparser,
calendars with the icalendar package; links are followed back into the thread pages.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import feedparser
import icalendar
import pytest
from datasette.app import Datasette
from datasette.utils import PrefixedUrlString
from selectolax.lexbor import LexborHTMLParser
from support import dated_message, dated_thread

from scraper import archive as store
from scraper.datasette.calendar import add_working_days
from scraper.datasette.plugin import ensure_registered
from scraper.models import Authority, Event, Message, Thread

SITE = "foi.example.org"
DISCLAIMER = "DISCLAIMER: this e-mail is confidential."
MINISTRY = Authority(url_name="ministry_of_examples", name="Ministry of Examples", id=1)
BOROUGH = Authority(url_name="borough_of_testing", name="Borough of Testing", id=2)
QUIET = Authority(url_name="quiet_council", name="Quiet Council", id=3)


def _thread(
    request_id: int, authority: Authority, status: str, messages: list[Message], events: list[Event] | None = None
) -> Thread:
    return dated_thread(
        request_id,
        f"request_{request_id}",
        authority,
        status,
        messages,
        events=events,
        title=f"Request {request_id} about benches",
    )


def build_archive(path: Path) -> None:
    threads = [
        # Waiting: sent Fri 20 December 2024; 25, 26 December and 1 January are bank holidays.
        _thread(
            201,
            MINISTRY,
            "waiting_response",
            [dated_message("outgoing-2011", "2024-12-20T15:00:00+00:00", "How many benches?")],
        ),
        _thread(
            202,
            MINISTRY,
            "successful",
            [
                dated_message("outgoing-2021", "2024-03-01T09:00:00+00:00", "Please list the parks."),
                dated_message(
                    "incoming-2022",
                    "2024-03-20T10:00:00+00:00",
                    "The parks are listed below: Elm Park.",
                    sender="Ministry of Examples",
                    disclaimer=DISCLAIMER,
                ),
                dated_message(
                    "comment-2023", "2024-03-21T10:00:00+00:00", "A useful answer about parks.", sender="Bob"
                ),
            ],
        ),
        # Internal review asked for on Tue 2 April 2024: due Tue 30 April (no bank holiday between).
        _thread(
            203,
            BOROUGH,
            "internal_review",
            [
                dated_message("outgoing-2031", "2024-03-01T09:00:00+00:00", "Please send the bench budget."),
                dated_message(
                    "incoming-2032",
                    "2024-03-20T11:00:00+00:00",
                    "We refuse: section 12 applies to benches.",
                    sender="Borough of Testing",
                ),
                dated_message("outgoing-2033", "2024-04-02T09:00:00+01:00", "Please review the refusal about benches."),
            ],
            events=[
                Event(
                    id=9201,
                    event_type="sent",
                    created_at="2024-03-01T09:00:00+00:00",
                    described_state="waiting_response",
                ),
                Event(id=9202, event_type="response", created_at="2024-03-20T11:00:00+00:00"),
                Event(
                    id=9203,
                    event_type="followup_sent",
                    created_at="2024-04-02T09:00:00+01:00",
                    described_state="internal_review",
                ),
            ],
        ),
        # Waiting, then withdrawn by the site: never in a feed or a calendar.
        _thread(
            204,
            BOROUGH,
            "waiting_response",
            [
                dated_message("outgoing-2041", "2024-05-01T09:00:00+01:00", "Where are the zebracrossings?"),
                dated_message(
                    "incoming-2042",
                    "2024-05-02T09:00:00+01:00",
                    "The zebracrossings are everywhere.",
                    sender="Borough of Testing",
                ),
            ],
        ),
        # One visible response and one the site later hides.
        _thread(
            205,
            BOROUGH,
            "successful",
            [
                dated_message("outgoing-2051", "2024-06-03T09:00:00+01:00", "Who sits on the bench committee?"),
                dated_message(
                    "incoming-2052",
                    "2024-06-05T09:00:00+01:00",
                    "The bench committee has five members.",
                    sender="Borough of Testing",
                ),
                dated_message(
                    "incoming-2053",
                    "2024-06-06T09:00:00+01:00",
                    "Their names: secretnames.",
                    sender="Borough of Testing",
                ),
            ],
        ),
        # Waiting, sent Mon 6 January 2025: due Mon 3 February. Its authority has no response at all.
        _thread(
            206,
            QUIET,
            "waiting_response",
            [dated_message("outgoing-2061", "2025-01-06T10:00:00+00:00", "How many benches in the quiet parks?")],
        ),
    ]
    db = store.open_archive(path)
    try:
        for t in threads:
            store.save_thread(
                db, t, site=SITE, fetched_at="2025-01-10T00:00:00+00:00", source_url=f"https://{SITE}/request/{t.slug}"
            )
        hidden = threads[4]
        hidden.messages[2].hidden = True
        store.save_thread(
            db,
            hidden,
            site=SITE,
            fetched_at="2025-01-11T00:00:00+00:00",
            source_url=f"https://{SITE}/request/{hidden.slug}",
        )
        store.mark_withdrawn(db, site=SITE, request_id=204, status=410, when="2025-01-12T00:00:00+00:00")
    finally:
        db.close()


class Client:
    def __init__(self, ds: Datasette):
        self.ds = ds
        self.loop = asyncio.new_event_loop()

    def get(self, path: str) -> Any:
        # Paths are as the pages link them, base_url included: not to be prefixed again.
        response = self.loop.run_until_complete(self.ds.client.get(PrefixedUrlString(path)))
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response

    def feed(self, path: str) -> Any:
        response = self.get(path)
        assert response.headers["content-type"].startswith("application/xml")
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        return parsed

    def calendar(self, path: str) -> list[Any]:
        response = self.get(path)
        assert response.headers["content-type"].startswith("text/calendar")
        return icalendar.Calendar.from_ical(response.text).walk("VEVENT")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("feeds") / "follow.db"
    build_archive(path)
    return path


@pytest.fixture(scope="module")
def client(archive) -> Client:
    ensure_registered()
    c = Client(Datasette([str(archive)], settings={"num_sql_threads": 1}))
    yield c
    c.loop.close()


def anchors(feed: Any) -> list[str]:
    return [e.link.split("#")[1] for e in feed.entries]


# -- Atom ------------------------------------------------------------------------------------


def test_new_responses_feed_has_clean_text_and_links_into_the_thread(client):
    feed = client.feed("/follow/new_responses_feed.atom")
    assert anchors(feed) == ["incoming-2052", "incoming-2032", "incoming-2022"]  # newest first
    entry = feed.entries[2]
    assert entry.title == "Response from Ministry of Examples: Request 202 about benches"
    assert entry.content[0].value == "The parks are listed below: Elm Park."  # clean: no disclaimer
    assert entry.author == "Ministry of Examples"
    assert entry.updated_parsed[:3] == (2024, 3, 20)
    assert entry.id == f"https://{SITE}/request/202#incoming-2022"
    assert entry.link == "http://localhost/follow/-/thread/202#incoming-2022"
    page = LexborHTMLParser(client.get(urlsplit(entry.link).path).text)
    assert "Elm Park" in page.css_first("article#incoming-2022").text()
    assert all(DISCLAIMER not in e.content[0].value for e in feed.entries)


def test_feed_for_one_authority_and_for_one_request(client):
    assert anchors(client.feed("/follow/new_responses_feed.atom?authority=borough_of_testing")) == [
        "incoming-2052",
        "incoming-2032",
    ]
    assert anchors(client.feed("/follow/new_responses_feed.atom?request=202")) == ["incoming-2022"]


def test_an_authority_with_no_response_has_a_valid_empty_feed(client):
    # datasette-atom alone answers 500 here (it takes the newest of no rows); the plugin's
    # wrapper gives an empty feed.
    feed = client.feed("/follow/new_responses_feed.atom?authority=quiet_council&_feed_title=Quiet")
    assert feed.entries == [] and feed.feed.title == "Quiet"


def test_feed_titles_come_from_the_links(client):
    assert client.feed("/follow/new_responses_feed.atom").feed.title == "New responses"
    titled = client.feed("/follow/new_responses_feed.atom?authority=borough_of_testing&_feed_title=Borough+feed")
    assert titled.feed.title == "Borough feed"


def test_saved_search_feed(client):
    found = anchors(client.feed("/follow/search_feed.atom?q=bench"))
    assert set(found) == {
        "outgoing-2061",
        "incoming-2052",
        "outgoing-2051",
        "outgoing-2033",
        "incoming-2032",
        "outgoing-2031",
        "outgoing-2011",
    }
    responses = anchors(client.feed("/follow/search_feed.atom?q=bench&kind=incoming"))
    assert responses == ["incoming-2052", "incoming-2032"]
    assert anchors(client.feed("/follow/search_feed.atom?q=bench&authority=Quiet")) == ["outgoing-2061"]
    assert anchors(client.feed("/follow/search_feed.atom?q=%22bench+committee%22&mode=raw")) == [
        "incoming-2052",
        "outgoing-2051",
    ]
    assert client.feed("/follow/search_feed.atom").entries == []  # no words: nothing, not an error


@pytest.mark.parametrize(
    "path",
    [
        "/follow/new_responses_feed.atom",
        "/follow/new_responses_feed.atom?authority=borough_of_testing",
        "/follow/new_responses_feed.atom?request=204",
        "/follow/new_responses_feed.atom?request=205",
        "/follow/search_feed.atom?q=zebracrossings",
        "/follow/search_feed.atom?q=secretnames",
        "/follow/search_feed.atom?q=zebracrossings&include_withdrawn=1",
    ],
)
def test_withdrawn_and_hidden_never_in_a_feed(client, path):
    feed = client.feed(path)
    text = " ".join(e.content[0].value + e.title for e in feed.entries)
    assert "zebracrossings" not in text and "secretnames" not in text
    assert not {"incoming-2042", "incoming-2053", "outgoing-2041"} & set(anchors(feed))


# -- iCalendar -------------------------------------------------------------------------------


def events_by_uid(events: list[Any]) -> dict[str, Any]:
    return {str(e["UID"]): e for e in events}


def test_deadlines_calendar_has_response_and_review_due_dates(client):
    events = events_by_uid(client.calendar("/follow/deadlines.ics"))
    assert set(events) == {
        f"wdtk-archive-response-201@{SITE}",
        f"wdtk-archive-internal-review-203@{SITE}",
        f"wdtk-archive-response-206@{SITE}",
    }
    due = {uid: e.decoded("DTSTART").date() for uid, e in events.items()}
    assert due[f"wdtk-archive-response-201@{SITE}"] == date(2025, 1, 22)
    assert due[f"wdtk-archive-response-206@{SITE}"] == date(2025, 2, 3)
    assert (
        due[f"wdtk-archive-internal-review-203@{SITE}"] == date(2024, 4, 30) == add_working_days(date(2024, 4, 2), 20)
    )
    review = events[f"wdtk-archive-internal-review-203@{SITE}"]
    assert str(review["SUMMARY"]).startswith("Internal review due: Request 203 about benches (Borough of Testing)")
    assert "http://localhost/follow/-/thread/203" in str(review["DESCRIPTION"])
    assert all(e.decoded("DTEND") > e.decoded("DTSTART") for e in events.values())


def test_calendar_due_dates_are_the_overdue_querys(client):
    """One calculation: each open request's date in the calendar is the one `overdue` reports."""
    overdue = client.get("/follow/overdue.json?_shape=array&as_of=2100-01-01").json()
    calendar = {
        e.decoded("DTSTART").date().isoformat(): str(e["UID"])
        for e in client.calendar("/follow/deadlines.ics")
        if "-response-" in str(e["UID"])
    }
    assert sorted(calendar) == sorted(r["due_on"] for r in overdue)
    assert {calendar[r["due_on"]] for r in overdue} == {f"wdtk-archive-response-{r['thread']}@{SITE}" for r in overdue}


def test_calendar_for_one_authority(client):
    assert [str(e["UID"]) for e in client.calendar("/follow/deadlines.ics?authority=quiet_council")] == [
        f"wdtk-archive-response-206@{SITE}"
    ]
    assert client.calendar("/follow/deadlines.ics?authority=nobody") == []


def test_a_withdrawn_request_has_no_deadline(client):
    assert all("204" not in str(e["UID"]) for e in client.calendar("/follow/deadlines.ics"))


# -- links from the pages ---------------------------------------------------------------------


def feed_links(html: str) -> list[str]:
    tree = LexborHTMLParser(html)
    return [a.attributes["href"] for a in tree.css("a.feed-link, a.calendar-link")]


def test_thread_page_links_to_its_feeds_and_calendar(client):
    html = client.get("/follow/-/thread/202").text
    links = feed_links(html)
    assert len(links) == 3
    by_query = {urlsplit(u).path: parse_qs(urlsplit(u).query) for u in links}
    assert by_query["/follow/new_responses_feed.atom"] in (
        {
            "request": ["202"],
            "_feed_title": ["New responses to “Request 202 about benches” – FOI archive of foi.example.org"],
        },
        {
            "authority": ["ministry_of_examples"],
            "_feed_title": ["New responses from Ministry of Examples – FOI archive of foi.example.org"],
        },
    )
    assert 'type="application/atom+xml"' in html  # feed readers find it from the page
    for link in links:
        parsed = client.feed(link) if ".atom" in link else client.calendar(link)
        assert parsed is not None
    assert anchors(client.feed(links[0])) == ["incoming-2022"]


def test_search_page_offers_to_follow_the_search(client):
    html = client.get("/follow/-/search?q=bench&kind=incoming").text
    [link] = feed_links(html)
    assert parse_qs(urlsplit(link).query)["q"] == ["bench"]
    assert anchors(client.feed(link)) == ["incoming-2052", "incoming-2032"]


@pytest.mark.parametrize(
    "path",
    [
        "/follow/authorities/2",
        "/follow/request_overview?authority=borough_of_testing",
        "/follow/authority_requests?authority=Borough",
    ],
)
def test_authority_pages_offer_its_feed_and_calendar(client, path):
    links = feed_links(client.get(path).text)
    assert len(links) == 2
    assert anchors(client.feed(links[0])) == ["incoming-2052", "incoming-2032"]
    assert [str(e["UID"]) for e in client.calendar(links[1])] == [f"wdtk-archive-internal-review-203@{SITE}"]


def test_other_pages_offer_no_authority_feed(client):
    assert feed_links(client.get("/follow/request_overview").text) == []
    assert feed_links(client.get("/follow/authority_requests?authority=o").text) == []  # several match


def test_feed_links_follow_the_base_url(archive):
    """Behind a proxy at /foi/: links in the feed and on the pages carry the prefix."""
    ensure_registered()
    c = Client(Datasette([str(archive)], settings={"num_sql_threads": 1, "base_url": "/foi/"}))
    try:
        feed = c.feed("/foi/follow/new_responses_feed.atom?request=202")
        assert feed.entries[0].link == "http://localhost/foi/follow/-/thread/202#incoming-2022"
        links = feed_links(c.get("/foi/follow/-/thread/202").text)
        assert links and all(u.startswith("/foi/follow/") for u in links)
    finally:
        c.loop.close()


def test_feed_and_calendar_queries_are_listed_with_descriptions():
    from scraper.datasette.metadata import build_metadata

    queries = build_metadata({"follow": {"sites": []}})["databases"]["follow"]["queries"]
    for name in ("new_responses_feed", "search_feed", "deadlines"):
        assert queries[name]["description"] and "title" not in queries[name]
