"""Ports of the text helpers Alaveteli uses to turn message text into HTML.

Each function mirrors one Ruby helper closely enough that the markup matches byte for byte
in the cases our sample data exercises:

* ``escape_html``           — ``CGI.escapeHTML``
* ``make_clickable``        — ``MySociety::Format.make_clickable`` (mysociety/commonlib ``rblib/format.rb``)
* ``simplify_angle_bracketed_urls`` — same file
* ``sanitize``              — Rails' safe-list sanitizer, as far as re-serialisation goes
* ``simple_format``         — ``ActionView::Helpers::TextHelper#simple_format``
* ``time_tag`` / ``date_text`` — Alaveteli's ``simple_date`` with WDTK's ``%e %B %Y`` format

Ruby's ``\\s`` and ``String#strip`` are ASCII-only, Python's are not; message texts contain
non-breaking spaces, so the regular expressions below spell the ASCII classes out.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

__all__ = [
    "RUBY_WS",
    "date_text",
    "escape_html",
    "make_clickable",
    "ruby_strip",
    "sanitize",
    "simple_format",
    "simplify_angle_bracketed_urls",
    "time_tag",
]

RUBY_WS = " \t\n\v\f\r"
_S = r"[ \t\n\v\f\r]"  # Ruby's \s
_NS = r"[^ \t\n\v\f\r]"  # Ruby's \S


def ruby_strip(text: str) -> str:
    """``String#strip``: ASCII whitespace and NUL only (keeps non-breaking spaces)."""
    return text.strip(RUBY_WS + "\0")


def escape_html(text: str) -> str:
    """``CGI.escapeHTML`` / ERB ``h``: escapes ``& < > " '`` (the apostrophe as ``&#39;``)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


_URL_RE = re.compile(r"(https?)://([^ \t\n\v\f\r<>]+[^ \t\n\v\f\r.,<>])", re.I)
_WWW_RE = re.compile(r"(" + _S + r")www\.([a-z0-9\-]+)((?:\.[a-z0-9\-\~]+)+)((?:/[^ <>\n\r]*[^., <>\n\r])?)", re.I)
_CONTRACT_RE = re.compile(r'(<a href="[^"]*"(?: rel="nofollow")?>)([^<]{40})[^<]{3,}</a>')
_MAILTO_RE = re.compile(r"(" + _S + r")([a-z0-9\-_.]+)@([^,< \n\r]*[^.,< \n\r])", re.I)


def make_clickable(text: str, *, contract: bool = False, nofollow: bool = False) -> str:
    """Link URLs, ``www.`` hosts and e-mail addresses in already-escaped text.

    With ``contract`` the link text of long URLs is cut to 40 characters + ``...``
    (the ``href`` keeps the whole URL).
    """
    ret = " " + text + " "
    ret = ret.replace("&lt;", " LTCODE ").replace("&gt;", " GTCODE ")
    ret = re.sub(r"( LTCODE http[^ \t\v\f]*? GTCODE )", lambda m: re.sub(r"[\n\r]", "", m.group(1)), ret)

    urls: list[str] = []
    extras: list[str] = []
    for match in _URL_RE.finditer(ret):
        url = match.group(2)
        extra = ""
        while url.count(")") > url.count("(") and url.endswith(")"):
            url = url[:-1]
            extra += ")"
        urls.append(url)
        extras.append(extra)

    rel = ' rel="nofollow"' if nofollow else ""
    counter = iter(range(len(urls)))

    def _link(m: re.Match[str]) -> str:
        i = next(counter)
        scheme = m.group(1)
        return f'<a href="{scheme}://{urls[i]}"{rel}>{scheme}://{urls[i]}</a>{extras[i]}'

    ret = _URL_RE.sub(_link, ret)
    ret = _WWW_RE.sub(
        lambda m: (
            f'{m.group(1)}<a href="http://www.{m.group(2)}{m.group(3)}{m.group(4)}"'
            f"{rel}>www.{m.group(2)}{m.group(3)}{m.group(4)}</a>"
        ),
        ret,
    )
    if contract:
        ret = _CONTRACT_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}...</a>", ret)
    ret = _MAILTO_RE.sub(
        lambda m: f'{m.group(1)}<a href="mailto:{m.group(2)}@{m.group(3)}">{m.group(2)}@{m.group(3)}</a>', ret
    )
    ret = ret.replace(" LTCODE ", "&lt;").replace(" GTCODE ", "&gt;")
    return ruby_strip(ret)


def simplify_angle_bracketed_urls(text: str) -> str:
    """``www.x.gov.uk <http://www.x.gov.uk>`` → ``www.x.gov.uk``."""
    ret = " " + text + " "
    ret = re.sub(r"(www\.[^ \t\n\v\f\r<>]+)" + _S + r"+<https?://\1>", r"\1", ret, flags=re.I)
    return ruby_strip(ret)


_TAG_RE = re.compile(r"<[^>]*>")
_ATTR_RE = re.compile(r'([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"')


def _ser_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;").replace(">", "&gt;")


def _ser_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")


def sanitize(
    fragment: str,
    attributes: frozenset[str] = frozenset(
        {"href", "src", "width", "height", "alt", "cite", "datetime", "title", "class", "name", "abbr"}
    ),
) -> str:
    """Re-serialise an HTML fragment the way Rails' sanitizer does.

    Only ever fed our own output (escaped text plus ``<a>``/``<span>``/``<br />``), so a tag
    tokenizer is enough: entities in text are decoded and re-encoded with the HTML5
    serialisation rules (``&#39;``/``&quot;`` become literal quotes, U+00A0 becomes
    ``&nbsp;``), attributes outside the safe list are dropped.
    """
    out: list[str] = []
    pos = 0
    for m in _TAG_RE.finditer(fragment):
        out.append(_ser_text(html.unescape(fragment[pos : m.start()])))
        tag = m.group(0)
        if tag.startswith("</"):
            out.append(tag)
        else:
            name = re.match(r"<([A-Za-z0-9]+)", tag)
            assert name is not None, tag
            if name.group(1).lower() == "br":
                out.append("<br />" if tag.endswith("/>") else "<br>")
            else:
                attrs = "".join(
                    f' {k}="{_ser_attr(html.unescape(v))}"' for k, v in _ATTR_RE.findall(tag) if k in attributes
                )
                out.append(f"<{name.group(1)}{attrs}>")
        pos = m.end()
    out.append(_ser_text(html.unescape(fragment[pos:])))
    return "".join(out)


def simple_format(text: str, *, attributes: frozenset[str] | None = None) -> str:
    """Rails ``simple_format``: sanitize, ``<p>`` per blank-line paragraph, ``\\n<br />`` per line."""
    text = sanitize(text) if attributes is None else sanitize(text, attributes)
    text = re.sub(r"\r\n?", "\n", text)
    if not text.strip(RUBY_WS):
        return "<p></p>"
    paragraphs = re.split(r"\n\n+", text)
    while paragraphs and paragraphs[-1] == "":
        paragraphs.pop()
    formatted = [re.sub(r"([^\n]\n)(?=[^\n])", r"\1<br />", p) for p in paragraphs]
    return "\n\n".join(f"<p>{p}</p>" for p in formatted)


def date_text(value: date | datetime) -> str:
    """WDTK's ``simple_date_format`` ``%e %B %Y``: space-padded day, e.g. `` 3 July 2017``."""
    return f"{value.day:2d} {value.strftime('%B')} {value.year}"


def time_tag(value: date | datetime) -> str:
    """``simple_date(value)``: ``<time datetime title>`` with the date-only text."""
    if isinstance(value, datetime):
        iso = value.isoformat(timespec="seconds")
        title = value.strftime("%Y-%m-%d %H:%M:%S %z")
    else:
        iso = title = value.isoformat()
    return f'<time datetime="{iso}" title="{title}">{date_text(value)}</time>'
