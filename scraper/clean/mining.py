"""Mining: what an archive repeats, as evidence for the scorer.

An authority sends the same review paragraph, disclaimer and sign-off lines on every request,
while its answers differ from request to request; and many authorities send the same regulator's
address. So a sentence an authority repeats across several different requests, or one that many
authorities send, is very likely boilerplate. Mining counts both over an archive's incoming
messages and hands the scorer two features (``r:auth``, ``r:cross``) whose weights were learned
with the rest of the model.

What is mined is keyed by (site, authority): two Alaveteli sites may share an authority's
``url_name`` and request ids. Text that the archive's own outgoing messages contain (a request
sent to many authorities, quoted back by each) is never counted: quoting a request back is
``quoted``, not boilerplate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scraper.clean.features import EV_AUTH, EV_CROSS
from scraper.clean.text import MIN_KEY, feature_words
from scraper.clean.units import segment

if TYPE_CHECKING:
    from scraper.clean.paragraphs import UnitText

__all__ = ["BlockStats", "mine_authority_blocks", "repeat_codes", "norm_sentence", "authority_key"]


def norm_sentence(s: str) -> str:
    """A sentence as mining compares it: its words, lower case, every digit as 0."""
    return " ".join(feature_words(s))


def authority_key(site: str | None, authority: str) -> str:
    """The key mining uses for an authority: its url_name, prefixed by its site when known."""
    return f"{site} {authority}" if site else authority


@dataclass
class BlockStats:
    """Sentences that recur across different requests of one authority, and across authorities."""

    authority: str
    min_requests: int = 3
    #: normalised sentence -> number of distinct requests it occurs in (only those >= min_requests)
    counts: dict[str, int] = field(default_factory=dict)
    n_requests: int = 0
    #: normalised sentence -> number of distinct authorities sending it (only those >= min_authorities)
    cross: dict[str, int] = field(default_factory=dict)

    def is_repeated(self, key: str) -> bool:
        return self.counts.get(key, 0) >= self.min_requests

    def to_dict(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "min_requests": self.min_requests,
            "counts": self.counts,
            "n_requests": self.n_requests,
            "cross": self.cross,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> BlockStats:
        return cls(
            authority=str(d["authority"]),
            min_requests=int(d.get("min_requests", 3)),
            counts={str(k): int(v) for k, v in d.get("counts", {}).items()},
            n_requests=int(d.get("n_requests", 0)),
            cross={str(k): int(v) for k, v in d.get("cross", {}).items()},
        )


def repeat_codes(blocks: BlockStats, units: Sequence[UnitText]) -> list[int]:
    """For each unit, ``r:auth`` (EV_AUTH) if the archive saw its sentence (its key, as
    :func:`norm_sentence` writes it) in several of the authority's requests, ``r:cross``
    (EV_CROSS) if from several authorities."""
    repeated, cross = blocks.is_repeated, blocks.cross
    out = []
    for u in units:
        key = u.long_key  # None when shorter than MIN_KEY
        code = 0
        if key is not None:
            if repeated(key):
                code = EV_AUTH
            if key in cross:
                code |= EV_CROSS
        out.append(code)
    return out


def _unit_keys(raw: str) -> set[str]:
    out = set()
    for u in segment(raw):
        k = norm_sentence(u.text)
        if len(k) >= MIN_KEY:
            out.add(k)
    return out


def mine_authority_blocks(
    rows: Iterable[tuple[str, int | str, str] | Mapping[str, Any]],
    *,
    min_requests: int = 3,
    min_authorities: int = 3,
) -> dict[str, BlockStats]:
    """Count the sentences each authority repeats across different requests.

    ``rows`` are ``(authority, request_id, raw_text)`` tuples, or mappings with those keys and
    optionally ``site`` and ``kind``; typically every message in the archive. Incoming messages
    are counted once per (site, request); outgoing ones only say which sentences are the
    requesters' own (never counted). The result is keyed by :func:`authority_key`.
    """
    seen: dict[str, dict[str, set[tuple[str, str]]]] = {}
    requests: dict[str, set[tuple[str, str]]] = {}
    outgoing: set[str] = set()
    for row in rows:
        if isinstance(row, Mapping):
            authority, request_id, raw = row["authority"], row["request_id"], row["raw_text"]
            site, kind = row.get("site"), row.get("kind", "incoming")
        else:
            authority, request_id, raw = row
            site, kind = None, "incoming"
        if not raw:
            continue
        if kind == "outgoing":
            outgoing |= _unit_keys(raw)
            continue
        if kind != "incoming" or not authority:
            continue
        key = authority_key(site, authority)
        rid = (site or "", str(request_id))
        requests.setdefault(key, set()).add(rid)
        table = seen.setdefault(key, {})
        for k in _unit_keys(raw):
            table.setdefault(k, set()).add(rid)
    by_authorities: dict[str, int] = {}
    for table in seen.values():
        for k in table:
            by_authorities[k] = by_authorities.get(k, 0) + 1
    cross = {k: n for k, n in by_authorities.items() if n >= min_authorities and k not in outgoing}
    out: dict[str, BlockStats] = {}
    for key, table in seen.items():
        counts = {k: len(v) for k, v in table.items() if len(v) >= min_requests and k not in outgoing}
        out[key] = BlockStats(key, min_requests, counts, len(requests.get(key, ())), cross)
    return out
