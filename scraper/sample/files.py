"""Attachment files for the sample site, generated in pure Python (small and deterministic)."""

from __future__ import annotations

import struct
import textwrap
from collections.abc import Iterator

__all__ = ["make_csv", "make_pdf", "make_tiff", "repeat_stream"]


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
