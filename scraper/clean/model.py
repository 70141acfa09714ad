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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

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

    def scores(self, features: Sequence[str], base: Sequence[float] | None = None) -> list[float]:
        """Linear scores of one feature list, added to ``base`` (e.g. its paragraph's scores)."""
        get = self.weights.get
        rows = [w for w in map(get, features) if w is not None]
        if base is not None:
            rows.append(tuple(base))
        if not rows:
            return [0.0] * len(CLASSES)
        return [sum(col) for col in zip(*rows)]

    def emission(self, scores: Sequence[float]) -> list[float]:
        """What the decoder adds for each class: the linear score plus the bias, less the class
        prior (so transitions are not counted twice), with the content margin added. This is the
        log-softmax up to a constant per unit, which changes no decision, so none is computed."""
        out = [a + b - c for a, b, c in zip(scores, self.bias, self.prior)]
        out[CONTENT] += self.content_margin
        return out

    def decode(self, emissions: Sequence[Sequence[float]], boundaries: Sequence[int],
               forced: Sequence[int | None]) -> list[int]:
        """The best class sequence (Viterbi); ``forced[i]`` pins unit i to a class."""
        n = len(emissions)
        if n == 0:
            return []
        classes = range(len(CLASSES))
        tw = self.transition_weight
        trans = [[[tw * v for v in row] for row in t] for t in self.transitions]
        # columns: for each class, the transition scores into it from every previous class
        into = [[list(col) for col in zip(*t)] for t in trans]
        back: list[list[int]] = []
        prev = [self.start[c] + emissions[0][c] for c in classes]
        if forced[0] is not None:
            prev = [v if c == forced[0] else _NEG for c, v in enumerate(prev)]
        for i in range(1, n):
            cols = into[boundaries[i]]
            e = emissions[i]
            f = forced[i]
            cur = []
            bp = []
            for c in classes:
                if f is not None and c != f:
                    cur.append(_NEG)
                    bp.append(0)
                    continue
                cand = [p + t for p, t in zip(prev, cols[c])]
                best = max(cand)
                cur.append(best + e[c])
                bp.append(cand.index(best))
            back.append(bp)
            prev = cur
        c = max(classes, key=prev.__getitem__)
        path = [c]
        for bp in reversed(back):
            c = bp[c]
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
    def from_json(cls, d: Mapping[str, Any]) -> "Model":
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


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model:
    """The shipped model (read once per process: it is constant data, not a memo)."""
    return Model.from_json(json.loads(gzip.decompress(path.read_bytes())))
