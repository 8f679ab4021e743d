"""Ranking gaps across postings, what sent résumés left out, and the inventory lines quoted
for a posting: plain data in, plain data out."""

from __future__ import annotations

import pytest

from resumes.tailoring.concepts import load_hierarchy
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.evidence import index_inventory, match_evidence
from resumes.tailoring.evidence_lines import strongest_lines
from resumes.tailoring.gap_ranking import rank_gaps, rank_left_out
from resumes.tailoring.inventory import Bullet, Entry, Inventory, Skill
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import PostingAnalysis, analyse_posting, analysis_from_report
from resumes.tailoring.rules import load_rules
from resumes.tailoring.scoring import term_lists
from resumes.tailoring.selection import PlanOptions
from tests.resumes.tailoring.inventories import one_position

RANKING = """Requirements
- Python and PyTorch
- Kubernetes
- Experience with recommender systems

Nice to have
- Apache Spark
"""
PLATFORM = """Requirements
- Kubernetes and Docker
- Apache Spark

Nice to have
- Terraform
"""
FORECASTING = """Requirements
- Python
- Tree-based models in production

Responsibilities
- You will use Apache Spark now and then
"""


def _gaps(inventory: Inventory, lexicon: Lexicon, *texts: str):
    index = index_inventory(inventory, lexicon, load_rules())
    analyses = [(f"p{n}", analyse_posting(text, lexicon)) for n, text in enumerate(texts)]
    evidence = _evidence(index, [a for _, a in analyses])
    return rank_gaps(
        analyses,
        evidence,
        hierarchy=load_hierarchy(),
        lexicon=lexicon,
        gated=frozenset(load_rules().gated),
    )


def _evidence(index, analyses):
    terms = {t.id: t for a in analyses for t in a.terms}
    together = PostingAnalysis("", "", "", (), tuple(terms.values()))
    return match_evidence(index, together)


def test_gaps_are_ranked_by_how_many_postings_need_them_and_how_strongly(lexicon):
    inventory = one_position("Trained ranking models in Python and PyTorch")

    gaps = _gaps(inventory, lexicon, RANKING, PLATFORM, FORECASTING)

    ranked = [(g.name, g.counts) for g in gaps if g.category == "hard"]
    assert ranked == [
        ("Kubernetes", (("must", 2),)),
        ("Apache Spark", (("must", 1), ("nice", 1), ("mention", 1))),
        ("Docker", (("must", 1),)),
        ("Terraform", (("nice", 1),)),
    ]
    spark = next(g for g in gaps if g.name == "Apache Spark")
    assert [(a.ref, a.level) for a in spark.asks] == [
        ("p1", "must"),
        ("p0", "nice"),
        ("p2", "mention"),
    ]
    assert "Python" not in {g.name for g in gaps}


def test_a_broad_gap_is_no_gap_for_someone_who_names_a_kind_of_it(lexicon):
    knows_xgboost = one_position("Built churn models with XGBoost and careful features")
    knows_python = one_position("Wrote simulations in Python")

    with_xgboost = {g.name for g in _gaps(knows_xgboost, lexicon, FORECASTING)}
    without = {g.key: g for g in _gaps(knows_python, lexicon, FORECASTING)}

    assert "tree-based models" not in with_xgboost
    assert without["tree-based-models"].kinds == (
        "decision trees",
        "gradient boosting",
        "random forests",
        "CatBoost",
        "LightGBM",
    )


def test_learning_a_narrow_gap_is_said_to_meet_the_broad_gaps_above_it(lexicon):
    posting = "Requirements\n- XGBoost\n- Tree-based models\n- Gradient boosting\n"

    gaps = {g.key: g for g in _gaps(one_position("Proved bounds"), lexicon, posting)}

    assert gaps["xgboost"].also_meets == ("gradient boosting", "tree-based models")
    assert gaps["tree-based-models"].also_meets == ()


def test_a_choice_is_one_gap_and_none_once_one_of_its_terms_is_supported(lexicon):
    posting = "Requirements\n- Experience with C++, Java or Go\n- SQL\n"

    unmet = {g.name for g in _gaps(one_position("Proved bounds"), lexicon, posting)}
    met = {g.name for g in _gaps(one_position("Wrote the solver in Java"), lexicon, posting)}

    assert "one of C++, Java, Go" in unmet
    assert not {"C++", "Java", "Go"} & unmet
    assert not any(name.startswith("one of") for name in met)


def test_left_out_lists_supported_terms_a_sent_resume_did_not_show_with_verbatim_lines(lexicon):
    inventory = Inventory(
        entries=(
            Entry(
                kind="position",
                title="Postdoc",
                bullets=(
                    Bullet("Ran 12,000 simulations on a Slurm cluster"),
                    Bullet("Wrote the pipeline in Python"),
                ),
            ),
        ),
        skills=(Skill("Python"),),
    )
    index = index_inventory(inventory, lexicon, load_rules())
    analysis = analyse_posting("Requirements\n- Python\n- Slurm\n- Kubernetes\n", lexicon)
    evidence = match_evidence(index, analysis)

    [left_out] = rank_left_out([("b1", analysis, frozenset({"python"}))], evidence, index)

    assert (left_out.name, left_out.counts) == ("SLURM", (("must", 1),))
    assert [line.text for line in left_out.lines] == ["Ran 12,000 simulations on a Slurm cluster"]


def test_strongest_lines_quote_bullets_word_for_word_one_per_entry_first(lexicon):
    inventory = Inventory(
        entries=(
            Entry(
                kind="position",
                title="Postdoc",
                bullets=(
                    Bullet("Trained PyTorch models on Kubernetes with Python"),
                    Bullet("Tuned PyTorch models in Python"),
                ),
            ),
            Entry(kind="project", title="Side project", bullets=(Bullet("Wrote SQL reports"),)),
        ),
    )
    index = index_inventory(inventory, lexicon, load_rules())
    analysis = analyse_posting("Requirements\n- Python, PyTorch, Kubernetes\n- SQL\n", lexicon)

    lines = strongest_lines(index, analysis, match_evidence(index, analysis), limit=2)

    assert [line.text for line in lines] == [
        "Trained PyTorch models on Kubernetes with Python",
        "Wrote SQL reports",
    ]
    assert lines[0].terms[0] in {"Python", "PyTorch", "Kubernetes"}


@pytest.mark.parametrize("posting_id", ["002", "011", "022", "027"])
def test_a_reports_analysis_finds_the_same_gaps_as_the_text(
    posting_id, postings, inventories, lexicon
):
    """The page reads a built posting from its stored report: the gaps must be those of the
    text (degrees and years aside, which the report's analysis leaves out)."""
    posting = postings[posting_id]
    inventory = inventories["004"]
    analysis = analyse_posting(posting["text"], lexicon, posting["title"])
    report = plan_resume(
        inventory, posting["text"], PlanOptions(posting_title=posting["title"])
    ).report
    assert report is not None
    index = index_inventory(inventory, lexicon, load_rules())
    from_report = analysis_from_report(report.posting)

    def gaps(a: PostingAnalysis) -> list[str]:
        rows = term_lists(a, set(), match_evidence(index, a)).gaps
        return [row.id for row in rows if row.category != "credential"]

    assert gaps(from_report) == gaps(analysis)
