"""The no-fabrication gate: the last check between a plan and a document.

Whatever produced a plan (the rules today; an optional model some day), nothing leaves the
engine unless:

- every skill, tool or technology the lexicon finds in the output is one the inventory
  supports: named in what the person did or lists as a skill (not only in their headline,
  an employer's or a venue's name, or a URL; see `units.EVIDENCE_ROLES`), or licensed by a
  rule whose evidence holds — the same `supported_terms` the evidence matcher reports;
- every gated term ("A/B testing", "model deployment", "production ML") is backed by a unit
  for which its facts hold (randomised with a control, deployed to real users), however
  the term was found — so no alias or rule can slip one past its evidence;
- every heading of a group of skills is a generic one or the person's own;
- every number in the output is a number the person wrote;
- every employer, title, date, degree, institution and venue equals the inventory's value
  for that entry, and the header and summary are the person's own;
- every bullet is the person's text, or a rule's rewording of it that keeps its numbers,
  adds no term the inventory does not support and no guarded word ("production", "A/B",
  "implemented", ...) without evidence. The person's own words are not held against
  them: a bullet that names an employer ("at the Max Planck Institute for Astrophysics")
  stays, though the name is no evidence of astrophysics.

In "strip" mode offending bullets fall back to the person's wording or are removed, and
offending skill items are removed; a changed fact in a header cannot be repaired and
always raises. In "raise" mode any violation raises `FabricationError`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from resumes.tailoring.evidence import InventoryIndex, outside_names
from resumes.tailoring.inventory import Entry, Inventory
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.plan import (
    SKILL_GROUP_LABELS,
    PlannedBullet,
    PlannedEntry,
    PlannedSection,
    ResumePlan,
)
from resumes.tailoring.report import ViolationRow
from resumes.tailoring.rules import RuleSet, guarded_additions
from resumes.tailoring.summary import counted_phrases, kind_of_noun
from resumes.tailoring.textnorm import numbers_in
from resumes.tailoring.units import entry_key

_ENTRY_FIELDS = (
    "kind",
    "title",
    "organization",
    "location",
    "start",
    "end",
    "current",
    "degree",
    "field_of_study",
    "venue",
    "year",
    "authors",
)
_DETAIL_LABELS = {"Thesis: ": "thesis_title", "Advisor: ": "advisor", "": "score"}


@dataclass(frozen=True)
class Violation:
    kind: str  # unsupported_term, unknown_number, changed_field, changed_text
    where: str  # a bullet/entry key, "skills", "header" or "summary"
    detail: str

    def reported(self) -> ViolationRow:
        return ViolationRow(kind=self.kind, where=self.where, detail=self.detail)


class FabricationError(ValueError):
    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        listed = "; ".join(f"{v.kind} at {v.where}: {v.detail}" for v in violations[:5])
        super().__init__(f"the plan states what the inventory does not: {listed}")


class Gate:
    def __init__(
        self, inventory: Inventory, index: InventoryIndex, lexicon: Lexicon, rule_set: RuleSet
    ) -> None:
        self.inventory = inventory
        self.index = index
        self.lexicon = lexicon
        self.rule_set = rule_set
        self.entries = {entry_key(e, i): e for i, e in enumerate(inventory.entries)}
        self.group_labels = set(SKILL_GROUP_LABELS.values()) | {
            s.group.strip() for s in inventory.skills if s.group.strip()
        }

    # ----------------------------------------------------------------- checks

    def text_violations(self, text: str, where: str, names: bool = False) -> list[Violation]:
        """Unsupported terms and unknown numbers in `text`. With `names`, a term inside an
        employer's or venue's name the inventory gives ("Max Planck Institute for
        Astrophysics") is that name, not a claim."""
        found = []
        mentions = self.lexicon.find(text)
        if names:
            mentions = outside_names(mentions, text, self.index.names)
        for mention in mentions:
            if mention.term_id not in self.index.supported_terms:
                found.append(Violation("unsupported_term", where, mention.surface))
            elif mention.term_id in self.index.gated and not self.index.gated_backing.get(
                mention.term_id
            ):
                needs = " and ".join(self.index.gated[mention.term_id])
                found.append(Violation("unsupported_term", where, f"{mention.surface} ({needs})"))
        for number in numbers_in(text):
            if number not in self.index.numbers:
                found.append(Violation("unknown_number", where, number))
        return found

    def bullet_violations(self, ekey: str, bullet: PlannedBullet) -> list[Violation]:
        unit = self.index.unit_by_key.get(bullet.key)
        if unit is None or unit.entry_key != ekey or unit.text != bullet.original:
            found = self.text_violations(bullet.text, bullet.key)
            return [*found, Violation("changed_text", bullet.key, "not an inventory bullet")]
        # The person's own bullet, word for word: every term in it is theirs (or inside a
        # name they wrote). A rewording is checked like any text the engine writes.
        if bullet.text == bullet.original:
            return []
        found = self.text_violations(bullet.text, bullet.key, names=True)
        if bullet.text != bullet.original:
            if Counter(numbers_in(bullet.text)) != Counter(numbers_in(bullet.original)):
                found.append(Violation("changed_text", bullet.key, "numbers differ"))
            facts = {**self.index.facts.get("", {}), **self.index.facts.get(ekey, {})}
            for word in guarded_additions(
                bullet.original, bullet.text, self.rule_set.guarded, facts
            ):
                found.append(Violation("changed_text", bullet.key, f"adds {word} without evidence"))
        return found

    def entry_violations(self, entry: PlannedEntry) -> list[Violation]:
        source = self.entries.get(entry.key)
        if source is None:
            return [Violation("changed_field", entry.key, "no such inventory entry")]
        found = [
            Violation("changed_field", entry.key, name)
            for name in _ENTRY_FIELDS
            if getattr(entry, name) != getattr(source, name)
        ]
        for detail in entry.details:
            if not _detail_matches(detail, source):
                found.append(Violation("changed_field", entry.key, f"detail {detail!r}"))
        return found

    def header_violations(self, plan: ResumePlan) -> list[Violation]:
        b = self.inventory.basics
        own = {b.email, b.phone, b.location, b.website, *(p.url for p in b.profiles)}
        found = []
        if plan.header.name != b.name:
            found.append(Violation("changed_field", "header", "name"))
        found += self.headline_violations(plan.header.headline)
        found += [
            Violation("changed_field", "header", f"contact {c!r}")
            for c in plan.header.contacts
            if c not in own
        ]
        for section in plan.sections:
            if section.text and section.text != b.summary.strip():
                found += self.summary_violations(section.text)
        return found

    def headline_violations(self, headline: str) -> list[Violation]:
        """The headline is the person's own, or a title they held, optionally followed by
        " — " and terms the inventory supports."""
        base, _, focus = headline.partition(" — ")
        titles = {self.inventory.basics.headline.strip()} | {
            e.title.strip() for e in self.inventory.entries if e.kind == "position"
        }
        if headline and base not in titles:
            return [Violation("changed_field", "header", "headline")]
        found = self.text_violations(focus, "headline")
        if focus and not self.lexicon.find(focus):
            found.append(Violation("changed_text", "headline", "adds words that name no skill"))
        return found

    def summary_violations(self, text: str) -> list[Violation]:
        """A written summary states only supported terms and the person's numbers, adds no
        guarded word without evidence, and every count it writes in words ("twelve talks")
        is at most the number of such entries in the inventory."""
        found = self.text_violations(text, "summary", names=True)
        # Each term the summary names was checked above, gated ones against their backing;
        # a guarded word needs its facts to hold somewhere in the inventory.
        facts = {name: fact for held in self.index.facts.values() for name, fact in held.items()}
        own = self.inventory.basics.summary
        for word in guarded_additions(own, text, self.rule_set.guarded, facts):
            found.append(Violation("changed_text", "summary", f"adds {word} without evidence"))
        counts = Counter(e.kind for e in self.inventory.entries)
        for count, noun in counted_phrases(text):
            kind = kind_of_noun(noun)
            if kind is None or counts[kind] < count:
                found.append(Violation("unknown_number", "summary", f"{count} {noun}"))
        return found

    def check(self, plan: ResumePlan) -> list[Violation]:
        """Every violation in the plan (empty when it is clean)."""
        found = self.header_violations(plan)
        for section in plan.sections:
            for group in section.skill_groups:
                if group.label not in self.group_labels:
                    found.append(Violation("changed_field", "skills", f"heading {group.label!r}"))
                for item in group.items:
                    found += self.text_violations(item, "skills")
            for entry in section.entries:
                found += self.entry_violations(entry)
                for bullet in entry.bullets:
                    found += self.bullet_violations(entry.key, bullet)
        return found

    # ----------------------------------------------------------------- enforcement

    def enforce(self, plan: ResumePlan, mode: str = "strip") -> tuple[ResumePlan, list[Violation]]:
        """(clean plan, violations found). Raises FabricationError in "raise" mode, or
        when a header fact (employer, title, date, degree, ...) was changed."""
        violations = self.check(plan)
        if not violations:
            return plan, []
        structural = [v for v in violations if v.kind == "changed_field" or v.where == "summary"]
        if mode == "raise" or structural:
            raise FabricationError(structural or violations)
        sections = tuple(self._clean_section(s) for s in plan.sections)
        clean = replace(
            plan, sections=tuple(s for s in sections if s.entries or s.skill_groups or s.text)
        )
        remaining = self.check(clean)
        if remaining:
            raise FabricationError(remaining)
        return clean, violations

    def _clean_section(self, section: PlannedSection) -> PlannedSection:
        groups = []
        for group in section.skill_groups:
            items = tuple(i for i in group.items if not self.text_violations(i, "skills"))
            if items:
                groups.append(replace(group, items=items))
        entries = tuple(
            replace(e, bullets=tuple(self._clean_bullets(e.key, e.bullets)))
            for e in section.entries
        )
        return replace(section, skill_groups=tuple(groups), entries=entries)

    def _clean_bullets(self, ekey: str, bullets: tuple[PlannedBullet, ...]) -> list[PlannedBullet]:
        kept = []
        for bullet in bullets:
            if not self.bullet_violations(ekey, bullet):
                kept.append(bullet)
                continue
            fallback = replace(bullet, text=bullet.original, rule_ids=(), evidence=())
            if not self.bullet_violations(ekey, fallback):
                kept.append(fallback)
        return kept


def _detail_matches(detail: str, entry: Entry) -> bool:
    for label, field_name in _DETAIL_LABELS.items():
        value = getattr(entry, field_name)
        if value and detail == f"{label}{value}":
            return True
    return False
