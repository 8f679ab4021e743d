from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from resumes.tailoring.report import REPORT_VERSION
from tests.shared_data import DATA, require_shared

SHARED_DATA = DATA


@pytest.fixture
def posting_file(tmp_path: Path) -> Path:
    require_shared(SHARED_DATA / "postings")
    posting = json.loads((SHARED_DATA / "postings" / "011.json").read_text(encoding="utf-8"))
    path = tmp_path / "posting.txt"
    path.write_text(f"{posting['title']}\n\n{posting['text']}", encoding="utf-8")
    return path


def test_tailor_resume_writes_docx_and_report(tmp_path: Path, posting_file: Path) -> None:
    out, report = tmp_path / "cv.docx", tmp_path / "report.json"
    stdout = io.StringIO()

    call_command(
        "tailor_resume",
        inventory=str(SHARED_DATA / "resumes" / "004.jsonresume.json"),
        posting=str(posting_file),
        out=str(out),
        report=str(report),
        pages=1,
        stdout=stdout,
    )

    data = json.loads(report.read_text(encoding="utf-8"))
    document = Document(str(out))
    written = {p.text for p in document.paragraphs}
    assert "wrote" in stdout.getvalue()
    assert set(data) >= {"scores", "terms", "changes", "skills", "timings_ms", "posting", "gate"}
    assert data["version"] == REPORT_VERSION
    assert data["selection"]["page_limit"] == 1
    assert document.paragraphs[0].text == "Lukas Scheucher"
    # The Spotify posting asks for experimentation; 004's simulations license it: the summary
    # says it once, and the report names the rule and the bullets behind it.
    assert "experimentation" in data["summary"]["terms"]
    assert data["summary"]["text"] in written
    row = next(r for r in data["terms"]["covered"] if r["name"] == "experimentation")
    assert any(e.startswith("rule simulations-as-experimentation: ") for e in row["evidence"])
    for change in data["changes"]:
        assert change["after"] in written
        assert change["rules"] or change["hygiene"]


@pytest.mark.parametrize(
    ("inventory_text", "message"),
    [
        (None, "does not exist"),
        ('{"basics": ', "is not valid JSON"),
        ("[1, 2]", "is not a JSON Resume document"),
        ('{"work": "not a list"}', "is not valid JSON Resume"),
    ],
)
def test_tailor_resume_rejects_bad_inventory_clearly(
    tmp_path: Path, posting_file: Path, inventory_text: str | None, message: str
) -> None:
    inventory = tmp_path / "inventory.json"
    if inventory_text is not None:
        inventory.write_text(inventory_text, encoding="utf-8")
    out = tmp_path / "cv.docx"

    with pytest.raises(CommandError, match=message):
        call_command(
            "tailor_resume", inventory=str(inventory), posting=str(posting_file), out=str(out)
        )
    assert not out.exists()


def test_tailor_resume_rejects_an_empty_posting(tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text("  \n", encoding="utf-8")

    with pytest.raises(CommandError, match="is empty"):
        call_command(
            "tailor_resume",
            inventory=str(SHARED_DATA / "resumes" / "009.jsonresume.json"),
            posting=str(posting),
            out=str(tmp_path / "cv.docx"),
        )


def test_tailor_resume_rejects_a_missing_posting_clearly(tmp_path: Path) -> None:
    out = tmp_path / "cv.docx"

    with pytest.raises(CommandError, match=r"the posting file .*missing\.txt does not exist"):
        call_command(
            "tailor_resume",
            inventory=str(SHARED_DATA / "resumes" / "009.jsonresume.json"),
            posting=str(tmp_path / "missing.txt"),
            out=str(out),
        )
    assert not out.exists()


@pytest.mark.parametrize(
    ("out_name", "message"),
    [
        ("no-such-folder/cv.docx", "cannot write the résumé to .*: the folder .* does not exist"),
        (".", "cannot write the résumé to .*: it is a folder"),
    ],
)
def test_tailor_resume_rejects_an_unwritable_out_clearly(
    tmp_path: Path, posting_file: Path, out_name: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command(
            "tailor_resume",
            inventory=str(SHARED_DATA / "resumes" / "009.jsonresume.json"),
            posting=str(posting_file),
            out=str(tmp_path / out_name),
        )


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_tailor_resume_rejects_a_read_only_out_folder_clearly(
    tmp_path: Path, posting_file: Path
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(CommandError, match=r"cannot write the résumé to .*Permission denied"):
            call_command(
                "tailor_resume",
                inventory=str(SHARED_DATA / "resumes" / "009.jsonresume.json"),
                posting=str(posting_file),
                out=str(folder / "cv.docx"),
            )
    finally:
        folder.chmod(0o700)


def test_tailor_resume_leaves_no_resume_when_the_report_cannot_be_written(
    tmp_path: Path, posting_file: Path
) -> None:
    out = tmp_path / "cv.docx"

    with pytest.raises(CommandError, match="cannot write the report to"):
        call_command(
            "tailor_resume",
            inventory=str(SHARED_DATA / "resumes" / "009.jsonresume.json"),
            posting=str(posting_file),
            out=str(out),
            report=str(tmp_path / "no-such-folder" / "report.json"),
        )
    assert not out.exists()


def test_tailor_resume_refuses_an_inventory_with_no_entries(
    tmp_path: Path, posting_file: Path
) -> None:
    inventory = tmp_path / "inventory.json"
    inventory.write_text('{"basics": {"name": "Ada Example"}}', encoding="utf-8")
    out = tmp_path / "cv.docx"

    with pytest.raises(CommandError, match="the inventory has no entries yet"):
        call_command(
            "tailor_resume", inventory=str(inventory), posting=str(posting_file), out=str(out)
        )

    assert not out.exists()
