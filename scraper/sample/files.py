"""Attachment files for the sample site, generated in pure Python (small and deterministic)."""

from __future__ import annotations

import datetime as dt
import io
import struct
import textwrap
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

__all__ = [
    "make_csv",
    "make_docx",
    "make_odp",
    "make_ods",
    "make_odt",
    "make_pdf",
    "make_pptx",
    "make_tiff",
    "make_xlsx",
    "repeat_stream",
    "zip_parts",
]


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(
    text: str, *, title: str = "", width: int = 88, lines_per_page: int = 52, created: str = "D:20191021090000Z"
) -> bytes:
    """A valid PDF 1.4 with ``text`` as real (uncompressed, Helvetica) text objects, A4 pages."""
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(textwrap.wrap(para, width) or [""])
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]

    objects: list[bytes] = []  # objects[i] is object number i + 1
    n_pages = len(pages)
    font_no = 3
    first_page_no = 4
    info_no = first_page_no + 2 * n_pages
    kids = b" ".join(f"{first_page_no + 2 * i} 0 R".encode() for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n_pages).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, page in enumerate(pages):
        content_no = first_page_no + 2 * i + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 "
            + str(font_no).encode()
            + b" 0 R >> >> /Contents "
            + str(content_no).encode()
            + b" 0 R >>"
        )
        ops = [b"BT", b"/F1 10 Tf", b"14 TL", b"56 790 Td"]
        for line in page:
            ops.append(_pdf_string(line) + b" Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops) + b"\n"
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream")
    objects.append(
        b"<< /Title "
        + _pdf_string(title)
        + b" /Producer (wdtk-archive sample site) /CreationDate "
        + _pdf_string(created)
        + b" >>"
    )
    assert len(objects) == info_no

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_no} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def make_csv(rows: list[list[str]]) -> bytes:
    """RFC 4180 CSV (CRLF line ends, quotes where needed)."""

    def cell(value: str) -> str:
        if any(c in value for c in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(",".join(cell(v) for v in row) + "\r\n" for row in rows).encode("utf-8")


def make_tiff(width: int = 8, height: int = 8) -> bytes:
    """A tiny valid baseline TIFF (8-bit greyscale, uncompressed, a diagonal stripe)."""
    pixels = bytes(0 if (x + y) % 4 else 255 for y in range(height) for x in range(width))
    entries = [  # (tag, type, count, value) — type 3 SHORT, 4 LONG
        (256, 3, 1, width),
        (257, 3, 1, height),
        (258, 3, 1, 8),
        (259, 3, 1, 1),
        (262, 3, 1, 1),
        (273, 4, 1, 0),
        (277, 3, 1, 1),
        (278, 3, 1, height),
        (279, 4, 1, len(pixels)),
    ]
    ifd_offset = 8
    ifd_size = 2 + 12 * len(entries) + 4
    data_offset = ifd_offset + ifd_size
    out = bytearray(b"II*\x00" + struct.pack("<I", ifd_offset))
    out += struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        if tag == 273:
            value = data_offset
        if typ == 3:
            out += struct.pack("<HHIHH", tag, typ, count, value, 0)
        else:
            out += struct.pack("<HHII", tag, typ, count, value)
    out += struct.pack("<I", 0)
    out += pixels
    return bytes(out)


def repeat_stream(header: bytes, block: bytes, total: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """Yield exactly ``total`` bytes: ``header`` then ``block`` repeated (cut at the end)."""
    sent = 0
    buf = header
    while sent < total:
        while len(buf) < chunk:
            buf += block
        piece = buf[: min(chunk, total - sent)]
        buf = buf[len(piece) :]
        sent += len(piece)
        yield piece


# -- office files ----------------------------------------------------------------------------------
#
# Small, deterministic and valid: the parts each format requires, written from our own text.

#: A document block: a paragraph, or a table (rows of cell texts).
Block = str | Sequence[Sequence[str]]
#: A spreadsheet cell: text, a number or a date.
Cell = str | int | float | dt.date | None

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"'
)


def zip_parts(parts: dict[str, str | bytes], *, mimetype: str | None = None) -> bytes:
    """A zip of ``parts`` (name → content) with fixed times; an OpenDocument ``mimetype`` goes first,
    stored uncompressed, as the format requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        items = ([("mimetype", mimetype)] if mimetype else []) + list(parts.items())
        for name, content in items:
            info = zipfile.ZipInfo(name, date_time=(2023, 4, 20, 12, 0, 0))
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content, method)
    return buffer.getvalue()


def _types(overrides: dict[str, str]) -> str:
    return (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="/{name}" ContentType="{ctype}"/>' for name, ctype in overrides.items())
        + "</Types>"
    )


def _rels(targets: list[tuple[str, str]]) -> str:
    """A relationships part: (type, target) in order, ids rId1, rId2, …"""
    return (
        _XML
        + f'<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_DOC_REL}/{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(targets, start=1)
        )
        + "</Relationships>"
    )


def _core(title: str) -> str:
    return (
        _XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>wdtk-archive sample site</dc:creator></cp:coreProperties>"
    )


def _package_rels(main: str) -> str:
    return (
        _XML
        + f'<Relationships xmlns="{_PKG_REL}">'
        + f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="{main}"/>'
        + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>'
    )


def _w_run(text: str) -> str:
    """Runs of a Word paragraph: tabs and line breaks as Word writes them."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:r><w:br/></w:r>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:r><w:tab/></w:r>")
            if piece:
                out.append(f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return "".join(out)


def make_docx(blocks: Sequence[Block], *, title: str = "") -> bytes:
    """A Word document (.docx): each block a paragraph (tabs and line breaks kept) or a table."""
    body = []
    for block in blocks:
        if isinstance(block, str):
            body.append(f"<w:p>{_w_run(block)}</w:p>")
            continue
        columns = max((len(row) for row in block), default=1)
        grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(columns))
        rows = "".join(
            "<w:tr>"
            + "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p>{_w_run(c)}</w:p></w:tc>' for c in row
            )
            + "</w:tr>"
            for row in block
        )
        body.append(
            f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>'
        )
        body.append("<w:p/>")  # Word wants a paragraph after a table
    document = (
        _XML
        + f'<w:document xmlns:w="{_W}" xmlns:r="{_DOC_REL}"><w:body>'
        + "".join(body)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" '
        'w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    return zip_parts(
        {
            "[Content_Types].xml": _types(
                {
                    "word/document.xml": f"{_OOXML}.wordprocessingml.document.main+xml",
                    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
                }
            ),
            "_rels/.rels": _package_rels("word/document.xml"),
            "word/document.xml": document,
            "docProps/core.xml": _core(title),
        }
    )


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def make_xlsx(sheets: Mapping[str, Sequence[Sequence[Cell]]], *, title: str = "") -> bytes:
    """An Excel workbook (.xlsx): text in the shared-string table, as Excel writes it; numbers as
    numbers; dates as serial numbers under a date style (dd/mm/yyyy)."""
    strings: dict[str, int] = {}
    parts: dict[str, str] = {}
    for n, rows in enumerate(sheets.values(), start=1):
        xml_rows = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{_column_name(c)}{r}"
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    cells.append(f'<c r="{ref}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>')
                elif isinstance(value, dt.date):
                    moment = dt.datetime.combine(value, dt.time()) if not isinstance(value, dt.datetime) else value
                    serial = (moment - _EXCEL_EPOCH) / dt.timedelta(days=1)
                    cells.append(f'<c r="{ref}" s="1"><v>{serial:g}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            xml_rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
        parts[f"xl/worksheets/sheet{n}.xml"] = (
            _XML
            + f'<worksheet xmlns="{_S}" xmlns:r="{_DOC_REL}"><sheetData>'
            + "".join(xml_rows)
            + "</sheetData></worksheet>"
        )
    count = len(sheets)
    workbook = (
        _XML
        + f'<workbook xmlns="{_S}" xmlns:r="{_DOC_REL}"><sheets>'
        + "".join(
            f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    shared = (
        _XML
        + f'<sst xmlns="{_S}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
        + "</sst>"
    )
    styles = (
        _XML + f'<styleSheet xmlns="{_S}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )
    overrides = {"xl/workbook.xml": f"{_OOXML}.spreadsheetml.sheet.main+xml"}
    overrides |= {f"xl/worksheets/sheet{n}.xml": f"{_OOXML}.spreadsheetml.worksheet+xml" for n in range(1, count + 1)}
    overrides |= {
        "xl/sharedStrings.xml": f"{_OOXML}.spreadsheetml.sharedStrings+xml",
        "xl/styles.xml": f"{_OOXML}.spreadsheetml.styles+xml",
        "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    }
    workbook_rels = [("worksheet", f"worksheets/sheet{n}.xml") for n in range(1, count + 1)]
    workbook_rels += [("sharedStrings", "sharedStrings.xml"), ("styles", "styles.xml")]
    return zip_parts(
        {
            "[Content_Types].xml": _types(overrides),
            "_rels/.rels": _package_rels("xl/workbook.xml"),
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": _rels(workbook_rels),
            "xl/sharedStrings.xml": shared,
            "xl/styles.xml": styles,
            **parts,
            "docProps/core.xml": _core(title),
        }
    )


def make_pptx(slides: Sequence[Sequence[str]]) -> bytes:
    """A PowerPoint presentation (.pptx): each slide a text box of paragraphs. It has the parts a
    text reader needs; PowerPoint itself would also want a slide master, a layout and a theme."""
    parts: dict[str, str] = {}
    for n, paragraphs in enumerate(slides, start=1):
        body = "".join(f"<a:p><a:r><a:t>{escape(p)}</a:t></a:r></a:p>" for p in paragraphs)
        parts[f"ppt/slides/slide{n}.xml"] = (
            _XML + f'<p:sld xmlns:p="{_P}" xmlns:a="{_A}" xmlns:r="{_DOC_REL}"><p:cSld><p:spTree>'
            '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
            '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Text"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/>'
            f"<p:txBody><a:bodyPr/><a:lstStyle/>{body}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        )
    count = len(slides)
    ids = "".join(f'<p:sldId id="{255 + n}" r:id="rId{n}"/>' for n in range(1, count + 1))
    presentation = (
        _XML + f'<p:presentation xmlns:p="{_P}" xmlns:a="{_A}" xmlns:r="{_DOC_REL}"><p:sldIdLst>{ids}</p:sldIdLst>'
        '<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>'
    )
    overrides = {"ppt/presentation.xml": f"{_OOXML}.presentationml.presentation.main+xml"}
    overrides |= {f"ppt/slides/slide{n}.xml": f"{_OOXML}.presentationml.slide+xml" for n in range(1, count + 1)}
    return zip_parts(
        {
            "[Content_Types].xml": _types(overrides),
            "_rels/.rels": _package_rels("ppt/presentation.xml"),
            "ppt/presentation.xml": presentation,
            "ppt/_rels/presentation.xml.rels": _rels([("slide", f"slides/slide{n}.xml") for n in range(1, count + 1)]),
            **parts,
        }
    )


def _odf(kind: str, body: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    content = _XML + f"<office:document-content {_ODF_NS}><office:body>{body}</office:body></office:document-content>"
    manifest = (
        _XML + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return zip_parts({"content.xml": content, "META-INF/manifest.xml": manifest}, mimetype=mimetype)


def _odf_table(name: str, rows: Sequence[Sequence[Cell]]) -> str:
    def cell(value: Cell) -> str:
        if value is None or value == "":
            return "<table:table-cell/>"
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value!r}"><text:p>{value}</text:p></table:table-cell>'
        shown = value.isoformat() if isinstance(value, dt.date) else value
        return f'<table:table-cell office:value-type="string"><text:p>{escape(shown)}</text:p></table:table-cell>'

    columns = max((len(row) for row in rows), default=1)
    return (
        f"<table:table table:name={quoteattr(name)}>"
        f'<table:table-column table:number-columns-repeated="{columns}"/>'
        + "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>"
    )


def make_odt(blocks: Sequence[Block]) -> bytes:
    """An OpenDocument text (.odt): each block a paragraph or a table."""
    body = "".join(
        f"<text:p>{escape(b)}</text:p>" if isinstance(b, str) else _odf_table(f"Table{i}", b)
        for i, b in enumerate(blocks, start=1)
    )
    return _odf("text", f"<office:text>{body}</office:text>")


def make_ods(sheets: Mapping[str, Sequence[Sequence[Cell]]]) -> bytes:
    """An OpenDocument spreadsheet (.ods)."""
    body = "".join(_odf_table(name, rows) for name, rows in sheets.items())
    return _odf("spreadsheet", f"<office:spreadsheet>{body}</office:spreadsheet>")


def make_odp(slides: Sequence[Sequence[str]]) -> bytes:
    """An OpenDocument presentation (.odp): each slide a text box of paragraphs."""
    pages = "".join(
        f'<draw:page draw:name="page{n}"><draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="10cm">'
        "<draw:text-box>" + "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs) + "</draw:text-box>"
        "</draw:frame></draw:page>"
        for n, paragraphs in enumerate(slides, start=1)
    )
    return _odf("presentation", f"<office:presentation>{pages}</office:presentation>")
