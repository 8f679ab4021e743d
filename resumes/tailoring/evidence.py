"""Evidence matching: for each posting term, which parts of the inventory support it, and how.

`index_inventory` reads an inventory once (lexicon mentions per unit, facts, rule hits,
the numbers it contains); `match_evidence` then answers per posting term. Support is
literal (the inventory writes it as the posting does), alias (the same term spelled
another way: "k8s" for Kubernetes), or rule (a licensed reframing whose evidence holds).

Only evidence units count (`units.EVIDENCE_ROLES`): what the person did or lists as a
skill. A term that appears only in their headline, an employer's or a venue's name, or a
URL is not supported: "Westbridge Machine Learning Seminar" is where they spoke, not a
skill — and neither is a name the inventory gives repeated inside a bullet ("at the Max
Planck Institute for Astrophysics"). Words that only attend, audit or study something
("Attended lectures on Kubernetes") support nothing either (`units.study_spans`). A gated
term ("A/B testing", "model deployment") is supported only where its facts hold for the unit
that names it, whatever the match type (`gated_holds`). The gate asks `supported_terms`, so
it holds the output to the same standard.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Protocol

from resumes.tailoring.concepts import load_hierarchy
from resumes.tailoring.facts import Fact, fact_in_unit, inventory_facts
from resumes.tailoring.inventory import Inventory
from resumes.tailoring.lexicon import Lexicon, Mention, same_spelling
from resumes.tailoring.posting import PostingAnalysis, PostingTerm
from resumes.tailoring.requirements import degree_mentions
from resumes.tailoring.rules import RuleHit, RuleSet, fire_rules
from resumes.tailoring.textnorm import numbers_in, tokenize
from resumes.tailoring.units import Unit, entry_key, inventory_units

# Kinds of support, strongest first.
SUPPORT_KINDS: tuple[str, ...] = ("literal", "alias", "narrower", "rule", "degree")


@dataclass(frozen=True, slots=True)
class Support:
    unit_key: str
    entry_key: str
    how: str  # literal, alias, narrower (a kind of the term: XGBoost for boosting), rule
    surface: str  # the inventory's words (literal/alias) or the rule's id
    rule_id: str = ""
    # For a rule: the words that matched and each fact it needed, with where they were
    # read ("position-0/b1: 'Ran 12,000 simulations'", "used_hpc: 'Slurm' in skill:9").
    facts: tuple[str, ...] = ()
    # The same facts as data (for a gated term found literally too: the facts it needed),
    # so a report can name each flag or the words that state it.
    fact_list: tuple[Fact, ...] = ()

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
        """The strongest kind of support: literal, alias, narrower, rule, degree."""
        kinds = {s.how for s in self.supports}
        return next((k for k in SUPPORT_KINDS if k in kinds), "")


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
    # gated term id → the facts it needs (`RuleSet.gated`), and the units that may support
    # it, those facts holding for each
    gated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gated_backing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # broader terms the inventory's own terms are kinds of (XGBoost → tree-based models),
    # gated terms excepted: those need their own facts
    broader_terms: frozenset[str] = frozenset()

    @property
    def supported_terms(self) -> frozenset[str]:
        return self.literal_terms | self.licensed_terms | self.broader_terms


class IndexStore(Protocol):
    """Where indexes outlive a process (a shared cache): keyed by `index_version`."""

    def get(self, version: str) -> InventoryIndex | None: ...

    def set(self, version: str, index: InventoryIndex) -> None: ...


# Indexes of the inventory versions built last in this process, newest last. A worker
# builds one person's résumés for several postings in a row; the index does not depend on
# the posting, so each version is read once.
_RECENT_INDEXES: OrderedDict[str, tuple[Lexicon, RuleSet, InventoryIndex]] = OrderedDict()
RECENT_INDEXES_KEPT = 8


def index_version(inventory: Inventory) -> str:
    """The inventory's content and the engine that reads it, hashed: any change to either,
    however small, is a new version and needs a new index."""
    content = hashlib.blake2b(repr(inventory).encode(), digest_size=16)
    content.update(engine_fingerprint().encode())
    return content.hexdigest()


@cache
def engine_fingerprint() -> str:
    """The tailoring code and data files this process runs, hashed: an index stored by an
    older deployment is never read by a newer one."""
    digest = hashlib.blake2b(digest_size=8)
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("data/*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def indexed(
    inventory: Inventory, lexicon: Lexicon, rule_set: RuleSet, store: IndexStore | None = None
) -> InventoryIndex:
    """`index_inventory`, once per version of the inventory: from this process's recent
    indexes, else from `store` (built by another process, or ahead of the build when the
    inventory changed), else built now and kept in both."""
    version = index_version(inventory)
    kept = _RECENT_INDEXES.get(version)
    if kept is not None and kept[0] is lexicon and kept[1] is rule_set:
        _RECENT_INDEXES.move_to_end(version)
        return kept[2]
    index = store.get(version) if store is not None else None
    if index is None:
        index = index_inventory(inventory, lexicon, rule_set)
        if store is not None:
            store.set(version, index)
    _RECENT_INDEXES[version] = (lexicon, rule_set, index)
    while len(_RECENT_INDEXES) > RECENT_INDEXES_KEPT:
        _RECENT_INDEXES.popitem(last=False)
    return index


def index_inventory(inventory: Inventory, lexicon: Lexicon, rule_set: RuleSet) -> InventoryIndex:
    units = inventory_units(inventory)
    names = inventory_names(inventory)
    facts = inventory_facts(inventory, units)
    mentions: dict[str, tuple[Mention, ...]] = {}
    unit_tokens: dict[str, tuple[str, ...]] = {}
    for unit in units:
        if not unit.is_evidence:
            continue
        tokens = tokenize(unit.text)
        unit_tokens[unit.key] = tuple(t.stem for t in tokens)
        if unit.role == "skill" and (term_id := lexicon.resolve(unit.text)) is not None:
            found = [Mention(term_id, unit.text, 0, len(unit.text))]
        elif unit.role == "skill":
            found = lexicon.find(unit.text, tokens)
        else:
            found = outside_names(lexicon.find(unit.text, tokens), unit.text, names)
        mentions[unit.key] = tuple(
            m
            for m in found
            if unit.is_doing(m.start) and gated_holds(rule_set, m.term_id, unit, facts)
        )
    units_by_entry: dict[str, list[Unit]] = {}
    for unit in units:
        units_by_entry.setdefault(unit.entry_key, []).append(unit)
    entries = [(entry_key(e, i), e) for i, e in enumerate(inventory.entries)]
    hits = tuple(fire_rules(rule_set, entries, units_by_entry, facts))
    numbers = frozenset(n for text in _all_texts(inventory) for n in numbers_in(text))
    backing: dict[str, list[str]] = {term_id: [] for term_id in rule_set.gated}
    for key, unit_mentions in mentions.items():
        for m in unit_mentions:
            if m.term_id in backing and key not in backing[m.term_id]:
                backing[m.term_id].append(key)
    unit_by_key = {u.key: u for u in units}
    literal_terms = frozenset(m.term_id for ms in mentions.values() for m in ms)
    for hit in hits:
        for term_id in hit.licenses:
            if term_id in backing:
                # Checked again here, not only trusted to the rule's `requires`: a rule that
                # forgot a gated term's facts still cannot license it.
                backing[term_id].extend(
                    k
                    for k in hit.unit_keys
                    if k not in backing[term_id]
                    and gated_holds(rule_set, term_id, unit_by_key[k], facts)
                )
    licensed_terms = frozenset(
        t for h in hits for t in h.licenses if t not in backing or backing[t]
    )
    broader = load_hierarchy().supported_by(literal_terms) - set(rule_set.gated)
    return InventoryIndex(
        units=tuple(units),
        unit_by_key=unit_by_key,
        mentions=mentions,
        facts=facts,
        hits=hits,
        numbers=numbers,
        literal_terms=literal_terms,
        licensed_terms=licensed_terms,
        broader_terms=frozenset(broader),
        unit_tokens=unit_tokens,
        names=names,
        gated=dict(rule_set.gated),
        gated_backing={t: tuple(keys) for t, keys in backing.items() if keys},
    )


def gated_holds(
    rule_set: RuleSet, term_id: str, unit: Unit, facts: dict[str, dict[str, Fact]]
) -> bool:
    """Whether `unit` may support `term_id`: always for an ungated term; for a gated one
    ("A/B testing", "model deployment") only when each fact it needs holds for this unit —
    flagged by the person on its entry, or stated in the unit's own words. A skill the
    person lists needs the facts to hold for some entry of theirs."""
    needs = rule_set.gated.get(term_id, ())
    if not needs:
        return True
    if unit.entry_key == "":
        return any(all(n in entry_facts for n in needs) for entry_facts in facts.values())
    entry_facts = facts.get(unit.entry_key, {})
    for name in needs:
        fact = entry_facts.get(name)
        if fact is None or (fact.source != "flag" and fact_in_unit(name, unit) is None):
            return False
    return True


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
    if not found:
        return found
    spans = []
    for name in _names_that_may_occur(text, names):
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    if not spans:
        return found
    return [m for m in found if not any(a <= m.start and m.end <= b for a, b in spans)]


def _names_that_may_occur(text: str, names: tuple[str, ...]) -> list[str]:
    """The names whose first word is in `text`: a name can only occur where its first
    word does, and one look per distinct first word replaces one search per name, which
    grew with the inventory times its text."""
    return [
        name
        for first_word, named in _names_by_first_word(names).items()
        if first_word in text
        for name in named
    ]


@lru_cache(maxsize=16)
def _names_by_first_word(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(name.split()[0], []).append(name)
    return {word: tuple(named) for word, named in grouped.items()}


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
        elif term.source == "degree":
            supports = _degree_supports(index, term.rank)
        elif term.source == "years":
            supports = []  # told to the person, never scored: dates are not experience
        else:
            supports = _term_supports(index, term) + narrower_supports(index, term.id)
        result[term.id] = TermEvidence(term.id, tuple(supports))
    return result


def narrower_supports(index: InventoryIndex, term_id: str) -> list[Support]:
    """Units naming a kind of `term_id` ("XGBoost" for "tree-based models"), one per unit.

    A gated term ("model deployment") is never supported this way: it needs its own facts."""
    if term_id in index.gated:
        return []
    kinds = load_hierarchy().descendants(term_id) & index.literal_terms
    if not kinds:
        return []
    supports = []
    for unit in index.units:
        mention = next((m for m in index.mentions.get(unit.key, ()) if m.term_id in kinds), None)
        if mention is not None:
            supports.append(Support(unit.key, unit.entry_key, "narrower", mention.surface))
    return supports


def _degree_supports(index: InventoryIndex, rank: int) -> list[Support]:
    """Degree lines of the inventory at `rank` or above (a PhD meets "MS or PhD")."""
    supports = []
    for unit in index.units:
        if unit.key.endswith("#degree"):
            held = degree_mentions(unit.text)
            if held and max(c.rank for c in held) >= rank:
                supports.append(Support(unit.key, unit.entry_key, "degree", held[-1].surface))
    return supports


def _term_supports(index: InventoryIndex, term: PostingTerm) -> list[Support]:
    return term_supports(index, term.id, (*term.surfaces, term.name))


def term_supports(
    index: InventoryIndex, term_id: str, spellings: tuple[str, ...] = ()
) -> list[Support]:
    """The units that support `term_id`: by naming it ("literal" when spelled like one of
    `spellings`, else "alias") or by a rule's licence, each with the facts it relied on."""
    supports: list[Support] = []
    for unit in index.units:
        for mention in index.mentions.get(unit.key, ()):
            if mention.term_id != term_id:
                continue
            literal = any(same_spelling(mention.surface, s) for s in spellings)
            supports.append(
                Support(
                    unit.key,
                    unit.entry_key,
                    "literal" if literal else "alias",
                    mention.surface,
                    fact_list=_gated_facts(index, term_id, unit),
                )
            )
            break
    for hit in index.hits:
        if term_id not in hit.licenses:
            continue
        for unit_key in hit.unit_keys:
            if term_id in index.gated and unit_key not in index.gated_backing.get(term_id, ()):
                continue
            supports.append(
                Support(
                    unit_key,
                    hit.entry_key,
                    "rule",
                    hit.rule_id,
                    rule_id=hit.rule_id,
                    facts=hit.evidence(unit_key),
                    fact_list=hit.facts_for(unit_key),
                )
            )
    return supports


def _gated_facts(index: InventoryIndex, term_id: str, unit: Unit) -> tuple[Fact, ...]:
    """For a gated term named in `unit`, the facts that let it count (see gated_holds)."""
    if term_id not in index.gated:
        return ()
    if unit.entry_key == "":
        holding = next(
            (f for f in index.facts.values() if all(n in f for n in index.gated[term_id])), {}
        )
        return tuple(holding[n] for n in index.gated[term_id] if n in holding)
    entry_facts = index.facts.get(unit.entry_key, {})
    found = []
    for name in index.gated[term_id]:
        fact = entry_facts.get(name)
        if fact is not None and fact.source != "flag":
            fact = fact_in_unit(name, unit) or fact
        if fact is not None:
            found.append(fact)
    return tuple(found)


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
