"""Where the real material lives: ../shared/data beside the repository, never copied in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_path(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    return path


def shared_json(*parts: str):
    return json.loads(shared_path(*parts).read_text(encoding="utf-8"))
