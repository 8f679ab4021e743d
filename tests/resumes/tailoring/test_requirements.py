"""Reading a posting as a recruiter does: choices, degree lines, levels, boilerplate, limits."""

from __future__ import annotations

import json
import re

import pytest

from resumes.tailoring.concepts import load_hierarchy
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.evidence import index_inventory, match_evidence
from resumes.tailoring.inventory import Bullet, Entry, Inventory, Skill
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import _TECHNICAL_HEADS, analyse_posting
from resumes.tailoring.report import ChoiceRow
from resumes.tailoring.rules import load_rules
from resumes.tailoring.textnorm import stems


def _terms(text: str, lexicon: Lexicon, title: str = "Analyst") -> dict:
    return {t.name: t for t in analyse_posting(text, lexicon, title).terms}


def test_requirements_alternatives_are_one_requirement(lexicon: Lexicon) -> None:
    text = "Requirements\n- Strong programming skills in C, C++, Java or Python\n- SQL\n"

    analysis = analyse_posting(text, lexicon, "ML Engineer")
    names = {t.id: t.name for t in analysis.terms}

    assert [sorted(names[i] for i in r.term_ids) for r in analysis.requirements] == [
        ["C", "C++", "Java", "Python"]
    ]
    assert analysis.requirements[0].level == "must"
    assert analysis.term("sql").group == ""


@pytest.mark.parametrize(
    ("line", "choice"),
    [
        ("- Experience with PyTorch/JAX", True),
        ("- Deep learning frameworks such as TensorFlow, PyTorch", True),
        ("- A workflow tool (e.g. Airflow, Luigi)", True),
        ("- Experience with Airflow, Luigi, etc.", True),
        ("- Training frameworks (Megatron-LM, DeepSpeed, FairScale, etc.)", True),
        ("- Containerization (Docker, Kubernetes)", True),
        ("- Python and SQL", False),
        ("- Python, SQL and Docker", False),
    ],
)
def test_requirements_tell_a_choice_from_a_list_of_demands(
    line: str, choice: bool, lexicon: Lexicon
) -> None:
    analysis = analyse_posting(f"Requirements\n{line}\n", lexicon, "ML Engineer")

    assert bool(analysis.requirements) is choice


def test_requirements_a_choice_met_by_one_term_leaves_no_gaps(lexicon: Lexicon) -> None:
    inventory = Inventory(
        entries=(Entry(kind="position", title="Engineer", bullets=(Bullet("Wrote Python."),)),)
    )
    text = "Requirements\n- Programming in C, C++, Java or Python\n- Kubernetes\n" + "x " * 40

    plan = plan_resume(inventory, text)
    terms = plan.report.terms

    assert [t.name for t in terms.gaps] == ["Kubernetes"]
    assert terms.choices == (
        ChoiceRow(
            id="r1",
            level="must",
            terms=("C", "C++", "Java", "Python"),
            shown=("Python",),
            supported=("Python",),
        ),
    )


def test_requirements_degree_line_is_one_credential_not_fields(lexicon: Lexicon) -> None:
    text = (
        "Requirements\n"
        "- PhD/MS in Mathematics, Physics, Statistics or a related field\n"
        "- 3+ years of experience with Python\n"
    )

    terms = _terms(text, lexicon)

    assert {n: (t.category, t.level) for n, t in terms.items()} == {
        "MS": ("credential", "must"),
        "PhD": ("credential", "nice"),
        "3+ years": ("credential", "must"),
        "Python": ("hard", "must"),
    }


def test_requirements_degree_fields_stay_demands_when_asked_elsewhere(lexicon: Lexicon) -> None:
    text = (
        "Requirements\n"
        "- BS in Computer Science or Statistics\n"
        "- Solid statistics: hypothesis testing and regression\n"
    )

    terms = _terms(text, lexicon)

    assert terms["statistics"].level == "must"
    assert terms["BS"].level == "must"
    assert "computer science" not in terms


def test_requirements_no_key_phrase_is_cut_from_a_hyphenated_compound(lexicon: Lexicon) -> None:
    text = (
        "Requirements\n- Post-deployment monitoring of state-of-the-art ranking pipelines\n"
        "- Seismic inversion models\n"
    )

    phrases = {t.name for t in _terms(text, lexicon).values() if t.source == "keyphrase"}

    assert phrases == {"seismic inversion models"}


def test_requirements_levels_follow_cue_words_and_headings(lexicon: Lexicon) -> None:
    text = (
        "Minimum qualifications\n- Python\n- Experience with Kubernetes is a plus\n\n"
        "Preferred qualifications\n- JAX\n\n"
        "What you'll do\n- Build ranking models\n"
    )

    terms = _terms(text, lexicon)

    assert {n: t.level for n, t in terms.items() if t.category != "credential"} == {
        "Python": "must",
        "Kubernetes": "nice",
        "JAX": "nice",
        "ranking": "mention",
    }


def test_requirements_boilerplate_yields_no_must_haves(lexicon: Lexicon) -> None:
    text = (
        "About us\n"
        "We are an innovative, creative team building AI for YouTube and Google Ads users. "
        "We value communication, collaboration and adaptability.\n\n"
        "Benefits\n- Health insurance, Python workshops and a 401(k)\n\n"
        "Equal opportunity\nWe welcome applicants with a PhD or without.\n\n"
        "Requirements\n- PyTorch\n"
    )

    analysis = analyse_posting(text, lexicon, "ML Engineer")
    must = {t.name for t in analysis.terms if t.level == "must"}
    everything = {t.name for t in analysis.terms}

    assert must == {"PyTorch", "machine learning"}
    assert not everything & {"YouTube", "Google Ads", "communication", "collaboration"}
    assert not everything & {"creativity", "adaptability", "artificial intelligence", "PhD"}


def test_requirements_must_haves_of_shared_postings_are_all_skills(
    postings: dict, lexicon: Lexicon
) -> None:
    # Every must-have is a lexicon term (never a generic word), a credential, or a key
    # phrase ending on a technical noun: never a verb phrase, filler or a fragment.
    for posting_id, posting in postings.items():
        analysis = analyse_posting(posting["text"], lexicon, posting["title"])
        for term in (t for t in analysis.terms if t.level == "must"):
            if term.source == "lexicon":
                assert not lexicon.term(term.id).generic, (posting_id, term.name)
            elif term.source == "keyphrase":
                assert term.words[-1] in _TECHNICAL_HEADS, (posting_id, term.name)
                assert re.fullmatch(r"[a-z][a-z -]+", term.name), (posting_id, term.name)
            else:
                assert term.category == "credential", (posting_id, term.name)


def test_requirements_hierarchy_supports_the_broader_term_only(lexicon: Lexicon) -> None:
    inventory = Inventory(
        entries=(
            Entry(
                kind="project",
                title="Churn model",
                bullets=(Bullet("Trained XGBoost models on AWS for churn prediction."),),
            ),
        ),
        skills=(Skill("cloud computing"),),
    )
    text = "Requirements\n- Tree-based models\n- Cloud computing\n- AWS\n- GCP\n"

    analysis = analyse_posting(text, lexicon, "Data Scientist")
    evidence = match_evidence(index_inventory(inventory, lexicon, load_rules()), analysis)

    assert evidence["tree-based-models"].how == "narrower"
    assert [s.surface for s in evidence["tree-based-models"].supports] == ["XGBoost"]
    assert evidence["amazon-web-services"].how == "literal"
    # cloud computing, which the person lists, does not make them a GCP user
    assert not evidence["google-cloud-platform"].supported
    assert "google-cloud-platform" not in load_hierarchy().ancestors("cloud-computing")


def test_requirements_hierarchy_names_resolve_and_never_reach_a_gated_term(
    lexicon: Lexicon,
) -> None:
    hierarchy = load_hierarchy()
    gated = set(load_rules().gated)

    assert hierarchy.ancestors("xgboost") >= {
        "gradient-boosting",
        "tree-based-models",
        "machine-learning",
    }
    assert hierarchy.ancestors("fsdp") >= {"distributed-training", "distributed-systems"}
    assert "cloud-computing" in hierarchy.ancestors("amazon-web-services")
    for term_id in gated:
        kinds = tuple(Skill(lexicon.term(n).name) for n in hierarchy.descendants(term_id))
        index = index_inventory(Inventory(skills=kinds), lexicon, load_rules())
        assert term_id not in index.supported_terms


def test_requirements_a_german_posting_gets_a_notice_and_no_score(lexicon: Lexicon) -> None:
    text = (
        "Wir suchen eine erfahrene Data Scientistin für unser Team in Berlin. Sie entwickeln "
        "Modelle für maschinelles Lernen mit Python und PyTorch, arbeiten eng mit der "
        "Produktentwicklung zusammen und bringen mindestens drei Jahre Berufserfahrung mit. "
        "Wünschenswert sind Kenntnisse in Kubernetes und eine Promotion in Physik."
    )

    analysis = analyse_posting(text, lexicon, "Data Scientist")

    assert analysis.language == "de"
    assert analysis.confidence == "language"
    assert analysis.notice.startswith("Reframe analyses English postings; this one reads as German")
    assert "terms were recognised" in analysis.notice


def test_requirements_a_three_word_posting_is_low_confidence(lexicon: Lexicon) -> None:
    inventory = Inventory(
        entries=(Entry(kind="position", title="Engineer", bullets=(Bullet("Wrote Python."),)),)
    )

    plan = plan_resume(inventory, "Python, SQL, Spark")

    assert plan.report.posting.confidence == "low"
    assert plan.report.posting.notice.startswith("Only 3 terms were recognised")


def test_requirements_english_postings_are_not_sent_to_the_language_model(
    postings: dict,
) -> None:
    from resumes.tailoring.language import _ENGLISH_WORDS, ENGLISH_SHARE

    for posting in postings.values():
        words = [w.casefold() for w in re.findall(r"[^\W\d_]+", posting["text"])]
        share = sum(1 for w in words if w in _ENGLISH_WORDS) / len(words)
        assert share >= ENGLISH_SHARE
    assert stems("Python") == ("python",)


def test_requirements_cue_words_raise_a_duty_to_a_must_have(lexicon: Lexicon) -> None:
    text = "What you'll do\n- Build ranking models\n- Kubernetes experience is required\n"

    terms = _terms(text, lexicon)

    assert (terms["ranking"].level, terms["Kubernetes"].level) == ("mention", "must")


def test_requirements_match_the_recruiter_annotations_of_the_shared_postings(
    postings: dict, lexicon: Lexicon, shared_data
) -> None:
    # The shared evaluator's analysis figures, computed the same way: a found term is right
    # when its name or a surface is an annotated term or alias. Guards the engine's
    # reading of postings against regressions; the bar is the (0.85).
    def forms(name: str, others: list[str]) -> set[str]:
        return {re.sub(r"[\s\-_/]+", " ", f.lower()).strip() for f in [name, *others] if f}

    found = right = matched = total = 0
    for posting_id, posting in postings.items():
        gold = json.loads((shared_data / "gold" / f"{posting_id}.json").read_text())["terms"]
        wanted = [forms(t["term"], t.get("aliases", [])) for t in gold]
        hit: set[int] = set()
        for term in analyse_posting(posting["text"], lexicon).terms:
            hits = [i for i, g in enumerate(wanted) if forms(term.name, list(term.surfaces)) & g]
            found += 1
            right += bool(hits)
            hit.update(hits)
        matched += len(hit)
        total += len(wanted)

    precision, recall = right / found, matched / total
    assert precision >= 0.85, precision
    assert 2 * precision * recall / (precision + recall) >= 0.85
