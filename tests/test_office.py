"""Text of office files (scraper/parse/office.py): each format's text, and bad input refused with one
sentence (truncated, corrupt, not an office file, a zip bomb, XML entities, a type that lies)."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.crawl.attachments import file_text, has_file_text
from scraper.parse import office
from scraper.parse.office import office_text, text_for_type
from scraper.sample.files import (
    make_docx,
    make_odp,
    make_ods,
    make_odt,
    make_pdf,
    make_pptx,
    make_xlsx,
    zip_parts,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_part(data: bytes, name: str, content: str | bytes) -> bytes:
    """The same package with one part replaced."""
    parts: dict[str, str | bytes] = dict(parts_of(data))
    parts[name] = content
    return zip_parts(parts)


def docx_body(body: str) -> bytes:
    document = f'<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>'
    return with_part(make_docx(["x"]), "word/document.xml", document)


def one_sentence(error: pytest.ExceptionInfo[ValueError]) -> str:
    message = str(error.value)
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message, message
    return message


# -- each format -------------------------------------------------------------------------------


def test_word_document_paragraphs_tabs_breaks_and_table_rows():
    data = make_docx(
        [
            "Freedom of information request 01.FOI.23.031597",
            "Date\tPlace",
            "First line\nSecond line",
            [["Q", "A"], ["1", "Held"]],
            "Yours sincerely",
        ]
    )
    assert office_text(data) == (
        "Freedom of information request 01.FOI.23.031597\nDate\tPlace\nFirst line\nSecond line\nQ\tA\n1\tHeld\n\nYours sincerely"
    )


def test_word_document_keeps_only_what_a_reader_sees():
    body = (
        # tab stops in the paragraph's properties are no tabs; deleted text and field codes are not text
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>"
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:t xml:space="preserve"> text</w:t></w:r></w:p>'
        # a text box: its own line, once (the fallback copy for old readers is skipped)
        "<w:p><w:r><w:t>Before box</w:t></w:r><w:r><mc:AlternateContent><mc:Choice>"
        "<w:txbxContent><w:p><w:r><w:t>In the box</w:t></w:r></w:p></w:txbxContent></mc:Choice>"
        "<mc:Fallback><w:txbxContent><w:p><w:r><w:t>In the box</w:t></w:r></w:p></w:txbxContent></mc:Fallback>"
        '</mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> after box</w:t></w:r></w:p>'
        # a table in a table cell: the inner row is part of the outer cell
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Outer</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr>"
        "<w:tc><w:p><w:r><w:t>in1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>in2</w:t></w:r></w:p></w:tc>"
        "</w:tr></w:tbl></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t></w:r></w:p>"
    )
    assert office_text(docx_body(body)) == "Kept text\nIn the box\nBefore box after box\nOuter\tin1 in2\nA-B"


def _with_notes(data: bytes, notes: dict[str, str]) -> bytes:
    """The package with footnotes/endnotes parts (``word/footnotes.xml``: XML) related to its text."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{rel}/{name.split("/")[1][:-4]}" Target="{name.split("/")[1]}"/>'
        for i, name in enumerate(notes, start=1)
    )
    parts: dict[str, str | bytes] = dict(parts_of(data))
    parts["word/_rels/document.xml.rels"] = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    )
    parts.update(notes)
    return zip_parts(parts)


def _note(kind: str, note_id: int, *paragraphs: str, special: str = "") -> str:
    kind_attr = f' w:type="{special}"' if special else ""
    body = "".join(
        f'<w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {p}</w:t></w:r></w:p>' for p in paragraphs
    )
    if special:
        body = "<w:p><w:r><w:separator/></w:r></w:p>"
    return f'<w:{kind} w:id="{note_id}"{kind_attr}>{body}</w:{kind}>'


def test_word_footnotes_and_endnotes_follow_the_text_under_their_marks():
    body = (
        '<w:p><w:r><w:t>Deployments: 14</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r>'
        '<w:r><w:t xml:space="preserve"> in 2023.</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Alerts: 3</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
        '<w:r><w:endnoteReference w:id="5"/></w:r></w:p>'
    )
    footnotes = (
        f'<w:footnotes xmlns:w="{W}">'
        + _note("footnote", -1, special="separator")
        + _note("footnote", 0, special="continuationSeparator")
        + _note("footnote", 1, "Alerts are counted once per person.")
        + _note("footnote", 2, "Source: the deployment records.", "Figures are provisional.")
        + _note("footnote", 3, "A note nothing refers to.")
        + "</w:footnotes>"
    )
    endnotes = f'<w:endnotes xmlns:w="{W}">' + _note("endnote", 5, "See the published policy.") + "</w:endnotes>"
    data = _with_notes(docx_body(body), {"word/footnotes.xml": footnotes, "word/endnotes.xml": endnotes})
    assert office_text(data) == (
        "Deployments: 14[1] in 2023.\nAlerts: 3[2][i]\n\n"
        "[1] Source: the deployment records.\nFigures are provisional.\n[2] Alerts are counted once per person.\n\n"
        "[i] See the published policy."
    )
    # a document whose notes part is missing keeps its marks and its text
    assert office_text(docx_body(body)) == "Deployments: 14[1] in 2023.\nAlerts: 3[2][i]"


def test_excel_workbook_rows_as_lines_cells_by_tabs():
    data = make_xlsx(
        {
            "Deployments": [
                ["Date", "Location", "Watchlist size", "Alerts"],
                [dt.date(2022, 1, 28), "Oxford Circus", 9756, 1],
                [],
                [dt.date(2022, 7, 7), "Leicester Square\nWest End", 6747.5, None, "note"],
            ],
            "Notes": [["Synthetic figures"]],
        }
    )
    assert office_text(data) == (
        "Deployments\nDate\tLocation\tWatchlist size\tAlerts\n2022-01-28\tOxford Circus\t9756\t1\n"
        "2022-07-07\tLeicester Square West End\t6747.5\t\tnote\n\nNotes\nSynthetic figures"
    )


def test_excel_cell_kinds_and_sheet_order():
    data = make_xlsx({"First": [["x"]], "Second": [["y"]]})
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>inline</t></is></c><c r="C1" t="b"><v>1</v></c>'
        '<c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="str"><f>A1</f><v>formula</v></c>'
        '<c r="F1"><v>0.30000000000000004</v></c><c r="G1"><v>1E-3</v></c></row>'
        '<row r="7"><c r="B7" t="s"><v>2</v></c></row></sheetData></worksheet>'
    )
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si>'
        "<si><t>y</t></si><si><r><t>rich </t></r><r><t>text</t></r><rPh><t>phonetic</t></rPh></si></sst>"
    )
    data = with_part(with_part(data, "xl/worksheets/sheet1.xml", sheet), "xl/sharedStrings.xml", shared)
    # the workbook's order, not the parts' names: swap the sheets in workbook.xml
    workbook = parts_of(data)["xl/workbook.xml"].decode()
    workbook = workbook.replace('r:id="rId1"', 'r:id="rIdX"').replace('r:id="rId2"', 'r:id="rId1"')
    data = with_part(data, "xl/workbook.xml", workbook.replace('r:id="rIdX"', 'r:id="rId2"'))
    assert office_text(data) == "First\ny\n\nSecond\ninline\t\tTRUE\t#N/A\tformula\t0.3\t0.001\n\trich text"


@pytest.mark.parametrize(
    "number_format, code, value, shown",
    [
        (14, None, "44589", "2022-01-28"),
        (22, None, "44589.5", "2022-01-28 12:00:00"),
        (20, None, "0.75", "18:00:00"),
        (164, "d mmm yyyy", "44589", "2022-01-28"),
        (164, '[Red]"£"#,##0.00', "44589", "44589"),  # money, not a date, though "d" and "m" are in it
        (164, "[h]:mm", "1.5", "1.5"),  # elapsed time, not a moment
        (2, None, "3.14159", "3.14159"),
    ],
)
def test_excel_dates_follow_the_cell_style(number_format, code, value, shown):
    data = make_xlsx({"S": [[1]]})
    styles = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<numFmts count="1"><numFmt numFmtId="{number_format}" formatCode="{code}"/></numFmts>' if code else "")
        + f'<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="{number_format}"/></cellXfs></styleSheet>'
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1"><c r="A1" s="1"><v>{value}</v></c></row></sheetData></worksheet>'
    )
    data = with_part(
        with_part(data, "xl/styles.xml", styles.replace('"£"', "&quot;£&quot;")), "xl/worksheets/sheet1.xml", sheet
    )
    assert office_text(data) == f"S\n{shown}"


def test_powerpoint_slides_in_the_shows_order():
    data = make_pptx([["Live facial recognition", "Deployments in 2022"], ["Questions"], ["Thank you"]])
    assert office_text(data) == "Live facial recognition\nDeployments in 2022\n\nQuestions\n\nThank you"
    presentation = parts_of(data)["ppt/presentation.xml"].decode()
    reordered = presentation.replace('r:id="rId1"', 'r:id="rIdX"').replace('r:id="rId3"', 'r:id="rId1"')
    data = with_part(data, "ppt/presentation.xml", reordered.replace('r:id="rIdX"', 'r:id="rId3"'))
    assert office_text(data) == "Thank you\n\nQuestions\n\nLive facial recognition\nDeployments in 2022"


def test_opendocument_text_spreadsheet_and_presentation():
    assert office_text(make_odt(["Dear Sam Okafor,", [["Q", "A"], ["4", "LFR and RFR"]], "Yours"])) == (
        "Dear Sam Okafor,\nQ\tA\n4\tLFR and RFR\nYours"
    )
    assert office_text(make_ods({"Record": [["Date", "Alerts"], [dt.date(2022, 1, 28), 1]], "Empty": []})) == (
        "Record\nDate\tAlerts\n2022-01-28\t1\n\nEmpty"
    )
    assert office_text(make_odp([["Title", "Point"], ["Second"]])) == "Title\nPoint\n\nSecond"


def test_opendocument_mixed_text_spaces_repeats_and_what_is_not_text():
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text>'
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p></text:deletion>"
        "</text:changed-region></text:tracked-changes>"
        '<text:h text:outline-level="1">Heading</text:h>'
        '<text:p>A <text:span>span</text:span>,<text:s text:c="3"/>spaced<text:tab/>tabbed<text:line-break/>next'
        "<office:annotation><dc:creator>x</dc:creator><text:p>a comment</text:p></office:annotation> end</text:p>"
        "<text:list><text:list-item><text:p>item</text:p></text:list-item></text:list>"
        '<table:table table:name="T"><table:table-row table:number-rows-repeated="2">'
        '<table:table-cell table:number-columns-repeated="2"><text:p>r</text:p></table:table-cell>'
        "<table:covered-table-cell/><table:table-cell><text:p>z</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row></table:table></office:text></office:body></office:document-content>"
    )
    data = with_part(make_odt(["x"]), "content.xml", content)
    assert office_text(data) == "Heading\nA span,   spaced\ttabbed\nnext end\nitem\nr\tr\t\tz\nr\tr\t\tz"


def test_file_text_reads_office_types_and_leaves_old_binary_ones():
    docx = make_docx(["The answer is in this Word file."])
    assert file_text(docx, DOCX) == "The answer is in this Word file."
    assert file_text(make_xlsx({"S": [["a", 1]]}), XLSX) == "S\na\t1"
    assert file_text(make_pptx([["Slide"]]), PPTX) == "Slide"
    # old binary formats: no text; but a .docx given the old Word type is read
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert file_text(ole, "application/msword") is None
    assert file_text(docx, "application/msword") == "The answer is in this Word file."
    assert file_text(docx, "application/zip") is None  # not a type we read
    # a PDF is read as a PDF whatever its type says
    assert "Deployments" in (file_text(make_pdf("Deployments 2022"), DOCX) or "")
    assert all(has_file_text(t) for t in office.OFFICE_TYPES)
    assert not has_file_text("application/msword") and not has_file_text("image/tiff")


# -- bad input --------------------------------------------------------------------------------


def test_truncated_and_corrupt_files_are_refused():
    data = make_docx(["Some text that is long enough to be deflated. " * 20])
    with pytest.raises(ValueError) as e:
        office_text(data[: len(data) // 2], "docx")
    assert "damaged or truncated" in one_sentence(e)
    member = data.index(b"word/document.xml") + len("word/document.xml")
    corrupt = data[: member + 40] + bytes(b ^ 0x5A for b in data[member + 40 : member + 80]) + data[member + 80 :]
    with pytest.raises(ValueError) as e:
        office_text(corrupt, "docx")
    assert "could not be read" in one_sentence(e)


def test_a_zip_that_is_no_office_file_is_refused():
    with pytest.raises(ValueError, match="not an office file") as e:
        office_text(zip_parts({"readme.txt": "hello"}), "docx")
    one_sentence(e)
    with pytest.raises(ValueError, match="not an office file") as e:
        office_text(zip_parts({"readme.txt": "x"}, mimetype="application/epub+zip"))
    one_sentence(e)
    no_main = {k: v for k, v in parts_of(make_docx(["x"])).items() if k != "word/document.xml"}
    with pytest.raises(ValueError, match="no word/document.xml") as e:
        office_text(zip_parts(dict(no_main)))
    one_sentence(e)


def test_a_type_that_lies_is_refused():
    with pytest.raises(ValueError) as e:
        text_for_type(make_xlsx({"S": [["a"]]}), DOCX)
    assert one_sentence(e) == "It is served as a Word document (.docx) but is an Excel workbook (.xlsx)."
    with pytest.raises(ValueError) as e:
        text_for_type(b"<!DOCTYPE html><html><body>Sign in</body></html>", XLSX)
    assert "not a zip archive" in one_sentence(e)
    with pytest.raises(ValueError) as e:
        text_for_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), DOCX)
    assert "password-protected" in one_sentence(e)
    with pytest.raises(ValueError) as e:  # a zip header on what is not a zip
        text_for_type(b"PK\x03\x04" + bytes(200), PPTX)
    one_sentence(e)


def _central_entry(data: bytes, name: bytes) -> int:
    """Where the zip's central directory describes ``name`` (sizes at +20/+24, flags at +8)."""
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + struct.unpack_from("<H", data, at + 28)[0]] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    return at


def test_zip_bombs_are_refused_without_inflating_them():
    bomb = with_part(make_docx(["x"]), "word/document.xml", b"<a>" + b" " * (office.MAX_PART_BYTES + 1) + b"</a>")
    assert len(bomb) < 200_000
    with pytest.raises(ValueError, match="inflates to over") as e:
        office_text(bomb)
    one_sentence(e)
    # in all: each part under the part cap, together over the total
    data = make_xlsx({f"S{i}": [["cell"] * 50] * 50 for i in range(4)})
    with pytest.raises(ValueError, match="in all") as e:
        office_text(data, max_total_bytes=20_000)
    one_sentence(e)
    # a header that understates a part's size: the read stops at the stated size and the check fails
    data = make_docx(["A paragraph of some length. " * 40])
    entry = _central_entry(data, b"word/document.xml")
    lying = data[: entry + 24] + struct.pack("<I", 100) + data[entry + 28 :]
    with pytest.raises(ValueError) as e:
        office_text(lying)
    one_sentence(e)


def test_the_text_cap_refuses_rather_than_cuts():
    data = make_xlsx({"S": [["word"] * 100] * 100})
    assert len(office_text(data)) > 40_000
    with pytest.raises(ValueError, match="characters; not extracted") as e:
        office_text(data, max_chars=10_000)
    one_sentence(e)
    sparse = make_ods({"S": [["a"]]})
    content = parts_of(sparse)["content.xml"].decode()
    wide = content.replace(
        "<table:table-row>",
        '<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000">'
        "<text:p>filled</text:p></table:table-cell></table:table-row><table:table-row>",
        1,
    )
    with pytest.raises(ValueError, match="characters; not extracted"):
        office_text(with_part(sparse, "content.xml", wide))


def test_encrypted_parts_dtds_entities_and_broken_xml_are_refused():
    data = make_docx(["secret"])
    entry = _central_entry(data, b"word/document.xml")
    flags = struct.unpack_from("<H", data, entry + 8)[0] | 0x1
    encrypted = data[: entry + 8] + struct.pack("<H", flags) + data[entry + 10 :]
    with pytest.raises(ValueError, match="password-protected") as e:
        office_text(encrypted)
    one_sentence(e)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>'
    )
    with pytest.raises(ValueError, match="DTD or entities") as e:
        office_text(with_part(data, "word/document.xml", laughs))
    one_sentence(e)
    external = (
        f'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><w:document xmlns:w="{W}"><w:body/></w:document>'
    )
    with pytest.raises(ValueError, match="DTD or entities"):
        office_text(with_part(data, "word/document.xml", external))
    with pytest.raises(ValueError, match="broken XML") as e:
        office_text(with_part(data, "word/document.xml", f'<w:document xmlns:w="{W}"><w:body>'))
    one_sentence(e)
    with pytest.raises(ValueError, match="shared string"):
        sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="s"><v>99</v></c></row></sheetData></worksheet>'
        office_text(with_part(make_xlsx({"S": [["a"]]}), "xl/worksheets/sheet1.xml", sheet))


SAMPLES = {
    DOCX: make_docx(["Paragraph one", [["a", "b"]], "Two\tthree"]),
    XLSX: make_xlsx({"S": [["a", 1, dt.date(2023, 1, 2)]], "T": [["b"]]}),
    PPTX: make_pptx([["one"], ["two"]]),
    "application/vnd.oasis.opendocument.text": make_odt(["p", [["a"]]]),
    "application/vnd.oasis.opendocument.spreadsheet": make_ods({"S": [["a", 2]]}),
    "application/vnd.oasis.opendocument.presentation": make_odp([["one"]]),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ctype=st.sampled_from(sorted(SAMPLES)),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)), max_size=4),
)
def test_any_damage_gives_text_or_one_sentence(ctype, cut, flips):
    data = bytearray(SAMPLES[ctype])
    for where, xor in flips:
        data[int(where * (len(data) - 1))] ^= xor
    data = data[: max(1, int(cut * len(data)))] if cut < 0.999 else data
    try:
        text = text_for_type(bytes(data), ctype)
    except ValueError as e:
        assert str(e).endswith(".") and "\n" not in str(e)
    else:
        assert isinstance(text, str)
