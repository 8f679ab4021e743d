from __future__ import annotations

from resumes.tailoring.evidence import index_inventory
from resumes.tailoring.inventory import Bullet, Entry, Evidence, Inventory
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.rules import guarded_additions, load_rules, validate_rules


def _licensed(lexicon: Lexicon, *entries: Entry) -> frozenset[str]:
    return index_inventory(Inventory(entries=entries), lexicon, load_rules()).licensed_terms


def _position(*bullets: str, **evidence) -> Entry:
    return Entry(
        kind="position",
        title="Research Scientist",
        organization="Example Lab",
        bullets=tuple(Bullet(b) for b in bullets),
        evidence=Evidence(**evidence),
    )


def test_rules_are_at_least_30_and_consistent_with_lexicon(lexicon: Lexicon) -> None:
    rule_set = load_rules()

    validate_rules(rule_set, lexicon)

    assert len(rule_set.rules) >= 30
    assert all(r.note for r in rule_set.rules)


def test_rules_license_ab_testing_only_with_randomisation_and_control(lexicon: Lexicon) -> None:
    plain = _position("Ran experiments comparing two onboarding flows.")
    flagged = _position(
        "Ran experiments comparing two onboarding flows.", randomised_with_control=True
    )
    stated = _position("Randomised 4,000 learners to a control group and a new flow.")

    assert "a-b-testing" not in _licensed(lexicon, plain)
    assert "a-b-testing" in _licensed(lexicon, flagged)
    assert "a-b-testing" in _licensed(lexicon, stated)


def test_rules_refuse_ab_testing_for_launched_experiments_on_shared_resume(
    inventories: dict, lexicon: Lexicon
) -> None:
    index = index_inventory(inventories["009"], lexicon, load_rules())

    assert "experimentation" in index.supported_terms
    assert "a-b-testing" not in index.supported_terms


def test_rules_license_production_only_with_deployment_to_users(lexicon: Lexicon) -> None:
    research = _position("Trained a ranking model on click logs.")
    deployed = _position("Trained a ranking model on click logs.", deployed_to_users=True)
    stated = _position("Trained a ranking model, deployed to 2,000 users.")

    assert "production-ml" not in _licensed(lexicon, research)
    assert "production-ml" in _licensed(lexicon, deployed)
    assert "production-ml" in _licensed(lexicon, stated)


def test_rules_do_not_call_shipped_web_software_production_ml(
    inventories: dict, lexicon: Lexicon
) -> None:
    # 007 shipped a Rails product (deployed to users) but no ML model reached users.
    index = index_inventory(inventories["007"], lexicon, load_rules())

    assert "ownership" in index.licensed_terms
    assert "production-ml" not in index.supported_terms


def test_rules_frame_theory_papers_as_analysis_never_implementation(lexicon: Lexicon) -> None:
    paper = Entry(
        kind="publication",
        title="Convergence bounds for stochastic gradient methods",
        venue="COLT",
        paper_type="theory",
    )
    with_code = Entry(
        kind="publication",
        title="Convergence bounds for stochastic gradient methods",
        venue="COLT",
        paper_type="theory",
        evidence=Evidence(code_released=True, code_url="https://github.com/x/y"),
    )

    theory_only = _licensed(lexicon, paper)
    released = _licensed(lexicon, with_code)

    assert "algorithm-design-and-analysis" in theory_only
    assert "proofs-and-theoretical-analysis" in theory_only
    assert "scientific-computing" not in theory_only
    assert "software-engineering" not in theory_only
    assert "scientific-computing" in released  # the method exists as public code
    # Public code alone is not software engineering: that needs tests, CI, packaging or
    # users (see test_rules_license_software_engineering_only_for_engineered_code).
    assert "software-engineering" not in released


def test_rules_read_evidence_from_the_inventorys_own_text(lexicon: Lexicon) -> None:
    index = index_inventory(
        Inventory(entries=(_position("Released the solver at https://github.com/x/solver"),)),
        lexicon,
        load_rules(),
    )

    assert set(index.facts["position-0"]) >= {"code_released", "code_written"}
    assert "open-source" in index.licensed_terms


def test_rules_never_license_a_tool(lexicon: Lexicon) -> None:
    rule_set = load_rules()

    licensed = {t for r in rule_set.rules for t in r.licenses}

    assert all(lexicon.term(t).category != "hard" for t in licensed)


def test_rules_guard_words_a_rewrite_may_not_add_without_evidence() -> None:
    guarded = load_rules().guarded

    added = guarded_additions("Trained a model.", "Trained a production model.", guarded, {})

    assert added == [r"\bproduction\b"]
    assert guarded_additions("Ran a study.", "Ran an A/B test.", guarded, {}) == [r"\ba/b\b"]
