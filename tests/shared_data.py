"""Where the real material lives: ../shared/data beside the repository, never copied in.

A test that needs it fails, naming the folder, when it is missing: a checkout without it
would otherwise pass while testing nothing of what matters most.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
MISSING = (
    "the shared material is not at {path}: put the `shared` folder beside the repository "
    "(CI does); the tailoring and importer tests read real postings and CVs from it"
)


def require_shared(path: Path = DATA) -> Path:
    """`path` (inside the shared data), or a failure that says where it was looked for."""
    if not path.exists():
        pytest.fail(MISSING.format(path=path), pytrace=False)
    return path


def shared_path(*parts: str) -> Path:
    return require_shared(DATA.joinpath(*parts))


def shared_json(*parts: str):
    return json.loads(shared_path(*parts).read_text(encoding="utf-8"))
