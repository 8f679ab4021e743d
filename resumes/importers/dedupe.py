"""Finding the same thing twice: a publication by DOI, arXiv id, or normalised title
(accents and LaTeX math folded); a skill by its name, whatever its case and spelling.

Publication lists repeat papers (a conference version, a journal version, an arXiv or
ECCC preprint). The importer merges such groups within one file, and the same test tells
the caller which imported entries already exist in the person's inventory. CVs repeat
skills too ("PyTorch" in a table, "Pytorch" in a line below it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from resumes.importers.latex_text import MATH_SYMBOL_NAMES
from resumes.tailoring.inventory import Entry, Skill

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_ARXIV_VERSION = re.compile(r"v\d+$")
# What two spellings of one skill differ by: "Node.js" / "NodeJS", "scikit-learn" /
# "Scikit Learn", "CI/CD" / "CI CD". Not "+" or "#": C, C++ and C# are three languages.
_SKILL_SPELLING = re.compile(r"[\s\-_.·/]+")


@dataclass(frozen=True)
class Duplicate:
    """`index` in the new entries is the same paper as `of` (in `existing`, or earlier
    in the same list when `existing` was not given), found by `reason`."""

    index: int
    of: int
    reason: str  # "doi", "arxiv" or "title"


def normalise_doi(doi: str) -> str:
    """DOIs are case-insensitive and often written as URLs."""
    return _DOI_PREFIX.sub("", doi.strip()).strip().lower()


def normalise_arxiv(arxiv_id: str) -> str:
    value = arxiv_id.strip().lower().removeprefix("arxiv:")
    return _ARXIV_VERSION.sub("", value)


def normalise_title(title: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed.

    "Strong correlation induced charge localization in antiferromagnets." and
    "Strong Correlation-Induced Charge Localization in Antiferromagnets" compare equal.
    """
    decomposed = unicodedata.normalize("NFKD", title)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", letters.casefold())
    return " ".join(words)


def title_key(title: str) -> str:
    """The title as `normalise_title` gives it, with its mathematics spelled one way and
    no spaces, so that "More on AC^0[\\oplus] …", "More on AC^0[oplus] …" and "More on
    AC⁰[⊕] …" (one paper exported three ways) give one key: a superscript folds to its
    digit, a symbol to its macro name, and "AC^0" and "AC⁰" both to "ac0"."""
    spelled = "".join(f" {MATH_SYMBOL_NAMES[c]} " if c in MATH_SYMBOL_NAMES else c for c in title)
    return normalise_title(spelled).replace(" ", "")


def _keys(entry: Entry) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if entry.doi and not normalise_doi(entry.doi).startswith("10.48550/arxiv."):
        keys.append(("doi", normalise_doi(entry.doi)))
    if entry.arxiv_id:
        keys.append(("arxiv", normalise_arxiv(entry.arxiv_id)))
    title = title_key(entry.title)
    if len(title) >= 12:  # "Erratum" or "Preface" alone says nothing about identity
        keys.append(("title", title))
    return keys


def find_duplicates(
    entries: Sequence[Entry], existing: Sequence[Entry] | None = None
) -> list[Duplicate]:
    """Which of `entries` repeat a publication in `existing` (or an earlier one of `entries`).

    Only publications are compared; the first match wins, DOI before arXiv id before title.
    """
    seen: dict[tuple[str, str], int] = {}
    pool = entries if existing is None else existing
    if existing is not None:
        for position, entry in enumerate(existing):
            if entry.kind == "publication":
                for key in _keys(entry):
                    seen.setdefault(key, position)
    found: list[Duplicate] = []
    for index, entry in enumerate(entries):
        if entry.kind != "publication":
            continue
        keys = _keys(entry)
        match = next(((key, seen[key]) for key in keys if key in seen), None)
        if match is not None:
            found.append(Duplicate(index=index, of=match[1], reason=match[0][0]))
        if pool is entries:
            for key in keys:
                seen.setdefault(key, index)
    return found


def skill_key(name: str) -> str:
    """One key for every spelling of a skill's name: case, accents, spaces, hyphens,
    dots and slashes folded away."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SKILL_SPELLING.sub("", letters.casefold())


def without_repeated_skills(skills: Sequence[Skill]) -> tuple[Skill, ...]:
    """The skills with each one kept once, as first written. The same skill under two of
    the person's own headings ("Solidity" in Languages and in Blockchain) is kept under
    both, as the inventory allows; under one heading, or with no heading when it already
    has one, it is a repeat."""
    seen: set[tuple[str, str]] = set()
    named: set[str] = set()
    kept = []
    for skill in skills:
        key = skill_key(skill.name)
        group = skill_key(skill.group)
        if not key or (key, group) in seen or (not group and key in named):
            continue
        seen.add((key, group))
        named.add(key)
        kept.append(skill)
    return tuple(kept)
