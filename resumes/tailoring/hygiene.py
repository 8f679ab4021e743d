"""Bullet hygiene: what a hiring manager calls careless, fixed the same way every time.

Résumé bullets have an implied subject ("Built ...", not "I built ..."), start with a
capital, and never undermine the person ("Unfortunately, I did not find ..."). These
changes touch grammar only — no fact, number, name or date — and each is reported, so the
person sees what was changed and why. A line that undermines the person is left out unless
they pinned it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "I was accepted" / "We were awarded" → "Accepted" / "Awarded"
_PASSIVE_RE = re.compile(
    r"^(?:I|We)\s+(?:was|were|am|are|have been|had been)\s+(?=[a-z]+(?:ed|en)\b)"
)
# "I have built" / "I've led" → "Built" / "Led"
_PERFECT_RE = re.compile(r"^(?:I|We)(?:\s+(?:have|had)|['’](?:ve|d))\s+(?=[a-z])")
# "I'm leading" / "I am leading" → "Leading"
_PROGRESSIVE_RE = re.compile(r"^(?:I|We)(?:['’]m|\s+am|\s+are|['’]re)\s+(?=[a-z]+ing\b)")
# "I built" / "We designed" → "Built" / "Designed"
_SUBJECT_RE = re.compile(r"^(?:I|We)\s+(?=[a-z])")
# "My thesis proved" / "Our team built" → "Thesis proved" / "Team built"
_LEADING_POSSESSIVE_RE = re.compile(r"^(?:My|Our)\s+(?=\w)")
# "... in my free time" → "... in free time"
_POSSESSIVE_RE = re.compile(r"\b(?:my|our)\s+(?=\w)")
_SELF_UNDERMINING_RE = re.compile(
    r"^(?:unfortunately|sadly|regrettably)\b"
    r"|\b(?:I|we)\s+(?:did not|didn['’]t|could not|couldn['’]t|was not able|wasn['’]t able"
    r"|failed to|never managed)\b",
    re.IGNORECASE,
)
# Words that keep their lower-case first letter on purpose ("iOS", "pandas", "e.g.").
_KEEP_LOWER_RE = re.compile(r"^(?:[a-z]+[A-Z]\w*|e\.g\.|i\.e\.|vs\.|pandas|numpy|scikit|pytorch)")


@dataclass(frozen=True)
class Cleaned:
    text: str
    changes: tuple[str, ...]  # what was changed, in words: "first person", "capital"


def clean_bullet(text: str) -> Cleaned:
    """`text` in résumé form: implied subject, no possessives of the writer, a capital."""
    changes = []
    original = text
    for pattern in (_PASSIVE_RE, _PERFECT_RE, _PROGRESSIVE_RE, _SUBJECT_RE):
        new = pattern.sub("", text, count=1)
        if new != text:
            text = new
            break
    text = _LEADING_POSSESSIVE_RE.sub("", text, count=1)
    text = _POSSESSIVE_RE.sub("", text)
    if text != original:
        changes.append("first person")
    if text[:1].islower() and not _KEEP_LOWER_RE.match(text):
        text = text[:1].upper() + text[1:]
        if original[:1].islower():  # the person's own lower-case start, not the fix's
            changes.append("capital")
    return Cleaned(text, tuple(changes))


def is_self_undermining(text: str) -> bool:
    """A line that tells the reader what the person failed at ("Unfortunately, ...")."""
    return bool(_SELF_UNDERMINING_RE.search(text))


def same_bullet(text: str) -> str:
    """The comparison form of a bullet: two bullets with this equal say the same thing."""
    return re.sub(r"\W+", " ", text.casefold()).strip()
