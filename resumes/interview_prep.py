"""The résumé's part of an application's interview prep page (see tracker.panels): every
bullet of the résumé sent with the application, as it went out, with the evidence behind
it and the person's note on how to tell it.

Everything shown comes from the build itself (its plan, and the inventory snapshot it was
built from), so the page describes the exact document the interviewers hold, whatever the
inventory has become since.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from resumes.bullet_notes import MAX_NOTE_CHARS, bullet_pk, notes_for
from resumes.inventory_json import load_inventory_dict
from resumes.models import BulletNote, ResumeBuild
from resumes.posting_display import evidence_words, rule_explanations
from resumes.tailoring import inventory as plain
from resumes.tailoring.plan import PlannedBullet, PlannedEntry, ResumePlan, entry_dates
from tracker.models import Application


@dataclass(frozen=True)
class PrepBullet:
    planned: PlannedBullet
    skills: tuple[str, ...]  # what the person tagged the bullet as evidence of
    note: BulletNote | None
    note_limit: ClassVar[int] = MAX_NOTE_CHARS

    @property
    def reworded(self) -> bool:
        return self.planned.text != self.planned.original

    @property
    def reasons(self) -> list[str]:
        return rule_explanations(self.planned.rule_ids)

    @property
    def evidence(self) -> list[str]:
        return evidence_words(self.planned.evidence)

    @property
    def takes_a_note(self) -> bool:
        """Only bullets from the inventory have an identity a note can belong to."""
        return bullet_pk(self.planned.key) is not None


@dataclass(frozen=True)
class PrepEntry:
    planned: PlannedEntry
    dates: str
    facts: plain.Evidence | None  # the entry's evidence flags, when it had any
    bullets: tuple[PrepBullet, ...]


def sent_resume(application: Application) -> ResumeBuild | None:
    """The résumé last marked as sent with the application (the whole row: its plan and
    snapshot are what the page shows)."""
    return (
        ResumeBuild.objects.filter(
            sent_with=application, owner=application.owner, status=ResumeBuild.Status.READY
        )
        .select_related("posting")
        .order_by("-sent_on", "-pk")
        .first()
    )


def planned_bullet(build: ResumeBuild, key: str) -> PlannedBullet | None:
    """The bullet `key` names on the build's résumé, if it is there."""
    plan = ResumePlan.from_dict(build.plan or {})
    return next(
        (
            bullet
            for section in plan.sections
            for entry in section.entries
            for bullet in entry.bullets
            if bullet.key == key
        ),
        None,
    )


def prep_entries(build: ResumeBuild, user: User) -> list[PrepEntry]:
    """The résumé's entries that carry bullets, in the résumé's order, each bullet with
    its evidence and note (two queries, for the notes)."""
    plan = ResumePlan.from_dict(build.plan or {})
    snapshot = load_inventory_dict(build.inventory_snapshot)
    facts = {entry.key: entry.evidence for entry in snapshot.entries}
    skills = {b.key: b.skills for entry in snapshot.entries for b in entry.bullets}
    planned = [entry for section in plan.sections for entry in section.entries if entry.bullets]
    notes = notes_for(user, (b.key for entry in planned for b in entry.bullets))
    return [
        PrepEntry(
            planned=entry,
            dates=entry_dates(entry),
            facts=_recorded(facts.get(entry.key)),
            bullets=tuple(
                PrepBullet(bullet, skills.get(bullet.key, ()), notes.get(bullet.key))
                for bullet in entry.bullets
            ),
        )
        for entry in planned
    ]


def _recorded(evidence: plain.Evidence | None) -> plain.Evidence | None:
    """The entry's evidence flags, or None when none of them was ever set."""
    return evidence if evidence is not None and evidence != plain.Evidence() else None


def prep_bullet(build: ResumeBuild, user: User, bullet: PlannedBullet) -> PrepBullet:
    """One bullet as the prep page shows it, after its note changed."""
    snapshot = load_inventory_dict(build.inventory_snapshot)
    skills = next(
        (b.skills for e in snapshot.entries for b in e.bullets if b.key == bullet.key), ()
    )
    return PrepBullet(bullet, skills, notes_for(user, [bullet.key]).get(bullet.key))


def interview_prep_resume(request: HttpRequest, application: Application) -> SafeString:
    """The résumé section of the prep page; without a résumé marked as sent, what to do."""
    build = sent_resume(application)
    unsent = None
    if build is None:
        unsent = (
            ResumeBuild.objects.filter(
                posting__application=application,
                owner=application.owner,
                status=ResumeBuild.Status.READY,
            )
            .defer(*ResumeBuild.LARGE_FIELDS)
            .first()
        )
    context = {
        "application": application,
        "build": build,
        "entries": prep_entries(build, application.owner) if build else [],
        "unsent": unsent,
    }
    # The template engine escapes what it renders and returns it marked safe.
    return render_to_string("resumes/includes/interview_prep_resume.html", context, request)
