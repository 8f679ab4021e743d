"""Possible typos in what a résumé says, shown on the review page and never changed.

The words come from pyspellchecker's English frequency list (it ships its own word lists;
nothing is downloaded). A word is only flagged when a reader would stumble on it: not a
name or acronym (capitals, digits), not a skill the lexicon knows, not a word the person
uses more than once (their field's vocabulary), and not a British spelling of a known
word. "a"/"an" before the wrong sound is flagged too ("an lead"). The person decides.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from resumes.tailoring.lexicon import load_lexicon

_WORD_RE = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")
_URL_RE = re.compile(r"\(?\b(?:https?://|www\.)\S+|\b\S+\.(?:com|org|io|net|edu)\S*")
_ARTICLE_RE = re.compile(r"\b(an?)\s+([A-Za-z][\w-]*)")
# British spellings a US word list lacks: "analysed", "modelling", "optimise", "behaviour".
_BRITISH = (("ise", "ize"), ("ised", "ized"), ("ising", "izing"), ("isation", "ization"),
            ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"), ("lled", "led"),
            ("lling", "ling"), ("our", "or"), ("tre", "ter"), ("ogue", "og"))  # fmt: skip
# "an" before these consonant letters is right when the h is silent; "a" before these
# vowels is right when they sound like "you" or "one".
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
_CONSONANT_VOWEL = ("uni", "use", "usu", "uti", "eu", "one", "once", "ubiq", "uran")


@dataclass(frozen=True)
class Typo:
    word: str
    suggestion: str
    context: str  # the line it is in, shortened


@cache
def _checker():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


@cache
def _lexicon_words() -> frozenset[str]:
    lexicon = load_lexicon()
    words: set[str] = set()
    for term in lexicon.terms.values():
        for spelling in (term.name, *term.aliases, *term.case_sensitive):
            words.update(w.casefold() for w in re.findall(r"[A-Za-z]+", spelling))
    return frozenset(words)


def possible_typos(lines: list[str], corpus: list[str]) -> list[Typo]:
    """Words in `lines` that look misspelt, and wrong articles; `corpus` is all the
    person's text, whose repeated words are taken as their vocabulary."""
    counts = Counter(w for text in corpus for w in _WORD_RE.findall(text.casefold()))
    found: dict[str, Typo] = {}
    for line in lines:
        context = line if len(line) <= 80 else line[:77] + "…"
        line = _URL_RE.sub(" ", line)  # an address is spelt as it must be
        words = _WORD_RE.findall(line)
        # A capitalised first word is an ordinary word ("Recieved ..."); capitals anywhere
        # else make a name.
        first = re.match(r"\s*([A-Z][a-z]{2,})(?![\w'’-])", line)
        if first:
            words.append(first.group(1).casefold())
        candidates = [w for w in words if counts[w] < 2]
        candidates = [w for w in candidates if w not in _lexicon_words()]
        for word in _checker().unknown(candidates):
            if word in found or _british(word):
                continue
            suggestion = _checker().correction(word)
            if suggestion and suggestion != word:
                found[word] = Typo(word, suggestion, context)
        for article, following in _ARTICLE_RE.findall(line):
            right = _article_for(following)
            if right and right != article.casefold():
                phrase = f"{article} {following}"
                found.setdefault(phrase, Typo(phrase, f"{right} {following}", context))
    return list(found.values())


def _british(word: str) -> bool:
    known = _checker().known
    return any(word.endswith(uk) and known([word[: -len(uk)] + us]) for uk, us in _BRITISH)


def _article_for(word: str) -> str:
    """ "a" or "an" for `word` by its first letters; "" when it cannot be told (acronyms)."""
    if word.isupper() or any(c.isdigit() for c in word):
        return ""
    low = word.casefold()
    if low.startswith(_SILENT_H):
        return "an"
    if low.startswith(_CONSONANT_VOWEL):
        return "a"
    return "an" if low[0] in "aeiou" else "a"
