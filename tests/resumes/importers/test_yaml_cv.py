"""Site-generator YAML CVs (Hugo-style 004, al-folio 009) and hostile YAML."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from resumes.importers.errors import ImportFailed
from resumes.importers.jsonresume import parse_json_resume_bytes
from resumes.importers.yaml_cv import markdown_to_text, parse_yaml_cv

from .conftest import by_kind


def _pair(resumes_dir, stem: str):
    yaml_cv = parse_yaml_cv((resumes_dir / f"{stem}.yaml").read_bytes())
    reference = parse_json_resume_bytes((resumes_dir / f"{stem}.jsonresume.json").read_bytes())
    return yaml_cv, reference


def test_yaml_004_matches_its_json_resume(resumes_dir):
    imported, reference = _pair(resumes_dir, "004")

    assert by_kind(imported) == by_kind(reference)
    assert imported.skills == reference.skills


def test_yaml_004_counts_dates_and_bullets(resumes_dir):
    imported, _ = _pair(resumes_dir, "004")

    toptal = imported.entries[0]

    assert Counter(e.kind for e in imported.entries) == Counter(
        position=6, education=2, certification=4
    )
    assert sum(len(e.bullets) for e in imported.entries) == 21
    assert len(imported.skills) == 32
    assert (toptal.title, toptal.organization, toptal.location) == (
        "Freelance Software Engineer",
        "Toptal",
        "Remote",
    )
    assert (toptal.start, toptal.end, toptal.current) == ("2022-05", "", True)
    assert imported.entries[2].bullets[2].text == (
        "X, the moonshot factory: Data analysis on an experimental wearable device. "
        "Owned whole python codebase and training pipeline."
    )


def test_yaml_004_basics(resumes_dir):
    imported, _ = _pair(resumes_dir, "004")

    assert imported.basics.name == "Lukas Scheucher"
    assert imported.basics.website == "https://scheuclu.com"
    assert [(p.network, p.username) for p in imported.basics.profiles] == [("GitHub", "scheuclu")]


def test_yaml_009_matches_its_json_resume(resumes_dir):
    imported, reference = _pair(resumes_dir, "009")

    assert by_kind(imported) == by_kind(reference)
    assert imported.extra["interests"] == reference.extra["interests"]
    assert imported.basics.name == reference.basics.name


def test_yaml_009_degrees_and_advisor(resumes_dir):
    imported, _ = _pair(resumes_dir, "009")

    phd, ms, ba = imported.entries[:3]

    assert (phd.degree, phd.field_of_study, phd.advisor) == (
        "PhD",
        "Applied Math",
        "Bamdad Hosseini",
    )
    assert (phd.start, phd.end, phd.current) == ("2021", "", True)
    assert (ms.start, ms.end) == ("", "2020")  # a degree's single year is its end
    assert ba.bullets[0].text == "Minor in Computer Science"


def test_yaml_json_resume_in_yaml_goes_to_json_importer():
    inventory = parse_yaml_cv(b"basics:\n  name: Ada\nwork:\n  - name: X\n    position: Y\n")

    assert inventory.basics.name == "Ada"
    assert inventory.entries[0].title == "Y"


def test_yaml_syntax_error_names_line():
    with pytest.raises(ImportFailed) as caught:
        parse_yaml_cv(b"sections:\n  - heading: A\n    points: [a, b\n")

    assert caught.value.location.startswith("line ")
    assert "malformed YAML" in caught.value.message


def test_yaml_alias_bomb_refused_quickly():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 10):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{','.join('*' + prev for _ in range(9))}]")
    bomb = ("\n".join(lines) + "\n").encode()

    started = time.process_time()
    with pytest.raises(ImportFailed) as caught:
        parse_yaml_cv(bomb)

    assert time.process_time() - started < 1
    assert "aliases" in caught.value.message


def test_yaml_unknown_shape_refused():
    with pytest.raises(ImportFailed) as caught:
        parse_yaml_cv(b"just: a mapping\n")

    assert "not a YAML CV" in caught.value.message


def test_yaml_python_tags_refused():
    with pytest.raises(ImportFailed):
        parse_yaml_cv(b"!!python/object/apply:os.system ['true']\n")


def test_markdown_to_text():
    assert markdown_to_text("**X:** see [code](https://a.b/c)") == "X: see code (https://a.b/c)"
