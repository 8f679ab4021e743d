"""A stored build's plan, made readable: the HTML preview, each bullet's reasons, and
the difference between two versions. The preview reads the same paragraphs the DOCX
builder writes, so what the page shows is what the file says."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from resumes.tailoring.plan import ITEM_KINDS, Paragraph, PlannedBullet, ResumePlan, paragraphs


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
