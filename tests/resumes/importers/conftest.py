"""Shared helpers for the importer tests: where the real files live."""

from __future__ import annotations

from pathlib import Path

import pytest

# The real CVs sit beside the repository (../shared/data), never copied into it.
DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
RESUMES = DATA / "resumes"
BIB = DATA / "bib"


@pytest.fixture
def resumes_dir() -> Path:
    if not RESUMES.is_dir():
        pytest.skip(f"real résumés not found at {RESUMES}")
    return RESUMES


def facts(entry) -> tuple:
    """What two importers of the same CV must agree on for one entry.

    Education compares degree, institution with place, and bullets against JSON Resume's
    courses, because the JSON Resume conversions put description lines there.
    """
    if entry.kind == "education":
        place = ", ".join(p for p in (entry.organization, entry.location) if p)
        lines = tuple(b.text for b in entry.bullets) or entry.courses
        return (entry.kind, entry.degree, place, entry.start, entry.end, entry.current, lines)
    return (
        entry.kind,
        entry.title,
        entry.organization,
        entry.start,
        entry.end,
        entry.current,
        tuple(b.text for b in entry.bullets),
    )


def by_kind(inventory) -> list[tuple]:
    """Entry facts grouped by kind, keeping each kind's order (sections may move)."""
    ranked = sorted(enumerate(inventory.entries), key=lambda pair: (pair[1].kind, pair[0]))
    return [facts(entry) for _, entry in ranked]
