"""The one decision of what is "this machine": a site or an address on loopback.

A local site (the bundled sample site) needs no contact and may be crawled without a delay; the
politeness guard holds for everything else. So the test is strict: ``localhost`` itself, or an
IP address in a loopback range (127.0.0.0/8, ::1), read with :mod:`ipaddress`. A *name* that
merely starts with ``127.`` (``127.example.org``) or ends in ``.localhost`` is resolved by DNS
like any other and is remote.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback_host(host: str | None) -> bool:
    """True for ``localhost`` and loopback IP addresses (brackets around IPv6 allowed)."""
    if not host:
        return False
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_local_url(url: str) -> bool:
    """True when the URL's host is on this machine (see :func:`is_loopback_host`)."""
    try:
        return is_loopback_host(urlsplit(url).hostname)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
