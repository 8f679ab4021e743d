"""Evidence matching: for each posting term, which parts of the inventory support it, and how.

`index_inventory` reads an inventory once (lexicon mentions per unit, facts, rule hits,
the numbers it contains); `match_evidence` then answers per posting term. Support is
literal (the inventory writes it as the posting does), alias (the same term spelled
another way: "k8s" for Kubernetes), or rule (a licensed reframing whose evidence holds).

Only evidence units count (`units.EVIDENCE_ROLES`): what the person did or lists as a
skill. A term that appears only in their headline, an employer's or a venue's name, or a
URL is not supported: "Westbridge Machine Learning Seminar" is where they spoke, not a
skill — and neither is a name the inventory gives repeated inside a bullet ("at the Max
Planck Institute for Astrophysics"). The gate asks `supported_terms`, so it holds the
output to the same standard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumes.tailoring.facts import Fact, inventory_facts
from resumes.tailoring.inventory import Inventory
from resumes.tailoring.lexicon import Lexicon, Mention, same_spelling
from resumes.tailoring.posting import PostingAnalysis, PostingTerm
from resumes.tailoring.rules import RuleHit, RuleSet, fire_rules
from resumes.tailoring.textnorm import numbers_in, tokenize
from resumes.tailoring.units import Unit, entry_key, inventory_units


@dataclass(frozen=True, slots=True)
class Support:
    unit_key: str
    entry_key: str
    how: str  # literal, alias or rule
    surface: str  # the inventory's words (literal/alias) or the rule's id
    rule_id: str = ""
    # For a rule: the words that matched and each fact it needed, with where they were
    # read ("position-0/b1: 'Ran 12,000 simulations'", "used_hpc: 'Slurm' in skill:9").
    facts: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line naming the inventory text behind this support."""
        if self.how == "rule":
            return f"rule {self.rule_id}: " + "; ".join(self.facts)
        return f"{self.how} {self.surface!r} in {self.unit_key}"


@dataclass(frozen=True)
class TermEvidence:
    term_id: str
    supports: tuple[Support, ...]

    @property
    def supported(self) -> bool:
        return bool(self.supports)

    @property
    def how(self) -> str:
        """The strongest kind of support: literal beats alias beats rule."""
        kinds = {s.how for s in self.supports}
        return next((k for k in ("literal", "alias", "rule") if k in kinds), "")


@dataclass(frozen=True)
class InventoryIndex:
    """Everything the engine needs to know about an inventory, independent of any posting."""

    units: tuple[Unit, ...]
    unit_by_key: dict[str, Unit]
    mentions: dict[str, tuple[Mention, ...]]
    facts: dict[str, dict[str, Fact]]
    hits: tuple[RuleHit, ...]
    numbers: frozenset[str]
    literal_terms: frozenset[str]  # terms the inventory's own text names
    licensed_terms: frozenset[str]  # terms a rule licenses for this inventory
    unit_tokens: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names: tuple[str, ...] = ()  # employers, institutions and venues (see inventory_names)

    @property
    def supported_terms(self) -> frozenset[str]:
        return self.literal_terms | self.licensed_terms


def index_inventory(inventory: Inventory, lexicon: Lexicon, rule_set: RuleSet) -> InventoryIndex:
    units = inventory_units(inventory)
    names = inventory_names(inventory)
    mentions: dict[str, tuple[Mention, ...]] = {}
    unit_tokens: dict[str, tuple[str, ...]] = {}
    for unit in units:
        if not unit.is_evidence:
            continue
        tokens = tokenize(unit.text)
        unit_tokens[unit.key] = tuple(t.stem for t in tokens)
        if unit.role == "skill":
            term_id = lexicon.resolve(unit.text)
            if term_id is not None:
                mentions[unit.key] = (Mention(term_id, unit.text, 0, len(unit.text)),)
                continue
            mentions[unit.key] = tuple(lexicon.find(unit.text, tokens))
            continue
        mentions[unit.key] = tuple(outside_names(lexicon.find(unit.text, tokens), unit.text, names))
    facts = inventory_facts(inventory, units)
    units_by_entry: dict[str, list[Unit]] = {}
    for unit in units:
        units_by_entry.setdefault(unit.entry_key, []).append(unit)
    entries = [(entry_key(e, i), e) for i, e in enumerate(inventory.entries)]
    hits = tuple(fire_rules(rule_set, entries, units_by_entry, facts))
    numbers = frozenset(n for text in _all_texts(inventory) for n in numbers_in(text))
    return InventoryIndex(
        units=tuple(units),
        unit_by_key={u.key: u for u in units},
        mentions=mentions,
        facts=facts,
        hits=hits,
        numbers=numbers,
        literal_terms=frozenset(m.term_id for ms in mentions.values() for m in ms),
        licensed_terms=frozenset(t for h in hits for t in h.licenses),
        unit_tokens=unit_tokens,
        names=names,
    )


def inventory_names(inventory: Inventory) -> tuple[str, ...]:
    """The employers, institutions and venues the inventory names, and their parts
    ("Physical Cosmology Group, Max Planck Institute for Astrophysics" gives both)."""
    found: set[str] = set()
    for entry in inventory.entries:
        for value in (entry.organization, entry.venue):
            parts = [value, *re.split(r"[,;]", value)]
            found.update(p.strip() for p in parts if len(p.strip()) >= 6)
    # Proper names only: a name written in lower case is too likely ordinary words.
    return tuple(sorted((n for n in found if any(c.isupper() for c in n)), key=len, reverse=True))


def outside_names(found: list[Mention], text: str, names: tuple[str, ...]) -> list[Mention]:
    """Mentions not inside a name the text repeats: a bullet that says "at the Max Planck
    Institute for Astrophysics" says where, not that the person does astrophysics."""
    spans = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    if not spans:
        return found
    return [m for m in found if not any(a <= m.start and m.end <= b for a, b in spans)]


def _all_texts(inventory: Inventory) -> list[str]:
    """Every string the person wrote: numbers in the output must come from here.

    Wider than the evidence on purpose: a number in an employer's name or the headline is
    still the person's number when it is shown where they wrote it."""
    b = inventory.basics
    texts = [b.name, b.headline, b.email, b.phone, b.location, b.website, b.summary]
    texts += [p.url for p in b.profiles] + [p.username for p in b.profiles]
    for e in inventory.entries:
        texts += [e.title, e.organization, e.location, e.start, e.end, e.url, e.summary]
        texts += [e.venue, e.doi, e.arxiv_id, e.abstract, e.degree, e.field_of_study]
        texts += [e.thesis_title, e.advisor, e.score, *e.courses, *e.authors]
        texts += [bullet.text for bullet in e.bullets]
        texts.append(str(e.year) if e.year else "")
    texts += [s.name for s in inventory.skills] + [s.group for s in inventory.skills]
    return texts


def match_evidence(index: InventoryIndex, analysis: PostingAnalysis) -> dict[str, TermEvidence]:
    """Per posting term id: the supports found in the inventory (maybe none)."""
    result: dict[str, TermEvidence] = {}
    for term in analysis.terms:
        if term.source == "keyphrase":
            supports = _phrase_supports(index, term)
        else:
            supports = _term_supports(index, term)
        result[term.id] = TermEvidence(term.id, tuple(supports))
    return result


def _term_supports(index: InventoryIndex, term: PostingTerm) -> list[Support]:
    supports: list[Support] = []
    for unit in index.units:
        for mention in index.mentions.get(unit.key, ()):
            if mention.term_id != term.id:
                continue
            literal = any(same_spelling(mention.surface, s) for s in (*term.surfaces, term.name))
            supports.append(
                Support(
                    unit.key, unit.entry_key, "literal" if literal else "alias", mention.surface
                )
            )
            break
    for hit in index.hits:
        if term.id not in hit.licenses:
            continue
        for unit_key in hit.unit_keys:
            supports.append(
                Support(
                    unit_key,
                    hit.entry_key,
                    "rule",
                    hit.rule_id,
                    rule_id=hit.rule_id,
                    facts=hit.evidence(unit_key),
                )
            )
    return supports


def _phrase_supports(index: InventoryIndex, term: PostingTerm) -> list[Support]:
    words = term.words
    supports = []
    for unit in index.units:
        tokens = index.unit_tokens.get(unit.key, ())
        for i in range(len(tokens) - len(words) + 1):
            if tokens[i : i + len(words)] == words:
                supports.append(Support(unit.key, unit.entry_key, "literal", term.name))
                break
    return supports
