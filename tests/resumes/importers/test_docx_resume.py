"""DOCX résumés: structure from headings and lists, and the container checks."""

from __future__ import annotations

import io
import time
import zipfile

import docx
import pytest

from resumes.importers.docx_resume import parse_docx_resume
from resumes.importers.errors import ImportFailed
from resumes.importers.safety import OLE_SIGNATURE, clean_text


def _resume_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Jane Doe", style="Title")
    document.add_paragraph("Machine learning researcher")
    document.add_paragraph("jane@example.com | +1 555 010 0100 | github.com/janedoe")
    document.add_heading("Summary", level=1)
    document.add_paragraph("Physicist turned ML engineer.")
    document.add_heading("Experience", level=1)
    document.add_paragraph("Research Scientist, ACME Labs\tJan 2020 – Present")
    document.add_paragraph("Built a PyTorch pipeline serving users", style="List Bullet")
    document.add_paragraph("Ran A/B tests with 2,000 users", style="List Bullet")
    document.add_paragraph("Postdoc — MIT, Cambridge\t2017 – 2019")
    document.add_paragraph("• Simulated things on 1,000 cores")
    bold = document.add_paragraph().add_run("EDUCATION")
    bold.bold = True
    document.add_paragraph("PhD in Physics, ETH Zürich\t2013 – 2017")
    document.add_heading("Publications", level=1)
    document.add_paragraph('Doe, J., Roe, R. "Small things." Phys. Rev. E 1, 2, 2016.')
    document.add_heading("Skills", level=1)
    document.add_paragraph("Languages: Python, C++")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ML: PyTorch, JAX"
    table.cell(0, 1).text = "Tools: Docker"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_entries_bullets_and_dates():
    inventory = parse_docx_resume(_resume_docx())

    job, postdoc, phd, paper = inventory.entries

    assert (job.kind, job.title, job.organization, job.start, job.current) == (
        "position",
        "Research Scientist",
        "ACME Labs",
        "2020-01",
        True,
    )
    assert [b.text for b in job.bullets] == [
        "Built a PyTorch pipeline serving users",
        "Ran A/B tests with 2,000 users",
    ]
    assert (postdoc.title, postdoc.organization, postdoc.location) == (
        "Postdoc",
        "MIT",
        "Cambridge",
    )
    assert (postdoc.start, postdoc.end) == ("2017", "2019")
    assert [b.text for b in postdoc.bullets] == ["Simulated things on 1,000 cores"]
    assert (phd.kind, phd.degree, phd.field_of_study, phd.organization) == (
        "education",
        "PhD",
        "Physics",
        "ETH Zürich",
    )
    assert (paper.kind, paper.title, paper.venue, paper.year) == (
        "publication",
        "Small things",
        "Phys. Rev. E 1, 2",
        2016,
    )


def test_docx_contact_summary_and_skills():
    inventory = parse_docx_resume(_resume_docx())

    basics = inventory.basics

    assert (basics.name, basics.headline, basics.email, basics.phone) == (
        "Jane Doe",
        "Machine learning researcher",
        "jane@example.com",
        "+1 555 010 0100",
    )
    assert basics.profiles[0].url == "https://github.com/janedoe"
    assert basics.summary == "Physicist turned ML engineer."
    assert [(s.group, s.name) for s in inventory.skills] == [
        ("Languages", "Python"),
        ("Languages", "C++"),
        ("ML", "PyTorch"),
        ("ML", "JAX"),
        ("Tools", "Docker"),
    ]


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _refused(data: bytes) -> ImportFailed:
    started = time.process_time()
    with pytest.raises(ImportFailed) as caught:
        parse_docx_resume(data)
    assert time.process_time() - started < 1
    return caught.value


def test_docx_zip_bomb_refused_fast():
    bomb = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * (4 * 1024 * 1024)})

    error = _refused(bomb)

    assert "expands" in error.message
    assert error.location == "word/document.xml"


def test_docx_total_size_refused():
    members = {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}
    members.update({f"word/media/{i}.bin": bytes(range(256)) * 16384 for i in range(6)})

    error = _refused(_zip(members, zipfile.ZIP_STORED))

    assert "more than 20 MB" in error.message


def test_docx_too_many_members_refused():
    members = {f"part{i}.xml": b"<x/>" for i in range(250)}

    error = _refused(_zip(members))

    assert "250 parts" in error.message


def test_docx_billion_laughs_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<w:document>&lol2;</w:document>"
    )
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": laughs})

    error = _refused(data)

    assert "entity declarations" in error.message


def test_docx_xxe_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<w:document>&x;</w:document>"
    )
    real = zipfile.ZipFile(io.BytesIO(_resume_docx()))
    members = {name: real.read(name) for name in real.namelist()}
    members["word/document.xml"] = xxe

    error = _refused(_zip(members))

    assert error.location == "word/document.xml"


def test_docx_dtd_behind_a_long_comment_refused():
    padded = (
        b'<?xml version="1.0"?><!--' + b" " * 5000 + b"-->"
        b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]><w:document>&x;</w:document>'
    )
    real = zipfile.ZipFile(io.BytesIO(_resume_docx()))
    members = {name: real.read(name) for name in real.namelist()}
    members["word/document.xml"] = padded

    error = _refused(_zip(members))

    assert "entity declarations" in error.message


def test_docx_encrypted_refused():
    error = _refused(OLE_SIGNATURE + b"\0" * 4096)

    assert "encrypted" in error.message


def test_docx_not_a_zip_refused():
    error = _refused(b"%PDF-1.7 not a word file")

    assert "not a DOCX file" in error.message


def test_docx_zip_without_document_refused():
    error = _refused(_zip({"hello.txt": b"hi"}))

    assert "not a Word document" in error.message


def test_docx_damaged_zip_refused():
    data = _resume_docx()

    error = _refused(data[: len(data) // 2])

    assert "damaged" in error.message


def test_clean_text_strips_xml_invalid_characters():
    assert clean_text("a\x00b\x0bc\ud800d\x01") == "ab cd"
