"""The build report as versioned, typed data: what is stored is what is read back, older
reports still load, and a newer one is refused rather than misread."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from resumes.tailoring.plan import ResumePlan
from resumes.tailoring.report import (
    REPORT_VERSION,
    BuildReport,
    CategoryScore,
    ReportVersionError,
    SummaryReport,
)


def _stored(report: BuildReport) -> dict:
    """As a JSON column gives it back."""
    return json.loads(json.dumps(report.to_dict()))


def test_a_stored_report_reads_back_equal(
    plan_for: Callable[..., ResumePlan], pairs: list[tuple[str, str]]
) -> None:
    for resume_id, posting_id in pairs[::7]:
        report = plan_for(resume_id, posting_id).report

        assert BuildReport.from_dict(_stored(report)) == report, (resume_id, posting_id)


def test_the_stored_report_carries_its_version(plan_for: Callable[..., ResumePlan]) -> None:
    data = _stored(plan_for("007", "019").report)

    assert data["version"] == REPORT_VERSION
    assert data["scores"]["after"]["overall"]["supported_coverage"] >= 0


def test_a_report_written_before_versions_still_loads(plan_for: Callable[..., ResumePlan]):
    report = plan_for("004", "022").report
    data = _stored(report)
    # Version 1: no version key, no term levels, no grammar fixes on changes.
    del data["version"]
    for row in data["posting"]["terms"]:
        del row["level"]
    for change in data["changes"]:
        del change["hygiene"]

    loaded = BuildReport.from_dict(data)

    assert loaded.version == REPORT_VERSION
    assert loaded.scores == report.scores
    assert {t.level for t in loaded.posting.terms} == {""}
    assert [c.after for c in loaded.changes] == [c.after for c in report.changes]


def test_a_report_from_a_newer_version_is_refused(plan_for: Callable[..., ResumePlan]):
    data = _stored(plan_for("004", "022").report)
    data["version"] = REPORT_VERSION + 1

    with pytest.raises(ReportVersionError, match="reads up to"):
        BuildReport.from_dict(data)


def test_a_resume_without_a_summary_reports_none_and_stores_an_empty_object():
    report = BuildReport(summary=None)

    assert report.to_dict()["summary"] == {}
    assert BuildReport.from_dict(report.to_dict()).summary is None
    with_one = BuildReport(summary=SummaryReport(text="Experience in statistics."))
    assert BuildReport.from_dict(_stored(with_one)).summary == with_one.summary


def test_overall_scores_have_safe_defaults_for_an_empty_report():
    empty = BuildReport()

    assert empty.overall_after == CategoryScore()
    assert empty.posting.scored


def test_a_plan_stored_without_its_report_reads_back_equal(plan_for: Callable[..., ResumePlan]):
    plan = plan_for("002", "011")
    stored = json.loads(json.dumps(plan.to_dict(timings=False, report=False)))

    assert "report" not in stored
    read = ResumePlan.from_dict(stored)
    assert read.sections == plan.sections
    assert read.header == plan.header
    assert (read.page_limit, read.style, read.title) == (plan.page_limit, plan.style, plan.title)
