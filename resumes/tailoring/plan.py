"""The résumé plan: plain data the engine returns and the DOCX builder renders.

A plan is sections → entries → bullets with their final text and, for every bullet, why
it is there (the posting terms it shows, the rule that reworded it and the evidence for
that rule). `paragraphs()` turns a plan into the ordered paragraphs of the document; the
page-budget estimate, the gate, the scorer and the DOCX builder all read that one list, so
what is measured, checked and scored is exactly what is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from resumes.tailoring.plain_data import from_plain, to_plain
from resumes.tailoring.report import BuildReport

STANDARD_SECTIONS: tuple[str, ...] = (
    "Summary",
    "Experience",
    "Education",
    "Publications",
    "Projects",
    "Skills",
    "Certifications",
    "Teaching",
    "Talks",
    "Awards",
    "Service",
)

# Every heading a résumé may carry: the standard sections, and "Selected Publications"
# when only some of the person's papers fit.
SECTION_TITLES: tuple[str, ...] = (*STANDARD_SECTIONS, "Selected Publications")

# Headings the engine may give a group of skills; any other heading must be the person's.
SKILL_GROUP_LABELS: dict[str, str] = {
    "hard": "Technical",
    "domain": "Methods",
    "soft": "Professional",
    "": "Skills",
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class PlannedBullet:
    key: str
    text: str
    original: str
    terms: tuple[str, ...] = ()  # posting terms this bullet shows
    rule_ids: tuple[str, ...] = ()  # rules whose rewrite changed the wording
    evidence: tuple[str, ...] = ()  # the facts those rules relied on
    hygiene: tuple[str, ...] = ()  # grammar fixes made ("first person", "capital")


@dataclass(frozen=True)
class PlannedEntry:
    key: str
    kind: str
    title: str
    organization: str = ""
    location: str = ""
    start: str = ""
    end: str = ""
    current: bool = False
    degree: str = ""
    field_of_study: str = ""
    venue: str = ""
    year: int | None = None
    authors: tuple[str, ...] = ()
    details: tuple[str, ...] = ()  # verbatim extra lines: thesis, advisor, honours
    bullets: tuple[PlannedBullet, ...] = ()
    relevance: float = 0.0


@dataclass(frozen=True)
class SkillGroup:
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class PlannedSection:
    name: str  # one of SECTION_TITLES
    entries: tuple[PlannedEntry, ...] = ()
    skill_groups: tuple[SkillGroup, ...] = ()
    text: str = ""  # the Summary paragraph


@dataclass(frozen=True)
class Header:
    name: str
    headline: str = ""
    contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResumePlan:
    header: Header
    sections: tuple[PlannedSection, ...]
    page_limit: int
    style: str
    title: str  # document title for the core properties
    report: BuildReport | None = None  # set by `engine.plan_resume`
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self, timings: bool = True, report: bool = True) -> dict[str, Any]:
        """JSON-ready plain data; without timings it is identical for identical inputs.
        A stored build keeps its report in a column of its own (`report=False`)."""
        data: dict[str, Any] = to_plain(replace(self, report=None))
        if not timings:
            del data["timings_ms"]
        if report:
            data["report"] = self.report.to_dict(timings) if self.report else {}
        else:
            del data["report"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResumePlan:
        """A plan stored by `to_dict(report=False)`."""
        return from_plain(cls, {k: v for k, v in data.items() if k != "report"})


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the rendered document.

    kind: name, headline, contact, heading, summary, entry, detail, bullet, item, skills.
    `lead` is a bold leading run (an entry title, a skill-group label) and `text` the rest;
    `right` is a date shown after a right-aligned tab.
    """

    kind: str
    text: str
    lead: str = ""
    right: str = ""

    @property
    def full_text(self) -> str:
        return " ".join(p for p in (self.lead, self.text, self.right) if p)


def format_date(iso: str) -> str:
    """ "2016-08" → "Aug 2016"; "2016" → "2016": the one date format of every résumé."""
    parts = iso.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0] if parts and parts[0] else ""


def format_range(start: str, end: str, current: bool) -> str:
    first, last = format_date(start), format_date(end)
    if current:
        return f"{first} – Present" if first else "Present"
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


def entry_dates(entry: PlannedEntry) -> str:
    dates = format_range(entry.start, entry.end, entry.current)
    if not dates and entry.year:
        return str(entry.year)
    return dates


def paragraphs(
    plan: ResumePlan,
    of_entry: Callable[[PlannedEntry], Sequence[Paragraph]] | None = None,
) -> list[Paragraph]:
    """The document, paragraph by paragraph, in reading order. `of_entry` gives an entry's
    paragraphs when the caller keeps them (selection lays out the same entries many times)."""
    of_entry = of_entry or entry_paragraphs
    out = [Paragraph("name", plan.header.name)]
    if plan.header.headline:
        out.append(Paragraph("headline", plan.header.headline))
    if plan.header.contacts:
        out.append(Paragraph("contact", " | ".join(plan.header.contacts)))
    for section in plan.sections:
        out.append(Paragraph("heading", section.name))
        if section.text:
            out.append(Paragraph("summary", section.text))
        for group in section.skill_groups:
            out.append(Paragraph("skills", ", ".join(group.items), lead=f"{group.label}:"))
        for entry in section.entries:
            out.extend(of_entry(entry))
    return out


# Kinds shown as one list item each (a citation, a talk, an award) rather than as a block
# with a header line and bullets under it.
ITEM_KINDS = ("publication", "talk", "award", "certification")
LISTED_WHEN_BARE = ("service", "teaching")
# About what one line of an entry heading holds in the body sizes of the styles (10–11 pt
# on a US Letter or A4 page with 0.7-inch margins).
ENTRY_LINE_CHARS = 92


def entry_paragraphs(entry: PlannedEntry) -> list[Paragraph]:
    return list(_entry_paragraphs(entry))


@lru_cache(maxsize=4096)  # selection measures the same entries many times over
def _entry_paragraphs(entry: PlannedEntry) -> tuple[Paragraph, ...]:
    return tuple(_build_entry_paragraphs(entry))


def _build_entry_paragraphs(entry: PlannedEntry) -> list[Paragraph]:
    dates = entry_dates(entry)
    # Service and teaching with nothing under them read as a list, like talks: a column
    # of bold headings with no content would shout.
    listed = entry.kind in LISTED_WHEN_BARE and not entry.bullets and not entry.details
    if entry.kind in ITEM_KINDS or listed:
        parts = [entry.title]
        if entry.authors:
            parts.append(", ".join(entry.authors))
        place = ", ".join(p for p in (entry.venue or entry.organization, entry.location) if p)
        if place:
            parts.append(place)
        parts.extend(b.text for b in entry.bullets)
        parts.extend(entry.details)
        text = ". ".join(p.rstrip(".") for p in parts if p) + "."
        return [Paragraph("item", text, right=dates)]
    if entry.kind == "education":
        lead = ", ".join(p for p in (entry.degree, entry.field_of_study) if p) or entry.title
    else:
        lead = entry.title
    rest = ", ".join(p for p in (entry.organization, entry.location) if p and p != lead)
    if len(lead) + len(rest) + len(dates) + 2 > ENTRY_LINE_CHARS:
        # Too long for one line: the employer goes on a line of its own, so the dates stay
        # beside the title instead of wrapping onto a line alone.
        out = [Paragraph("entry", "", lead=lead, right=dates), Paragraph("detail", rest)]
    else:
        out = [Paragraph("entry", rest, lead=lead, right=dates)]
    out.extend(Paragraph("detail", d) for d in entry.details)
    out.extend(Paragraph("bullet", b.text) for b in entry.bullets)
    return out


def plan_text(plan: ResumePlan) -> str:
    """All text of the plan, one paragraph per line, in document order."""
    return "\n".join(p.full_text for p in paragraphs(plan))
