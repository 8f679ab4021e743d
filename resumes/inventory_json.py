"""An Inventory as plain JSON and back, exactly (keys included).

A build stores the inventory it was asked for, so it can run later, on any worker, and
give the same résumé; pins and drops name bullets by key, so keys must survive too.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from resumes.tailoring import inventory as plain

# The dataclass each nested field holds; tuples of them are stored as lists.
_NESTED = {
    (plain.Inventory, "basics"): plain.Basics,
    (plain.Inventory, "entries"): plain.Entry,
    (plain.Inventory, "skills"): plain.Skill,
    (plain.Basics, "profiles"): plain.Profile,
    (plain.Entry, "bullets"): plain.Bullet,
    (plain.Entry, "evidence"): plain.Evidence,
}


def dump_inventory(inventory: plain.Inventory) -> dict[str, Any]:
    return dataclasses.asdict(inventory)


def load_inventory_dict(data: dict[str, Any]) -> plain.Inventory:
    return _build(plain.Inventory, data)


def _build(cls: type, data: dict[str, Any]):
    values = {}
    for field in dataclasses.fields(cls):
        if field.name not in data:
            continue
        value = data[field.name]
        nested = _NESTED.get((cls, field.name))
        if nested is not None and isinstance(value, list):
            value = tuple(_build(nested, item) for item in value)
        elif nested is not None:
            value = _build(nested, value)
        elif isinstance(value, list):
            value = tuple(value)
        values[field.name] = value
    return cls(**values)
