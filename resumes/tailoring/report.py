"""The build report: why the résumé says what it says, as versioned, typed data.

`plan_resume` returns one `BuildReport` with the plan; the build row stores its `to_dict()`
and every reader (the build page, the command line, the tests) loads it back with
`BuildReport.from_dict`, so no reader walks the JSON by string paths.

Versions: 1 is the same shape without a "version" key (builds made before this module);
2 adds the key. A change that only adds fields keeps the version (older data loads with
the defaults); renaming or changing a field's meaning bumps it, and `from_dict` refuses
data from a newer version than it knows rather than misreading it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from resumes.tailoring.plain_data import from_plain, to_plain

REPORT_VERSION = 2


class ReportVersionError(ValueError):
    """The report was written by a newer Reframe than this one."""


# ----------------------------------------------------------------------- the posting


@dataclass(frozen=True)
class PostingSectionRow:
    name: str
    heading: str = ""


@dataclass(frozen=True)
class RequirementRow:
    """A choice the posting offers ("C, C++, Java or Python"), by term id."""

    id: str
    level: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostingTermRow:
    id: str
    name: str
    category: str
    weight: float
    section: str
    count: int = 0
    surfaces: tuple[str, ...] = ()
    source: str = "lexicon"
    level: str = ""  # empty in reports written before levels existed
    group: str = ""


@dataclass(frozen=True)
class PostingReport:
    """What the posting was read as."""

    title: str = ""
    role_family: str = ""
    seniority: str = ""
    years_required: int | None = None
    language: str = "en"
    confidence: str = "ok"  # "low" or "language": no score is shown, `notice` says why
    notice: str = ""
    sections: tuple[PostingSectionRow, ...] = ()
    requirements: tuple[RequirementRow, ...] = ()
    terms: tuple[PostingTermRow, ...] = ()

    @property
    def scored(self) -> bool:
        return self.confidence == "ok"


# ------------------------------------------------------------------------ the scores


@dataclass(frozen=True)
class CategoryScore:
    """Weights asked, shown and supported in one category, and the two ratios."""

    total_weight: float = 0.0
    shown_weight: float = 0.0
    supported_weight: float = 0.0
    shown_supported_weight: float = 0.0
    match: float = 1.0
    supported_coverage: float = 1.0


@dataclass(frozen=True)
class Scores:
    """Per category ("hard", "domain", "soft", "credential") and "overall"."""

    before: dict[str, CategoryScore] = field(default_factory=dict)
    after: dict[str, CategoryScore] = field(default_factory=dict)


# ------------------------------------------------------------------------- the terms


@dataclass(frozen=True)
class TermRow:
    """One thing the posting asks for, and what in the inventory supports it."""

    id: str
    name: str
    category: str
    weight: float
    section: str
    level: str = ""
    group: str = ""
    how: str = ""  # the strongest kind of support, "" when none
    evidence: tuple[str, ...] = ()  # the inventory words behind it, strongest first
    evidence_count: int = 0


@dataclass(frozen=True)
class ChoiceRow:
    """A choice once, with which of its terms the résumé shows and the inventory supports."""

    id: str
    level: str
    terms: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()
    supported: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearsAsked:
    name: str
    level: str = ""


@dataclass(frozen=True)
class TermLists:
    covered: tuple[TermRow, ...] = ()
    supported_not_shown: tuple[TermRow, ...] = ()
    gaps: tuple[TermRow, ...] = ()  # real gaps: never written into the résumé
    choices: tuple[ChoiceRow, ...] = ()
    years: tuple[YearsAsked, ...] = ()

    def status_of(self, term_id: str) -> str:
        """ "covered", "supported_not_shown" or "gap"."""
        if any(row.id == term_id for row in self.covered):
            return "covered"
        if any(row.id == term_id for row in self.supported_not_shown):
            return "supported_not_shown"
        return "gap"


# ------------------------------------------------------------- what the engine did


@dataclass(frozen=True)
class Change:
    """Which rule changed which bullet, and on what evidence."""

    entry: str
    bullet: str
    rule: str = ""  # the first rule, "" for grammar fixes alone
    rules: tuple[str, ...] = ()
    before: str = ""
    after: str = ""
    evidence: tuple[str, ...] = ()
    hygiene: tuple[str, ...] = ()  # grammar fixes ("first person", "capital")


@dataclass(frozen=True)
class FactRow:
    name: str
    source: str = ""
    detail: str = ""
    ref: str = ""


@dataclass(frozen=True)
class Backing:
    """One inventory unit behind a Skills item, and how it supports it."""

    unit: str
    entry: str = ""
    text: str = ""
    how: str = ""
    words: str = ""
    rule: str = ""
    facts: tuple[FactRow, ...] = ()


@dataclass(frozen=True)
class SkillShown:
    """An item of the Skills section: the person's own ("own") or added for the posting."""

    item: str
    group: str
    source: str
    term: str = ""
    skill: str = ""  # the person's own spelling, for their own skills
    backing: tuple[Backing, ...] = ()


@dataclass(frozen=True)
class DerivedCount:
    """A count the summary states ("three roles"), with the entries it counts."""

    term: str
    count: int
    of: str
    entries: tuple[str, ...] = ()


@dataclass(frozen=True)
class SummaryReport:
    text: str = ""
    terms: tuple[str, ...] = ()  # posting term names it states
    derived: tuple[DerivedCount, ...] = ()


@dataclass(frozen=True)
class BulletReason:
    entry: str
    bullet: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class SelectionReport:
    page_limit: int = 0
    entries_shown: int = 0
    entries_total: int = 0
    bullets_shown: int = 0
    bullets_total: int = 0
    estimated_pages: float = 0.0


@dataclass(frozen=True)
class ViolationRow:
    kind: str
    where: str
    detail: str = ""


@dataclass(frozen=True)
class GateReport:
    mode: str = ""
    violations: tuple[ViolationRow, ...] = ()


# ------------------------------------------------------------------------ the report


@dataclass(frozen=True)
class BuildReport:
    posting: PostingReport = field(default_factory=PostingReport)
    scores: Scores = field(default_factory=Scores)
    terms: TermLists = field(default_factory=TermLists)
    changes: tuple[Change, ...] = ()
    skills: tuple[SkillShown, ...] = ()
    summary: SummaryReport | None = None  # None when the résumé has no summary
    bullets: tuple[BulletReason, ...] = ()
    selection: SelectionReport = field(default_factory=SelectionReport)
    gate: GateReport = field(default_factory=GateReport)
    timings_ms: dict[str, float] = field(default_factory=dict)
    version: int = REPORT_VERSION

    def to_dict(self, timings: bool = True) -> dict[str, Any]:
        """JSON-ready; without timings it is identical for identical inputs."""
        data: dict[str, Any] = to_plain(self)
        data["summary"] = data["summary"] or {}
        if not timings:
            del data["timings_ms"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BuildReport:
        version = data.get("version", 1)
        if not isinstance(version, int) or version > REPORT_VERSION:
            raise ReportVersionError(
                f"this report has version {version!r}; this Reframe reads up to {REPORT_VERSION}"
            )
        report = from_plain(cls, {**data, "summary": data.get("summary") or None})
        return replace(report, version=REPORT_VERSION)

    @property
    def overall_before(self) -> CategoryScore:
        return self.scores.before.get("overall", CategoryScore())

    @property
    def overall_after(self) -> CategoryScore:
        return self.scores.after.get("overall", CategoryScore())
