"""Following an archive end to end: the sample site crawled over loopback, the archive served by
``wdtk-archive serve``, every feed and calendar fetched over HTTP and validated (feedparser,
icalendar), then a new response on the site, a re-sync, and the feeds show it."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import feedparser
import httpx
import icalendar
import pytest
from selectolax.lexbor import LexborHTMLParser
from support import free_port, served

from scraper.config import Config
from scraper.crawl.run import scrape_targets
from scraper.sample.server import SampleSite

NEW_TEXT = "Dear requester, please find our new answer about the wallaby enclosure cameras."


def feed(url: str) -> feedparser.FeedParserDict:
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml"), url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and parsed.version == "atom10", (url, parsed.get("bozo_exception"))
    return parsed


def calendar(url: str) -> list[icalendar.Event]:
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar"), url
    return icalendar.Calendar.from_ical(response.text).walk("VEVENT")


def links(page_url: str, selector: str) -> list[str]:
    tree = LexborHTMLParser(httpx.get(page_url, timeout=30).text)
    return [urljoin(page_url, a.attributes["href"]) for a in tree.css(selector)]


@pytest.fixture(scope="module")
def followed(tmp_path_factory):
    """(sample site, archive config, targets, served base URL)."""
    folder = tmp_path_factory.mktemp("follow")
    site = SampleSite().start()
    config = replace(Config(), base_url=site.base_url, delay=0.0, db=str(folder / "archive.db"))
    targets = [t.url_title for t in site.content.threads if t.prominence in ("normal", "backpage")]
    assert scrape_targets(config, targets) == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "scraper", "serve", "--db", config.db, "--port", str(port)]
    try:
        with served(argv, ready=f"{base}/-/versions.json", log=folder / "serve.log", cwd=folder):
            yield site, config, targets, base
    finally:
        site.stop()


def test_every_feed_and_calendar_validates_and_a_new_response_arrives(followed):
    site, config, targets, base = followed
    thread = next(t for t in site.content.threads if t.prominence == "normal" and len(t.messages) > 2)
    page = f"{base}/archive/-/thread/{thread.id}"
    follow = links(page, "a.feed-link, a.calendar-link")
    request_feed, authority_feed, authority_calendar = follow
    search_feed = links(f"{base}/archive/-/search?q=facial+recognition", "a.feed-link")[0]
    everything = f"{base}/archive/new_responses_feed.atom"

    feeds = {url: feed(url) for url in (everything, request_feed, authority_feed, search_feed)}
    assert all(feeds[url].entries for url in feeds)
    for parsed in feeds.values():
        for entry in parsed.entries:
            assert entry.link.startswith(f"{base}/archive/-/thread/")
            assert httpx.get(entry.link.split("#")[0], timeout=30).status_code == 200
    assert calendar(f"{base}/archive/deadlines.ics")  # the sample site has open requests and a review
    for url in (authority_calendar, f"{base}/archive/deadlines.ics"):
        for event in calendar(url):
            assert event.decoded("DTSTART") < event.decoded("DTEND") and str(event["UID"]).startswith("wdtk-archive-")
    assert {str(e["UID"]) for e in calendar(authority_calendar)} <= {
        str(e["UID"]) for e in calendar(f"{base}/archive/deadlines.ics")
    }

    # The site gets a new response; cron's next run archives it; the served feeds show it.
    when = datetime.now(UTC) - timedelta(minutes=5)
    added = site.content.add_response(thread.url_title, NEW_TEXT, when)
    before = {e.id for e in feed(request_feed).entries}
    assert scrape_targets(config, targets) == 0
    for url in (request_feed, authority_feed, everything):
        entries = feed(url).entries
        newest = entries[0]
        assert newest.link.endswith(f"#{added.anchor}"), url
        assert NEW_TEXT in newest.content[0].value
    assert {e.id for e in feed(request_feed).entries} - before == {entries[0].id}
