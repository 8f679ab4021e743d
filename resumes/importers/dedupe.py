"""Finding the same publication twice: by DOI, arXiv id, or normalised title.

Publication lists repeat papers (a conference version, a journal version, an arXiv or
ECCC preprint). The importer merges such groups within one file, and the same test tells
the caller which imported entries already exist in the person's inventory.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from resumes.tailoring.inventory import Entry

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_ARXIV_VERSION = re.compile(r"v\d+$")


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


def _keys(entry: Entry) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if entry.doi and not normalise_doi(entry.doi).startswith("10.48550/arxiv."):
        keys.append(("doi", normalise_doi(entry.doi)))
    if entry.arxiv_id:
        keys.append(("arxiv", normalise_arxiv(entry.arxiv_id)))
    title = normalise_title(entry.title)
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
