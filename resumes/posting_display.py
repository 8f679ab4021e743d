"""What a build's report says about the posting, made readable for the build page.

The report keeps engine ids ("position-1/b0", "tool-used-by-others-as-software-engineering",
"r3") so every claim can be traced; the page shows the person names and words instead:
each requirement once, a choice as "one of C, C++, Java, Python — you show Python", levels
as recruiters say them, and each bullet's reasons in plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumes.tailoring.cover_letter import CoverLetter
from resumes.tailoring.plain_data import from_plain
from resumes.tailoring.report import BuildReport, ChoiceRow
from resumes.tailoring.rules import load_rules

LEVEL_TITLES: tuple[tuple[str, str], ...] = (
    ("must", "Must have"),
    ("nice", "Nice to have"),
    ("mention", "Also mentioned"),
)
# "position-1/b0: 'words'" and "used_by_others: 'words' in position-1/b0" → the words.
_UNIT_PREFIX_RE = re.compile(r"^[\w#/.:-]+:\s+")
_UNIT_SUFFIX_RE = re.compile(r"\s+in\s+[\w#/.:-]+$")


@dataclass(frozen=True)
class CategoryRow:
    """One line of the scores table, as fractions (the template shows percentages)."""

    name: str
    before: float
    after: float
    supported_after: float


@dataclass(frozen=True)
class ReportView:
    """Everything the build page shows of a report, already in the person's words."""

    scored: bool  # False for a posting too thin or not in English: `notice` says why
    notice: str
    role_family: str
    seniority: str
    years_required: int | None
    supported_coverage: float
    categories: list[CategoryRow]
    asks: list[dict]
    could_show: list[str]
    gaps: list[str]


def report_view(report: BuildReport, role_families: dict[str, str]) -> ReportView:
    posting = report.posting
    before = report.scores.before
    return ReportView(
        scored=posting.scored,
        notice=posting.notice,
        role_family=role_families.get(posting.role_family, ""),
        seniority=posting.seniority,
        years_required=posting.years_required,
        supported_coverage=report.overall_after.supported_coverage,
        categories=[
            CategoryRow(
                name=name,
                before=before[name].match if name in before else 0.0,
                after=after.match,
                supported_after=after.supported_coverage,
            )
            for name, after in report.scores.after.items()
        ],
        asks=posting_asks(report),
        could_show=[row.name for row in report.terms.supported_not_shown],
        gaps=gap_labels(report),
    )


def posting_asks(report: BuildReport) -> list[dict]:
    """Per level, what the posting asks for: single terms and choices, each with its status
    (covered, supported_not_shown, gap, or "info" for years of experience)."""
    items: dict[str, list[dict]] = {level: [] for level, _ in LEVEL_TITLES}
    for choice in report.terms.choices:
        items[choice.level].append(_choice_item(choice))
    for term in report.posting.terms:
        if term.group:
            continue
        level = term.level or _level_of_section(term.section)
        if term.source == "years":
            items[level].append({"label": f"{term.name} of experience", "status": "info"})
            continue
        items[level].append(
            {"label": term.name, "status": report.terms.status_of(term.id), "note": ""}
        )
    return [
        {"level": level, "title": title, "items": items[level]}
        for level, title in LEVEL_TITLES
        if items[level]
    ]


def _choice_item(choice: ChoiceRow) -> dict:
    label = "one of " + ", ".join(choice.terms)
    if choice.shown:
        return {"label": label, "status": "covered", "note": "you show " + choice.shown[0]}
    if choice.supported:
        note = "you could show " + choice.supported[0]
        return {"label": label, "status": "supported_not_shown", "note": note}
    return {"label": label, "status": "gap", "note": ""}


def _level_of_section(section: str) -> str:
    # Reports written before levels existed carry only the section.
    return {"requirements": "must", "title": "must", "preferred": "nice"}.get(section, "mention")


def rule_explanations(rule_ids: tuple[str, ...] | list[str]) -> list[str]:
    """Each reframing rule's reason, in words ("A simulation campaign is a set of controlled
    experiments run in software."), instead of its id."""
    notes = {rule.id: rule.note for rule in load_rules().rules}
    return [notes.get(rule_id, rule_id.replace("-", " ")) for rule_id in rule_ids]


def evidence_words(evidence: tuple[str, ...] | list[str]) -> list[str]:
    """The inventory words behind a reframing, without the engine's unit keys."""
    return [_UNIT_SUFFIX_RE.sub("", _UNIT_PREFIX_RE.sub("", line)) for line in evidence]


def gap_labels(report: BuildReport) -> list[str]:
    """The real gaps, a choice written out once ("one of C++, Java") and only when no
    member of it is met."""
    choices = {c.id: c for c in report.terms.choices}
    labels: list[str] = []
    for row in report.terms.gaps:
        choice = choices.get(row.group)
        label = "one of " + ", ".join(choice.terms) if choice else row.name
        if label not in labels:
            labels.append(label)
    return labels


def cover_letter_view(data: dict | None) -> CoverLetter | None:
    """The stored cover letter, or None for a build made before cover letters (or one
    whose letter cannot be read)."""
    if not data:
        return None
    try:
        return from_plain(CoverLetter, data)
    except (TypeError, ValueError):
        return None
