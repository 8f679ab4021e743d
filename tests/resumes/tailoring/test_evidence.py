from __future__ import annotations

import pytest

from resumes.tailoring.evidence import index_inventory, match_evidence
from resumes.tailoring.inventory import Basics, Bullet, Entry, Evidence, Inventory, Skill
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import analyse_posting
from resumes.tailoring.rules import load_rules
from resumes.tailoring.units import study_spans


def test_evidence_tells_literal_alias_and_rule_apart(
    inventories: dict, postings: dict, lexicon: Lexicon
) -> None:
    text = postings["019"]["text"] + "\n\nRequirements\n- Experience building ML infrastructure\n"
    analysis = analyse_posting(text, lexicon, postings["019"]["title"])
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


def _entry(kind: str = "position", bullets: tuple[str, ...] = (), **fields) -> Entry:
    fields.setdefault("title", "Researcher")
    return Entry(kind=kind, bullets=tuple(Bullet(b) for b in bullets), **fields)


def _supported(inventory: Inventory, lexicon: Lexicon, posting: str) -> dict:
    analysis = analyse_posting(posting, lexicon, "Machine Learning Engineer")
    index = index_inventory(inventory, lexicon, load_rules())
    return {tid: ev for tid, ev in match_evidence(index, analysis).items()}


_ASKS_ML = "Requirements\n- Machine learning\n- Kubernetes\n- PyTorch\n- Cosmology"


def test_evidence_ignores_a_term_only_in_the_headline_or_profile_summary(
    lexicon: Lexicon,
) -> None:
    inventory = Inventory(
        basics=Basics(
            name="A. Person",
            headline="Mathematician moving into machine-learning engineering",
            summary="Keen to learn Kubernetes and PyTorch.",
        ),
        entries=(_entry(bullets=("Proved mixing-time bounds for random walks",)),),
    )

    evidence = _supported(inventory, lexicon, _ASKS_ML)

    assert not evidence["machine-learning"].supported
    assert not evidence["kubernetes"].supported
    assert not evidence["pytorch"].supported


def test_evidence_ignores_a_term_only_in_an_organisation_venue_or_url(
    lexicon: Lexicon,
) -> None:
    inventory = Inventory(
        entries=(
            _entry(
                kind="talk",
                title="Random walks",
                organization="Westbridge Machine Learning Seminar",
            ),
            _entry(
                kind="publication",
                title="Mixing times of random walks",
                venue="Workshop on Machine Learning and the Physical Sciences",
                url="https://github.com/someone/pytorch-kubernetes-tools",
            ),
            _entry(title="Analyst", organization="Cosmology Kubernetes Consulting"),
            _entry(kind="award", title="Machine Learning Prize", organization="Some Society"),
            _entry(
                kind="talk",
                title='Aspen workshop, "Big Data and Machine Learning"',
                organization="Aspen Center",
            ),
        ),
    )

    evidence = _supported(inventory, lexicon, _ASKS_ML)

    assert not evidence["machine-learning"].supported
    assert not evidence["kubernetes"].supported
    assert not evidence["pytorch"].supported
    assert not evidence["cosmology"].supported


@pytest.mark.parametrize(
    "entry_or_skill",
    [
        _entry(bullets=("Trained ranking models with machine learning in PyTorch",)),
        _entry(title="Machine Learning Engineer"),  # a job title is what the person did
        _entry(kind="publication", title="Machine learning for galaxy surveys"),
        _entry(kind="publication", title="A paper", abstract="We apply machine learning to..."),
        _entry(kind="education", title="PhD", degree="PhD", field_of_study="Machine Learning"),
        _entry(kind="education", title="PhD", degree="PhD", thesis_title="Machine learning for X"),
        _entry(kind="project", title="A project", summary="Used machine learning to ..."),
        _entry(kind="talk", title="What machine learning can do for physics"),
        Skill("Machine learning", category="domain"),
        Skill("PyTorch", group="Machine Learning"),  # the person's own heading
    ],
)
def test_evidence_counts_what_the_person_did_or_lists(
    lexicon: Lexicon, entry_or_skill: Entry | Skill
) -> None:
    if isinstance(entry_or_skill, Skill):
        inventory = Inventory(skills=(entry_or_skill,))
    else:
        inventory = Inventory(entries=(entry_or_skill,))

    evidence = _supported(inventory, lexicon, _ASKS_ML)

    assert evidence["machine-learning"].supported
    assert evidence["machine-learning"].how == "literal"


def test_evidence_demo_inventory_does_not_claim_machine_learning_from_names(
    lexicon: Lexicon, postings: dict
) -> None:
    # The reported case: Maya mentions machine learning only in her headline ("moving into
    # machine-learning engineering"), a seminar's and a workshop's name.
    from resumes.demo import DEMO_INVENTORY

    posting = postings["011"]
    analysis = analyse_posting(posting["text"], lexicon, posting["title"])
    index = index_inventory(DEMO_INVENTORY, lexicon, load_rules())

    evidence = match_evidence(index, analysis)

    # Her gradient-boosted trees are machine learning; her headline and names are not.
    assert "machine-learning" not in index.literal_terms
    supports = evidence["machine-learning"].supports
    assert {s.how for s in supports} == {"narrower"}
    assert {index.unit_by_key[s.unit_key].role for s in supports} <= {"bullet", "skill", "title"}
    assert evidence["pytorch"].how == "literal"  # a bullet and the skills list


def test_evidence_ignores_an_employer_or_venue_named_inside_a_bullet(lexicon: Lexicon) -> None:
    inventory = Inventory(
        entries=(
            _entry(
                title="Research Associate",
                organization="Physical Cosmology Group, Max Planck Institute for Astrophysics",
            ),
            _entry(
                kind="publication", title="A paper", venue="Journal of Machine Learning Research"
            ),
            _entry(
                kind="service",
                title="Reviewer for the Journal of Machine Learning Research",
                bullets=("Co-mentored a student at the Max Planck Institute for Astrophysics",),
            ),
        ),
    )

    evidence = _supported(
        inventory, lexicon, "Requirements\n- Machine learning\n- Physics\n- Mentoring"
    )

    assert not evidence["machine-learning"].supported
    assert not evidence["physics"].supported
    assert evidence["mentoring"].supported


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (
            "Attended lectures on deep learning and Kubernetes.",
            ["Attended lectures on deep learning and Kubernetes"],
        ),
        ("Attended NeurIPS and presented a poster on diffusion models.", ["Attended NeurIPS"]),
        (
            "Took two courses in distributed systems; built a Raft server in Go.",
            ["Took two courses in distributed systems"],
        ),
        (
            "Launched a reading group on machine learning models.",
            ["reading group on machine learning models"],
        ),
        ("Studied the convergence of Langevin samplers.", []),
        ("Completed the migration of the pipeline to Spark.", []),
    ],
)
def test_evidence_reads_attending_and_studying_as_no_evidence(text: str, spans: list[str]) -> None:
    assert [text[a:b] for a, b in study_spans(text)] == spans


def test_evidence_takes_no_term_from_a_lecture_attended(lexicon: Lexicon) -> None:
    entry = Entry(
        kind="position",
        title="Research Assistant",
        bullets=(
            Bullet("Attended lectures on deep learning and Kubernetes."),
            Bullet("Attended NeurIPS and presented a poster on diffusion models."),
        ),
    )

    index = index_inventory(Inventory(entries=(entry,)), lexicon, load_rules())

    assert not index.literal_terms & {"kubernetes", "deep-learning"}
    assert "kubernetes" not in index.supported_terms
    assert "diffusion-models" in index.literal_terms
    # the poster on diffusion models is deep learning; the lecture attended is not
    assert "deep-learning" in index.broader_terms
    assert "public-speaking" in index.licensed_terms  # the poster was presented


def test_evidence_009_algorithms_team_licenses_no_algorithm_design(
    inventories: dict, lexicon: Lexicon
) -> None:
    index = index_inventory(inventories["009"], lexicon, load_rules())
    team = next(u for u in index.units if "Computational Algorithms team" in u.text)

    mentioned = {m.term_id for m in index.mentions[team.key]}
    licensed = {t for h in index.hits if team.key in h.unit_keys for t in h.licenses}

    assert "algorithm-design-and-analysis" not in mentioned | licensed
    assert "predictive-modeling" not in index.supported_terms  # "retention predictions"


@pytest.mark.parametrize(
    ("text", "flag", "supported"),
    [
        ("Ran A/B tests of the onboarding flow.", {}, True),
        ("Ran online experiments on the onboarding flow.", {}, False),
        ("Ran online experiments on the onboarding flow.", {"randomised_with_control": True}, True),
        ("Moved the churn model to production environments.", {}, True),
        ("Built production-grade models.", {}, False),
        ("Built production-grade models.", {"deployed_to_users": True}, True),
    ],
)
def test_evidence_gates_a_literal_term_on_its_facts(
    lexicon: Lexicon, text: str, flag: dict, supported: bool
) -> None:
    # Gated terms need their facts however they are named: literally, by an alias or rule.
    entry = Entry(
        kind="position", title="Engineer", bullets=(Bullet(text),), evidence=Evidence(**flag)
    )
    index = index_inventory(Inventory(entries=(entry,)), lexicon, load_rules())
    gated = {"a-b-testing", "production-ml", "model-deployment"}

    named = {m.term_id for ms in index.mentions.values() for m in ms} & gated

    assert bool(named or index.licensed_terms & gated) is supported
