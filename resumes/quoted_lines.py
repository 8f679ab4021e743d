"""The inventory's own lines as pages quote them: the words, the entry they come from
with a link to it, and how they support a term."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from resumes.inventory_store import entry_pk_of
from resumes.posting_display import rule_explanations
from resumes.tailoring.evidence_lines import EvidenceLine
from resumes.tailoring.inventory import Inventory

HOW_LABELS = {
    "literal": "in your words",
    "alias": "under another name",
    "narrower": "a kind of it",
    "degree": "your degree",
}


@dataclass(frozen=True)
class QuotedLine:
    line: EvidenceLine
    where: str  # the entry's title, or "Skills"
    url: str  # the entry (or the skills) on the inventory page
    how: str  # how the line supports the term, in words


def quoted_lines(lines: tuple[EvidenceLine, ...], inventory: Inventory) -> list[QuotedLine]:
    titles = {entry.key: entry.title for entry in inventory.entries}
    quoted = []
    for line in lines:
        if line.how == "rule":
            how = rule_explanations([line.rule_id])[0]
        else:
            how = HOW_LABELS.get(line.how, "")
        where = titles.get(line.entry_key, "") if line.entry_key else "Skills"
        quoted.append(QuotedLine(line, where, _inventory_url(line.entry_key), how))
    return quoted


def _inventory_url(entry_key: str) -> str:
    inventory = reverse("resumes:inventory")
    pk = entry_pk_of(entry_key)
    return f"{inventory}?entry={pk}#entry-{pk}" if pk is not None else f"{inventory}#skills"
