"""Hostile files, built here as an attacker would, through the web upload and the command
line: refused before the expensive part, and whatever is left is bounded by the sandbox."""

from __future__ import annotations

import io
import resource

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from resumes.importers.errors import ImportFailed
from resumes.importers.sandbox import parse_bounded
from resumes.models import Entry, ImportDraft
from tests.resumes.uploads import upload_import
from tests.security.hostile_files import (
    HOSTILE_DOCX,
    HOSTILE_PDF,
    hoarding_parser,
    lying_zip_bomb_docx,
    merged_cells_docx,
    spinning_parser,
)

pytestmark = pytest.mark.django_db

REFUSALS = {
    "PDF whose content stream inflates to 300 MB": "inflates to far more data than a CV holds",
    "PDF nesting arrays 200,000 deep": "nests its objects more than 100 levels deep",
    "merged-cells table (100 × 20)": "merge 2000 cells across rows",
    "zip bomb that lies about its size (200 MB)": "the DOCX file is damaged",
}


HOSTILE = {
    **{name: ("cv.docx", make) for name, make in HOSTILE_DOCX.items()},
    **{name: ("cv.pdf", make) for name, make in HOSTILE_PDF.items()},
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_through_the_web(alice_client, alice, name: str) -> None:
    """The upload only queues the file; the worker's read, under the same budgets as the
    command line, refuses it, and the page says why."""
    filename, make = HOSTILE[name]
    page = upload_import(alice_client, filename, make()).content.decode()

    assert REFUSALS[name] in page
    draft = ImportDraft.objects.get(owner=alice)
    assert (draft.status, bytes(draft.upload), draft.document) == ("failed", b"", {})
    assert not Entry.objects.filter(owner=alice).exists()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_by_the_command_line(alice, tmp_path, name: str) -> None:
    filename, make = HOSTILE[name]
    path = tmp_path / filename
    path.write_bytes(make())

    with pytest.raises(CommandError, match=REFUSALS[name]):
        call_command("import_inventory", str(path), user="alice", stdout=io.StringIO())

    assert not Entry.objects.filter(owner=alice).exists()


def test_hostile_zip_bomb_is_inflated_in_bounded_chunks() -> None:
    data = lying_zip_bomb_docx(inflated_mb=200)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with pytest.raises(ImportFailed, match="damaged"):
        parse_bounded("cv.docx", data, "docx")

    # The parent never inflates anything; the child is held to its budget.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024


def test_hostile_small_merged_tables_still_import() -> None:
    inventory = parse_bounded("cv.docx", merged_cells_docx(rows=10, columns=10), "docx")

    assert inventory is not None


def test_sandbox_stops_a_parse_that_spins() -> None:
    with pytest.raises(ImportFailed, match="took more than 1 s of work"):
        parse_bounded("cv.docx", b"", "docx", cpu_seconds=1, parser=spinning_parser)


def test_sandbox_stops_a_parse_that_hoards_memory() -> None:
    with pytest.raises(ImportFailed, match="needed more than 100 MB of memory"):
        parse_bounded("cv.docx", b"", "docx", memory_mb=100, parser=hoarding_parser)
