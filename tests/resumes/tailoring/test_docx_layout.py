"""The DOCX of every shared (résumé, posting) pair, opened and read as a hiring manager would.

Layout rules: a date range never wraps and never stands on a line alone; no heading or
project has nothing under it; a section uses one emphasis (bold entry titles, plain
bullets); sections come in the order of the role family; publications are newest first;
and, rendered by LibreOffice, no résumé exceeds its page limit.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from resumes.docx_builder import build_docx
from resumes.tailoring.plan import ResumePlan
from resumes.tailoring.selection import SECTION_ORDER

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")


def _paragraphs(plan: ResumePlan) -> list[tuple[str, str, str, bool]]:
    """(section, style, text, has a bold run) of every non-empty paragraph of the DOCX."""
    document = Document(io.BytesIO(build_docx(plan)))
    out, section = [], ""
    for p in document.paragraphs:
        if not p.text.strip():
            continue
        if p.style.name.startswith("Heading"):
            section = p.text
        out.append((section, p.style.name, p.text, any(r.bold for r in p.runs)))
    return out


@pytest.mark.slow
def test_docx_layout_of_every_shared_pair(
    plan_for: Callable[..., ResumePlan], pairs: list[tuple[str, str]]
) -> None:
    problems = []
    for resume_id, posting_id in pairs:
        plan = plan_for(resume_id, posting_id)
        where = f"{resume_id}×{posting_id}"
        paras = _paragraphs(plan)
        for i, (section, style, text, bold) in enumerate(paras):
            following = paras[i + 1] if i + 1 < len(paras) else None
            if style.startswith("Heading") and (following is None or following[0] != section):
                problems.append(f"{where}: heading {text!r} has nothing under it")
            body, tab, right = text.partition("\t")
            if tab and " " in right:
                problems.append(f"{where}: the dates {right!r} may break across lines")
            if tab and not body.strip():
                problems.append(f"{where}: the dates {right!r} stand on a line alone")
            if style == "List Bullet" and bold:
                problems.append(f"{where}: a bold bullet in {section}: {text[:40]!r}")
            if tab and style == "Normal" and section == "Experience" and not bold:
                problems.append(f"{where}: an entry title in {section} is not bold")
            if bold and style == "Normal" and section == "Projects":
                rest = paras[i + 1 : i + 3]  # the title, perhaps a detail line, a bullet
                if not any(s == "List Bullet" and sec == section for sec, s, _, _ in rest):
                    problems.append(f"{where}: project {body!r} has no bullet under it")
        headings = [p.text for p in Document(io.BytesIO(build_docx(plan))).paragraphs
                    if p.style.name.startswith("Heading")]  # fmt: skip
        family_order = SECTION_ORDER[plan.report.posting.role_family]
        expected = [h for h in family_order if h in headings or f"Selected {h}" in headings]
        if [h.removeprefix("Selected ") for h in headings][: len(expected)] != expected:
            problems.append(f"{where}: sections {headings} are not in the order {expected}")
        years = [
            int(m.group())
            for s in plan.sections
            if s.name.endswith("Publications")
            for e in s.entries
            if e.year
            for m in [_YEAR_RE.search(str(e.year))]
            if m
        ]
        if years != sorted(years, reverse=True):
            problems.append(f"{where}: publications are not newest first: {years}")

    assert problems == []


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_docx_of_every_shared_pair_fits_its_page_limit_in_libreoffice(
    plan_for: Callable[..., ResumePlan], pairs: list[tuple[str, str]], tmp_path: Path
) -> None:
    sources, limits = [], {}
    for resume_id, posting_id in pairs:
        for page_limit in (None, 1):
            options = {"page_limit": page_limit} if page_limit else {}
            plan = plan_for(resume_id, posting_id, **options)
            name = f"{resume_id}x{posting_id}-{plan.page_limit}p"
            source = tmp_path / f"{name}.docx"
            source.write_bytes(build_docx(plan))
            sources.append(source)
            limits[name] = plan.page_limit
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         *map(str, sources)],
        check=True, capture_output=True, timeout=600,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip

    pages = {
        s.stem: len(re.findall(rb"/Type\s*/Page[^s]", (tmp_path / f"{s.stem}.pdf").read_bytes()))
        for s in sources
    }

    assert {n: p for n, p in pages.items() if p > limits[n] or p == 0} == {}
