"""Shared helpers for the importer tests: where the real files live."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import DATA, require_shared

RESUMES = DATA / "resumes"
BIB = DATA / "bib"


@pytest.fixture
def resumes_dir() -> Path:
    return require_shared(RESUMES)


def facts(entry) -> tuple:
    """What two importers of the same CV must agree on for one entry.

    Education compares degree, institution with place, advisor, and bullets against JSON
    Resume's courses, because the JSON Resume conversions put description lines there
    (an advisor line among them is the advisor, recorded once).
    """
    if entry.kind == "education":
        place = ", ".join(p for p in (entry.organization, entry.location) if p)
        lines = tuple(b.text for b in entry.bullets) or entry.courses
        lines = tuple(line for line in lines if entry.advisor not in line or not entry.advisor)
        return (entry.kind, entry.degree, place, entry.start, entry.end, entry.current, lines,
                entry.advisor)  # fmt: skip
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
