"""The concept hierarchy: which terms are kinds (or tools) of which broader terms.

`data/concepts.json` holds the edges by name ("XGBoost" → "gradient boosting" → "tree-based
models" → "machine learning"), each with the source it rests on. Support flows upward only:
an inventory that names XGBoost supports a posting's "tree-based models", and may show that
broader name with the XGBoost evidence behind it; "cloud computing" never supports AWS,
because knowing that clouds exist says nothing about one provider.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from resumes.tailoring.lexicon import Lexicon, load_lexicon

CONCEPTS_PATH = Path(__file__).parent / "data" / "concepts.json"


@dataclass(frozen=True)
class Hierarchy:
    """Transitive broader/narrower closures over lexicon term ids."""

    broader: dict[str, frozenset[str]]
    narrower: dict[str, frozenset[str]]
    # fields of study, shown by any concept under them ("statistics" by Bayesian inference)
    fields: frozenset[str] = frozenset()

    def ancestors(self, term_id: str) -> frozenset[str]:
        return self.broader.get(term_id, frozenset())

    def descendants(self, term_id: str) -> frozenset[str]:
        return self.narrower.get(term_id, frozenset())

    def supported_by(self, term_ids: frozenset[str] | set[str]) -> frozenset[str]:
        """Every broader term that one of `term_ids` supports (the ids themselves excluded)."""
        found: set[str] = set()
        for term_id in term_ids:
            found |= self.ancestors(term_id)
        return frozenset(found - set(term_ids))


class HierarchyError(ValueError):
    """The hierarchy data names an unknown term or has a cycle."""


def read_edges(lexicon: Lexicon, path: Path = CONCEPTS_PATH) -> list[tuple[str, str]]:
    """The (narrower id, broader id) pairs of the data file, every name resolved."""
    data = json.loads(path.read_text(encoding="utf-8"))
    edges = []
    for edge in data["edges"]:
        narrower = lexicon.resolve(edge["narrower"])
        broader = lexicon.resolve(edge["broader"])
        if narrower is None or broader is None:
            raise HierarchyError(f"unknown term in {edge['narrower']!r} → {edge['broader']!r}")
        edges.append((narrower, broader))
    return edges


def build_hierarchy(edges: list[tuple[str, str]]) -> Hierarchy:
    parents: dict[str, set[str]] = {}
    for narrow, broad in edges:
        parents.setdefault(narrow, set()).add(broad)
    broader: dict[str, frozenset[str]] = {}
    for term_id in parents:
        seen: set[str] = set()
        stack = list(parents[term_id])
        while stack:
            current = stack.pop()
            if current == term_id:
                raise HierarchyError(f"the hierarchy has a cycle through {term_id!r}")
            if current not in seen:
                seen.add(current)
                stack.extend(parents.get(current, ()))
        broader[term_id] = frozenset(seen)
    narrower: dict[str, set[str]] = {}
    for term_id, ups in broader.items():
        for up in ups:
            narrower.setdefault(up, set()).add(term_id)
    return Hierarchy(broader, {k: frozenset(v) for k, v in narrower.items()})


def read_fields(lexicon: Lexicon, path: Path = CONCEPTS_PATH) -> frozenset[str]:
    names = json.loads(path.read_text(encoding="utf-8")).get("fields", [])
    ids = [lexicon.resolve(name) for name in names]
    if None in ids:
        raise HierarchyError(f"unknown field among {names}")
    return frozenset(i for i in ids if i)


@cache
def load_hierarchy() -> Hierarchy:
    """The shipped hierarchy over the shipped lexicon, built once per process."""
    lexicon = load_lexicon()
    return replace(build_hierarchy(read_edges(lexicon)), fields=read_fields(lexicon))
