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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from scraper.clean.context import CleanContext
from scraper.clean.evidence import thread_evidence
from scraper.clean.features import (
    EV_AUTH,
    EV_CROSS,
    EV_THREAD,
    EVIDENCE_SHIFT,
    F_ACK,
    F_COURTESY,
    F_GUARD,
    F_HEADING,
    F_POSTAL,
    F_SEPARATOR,
    F_SIGNATURE_END,
    F_SIGNOFF,
    POS_BEFORE_GREETING,
    REGULATOR_NAMED,
    RIGHTS_WORDS,
    UnitFacts,
    context_names,
    keeps_informed,
    points_elsewhere,
    position_codes,
    quotes_reference,
    speaks_of_review,
    speaks_of_rights,
    timetable_if,
)
from scraper.clean.markings import find_markings
from scraper.clean.memo import ThreadIndex
from scraper.clean.mining import repeat_codes
from scraper.clean.model import CLASSES, CONTENT, Model, load_model
from scraper.clean.paragraphs import SENTENCE_STOPS, Paragraph, UnitText, message_paragraphs
from scraper.clean.quotes import find_quotes
from scraper.clean.signature import (
    body_line,
    lone_line,
    name_like,
    named_with_contact,
    one_line_signature,
    one_word_body,
    opens_something_else,
    organisation_line,
    phone_line,
    picture_line,
    sentence_line,
    signature_line,
    signature_lines,
    signed_with_phone,
    signs_for,
    street_address,
    team_line,
    title_line,
)
from scraper.clean.site import find_page_chrome, find_references, find_site_footer, references_region
from scraper.clean.text import ascii_lower, line_table, may_match_folded, remove_spans, tidy
from scraper.clean.units import GREETING, ITEM, LINE, PARAGRAPH, SENTENCE, Unit
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
    """A message cut into units, with what the fixed layers found and what the scorer will see.

    Cleaning reads the compact fields (every unit's paragraph and flags, the scored units' context
    codes); :func:`prepare` also spells the units, their facts and features out, as training and
    the tests read them."""

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
    layout: list[tuple[int, Paragraph]] = field(default_factory=list)  #: (offset, paragraph) in order
    para_of: list[int] = field(default_factory=list)  #: each unit's paragraph number
    flags: list[int] = field(default_factory=list)  #: each unit's UnitFacts.flags
    idx: list[int] = field(default_factory=list)  #: the scored units, in order
    codes: list[int] = field(default_factory=list)  #: context code of each scored unit (see context_names)
    line_starts: list[int] = field(default_factory=list)  #: the text's line table (see line_table)
    line_ends: list[int] = field(default_factory=list)
    #: scored units that use a phrase of the request ("council tax reduction")
    asking: frozenset[int] = frozenset()

    def unit_span(self, i: int) -> tuple[int, int]:
        """Offsets of unit ``i`` in the text."""
        p0, info = self.layout[self.para_of[i]]
        a, b, _bd = info.pieces[self.unit_para[i]]
        return p0 + a, p0 + b


def _prepare(raw_text: str, ctx: CleanContext, index: ThreadIndex) -> Prepared:
    """Everything before the scorer's decision, in the compact form cleaning reads."""
    text = raw_text
    starts, ends = line_table(text)
    low = ascii_lower(text)  # the fixed layers look for ASCII words in it
    spans: list[tuple[int, int, str, str]] = []
    footer = find_site_footer(text, starts, ends, low)
    for a, b, rule in footer:
        spans.append((starts[a], ends[b], "site_footer", rule))
    for a, b, rule in find_page_chrome(text, starts, ends, low):
        spans.append((starts[a], ends[b], "other_boilerplate", rule))
    refs = references_region(text, starts, ends)
    labelled: list[tuple[int, int, str]] = []
    if ctx.kind != "annotation":
        removed_q, labelled = find_quotes(
            text,
            ctx.earlier_messages,
            starts,
            ends,
            index,
            ctx.requester_name,
            low,
            claimed=[(a, b) for a, b, _r in footer],
        )
        spans.extend((s, e, "quoted", rule) for s, e, rule in removed_q)
    layout = message_paragraphs(index, text)
    paras = [info for _p0, info in layout]
    para_of: list[int] = []
    unit_para: list[int] = []  # position of each unit in its paragraph
    for pn, info in enumerate(paras):
        k = len(info.pieces)
        para_of.extend([pn] * k)
        unit_para.extend(range(k))
    n = len(para_of)
    if ctx.kind != "incoming" or is_delivery_failure(text):
        scored = [False] * n
    else:
        taken = sorted([(s, e) for s, e, _c, _r in spans] + refs)
        scored = _outside(_unit_spans(layout), taken) if taken else [True] * n
    rights = frozenset(pn for pn, info in enumerate(paras) if info.rights)
    prep = Prepared(
        text,
        [],
        [],
        scored,
        [],
        {},
        spans,
        labelled,
        rights,
        paras,
        unit_para,
        layout=layout,
        para_of=para_of,
        line_starts=starts,
        line_ends=ends,
    )
    idx = [i for i, s in enumerate(scored) if s] if not all(scored) else list(range(n))
    prep.idx = idx
    if not idx:
        return prep
    if len(idx) == n:  # every unit scored: each paragraph's lists, as they are
        units = list(chain.from_iterable([info.units for info in paras]))
        flags = list(chain.from_iterable([info.flags for info in paras]))
    else:  # only the scored units' flags are read
        units = [paras[para_of[i]].units[unit_para[i]] for i in idx]
        flags = [0] * n
        for i, u in zip(idx, units, strict=False):
            flags[i] = u.flags
    prep.flags = flags
    model = ctx.model or load_model()
    codes = position_codes(
        [para_of[i] for i in idx] if len(idx) < n else para_of, [flags[i] for i in idx] if len(idx) < n else flags
    )
    evidence = thread_evidence(ctx, index, model.common_words)
    ev = evidence.codes(units)
    blocks = ctx.authority_blocks
    if blocks is not None:
        ev = [a | b for a, b in zip(ev, repeat_codes(blocks, units), strict=False)]
    if any(ev):
        codes = [p | e << EVIDENCE_SHIFT for p, e in zip(codes, ev, strict=False)]
    prep.codes = codes
    if evidence.phrases:
        prep.asking = frozenset(i for i, u in zip(idx, units, strict=False) if evidence.repeats_phrase(u))
    return prep


def _unit_spans(layout: list[tuple[int, Paragraph]]) -> list[tuple[int, int]]:
    return [(p0 + a, p0 + b) for p0, info in layout for a, b, _bd in info.pieces]


def prepare(
    raw_text: str, ctx: CleanContext, index: ThreadIndex | None = None, *, with_features: bool = False
) -> Prepared:
    """Everything before the scorer's decision (shared by cleaning and training), with the units,
    their facts, positions and evidence spelled out. With ``with_features`` every scored unit's
    feature strings are listed too (training reads them; cleaning only needs the scores, which
    are memoised per paragraph)."""
    index = index or ctx.index or ThreadIndex()
    prep = _prepare(raw_text, ctx, index)
    text = prep.text
    units: list[Unit] = []
    facts: list[UnitFacts] = []
    for pn, (p0, info) in enumerate(prep.layout):
        for j, (a, b, bd) in enumerate(info.pieces):
            units.append(Unit(len(units), p0 + a, p0 + b, pn, bd, info.texts[j]))
        facts.extend(info.facts)
    assert all(u.text == text[u.start : u.end] for u in units)
    prep.units = units
    prep.facts = facts
    if not prep.idx:
        return prep
    positions: list[tuple[str, ...]] = [()] * len(units)
    extra: list[tuple[str, ...]] = [()] * len(units)
    pos_mask = (1 << EVIDENCE_SHIFT) - 1
    for i, code in zip(prep.idx, prep.codes, strict=False):
        names = context_names(code)
        k = len(context_names(code & pos_mask))
        positions[i], extra[i] = names[:k], names[k:]
    prep.positions = positions
    prep.extra = extra
    if with_features:
        paras, unit_para = prep.paras, prep.unit_para
        prep.features = [
            paras[u.para].feats[unit_para[u.idx]] + list(p) + list(e) if s else []
            for u, p, e, s in zip(units, positions, extra, prep.scored, strict=False)
        ]
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


# One of these is in every match of _DELIVERY_FAILURE (lower case): a cheap test first.
_DELIVERY_WORDS = ("deliver", "mailer-daemon", "returned mail", "permanent", "address rejected")


def is_delivery_failure(text: str) -> bool:
    """Does the message open as a mail server's delivery-failure report?"""
    head = text[:800]
    if not may_match_folded(head, head.lower(), _DELIVERY_WORDS):
        return False
    return _DELIVERY_FAILURE.search(head) is not None


def _outside(units: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[bool]:
    """For each unit (start, end, in order), is it clear of every taken range? Linear: both lists
    are sorted."""
    out = []
    j = 0
    for start, end in units:
        while j < len(taken) and taken[j][1] <= start:
            j += 1
        k = j
        clear = True
        while k < len(taken) and taken[k][0] < end:
            if taken[k][1] > start:
                clear = False
                break
            k += 1
        out.append(clear)
    return out


def decide(prep: Prepared, model: Model, index: ThreadIndex | None = None) -> list[int]:
    """The class of every scored unit (CONTENT for the rest)."""
    idx = prep.idx
    out = [CONTENT] * len(prep.scored)
    if not idx:
        return out
    combos = (index or ThreadIndex()).table(("feature_sets", id(model)))
    emissions: list[tuple[float, ...]] = []
    boundaries: list[int] = []
    add_emission = emissions.append
    add_boundary = boundaries.append
    prev = -2
    last_pn = -1
    paras, para_of, unit_para, flags = prep.paras, prep.para_of, prep.unit_para, prep.flags
    offset = model.compiled().offset  # bias, prior and margin, the same for every unit
    unit_scores: list[list[float]] = []
    bds: list[int] = []
    for i, code in zip(idx, prep.codes, strict=False):
        pn = para_of[i]
        if pn != last_pn:
            info = paras[pn]
            unit_scores = info.unit_scores(model)
            bds = info.bds
            last_pn = pn
        cs = combos.get(code)
        if cs is None:
            cs = combos[code] = [a + b for a, b in zip(model.scores(context_names(code)), offset, strict=False)]
        j = unit_para[i]
        u0, u1, u2, u3, u4 = unit_scores[j]
        c0, c1, c2, c3, c4 = cs
        if flags[i] & F_SEPARATOR:
            # a rule line says nothing by itself: it takes the class of what is around it (and is
            # then given to the block next to it, see _rules_join_blocks)
            add_emission(_NEUTRAL)
        else:
            add_emission((u0 + c0, u1 + c1, u2 + c2, u3 + c3, u4 + c4))
        # a unit after a stretch the fixed layers took starts afresh, and so does one after the
        # writer's closing courtesy ("I trust this response meets your request. However, if you
        # are dissatisfied ..."): treat it as a new paragraph
        add_boundary(bds[j] if prev == i - 1 and not flags[prev] & F_COURTESY else PARAGRAPH)
        prev = i
    forced_units = protected(prep, emissions)
    forced: list[int | None] = (
        [CONTENT if i in forced_units else None for i in idx] if forced_units else [None] * len(idx)
    )
    path = model.decode(emissions, boundaries, forced)
    headed = [k for k, i in enumerate(idx) if flags[i] & F_HEADING and forced[k] is None]
    if headed:
        _rights_under_heading(path, emissions, boundaries, forced, headed, [para_of[i] for i in idx], paras)
    if any(path):  # a block was found: the passes that shape blocks
        # (each scored unit's paragraph and flags, in the order of the path, read by several passes)
        unit_paras = [para_of[i] for i in idx]
        unit_flags = [flags[i] for i in idx]
        _drop_weak_runs(path, emissions, boundaries, model.min_support)
        _runs_within_lines(prep, path, emissions, forced)
        separators = [k for k, i in enumerate(idx) if flags[i] & F_SEPARATOR]
        if separators:
            _rules_join_blocks(path, separators, boundaries)
        headings = _heading_units(prep, path, forced)
        if headings:
            _headings_join_blocks(path, headings, boundaries, emissions)
        if _COMPLAINT_RIGHTS in path:
            _rights_lead_in(path, unit_paras, paras, unit_flags)
            _regulator_address_joins(path, [paras[para_of[i]].units[unit_para[i]] for i in idx], boundaries, forced)
        texts = [paras[para_of[i]].texts[unit_para[i]] for i in idx]
        _headings_head_content(path, texts, boundaries)
        _lead_ins_follow(path, texts, idx)
        _addresses_follow_lead_ins(path, texts, idx, unit_paras, prep.rights_paragraphs)
        if _SIGNOFF_BLOCK in path:
            _names_head_contacts(path, texts, idx, unit_paras, forced, unit_flags)
            _names_again_head_blocks(path, texts, idx, unit_paras, forced, unit_flags)
        for i, c in zip(idx, path, strict=False):
            if c:
                out[i] = c
    return out


_REPEAT = (EV_AUTH | EV_CROSS | EV_THREAD) << EVIDENCE_SHIFT
_NEUTRAL = (0.0,) * len(CLASSES)


def _runs(prep: Prepared, classes: list[int]) -> list[tuple[int, int, str, str]]:
    """One span per run of units of one boilerplate class. The rule says what decided it: the
    scorer, and whether the archive or the thread had seen the text before (``+repeated``)."""
    out = []
    idx, codes = prep.idx, prep.codes
    hits = [i for i, c in enumerate(classes) if c]  # only scored units have a class
    k = 0
    while k < len(hits):
        first = hits[k]
        c = classes[first]
        last = k
        while last + 1 < len(hits) and hits[last + 1] == hits[last] + 1 and classes[hits[last + 1]] == c:
            last += 1
        cat = CLASSES[c]
        seen = any(codes[bisect_left(idx, i)] & _REPEAT for i in hits[k : last + 1])
        out.append(
            (
                prep.unit_span(first)[0],
                prep.unit_span(hits[last])[1],
                cat,
                f"{cat}:scorer" + ("+repeated" if seen else ""),
            )
        )
        k = last + 1
    return out


def protected(prep: Prepared, emissions: Sequence[Sequence[float]] | None = None) -> set[int]:
    """Units that are content whatever the scores: greetings, sign-off lines, the signature after
    them, amounts, table rows, the writer's courtesies ("I hope this helps."), what the reply
    decides ("I have decided to disclose ..."), what an acknowledgement says about this request.
    With the scored units' ``emissions`` (in the order of ``prep.idx``), the signature stops at a
    line the scorer reads as a block that is no name, title or team (see :func:`_signature`)."""
    signature = _signature(prep, emissions)
    out = set(signature)
    if prep.labelled:
        out.update(_quoted_headers(prep))
    rights = prep.rights_paragraphs
    para_of = prep.para_of
    dated: set[int] = set()  # what an acknowledgement says of this request, and its timetable
    for i, fl in enumerate(prep.flags):
        if fl & F_GUARD:
            out.add(i)
        elif (
            fl & F_ACK
            and (para_of[i] not in rights or _before_rights(prep, i))
            # (a banner saying the mail came from outside: "This email has been received from an
            # external party and has been swept for viruses")
            and _FROM_OUTSIDE.search(prep.paras[para_of[i]].texts[prep.unit_para[i]]) is None
        ):
            dated.add(i)
    # talk of what was asked is the answer's, outside the review-and-complaint paragraphs and
    # before the sign-off (after it come the organisation's lines, which may name the topic too)
    if prep.asking:
        flags = prep.flags
        end = next((i for i in prep.idx if flags[i] & F_SIGNOFF), len(flags))
        out.update(i for i in prep.asking if i < end and para_of[i] not in rights)
    # (only in paragraphs the scorer decides about: elsewhere nothing needs protecting)
    holding = set(map(para_of.__getitem__, prep.idx))
    before: set[int] | None = None  # the scored units before the greeting, found when first needed
    first = 0  # the number of the paragraph's first unit
    layout = prep.layout
    signed = next((i for i in prep.idx if prep.flags[i] & F_SIGNOFF), len(prep.flags))
    timetabled = -1  # the last unit that states this request's timetable (an acknowledgement's)
    for pn, (_p0, info) in enumerate(layout):
        if pn in holding:
            # a postscript is the writer's own, wherever it sits ("PS: the plans are also at the library")
            # (the segmenter may make "P.S." a unit of its own)
            if _POSTSCRIPT.match(" ".join(info.texts[:2])):
                out.update(range(first, first + len(info.pieces)))
            # a table laid out with spaces before the sign-off is the answer's, whatever its cells hold
            # ("Mold        Mon to Fri, 9am to 5pm"; in the collection, some 380 such tables before the
            # sign-off are the message's and one a block's)
            if first < signed and pn not in rights and len(info.pieces) >= _TABLE_ROWS:
                out.update(first + j for j in _aligned_rows(info.texts) if first + j < signed)
            decided = info.decisions()
            if decided:
                out.update(first + j for j in decided)
                # a note above the letter's greeting that says where the answer is ("Apologies for
                # the delay - the Clerk was on holiday. The information is in the letter below."):
                # the whole note is the reply's, its apology too
                if before is None:
                    before = {i for i, code in zip(prep.idx, prep.codes, strict=False) if code & POS_BEFORE_GREETING}
                pieces = range(first, first + len(info.pieces))
                if before.issuperset(pieces):
                    out.update(pieces)
                # what a decision introduces ("You may wish to send your request to them:") is
                # the answer's too: the rest of its paragraph, or the next one when it ends its own
                last = decided[-1]
                if info.texts[last].rstrip().endswith(":"):
                    if last + 1 < len(info.pieces):
                        out.update(range(first + last + 1, first + len(info.pieces)))
                    elif pn + 1 < len(layout):
                        nxt = first + len(info.pieces)
                        out.update(range(nxt, nxt + len(layout[pn + 1][1].pieces)))
                elif last + 1 < len(info.pieces) and info.bds[last + 1] == SENTENCE:
                    # and so is what runs on from a pointer elsewhere in its own paragraph ("... that
                    # list is held by the Wales Pension Partnership rather than by us. Requests to the
                    # Partnership are handled by its host authority, ..."): the sentences up to the
                    # next line break, or up to a review paragraph run on after them
                    lead = last
                    while (
                        lead > 0 and lead - 1 in decided and not info.texts[lead - 1].rstrip().endswith(SENTENCE_STOPS)
                    ):
                        lead -= 1
                    if points_elsewhere(" ".join(info.texts[lead : last + 1])):
                        j = last + 1
                        while (
                            j < len(info.pieces)
                            and info.bds[j] == SENTENCE
                            and not speaks_of_rights(info.units[j].words, info.texts[j])
                        ):
                            out.add(first + j)
                            j += 1
            timed = info.timetable()
            if timed and pn in rights:
                # a review paragraph's own timetable is the block's; the time the law allows for this
                # answer, said before the paragraph turns to rights ("The Act requires us to respond
                # within 20 working days. Where we do not, you are entitled to ask for a review"), is not
                since = _rights_from(info)
                # (nor after talk of a review the rights test missed: "you may make representations
                # ... These will be considered by the Chief Executive, who will respond within 40 ...")
                since = next((k for k in range(since) if speaks_of_review(info.texts[k])), since)
                timed = [j for j in timed if j < since]
            if timed:
                dated.update(first + j for j in timed)
            # what speaks of the request's own numbered questions ("We may be able to answer questions
            # 1-13 ...", "Cwestiwn 3"): help text never does (in the collection, some 1,500 such
            # mentions, none in a block)
            out.update(
                first + j
                for j, t in enumerate(info.texts)
                if ("uestion" in t or "estiw" in t) and _NUMBERED_QUESTION.search(t) is not None
            )
            # a sentence before the sign-off that names a month of a year ("Please check the council's
            # website in July 2024.") speaks of this answer's matter: help text seldom dates anything
            # (in the collection, some 19,000 such sentences are the message's, 15 a block's)
            out.update(
                first + j for j, t in enumerate(info.texts) if first + j < signed and _MONTH_YEAR.search(t) is not None
            )
            # which law this request is dealt with under, said as what will be or was done ("We will
            # consider your request under the Freedom of Information Act 2000."): in the collection 63 such
            # sentences are the message's and 4 a block's (the conditional "If you have asked for your own
            # data, we will deal with your request under ..." is help text, and is not matched; on five
            # folds the rule keeps 1 answer line and 4 blocks)
            out.update(
                first + j
                for j, t in enumerate(info.texts)
                if first + j < signed and "equest" in t and _REGIME.match(t) is not None
            )
            if pn not in rights:
                out.update(first + j for j in _labelled_facts(info))
                # what may yet happen to that timetable, said right after it ("If we need you to
                # clarify anything, we will contact you"), and the request to quote its reference
                for j, t in enumerate(info.texts):
                    if (
                        first + j - 1 in dated
                        and first + j not in dated
                        and (timetable_if(t) or quotes_reference(t) or keeps_informed(t))
                        and not (j == 0 and _help_follows(prep, emissions, first, len(info.pieces), out | dated))
                    ):
                        dated.add(first + j)
            if timed:
                timetabled = first + timed[-1]
        first += len(info.pieces)
    if timetabled >= 0 and emissions is not None:
        out -= _cost_help(prep, emissions, out - dated, timetabled, signed)
    # a table's cell wrapped onto the next line ("| session the PA works, and reviews") is the table's,
    # as is the row above it; and a note under it keyed by one of its marks ("(a) A concern is closed
    # at the initial stage where ...")
    for i in range(1, min(signed, len(prep.flags))):
        if i - 1 in out and i not in out:
            text = prep.paras[para_of[i]].texts[prep.unit_para[i]].lstrip()
            if text.startswith("|"):
                out.add(i)
            elif text[:1] in _NOTE_MARKS and prep.flags[i - 1] & F_GUARD:
                m = _TABLE_NOTE.match(text)
                if m is not None and m.group(1) in _table_above(prep, out, i):
                    out.add(i)
    return out | dated


_TABLE_ROWS = 4
_COLUMN_GAP = re.compile(r" {2,}")


def _aligned_rows(texts: Sequence[str]) -> list[int]:
    """The lines of a table laid out with spaces: runs of at least :data:`_TABLE_ROWS` lines, each
    of two cells or more apart by two spaces or more, the first no bullet ("o  If you are ...")."""
    got: list[int] = []
    run: list[int] = []
    for j, text in enumerate([*texts, ""]):
        line = text.strip()
        if "  " in line and "|" not in line and "\t" not in line and "\n" not in line and line[0] != ">":
            cells = _COLUMN_GAP.split(line)
            if len(cells) >= 2 and len(cells[0]) > 1:
                run.append(j)
                continue
        if len(run) >= _TABLE_ROWS:
            got.extend(run)
        run = []
    return got


def _table_above(prep: Prepared, kept: set[int], i: int) -> str:
    """The text of the rows kept whatever the scores straight above unit ``i``, and of the line over
    them (the table's heading row)."""
    k = i - 1
    while k > 0 and k - 1 in kept and prep.flags[k - 1] & F_GUARD and i - k < 40:
        k -= 1
    return "\n".join(prep.paras[prep.para_of[j]].texts[prep.unit_para[j]] for j in range(max(0, k - 1), i))


_NOTE_MARKS = frozenset("(*†‡[¹²³")
# a note's mark: "(a)", "*", "†", "[1]", "¹"
_TABLE_NOTE = re.compile(r"(\([a-z1-9]\)|\*{1,3}|[†‡]|\[\d\]|[¹²³])\s")


# generic help on the cost limit, as a condition or what the law allows ("If we estimate that answering
# your request would cost more than the appropriate limit of £450, we will write to you", "We may refuse
# a request if the cost ... would exceed £600")
_COST_HELP = re.compile(
    r"[ \t]*(?:if|where|should|please note|most|we (?:may|can)|the (?:act|law|regulations?|council|trust) "
    r"(?:allows?|permits?|lets?|may|can))\b[^£]*£[\d,]+",
    re.IGNORECASE,
)
COST_HELP_MARGIN = 2.0
# what the amount is (the cost limit, a fee, a charge for copies)
_COST_WORDS = ("cost", "limit", "charg", "fee", " pay")


def _cost_help(
    prep: Prepared, emissions: Sequence[Sequence[float]], guarded: set[int], timetabled: int, signed: int
) -> set[int]:
    """Amounts kept as content that are an acknowledgement's generic help on the cost limit: after
    the sentence stating this request's timetable, before the sign-off, outside review paragraphs,
    read by the scorer as help text by :data:`COST_HELP_MARGIN` (on five folds, one more block and no
    answer line: the collection's cost-limit sentences are the message's some 570 times, a block's 16)."""
    idx = prep.idx
    out: set[int] = set()
    for i in guarded:
        if not timetabled < i < signed or prep.para_of[i] in prep.rights_paragraphs:
            continue
        text = prep.paras[prep.para_of[i]].texts[prep.unit_para[i]]
        if "£" not in text or _COST_HELP.match(text) is None or not any(map(text.__contains__, _COST_WORDS)):
            continue
        k = bisect_left(idx, i)
        if (
            k < len(idx)
            and idx[k] == i
            and emissions[k][_OTHER_BOILERPLATE] - emissions[k][CONTENT] >= COST_HELP_MARGIN
        ):
            out.add(i)
    return out


# an external-mail banner's "received from outside", which is no acknowledgement of this request
_FROM_OUTSIDE = re.compile(r"\breceived from (?:an? )?(?:external|outside)\b", re.IGNORECASE)


# how much surer than "content" the scorer must be of a later sentence of the paragraph, read as help
# text, for the paragraph to be the help text's
HELP_MARGIN = 3.0
_OTHER_BOILERPLATE = CLASSES.index("other_boilerplate")


def _help_follows(
    prep: Prepared, emissions: Sequence[Sequence[float]] | None, first: int, count: int, kept: set[int]
) -> bool:
    """Does the paragraph of units ``first`` to ``first + count`` go on, after its first sentence,
    with a sentence the scorer reads as help text by a wide margin (:data:`HELP_MARGIN`) and nothing
    keeps ("If we need further information from you, we will contact you. Please note that some
    information may be exempt from disclosure ...": a paragraph of generic help after the due date,
    not what may yet happen to this request)?"""
    if emissions is None:
        return False
    idx = prep.idx
    for u in range(first + 1, first + count):
        k = bisect_left(idx, u)
        if u in kept or k >= len(idx) or idx[k] != u:
            continue
        text = prep.paras[prep.para_of[u]].texts[prep.unit_para[u]]
        if timetable_if(text) or keeps_informed(text):
            continue  # (more of what may happen to this request: "We will tell you if this happens.")
        e = emissions[k]
        if e[_OTHER_BOILERPLATE] - e[CONTENT] >= HELP_MARGIN:
            return True
    return False


# a month of a year, in English or Welsh ("July 2024", "Ebrill 2025")
_MONTH_YEAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Ionawr|Chwefror|"
    r"Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)\s+(?:19|20)\d\d\b"
)


# which law this request is dealt with under, as a sentence of its own
_REGIME = re.compile(
    r"[ \t]*(?:we|i)\s+(?:will|shall|have|are going to)\s+"
    r"(?:consider(?:ed)?|handled?|deal(?:t)? with|process(?:ed)?|treat(?:ed)?)\s+"
    r"(?:your|this)\s+request\s+under\s+(?:the\s+)?(?:freedom of information|environmental information|"
    r"data protection|foi|eir)",
    re.IGNORECASE,
)


# a numbered question of the request ("question 14", "questions 1-13", "Questions 2 and 3", "cwestiwn 4")
_NUMBERED_QUESTION = re.compile(r"\b(?:questions?|cwestiwn(?:au)?)\s+\(?\d{1,2}\b", re.IGNORECASE)


# a postscript's mark at the start of a paragraph: "PS", "P.S.", "PPS", then a colon, a comma, a dash or a
# space (the 8 postscripts of the collection are all content)
_POSTSCRIPT = re.compile(r"[ \t]*(?:P\.? ?S\.?|P\.?P\.?S\.?)(?:[ \t]*[:,\-\u2013\u2014][ \t]*|[ \t]+)\S")


# a field of a quoted message's header, as mail clients write it (in Welsh too)
_HEADER_FIELD = re.compile(r"(?:from|sent|to|cc|bcc|subject|date|oddi wrth|anfonwyd|at|pwnc)\s*:", re.IGNORECASE)


def _quoted_headers(prep: Prepared) -> list[int]:
    """Units of quoted history that no earlier message matched (kept, and labelled) that are only
    its header's fields ("To: FOI", "Subject: Parking fines"): the quote's, never a block."""
    regions = sorted((a, b) for a, b, _r in prep.labelled)
    region_starts = [a for a, _b in regions]
    out = []
    for i in prep.idx:
        s, e = prep.unit_span(i)
        r = bisect_right(region_starts, s) - 1
        if (
            r >= 0
            and e <= regions[r][1]
            and all(_HEADER_FIELD.match(line.strip()) for line in prep.text[s:e].split("\n") if line.strip())
        ):
            out.append(i)
    return out


def _rights_from(info: Paragraph) -> int:
    """The number of the paragraph's first unit that speaks of rights (its length if none does)."""
    for j, unit in enumerate(info.units):
        if speaks_of_rights(unit.words, info.texts[j]):
            return j
    return len(info.units)


def _before_rights(prep: Prepared, i: int) -> bool:
    """Is unit ``i`` before the first unit of its paragraph that speaks of rights (a due date
    said before "..., including your right to complain")?"""
    return prep.unit_para[i] < _rights_from(prep.paras[prep.para_of[i]])


# what labels a reference or a date set out as a form ("The official date of your request is:" with
# "20/01/2025" on the next line)
_FACT_LABEL = re.compile(r"\b(?:reference|ref|date|due|deadline)\b[^\n]{0,80}:\s*$", re.IGNORECASE)


def _labelled_facts(info: Paragraph) -> list[int]:
    """A reference's or a date's label and its value on the next line: what an acknowledgement
    says of this request, laid out as a form."""
    out: list[int] = []
    texts, bds = info.texts, info.bds
    for j in range(len(texts) - 1):
        value = texts[j + 1].strip()
        if (
            bds[j + 1] == LINE
            and len(value) <= 40
            and any(c.isdigit() for c in value)
            and texts[j].rstrip().endswith(":")
            and _FACT_LABEL.search(texts[j]) is not None
        ):
            out += (j, j + 1)
    return out


def _drop_weak_runs(
    path: list[int], emissions: list[tuple[float, ...]], boundaries: list[int], min_support: float
) -> None:
    """Give back to content every run of one boilerplate class whose units, on average, the
    model does not prefer to content by ``min_support`` (log odds): the decoder may carry a
    block over weak neighbours, never make a block out of weak units alone."""
    for i, j, c in _block_runs(path):
        _give_back_weak(path, emissions, i, j, c, min_support)


def _block_runs(path: list[int]) -> list[tuple[int, int, int]]:
    """``(first, last, class)`` of every run of units of one boilerplate class in ``path``."""
    runs = []
    n, i = len(path), 0
    while i < n:
        c, j = path[i], i
        while j + 1 < n and path[j + 1] == c:
            j += 1
        if c != CONTENT:
            runs.append((i, j, c))
        i = j + 1
    return runs


def _give_back_weak(path: list[int], emissions: list[tuple[float, ...]], a: int, b: int, c: int, least: float) -> None:
    """Units ``a`` to ``b`` (of class ``c``) go back to content unless the scorer prefers ``c`` to
    content by ``least`` on average (log odds)."""
    support = sum(emissions[k][c] - emissions[k][CONTENT] for k in range(a, b + 1)) / (b - a + 1)
    if support < least:
        path[a : b + 1] = [CONTENT] * (b + 1 - a)


_NON_BLANK = re.compile(r"\S")

#: least average log odds (class over content) of the units of a run that share a line with kept
#: text (chosen on the five folds at 1159 authorities: 12 to 20 kept the same answer lines, 9 kept fewer,
#: and 20 removed fewer blocks than 16)
MIDLINE_SUPPORT = 16.0
#: least log odds (class over content) of each sentence before a run on its line for the run to take
#: it (chosen on the five folds at 1447 authorities: 3 and 4 kept the same answer lines as without,
#: 2 lost one more and 0 seven more; 3 removed 45 more blocks, 4 fewer)
MIDLINE_LEAN = 3.0


#: the fewest words of a sentence the archive repeats that a run begun later on its line takes with it
#: (chosen on the five folds at 2546 authorities: with no least, a repeated short sentence of an
#: automatic reply took an answer line with it; at 12, 17 more blocks and no line)
REPEATED_SENTENCE_WORDS = 12


def _long_unit(prep: Prepared, i: int) -> bool:
    """Has unit ``i`` at least :data:`REPEATED_SENTENCE_WORDS` words?"""
    return len(prep.paras[prep.para_of[i]].units[prep.unit_para[i]].words) >= REPEATED_SENTENCE_WORDS


def _runs_within_lines(
    prep: Prepared,
    path: list[int],
    emissions: list[tuple[float, ...]],
    forced: Sequence[int | None] | None = None,
) -> None:
    """Give back to content the units of a run that share a line with kept text: those before
    the first unit of the run to begin a line, and those after the last to end one, unless the
    scorer prefers their class by :data:`MIDLINE_SUPPORT` on average.

    Such units are a sentence or two inside a paragraph of the answer ("... of the named member of
    staff generally? This will decide which law applies ..."). Blocks begin and end on lines of
    their own, and a block that the writer ran on after the answer's last sentence ("... we have
    decided to withhold it. You have the right to request an internal review ...") is read as one
    with far more support than answer text that only sounds like one. A unit ``forced`` to
    content (see :func:`protected`) is never taken."""
    text, idx, flags = prep.text, prep.idx, prep.flags
    starts, ends = prep.line_starts, prep.line_ends
    n = len(path)
    # the first and last non-blank offsets of each line, found once per line, so that a run of
    # many units on one long line costs no more than the line (no rescanning from its start)
    first: dict[int, int] = {}
    last: dict[int, int] = {}

    def at_line_start(k: int) -> bool:
        # (or straight after the writer's closing courtesy: "I trust this response meets your
        # request. However, if you are dissatisfied ..." ends the answer there)
        u = idx[k]
        s = prep.unit_span(u)[0]
        line = bisect_right(starts, s) - 1
        if line not in first:
            m = _NON_BLANK.search(text, starts[line], ends[line])
            first[line] = m.start() if m else ends[line]
        return first[line] >= s or (u > 0 and bool(flags[u - 1] & F_COURTESY))

    def at_line_end(k: int) -> bool:
        e = prep.unit_span(idx[k])[1]
        line = bisect_right(starts, e) - 1
        if line not in last:
            a = starts[line]
            last[line] = a + len(text[a : ends[line]].rstrip()) - 1
        return last[line] < e

    for i, j, c in _block_runs(path):
        if (i == 0 or path[i - 1] == CONTENT) and not at_line_start(i):
            # the sentences before it on its line, when the scorer leans to the run's class for each
            # (the decoder kept them only to save a change of class: "Exampleshire Council is
            # committed to openness. Our publication scheme lists ..."), or when the authority sent
            # the sentence before, here or in other requests, and it is long (help text repeats
            # whole; what repeats in answers is short or guarded: a reference, a signature line),
            # begin the block with the line
            h = i
            while (
                h > 0
                and not at_line_start(h)
                and idx[h - 1] == idx[h] - 1
                and path[h - 1] == CONTENT
                and (forced is None or forced[h - 1] is None)
                and (
                    emissions[h - 1][c] - emissions[h - 1][CONTENT] >= MIDLINE_LEAN
                    or (prep.codes[h - 1] & _REPEAT and _long_unit(prep, idx[h - 1]))
                )
            ):
                h -= 1
            if h < i and at_line_start(h):
                path[h:i] = [c] * (i - h)
                i = h
            else:
                k = i
                while k < j and not at_line_start(k + 1):
                    k += 1
                _give_back_weak(path, emissions, i, k, c, MIDLINE_SUPPORT)
        if path[j] == c and (j == n - 1 or path[j + 1] == CONTENT) and not at_line_end(j):
            k = j
            while k > i and path[k - 1] == c and not at_line_end(k - 1):
                k -= 1
            _give_back_weak(path, emissions, k, j, c, MIDLINE_SUPPORT)


_COMPLAINT_RIGHTS = CLASSES.index("complaint_rights")


# what a review-and-complaint paragraph speaks of (RIGHTS_WORDS, the EIR's reconsideration), and
# the questions about this response that often open it; "commissioner" only as the regulator (not the
# Investigatory Powers or a Police and Crime Commissioner an answer may name)
_LEAD_RIGHTS = (RIGHTS_WORDS - {"commissioner"}) | {
    "reconsider",
    "reconsideration",
    "representations",
    "tribunal",
    "ombudsman",
    "ico",
    "queries",
    "query",
    "questions",
    # in Welsh: reconsider, reconsideration, tribunal, ombudsman
    "ailystyried",
    "ailystyriaeth",
    "tribiwnlys",
    "ombwdsmon",
}
# the Information Commissioner in Welsh ("Comisiynydd Gwybodaeth", soft-mutated "Gomisiynydd"), not
# the Children's or the Welsh Language Commissioner
_COMMISSIONER_CY = frozenset({"comisiynydd", "gomisiynydd"})


def _speaks_of_rights(paragraph: Paragraph) -> bool:
    if not _LEAD_RIGHTS.isdisjoint(paragraph.words):
        return True
    if "commissioner" in paragraph.words and any(REGULATOR_NAMED.search(t) for t in paragraph.texts):
        return True
    if _COMMISSIONER_CY.isdisjoint(paragraph.words):
        return False
    words = list(paragraph.words)
    return any(w in _COMMISSIONER_CY and nxt == "gwybodaeth" for w, nxt in zip(words, words[1:], strict=False))


def _rights_under_heading(
    path: list[int],
    emissions: list[tuple[float, ...]],
    boundaries: list[int],
    forced: list[int | None],
    headings: list[int],
    paras: list[int],
    info: Sequence[Paragraph],
) -> None:
    """A heading of the requester's rights on a line of its own ("COMPLAINT RIGHTS") and the
    paragraph under it, when that paragraph speaks of them and the scorer prefers complaint_rights
    to content for each of its units, are that block ("Your attention is drawn to the attached
    sheet, which details your right of complaint."): the decoder may keep so short a block between
    the answer and the sign-off for what leaving the answer and coming back to it costs."""
    n = len(path)
    for k in headings:
        if path[k] != CONTENT or k + 1 >= n or boundaries[k + 1] != PARAGRAPH or paras[k + 1] == paras[k]:
            continue
        if not _speaks_of_rights(info[paras[k]]) or not _speaks_of_rights(info[paras[k + 1]]):
            continue
        end = k + 1
        while end < n and paras[end] == paras[k + 1]:
            end += 1
        under = range(k + 1, end)
        if all(
            path[m] == CONTENT and forced[m] is None and emissions[m][_COMPLAINT_RIGHTS] > emissions[m][CONTENT]
            for m in under
        ):
            path[k] = _COMPLAINT_RIGHTS
            for m in under:
                path[m] = _COMPLAINT_RIGHTS


def _rights_lead_in(path: list[int], paras: list[int], info: Sequence[Paragraph], flags: list[int]) -> None:
    """A review-and-complaint block begins where the rights are spoken of: the paragraphs of a
    complaint_rights run before its first paragraph that names a review, a complaint, an appeal or
    the Commissioner go back to content (a reporting channel or an access route outside the Act,
    just above the review paragraph, is the answer's). Headings and rule lines stay with the block."""
    n = len(path)
    k = 0
    while k < n:
        if path[k] != _COMPLAINT_RIGHTS:
            k += 1
            continue
        j = k
        while j < n and path[j] == _COMPLAINT_RIGHTS and not _speaks_of_rights(info[paras[j]]):
            j += 1
        if j < n and path[j] == _COMPLAINT_RIGHTS:
            for m in range(k, j):
                if not flags[m] & (F_HEADING | F_SEPARATOR) and not _introduces(
                    info[paras[m]], paras[m] == paras[j - 1]
                ):
                    path[m] = CONTENT
        while j < n and path[j] == _COMPLAINT_RIGHTS:
            j += 1
        k = max(j, k + 1)


def _introduces(paragraph: Paragraph, last: bool) -> bool:
    """Is a paragraph, the last before the rights are spoken of, one short line that introduces
    them ("What you can do if you are not happy with our reply:"), as a heading does?"""
    return (
        last
        and len(paragraph.texts) == 1
        and len(paragraph.texts[0]) <= 100
        and paragraph.texts[0].rstrip().endswith(":")
    )


_REGULATORS = frozenset({"commissioner", "ombudsman", "tribunal", "ico"})


def _address_line(unit: UnitText, words: int) -> bool:
    text = unit.text.rstrip()
    return len(unit.words) <= words and len(text) <= 80 and not text.endswith((".", "?", "!", ":"))


def _regulator_address_joins(
    path: list[int], units: list[UnitText], boundaries: list[int], forced: list[int | None]
) -> None:
    """The regulator's name and address on their own lines straight after a review-and-complaint
    paragraph ("The Scottish Information Commissioner / Kilburn Castle, Doubledykes Road") belong to
    it: the scorer reads a lone name and street as a signature. The block ends at the first line
    that is not short, or ends a sentence."""
    n = len(path)
    for k in range(n - 1):
        if path[k] != _COMPLAINT_RIGHTS or path[k + 1] != CONTENT or boundaries[k + 1] == SENTENCE:
            continue
        first = units[k + 1]
        if forced[k + 1] is not None or not _address_line(first, 8) or _REGULATORS.isdisjoint(first.words):
            continue
        path[k + 1] = _COMPLAINT_RIGHTS
        j = k + 2
        while (
            j < n and path[j] == CONTENT and boundaries[j] == LINE and forced[j] is None and _address_line(units[j], 10)
        ):
            path[j] = _COMPLAINT_RIGHTS
            j += 1


def _rules_join_blocks(path: list[int], separators: list[int], boundaries: list[int]) -> None:
    """A rule line (----, ****) next to a block belongs to it: the one after a block closes it, the
    one before a block opens it, so the rules around a disclaimer go with the disclaimer.
    ``separators``: the positions of the rule lines, in order."""
    n = len(path)
    # where each run of rule lines ends (the first unit after it), found once: linear in the runs
    run_end: dict[int, int] = {}
    for k in reversed(separators):
        run_end[k] = run_end.get(k + 1, k + 1)
    for k in separators:
        if path[k] != CONTENT:
            continue
        before = path[k - 1] if k > 0 and boundaries[k] != SENTENCE else CONTENT
        j = run_end[k]
        after = path[j] if j < n else CONTENT
        if before != CONTENT and (after == before or j == n or after == CONTENT):
            path[k] = before
        elif after != CONTENT:
            path[k] = after


def _lead_ins_follow(path: list[int], texts: list[str], idx: list[int]) -> None:
    """A line that introduces what follows ("To do this we need:") goes with it: when what follows
    straight after is content, so is the lead-in, whatever block it would have ended."""
    for k in range(len(path) - 2, -1, -1):
        if (
            path[k] != CONTENT
            and path[k + 1] == CONTENT
            and idx[k + 1] == idx[k] + 1
            and texts[k].rstrip().endswith(":")
        ):
            path[k] = CONTENT


LEAD_IN_ROWS = 16  #: lines without bullets that an answer's lead-in takes back (see below)


# (the lines of team and organisation that may head a sign-off block, each on its own line)
HEAD_NAME_LINES = 3


def _names_head_contacts(
    path: list[int], texts: list[str], idx: list[int], para: list[int], forced: list[int | None], flags: list[int]
) -> None:
    """Under the writer's signature and a blank line, the team's and organisation's names that open
    a paragraph whose next lines are a sign-off block (the address, the switchboard, the website) head
    that block ("Yours sincerely / Janet Holden / Information Governance Officer", a blank line, then
    "Information Governance Team / Lancashire County Council / PO Box 78, ..."): in the collection
    such a paragraph is labelled so some 2,800 times and the message's about ten. The same names
    straight under the title, with no blank line, are the signature's (and protected). So too under
    a block stripped after the sign-off (the review paragraphs written under the signature)."""
    n = len(path)
    for k in range(1, n):
        if path[k] != _SIGNOFF_BLOCK or path[k - 1] != CONTENT:
            continue
        first = _free_lines_above(k, path, idx, para, forced, texts, _all_team_lines)
        if (
            first == k
            or first == 0
            or para[first - 1] == para[first]  # (it opens its paragraph)
            or idx[first - 1] != idx[first] - 1
        ):
            continue
        if forced[first - 1] is None:
            # under a block the scorer stripped after the sign-off (the review paragraphs written
            # after the signature, then "Northern Ireland Public Services Ombudsman" over its address)
            if path[first - 1] == CONTENT or not any(flags[m] & F_SIGNOFF for m in range(first)):
                continue
        elif (
            # (the signature's last line is above it, not the sign-off: a paragraph straight under
            # "Kind regards" is the signature itself, "Dr Shona MacKechnie / Public Analyst / ...")
            flags[first - 1] & F_SIGNOFF
            or not any(flags[m] & F_SIGNOFF for m in range(max(0, first - 5), first))
            or not _signed_above(texts, idx, para, forced, flags, first)
        ):
            continue
        for m in range(first, k):
            path[m] = _SIGNOFF_BLOCK


def _free_lines_above(
    k: int,
    path: list[int],
    idx: list[int],
    para: list[int],
    forced: list[int | None],
    texts: list[str],
    fits: Callable[[str], bool] | None = None,
) -> int:
    """The first of the units straight above unit ``k`` in its paragraph, up to HEAD_NAME_LINES of
    them, that are content, not protected, and each ``fits`` (``k`` when there is none)."""
    first = k
    while (
        first > 0
        and k - first < HEAD_NAME_LINES
        and para[first - 1] == para[k]
        and idx[first - 1] == idx[first] - 1
        and path[first - 1] == CONTENT
        and forced[first - 1] is None
        and (fits is None or fits(texts[first - 1]))
    ):
        first -= 1
    return first


def _all_team_lines(text: str) -> bool:
    return all(map(team_line, text.strip().split("\n")))


def _names_again_head_blocks(
    path: list[int], texts: list[str], idx: list[int], para: list[int], forced: list[int | None], flags: list[int]
) -> None:
    """The organisation's name again under the signature that names it, with a line or two of its
    place under it, heads the sign-off block that follows ("Be First" signing, a blank line, then "Be
    First / Barking, IG11 / befirst.london | LinkedIn: ..."): a repeated name is no answer."""
    n = len(path)
    for k in range(1, n):
        if path[k] != _SIGNOFF_BLOCK or path[k - 1] != CONTENT:
            continue
        for first in range(_free_lines_above(k, path, idx, para, forced, texts), k):
            if any(sentence_line(texts[x]) or "\n" in texts[x].strip() for x in range(first, k)):
                continue
            above = []
            a = first - 1
            while a >= 0 and first - a <= 6 and forced[a] is not None and not flags[a] & F_SIGNOFF:
                above.append(texts[a])
                a -= 1
            if above and a >= 0 and flags[a] & F_SIGNOFF and _names_again(texts[first], above[::-1]):
                for x in range(first, k):
                    path[x] = _SIGNOFF_BLOCK
                break


def _signed_above(
    texts: list[str], idx: list[int], para: list[int], forced: list[int | None], flags: list[int], k: int
) -> bool:
    """Does the paragraph above unit ``k`` end with a whole signature, kept as such: the writer's name
    and at least one title or team under it, each on its own line (a first name alone, "Shona", may
    sign over the full signature that follows it)?"""
    m = k - 1
    lines: list[str] = []
    while m >= 0 and para[m] == para[k - 1] and forced[m] is not None and not flags[m] & F_SIGNOFF:
        lines.append(texts[m].strip())
        if m == 0 or idx[m - 1] != idx[m] - 1:
            break
        m -= 1
    lines.reverse()
    return (
        len(lines) >= 2
        and all("\n" not in line for line in lines)
        and len(lines[0]) < 40
        and name_like(lines[0])
        and all(title_line(line) or team_line(line) for line in lines[1:])
    )


def _addresses_follow_lead_ins(
    path: list[int], texts: list[str], idx: list[int], para: list[int], rights: frozenset[int]
) -> None:
    """Where the answer says where to write ("To make a subject access request, please contact:"),
    the address lines after it are the answer's: a lead-in kept as content, outside the review
    paragraphs, gives its lines (the rest of its paragraph, or the next paragraph) back to content
    when they are short lines, none a sentence, as an address is, or as the items of a list are
    ("Streets with cameras:" and the streets, however many: in the collection, every list under a
    lead-in that is the answer's is the answer's too). Up to sixteen lines without bullets count
    (a table of opening hours under "In summary:"); eight lost such a table, and on five folds
    sixteen keeps the same lines and blocks."""
    n = len(path)
    for k in range(n - 1):
        if path[k] != CONTENT or para[k] in rights or not texts[k].rstrip().endswith(":"):
            continue
        target = para[k + 1]
        end = k + 1
        while end < n and para[end] == target and idx[end] == idx[k] + (end - k):
            end += 1
        lines = range(k + 1, end)
        # (by the lines of the text: a list whose lines are long enough may read as one wrapped unit)
        rows = [row for m in lines for row in texts[m].split("\n") if row.strip()]
        if not (
            lines
            and (len(rows) <= LEAD_IN_ROWS or all(ITEM.match(texts[m]) for m in lines))
            and all(len(row) <= 100 and not row.rstrip().endswith((".", "?", "!")) for row in rows)
        ):
            continue
        for m in lines:
            path[m] = CONTENT
        if _addressee(rows):
            # and the other addresses of the list it begins, each a body's name over its address, when
            # the answer goes on after them ("You may wish to send your request to:" / one trust's
            # name and address / another's / "Some operations are also carried out by ...")
            # (sixteen lines in all, as above, which also bounds the work for each lead-in)
            more = range(end, end)
            j, taken = end, len(rows)
            while j < n and idx[j] == idx[j - 1] + 1 and para[j] not in rights:
                e = j
                while e < n and para[e] == para[j] and idx[e] == idx[j] + (e - j):
                    e += 1
                block = [row for m in range(j, e) for row in texts[m].split("\n") if row.strip()]
                taken += len(block)
                if taken > LEAD_IN_ROWS or not _addressee(block):
                    break
                more = range(end, e)
                j = e
            if len(more) and j < n and idx[j] == idx[j - 1] + 1 and path[j] == CONTENT:
                for m in more:
                    path[m] = CONTENT


def _addressee(rows: list[str]) -> bool:
    """Are a paragraph's lines a body's name over at most three lines of its address (no sentence)?"""
    return (
        2 <= len(rows) <= 4
        and team_line(rows[0])
        and all(len(row) <= 100 and not row.rstrip().endswith((".", "?", "!")) for row in rows)
    )


def _headings_join_blocks(
    path: list[int], headings: list[int], boundaries: list[int], emissions: list[tuple[float, ...]]
) -> None:
    """A heading kept as content right above a block, on its own line (or after a sentence the block
    takes), belongs to the block, unless the model is sure it is content (a name, a title of the
    answer). ``headings``: the positions
    of the headings, in order; read from the last up, so a block's headings join it in turn."""
    last = len(path) - 2
    for k in reversed(headings):
        if k > last:
            continue
        c = path[k + 1]
        if (
            path[k] == CONTENT
            and c != CONTENT
            # (not one run on after a sentence that stays: the writer's name, "... 20 working days. Jo")
            and (boundaries[k] != SENTENCE or k == 0 or path[k - 1] != CONTENT)
            and boundaries[k + 1] != SENTENCE
            and emissions[k][c] - emissions[k][CONTENT] > -1.5
        ):
            path[k] = c


def _headings_head_content(path: list[int], texts: list[str], boundaries: list[int]) -> None:
    """A short line on its own, read as a block of one line between the message's own text above
    it and its own text straight under it, heads that text: it is the answer's heading ("3.
    Complaints to the Information Commissioner" over how many complaints there were)."""
    n = len(path)
    k = 1
    while k < n - 1:
        if path[k] == CONTENT or path[k - 1] != CONTENT or boundaries[k] == SENTENCE:
            k += 1
            continue
        end = k  # the line's last unit (the segmenter may cut "3." from the words after it)
        while end + 1 < n and boundaries[end + 1] == SENTENCE and path[end + 1] == path[k]:
            end += 1
        if (
            end + 1 < n
            and path[end + 1] == CONTENT
            and boundaries[end + 1] != SENTENCE
            and _heading_line(" ".join(texts[k : end + 1]))
        ):
            for m in range(k, end + 1):
                path[m] = CONTENT
        k = end + 1


def _heading_line(text: str) -> bool:
    """Whether a unit is one short line that ends no sentence and could head an answer's part (not
    an image's placeholder, a protective marking or a mail client's "Sent from ..." line)."""
    text = text.strip()
    return (
        "\n" not in text
        and len(text.split()) <= 10
        and not text.endswith((".", ",", ";", ":", "!", "?"))
        and not text.startswith(("[", "<"))
        and _NOT_ANSWER_HEADING.search(text) is None
    )


def _heading_units(prep: Prepared, path: list[int], forced: list[int | None]) -> list[int]:
    """The positions (in ``prep.idx``) of the scored units that may head the block under them: short
    lines the features call headings, and any short line of two words or more kept as content that
    ends no sentence and has no colon ("Department of Health and Social Care", "Your rights under the
    Environmental Information Regulations": too long or not title case for the feature). On five
    folds the wider test joined 47 more blocks and lost no answer line; with one-word lines or colons
    ("mydentist", "Track your request: https://...") it lost two."""
    paras, para_of, unit_para, flags = prep.paras, prep.para_of, prep.unit_para, prep.flags
    out: list[int] = []
    for k, i in enumerate(prep.idx):
        if forced[k] is not None:
            continue
        if flags[i] & F_HEADING:
            out.append(k)
        elif path[k] == CONTENT:
            text = paras[para_of[i]].texts[unit_para[i]]
            if ":" not in text and " " in text.strip() and _heading_line(text):
                out.append(k)
    return out


_NOT_ANSWER_HEADING = re.compile(r"OFFICIAL|UNCLASSIFIED|marking|classification|^sent from ", re.IGNORECASE)


#: how much more a line after the sign-off must score as a block than as content to end the
#: signature when it is no name, title or team ("I work part time, Monday to Wednesday.", "Please
#: consider the environment ...", run on from the writer's name with no blank line between)
SIGNATURE_BLOCK_MARGIN = 4.0


def _signature(prep: Prepared, emissions: Sequence[Sequence[float]] | None = None) -> set[int]:
    """Units of the signature: the short lines after a sign-off line ("Yours sincerely"), in its
    paragraph or the next, up to the first line that looks like contact details, a postal address or
    a link, or, given the scorer's ``emissions``, one it reads as a block that is no name, title or
    team."""
    out: set[int] = set()
    flags, para_of, scored = prep.flags, prep.para_of, prep.scored
    n = len(flags)
    for i, fl in enumerate(flags):
        if not fl & F_SIGNOFF or not scored[i]:
            continue
        para = para_of[i]
        # the next paragraph too, when the sign-off ends its own ("Yours sincerely\n\nJo Bloggs") or
        # when the name ends it ("Kind regards,\nJo Bloggs\n\nDisclosure Officer")
        alone = i + 1 >= n or para_of[i + 1] != para
        first = i + 1  # the first line after the sign-off that is not an inline image
        for j in range(i + 1, min(n, i + 5)):
            if para_of[j] != para and not (para_of[j] == para + 1 and (alone or j - 1 in out)):
                if not (j - 1 in out and para_of[j] == para_of[j - 1] + 1 and _signs_in_full(prep, j)):
                    break
                # the full signature in the paragraph under a first name ("Best wishes / Colm / Colm
                # Beattie / Make the Call Wraparound Service"): its lines are the signature's too
                para = para_of[j] - 1
            if not scored[j]:
                break
            line = prep.paras[para_of[j]].texts[prep.unit_para[j]]
            if out and _names_again(line, [prep.paras[para_of[m]].texts[prep.unit_para[m]] for m in sorted(out)]):
                # the organisation's name again under the lines that already name it is its block's
                # first line ("Lewisham Homes" over "Lewisham Homes / Lewisham, London SE6 / ..."),
                # as the collection labels it
                break
            if "[" in line and picture_line(line):
                # a picture the mail client left in brackets ("[cid:image001.png@01DA7C21...]",
                # "[Title: Exampleshire Council]", the logo) is never the writer's (in the collection no
                # such line is the message's): straight under the sign-off the signature goes on under
                # it; under the signature's lines it begins the sign-off block
                if j > first:
                    break
                first += 1
                continue
            # after a name and a title, the organisation's name with its street address in the next
            # cell is its block beginning ("Ashbourne Town Council | Town Hall, Market Place, ...",
            # the postcode often wrapped onto the line under it)
            if j - i > 2 and " | " in line and any(map(street_address, line.split(" | ")[1:])):
                break
            # (a phone line ends it however its number is grouped: "Telephone: 03000 41 41 41")
            if flags[j] & F_SIGNATURE_END or phone_line(line):
                # (a postal address under the name, title or office begins the sign-off block, as
                # the collection labels it: on five folds, keeping it as the writer's own, unless the
                # scorer read it as a block by a wide margin, kept 33 blocks and no answer line)
                if (
                    j == first or (j == first + 1 and _named(prep, first, out) and "," not in line)
                ) and one_line_signature(line):
                    # "Jo Bloggs | Information Governance Officer | Exampleshire Council" straight
                    # after the sign-off: long, but only names, and the whole signature; or the
                    # title, team and organisation so on the line under the name
                    out.add(j)
                elif signature_lines(line):
                    # a team and its organisation, each on its line, that the unit joined and so
                    # made long ("Information Governance Team / Exampleshire NHS Foundation Trust")
                    out.add(j)
                    continue
                elif j == first and named_with_contact(line):
                    # the whole signature on the line under the sign-off, the writer's direct line or
                    # office last ("Imran Hussain | Deputy Town Clerk | Direct line 01535 618004"; the
                    # collection's two such lines straight under a sign-off are both the message's)
                    out.add(j)
                elif j - 1 in out and signed_with_phone(line):
                    # the organisation with the writer's direct line on the line under their title
                    # ("Newman University | Direct line 0121 476 1181 ext. 2274"): the writer's own,
                    # as a line is not split; what follows it is contact details
                    out.add(j)
                break  # contact details, a link, or the heading of what follows
            if emissions is not None and _reads_as_block(prep, emissions, j):
                break
            if opens_something_else(line):
                break
            if para_of[j] != para and sentence_line(line):
                # a paragraph after the name that opens with a sentence is what follows the
                # signature ("Exampleshire Council is committed to openness. Our publication ...")
                break
            # a line of cells apart by pipes under another is the organisation's block beginning
            # ("Jo Bloggs | Compliance Manager | Exampleshire University" over "Information
            # Compliance | Governance Services" and the address; on five folds: 5 blocks, no line)
            if " | " in line and j - 1 in out and " | " in prep.paras[para_of[j - 1]].texts[prep.unit_para[j - 1]]:
                break
            # after a name and a title, a line with a postal address straight under it and more
            # lines under that is the organisation's block beginning (in the collection, such a line
            # third or later after the sign-off begins a sign-off block about 1,700 times, and is the
            # writer's a handful of times); the writer's own office over an address that ends the
            # paragraph stays (the address itself ends the signature, above)
            if (
                j - i > 2  # every line before j since the sign-off is the signature's
                and j + 2 < n
                and para_of[j + 2] == para_of[j]
                and para_of[j + 1] == para_of[j]
                and flags[j + 1] & F_POSTAL
            ):
                break
            out.add(j)
    return out


def _cells(line: str) -> list[str]:
    return [c.strip().rstrip(",").casefold() for c in line.split(" | ")]


def _names_again(line: str, above: Sequence[str]) -> bool:
    """Does ``line`` open with a name that a line ``above`` (a signature's lines, in order) is, opens
    or ends with (the team's or the organisation's name, whole or as a one-line signature's cell)?
    Not the writer's own name on the signature's first line, typed over a one-line signature that
    begins with it and goes on with a title ("Jo Bloggs" over "Jo Bloggs | FOI Officer | ...")."""
    head = line.split(" | ")[0].strip()
    first = _cells(line)[0]
    if len(first) < 4 or not (organisation_line(head) or (head.isalpha() and head[0].isupper())):
        return False
    if " | " in line and above and _cells(above[0]) == [first] and title_line(line.split(" | ")[1]):
        return False
    return any(cells[-1] == first or cells[0] == first for cells in map(_cells, above))


def _signs_in_full(prep: Prepared, j: int) -> bool:
    """Is unit ``j`` the writer's full name (or a one-line signature beginning with it) under their
    first name alone, in the paragraph before ("Rachael" over "Rachael Imrie | Marine Directorate
    Compliance | Scottish Government")?"""
    above = prep.paras[prep.para_of[j - 1]]
    if len(above.texts) != 1:
        return False
    first = above.texts[0].strip().rstrip(",")
    line = prep.paras[prep.para_of[j]].texts[prep.unit_para[j]].strip()
    return (
        2 <= len(first) <= 20
        and first.isalpha()
        and first[0].isupper()
        and line.startswith(first + " ")
        and len(line) <= 120
        and name_like(line.split(" | ")[0])
    )


def _named(prep: Prepared, k: int, signature: set[int]) -> bool:
    """Is unit ``k``, taken into the signature, a writer's name ("Alfred Bankole-Strand (he/him)")?"""
    line = prep.paras[prep.para_of[k]].texts[prep.unit_para[k]].strip()
    return k in signature and len(line) < 40 and "[" not in line and name_like(line)


class _Taken:
    """Spans already stripped, asked whether any reaches into a range (log time per question)."""

    __slots__ = ("starts", "reach")

    def __init__(self, spans: Sequence[tuple[int, int, str, str]]) -> None:
        ordered = sorted((s, e) for s, e, *_ in spans)
        self.starts = [s for s, _e in ordered]
        self.reach: list[int] = []  # the furthest end of the spans up to each
        furthest = -1
        for _s, e in ordered:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def touches(self, a: int, b: int) -> bool:
        """Does a span overlap ``[a, b)``?"""
        k = bisect_left(self.starts, b) - 1
        return k >= 0 and self.reach[k] > a


def _lone_lines_join_blocks(prep: Prepared, runs: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """A picture's line or a line of the writer's pronouns left alone above or below a block (the logo
    over the organisation's address, the banner under a disclaimer, "Pronouns: he/him" over the
    writer's mobile) goes with that block: it says nothing of the answer, and in the collection no
    such line is the message's."""
    text = prep.text
    if not runs or ("[" not in text and "/" not in text):
        return runs
    starts, ends = prep.line_starts, prep.line_ends
    taken = _Taken(runs + prep.spans)
    out = sorted(runs)
    first: dict[int, int] = {}  # line -> the run that begins it (from its start)
    last: dict[int, int] = {}  # line -> the run that ends it (to its end)
    for k, (rs, re_, _c, _r) in enumerate(out):
        i = bisect_right(starts, rs) - 1
        if not text[starts[i] : rs].strip():
            first[i] = k
        i = bisect_right(starts, max(rs, re_ - 1)) - 1
        if not text[re_ : ends[i]].strip():
            last[i] = k
    n = len(starts)

    def loose(i: int) -> bool:  # such a line that nothing strips yet
        a = starts[i]
        return lone_line(text[a : ends[i]]) and not taken.touches(a, a + 1)

    def blank(i: int) -> bool:
        return not text[starts[i] : ends[i]].strip()

    joined: set[int] = set()
    for i in range(n - 1, -1, -1):  # up from the block below (two logos over an address)
        below = i + 2 if i + 2 < n and blank(i + 1) else i + 1
        if below in first and loose(i):
            k = first.pop(below)
            out[k] = (starts[i], *out[k][1:])
            first[i] = k
            joined.add(i)
    for i in range(n):  # down from the block above (a banner under a disclaimer)
        above = i - 2 if i >= 2 and blank(i - 1) else i - 1
        if above in last and i not in joined and loose(i):
            k = last.pop(above)
            out[k] = (out[k][0], ends[i], *out[k][2:])
            last[i] = k
            joined.add(i)
    # and one between the lines of a signature ("Information Officer" / "[cid:image001.png@...]" / "The
    # Conservators of Ashdown Forest"): the sign-off block's; a picture over the greeting is a letterhead's
    signed = next((prep.unit_span(j)[1] for j, f in enumerate(prep.flags) if f & F_SIGNOFF), len(text))
    for i in range(bisect_right(starts, signed), n):
        if i not in joined and loose(i):
            # (with its line break, so the signature's lines stay together)
            out.append((starts[i], min(ends[i] + 1, len(text)), "signoff_block", "signoff_block:lone_line"))
    if "[" in text[: starts[min(n - 1, 20)]]:
        greeting = next((i for i in range(min(n, 20)) if GREETING.match(text[starts[i] : ends[i]])), 0)
        for i in range(greeting):
            if i not in joined and "[" in text[starts[i] : ends[i]] and loose(i):
                out.append((starts[i], min(ends[i] + 1, len(text)), "other_boilerplate", "other_boilerplate:lone_line"))
    return sorted(out)


def _titles_stay(
    prep: Prepared, classes: list[int], runs: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """The writer's title or team, on the line under their name or under the sign-off, that the
    mail's wrapping ran into the block after it ("Andrew Baillie / Deputy Director, Office of the
    Advocate General / If you are not satisfied ..." makes one unit of the title and the sentence):
    a block that begins with such a unit, a sign-off at most three units above (four, over a name
    and titles or teams on lines of their own; or none, under a name that opens its paragraph and a
    title), begins on the title's next line, or past the team lines under it. So does one that
    begins with a team's or organisation's line of its own straight under the name, the title,
    another team line or a one-line signature (a sign-off at most five units above, or the one-line
    signature itself: "Gemma Tull | FOI Officer | Salisbury NHS Foundation Trust / Freedom of
    Information Office | Salisbury NHS Foundation Trust"). A line that says for whom the writer signs
    stays under any signature line, and an organisation's line under the team that signs a message with
    no sign-off line (:func:`_team_signed`)."""
    flags, text = prep.flags, prep.text
    starts: dict[int, int] = {}
    no_sign_off = not any(f & F_SIGNOFF for f in flags)
    for j in range(2, len(classes)):
        if not classes[j] or classes[j - 1]:
            continue
        s, e = prep.unit_span(j)
        cut = text.find("\n", s, e)
        above = text[slice(*prep.unit_span(j - 1))]
        last_above = above.rsplit("\n", 1)[-1]
        signed = (
            any(flags[k] & F_SIGNOFF for k in range(max(0, j - 3), j))
            # a fourth line of the signature ("on behalf of ..." under a name, a title and an organisation)
            or (j >= 4 and flags[j - 4] & F_SIGNOFF and _signature_lines(prep, j - 3, j))
            or _signed_without_sign_off(prep, j)
        )
        next_line = text.count("\n", prep.unit_span(j - 1)[1], s) == 1
        first = text[s:cut] if cut > 0 else text[s:e]
        if " | " not in first and _names_again(first, (last_above,)):
            # the organisation's name alone again, under the line that names it, is its block's (with
            # more cells, "Sandbach Town Council | Literary Institution, ...", the collection has it
            # both ways)
            continue
        if next_line and (
            (signed and signs_for(first)) or (no_sign_off and _team_signed(prep, j - 1) and body_line(first))
        ):
            # for whom the writer signs ("on behalf of the Clerk to the Board", "for Information
            # Management and Policy Services"), on the line under the signature's last; or the
            # organisation under the team that signs a message with no sign-off line
            starts[s] = (_past_team_lines(text, cut, e) if cut > 0 else e) + 1
            continue
        if not signed and (
            cut > 0
            or not (one_line_signature(last_above) or any(flags[k] & F_SIGNOFF for k in range(max(0, j - 5), j)))
        ):
            continue
        # under the writer's name, or straight under the sign-off ("Gyda dymuniadau gorau / Best wishes")
        # (a title or an organisation's name only on the very next line: after a blank line it heads
        # its own block)
        under = (
            flags[j - 1] & F_SIGNOFF
            or (len(above) < 35 and "\n" not in above and name_like(above))
            # under their title ("Manager / Office of ..."), also one the mail wrapped onto two lines
            # ("Clerk and Responsible Financial / Officer")
            or (next_line and above.count("\n") <= 1 and title_line(" ".join(above.split())))
            # under their team, a body's name with no address ("Commission on Human Medicines
            # Secretariat" / "Medicines and Healthcare products Regulatory Agency")
            or (next_line and "\n" not in above and team_line(above) and body_line(first))
        )
        if (
            cut > 0
            and under
            and (
                title_line(text[s:cut])
                # (straight under the sign-off, after a blank line too: the writer's name with a title
                # word, or the team, "Cynghorydd / Councillor Glyn Ellis-Roberts" over the title and the
                # council, wrapped into one unit with the address; such a first line is the message's in
                # all but 17 of some 7,500 signatures of the collection)
                or ((next_line or flags[j - 1] & F_SIGNOFF) and team_line(text[s:cut]))
            )
        ):
            starts[s] = _past_team_lines(text, cut, e) + 1
        elif (
            cut < 0
            and next_line
            and (
                (team_line(text[s:e]) and (under or signature_line(last_above)))
                # a body with a one-word name under the writer's title ("Information Governance
                # Manager" / "Merseytravel")
                or (title_line(last_above) and one_word_body(text[s:e]))
            )
        ):
            # the team or organisation on a line of its own straight under the name, the title or
            # another team line: the block that runs on after it begins on the next line
            starts[s] = e + 1
    return _keep_lines(runs, starts, text)


def _team_signed(prep: Prepared, k: int) -> bool:
    """Does unit ``k`` sign, by its team's name alone, a message that has no sign-off line (the
    caller knows it has none): a team's line of its own that opens its paragraph, under the message's
    own text ending a sentence ("... We will respond by 3 November 2025." / "Information Governance
    Team")?"""
    text = prep.text
    s, e = prep.unit_span(k)
    if k < 1 or text.find("\n", s, e) >= 0 or not text.endswith("\n\n", 0, s):
        return False
    stop = s  # (back over the blank lines only: the text above is not copied)
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    return stop > 0 and text[stop - 1] in ".!?" and team_line(text[s:e])


def _signature_lines(prep: Prepared, first: int, end: int) -> bool:
    """Are units ``first`` to ``end`` (not included) a signature's lines, each a line of its own
    straight under the one before, unit ``end`` on the next line: a name, then titles or teams?"""
    text = prep.text
    spans = [prep.unit_span(k) for k in range(first, end + 1)]
    texts = [text[s:e] for s, e in spans[:-1]]
    return (
        all("\n" not in t for t in texts)
        and all(text.count("\n", spans[k][1], spans[k + 1][0]) == 1 for k in range(len(texts)))
        and len(texts[0]) < 35
        and name_like(texts[0])
        and all(title_line(t) or team_line(t) for t in texts[1:])
    )


def _signed_without_sign_off(prep: Prepared, j: int) -> bool:
    """Do the two units above unit ``j`` sign a message that has no sign-off line: a name that opens
    its paragraph, then a title or team ("... A reply is due by 2 April 2024." / blank /
    "Siobhán Maguire" / "Information and Governance Officer")?"""
    if j < 2 or not _signature_lines(prep, j - 2, j):
        return False
    start = prep.unit_span(j - 2)[0]
    return start == 0 or prep.text.endswith("\n\n", 0, start)


def _past_team_lines(text: str, cut: int, end: int) -> int:
    """Where the lines of team or organisation that follow the line ending at ``cut`` end, within
    the unit ending at ``end`` ("Information Governance Manager / Carmarthenshire County Council /
    If you remain dissatisfied ..." wrapped into one unit: the organisation stays with the title),
    the unit's last line among them when a blank line is under it; ``cut`` if none does."""
    for _ in range(2):
        nxt = text.find("\n", cut + 1, end)
        if nxt < 0:
            # the unit's last line, when a blank line or the text's end is under it (a line straight
            # over more of the block may be its heading: "APPEALING TO THE COMMISSIONER")
            if text[end : end + 2].strip() or not team_line(text[cut + 1 : end]):
                break
            nxt = end
        elif not team_line(text[cut + 1 : nxt]):
            break
        cut = nxt
    return cut


def _keep_lines(
    runs: list[tuple[int, int, str, str]], keep: dict[int, int], text: str
) -> list[tuple[int, int, str, str]]:
    """The runs without the lines ``keep`` gives back: each maps the start of a line that stays to
    where the run goes on after it (a run that begins there begins later; one that holds it is
    split); a part left with nothing to strip goes."""
    if not keep:
        return runs
    out = []
    for rs, re_, cat, rule in runs:
        at = rs
        for s in sorted(s for s in keep if rs <= s < re_):
            before = text[at:s].rstrip()
            if before.strip():
                out.append((at, at + len(before), cat, rule))
            at = keep[s]
        if text[at:re_].strip():
            out.append((at, re_, cat, rule))
    return out


_SIGNOFF_BLOCK = CLASSES.index("signoff_block")
# (a team line the scorer ran into the help text above it signs the message as well)
_SIGNING_BLOCKS = (_SIGNOFF_BLOCK, CLASSES.index("other_boilerplate"))


def _team_signs(
    prep: Prepared, classes: list[int], runs: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """In a message with no sign-off line, the team that signs it ("Thank you for your request ...
    We will respond by 16 June 2025. / Freedom of Information Office" over the organisation's
    address): a team's or organisation's line that opens a paragraph of a sign-off block (or of the
    help text the scorer ran on into it, unless prose follows it as a heading's), after a blank line,
    under prose that ends a sentence (past the blocks between, such as a Welsh-language
    statement the scorer ran into the same block) stays, with the organisation's line straight under
    it, and the block goes on from the next line."""
    flags, text = prep.flags, prep.text
    if not runs or any(f & F_SIGNOFF for f in flags):
        return runs
    first_content = next((i for i, c in enumerate(classes) if c == CONTENT), len(classes))
    keep: dict[int, int] = {}  # the team line's start -> where the block goes on
    for j in range(first_content + 1, len(classes)):
        if classes[j] not in _SIGNING_BLOCKS:
            continue
        s, e = prep.unit_span(j)
        # (its first line, when the mail's wrapping joined the block's first line to it)
        cut = text.find("\n", s, e)
        if cut > 0:
            e = cut
        if text.count("\n", prep.unit_span(j - 1)[1], s) < 2 or not team_line(text[s:e]):
            continue
        if classes[j] != _SIGNOFF_BLOCK and _heads_prose(text, e):
            continue  # a heading of the help text ("About Freedom of Information at OnFife"), not a signature
        # the last of the message's own text above it (past the blocks between) ends a sentence
        k = j - 1
        while k > first_content and classes[k] != CONTENT and j - k < 20:
            k -= 1
        if classes[k] != CONTENT:
            continue
        stop = prep.unit_span(k)[1]
        while stop > 0 and text[stop - 1].isspace():
            stop -= 1
        # (or a heading the scorer left, that heads a block it took: "For your information:"; or a
        # table written as text whose last row ends in a figure: "2025 (to 30 Sep)      49,760")
        if stop == 0 or (
            text[stop - 1] not in ".!?:"
            and not (text[stop - 1].isdigit() and prep.paras[prep.para_of[k]].units[prep.unit_para[k]].facts.table)
        ):
            continue
        # (and the organisation's line straight under the team's, as in "Information Governance Team /
        # Durham County Council")
        nxt = text.find("\n", e + 1)
        if nxt > 0 and body_line(text[e + 1 : nxt]):
            e = nxt
        first_char = _NON_BLANK.search(text, e + 1)  # the block's first line, past any blank one
        keep[s] = first_char.start() if first_char else len(text)
    return _keep_lines(runs, keep, text)


def _wrapped_lines_stay(prep: Prepared, runs: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """A block that begins on a line the mail's wrapping carried over from the kept line straight
    above ("College of Agriculture, Food and Rural Enterprise - part of the Department" / "of
    Agriculture, Environment and Rural Affairs"): the line above ends no sentence and this one opens
    with a small joining word in lower case. Such lines stay, and the block begins after them."""
    text = prep.text
    taken = _Taken(runs + prep.spans)
    keep: dict[int, int] = {}
    for rs, re_, _c, _r in runs:
        if rs < 2 or text[rs - 1] != "\n":
            continue
        line_start = text.rfind("\n", 0, rs - 1) + 1
        above = text[line_start : rs - 1].rstrip()
        if not above.strip() or taken.touches(line_start, rs - 1):
            continue
        at = rs
        while at < re_ and above[-1] not in ".!?:;" and _continues(text, at):
            cut = text.find("\n", at)
            above = text[at : cut if cut >= 0 else len(text)].rstrip()
            at = cut + 1 if cut >= 0 else len(text)
        if at > rs:
            keep[rs] = at
    return _keep_lines(runs, keep, text)


# the small words that carry a name or a sentence over a wrapped line ("... part of the Department"
# / "of Agriculture, Environment and Rural Affairs")
_JOINING_WORDS = frozenset("of and or the for to in on at by with from a an as".split())


def _continues(text: str, at: int) -> bool:
    """Does the line at ``at`` carry on the line above: two words or more, the first a small joining
    word in lower case?"""
    cut = text.find("\n", at)
    words = text[at : cut if cut >= 0 else len(text)].split(maxsplit=2)
    return len(words) >= 2 and words[0] in _JOINING_WORDS


def _heads_prose(text: str, end: int) -> bool:
    """Does the line after the one ending at ``end`` read as prose: six words or more, most of them
    in lower case ("Fife Cultural Trust became subject to FOISA as a body providing ...")?"""
    nxt = _NON_BLANK.search(text, end)
    if nxt is None:
        return False
    stop = text.find("\n", nxt.start())
    words = text[nxt.start() : stop if stop >= 0 else len(text)].split()
    return len(words) >= 6 and 2 * sum(w[0].islower() for w in words) > len(words)


# what a writer's bare name may not hold: digits, an address, a link, a label, a sentence's end
_NOT_BARE_NAME = re.compile(r"[\d@:;.!?()<>\[\]]|www|https?")


def _named_above_mail_app(
    text: str,
    starts: list[int],
    ends: list[int],
    marks: list[tuple[int, int, str]],
    runs: list[tuple[int, int, str, str]],
) -> list[tuple[int, int, str, str]]:
    """The runs without the writer's name signed straight above a mail app's line ("Apologies again," /
    blank / "Fiona" / "Sent from Outlook for iOS"): a name of one to three words alone on its line,
    under a blank line or a sign-off ending in a comma, is the message's signature, not the app's."""
    keep: dict[int, int] = {}
    for k, _k, rule in marks:
        if rule != "marking:device" or k < 1:
            continue
        line = text[starts[k - 1] : ends[k - 1]].strip()
        above = text[starts[k - 2] : ends[k - 2]].strip() if k >= 2 else ""
        if (
            0 < len(line) <= 30
            and len(line.split()) <= 3
            and line[0].isupper()
            and not _NOT_BARE_NAME.search(line)
            and name_like(line)
            and (not above or above.endswith(","))
        ):
            keep[starts[k - 1]] = starts[k]
    return _keep_lines(runs, keep, text) if keep else runs


def _reads_as_block(prep: Prepared, emissions: Sequence[Sequence[float]], i: int) -> bool:
    """Does the scorer read unit ``i`` (scored) as a block by :data:`SIGNATURE_BLOCK_MARGIN`, and is
    it no name, title or team?"""
    e = emissions[bisect_left(prep.idx, i)]
    if max(e[1:]) - e[0] < SIGNATURE_BLOCK_MARGIN:
        return False
    info = prep.paras[prep.para_of[i]]
    return not name_like(info.texts[prep.unit_para[i]])


def clean_message(raw_text: str, context: CleanContext | None = None) -> CleanResult:
    """Clean one message: the text without boilerplate, plus what was stripped and why."""
    ctx = context or CleanContext()
    text = raw_text
    if not text.strip():
        return CleanResult(tidy(text), [], [])
    index = ctx.index or ThreadIndex()
    prep = _prepare(text, ctx, index)
    model = ctx.model or load_model()
    classes = decide(prep, model, index)
    spans = list(prep.spans)
    starts, ends = prep.line_starts, prep.line_ends
    marks = find_markings(text, starts, ends)
    runs = _wrapped_lines_stay(prep, _team_signs(prep, classes, _titles_stay(prep, classes, _runs(prep, classes))))
    runs = _lone_lines_join_blocks(prep, runs)
    spans.extend(_named_above_mail_app(text, starts, ends, marks, runs))
    # (after the scorer, which learns markings as it learns any block: the rule adds the plain forms
    # it may miss, and takes nothing from what the scorer sees)
    spans.extend((starts[a], ends[b], "other_boilerplate", r) for a, b, r in marks)
    spans = _merge(text, spans)
    refs = find_references(text, prep.line_starts, prep.line_ends, [(s, e) for s, e, _c, _r in spans])
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
