"""Putting the layers together: one message in, its clean text and every stripped span out.

1. The site's own text (:mod:`scraper.clean.site`): the outgoing-mail footer, page chrome.
2. Quoted history (:mod:`scraper.clean.quotes`), removed where it matches an earlier message.
3. The scorer (:mod:`scraper.clean.model`) on every remaining unit of an authority's message:
   content, complaint_rights, disclaimer, signoff_block or other_boilerplate, decided for the
   whole message at once so blocks come out whole.
4. The safety net: greetings, sign-off lines, amounts and tables are content whatever the
   scores say, and a message is never emptied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from scraper.clean.evidence import thread_evidence
from scraper.clean.features import UnitFacts, positions
from scraper.clean.paragraphs import Paragraph, message_paragraphs
from scraper.clean.memo import ThreadIndex
from scraper.clean.mining import BlockStats, repeat_features
from scraper.clean.model import CLASSES, CONTENT, Model, load_model
from scraper.clean.quotes import find_quotes
from scraper.clean.site import find_page_chrome, find_references, find_site_footer, references_region
from scraper.clean.text import line_table, remove_spans, tidy
from scraper.clean.units import PARAGRAPH, SENTENCE, Unit
from scraper.models import Stripped

__all__ = ["CleanContext", "CleanResult", "Prepared", "prepare", "clean_message", "CATEGORIES"]

CATEGORIES = (
    "quoted",
    "site_footer",
    "disclaimer",
    "complaint_rights",
    "signoff_block",
    "other_boilerplate",
)


@dataclass
class CleanContext:
    """What the cleaner may know beyond the text itself."""

    kind: str = "incoming"  #: outgoing | incoming | annotation
    authority: str | None = None  #: url_name
    earlier_messages: Sequence[str] = ()  #: raw texts of earlier messages of the same thread
    #: their kinds (outgoing / incoming / annotation), when known: the requester's own words and
    #: what the authority already sent in this thread are told apart
    earlier_kinds: Sequence[str] = ()
    authority_blocks: BlockStats | None = None  #: what the archive repeats for this authority
    requester_name: str | None = None
    #: memo shared by the messages of one thread (see :class:`ThreadIndex`); optional
    index: ThreadIndex | None = None
    #: the scorer's weights; None for the shipped model
    model: Model | None = None


@dataclass
class CleanResult:
    clean_text: str
    #: spans removed from raw_text: offsets into raw_text, sorted, non-overlapping
    stripped: list[Stripped]
    #: spans recognised but kept (e.g. quoted text that matches no earlier message)
    labelled: list[Stripped] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "clean_text": self.clean_text,
            "stripped": [s.to_dict() for s in self.stripped],
            "labelled": [s.to_dict() for s in self.labelled],
        }


@dataclass
class Prepared:
    """A message cut into units, with what the fixed layers found and what the scorer will see."""

    text: str
    units: list[Unit]
    facts: list[UnitFacts]
    scored: list[bool]  #: units the scorer decides (not claimed by the fixed layers)
    features: list[list[str]]  #: per unit (empty for units not scored)
    paragraph_features: dict[int, list[str]]
    spans: list[tuple[int, int, str, str]]  #: (start, end, category, rule) from the fixed layers
    labelled: list[tuple[int, int, str]]
    #: paragraphs that speak of reviews, complaints or the Commissioner
    rights_paragraphs: frozenset[int] = frozenset()
    paras: list[Any] = field(default_factory=list)  #: per paragraph: what is known of its text
    unit_para: list[int] = field(default_factory=list)  #: each unit's place in its paragraph
    positions: list[tuple[str, ...]] = field(default_factory=list)  #: position features per unit
    extra: list[tuple[str, ...]] = field(default_factory=list)  #: thread and archive evidence per unit


def prepare(raw_text: str, ctx: CleanContext, index: ThreadIndex | None = None, *,
            with_features: bool = False) -> Prepared:
    """Everything before the scorer's decision (shared by cleaning and training). With
    ``with_features`` every scored unit's feature strings are listed (training reads them;
    cleaning only needs the scores, which are memoised per paragraph)."""
    text = raw_text
    index = index or ctx.index or ThreadIndex()
    starts, ends = line_table(text)
    low = text.lower()
    spans: list[tuple[int, int, str, str]] = []
    footer = find_site_footer(text, starts, ends, low)
    for a, b, rule in footer:
        spans.append((starts[a], ends[b], "site_footer", rule))
    for a, b, rule in find_page_chrome(text, starts, ends, low):
        spans.append((starts[a], ends[b], "other_boilerplate", rule))
    refs = references_region(text, starts, ends)
    labelled: list[tuple[int, int, str]] = []
    if ctx.kind != "annotation":
        removed_q, labelled = find_quotes(text, ctx.earlier_messages, starts, ends, index, ctx.requester_name, low,
                                          claimed=[(a, b) for a, b, _r in footer])
        spans.extend((s, e, "quoted", rule) for s, e, rule in removed_q)
    units: list[Unit] = []
    facts: list[UnitFacts] = []
    paras: list[Paragraph] = []
    unit_para: list[int] = []  # position of each unit in its paragraph
    for pn, (p0, info) in enumerate(message_paragraphs(index, text)):
        paras.append(info)
        for j, (a, b, bd) in enumerate(info.pieces):
            units.append(Unit(len(units), p0 + a, p0 + b, pn, bd, info.texts[j]))
            unit_para.append(j)
        facts.extend(info.facts)
    taken = sorted([(s, e) for s, e, _c, _r in spans] + refs)
    scored = _outside(units, taken)
    if ctx.kind != "incoming" or is_delivery_failure(text):
        scored = [False] * len(units)
    rights = frozenset(pn for pn, info in enumerate(paras) if info.rights)
    prep = Prepared(text, units, facts, scored, [], {}, spans, labelled, rights)
    prep.paras = paras
    prep.unit_para = unit_para
    if not any(scored):
        return prep
    model = ctx.model or load_model()
    prep.positions = positions(units, facts, scored)
    evidence = thread_evidence(ctx, index, model.common_words)
    blocks = ctx.authority_blocks
    extra: list[list[str]] = []
    for i, u in enumerate(units):
        if not scored[i]:
            extra.append(())
            continue
        info, j = paras[u.para], unit_para[i]
        key = info.keys[j]
        ev = evidence.features(u.text, key, facts[i].words)
        if blocks is not None:
            ev = ev + repeat_features(blocks, key)
        extra.append(tuple(ev))
    prep.extra = extra
    if with_features:
        prep.features = [info_feats + list(p) + list(e) if s else []
                         for info_feats, p, e, s in zip((paras[u.para].feats[unit_para[u.idx]] for u in units),
                                                        prep.positions, extra, scored)]
        prep.paragraph_features = {pn: info.pfeats for pn, info in enumerate(paras)}
    return prep


# A mail server's report that a message was not delivered: all of it is what the thread needs to
# show (what failed and why), so the scorer leaves it alone.
_DELIVERY_FAILURE = re.compile(
    r"could not be delivered|delivery (?:has )?failed|undeliverable|delivery status notification|"
    r"mail delivery (?:subsystem|system)|mailer-daemon|returned mail|message not delivered|"
    r"permanent (?:fatal )?error|delivery to the following recipients? failed|address rejected",
    re.IGNORECASE,
)


def is_delivery_failure(text: str) -> bool:
    """Does the message open as a mail server's delivery-failure report?"""
    return _DELIVERY_FAILURE.search(text[:800]) is not None


def _outside(units: list[Unit], taken: list[tuple[int, int]]) -> list[bool]:
    """For each unit (in order), is it clear of every taken range? Linear: both lists are sorted."""
    out = []
    j = 0
    for u in units:
        while j < len(taken) and taken[j][1] <= u.start:
            j += 1
        k = j
        clear = True
        while k < len(taken) and taken[k][0] < u.end:
            if taken[k][1] > u.start:
                clear = False
                break
            k += 1
        out.append(clear)
    return out


def decide(prep: Prepared, model: Model, index: ThreadIndex | None = None) -> list[int]:
    """The class of every scored unit (CONTENT for the rest)."""
    idx = [i for i, s in enumerate(prep.scored) if s]
    if not idx:
        return [CONTENT] * len(prep.units)
    combos = (index or ThreadIndex()).table(("feature_sets", id(model)))
    forced_units = protected(prep)
    emissions = []
    boundaries = []
    forced: list[int | None] = []
    prev = -2
    units, facts, paras, unit_para = prep.units, prep.facts, prep.paras, prep.unit_para
    positions_, extra = prep.positions, prep.extra
    offset = model.emission([0.0] * len(CLASSES))  # bias, prior and margin, the same for every unit
    rights = prep.rights_paragraphs
    para_scores = {}
    for i in idx:
        u = units[i]
        f = facts[i]
        pn = u.para
        unit_scores = para_scores.get(pn)
        if unit_scores is None:
            unit_scores = para_scores[pn] = paras[pn].model_scores(model)[0]
        context = positions_[i] + extra[i]
        cs = combos.get(context)
        if cs is None:
            cs = combos[context] = [a + b for a, b in zip(model.scores(context), offset)]
        emissions.append([a + b for a, b in zip(unit_scores[unit_para[i]], cs)])
        # a unit after a stretch the fixed layers took starts afresh: treat it as a new paragraph
        boundaries.append(u.boundary if prev == i - 1 else PARAGRAPH)
        prev = i
        forced.append(CONTENT if i in forced_units else None)
    path = model.decode(emissions, boundaries, forced)
    _drop_weak_runs(path, emissions, boundaries, model.min_support)
    _rules_join_blocks(path, [facts[i].separator for i in idx], boundaries)
    _headings_join_blocks(path, [_is_heading(facts[i], units[i].text) and forced[k] is None
                                 for k, i in enumerate(idx)], boundaries, emissions)
    out = [CONTENT] * len(prep.units)
    for i, c in zip(idx, path):
        out[i] = c
    return out


_REPEAT = frozenset(("r:auth", "r:cross", "r:thread"))


def _runs(prep: Prepared, classes: list[int]) -> list[tuple[int, int, str, str]]:
    """One span per run of units of one boilerplate class. The rule says what decided it: the
    scorer, and whether the archive or the thread had seen the text before (``+repeated``)."""
    out = []
    run: list[int] = []
    for i, c in enumerate(classes + [CONTENT]):
        if run and (i == len(classes) or c != classes[run[0]] or not prep.scored[i]):
            cat = CLASSES[classes[run[0]]]
            seen = any(not _REPEAT.isdisjoint(prep.extra[k]) for k in run)
            out.append((prep.units[run[0]].start, prep.units[run[-1]].end, cat,
                        f"{cat}:scorer" + ("+repeated" if seen else "")))
            run = []
        if i < len(classes) and c != CONTENT and prep.scored[i]:
            run.append(i)
    return out


def protected(prep: Prepared) -> set[int]:
    """Units that are content whatever the scores: greetings, sign-off lines, the signature after
    them, amounts, table rows, the writer's courtesies ("I hope this helps."), what an
    acknowledgement says about this request."""
    signature = _signature(prep)
    out = set(signature)
    for i, f in enumerate(prep.facts):
        if (f.greeting or f.signoff or f.money or f.table or f.courtesy
                or (f.ack_fact and prep.units[i].para not in prep.rights_paragraphs)):
            out.add(i)
    return out


def _drop_weak_runs(path: list[int], emissions: list[list[float]], boundaries: list[int], min_support: float) -> None:
    """Give back to content every run of one boilerplate class whose units, on average, the
    model does not prefer to content by ``min_support`` (log odds): the decoder may carry a
    block over weak neighbours, never make a block out of weak units alone."""
    n = len(path)
    i = 0
    while i < n:
        c = path[i]
        if c == CONTENT:
            i += 1
            continue
        j = i
        while j + 1 < n and path[j + 1] == c:
            j += 1
        support = sum(emissions[k][c] - emissions[k][CONTENT] for k in range(i, j + 1)) / (j - i + 1)
        if support < min_support:
            for k in range(i, j + 1):
                path[k] = CONTENT
        i = j + 1


def _rules_join_blocks(path: list[int], separator: list[bool], boundaries: list[int]) -> None:
    """A rule line (----, ****) next to a block belongs to it: the one after a block closes it, the
    one before a block opens it, so the rules around a disclaimer go with the disclaimer."""
    n = len(path)
    for k in range(n):
        if not separator[k] or path[k] != CONTENT:
            continue
        before = path[k - 1] if k > 0 and boundaries[k] != SENTENCE else CONTENT
        j = k + 1
        while j < n and separator[j]:
            j += 1
        after = path[j] if j < n else CONTENT
        if before != CONTENT and (after == before or j == n or after == CONTENT):
            path[k] = before
        elif after != CONTENT:
            path[k] = after


def _is_heading(f: UnitFacts, text: str) -> bool:
    """A short line that names what follows ("Review Procedure", "YOUR RIGHTS", "Find us at:")."""
    return (len(f.words) <= 6 and not text.rstrip().endswith((".", "?", "!", ","))
            and (f.caps or f.colon or text.istitle()))


def _headings_join_blocks(path: list[int], heading: list[bool], boundaries: list[int],
                          emissions: list[list[float]]) -> None:
    """A heading kept as content right above a block, on its own line, belongs to the block, unless
    the model is sure it is content (a name, a title of the answer)."""
    for k in range(len(path) - 2, -1, -1):
        c = path[k + 1]
        if (heading[k] and path[k] == CONTENT and c != CONTENT and boundaries[k + 1] != SENTENCE
                and emissions[k][c] - emissions[k][CONTENT] > -1.5):
            path[k] = c


def _signature(prep: Prepared) -> set[int]:
    """Units of the signature: the short lines after a sign-off line ("Yours sincerely"), in its
    paragraph or the next, up to the first line that looks like contact details or a link."""
    out: set[int] = set()
    units, facts = prep.units, prep.facts
    for i, f in enumerate(facts):
        if not f.signoff or not prep.scored[i]:
            continue
        para = units[i].para
        # the next paragraph too, when the sign-off ends its own ("Yours sincerely\n\nJo Bloggs")
        alone = i + 1 >= len(units) or units[i + 1].para != para
        for j in range(i + 1, min(len(units), i + 5)):
            u, g = units[j], facts[j]
            if u.para != para and not (alone and u.para == para + 1):
                break
            if (len(u.text) > 60 or g.url or g.email or g.phone or g.postcode or g.handle or g.separator
                    or g.signoff or g.colon or (g.caps and len(g.words) >= 2) or not prep.scored[j]):
                break  # contact details, a link, or the heading of what follows
            out.add(j)
    return out


def clean_message(raw_text: str, context: CleanContext | None = None) -> CleanResult:
    """Clean one message: the text without boilerplate, plus what was stripped and why."""
    ctx = context or CleanContext()
    text = raw_text
    if not text.strip():
        return CleanResult(tidy(text), [], [])
    index = ctx.index or ThreadIndex()
    prep = prepare(text, ctx, index)
    model = ctx.model or load_model()
    classes = decide(prep, model, index)
    spans = list(prep.spans)
    spans.extend(_runs(prep, classes))
    spans = _merge(text, spans)
    starts, ends = line_table(text)
    refs = find_references(text, starts, ends, [(s, e) for s, e, _c, _r in spans])
    if refs:
        spans = _merge(text, spans + [(s, e, "other_boilerplate", r) for s, e, r in refs])
    clean = tidy(remove_spans(text, [Stripped(s, e, c, r) for s, e, c, r in spans]))
    for give_back in _GIVE_BACK:
        if clean.strip():
            break
        spans = [sp for sp in spans if sp[2] != give_back]
        clean = tidy(remove_spans(text, [Stripped(s, e, c, r) for s, e, c, r in spans]))
    if not clean.strip():
        spans = []
        clean = tidy(text)
    labelled = [Stripped(s, e, "quoted", r) for s, e, r in prep.labelled]
    return CleanResult(clean, [Stripped(s, e, c, r) for s, e, c, r in spans], labelled)


# Order in which the safety net gives categories back when a message would be emptied.
_GIVE_BACK = ("other_boilerplate", "signoff_block", "complaint_rights", "disclaimer", "quoted", "site_footer")


def _merge(text: str, spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Sort, resolve overlaps (earlier start wins, then longer), and join neighbours of one rule.

    Two spans of the same category and rule separated only by whitespace become one span that
    includes that whitespace.
    """
    spans = sorted((s for s in spans if s[1] > s[0]), key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, int, str, str]] = []
    for s, e, c, r in spans:
        if out and s < out[-1][1]:
            ps, pe, pc, pr = out[-1]
            if e > pe:
                out[-1] = (ps, e, pc, pr) if c == pc else (ps, pe, pc, pr)
                if c != pc:
                    out.append((pe, e, c, r))
            continue
        if out and out[-1][2] == c and out[-1][3] == r and not text[out[-1][1] : s].strip():
            out[-1] = (out[-1][0], e, c, r)
            continue
        out.append((s, e, c, r))
    return out
