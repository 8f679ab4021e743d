"""A stored build's plan, made readable: the HTML preview, each bullet's reasons, and
the difference between two versions. The preview reads the same paragraphs the DOCX
builder writes, so what the page shows is what the file says."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from resumes.tailoring.plan import (
    ITEM_KINDS,
    Header,
    Paragraph,
    PlannedBullet,
    PlannedEntry,
    PlannedSection,
    ResumePlan,
    SkillGroup,
    paragraphs,
)


def plan_from_dict(data: dict) -> ResumePlan:
    header = Header(**{**data["header"], "contacts": tuple(data["header"]["contacts"])})
    sections = tuple(
        PlannedSection(
            name=section["name"],
            text=section["text"],
            skill_groups=tuple(
                SkillGroup(g["label"], tuple(g["items"])) for g in section["skill_groups"]
            ),
            entries=tuple(_entry(e) for e in section["entries"]),
        )
        for section in data["sections"]
    )
    return ResumePlan(header, sections, data["page_limit"], data["style"], data["title"])


def _entry(data: dict) -> PlannedEntry:
    bullets = tuple(
        PlannedBullet(
            **{**b, "terms": tuple(b["terms"]), "rule_ids": tuple(b["rule_ids"]),
               "evidence": tuple(b["evidence"]), "hygiene": tuple(b.get("hygiene", ()))}
        )
        for b in data["bullets"]
    )  # fmt: skip
    return PlannedEntry(
        **{**data, "authors": tuple(data["authors"]), "details": tuple(data["details"]),
           "bullets": bullets}
    )  # fmt: skip


@dataclass(frozen=True)
class PreviewBlock:
    """One paragraph of the preview; bullets carry the plan's reasons for them."""

    paragraph: Paragraph
    bullet: PlannedBullet | None = None


def preview(plan: ResumePlan) -> list[PreviewBlock]:
    """The document's paragraphs in order, each bullet paired with its PlannedBullet."""
    header_count = len(paragraphs(replace(plan, sections=())))
    blocks = [PreviewBlock(p) for p in paragraphs(plan)[:header_count]]
    for section in plan.sections:
        reasons = iter(
            bullet
            for entry in section.entries
            if entry.kind not in ITEM_KINDS
            for bullet in entry.bullets
        )
        for paragraph in paragraphs(replace(plan, sections=(section,)))[header_count:]:
            bullet = next(reasons) if paragraph.kind == "bullet" else None
            blocks.append(PreviewBlock(paragraph, bullet))
    return blocks


def plan_lines(plan: ResumePlan) -> list[str]:
    return [paragraph.full_text for paragraph in paragraphs(plan)]


def version_diff(older: ResumePlan, newer: ResumePlan) -> list[tuple[str, str]]:
    """Lines as ("same" | "added" | "removed", text), in reading order."""
    marks = {" ": "same", "+": "added", "-": "removed"}
    return [
        (marks[line[0]], line[2:])
        for line in difflib.ndiff(plan_lines(older), plan_lines(newer))
        if line[0] in marks
    ]
