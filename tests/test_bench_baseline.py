"""The benchmark's BeautifulSoup baseline must extract exactly what the real parser extracts,
or its throughput ratio compares two different jobs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("bs4")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import baseline_bs4
from scraper.parse import parse_request_page
from scraper.sample.render import render_request_page
from scraper.sample.seed_threads import SEED004_SLUG, generated_content

SITE = "https://www.whatdotheyknow.com/request/"


@pytest.fixture(scope="module")
def content():
    return generated_content(6, seed=3)


@pytest.mark.parametrize("unfold", [True, False])
def test_baseline_matches_parser_on_seed004(content, unfold):
    thread = content.thread(SEED004_SLUG)
    html = render_request_page(thread, unfold=unfold)
    ours = parse_request_page(html, page_url=SITE + thread.url_title)
    theirs = baseline_bs4.parse_request_page(html, page_url=SITE + thread.url_title)
    assert len(ours.messages) == 26
    assert theirs.to_dict() == ours.to_dict()


def test_baseline_matches_parser_on_every_public_sample_thread(content):
    public = [t for t in content.threads if t.prominence in ("normal", "backpage")]
    assert any(m.attachments for t in public for m in t.messages)  # attachments are exercised
    for t in public:
        html = render_request_page(t, unfold=True)
        ours = parse_request_page(html, page_url=SITE + t.url_title)
        assert baseline_bs4.parse_request_page(html, page_url=SITE + t.url_title).to_dict() == ours.to_dict()
