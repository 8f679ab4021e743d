"""Bullet hygiene: implied subject, capitals, no self-undermining line, no repeats."""

from __future__ import annotations

import pytest

from resumes.tailoring.engine import plan_resume
from resumes.tailoring.hygiene import clean_bullet, is_self_undermining
from resumes.tailoring.inventory import Bullet, Entry, Inventory
from resumes.tailoring.selection import PlanOptions


@pytest.mark.parametrize(
    ("before", "after", "changes"),
    [
        ("I built a sampler in JAX.", "Built a sampler in JAX.", ("first person",)),
        ("We designed 3 experiments.", "Designed 3 experiments.", ("first person",)),
        (
            "I was accepted into the 2022 cohort.",
            "Accepted into the 2022 cohort.",
            ("first person",),
        ),
        (
            "I've led the survey's data release.",
            "Led the survey's data release.",
            ("first person",),
        ),
        ("I'm leading a team of 4.", "Leading a team of 4.", ("first person",)),
        ("My thesis proved 2 bounds.", "Thesis proved 2 bounds.", ("first person",)),
        (
            "Using my free time to build an app.",
            "Using free time to build an app.",
            ("first person",),
        ),
        ("first-author PRL study on growth.", "First-author PRL study on growth.", ("capital",)),
        ("iOS app with 40,000 users.", "iOS app with 40,000 users.", ()),
        ("pandas pipelines for 3 teams.", "pandas pipelines for 3 teams.", ()),
        ("Built the Michigan Inventory.", "Built the Michigan Inventory.", ()),
    ],
)
def test_hygiene_puts_a_bullet_in_resume_form(
    before: str, after: str, changes: tuple[str, ...]
) -> None:
    cleaned = clean_bullet(before)

    assert (cleaned.text, cleaned.changes) == (after, changes)


@pytest.mark.parametrize(
    ("text", "undermining"),
    [
        ("Unfortunately, I did not find the right co-founder.", True),
        ("I could not reproduce the baseline.", True),
        ("Found and fixed a bug that did not reproduce on CPUs.", False),
        ("Built a tool that failed over to a replica.", False),
    ],
)
def test_hygiene_tells_a_self_undermining_line(text: str, undermining: bool) -> None:
    assert is_self_undermining(text) is undermining


def _inventory() -> Inventory:
    founder = Entry(
        kind="position",
        title="Founder",
        organization="Side project",
        start="2023-01",
        end="2023-12",
        bullets=(
            Bullet("I built an app for booking labs with Python.", key="app"),
            Bullet("Unfortunately, I did not find the right co-founder.", key="sad"),
        ),
    )
    project = Entry(
        kind="project",
        title="Lab booking",
        bullets=(Bullet("I built an app for booking labs with Python.", key="again"),),
    )
    return Inventory(entries=(founder, project))


def test_hygiene_applies_to_tailored_builds_and_is_reported() -> None:
    plan = plan_resume(_inventory(), "Requirements\n- Python\n- SQL\n- Docker\n- Go\n- Rust\n")

    bullets = {b.key: b.text for s in plan.sections for e in s.entries for b in e.bullets}
    changes = {c.bullet: c for c in plan.report.changes}

    assert bullets["app"] == "Built an app for booking labs with Python."
    assert changes["app"].hygiene == ("first person",)
    assert "sad" not in bullets  # left out
    assert "again" not in bullets  # the same bullet under another entry


def test_hygiene_a_pinned_line_stays() -> None:
    options = PlanOptions(pinned=("sad",))

    plan = plan_resume(_inventory(), "Requirements\n- Python\n", options)

    keys = {b.key for s in plan.sections for e in s.entries for b in e.bullets}
    assert "sad" in keys
