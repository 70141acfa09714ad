"""Paragraphs as the cleaner knows them: units, facts, features and scores of a paragraph's text,
memoised per thread (replies repeat their disclaimers and review paragraphs; quotes repeat
everything), so a paragraph seen before costs a dictionary lookup."""

from __future__ import annotations

from scraper.clean.features import RIGHTS_WORDS, UnitFacts, paragraph_features, text_features, uses_paragraph
from scraper.clean.memo import ThreadIndex
from scraper.clean.mining import norm_sentence
from scraper.clean.model import Model
from scraper.clean.units import PARAGRAPH, SENTENCE, paragraph_spans, segment_paragraph

__all__ = ["Paragraph", "message_paragraphs"]


class Paragraph:
    """What is known about one paragraph's text, whatever message it sits in (memoised per thread:
    replies repeat their disclaimers and review paragraphs, quotes repeat everything)."""

    __slots__ = ("pieces", "texts", "facts", "feats", "pfeats", "keys", "rights", "context", "scores")

    def __init__(self, text: str) -> None:
        self.pieces = segment_paragraph(text)  # (start, end, boundary) within the paragraph
        self.texts = [text[a:b] for a, b, _bd in self.pieces]
        self.facts = [UnitFacts(t) for t in self.texts]
        self.feats = [text_features(f, t, bd) for (_a, _b, bd), t, f in zip(self.pieces, self.texts, self.facts)]
        words = [w for f in self.facts for w in f.words]
        self.pfeats = paragraph_features(words, len(self.pieces))
        self.keys = [" ".join(f.words) for f in self.facts]  # as norm_sentence() writes them
        self.rights = not RIGHTS_WORDS.isdisjoint(words)
        # which units are read with their paragraph's words: short lines of a list, an address, a
        # heading; never a sentence that shares its line with others ("I hope this helps. If ...")
        bds = [bd for _a, _b, bd in self.pieces] + [PARAGRAPH]
        self.context = [uses_paragraph(f) and bds[j] != SENTENCE and bds[j + 1] != SENTENCE
                        for j, f in enumerate(self.facts)]
        self.scores: dict[int, tuple[list[list[float]], list[float]]] = {}

    def model_scores(self, model: Model) -> tuple[list[list[float]], list[float]]:
        """Each unit's score from its own text (plus its paragraph's, for a short unit)."""
        got = self.scores.get(id(model))
        if got is None:
            pscore = model.scores(self.pfeats)
            units = [model.scores(feats, pscore if ctx else None) for feats, ctx in zip(self.feats, self.context)]
            got = self.scores[id(model)] = (units, pscore)
        return got


def message_paragraphs(index: ThreadIndex, text: str) -> list[tuple[int, Paragraph]]:
    """(offset, paragraph) of every paragraph of a message, memoised per message and paragraph."""
    messages = index.table("message_paragraphs")
    got = messages.get(text)
    if got is not None:
        return got
    table = index.table("paragraphs")
    out = []
    for p0, p1 in paragraph_spans(text):
        ptext = text[p0:p1]
        info = table.get(ptext)
        if info is None:
            info = table[ptext] = Paragraph(ptext)
        out.append((p0, info))
    messages[text] = out
    return out
