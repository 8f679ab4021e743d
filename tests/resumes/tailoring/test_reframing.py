"""Licensed reframing of bullets: academic work said the way the posting's reader says it.

A rule that fired on a bullet, and licenses a term the posting asks for, puts that term
before the person's words; the words themselves stay, with every number, name and date,
and the report says which rule changed which bullet on what evidence.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable

from docx import Document

from resumes.docx_builder import build_docx
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.inventory import Basics, Bullet, Entry, Inventory
from resumes.tailoring.plan import ResumePlan
from resumes.tailoring.selection import PlanOptions
from resumes.tailoring.textnorm import numbers_in
from tests.resumes.tailoring.inventories import one_position

ML_RESEARCH = """Research Scientist, Machine Learning

Requirements
- PhD in machine learning, statistics or a related field.
- Strong background in algorithm design and analysis.
- Experience with debugging and root-cause analysis of research code.
- Experimentation at scale.
- Publications at NeurIPS, ICML or COLT.
"""
# The same posting, not asking for the terms the rules would lead with.
ML_RESEARCH_PLAIN = """Research Scientist, Machine Learning

Requirements
- PhD in machine learning, statistics or a related field.
- Publications at NeurIPS, ICML or COLT.
"""
THEORY_BULLET = "Proved non-asymptotic convergence bounds for 2 Langevin samplers."


def _theory_inventory() -> Inventory:
    return Inventory(
        basics=Basics(name="Ada Example"),
        entries=(
            Entry(
                kind="position",
                title="Postdoctoral Researcher",
                organization="Example University",
                start="2021-09",
                end="2024-08",
                bullets=(
                    Bullet(
                        "Debugged a race condition in the group's MPI code that corrupted "
                        "3 weeks of runs.",
                        key="postdoc/debug",
                    ),
                    Bullet(
                        "Ran 12,000 simulations sweeping the coupling constant.", key="postdoc/sim"
                    ),
                ),
            ),
            Entry(
                kind="publication",
                title="Non-asymptotic analysis of Langevin samplers",
                venue="COLT",
                year=2023,
                authors=("A. Example", "B. Coauthor"),
                paper_type="theory",
                bullets=(Bullet(THEORY_BULLET, key="colt/b0"),),
            ),
        ),
    )


def _plan(posting: str, inventory: Inventory | None = None) -> ResumePlan:
    return plan_resume(inventory or _theory_inventory(), posting, PlanOptions())


def _changes(plan: ResumePlan) -> dict[str, dict]:
    return {c.bullet: c for c in plan.report.changes}


def _bullet_text(plan: ResumePlan, key: str) -> str:
    return next(b.text for s in plan.sections for e in s.entries for b in e.bullets if b.key == key)


def test_reframing_says_a_theory_paper_is_algorithm_design_in_the_summary() -> None:
    plan = _plan(ML_RESEARCH)

    summary = plan.report.summary

    # The bullet stays the person's sentence; the licensed industry words go to the top,
    # once, and the report says which rule's evidence backs them.
    assert _bullet_text(plan, "colt/b0") == THEORY_BULLET
    assert "algorithm design and analysis" in summary.text
    assert "algorithm design and analysis" in summary.terms
    text = "\n".join(p.text for p in Document(io.BytesIO(build_docx(plan))).paragraphs)
    assert summary.text in text
    rows = {r.name: r for r in plan.report.terms.covered}
    assert (
        rows["algorithm design and analysis"]
        .evidence[0]
        .startswith("rule theory-as-algorithm-analysis: ")
    )


def test_reframing_leaves_the_bullet_alone_when_the_posting_does_not_ask() -> None:
    plan = _plan(ML_RESEARCH_PLAIN)

    assert _changes(plan) == {}
    assert _bullet_text(plan, "colt/b0") == THEORY_BULLET


def test_reframing_debugging_and_simulations_toward_the_posting() -> None:
    plan = _plan(ML_RESEARCH)
    changes = _changes(plan)

    # "Debugged" stays as written; root-cause analysis is said once, in the summary.
    assert "postdoc/debug" not in changes
    assert "root-cause analysis" in plan.report.summary.text
    # The swap makes the simulations "simulation experiments", which says experimentation.
    assert changes["postdoc/sim"].rules == ("simulations-as-experimentation",)
    assert changes["postdoc/sim"].after == (
        "Ran 12,000 simulation experiments sweeping the coupling constant."
    )


def test_reframing_needs_the_rules_evidence_not_only_the_posting() -> None:
    # Density functional theory is not theory work; no rule fires, nothing is led.
    inventory = one_position(
        "Used density functional theory with a quasi-Newton optimizer.",
        "Ran controlled experiments on 3 laser cooling set-ups.",
    )
    ab_posting = ML_RESEARCH + "- A/B testing of product changes.\n"

    plan = _plan(ab_posting, inventory)

    texts = [b.text for s in plan.sections for e in s.entries for b in e.bullets]
    texts.append(plan.report.summary.text if plan.report.summary else "")
    assert not any("lgorithm design" in t or "A/B" in t for t in texts)


def test_reframing_keeps_every_number_and_name_across_the_shared_pairs(
    plan_for: Callable[..., ResumePlan], pairs: list
) -> None:
    changes = [c for r, p in pairs for c in plan_for(r, p).report.changes]

    assert changes  # the shared data does get reframed
    for change in changes:
        before, after = change.before, change.after
        assert Counter(numbers_in(before)) == Counter(numbers_in(after)), change
        if change.rules:
            assert change.rule == change.rules[0]
            assert change.evidence[0].startswith(change.bullet)
        else:
            assert change.hygiene, change  # a change is a rule's or a grammar fix
        # A swap or a grammar fix keeps all the capitalised words (names).
        names = {w for w in before.split() if w[:1].isupper() and w[1:2].islower()}
        assert names - {before.split()[0]} <= set(after.split()), change


def test_reframing_glues_no_label_onto_a_bullet(
    plan_for: Callable[..., ResumePlan], pairs: list
) -> None:
    for resume_id, posting_id in pairs:
        for change in plan_for(resume_id, posting_id).report.changes:
            before, after = change.before, change.after
            # no "Experimentation: ..." before the person's words, no "... (term)" after
            assert not re.match(r"^[^:]{2,40}: ", after) or re.match(r"^[^:]{2,40}: ", before)
            assert not after.rstrip(".").endswith(")") or before.rstrip(".").endswith(")")
