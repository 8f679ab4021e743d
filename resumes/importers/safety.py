"""Checks that run before any parser sees an uploaded file.

python-docx has no size cap: a 544 KB DOCX that inflates to 525 MB costs 1 GB of memory
before lxml gives up (RELIABILITY.md). Reading the ZIP directory costs under a
millisecond and rejects honest bombs before anything is inflated; a bomb whose directory
lies about its sizes is caught by inflating every part in bounded chunks, counting the real
bytes and checking each part's CRC. Then the document's structure is counted: python-docx
lays out vertically merged table cells in time that grows with the square of the table
(a 2.6 KB file of 2,000 merged cells costs minutes), so tables are capped before it opens
anything. `sandbox.py` bounds what is left, in CPU time and memory.
"""

from __future__ import annotations

import io
import re
import zipfile

from resumes.importers.errors import ImportFailed

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files and legacy .doc
ZIP_SIGNATURE = b"PK\x03\x04"
PDF_SIGNATURE = b"%PDF-"
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100  # real DOCX files compress at most ~32:1
MAX_MACROS = 20_000  # 002.tex has 115 backslashes, 03.bib 95; a long CV a few thousand
MAX_ENTRIES = 2_000  # entries from one CV file
MAX_BULLETS = 200  # bullets under one entry
MAX_SKILLS = 2_000
MAX_TABLE_CELLS = 2_000  # a two-column layout table of a long CV has a few hundred
MAX_MERGED_CELLS = 200  # cells python-docx must join across rows: the expensive kind
MAX_XML_ELEMENTS = 300_000  # word/document.xml of a ten-page CV has about 20,000
_CHUNK = 64 * 1024
_DOCUMENT_PART = "word/document.xml"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def check_docx_container(data: bytes) -> None:
    """Refuse anything that is not a plain, reasonably sized Word ZIP package."""
    if data.startswith(OLE_SIGNATURE):
        raise ImportFailed(
            "this is an encrypted (password-protected) Word file or an old .doc file; "
            "open it in Word, remove the password, and save it as .docx"
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise ImportFailed("this is not a DOCX file (a DOCX file is a ZIP package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(members)
            names = {member.filename for member in members}
            if _DOCUMENT_PART not in names or "[Content_Types].xml" not in names:
                raise ImportFailed("this ZIP file is not a Word document (no word/document.xml)")
            total = 0
            for member in members:
                content = _inflate(archive, member, MAX_TOTAL_BYTES - total)
                total += len(content)
                if member.filename.endswith((".xml", ".rels")):
                    _check_no_dtd(content, member)
                if member.filename == _DOCUMENT_PART:
                    _check_structure(content)
    except zipfile.BadZipFile as exc:
        raise ImportFailed(f"the DOCX file is damaged: {exc}") from exc
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        raise ImportFailed(f"the DOCX file cannot be read safely: {exc}") from exc


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ImportFailed(f"the DOCX package has {len(members)} parts; at most {MAX_MEMBERS}")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise ImportFailed("the DOCX package is encrypted", member.filename)
        if member.file_size > MAX_MEMBER_BYTES:
            raise ImportFailed("a part of the DOCX file is larger than 5 MB", member.filename)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 and ratio > MAX_RATIO:
            raise ImportFailed(
                f"a part of the DOCX file expands {ratio:.0f} times (a ZIP bomb?)",
                member.filename,
            )
        total += member.file_size
        if total > MAX_TOTAL_BYTES:
            raise ImportFailed("the DOCX file expands to more than 20 MB")


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> bytes:
    """The part's real content, inflated 64 KB at a time whatever the directory claims: at
    most 5 MB (and `room`) is ever held, and zipfile checks the CRC at the end, so a part
    whose directory lies about its size is refused as damaged."""
    limit = min(MAX_MEMBER_BYTES, room)
    chunks, size = [], 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ImportFailed("the DOCX file expands to more than it may", member.filename)
            chunks.append(chunk)
    return b"".join(chunks)


def _check_no_dtd(content: bytes, member: zipfile.ZipInfo) -> None:
    # Word never writes a DTD; entity declarations are only ever XXE or billion laughs.
    # The whole part is searched (a long comment can push a DTD past any fixed head).
    if _DTD.search(content):
        raise ImportFailed(
            "the DOCX file contains XML entity declarations, which Word never writes",
            member.filename,
        )


def _check_structure(document_xml: bytes) -> None:
    """Refuse a document whose tables or elements no CV has, before python-docx lays them
    out. Counting tags costs milliseconds on the 5 MB a part may hold."""
    elements = document_xml.count(b"<w:")
    if elements > MAX_XML_ELEMENTS:
        raise ImportFailed(f"the document has {elements} XML elements; a CV has far fewer")
    cells = document_xml.count(b"<w:tc>") + document_xml.count(b"<w:tc ")
    if cells > MAX_TABLE_CELLS:
        raise ImportFailed(f"the document's tables have {cells} cells; at most {MAX_TABLE_CELLS}")
    merged = document_xml.count(b"<w:vMerge")
    if merged > MAX_MERGED_CELLS:
        raise ImportFailed(
            f"the document's tables merge {merged} cells across rows; at most "
            f"{MAX_MERGED_CELLS}; save the CV without that table and try again"
        )


def clean_text(text: str) -> str:
    """Remove characters XML 1.0 cannot hold (python-docx raises on them when writing).

    Word's vertical tab (line break) becomes a space rather than vanishing.
    """
    return _XML_INVALID.sub("", text.replace("\x0b", " ").replace("\x0c", " "))


def check_markup(text: str) -> None:
    """Refuse LaTeX or BibTeX with more markup than any CV, before converting it.

    Each macro costs a few microseconds to convert; capping their number keeps a
    pathological 1 MB upload well under a second instead of several.
    """
    macros = text.count("\\")
    if macros > MAX_MACROS:
        raise ImportFailed(f"the file has {macros} LaTeX commands; a CV has far fewer")
    braces = text.count("{")
    if braces > 2 * MAX_MACROS:
        raise ImportFailed(f"the file has {braces} braces; a CV has far fewer")


# Arrays and dictionaries a PDF may nest: real files stay under ten.
MAX_PDF_NESTING = 100
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
_PDF_BRACKET = re.compile(rb"\[|\]|<<|>>")


def check_pdf_structure(data: bytes) -> None:
    """Refuse a PDF whose objects nest deeper than any document needs, before a parser
    walks them. Streams are skipped (their content is not structure); what they hide is
    left to the sandbox's budget."""
    depth = deepest = 0
    for match in _PDF_BRACKET.finditer(_PDF_STREAM.sub(b"", data)):
        depth = depth + 1 if match.group() in (b"[", b"<<") else max(depth - 1, 0)
        deepest = max(deepest, depth)
        if deepest > MAX_PDF_NESTING:
            raise ImportFailed(
                f"the PDF nests its objects more than {MAX_PDF_NESTING} levels deep; "
                "no CV does, so it is refused"
            )
