from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document

from resumes.docx_builder import build_docx, clean_text
from resumes.importers.jsonresume import parse_json_resume
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.inventory import Basics, Bullet, Entry, Inventory
from resumes.tailoring.plan import SECTION_TITLES, Paragraph, ResumePlan, paragraphs
from resumes.tailoring.selection import PlanOptions
from tests.shared_data import DATA, require_shared

SHARED_DATA = DATA
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _shared_plan(resume_id: str, posting_id: str, **options) -> ResumePlan:
    require_shared(SHARED_DATA / "postings")
    inventory = parse_json_resume(
        json.loads((SHARED_DATA / "resumes" / f"{resume_id}.jsonresume.json").read_text())
    )
    posting = json.loads((SHARED_DATA / "postings" / f"{posting_id}.json").read_text())
    return plan_resume(
        inventory, posting["text"], PlanOptions(posting_title=posting["title"], **options)
    )


def _read(data: bytes) -> Document:
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def plan() -> ResumePlan:
    return _shared_plan("007", "019")


@pytest.fixture(scope="module")
def document(plan: ResumePlan) -> Document:
    return _read(build_docx(plan))


def _expected_text(para: Paragraph) -> str:
    separator = ", " if para.kind == "entry" else " "
    body = para.lead + (separator if para.lead and para.text else "") + para.text
    right = para.right.replace(" ", "\u00a0")  # a date range never breaks
    return body + (f"\t{right}" if para.right else "")


def test_docx_text_reads_back_in_plan_order(plan: ResumePlan, document: Document) -> None:
    written = [p.text for p in document.paragraphs]

    assert written == [_expected_text(p) for p in paragraphs(plan)]


def test_docx_section_titles_are_heading_styles_with_standard_names(
    plan: ResumePlan, document: Document
) -> None:
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]

    assert headings
    assert all(p.style.name == "Heading 1" for p in headings)
    assert {p.text for p in headings} <= set(SECTION_TITLES)
    assert [p.text for p in headings] == [s.name for s in plan.sections]
    assert headings[0].text == "Summary"  # a tailored résumé opens with its summary


def test_docx_bullets_are_real_list_paragraphs(plan: ResumePlan, document: Document) -> None:
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    planned = [p for p in paragraphs(plan) if p.kind in ("bullet", "item")]

    assert len(bullets) == len(planned) > 0
    numbering = document.styles["List Bullet"].element.pPr.numPr
    assert numbering is not None  # the style carries real list numbering


def test_docx_has_no_tables_images_or_header_footer_content(document: Document) -> None:
    body = document.element.body

    assert document.tables == []
    assert body.findall(f".//{{{_W}}}txbxContent") == []
    assert body.findall(f".//{{{_W}}}drawing") == []
    for section in document.sections:
        assert section.header.is_linked_to_previous
        assert section.footer.is_linked_to_previous
    assert len(document.sections) == 1


def test_docx_core_properties_are_set_and_fixed(plan: ResumePlan, document: Document) -> None:
    props = document.core_properties

    assert props.title == "Hassam U. Sheikh – Résumé"
    assert props.author == "Hassam U. Sheikh"
    assert props.created.replace(tzinfo=UTC) == datetime(2000, 1, 1, tzinfo=UTC)
    assert props.modified.replace(tzinfo=UTC) == datetime(2000, 1, 1, tzinfo=UTC)


def test_docx_core_properties_carry_no_posting_text() -> None:
    # The posting's job title and company stay out of the file: whoever it is forwarded
    # to must not read which job it was tailored for.
    posting = json.loads((SHARED_DATA / "postings" / "019.json").read_text())
    plan = _shared_plan("007", "019")
    props = _read(build_docx(plan)).core_properties

    values = [
        props.title,
        props.subject,
        props.keywords,
        props.comments,
        props.category,
        props.author,
        props.last_modified_by,
    ]

    assert plan.title == "Hassam U. Sheikh – Résumé"
    assert values == [
        "Hassam U. Sheikh – Résumé",
        "Résumé",
        "",
        "",
        "",
        "Hassam U. Sheikh",
        "Hassam U. Sheikh",
    ]
    assert not any(posting["title"] in v or posting["company"] in v for v in values)


def test_docx_title_ignores_a_title_the_plan_carries(plan: ResumePlan) -> None:
    # The builder writes the person's name and "Résumé" whatever a plan (an older stored
    # one, say) holds as its title.
    stale = replace(plan, title="Hassam U. Sheikh – Résumé – Machine Learning Systems Engineer")

    assert _read(build_docx(stale)).core_properties.title == "Hassam U. Sheikh – Résumé"


def test_docx_uses_one_standard_font_and_one_date_format(document: Document) -> None:
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")

    assert document.styles["Normal"].font.name == "Arial"
    assert re.findall(r"\b\d{4}-\d{2}\b", text) == []  # ISO dates were all formatted
    assert "Aug 2016 – Dec 2020" in text


def test_docx_is_byte_identical_for_the_same_plan(plan: ResumePlan) -> None:
    assert build_docx(plan) == build_docx(plan)


def test_docx_strips_characters_xml_cannot_hold() -> None:
    inventory = Inventory(
        basics=Basics(name="Ada\x00 Lovelace\x0b"),
        entries=(
            Entry(
                kind="position",
                title="Analyst\ud800",
                organization="Engine Works",
                start="1843",
                bullets=(Bullet("Wrote the first program\x1f for the engine."),),
            ),
        ),
    )
    plan = plan_resume(inventory, "Requirements\n- programming")

    document = _read(build_docx(plan))
    text = "\n".join(p.text for p in document.paragraphs)

    assert "Ada Lovelace" in text
    assert "Wrote the first program for the engine." in text
    assert clean_text("a\x00b\ufffec\udfff") == "abc"


def test_docx_serif_style_is_also_ats_safe() -> None:
    plan = _shared_plan("004", "011", style="serif")

    document = _read(build_docx(plan))

    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.tables == []
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)


def _pdf_pages(docx: bytes, tmp_path: Path) -> int:
    source = tmp_path / "resume.docx"
    source.write_bytes(docx)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = (tmp_path / "resume.pdf").read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize(
    ("resume_id", "posting_id", "style", "pages"),
    [
        ("002", "019", "classic", None),
        ("002", "008", "serif", None),
        ("002", "011", "classic", 1),
        ("004", "022", "classic", None),
        ("004", "011", "serif", None),
    ],
)
def test_docx_page_budget_holds_when_libreoffice_renders_it(
    tmp_path: Path, resume_id: str, posting_id: str, style: str, pages: int | None
) -> None:
    plan = _shared_plan(resume_id, posting_id, style=style, page_limit=pages)

    assert _pdf_pages(build_docx(plan), tmp_path) <= plan.page_limit


def test_docx_carries_its_build_time_and_no_blank_thumbnail(plan: ResumePlan) -> None:
    built = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)

    data = build_docx(plan, created=built)

    properties = _read(data).core_properties
    assert properties.created == built
    assert properties.modified == built
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
        assert b"thumbnail" not in archive.read("_rels/.rels")


def test_docx_dates_do_not_break_across_lines(document: Document) -> None:
    dated = [p.text.split("\t")[1] for p in document.paragraphs if "\t" in p.text]

    assert dated
    assert all(" " not in right for right in dated)
