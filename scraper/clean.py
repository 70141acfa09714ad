"""Message cleaning: take boilerplate and quoted history out of a message, never a word of the answer.

Pure: raw text plus context in, clean text plus the stripped spans out. ``raw_text`` is never
changed; ``clean_text`` is derived from it by removing the spans and tidying whitespace
(:func:`tidy`), so every decision is auditable and can be recomputed.

Layers, applied in this order, each usable alone:

1. :func:`find_site_footer` and :func:`find_page_chrome` -- the site's own text: the outgoing-mail
   footer of Alaveteli/WhatDoTheyKnow (built from ``outgoing_mailer/*.text.erb``) and page chrome
   ("show quoted sections", cookie banners).
2. :func:`find_quotes` -- quoted history. A candidate (``>`` lines, "On ... wrote:", "-----Original
   Message-----", Outlook/Lotus header blocks) is removed only where its paragraphs match an earlier
   message of the same thread; otherwise it is kept and only labelled.
3. :func:`find_catalogue_blocks` -- a rule catalogue for disclaimers, complaint-rights blocks,
   sign-off (social/campaign) blocks and auto-reply help text. Each paragraph is scored by lexical
   anchors; blocks grow from strong paragraphs over neighbouring weaker ones, so the whole block is
   found wherever it sits and under any heading or none.
4. :func:`find_mined_blocks` -- paragraphs that recur in several different requests of one authority
   (see :func:`mine_authority_blocks`) and look like boilerplate.
5. Safety net: paragraphs with request-specific signals (question numbers, amounts, exemption
   reasoning) are never removed by layers 3-4, greetings and the signature after the sign-off stay,
   and a message is never emptied.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from operator import add
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence

from scraper.models import Stripped

__all__ = [
    "CATEGORIES",
    "BlockStats",
    "CleanContext",
    "CleanResult",
    "clean_message",
    "mine_authority_blocks",
    "tidy",
    "remove_spans",
]

CATEGORIES = (
    "quoted",
    "site_footer",
    "disclaimer",
    "complaint_rights",
    "signoff_block",
    "other_boilerplate",
)
_I = re.IGNORECASE
_IM = re.IGNORECASE | re.MULTILINE


# --------------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------------


@dataclass
class BlockStats:
    """Sentences that recur across different requests of one authority (from mining)."""

    authority: str
    min_requests: int = 3
    #: normalised sentence -> number of distinct requests it occurs in (only those >= min_requests)
    counts: dict[str, int] = field(default_factory=dict)
    n_requests: int = 0

    def is_repeated(self, key: str) -> bool:
        return self.counts.get(key, 0) >= self.min_requests

    def to_dict(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "min_requests": self.min_requests,
            "n_requests": self.n_requests,
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "BlockStats":
        return cls(
            authority=d["authority"],
            min_requests=int(d.get("min_requests", 3)),
            counts={str(k): int(v) for k, v in d.get("counts", {}).items()},
            n_requests=int(d.get("n_requests", 0)),
        )


@dataclass
class CleanContext:
    """What the cleaner may know beyond the text itself."""

    kind: str = "incoming"  #: outgoing | incoming | annotation
    authority: str | None = None  #: url_name
    earlier_messages: Sequence[str] = ()  #: raw texts of earlier messages of the same thread
    authority_blocks: BlockStats | None = None  #: mined repeated sentences for this authority
    requester_name: str | None = None
    #: memo shared by the messages of one thread (see :class:`ThreadIndex`); optional
    index: ThreadIndex | None = None


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


# --------------------------------------------------------------------------------------------
# Per-thread memo
# --------------------------------------------------------------------------------------------


class ThreadIndex:
    """What the cleaner remembers while it cleans one thread: facts about paragraphs and lines
    (boilerplate repeats within a thread, in quotes and in every reply) and the earlier
    messages' 4-word sequences.

    Its lifetime is one thread, never longer: nothing is remembered across threads, so the time
    to clean a thread does not depend on what was cleaned before. Pass one in
    :attr:`CleanContext.index` for all the messages of a thread, in order; without one,
    :func:`clean_message` starts a new index when ``earlier_messages`` is empty (a thread's first
    message) and otherwise keeps using the index of the thread whose first message matches.
    Every value is a pure function of its text, so sharing an index never changes a result.
    """

    __slots__ = ("first", "tables")

    def __init__(self) -> None:
        self.first: str | None = None  # the thread's first message, to recognise the thread
        self.tables: dict[str, dict] = {}


_active: ThreadIndex | None = None  # the index of the clean_message call in progress
_last: ThreadIndex | None = None  # the index of the last thread cleaned without an explicit one


_MISSING = object()


def _per_thread(fn):
    """Memoise a pure function of one string in the active thread's index (uncached without one)."""
    name = fn.__name__

    def wrapper(text):
        ix = _active
        if ix is None:
            return fn(text)
        table = ix.tables.get(name)
        if table is None:
            table = ix.tables[name] = {}
        value = table.get(text, _MISSING)
        if value is _MISSING:
            value = table[text] = fn(text)
        return value

    wrapper.__name__ = name
    wrapper.__doc__ = fn.__doc__
    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


# --------------------------------------------------------------------------------------------
# Whitespace tidying (the only transformation besides removing spans)
# --------------------------------------------------------------------------------------------

_BLANK_RUN = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Tidy whitespace deterministically.

    Line endings become ``\\n``; trailing whitespace is removed from every line; every run of
    whitespace-only lines becomes one empty line; leading and trailing blank lines are removed.
    Leading indentation and everything else are kept.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(map(str.rstrip, text.split("\n")))  # whitespace-only lines become empty
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


def remove_spans(raw_text: str, spans: Iterable[Stripped]) -> str:
    """raw_text without the given (sorted, non-overlapping) spans."""
    out: list[str] = []
    pos = 0
    for s in spans:
        out.append(raw_text[pos : s.start])
        pos = s.end
    out.append(raw_text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Lines and units (paragraphs, sub-split at headings and block openers)
# --------------------------------------------------------------------------------------------


class _Unit:
    """A paragraph-like run of lines; the granularity of every rule decision."""

    __slots__ = (
        "idx", "l0", "l1", "start", "end", "text",
        "scores", "strong", "heading", "separator",
        "greeting", "signoff", "cat", "rule", "in_tail", "signature",
    )

    def __init__(self, idx: int, l0: int, l1: int, start: int, end: int, text: str,
                 facts: tuple | None = None) -> None:
        self.idx = idx
        self.l0 = l0  # first line index
        self.l1 = l1  # last line index (inclusive)
        self.start = start
        self.end = end  # end of the last line, newline excluded
        self.text = text
        if facts is None:
            self.scores: dict[str, int] = {}
            self.strong: dict[str, int] = {}
            self.heading: str | None = None
            self.separator = False
            self.greeting = False
            self.signoff = False
        else:  # what :func:`_facts` found
            self.scores, self.strong, self.heading, self.separator, self.greeting, self.signoff = facts
        self.cat: str | None = None  # category once a rule has claimed it
        self.rule: str | None = None
        self.in_tail = False
        self.signature = False

    # The costlier facts are computed only for the few units a rule looks at (and cached by text).
    @property
    def protected(self) -> bool:
        return _is_protected(self.text)

    @property
    def contact(self) -> bool:
        return _is_contact(self.text)

    @property
    def url_only(self) -> bool:
        return _is_url_only(self.text)

    @property
    def logo(self) -> bool:
        return not self.greeting and not self.signoff and _is_logo(self.text)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Unit {self.idx} {self.cat or '-'} {self.text[:40]!r}>"


_WORD = re.compile(r"[a-z0-9]+")
# bytes.translate table: ASCII letters and digits stay, every other byte becomes a space
_TOKEN_TABLE = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))


def _words(low: str) -> list[str]:
    """``_WORD.findall(low)`` for lower-cased text, several times faster (all in C): anything not
    ASCII becomes ``?`` and then, like every other non-word character, a space."""
    return low.encode("ascii", "replace").translate(_TOKEN_TABLE).decode("ascii").split()
_SEPARATOR = re.compile(r"^[\s\-_*#=~+.·•|]{5,}$|^\s*--\s*$")

_HEADINGS: dict[str, re.Pattern[str]] = {
    "complaint_rights": re.compile(
        r"^[\s*_#\-=]*(?:"
        r"complaint rights|complaints?|rights? to complain|right of complaint|"
        r"your right to complain(?: under the freedom of information act)?|"
        r"rights? of (?:appeal|complaint|review)|internal reviews?(?: procedure)?|"
        r"complaints? ?(?:/|and|&) ?(?:reviews?|appeals?)|reviews? ?(?:/|and|&) ?complaints?|"
        r"appeals?(?: ?(?:/|and|&) ?complaints?)?|appeal to the (?:scottish )?(?:information )?commissioner|"
        r"review procedure|requests? for review|the (?:scottish )?information commissioner|"
        r"(?:the )?information commissioner'?s office|further action|"
        r"what to do if you are (?:dissatisfied|unhappy)(?: with (?:the|this|our) response)?|"
        r"making a complaint(?: to the ico)?|complaints? about (?:foi|freedom of information) requests|"
        r"your rights?|if you are unhappy(?: with (?:the|this|our) response)?"
        r")[\s:*_#\-=]*$",
        _I,
    ),
    "disclaimer": re.compile(
        r"^[\s*_#\-=]*(?:(?:e-?mail |legal |important |confidentiality |privacy )?"
        r"(?:disclaimer|notice)|copyright(?: and re-?use(?: of information)?)?|re-?use of information)"
        r"[\s:*_#\-=]*$",
        _I,
    ),
    "signoff_block": re.compile(
        r"^[\s*_#\-=]*(?:find us(?: (?:at|on|online))?|follow us(?: on)?|connect with us|"
        r"keep in touch|stay connected|social media)[\s:*_#\-=]*$",
        _I,
    ),
}

# A line that starts a known block even without a blank line before it.
_OPENER = re.compile(
    r"^[\s*_#\-=·•]*(?:"
    r"notice\s*[-:–]|disclaimer\s*[-:–]|"
    r"this (?:e-?mail|email message|message|communication|footnote)\b[^\n]{0,60}"
    r"\b(?:confidential|intended|privileged|scanned|swept|virus|monitored|attachments?)\b|"
    r"the information (?:contained )?in this (?:e-?mail|message)|"
    r"in complying with (?:their|its|our) statutory duty|"
    r"total policing|(?:please )?consider (?:our|the) environment|"
    r"the original of this e-?mail was scanned|communications via the gsi|"
    r"internet e-?mail is not|are you (?:unhappy|dissatisfied)|"
    r"if you are (?:dissatisfied|unhappy|not (?:happy|satisfied|content)) with"
    r")",
    _I,
)


_FIRST_ALPHA = re.compile(r"[^\W\d_]")


def _heading_of(line: str) -> str | None:
    """The block kind a line is the heading of: a short line, capitalised, matching a known heading."""
    if len(line) > 80:
        return None
    m = _FIRST_ALPHA.search(line)
    if m is None or not m.group().isupper():
        return None
    for cat, pat in _HEADINGS.items():
        if pat.match(line):
            return cat
    return None


def _line_table(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets (newline excluded) of every line."""
    lengths = list(map(len, text.split("\n")))
    starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=0))
    ends = list(map(add, starts, lengths))
    return starts, ends


# a paragraph: a run of lines that each hold something other than whitespace
_PARAGRAPH = re.compile(r"[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")
# a line inside a paragraph that may start a unit of its own (checked exactly per line only if present)
_SPLIT_HINT = re.compile(
    r"\n[\s*_#\-=·•]*(?:complaint|right|your right|internal|appeal|review|requests? for|the (?:scottish )?information|"
    r"information commissioner|further action|what to do|making a|if you|are you|disclaimer|notice|legal|important|"
    r"confidentiality|privacy|copyright|re-?use|find us|follow us|connect|keep in touch|stay connected|social media|"
    r"this (?:e-?mail|email|message|communication|footnote)|the information|in complying|total policing|"
    r"(?:please )?consider|the original|communications via|internet e-?mail|[-_*#=~+.·•| ]{5,}[^\S\n]*(?:\n|$)|--\s*(?:\n|$))",
    _I,
)


def _build_units(text: str, starts: list[int], ends: list[int], scored: bool = False) -> list[_Unit]:
    """The message's units; with ``scored``, each with the facts of :func:`_facts` already set."""
    units: list[_Unit] = []
    append = units.append
    for m in _PARAGRAPH.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        para = m.group()
        if "\n" not in para:  # one line, one unit (what _paragraph_units says, without the lookup)
            t = text[starts[i] : ends[i]]
            append(_Unit(len(units), i, i, starts[i], ends[i], t, _facts(t) if scored else None))
            continue
        for a, b in _paragraph_units(para):
            a += i
            b += i
            t = text[starts[a] : ends[b]]
            append(_Unit(len(units), a, b, starts[a], ends[b], t, _facts(t) if scored else None))
    return units


@_per_thread
def _paragraph_units(para: str) -> tuple[tuple[int, int], ...]:
    """Line ranges (relative to the paragraph) of its units; cached because paragraphs repeat."""
    if "\n" not in para:
        return ((0, 0),)
    lines = para.split("\n")
    if max(map(len, lines)) <= 140 and len(para) / len(lines) <= 100 and not _SPLIT_HINT.search("\n" + para):
        return ((0, len(lines) - 1),)
    return tuple(_split_lines(lines))


def _split_lines(lines: list[str]) -> Iterator[tuple[int, int]]:
    """Split a paragraph's lines at headings and block openers; unwrapped text gives one unit per line."""
    j = len(lines) - 1
    lengths = [len(x) for x in lines]
    if max(lengths) > 140 or sum(lengths) / len(lengths) > 100:
        # One paragraph per line (HTML dumps, PDF text): each line is its own unit.
        for k in range(j + 1):
            yield k, k
        return
    a = 0
    for k, line in enumerate(lines):
        if _SEPARATOR.match(line) and not any(c.isalnum() for c in line):
            # a rule line (----, ****) is always a unit of its own
            if k > a:
                yield a, k - 1
            yield k, k
            a = k + 1
            continue
        is_heading = _heading_of(line) is not None
        if k > a and (is_heading or _OPENER.match(line)):
            yield a, k - 1
            a = k
        if is_heading and k < j:
            yield a, k
            a = k + 1
    if a <= j:
        yield a, j


# --------------------------------------------------------------------------------------------
# Anchor catalogue
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Anchor:
    name: str
    category: str
    weight: int  # 2 = strong, 1 = weak
    triggers: tuple[str, ...]  # at least one of these words must occur in the unit
    pattern: re.Pattern[str]


def _spaces_flexible(pattern: str) -> str:
    """Let a literal space in a pattern match any run of whitespace (text is hard-wrapped)."""
    out = []
    depth = 0
    esc = False
    for ch in pattern:
        if esc:
            out.append(ch)
            esc = False
            continue
        if ch == "\\":
            esc = True
        elif ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        out.append(r"\s+" if ch == " " and depth == 0 else ch)
    return "".join(out)


def _a(name: str, category: str, weight: int, triggers: str, pattern: str, flags: int = _IM) -> _Anchor:
    return _Anchor(name, category, weight, tuple(triggers.split()), re.compile(_spaces_flexible(pattern), flags))


_CR, _DI, _SO, _OB = "complaint_rights", "disclaimer", "signoff_block", "other_boilerplate"

_ANCHORS: tuple[_Anchor, ...] = (
    # --- complaint rights: rights addressed to the reader, and the review/ICO machinery
    _a("cr_if_dissatisfied", _CR, 2, "dissatisfied unhappy happy satisfied content",
       r"\b(?:if|should|where) you (?:are|were|remain|feel|be)\s+(?:still\s+|not\s+)?"
       r"(?:dissatisfied|unhappy|not (?:happy|satisfied|content)|happy|satisfied|content)\s+with\b"),
    _a("cr_are_you_unhappy", _CR, 2, "unhappy dissatisfied", r"\bare you (?:unhappy|dissatisfied|not happy)\b"),
    _a("cr_you_may", _CR, 2, "complain appeal lodge require apply review complaint application",
       r"\byou (?:may|can|could|will be able to|have (?:the|a) right to|are entitled to|would (?:still )?be entitled to|"
       r"are welcome to|should)\s+(?:\w+\s+){0,3}?"
       r"(?:request (?:an? )?(?:internal )?review|ask (?:for|the \w+ (?:to|for)) (?:an? )?(?:internal )?review|"
       r"complain|appeal|lodge|require|apply (?:to|for|directly)|make (?:a |an )?(?:formal )?(?:complaint|application|appeal))"),
    _a("cr_right_of", _CR, 2, "right rights",
       r"\brights? (?:of|to) (?:complain|complaint|appeal|review|request an internal review|ask for an internal review)"),
    _a("cr_details_rights", _CR, 2, "rights right", r"\bdetails (?:of )?your rights?\b"),
    _a("cr_may_complain", _CR, 2, "complain appeal",
       r"\b(?:may|can|could) (?:complain|appeal|make a complaint)\b"),
    _a("cr_apply_ico", _CR, 2, "commissioner",
       r"\b(?:complain|appeal|apply|write|contact|application|applications|complaint|refer (?:the matter |this )?)\s+"
       r"(?:directly\s+)?to\s+the\s+(?:scottish\s+)?information\s+commissioner"),
    _a("cr_ico_address", _CR, 2, "wycliffe sk9 0303 kilburn ky16 doubledykes",
       r"\bwycliffe house\b|\bsk9\s*5af\b|\b0303\s*123\s*1113\b|\bkilburn castle\b|\bky16\s*9ds\b|\bdoubledykes road\b"),
    _a("cr_internal_review", _CR, 1, "internal", r"\binternal review"),
    _a("cr_ico", _CR, 1, "commissioner", r"\binformation commissioner"),
    _a("cr_complaint", _CR, 1, "complaint complaints complain complaining",
       r"\bcomplain(?:t|ts|ing)?\b"),
    _a("cr_dissatisfied", _CR, 1, "dissatisfied unhappy", r"\b(?:dissatisfied|unhappy)\b"),
    _a("cr_ico_web", _CR, 1, "ico", r"\bico\.org\.uk\b"),
    _a("cr_section50", _CR, 1, "50", r"\bsection 50\b"),
    _a("cr_40_days", _CR, 1, "40 forty", r"\b(?:40|forty)\s*(?:\(40\)\s*)?working days\b"),
    _a("cr_two_months", _CR, 1, "months", r"\b(?:two|2) (?:calendar )?months\b"),
    _a("cr_review_decision", _CR, 1, "review reviewed",
       r"\breview (?:of )?(?:its|their|our|the|this) (?:decision|actions|handling)|\bdecision reviewed\b"),
    _a("cr_decision_wrong", _CR, 1, "incorrect wrong", r"\bdecision is (?:incorrect|wrong)\b"),
    _a("cr_appeal", _CR, 1, "appeal appeals appealing", r"\bappeal(?:s|ing)?\b"),
    _a("cr_lodge", _CR, 1, "lodge lodging lodged", r"\blodg(?:e|ing|ed)\b"),
    _a("cr_ico_town", _CR, 1, "wilmslow lane", r"\bwater lane\b|\bwilmslow\b"),
    # --- disclaimers, security banners, copyright notices
    _a("di_intended_for", _DI, 2, "intended",
       r"\bintended (?:solely |only |exclusively )?(?:for|to be for) (?:the )?(?:sole )?(?:use (?:of|by) )?(?:the )?"
       r"(?:named |individual )?(?:addressee|recipient|individual|person|attention)"),
    _a("di_intended_recipient", _DI, 2, "recipient recipients addressee", r"\b(?:intended|named) (?:recipient|addressee)"),
    _a("di_in_error", _DI, 2, "error",
       r"\b(?:received|receive|reached you|sent to you) (?:this|the|it)?\s*(?:e-?mail|message|communication|transmission)?"
       r"(?:\s+and any attachments?)?\s+(?:in|by) (?:error|mistake)"),
    _a("di_notify_sender", _DI, 2, "sender", r"\b(?:notify|inform|contact|tell) the sender\b"),
    _a("di_unauthorised", _DI, 2, "unauthorised unauthorized",
       r"\bunauthori[sz]ed (?:use|disclosure|copying|access|agreements?|dissemination)"),
    _a("di_views", _DI, 2, "views opinions", r"\b(?:views|opinions)(?: or opinions| and opinions)? (?:expressed|contained)"),
    _a("di_scanner", _DI, 2, "messagelabs mimecast symantec mcafee mcaffee websense sophos proofpoint",
       r"\b(?:messagelabs|mimecast|symantec|mcafee|mcaffee|websense|sophos|proofpoint)\b"),
    _a("di_gsi", _DI, 2, "government secure gsi gsx gcsx",
       r"\bgovernment secure intranet\b|\bcommunications via the gs[ix]\b|\bcertified virus free\b"),
    _a("di_secure", _DI, 2, "secure", r"\bsecure (?:medium|means of communication|form of communication)\b|\bnot (?:be )?secure\b"),
    _a("di_no_liability", _DI, 2, "accept accepts liability responsibility",
       r"\baccepts? no (?:responsibility|liability)\b|\bno (?:responsibility|liability) (?:is|can be) accepted\b"),
    _a("di_footnote", _DI, 2, "footnote swept", r"\bthis footnote\b|\bswept (?:for|by)\b"),
    _a("di_copyright_act", _DI, 2, "designs patents", r"\bcopyright,? designs and patents act\b"),
    _a("di_copyright_owner", _DI, 2, "owner holder owners holders", r"\bcopyright (?:owner|holder)"),
    _a("di_reproduce", _DI, 1, "reproduce", r"\bpermission to reproduce\b"),
    _a("di_reuse", _DI, 2, "reuse re",
       r"\bre-?use of (?:public sector )?information\b|\bre-?use of public sector information regulations\b"),
    _a("di_monitored", _DI, 2, "monitored recorded logged intercepted monitors",
       r"\b(?:may|will|can) be (?:\w+ )?(?:monitored|recorded|logged|intercepted|read)\b|"
       r"\b(?:is|are) (?:routinely |automatically )?(?:monitored|recorded|logged)\b|\bmonitors all\b"),
    _a("di_monitored_centrally", _DI, 2, "centrally integrity",
       r"\bmonitored centrally\b|\bintegrity of the system\b"),
    _a("di_opening", _DI, 2, "confidential privileged intended protectively",
       r"^\W*(?:this|the) (?:e-?mail|email message|message|communication|document|transmission)"
       r"(?: and (?:any|its) (?:attachments?|files?)(?: transmitted with it)?)?[^.\n]{0,40}?\b"
       r"(?:is|are|may|contains?)\b[^.\n]{0,60}?\b(?:confidential|privileged|intended|protectively marked)"),
    _a("di_protective_marking", _DI, 2, "protectively", r"\bprotectively marked\b"),
    _a("di_external", _DI, 2, "originated",
       r"\boriginated from outside (?:of )?(?:the|our|this) (?:organi[sz]ation|council|trust|network)\b"),
    _a("di_do_not_click", _DI, 2, "click", r"\bdo not click (?:on )?(?:any )?links\b"),
    _a("di_welsh_confidential", _DI, 2, "gyfrinachol", r"\bgyfrinachol\b"),
    _a("di_welsh_error", _DI, 2, "gamgymeriad anfonwr", r"\bdrwy gamgymeriad\b|\banfonwr\b"),
    _a("di_copyright_exists", _DI, 2, "copyright",
       r"\bcopyright (?:may )?(?:exists?|subsists?)\b|\bsubject to copyright\b|\bprotected by copyright\b"),
    _a("di_privileged", _DI, 2, "privileged privilege", r"\b(?:legally )?privileged\b|\blegal (?:and/or professional )?privilege\b|\bprofessional privilege\b"),
    _a("di_delete", _DI, 1, "delete destroy",
       r"\b(?:delete|destroy) (?:it|this|them|the (?:e-?mail|message)|all copies)\b"),
    _a("di_confidential", _DI, 1, "confidential confidentiality", r"\bconfidential(?:ity)?\b"),
    _a("di_virus", _DI, 1, "virus viruses malware malicious", r"\bvirus(?:es)?\b|\bmalware\b|\bmalicious\b"),
    _a("di_scanned", _DI, 1, "scanned", r"\bscanned\b"),
    _a("di_monitor", _DI, 1, "monitor monitored monitoring", r"\bmonitor(?:ed|ing|s)?\b"),
    _a("di_addressee", _DI, 1, "addressee addressees", r"\baddressee"),
    _a("di_disclaimer", _DI, 1, "disclaimer", r"\bdisclaimer\b"),
    _a("di_not_necessarily", _DI, 1, "necessarily", r"\bnot necessarily\b"),
    _a("di_dpa", _DI, 1, "protection", r"\bdata protection act\b"),
    _a("di_copyright", _DI, 1, "copyright ©", r"\bcopyright\b|©"),
    _a("di_distribute", _DI, 1, "distribute copying disclose",
       r"\b(?:do not|must not|you may not|should not) (?:\w+ ){0,3}?(?:distribute|copy|disclose|use)\b"),
    _a("di_binding", _DI, 1, "binding", r"\bbinding (?:agreement|contract)"),
    _a("di_intercept", _DI, 1, "intercepted interception", r"\bintercept(?:ed|ion)\b"),
    # --- sign-off blocks: social media, campaigns, print nags, phone signatures
    _a("so_find_us", _SO, 2, "find follow connect like",
       r"\bfind us (?:at|on|online)\b|\bfollow us\b|\bconnect with us\b|\blike us on\b"),
    _a("so_social_url", _SO, 2, "facebook twitter linkedin instagram youtube tiktok flickr",
       r"\b(?:facebook|twitter|linkedin|instagram|youtube|tiktok|flickr)\.com\b"),
    _a("so_social_label", _SO, 2, "facebook twitter linkedin instagram youtube tiktok",
       r"^[\s*•·\-]*(?:facebook|twitter|linkedin|instagram|youtube|tiktok)\s*[:|\-]|\btwitter\s*:?\s*@\w+"),
    _a("so_environment", _SO, 2, "environment print printing",
       r"\b(?:consider|think (?:about|of)|save|help) (?:our|the) environment\b|"
       r"\b(?:do not|don't|please don't|think before you|before you|before|need to) print(?:ing)?\b[^\n]{0,40}"
       r"\b(?:e-?mail|message|this)\b"),
    _a("so_campaign", _SO, 2, "policing commitment",
       r"\btotal policing\b|\b(?:is|are) (?:the [\w']+ |our )commitment to\b"),
    _a("so_newsletter", _SO, 2, "newsletter enewsletter", r"\bsign up (?:to|for) (?:our )?[\w\-]*\s?newsletter"),
    _a("so_phone_sig", _SO, 2,
       "envoyé gesendet verzonden enviado outlook mobile iphone ipad ipod android blackberry phone device "
       "samsung galaxy mail mailbox airmail yahoo windows htc cell tablet",
       r"^[\s(<]*(?:sent|envoyé|enviado|verzonden|gesendet)\s+(?:from|via|with|using|depuis|desde|met|von)\s+(?:my\s+|mon\s+|mi\s+)?"
       r"[\w\[\]\-.]+[^\n]{0,60}$|"
       r"^\s*get outlook for\b[^\n]*$|^\s*von meinem [^\n]{0,40}gesendet\s*$"),
    _a("so_keep_up", _SO, 1, "keep", r"\bkeep up to date\b|\bkeep (?:yourself )?up to date\b"),
    _a("so_visit", _SO, 1, "visit",
       r"\bvisit (?:the|our) [\w&'’ \-]{0,40}?(?:website|web site|site|page)\b|^\W*visit\b[^\n]{0,40}(?:https?://|www\.)"),
    _a("so_social_word", _SO, 1, "facebook twitter linkedin instagram youtube", r"\b(?:facebook|twitter|linkedin|instagram|youtube)\b"),
    _a("so_handle", _SO, 1, "@", r"(?:^|[\s(])@[A-Za-z_]\w{2,}\b"),
    _a("so_slogan", _SO, 1, "here safer", r"\bhere for (?:london|you)\b|\bmake our [\w ]{0,20}safer\b"),
    # --- other boilerplate: auto-reply help text, page chrome
    _a("ob_no_reply", _OB, 2, "reply",
       r"\b(?:please )?do not reply (?:directly )?to this\b|\bit is not possible to reply to this\b|"
       r"\bthis (?:e-?mail )?(?:mailbox|inbox|address|account) is not monitored\b|\bunable to respond to replies\b"),
    _a("ob_automated", _OB, 2, "automated automatic automatically generated",
       r"\bthis is an? (?:automated|automatic|auto-generated) (?:confirmation|response|reply|acknowledge?ment|message|e-?mail|notification)|"
       r"\b(?:automatically generated|auto-?generated) (?:e-?mail|message|response|reply)"),
    _a("ob_cookies", _OB, 2, "cookies cookie",
       r"\bwe use (?:some )?(?:essential )?cookies\b|\bcookie (?:preferences|settings|notice|policy|banner)\b|\bcustomise cookies\b"),
    _a("ob_chrome", _OB, 2, "exit beta sorry defend donate protect",
       r"\bquickly exit this site\b|\bthis site is a beta\b|\bsorry, there was a technical problem\b|"
       r"\bwe work to defend the right to foi\b|\bdonate and support our work\b|"
       r"\bhelp us protect your right to hold public authorities to account\b"),
    _a("ob_contact_page", _OB, 1, "contact", r"\bcontact us['’] page\b|['‘’]contact us['’]"),
    _a("ob_leave_site", _OB, 1, "leave donate", r"\bleave this site\b|\bdonate now\b"),
)

_ANCHORS_BY_TRIGGER: dict[str, list[_Anchor]] = {}
for _anc in _ANCHORS:
    assert _anc.triggers, _anc.name  # an anchor is only tried on units holding one of its words
    for _t in _anc.triggers:
        _ANCHORS_BY_TRIGGER.setdefault(_t, []).append(_anc)
_TRIGGER_WORDS = frozenset(_ANCHORS_BY_TRIGGER)
#: trigger word -> positions in _ANCHORS of the anchors it may fire (small ints: cheap sets)
_ANCHOR_IDS_BY_TRIGGER: dict[str, frozenset[int]] = {
    w: frozenset(_ANCHORS.index(a) for a in ancs) for w, ancs in _ANCHORS_BY_TRIGGER.items()
}

# Request-specific signals: a unit with one of these is never removed by the catalogue or mining.
# (Checked as plain substrings first: this runs on long answer paragraphs.)
_PROTECT_KEYS = (
    "exempt", "public interest", "neither confirm nor deny", "appropriate limit", "cost limit",
    "cost threshold", "cost of compl", "prejudice", "upheld", "overturn", "please find attached",
    "please find enclosed", "please find below",
)
_PROTECT_NUMBERS = re.compile(
    r"£\s?\d|\d\s?%|\b(?:q|question|questions|part|point)\s?\(?\d+[a-z]?\)?(?:\s*(?:-|to|and|&)\s*\d+)?\b", _I
)
_DIGIT = re.compile(r"\d")
_PROTECT_REVIEW = re.compile(
    r"\b(?:i|we) have (?:now )?(?:completed|conducted|carried out|reviewed|considered|decided|concluded)\b|"
    r"\bthe (?:internal )?review (?:found|has found|concluded|upheld|considered|takes note|acknowledges|can confirm)\b"
)
_PROTECT_TABLE = re.compile(r"(?:\|[^|\n]*){3,}|\t\S+\t")
_GREETING = re.compile(r"^\s*(?:dear|hello|hi|good (?:morning|afternoon|evening)|to whom it may concern)\b", _I)
_SIGNOFF_LINE = re.compile(
    r"^\s*(?:yours (?:sincerely|faithfully|truly|ever)|(?:(?:kind|best|warm|warmest|many) )?regards|"
    r"with (?:kind |best )?regards|many thanks|thanks(?: again)?|thank you|best wishes|sincerely|cheers)"
    r"\s*[,.!]?(?:\s+(?-i:[A-Z])[\w.'’-]*){0,4}\s*$",
    _I,
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_CONTACT = re.compile(
    r"\bp\.?\s?o\.? box\b|\b(?:tel|telephone|phone|fax|mobile|email|e-mail|web|website)\s*(?:no\.?)?\s*[:.]|"
    r"\[email address\]|\[[^\]\n]*request email\]|\b0\d{2,4}[\s-]?\d{3}[\s-]?\d{3,4}\b|\+44",
    _I,
)
_URL_ONLY = re.compile(
    r"^\s*(?:(?:\[\d+\])?(?:https?://|www\.|mailto:)\S+|@\w+|[\w .]{0,20}:\s*(?:\[\d+\])?(?:https?://|www\.)\S+)\s*$",
    _I,
)
_LOGO_LINE = re.compile(r"^[\s*_]*[A-Za-z&'’][A-Za-z&'’ ]{0,30}[\s*_]*$")


@_per_thread
def _facts(text: str) -> tuple[dict[str, int], dict[str, int], str | None, bool, bool, bool]:
    """What the rules need to know about one unit's text: (scores, strong, heading, separator,
    greeting, signoff). Memoised per thread: boilerplate repeats a lot."""
    words = _TRIGGER_WORDS.intersection(_words(text.lower()))
    scores: dict[str, int] = {}
    strong: dict[str, int] = {}
    at, copy = "@" in text, "©" in text
    if words or at or copy:
        cand: set[int] = set()
        for w in words:
            cand |= _ANCHOR_IDS_BY_TRIGGER[w]
        if at:
            cand |= _ANCHOR_IDS_BY_TRIGGER["@"]
        if copy:
            cand |= _ANCHOR_IDS_BY_TRIGGER["©"]
        # catalogue order (not set order), so ties between categories break the same way every run
        order = sorted(cand)
        strong_spans: list[tuple[int, int]] = []
        for i in order:
            anc = _ANCHORS[i]
            if anc.weight < 2:
                continue
            m = anc.pattern.search(text)
            if m:
                strong_spans.append(m.span())
                c = anc.category
                scores[c] = scores.get(c, 0) + anc.weight
                strong[c] = strong.get(c, 0) + 1
        for i in order:
            anc = _ANCHORS[i]
            if anc.weight >= 2:
                continue
            # a weak anchor counts only where it is not part of a strong one
            if strong_spans:
                for m in anc.pattern.finditer(text):
                    ms, me = m.span()
                    if not any(ms < se and ss < me for ss, se in strong_spans):
                        break
                else:
                    continue
            elif anc.pattern.search(text) is None:
                continue
            scores[anc.category] = scores.get(anc.category, 0) + anc.weight
    nl = text.find("\n")
    first = text if nl < 0 else text[:nl]
    return (
        scores,
        strong,
        _heading_of(first) if nl < 0 else None,
        nl < 0 and bool(_SEPARATOR.match(text)) and not any(c.isalnum() for c in text),
        bool(_GREETING.match(text)),
        len(text) <= 120 and bool(_SIGNOFF_LINE.match(first)),
    )


@_per_thread
def _is_protected(text: str) -> bool:
    flat = " ".join(text.lower().split())
    if any(k in flat for k in _PROTECT_KEYS):
        return True
    if ("have " in flat or "review " in flat) and _PROTECT_REVIEW.search(flat):
        return True
    if _DIGIT.search(flat) and _PROTECT_NUMBERS.search(flat):
        return True
    return ("|" in text or "\t" in text) and bool(_PROTECT_TABLE.search(text))


@_per_thread
def _is_contact(text: str) -> bool:
    return len(text) < 400 and bool(_POSTCODE.search(text) or _CONTACT.search(text))


@_per_thread
def _is_url_only(text: str) -> bool:
    return all(_URL_ONLY.match(ln) or not ln.strip() for ln in text.split("\n"))


_STRONG_SO = tuple(a for a in _ANCHORS if a.category == _SO and a.weight >= 2)


@_per_thread
def _is_pure_signoff(text: str) -> bool:
    """Every line is a URL or carries a strong sign-off anchor ("Sent from my iPhone", "Follow us ...")."""
    return all(
        _URL_ONLY.match(x) or any(a.pattern.search(x) for a in _STRONG_SO)
        for x in text.split("\n") if x.strip()
    )


@_per_thread
def _is_logo(text: str) -> bool:
    if len(text) > 140:
        return False
    lines = text.split("\n")
    return len(lines) <= 4 and all(_LOGO_LINE.match(ln) and len(ln.split()) <= 4 for ln in lines)


# --------------------------------------------------------------------------------------------
# Layer 1: the site's own text
# --------------------------------------------------------------------------------------------


def _flex(sentence: str) -> str:
    """A regex for a template sentence that tolerates re-wrapping, quote markers and link numbers."""
    out = []
    for tok in sentence.split(" "):
        out.append(re.escape(tok).replace("\\{ANY\\}", r"[\s\S]{0,200}?"))
    return r"(?:\s|>|\[\d+\])+".join(out)


_FOOTER_SENTENCES = [
    _flex("Please use this email address for all replies to this request:"),
    _flex("Is {ANY} the wrong address for {ANY} requests to {ANY} If so, please contact us using this form:"),
    _flex("Disclaimer: This message and any reply that you make will be published on the internet.")
    + r"(?:(?:\s|>)+Our(?:\s|>)+privacy(?:\s|>)+and(?:\s|>)+copyright(?:\s|>)+policies:)?",
    _flex("For more detailed guidance on safely disclosing information, read the latest advice from the ICO:"),
    _flex("Please note that in some cases publication of requests and responses will be delayed."),
    r"If(?:\s|>)+you(?:\s|>)+find(?:\s|>)+[\w.]+(?:(?:\s|>)+[\w.]+){0,2}?(?:\s|>)+useful(?:\s|>)+as(?:\s|>)+an(?:\s|>)+"
    r"FOI(?:\s|>)+officer,(?:\s|>)+please(?:\s|>)+ask(?:\s|>)+your(?:\s|>)+web(?:\s|>)+manager(?:\s|>)+to(?:\s|>)+"
    r"(?:link(?:\s|>)+to|suggest)(?:\s|>)+us(?:\s|>)+(?:from|on)(?:\s|>)+your(?:\s|>)+organisation['’]s(?:\s|>)+FOI(?:\s|>)+page\.",
]
# each sentence with a word it must contain: the sentence is only looked for around that word
_FOOTER_PARTS = [
    (key, re.compile(pat, _I))
    for key, pat in zip(("replies", "wrong", "published", "disclosing", "publication", "organisation"), _FOOTER_SENTENCES)
]
# a line holding only an address, URL, mask or link number (what follows a footer sentence)
_FOOTER_TAIL_LINE = re.compile(
    r"^[\s>]*(?:\[\d+\])?(?:https?://\S+|www\.\S+|\S+@\S+|\[[^\]\n]*\]|request-\S+|mailto:\S+)[\s>]*$", _I
)
_DASH_LINE = re.compile(r"^[\s>]*-{10,}[\s>]*$")


def _blank(text: str, starts: list[int], ends: list[int], k: int) -> bool:
    seg = text[starts[k] : ends[k]]
    return not seg.strip() or not seg.replace(">", "").strip()


def _footer_matches(text: str, low: str) -> Iterator[re.Match[str]]:
    for key, pat in _FOOTER_PARTS:
        i = low.find(key)
        while i != -1:
            m = pat.search(text, max(0, i - 400), i + 400)
            if m:
                yield m
                i = low.find(key, max(m.end(), i + 1))
            else:
                i = low.find(key, i + 1)


def find_site_footer(
    text: str, starts: list[int] | None = None, ends: list[int] | None = None, low: str | None = None
) -> list[tuple[int, int, str]]:
    """Line ranges (first, last, rule) of the site's outgoing-mail footer, wherever quoted."""
    low = text.lower() if low is None else low
    if "request" not in low:
        return []
    if starts is None or ends is None:
        starts, ends = _line_table(text)
    n = len(starts)
    hit_lines: list[tuple[int, int]] = []
    for m in _footer_matches(text, low):
        a = bisect_right(starts, m.start()) - 1
        b = bisect_right(starts, max(m.end() - 1, m.start())) - 1
        # the address / URL lines that belong to the sentence
        while b + 1 < n and _FOOTER_TAIL_LINE.match(text[starts[b + 1] : ends[b + 1]]):
            b += 1
        hit_lines.append((a, b))
    if not hit_lines:
        return []
    hit_lines.sort()
    groups: list[list[int]] = []
    for a, b in hit_lines:
        if groups and a - groups[-1][1] <= 4:
            groups[-1][1] = max(groups[-1][1], b)
        else:
            groups.append([a, b])
    out: list[tuple[int, int, str]] = []
    for a, b in groups:
        # the dashed rules around the footer (the template draws one above and one below)
        k = a - 1
        while k >= 0 and _blank(text, starts, ends, k) and a - k <= 3:
            k -= 1
        if k >= 0 and _DASH_LINE.match(text[starts[k] : ends[k]]):
            a = k
        k = b + 1
        while k < n and _blank(text, starts, ends, k) and k - b <= 3:
            k += 1
        if k < n and _DASH_LINE.match(text[starts[k] : ends[k]]):
            b = k
        out.append((a, b, "site_footer:alaveteli_outgoing"))
    return out


_CHROME_LINE = re.compile(
    r"^\s*(?:show quoted sections|hide quoted sections|show all attachments|"
    r"(?:\w[\w .'-]{0,60} )?left an annotation \(\)\s*|"
    r"link to this|report this request|add an annotation)\s*$",
    _I,
)


def find_page_chrome(
    text: str, starts: list[int] | None = None, ends: list[int] | None = None, low: str | None = None
) -> list[tuple[int, int, str]]:
    """Lines of request-page chrome that leak into message text ("show quoted sections")."""
    low = text.lower() if low is None else low
    if "quoted sections" not in low:
        return []
    if starts is None or ends is None:
        starts, ends = _line_table(text)
    out = []
    for k in range(len(starts)):
        line = text[starts[k] : ends[k]]
        if "quoted sections" in line.lower() and _CHROME_LINE.match(line):
            out.append((k, k, "page_chrome:quoted_sections"))
    return out


# --------------------------------------------------------------------------------------------
# Layer 2: quoted history
# --------------------------------------------------------------------------------------------

_QUOTE_HEADER_TO_END = re.compile(
    r"^[\s>]*(?:"
    r"-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|reply message)\s*-{2,}|"
    r"-{2,}\s*forwarded (?:message|by)[^\n]*-{2,}|"
    r"-{2,}\s*this is a copy of the message[^\n]*|"
    r"_{5,}\s*$|"
    r">>>[^\n]*\d\d/\d\d/\d{2,4}[^\n]*"
    r")",
    _I,
)
_WROTE_WORDS = frozenset(
    "wrote said schrieb écrit escribió schreef scritto napisał skrev kirjoitti написал написала написали".split()
)


class _WroteLine:
    """Does a line end in "... wrote:" (in one of several languages)? Cheaper than a regex search."""

    @staticmethod
    def search(line: str) -> bool:
        t = line.rstrip()
        if not t.endswith(":"):
            return False
        words = t[:-1].split()
        return bool(words) and words[-1].lower().strip("*") in _WROTE_WORDS


_WROTE_LINE = _WroteLine()
_ON_LINE = re.compile(r"^[\s>]*(?:on|le|am|el|op|il|w dniu|den|em|в)\b", _I)
_HEADER_FIELD = re.compile(
    r"^[\s>]*\*?(?:from|sent|date|to|cc|bcc|subject|von|gesendet|an|betreff|de|envoyé|à|objet|enviado|para|asunto)\s*:\*?(?:\s|$)",
    _I,
)
# raw RFC 822 header lines (bounces quote the whole message, headers first)
_MAIL_HEADER = re.compile(
    r"^[\s>]*(?:return-path|received|message-id|mime-version|content-type|content-transfer-encoding|"
    r"envelope-to|delivery-date|reply-to|in-reply-to|references|x-[\w-]+|from|sent|date|to|cc|bcc|subject)\s*:",
    _I,
)
# other lines of a quoted header block: "Name <address>", Lotus "Sent by:" and layout lines, a bare date
_HEADERISH = re.compile(
    r"^[\s>]*(?:[^\n<>]{0,80}<[^<>\n]*>[^\S\n]*$|sent by\s*:|please respond to\s*$|(?:to|cc|bcc|subject)\s*$|"
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$)",
    _I,
)
_FROM_FIELD = re.compile(r"^[\s>]*\*?(?:from|von|de)\s*:", _I)
_LINK_MARK = re.compile(r"\[\d+\]")


def _tokens(text: str) -> list[str]:
    low = text.lower()
    return _words(_LINK_MARK.sub(" ", low) if "[" in low else low)


@_per_thread
def _joined_tokens(text: str) -> str:
    """The text's words (as :func:`_tokens`) joined by single spaces, with a space at each end."""
    return " " + " ".join(_tokens(text)) + " "


@_per_thread
def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The text's overlapping 4-word sequences (lower case, link numbers dropped)."""
    toks = _tokens(text)
    return frozenset(zip(toks, toks[1:], toks[2:], toks[3:]))





# whole-text scans that find the few lines worth a closer look
# Lines that may open a quote: run over "\n" + text, so a literal first character lets the engine
# jump from line to line instead of trying ``^`` (MULTILINE) at every offset, about twice as fast.
# A match starts at the "\n" before a line, so its start is that line's offset in text; no match
# ends just after a newline, so the lines found are exactly those of the ``^`` form.
_QUOTE_SCAN_NL = re.compile(r"\n[ \t\xa0>]*(?:-{2,}|_{5,}|>|\*?(?:from|von|de)\s*:)", re.IGNORECASE)
_COLON_EOL = re.compile(r":[ \t]*$", re.MULTILINE)


def _quote_regions(
    text: str, starts: list[int], ends: list[int], requester: str | None, low: str | None = None
) -> list[tuple[int, int, str]]:
    """Candidate quoted regions as (first line, last line, rule)."""
    found: set[int] = set()
    low = text.lower() if low is None else low
    if "--" in text or "__" in text or ">" in text or "from:" in low or "from :" in low or "von:" in low or "de:" in low:
        found.update(bisect_right(starts, m.start()) - 1 for m in _QUOTE_SCAN_NL.finditer("\n" + text))
    found.update(bisect_right(starts, m.start()) - 1 for m in _COLON_EOL.finditer(text))
    name = requester.strip().lower() if requester and requester.strip() else None
    if name and "sent by" in low:
        found.update(bisect_right(starts, m.start()) - 1 for m in re.finditer(r"(?im)^\s*sent by\s*:", text))
    hits = sorted(found)
    if not hits:
        return []
    n = len(starts)

    def line(k: int) -> str:
        return text[starts[k] : ends[k]]

    regions: list[tuple[int, int, str]] = []
    to_end: int | None = None
    rule = ""
    gt_lines: list[int] = []
    for k in hits:
        ln = line(k)
        if ln.lstrip(" \t\xa0").startswith(">") and not ln.lstrip().startswith(">>>"):
            gt_lines.append(k)
            continue
        if ln.lstrip(" \t\xa0")[:1] in ("-", "_", ">") and _QUOTE_HEADER_TO_END.match(ln):
            # a bare line of underscores only counts when a header block follows it
            if ln.strip().startswith("_") and not any(_FROM_FIELD.match(line(x)) for x in range(k + 1, min(n, k + 4))):
                continue
            to_end, rule = k, "quote_header"
            break
        if _WROTE_LINE.search(ln):
            a = k
            for back in (0, 1, 2):
                if k - back >= 0 and _ON_LINE.match(line(k - back)):
                    a = k - back
                    break
            else:
                if len(ln) > 120:
                    continue
            to_end, rule = a, "on_wrote"
            break
        if _FROM_FIELD.match(ln):
            block = [line(x) for x in range(k, min(n, k + 6))]
            fields = sum(1 for x in block if _HEADER_FIELD.match(x))
            if fields >= 3 or (fields >= 2 and name and name in " ".join(block).lower()):
                to_end, rule = k, "header_block"
                break
        if name and "sent by" in ln.lower():
            # Lotus Notes: "<requester name> ...\nSent by: ..." (Alaveteli's remove_lotus_quoting)
            for back in (1, 2):
                if k - back >= 0 and line(k - back).strip().lower().startswith(name):
                    to_end, rule = k - back, "lotus_header"
                    break
            if to_end is not None:
                break
    if to_end is not None:
        regions.append((to_end, n - 1, rule))
    # '>' quoted runs before any to-end header; blank lines inside a run belong to it
    limit = to_end if to_end is not None else n
    gt = [k for k in gt_lines if k < limit]
    i = 0
    while i < len(gt):
        a = b = gt[i]
        while i + 1 < len(gt) and all(not line(x).strip() for x in range(b + 1, gt[i + 1])):
            i += 1
            b = gt[i]
        regions.append((a, b, "gt_quote"))
        i += 1
    return sorted(regions)


@_per_thread
def _quote_body(text: str) -> tuple[str, frozenset[tuple[str, ...]]]:
    """A quoted unit's text less its header lines, and that text's 4-word sequences (none for a
    unit that is all header)."""
    ulines = text.split("\n")
    header = all(
        _MAIL_HEADER.match(x) or _WROTE_LINE.search(x) or _QUOTE_HEADER_TO_END.match(x) or _ON_LINE.match(x)
        or _HEADERISH.match(x) or not x.strip() or (n > 0 and x[:1] in " \t")  # folded header continuation
        for n, x in enumerate(ulines)
    )
    if header:
        return "", frozenset()
    # header lines glued to the quoted text ("On ... wrote:\n> Dear ...") are not compared
    body = "\n".join(x for x in ulines if not (_MAIL_HEADER.match(x) or _WROTE_LINE.search(x)
                                             or _QUOTE_HEADER_TO_END.match(x) or _HEADERISH.match(x)))
    return body, _shingles(body)


def find_quotes(
    text: str,
    earlier_messages: Sequence[str],
    units: list[_Unit],
    starts: list[int],
    ends: list[int],
    requester: str | None = None,
    low: str | None = None,
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Quoted history: (removed, labelled) as character ranges with the rule that fired.

    Within a candidate region each paragraph is compared with the earlier messages of the thread
    (at least 80 % of its 4-word sequences occur in one earlier message); runs of matching paragraphs (with the header and short lines
    between them) are removed, everything else in the region is kept and only labelled.
    """
    regions = _quote_regions(text, starts, ends, requester, low)
    if not regions:
        return [], []
    # most recent first: a reply usually quotes the message just before it, and shingling stops there
    earlier = [m for m in reversed(earlier_messages) if m and m.strip()]

    def matches_earlier(sh: frozenset[tuple[str, ...]], body: str) -> bool:
        """Do at least 80 % of the unit's 4-word sequences occur in one earlier message?

        A sequence occurs in a message exactly when " w1 w2 w3 w4 " is a substring of the
        message's words joined by spaces, so each test is one C-level search, and a message is
        given up on as soon as too many sequences are missing (no set of all its sequences)."""
        n = len(sh)
        need = 0.8 * n
        whole = _joined_tokens(body)
        keys = [" " + " ".join(s) + " " for s in sh]
        for m in earlier:
            joined = _joined_tokens(m)
            if whole in joined:  # the unit's words verbatim: every sequence occurs
                return True
            hits = miss = 0
            for k in keys:
                if k in joined:
                    hits += 1
                    if hits >= need:
                        return True
                else:
                    miss += 1
                    if n - miss < need:
                        break
        return False

    removed: list[tuple[int, int, str]] = []
    labelled: list[tuple[int, int, str]] = []
    first_unit_line = [u.l0 for u in units]
    for a, b, rule in regions:
        i0 = bisect_right(first_unit_line, a) - 1
        region_units = [u for u in units[max(i0, 0) :] if u.l1 >= a and u.l0 <= b]
        status: list[str] = []
        for u in region_units:
            if u.cat is not None:
                status.append("neutral")
                continue
            body, sh = _quote_body(u.text)
            if len(sh) < 2:
                status.append("neutral")  # headers and lines too short to tell
            elif matches_earlier(sh, body):
                status.append("verified")
            else:
                status.append("unverified")
        # runs of verified/neutral units holding at least one verified unit are removed; the
        # rest of the region (not claimed by another layer) is kept and labelled
        runs: list[tuple[list[_Unit], bool]] = []
        for u, st in zip(region_units, status):
            ok = st != "unverified"
            if runs and runs[-1][1] == ok:
                runs[-1][0].append(u)
            else:
                runs.append(([u], ok))
        verified = {u.idx for u, st in zip(region_units, status) if st == "verified"}
        pending: list[_Unit] = []  # kept units since the last removed run

        def label() -> None:
            free = [u for u in pending if u.cat is None]
            if free:
                labelled.append((max(free[0].start, starts[a]), free[-1].end, f"quoted:{rule}:unverified"))
            pending.clear()

        for run, ok in runs:
            if ok and any(u.idx in verified for u in run):
                label()
                # units another layer claimed keep their own span and category
                piece: list[_Unit] = []
                for u in run + [None]:  # type: ignore[list-item]
                    if u is not None and u.cat is None:
                        piece.append(u)
                        continue
                    if piece:
                        removed.append((max(piece[0].start, starts[a]), piece[-1].end, f"quoted:{rule}"))
                        piece = []
            else:
                pending.extend(run)
        label()
    return removed, labelled


# --------------------------------------------------------------------------------------------
# Layers 3-4: catalogue blocks and mined blocks
# --------------------------------------------------------------------------------------------

_CORE = {_CR: 4, _DI: 4, _SO: 2, _OB: 2}


def _signature_and_tail(units: list[_Unit]) -> None:
    """Mark the signature after the last sign-off line and the tail that follows it."""
    last = None
    for u in units:
        if u.signoff and u.cat is None:
            last = u
    if last is None:
        return
    i = last.idx
    # sign-off and signature may share a unit ("Yours sincerely\nJane Doe\nFOI Officer")
    j = i + 1
    lines = 0
    while j < len(units):
        v = units[j]
        if v.cat is not None or v.separator:
            break
        vl = v.text.split("\n")
        if v.heading or any(len(x) > 70 for x in vl) or sum(v.scores.values()) >= 2:
            break
        if lines + len(vl) > 12:
            break
        lines += len(vl)
        v.signature = True
        j += 1
    for v in units[j:]:
        v.in_tail = True


def _may_grow(u: _Unit, cat: str, prev: _Unit | None, in_rule_region: bool) -> bool:
    """May block of `cat` absorb neighbour u?"""
    if u.cat is not None or u.protected or u.greeting or u.signoff:
        return False
    if u.signature and not u.scores.get(cat):
        return False
    if u.separator or u.heading == cat:
        return True
    if u.scores.get(cat, 0) >= 1:
        return True
    if cat == _SO and u.url_only:
        return True
    if cat == _CR and u.contact and prev is not None and prev.text.rstrip().endswith(":"):
        return True
    if in_rule_region and (sum(u.scores.values()) >= 1 or u.contact or u.url_only or len(u.text) <= 100):
        return True
    return False


def _rule_regions(units: list[_Unit]) -> list[int]:
    """Region id per unit: -1 for separator lines (rules of -, *, _, #), 0 for text before the
    first rule, n >= 1 for the text after the n-th rule (up to the next rule or the end)."""
    rid = 0
    out = []
    for u in units:
        if u.separator:
            rid += 1
            out.append(-1)
        else:
            out.append(rid)
    return out


def _is_core(u: _Unit, cat: str, units: list[_Unit]) -> bool:
    score = u.scores.get(cat, 0)
    if score < 2 or u.cat is not None or u.greeting or u.signoff or u.heading or u.protected:
        return False
    if cat != _SO and not u.strong.get(cat):
        return False
    if score >= _CORE[cat]:
        pass
    elif score >= 2:
        # a strong anchor right under a heading of the same kind ("COMPLAINT RIGHTS\n\nYour attention is
        # drawn to the attached sheet, which details your right of complaint.")
        k = u.idx - 1
        if not (k >= 0 and units[k].heading == cat and units[k].cat is None):
            return False
    else:
        return False
    if cat == _SO:
        pure = _is_pure_signoff(u.text)
        if not (u.in_tail or pure):
            return False
        if u.signature and not pure:
            return False
    return True


_SENTENCE = re.compile(r"\S.*?(?:[.!?][\"'’”)]*(?=\s+[A-Z0-9\"'‘“(•·*\-])|\Z)", re.S)


def _trim_sentences(u: _Unit) -> tuple[int, int]:
    """Leading/trailing sentences of a unit that carry no anchor of any category stay."""
    start, end = u.start, u.end
    sents = list(_SENTENCE.finditer(u.text))
    if len(sents) < 2:
        return start, end

    def has_anchor(s: str) -> bool:
        words = frozenset(_WORD.findall(s.lower()))
        cands = {a for w in words & _TRIGGER_WORDS for a in _ANCHORS_BY_TRIGGER[w]}
        return any(a.pattern.search(s) for a in cands)

    i = 0
    while i < len(sents) - 1 and not has_anchor(sents[i].group()):
        i += 1
    j = len(sents) - 1
    while j > i and not has_anchor(sents[j].group()) and not sents[j].group().rstrip().endswith(":"):
        j -= 1
    if i > 0:
        s = sents[i].start()
        while s < len(u.text) and u.text[s].isspace():
            s += 1
        start = u.start + s
    if j < len(sents) - 1:
        end = u.start + sents[j].end()
    return start, end


def find_catalogue_blocks(units: list[_Unit], kind: str) -> None:
    """Claim units for disclaimer / complaint_rights / signoff_block / other_boilerplate blocks."""
    cats = [_DI, _SO] if kind == "outgoing" else [_DI, _CR, _SO, _OB]
    scored = [u for u in units if u.scores]
    if not scored:
        return
    regions = _rule_regions(units)
    for cat in cats:
        members = {u.idx for u in scored if u.scores.get(cat, 0) >= 2 and _is_core(u, cat, units)}
        if not members:
            continue
        # grow blocks in both directions until nothing more joins. Joining only gets easier as
        # the block grows, so the result does not depend on the order neighbours are tried in:
        # a worklist tries each (member, side) once, and again only when a rule-delimited
        # region gets its first member (which is what can turn a refusal into a yes)
        n = len(units)
        core_regions = {regions[m] for m in members}
        todo = sorted(members, reverse=True)
        while todo:
            idx = todo.pop()
            r_idx = regions[idx]
            for k, prev in ((idx - 1, None), (idx + 1, units[idx])):
                if k < 0 or k >= n or k in members:
                    continue
                r = regions[k]
                in_region = (r == r_idx or r == -1) and r > 0 and r in core_regions
                if _may_grow(units[k], cat, prev, in_region):
                    members.add(k)
                    todo.append(k)
                    if r not in core_regions:
                        core_regions.add(r)
                        todo = sorted(members, reverse=True)
        # short neutral units sandwiched between two members (adding one never makes another)
        for m in sorted(members):
            k = m + 1
            if k in members or (k + 1) not in members:
                continue
            v = units[k]
            if v.cat is None and not v.protected and not v.greeting \
                    and not v.signoff and not v.signature and len(v.text) <= 100:
                members.add(k)
        # a unit the block absorbed keeps its own kind when it has anchors of another kind only
        # (a "Visit our website" line inside a disclaimer's rules is a sign-off line)
        for idx in sorted(members):
            u = units[idx]
            if u.scores.get(cat) or u.separator or u.heading == cat:
                u.cat = cat
            elif u.heading in cats:
                u.cat = u.heading
            elif u.scores:
                best = max(u.scores, key=lambda c: u.scores[c])
                u.cat = best if best in cats else cat
            else:
                u.cat = cat
            u.rule = f"{u.cat}:catalogue"


def _region_has_core(units: list[_Unit], regions: list[int], k: int, members: set[int]) -> bool:
    """Is unit k inside a rule-delimited region that holds a block member? Text before the first
    rule is never such a region: a rule near the top must not swallow the answer below it."""
    r = regions[k]
    if r <= 0:
        return False
    return any(regions[m] == r for m in members)


_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+")
_NORM_DIGITS = re.compile(r"\d+")
_NORM_NONWORD = re.compile(r"[^a-z0-9\[\]]+")


def _norm_sentence(s: str) -> str:
    s = _LINK_MARK.sub(" ", s.lower())
    s = _NORM_DIGITS.sub("0", s)
    return _NORM_NONWORD.sub(" ", s).strip()


def _unit_sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [k for k in (_norm_sentence(s) for s in _SENT_SPLIT.split(flat)) if len(k) >= 15]


def find_mined_blocks(units: list[_Unit], stats: BlockStats) -> None:
    """Claim units whose sentences recur across the authority's requests and that look like boilerplate."""
    for u in units:
        if u.cat is not None or u.protected or u.greeting or u.signoff or u.signature or u.separator:
            continue
        flat = " ".join(u.text.split())
        if len(flat) < 40 and not u.logo:
            continue
        pieces = _SENT_SPLIT.split(flat)
        total = sum(len(p) for p in pieces) or 1
        covered = sum(len(p) for p in pieces if stats.is_repeated(_norm_sentence(p)))
        if covered < 0.8 * total:
            continue
        looks = u.in_tail or sum(u.scores.values()) >= 1
        if not looks:
            continue
        best = max(u.scores, key=lambda c: u.scores[c]) if u.scores else _OB
        u.cat = best
        u.rule = f"{best}:mined"


def _repeated_letterhead(units: list[_Unit]) -> None:
    """Runs of logo-like lines that occur twice in one message (letterhead and logo text of a PDF)."""
    keys: dict[str, int] = {}
    norm = {}
    for u in units:
        if len(u.text) <= 140 and u.cat is None and u.logo:
            k = " ".join(_tokens(u.text))
            norm[u.idx] = k
            keys[k] = keys.get(k, 0) + 1
    if not keys:
        return
    i = 0
    while i < len(units):
        if i in norm:
            j = i
            while j + 1 < len(units) and (j + 1) in norm:
                j += 1
            run = list(range(i, j + 1))
            # a name or title next to the logo text is not part of it unless it repeats too
            while run and keys[norm[run[0]]] < 2:
                run.pop(0)
            while run and keys[norm[run[-1]]] < 2:
                run.pop()
            repeated = sum(1 for k in run if keys[norm[k]] >= 2)
            after_signoff = bool(run) and run[0] > 0 and units[run[0] - 1].signoff
            if len(run) >= 3 and repeated * 3 >= len(run) * 2 and not after_signoff:
                for k in run:
                    units[k].cat = _OB
                    units[k].rule = "other_boilerplate:repeated_letterhead"
            i = j + 1
        else:
            i += 1


# --------------------------------------------------------------------------------------------
# Rendering artefacts: the elinks "References / Visible links" list
# --------------------------------------------------------------------------------------------

_REF_HEAD = re.compile(r"^\s*References\s*$")
_REF_VISIBLE = re.compile(r"^\s*(?:Visible|Hidden) links:?\s*$", _I)
_REF_ENTRY = re.compile(r"^\s*(\d+)\.\s+\S[^\n]*$")


def _references(text: str, starts: list[int], ends: list[int], removed: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Entries of the link list whose [n] marker survives nowhere in the kept text."""
    if "Visible links" not in text and "Hidden links" not in text:
        return []
    n = len(starts)
    out: list[tuple[int, int, str]] = []
    for k in range(n):
        if not _REF_HEAD.match(text[starts[k] : ends[k]]):
            continue
        m = k + 1
        while m < n and not text[starts[m] : ends[m]].strip():
            m += 1
        if m >= n or not _REF_VISIBLE.match(text[starts[m] : ends[m]]):
            continue
        entries: list[tuple[int, str]] = []
        heads = [k, m]
        q = m + 1
        while q < n:
            line = text[starts[q] : ends[q]]
            em = _REF_ENTRY.match(line)
            if em:
                entries.append((q, em.group(1)))
            elif _REF_VISIBLE.match(line):
                heads.append(q)
            elif line.strip():
                break
            q += 1
        if not entries:
            continue
        block = (starts[k], ends[q - 1])
        kept = _kept_text(text, removed + [block])
        dead = [(q_, num) for q_, num in entries if f"[{num}]" not in kept]
        if len(dead) == len(entries):
            out.append((starts[k], ends[entries[-1][0]], "other_boilerplate:elinks_references"))
        else:
            for q_, _num in dead:
                out.append((starts[q_], ends[q_], "other_boilerplate:elinks_references"))
    return out


def _kept_text(text: str, removed: list[tuple[int, int]]) -> str:
    out = []
    pos = 0
    for s, e in sorted(removed):
        if s > pos:
            out.append(text[pos:s])
        pos = max(pos, e)
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------

# Order in which the safety net gives categories back when a message would be emptied.
_GIVE_BACK = ("mined", "other_boilerplate", "signoff_block", "complaint_rights", "disclaimer", "quoted", "site_footer")


def clean_message(raw_text: str, context: CleanContext | None = None) -> CleanResult:
    """Clean one message: the text without boilerplate, plus what was stripped and why."""
    global _active, _last
    ctx = context or CleanContext()
    ix = ctx.index
    if ix is None:
        earlier = ctx.earlier_messages
        first = next((m for m in earlier if m), None)
        if first is None or _last is None or _last.first != first:
            _last = ThreadIndex()
            _last.first = first if first is not None else raw_text
        ix = _last
    previous, _active = _active, ix
    try:
        return _clean(raw_text, ctx)
    finally:
        _active = previous


def _clean(raw_text: str, ctx: CleanContext) -> CleanResult:
    text = raw_text
    if not text.strip():
        return CleanResult(tidy(text), [], [])
    starts, ends = _line_table(text)
    units = _build_units(text, starts, ends, scored=ctx.kind != "annotation")
    spans: list[tuple[int, int, str, str]] = []  # start, end, category, rule

    def claim_lines(ranges: list[tuple[int, int, str]], category: str) -> None:
        for a, b, rule in ranges:
            spans.append((starts[a], ends[b], category, rule))
            for u in units:
                if u.l0 >= a and u.l1 <= b:
                    u.cat, u.rule = category, rule

    low = text.lower()
    claim_lines(find_site_footer(text, starts, ends, low), "site_footer")
    claim_lines(find_page_chrome(text, starts, ends, low), "other_boilerplate")

    if ctx.kind != "annotation":
        if ctx.kind == "incoming":
            _repeated_letterhead(units)
        _signature_and_tail(units)
        find_catalogue_blocks(units, ctx.kind)

    # quoted history after the catalogue, so a quoted copy of a known block keeps its own category
    removed_q, labelled_q = find_quotes(text, ctx.earlier_messages, units, starts, ends, ctx.requester_name, low)
    for s, e, rule in removed_q:
        spans.append((s, e, "quoted", rule))
        for u in units:
            if u.cat is None and u.start >= s and u.end <= e:
                u.cat, u.rule = "quoted", rule

    if ctx.kind == "incoming" and ctx.authority_blocks is not None:
        find_mined_blocks(units, ctx.authority_blocks)
    spans.extend(_unit_spans(units))

    spans = _merge(text, spans)
    refs = _references(text, starts, ends, [(s, e) for s, e, _c, _r in spans])
    if refs:
        spans = _merge(text, spans + [(s, e, "other_boilerplate", r) for s, e, r in refs])

    # safety net: never empty a message
    clean = tidy(remove_spans(text, [Stripped(s, e, c, r) for s, e, c, r in spans]))
    for give_back in _GIVE_BACK:
        if clean.strip():
            break
        spans = [sp for sp in spans if not (sp[2] == give_back or sp[3].endswith(":" + give_back))]
        clean = tidy(remove_spans(text, [Stripped(s, e, c, r) for s, e, c, r in spans]))
    if not clean.strip():
        spans = []
        clean = tidy(text)

    labelled = [Stripped(s, e, "quoted", r) for s, e, r in labelled_q]
    return CleanResult(clean, [Stripped(s, e, c, r) for s, e, c, r in spans], labelled)


def _unit_spans(units: list[_Unit]) -> list[tuple[int, int, str, str]]:
    """Spans for units claimed by the catalogue, letterhead and mining rules.

    A catalogue block keeps the leading sentences of its first unit and the trailing sentences of
    its last unit when they carry no anchor ("I trust this meets your request. However, if you
    are dissatisfied ...").
    """
    out: list[tuple[int, int, str, str]] = []
    own = [u for u in units if u.cat is not None and u.rule and not u.rule.startswith(("site_footer", "page_chrome", "quoted"))]
    i = 0
    while i < len(own):
        j = i
        while j + 1 < len(own) and own[j + 1].idx == own[j].idx + 1 and own[j + 1].rule.split(":")[1] == own[i].rule.split(":")[1]:
            j += 1
        block = own[i : j + 1]
        for n, u in enumerate(block):
            s, e = u.start, u.end
            edge = n == 0 or n == len(block) - 1
            if edge and u.rule.endswith(":catalogue") and not u.separator and not u.heading:
                ts, te = _trim_sentences(u)
                if n == 0:
                    s = ts
                if n == len(block) - 1:
                    e = te
            out.append((s, e, u.cat, u.rule))
        i = j + 1
    return out


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


# --------------------------------------------------------------------------------------------
# Mining
# --------------------------------------------------------------------------------------------


def mine_authority_blocks(
    rows: Iterable[tuple[str, int | str, str] | Mapping[str, Any]], *, min_requests: int = 3
) -> dict[str, BlockStats]:
    """Find sentences each authority repeats across different requests.

    ``rows`` are ``(authority, request_id, raw_text)`` tuples (or mappings with those keys),
    typically every incoming message in the archive. A sentence (normalised: lower case, digits
    as 0, punctuation dropped) counts once per request; those found in at least ``min_requests``
    different requests are kept.
    """
    global _active
    previous, _active = _active, ThreadIndex()  # paragraphs repeat across an authority's messages
    try:
        return _mine(rows, min_requests)
    finally:
        _active = previous


def _mine(rows: Iterable[tuple[str, int | str, str] | Mapping[str, Any]], min_requests: int) -> dict[str, BlockStats]:
    seen: dict[str, dict[str, set[str]]] = {}
    requests: dict[str, set[str]] = {}
    for row in rows:
        if isinstance(row, Mapping):
            authority, request_id, raw = row["authority"], row["request_id"], row["raw_text"]
        else:
            authority, request_id, raw = row
        if not authority or not raw:
            continue
        rid = str(request_id)
        requests.setdefault(authority, set()).add(rid)
        table = seen.setdefault(authority, {})
        starts, ends = _line_table(raw)
        for u in _build_units(raw, starts, ends):
            for key in _unit_sentences(u.text):
                table.setdefault(key, set()).add(rid)
    out: dict[str, BlockStats] = {}
    for authority, table in seen.items():
        counts = {k: len(v) for k, v in table.items() if len(v) >= min_requests}
        out[authority] = BlockStats(authority, min_requests, counts, len(requests.get(authority, ())))
    return out


def clear_caches() -> None:
    """Forget the memo of the last thread cleaned (nothing else is remembered across calls)."""
    global _last
    _last = None
