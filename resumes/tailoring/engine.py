"""The entry point: an inventory and a posting's text in, a checked, explained plan out.

    plan = plan_resume(inventory, posting_text, PlanOptions(page_limit=1))
    docx_bytes = build_docx(plan)          # resumes.docx_builder
    plan.report                            # a report.BuildReport: scores, terms, changes

Pure and deterministic: the same inventory, text and options give the same plan (timings
aside, which live in `timings_ms` and `report.timings_ms`).
"""

from __future__ import annotations

import time
from dataclasses import replace

from resumes.tailoring.cover_letter import CoverLetter, write_cover_letter
from resumes.tailoring.evidence import IndexStore, indexed, match_evidence
from resumes.tailoring.gate import Gate
from resumes.tailoring.inventory import Inventory
from resumes.tailoring.layout import STYLES
from resumes.tailoring.lexicon import load_lexicon
from resumes.tailoring.plan import ResumePlan, plan_text
from resumes.tailoring.posting import analyse_posting
from resumes.tailoring.report import (
    BuildReport,
    BulletReason,
    Change,
    GateReport,
    Scores,
    SkillShown,
)
from resumes.tailoring.rules import load_rules
from resumes.tailoring.scoring import score, shown_terms, term_lists
from resumes.tailoring.selection import PlanOptions, Selector

EMPTY_INVENTORY = (
    "the inventory has no entries yet: add a position, degree, project or publication "
    "before building a résumé"
)


class PlanInputError(ValueError):
    """The inputs cannot be planned from (an empty inventory or posting, an unknown style)."""


def plan_resume(
    inventory: Inventory,
    posting_text: str,
    options: PlanOptions | None = None,
    index_store: IndexStore | None = None,
) -> ResumePlan:
    """Analyse the posting, select and reword the inventory, gate it, score it. The
    inventory's index is read from `index_store` when another process built it."""
    options = options or PlanOptions()
    if not posting_text or not posting_text.strip():
        raise PlanInputError("the posting is empty")
    if not inventory.entries:
        raise PlanInputError(EMPTY_INVENTORY)
    if options.style not in STYLES:
        raise PlanInputError(f"unknown style {options.style!r}; choose from {sorted(STYLES)}")
    if options.page_limit is not None and options.page_limit < 1:
        raise PlanInputError("the page limit must be at least 1")
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round((now - clock) * 1000, 2)
        clock = now

    lexicon, rule_set = load_lexicon(), load_rules()
    lap("load")
    analysis = analyse_posting(posting_text, lexicon, options.posting_title)
    lap("analysis")
    index = indexed(inventory, lexicon, rule_set, index_store)
    evidence = match_evidence(index, analysis)
    lap("evidence")
    style = STYLES[options.style]
    args = (inventory, index, analysis, evidence, lexicon, rule_set)
    selector = Selector(*args, options, style)
    sections, header, selection = selector.select()
    baseline_sections, _, _ = Selector(*args, replace(options, tailor=False), style).select()
    lap("selection")

    # The person's name and "Résumé": nothing of the posting goes into the file, where a
    # reader (or the next employer) would find which job it was tailored for.
    title = " – ".join(p for p in (inventory.basics.name, "Résumé") if p)
    plan = ResumePlan(header, sections, selection.page_limit, style.name, title)
    gate = Gate(inventory, index, lexicon, rule_set)
    plan, violations = gate.enforce(plan, options.gate)
    lap("gate")

    baseline = replace(plan, sections=baseline_sections)
    shown_after = shown_terms(plan_text(plan), analysis, lexicon)
    shown_before = shown_terms(plan_text(baseline), analysis, lexicon)
    report = BuildReport(
        posting=analysis.reported(),
        scores=Scores(
            before=score(analysis, shown_before, evidence),
            after=score(analysis, shown_after, evidence),
        ),
        terms=term_lists(analysis, shown_after, evidence),
        changes=_changes(plan),
        skills=_skills_shown(plan, selector.skill_report),
        summary=selector.summary_report if _has_summary(plan) else None,
        bullets=_bullet_reasons(plan),
        selection=selection,
        gate=GateReport(mode=options.gate, violations=tuple(v.reported() for v in violations)),
    )
    lap("scoring")
    timings["total"] = round(sum(timings.values()), 2)
    return replace(plan, report=replace(report, timings_ms=timings), timings_ms=timings)


def plan_cover_letter(
    inventory: Inventory,
    plan: ResumePlan,
    *,
    role: str = "",
    company: str = "",
    index_store: IndexStore | None = None,
) -> CoverLetter:
    """The cover letter that goes with `plan`, from the same inventory version's index."""
    lexicon, rule_set = load_lexicon(), load_rules()
    index = indexed(inventory, lexicon, rule_set, index_store)
    return write_cover_letter(inventory, plan, index, lexicon, role=role, company=company)


def _changes(plan: ResumePlan) -> tuple[Change, ...]:
    """Which rule changed which bullet, and on what evidence: the rule (and every rule that
    touched it), the bullet's words before and after, the matched words and facts, and the
    grammar fixes of `hygiene.py` ("first person", "capital")."""
    return tuple(
        Change(
            entry=entry.key,
            bullet=bullet.key,
            rule=bullet.rule_ids[0] if bullet.rule_ids else "",
            rules=bullet.rule_ids,
            before=bullet.original,
            after=bullet.text,
            evidence=bullet.evidence,
            hygiene=bullet.hygiene,
        )
        for section in plan.sections
        for entry in section.entries
        for bullet in entry.bullets
        if bullet.text != bullet.original
    )


def _skills_shown(plan: ResumePlan, skill_report: tuple[SkillShown, ...]) -> tuple[SkillShown, ...]:
    """Every item of the Skills section as shown, with where it comes from: the person's
    own list, or added for the posting with the units (and rule, and facts) that back it."""
    shown = {
        (group.label, item)
        for section in plan.sections
        for group in section.skill_groups
        for item in group.items
    }
    return tuple(row for row in skill_report if (row.group, row.item) in shown)


def _has_summary(plan: ResumePlan) -> bool:
    return any(section.name == "Summary" and section.text for section in plan.sections)


def _bullet_reasons(plan: ResumePlan) -> tuple[BulletReason, ...]:
    return tuple(
        BulletReason(entry=entry.key, bullet=bullet.key, terms=bullet.terms)
        for section in plan.sections
        for entry in section.entries
        for bullet in entry.bullets
    )
