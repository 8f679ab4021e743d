from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from resumes.tailoring.evidence import index_inventory
from resumes.tailoring.gate import FabricationError, Gate
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.plan import ResumePlan, plan_text
from resumes.tailoring.rules import load_rules


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

        assert plan.report["gate"]["violations"] == []
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
    section = plan.sections[0]
    entry = section.entries[0]
    for change in ({"organization": "OpenAI"}, {"start": "2019-01"}, {"title": "Staff Engineer"}):
        forged = replace(entry, **change)
        tampered = replace(
            plan, sections=(replace(section, entries=(forged, *section.entries[1:])),)
        )

        with pytest.raises(FabricationError):
            _gate(inventories["007"], lexicon).enforce(tampered, mode="strip")


def test_gate_refuses_a_rewrite_that_adds_production_without_deployment(
    plan_for: Callable[..., ResumePlan], inventories: dict, lexicon: Lexicon
) -> None:
    plan = plan_for("009", "011")
    first = next(b for s in plan.sections for e in s.entries for b in e.bullets)
    tampered = _with_first_bullet(plan, first.original.replace("model", "production model", 1))

    violations = _gate(inventories["009"], lexicon).check(tampered)

    assert any(v.kind == "changed_text" and "production" in v.detail for v in violations)
