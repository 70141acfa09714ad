"""Paragraphs as the cleaner knows them: units, facts, features and scores of a paragraph's text,
memoised per thread (replies repeat their disclaimers and review paragraphs; quotes repeat
everything), so a paragraph seen before costs a dictionary lookup. What depends only on a unit's
own text (its facts, most of its score) is memoised per unit text in the same way, since the same
sentence turns up in different paragraphs."""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import TYPE_CHECKING

from scraper.clean.features import (
    F_SHORT,
    RIGHTS_WORDS,
    UnitFacts,
    decides,
    paragraph_features,
    paragraph_rows,
    states_timetable,
    text_features,
    text_rows,
    weight_tables,
)
from scraper.clean.memo import ThreadIndex
from scraper.clean.model import CLASSES, Model
from scraper.clean.text import MIN_KEY, word_lists
from scraper.clean.units import PARAGRAPH, SENTENCE, paragraph_spans, segment_paragraph

if TYPE_CHECKING:
    from scraper.clean.features import WeightTables

__all__ = ["Paragraph", "UnitText", "message_paragraphs", "message_joined_words"]

_ZERO = [0.0] * len(CLASSES)
#: does sum() add floats one after the other (Python 3.11), so that a sum can be carried on from a
#: partial sum with the same result? (Later versions compensate rounding, and lose that.)
SEQUENTIAL_SUM = sum([1e16, 1.0, -1e16]) == 0.0


class UnitText:
    """What is known about one unit's text, wherever it occurs. Its facts are found when first
    asked for: only the units the scorer decides need them."""

    __slots__ = ("text", "plain_words", "words", "key", "long_key", "_facts", "_rows", "_distinct")

    def __init__(self, text: str) -> None:
        self.text = text
        #: its words (:func:`~scraper.clean.text.words`) and, as the scorer reads them, with every digit as 0
        self.plain_words, self.words = word_lists(text)
        self.key = " ".join(self.words)  # as norm_sentence() writes it
        #: the key, when long enough to be compared with what was sent or mined
        self.long_key = self.key if len(self.key) >= MIN_KEY else None
        self._facts: UnitFacts | None = None
        self._rows: tuple[int, list[tuple[float, ...]], list[float] | None] | None = None
        self._distinct: tuple[frozenset[str], frozenset[str]] | None = None

    @property
    def facts(self) -> UnitFacts:
        f = self._facts
        if f is None:
            f = self._facts = UnitFacts(self.text, self.words)
        return f

    @property
    def flags(self) -> int:
        return self.facts.flags

    def rows(self, model: Model, wt: WeightTables) -> tuple[list[tuple[float, ...]], list[float] | None]:
        """The weights of its text features (all but the boundary's), in the scorer's order, and
        their sums (None when no feature has a weight)."""
        got = self._rows
        if got is None or got[0] != id(model):
            rows = text_rows(self.facts, wt)
            got = self._rows = (id(model), rows, list(map(sum, zip(*rows, strict=False))) if rows else None)
        return got[1], got[2]

    def distinct(self, common: frozenset[str]) -> frozenset[str]:
        """Its distinctive words: long enough, not common, not a number."""
        got = self._distinct
        if got is None or got[0] is not common:
            mine = frozenset(w for w in self.words if len(w) >= 4 and w not in common and not w.isdigit())
            got = self._distinct = (common, mine)
        return got[1]


#: what ends a sentence when a paragraph reads its units as sentences (a colon ends a lead-in)
SENTENCE_STOPS = (".", "!", "?", ":")


class Paragraph:
    """What is known about one paragraph's text, whatever message it sits in (memoised per thread:
    replies repeat their disclaimers and review paragraphs, quotes repeat everything)."""

    __slots__ = (
        "pieces",
        "texts",
        "units",
        "bds",
        "rights",
        "scores",
        "words",
        "_feats",
        "_pfeats",
        "_flags",
        "_decisions",
        "_timetable",
    )

    def __init__(self, text: str, unit_table: dict[str, UnitText] | None = None) -> None:
        self.pieces = pieces = segment_paragraph(text)  # (start, end, boundary) within the paragraph
        self.texts = texts = [text[a:b] for a, b, _bd in pieces]
        table = {} if unit_table is None else unit_table
        get = table.get
        units = []
        for t in texts:
            u = get(t)
            if u is None:
                u = table[t] = UnitText(t)
            units.append(u)
        self.units = units
        self.bds = [bd for _a, _b, bd in pieces]
        self.words = list(chain.from_iterable([u.words for u in units]))
        self.rights = not RIGHTS_WORDS.isdisjoint(self.words)
        self.scores: dict[int, list[list[float]]] = {}
        self._feats: list[list[str]] | None = None
        self._pfeats: list[str] | None = None
        self._flags: list[int] | None = None
        self._decisions: list[int] | None = None
        self._timetable: list[int] | None = None

    @property
    def keys(self) -> list[str]:
        """Each unit's key (see :class:`UnitText`)."""
        return [u.key for u in self.units]

    @property
    def lines(self) -> list[bool]:
        """Which units may be read with their paragraph's words (when short: a line of a list, an
        address, a heading): never a sentence that shares its line with others ("I hope this helps. If ...")."""
        bds = [*self.bds, PARAGRAPH]
        return [bds[j] != SENTENCE and bds[j + 1] != SENTENCE for j in range(len(self.bds))]

    @property
    def facts(self) -> list[UnitFacts]:
        return [u.facts for u in self.units]

    @property
    def flags(self) -> list[int]:
        """Each unit's :attr:`UnitFacts.flags`."""
        if self._flags is None:
            self._flags = [u.flags for u in self.units]
        return self._flags

    def decisions(self) -> list[int]:
        """The units that state what the reply decides (:func:`~scraper.clean.features.decides`):
        each sentence is read whole, over the lines it is wrapped on."""
        if self._decisions is None:
            self._decisions = self._sentences_where(decides)
        return self._decisions

    def timetable(self) -> list[int]:
        """The units that state this request's timetable (:func:`~scraper.clean.features.states_timetable`)."""
        if self._timetable is None:
            self._timetable = self._sentences_where(states_timetable)
        return self._timetable

    def _sentences_where(self, test: Callable[[str], bool]) -> list[int]:
        got: list[int] = []
        texts = self.texts
        start = 0
        for j, t in enumerate(texts):
            # a sentence ends with its stop, at the paragraph's end, or (a cap) after eight lines
            if t.rstrip().endswith(SENTENCE_STOPS) or j == len(texts) - 1 or j - start >= 7:
                if test(" ".join(texts[start : j + 1])):
                    got.extend(range(start, j + 1))
                start = j + 1
        return got

    @property
    def context(self) -> list[bool]:
        """Which units are read with their paragraph's words: short lines (:func:`uses_paragraph`)."""
        return [bool(line and u.facts.flags & F_SHORT) for line, u in zip(self.lines, self.units, strict=False)]

    @property
    def feats(self) -> list[list[str]]:
        """Each unit's text features (for training; cleaning sums their weights directly)."""
        if self._feats is None:
            self._feats = [text_features(f, t, bd) for f, t, bd in zip(self.facts, self.texts, self.bds, strict=False)]
        return self._feats

    @property
    def pfeats(self) -> list[str]:
        """The paragraph's features, which a short unit is read with."""
        if self._pfeats is None:
            self._pfeats = paragraph_features(self.words, len(self.pieces))
        return self._pfeats

    def paragraph_score(self, model: Model) -> list[float]:
        """The sums of the weights of :attr:`pfeats`, as :meth:`Model.scores` makes them."""
        prows = paragraph_rows(self.words, len(self.pieces), weight_tables(model))
        return [sum(col) for col in zip(*prows, strict=False)] if prows else list(_ZERO)

    def model_scores(self, model: Model) -> tuple[list[list[float]], list[float]]:
        """Each unit's score (:meth:`unit_scores`) and the paragraph's (:meth:`paragraph_score`)."""
        return self.unit_scores(model), self.paragraph_score(model)

    def unit_scores(self, model: Model) -> list[list[float]]:
        """Each unit's score from its own text (plus its paragraph's, for a short unit): the sums
        :meth:`Model.scores` makes of the same features, in the same order."""
        got = self.scores.get(id(model))
        if got is None:
            got = self.scores[id(model)] = self._unit_scores(model)
        return got

    def _unit_scores(self, model: Model) -> list[list[float]]:
        wt = weight_tables(model)
        ptuple: tuple[float, ...] | None = None  # the paragraph's score, found when a unit needs it
        units = []
        bd_rows = wt.bd
        for u, bd, line in zip(self.units, self.bds, self.lines, strict=False):
            rows, total = u.rows(model, wt)
            w = bd_rows[bd]
            para: tuple[float, ...] | None = None
            if line and u.facts.flags & F_SHORT:
                if ptuple is None:
                    ptuple = tuple(self.paragraph_score(model))
                para = ptuple
            if total is not None and SEQUENTIAL_SUM:
                # sum() adds left to right: go on from the text features' total
                a0, a1, a2, a3, a4 = total
                if w is not None:
                    b0, b1, b2, b3, b4 = w
                    a0, a1, a2, a3, a4 = a0 + b0, a1 + b1, a2 + b2, a3 + b3, a4 + b4
                if para is not None:
                    b0, b1, b2, b3, b4 = para
                    a0, a1, a2, a3, a4 = a0 + b0, a1 + b1, a2 + b2, a3 + b3, a4 + b4
                units.append([a0, a1, a2, a3, a4])
            else:
                rows = rows + ([w] if w is not None else []) + ([para] if para is not None else [])
                units.append([sum(col) for col in zip(*rows, strict=False)] if rows else list(_ZERO))
        return units


def message_joined_words(index: ThreadIndex, text: str) -> str:
    """The :func:`~scraper.clean.text.words` of a message joined by single spaces, with a space at
    each end (for substring tests), gathered from its units: every word of a message lies in one
    of its units, and units are apart by whitespace, so these are the same words."""
    layout = message_paragraphs(index, text)
    return " " + " ".join(chain.from_iterable([u.plain_words for _p0, info in layout for u in info.units])) + " "


def message_paragraphs(index: ThreadIndex, text: str) -> list[tuple[int, Paragraph]]:
    """(offset, paragraph) of every paragraph of a message, memoised per message and paragraph."""
    messages = index.table("message_paragraphs")
    got = messages.get(text)
    if got is not None:
        return got
    table = index.table("paragraphs")
    units = index.table("unit_texts")
    out = []
    for p0, p1 in paragraph_spans(text):
        ptext = text[p0:p1]
        info = table.get(ptext)
        if info is None:
            info = table[ptext] = Paragraph(ptext, units)
        out.append((p0, info))
    messages[text] = out
    return out
