"""Settings: config.toml, validated, with command-line overrides on top."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from scraper.hosts import is_local_url, is_loopback_host

DEFAULT_BASE_URL = "https://www.whatdotheyknow.com"
DEFAULT_CONFIG_FILE = "config.toml"
#: The floor for any site that is not on this machine: a user may slow down, never go faster.
MIN_REMOTE_DELAY = 1.0


class ConfigError(ValueError):
    """A bad setting; str() is one sentence naming it."""


class _Secret(ValueError):
    """A bad value that must not be echoed back (it holds a password)."""


def _got(error: ValueError, value: Any) -> str:
    return "" if isinstance(error, _Secret) else f" (got {value!r})"


@dataclass(frozen=True)
class Config:
    base_url: str = DEFAULT_BASE_URL
    contact: str | None = None
    delay: float = 2.0
    timeout: float = 30.0
    max_retries: int = 4
    max_retry_wait: float = 600.0
    max_bytes: int = 20_000_000
    db: str = "archive.db"
    requests: tuple[str, ...] = ()  #: ``[targets] requests``: request slugs, URLs or ids
    authorities: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()  #: ``/list`` queries as ``list:<query string>`` (see scraper/crawl/targets.py)
    since: str = "2007-01-01"  #: earliest date a date-split enumeration starts from
    sites: tuple[SiteConfig, ...] = ()  #: ``[[sites]]``; empty: the one site of [site] and [targets]
    #: [attachments]: see docs/attachments.md
    attachments_download: bool = False
    attachments_text: bool = False
    attachments_max_bytes: int = 10_000_000
    attachments_types: tuple[str, ...] = (
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/rtf",
        "application/msword",
        "application/vnd.ms-word",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
    )
    attachments_dir: str = "attachments"  #: relative paths are beside the archive file
    #: [linked_pages]: pages the responses link to (scraper/crawl/linked_pages.py; README "Linked pages")
    linked_enabled: bool = False
    linked_hosts: tuple[str, ...] = ()  #: allowlist of host patterns (``*.gov.uk``)
    linked_authority_hosts: tuple[tuple[str, tuple[str, ...]], ...] = ()  #: (authority url_name, host patterns)
    linked_max_per_thread: int = 20
    linked_max_per_run: int = 200
    linked_max_per_host: int = 100  #: requests to one host in one run, robots.txt included
    linked_delay: float = 5.0
    linked_max_bytes: int = 10_000_000
    linked_recheck_days: float = 30.0
    linked_warc_dir: str = "warc"  #: relative paths are beside the archive file
    source: str | None = field(default=None, compare=False)  #: the file it came from

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    @property
    def is_local(self) -> bool:
        """The site is on this machine (see :mod:`scraper.hosts`): no contact or delay floor needed."""
        return is_local_url(self.base_url)

    def site_list(self, base_url: str | None = None) -> tuple[SiteConfig, ...]:
        """The sites to sync: ``[[sites]]``, or the one site of ``[site]`` and ``[targets]``.

        With ``base_url`` (``--base-url``), only that site (from ``[[sites]]`` if listed there).
        """
        single = SiteConfig(
            base_url=self.base_url,
            contact=self.contact,
            delay=self.delay,
            requests=self.requests,
            authorities=self.authorities,
            users=self.users,
            lists=self.lists,
            since=self.since,
        )
        if not self.sites:
            return (single,)
        if base_url is None:
            return self.sites
        host = urlsplit(base_url).netloc
        return tuple(s for s in self.sites if s.host == host) or (
            SiteConfig(base_url=self.base_url, contact=self.contact, delay=self.delay, since=self.since),
        )


@dataclass(frozen=True)
class SiteConfig:
    """One ``[[sites]]`` entry: an Alaveteli site with its own politeness and targets."""

    base_url: str
    contact: str | None = None
    delay: float = 2.0
    requests: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    since: str = "2007-01-01"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc

    @property
    def is_local(self) -> bool:
        return is_local_url(self.base_url)


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a URL string")
    try:
        parts = urlsplit(value.strip())
        host, port = parts.hostname, parts.port  # port: ValueError when out of range or not a number
    except ValueError:
        raise ValueError(
            "must be an http(s) URL such as https://www.whatdotheyknow.com, with a port (if any) between 1 and 65535"
        ) from None
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError("must be an http(s) URL such as https://www.whatdotheyknow.com")
    if parts.username is not None or parts.password is not None:
        # It would be sent to the site and stored (and served) with every archived page.
        raise _Secret("must not contain a user name or password")
    if port == 0:
        raise ValueError("must have a port between 1 and 65535")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("must be the site's root URL, with no path or query")
    return f"{parts.scheme}://{parts.netloc}"


def _optional_text(value: Any) -> str | None:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value.strip() or None


def _number(minimum: float, maximum: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be a number")
        if not minimum <= value <= maximum:
            raise ValueError(f"must be between {minimum:g} and {maximum:g}")
        return float(value)

    return check


def _integer(minimum: int, maximum: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        if not minimum <= value <= maximum:
            raise ValueError(f"must be between {minimum} and {maximum}")
        return value

    return check


def _path(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a file path")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _content_types(value: Any) -> tuple[str, ...]:
    types = _list_of_text(value)
    for t in types:
        if not re.fullmatch(r"[a-z0-9.+-]+/[a-z0-9.+*-]+", t.lower()):
            raise ValueError(f'must be a list of content types such as "application/pdf" (not {t!r})')
    return tuple(t.lower() for t in types)


def _list_of_text(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError("must be a list")
    out = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise ValueError("must be a list of strings or numbers")
        text = str(item).strip()
        if not text:
            raise ValueError("must not contain empty entries")
        out.append(text)
    return tuple(out)


_HOST_PATTERN = re.compile(r"(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


def _host_patterns(value: Any) -> tuple[str, ...]:
    """Host names, or ``*.`` and a domain for the domain and every host under it."""
    hosts = _list_of_text(value)
    for host in hosts:
        if not _HOST_PATTERN.fullmatch(host.lower()):
            raise ValueError(f'must be a list of host names such as "www.example.gov.uk" or "*.gov.uk" (not {host!r})')
    return tuple(h.lower() for h in hosts)


def _authority_hosts(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``{authority url_name = ["host", "*.domain"]}``: an authority's other hosts."""
    if not isinstance(value, dict):
        raise ValueError("must be a table of authority url_names, each with a list of host names")
    out = []
    for name, hosts in value.items():
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
            raise ValueError(f"has {name!r}, which is not an authority url_name")
        try:
            out.append((name, _host_patterns(hosts)))
        except ValueError as e:
            raise ValueError(f"{name} {e}") from None
    return tuple(out)


_LIST_KEYS = ("query", "tag", "status", "after", "before")


def _date_text(value: Any) -> str:
    if not isinstance(value, (str, date)) or isinstance(value, datetime):
        raise ValueError("must be a date such as 2020-01-31")
    try:
        return (value if isinstance(value, date) else date.fromisoformat(value.strip().replace("/", "-"))).isoformat()
    except ValueError:
        raise ValueError("must be a date such as 2020-01-31") from None


def _lists(value: Any) -> tuple[str, ...]:
    """``/list`` queries: tables of query/tag/status/after/before, or /list URLs."""
    if not isinstance(value, list):
        raise ValueError('must be a list of tables such as {query = "parking", status = "successful"}')
    out = []
    for item in value:
        if isinstance(item, str) and ("/list" in item or item.startswith("list:")):
            out.append(item.strip())
            continue
        if not isinstance(item, dict):
            raise ValueError("must be a list of tables (query, tag, status, after, before) or /list URLs")
        unknown = set(item) - set(_LIST_KEYS)
        if unknown:
            raise ValueError(f"has unknown key {sorted(unknown)[0]!r} (known: {', '.join(_LIST_KEYS)})")
        parts = []
        for key in _LIST_KEYS:
            if key not in item:
                continue
            v = item[key]
            if key in ("after", "before"):
                v = _date_text(v)
            elif not isinstance(v, str):
                raise ValueError(f"{key} must be a string")
            if key == "status" and v not in ("successful", "unsuccessful", "awaiting"):
                raise ValueError("status must be successful, unsuccessful or awaiting")
            if v:
                parts.append((key, v))
        out.append("list:" + urlencode(parts))
    return tuple(out)


_SITE_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {}  # filled below from SCHEMA


def _sites(value: Any) -> tuple[SiteConfig, ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("must be an array of tables ([[sites]])")
    out = []
    for i, body in enumerate(value, 1):
        values: dict[str, Any] = {}
        for key, item in body.items():
            if key not in _SITE_KEYS:
                raise ValueError(f"entry {i} has unknown key '{key}' (known: {', '.join(sorted(_SITE_KEYS))})")
            name, check = _SITE_KEYS[key]
            try:
                values[name] = check(item)
            except ValueError as e:
                raise ValueError(f"entry {i}: '{key}' {e}{_got(e, item)}") from None
        if "base_url" not in values:
            raise ValueError(f"entry {i} needs a base_url")
        site = SiteConfig(**values)
        if not site.is_local and site.delay < MIN_REMOTE_DELAY:
            raise ValueError(
                f"entry {i}: delay {site.delay:g}s is too fast for {site.host} "
                f"(the minimum for a remote site is {MIN_REMOTE_DELAY:g}s)"
            )
        out.append(site)
    hosts = [s.host for s in out]
    if len(set(hosts)) != len(hosts):
        raise ValueError("lists a site twice")
    return tuple(out)


#: config.toml layout: section -> key -> (Config field, validator)
SCHEMA: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "site": {
        "base_url": ("base_url", _url),
        "contact": ("contact", _optional_text),
        "delay": ("delay", _number(0, 3600)),
    },
    "fetch": {
        "timeout": ("timeout", _number(1, 600)),
        "max_retries": ("max_retries", _integer(0, 10)),
        "max_retry_wait": ("max_retry_wait", _number(0, 86400)),
        "max_bytes": ("max_bytes", _integer(10_000, 2_000_000_000)),
    },
    "archive": {
        "path": ("db", _path),
    },
    "attachments": {
        "download": ("attachments_download", _bool),
        "text": ("attachments_text", _bool),
        "max_bytes": ("attachments_max_bytes", _integer(1, 2_000_000_000)),
        "content_types": ("attachments_types", _content_types),
        "dir": ("attachments_dir", _path),
    },
    "linked_pages": {
        "enabled": ("linked_enabled", _bool),
        "hosts": ("linked_hosts", _host_patterns),
        "authority_hosts": ("linked_authority_hosts", _authority_hosts),
        "max_per_thread": ("linked_max_per_thread", _integer(0, 1000)),
        "max_per_run": ("linked_max_per_run", _integer(0, 1_000_000)),
        "max_per_host": ("linked_max_per_host", _integer(1, 1_000_000)),
        "delay": ("linked_delay", _number(0, 3600)),
        "max_bytes": ("linked_max_bytes", _integer(10_000, 2_000_000_000)),
        "recheck_days": ("linked_recheck_days", _number(0, 3650)),
        "warc_dir": ("linked_warc_dir", _path),
    },
    "targets": {
        "requests": ("requests", _list_of_text),
        "authorities": ("authorities", _list_of_text),
        "users": ("users", _list_of_text),
        "lists": ("lists", _lists),
    },
    "sync": {
        "since": ("since", _date_text),
    },
}
_SITE_KEYS.update(
    {
        "base_url": ("base_url", _url),
        "contact": ("contact", _optional_text),
        "delay": ("delay", _number(0, 3600)),
        "requests": ("requests", _list_of_text),
        "authorities": ("authorities", _list_of_text),
        "users": ("users", _list_of_text),
        "lists": ("lists", _lists),
        "since": ("since", _date_text),
    }
)
#: command-line option name -> Config field
OVERRIDES = {"base_url": "base_url", "delay": "delay", "db": "db", "contact": "contact"}


def _from_mapping(data: dict[str, Any], where: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for section, body in data.items():
        if section == "sites":
            try:
                values["sites"] = _sites(body)
            except ValueError as e:
                raise ConfigError(f"{where}: [[sites]] {e}.") from None
            continue
        if section not in SCHEMA:
            raise ConfigError(f"{where}: unknown section [{section}] (known: {', '.join(sorted(SCHEMA))}).")
        if not isinstance(body, dict):
            raise ConfigError(f"{where}: [{section}] must be a table of settings.")
        for key, value in body.items():
            if key not in SCHEMA[section]:
                known = ", ".join(sorted(SCHEMA[section]))
                raise ConfigError(f"{where}: unknown key '{section}.{key}' (known in [{section}]: {known}).")
            name, check = SCHEMA[section][key]
            try:
                values[name] = check(value)
            except ValueError as e:
                raise ConfigError(f"{where}: '{section}.{key}' {e}{_got(e, value)}.") from None
    return values


def load_config(path: str | Path | None = None, **overrides: Any) -> Config:
    """Read ``path`` (or ./config.toml if present), then apply non-None overrides."""
    values: dict[str, Any] = {}
    source = None
    if path is None and Path(DEFAULT_CONFIG_FILE).is_file():
        path = DEFAULT_CONFIG_FILE
    if path is not None:
        p = Path(path)
        try:
            raw = p.read_bytes()
        except OSError as e:
            raise ConfigError(f"Cannot read config file {p}: {e.strerror or e}.") from None
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ConfigError(f"{p}: the file is not UTF-8 text.") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{p}: not valid TOML ({e}).") from None
        values = _from_mapping(data, str(p))
        source = str(p)
    for option, value in overrides.items():
        if value is None:
            continue
        name = OVERRIDES.get(option, option)
        checks = {f: c for section in SCHEMA.values() for f, c in section.values()}
        if name not in checks:
            raise ConfigError(f"Unknown setting '{option}'.")
        try:
            values[name] = checks[name](value)
        except ValueError as e:
            raise ConfigError(f"--{option.replace('_', '-')} {e}{_got(e, value)}.") from None
    config = replace(Config(), **values, source=source)
    return _check_speed(config)


def _check_speed(config: Config) -> Config:
    if not config.is_local and config.delay < MIN_REMOTE_DELAY:
        raise ConfigError(
            f"delay {config.delay:g}s is too fast for {config.host}: "
            f"the minimum for a remote site is {MIN_REMOTE_DELAY:g}s."
        )
    if config.linked_enabled and config.linked_delay < MIN_REMOTE_DELAY:
        remote = [h for h in config.linked_hosts if not is_loopback_host(h)]
        if remote or not config.is_local:
            raise ConfigError(
                f"linked_pages.delay {config.linked_delay:g}s is too fast for "
                f"{remote[0] if remote else 'an authority web site'}: "
                f"the minimum for a remote host is {MIN_REMOTE_DELAY:g}s."
            )
    return config
