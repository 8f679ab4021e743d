"""What a résumé version is like, in the few features the dashboard compares versions by:
its style, its pages, the reframing rules it used, the headline's own words and the
sentence of the person's own that its summary opens with.

Worked out once, from the typed plan and report, when the build is ready, and stored on
the build (`ResumeBuild.features`): a few hundred bytes, so the dashboard reads them for
every résumé sent without loading plans and reports of tens of kilobytes each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from resumes.inventory_json import load_inventory_dict
from resumes.tailoring.plain_data import to_plain
from resumes.tailoring.plan import ResumePlan
from resumes.tailoring.report import BuildReport, ReportVersionError, SummaryReport

# What `summary.build_headline` puts between the person's own headline and the focus it
# adds for the posting (the honesty gate splits the headline at the same mark).
FOCUS_MARK = " — "


@dataclass(frozen=True)
class VersionFeatures:
    style: str = ""  # a key of tailoring.layout.STYLES
    pages: int = 0  # as laid out by the engine
    rules: tuple[str, ...] = ()  # reframing rule ids, sorted
    headline: str = ""  # before FOCUS_MARK
    summary: str = ""  # the person's own opening sentence; "" when it opens otherwise

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VersionFeatures:
        # Flat fields and one list: read directly rather than through `from_plain`'s walk
        # of the type hints, a tenth of the time, as the dashboard reads one per résumé sent.
        values = {name: data[name] for name in _FIELDS if name in data}
        return cls(**{**values, "rules": tuple(values.get("rules", ()))})


_FIELDS = tuple(f.name for f in fields(VersionFeatures))


def features_of(plan: ResumePlan, report: BuildReport, *, profile_summary: str) -> VersionFeatures:
    """The features of a built résumé; `profile_summary` is the summary of the inventory
    it was built from, which tells the person's words from the engine's."""
    return VersionFeatures(
        style=plan.style,
        pages=_pages(plan, report),
        rules=tuple(sorted({rule for change in report.changes for rule in _rules(change)})),
        headline=plan.header.headline.partition(FOCUS_MARK)[0].strip(),
        summary=_own_opening(report.summary, profile_summary),
    )


def _pages(plan: ResumePlan, report: BuildReport) -> int:
    # The estimate is of the page the résumé fills (1.4: into its second page); reports
    # written before it existed give 0, and then the limit it was laid out to stands in.
    estimated = report.selection.estimated_pages
    return math.ceil(estimated) if estimated > 0 else plan.page_limit


def _rules(change) -> tuple[str, ...]:
    # `rules` lists every rule of a bullet; older reports have only the first, `rule`.
    return tuple(rule for rule in (change.rules or (change.rule,)) if rule)


def _own_opening(summary: SummaryReport | None, profile_summary: str) -> str:
    """The summary's first sentence when the person wrote it (the engine opens with the
    first sentence of their profile, when short enough, before what it adds)."""
    if summary is None:
        return ""
    first = summary.text.split(". ")[0].strip().rstrip(".")
    return f"{first}." if first and first in profile_summary else ""


def features_of_stored(
    plan: dict[str, Any], report: dict[str, Any], inventory: dict[str, Any]
) -> VersionFeatures | None:
    """The features of a build from its stored plan, report and inventory snapshot (for
    builds made before features were stored); None for a report newer than this code."""
    try:
        typed_report = BuildReport.from_dict(report)
    except ReportVersionError:
        return None
    return features_of(
        ResumePlan.from_dict(plan),
        typed_report,
        profile_summary=load_inventory_dict(inventory).basics.summary,
    )
