"""The import contract: which part of the code may use which.

- `tracker` never imports `resumes`: the résumé app builds on the tracker (it adds its
  section to an application's page through tracker.panels, keeps the posting of a job
  saved from its page through tracker.posting_capture, gives the dashboard the features of
  each résumé sent through tracker.sent_resumes, and assembles the demo).
- The tailoring engine and the importers are plain Python: nothing from Django, nor from
  the Django side of the résumé app, so they run and are tested without a database.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _breaches(package: str, allowed, root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)} imports {name}"
        for path in sorted((root / package).rglob("*.py"))
        for name in sorted(_imports(path))
        if not allowed(name)
    ]


def _not_resumes(name: str) -> bool:
    return name.split(".")[0] != "resumes"


def test_tracker_never_imports_resumes():
    breaches = _breaches("tracker", _not_resumes)

    assert breaches == []


@pytest.mark.parametrize("package", ["resumes/tailoring", "resumes/importers"])
def test_the_engine_and_the_importers_are_plain_python(package):
    def allowed(name: str) -> bool:
        top = name.split(".")[0]
        if top in {"django", "tracker", "config", "celery"}:
            return False
        # inside the résumé app, only these plain-Python packages
        return top != "resumes" or name.startswith(("resumes.tailoring", "resumes.importers"))

    breaches = _breaches(package, allowed)

    assert breaches == []


def test_the_contract_sees_a_breach(tmp_path):
    """The checks above read real imports: a module importing what it may not is found."""
    (tmp_path / "tracker" / "views").mkdir(parents=True)
    (tmp_path / "tracker" / "views" / "probe.py").write_text(
        "import json\nfrom resumes.models import Posting\n", encoding="utf-8"
    )

    breaches = _breaches("tracker", _not_resumes, root=tmp_path)

    assert breaches == ["tracker/views/probe.py imports resumes.models"]


def test_the_build_report_is_read_through_its_types_not_string_paths():
    """`resumes.tailoring.report` types the report; pages read it through a view-model."""
    subscripts = re.compile(r"\breport\s*\[|\breport\.get\(|\[\"scores\"\]")
    breaches = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "resumes").rglob("*.py"))
        if "migrations" not in path.parts and subscripts.search(path.read_text(encoding="utf-8"))
    ]
    template = (ROOT / "templates/resumes/build_detail.html").read_text(encoding="utf-8")

    assert breaches == []
    assert not re.search(r"report\.(scores|terms|posting)\b", template)
