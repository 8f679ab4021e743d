"""Where each skill is used: the entries whose bullets are evidence of it, and the skills
a change to bullets left on no bullet at all (which the person may then remove)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User

from resumes.models import Bullet, Skill


@dataclass(frozen=True)
class SkillUse:
    """One entry that shows a skill, and on how many of its bullets."""

    entry_pk: int
    entry_title: str
    bullets: int


def skill_uses(user: User) -> dict[int, list[SkillUse]]:
    """Skill pk → the entries that use it, in the inventory's order; one query."""
    links = (
        Bullet.skills.through.objects.filter(skill__owner=user)
        .order_by("bullet__entry__kind", "bullet__entry__order", "bullet__entry_id")
        .values_list("skill_id", "bullet__entry_id", "bullet__entry__title")
    )
    counts: dict[int, dict[int, list]] = {}
    for skill_pk, entry_pk, title in links:
        per_entry = counts.setdefault(skill_pk, {})
        per_entry.setdefault(entry_pk, [title, 0])[1] += 1
    return {
        skill_pk: [SkillUse(pk, title, count) for pk, (title, count) in per_entry.items()]
        for skill_pk, per_entry in counts.items()
    }


def left_unused(user: User, skill_pks: Iterable[int]) -> list[Skill]:
    """Which of these skills no bullet shows any more (after a tag was taken off or a
    bullet deleted): the ones to offer to remove from the inventory."""
    return list(Skill.objects.for_user(user).filter(pk__in=list(skill_pks)).unused())
