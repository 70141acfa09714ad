"""Quoted history: earlier messages quoted back below (or among) a reply.

A candidate region (``>`` lines, "On ... wrote:", "-----Original Message-----", Outlook and Lotus
header blocks) is removed only where its paragraphs match an earlier message of the same thread;
what matches nothing (an answer written into the quoted request, a forwarded internal mail) is kept
and only labelled. Everything here is linear in the length of the message: each region is walked
once, and a paragraph is compared with an earlier message by substring search on space-joined
words, or, when the earlier messages are long, through a set of their 4-word sequences built once
per thread.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from scraper.clean.features import FROM_FIELD, HEADER_FIELD, wrote_line
from scraper.clean.memo import ThreadIndex
from scraper.clean.paragraphs import message_joined_words
from scraper.clean.text import words

_I = re.IGNORECASE

# Matched against one line at a time. The quote markers before a header are taken in one go
# (atomically): only a Lotus ">>>" header can begin among them, and it is found by looking ahead
# for it, then for its date after the markers; trying every split of a long run of ">" instead
# took time quadratic in the run.
_QUOTE_HEADER_TO_END = re.compile(
    r"^(?:(?>[\s>]*)(?:"
    r"-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|reply message)\s*-{2,}|"
    r"-{2,}\s*forwarded (?:message|by)[^\n]*-{2,}|"
    r"-{2,}\s*this is a copy of the message[^\n]*|"
    r"_{5,}\s*$"
    r")|(?=[\s>]*>>>)(?>[\s>]*)[^\n]*?\d\d/\d\d/\d{2,4})",
    _I,
)


_ON_LINE = re.compile(r"^[\s>]*(?:on|le|am|el|op|il|w dniu|den|em|в)\b", _I)
# raw RFC 822 header lines (bounces quote the whole message, headers first)
_MAIL_HEADER = re.compile(
    r"^[\s>]*(?:return-path|received|message-id|mime-version|content-type|content-transfer-encoding|"
    r"envelope-to|delivery-date|reply-to|in-reply-to|references|x-[\w-]+|from|sent|date|to|cc|bcc|subject)\s*:",
    _I,
)
# other lines of a quoted header block: "Name <address>", Lotus "Sent by:" and layout lines, a bare date
_HEADERISH = re.compile(
    r"^[\s>]*(?:[^\n<>]{0,80}<[^<>\n]*>[^\S\n]*$|sent by\s*:|please respond to\s*$|(?:to|cc|bcc|subject)\s*$|"
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$)",
    _I,
)
_LINK_MARK = re.compile(r"\[\d+\]")


# whole-text scans that find the few lines worth a closer look
# Lines that may open a quote: run over "\n" + text, so a literal first character lets the engine
# jump from line to line instead of trying ``^`` (MULTILINE) at every offset, about twice as fast.
# A match starts at the "\n" before a line, so its start is that line's offset in text; no match
# ends just after a newline, so the lines found are exactly those of the ``^`` form.
_QUOTE_SCAN_NL = re.compile(r"\n[ \t\xa0>]*(?:-{2,}|_{5,}|>|\*?(?:from|von|de)\s*:)", re.IGNORECASE)
_COLON_EOL = re.compile(r":[ \t]*$", re.MULTILINE)


def quote_regions(
    text: str, starts: list[int], ends: list[int], requester: str | None, low: str | None = None
) -> list[tuple[int, int, str]]:
    """Candidate quoted regions as (first line, last line, rule)."""
    found: set[int] = set()
    low = text.lower() if low is None else low
    if (
        "--" in text
        or "__" in text
        or ">" in text
        or "from:" in low
        or "from :" in low
        or "von:" in low
        or "de:" in low
    ):
        found.update(bisect_right(starts, m.start()) - 1 for m in _QUOTE_SCAN_NL.finditer("\n" + text))
    found.update(bisect_right(starts, m.start()) - 1 for m in _COLON_EOL.finditer(text))
    name = requester.strip().lower() if requester and requester.strip() else None
    if name and "sent by" in low:
        found.update(bisect_right(starts, m.start()) - 1 for m in re.finditer(r"(?im)^\s*sent by\s*:", text))
    hits = sorted(found)
    if not hits:
        return []
    n = len(starts)

    def line(k: int) -> str:
        return text[starts[k] : ends[k]]

    regions: list[tuple[int, int, str]] = []
    to_end: int | None = None
    rule = ""
    gt_lines: list[int] = []
    for k in hits:
        ln = line(k)
        if ln.lstrip(" \t\xa0").startswith(">") and not ln.lstrip().startswith(">>>"):
            gt_lines.append(k)
            continue
        if ln.lstrip(" \t\xa0")[:1] in ("-", "_", ">") and _QUOTE_HEADER_TO_END.match(ln):
            # a bare line of underscores only counts when a header block follows it
            if ln.strip().startswith("_") and not any(FROM_FIELD.match(line(x)) for x in range(k + 1, min(n, k + 4))):
                continue
            to_end, rule = k, "quote_header"
            break
        if wrote_line(ln):
            a = k
            for back in (0, 1, 2):
                if k - back >= 0 and _ON_LINE.match(line(k - back)):
                    a = k - back
                    break
            else:
                if len(ln) > 120:
                    continue
            to_end, rule = a, "on_wrote"
            break
        if FROM_FIELD.match(ln):
            block = [line(x) for x in range(k, min(n, k + 6))]
            fields = sum(1 for x in block if HEADER_FIELD.match(x))
            if fields >= 3 or (fields >= 2 and name and name in " ".join(block).lower()):
                to_end, rule = k, "header_block"
                break
        if name and "sent by" in ln.lower():
            # Lotus Notes: "<requester name> ...\nSent by: ..." (Alaveteli's remove_lotus_quoting)
            for back in (1, 2):
                if k - back >= 0 and line(k - back).strip().lower().startswith(name):
                    to_end, rule = k - back, "lotus_header"
                    break
            if to_end is not None:
                break
    if to_end is not None:
        regions.append((to_end, n - 1, rule))
    # '>' quoted runs before any to-end header; blank lines inside a run belong to it
    limit = to_end if to_end is not None else n
    gt = [k for k in gt_lines if k < limit]
    i = 0
    while i < len(gt):
        a = b = gt[i]
        while i + 1 < len(gt) and (gt[i + 1] == b + 1 or all(not line(x).strip() for x in range(b + 1, gt[i + 1]))):
            i += 1
            b = gt[i]
        regions.append((a, b, "gt_quote"))
        i += 1
    return sorted(regions)


def _quote_body(text: str) -> tuple[str, list[str]]:
    """A quoted paragraph's text less its header lines, and that text's words (none for a
    paragraph that is all header)."""
    plines = text.split("\n")
    header = all(
        _MAIL_HEADER.match(x)
        or wrote_line(x)
        or _QUOTE_HEADER_TO_END.match(x)
        or _ON_LINE.match(x)
        or _HEADERISH.match(x)
        or not x.strip()
        or (n > 0 and x[:1] in " \t")  # folded header continuation
        for n, x in enumerate(plines)
    )
    if header:
        return "", []
    # header lines glued to the quoted text ("On ... wrote:\n> Dear ...") are not compared
    body = "\n".join(
        x
        for x in plines
        if not (_MAIL_HEADER.match(x) or wrote_line(x) or _QUOTE_HEADER_TO_END.match(x) or _HEADERISH.match(x))
    )
    return body, words(body)


# Above this many characters of earlier messages times the paragraphs and words to check, sets of
# 4-word sequences are built (once per thread) instead of searching the joined words of each message.
_SEARCH_BUDGET = 20_000_000


class _Earlier:
    """One earlier message, as quoted text is compared with it."""

    __slots__ = ("joined", "_grams")

    def __init__(self, joined: str) -> None:
        self.joined = joined  #: its words, a space at each end (for substring tests)
        self._grams: set[str] | None = None

    def grams(self) -> set[str]:
        if self._grams is None:
            ws = self.joined.split()
            self._grams = {" ".join(ws[i : i + 4]) for i in range(len(ws) - 3)}
        return self._grams


def _earlier(index: ThreadIndex, text: str) -> _Earlier:
    table = index.table("quote_earlier")
    e = table.get(text)
    if e is None:
        e = table[text] = _Earlier(message_joined_words(index, text))
    return e


def _matches_one(ws: list[str], e: _Earlier, use_sets: bool) -> bool:
    """Do at least 80 % of the paragraph's 4-word sequences occur in the earlier message ``e``?"""
    grams = [" ".join(ws[i : i + 4]) for i in range(len(ws) - 3)]
    n = len(grams)
    need = 0.8 * n
    hits = miss = 0
    if use_sets:
        have = e.grams()
        for g in grams:
            if g in have:
                hits += 1
            else:
                miss += 1
                if n - miss < need:
                    break
        return hits >= need
    if " " + " ".join(ws) + " " in e.joined:
        return True
    for g in grams:
        if " " + g + " " in e.joined:
            hits += 1
            if hits >= need:
                return True
        else:
            miss += 1
            if n - miss < need:
                break
    return False


class _Verdicts:
    """What is known of one quoted paragraph: the earlier messages it matches and those it does
    not (each a pure fact about the two texts; the sets and the search give the same answers)."""

    __slots__ = ("match", "no_match")

    def __init__(self) -> None:
        self.match: _Earlier | None = None
        self.no_match: set[_Earlier] = set()


def _matches(
    ws: list[str], earlier: list[_Earlier], present: set[_Earlier], use_sets: bool, known: dict[str, _Verdicts]
) -> bool:
    """Does the paragraph (its words ``ws``) match one of the earlier messages (``present``, the same
    as a set)? Memoised per paragraph in ``known``: the replies of a thread quote the same
    paragraphs again and again, each time with one more earlier message to compare them with."""
    key = " ".join(ws)
    v = known.get(key)
    if v is None:
        v = known[key] = _Verdicts()
    elif v.match is not None and v.match in present:
        return True
    for e in earlier:
        if e in v.no_match:
            continue
        if _matches_one(ws, e, use_sets):
            v.match = e
            return True
        v.no_match.add(e)
    return False


def find_quotes(
    text: str,
    earlier_messages: Sequence[str],
    starts: list[int],
    ends: list[int],
    index: ThreadIndex,
    requester: str | None = None,
    low: str | None = None,
    claimed: Sequence[tuple[int, int]] = (),
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Quoted history: (removed, labelled) as character ranges with the rule that fired.

    Within a candidate region each paragraph is compared with the earlier messages of the thread;
    runs of matching paragraphs (with the header and short paragraphs between them) are removed,
    the rest of the region is kept and only labelled. ``claimed`` line ranges (the site's footer)
    keep their own span and category.
    """
    regions = quote_regions(text, starts, ends, requester, low)
    if not regions:
        return [], []
    if not any(m and m.strip() for m in earlier_messages):
        return _without_thread(text, regions, starts, ends, claimed)
    # most recent first: a reply usually quotes the message just before it
    earlier = [_earlier(index, m) for m in reversed(earlier_messages) if m and m.strip()]
    size = sum(len(e.joined) for e in earlier)
    claimed_lines = sorted(claimed)
    removed: list[tuple[int, int, str]] = []
    labelled: list[tuple[int, int, str]] = []
    paragraphs: list[tuple[int, int, int]] = []  # (first line, last line, region number)
    for ri, (a, b, _rule) in enumerate(regions):
        k = a
        while k <= b:
            while k <= b and not text[starts[k] : ends[k]].replace(">", "").strip():
                k += 1
            if k > b:
                break
            p0 = k
            while k + 1 <= b and text[starts[k + 1] : ends[k + 1]].replace(">", "").strip():
                k += 1
            paragraphs.append((p0, k, ri))
            k += 1
    bodies: list[list[str] | None] = []  # each paragraph's words (None: the footer's)
    body_words = index.table("quote_body_words")
    ci = 0
    for p0, p1, _ri in paragraphs:
        while ci < len(claimed_lines) and claimed_lines[ci][1] < p0:
            ci += 1
        if ci < len(claimed_lines) and claimed_lines[ci][0] <= p0 and p1 <= claimed_lines[ci][1]:
            bodies.append(None)
            continue
        ptext = text[starts[p0] : ends[p1]]
        ws = body_words.get(ptext)
        if ws is None:
            ws = body_words[ptext] = _quote_body(ptext)[1]
        bodies.append(ws)
    # Searching the earlier messages costs about their length for each paragraph, and for each of
    # its 4-word sequences not found; past the budget the sets give the same answers, in time linear
    # in both (counting words at an eighth: the search is fast, building the sets is not).
    use_sets = size * (len(paragraphs) + sum(len(ws) for ws in bodies if ws) // 8) > _SEARCH_BUDGET
    status: list[str] = []
    present = set(earlier)
    known = index.table("quote_verdicts")
    for ws in bodies:
        if ws is None:
            status.append("claimed")
        elif len(ws) < 5:
            status.append("neutral")  # headers and lines too short to tell
        elif earlier and _matches(ws, earlier, present, use_sets, known):
            status.append("verified")
        else:
            status.append("unverified")
    # runs of verified/neutral paragraphs of one region holding a verified one are removed
    i = 0
    while i < len(paragraphs):
        ri = paragraphs[i][2]
        rule = regions[ri][2]
        region_end = i
        while region_end + 1 < len(paragraphs) and paragraphs[region_end + 1][2] == ri:
            region_end += 1
        j = i
        while j <= region_end:
            ok = status[j] != "unverified"
            k = j
            while k + 1 <= region_end and (status[k + 1] != "unverified") == ok:
                k += 1
            run = range(j, k + 1)
            if ok and any(status[x] == "verified" for x in run):
                piece: list[int] = []
                for x in list(run) + [-1]:
                    if x >= 0 and status[x] != "claimed":
                        piece.append(x)
                        continue
                    if piece:
                        removed.append(
                            (starts[paragraphs[piece[0]][0]], ends[paragraphs[piece[-1]][1]], f"quoted:{rule}")
                        )
                        piece = []
            else:
                free = [x for x in run if status[x] != "claimed"]
                if free:
                    labelled.append(
                        (starts[paragraphs[free[0]][0]], ends[paragraphs[free[-1]][1]], f"quoted:{rule}:unverified")
                    )
            j = k + 1
        i = region_end + 1
    return removed, labelled


# Quoted mail of the thread itself: the site's masked addresses, or its name, in the header.
_THREAD_MAIL = re.compile(r"\[FOI #\d+ email\]|request email\]|whatdotheyknow|request-\d+-[0-9a-f]+@", re.IGNORECASE)
# The reply says its answers are in the quoted text: then nothing in it may go.
_INLINE_ANSWERS = re.compile(
    r"\b(?:below|beneath|in (?:red|blue|bold|green|italics?)|in-?line|embedded|interspersed|incorporated|"
    r"(?:after|against|under|beside|alongside) each (?:question|point|item)|answers? (?:are|is) (?:shown|given|set out))\b",
    re.IGNORECASE,
)
_TO_END = ("quote_header", "on_wrote", "header_block", "lotus_header")


def _without_thread(
    text: str,
    regions: list[tuple[int, int, str]],
    starts: list[int],
    ends: list[int],
    claimed: Sequence[tuple[int, int]],
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Quoted history when no earlier message is known (a message cleaned alone).

    Nothing can be verified, so a region is removed only when its header shows it is mail of the
    thread itself (the site's masked addresses, or the site's footer inside it), the reply has
    text of its own above it, and that text does not say its answers are below or inline.
    Everything else is labelled and kept.
    """
    removed: list[tuple[int, int, str]] = []
    labelled: list[tuple[int, int, str]] = []
    for a, b, rule in regions:
        start, end = starts[a], ends[b]
        if rule in _TO_END:
            head = text[start : ends[min(b, a + 8)]]
            footer_inside = any(a <= c0 <= b for c0, _c1 in claimed)
            above = text[:start]
            if (
                (_THREAD_MAIL.search(head) or footer_inside)
                and any(ch.isalnum() for ch in above)
                and not _INLINE_ANSWERS.search(above)
            ):
                removed.append((start, end, f"quoted:{rule}:thread_mail"))
                continue
        labelled.append((start, end, f"quoted:{rule}:unverified"))
    return removed, labelled
