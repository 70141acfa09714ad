"""Text of office files: Word, Excel and PowerPoint (Office Open XML: .docx, .xlsx, .pptx) and
OpenDocument (.odt, .ods, .odp). Pure: bytes in, text out.

Documents give one line per paragraph (a table row is one line, its cells separated by tabs),
then a Word file's footnotes and endnotes under their marks;
spreadsheets one line per row, cells separated by tabs, each sheet after its name; presentations
their slides in order, a blank line between slides. Old binary formats (.doc, .xls, .ppt) give no
text.

These are untrusted files, so: the zip is read part by part through a byte cap (per part and in
total: a zip bomb is refused, not inflated), XML is parsed with DTDs and entities refused
(defusedxml), and the text has a length cap. Anything unreadable raises ValueError with one
sentence; nothing half-read is returned.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

__all__ = ["LEGACY_TYPES", "OFFICE_TYPES", "office_text", "text_for_type"]

#: Most a part may inflate to, and all parts read together (bytes of XML).
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
#: Most text one file may give (characters); a file over it gives none rather than a cut-off text.
MAX_CHARS = 16 * 1024 * 1024

#: Declared content type → the format we read.
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
#: Old binary formats: no text, unless the file is in fact the newer format of the same program
#: (servers often give a .docx the old Word type).
LEGACY_TYPES = {
    "application/msword": "docx",
    "application/vnd.ms-word": "docx",
    "application/vnd.ms-excel": "xlsx",
    "application/vnd.ms-powerpoint": "pptx",
}
_NAMES = {
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "pptx": "a PowerPoint presentation (.pptx)",
    "odt": "an OpenDocument text (.odt)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "odp": "an OpenDocument presentation (.odp)",
}
_ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REL_OFFICE_DOCUMENT = "/officeDocument"
_SPACE_RUN = re.compile(r"[ \t\r\n]+")
_CELL_SPACE = re.compile(r"[\t\r\n]+")


def text_for_type(data: bytes, content_type: str) -> str | None:
    """The text of an office file served as ``content_type``; None when the type is no office type,
    or an old binary format; ValueError when the file cannot be read or is not what its type says."""
    if content_type in OFFICE_TYPES:
        return office_text(data, OFFICE_TYPES[content_type])
    if content_type in LEGACY_TYPES:
        return office_text(data, LEGACY_TYPES[content_type]) if data[:4] == b"PK\x03\x04" else None
    return None


def office_text(
    data: bytes,
    expected: str | None = None,
    *,
    max_part_bytes: int = MAX_PART_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_chars: int = MAX_CHARS,
) -> str:
    """The text of an office file (any of :data:`OFFICE_TYPES`' formats); ``expected`` names the
    format its type promised. ValueError, one sentence, when it cannot be read."""
    what = _NAMES.get(expected or "", "the office file")
    if data[:8] == _OLE_MAGIC:
        raise ValueError(f"{_cap(what)} is in an old binary format or password-protected; its text cannot be read.")
    if data[:4] != b"PK\x03\x04":
        raise ValueError(f"{_cap(what)} is not a zip archive, so it is not what its type says (or it is damaged).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = _Package(archive, max_part_bytes, max_total_bytes)
            kind = package.kind()
            if expected is not None and kind != expected:
                raise _Refused(f"It is served as {_NAMES[expected]} but is {_NAMES[kind]}.")
            out = _Text(max_chars)
            _READERS[kind](package, out)
            return out.result()
    except _Refused as e:
        raise ValueError(str(e)) from None
    except (DefusedXmlException, ParseError) as e:
        reason = "declares a DTD or entities" if isinstance(e, DefusedXmlException) else f"has broken XML ({e})"
        raise ValueError(f"{_cap(what)} could not be read: it {reason}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as e:
        raise ValueError(f"{_cap(what)} could not be read: its zip archive is damaged or truncated ({e}).") from None
    except RecursionError:
        raise ValueError(f"{_cap(what)} could not be read: its XML is nested too deeply.") from None
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
        raise ValueError(f"{_cap(what)} could not be read ({type(e).__name__}: {e}).") from None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Refused(Exception):
    """A file we will not read: the message is the sentence the caller gets."""


# -- the zip package --------------------------------------------------------------------------


class _Capped(io.RawIOBase):
    """A zip member read through a byte cap (the per-part and the total one)."""

    def __init__(self, raw: IO[bytes], name: str, package: _Package) -> None:
        self.raw, self.name, self.package, self.read_bytes = raw, name, package, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self.raw.read(len(buffer))
        self.read_bytes += len(chunk)
        self.package.charge(self.name, len(chunk), self.read_bytes)
        buffer[: len(chunk)] = chunk
        return len(chunk)


class _Package:
    """An office zip: its parts by (case-insensitive) name, read within the caps."""

    def __init__(self, archive: zipfile.ZipFile, max_part: int, max_total: int) -> None:
        self.archive = archive
        self.max_part, self.max_total, self.total = max_part, max_total, 0
        self.names = {info.filename.lower(): info for info in archive.infolist()}

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def charge(self, name: str, n: int, part_total: int) -> None:
        self.total += n
        if part_total > self.max_part:
            raise _Refused(f"Its part {name} inflates to over {self.max_part:,} bytes; not read (a zip bomb?).")
        if self.total > self.max_total:
            raise _Refused(f"Its parts inflate to over {self.max_total:,} bytes in all; not read (a zip bomb?).")

    def open(self, name: str) -> IO[bytes]:
        info = self.names.get(name.lower())
        if info is None:
            raise _Refused(f"It has no {name}, so it is not a complete office file.")
        if info.flag_bits & 0x1:
            raise _Refused("It is password-protected; its text cannot be read.")
        if info.file_size > self.max_part:
            raise _Refused(f"Its part {name} inflates to over {self.max_part:,} bytes; not read (a zip bomb?).")
        return io.BufferedReader(_Capped(self.archive.open(info), name, self))

    def read(self, name: str) -> bytes:
        with self.open(name) as handle:
            return handle.read()

    def events(self, name: str, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Element]]:
        """The part's XML as parse events; DTDs and entities are refused."""
        with self.open(name) as handle:
            yield from iterparse(handle, events=events, forbid_dtd=True)

    def kind(self) -> str:
        if self.has("mimetype"):
            mimetype = self.read("mimetype").decode("ascii", "replace").strip().removesuffix("-template")
            if mimetype in _ODF_KINDS:
                return _ODF_KINDS[mimetype]
            raise _Refused(f"It is a zip archive of type {mimetype[:80]!r}, not an office file.")
        if not self.has("[Content_Types].xml"):
            raise _Refused("It is a zip archive but not an office file.")
        main = self.main_part()
        ctype = self.content_type(main)
        for marker, kind in (("wordprocessingml", "docx"), ("ms-word", "docx")):
            if marker in ctype:
                return kind
        for marker, kind in (("spreadsheetml", "xlsx"), ("ms-excel", "xlsx")):
            if marker in ctype:
                return kind
        for marker, kind in (("presentationml", "pptx"), ("ms-powerpoint", "pptx")):
            if marker in ctype:
                return kind
        raise _Refused("It is a zip archive but not a Word, Excel or PowerPoint file.")

    def main_part(self) -> str:
        targets = self.relationships("", "_rels/.rels", _REL_OFFICE_DOCUMENT)
        if not targets:
            raise _Refused("It names no main document, so it is not a complete office file.")
        return targets[0][1]

    def content_type(self, part: str) -> str:
        """The content type [Content_Types].xml gives a part (an override, else by extension)."""
        by_extension: dict[str, str] = {}
        override = None
        for _, el in self.events("[Content_Types].xml"):
            name = _local(el.tag)
            if name == "Override" and el.get("PartName", "").lstrip("/").lower() == part.lower():
                override = el.get("ContentType", "")
            elif name == "Default":
                by_extension[el.get("Extension", "").lower()] = el.get("ContentType", "")
        ext = part.rsplit(".", 1)[-1].lower()
        return (override or by_extension.get(ext, "")).lower()

    def relationships(self, base: str, rels: str, type_suffix: str) -> list[tuple[str, str]]:
        """(Id, part name) of the relationships in ``rels`` whose type ends in ``type_suffix``;
        targets resolved against the folder ``base``."""
        if not self.has(rels):
            return []
        found = []
        for _, el in self.events(rels):
            if _local(el.tag) == "Relationship" and el.get("Type", "").endswith(type_suffix):
                if el.get("TargetMode") == "External":
                    continue
                target = el.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
                found.append((el.get("Id", ""), posixpath.normpath(path)))
        return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rel_id(el: Element) -> str:
    """The ``r:id`` attribute (transitional or strict namespace)."""
    return next((v for k, v in el.attrib.items() if k.endswith("}id") and "relationships" in k), "")


class _Text:
    """The lines of the text, within the length cap."""

    def __init__(self, max_chars: int) -> None:
        self.lines: list[str] = []
        self.max_chars, self.chars = max_chars, 0

    def count(self, n: int) -> None:
        self.chars += n
        if self.chars > self.max_chars:
            raise _Refused(f"Its text is over {self.max_chars:,} characters; not extracted.")

    def add(self, line: str) -> None:
        self.count(len(line) + 1)
        self.lines.append(line)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def result(self) -> str:
        text = "\n".join(line.rstrip() for line in self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


# -- documents and slides: paragraphs, table rows -----------------------------------------------


class _Flow:
    """Paragraphs as lines, table rows as lines of tab-separated cells, from one XML part's events.

    ``mixed`` is OpenDocument's way: text in element tails, runs of white space as one space."""

    def __init__(self, out: _Text, *, mixed: bool, skip: frozenset[str], sheet_names: bool = False) -> None:
        self.out, self.mixed, self.skip, self.sheet_names = out, mixed, skip, sheet_names
        self.containers: list[list[str]] = []  #: open cells: their paragraphs
        self.rows: list[list[str]] = []  #: open table rows: their cells
        self.repeats: list[int] = []  #: of the open cells, then rows (OpenDocument repeats them)
        self.row_repeats: list[int] = []
        #: Word's footnote and endnote marks, in the order the text refers to them: kind -> id -> mark
        self.notes: dict[str, dict[str, str]] = {}

    def note_mark(self, kind: str, note_id: str) -> str:
        """The mark of a note reference: [1], [2] for footnotes; [i], [ii] for endnotes (Word's
        default numbering); the same note referred to again keeps its mark."""
        marks = self.notes.setdefault(kind, {})
        mark = marks.get(note_id)
        if mark is None:
            n = len(marks) + 1
            mark = marks[note_id] = f"[{n}]" if kind == "footnote" else f"[{_roman(n)}]"
        return mark

    def emit(self, line: str) -> None:
        if self.containers:
            self.out.count(len(line))
            self.containers[-1].append(line)
        else:
            self.out.add(line)

    def run(self, events: Iterator[tuple[str, Element]], *, page: str | None = None) -> None:
        skipping = 0
        open_paragraphs = 0
        stack: list[Element] = []
        for event, el in events:
            name = _local(el.tag)
            if event == "start":
                stack.append(el)
                if name in self.skip:
                    skipping += 1
                elif skipping:
                    pass
                elif name in ("p", "h"):
                    open_paragraphs += 1
                elif name in ("tr", "table-row"):
                    self.rows.append([])
                    self.row_repeats.append(_repeat(el, "number-rows-repeated"))
                elif name in ("tc", "table-cell", "covered-table-cell"):
                    self.containers.append([])
                    self.repeats.append(_repeat(el, "number-columns-repeated"))
                elif name == "table" and self.sheet_names:
                    self.out.blank()
                    self.emit(el.get(_ODF_TABLE_NAME, ""))
                continue
            stack.pop()
            if name in self.skip:
                skipping -= 1
                continue
            if skipping:
                continue
            if name in ("p", "h"):
                open_paragraphs -= 1
                self.emit(self.inline(el))
            elif name in ("tc", "table-cell", "covered-table-cell"):
                self.end_cell()
            elif name in ("tr", "table-row"):
                self.end_row()
            elif name == page:
                self.out.blank()
            if name in ("p", "h", "tr", "table-row") and not open_paragraphs:
                el.clear()  # done with it: keep memory flat on long documents
                if stack:
                    stack[-1].remove(el)

    def end_cell(self) -> None:
        paragraphs = self.containers.pop()
        repeat = self.repeats.pop()
        text = _CELL_SPACE.sub(" ", " ".join(p for p in paragraphs if p.strip())).strip()
        target = self.rows[-1] if self.rows else (self.containers[-1] if self.containers else None)
        if target is None:
            self.emit(text)
            return
        if text or repeat == 1:
            self.out.count((len(text) + 1) * repeat)
            target.extend([text] * repeat)
        else:  # empty repeated cells (often thousands, to the sheet's edge): one gap is enough
            target.append("")

    def end_row(self) -> None:
        cells = self.rows.pop()
        repeat = self.row_repeats.pop()
        line = "\t".join(cells).rstrip("\t")
        if line.strip():
            for _ in range(repeat):
                self.emit(line)

    def inline(self, paragraph: Element) -> str:
        parts: list[str] = []
        if self.mixed:
            parts.append(_SPACE_RUN.sub(" ", paragraph.text or ""))
        self._walk(paragraph, parts)
        return "".join(parts).strip(" ")

    def _walk(self, el: Element, parts: list[str]) -> None:
        for child in el:
            name = _local(child.tag)
            if name in ("p", "h") or name in self.skip or name in ("pPr", "rPr", "tabs"):
                pass  # nested paragraphs (text boxes, notes) have their own line
            elif name == "t":
                parts.append(child.text or "")
            elif name == "tab":
                parts.append("\t")
            elif name in ("br", "cr", "line-break"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name in ("footnoteReference", "endnoteReference"):
                parts.append(self.note_mark(name[: -len("Reference")], _w_id(child)))
            elif name == "s" and self.mixed:
                parts.append(" " * min(_repeat(child, "c", _ODF_TEXT), 64))
            else:
                if self.mixed:
                    parts.append(_SPACE_RUN.sub(" ", child.text or ""))
                self._walk(child, parts)
            if self.mixed:
                parts.append(_SPACE_RUN.sub(" ", child.tail or ""))


_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_TABLE_NAME = f"{{{_ODF_TABLE}}}name"


def _repeat(el: Element, attribute: str, namespace: str = _ODF_TABLE) -> int:
    value = el.get(f"{{{namespace}}}{attribute}")
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


_BOTH = ("start", "end")


def _docx(package: _Package, out: _Text) -> None:
    # mc:Fallback repeats a drawing's text for old readers; w:pPr/w:rPr hold no text
    flow = _Flow(out, mixed=False, skip=frozenset({"Fallback"}))
    main = package.main_part()
    flow.run(package.events(main, _BOTH))
    # footnotes and endnotes (an answer's sources and caveats), after the text, under the marks
    # the text gives them; notes nothing refers to (the separators) are not the document's
    base = posixpath.dirname(main)
    rels = posixpath.join(base, "_rels", posixpath.basename(main) + ".rels")
    for kind in ("footnote", "endnote"):
        marks = flow.notes.get(kind)
        if marks:
            for _rid, part in package.relationships(base, rels, f"/{kind}s"):
                _word_notes(package, part, kind, marks, flow)


def _word_notes(package: _Package, part: str, kind: str, marks: dict[str, str], flow: _Flow) -> None:
    found: dict[str, list[str]] = {}
    for _, el in package.events(part):
        if _local(el.tag) != kind:
            continue
        mark = marks.get(_w_id(el))
        if mark is not None:
            lines = [flow.inline(p) for p in el.iter() if _local(p.tag) == "p"]
            found[mark] = [line for line in lines if line.strip()]
        el.clear()
    flow.out.blank()
    for mark in marks.values():  # in the order the text refers to them
        for k, line in enumerate(found.get(mark, [])):
            flow.emit(f"{mark} {line}" if k == 0 else line)


def _w_id(el: Element) -> str:
    """The ``w:id`` attribute."""
    return next((v for k, v in el.attrib.items() if k.endswith("}id") and "relationships" not in k), "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")):
        while n >= value:
            out, n = out + letters, n - value
    for value, letters in ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _pptx(package: _Package, out: _Text) -> None:
    main = package.main_part()
    base = posixpath.dirname(main)
    rels = posixpath.join(base, "_rels", posixpath.basename(main) + ".rels")
    slides = dict(package.relationships(base, rels, "/slide"))
    # the slide list's order, which is the show's
    order = [_rel_id(el) for _, el in package.events(main) if _local(el.tag) == "sldId"]
    for rel_id in order:
        if rel_id in slides:
            _Flow(out, mixed=False, skip=frozenset({"Fallback"})).run(package.events(slides[rel_id], _BOTH))
            out.blank()


def _odf(package: _Package, out: _Text, *, sheets: bool = False) -> None:
    # tracked deletions, comments and speaker notes are not the document's text
    skip = frozenset({"tracked-changes", "annotation", "notes"})
    _Flow(out, mixed=True, skip=skip, sheet_names=sheets).run(package.events("content.xml", _BOTH), page="page")


def _ods(package: _Package, out: _Text) -> None:
    _odf(package, out, sheets=True)


# -- workbooks: rows of cells -------------------------------------------------------------------

_BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 22, 27, 30, 36, 45, 46, 47, 50, 57}
_BUILTIN_TIME_FORMATS = {18, 19, 20, 21, 22, 45, 46, 47}
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)  #: a duration, shown as the number
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_COLUMN = re.compile(r"[A-Z]+")


def _xlsx(package: _Package, out: _Text) -> None:
    workbook = package.main_part()
    base = posixpath.dirname(workbook)
    rels = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
    by_id = dict(package.relationships(base, rels, "/worksheet"))
    shared_parts = package.relationships(base, rels, "/sharedStrings")
    style_parts = package.relationships(base, rels, "/styles")
    strings = _shared_strings(package, shared_parts[0][1]) if shared_parts else []
    dates = _date_styles(package, style_parts[0][1]) if style_parts else {}
    sheets: list[tuple[str, str]] = []
    epoch = dt.datetime(1899, 12, 30)
    for _, el in package.events(workbook):
        name = _local(el.tag)
        if name == "sheet" and _rel_id(el) in by_id:
            sheets.append((el.get("name", ""), by_id[_rel_id(el)]))
        elif name == "workbookPr" and el.get("date1904") in ("1", "true"):
            epoch = dt.datetime(1904, 1, 1)
    for title, part in sheets:
        out.blank()
        out.add(title)
        _sheet(package, part, out, strings, dates, epoch)


def _shared_strings(package: _Package, part: str) -> list[str]:
    strings: list[str] = []
    for _, el in package.events(part):
        if _local(el.tag) != "si":
            continue
        # rich text runs (r/t) or one t; rPh is a phonetic reading, not the text
        text = "".join(
            t.text or ""
            for child in el
            if _local(child.tag) in ("t", "r")
            for t in ([child] if _local(child.tag) == "t" else [c for c in child if _local(c.tag) == "t"])
        )
        strings.append(text)
        el.clear()
    return strings


def _date_styles(package: _Package, part: str) -> dict[int, str]:
    """Cell style index → "date", "time" or "datetime", for styles that show a number as a date."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_cell_xfs = False
    for event, el in package.events(part, _BOTH):
        name = _local(el.tag)
        if name == "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and name == "numFmt":
            custom[int(el.get("numFmtId", "0") or 0)] = el.get("formatCode", "")
        elif event == "end" and name == "xf" and in_cell_xfs:
            formats.append(int(el.get("numFmtId", "0") or 0))
    found: dict[int, str] = {}
    for index, number_format in enumerate(formats):
        kind = _format_kind(number_format, custom.get(number_format))
        if kind:
            found[index] = kind
    return found


def _format_kind(number_format: int, code: str | None) -> str | None:
    if code is None:
        date = number_format in _BUILTIN_DATE_FORMATS
        time = number_format in _BUILTIN_TIME_FORMATS
    elif _ELAPSED.search(code):
        return None
    else:
        bare = _FORMAT_NOISE.sub("", code).lower()
        date = any(c in bare for c in "dy") or ("m" in bare and "h" not in bare and "s" not in bare)
        time = any(c in bare for c in "hs")
    if date and time:
        return "datetime"
    return "date" if date else "time" if time else None


def _sheet(
    package: _Package, part: str, out: _Text, strings: list[str], dates: dict[int, str], epoch: dt.datetime
) -> None:
    row: dict[int, str] = {}
    stack: list[Element] = []
    for event, el in package.events(part, _BOTH):
        if event == "start":
            stack.append(el)
            continue
        stack.pop()
        name = _local(el.tag)
        if name == "c":
            value = _cell(el, strings, dates, epoch)
            if value:
                column = _column(el.get("r", ""), default=max(row, default=-1) + 1)
                out.count(len(value) + 1)
                row[column] = _CELL_SPACE.sub(" ", value).strip()
        elif name == "row":
            if row:
                out.count(max(row))  # the tabs of the gaps
                out.add("\t".join(row.get(i, "") for i in range(max(row) + 1)))
            row = {}
            el.clear()
            if stack:
                stack[-1].remove(el)


def _cell(el: Element, strings: list[str], dates: dict[int, str], epoch: dt.datetime) -> str:
    kind = el.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in el.iter() if _local(t.tag) == "t")
    value = next((c.text or "" for c in el if _local(c.tag) == "v"), "")
    if not value:
        return ""
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            raise _Refused("A cell points to a shared string the workbook does not have.") from None
    if kind == "b":
        return "TRUE" if value.strip() == "1" else "FALSE"
    if kind in ("str", "e", "d"):
        return value
    style = dates.get(int(el.get("s", "0") or 0))
    return _number(value, style, epoch)


def _number(value: str, style: str | None, epoch: dt.datetime) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    if style is not None and 0 <= number < 2958466:  # Excel's last date is 9999-12-31
        moment = epoch + dt.timedelta(days=number)
        moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
        if style == "date" or (style == "datetime" and moment.time() == dt.time()):
            return moment.date().isoformat()
        if style == "time" and number < 1:
            return moment.time().isoformat()
        return moment.isoformat(sep=" ")
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.15g}"


def _column(reference: str, *, default: int) -> int:
    letters = _COLUMN.match(reference.upper())
    if not letters:
        return default
    index = 0
    for letter in letters.group():
        index = index * 26 + ord(letter) - 64
    return min(index - 1, 16383)


_READERS: dict[str, Callable[[_Package, _Text], None]] = {
    "docx": _docx,
    "xlsx": _xlsx,
    "pptx": _pptx,
    "odt": _odf,
    "ods": _ods,
    "odp": _odf,
}
