"""What counts as "this machine", decided in one place, and base URLs validated in full."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scraper import fetch
from scraper.cli import cli
from scraper.config import Config, ConfigError, load_config
from scraper.hosts import is_local_url, is_loopback_host

LOCAL = ["127.0.0.1", "127.3.4.5", "localhost", "LOCALHOST", "::1", "[::1]"]
REMOTE = [
    "127.example.org",
    "127.0.0.1.example.org",
    "x.localhost",
    "localhost.example.org",
    "10.0.0.1",
    "0.0.0.0",
    "192.168.1.5",
    "www.whatdotheyknow.com",
    "",
    None,
]


@pytest.mark.parametrize("host", LOCAL)
def test_loopback_hosts_are_local(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", REMOTE)
def test_names_that_only_look_local_are_remote(host):
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    "url, local",
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:9", True),
        ("http://[::1]:80/", True),
        ("http://127.example.org", False),
        ("http://127.0.0.1.example.org:8123", False),
        ("https://www.whatdotheyknow.com", False),
        ("http://[::1", False),
    ],
)
def test_config_and_fetch_agree_on_every_url(url, local):
    assert is_local_url(url) is local
    assert Config(base_url=url).is_local is local
    if local:
        assert fetch.require_contact(url, None) is None
    else:
        with pytest.raises(fetch.ContactRequired):
            fetch.require_contact(url, None)


def test_a_host_name_starting_with_127_gets_no_delay_exemption():
    with pytest.raises(ConfigError, match="too fast for 127.example.org"):
        load_config(None, base_url="http://127.example.org", delay=0)


def test_a_sites_entry_starting_with_127_gets_no_delay_exemption(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[[sites]]\nbase_url = "http://127.example.org"\ndelay = 0\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="too fast"):
        load_config(cfg)


def _no_network(monkeypatch):
    import httpx

    def refuse(*args, **kwargs):
        raise AssertionError("no request may be sent")

    monkeypatch.setattr(httpx.Client, "send", refuse)


def test_scrape_of_a_127_named_host_without_contact_is_refused_before_the_archive(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _no_network(monkeypatch)
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["scrape", "--base-url", "http://127.example.org", "--db", str(db), "x"])
    assert result.exit_code == 2, result.output
    assert "without a contact" in result.output
    assert not db.exists() and not (tmp_path / "a.db.lock").exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secretpw@127.0.0.1:8123",
        "https://me@www.whatdotheyknow.com",
        "https://:secretpw@www.whatdotheyknow.com",
    ],
)
def test_credentials_in_the_base_url_are_refused_without_echoing_them(url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _no_network(monkeypatch)
    with pytest.raises(ConfigError, match="user name or password") as e:
        load_config(None, base_url=url)
    assert "secretpw" not in str(e.value)
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["scrape", "--base-url", url, "--contact", "me@example.org", "--db", str(db), "x"])
    assert result.exit_code == 2
    assert "user name or password" in result.output and "secretpw" not in result.output
    assert not db.exists()
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[site]\nbase_url = "{url}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'site.base_url' must not contain") as e:
        load_config(cfg)
    assert "secretpw" not in str(e.value)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:99999", "http://127.0.0.1:0", "http://127.0.0.1:port", "http://[::1"]
)
def test_a_bad_port_is_one_sentence_and_exit_2(url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["scrape", "--base-url", url, "--delay", "0", "--db", str(db), "x"])
    assert result.exit_code == 2, result.output
    assert "--base-url must" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not db.exists()
