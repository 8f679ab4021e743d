"""The mutable inventory a CV importer fills while it reads, frozen at the end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from resumes.importers.errors import ImportFailed
from resumes.importers.safety import MAX_BULLETS, MAX_ENTRIES, MAX_SKILLS
from resumes.tailoring.inventory import Basics, Bullet, Entry, Inventory, Profile, Skill

# Key of the extras where an importer leaves what the person should be told.
IMPORT_WARNINGS = "import_warnings"


class _Capped[T](list[T]):
    """A list that refuses to grow past what any CV holds, so a hostile file stops early."""

    def __init__(self, limit: int, what: str) -> None:
        super().__init__()
        self.limit, self.what = limit, what

    def _check(self, adding: int) -> None:
        if len(self) + adding > self.limit:
            raise ImportFailed(f"more than {self.limit} {self.what} in one file")

    def append(self, item: T) -> None:
        self._check(1)
        super().append(item)

    def extend(self, items: Iterable[T]) -> None:
        items = list(items)
        self._check(len(items))
        super().extend(items)


class Draft:
    """Basics fields, entries, skills and extras collected in reading order."""

    def __init__(self) -> None:
        self.basics: dict[str, Any] = {}  # Basics keyword arguments except profiles
        self.profiles: list[Profile] = []
        self.entries: list[Entry] = _Capped(MAX_ENTRIES, "entries")
        self.skills: list[Skill] = _Capped(MAX_SKILLS, "skills")
        self.extra: dict[str, Any] = {}

    def inventory(self) -> Inventory:
        return Inventory(
            basics=Basics(profiles=tuple(self.profiles), **self.basics),
            entries=tuple(self.entries),
            skills=tuple(self.skills),
            extra=self.extra,
        )

    def add_bullet(self, index: int, text: str) -> None:
        entry = self.entries[index]
        if len(entry.bullets) >= MAX_BULLETS:
            raise ImportFailed(f"more than {MAX_BULLETS} bullets under '{entry.title[:60]}'")
        self.entries[index] = replace(entry, bullets=(*entry.bullets, Bullet(text=text)))

    def unmapped(self, heading: str, line: str) -> None:
        """Keep a line no field can hold, under its heading, so nothing is lost silently."""
        sections = self.extra.setdefault("unmapped_sections", [])
        if not sections or sections[-1]["heading"] != heading:
            sections.append({"heading": heading, "lines": []})
        sections[-1]["lines"].append(line)


def taken_warnings(inventory: Inventory) -> tuple[Inventory, list[str]]:
    """What an importer said about the file (a part it could not read), taken out of the
    inventory's extras so that it is shown in the preview and not stored."""
    warnings = list(inventory.extra.get(IMPORT_WARNINGS, []))
    if not warnings:
        return inventory, []
    extra = {k: v for k, v in inventory.extra.items() if k != IMPORT_WARNINGS}
    return replace(inventory, extra=extra), warnings
