"""The inventory read as keyed pieces of text: the ground evidence, rules and selection share.

Every claim the engine may point to ("this bullet supports PyTorch") names one of these
units by key, so explanations, pins and drops all speak the same language. Keys come from
the inventory when it has them and are derived from positions otherwise, which is stable
for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass

from resumes.tailoring.inventory import Entry, Inventory

# Unit roles: "bullet" units may be shown as list items; "title", "name" and "detail" units
# are shown as part of their entry; "hidden" ones (an abstract, a URL) are evidence only.
# "name" units (organisation, degree) support terms literally but never license a rule.
SELECTABLE_ROLES = ("bullet",)
NAME_ROLES = ("name", "skill", "basics")


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    entry_key: str  # "" for skills and basics
    role: str  # bullet, header, detail, hidden, skill, basics
    text: str
    index: int  # position within its entry, for a stable original order


def entry_key(entry: Entry, index: int) -> str:
    return entry.key or f"{entry.kind}-{index}"


def bullet_key(entry: Entry, index: int, position: int) -> str:
    bullet = entry.bullets[position]
    return bullet.key or f"{entry_key(entry, index)}/b{position}"


def entry_units(entry: Entry, index: int) -> list[Unit]:
    ekey = entry_key(entry, index)
    units: list[Unit] = []
    # The entry's own title (a job title, a paper or talk title) is content that facts and
    # rules may read; degree and organisation names only name things, so they support terms
    # literally ("Physics Department" names physics) but never license a reframing.
    if entry.title.strip():
        units.append(Unit(f"{ekey}#title", ekey, "title", entry.title.strip(), -2))
    names = " ".join(p for p in (entry.degree, entry.field_of_study) if p)
    if names:
        units.append(Unit(f"{ekey}#degree", ekey, "name", names, -1))
    places = " ".join(p for p in (entry.organization, entry.venue) if p)
    if places:
        units.append(Unit(f"{ekey}#org", ekey, "name", places, -1))
    position = 0
    if entry.summary.strip():
        units.append(Unit(f"{ekey}#summary", ekey, "bullet", entry.summary.strip(), position))
        position += 1
    for j, bullet in enumerate(entry.bullets):
        if bullet.text.strip():
            units.append(
                Unit(bullet_key(entry, index, j), ekey, "bullet", bullet.text.strip(), position)
            )
            position += 1
    if entry.thesis_title:
        units.append(Unit(f"{ekey}#thesis", ekey, "detail", entry.thesis_title, position))
        position += 1
    if entry.advisor:
        units.append(Unit(f"{ekey}#advisor", ekey, "detail", entry.advisor, position))
        position += 1
    for j, course in enumerate(entry.courses):
        # Importers may leave "Dissertation: <title>" in the courses after lifting the
        # title into thesis_title; showing both would say it twice.
        repeats = any(v and v in course for v in (entry.thesis_title, entry.advisor))
        if course.strip() and not repeats:
            units.append(Unit(f"{ekey}#c{j}", ekey, "bullet", course.strip(), position))
            position += 1
    if entry.score:
        units.append(Unit(f"{ekey}#score", ekey, "detail", entry.score, position))
    if entry.abstract:
        units.append(Unit(f"{ekey}#abstract", ekey, "hidden", entry.abstract, position))
    if entry.authors:
        units.append(Unit(f"{ekey}#authors", ekey, "detail", ", ".join(entry.authors), position))
    if entry.url:
        units.append(Unit(f"{ekey}#url", ekey, "hidden", entry.url, position))
    return units


def inventory_units(inventory: Inventory) -> list[Unit]:
    """All units of an inventory, in inventory order."""
    units: list[Unit] = []
    basics = inventory.basics
    for name, text in (("headline", basics.headline), ("summary", basics.summary)):
        if text.strip():
            units.append(Unit(f"basics#{name}", "", "basics", text.strip(), 0))
    for i, entry in enumerate(inventory.entries):
        units.extend(entry_units(entry, i))
    for i, skill in enumerate(inventory.skills):
        if skill.name.strip():
            units.append(Unit(f"skill:{i}", "", "skill", skill.name.strip(), i))
    # The person's own skill headings ("ML/RL", "Machine Learning") are their words too.
    groups = dict.fromkeys(s.group.strip() for s in inventory.skills if s.group.strip())
    for i, group in enumerate(groups):
        units.append(Unit(f"skill-group:{i}", "", "skill", group, i))
    return units
