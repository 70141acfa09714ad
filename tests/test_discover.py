"""Targets, date windows, schedules and [[sites]]: the parts of sync that need no big site."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.config import ConfigError, load_config
from scraper.crawl.schedule import check_interval, split_window
from scraper.crawl.targets import Listing, TargetError, parse_listing
from scraper.sample.seed_threads import default_content
from scraper.sample.server import SampleSite

BASE = "https://www.whatdotheyknow.com"


@pytest.mark.parametrize(
    "text, kind, name, path",
    [
        ("authority:home_office", "authority", "home_office", "/body/home_office"),
        (f"{BASE}/body/home_office", "authority", "home_office", "/body/home_office"),
        (f"{BASE}/cy/body/home_office/successful", "authority", "home_office", "/body/home_office/successful"),
        ("user:joe_bloggs", "user", "joe_bloggs", "/user/joe_bloggs"),
        (f"{BASE}/user/joe_bloggs", "user", "joe_bloggs", "/user/joe_bloggs"),
        (f"{BASE}/list/local_councils/awaiting?query=parking", "list", "", "/list/local_councils/awaiting"),
    ],
)
def test_listing_targets_from_names_and_urls(text, kind, name, path):
    listing = parse_listing(text, BASE)
    assert listing is not None and (listing.kind, listing.name, listing.path) == (kind, name, path)


def test_requests_are_not_listings_and_bad_listings_are_refused():
    assert parse_listing("some_request_slug", BASE) is None
    assert parse_listing(f"{BASE}/request/some_request_slug", BASE) is None
    with pytest.raises(TargetError):
        parse_listing("https://www.asktheeu.org/body/x", BASE)
    with pytest.raises(TargetError):
        parse_listing("list:status=maybe", BASE)
    with pytest.raises(TargetError):
        parse_listing("list:after=2020-05-01&before=2020-01-01", BASE)


def test_list_query_urls_carry_the_alaveteli_date_format():
    listing = parse_listing("list:query=parking&after=2020-01-01&before=2020-12-31", BASE)
    assert listing.url(3) == (
        "/list?query=parking&request_date_after=2020%2F01%2F01&request_date_before=2020%2F12%2F31&page=3"
    )
    assert listing.key == "list:query=parking&after=2020-01-01&before=2020-12-31"
    assert Listing("user", name="x").splittable is False


@pytest.mark.parametrize(
    "lo, hi, parts",
    [
        (date(2007, 1, 1), date(2025, 6, 30), 2),
        (date(2020, 1, 1), date(2020, 1, 3), 5),
        (date(2019, 2, 27), date(2019, 3, 2), 3),
        (date(2020, 1, 1), date(2020, 1, 1), 2),
    ],
)
def test_split_windows_cover_the_range_exactly_once(lo, hi, parts):
    windows = sorted(split_window(lo, hi, parts))
    assert windows[0][0] == lo and windows[-1][1] == hi
    for (a, b), (c, _) in itertools.pairwise(windows):
        assert a <= b and c == b + timedelta(days=1)
    assert len(windows) == min(parts, (hi - lo).days + 1)


def test_checks_slow_down_with_age_and_final_threads_are_rare():
    now = datetime(2025, 1, 1, tzinfo=UTC)
    fresh = check_interval("waiting_response", (now - timedelta(days=2)).isoformat(), now)
    older = check_interval("waiting_response", (now - timedelta(days=100)).isoformat(), now)
    ancient = check_interval("waiting_response", (now - timedelta(days=3000)).isoformat(), now)
    final = check_interval("successful", (now - timedelta(days=2)).isoformat(), now)
    assert timedelta(days=1) == fresh < older < ancient == timedelta(days=30) < final


def test_sites_config_validates_each_site(tmp_path):
    good = tmp_path / "config.toml"
    good.write_text("""
[targets]
authorities = ["home_office"]
lists = [{query = "parking", status = "successful", after = 2020-01-01}]

[[sites]]
base_url = "https://www.asktheeu.org"
contact = "me@example.org"
delay = 5
authorities = ["european_commission"]

[[sites]]
base_url = "https://fyi.org.nz"
contact = "me@example.org"
users = ["someone"]
""")
    config = load_config(good)
    assert [s.host for s in config.site_list()] == ["www.asktheeu.org", "fyi.org.nz"]
    assert config.lists == ("list:query=parking&status=successful&after=2020-01-01",)
    assert [s.host for s in config.site_list("https://fyi.org.nz")] == ["fyi.org.nz"]
    for body, words in [
        ('[[sites]]\nbase_url = "https://fyi.org.nz"\ndelay = 0.1\n', "too fast"),
        ('[[sites]]\ncontact = "me@example.org"\n', "needs a base_url"),
        ('[[sites]]\nbase_url = "https://fyi.org.nz"\nfeeds = 1\n', "unknown key"),
        ('[targets]\nlists = [{status = "pending"}]\n', "status must be"),
    ]:
        bad = tmp_path / "bad.toml"
        bad.write_text(body)
        with pytest.raises(ConfigError, match=words):
            load_config(bad)


def test_one_archive_holds_several_sites_each_row_knowing_its_site(tmp_path):
    db = tmp_path / "archive.db"
    with SampleSite(default_content()) as one, SampleSite(default_content()) as two:
        user = next(t.user.url_name for t in one.content.threads if t.prominence == "normal")
        config = tmp_path / "config.toml"
        config.write_text(f"""
[archive]
path = "{db}"

[[sites]]
base_url = "{one.base_url}"
delay = 0
users = ["{user}"]

[[sites]]
base_url = "{two.base_url}"
delay = 0
users = ["{user}"]
""")
        result = CliRunner().invoke(cli, ["scrape", "--config", str(config), "-q"])
        assert result.exit_code == 0, result.output
        assert any(e.path == f"/user/{user}" for e in one.log) and any(e.path == f"/user/{user}" for e in two.log)
    conn = sqlite3.connect(db)
    sites = dict(conn.execute("select site, count(*) from requests group by site").fetchall())
    targets = {r[0] for r in conn.execute("select site from sync_targets")}
    conn.close()
    hosts = {one.base_url.split("//")[1], two.base_url.split("//")[1]}
    assert set(sites) == hosts == targets
    assert len(set(sites.values())) == 1 and min(sites.values()) > 0
