"""An Inventory as plain JSON and back, exactly (keys included).

A build stores the inventory it was asked for, so it can run later, on any worker, and
give the same résumé; pins and drops name bullets by key, so keys must survive too. The
shape is the dataclasses' own (`resumes.tailoring.plain_data`): nothing here to keep in step.
"""

from __future__ import annotations

from typing import Any

from resumes.tailoring import inventory as plain
from resumes.tailoring.plain_data import from_plain, to_plain


def dump_inventory(inventory: plain.Inventory) -> dict[str, Any]:
    data: dict[str, Any] = to_plain(inventory)
    return data


def load_inventory_dict(data: dict[str, Any]) -> plain.Inventory:
    return from_plain(plain.Inventory, data)
