"""Linked pages, the pure part: which links are archived, and the text kept from a page."""

from __future__ import annotations

import re

import pytest

from scraper.config import ConfigError, load_config
from scraper.crawl.linked_pages import looks_binary
from scraper.linked import (
    LinkPolicy,
    extract_page,
    extract_urls,
    host_matches,
    is_login_or_search,
    normalise_url,
    select_links,
)
from scraper.sample import web

# -- finding URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, urls",
    [
        ("See https://www.example.gov.uk/foi/log/123.", ["https://www.example.gov.uk/foi/log/123"]),
        ("(published at https://x.gov.uk/a_(b)/c) and more", ["https://x.gov.uk/a_(b)/c"]),
        ("on our site (https://x.gov.uk/page) today", ["https://x.gov.uk/page"]),
        ("<https://x.gov.uk/a?b=1&c=2>, then www.y.nhs.uk/path;", ["https://x.gov.uk/a?b=1&c=2", "www.y.nhs.uk/path"]),
        ("quoted 'http://x.org/q' here", ["http://x.org/q"]),
        ("no links here, just www. and http:// alone", []),
    ],
)
def test_urls_are_found_as_alaveteli_links_them(text, urls):
    assert extract_urls(text) == urls


@pytest.mark.parametrize(
    "url, normal",
    [
        ("HTTPS://WWW.Example.GOV.uk/A/b?Q=1#part", "https://www.example.gov.uk/A/b?Q=1"),
        ("http://example.org:80", "http://example.org/"),
        ("https://example.org:443/x", "https://example.org/x"),
        ("http://127.0.0.2:8124/x/", "http://127.0.0.2:8124/x/"),
        ("www.example.org/page", "http://www.example.org/page"),
        ("ftp://example.org/file", None),
        ("http://exa mple.org/", None),
        ("https://example.org:99999/", None),
    ],
)
def test_urls_are_normalised_for_the_archive(url, normal):
    assert normalise_url(url) == normal


@pytest.mark.parametrize(
    "host, pattern, matches",
    [
        ("www.gov.uk", "*.gov.uk", True),
        ("gov.uk", "*.gov.uk", True),
        ("a.b.nhs.gov.uk", "*.gov.uk", True),
        ("evilgov.uk", "*.gov.uk", False),
        ("gov.uk.evil.com", "*.gov.uk", False),
        ("www.met.police.uk", "www.met.police.uk", True),
        ("met.police.uk", "www.met.police.uk", False),
        ("WWW.MET.POLICE.UK", "www.met.police.uk", True),
    ],
)
def test_host_patterns(host, pattern, matches):
    assert host_matches(host, pattern) is matches


@pytest.mark.parametrize(
    "url, excluded",
    [
        ("https://x.gov.uk/search/?q=facial", True),
        ("https://x.gov.uk/site-search", True),
        ("https://x.gov.uk/news?query=cctv", True),
        ("https://x.gov.uk/account/login/?next=/foi/", True),
        ("https://x.gov.uk/users/sign_in", True),
        ("https://x.gov.uk/wp-login.php", True),
        ("https://x.gov.uk/Login.aspx", True),
        ("https://x.gov.uk/foi/disclosure-log/2023/cctv/", False),
        ("https://x.gov.uk/research-into-search-engines", False),
        ("https://x.gov.uk/page?id=12&lang=en", False),
    ],
)
def test_login_and_search_urls_are_never_archived(url, excluded):
    assert is_login_or_search(url) is excluded


# -- which links ------------------------------------------------------------------------------

POLICY = LinkPolicy(
    hosts=("*.nhs.uk", "www.legislation.gov.uk"),
    authority_hosts=(("metropolitan_police", ("*.met.police.uk",)),),
    site_hosts=frozenset({"www.whatdotheyknow.com"}),
)


def choose(texts, **kw):
    return [c.url for c in select_links(texts, POLICY, **kw)]


def test_links_to_the_authoritys_own_site_and_the_allowlist_are_chosen():
    text = (
        "Published at https://www.examplecouncil.gov.uk/foi/log/1 and https://examplecouncil.gov.uk/foi/log/2; "
        "see https://www.nhs.uk/conditions/ and https://www.legislation.gov.uk/ukpga/2000/36 but not "
        "https://www.bbc.co.uk/news or https://other.gov.uk/page."
    )
    assert choose(
        [(1, "message", text)], authority="example_council", home_page="https://www.examplecouncil.gov.uk"
    ) == [
        "https://www.examplecouncil.gov.uk/foi/log/1",
        "https://examplecouncil.gov.uk/foi/log/2",
        "https://www.nhs.uk/conditions/",
        "https://www.legislation.gov.uk/ukpga/2000/36",
    ]


def test_an_authoritys_other_hosts_come_from_the_config():
    text = "https://foi.met.police.uk/log/1 https://www.met.police.uk/x https://foi.examplecouncil.gov.uk/y"
    assert choose([(1, "message", text)], authority="metropolitan_police", home_page="www.met.police.uk") == [
        "https://foi.met.police.uk/log/1",
        "https://www.met.police.uk/x",
    ]
    # another authority's thread: the Met's extra hosts are not its own
    assert choose([(1, "message", text)], authority="example_council", home_page=None) == []


def test_never_the_alaveteli_site_nor_login_or_search_urls():
    policy = LinkPolicy(hosts=("*.com", "*.gov.uk"), site_hosts=frozenset({"www.whatdotheyknow.com"}))
    text = (
        "https://www.whatdotheyknow.com/request/x https://whatdotheyknow.com/body/y "
        "https://x.gov.uk/search?q=cctv https://x.gov.uk/login https://x.gov.uk/ok"
    )
    assert [c.url for c in select_links([(1, "message", text)], policy)] == ["https://x.gov.uk/ok"]
    assert policy.reason_to_skip("https://www.whatdotheyknow.com/request/x") == "the Alaveteli site itself"


def test_the_per_thread_cap_keeps_the_first_cited_and_every_citation_is_recorded():
    texts = [
        (1, "message", " ".join(f"https://www.nhs.uk/p{i}" for i in range(5))),
        (2, "message", "again https://www.nhs.uk/p1 and https://www.nhs.uk/p9"),
        (2, "attachment", "the letter cites https://www.nhs.uk/p0."),
    ]
    chosen = select_links(texts, POLICY, limit=3)
    assert [c.url for c in chosen] == ["https://www.nhs.uk/p0", "https://www.nhs.uk/p1", "https://www.nhs.uk/p2"]
    assert chosen[0].citations == ((1, "message"), (2, "attachment"))
    assert chosen[1].citations == ((1, "message"), (2, "message"))
    assert select_links(texts, POLICY, limit=0) == []


# -- configuration ------------------------------------------------------------------------------


def write(tmp_path, text):
    p = tmp_path / "config.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_linked_pages_are_off_by_default_and_read_from_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config(None).linked_enabled is False
    c = load_config(
        write(
            tmp_path,
            '[linked_pages]\nenabled = true\nhosts = ["*.gov.uk", "WWW.NHS.UK"]\n'
            "max_per_thread = 5\nmax_per_run = 50\nmax_per_host = 20\ndelay = 3\n"
            'recheck_days = 7\nwarc_dir = "w"\nmax_bytes = 500000\n'
            '[linked_pages.authority_hosts]\nmetropolitan_police = ["*.met.police.uk"]\n',
        )
    )
    assert (
        c.linked_enabled,
        c.linked_hosts,
        c.linked_max_per_thread,
        c.linked_max_per_run,
        c.linked_max_per_host,
        c.linked_delay,
        c.linked_recheck_days,
        c.linked_warc_dir,
        c.linked_max_bytes,
    ) == (True, ("*.gov.uk", "www.nhs.uk"), 5, 50, 20, 3.0, 7.0, "w", 500000)
    assert c.linked_authority_hosts == (("metropolitan_police", ("*.met.police.uk",)),)


@pytest.mark.parametrize(
    "text, words",
    [
        ('[linked_pages]\nhost = ["x.org"]\n', ["linked_pages.host", "hosts"]),
        ('[linked_pages]\nenabled = "yes"\n', ["linked_pages.enabled", "true or false"]),
        ('[linked_pages]\nhosts = ["https://x.org/"]\n', ["linked_pages.hosts", "host names"]),
        ('[linked_pages]\nhosts = "x.org"\n', ["linked_pages.hosts", "list"]),
        ("[linked_pages]\nmax_per_thread = -1\n", ["linked_pages.max_per_thread", "between"]),
        ("[linked_pages]\nmax_per_host = 0\n", ["linked_pages.max_per_host", "between"]),
        ('[linked_pages]\nrecheck_days = "monthly"\n', ["linked_pages.recheck_days", "number"]),
        (
            '[linked_pages.authority_hosts]\nmetropolitan_police = "www.met.police.uk"\n',
            ["linked_pages.authority_hosts", "metropolitan_police", "list"],
        ),
        ('[linked_pages]\nauthority_hosts = ["x"]\n', ["linked_pages.authority_hosts", "table"]),
        ('[linked_pages]\nenabled = true\nhosts = ["*.gov.uk"]\ndelay = 0.5\n', ["linked_pages.delay", "too fast"]),
    ],
)
def test_bad_linked_pages_settings_give_one_sentence_naming_them(tmp_path, text, words):
    with pytest.raises(ConfigError) as e:
        load_config(write(tmp_path, text))
    message = str(e.value)
    assert "\n" not in message and message.endswith(".")
    for w in words:
        assert w in message


@pytest.mark.parametrize("host", ["127.example.org", "127.0.0.2.example.org", "x.localhost"])
def test_a_linked_host_that_only_looks_local_gets_no_delay_exemption(tmp_path, host):
    # "Local" is decided by scraper.hosts, as for the site itself: a name is remote whatever it starts with.
    text = (
        f'[site]\nbase_url = "http://127.0.0.1:8123"\n[linked_pages]\nenabled = true\nhosts = ["{host}"]\ndelay = 0.2\n'
    )
    with pytest.raises(ConfigError, match=f"linked_pages.delay 0.2s is too fast for {re.escape(host)}"):
        load_config(write(tmp_path, text))


def test_loopback_linked_hosts_of_a_local_site_may_go_faster(tmp_path):
    text = (
        '[site]\nbase_url = "http://127.0.0.1:8123"\n[linked_pages]\nenabled = true\n'
        'hosts = ["127.0.0.2", "localhost"]\ndelay = 0.2\n'
    )
    assert load_config(write(tmp_path, text)).linked_delay == 0.2


def test_a_bad_setting_is_exit_2_from_the_command_line(tmp_path):
    from click.testing import CliRunner

    from scraper.cli import cli

    result = CliRunner().invoke(
        cli, ["scrape", "--config", str(write(tmp_path, "[linked_pages]\nhosts = [1.5]\n")), "some_request"]
    )
    assert result.exit_code == 2
    assert "linked_pages.hosts" in result.output and "Traceback" not in result.output


# -- the text of a page -----------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "path, name", [(web.RFR_PAGE, "mps_rfr_disclosure.txt"), (web.LFR_PAGE, "mps_lfr_deployments_disclosure.txt")]
)
def test_seed_disclosure_pages_lose_their_chrome_and_keep_every_paragraph(path, name):
    page = web.default_web()[web.MET].resources[path]
    html = web.render_page(page, web.MET, path)
    chrome, content = web.seed_page_parts(name)
    extracted = extract_page(html)
    text = _norm(extracted.text)
    assert extracted.title == page.title
    for line in content:
        assert _norm(line) in text
    for line in chrome:
        assert _norm(line) not in text
    for furniture in (
        "Accept all cookies",
        "Was this page helpful?",
        "Report a problem with this page",
        "Privacy notice",
        "All rights reserved",
        "Related information",
        "Skip to main content",
    ):
        assert furniture not in text


def test_a_page_without_landmarks_loses_its_furniture_too():
    page = web.default_web()[web.SURREY].resources[web.SURREY_CCTV]
    text = _norm(extract_page(web.render_page(page, web.SURREY, web.SURREY_CCTV)).text)
    assert all(_norm(p) in text for p in page.paragraphs)
    for furniture in (
        "Can we use cookies",
        "In this section",
        "Did you find this page useful?",
        "Share this page",
        "Accessibility statement",
        "Copyright Surrey County Council",
    ):
        assert furniture not in text


def test_extraction_keeps_markup_as_text_and_survives_junk():
    html = (
        "<html><head><title>T &amp; co</title></head><body><main><h1>Heading</h1>"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; is text here, and a long enough paragraph to count as "
        "the main content of this small page, which goes on for a while to pass the length test.</p>"
        "<script>var x = 1;</script></main></body></html>"
    )
    extracted = extract_page(html)
    assert extracted.title == "Heading"
    assert "<script>alert(1)</script> is text here" in extracted.text
    assert "var x" not in extracted.text
    assert extract_page("").text == ""
    assert extract_page("\ufdd0<p>x</p>").text == "x"


def test_lists_of_documents_in_the_content_are_kept_and_rows_of_links_elsewhere_dropped():
    html = (
        "<html><body><div id='content'><h1>Disclosure 123</h1><p>We enclose the documents you asked for, "
        "which are listed below with their sizes, and have published them in our disclosure log.</p>"
        "<ul><li><a href='/a.pdf'>Minutes March 2023 (PDF)</a></li><li><a href='/b.pdf'>Minutes April 2023 "
        "(PDF)</a></li><li><a href='/c.pdf'>Minutes May 2023 (PDF)</a></li></ul>"
        "<p>See <a href='/x'>x</a>, <a href='/y'>y</a> and <a href='/z'>z</a>.</p></div>"
        "<div class='bottom'><a href='/1'>Accessibility</a> | <a href='/2'>Privacy</a> | "
        "<a href='/3'>Jobs</a></div></body></html>"
    )
    text = extract_page(html).text
    for kept in ("Minutes March 2023 (PDF)", "Minutes May 2023 (PDF)", "See x, y and z."):
        assert kept in text
    assert "Accessibility" not in text and "Jobs" not in text


def test_a_page_nested_deeper_than_python_recurses_still_gives_its_text():
    html = "<html><body>" + "<div>" * 5000 + "<p>" + "deep text " * 40 + "</p>" + "</div>" * 5000 + "</body></html>"
    assert "deep text deep text" in extract_page(html).text


def test_binary_served_as_a_page_is_recognised():
    assert looks_binary(b"\x89PNG\r\n\x1a\n....")
    assert looks_binary(b"<html>\x00\x01\x02</html>")
    assert not looks_binary("<!DOCTYPE html><p>Caf\u00e9 \u2013 r\u00e9sum\u00e9</p>".encode())
    assert not looks_binary(b"")
