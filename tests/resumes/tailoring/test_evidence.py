from __future__ import annotations

from resumes.tailoring.evidence import index_inventory, match_evidence
from resumes.tailoring.inventory import Inventory, Skill
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import analyse_posting
from resumes.tailoring.rules import load_rules


def test_evidence_tells_literal_alias_and_rule_apart(
    inventories: dict, postings: dict, lexicon: Lexicon
) -> None:
    analysis = analyse_posting(postings["019"]["text"], lexicon, postings["019"]["title"])
    index = index_inventory(inventories["007"], lexicon, load_rules())

    evidence = match_evidence(index, analysis)

    assert evidence["python"].how == "literal"
    assert evidence["reinforcement-learning"].how == "literal"  # in a job title
    assert evidence["ml-infrastructure"].how == "rule"
    assert {s.rule_id for s in evidence["ml-infrastructure"].supports} == {
        "tool-used-by-others-as-ml-infrastructure"
    }
    for support in evidence["ml-infrastructure"].supports:
        # The licence names the words that matched and each fact, with where it was read.
        assert support.facts[0].startswith(f"{support.unit_key}: ")
        assert any(f.startswith("used_by_others: ") for f in support.facts)


def test_evidence_points_at_the_units_that_support_a_term(
    inventories: dict, postings: dict, lexicon: Lexicon
) -> None:
    analysis = analyse_posting(postings["011"]["text"], lexicon, postings["011"]["title"])
    index = index_inventory(inventories["004"], lexicon, load_rules())

    supports = match_evidence(index, analysis)["tensorflow"].supports

    assert [s.how for s in supports] == ["literal", "literal"]
    assert {index.unit_by_key[s.unit_key].text for s in supports} == {
        "Using data analysis on production logs to improve reliability across Google. "
        "Used tensorflow, Go and Apache flume",
        "Tensorflow",
    }


def test_evidence_never_comes_from_the_posting(lexicon: Lexicon) -> None:
    inventory = Inventory(skills=(Skill("Python"),))
    analysis = analyse_posting(
        "Requirements\n- Kubernetes in production\n- Python", lexicon, "ML Engineer"
    )

    evidence = match_evidence(index_inventory(inventory, lexicon, load_rules()), analysis)

    assert evidence["python"].supported
    assert not evidence["kubernetes"].supported
    assert not evidence["production-ml"].supported


def test_evidence_counts_another_spelling_of_a_term_as_alias(lexicon: Lexicon) -> None:
    inventory = Inventory(skills=(Skill("k8s"), Skill("Pytorch")))
    analysis = analyse_posting("Requirements\n- Kubernetes\n- PyTorch", lexicon, "ML Engineer")

    evidence = match_evidence(index_inventory(inventory, lexicon, load_rules()), analysis)

    assert evidence["kubernetes"].how == "alias"
    assert evidence["pytorch"].how == "literal"  # same word, other capitals
