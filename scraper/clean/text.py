"""Text primitives of the clean step: line tables, words, whitespace tidying, span removal."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import accumulate
from operator import add

from scraper.models import Stripped

_BLANK_RUN = re.compile(r"\n\n\n+")  # (not \n{3,}: a literal start lets the engine skip ahead)


#: the shortest sentence key (:func:`scraper.clean.mining.norm_sentence`) that mining counts
MIN_KEY = 15


def tidy(text: str) -> str:
    """Tidy whitespace deterministically.

    Line endings become ``\\n``; trailing whitespace is removed from every line; every run of
    whitespace-only lines becomes one empty line; leading and trailing blank lines are removed.
    Leading indentation and everything else are kept.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(map(str.rstrip, text.split("\n")))  # whitespace-only lines become empty
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


def remove_spans(raw_text: str, spans: Iterable[Stripped]) -> str:
    """raw_text without the given (sorted, non-overlapping) spans."""
    out: list[str] = []
    pos = 0
    for s in spans:
        out.append(raw_text[pos : s.start])
        pos = s.end
    out.append(raw_text[pos:])
    return "".join(out)


def kept_text(text: str, removed: Iterable[tuple[int, int]]) -> str:
    """text without the given character ranges (any order, may overlap)."""
    out = []
    pos = 0
    for s, e in sorted(removed):
        if s > pos:
            out.append(text[pos:s])
        pos = max(pos, e)
    out.append(text[pos:])
    return "".join(out)


# The only characters outside ASCII that a case-insensitive pattern of ASCII letters matches, other
# than through str.lower(): dotted capital I, dotless i and long s ("K", the Kelvin sign, lowers to k).
_FOLDED = ("\u0130", "\u0131", "\u017f")


def may_match_folded(text: str, low: str, needles: Iterable[str]) -> bool:
    """Can a case-insensitive pattern, each of whose matches contains one of ``needles`` (lower-case
    ASCII letters, spaces and hyphens), match ``text`` (whose lower case is ``low``)? A cheap test
    before the pattern: False means it cannot."""
    return any(map(low.__contains__, needles)) or any(map(text.__contains__, _FOLDED))


def ascii_lower(text: str) -> str:
    """``text`` with A-Z lower-cased and every other character in place: for finding ASCII words
    case-insensitively, where it finds exactly what ``text.lower()`` would, at the same offsets,
    and several times faster on text that is not all ASCII. (Where the text holds one of the two
    characters that lower() turns into ASCII letters or into two characters, it is lower().)"""
    if text.isascii() or "\u0130" in text or "\u212a" in text:
        return text.lower()
    return text.encode("utf-8").lower().decode("utf-8")


def line_table(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets (newline excluded) of every line."""
    lengths = list(map(len, text.split("\n")))
    starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=0))
    ends = list(map(add, starts, lengths))
    return starts, ends


# bytes.translate tables for :func:`words`: ASCII letters and digits stay, other ASCII bytes become
# spaces, and the bytes of non-ASCII characters stay (so "ŵyl" or "café" stay one word).
_KEEP = bytes(c if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128) else 32 for c in range(256))
_KEEP_DIGITS_AS_0 = bytes(48 if 48 <= c <= 57 else c for c in _KEEP)
_DIGITS_AS_0 = bytes(48 if 48 <= c <= 57 else c for c in range(256))
# non-ASCII punctuation that must separate words like ASCII punctuation does
_PUNCT = "\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u00b7\u00a3\u20ac\u00ab\u00bb\u2026\u00a0\u00a9\u2122\u00ae\u25cf\u25aa\u2192\uf0b7"
_LINK_MARK = re.compile(r"\[\d+\]")


def _low(text: str) -> str:
    low = text.lower()
    if not low.isascii():
        for ch in _PUNCT:
            if ch in low:
                low = low.replace(ch, " ")
    if "[" in low:
        low = _LINK_MARK.sub(" ", low)
    return low


def words(text: str) -> list[str]:
    """Lower-case words (letters and digits, any script), link markers ``[n]`` dropped."""
    return _low(text).encode("utf-8").translate(_KEEP).decode("utf-8", "ignore").split()


def feature_words(text: str) -> list[str]:
    """:func:`words` with every digit written as 0 (so reference numbers and dates generalise)."""
    return _low(text).encode("utf-8").translate(_KEEP_DIGITS_AS_0).decode("utf-8", "ignore").split()


def word_lists(text: str) -> tuple[list[str], list[str]]:
    """:func:`words` and :func:`feature_words` of one text, lower-cased once."""
    kept = _low(text).encode("utf-8").translate(_KEEP)
    plain = kept.decode("utf-8", "ignore").split()
    zeroed = kept.translate(_DIGITS_AS_0)
    # without a digit the two lists are the same: one list serves both (neither is ever changed)
    return plain, plain if zeroed == kept else zeroed.decode("utf-8", "ignore").split()
