"""Evidence from the thread: what the requester asked, and what the authority already sent.

An answer talks about what was asked ("rights of way", "holiday lets"); boilerplate never does.
So the share of a unit's distinctive words that also occur in the requester's messages is
strong evidence of content. And a sentence the authority already sent earlier in the same
thread, outside any quote (its disclaimer, its review paragraph), is evidence of boilerplate.
Both are only features: the model learned how much each is worth, with and without a thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scraper.clean.features import EV_THREAD
from scraper.clean.memo import ThreadIndex
from scraper.clean.quotes import quote_regions
from scraper.clean.site import find_site_footer
from scraper.clean.text import kept_text, line_table, words
from scraper.clean.units import GREETING

if TYPE_CHECKING:
    from scraper.clean.context import CleanContext
    from scraper.clean.paragraphs import UnitText

__all__ = ["ThreadEvidence", "thread_evidence"]


def _distinctive(ws: Sequence[str], common: frozenset[str]) -> set[str]:
    return {w for w in ws if len(w) >= 4 and w not in common and not w.isdigit()}


def _own_text(text: str) -> str:
    """The requester's own words in an outgoing message: without its greeting, the site's footer
    and the authority's mail it quotes (a follow-up quotes the reply it answers, disclaimer and all)."""
    starts, ends = line_table(text)
    cut = [(starts[a], ends[b]) for a, b, _r in find_site_footer(text, starts, ends)]
    for k in range(min(3, len(starts))):
        if GREETING.match(text[starts[k] : ends[k]]):
            cut.append((starts[k], ends[k]))
    for a, b, _rule in quote_regions(text, starts, ends, None):
        cut.append((starts[a], ends[b]))
    return kept_text(text, cut) if cut else text


def _keys(index: ThreadIndex, text: str) -> frozenset[str]:
    from scraper.clean.paragraphs import message_paragraphs

    return frozenset(
        u.long_key for _p0, info in message_paragraphs(index, text) for u in info.units if u.long_key is not None
    )


def _all_keys(index: ThreadIndex, messages: tuple[str, ...]) -> frozenset[str]:
    """The keys of all the units of ``messages``, memoised per tuple of messages. A thread cleaned
    in order adds a message at a time: the same tuple less its last message is then known, and
    only the last message's keys are added (not every message's keys again for each message)."""
    table = index.table("evidence_all_keys")
    got = table.get(messages)
    if got is None:
        base = table.get(messages[:-1]) if len(messages) > 1 else frozenset()
        todo = messages[-1:] if base is not None else messages
        out = set(base or ())
        for m in todo:
            out |= _message_keys(index, m)
        got = table[messages] = frozenset(out)
    return got


def _message_keys(index: ThreadIndex, text: str) -> frozenset[str]:
    keys = index.table("evidence_keys")
    got = keys.get(text)
    if got is None:
        got = keys[text] = _keys(index, text)
    return got


# words too slight to make a phrase of what was asked ("of the", "for your")
_SLIGHT = frozenset(
    "a an the of to in on for and or at by with from is are was were be been this that these those it its "
    "as if any all not no your you we our my i me us he she they their there can may will would could s t".split()
)


_PHRASE_WORDS = 20_000


def _phrases(ws: Sequence[str], asked: set[str] | None = None) -> set[tuple[str, str, str]]:
    """The requester's three-word phrases: no slight word and no number, and (given ``asked``) at
    least one distinctive word ("council tax reduction"; in "public rights of way" "of" breaks it)."""
    out = set()
    # a request is a few hundred words; a bound keeps a hostile one from filling memory
    for k in range(min(len(ws), _PHRASE_WORDS) - 2):
        a, b, c = ws[k], ws[k + 1], ws[k + 2]
        if (
            a not in _SLIGHT
            and b not in _SLIGHT
            and c not in _SLIGHT
            and not (a.isdigit() or b.isdigit() or c.isdigit())
        ):
            out.add((a, b, c))
    if asked is not None:
        out = {p for p in out if p[0] in asked or p[1] in asked or p[2] in asked}
    return out


class ThreadEvidence:
    __slots__ = ("asked", "sent", "common", "overlap", "phrases", "asking")

    def __init__(
        self,
        asked: set[str] | None,
        sent: frozenset[str],
        common: frozenset[str],
        phrases: frozenset[tuple[str, str, str]] = frozenset(),
    ) -> None:
        self.asked = asked  #: distinctive words of the requester's messages (None: no thread)
        self.sent = sent  #: sentences the authority already sent in this thread
        self.common = common  #: words too common to be distinctive
        self.overlap: dict[str, int] = {}  #: unit text -> its ov: code (memo)
        #: the requester's three-word phrases (see _phrases)
        self.phrases = phrases
        self.asking: dict[str, bool] = {}  #: unit text -> repeats_phrase (memo)

    def repeats_phrase(self, unit: UnitText) -> bool:
        """Does the unit use a three-word phrase of the request (it talks about what was asked)?"""
        phrases, asked = self.phrases, self.asked
        if not phrases or asked is None:
            return False
        got = self.asking.get(unit.text)
        if got is None:
            ws = unit.plain_words
            # every phrase holds an asked word: most units hold none
            got = not asked.isdisjoint(ws) and any((ws[k], ws[k + 1], ws[k + 2]) in phrases for k in range(len(ws) - 2))
            self.asking[unit.text] = got
        return got

    def codes(self, units: Sequence[UnitText]) -> list[int]:
        """Each unit's evidence code (:data:`~scraper.clean.features.OVERLAP_NAMES` for its
        overlap with what was asked, :data:`~scraper.clean.features.EV_THREAD` if the authority
        already sent it in this thread)."""
        asked = self.asked
        if asked is None:
            out = [0] * len(units)
        else:
            out = []
            append = out.append
            overlap, common = self.overlap, self.common
            for unit in units:
                code = overlap.get(unit.text)
                if code is None:
                    mine = unit.distinct(common)
                    if not mine:
                        code = 1  # ov:none
                    else:
                        r = len(mine & asked) / len(mine)
                        code = 2 if r == 0 else 3 if r < 0.34 else 4  # ov:0, ov:lo, ov:hi
                    overlap[unit.text] = code
                append(code)
        sent = self.sent
        if sent:
            for k, unit in enumerate(units):
                key = unit.long_key
                if key is not None and key in sent:
                    out[k] |= EV_THREAD
        return out


def thread_evidence(ctx: CleanContext, index: ThreadIndex, common: frozenset[str]) -> ThreadEvidence:
    """What the earlier messages of ``ctx`` say (memoised per text in the thread's index)."""
    earlier = ctx.earlier_messages
    if not earlier:
        return ThreadEvidence(None, frozenset(), common)
    kinds = list(ctx.earlier_kinds) if len(ctx.earlier_kinds) == len(earlier) else []
    memo = index.table("evidence")
    # everything the evidence is made of, so an index shared by several threads (or messages
    # cleaned out of order) never hands one thread's evidence to another
    key = (tuple(earlier), tuple(kinds), ctx.authority, common)
    hit = memo.get(key)
    if hit is not None:
        return hit
    words_table = index.table("evidence_words")
    asked: set[str] = set()
    if kinds:
        mine = [m for m, k in zip(earlier, kinds, strict=False) if k == "outgoing"]
        theirs = [m for m, k in zip(earlier, kinds, strict=False) if k == "incoming"]
    else:
        mine, theirs = list(earlier[:1]), []
    candidates: set[tuple[str, str, str]] = set()
    for m in mine:
        seen = words_table.get(m)
        if seen is None or seen[0] is not common:
            ws = words(_own_text(m))
            seen = words_table[m] = (common, _distinctive(ws, common), _phrases(ws))
        asked |= seen[1]
        candidates |= seen[2]
    # the authority's own name is in every request ("Dear Aberdeen City Council"): it says nothing
    # of what was asked, and every one of its blocks names it
    if ctx.authority:
        asked -= set(words(ctx.authority.replace("_", " ")))
    phrases = {p for p in candidates if p[0] in asked or p[1] in asked or p[2] in asked}
    sent: frozenset[str] = frozenset()
    if theirs:
        sent = _all_keys(index, tuple(theirs)) - _all_keys(index, tuple(mine))
    ev = ThreadEvidence(asked, sent, common, frozenset(phrases))
    # the same question asked again (same requester's words): the overlap memo carries over
    for other in memo.values():
        if other.asked == asked and other.common is common:
            ev.overlap = other.overlap
            if other.phrases == ev.phrases:
                ev.asking = other.asking
            break
    memo[key] = ev
    return ev
