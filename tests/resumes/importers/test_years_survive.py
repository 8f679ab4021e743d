"""Every dated item of a source file keeps its year, whatever the format it came in.

Each test lists the years the source gives, item by item (an item with a range counts
both ends), read from the source on its own terms rather than through the importer, and
checks that the imported entries hold every one of them. A year that went missing (a
workshop paper whose year sat in its venue, a dated list item taken for a bullet of the
entry above) shows in the difference.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from resumes.docx_builder import build_docx
from resumes.importers import parse_inventory_file
from resumes.importers.bibtex import parse_bibtex
from resumes.importers.jsonresume import parse_json_resume
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.inventory import Entry, Inventory
from resumes.tailoring.plan import entry_dates
from tests.resumes.importers.test_pdf_resume import SOFFICE
from tests.shared_data import shared_path

YEAR = re.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d])")
QUOTED = re.compile(r"``.*?''|\".*?\"|“.*?”", re.S)
JSON_RESUME_SECTIONS = ("work", "volunteer", "education", "awards", "certificates",
                        "publications", "projects")  # fmt: skip
JSON_RESUME_DATES = ("startDate", "endDate", "date", "releaseDate")
YAML_DATES = ("year", "startdate", "enddate", "date")
CVS = ("002", "004", "007", "009")


def _entry_years(entry: Entry) -> set[str]:
    found = {date[:4] for date in (entry.start, entry.end) if date}
    return found | ({str(entry.year)} if entry.year else set())


def _missing(source: Iterable[set[str]], inventory: Inventory) -> Counter:
    """The source's years (one count per item that gives it) the entries do not hold."""
    wanted = Counter(year for years in source for year in years)
    held = Counter(year for entry in inventory.entries for year in _entry_years(entry))
    return wanted - held


def _years(text: str) -> set[str]:
    return set(YEAR.findall(text))


# ----------------------------------------------------------------------------- JSON Resume


def _json_resume_items(document: dict) -> Iterator[set[str]]:
    for section in JSON_RESUME_SECTIONS:
        for item in document.get(section, []):
            years = {str(item[key])[:4] for key in JSON_RESUME_DATES if item.get(key)}
            if years:
                yield years


@pytest.mark.parametrize("stem", CVS)
def test_json_resume_every_dated_item_keeps_its_year(stem):
    document = json.loads(shared_path("resumes", f"{stem}.jsonresume.json").read_text())

    inventory = parse_json_resume(document)

    assert _missing(_json_resume_items(document), inventory) == Counter()


# ----------------------------------------------------------------------------- BibTeX

BIB_RECORD = re.compile(r"^@\w+\s*[{(]", re.M)
BIB_YEAR = re.compile(r"^\s*(?:year|date)\s*=\s*[{\"]*\s*((?:19|20)\d\d)", re.M | re.I)


def _bib_years(text: str) -> list[set[str]]:
    records = BIB_RECORD.split(text)[1:]
    return [{match.group(1)} for record in records if (match := BIB_YEAR.search(record))]


@pytest.mark.parametrize("name", ["01.bib", "02.bib", "03.bib"])
def test_bibtex_every_dated_entry_keeps_its_year(name):
    text = shared_path("bib", name).read_text(encoding="utf-8")

    every_record = parse_bibtex(text, merge=False)
    merged = parse_bibtex(text)

    assert _missing(_bib_years(text), every_record) == Counter()
    # Merging a conference and a journal version keeps one of their years, never none.
    assert {y for years in _bib_years(text) for y in years} == {
        y for entry in merged.entries for y in _entry_years(entry)
    }
    assert [e.title for e in merged.entries if not e.year] == [
        e.title for e in every_record.entries if not e.year and not _dated_twin(e, every_record)
    ]


def _dated_twin(entry: Entry, inventory: Inventory) -> bool:
    return any(other.year and other.title == entry.title for other in inventory.entries)


# ----------------------------------------------------------------------------- LaTeX

# Lines that open an item: \item, or an entry macro (\pubitem, \roleentry, \honorentry …).
LATEX_ITEM = re.compile(r"^\s*\\(?:item\b|(?!section|begin|end|input)[A-Za-z]+\s*\{)")


def _latex_items(text: str) -> Iterator[set[str]]:
    """Per item line, the years outside its quoted title ("DESI 2024 VII" is a name)."""
    body = text.split("\\begin{document}", 1)[-1]
    for line in body.splitlines():
        if LATEX_ITEM.match(line) and (years := _years(QUOTED.sub("", line))):
            yield years


def test_latex_every_dated_item_keeps_its_year():
    source = shared_path("resumes", "002.tex")

    inventory = parse_inventory_file(source.name, source.read_bytes())

    assert _missing(_latex_items(source.read_text(encoding="utf-8")), inventory) == Counter()


def test_latex_a_workshop_paper_keeps_the_year_its_venue_names():
    source = shared_path("resumes", "002.tex")

    inventory = parse_inventory_file(source.name, source.read_bytes())

    [paper] = [e for e in inventory.entries if e.title.startswith("Reconstructing the local")]
    assert paper.venue == "arXiv preprint. Accepted for NeurIPS 2025 Workshop ML4PS"
    assert paper.year == 2025


# ----------------------------------------------------------------------------- YAML


def _yaml_items(node: Any) -> Iterator[set[str]]:
    if isinstance(node, dict):
        dates = [str(node[key]) for key in YAML_DATES if node.get(key) is not None]
        years = {year for date in dates for year in _years(date)}
        titled = any(node.get(key) for key in ("title", "degree", "label"))
        if years and isinstance(node.get("items"), list) and not titled:
            # al-folio's {year, items: [...]}: one dated entry per item.
            yield from (years for _ in node["items"])
        elif years:
            yield years
        for value in node.values():
            yield from _yaml_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from _yaml_items(value)


@pytest.mark.parametrize("stem", ["004", "009"])
def test_yaml_every_dated_item_keeps_its_year(stem):
    source = shared_path("resumes", f"{stem}.yaml")

    inventory = parse_inventory_file(source.name, source.read_bytes())

    document = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert list(_yaml_items(document))  # the walk finds the dated rows
    assert _missing(_yaml_items(document), inventory) == Counter()


# ----------------------------------------------------------------------------- DOCX and PDF


def _printed_resume(stem: str) -> tuple[bytes, list[set[str]]]:
    """A shared CV printed as a DOCX résumé, and the years its dated entries show."""
    posting = json.loads(shared_path("postings", "011.json").read_text(encoding="utf-8"))
    document = json.loads(shared_path("resumes", f"{stem}.jsonresume.json").read_text())
    plan = plan_resume(parse_json_resume(document), posting["text"])
    dated = [
        years
        for section in plan.sections
        for entry in section.entries
        if (years := _years(entry_dates(entry)))
    ]
    return build_docx(plan), dated


@pytest.mark.parametrize("stem", CVS)
def test_docx_every_dated_entry_keeps_its_year(stem):
    docx_bytes, dated = _printed_resume(stem)

    inventory = parse_inventory_file("cv.docx", docx_bytes)

    assert dated
    assert _missing(dated, inventory) == Counter()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_every_dated_entry_keeps_its_year(tmp_path: Path):
    printed = {stem: _printed_resume(stem) for stem in ("002", "004")}
    for stem, (docx_bytes, _) in printed.items():
        (tmp_path / f"{stem}.docx").write_bytes(docx_bytes)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         *(str(tmp_path / f"{stem}.docx") for stem in printed)],
        check=True, capture_output=True, timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip

    for stem, (_, dated) in printed.items():
        inventory = parse_inventory_file("cv.pdf", (tmp_path / f"{stem}.pdf").read_bytes())
        assert _missing(dated, inventory) == Counter(), stem
