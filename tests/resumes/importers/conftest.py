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
