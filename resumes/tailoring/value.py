"""What a piece of evidence is worth to a hiring manager, whatever the posting's words.

A prize, a first-author paper in a refereed venue, a result with a number in it and the
work of the last few years are what a reader looks for first; selection adds these values
to the posting-term weights, so the page budget keeps them before filler. The values are
small beside a must-have term's weight (4): they rank evidence, they never outrank what
the posting asks for.
"""

from __future__ import annotations

import re

from resumes.tailoring.inventory import Entry
from resumes.tailoring.textnorm import numbers_in

AWARD = 1.5
FIRST_AUTHOR = 1.0
REFEREED = 0.5
CURRENT_ROLE = 1.0
RECENT = 0.5
RECENT_YEARS = 3
QUANTIFIED = 0.5
_UNREFEREED_RE = re.compile(
    r"arxiv|preprint|submitted|in prep|under review|in review|working paper|thesis|blog",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(19|20)\d{2}\b")
# "12,000 simulations", "40% faster", "3x": a number with something counted or compared.
_RESULT_RE = re.compile(r"\d[\d,.]*\s*(?:%|x\b|×|times\b|[a-zA-Z]{3,})")


def entry_year(entry: Entry) -> int | None:
    """The latest year an entry names: its end, start or publication year."""
    years = [int(m.group()) for d in (entry.end, entry.start) for m in [_YEAR_RE.search(d)] if m]
    if entry.year:
        years.append(entry.year)
    return max(years) if years else None


def entry_value(entry: Entry, latest_year: int | None) -> float:
    """An entry's worth on its own: a prize, a first-author refereed paper, a current or
    recent role."""
    value = 0.0
    if entry.kind == "award":
        value += AWARD
    if entry.kind == "publication":
        if entry.first_author:
            value += FIRST_AUTHOR
        if entry.venue and not _UNREFEREED_RE.search(entry.venue):
            value += REFEREED
    if entry.kind == "position" and entry.current:
        value += CURRENT_ROLE
    year = entry_year(entry)
    if entry.current or (year and latest_year and year >= latest_year - RECENT_YEARS):
        value += RECENT
    return value


def bullet_value(text: str) -> float:
    """A bullet with a measured result ("cut latency by 40%", "12,000 simulations")."""
    return QUANTIFIED if numbers_in(text) and _RESULT_RE.search(text) else 0.0


def latest_year(entries: tuple[Entry, ...]) -> int | None:
    years = [y for e in entries if (y := entry_year(e))]
    return max(years) if years else None
