"""The fetch step: every HTTP request of the project, through one polite client.

* :mod:`~scraper.fetch.client`: :class:`PoliteClient` (and :class:`HttpClient`, what the crawl needs of one);
* :mod:`~scraper.fetch.errors`: what can go wrong, each one sentence;
* :mod:`~scraper.fetch.identity`: the User-Agent and the contact it carries;
* :mod:`~scraper.fetch.throttle`: one host's pace;
* :mod:`~scraper.fetch.answers`: block pages, charsets, ``Retry-After``;
* :mod:`~scraper.fetch.validators`: where ETag / Last-Modified live between runs.
"""

from scraper.fetch.answers import decode_text, looks_blocked, parse_retry_after
from scraper.fetch.client import Expect, FetchStats, HttpClient, PoliteClient, Response
from scraper.fetch.errors import (
    Blocked,
    ContactRequired,
    Disallowed,
    FetchError,
    GaveUp,
    Gone,
    OffsiteRedirect,
    RobotsUnavailable,
    TooLarge,
    UnexpectedStatus,
)
from scraper.fetch.identity import ROBOTS_TOKEN, check_contact, require_contact, user_agent
from scraper.fetch.validators import MemoryValidatorStore, ValidatorStore

__all__ = [
    "ROBOTS_TOKEN",
    "Blocked",
    "ContactRequired",
    "Disallowed",
    "Expect",
    "FetchError",
    "FetchStats",
    "GaveUp",
    "Gone",
    "HttpClient",
    "MemoryValidatorStore",
    "OffsiteRedirect",
    "PoliteClient",
    "Response",
    "RobotsUnavailable",
    "TooLarge",
    "UnexpectedStatus",
    "ValidatorStore",
    "check_contact",
    "decode_text",
    "looks_blocked",
    "parse_retry_after",
    "require_contact",
    "user_agent",
]
