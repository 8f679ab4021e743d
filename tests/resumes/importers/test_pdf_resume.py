"""PDF CVs: read like the DOCX they were exported from; scans, page floods and hostile
files refused with a reason, inside the parsing sandbox's budget."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resumes.docx_builder import build_docx
from resumes.importers import detect_format, parse_inventory_file, pdf_resume
from resumes.importers.errors import ImportFailed
from resumes.importers.jsonresume import parse_json_resume
from resumes.importers.sandbox import run_bounded
from resumes.models import Entry, ImportDraft
from resumes.tailoring.engine import plan_resume
from tests.resumes.pdf_files import (
    cv_lines,
    decompression_bomb_pdf,
    deeply_nested_pdf,
    scanned_pdf,
    text_pdf,
)
from tests.resumes.uploads import upload_import
from tests.shared_data import shared_path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _facts(inventory) -> list[tuple]:
    return [
        (e.kind, e.title, e.organization, e.location, e.start, e.end, e.current,
         tuple(b.text for b in e.bullets))
        for e in inventory.entries
    ]  # fmt: skip


def test_a_pdf_cv_reads_into_sections_entries_dates_and_bullets():
    inventory = parse_inventory_file("cv.pdf", text_pdf(cv_lines()))

    assert (inventory.basics.name, inventory.basics.email) == ("Ada Example", "ada@example.com")
    assert [p.url for p in inventory.basics.profiles] == ["https://github.com/ada-example"]
    assert _facts(inventory) == [
        ("position", "Postdoctoral Researcher", "Max Planck Institute for Physics", "Munich",
         "2021", "", True,
         ("Built a JAX solver used by 12 labs", "Cut simulation time from 9 h to 40 min")),
        ("education", "PhD in Theoretical Physics", "University of Vienna", "", "2016", "2021",
         False, ()),
    ]  # fmt: skip
    assert [s.name for s in inventory.skills] == ["Python", "JAX", "PyTorch", "Kubernetes"]


def test_a_wrapped_bullet_and_a_wrapped_skill_line_are_put_back_together():
    lines = [
        ("Ada Example", "bold", 18, 72, 740),
        ("Experience", "bold", 13, 72, 700),
        ("Research Engineer", "bold", 10.5, 72, 683),
        ("2020 – 2023", "regular", 10.5, 470, 683),
        ("• Wrote the data pipeline that every team of the institute now runs each", "regular",
         10.5, 84, 668),
        ("night, in Python and Airflow", "regular", 10.5, 93, 653),
        ("Skills", "bold", 13, 72, 620),
        ("Tools: Python, Airflow, Kubernetes, Terraform, PostgreSQL, Redis, Docker,", "regular",
         10.5, 72, 603),
        ("continuous integration", "regular", 10.5, 72, 588),
    ]  # fmt: skip

    inventory = parse_inventory_file("cv.pdf", text_pdf(lines))

    assert [b.text for b in inventory.entries[0].bullets] == [
        "Wrote the data pipeline that every team of the institute now runs each night, in "
        "Python and Airflow"
    ]
    assert inventory.skills[-1].name == "continuous integration"


def test_a_scanned_pdf_says_what_to_do_instead():
    with pytest.raises(ImportFailed, match=r"no text to read .* scan.*Upload the file your CV"):
        parse_inventory_file("scan.pdf", scanned_pdf())


def test_more_pages_than_a_cv_has_are_refused(monkeypatch):
    monkeypatch.setattr(pdf_resume, "MAX_PAGES", 0)

    with pytest.raises(ImportFailed, match="more than 0 pages"):
        parse_inventory_file("cv.pdf", text_pdf(cv_lines()))


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("cv.pdf", b"%PDF-1.7\n...", "pdf"),
        ("upload", b"  %PDF-1.4\n...", "pdf"),
    ],
)
def test_a_pdf_is_recognised_by_its_bytes(name, data, expected):
    assert detect_format(name, data) == expected


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.json", b"%PDF-1.4\n", "named like a jsonresume file but is a PDF"),
        ("cv.pdf", b"Name: Ada\n", "named .pdf but is not a PDF"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, data, message):
    with pytest.raises(ImportFailed, match=message):
        detect_format(name, data)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (decompression_bomb_pdf, "inflates to far more data than a CV holds"),
        (deeply_nested_pdf, "nests its objects more than 100 levels deep"),
    ],
)
def test_hostile_pdfs_are_refused_within_the_sandbox_budget(make, message):
    kind, value, peak_kb = run_bounded("cv.pdf", make(), "pdf")

    assert kind == "failed"
    assert message in str(value)
    assert peak_kb < 300 * 1024  # the child's whole peak: the interpreter and the 200 MB budget


def test_a_pdf_is_imported_through_the_web_preview(alice_client, alice):
    page = upload_import(alice_client, "cv.pdf", text_pdf(cv_lines()))

    assert [row["entry"].title for row in page.context["rows"]] == [
        "Postdoctoral Researcher",
        "PhD in Theoretical Physics",
    ]
    assert ImportDraft.objects.get(owner=alice).format == "pdf"
    assert not Entry.objects.exists()  # nothing saved before confirming


def test_a_pdf_is_imported_by_the_command_line(alice, tmp_path):
    path = tmp_path / "cv.pdf"
    path.write_bytes(text_pdf(cv_lines()))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf())

    call_command("import_inventory", str(path), user="alice", stdout=io.StringIO())
    with pytest.raises(CommandError, match="scan"):
        call_command("import_inventory", str(scan), user="alice", stdout=io.StringIO())

    assert Entry.objects.filter(owner=alice).count() == 2


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_pdf_exported_by_a_word_processor_reads_like_its_docx(tmp_path: Path):
    """Each shared CV as a DOCX résumé, exported to PDF by LibreOffice: the PDF importer
    finds the same entries, bullets, dates and contact details as the DOCX importer."""
    posting = json.loads(shared_path("postings", "011.json").read_text(encoding="utf-8"))
    sources = []
    for name in ("002", "004", "007", "009"):
        document = json.loads(shared_path("resumes", f"{name}.jsonresume.json").read_text())
        plan = plan_resume(parse_json_resume(document), posting["text"])
        sources.append(tmp_path / f"{name}.docx")
        sources[-1].write_bytes(build_docx(plan))
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         *map(str, sources)],
        check=True, capture_output=True, timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip

    for source in sources:
        from_docx = parse_inventory_file("cv.docx", source.read_bytes())
        from_pdf = parse_inventory_file("cv.pdf", source.with_suffix(".pdf").read_bytes())
        assert _facts(from_pdf) == _facts(from_docx), source.stem
        assert from_pdf.basics == from_docx.basics, source.stem
