from __future__ import annotations

from collections.abc import Callable

import pytest

from resumes.tailoring.layout import STYLES, page_count
from resumes.tailoring.plan import ResumePlan, paragraphs, plan_text
from resumes.tailoring.selection import default_page_limit


def _section_names(plan: ResumePlan) -> list[str]:
    return [s.name for s in plan.sections]


def test_selection_gives_a_phd_two_pages_and_a_short_career_one(inventories: dict) -> None:
    assert default_page_limit(inventories["002"]) == 2
    assert default_page_limit(inventories["007"]) == 2
    assert default_page_limit(inventories["004"]) == 1


@pytest.mark.parametrize("resume_id", ["002", "004", "007", "009"])
@pytest.mark.parametrize("posting_id", ["011", "017", "019"])
def test_selection_stays_within_the_page_budget(
    plan_for: Callable[..., ResumePlan], resume_id: str, posting_id: str
) -> None:
    plan = plan_for(resume_id, posting_id)

    assert page_count(paragraphs(plan), STYLES[plan.style]) <= plan.page_limit


def test_selection_honours_an_explicit_page_limit(plan_for: Callable[..., ResumePlan]) -> None:
    full = plan_for("002", "019")
    one_page = plan_for("002", "019", page_limit=1)

    assert one_page.page_limit == 1
    assert page_count(paragraphs(one_page), STYLES["classic"]) <= 1
    assert len(plan_text(one_page)) < len(plan_text(full))


def test_selection_orders_sections_for_the_role_family(plan_for: Callable[..., ResumePlan]) -> None:
    engineer = _section_names(plan_for("007", "011"))
    scientist = _section_names(plan_for("007", "004"))

    assert engineer.index("Experience") < engineer.index("Skills") < engineer.index("Education")
    assert scientist.index("Education") < scientist.index("Experience")
    assert scientist.index("Publications") < scientist.index("Skills")


def test_selection_orders_skills_by_posting_emphasis(plan_for: Callable[..., ResumePlan]) -> None:
    plan = plan_for("004", "011")
    skills = next(s for s in plan.sections if s.name == "Skills")
    groups = {g.label: g.items for g in skills.skill_groups}

    # Spotify asks for Python, Java, PyTorch and TensorFlow as must-haves; 004 lists them
    # among eleven languages and libraries, under its own headings, which are kept.
    assert groups["Languages"][0] == "Python"
    assert set(groups["Libraries"][:2]) == {"PyTorch", "TensorFlow"}
    assert "Solidity" in groups["Blockchain"]
    labels = [g.label for g in skills.skill_groups]
    assert labels.index("Languages") < labels.index("Blockchain")


def test_selection_puts_the_most_relevant_bullet_first(plan_for: Callable[..., ResumePlan]) -> None:
    plan = plan_for("007", "019")
    anyscale = next(e for s in plan.sections for e in s.entries if e.organization == "Anyscale")

    assert anyscale.bullets[0].terms  # carries posting terms
    assert len(anyscale.bullets[0].terms) >= len(anyscale.bullets[-1].terms)


def test_selection_respects_pins_drops_and_sections(plan_for: Callable[..., ResumePlan]) -> None:
    base = plan_for("002", "011", page_limit=1)
    shown = {b.key for s in base.sections for e in s.entries for b in e.bullets}
    hidden = "service-6/b1"  # a mentoring bullet the Spotify posting does not need
    assert hidden not in shown

    pinned = plan_for("002", "011", page_limit=1, pinned=(hidden,))
    dropped = plan_for("002", "011", page_limit=1, dropped=("position-0",))
    narrowed = plan_for("002", "011", page_limit=1, exclude_sections=("Publications",))

    assert hidden in {b.key for s in pinned.sections for e in s.entries for b in e.bullets}
    assert "position-0" not in {e.key for s in dropped.sections for e in s.entries}
    assert "Publications" not in _section_names(narrowed)


def test_selection_never_changes_entry_facts(
    plan_for: Callable[..., ResumePlan], inventories: dict
) -> None:
    plan = plan_for("007", "022")
    source = {f"{e.kind}-{i}": e for i, e in enumerate(inventories["007"].entries)}

    for section in plan.sections:
        for entry in section.entries:
            original = source[entry.key]
            assert (entry.title, entry.organization, entry.start, entry.end) == (
                original.title,
                original.organization,
                original.start,
                original.end,
            )
