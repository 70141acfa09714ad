"""The clean step's fast paths give exactly what their plain definitions give: the decoder's
dominated step, scores summed from feature families, position and evidence codes, words gathered
from units, ASCII lower-casing, the patterns rewritten to run in linear time, the cheap tests
before the costly patterns, logical lines, what a reply decides, and the memos that grow with
a thread."""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.clean import CleanContext, ThreadIndex, load_model, prepare
from scraper.clean.features import (
    _ADVICE,
    _ADVICE_HINTS,
    _CAPITAL_INITIAL,
    _CONDITION,
    _DATE_NUMERIC,
    _DECISION,
    _DECISION_HINTS,
    _EMAIL,
    _FOUR_DIGITS,
    _POSTCODE,
    _REFERENCE_CODE,
    UnitFacts,
    decides,
    decision_start,
    text_features,
    uses_paragraph,
)
from scraper.clean.model import CLASSES, Model
from scraper.clean.paragraphs import message_joined_words
from scraper.clean.quotes import _QUOTE_HEADER_TO_END, find_quotes
from scraper.clean.site import _FOOTER_TAIL_LINE
from scraper.clean.text import ascii_lower, feature_words, line_table, word_lists, words
from scraper.clean.units import (
    GREETING,
    ITEM,
    PARAGRAPH,
    SENTENCE,
    SEPARATOR,
    SIGNOFF_LINE,
    _lines,
    _logical_lines,
    paragraph_spans,
)

LABELLED = Path(__file__).parent / "data" / "clean" / "labelled.jsonl"
K = len(CLASSES)


@pytest.fixture(scope="module")
def threads() -> list[list[dict]]:
    by_thread: dict[str, list[dict]] = defaultdict(list)
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            by_thread[r["thread"]].append(r)
    return [sorted(msgs, key=lambda r: r["position"]) for msgs in by_thread.values()]


def _prepared(threads: list[list[dict]]):
    """Every message of the labelled set prepared with its thread (index shared per thread)."""
    for msgs in threads:
        index = ThreadIndex()
        earlier: list[str] = []
        kinds: list[str] = []
        for r in msgs:
            ctx = CleanContext(
                kind=r["kind"],
                authority=r["authority"],
                earlier_messages=tuple(earlier),
                earlier_kinds=tuple(kinds),
                requester_name=r.get("requester_name"),
                index=index,
            )
            yield r, prepare(r["raw_text"], ctx, index)
            earlier.append(r["raw_text"])
            kinds.append(r["kind"])


# -- the decoder ----------------------------------------------------------------------------------


def _viterbi(model: Model, emissions, boundaries, forced) -> list[int]:
    """The plain Viterbi: every class from every class at every step."""
    tw = model.transition_weight
    into = [[[tw * t[p][c] for p in range(K)] for c in range(K)] for t in model.transitions]
    prev = [model.start[c] + emissions[0][c] for c in range(K)]
    if forced[0] is not None:
        prev = [v if c == forced[0] else -1e9 for c, v in enumerate(prev)]
    back = []
    for e, b, f in zip(emissions[1:], boundaries[1:], forced[1:], strict=False):
        cur, bp = [], []
        for c in range(K):
            if f is not None and c != f:
                cur.append(-1e9)
                bp.append(0)
                continue
            cand = [p + t for p, t in zip(prev, into[b][c], strict=False)]
            best = max(cand)
            cur.append(best + e[c])
            bp.append(cand.index(best))
        back.append(bp)
        prev = cur
    c = max(range(K), key=prev.__getitem__)
    path = [c]
    for bp in reversed(back):
        c = bp[c]
        path.append(c)
    return path[::-1]


@pytest.mark.parametrize("scale", [0.5, 3.0, 12.0, 40.0])
def test_the_decoder_finds_the_path_of_the_plain_viterbi(scale):
    model = load_model()
    rnd = random.Random(int(scale * 10))
    for _ in range(300):
        n = rnd.randint(1, 60)
        # runs of similar units, as messages have: blocks the dominated step takes whole
        emissions, base = [], [rnd.gauss(0, scale) for _ in range(K)]
        for _ in range(n):
            if rnd.random() < 0.15:
                base = [rnd.gauss(0, scale) for _ in range(K)]
            emissions.append(tuple(b + rnd.gauss(0, scale / 4) + 1e4 for b in base))
        boundaries = [rnd.randrange(3) for _ in range(n)]
        forced = [0 if rnd.random() < 0.1 else None for _ in range(n)]
        assert model.decode(emissions, boundaries, forced) == _viterbi(model, emissions, boundaries, forced)


# -- scores and context codes ---------------------------------------------------------------------


def test_unit_scores_are_the_sums_of_the_spelled_out_features(threads):
    model = load_model()
    checked = 0
    for _r, prep in _prepared(threads):
        for i in prep.idx:
            info, j = prep.paras[prep.units[i].para], prep.unit_para[i]
            f = info.facts[j]
            assert info.feats[j] == text_features(f, info.texts[j], info.bds[j])
            pscore = model.scores(info.pfeats)
            # a short unit is read with its paragraph unless it shares its line with another sentence
            bds = [*info.bds, PARAGRAPH]
            with_paragraph = uses_paragraph(f) and bds[j] != SENTENCE and bds[j + 1] != SENTENCE
            expected = model.scores(info.feats[j], pscore if with_paragraph else None)
            assert info.model_scores(model)[0][j] == expected
            checked += 1
    assert checked > 1000


def _positions(prep) -> list[tuple[str, ...]]:
    """Position features as first defined: counted over the scored units."""
    idx = prep.idx
    n = len(idx)
    facts, units = prep.facts, prep.units
    out: list[list[str]] = [[] for _ in units]
    # a quoted greeting or sign-off is the earlier message's; a greeting after a sign-off opens
    # quoted history
    greeting = [facts[i].greeting and not facts[i].quote_marker for i in range(len(units))]
    signoff = [facts[i].signoff and not facts[i].quote_marker for i in range(len(units))]
    # nor does one after the first line of quoted history ("... wrote:", "From:" then "Sent:")
    texts = [u.text for u in units]
    ends = [
        rank
        for rank, i in enumerate(idx)
        if signoff[i]
        or re.match(r"^[\s>]*-{2,}\s*(?:original message|forwarded message)", texts[i], re.I)
        or (
            texts[i].rstrip().endswith(("wrote:", "schrieb:"))
            # (not an answer quoting the request: "... of 12 May. You wrote:")
            and not re.search(r"(?:^|[.!?]\s+)You wrote:$", texts[i].rstrip())
        )
        or (
            re.match(r"^[\s>]*from\s*:", texts[i], re.I)
            and rank + 1 < n
            and re.match(r"^[\s>]*(?:sent|date|to|cc|subject)\s*:", texts[idx[rank + 1]], re.I)
        )
    ]
    first_greeting = next((i for rank, i in enumerate(idx) if greeting[i]), None)
    if first_greeting is not None and ends and idx[ends[0]] < first_greeting:
        first_greeting = None
    last_signoff = max((i for i in idx if signoff[i]), default=None)
    seen_sep = seen_signoff = False
    for rank, i in enumerate(idx):
        pos = out[i]
        pos.append(f"pos:q{min(4, rank * 5 // n)}")
        if first_greeting is not None and i < first_greeting:
            pos.append("pos:before_greeting")
        if seen_signoff:
            pos.append("pos:after_signoff")
            if last_signoff is not None and i > last_signoff:
                pos.append("pos:after_last_signoff")
        if seen_sep:
            pos.append("pos:after_separator")
        if units[i].para == units[idx[-1]].para:
            pos.append("pos:last_para")
        if units[i].para == units[idx[0]].para:
            pos.append("pos:first_para")
        if n - rank <= 3:
            pos.append("pos:last3")
        seen_signoff = seen_signoff or signoff[i]
        seen_sep = seen_sep or facts[i].separator
    return [tuple(p) for p in out]


def test_position_codes_spell_the_position_features(threads):
    scored = 0
    for _r, prep in _prepared(threads):
        if prep.idx:
            assert prep.positions == _positions(prep)
            scored += 1
    assert scored > 20


# -- words, lower case ----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list(" \n\n\t>>..-_[]1207abAZ:\r\x0b\x1c\u2019\u00a0\u0130\u0131\u017f\u212a£é\u0300Σ")),
    max_size=300,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_a_messages_words_are_its_units_words(text):
    assert message_joined_words(ThreadIndex(), text) == " " + " ".join(words(text)) + " "


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("aAkKrRsS \u212a\u0130\u0131\u017f\u00c9\u00e9-:")), max_size=40))
def test_ascii_lower_finds_ascii_words_where_lower_does(text):
    low = ascii_lower(text)
    assert len(low) == len(text.lower()) or "\u0130" in text
    for word in ("k", "sk", "ra", "as", "ks", "s-", "a:"):
        assert low.find(word) == text.lower().find(word)


# -- patterns rewritten to run in linear time -------------------------------------------------------

_QUOTE_HEADER = re.compile(
    r"^[\s>]*(?:-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"reply message)\s*-{2,}|-{2,}\s*forwarded (?:message|by)[^\n]*-{2,}|-{2,}\s*this is a copy of the "
    r"message[^\n]*|_{5,}\s*$|>>>[^\n]*\d\d/\d\d/\d{2,4}[^\n]*)",
    re.I,
)
_FOOTER_TAIL = re.compile(
    r"^[\s>]*(?:\[\d+\])?(?:https?://\S+|www\.\S+|\S+@\S+|\[[^\]\n]*\]|request-\S+|mailto:\S+)[\s>]*$", re.I
)
_EMAIL_PLAIN = re.compile(
    r"\[email address\]|\[[^\]\n]{0,80}request email\]|\[foi #\d+ email\]|\b[\w.+-]+@[\w-]+\.[\w.]+", re.I
)
_REFERENCE_PLAIN = re.compile(r"\b(?=[A-Z/-]*\d)[A-Z]{2,}[-/ ]?\d[\w/-]*\b")

#: name: (the plain pattern, its linear form, tokens the test texts are made of)
_PLAIN = {
    "quote header": (
        _QUOTE_HEADER.match,
        _QUOTE_HEADER_TO_END.match,
        [">", " ", "\t", ">>>", "-", "--", "_____", "12/03/2024", "1/2/20", "x", "Original Message", "forwarded by"],
    ),
    "footer tail": (
        _FOOTER_TAIL.match,
        _FOOTER_TAIL_LINE.match,
        [">", " ", "\t", "@", "a", "b@c", "[1]", "[", "]", "http://", "www.", "request-", "mailto:", ".", ">@"],
    ),
    "e-mail": (
        _EMAIL_PLAIN.search,
        _EMAIL.search,
        ["a", "B", "1", ".", "+", "-", " ", "@", "_", "é", "x.y", "[email address]", "@@"],
    ),
    "reference code": (
        _REFERENCE_PLAIN.search,
        _REFERENCE_CODE.search,
        ["A", "B", "AB", "1", "22", "/", "-", " ", "a", "_", "FOI", "/2023/", "\u0663"],
    ),
}


@pytest.mark.parametrize("name", sorted(_PLAIN))
def test_linear_patterns_match_where_the_plain_ones_do(name):
    plain, fast, tokens = _PLAIN[name]
    rnd = random.Random(name)
    for _ in range(20000):
        text = "".join(rnd.choice(tokens) for _ in range(rnd.randint(0, 10)))
        assert bool(plain(text)) == bool(fast(text)), repr(text)


# -- memos that grow with the thread --------------------------------------------------------------


def test_a_quoted_paragraph_is_matched_against_the_earlier_messages_of_each_call():
    para = "The council holds no recorded information about the number of cameras in the town centre."
    reply = "Thank you for this.\n\n> " + para
    sent = "Dear council,\n\n" + para + "\n\nYours faithfully,\nJo"
    other = "Something entirely different: parking permits in the borough of Anytown, and their fees."
    starts, ends = line_table(reply)
    index = ThreadIndex()
    for earlier in ([sent], [other], [other, sent], [other], [sent]):
        got = find_quotes(reply, earlier, starts, ends, index)
        assert got == find_quotes(reply, earlier, starts, ends, ThreadIndex()), earlier
        assert bool(got[0]) == (sent in earlier)  # removed only where the quoted message is there


# -- unit facts: cheap tests that every match implies ---------------------------------------------

_FACT_TEXT = st.lists(
    st.sampled_from(
        list(" \n./-:,AZKSQx019\u0663\u00e9") + ["May", "sep", "Sep ", "2024", "12/", "SK9 5AF", "Jo Bloggs"]
    ),
    max_size=16,
).map("".join)


def _ascii_count(text: str, lo: str, hi: str) -> int:
    return sum(lo <= c <= hi for c in text)


@settings(max_examples=3000)
@given(_FACT_TEXT)
def test_the_facts_cheap_tests_hold_wherever_their_patterns_match(text):
    digits, upper = _ascii_count(text, "0", "9"), _ascii_count(text, "A", "Z")
    if _DATE_NUMERIC.search(text):
        assert text.count("/") + text.count(".") >= 2
    if _FOUR_DIGITS.search(text):
        assert digits >= 4 or not text.isascii()
    if _POSTCODE.search(text):
        assert upper >= 3
    tokens = len(text.split())
    if tokens >= 2 and len(_CAPITAL_INITIAL.findall(text)) >= 0.7 * tokens:
        assert upper >= 2 and upper >= 0.7 * tokens


def test_unit_facts_of_the_labelled_units_hold_what_the_patterns_find(threads):
    for _r, prep in _prepared(threads):
        for i in prep.idx:
            f, text = prep.facts[i], prep.units[i].text
            assert f.postcode == (any("0" <= c <= "9" for c in text) and _POSTCODE.search(text) is not None)
            tokens = len(text.split())
            titlecase = tokens >= 2 and len(_CAPITAL_INITIAL.findall(text)) >= 0.7 * tokens
            assert bool(f.shape >> 3 >> 21 & 1) == titlecase, text


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_word_lists_are_the_words_and_the_feature_words(text):
    plain, feature = word_lists(text)
    assert plain == words(text)
    assert feature == feature_words(text)


# -- segmenting a paragraph -------------------------------------------------------------------------


def _plain_logical_lines(para: str) -> list[tuple[int, int]]:
    """Logical lines as first defined: each break tested on its own line and the next."""

    def hard(line: str, nxt: str, width: int) -> bool:
        s = line.rstrip()
        n = len(s.lstrip(" \t>"))
        if width < 60 or n < 35 or len(s) < 0.6 * width:
            return True
        return bool(
            s.endswith(":")
            or SEPARATOR.match(nxt)
            or ITEM.match(nxt)
            or SEPARATOR.match(line)
            or " | " in s
            or " | " in nxt
        )

    lines = para.split("\n")
    width = max(len(x.rstrip()) for x in lines)
    out, pos, start = [], 0, 0
    for k, line in enumerate(lines):
        end = pos + len(line)
        if k == len(lines) - 1 or hard(line, lines[k + 1], width):
            out.append((start, end))
            start = end + 1
        pos = end + 1
    return out


def _logical(para: str) -> list[tuple[int, int]]:
    lines = para.split("\n")
    stripped = list(map(str.rstrip, lines))
    width = max(map(len, stripped))
    return _lines(lines) if width < 60 else _logical_lines(lines, stripped, width)


_WORD = st.sampled_from(["word", "Another", "x" * 30, "-----", "•", "1.", "a)", ">", ":", "end.", "  ", "\t", "|"])
_PARA = st.lists(st.lists(_WORD, max_size=14).map(" ".join), min_size=2, max_size=8).map("\n".join)


@settings(max_examples=1500)
@given(_PARA)
def test_logical_lines_are_those_of_the_plain_definition(para):
    assert _logical(para) == _plain_logical_lines(para)


def test_logical_lines_of_the_labelled_paragraphs(threads):
    checked = 0
    for msgs in threads:
        for r in msgs:
            for p0, p1 in paragraph_spans(r["raw_text"]):
                para = r["raw_text"][p0:p1]
                if "\n" in para:
                    assert _logical(para) == _plain_logical_lines(para)
                    checked += 1
    assert checked > 300


# -- what a reply decides ---------------------------------------------------------------------------


def _plain_decides(text: str) -> bool:
    """decides() as first defined: the advice and decision patterns whole, after their hints."""
    flat = " ".join(text.split())
    low = flat.lower()
    if any(h in low for h in _ADVICE_HINTS) and _ADVICE.search(flat) is not None:
        return True
    if not any(h in low for h in _DECISION_HINTS):
        return False
    m = _DECISION.search(flat)
    return m is not None and _CONDITION.search(flat, 0, m.start()) is None


_DECISION_TEXT = st.lists(
    st.sampled_from(
        [
            " ",
            "we have decided",
            "I have today concluded",
            "if",
            "This letter is a refusal notice",
            "upheld your",
            "does not uphold your",
            "it will not be possible to answer",
            "your request will now be considered",
            "our answer follows",
            "as follows",
            "please find our response below",
            "please see attached the",
            "the information you asked for is set out below",
            "the answer to your question is",
            "mae'r wybodaeth yn y llythyr isod",
            "gweler ein hymateb ynghlwm",
            "no information is held",
            "information was not held",
            "the council does not hold information",
            "we hold no information",
            "I can confirm",
            '"Upheld" means',
            "\u201cCase\u201d refers to",
            "refined request",
            "under section 16",
            "<<letter.pdf>>",
            "request",
            "16",
            "held",
            "\u017f",
            "\u0130",
            "\u0131",
            "\u212a",
            "x",
            ".",
            "\n",
            "When",
        ]
    ),
    max_size=10,
).map("".join)


@settings(max_examples=3000)
@given(_DECISION_TEXT)
def test_decides_finds_what_the_whole_patterns_find(text):
    flat = " ".join(text.split())
    m = _DECISION.search(flat)
    assert decision_start(flat, flat.lower()) == (m.start() if m else None)
    assert decides(text) == _plain_decides(text)


def test_decides_on_the_labelled_sentences(threads):
    for msgs in threads:
        for r in msgs:
            for sentence in r["raw_text"].split("\n\n"):
                assert decides(sentence) == _plain_decides(sentence)


_OPENING = st.tuples(
    st.sampled_from(
        list("dDhHgGtTaAbBpPyYkKwWmMrRsScClLoOixXzZ-_*#=~+.·•|–▪●◦(>1٣ \t\n\xa0") + ["ſ", "K", "İ", "ı", ""]
    ),
    st.sampled_from(
        [
            "ear Jo",
            "ello",
            "ours sincerely",
            "ind regards",
            "incerely",
            "heers",
            "----",
            " - - - -",
            ") item",
            ". item",
            "x",
            "",
            "ANK YOU",
            "egards, Jo",
            "iolch",
            "e meas",
            "i) x",
            "2) x",
        ]
    ),
).map("".join)


@settings(max_examples=3000)
@given(_OPENING)
def test_the_line_patterns_run_only_where_they_can_match(text):
    f = UnitFacts(text)
    assert f.greeting == (len(text) <= 100 and GREETING.match(text) is not None)
    assert f.signoff == (len(text) <= 80 and SIGNOFF_LINE.match(text) is not None)
    assert f.separator == ("\n" not in text and SEPARATOR.match(text) is not None)
    assert f.item == (ITEM.match(text) is not None)


# -- runs that share a line with kept text ----------------------------------------------------------


def _runs_within_lines_plain(prep, path: list[int], emissions, forced) -> None:
    """`assemble._runs_within_lines` by its definition: every test rescans its line."""
    from scraper.clean.assemble import MIDLINE_LEAN, MIDLINE_SUPPORT, REPEATED_SENTENCE_WORDS
    from scraper.clean.features import EV_AUTH, EV_CROSS, EV_THREAD, EVIDENCE_SHIFT, F_COURTESY

    repeated = (EV_AUTH | EV_CROSS | EV_THREAD) << EVIDENCE_SHIFT
    long_enough = REPEATED_SENTENCE_WORDS

    def unit_words(u: int) -> list[str]:
        return prep.paras[prep.para_of[u]].units[prep.unit_para[u]].words

    text, idx = prep.text, prep.idx

    def before(k: int) -> bool:  # kept text before unit k on its line
        u = idx[k]
        s = prep.unit_span(u)[0]
        courteous = u > 0 and prep.flags[u - 1] & F_COURTESY
        return bool(text[text.rfind("\n", 0, s) + 1 : s].strip()) and not courteous

    def after(k: int) -> bool:  # kept text after unit k on its line
        e = prep.unit_span(idx[k])[1]
        end = text.find("\n", e)
        return bool(text[e : len(text) if end < 0 else end].strip())

    n, i = len(path), 0
    while i < n:
        c = path[i]
        if not c:
            i += 1
            continue
        j = i
        while j + 1 < n and path[j + 1] == c:
            j += 1
        head = (i == 0 or not path[i - 1]) and before(i)
        if head:
            # kept units before it on its line, next to each other, each leaning to c: the run takes them
            h = i
            while (
                h > 0
                and before(h)
                and idx[h - 1] == idx[h] - 1
                and not path[h - 1]
                and forced[h - 1] is None
                and (
                    emissions[h - 1][c] - emissions[h - 1][0] >= MIDLINE_LEAN
                    or (prep.codes[h - 1] & repeated and len(unit_words(idx[h - 1])) >= long_enough)
                )
            ):
                h -= 1
            if h < i and not before(h):
                path[h:i] = [c] * (i - h)
                i, head = h, False
        for a, b, shares in (
            (i, next((k for k in range(i, j) if not before(k + 1)), j), head),
            (None, j, (j == n - 1 or not path[j + 1]) and after(j)),
        ):
            if a is None:  # the tail: back from j while the unit before also ends inside its line
                if not shares or path[j] != c:
                    continue
                a = j
                while a > i and path[a - 1] == c and after(a - 1):
                    a -= 1
            elif not shares:
                continue
            support = sum(emissions[k][c] - emissions[k][0] for k in range(a, b + 1)) / (b - a + 1)
            if support < MIDLINE_SUPPORT:
                path[a : b + 1] = [0] * (b + 1 - a)
        i = j + 1


def test_runs_sharing_a_line_are_given_back_as_their_plain_definition_does(threads):
    from scraper.clean.assemble import MIDLINE_LEAN, MIDLINE_SUPPORT, _runs_within_lines

    rng = random.Random(7)
    checked = joined = 0
    from scraper.clean.features import EV_AUTH, EVIDENCE_SHIFT

    for _r, prep in _prepared(threads):
        n = len(prep.idx)
        if n < 2:
            continue
        # now and then a unit is one the archive repeats
        prep.codes = [c | EV_AUTH << EVIDENCE_SHIFT if rng.random() < 0.3 else c for c in prep.codes]
        for _ in range(20):
            path, k = [0] * n, 0
            while k < n:  # random runs of random classes
                length = rng.randint(1, 6)
                c = rng.choice([0, 0, 1, 2, 3, 4])
                path[k : k + length] = [c] * len(path[k : k + length])
                k += length
            support = [rng.choice([MIDLINE_SUPPORT - 5, MIDLINE_SUPPORT + 5]) for _ in range(n)]
            # kept units lean to one class or another, now and then by enough to join a run after them
            lean = [rng.choice([0, 0, rng.randint(1, 4)]) for _ in range(n)]
            emissions = [
                tuple(0.0 if c == 0 else s if p else (MIDLINE_LEAN + 1 if c == x else 0.0) for c in range(K))
                for s, p, x in zip(support, path, lean, strict=True)
            ]
            # now and then a kept unit is one the guards protect
            forced = [0 if not p and rng.random() < 0.2 else None for p in path]
            fast, plain = list(path), list(path)
            _runs_within_lines(prep, fast, emissions, forced)
            _runs_within_lines_plain(prep, plain, emissions, forced)
            assert fast == plain
            checked += fast != path
            joined += any(c and not p for c, p in zip(fast, path, strict=True))
    assert checked > 100  # the rule gave something back often enough for the comparison to mean something
    assert joined > 15  # and a run took the sentences before it on its line often enough
