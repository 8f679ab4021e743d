"""Licensed reframing: academic wording → industry wording, only where the evidence holds.

Rules are data (`data/reframing_rules.json`). Each names a pattern in the entry's own
text, the lexicon terms it licenses, and the facts (see `facts.py`) the entry must hold.
A rule fires per entry; its licence is the list of units whose text matched, with the
facts that allowed it, so every reframed claim can be traced to the person's own words.

Rewrites are deliberately small synonym swaps. They may not introduce a digit, and any
"guarded" word they introduce (production, deployed, A/B, implemented, led, ...) must be
licensed by a fact of that entry; both are checked when the rules load and again by the
gate on the final output.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from resumes.tailoring.facts import FACT_NAMES, Fact
from resumes.tailoring.inventory import Entry
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.units import NAME_ROLES, Unit

RULES_PATH = Path(__file__).parent / "data" / "reframing_rules.json"


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


@dataclass(frozen=True)
class GuardedWord:
    pattern: re.Pattern[str]
    requires: tuple[str, ...]


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    guarded: tuple[GuardedWord, ...]


@dataclass(frozen=True)
class RuleHit:
    """One rule firing on one entry: what it licenses, from which units, on what facts."""

    rule_id: str
    entry_key: str
    unit_keys: tuple[str, ...]
    licenses: tuple[str, ...]
    facts: tuple[Fact, ...]


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
        )
        for r in data["rules"]
    )
    guarded = tuple(
        GuardedWord(re.compile(g["pattern"], re.IGNORECASE), tuple(g["requires"]))
        for g in data["guarded_words"]
    )
    return RuleSet(rules, guarded)


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
        for _, replacement in rule.rewrites:
            if re.search(r"\d", replacement.replace("\\1", "").replace("\\2", "")):
                raise RuleError(f"rule {rule.id} rewrite adds a number")
            for guard in rule_set.guarded:
                if guard.pattern.search(replacement) and not set(guard.requires) <= set(
                    rule.requires
                ):
                    raise RuleError(f"rule {rule.id} rewrite adds a guarded word")


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
        units = [u for u in units_by_entry.get(ekey, []) if u.role not in NAME_ROLES]
        for rule in rule_set.rules:
            if rule.kinds and entry.kind not in rule.kinds:
                continue
            if not all(name in facts for name in rule.requires):
                continue
            matched = tuple(u.key for u in units if rule.pattern.search(u.text))
            if not matched:
                continue
            hits.append(
                RuleHit(
                    rule_id=rule.id,
                    entry_key=ekey,
                    unit_keys=matched,
                    licenses=rule.licenses,
                    facts=tuple(facts[name] for name in rule.requires),
                )
            )
    return hits


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
