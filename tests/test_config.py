"""config.toml loading and validation."""

import pytest

from scraper.config import DEFAULT_BASE_URL, ConfigError, load_config
from scraper.crawl.targets import TargetError, request_path


def write(tmp_path, text):
    p = tmp_path / "config.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_config_is_valid_and_matches_defaults(monkeypatch, tmp_path):
    from pathlib import Path

    shipped = Path(__file__).resolve().parent.parent / "config.toml"
    config = load_config(shipped)
    monkeypatch.chdir(tmp_path)  # no config.toml here: pure defaults
    defaults = load_config(None)
    assert config == defaults
    assert config.base_url == DEFAULT_BASE_URL
    assert config.delay >= 2.0
    assert config.db == "archive.db"


def test_values_are_read(tmp_path):
    p = write(
        tmp_path,
        '[site]\nbase_url = "https://www.example.org/"\ncontact = "me@example.org"\n'
        'delay = 5\n[archive]\npath = "x.db"\n[targets]\nrequests = ["a_b", 123]\n',
    )
    c = load_config(p)
    assert (c.base_url, c.contact, c.delay, c.db) == ("https://www.example.org", "me@example.org", 5.0, "x.db")
    assert c.requests == ("a_b", "123")
    assert c.host == "www.example.org" and not c.is_local


@pytest.mark.parametrize(
    "text, words",
    [
        ("[site]\ndelya = 3\n", ["site.delya", "delay"]),
        ("[sites]\nx = 1\n", ["[sites]"]),
        ('[site]\ndelay = "fast"\n', ["site.delay", "number"]),
        ("[site]\ndelay = -1\n", ["site.delay", "between"]),
        ('[site]\nbase_url = "ftp://x"\n', ["site.base_url", "http"]),
        ('[site]\nbase_url = "https://x.org/request/abc"\n', ["site.base_url", "root"]),
        ("[fetch]\nmax_retries = 2.5\n", ["fetch.max_retries", "whole number"]),
        ('[targets]\nrequests = "abc"\n', ["targets.requests", "list"]),
        ("[site\n", ["not valid TOML"]),
    ],
)
def test_bad_config_gives_one_sentence_naming_it(tmp_path, text, words):
    p = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    message = str(e.value)
    assert "\n" not in message
    for w in words:
        assert w in message


def test_overrides_win_and_are_validated(tmp_path):
    p = write(tmp_path, "[site]\ndelay = 3\n")
    assert load_config(p, delay=4.5).delay == 4.5
    assert load_config(p, db="other.db").db == "other.db"
    with pytest.raises(ConfigError, match="--delay"):
        load_config(p, delay=-2)
    with pytest.raises(ConfigError, match="--base-url"):
        load_config(p, base_url="not a url")


def test_remote_site_cannot_go_faster_than_the_floor(tmp_path):
    with pytest.raises(ConfigError, match="too fast"):
        load_config(None, base_url="https://www.whatdotheyknow.com", delay=0.1)
    assert load_config(None, base_url="http://127.0.0.1:8123", delay=0).delay == 0
    assert load_config(None, base_url="http://127.0.0.1:8123").is_local


def test_missing_file_is_one_sentence(tmp_path):
    with pytest.raises(ConfigError, match="Cannot read config file"):
        load_config(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "target, path",
    [
        ("facial_recognition_2", "/request/facial_recognition_2"),
        ("12345", "/request/12345"),
        ("https://www.whatdotheyknow.com/request/abc_def?unfold=1#incoming-1", "/request/abc_def"),
        ("https://www.whatdotheyknow.com/request/abc_def.json", "/request/abc_def"),
        ("https://www.whatdotheyknow.com/cy/request/abc_def", "/request/abc_def"),
        ("https://www.whatdotheyknow.com/request/987", "/request/987"),
    ],
)
def test_targets_resolve_to_request_paths(target, path):
    assert request_path(target, "https://www.whatdotheyknow.com") == path


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/request/abc", "Hello World", "../etc/passwd", "https://www.whatdotheyknow.com/body/x"],
)
def test_bad_targets_are_refused(target):
    with pytest.raises(TargetError):
        request_path(target, "https://www.whatdotheyknow.com")
