"""A pytest plugin: the importer tests with a library's stand-in from import_libraries.py
behind the hand-written reader, to count what adopting it would break.

    SWAP=bibtexparser python -m pytest -p bench.import_libraries_swap \
        tests/resumes/importers tests/resumes/test_imports.py
    SWAP=pylatexenc ...   (the same)

Run from the repository root with the libraries importable (see import_libraries.py).
"""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Before the test modules import the readers, so theirs are the stand-ins too.
    from bench import import_libraries
    from resumes.importers import bibtex

    swap = os.environ.get("SWAP", "")
    if swap == "bibtexparser":
        bibtex.read_bibtex = _read_with_bibtexparser  # type: ignore[assignment]
    elif swap == "pylatexenc":
        import_libraries.use_pylatexenc_everywhere()
    else:
        raise pytest.UsageError("set SWAP=bibtexparser or SWAP=pylatexenc")


def _read_with_bibtexparser(text: str | bytes) -> list:
    from bench import import_libraries

    data = text.encode() if isinstance(text, str) else text
    return import_libraries.read_bibtex_with_library(data)
