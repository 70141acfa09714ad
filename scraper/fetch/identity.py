"""Who we say we are: the User-Agent, and the contact a remote site must be able to reach."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scraper import PROJECT_URL, __version__
from scraper.fetch.errors import ContactRequired
from scraper.hosts import is_local_url

#: The product token robots.txt groups are matched against (and the UA's first word).
ROBOTS_TOKEN = "wdtk-archive"


def user_agent(contact: str | None) -> str:
    """Our honest User-Agent: ``wdtk-archive/<version> (+<project URL>; <contact>)``."""
    if contact:
        return f"{ROBOTS_TOKEN}/{__version__} (+{PROJECT_URL}; {contact})"
    return f"{ROBOTS_TOKEN}/{__version__} (+{PROJECT_URL})"


_CONTACT_RE = re.compile(r"^(?:mailto:)?[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$|^https?://[^\s<>()]+$")


def check_contact(contact: str | None) -> str | None:
    """Return the stripped contact, or raise ContactRequired if it cannot go in a header."""
    if contact is None or not contact.strip():
        return None
    contact = contact.strip()
    if not contact.isascii() or not contact.isprintable() or not _CONTACT_RE.match(contact):
        raise ContactRequired(
            f"The contact {contact!r} is not an email address or an http(s) URL we can put in the User-Agent."
        )
    return contact


def require_contact(base_url: str, contact: str | None) -> str | None:
    """The checked contact for crawling ``base_url``; ContactRequired when a remote site gets none.

    Only a site on this machine (:func:`scraper.hosts.is_local_url`) may be crawled without one.
    """
    checked = check_contact(contact)
    if checked is None and not is_local_url(base_url):
        try:
            host = urlsplit(base_url).hostname or base_url
        except ValueError:
            host = base_url
        raise ContactRequired(
            f"Refusing to crawl {host} without a contact: set one (an email address or URL) "
            "with --contact or `contact` under [site] in config.toml, so the site's operators can reach us."
        )
    return checked
