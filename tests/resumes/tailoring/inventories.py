"""Small hand-written inventories for the tailoring tests: one position, its bullets and
its evidence flags, so a test shows only the facts it is about."""

from __future__ import annotations

from resumes.tailoring.inventory import Basics, Bullet, Entry, Evidence, Inventory


def one_position(*bullets: str, start: str = "", end: str = "", **evidence) -> Inventory:
    """Ada Example, Research Assistant at Example University, with these bullets."""
    return Inventory(
        basics=Basics(name="Ada Example"),
        entries=(
            Entry(
                kind="position",
                title="Research Assistant",
                organization="Example University",
                start=start,
                end=end,
                bullets=tuple(Bullet(text) for text in bullets),
                evidence=Evidence(**evidence),
            ),
        ),
    )
