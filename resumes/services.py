"""Changes to the inventory that touch several rows, and the import workflow."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Max

from resumes import inventory_store
from resumes.importers import detect_format, parse_inventory_file
from resumes.importers.jsonresume import parse_json_resume, to_json_resume
from resumes.models import Basics, Bullet, Entry, ImportDraft, Skill


def skills_named(*, user: User, names: list[str]) -> list[Skill]:
    """The person's skills with these names (any letter case), creating missing ones."""
    existing: dict[str, Skill] = {}
    for skill in Skill.objects.for_user(user):
        existing.setdefault(skill.name.casefold(), skill)
    order = len(existing)
    found = []
    for name in names:
        skill = existing.get(name.casefold())
        if skill is None:
            skill = Skill.objects.create(owner=user, name=name, order=order)
            existing[name.casefold()] = skill
            order += 1
        found.append(skill)
    return found


@transaction.atomic
def save_bullet(*, bullet: Bullet, skill_names: list[str]) -> Bullet:
    """Save a bullet (appending new ones at the end of its entry) and its skill tags."""
    if bullet.pk is None:
        last = bullet.entry.bullets.aggregate(last=Max("order"))["last"]
        bullet.order = 0 if last is None else last + 1
    bullet.save()
    bullet.skills.set(skills_named(user=bullet.entry.owner, names=skill_names))
    return bullet


@transaction.atomic
def save_entry(*, entry: Entry) -> Entry:
    """Save an entry; a new one goes to the top of its section, where people look first."""
    if entry.pk is None:
        Entry.objects.for_user(entry.owner).filter(kind=entry.kind).update(order=F("order") + 1)
        entry.order = 0
    entry.save()
    return entry


@transaction.atomic
def move_entry(*, entry: Entry, direction: str) -> None:
    """Swap an entry with its neighbour above or below in the same section."""
    siblings = list(Entry.objects.for_user(entry.owner).filter(kind=entry.kind))
    _swap_with_neighbour(siblings, entry.pk, direction)
    Entry.objects.bulk_update(siblings, ["order"])


@transaction.atomic
def move_bullet(*, bullet: Bullet, direction: str) -> None:
    siblings = list(bullet.entry.bullets.all())
    _swap_with_neighbour(siblings, bullet.pk, direction)
    Bullet.objects.bulk_update(siblings, ["order"])


def _swap_with_neighbour(items: list, pk: int, direction: str) -> None:
    """Renumber `items` 0..n-1 in their current order with `pk` moved one step."""
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for order, item in enumerate(items):
        item.order = order


def create_import_draft(*, user: User, filename: str, data: bytes, format: str = "") -> ImportDraft:
    """Parse an uploaded file into a draft for review; raises ImportFailed on bad input.

    Nothing reaches the inventory until `confirm_import_draft`.
    """
    format = format or detect_format(filename, data)
    inventory = parse_inventory_file(filename, data, format, owner_name=_owner_name(user))
    return ImportDraft.objects.create(
        owner=user,
        filename=filename[:255],
        format=format,
        document=to_json_resume(inventory),
    )


def _owner_name(user: User) -> str:
    """The person's name as papers print it, so BibTeX can mark first-author papers."""
    basics = Basics.objects.filter(owner=user).first()
    return (basics.name if basics else "") or user.get_full_name()


@transaction.atomic
def confirm_import_draft(
    *, draft: ImportDraft, replace_existing: bool, selected: set[int] | None
) -> inventory_store.ImportSummary:
    """Apply a reviewed draft to the inventory, all or nothing, then forget the draft."""
    summary = inventory_store.apply_inventory(
        user=draft.owner,
        inventory=parse_json_resume(draft.document),
        replace_existing=replace_existing,
        selected=selected,
    )
    draft.delete()
    return summary
