"""The inventory between its database rows and its plain-data form.

`load_inventory` reads a person's rows into a `resumes.tailoring.inventory.Inventory`
for the tailoring engine and the exporters; `apply_inventory` writes one (from an
importer) back, all or nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from resumes.importers.dedupe import find_duplicates, skill_key
from resumes.models import Basics, Bullet, Entry, Skill
from resumes.tailoring import inventory as plain
from resumes.text_cleaning import clean_text

# Columns that carry the plain dataclass's field of the same name, unchanged.
EVIDENCE_FIELDS = plain.EVIDENCE_FIELDS
ENTRY_FIELDS = plain.ENTRY_VALUE_FIELDS
BASICS_FIELDS = plain.BASICS_VALUE_FIELDS
KIND_ORDER = {kind: index for index, kind in enumerate(plain.ENTRY_KINDS)}


def load_inventory(user: User) -> plain.Inventory:
    """Everything the person has recorded, as plain data (four queries)."""
    basics = Basics.objects.filter(owner=user).first()
    skills = list(Skill.objects.for_user(user))
    entries = Entry.objects.for_user(user).prefetch_related(
        Prefetch("bullets", queryset=Bullet.objects.prefetch_related("skills"))
    )
    ordered = sorted(entries, key=lambda e: (KIND_ORDER[e.kind], e.order, e.pk))
    return plain.Inventory(
        basics=_plain_basics(basics),
        entries=tuple(_plain_entry(entry) for entry in ordered),
        skills=tuple(
            plain.Skill(**{name: getattr(s, name) for name in plain.SKILL_FIELDS}) for s in skills
        ),
        extra=dict(basics.extra_sections) if basics else {},
    )


def entry_pk_of(key: str) -> int | None:
    """The pk of the entry `load_inventory` keyed `key` ("e12" → 12); None for any other."""
    digits = key.removeprefix("e")
    return int(digits) if key.startswith("e") and digits.isdigit() else None


def _plain_basics(basics: Basics | None) -> plain.Basics:
    if basics is None:
        return plain.Basics()
    return plain.Basics(
        **{name: getattr(basics, name) for name in BASICS_FIELDS},
        profiles=tuple(
            plain.Profile(p["network"], p.get("username", ""), p.get("url", ""))
            for p in basics.profiles
        ),
        extra=dict(basics.extra),
    )


def _plain_entry(entry: Entry) -> plain.Entry:
    return plain.Entry(
        **{name: getattr(entry, name) for name in ENTRY_FIELDS},
        key=f"e{entry.pk}",  # read back by entry_pk_of
        authors=tuple(entry.authors),
        courses=tuple(entry.courses),
        evidence=plain.Evidence(**{name: getattr(entry, name) for name in EVIDENCE_FIELDS}),
        bullets=tuple(
            plain.Bullet(
                text=bullet.text,
                skills=tuple(skill.name for skill in bullet.skills.all()),
                key=f"b{bullet.pk}",
            )
            for bullet in entry.bullets.all()
        ),
    )


@dataclass
class ImportSummary:
    """What an import added, and what it left out because it was already there."""

    added: Counter = field(default_factory=Counter)
    skipped_duplicates: list[str] = field(default_factory=list)
    skills_added: int = 0
    basics_filled: list[str] = field(default_factory=list)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


def duplicates_of_existing(user: User, incoming: plain.Inventory) -> dict[int, str]:
    """Index in `incoming.entries` → why it is already in the person's inventory."""
    existing = load_inventory(user).entries
    found = {dup.index: dup.reason for dup in find_duplicates(incoming.entries, existing)}
    seen = {(e.kind, e.title.casefold(), e.organization.casefold()) for e in existing}
    for index, entry in enumerate(incoming.entries):
        if (entry.kind, entry.title.casefold(), entry.organization.casefold()) in seen:
            found.setdefault(index, "same title")
    return found


@transaction.atomic
def apply_inventory(
    *,
    user: User,
    inventory: plain.Inventory,
    replace_existing: bool = False,
    selected: set[int] | None = None,
) -> ImportSummary:
    """Add an imported inventory to the person's own, all or nothing.

    Entries already present (same paper by DOI/arXiv/title, or same kind, title and
    organisation) are skipped, so importing the same file twice adds nothing. Basics
    only fill empty fields unless `replace_existing` wipes the inventory first.
    `selected` limits the import to those entry indexes (the preview's checkboxes).
    Raises ValidationError naming the entry when a value does not fit its field.
    """
    if replace_existing:
        Entry.objects.for_user(user).delete()
        Skill.objects.for_user(user).delete()
        Basics.objects.filter(owner=user).delete()
    summary = ImportSummary()
    summary.basics_filled = _merge_basics(user, inventory)
    skills = _merge_skills(user, inventory, summary)
    duplicates = {} if replace_existing else duplicates_of_existing(user, inventory)
    next_order = Counter(Entry.objects.for_user(user).values_list("kind", flat=True))
    for index, entry in enumerate(inventory.entries):
        if selected is not None and index not in selected:
            continue
        if index in duplicates:
            summary.skipped_duplicates.append(f"{entry.title} ({duplicates[index]})")
            continue
        _create_entry(user, entry, next_order[entry.kind], skills)
        next_order[entry.kind] += 1
        summary.added[entry.kind] += 1
    return summary


def _merge_basics(user: User, inventory: plain.Inventory) -> list[str]:
    basics, _ = Basics.objects.get_or_create(owner=user)
    incoming = inventory.basics
    filled = []
    for name in BASICS_FIELDS:
        value = clean_text(getattr(incoming, name))
        if value and not getattr(basics, name):
            setattr(basics, name, value)
            filled.append(name)
    if incoming.profiles and not basics.profiles:
        basics.profiles = [
            {"network": p.network, "username": p.username, "url": p.url} for p in incoming.profiles
        ]
        filled.append("profiles")
    basics.extra = {**incoming.extra, **basics.extra}
    basics.extra_sections = {**inventory.extra, **basics.extra_sections}
    _validated(basics, "your basics")
    basics.save()
    return filled


def _merge_skills(
    user: User, inventory: plain.Inventory, summary: ImportSummary
) -> dict[str, Skill]:
    """The person's skills by `skill_key` (the first of a name, when it sits under two
    headings), with the imported ones and every skill a bullet names added. A name is
    folded for case and spelling, so "Pytorch" finds the person's "PyTorch"."""
    existing = list(Skill.objects.for_user(user))
    keys = {(skill_key(s.name), skill_key(s.group)) for s in existing}
    skills: dict[str, Skill] = {}
    for skill in existing:
        skills.setdefault(skill_key(skill.name), skill)
    wanted = list(inventory.skills)
    for entry in inventory.entries:
        wanted.extend(plain.Skill(name=n) for b in entry.bullets for n in b.skills)
    order = len(existing)
    for incoming in wanted:
        name = clean_text(incoming.name).strip()
        key = (skill_key(name), skill_key(clean_text(incoming.group)))
        bullet_tag_only = incoming.group == "" and skill_key(name) in skills
        if not name or key in keys or bullet_tag_only:
            continue
        skill = Skill(
            owner=user,
            name=name,
            category=incoming.category,
            group=clean_text(incoming.group),
            level=clean_text(incoming.level),
            order=order,
        )
        _validated(skill, f"the skill “{name}”", exclude=["owner"])
        skill.save()
        keys.add(key)
        skills.setdefault(skill_key(name), skill)
        order += 1
        summary.skills_added += 1
    return skills


def _create_entry(user: User, incoming: plain.Entry, order: int, skills: dict) -> Entry:
    values = {name: getattr(incoming, name) for name in ENTRY_FIELDS}
    values = {k: clean_text(v) if isinstance(v, str) else v for k, v in values.items()}
    entry = Entry(
        owner=user,
        order=order,
        authors=[clean_text(a) for a in incoming.authors],
        courses=[clean_text(c) for c in incoming.courses],
        **values,
        **{name: getattr(incoming.evidence, name) for name in EVIDENCE_FIELDS},
    )
    _validated(entry, f"“{incoming.title[:60]}”", exclude=["owner"])
    entry.save()
    bullets = Bullet.objects.bulk_create(
        Bullet(entry=entry, text=clean_text(b.text), order=i)
        for i, b in enumerate(incoming.bullets)
        if b.text.strip()
    )
    links = [
        Bullet.skills.through(bullet_id=bullet.pk, skill_id=skill_id)
        for bullet, source in zip(
            bullets, [b for b in incoming.bullets if b.text.strip()], strict=True
        )
        # Two spellings of one skill on a bullet are one link.
        for skill_id in dict.fromkeys(
            skills[skill_key(name)].pk for name in source.skills if skill_key(name) in skills
        )
    ]
    Bullet.skills.through.objects.bulk_create(links)
    return entry


def _validated(instance, label: str, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        raise ValidationError(f"Could not import {label} — {problems}") from error


def with_keys_removed(inventory: plain.Inventory) -> plain.Inventory:
    """The inventory without database keys, for comparing two inventories by content."""
    return replace(
        inventory,
        entries=tuple(
            replace(e, key="", bullets=tuple(replace(b, key="") for b in e.bullets))
            for e in inventory.entries
        ),
    )
