from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resumes.docx_builder import build_docx
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.selection import PlanOptions

REPO = Path(__file__).resolve().parents[3]
_SCRIPT = """
import hashlib, json, sys
from resumes.importers.jsonresume import parse_json_resume
from resumes.docx_builder import build_docx
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.selection import PlanOptions
inventory = parse_json_resume(json.load(open(sys.argv[1])))
posting = json.load(open(sys.argv[2]))
plan = plan_resume(inventory, posting["text"], PlanOptions(posting_title=posting["title"]))
print(hashlib.sha256(build_docx(plan)).hexdigest())
print(hashlib.sha256(json.dumps(plan.to_dict(timings=False), sort_keys=True).encode()).hexdigest())
"""


def test_determinism_same_inputs_give_identical_plan_and_bytes(
    inventories: dict, postings: dict
) -> None:
    posting = postings["022"]
    options = PlanOptions(posting_title=posting["title"])

    first = plan_resume(inventories["002"], posting["text"], options)
    second = plan_resume(inventories["002"], posting["text"], options)

    assert first.to_dict(timings=False) == second.to_dict(timings=False)
    assert build_docx(first) == build_docx(second)


@pytest.mark.slow
def test_determinism_holds_across_processes_and_hash_seeds(shared_data: Path) -> None:
    args = [
        sys.executable,
        "-c",
        _SCRIPT,
        str(shared_data / "resumes" / "007.jsonresume.json"),
        str(shared_data / "postings" / "019.json"),
    ]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
        outputs.append(result.stdout)

    assert outputs[0] == outputs[1]
    assert len(outputs[0].split()) == 2
    assert hashlib.sha256(b"").hexdigest() not in outputs[0]
