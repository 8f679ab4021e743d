from __future__ import annotations

from collections.abc import Callable

from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.plan import ResumePlan, plan_text


def test_scoring_reports_every_category_before_and_after(
    plan_for: Callable[..., ResumePlan],
) -> None:
    scores = plan_for("007", "019").report["scores"]

    assert set(scores) == {"before", "after"}
    assert set(scores["after"]) == {"hard", "domain", "soft", "overall"}
    assert set(scores["after"]["overall"]) >= {"match", "supported_coverage", "total_weight"}


def test_scoring_tailoring_covers_supported_terms_well_above_baseline(
    plan_for: Callable[..., ResumePlan], pairs: list[tuple[str, str]]
) -> None:
    before, after = [], []
    for resume_id, posting_id in pairs:
        overall = plan_for(resume_id, posting_id).report["scores"]
        before.append(overall["before"]["overall"]["supported_coverage"])
        after.append(overall["after"]["overall"]["supported_coverage"])
        assert overall["after"]["overall"]["match"] >= overall["before"]["overall"]["match"]

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
    terms = plan.report["terms"]
    shown = lexicon.ids_in(plan_text(plan))

    covered = {t["id"] for t in terms["covered"]}
    gaps = {t["id"] for t in terms["gaps"]}

    assert covered
    assert {"rlhf", "llm-fine-tuning"} <= gaps
    assert not (gaps & shown)  # a real gap is reported to the person, never written
    assert covered.isdisjoint(gaps)
