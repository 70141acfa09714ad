"""What the scorer sees of a unit: its words, its paragraph's words, its shape and its position.

Features are strings (``w:review``, ``b:internal_review``, ``p:commissioner``, ``sh:postcode``,
``pos:after_signoff`` ...). Words are lower case with digits written as 0, so "40 working days"
and "SK9 5AF" generalise across authorities while the words themselves still carry meaning. The
same function serves training (``scripts/train_clean.py``) and cleaning, so the two cannot drift.

A unit's score is the sum of the weights of its own features and of its paragraph's features
(the model is linear), so paragraph features are listed once per paragraph, not per unit.
"""

from __future__ import annotations

import re
from typing import Sequence

from scraper.clean.text import feature_words
from scraper.clean.units import GREETING, LINE, PARAGRAPH, SEPARATOR, SIGNOFF_LINE, Unit

__all__ = ["RIGHTS_WORDS", "text_features", "paragraph_features", "UnitFacts", "unit_facts"]

_URL = re.compile(r"https?://|www\.|\.(?:gov|org|nhs|ac|police|co|com|net|uk|wales|scot)\b(?:\.uk)?/?", re.IGNORECASE)
_EMAIL = re.compile(r"\[email address\]|\[[^\]\n]{0,80}request email\]|\[foi #\d+ email\]|\b[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\b(?:101|999|111)\b")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_HANDLE = re.compile(r"(?:^|[\s(])@[A-Za-z_]\w{2,}")
_ITEM = re.compile(r"^[\s>]*(?:[•·*\-–o▪●◦]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|\(?[ivx]{1,4}[.)]\s)")
_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b|"
    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(r"\b(?=[A-Z/-]*\d)[A-Z]{2,}[-/ ]?\d[\w/-]*\b|\b\d{3,}[/-]\d{2,}\b")
_MONEY = re.compile(r"£\s?\d|\d\s?%")
# a table row: cells apart by pipes, tabs, wide spaces or dot leaders, one of them a figure
_CELL_GAP = re.compile(r"\s*(?:\||\t|\s{3,}|\.{4,}|_{4,}|…{2,})\s*")
_FIGURE = re.compile(r"^[£$€]?\(?-?\d[\d,.]*\)?%?[*]?$")
# what an acknowledgement says about this request: received, its reference, when it is due
_ACK_WORDS = frozenset("received receipt acknowledge acknowledged logged due respond response reply deadline".split())
_REF_LABEL = re.compile(r"\b(?:reference|ref|case|request)(?: number| no\.?)?[:\s]+(?:is\s+)?(?-i:[A-Z]*)[-/ .]?\d[\w/.-]*", re.IGNORECASE)
RIGHTS_WORDS = frozenset("review complain complaint complaints commissioner appeal dissatisfied unhappy "
                          "adolygiad cwyn".split())
# exemption reasoning, cost limits, public-interest tests: what a refusal says about this request
_REASONING = re.compile(
    r"\bexempt|\bpublic interest\b|\bneither confirm nor deny\b|\b(?:cost|appropriate) (?:limit|threshold)\b|"
    r"\bsection \d+\s?(?:\(\d+\))?(?:\s?\([a-z]\))?(?! of the (?:freedom|data))|\bs\.?\s?\d+\(\d+\)|\bregulation 1[23]\b",
    re.IGNORECASE)
# the writer's own closing courtesy about this reply ("I hope this helps.", "I trust this answers your
# request."): content, though it sits next to the boilerplate and repeats from reply to reply
_COURTESY = re.compile(
    r"^[\s>]*(?:(?:i|we) (?:hope|trust)\b[^.\n]{0,90}\b(?:help|helps|helpful|useful|of use|of assistance|answers?|"
    r"satisf\w*|meets?|assist\w*|clear|covers?)\b)[^.\n]{0,60}[.!]?\s*$",
    re.IGNORECASE)
_RESPONSE_DUE = re.compile(
    r"\b(?:you (?:will|should) (?:receive|get|have) (?:a|our|the) (?:full )?(?:response|reply|answer)|"
    r"(?:we|i) (?:will|shall|aim to|expect to|intend to) (?:respond|reply|send (?:you )?(?:a |our |the )?(?:full )?(?:response|reply))|"
    r"\b(?:will|should) be (?:answered|dealt with|responded to|completed))"
    r"[^.]{0,40}\b(?:within|by|no later than)\b", re.IGNORECASE)


class UnitFacts:
    """Flags of one unit the rules and features share."""

    __slots__ = ("greeting", "signoff", "separator", "caps", "colon", "item", "url", "email", "phone",
                 "postcode", "handle", "date", "reference", "money", "table", "words", "quote_marker", "ack_fact",
                 "reasoning", "courtesy")

    def __init__(self, text: str) -> None:
        first = text.lstrip(" \t>")
        n = len(text)
        self.greeting = n <= 100 and GREETING.match(text) is not None
        self.signoff = n <= 80 and SIGNOFF_LINE.match(text) is not None
        self.separator = "\n" not in text and SEPARATOR.match(text) is not None
        raw = text.encode("utf-8")
        upper = len(raw.translate(None, _NOT_UPPER))
        lower = len(raw.translate(None, _NOT_LOWER))
        self.caps = upper >= 4 and upper >= 4 * lower
        self.colon = text.rstrip().endswith(":")
        self.item = _ITEM.match(text) is not None
        low = text.lower()
        self.url = ("http" in low or "www" in low or _DOMAIN_HINT.search(low) is not None) and _URL.search(text) is not None
        self.email = ("@" in text or "email]" in low) and _EMAIL.search(text) is not None
        digits = len(raw.translate(None, _NOT_DIGIT))
        self.phone = digits >= 3 and _PHONE.search(text) is not None
        self.postcode = digits > 0 and upper >= 2 and _POSTCODE.search(text) is not None
        self.handle = "@" in text and _HANDLE.search(text) is not None
        self.date = digits > 0 and (_MONTH_HINT.search(low) is not None or "/" in text or "." in text) and \
            _DATE.search(text) is not None
        self.reference = digits > 0 and _REFERENCE.search(text) is not None
        self.money = digits > 0 and ("£" in text or "%" in text) and _MONEY.search(text) is not None
        self.table = digits > 0 and ("|" in text or "\t" in text or "   " in text or "...." in text or "__" in text
                                     or "…" in text) and _is_table_row(text)
        self.words = feature_words(text)
        ws = set(self.words)
        calm = ws.isdisjoint(RIGHTS_WORDS)
        self.reasoning = calm and not ws.isdisjoint(_REASONING_HINT) and _REASONING.search(text) is not None
        self.ack_fact = "will now be considered" in low or calm and (
            (self.date and not ws.isdisjoint(_ACK_WORDS))
            or (digits > 0 and not ws.isdisjoint(_REF_HINT) and _REF_LABEL.search(text) is not None)
            or (not ws.isdisjoint(_DUE_HINT) and _RESPONSE_DUE.search(text) is not None))
        self.courtesy = n <= 160 and ("hope" in low or "trust" in low) and \
            _COURTESY.match(text) is not None
        self.quote_marker = first is not text and text.lstrip(" \t").startswith(">")


# cheap tests that must pass before the costlier patterns are tried
_DOMAIN_HINT = re.compile(r"\.(?:gov|org|nhs|ac|police|co|com|net|uk|wales|scot)\b")
_MONTH_HINT = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_REASONING_HINT = frozenset("exempt exemption exemptions exempted public confirm limit threshold section regulation s".split())
_REF_HINT = frozenset("reference ref case request".split())
_DUE_HINT = frozenset("within by later".split())
_NOT_UPPER = bytes(c for c in range(256) if not 65 <= c <= 90)
_NOT_LOWER = bytes(c for c in range(256) if not 97 <= c <= 122)
_NOT_DIGIT = bytes(c for c in range(256) if not 48 <= c <= 57)


def _is_table_row(text: str) -> bool:
    for line in text.split("\n"):
        cells = [c for c in _CELL_GAP.split(line.strip(" >")) if c]
        if len(cells) >= 2 and any(_FIGURE.match(c) for c in cells[1:]):
            return True
    return False


def unit_facts(text: str) -> UnitFacts:
    return UnitFacts(text)


def _length_bucket(n: int) -> str:
    if n < 20:
        return "sh:len0"
    if n < 50:
        return "sh:len1"
    if n < 100:
        return "sh:len2"
    if n < 200:
        return "sh:len3"
    return "sh:len4"


def shape_features(f: UnitFacts, text: str) -> list[str]:
    out = [_length_bucket(len(text))]
    if f.greeting:
        out.append("sh:greeting")
    if f.signoff:
        out.append("sh:signoff")
    if f.separator:
        out.append("sh:separator")
    if f.caps:
        out.append("sh:caps")
    if f.colon:
        out.append("sh:colon")
    if f.item:
        out.append("sh:item")
    if f.url:
        out.append("sh:url")
    if f.email:
        out.append("sh:email")
    if f.phone:
        out.append("sh:phone")
    if f.postcode:
        out.append("sh:postcode")
    if f.handle:
        out.append("sh:handle")
    if f.date:
        out.append("sh:date")
    if f.reference:
        out.append("sh:reference")
    if f.money:
        out.append("sh:money")
    if f.table:
        out.append("sh:table")
    if f.quote_marker:
        out.append("sh:quoted")
    if f.ack_fact:
        out.append("sh:ack_fact")
    if f.reasoning:
        out.append("sh:reasoning")
    if f.courtesy:
        out.append("sh:courtesy")
    t = text.rstrip()
    if t.endswith((".", "!", "?")):
        out.append("sh:period")
    ws = f.words
    if len(ws) <= 3:
        out.append("sh:fewwords")
    tokens = text.split()
    if len(tokens) >= 2:
        initials = "".join(w[0] for w in tokens)
        if len(initials.encode("utf-8").translate(None, _NOT_UPPER)) >= 0.7 * len(tokens):
            out.append("sh:titlecase")
    return out


def text_features(f: UnitFacts, text: str, boundary: int) -> list[str]:
    """Features of one unit's text: its words and word pairs, its shape, what separates it from
    the unit before. (Its position in the message and what the thread says are added apart.)"""
    ws = f.words
    out = ["w:" + w for w in set(ws)]
    out.extend({"b:" + a + "_" + b for a, b in zip(ws, ws[1:])})
    if ws:
        out.append("first:" + ws[0])
    out.extend(shape_features(f, text))
    out.append("bd:para" if boundary == PARAGRAPH else "bd:line" if boundary == LINE else "bd:sent")
    return out


#: a unit of at most this many words is read with its paragraph's words too (an address line, a
#: heading); a longer one stands on its own, so an answer sentence sharing a paragraph with a
#: review sentence is not pulled along by that sentence's words
CONTEXT_WORDS = 8


def uses_paragraph(f: UnitFacts) -> bool:
    return len(f.words) <= CONTEXT_WORDS


def paragraph_features(words_of_paragraph: Sequence[str], n_units: int) -> list[str]:
    out = ["p:" + w for w in set(words_of_paragraph)]
    out.append("pn:1" if n_units == 1 else "pn:2" if n_units <= 3 else "pn:4")
    return out


def positions(units: Sequence[Unit], facts: Sequence[UnitFacts], scored: Sequence[bool]) -> list[tuple[str, ...]]:
    """Position features of every unit, counted over the units that are scored (not quoted)."""
    idx = [i for i, s in enumerate(scored) if s]
    n = len(idx)
    out: list[list[str]] = [[] for _ in units]
    if not n:
        return out
    first_greeting = next((i for i in idx if facts[i].greeting), None)
    last_signoff = None
    for i in idx:
        if facts[i].signoff:
            last_signoff = i
    last_para = units[idx[-1]].para
    first_para = units[idx[0]].para
    seen_sep = False
    seen_signoff = False
    for rank, i in enumerate(idx):
        u = units[i]
        pos = out[i]
        pos.append(f"pos:q{min(4, rank * 5 // n)}")
        if first_greeting is not None and i < first_greeting:
            pos.append("pos:before_greeting")
        if seen_signoff:
            pos.append("pos:after_signoff")
            if last_signoff is not None and i > last_signoff:
                pos.append("pos:after_last_signoff")
        if seen_sep:
            pos.append("pos:after_separator")
        if u.para == last_para:
            pos.append("pos:last_para")
        if u.para == first_para:
            pos.append("pos:first_para")
        if n - rank <= 3:
            pos.append("pos:last3")
        if facts[i].signoff:
            seen_signoff = True
        if facts[i].separator:
            seen_sep = True
    return [tuple(p) for p in out]
