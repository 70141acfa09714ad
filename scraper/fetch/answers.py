"""Reading what a site answered: block and challenge pages, the charset of a body, ``Retry-After``."""

from __future__ import annotations

import codecs
import email.utils
import re
import time
from datetime import UTC

import charset_normalizer
import httpx

# Challenge/block pages. Titles and markers of Cloudflare's interstitials ("Just a moment...",
# "Attention Required! | Cloudflare", the rate-limit page) as peers met them on Alaveteli sites.
_BLOCK_TITLES = re.compile(
    r"<title[^>]*>\s*(just a moment(?:\.\.\.|…)|attention required!?\s*\|\s*cloudflare|"
    r"checking your browser[^<]*|please wait[^<]*\|\s*cloudflare|access denied\s*\|[^<]*cloudflare[^<]*|"
    r"[^<]*rate limited[^<]*\|\s*cloudflare)\s*</title>",
    re.I,
)
_BLOCK_MARKERS = (
    "cf_chl_opt",
    "/cdn-cgi/challenge-platform/",
    "challenges.cloudflare.com",
    "cf-browser-verification",
    'id="cf-error-details"',
    'id="challenge-running"',
    'id="challenge-form"',
    "sorry, you have been blocked",
)


def looks_blocked(status: int, headers: httpx.Headers, body: bytes) -> bool:
    """True when a response is a challenge or block interstitial rather than the site's answer."""
    if headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return True
    head = body[:65536].decode("utf-8", "replace")
    title = bool(_BLOCK_TITLES.search(head))
    lowered = head.lower()
    marker = any(m in lowered for m in _BLOCK_MARKERS)
    if status in (403, 429, 503):
        return title or marker
    # A 200 challenge must show both, so an FOI page quoting "Just a moment..." is not mistaken.
    return title and marker


def looks_like_html(content: bytes, content_type: str) -> bool:
    if "html" in content_type.lower():
        return True
    start = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<"))


# Labels whose WHATWG meaning is windows-1252 (browsers decode "latin1" pages that way).
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_text(content: bytes, content_type: str | None) -> str:
    """Decode a body as browsers do: a BOM, the HTTP charset, an HTML ``<meta charset>``, then detection."""
    for bom, bom_codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if content.startswith(bom):
            return content.decode(bom_codec, errors="replace")
    declared = _codec(_charset_param(content_type))
    if declared is None:
        meta = _META_CHARSET.search(content[:4096])
        declared = _codec(meta.group(1).decode("ascii", "replace")) if meta else None
    if declared:
        return content.decode(declared, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(content).best()
    detected = _codec(best.encoding) if best is not None else None
    return content.decode(detected or "cp1252", errors="replace")


def _charset_param(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def human_duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} seconds"
    if seconds < 5400:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.1f} hours"
