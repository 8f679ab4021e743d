from __future__ import annotations

from collections.abc import Callable

import pytest

from resumes.tailoring.engine import plan_resume
from resumes.tailoring.inventory import Basics, Bullet, Entry, Inventory
from resumes.tailoring.layout import STYLES, page_count
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.plan import ResumePlan, paragraphs, plan_text
from resumes.tailoring.selection import (
    MAX_ADDED_METHODS,
    MAX_ADDED_TOOLS,
    NOT_SKILL_ITEMS,
    PlanOptions,
    default_page_limit,
)


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


def _skill_items(plan: ResumePlan) -> list[str]:
    return [i for s in plan.sections for g in s.skill_groups for i in g.items]


def test_selection_skills_list_tools_and_methods_not_the_posting(
    plan_for: Callable[..., ResumePlan], pairs: list, inventories: dict, lexicon: Lexicon
) -> None:
    for resume_id, posting_id in pairs:
        plan = plan_for(resume_id, posting_id)
        own = {s.name.strip().casefold() for s in inventories[resume_id].skills}

        added = [i for i in _skill_items(plan) if i.casefold() not in own]
        categories = [lexicon.term(lexicon.resolve(i)).category for i in added]
        added_ids = {lexicon.resolve(i) for i in added}

        assert "soft" not in categories, (resume_id, posting_id, added)
        assert not added_ids & NOT_SKILL_ITEMS, (resume_id, posting_id, added)
        assert categories.count("hard") <= MAX_ADDED_TOOLS
        assert categories.count("domain") <= MAX_ADDED_METHODS


def test_selection_adds_a_skill_only_on_evidence_of_doing_it(lexicon: Lexicon) -> None:
    inventory = Inventory(
        basics=Basics(name="A. Person", headline="Statistician moving into MLOps"),
        entries=(
            Entry(
                kind="position",
                title="Research Fellow",
                organization="Institute for Kubernetes Research",
                bullets=(Bullet("Fitted Bayesian hierarchical models to survey data in Stan"),),
            ),
            Entry(kind="education", title="PhD", degree="PhD", field_of_study="Statistics"),
        ),
    )
    posting = "Requirements\n- Kubernetes\n- MLOps\n- Stan\n- Bayesian inference\n- Statistics"

    plan = plan_resume(inventory, posting, PlanOptions(posting_title="Data Scientist"))

    # Kubernetes is only an employer's name and MLOps only the headline; statistics is
    # shown by the Bayesian modelling bullet (the degree alone would not add it).
    assert set(_skill_items(plan)) == {"Stan", "Bayesian inference", "Statistics"}


def test_selection_keeps_the_persons_own_skill_headings(
    plan_for: Callable[..., ResumePlan], inventories: dict
) -> None:
    plan = plan_for("002", "011")
    skills = next(s for s in plan.sections if s.name == "Skills")
    own = {s.group for s in inventories["002"].skills}

    labels = {g.label for g in skills.skill_groups}

    assert labels <= own | {"Technical", "Methods"}
    assert "Prime Focus Spectrograph (PFS)" in next(
        g.items for g in skills.skill_groups if g.label == "Surveys"
    )


def test_selection_demo_skills_do_not_stuff_the_posting(postings: dict) -> None:
    from resumes.demo import DEMO_INVENTORY

    posting = postings["011"]
    plan = plan_resume(DEMO_INVENTORY, posting["text"], PlanOptions(posting_title=posting["title"]))
    items = {i.casefold() for i in _skill_items(plan)}

    assert not items & {"machine learning", "research publications", "research"}
    assert {"python", "pytorch"} <= items


def test_selection_never_adds_a_skill_from_a_degree_field_alone() -> None:
    inventory = Inventory(
        entries=(Entry(kind="education", title="PhD", degree="PhD", field_of_study="Statistics"),)
    )

    plan = plan_resume(inventory, "Requirements\n- Statistics", PlanOptions())

    assert _skill_items(plan) == []
    assert plan.report.terms.covered[0].id == "statistics"  # shown by the degree
