"""The inventory's own lines behind a posting's terms, word for word, strongest first.

A referral ask quotes the few lines of the person's experience that answer a posting
best; the "what to learn next" page shows, beside a term a sent résumé left out, the
lines that would show it. Both read the support `evidence.match_evidence` found and quote
each unit exactly as the person wrote it: never a reframed version, never a summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from resumes.tailoring.evidence import SUPPORT_KINDS, InventoryIndex, Support, TermEvidence
from resumes.tailoring.posting import PostingAnalysis

# Lines a message can quote: what the person did, as they wrote it (bullets and entry
# summaries). Titles and skill names are support too, but not sentences to quote.
QUOTABLE_ROLES = frozenset({"bullet"})
_HOW_RANK = {kind: rank for rank, kind in enumerate(SUPPORT_KINDS)}


@dataclass(frozen=True)
class EvidenceLine:
    unit_key: str  # the engine's key: "b<pk>" for a bullet, "e<pk>#summary", "skill:3"
    entry_key: str  # "e<pk>", "" for the skills list
    role: str  # the unit's role (see units.py): bullet, title, skill, ...
    text: str  # the inventory's words, exactly
    how: str  # the strongest support: literal, alias, narrower, rule, degree
    rule_id: str = ""  # the reframing rule, when `how` is "rule"
    terms: tuple[str, ...] = ()  # the posting's terms this line supports, strongest first


def _strength(support: Support) -> int:
    return _HOW_RANK.get(support.how, len(_HOW_RANK))


def lines_for_term(
    index: InventoryIndex, evidence: TermEvidence, limit: int = 3
) -> tuple[EvidenceLine, ...]:
    """The units that support one term, one line each: sentences the person wrote before
    a name in their skills list, and the strongest kind of support first."""
    best: dict[str, Support] = {}
    for support in evidence.supports:
        kept = best.get(support.unit_key)
        if kept is None or _strength(support) < _strength(kept):
            best[support.unit_key] = support
    lines = [
        EvidenceLine(
            unit_key=unit.key,
            entry_key=unit.entry_key,
            role=unit.role,
            text=unit.text,
            how=support.how,
            rule_id=support.rule_id,
        )
        for key, support in best.items()
        if (unit := index.unit_by_key.get(key)) is not None
    ]
    order = _inventory_order(index)
    lines.sort(
        key=lambda line: (
            line.role not in QUOTABLE_ROLES,
            _HOW_RANK.get(line.how, len(_HOW_RANK)),
            order.get(line.unit_key, 0),
        )
    )
    return tuple(lines[:limit])


def strongest_lines(
    index: InventoryIndex,
    analysis: PostingAnalysis,
    evidence: dict[str, TermEvidence],
    limit: int = 3,
) -> tuple[EvidenceLine, ...]:
    """The quotable lines that support the most of what the posting asks for, each term
    counted by its weight (a must-have above a nice-to-have, a term the posting repeats
    above one it names once). One line per entry first, so the lines show range; then
    the next strongest. Equal lines keep the inventory's order."""
    weights: dict[str, dict[str, float]] = {}  # unit key → term id → weight
    how: dict[str, Support] = {}
    for term in analysis.terms:
        if term.source in ("degree", "years"):
            continue
        for support in evidence[term.id].supports:
            unit = index.unit_by_key.get(support.unit_key)
            if unit is None or unit.role not in QUOTABLE_ROLES:
                continue
            weights.setdefault(unit.key, {})[term.id] = term.weight
            if unit.key not in how or _strength(support) < _strength(how[unit.key]):
                how[unit.key] = support
    order = _inventory_order(index)
    ranked = sorted(weights, key=lambda key: (-sum(weights[key].values()), order[key]))
    chosen: list[str] = []
    entries: set[str] = set()
    for key in ranked:
        entry = index.unit_by_key[key].entry_key
        if entry not in entries and len(chosen) < limit:
            chosen.append(key)
            entries.add(entry)
    chosen += [key for key in ranked if key not in chosen][: limit - len(chosen)]
    chosen.sort(key=ranked.index)
    names = {term.id: term.name for term in analysis.terms}
    return tuple(
        EvidenceLine(
            unit_key=key,
            entry_key=index.unit_by_key[key].entry_key,
            role=index.unit_by_key[key].role,
            text=index.unit_by_key[key].text,
            how=how[key].how,
            rule_id=how[key].rule_id,
            terms=tuple(
                names[term_id]
                for term_id in sorted(weights[key], key=lambda t: (-weights[key][t], names[t]))
            ),
        )
        for key in chosen
    )


def _inventory_order(index: InventoryIndex) -> dict[str, int]:
    return {unit.key: position for position, unit in enumerate(index.units)}
