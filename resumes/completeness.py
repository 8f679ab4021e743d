"""Hints that say what a section still lacks for tailoring to have something to work with."""

from __future__ import annotations

from dataclasses import dataclass

from resumes.models import BULLETED_KINDS, Entry, EntryKind

EMPTY_ADVICE = {
    EntryKind.POSITION: "Add your research positions: PhD, postdoc, fellowships, internships.",
    EntryKind.EDUCATION: "Add your degrees, with the thesis title and advisor.",
    EntryKind.PUBLICATION: "Import your BibTeX file, or add papers one by one.",
    EntryKind.PROJECT: "Research code, simulations, side projects: anything you built.",
    EntryKind.TEACHING: "Courses taught or assisted: they show communication and mentoring.",
    EntryKind.TALK: "Conference talks and seminars.",
    EntryKind.AWARD: "Fellowships, grants, prizes.",
    EntryKind.CERTIFICATION: "Cloud, data or security certificates, with who issued them.",
    EntryKind.OPEN_SOURCE: "Libraries or tools you released or contributed to.",
    EntryKind.SERVICE: "Reviewing, organising, mentoring.",
    EntryKind.MEDIA: "Press coverage and popular writing: kept here, left off résumés.",
}


@dataclass(frozen=True)
class SectionHint:
    level: str  # "empty", "partial" or "complete"
    messages: tuple[str, ...]


def section_hint(kind: str, entries: list[Entry]) -> SectionHint:
    """Entries must have their bullets prefetched."""
    if not entries:
        return SectionHint("empty", (EMPTY_ADVICE[kind],))
    messages = []
    if kind in BULLETED_KINDS:
        bare = sum(1 for entry in entries if not entry.bullets.all())
        if bare:
            messages.append(
                f"{bare} of {len(entries)} ha{'s' if bare == 1 else 've'} no bullets: "
                "tailoring can only choose among facts you wrote down."
            )
    if kind == EntryKind.PUBLICATION:
        missing = sum(1 for e in entries if not (e.venue and (e.year or e.start)))
        if missing:
            messages.append(f"{missing} without a venue or year.")
        untyped = sum(1 for e in entries if not e.paper_type)
        if untyped:
            messages.append(
                f"{untyped} not marked theory or empirical: it decides how a paper is described."
            )
    if kind == EntryKind.EDUCATION:
        undated = sum(1 for e in entries if not (e.end or e.current or e.start))
        if undated:
            messages.append(f"{undated} without dates.")
    undated = sum(1 for e in entries if kind == EntryKind.POSITION and not e.start)
    if undated:
        messages.append(f"{undated} without a start date.")
    return SectionHint("partial" if messages else "complete", tuple(messages))
