"""An archive that teaches its cleaner: what the archive repeats becomes training signal.

The shipped model learned from a fixed collection. A real archive holds thousands of messages, and
what an authority repeats across its replies is labelled by the archive itself: a sentence sent in
several different requests is boilerplate; a long sentence sent in one request only, which the
model already reads as content, is content. :func:`learn_from_archive` turns those into examples
and learns a small correction to the shipped weights (a few passes of logistic-regression updates
on the words, word pairs and shape of each unit, pulled back towards zero), so what the archive
taught about one authority's wording carries over to other authorities and to the messages where
a block appears only once. ``reclean`` relearns it from the whole archive and stores it
(:mod:`scraper.archive`), and ``scrape`` cleans with it.

Pure: archive rows in, an :class:`Adaptation` out.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scraper.clean.assemble import CleanContext, decide, prepare, protected
from scraper.clean.memo import ThreadIndex
from scraper.clean.mining import BlockStats, authority_key
from scraper.clean.model import CLASSES, CONTENT, Model

__all__ = ["Adaptation", "learn_from_archive", "adapted"]

#: a repeated unit becomes a boilerplate example; a unit of at least this many words, seen in
#: one request only and read as content with this margin, becomes a content example
MIN_CONTENT_WORDS = 8
EPOCHS = 4
LEARNING_RATE = 0.2
L2 = 0.01
MAX_EXAMPLES = 50_000


@dataclass
class Adaptation:
    """A correction to the shipped weights, learned from one archive."""

    weights: dict[str, tuple[float, ...]] = field(default_factory=dict)
    examples: dict[str, int] = field(default_factory=dict)  #: examples per class name

    def __bool__(self) -> bool:
        return bool(self.weights)


def adapted(model: Model, adaptation: Adaptation | None) -> Model:
    """The model with the archive's correction added to its weights (the model itself unchanged)."""
    if not adaptation:
        return model
    weights = dict(model.weights)
    zero = (0.0,) * len(CLASSES)
    for f, d in adaptation.weights.items():
        w = weights.get(f, zero)
        weights[f] = tuple(a + b for a, b in zip(w, d, strict=False))
    return Model(
        weights,
        model.bias,
        model.transitions,
        model.start,
        content_margin=model.content_margin,
        transition_weight=model.transition_weight,
        min_support=model.min_support,
        prior=model.prior,
        meta={**model.meta, "adapted": True},
        common_words=model.common_words,
    )


def _examples(
    threads: Iterable[Sequence[Mapping[str, Any]]], model: Model, blocks: Mapping[str, BlockStats]
) -> list[tuple[list[str], int]]:
    out: list[tuple[list[str], int]] = []
    for messages in threads:
        earlier: list[str] = []
        kinds: list[str] = []
        index = ThreadIndex()
        for m in messages:
            raw, kind = m.get("raw_text") or "", m.get("kind", "incoming")
            if kind == "incoming" and raw.strip():
                key = authority_key(m.get("site"), m["authority"]) if m.get("authority") else None
                ctx = CleanContext(
                    kind="incoming",
                    authority=m.get("authority"),
                    earlier_messages=tuple(earlier),
                    earlier_kinds=tuple(kinds),
                    authority_blocks=blocks.get(key) if key else None,
                    index=index,
                    model=model,
                )
                prep = prepare(raw, ctx, index, with_features=True)
                classes = decide(prep, model, index)
                forced = protected(prep)
                for i, u in enumerate(prep.units):
                    if not prep.scored[i]:
                        continue
                    info = prep.paras[u.para]
                    text_feats = info.feats[prep.unit_para[i]] + list(info.pfeats)
                    if i in forced:
                        # what the safety net keeps is content (the writer's name, team and
                        # organisation after the sign-off): a lesson, so that the organisation's
                        # name, repeated in its sign-off blocks, is not learned as boilerplate alone
                        # (not a line the signature gave up because the scorer reads it as a block)
                        if classes[i] == CONTENT:
                            out.append((text_feats, CONTENT))
                        continue
                    facts = prep.facts[i]
                    if "r:auth" in prep.extra[i]:
                        # the archive says it repeats, and the model, with that evidence, reads it as
                        # boilerplate: a lesson. Repeated text the model still reads as content (an
                        # authority's own cost-limit sentence, "I trust this answers your request") is
                        # no lesson; nor is anything with a figure or a reference in it.
                        if classes[i] != CONTENT and not (facts.reasoning or facts.date or facts.reference):
                            out.append((text_feats, classes[i]))
                    elif classes[i] == CONTENT and len(facts.words) >= MIN_CONTENT_WORDS:
                        out.append((text_feats, CONTENT))
            if raw.strip():
                earlier.append(raw)
                kinds.append(kind)
    return out


def learn_from_archive(
    threads: Iterable[Sequence[Mapping[str, Any]]], model: Model, blocks: Mapping[str, BlockStats], *, seed: int = 0
) -> Adaptation:
    """Learn a correction from an archive's threads (each a list of message mappings with
    ``site``, ``authority``, ``kind``, ``raw_text``, in order) and what mining found in it.

    Examples: units the archive repeats (``r:auth``) that the model, given that evidence, reads as
    boilerplate teach their words to that class (never a unit with a figure, date, reference or
    exemption reasoning); long units seen once and read as content, and what the safety net keeps
    (greetings, the signature, guarded sentences), teach theirs to content. The correction is fitted on text features only (never on position or evidence),
    so it says "these words are boilerplate", not "this place is"."""
    examples = _examples(threads, model, blocks)
    if not any(label != CONTENT for _f, label in examples):
        return Adaptation()
    rnd = random.Random(seed)
    if len(examples) > MAX_EXAMPLES:
        examples = rnd.sample(examples, MAX_EXAMPLES)
    k = len(CLASSES)
    delta: dict[str, list[float]] = {}
    base = model.weights
    zero = (0.0,) * k
    for _epoch in range(EPOCHS):
        rnd.shuffle(examples)
        for feats, label in examples:
            z = list(model.bias)
            for f in feats:
                w = base.get(f, zero)
                d = delta.get(f)
                for c in range(k):
                    z[c] += w[c] + (d[c] if d else 0.0)
            m = max(z)
            ex = [math.exp(v - m) for v in z]
            total = sum(ex)
            grad = [e / total - (1.0 if c == label else 0.0) for c, e in enumerate(ex)]
            for f in feats:
                d = delta.get(f)
                if d is None:
                    d = delta[f] = [0.0] * k
                for c in range(k):
                    d[c] -= LEARNING_RATE * (grad[c] + L2 * d[c])
    counts = {CLASSES[c]: sum(1 for _f, label in examples if label == c) for c in range(k)}
    weights = {f: tuple(round(v, 4) for v in d) for f, d in delta.items() if max(abs(v) for v in d) >= 0.01}
    return Adaptation(weights, counts)
