from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document

from resumes.docx_builder import build_docx
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.plan import ResumePlan, plan_text


def test_scoring_reports_every_category_before_and_after(
    plan_for: Callable[..., ResumePlan],
) -> None:
    scores = plan_for("007", "019").report.scores

    assert set(scores.before) == set(scores.after)
    assert set(scores.after) == {"hard", "domain", "soft", "credential", "overall"}
    overall = scores.after["overall"]
    assert overall.total_weight > 0
    assert 0 <= overall.supported_coverage <= 1


def test_scoring_tailoring_covers_supported_terms_well_above_baseline(
    plan_for: Callable[..., ResumePlan], pairs: list[tuple[str, str]]
) -> None:
    before, after = [], []
    for resume_id, posting_id in pairs:
        report = plan_for(resume_id, posting_id).report
        before.append(report.overall_before.supported_coverage)
        after.append(report.overall_after.supported_coverage)
        assert report.overall_after.match >= report.overall_before.match

    mean_before, mean_after = sum(before) / len(before), sum(after) / len(after)

    # Coverage counts only what the page shows and the inventory supports; the Skills
    # section no longer lists every supported posting term, so this is the honest gain.
    assert mean_after >= 0.9
    assert mean_after - mean_before >= 0.08
    assert all(a >= b for a, b in zip(after, before, strict=True))


def test_scoring_splits_covered_supported_and_gaps(
    plan_for: Callable[..., ResumePlan], lexicon: Lexicon
) -> None:
    plan = plan_for("009", "019")
    terms = plan.report.terms
    shown = lexicon.ids_in(plan_text(plan))

    covered = {t.id for t in terms.covered}
    gaps = {t.id for t in terms.gaps}

    assert covered
    assert {"rlhf", "fine-tuning"} <= gaps
    assert not (gaps & shown)  # a real gap is reported to the person, never written
    assert covered.isdisjoint(gaps)


def test_scoring_after_is_what_the_docx_shows(
    plan_for: Callable[..., ResumePlan], lexicon: Lexicon
) -> None:
    for resume_id, posting_id in (("002", "011"), ("004", "022"), ("007", "019"), ("009", "017")):
        plan = plan_for(resume_id, posting_id)
        docx = "\n".join(p.text for p in Document(io.BytesIO(build_docx(plan))).paragraphs)
        posting_terms = {t.id for t in plan.report.posting.terms}
        covered = {t.id for t in plan.report.terms.covered}
        not_shown = {t.id for t in plan.report.terms.supported_not_shown}

        read_back = lexicon.ids_in(docx) & posting_terms
        lexicon_terms = {t.id for t in plan.report.posting.terms if t.source == "lexicon"}

        assert covered & lexicon_terms <= read_back, (resume_id, posting_id)
        assert not (not_shown & read_back), (resume_id, posting_id)


def test_scoring_report_names_the_evidence_for_every_supported_term(
    plan_for: Callable[..., ResumePlan],
) -> None:
    plan = plan_for("007", "019", posting_extra="\n\nRequirements\n- ML infrastructure\n")
    keys = {u for s in plan.sections for e in s.entries for u in [e.key]}

    rows = plan.report.terms.covered + plan.report.terms.supported_not_shown
    by_id = {r.id: r for r in rows}

    assert all(r.evidence and r.evidence_count >= len(r.evidence) for r in rows)
    assert by_id["python"].evidence[0].startswith("literal 'Python' in ")
    ml_infra = by_id["ml-infrastructure"].evidence[0]
    assert ml_infra.startswith("rule tool-used-by-others-as-ml-infrastructure: ")
    assert "used_by_others: " in ml_infra
    assert any(key in ml_infra for key in keys)
    assert plan.report.terms.gaps[0].evidence == ()
