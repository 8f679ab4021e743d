"""Builders for inventory test data, made through the real models."""

from __future__ import annotations

from django.contrib.auth.models import User

from resumes.models import Bullet, Entry, ImportDraft, Skill


def make_entry(owner: User, kind: str = "position", **fields) -> Entry:
    fields.setdefault("title", "Postdoctoral researcher")
    fields.setdefault("organization", "University of Somewhere")
    return Entry.objects.create(owner=owner, kind=kind, **fields)


def make_bullet(entry: Entry, text: str = "Proved a tight regret bound", skills=()) -> Bullet:
    bullet = Bullet.objects.create(entry=entry, text=text, order=entry.bullets.count())
    for name in skills:
        skill, _ = Skill.objects.get_or_create(owner=entry.owner, name=name)
        bullet.skills.add(skill)
    return bullet


def make_skill(owner: User, name: str = "PyTorch", **fields) -> Skill:
    return Skill.objects.create(owner=owner, name=name, **fields)


def make_import_draft(owner: User) -> ImportDraft:
    document = {"work": [{"name": "Lab", "position": "Research assistant"}]}
    return ImportDraft.objects.create(
        owner=owner, filename="cv.json", format="jsonresume", document=document
    )
