"""The single entry point: format detection, size limits, and hostile uploads."""

from __future__ import annotations

import time

import pytest

from resumes.importers import MAX_BYTES, detect_format, parse_inventory_file
from resumes.importers.errors import ImportFailed
from resumes.importers.jsonresume import parse_json_resume, to_json_resume, validate_json_resume
from resumes.importers.safety import OLE_SIGNATURE
from tests.shared_data import require_shared

from .conftest import BIB, RESUMES

REAL_FILES = [
    ("resumes", "002.tex", "latex"),
    ("resumes", "004.yaml", "yaml"),
    ("resumes", "009.yaml", "yaml"),
    ("resumes", "007.json", "jsonresume"),
    ("resumes", "002.jsonresume.json", "jsonresume"),
    ("resumes", "004.jsonresume.json", "jsonresume"),
    ("resumes", "007.jsonresume.json", "jsonresume"),
    ("resumes", "009.jsonresume.json", "jsonresume"),
    ("bib", "01.bib", "bibtex"),
    ("bib", "02.bib", "bibtex"),
    ("bib", "03.bib", "bibtex"),
]


def _read(folder: str, name: str) -> bytes:
    return require_shared((RESUMES if folder == "resumes" else BIB) / name).read_bytes()


@pytest.mark.parametrize(("folder", "name", "expected"), REAL_FILES)
def test_detect_format_by_content_alone(folder, name, expected):
    assert detect_format("upload", _read(folder, name)) == expected


@pytest.mark.parametrize(("folder", "name", "expected"), REAL_FILES)
def test_parse_inventory_file_every_real_file_imports(folder, name, expected):
    data = _read(folder, name)

    started = time.process_time()
    inventory = parse_inventory_file(name, data)

    assert time.process_time() - started < 1
    assert inventory.entries


def _refused(filename: str, data: bytes, format: str | None = None) -> ImportFailed:
    started = time.process_time()
    with pytest.raises(ImportFailed) as caught:
        parse_inventory_file(filename, data, format)
    assert time.process_time() - started < 1
    return caught.value


def test_parse_inventory_file_20_mb_refused_fast():
    error = _refused("cv.docx", b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024))

    assert error.message == "the file is 20 MB; the limit is 5 MB"


def test_parse_inventory_file_text_over_1_mb_refused():
    data = b"{" + b" " * MAX_BYTES["jsonresume"] + b"}"

    error = _refused("cv.json", data)

    assert "jsonresume files may be at most 1 MB" in error.message


def test_parse_inventory_file_docx_claim_with_text_refused():
    error = _refused("cv.docx", b"\\documentclass{article}")

    assert "named .docx but is not a Word document" in error.message


def test_parse_inventory_file_json_claim_with_zip_refused():
    error = _refused("cv.json", b"PK\x03\x04rest")

    assert "is a Word/ZIP package" in error.message


def test_parse_inventory_file_encrypted_docx_refused():
    error = _refused("cv.docx", OLE_SIGNATURE + b"\0" * 1024)

    assert "encrypted" in error.message


def test_parse_inventory_file_binary_refused():
    error = _refused("cv.txt", b"\x7fELF\x00\x00\x00")

    assert "binary file" in error.message


def test_parse_inventory_file_deep_json_refused():
    error = _refused("cv.json", b"[" * 100_000 + b"]" * 100_000)

    assert "nested too deeply" in error.message


def test_parse_inventory_file_malformed_json_names_line():
    error = _refused("cv.json", b'{\n "basics": {\n  "name": "A"\n  "label": "B"\n }\n}')

    assert error.location == "line 4"


def test_parse_inventory_file_schema_violation_names_path():
    error = _refused("cv.json", b'{"work": [{"startDate": "soon"}]}')

    assert error.location == "$.work[0].startDate"


def test_parse_inventory_file_broken_bibtex_names_line():
    data = b"@article{a,\n  title = {One},\n}\n@article{b,\n  title = {Two}\n  year = 2020,\n}\n"

    error = _refused("pubs.bib", data)

    assert error.location == "line 6"


def test_parse_inventory_file_unknown_format_refused():
    error = _refused("cv.txt", b"just some words")

    assert "not recognised" in error.message


def test_parse_inventory_file_format_override():
    inventory = parse_inventory_file("x.txt", b"@misc{k, title = {T}}", format="bibtex")

    assert inventory.entries[0].title == "T"


def test_parse_inventory_file_bad_format_name_refused():
    error = _refused("x", b"{}", format="rtf")

    assert "unknown format" in error.message


def test_parse_inventory_file_owner_marks_first_author():
    data = b"@article{k, author = {Qi, Yang and Doe, J.}, title = {T}, year = 2020}"

    inventory = parse_inventory_file("p.bib", data, owner_name="Yang Qi")

    assert inventory.entries[0].first_author is True


_MB = 1024 * 1024 - 200
PATHOLOGICAL = {
    "latex accents": (
        "cv.tex",
        (b"\\section{Awards}\n\\begin{itemize}\\item " + b"\\'" * _MB)[:_MB],
    ),
    "latex nested groups": ("cv.tex", b"\\section{Experience}\n" + b"{" * (_MB - 30)),
    "latex many entries": (
        "cv.tex",
        b"\\section{Experience}\n" + b"Role, Org, 2020\n\n" * (_MB // 17),
    ),
    "latex one huge line": ("cv.tex", b"\\section{Experience}\n" + b"word - " * (_MB // 7)),
    "bibtex many entries": ("p.bib", b"".join(b"@misc{k%d, title=T}\n" % i for i in range(40_000))),
    "yaml deep flow": ("cv.yaml", b"sections: " + b"[" * 300_000),
    "yaml flat list": ("cv.yaml", b"sections: [" + b"a," * (_MB // 2 - 10) + b"]"),
    "json many items": ("cv.json", b'{"work": [' + b",".join([b'{"name": "x"}'] * 60_000) + b"]}"),
    "json long list": (
        "cv.json",
        b'{"work": [{"highlights": [' + b",".join([b'"a"'] * 200_000) + b"]}]}",
    ),
}


@pytest.mark.parametrize("case", sorted(set(PATHOLOGICAL) - {"latex one huge line"}))
def test_parse_inventory_file_pathological_1_mb_inputs_refused_fast(case):
    filename, data = PATHOLOGICAL[case]

    _refused(filename, data)  # asserts < 1 s


def test_parse_inventory_file_one_huge_line_imports_fast():
    filename, data = PATHOLOGICAL["latex one huge line"]

    started = time.process_time()
    inventory = parse_inventory_file(filename, data)

    assert time.process_time() - started < 1
    assert len(inventory.entries) == 1


@pytest.mark.parametrize(("folder", "name", "expected"), REAL_FILES)
def test_every_real_import_survives_a_json_resume_round_trip(folder, name, expected):
    inventory = parse_inventory_file(name, _read(folder, name), owner_name="Yang Qi")

    exported = to_json_resume(inventory)

    validate_json_resume(exported)
    assert parse_json_resume(exported) == inventory
