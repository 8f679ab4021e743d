from __future__ import annotations

import json
from pathlib import Path

import pytest

from resumes.tailoring import build_lexicon
from resumes.tailoring.lexicon import LEXICON_PATH, Lexicon
from tests.shared_data import require_shared


def test_lexicon_has_at_least_500_canonical_terms_in_three_categories(lexicon: Lexicon) -> None:
    categories = {t.category for t in lexicon.terms.values()}

    assert len(lexicon) >= 500
    assert categories == {"hard", "soft", "domain"}


@pytest.mark.parametrize(
    ("spelling", "term_id"),
    [
        ("k8s", "kubernetes"),
        ("Kubernetes", "kubernetes"),
        ("torch", "pytorch"),
        ("sklearn", "scikit-learn"),
        ("AWS", "amazon-web-services"),
        ("A/B tests", "a-b-testing"),
        ("LLMs", "large-language-models"),
        ("fully sharded data parallel", "fsdp"),
        ("MS-SQL", "microsoft-sql-server"),
    ],
)
def test_lexicon_aliases_resolve_to_one_canonical_term(
    lexicon: Lexicon, spelling: str, term_id: str
) -> None:
    assert [m.term_id for m in lexicon.find(f"We use {spelling} daily.")] == [term_id]


def test_lexicon_reads_ordinary_words_only_as_written(lexicon: Lexicon) -> None:
    text = "Go beyond. We ship in Go and R daily. Let's go. C. Smith wrote it.\n- Rust"

    found = [(m.term_id, m.surface) for m in lexicon.find(text)]

    assert found == [("go", "Go"), ("r", "R"), ("rust", "Rust")]


def test_lexicon_blockers_and_longest_match_prevent_false_terms(lexicon: Lexicon) -> None:
    text = "Advised by A. Person; galaxy clustering of large-scale structure."

    found = {m.term_id for m in lexicon.find(text)}

    assert "mentoring" not in found
    assert "clustering" not in found
    assert "scalability" not in found


def test_lexicon_resolve_matches_whole_skill_names_in_any_case(lexicon: Lexicon) -> None:
    assert lexicon.resolve("Go") == "go"
    assert lexicon.resolve("Pytorch") == "pytorch"
    assert lexicon.resolve("Prime Focus Spectrograph") is None


def test_lexicon_file_keeps_the_onet_attribution() -> None:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    notice = (LEXICON_PATH.parent / "NOTICE").read_text(encoding="utf-8")

    assert "CC BY 4.0" in data["attribution"]
    assert "O*NET Resource Center" in data["attribution"]
    assert "CC BY 4.0" in notice
    assert any(t["source"].startswith("onet") for t in data["terms"])


def test_lexicon_build_reproduces_the_committed_file(shared_data: Path) -> None:
    onet = shared_data / "onet"
    require_shared(onet / "technology_skills_15.tsv")

    rebuilt = build_lexicon.render(build_lexicon.build(onet))

    assert rebuilt == LEXICON_PATH.read_text(encoding="utf-8")
