"""What an imported inventory goes through before the person sees its preview.

The importer's own notes are taken out, links made safe, and then every value is held to
the field it will be stored in. A value no field can hold (an e-mail address that is not
one, a date like "2019-13", a phone number longer than any) is dropped with a warning the
preview shows, so the rest of the file still imports; the person can type it in by hand.
Only what cannot be dropped — an entry's title — still stops the import when it is
unusable, naming the entry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from resumes.importers.draft import taken_warnings
from resumes.importers.links import clean_links
from resumes.models import Basics, Entry, Skill
from resumes.tailoring import inventory as plain
from resumes.text_cleaning import clean_text

# What an entry or a skill cannot be without.
_REQUIRED = frozenset({"kind", "title", "name"})


def checked_inventory(inventory: plain.Inventory) -> tuple[plain.Inventory, list[str]]:
    """The inventory ready for its preview, and everything to tell the person about it."""
    inventory, notes = taken_warnings(inventory)
    inventory, link_warnings = clean_links(inventory)
    inventory, field_warnings = drop_unusable_values(inventory)
    return inventory, notes + link_warnings + field_warnings


def _field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name  # a column, not a reverse relation
    return field


def _problem(model: type[models.Model], name: str, value: Any) -> str | None:
    """Why `value` cannot be stored in the model's field `name`, or None when it can."""
    field = _field(model, name)
    if isinstance(value, str):
        value = clean_text(value)
    if value in (None, "", False):
        return None  # nothing said: the field's blank
    try:
        field.clean(value, None)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _label(model: type[models.Model], name: str) -> str:
    return str(_field(model, name).verbose_name).capitalize()


def _kept(
    item: Any, model: type[models.Model], names: tuple[str, ...], where: str, warnings: list
) -> dict[str, Any]:
    """The fields of `item` to blank (field name → its blank), each with a warning."""
    dropped = {}
    for name in names:
        if name in _REQUIRED:
            continue
        value = getattr(item, name)
        if (problem := _problem(model, name, value)) is not None:
            field = _field(model, name)
            dropped[name] = None if field.null else field.get_default()
            warnings.append(
                f"{where}: {_label(model, name)} “{str(value)[:60]}” was left out ({problem})"
            )
    return dropped


def _checked_entry(entry: plain.Entry, warnings: list[str]) -> plain.Entry:
    where = f"“{entry.title[:60]}”"
    entry = replace(entry, **_kept(entry, Entry, plain.ENTRY_VALUE_FIELDS, where, warnings))
    evidence = _kept(entry.evidence, Entry, plain.EVIDENCE_FIELDS, where, warnings)
    entry = replace(entry, evidence=replace(entry.evidence, **evidence))
    # Dates that are fine alone but not together: the end goes, the start stays.
    if entry.end and (entry.current or (entry.start and entry.end < entry.start)):
        why = "the entry is still going on" if entry.current else "it is before the start"
        warnings.append(f"{where}: the end date “{entry.end}” was left out ({why}).")
        entry = replace(entry, end="")
    return entry


def drop_unusable_values(inventory: plain.Inventory) -> tuple[plain.Inventory, list[str]]:
    """The inventory without the values its fields would refuse, and a warning for each."""
    warnings: list[str] = []
    basics = inventory.basics
    basics = replace(
        basics, **_kept(basics, Basics, plain.BASICS_VALUE_FIELDS, "Your details", warnings)
    )
    entries = tuple(_checked_entry(entry, warnings) for entry in inventory.entries)
    skills = []
    for skill in inventory.skills:
        if (problem := _problem(Skill, "name", skill.name)) is not None:
            warnings.append(f"The skill “{skill.name[:60]}” was left out ({problem})")
            continue
        where = f"The skill “{skill.name}”"
        skills.append(replace(skill, **_kept(skill, Skill, plain.SKILL_FIELDS, where, warnings)))
    checked = replace(inventory, basics=basics, entries=entries, skills=tuple(skills))
    return checked, warnings
