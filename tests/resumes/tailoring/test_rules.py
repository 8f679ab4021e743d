from __future__ import annotations

from dataclasses import replace

import pytest

from resumes.tailoring.evidence import index_inventory
from resumes.tailoring.inventory import Bullet, Entry, Evidence, Inventory
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.rules import RuleError, guarded_additions, load_rules, validate_rules


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


REQUIRED_TOPICS = {
    "theory papers",
    "proofs and bounds",
    "debugging",
    "simulations",
    "experiments and ablations",
    "randomised studies",
    "statistics",
    "data cleaning",
    "HPC",
    "released code",
    "tools used by others",
    "teaching",
    "mentoring",
    "talks",
    "reviewing",
    "grants",
    "collaborations",
    "thesis leadership",
}


def test_rules_cover_every_area_the_issue_names() -> None:
    topics = {r.topic for r in load_rules().rules}

    assert topics >= REQUIRED_TOPICS


def test_rules_never_license_generic_or_trait_words() -> None:
    # "critical thinking" from refereeing and "research" from any paper or thesis say
    # nothing the reader can check; they come only from the person's own words.
    licensed = {t for r in load_rules().rules for t in r.licenses}

    assert not licensed & {"critical-thinking", "research", "problem-solving", "adaptability"}


def test_rules_license_software_engineering_only_for_engineered_code(lexicon: Lexicon) -> None:
    written = _position("Wrote simulation code in Python for the group's analysis")
    released = _position(
        "Wrote simulation code in Python for the group's analysis",
        code_released=True,
        code_url="https://github.com/x/sim",
    )
    tested = _position(
        "Released the sampler with unit tests and continuous integration on GitHub Actions",
        code_released=True,
    )
    used = _position("Maintained the analysis library", used_by_others=12)

    assert "software-engineering" not in _licensed(lexicon, written)
    assert "software-engineering" not in _licensed(lexicon, released)
    assert "software-engineering" in _licensed(lexicon, tested)
    assert "software-engineering" in _licensed(lexicon, used)


def test_rules_license_performance_engineering_only_for_a_measured_speed_up(
    lexicon: Lexicon,
) -> None:
    vague = _position("Made the sampler faster by rewriting it in JAX")
    measured = _position("Rewrote the sampler in JAX so it runs 40 times faster on a GPU")
    reduced = _position("Reduced the runtime of the Python pipeline by 35%")

    assert "performance-engineering" not in _licensed(lexicon, vague)
    assert "performance-engineering" in _licensed(lexicon, measured)
    assert "performance-engineering" in _licensed(lexicon, reduced)


def test_rules_do_not_call_one_fixed_bug_reliability_engineering(lexicon: Lexicon) -> None:
    fixed = _position("Found and fixed a numerical instability in the group's MCMC code")
    hardened = _position(
        "Led reliability hardening of the training code: monitoring, alerts and failover"
    )

    licensed = _licensed(lexicon, fixed)

    assert {"debugging", "root-cause-analysis"} <= licensed
    assert "reliability-engineering" not in licensed
    assert "reliability-engineering" in _licensed(lexicon, hardened)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Audited the Stanford lecture series on machine learning", "teaching"),
        ("Worked under the supervision of Prof. Holm", "mentoring"),
        ("Trained supervised learning models for retention", "mentoring"),
        ("A benchmark of MCMC convergence diagnostics", "proofs-and-theoretical-analysis"),
        ("A benchmark of MCMC convergence diagnostics", "debugging"),
        ("Sweeping through Horndeski models: a new growth-rate parameterization", "simulation"),
        ("A parameter-masked mock data challenge", "data-cleaning"),
        ("Added property-based tests with Hypothesis", "statistical-modeling"),
        ("Results leading to a new estimator", "leadership"),
        ("Multi-tracers: a joint Fisher analysis of two surveys", "collaboration"),
        ("Read 200 blogs and catalogs", "data-analysis"),
        ("Optimized LLM inference latency", "statistical-modeling"),
        ("Standardized research workflows across the RL team", "cross-functional-collaboration"),
        ("Emergence of Collaborative Behaviors for Teams of Robotic Bodyguards", "collaboration"),
        ("Problems with Combined Individual and Team Reward", "collaboration"),
    ],
)
def test_rules_do_not_fire_on_look_alike_words(lexicon: Lexicon, text: str, term: str) -> None:
    entry = Entry(kind="publication", title=text, paper_type="empirical")

    assert term not in _licensed(lexicon, _position(text))
    assert term not in _licensed(lexicon, entry)


def test_rules_read_theory_only_from_the_unit_that_states_it(lexicon: Lexicon) -> None:
    # Proving a bound in one bullet does not make co-supervising theses, or comparing
    # samplers, algorithm design.
    entry = _position(
        "Proved convergence-rate bounds for stochastic gradient Langevin dynamics",
        "Reimplemented two samplers in PyTorch to compare them with baselines",
        "Co-supervised two master's theses on spectral graph theory",
    )
    index = index_inventory(Inventory(entries=(entry,)), lexicon, load_rules())

    hits = {h.rule_id: h.unit_keys for h in index.hits}

    assert hits["theory-as-algorithm-analysis"] == ("position-0/b0",)
    assert hits["proofs-and-bounds"] == ("position-0/b0",)
    assert hits["mentoring"] == ("position-0/b2",)


def test_rules_explain_a_licence_with_the_words_and_facts_behind_it(lexicon: Lexicon) -> None:
    entry = _position(
        "Ran 12,000 simulations on the university Slurm cluster, sweeping step size",
        "Wrote the analysis in Python",
    )
    index = index_inventory(Inventory(entries=(entry,)), lexicon, load_rules())

    hpc = next(h for h in index.hits if h.rule_id == "hpc")

    assert hpc.evidence() == (
        "position-0/b0: '…simulations on the university Slurm cluster, sweeping step size'",
        "used_hpc: 'Slurm' in position-0/b0",
    )


def test_rules_let_only_entry_level_rules_read_labels_and_urls(lexicon: Lexicon) -> None:
    award = Entry(kind="award", title="Prize for Bayesian statistics and MCMC", organization="X")
    talk = Entry(kind="talk", title="Workshop on Bayesian Statistics, Kyoto")

    licensed = _licensed(lexicon, award, talk)

    assert "public-speaking" in licensed  # the talk itself, whatever it is called
    assert not licensed & {"bayesian-inference", "statistical-modeling", "monte-carlo-methods"}


def test_rules_call_work_across_several_teams_cross_functional(lexicon: Lexicon) -> None:
    own_team = _position("Built a data library standardizing workflows across the RL team")
    several = _position("Built a data library adopted by the search, ads and maps teams")

    assert "cross-functional-collaboration" not in _licensed(lexicon, own_team)
    assert "cross-functional-collaboration" in _licensed(lexicon, several)


def test_rules_read_a_thesis_as_ownership_but_not_a_degree_without_one(
    lexicon: Lexicon,
) -> None:
    with_thesis = Entry(
        kind="education",
        title="PhD in Mathematics",
        degree="PhD",
        field_of_study="Mathematics",
        thesis_title="Mixing times of random walks on evolving graphs",
    )
    without = Entry(kind="education", title="BSc in Mathematics", degree="BSc")

    assert {"ownership", "independent-research"} <= _licensed(lexicon, with_thesis)
    assert not _licensed(lexicon, without) & {"ownership", "independent-research"}


@pytest.mark.parametrize(
    ("fact", "text", "holds"),
    [
        # Deployment to users needs the users (or production) named; staging is not.
        ("deployed_to_users", "Launched a reading group on machine learning models.", False),
        (
            "deployed_to_users",
            "Deployed the model to a staging server for internal testing.",
            False,
        ),
        ("deployed_to_users", "Deployed the ranking model on the GPU cluster.", False),
        ("deployed_to_users", "Shipped features for the booking app.", False),
        ("deployed_to_users", "Launched the recommender to 40,000 users.", True),
        ("deployed_to_users", "The churn model runs in production and retrains nightly.", True),
        ("deployed_to_users", "Served 2 million predictions a day to customers.", True),
        # Theory needs proofs, bounds, complexity or convergence analysis, not the word.
        ("theory_work", "Used density functional theory with a quasi-Newton optimizer.", False),
        ("theory_work", "Built a proof of concept of the solver.", False),
        ("theory_work", "Computed one-loop corrections in effective field theory.", False),
        ("theory_work", "The new sampler proved useful for 3 groups.", False),
        ("theory_work", "Proved a regret bound for Thompson sampling.", True),
        ("theory_work", "Derived the sample complexity of the estimator.", True),
        ("theory_work", "Gave a convergence analysis of the solver.", True),
    ],
)
def test_facts_hold_only_on_unmistakable_words(
    lexicon: Lexicon, fact: str, text: str, holds: bool
) -> None:
    facts = index_inventory(Inventory(entries=(_position(text),)), lexicon, load_rules()).facts

    assert (fact in facts["position-0"]) is holds


def test_rules_need_real_theory_for_algorithm_design(lexicon: Lexicon) -> None:
    dft = _position("Used density functional theory with a quasi-Newton optimizer.")
    proved = _position("Proved a regret bound for a Thompson sampling algorithm.")

    assert "algorithm-design-and-analysis" not in _licensed(lexicon, dft)
    assert "algorithm-design-and-analysis" in _licensed(lexicon, proved)


def test_rules_file_may_not_license_a_gated_term_without_its_facts(lexicon: Lexicon) -> None:
    rule_set = load_rules()
    loose = replace(
        next(r for r in rule_set.rules if r.id == "designed-experiments"),
        licenses=("a-b-testing", "experimentation"),
    )
    rules = tuple(loose if r.id == loose.id else r for r in rule_set.rules)
    broken = replace(rule_set, rules=rules)

    with pytest.raises(RuleError, match="licenses gated a-b-testing"):
        validate_rules(broken, lexicon)


def test_rules_cannot_license_a_gated_term_without_its_facts_even_if_the_file_lets_them(
    lexicon: Lexicon,
) -> None:
    # The index checks the facts again: a rule file that forgot them licenses nothing gated.
    rule_set = load_rules()
    loose = replace(
        next(r for r in rule_set.rules if r.id == "designed-experiments"),
        id="loose",
        licenses=("a-b-testing",),
    )
    broken = replace(rule_set, rules=(*rule_set.rules, loose))
    entry = _position("Ran controlled experiments on laser cooling of atoms.")

    index = index_inventory(Inventory(entries=(entry,)), lexicon, broken)

    assert "loose" in {h.rule_id for h in index.hits}
    assert "a-b-testing" not in index.supported_terms
