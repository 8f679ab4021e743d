"""Hostile files built in the test run, as an attacker would build them.

Shared by the hostile-file tests (web upload and command line) and `bench/hostile_files.py`,
which prints the time and memory each costs.
"""

from __future__ import annotations

import io
import struct
import zipfile

import docx

from tests.resumes.pdf_files import decompression_bomb_pdf, deeply_nested_pdf


def _docx_with_document(document_xml) -> bytes:
    """A real python-docx package whose word/document.xml is `document_xml(original)`."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = document_xml(data)
            target.writestr(info.filename, data)
    return out.getvalue()


def _docx_with_body(body_xml: str) -> bytes:
    """A real python-docx package whose document body is `body_xml`."""

    def with_body(original: bytes) -> bytes:
        head, _, rest = original.decode().partition("<w:body>")
        _, _, tail = rest.partition("</w:body>")
        return f"{head}<w:body>{body_xml}</w:body>{tail}".encode()

    return _docx_with_document(with_body)


def merged_cells_docx(rows: int = 100, columns: int = 20) -> bytes:
    """One table of vertically merged cells whose first-row cells hold no paragraph: a few
    KB that python-docx spends minutes laying out."""
    first = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr></w:tc>' * columns
    rest = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" * columns
    table = "<w:tbl><w:tblGrid>" + "<w:gridCol/>" * columns + "</w:tblGrid>"
    table += f"<w:tr>{first}</w:tr>" + f"<w:tr>{rest}</w:tr>" * (rows - 1) + "</w:tbl>"
    return _docx_with_body("<w:p><w:r><w:t>Experience</w:t></w:r></w:p>" + table)


def lying_zip_bomb_docx(inflated_mb: int = 200, claimed: int = 1000) -> bytes:
    """A DOCX whose word/document.xml inflates to `inflated_mb` MB while the ZIP directory
    (central and local headers) claims `claimed` bytes."""
    payload = b"<w:p/>" * (inflated_mb * 1024 * 1024 // 6)
    data = _docx_with_document(lambda original: payload)
    return _lie_about_size(data, "word/document.xml", claimed)


# (signature, offset of the name's length, of the name, of the uncompressed size) of the
# local file header and of the central directory header (PKWARE APPNOTE 4.3.7, 4.3.12).
_HEADERS = ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24))


def _lie_about_size(data: bytes, name: str, claimed: int) -> bytes:
    """Rewrite the uncompressed size of `name` in its local and central headers."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, length_at, name_at, size_at in _HEADERS:
        start = data.find(signature)
        while start != -1:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            if bytes(data[start + name_at : start + name_at + length]) == encoded:
                struct.pack_into("<I", data, start + size_at, claimed)
            start = data.find(signature, start + 4)
    return bytes(data)


def spinning_parser(*args, **kwargs):
    """A parser that never finishes: what the sandbox's CPU budget is for. It lives here,
    in a module that imports no Django, so the sandbox's child can load it."""
    while True:
        pass


def hoarding_parser(*args, **kwargs):
    """A parser that takes memory until something stops it."""
    hoard = []
    while True:
        hoard.append(bytearray(16 * 1024 * 1024))


HOSTILE_DOCX = {
    "merged-cells table (100 × 20)": merged_cells_docx,
    "zip bomb that lies about its size (200 MB)": lying_zip_bomb_docx,
}
HOSTILE_PDF = {
    "PDF whose content stream inflates to 300 MB": decompression_bomb_pdf,
    "PDF nesting arrays 200,000 deep": deeply_nested_pdf,
}
