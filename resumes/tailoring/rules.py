"""Licensed reframing: academic wording → industry wording, only where the evidence holds.

Rules are data (`data/reframing_rules.json`). Each names a pattern in the entry's own
text, the lexicon terms it licenses, and the facts (see `facts.py`) the entry must hold.
A rule fires per entry; its licence is the list of units whose text matched, with the
words that matched and the facts that allowed it, so every reframed claim can be traced to
the person's own words.

A rule reads the entry's content (bullets, summary, title, thesis, abstract): never its
employer, venue or the person's headline. A rule may name the roles it reads instead
(`reads`): the few about the entry itself (a talk is public speaking, a grant) may read its
label (an award or event name), the open-source rule its URL, the thesis rule only the
thesis. A unit that matches a rule's `unless` pattern ("prototype" for production) gives
that rule no licence.

Rewrites are deliberately small: synonym swaps, and a lead — the industry name of a term
the rule licenses, put before the person's unchanged bullet ("Debugging and root-cause
analysis: diagnosed ..."). Neither may introduce a digit, and any "guarded" word they
introduce (production, deployed, A/B, implemented, led, ...) must be licensed by a fact of
that entry; both are checked when the rules load and again by the gate on the final output.

Some terms are gated (`gated_terms`): "A/B testing" needs randomised assignment with a
control, "production ML" and "model deployment" need deployment to real users. A gated term
needs its facts however it is found — spelled in the person's words, through an alias, or
licensed by a rule — so a rule that licenses one must require its facts in the unit it
reads (checked by `validate_rules`), the evidence index admits one only with backing, and
the gate checks the final output again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from resumes.tailoring.facts import FACT_NAMES, Fact, fact_in_unit
from resumes.tailoring.inventory import Entry
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.units import CONTENT_ROLES, Unit

RULES_PATH = Path(__file__).parent / "data" / "reframing_rules.json"
READABLE_ROLES = CONTENT_ROLES | {"label", "url"}


@dataclass(frozen=True)
class Rule:
    id: str
    topic: str
    pattern: re.Pattern[str]
    licenses: tuple[str, ...]  # lexicon term ids
    requires: tuple[str, ...]  # fact names, all needed
    kinds: tuple[str, ...]  # entry kinds it applies to; empty means all
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    note: str
    reads: frozenset[str] = CONTENT_ROLES  # unit roles it reads; see READABLE_ROLES
    unless: re.Pattern[str] | None = None  # a unit matching this licenses nothing
    # Facts that, when the entry holds them only by its text, must be stated by the
    # matching unit itself: "samplers" in one bullet is not theory because another bullet
    # proved a bound. Facts the person flagged on the entry hold for all its units.
    facts_in_unit: tuple[str, ...] = ()

    def reads_unit(self, unit: Unit) -> bool:
        return unit.role in self.reads


@dataclass(frozen=True)
class GuardedWord:
    pattern: re.Pattern[str]
    requires: tuple[str, ...]


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    guarded: tuple[GuardedWord, ...]
    # term id → the facts it needs whatever the match type (literal, alias or rule)
    gated: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleHit:
    """One rule firing on one entry: what it licenses, from which units, on what facts."""

    rule_id: str
    entry_key: str
    unit_keys: tuple[str, ...]
    licenses: tuple[str, ...]
    facts: tuple[Fact, ...]
    fragments: tuple[str, ...] = ()  # per unit key, the words the pattern matched
    unit_facts: tuple[tuple[Fact, ...], ...] = ()  # per unit key, the facts that let it in

    def facts_for(self, unit_key: str | None = None) -> tuple[Fact, ...]:
        """The required facts as they hold for one matched unit (all units: `facts`)."""
        if unit_key is None or unit_key not in self.unit_keys or not self.unit_facts:
            return self.facts
        return self.unit_facts[self.unit_keys.index(unit_key)]

    def evidence(self, unit_key: str | None = None) -> tuple[str, ...]:
        """The inventory facts behind this licence, in words a person can check:
        the matched words and where ("position-0/b1: 'Ran 12,000 simulations'"), then
        each required fact and where it was read."""
        matched = [
            f"{key}: {fragment!r}"
            for key, fragment in zip(self.unit_keys, self.fragments, strict=False)
            if unit_key is None or key == unit_key
        ]
        return (*matched, *(f.describe() for f in self.facts_for(unit_key)))


class RuleError(ValueError):
    """The rules file is inconsistent with the lexicon or the fact names."""


@cache
def load_rules(path: Path = RULES_PATH) -> RuleSet:
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = tuple(
        Rule(
            id=r["id"],
            topic=r["topic"],
            pattern=re.compile(r["pattern"], re.IGNORECASE),
            licenses=tuple(r["licenses"]),
            requires=tuple(r["requires"]),
            kinds=tuple(r.get("kinds", ())),
            rewrites=tuple((re.compile(a, re.IGNORECASE), b) for a, b in r.get("rewrite", ())),
            note=r["note"],
            reads=frozenset(r.get("reads", CONTENT_ROLES)),
            facts_in_unit=tuple(r.get("facts_in_unit", ())),
            unless=re.compile(r["unless"], re.IGNORECASE) if r.get("unless") else None,
        )
        for r in data["rules"]
    )
    guarded = tuple(
        GuardedWord(re.compile(g["pattern"], re.IGNORECASE), tuple(g["requires"]))
        for g in data["guarded_words"]
    )
    gated = {term: tuple(needs) for term, needs in data["gated_terms"].items()}
    return RuleSet(rules, guarded, gated)


def validate_rules(rule_set: RuleSet, lexicon: Lexicon) -> None:
    """Raise RuleError unless every rule names real terms and facts and rewrites safely."""
    seen: set[str] = set()
    for rule in rule_set.rules:
        if rule.id in seen:
            raise RuleError(f"duplicate rule id {rule.id}")
        seen.add(rule.id)
        for term_id in rule.licenses:
            if term_id not in lexicon.terms:
                raise RuleError(f"rule {rule.id} licenses unknown term {term_id}")
            if lexicon.term(term_id).category == "hard":
                raise RuleError(f"rule {rule.id} may not license a tool ({term_id})")
        for fact in rule.requires:
            if fact not in FACT_NAMES:
                raise RuleError(f"rule {rule.id} requires unknown fact {fact}")
        for role in sorted(rule.reads):
            if role not in READABLE_ROLES:
                raise RuleError(f"rule {rule.id} may not read {role} units")
        for fact in rule.facts_in_unit:
            if fact not in rule.requires:
                raise RuleError(f"rule {rule.id} wants {fact} in the unit but does not require it")
        for term_id in rule.licenses:
            # A gated term is licensed only where its facts hold for the very unit read.
            needs = set(rule_set.gated.get(term_id, ()))
            if not needs <= set(rule.requires) & set(rule.facts_in_unit):
                raise RuleError(f"rule {rule.id} licenses gated {term_id} without {sorted(needs)}")
        added = [r for _, r in rule.rewrites]
        for replacement in added:
            if re.search(r"\d", replacement.replace("\\1", "").replace("\\2", "")):
                raise RuleError(f"rule {rule.id} rewrite adds a number")
            for guard in rule_set.guarded:
                if guard.pattern.search(replacement) and not set(guard.requires) <= set(
                    rule.requires
                ):
                    raise RuleError(f"rule {rule.id} rewrite adds a guarded word")
    for term_id, gate_facts in rule_set.gated.items():
        if term_id not in lexicon.terms:
            raise RuleError(f"gated term {term_id} is not in the lexicon")
        for fact in gate_facts:
            if fact not in FACT_NAMES:
                raise RuleError(f"gated term {term_id} needs unknown fact {fact}")


def fire_rules(
    rule_set: RuleSet,
    entries: list[tuple[str, Entry]],
    units_by_entry: dict[str, list[Unit]],
    facts_by_entry: dict[str, dict[str, Fact]],
) -> list[RuleHit]:
    """Every (rule, entry) pair whose pattern matches and whose required facts hold."""
    hits: list[RuleHit] = []
    inventory_wide = facts_by_entry.get("", {})
    for ekey, entry in entries:
        facts = {**inventory_wide, **facts_by_entry.get(ekey, {})}
        units = units_by_entry.get(ekey, [])
        for rule in rule_set.rules:
            if rule.kinds and entry.kind not in rule.kinds:
                continue
            if not all(name in facts for name in rule.requires):
                continue
            matched: list[tuple[str, str, tuple[Fact, ...]]] = []
            used: dict[str, Fact] = {}
            for unit in units:
                if not rule.reads_unit(unit) or (rule.unless and rule.unless.search(unit.text)):
                    continue
                # Only words that say what the person did: "attended a lecture on ..."
                # matches nothing (see units.study_spans).
                found = unit.search(rule.pattern)
                if not found:
                    continue
                unit_facts = _facts_for_unit(rule, unit, facts)
                if unit_facts is None:
                    continue
                matched.append((unit.key, _fragment(unit.text, found), tuple(unit_facts)))
                for fact in unit_facts:
                    used.setdefault(fact.name, fact)
            if not matched:
                continue
            hits.append(
                RuleHit(
                    rule_id=rule.id,
                    entry_key=ekey,
                    unit_keys=tuple(k for k, _, _ in matched),
                    licenses=rule.licenses,
                    facts=tuple(used[name] for name in rule.requires),
                    fragments=tuple(f for _, f, _ in matched),
                    unit_facts=tuple(f for _, _, f in matched),
                )
            )
    return hits


def _facts_for_unit(rule: Rule, unit: Unit, facts: dict[str, Fact]) -> list[Fact] | None:
    """The facts that let `rule` use this unit, or None when one does not hold for it."""
    found = []
    for name in rule.requires:
        fact: Fact | None = facts[name]
        if name in rule.facts_in_unit and facts[name].source != "flag":
            fact = fact_in_unit(name, unit)
        if fact is None:
            return None
        found.append(fact)
    return found


def _fragment(text: str, match: re.Match[str], width: int = 60) -> str:
    """The matched words with a little context, cut at word boundaries."""
    if match.end() - match.start() >= len(text) or match.group(0) in ("", text[:1]):
        return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"
    start = text.rfind(" ", 0, max(match.start() - 20, 0)) + 1 if match.start() > 20 else 0
    end = text.find(" ", min(match.end() + 20, len(text)))
    end = len(text) if end < 0 else end
    fragment = text[start:end]
    return ("…" if start else "") + fragment + ("…" if end < len(text) else "")


def rewrite(text: str, rule: Rule) -> str:
    """`text` with the rule's synonym swaps applied (unchanged when none match)."""
    for pattern, replacement in rule.rewrites:
        text = pattern.sub(replacement, text)
    return text


def guarded_additions(
    before: str, after: str, guarded: tuple[GuardedWord, ...], facts: dict[str, Fact]
) -> list[str]:
    """Guarded words present in `after` but not in `before` whose facts do not hold."""
    problems = []
    for guard in guarded:
        added = len(guard.pattern.findall(after)) > len(guard.pattern.findall(before))
        if added and not all(name in facts for name in guard.requires):
            problems.append(guard.pattern.pattern)
    return problems
