"""The development collection for the clean step: load, validate and render it.

The collection (``tests/data/clean/collection/*.json``) holds one file per public authority, written
for this project in its own words after reading what authorities really send (see
``tests/data/clean/collection/README.md`` for the format and the rules of writing). Each file gives
the authority's reusable boilerplate *blocks* and a few *threads*: the requester's request and the
authority's messages, written as templates in which ``{{name}}`` stands for a block and
``{{quote}}`` for a quoted copy of the previous message.

Rendering turns a file into labelled messages, in the same shape as ``labelled.jsonl``: the raw text,
the spans of boilerplate with their category, and the content lines that must stay. Quoted copies are
rendered in the styles mail clients use (chosen deterministically per message), the requester's
messages carry the site's outgoing footer, and nothing random is left: rendering is a pure function
of the file.

    python -m benchmarks.clean_collection check [FILE ...]   # validate (all files by default)
    python -m benchmarks.clean_collection stats              # counts by sector, nation, category
    python -m benchmarks.clean_collection show FILE          # render one file, spans marked
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COLLECTION = ROOT / "tests" / "data" / "clean" / "collection"

BLOCK_CATEGORIES = ("disclaimer", "complaint_rights", "signoff_block", "other_boilerplate")
SECTORS = (
    "police",
    "fire",
    "ambulance",
    "nhs",
    "council",
    "university",
    "college",
    "school",
    "central_government",
    "devolved_government",
    "regulator",
    "museum",
    "transport",
    "other",
)
NATIONS = ("england", "wales", "scotland", "northern_ireland", "uk")
MESSAGE_KINDS = (
    "acknowledgement",
    "response",
    "partial_response",
    "refusal",
    "clarification",
    "delay",
    "internal_review",
    "auto_reply",
    "other",
)
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")
_SLUG = re.compile(r"^[a-z0-9_]+$")


class CollectionError(ValueError):
    """A collection file that does not follow the format."""


@dataclass
class Span:
    start: int
    end: int
    category: str  #: one of BLOCK_CATEGORIES, or quoted / site_footer
    block: str  #: the block's name, "quote" or "site_footer"


@dataclass
class Rendered:
    """One labelled message, rendered from a collection file."""

    id: str
    authority: str  #: the file's slug
    sector: str
    nation: str
    thread: str
    position: int
    kind: str  #: outgoing | incoming
    message_kind: str  #: request, or one of MESSAGE_KINDS
    requester_name: str
    raw_text: str
    spans: list[Span] = field(default_factory=list)
    round: int = 1  #: the writing round of its file (a later round was written after the cleaner it tests)

    @property
    def must_keep(self) -> list[str]:
        """Content lines: every line outside the spans that has a letter or digit."""
        out = []
        for line in _outside(self.raw_text, self.spans).split("\n"):
            line = line.strip()
            if any(ch.isalnum() for ch in line):
                out.append(line)
        return out

    @property
    def must_remove(self) -> list[dict[str, str]]:
        return [{"category": s.category, "block": s.block, "text": self.raw_text[s.start : s.end]} for s in self.spans]

    def to_record(self) -> dict[str, Any]:
        """The ``labelled.jsonl`` shape (plus span offsets)."""
        return {
            "id": self.id,
            "source": "development collection (written for this project)",
            "authority": self.authority,
            "sector": self.sector,
            "nation": self.nation,
            "thread": self.thread,
            "position": self.position,
            "kind": self.kind,
            "message_kind": self.message_kind,
            "requester_name": self.requester_name,
            "raw_text": self.raw_text,
            "must_remove": self.must_remove,
            "must_keep": self.must_keep,
            "spans": [[s.start, s.end, s.category, s.block] for s in self.spans],
            "round": self.round,
        }


def _outside(text: str, spans: list[Span]) -> str:
    parts, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        parts.append(text[pos : s.start])
        parts.append("\n")
        pos = max(pos, s.end)
    parts.append(text[pos:])
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def _need(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise CollectionError(f"{where}: {what}")


def validate(doc: Any, where: str) -> None:
    """Raise CollectionError naming the first thing wrong with one file's JSON."""
    _need(isinstance(doc, dict), where, "the file must hold one JSON object")
    for key in ("authority", "slug", "sector", "nation", "blocks", "threads"):
        _need(key in doc, where, f"missing key {key!r}")
    extra = set(doc) - {
        "authority",
        "slug",
        "sector",
        "nation",
        "blocks",
        "threads",
        "notes",
        "requester_names",
        "round",
    }
    _need(not extra, where, f"unknown keys {sorted(extra)}")
    _need(isinstance(doc["authority"], str) and doc["authority"].strip() != "", where, "authority must be a name")
    _need(isinstance(doc["slug"], str) and bool(_SLUG.match(doc["slug"])), where, "slug must be [a-z0-9_]+")
    _need(where.endswith(doc["slug"] + ".json") or "/" not in where, where, "the file name must be <slug>.json")
    _need(doc["sector"] in SECTORS, where, f"sector must be one of {SECTORS}")
    _need(doc["nation"] in NATIONS, where, f"nation must be one of {NATIONS}")
    _need(doc.get("round", 1) in range(1, 77), where, "round must be 1 to 76 (the writing round; 1 when absent)")
    blocks = doc["blocks"]
    _need(isinstance(blocks, dict) and len(blocks) >= 2, where, "blocks must be an object with at least two blocks")
    for name, b in blocks.items():
        w = f"{where}: block {name!r}"
        _need(bool(_SLUG.match(name)) and name != "quote", w, "block names are [a-z0-9_]+ and not 'quote'")
        _need(
            isinstance(b, dict) and set(b) <= {"category", "text", "kind"} and "category" in b and "text" in b,
            w,
            "a block is {category, text[, kind]}",
        )
        _need(b["category"] in BLOCK_CATEGORIES, w, f"category must be one of {BLOCK_CATEGORIES}")
        _need(isinstance(b["text"], str) and len(b["text"].strip()) >= 10, w, "text must be at least 10 characters")
        _need("{{" not in b["text"], w, "blocks cannot contain placeholders")
    used: set[str] = set()
    threads = doc["threads"]
    _need(isinstance(threads, list) and len(threads) >= 1, where, "threads must be a non-empty list")
    for t, thread in enumerate(threads):
        w = f"{where}: thread {t}"
        _need(
            isinstance(thread, dict) and set(thread) <= {"title", "request", "messages"},
            w,
            "a thread is {title, request, messages}",
        )
        _need(isinstance(thread.get("title"), str) and thread["title"].strip() != "", w, "title must be a string")
        _need(
            isinstance(thread.get("request"), str) and len(thread["request"]) >= 40,
            w,
            "request must be the requester's text",
        )
        _need("{{" not in thread["request"], w, "the request cannot contain placeholders")
        msgs = thread.get("messages")
        _need(isinstance(msgs, list) and len(msgs) >= 1, w, "messages must be a non-empty list")
        for m, msg in enumerate(msgs):
            wm = f"{w} message {m}"
            _need(
                isinstance(msg, dict) and set(msg) <= {"kind", "text", "from"} and "text" in msg and "kind" in msg,
                wm,
                "a message is {kind, text[, from]}",
            )
            _need(msg["kind"] in MESSAGE_KINDS, wm, f"kind must be one of {MESSAGE_KINDS}")
            _need(msg.get("from", "authority") in ("authority", "requester"), wm, "from is authority or requester")
            names = _PLACEHOLDER.findall(msg["text"])
            for n in names:
                _need(n == "quote" or n in blocks, wm, f"unknown block {{{{{n}}}}}")
            used.update(names)
            _need(names.count("quote") <= 1, wm, "at most one {{quote}}")
            leftover = _PLACEHOLDER.sub("", msg["text"])
            _need("{{" not in leftover and "}}" not in leftover, wm, "malformed placeholder")
            _need(
                msg.get("from", "authority") == "requester" or any(c.isalpha() for c in leftover),
                wm,
                "an authority message needs some content outside its blocks",
            )
    unused = set(blocks) - used
    _need(not unused, where, f"blocks never used: {sorted(unused)}")


def load_file(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise CollectionError(f"{path.name}: not valid JSON ({e})") from None
    validate(doc, path.name)
    return doc


def collection_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or COLLECTION).glob("*.json"))


def load_collection(directory: Path | None = None) -> list[dict[str, Any]]:
    docs = [load_file(p) for p in collection_files(directory)]
    slugs = Counter(d["slug"] for d in docs)
    dupes = [s for s, n in slugs.items() if n > 1]
    if dupes:
        raise CollectionError(f"slugs used twice: {dupes}")
    return docs


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

_NAMES = (
    "Alex Morgan",
    "Priya Shah",
    "Tom Evans",
    "Siobhan Kelly",
    "Gareth Hughes",
    "Fatima Begum",
    "Ewan MacLeod",
    "Ruth Okafor",
    "Dylan Price",
    "Helen Carter",
    "Marek Nowak",
    "Aisha Rahman",
)
_SITE = "WhatDoTheyKnow"


def _h(*parts: object) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _footer(request_id: int, authority: str) -> str:
    """The site's outgoing footer, as Alaveteli's outgoing_mailer templates render it."""
    return (
        "\n\n-------------------------------------------------------------------\n\n"
        "Please use this email address for all replies to this request:\n"
        f"[FOI #{request_id} email]\n\n"
        f"Is [{authority} request email] the wrong address for Freedom of Information requests to "
        f"{authority}? If so, please contact us using this form:\n"
        "https://www.whatdotheyknow.com/change_request/new?body=" + re.sub(r"\W+", "_", authority.lower()) + "\n\n"
        "Disclaimer: This message and any reply that you make will be published on the internet. "
        "Our privacy and copyright policies:\nhttps://www.whatdotheyknow.com/help/officers\n\n"
        "For more detailed guidance on safely disclosing information, read the latest advice from the ICO:\n"
        "https://www.whatdotheyknow.com/help/ico-guidance-for-authorities\n\n"
        "Please note that in some cases publication of requests and responses will be delayed.\n\n"
        "If you find this service useful as an FOI officer, please ask your web manager to link to us "
        "from your organisation's FOI page.\n\n"
        "-------------------------------------------------------------------"
    )


def _signed_name(text: str) -> str | None:
    """The name the requester signed with: the request's last line, if it looks like a name."""
    lines = [ln.strip() for ln in text.strip().split("\n") if ln.strip()]
    last = lines[-1] if lines else ""
    words = last.split()
    if 1 < len(words) <= 4 and all(w[:1].isupper() for w in words) and not any(c.isdigit() for c in last):
        return last
    return None


def _when(seed: int, step: int) -> tuple[str, str]:
    d = date(2016, 1, 4) + timedelta(days=seed % 3000 + 9 * step)
    hh, mm = 8 + seed % 9, seed % 60
    return d.strftime("%d %B %Y"), f"{hh:02d}:{mm:02d}"


def _quote(prev_text: str, style: int, *, sender: str, to: str, subject: str, when: tuple[str, str]) -> str:
    """The previous message as a mail client quotes it below a reply."""
    day, hm = when
    if style == 0:
        head = f"-----Original Message-----\nFrom: {sender}\nSent: {day} {hm}\nTo: {to}\nSubject: {subject}\n\n"
        return head + prev_text
    if style == 1:
        lines = prev_text.split("\n")
        quoted = "\n".join(("> " + ln) if ln.strip() else ">" for ln in lines)
        return f"On {day} at {hm}, {sender} wrote:\n\n" + quoted
    if style == 2:
        head = f"From: {sender}\nSent: {day} {hm}\nTo: {to}\nSubject: {subject}\n\n"
        return "________________________________\n" + head + prev_text
    head = f"-----Original Message-----\nFrom: {sender}\nDate: {day}\nSubject: {subject}\n\n"
    return head + prev_text


_GREETING = re.compile(r"^\s*(?:dear|hello|hi|good (?:morning|afternoon|evening)|annwyl|to whom)\b", re.IGNORECASE)
_SIGNOFF = re.compile(
    r"^\s*(?:yours|kind regards|regards|best wishes|many thanks|thank you|thanks|with best|cofion|yn gywir|"
    r"diolch|sincerely|best regards|warm regards)\b",
    re.IGNORECASE,
)


def bare(template: str) -> str:
    """A message template without its greeting, sign-off line and the signature under it (the
    lines outside blocks): the answer and its boilerplate alone, as messages are often excerpted."""
    lines = template.split("\n")
    out: list[str] = []
    skip = 0
    for line in lines:
        if skip and line.strip() and "{{" not in line and len(line) <= 60:
            skip -= 1
            continue
        skip = 0
        if "{{" not in line and (_GREETING.match(line) or _SIGNOFF.match(line)) and len(line) <= 60:
            if _SIGNOFF.match(line):
                skip = 3
            continue
        out.append(line)
    return "\n".join(out)


def render_file(doc: dict[str, Any], *, bare_messages: bool = False) -> list[Rendered]:
    """Every message of every thread of one file, labelled. With ``bare_messages``, the authority's
    messages lose their greeting and signature (see :func:`bare`)."""
    out: list[Rendered] = []
    slug, authority = doc["slug"], doc["authority"]
    names = doc.get("requester_names") or _NAMES
    for t, thread in enumerate(doc["threads"]):
        seed = _h(slug, t)
        request_id = 100000 + seed % 800000
        requester = _signed_name(thread["request"]) or names[seed % len(names)]
        thread_id = f"{slug}/{t}" + ("/bare" if bare_messages else "")
        subject = f"Freedom of Information request - {thread['title']}"
        request = thread["request"].rstrip()
        if not request.startswith("Dear"):
            request = f"Dear {authority},\n\n" + request
        first_text = request + _footer(request_id, authority)
        foot_at = len(request)
        first = Rendered(
            f"{thread_id}/0",
            slug,
            doc["sector"],
            doc["nation"],
            thread_id,
            0,
            "outgoing",
            "request",
            requester,
            first_text,
            [Span(foot_at, len(first_text), "site_footer", "site_footer")],
            doc.get("round", 1),
        )
        out.append(first)
        prev = first
        for m, msg in enumerate(thread["messages"], start=1):
            frm = msg.get("from", "authority")
            template = bare(msg["text"]) if bare_messages and frm != "requester" else msg["text"]
            text, spans = _render_template(template, doc["blocks"])
            if frm == "requester":
                text = text.rstrip()
                if not text.startswith("Dear"):
                    text = f"Dear {authority},\n\n" + text
                base = len(text)
                text += _footer(request_id, authority)
                spans.append(Span(base, len(text), "site_footer", "site_footer"))
            # the quote: the previous message's raw text, its own spans inside it become quoted too
            qi = text.find("\x00QUOTE\x00")
            if qi >= 0:
                style = _h(slug, t, m) % 4
                if prev.kind == "outgoing":
                    sender, to = (
                        f"{prev.requester_name} <[FOI #{request_id} email]>",
                        f"FOI <[{authority} request email]>",
                    )
                else:
                    sender, to = (
                        f"{authority} FOI <[{authority} request email]>",
                        f"{requester} <[FOI #{request_id} email]>",
                    )
                q = _quote(prev.raw_text, style, sender=sender, to=to, subject=subject, when=_when(seed, m))
                text = text[:qi] + q + text[qi + len("\x00QUOTE\x00") :]
                shift = len(q) - len("\x00QUOTE\x00")
                spans = [
                    Span(
                        s.start + (shift if s.start > qi else 0),
                        s.end + (shift if s.end > qi else 0),
                        s.category,
                        s.block,
                    )
                    for s in spans
                ]
                spans.append(Span(qi, qi + len(q), "quoted", "quote"))
            spans.sort(key=lambda s: s.start)
            r = Rendered(
                f"{thread_id}/{m}",
                slug,
                doc["sector"],
                doc["nation"],
                thread_id,
                m,
                "outgoing" if frm == "requester" else "incoming",
                "followup" if frm == "requester" else msg["kind"],
                requester,
                text,
                spans,
                doc.get("round", 1),
            )
            out.append(r)
            prev = r
    return out


def _render_template(template: str, blocks: dict[str, dict[str, str]]) -> tuple[str, list[Span]]:
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for mt in _PLACEHOLDER.finditer(template):
        chunk = template[pos : mt.start()]
        spans.extend(_inline_quotes(chunk, length))
        parts.append(chunk)
        length += len(chunk)
        name = mt.group(1)
        if name == "quote":
            parts.append("\x00QUOTE\x00")
            length += len("\x00QUOTE\x00")
        else:
            body = blocks[name]["text"].strip("\n")
            spans.append(Span(length, length + len(body), blocks[name]["category"], name))
            parts.append(body)
            length += len(body)
        pos = mt.end()
    spans.extend(_inline_quotes(template[pos:], length))
    parts.append(template[pos:])
    return "".join(parts), spans


_INLINE_QUOTE = re.compile(r"(?m)^[ \t]*>[^\n]*(?:\n[ \t]*>[^\n]*)*")


def _inline_quotes(chunk: str, offset: int) -> list[Span]:
    """Lines a writer quoted with ">" in the message itself (a request's questions quoted back
    between the answers): quoted text of an earlier message, as ``{{quote}}`` is, not content."""
    if ">" not in chunk:
        return []
    return [Span(offset + m.start(), offset + m.end(), "quoted", "inline") for m in _INLINE_QUOTE.finditer(chunk)]


def render_collection(docs: Iterable[dict[str, Any]], *, bare_messages: bool = False) -> list[Rendered]:
    return [r for d in docs for r in render_file(d, bare_messages=bare_messages)]


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _stats(docs: list[dict[str, Any]]) -> Iterator[str]:
    msgs = render_collection(docs)
    yield (
        f"{len(docs)} authorities, {sum(len(d['threads']) for d in docs)} threads, {len(msgs)} messages "
        f"({sum(m.kind == 'incoming' for m in msgs)} from authorities)"
    )
    yield "sectors: " + ", ".join(f"{k} {v}" for k, v in Counter(d["sector"] for d in docs).most_common())
    yield "nations: " + ", ".join(f"{k} {v}" for k, v in Counter(d["nation"] for d in docs).most_common())
    yield "blocks: " + ", ".join(
        f"{k} {v}" for k, v in Counter(b["category"] for d in docs for b in d["blocks"].values()).most_common()
    )
    yield "spans: " + ", ".join(f"{k} {v}" for k, v in Counter(s.category for m in msgs for s in m.spans).most_common())
    yield "message kinds: " + ", ".join(f"{k} {v}" for k, v in Counter(m.message_kind for m in msgs).most_common())
    yield f"must-keep lines: {sum(len(m.must_keep) for m in msgs if m.kind == 'incoming')} (authority messages)"


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("check", "stats", "show"):
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[0], argv[1:]
    try:
        if cmd == "check":
            files = [Path(a) for a in args] or collection_files()
            for p in files:
                render_file(load_file(p))
            if not args:
                load_collection()
            print(f"ok: {len(files)} files")
        elif cmd == "stats":
            for line in _stats(load_collection()):
                print(line)
        else:
            for r in render_file(load_file(Path(args[0]))):
                print(f"===== {r.id} ({r.kind}, {r.message_kind})")
                text, pos = [], 0
                for s in r.spans:
                    text.append(r.raw_text[pos : s.start] + f"[[{s.category}:{s.block}]]")
                    text.append(r.raw_text[s.start : s.end] + "[[/]]")
                    pos = s.end
                text.append(r.raw_text[pos:])
                print("".join(text))
    except CollectionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
