"""Across many postings, read against one inventory: the real gaps worth learning first,
and the terms the inventory supports that the résumés sent left out.

A gap counts once per posting, by how strongly that posting asks for it (a must-have
above a nice-to-have above a mention), so the gaps at the top are the ones that block the
most postings the most. The concept hierarchy holds throughout, because the evidence
does: a posting's "tree-based models" is no gap for someone whose inventory names XGBoost
(see `concepts.py`). It also says how a gap can be closed: a broad gap is met by learning
any one kind of it, and learning a narrow one meets the broad gaps above it too.

Pure: the caller passes each posting's analysis under a reference of its own, and one
evidence table for every term of them (`match_evidence` over all their terms at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from resumes.tailoring.concepts import Hierarchy
from resumes.tailoring.evidence import InventoryIndex, TermEvidence
from resumes.tailoring.evidence_lines import EvidenceLine, lines_for_term
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import PostingAnalysis
from resumes.tailoring.scoring import term_lists

LEVEL_WEIGHTS: dict[str, float] = {"must": 1.0, "nice": 0.5, "mention": 0.25}
LEVELS: tuple[str, ...] = tuple(LEVEL_WEIGHTS)
# Degrees and years are told on each build page; neither is learned in a few weeks.
CATEGORIES: tuple[str, ...] = ("hard", "domain", "soft")
MAX_KINDS = 5  # kinds of a broad gap named as ways to meet it


@dataclass(frozen=True)
class Ask:
    """One posting asking for something, and how strongly."""

    ref: str  # the caller's reference for the posting (or the résumé sent for it)
    level: str  # must, nice or mention


@dataclass(frozen=True)
class Ranked:
    """Something several postings ask for, with who asks and how strongly."""

    key: str  # a term id, or "choice:<ids>" for a choice ("one of C++, Java")
    name: str
    category: str
    term_ids: tuple[str, ...]
    asks: tuple[Ask, ...]  # musts first, then nice-to-haves, then mentions

    @property
    def weight(self) -> float:
        return sum(LEVEL_WEIGHTS[ask.level] for ask in self.asks)

    def count(self, level: str) -> int:
        return sum(1 for ask in self.asks if ask.level == level)

    @property
    def counts(self) -> tuple[tuple[str, int], ...]:
        """(level, how many postings ask at that level), strongest first, zeros left out."""
        return tuple((level, n) for level in LEVELS if (n := self.count(level)))


@dataclass(frozen=True)
class Gap(Ranked):
    kinds: tuple[str, ...] = ()  # narrower terms: knowing any one of them meets it
    also_meets: tuple[str, ...] = ()  # other gaps on the list that learning it meets too


@dataclass(frozen=True)
class LeftOut(Ranked):
    """A term the inventory supports that résumés sent for postings asking for it did not
    show, with the inventory's lines that would show it."""

    lines: tuple[EvidenceLine, ...] = ()


def _level(level: str) -> str:
    return level if level in LEVEL_WEIGHTS else "mention"


def _ordered(asks: list[Ask]) -> tuple[Ask, ...]:
    return tuple(sorted(asks, key=lambda ask: LEVELS.index(ask.level)))


def rank_gaps(
    postings: list[tuple[str, PostingAnalysis]],
    evidence: dict[str, TermEvidence],
    *,
    hierarchy: Hierarchy,
    lexicon: Lexicon,
    gated: frozenset[str] = frozenset(),
) -> list[Gap]:
    """The real gaps of `postings` (reference, analysis), the heaviest first: one entry per
    term, or per choice none of whose terms the inventory supports. `gated` terms
    ("A/B testing") need facts of their own, so no narrower term meets them."""
    found: dict[str, dict[str, Any]] = {}
    for ref, analysis in postings:
        lists = term_lists(analysis, set(), evidence)
        choices = {choice.id: choice for choice in lists.choices}
        members: dict[str, list[str]] = {choice.id: [] for choice in lists.choices}
        for term in analysis.terms:
            if term.group in members:
                members[term.group].append(term.id)
        for row in lists.gaps:
            if row.category not in CATEGORIES:
                continue
            if row.group in choices:
                ids = tuple(sorted(members[row.group]))
                key, name = (
                    "choice:" + "|".join(ids),
                    "one of " + ", ".join(choices[row.group].terms),
                )
                level = choices[row.group].level
            else:
                key, name, ids, level = row.id, row.name, (row.id,), row.level
            gap = found.setdefault(
                key, {"name": name, "category": row.category, "ids": ids, "asks": {}}
            )
            # A posting asks once, as strongly as it asks anywhere.
            before = gap["asks"].get(ref)
            level = _level(level)
            if before is None or LEVELS.index(level) < LEVELS.index(before):
                gap["asks"][ref] = level
    gap_ids = {key for key in found if not key.startswith("choice:")}
    gaps = []
    for key, gap in found.items():
        single = not key.startswith("choice:") and key not in gated
        kinds = _kinds(key, hierarchy, lexicon) if single else []
        above = hierarchy.ancestors(key) & gap_ids - gated if single else frozenset()
        gaps.append(
            Gap(
                key=key,
                name=gap["name"],
                category=gap["category"],
                term_ids=gap["ids"],
                asks=_ordered([Ask(ref, level) for ref, level in gap["asks"].items()]),
                kinds=tuple(kinds[:MAX_KINDS]),
                also_meets=tuple(sorted((found[t]["name"] for t in above), key=str.casefold)),
            )
        )
    gaps.sort(key=lambda g: (-g.weight, -len(g.asks), g.name.casefold(), g.key))
    return gaps


def _kinds(term_id: str, hierarchy: Hierarchy, lexicon: Lexicon) -> list[str]:
    """The names of the kinds of a term, its direct kinds first ("gradient boosting"
    before "XGBoost" for "tree-based models"), each group by name."""
    below = hierarchy.descendants(term_id)
    direct = {t for t in below if not any(t in hierarchy.descendants(o) for o in below)}
    return [
        lexicon.term(t).name
        for t in sorted(below, key=lambda t: (t not in direct, lexicon.term(t).name.casefold()))
    ]


def rank_left_out(
    sent: list[tuple[str, PostingAnalysis, frozenset[str]]],
    evidence: dict[str, TermEvidence],
    index: InventoryIndex,
) -> list[LeftOut]:
    """The terms the inventory supports today that résumés sent (reference, the posting's
    analysis, the term ids the résumé showed) left out, the most left out first, each with
    the lines that would show it. A choice a résumé met with one of its terms is met."""
    found: dict[str, dict[str, Any]] = {}
    for ref, analysis, shown in sent:
        lists = term_lists(analysis, set(shown), evidence)
        met = {choice.id for choice in lists.choices if choice.shown}
        for row in lists.supported_not_shown:
            if row.category not in CATEGORIES or row.group in met:
                continue
            term = found.setdefault(row.id, {"name": row.name, "category": row.category})
            asks = term.setdefault("asks", {})
            level = _level(row.level)
            if ref not in asks or LEVELS.index(level) < LEVELS.index(asks[ref]):
                asks[ref] = level
    left_out = [
        LeftOut(
            key=term_id,
            name=term["name"],
            category=term["category"],
            term_ids=(term_id,),
            asks=_ordered([Ask(ref, level) for ref, level in term["asks"].items()]),
            lines=lines_for_term(index, evidence[term_id]),
        )
        for term_id, term in found.items()
    ]
    left_out.sort(key=lambda t: (-t.weight, -len(t.asks), t.name.casefold(), t.key))
    return left_out
