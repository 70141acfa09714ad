"""Archived text on the pages: what cleaning stripped, search snippets, and the sections of the Act a
response cites (also SQL functions for the canned queries).

All archived text reaches the browser escaped: the few places that build markup here escape first
and add only their own tags."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

#: What each cleaning category is called on the page (the categories of ``models.Stripped``).
CATEGORY_LABELS = {
    "quoted": "Quoted earlier message",
    "site_footer": "Site footer",
    "disclaimer": "Disclaimer",
    "complaint_rights": "Complaint / review rights",
    "signoff_block": "Sign-off block",
    "other_boilerplate": "Other boilerplate",
}


def marked_segments(raw: str, spans: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``raw`` cut into consecutive pieces, each either kept or a stripped span with its reason.

    Spans out of range are clipped and overlaps are resolved in favour of the earlier span, so
    the pieces always join back into ``raw`` exactly.
    """
    pieces: list[dict[str, Any]] = []
    pos = 0
    ordered = sorted(
        ((max(0, int(s["start"])), min(len(raw), int(s["end"])), s) for s in spans),
        key=lambda t: (t[0], -t[1]),
    )
    for start, end, span in ordered:
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            pieces.append({"text": raw[pos:start], "category": None, "rule": None})
        category = str(span.get("category") or "other_boilerplate")
        pieces.append(
            {
                "text": raw[start:end],
                "category": category,
                "label": CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize()),
                "rule": span.get("rule"),
            }
        )
        pos = end
    if pos < len(raw):
        pieces.append({"text": raw[pos:], "category": None, "rule": None})
    return pieces


#: Markers handed to FTS5 ``snippet()``: control characters that never reach the page.
SNIPPET_OPEN = "\x02"
SNIPPET_CLOSE = "\x03"


def highlight_snippet(snippet: str | None) -> Markup:
    """An FTS5 snippet made with :data:`SNIPPET_OPEN`/:data:`SNIPPET_CLOSE` as safe HTML.

    The text is escaped and only our own ``<mark>`` tags are added, balanced whatever the text
    contains.
    """
    if not snippet:
        return Markup("")
    out: list[str] = []
    open_ = False
    buf: list[str] = []
    for ch in snippet:
        if ch == SNIPPET_OPEN and not open_:
            out.append(str(escape("".join(buf))) + "<mark>")
            buf, open_ = [], True
        elif ch == SNIPPET_CLOSE and open_:
            out.append(str(escape("".join(buf))) + "</mark>")
            buf, open_ = [], False
        elif ch not in (SNIPPET_OPEN, SNIPPET_CLOSE):
            buf.append(ch)
    out.append(str(escape("".join(buf))))
    if open_:
        out.append("</mark>")
    return Markup("".join(out))


#: Where a FOI section is cited: "section 12", "s.40(2)", "s 43", "sections 21 and 40" (first).
_SECTION_RE = re.compile(
    r"(?<![\w'’])(?:sections?\s*|secs?\.\s*|s\.\s*|s\s?)(\d{1,2}[A-Z]?)(?![\d])((?:\s*\(\s*\w{1,4}\s*\))*)",
    re.IGNORECASE,
)


_SECTION_LIST_TAIL = re.compile(r"\s*(?:,|and|&|or)\s*(\d{1,2}[A-Z]?)(?!\d)((?:\s*\(\s*\w{1,4}\s*\))*)", re.IGNORECASE)


def cited_sections(text: str | None) -> list[str]:
    """Sections of the Act cited in ``text``, as written: ``12``, ``40(2)``, ``"sections 21 and 40"``."""
    found: list[str] = []

    def add(number: str, sub: str | None) -> None:
        value = number.upper() + re.sub(r"\s+", "", sub or "").lower()
        if value not in found:
            found.append(value)

    text = text or ""
    for match in _SECTION_RE.finditer(text):
        add(match.group(1), match.group(2))
        if match.group(0).lower().startswith("sections"):
            pos = match.end()
            while tail := _SECTION_LIST_TAIL.match(text, pos):
                add(tail.group(1), tail.group(2))
                pos = tail.end()
    return found


def cites_section(text: str | None, section: str | None) -> bool:
    """Whether ``text`` cites ``section`` (``12``, ``s.40``, ``40(2)``): ``40`` matches ``40(2)``."""
    wanted = re.sub(r"^(?:sections?|secs?\.?|s\.?)\s*", "", (section or "").strip(), flags=re.IGNORECASE)
    wanted = re.sub(r"\s+", "", wanted).lower()
    if not wanted:
        return False
    for cited in cited_sections(text):
        cited = cited.lower()
        if cited == wanted or (cited.startswith(wanted) and cited[len(wanted)] == "("):
            return True
    return False
