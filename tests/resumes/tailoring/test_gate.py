from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from resumes.tailoring.engine import plan_resume
from resumes.tailoring.evidence import index_inventory, match_evidence
from resumes.tailoring.gate import FabricationError, Gate
from resumes.tailoring.inventory import Basics, Bullet, Entry, Inventory, Skill
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.plan import PlannedSection, ResumePlan, SkillGroup, plan_text
from resumes.tailoring.posting import analyse_posting
from resumes.tailoring.rules import load_rules
from resumes.tailoring.selection import PlanOptions


def _gate(inventory, lexicon: Lexicon) -> Gate:
    rules = load_rules()
    return Gate(inventory, index_inventory(inventory, lexicon, rules), lexicon, rules)


def _with_first_bullet(plan: ResumePlan, text: str) -> ResumePlan:
    sections = list(plan.sections)
    for i, section in enumerate(sections):
        for j, entry in enumerate(section.entries):
            if entry.bullets:
                bullets = (replace(entry.bullets[0], text=text), *entry.bullets[1:])
                entries = list(section.entries)
                entries[j] = replace(entry, bullets=bullets)
                sections[i] = replace(section, entries=tuple(entries))
                return replace(plan, sections=tuple(sections))
    raise AssertionError("plan has no bullets")


def test_gate_passes_every_shared_plan_clean(
    plan_for: Callable[..., ResumePlan], pairs: list, inventories: dict, lexicon: Lexicon
) -> None:
    for resume_id, posting_id in pairs:
        plan = plan_for(resume_id, posting_id)

        assert plan.report.gate.violations == ()
        assert _gate(inventories[resume_id], lexicon).check(plan) == []


def test_gate_catches_an_injected_fabricated_tool(
    plan_for: Callable[..., ResumePlan], inventories: dict, lexicon: Lexicon
) -> None:
    plan = plan_for("009", "025")  # 009 never mentions Kubernetes or vLLM
    tampered = _with_first_bullet(plan, "Served models on Kubernetes with vLLM.")
    gate = _gate(inventories["009"], lexicon)

    violations = gate.check(tampered)

    assert {(v.kind, v.detail) for v in violations} >= {
        ("unsupported_term", "Kubernetes"),
        ("unsupported_term", "vLLM"),
    }
    with pytest.raises(FabricationError):
        gate.enforce(tampered, mode="raise")
    clean, found = gate.enforce(tampered, mode="strip")
    assert found
    assert "Kubernetes" not in plan_text(clean)
    assert gate.check(clean) == []


def test_gate_catches_an_invented_number(
    plan_for: Callable[..., ResumePlan], inventories: dict, lexicon: Lexicon
) -> None:
    plan = plan_for("007", "019")
    first = next(b for s in plan.sections for e in s.entries for b in e.bullets)
    tampered = _with_first_bullet(plan, first.original + " Cut latency by 37%.")

    kinds = {(v.kind, v.detail) for v in _gate(inventories["007"], lexicon).check(tampered)}

    assert ("unknown_number", "37") in kinds


def test_gate_refuses_a_changed_employer_or_date(
    plan_for: Callable[..., ResumePlan], inventories: dict, lexicon: Lexicon
) -> None:
    plan = plan_for("007", "019")
    section = next(s for s in plan.sections if s.entries)
    entry = section.entries[0]
    for change in ({"organization": "OpenAI"}, {"start": "2019-01"}, {"title": "Staff Engineer"}):
        forged = replace(entry, **change)
        tampered = replace(
            plan, sections=(replace(section, entries=(forged, *section.entries[1:])),)
        )

        with pytest.raises(FabricationError):
            _gate(inventories["007"], lexicon).enforce(tampered, mode="strip")


def test_gate_refuses_a_summary_or_headline_it_cannot_trace(
    plan_for: Callable[..., ResumePlan], inventories: dict, lexicon: Lexicon
) -> None:
    plan = plan_for("007", "019")
    gate = _gate(inventories["007"], lexicon)
    summary = next(s for s in plan.sections if s.name == "Summary")
    forged_summaries = (
        "Experience in COBOL.",  # a tool the inventory never names
        "Communication through twenty talks.",  # more talks than the inventory holds
        "Experience in 40 production deployments.",  # a number the person never wrote
    )

    assert gate.check(plan) == []
    for text in forged_summaries:
        tampered = replace(
            plan,
            sections=tuple(replace(s, text=text) if s is summary else s for s in plan.sections),
        )
        with pytest.raises(FabricationError):
            gate.enforce(tampered)
    for headline in ("Staff Research Engineer", f"{plan.header.headline.split(' — ')[0]} — CUDA"):
        with pytest.raises(FabricationError):
            gate.enforce(replace(plan, header=replace(plan.header, headline=headline)))


def test_gate_refuses_a_rewrite_that_adds_production_without_deployment(
    plan_for: Callable[..., ResumePlan], inventories: dict, lexicon: Lexicon
) -> None:
    plan = plan_for("009", "011")
    first = next(b for s in plan.sections for e in s.entries for b in e.bullets)
    tampered = _with_first_bullet(plan, first.original.replace("model", "production model", 1))

    violations = _gate(inventories["009"], lexicon).check(tampered)

    assert any(v.kind == "changed_text" and "production" in v.detail for v in violations)


def _names_only_inventory() -> Inventory:
    """Kubernetes and machine learning appear only in names and the headline."""
    return Inventory(
        basics=Basics(name="A. Person", headline="Physicist moving into ML and Kubernetes"),
        entries=(
            Entry(
                kind="position",
                title="Postdoctoral Researcher",
                organization="Kubernetes Institute for Machine Learning",
                start="2021-01",
                bullets=(Bullet("Ran 1,200 simulations of galaxy formation in Python"),),
            ),
            Entry(
                kind="talk",
                title="Galaxy formation",
                organization="Machine Learning Seminar",
                start="2022-03",
            ),
        ),
        skills=(Skill("Python"),),
    )


def _with_skill_item(plan: ResumePlan, item: str, label: str = "Technical") -> ResumePlan:
    skills = PlannedSection("Skills", skill_groups=(SkillGroup(label, (item,)),))
    return replace(plan, sections=(*plan.sections, skills))


def test_gate_strips_a_term_found_only_in_an_org_name_or_headline(lexicon: Lexicon) -> None:
    inventory = _names_only_inventory()
    posting = "Requirements\n- Kubernetes\n- Machine learning\n- Python"
    plan = plan_resume(inventory, posting, PlanOptions(posting_title="ML Engineer"))
    gate = _gate(inventory, lexicon)

    skills = [i for s in plan.sections for g in s.skill_groups for i in g.items]
    gaps = {t.id for t in plan.report.terms.gaps}
    tampered = _with_skill_item(_with_skill_item(plan, "Kubernetes"), "Machine learning")
    violations = gate.check(tampered)
    clean, found = gate.enforce(tampered, mode="strip")

    assert skills == ["Python"]  # the engine itself adds neither
    assert {"kubernetes", "machine-learning"} <= gaps
    assert {(v.kind, v.detail) for v in violations} == {
        ("unsupported_term", "Kubernetes"),
        ("unsupported_term", "Machine learning"),
    }
    assert found
    assert [i for s in clean.sections for g in s.skill_groups for i in g.items] == ["Python"]
    # The names themselves stay: they are the inventory's own, shown where they belong.
    assert "Kubernetes Institute for Machine Learning" in plan_text(clean)


def test_gate_supports_exactly_what_evidence_supports(inventories: dict, lexicon: Lexicon) -> None:
    # Every term the inventory's text mentions anywhere, names included: the gate lets
    # one into the Skills section exactly when the evidence matcher supports it.
    for resume_id, inventory in inventories.items():
        index = index_inventory(inventory, lexicon, load_rules())
        gate = _gate(inventory, lexicon)
        mentioned = {t for u in index.units for t in lexicon.ids_in(u.text)}
        asks = "\n".join(f"- {lexicon.term(t).name}" for t in sorted(mentioned))
        evidence = match_evidence(index, analyse_posting(f"Requirements\n{asks}", lexicon))

        for term_id in sorted(mentioned & set(evidence)):
            name = lexicon.term(term_id).name
            accepted = not gate.text_violations(name, "skills")

            assert accepted == evidence[term_id].supported, (resume_id, term_id)
        assert {u.role for u in index.units if u.key in index.mentions} <= {
            "bullet",
            "title",
            "field",
            "thesis",
            "abstract",
            "skill",
        }


def test_gate_refuses_a_skill_heading_the_person_never_wrote(
    plan_for: Callable[..., ResumePlan], inventories: dict, lexicon: Lexicon
) -> None:
    plan = plan_for("007", "019")
    gate = _gate(inventories["007"], lexicon)

    own = gate.check(_with_skill_item(plan, "Python", label="ML/RL"))
    forged = gate.check(_with_skill_item(plan, "Python", label="Kubernetes expert"))

    assert own == []
    assert [(v.kind, v.where) for v in forged] == [("changed_field", "skills")]
    with pytest.raises(FabricationError):
        gate.enforce(_with_skill_item(plan, "Python", label="Kubernetes expert"))


def test_gate_keeps_a_bullet_that_names_an_employer_but_refuses_the_term_elsewhere(
    lexicon: Lexicon,
) -> None:
    inventory = Inventory(
        basics=Basics(name="A. Person"),
        entries=(
            Entry(
                kind="service",
                title="Mentoring",
                organization="Max Planck Institute for Astrophysics",
                bullets=(
                    Bullet("Co-mentored two students at the Max Planck Institute for Astrophysics"),
                ),
            ),
        ),
    )
    plan = plan_resume(inventory, "Requirements\n- Mentoring\n- Physics", PlanOptions())
    gate = _gate(inventory, lexicon)

    tampered = _with_first_bullet(plan, "Co-mentored two astrophysics students at the Institute")

    assert "physics" in {t.id for t in plan.report.terms.gaps}
    assert "Co-mentored two students at the Max Planck Institute" in plan_text(plan)
    assert gate.check(plan) == []
    assert ("unsupported_term", "astrophysics") in {
        (v.kind, v.detail) for v in gate.check(tampered)
    }


@pytest.mark.parametrize(
    ("bullet", "item"),
    [
        ("Ran controlled experiments on laser cooling of atoms.", "A/B testing"),
        ("Deployed the model to a staging server for internal testing.", "Model deployment"),
        ("Built production-grade models for the lab.", "Production ML"),
    ],
)
def test_gate_refuses_a_gated_term_its_facts_do_not_back(
    lexicon: Lexicon, bullet: str, item: str
) -> None:
    # The person's own words stay; a Skills item that turns them into a gated claim does
    # not, however the term was matched.
    inventory = Inventory(
        basics=Basics(name="Ada Example"),
        entries=(Entry(kind="position", title="Research Assistant", bullets=(Bullet(bullet),)),),
    )
    plan = plan_resume(inventory, "Requirements\n- Python", PlanOptions())
    gate = _gate(inventory, lexicon)

    tampered = _with_skill_item(plan, item)

    assert gate.check(plan) == []
    assert [(v.kind, v.where) for v in gate.check(tampered)] == [("unsupported_term", "skills")]
    clean, _ = gate.enforce(tampered)
    assert item not in plan_text(clean)
    assert bullet in plan_text(clean)
