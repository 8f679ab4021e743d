"""Shared fixtures: the real postings and résumés in ../shared/data, read at test time."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from resumes.importers.jsonresume import parse_json_resume
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.inventory import Inventory
from resumes.tailoring.lexicon import Lexicon, load_lexicon
from resumes.tailoring.plan import ResumePlan
from resumes.tailoring.selection import PlanOptions
from tests.shared_data import DATA, require_shared

SHARED_DATA = DATA
POSTING_IDS = (
    "002",
    "004",
    "007",
    "008",
    "011",
    "013",
    "015",
    "017",
    "019",
    "022",
    "025",
    "027",
    "032",
)
RESUME_IDS = ("002", "004", "007", "009")


def _require_shared() -> None:
    require_shared(SHARED_DATA / "postings")


@pytest.fixture(scope="session")
def pairs() -> list[tuple[str, str]]:
    """Every (résumé, posting) pair of the shared data."""
    return [(r, p) for r in RESUME_IDS for p in POSTING_IDS]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return SHARED_DATA


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def postings() -> dict[str, dict]:
    _require_shared()
    return {
        pid: json.loads((SHARED_DATA / "postings" / f"{pid}.json").read_text(encoding="utf-8"))
        for pid in POSTING_IDS
    }


@pytest.fixture(scope="session")
def inventories() -> dict[str, Inventory]:
    _require_shared()
    return {
        rid: parse_json_resume(
            json.loads(
                (SHARED_DATA / "resumes" / f"{rid}.jsonresume.json").read_text(encoding="utf-8")
            )
        )
        for rid in RESUME_IDS
    }


@pytest.fixture(scope="session")
def plan_for(
    inventories: dict[str, Inventory], postings: dict[str, dict]
) -> Callable[..., ResumePlan]:
    """plan_for("007", "019", page_limit=1) → the plan, cached for the session; text given
    as `posting_extra` is added to the end of the posting."""
    cache: dict[tuple, ResumePlan] = {}

    def make(resume_id: str, posting_id: str, posting_extra: str = "", **options) -> ResumePlan:
        key = (resume_id, posting_id, posting_extra, tuple(sorted(options.items())))
        if key not in cache:
            posting = postings[posting_id]
            cache[key] = plan_resume(
                inventories[resume_id],
                posting["text"] + posting_extra,
                PlanOptions(posting_title=posting["title"], **options),
            )
        return cache[key]

    return make
