"""Tokens for matching: one tokenizer shared by the lexicon, the posting analysis and the gate.

Every component that asks "does this text mention X?" must cut text the same way, or the
gate would disagree with the matcher about what the output says. So tokenizing, case
folding and the light plural stemming live here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A token is a run of letters/digits that may carry the characters technology names use
# inside or after a word: "C++", "C#", "R&D", "node.js", "3.5". A leading dot is kept for
# ".NET".
_TOKEN_RE = re.compile(
    r"(?<![\w.])\.(?=[A-Za-z])[A-Za-z0-9]+"
    r"|[^\W_](?:[^\W_]|&(?=[^\W_])|\.(?=[^\W_]))*[+#]*"
)
_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s\b")
# Separators a multi-word term may span: spaces, hyphens and slashes ("fine-tuning",
# "training/serving", "A/B testing"). Anything else (comma, full stop, bracket, line
# break) ends a phrase, so "Python, Go" never reads as the term "Python Go".
_JOINING_GAP_RE = re.compile(r"[ \t\-‐‑–/]*")
_SENTENCE_END_RE = re.compile(r"[.!?;•*\n\u2022][\s\-–*•\"'(\[]*$")

_NO_STEM_ENDINGS = ("ss", "us", "is", "os", "as", "ys")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    stem: str  # case-folded, light plural stem: the matching key
    start: int
    end: int
    joins_previous: bool  # only a joining gap separates it from the token before
    sentence_start: bool  # first token of a line or sentence


def fold(text: str) -> str:
    """Case-folded NFKC text: the comparison form of a string."""
    return unicodedata.normalize("NFKC", text).casefold()


def stem(word: str) -> str:
    """A light plural stem, applied identically to lexicon aliases and to text.

    Deliberately crude (no dictionary): it only has to map "systems"/"system" and
    "libraries"/"library" together, and the same crude rule runs on both sides.
    """
    w = fold(word)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(_NO_STEM_ENDINGS) and w[-2].isalpha():
        return w[:-1]
    return w


def tokenize(text: str) -> list[Token]:
    """Tokens of `text` with the gap information phrase matching needs."""
    text = unicodedata.normalize("NFKC", text)
    # "Bachelor's degree" should read as "bachelor degree": blank the possessive in place,
    # keeping offsets, so it neither becomes a token nor breaks the phrase.
    text = _POSSESSIVE_RE.sub("  ", text)
    tokens: list[Token] = []
    previous_end = 0
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        raw = match.group()
        gap = text[previous_end:start]
        joins = bool(tokens) and bool(_JOINING_GAP_RE.fullmatch(gap))
        sentence_start = not tokens or bool(_SENTENCE_END_RE.search(gap))
        tokens.append(Token(raw, stem(raw), start, end, joins, sentence_start))
        previous_end = end
    return tokens


def stems(text: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokenize(text))


_NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


def numbers_in(text: str) -> list[str]:
    """Every number written in `text`, thousands separators removed ("2,000" → "2000").

    Used by the gate and the evaluation harness: a number in the output must be one the
    person wrote. Trailing units ("50%", "4+") are not part of the number.
    """
    found: list[str] = []
    for match in _NUMBER_RE.finditer(unicodedata.normalize("NFKC", text)):
        raw = match.group()
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
            raw = raw.replace(",", "")
        found.extend(part for part in re.split(r",(?!\d{3})", raw) if part)
    return found
