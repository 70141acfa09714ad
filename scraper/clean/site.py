"""The site's own text: Alaveteli's outgoing-mail footer, request-page chrome, elinks link lists.

These are fixed templates, so they are found by matching the templates (built from Alaveteli's
``outgoing_mailer/*.text.erb`` and WhatDoTheyKnow's footer partial), tolerant of re-wrapping,
quote markers and link numbers, wherever they sit (often deep inside quoted history).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from scraper.clean.text import kept_text, line_table

_I = re.IGNORECASE


def _flex(sentence: str) -> str:
    """A regex for a template sentence that tolerates re-wrapping, quote markers and link numbers."""
    out = []
    for tok in sentence.split(" "):
        out.append(re.escape(tok).replace("\\{ANY\\}", r"[\s\S]{0,200}?"))
    # a word boundary first, or "Is ..." could start inside "Ferris"
    return r"\b" + r"(?:\s|>|\[\d+\])+".join(out)


_FOOTER_SENTENCES = [
    _flex("Please use this email address for all replies to this request:"),
    _flex("Is {ANY} the wrong address for {ANY} requests to {ANY} If so, please contact us using this form:"),
    _flex("Disclaimer: This message and any reply that you make will be published on the internet.")
    + r"(?:(?:\s|>)+Our(?:\s|>)+privacy(?:\s|>)+and(?:\s|>)+copyright(?:\s|>)+policies:)?",
    _flex("For more detailed guidance on safely disclosing information, read the latest advice from the ICO:"),
    _flex("Please note that in some cases publication of requests and responses will be delayed."),
    r"If(?:\s|>)+you(?:\s|>)+find(?:\s|>)+[\w.]+(?:(?:\s|>)+[\w.]+){0,2}?(?:\s|>)+useful(?:\s|>)+as(?:\s|>)+an(?:\s|>)+"
    r"FOI(?:\s|>)+officer,(?:\s|>)+please(?:\s|>)+ask(?:\s|>)+your(?:\s|>)+web(?:\s|>)+manager(?:\s|>)+to(?:\s|>)+"
    r"(?:link(?:\s|>)+to|suggest)(?:\s|>)+us(?:\s|>)+(?:from|on)(?:\s|>)+your(?:\s|>)+organisation['’]s(?:\s|>)+FOI(?:\s|>)+page\.",
]
# each sentence with a word it must contain: the sentence is only looked for around that word
_FOOTER_PARTS = [
    (key, re.compile(pat, _I))
    for key, pat in zip(
        ("replies", "wrong", "published", "disclosing", "publication", "organisation"), _FOOTER_SENTENCES, strict=False
    )
]
# a line holding only an address, URL, mask or link number (what follows a footer sentence):
#   ^[\s>]*(?:\[\d+\])?(?:https?://\S+|www\.\S+|\S+@\S+|\[[^\]\n]*\]|request-\S+|mailto:\S+)[\s>]*$
# written so that no part of a long line is scanned more than a few times: the forms that begin with
# a letter or "[" begin after all the quote markers, and their last \S+ runs to the end of the word;
# an address may begin among the markers, after the last space (its name may take in the ">"s
# before it), and the first "@" with something after it will do, since the end of the line is the
# same for every "@" of the word.
_FOOTER_TAIL_LINE = re.compile(
    r"^(?:(?>[\s>]*)(?:\[\d+\])?(?:https?://\S++|www\.\S++|\[[^\]\n]*\]|request-\S++|mailto:\S++)[\s>]*$|"
    r"(?:[\s>]*\s)?(?>\S+?@\S)(?=\S*+[\s>]*$))",
    _I,
)
_DASH_LINE = re.compile(r"^[\s>]*-{10,}[\s>]*$")


def _blank(text: str, starts: list[int], ends: list[int], k: int) -> bool:
    seg = text[starts[k] : ends[k]]
    return not seg.strip() or not seg.replace(">", "").strip()


def _footer_matches(text: str, low: str) -> Iterator[re.Match[str]]:
    for key, pat in _FOOTER_PARTS:
        i = low.find(key)
        while i != -1:
            m = pat.search(text, max(0, i - 400), i + 400)
            if m:
                yield m
                i = low.find(key, max(m.end(), i + 1))
            else:
                i = low.find(key, i + 1)


def find_site_footer(
    text: str, starts: list[int] | None = None, ends: list[int] | None = None, low: str | None = None
) -> list[tuple[int, int, str]]:
    """Line ranges (first, last, rule) of the site's outgoing-mail footer, wherever quoted."""
    low = text.lower() if low is None else low
    if "request" not in low:
        return []
    if starts is None or ends is None:
        starts, ends = line_table(text)
    n = len(starts)
    hit_lines: list[tuple[int, int]] = []
    for m in _footer_matches(text, low):
        a = bisect_right(starts, m.start()) - 1
        b = bisect_right(starts, max(m.end() - 1, m.start())) - 1
        # the address / URL lines that belong to the sentence
        while b + 1 < n and _FOOTER_TAIL_LINE.match(text[starts[b + 1] : ends[b + 1]]):
            b += 1
        hit_lines.append((a, b))
    if not hit_lines:
        return []
    hit_lines.sort()
    groups: list[list[int]] = []
    for a, b in hit_lines:
        if groups and a - groups[-1][1] <= 4:
            groups[-1][1] = max(groups[-1][1], b)
        else:
            groups.append([a, b])
    out: list[tuple[int, int, str]] = []
    for a, b in groups:
        # the dashed rules around the footer (the template draws one above and one below)
        k = a - 1
        while k >= 0 and _blank(text, starts, ends, k) and a - k <= 3:
            k -= 1
        if k >= 0 and _DASH_LINE.match(text[starts[k] : ends[k]]):
            a = k
        k = b + 1
        while k < n and _blank(text, starts, ends, k) and k - b <= 3:
            k += 1
        if k < n and _DASH_LINE.match(text[starts[k] : ends[k]]):
            b = k
        out.append((a, b, "site_footer:alaveteli_outgoing"))
    return out


_CHROME_LINE = re.compile(
    r"^\s*(?:show quoted sections|hide quoted sections|show all attachments|"
    r"(?:\w[\w .'-]{0,60} )?left an annotation \(\)\s*|"
    r"link to this|report this request|add an annotation)\s*$",
    _I,
)


# Web-page chrome that comes along when a page's text is pasted or rendered into a message: cookie
# banners, "beta" banners, quick-exit links, error flashes, the site's own appeals.
_WEB_CHROME = re.compile(
    r"\bquickly exit this site\b|\bleave this site\b|"
    r"\bcookies?\b[^\n]{0,80}\b(?:use|set|preferences?|settings|accept|reject|notice|policy|saved|essential|"
    r"additional|manage|customi[sz]e)\b|\b(?:we use|accept|reject|manage|customi[sz]e) (?:all |additional |essential )?cookies\b|"
    r"\bthis (?:site|service|website) is (?:a|in) beta\b|\bsorry, there was a (?:technical )?problem\b|"
    r"\bwe work to defend the right to foi\b|\bdonate and support our work\b|"
    r"\bhelp us protect your right to hold public authorities to account\b|\bskip to (?:main )?content\b",
    _I,
)


def find_page_chrome(
    text: str, starts: list[int] | None = None, ends: list[int] | None = None, low: str | None = None
) -> list[tuple[int, int, str]]:
    """Lines of page chrome that leak into message text: the request page's "show quoted
    sections" links, and a web page's cookie and beta banners (only where at least two such
    lines occur, and never a line with a figure in it: an answer may be about cookies)."""
    low = text.lower() if low is None else low
    quoted = "quoted sections" in low
    web = any(map(low.__contains__, ("cookie", "beta", "exit this site", "technical problem", "donate", "skip to")))
    if not quoted and not web:
        return []
    if starts is None or ends is None:
        starts, ends = line_table(text)
    out = []
    web_lines = []
    for k in range(len(starts)):
        line = text[starts[k] : ends[k]]
        if quoted and "quoted sections" in line.lower() and _CHROME_LINE.match(line):
            out.append((k, k, "page_chrome:quoted_sections"))
        elif web and len(line) < 400 and _WEB_CHROME.search(line) and not any(c.isdigit() for c in line):
            web_lines.append((k, k, "page_chrome:web"))
    if len(web_lines) >= 2:
        out.extend(web_lines)
    return sorted(out)


# elinks renders HTML mail with a numbered list of the links it saw
_REF_HEAD = re.compile(r"^\s*References\s*$")
_REF_VISIBLE = re.compile(r"^\s*(?:Visible|Hidden) links:?\s*$", re.IGNORECASE)
_REF_ENTRY = re.compile(r"^\s*(\d+)\.\s+\S[^\n]*$")


def references_region(text: str, starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """Character ranges of elinks link lists ("References / Visible links / 1. ..."): rendering
    artefacts that :func:`find_references` decides about, not the scorer."""
    if "Visible links" not in text and "Hidden links" not in text:
        return []
    n = len(starts)
    out = []
    for k in range(n):
        if not _REF_HEAD.match(text[starts[k] : ends[k]]):
            continue
        q = k + 1
        last = k
        while q < n:
            line = text[starts[q] : ends[q]]
            if _REF_ENTRY.match(line) or _REF_VISIBLE.match(line):
                last = q
            elif line.strip():
                break
            q += 1
        if last > k:
            out.append((starts[k], ends[last]))
    return out


def find_references(
    text: str, starts: list[int], ends: list[int], removed: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Entries of the link list whose [n] marker survives nowhere in the kept text."""
    if "Visible links" not in text and "Hidden links" not in text:
        return []
    n = len(starts)
    out: list[tuple[int, int, str]] = []
    for k in range(n):
        if not _REF_HEAD.match(text[starts[k] : ends[k]]):
            continue
        m = k + 1
        while m < n and not text[starts[m] : ends[m]].strip():
            m += 1
        if m >= n or not _REF_VISIBLE.match(text[starts[m] : ends[m]]):
            continue
        entries: list[tuple[int, str]] = []
        heads = [k, m]
        q = m + 1
        while q < n:
            line = text[starts[q] : ends[q]]
            em = _REF_ENTRY.match(line)
            if em:
                entries.append((q, em.group(1)))
            elif _REF_VISIBLE.match(line):
                heads.append(q)
            elif line.strip():
                break
            q += 1
        if not entries:
            continue
        block = (starts[k], ends[q - 1])
        kept = kept_text(text, removed + [block])
        dead = [(q_, num) for q_, num in entries if f"[{num}]" not in kept]
        if len(dead) == len(entries):
            out.append((starts[k], ends[entries[-1][0]], "other_boilerplate:elinks_references"))
        else:
            for q_, _num in dead:
                out.append((starts[q_], ends[q_], "other_boilerplate:elinks_references"))
    return out
