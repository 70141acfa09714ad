"""The scorer: a linear model over unit features, and a sequence decoder over its scores.

The weights are learned by ``scripts/train_clean.py`` from the development collection and
shipped as ``scraper/clean/model.json.gz``; inference is plain Python (a sum of weights per
feature, a softmax, and a Viterbi pass), so cleaning needs no numerical library.

Boilerplate comes in blocks, so a unit's class depends on its neighbours: the decoder adds
transition scores (learned from the collection, separately for a sentence boundary, a line
break and a blank line) and finds the best sequence of classes for the whole message. The
content class gets a margin on top of its score, the one knob that trades recall for precision.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["CLASSES", "CONTENT", "Model", "load_model", "MODEL_PATH"]

CLASSES = ("content", "complaint_rights", "disclaimer", "signoff_block", "other_boilerplate")
CONTENT = 0
MODEL_PATH = Path(__file__).with_name("model.json.gz")
_NEG = -1e9


@dataclass
class Model:
    """Weights per feature (one per class), class biases, transitions and the content margin."""

    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    #: transitions[boundary][previous class][class], boundary 0 sentence, 1 line, 2 paragraph
    transitions: tuple[tuple[tuple[float, ...], ...], ...]
    start: tuple[float, ...]
    content_margin: float = 0.0
    transition_weight: float = 1.0
    #: least average log odds (class over content) of the units of a boilerplate run
    min_support: float = 0.0
    #: log of each class's share of the training units: emissions are posteriors over priors
    prior: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0, 0.0)
    meta: dict[str, Any] = field(default_factory=dict)
    #: words too common in the training units to say what a message is about
    common_words: frozenset[str] = frozenset()
    _compiled: Compiled | None = field(default=None, init=False, repr=False, compare=False)

    def scores(self, features: Sequence[str], base: Sequence[float] | None = None) -> list[float]:
        """Linear scores of one feature list, added to ``base`` (e.g. its paragraph's scores)."""
        get = self.weights.get
        rows = [w for w in map(get, features) if w is not None]
        if base is not None:
            rows.append(tuple(base))
        if not rows:
            return [0.0] * len(CLASSES)
        return [sum(col) for col in zip(*rows, strict=False)]

    def emission(self, scores: Sequence[float]) -> list[float]:
        """What the decoder adds for each class: the linear score plus the bias, less the class
        prior (so transitions are not counted twice), with the content margin added. This is the
        log-softmax up to a constant per unit, which changes no decision, so none is computed."""
        out = [a + b - c for a, b, c in zip(scores, self.bias, self.prior, strict=False)]
        out[CONTENT] += self.content_margin
        return out

    def compiled(self) -> Compiled:
        """Tables derived from the weights (constant data, rebuilt if the weights are replaced)."""
        c = self._compiled
        if c is None or c.weights is not self.weights:
            c = self._compiled = Compiled(self)
        return c

    def decode(
        self, emissions: Sequence[Sequence[float]], boundaries: Sequence[int], forced: Sequence[int | None]
    ) -> list[int]:
        """The best class sequence (Viterbi); ``forced[i]`` pins unit i to a class.

        Where one class is the best predecessor of every class with room to spare (the usual
        case inside a block or an answer: its lead exceeds any difference the transitions can
        make), that step is taken from it alone; the sums and every choice are the same as the
        full step's."""
        n = len(emissions)
        if n == 0:
            return []
        cp = self.compiled()
        trans, into, dominance = cp.trans, cp.into, cp.dominance
        v0, v1, v2, v3, v4 = (a + b for a, b in zip(self.start, emissions[0], strict=False))
        f = forced[0]
        if f is not None:
            v0, v1, v2, v3, v4 = (v if c == f else _NEG for c, v in enumerate((v0, v1, v2, v3, v4)))
        back: list[Any] = []
        append = back.append
        for i in range(1, n):
            b = boundaries[i]
            f = forced[i]
            s, top = 0, v0
            if v1 > top:
                s, top = 1, v1
            if v2 > top:
                s, top = 2, v2
            if v3 > top:
                s, top = 3, v3
            if v4 > top:
                s, top = 4, v4
            d0, d1, d2, d3, d4 = dominance[b][s]
            q = top - (1e-6 + abs(top) * 1e-12)  # a margin for rounding
            if q - v0 > d0 and q - v1 > d1 and q - v2 > d2 and q - v3 > d3 and q - v4 > d4:
                # every class's best predecessor is s: best = top + transition, as the full step finds
                t0, t1, t2, t3, t4 = trans[b][s]
                e0, e1, e2, e3, e4 = emissions[i]
                if f is None:
                    v0 = top + t0 + e0
                    v1 = top + t1 + e1
                    v2 = top + t2 + e2
                    v3 = top + t3 + e3
                    v4 = top + t4 + e4
                    append(s)
                else:
                    cur = [_NEG] * 5
                    cur[f] = top + trans[b][s][f] + emissions[i][f]
                    v0, v1, v2, v3, v4 = cur
                    bp = [0] * 5
                    bp[f] = s
                    append(bp)
                continue
            prev = (v0, v1, v2, v3, v4)
            cols = into[b]
            e = emissions[i]
            cur = []
            bp = []
            for c in _CLASS_RANGE:
                if f is not None and c != f:
                    cur.append(_NEG)
                    bp.append(0)
                    continue
                cand = [p + t for p, t in zip(prev, cols[c], strict=False)]
                best = max(cand)
                cur.append(best + e[c])
                bp.append(cand.index(best))
            append(bp)
            v0, v1, v2, v3, v4 = cur
        last = (v0, v1, v2, v3, v4)
        c = max(_CLASS_RANGE, key=last.__getitem__)
        path = [c]
        for bp in reversed(back):
            c = bp if type(bp) is int else bp[c]
            path.append(c)
        path.reverse()
        return path

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "classes": list(CLASSES),
            "bias": [round(b, 4) for b in self.bias],
            "start": [round(b, 4) for b in self.start],
            "transitions": [[[round(v, 4) for v in row] for row in t] for t in self.transitions],
            "content_margin": self.content_margin,
            "transition_weight": self.transition_weight,
            "min_support": self.min_support,
            "prior": [round(v, 4) for v in self.prior],
            "meta": self.meta,
            "common_words": sorted(self.common_words),
            "weights": {f: [round(v, 3) for v in w] for f, w in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Model:
        if d.get("format") != 1 or tuple(d.get("classes", ())) != CLASSES:
            raise ValueError("not a clean model of format 1")
        return cls(
            weights={f: tuple(w) for f, w in d["weights"].items()},
            bias=tuple(d["bias"]),
            transitions=tuple(tuple(tuple(r) for r in t) for t in d["transitions"]),
            start=tuple(d["start"]),
            content_margin=float(d.get("content_margin", 0.0)),
            transition_weight=float(d.get("transition_weight", 1.0)),
            min_support=float(d.get("min_support", 0.0)),
            prior=tuple(d.get("prior", (0.0,) * len(CLASSES))),
            meta=dict(d.get("meta", {})),
            common_words=frozenset(d.get("common_words", ())),
        )

    def save(self, path: Path) -> None:
        data = json.dumps(self.to_json(), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        path.write_bytes(gzip.compress(data, mtime=0))


_CLASS_RANGE = range(len(CLASSES))


class Compiled:
    """What decoding and scoring derive from a model's weights, computed once per model."""

    def __init__(self, model: Model) -> None:
        assert len(CLASSES) == 5  # the decoder's dominated step is written out for five classes
        self.weights = model.weights
        tw = model.transition_weight
        #: trans[boundary][previous class][class], scaled by the transition weight
        self.trans = tuple(tuple(tuple(tw * v for v in row) for row in t) for t in model.transitions)
        #: into[boundary][class]: the transition scores into the class from every previous class
        self.into = tuple(tuple(tuple(col) for col in zip(*t, strict=False)) for t in self.trans)
        #: dominance[boundary][s][p]: the most that coming from p instead of s can gain on the way
        #: into any class; s is every class's best predecessor when its lead over each p exceeds it
        self.dominance = tuple(
            tuple(
                tuple(float("-inf") if p == s else max(t[p][c] - t[s][c] for c in _CLASS_RANGE) for p in _CLASS_RANGE)
                for s in _CLASS_RANGE
            )
            for t in self.trans
        )
        #: what the emission adds to every unit's score: the bias, less the prior, plus the margin
        self.offset = tuple(model.emission([0.0] * len(CLASSES)))
        #: weights by feature family (prefix stripped), filled by the feature code on first use
        self.tables: dict[str, Any] = {}


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model:
    """The shipped model (read once per process: it is constant data, not a memo)."""
    return Model.from_json(json.loads(gzip.decompress(path.read_bytes())))
