"""Units: the pieces of a message the scorer decides about.

A message is cut into paragraphs (runs of non-blank lines). Inside a paragraph, a line break is
*soft* when the line was only wrapped (a long line running on into the next) and *hard* otherwise
(an address line, a list item, a heading, a sign-off). The logical lines this gives are cut into
sentences. So a unit is a sentence of prose, or one line of a list-like block, and boilerplate
that shares a paragraph, or even a line, with the answer can be taken out without the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "Unit",
    "SENTENCE",
    "LINE",
    "PARAGRAPH",
    "segment",
    "segment_paragraph",
    "paragraph_spans",
    "GREETING",
    "SIGNOFF_LINE",
    "SEPARATOR",
    "ITEM",
]

# how a unit is separated from the one before it
SENTENCE, LINE, PARAGRAPH = 0, 1, 2


@dataclass(slots=True)
class Unit:
    idx: int
    start: int  #: offset of the first character in the message
    end: int  #: offset after the last character (trailing spaces and newlines excluded)
    para: int  #: paragraph number
    boundary: int  #: SENTENCE, LINE or PARAGRAPH: what separates it from the unit before
    text: str

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Unit {self.idx} p{self.para} {self.text[:40]!r}>"


GREETING = re.compile(
    r"^[\s>]*(?:dear|hello|hi|good (?:morning|afternoon|evening)|to whom it may concern|annwyl|bore da|prynhawn da|"
    r"a charaid|a chara|a bhana-charaid)\b",
    re.IGNORECASE,
)
_SIGNOFF = (
    r"(?:yours (?:sincerely|faithfully|truly|ever)|(?:(?:kind|best|warm|warmest|many) )?regards|"
    r"with (?:kind |best |warm |warmest |good |many )?(?:regards|thanks|wishes)|many thanks|thanks(?: again)?|"
    r"thank you|(?:best|kind|warm|warmest|good) wishes|all the best|sincerely|"
    r"cheers|yn gywir|yr eiddoch yn gywir|cofion(?: gorau| cynnes)?|diolch(?: yn fawr)?|le meas|"
    # Welsh "all the best", "goodbye", "best wishes"
    r"pob hwyl|hwyl fawr|dymuniadau gorau|pob dymuniad da|"
    # Welsh "with best wishes", "with thanks", "with regards"
    r"gyda (?:dymuniadau gorau|diolch|chofion(?: gorau| cynnes)?)|"
    # Scottish Gaelic and Irish: "with good wishes", "I am, with respect"
    r"(?:le|leis gach) (?:deagh )?dh?[uù]rachd|is mise(?: le meas)?)"
)
# "Yours sincerely", "Kind regards, Jo", and bilingual pairs such as "Cofion / Regards"
SIGNOFF_LINE = re.compile(
    r"^[\s>]*" + _SIGNOFF + r"(?:\s*[,.]?\s*[/|]\s*" + _SIGNOFF + r")?"
    r"\s*[,.!]?(?:\s+(?-i:[A-Z])[\w.'’-]*){0,4}\s*$",
    re.IGNORECASE,
)
SEPARATOR = re.compile(r"^[\s>]*(?:[-_*#=~+.·•|]\s*){5,}$|^[\s>]*--\s*$")

# a paragraph: a run of lines that hold something other than whitespace and quote markers
_NONBLANK = r"(?:[^\S\n]|>)*[^\s>][^\n]*"
_PARAGRAPH = re.compile(r"(?m)^" + _NONBLANK + r"(?:\n" + _NONBLANK + ")*")
# a sentence ends at . ! or ? (with closing quotes or brackets) before a space and a capital, digit,
# bullet or opening quote; the space may be a line break. The stop of an abbreviation that comes
# before a name or a number ends none ("Co. Antrim", "St. Helens", "Dr. Patel", "No. 10").
# (The lookbehinds follow the stop, so they are tried only at a stop, not at every character.)
_NO_END = "".join(rf"(?<!\b{a}\.)" for a in ("Co", "St", "Mr", "Mrs", "Ms", "Dr", "Prof", "Cllr", "No", "Nos"))
_SENTENCE_END = re.compile(r"(?:\." + _NO_END + r"|[!?])[\"'’”)\]]*\s+(?=[\"'‘“(\[•·*\-]?[A-Z0-9\u00c0-\u00de])")
# a list item: a bullet, or a number, letter or roman numeral with a dot or bracket
ITEM = re.compile(r"^[\s>]*(?:[•·*\-–o▪●◦]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|\(?[ivx]{1,4}[.)]\s)")


def _logical_lines(lines: list[str], stripped: list[str], width: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the logical lines of a paragraph (soft-wrapped lines joined), from
    its ``lines``, the same without trailing whitespace (``stripped``) and the longest of those
    (``width``, at least 60: below that every break is hard)."""
    out = []
    pos = start = 0
    last = len(lines) - 1
    short = 0.6 * width
    for k, line in enumerate(lines):
        end = pos + len(line)
        s = stripped[k]
        # a break is hard after a short line (an address, a list, a signature), a line ending in a
        # colon, a rule line, or before a rule line or a list item, and around a line of cells apart
        # by pipes (a signature on one line, "Jo Bloggs | FOI Officer | Exampleshire Council", or a
        # table row); otherwise the line was wrapped
        if (
            k == last
            or len(s) < short
            or len(s.lstrip(" \t>")) < 35
            or s.endswith(":")
            or SEPARATOR.match(lines[k + 1])
            or ITEM.match(lines[k + 1])
            or SEPARATOR.match(line)
            or " | " in s
            or " | " in lines[k + 1]
        ):
            out.append((start, end))
            start = end + 1
        pos = end + 1
    return out


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every paragraph of ``text``."""
    for m in _PARAGRAPH.finditer(text):
        yield m.start(), m.end()


def segment_paragraph(para: str) -> list[tuple[int, int, int]]:
    """(start, end, boundary) of the units of one paragraph, offsets within it; the first unit's
    boundary is PARAGRAPH."""
    out: list[tuple[int, int, int]] = []
    boundary = PARAGRAPH
    if "\n" not in para:
        logical: Iterable[tuple[int, int]] = ((0, len(para)),)
    else:
        lines = para.split("\n")
        trimmed = list(map(str.rstrip, lines))
        width = max(map(len, trimmed))
        logical = _lines(lines) if width < 60 else _logical_lines(lines, trimmed, width)
    for a, b in logical:
        line = para[a:b]
        if len(line) > 60 and (
            ". " in line or ".\n" in line or "? " in line or "! " in line or ".)" in line or ".”" in line
        ):
            cuts = [0]
            cuts.extend(x.end() for x in _SENTENCE_END.finditer(line))
            cuts.append(len(line))
        else:  # no sentence ends inside: the line is one piece
            stripped = line.rstrip()
            if stripped.strip():
                out.append((a + len(line) - len(line.lstrip()), a + len(stripped), boundary))
            boundary = LINE
            continue
        for s, e in zip(cuts, cuts[1:], strict=False):
            piece = line[s:e]
            stripped = piece.rstrip()
            if not stripped.strip():
                continue
            lead = len(piece) - len(piece.lstrip())
            out.append((a + s + lead, a + s + len(stripped), boundary))
            boundary = SENTENCE
        boundary = LINE
    return out


def _lines(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every line of a paragraph (its ``lines``)."""
    out = []
    pos = 0
    for line in lines:
        end = pos + len(line)
        out.append((pos, end))
        pos = end + 1
    return out


def segment(text: str) -> list[Unit]:
    """The units of ``text``, in order."""
    units: list[Unit] = []
    for pn, (p0, p1) in enumerate(paragraph_spans(text)):
        for a, b, bd in segment_paragraph(text[p0:p1]):
            units.append(Unit(len(units), p0 + a, p0 + b, pn, bd, text[p0 + a : p0 + b]))
    return units
