"""The skills lexicon: canonical terms, their aliases, and finding them in text.

The data is `data/lexicon.json`, built by `build_lexicon.py` from O*NET (CC BY 4.0, see
`data/NOTICE`) and the curated ML-engineering terms. Matching is greedy longest-match over
the shared tokenizer, so "k8s" and "Kubernetes" both read as one term, "large-scale
structure" is not read as "scalability", and a blocker phrase ("advised by") swallows the
words that would otherwise be mistaken for a skill.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from resumes.tailoring.textnorm import Token, fold, stems, tokenize

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.json"


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    name: str
    category: str  # hard, soft or domain
    aliases: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    source: str = "curated"  # curated, onet or onet+curated
    # A word every posting uses in passing ("creative", "at scale"): found in an inventory,
    # never read as something a posting asks for.
    generic: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    term_id: str
    surface: str  # the words as written in the text
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Spelling:
    term_id: str  # "" for a blocker
    exact: tuple[str, ...] | None  # tokens as they must be written, for case-sensitive ones
    ordinary_word: bool  # also an English word: never read at the start of a sentence


class Lexicon:
    def __init__(self, terms: list[Term], blockers: Sequence[str] = ()) -> None:
        self.terms: dict[str, Term] = {t.id: t for t in terms}
        self._index: dict[tuple[str, ...], list[_Spelling]] = {}
        self._names: dict[tuple[str, ...], str] = {}
        for term in terms:
            for alias in (term.name, *term.aliases):
                if term.name in term.case_sensitive and alias == term.name:
                    continue
                self._add(stems(alias), _Spelling(term.id, None, False))
            for alias in term.case_sensitive:
                exact = tuple(t.text for t in tokenize(alias))
                ordinary = len(exact) == 1 and len(alias) > 1 and alias.isalpha()
                self._add(stems(alias), _Spelling(term.id, exact, ordinary))
            for alias in (term.name, *term.aliases, *term.case_sensitive):
                self._names.setdefault(stems(alias), term.id)
        for phrase in blockers:
            self._add(stems(phrase), _Spelling("", None, False))
        self._lengths: dict[str, tuple[int, ...]] = {}
        for key in self._index:
            lengths = set(self._lengths.get(key[0], ())) | {len(key)}
            self._lengths[key[0]] = tuple(sorted(lengths, reverse=True))

    def _add(self, key: tuple[str, ...], spelling: _Spelling) -> None:
        if key:
            self._index.setdefault(key, []).append(spelling)

    def __len__(self) -> int:
        return len(self.terms)

    def term(self, term_id: str) -> Term:
        return self.terms[term_id]

    def resolve(self, name: str) -> str | None:
        """The term a whole name stands for ("k8s" → kubernetes), ignoring case.

        Used for names the person filed as skills, where "Go" on its own line is the
        language, unlike "Go" at the start of a sentence of prose.
        """
        key = stems(name)
        if key in self._names:
            return self._names[key]
        return None

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Mention]:
        """Every term mentioned in `text`, longest spelling first, left to right.

        `tokens` may pass `tokenize(text)` when the caller needs it too."""
        tokens = tokenize(text) if tokens is None else tokens
        keys = [t.stem for t in tokens]
        found: list[Mention] = []
        i, n = 0, len(tokens)
        while i < n:
            step = 1
            for length in self._lengths.get(keys[i], ()):
                if i + length > n or not _joined(tokens, i, length):
                    continue
                spelling = self._pick(tokens, i, length, text)
                if spelling is None:
                    continue
                if spelling.term_id:
                    end = tokens[i + length - 1].end
                    start = tokens[i].start
                    found.append(Mention(spelling.term_id, text[start:end], start, end))
                step = length
                break
            i += step
        return found

    def spellings(self) -> list[tuple[str, ...]]:
        """Every spelling the lexicon matches (terms and blockers), as stem tuples."""
        return list(self._index)

    @cached_property
    def fragments(self) -> frozenset[tuple[str, ...]]:
        """Every run of two or more words inside a longer spelling: "production machine"
        of "production machine learning". Such a run is a broken term, not a phrase."""
        pieces: set[tuple[str, ...]] = set()
        for spelling in self._index:
            n = len(spelling)
            for size in range(2, n):
                pieces.update(spelling[i : i + size] for i in range(n - size + 1))
        return frozenset(pieces)

    def ids_in(self, text: str) -> set[str]:
        return {m.term_id for m in self.find(text)}

    def _pick(self, tokens: list[Token], i: int, length: int, text: str) -> _Spelling | None:
        key = tuple(t.stem for t in tokens[i : i + length])
        for spelling in self._index.get(key, ()):
            if spelling.exact is None:
                return spelling
            if tuple(t.text for t in tokens[i : i + length]) != spelling.exact:
                continue
            if spelling.ordinary_word and tokens[i].sentence_start and _starts_prose(tokens, i):
                continue
            last = tokens[i + length - 1]
            # A capital letter followed by a full stop is an initial ("C. Smith"), not C.
            if len(last.text) == 1 and text[last.end : last.end + 1] == ".":
                continue
            return spelling
        return None


def _starts_prose(tokens: list[Token], i: int) -> bool:
    # "Go beyond..." opens a sentence; "- Rust" or "Go, Python" is a list of names.
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is not None and following.text in _LIST_WORDS:
        return False  # "Rust or Haskell" lists languages
    return following is not None and following.joins_previous and following.text[:1].islower()


_LIST_WORDS = frozenset({"or", "and", "&"})


def _joined(tokens: list[Token], i: int, length: int) -> bool:
    return all(tokens[j].joins_previous for j in range(i + 1, i + length))


@cache
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """The shipped lexicon, parsed once per process."""
    data = json.loads(path.read_text(encoding="utf-8"))
    terms = [
        Term(
            id=t["id"],
            name=t["name"],
            category=t["category"],
            aliases=tuple(t["aliases"]),
            case_sensitive=tuple(t["case_sensitive"]),
            source=t.get("source", "curated"),
            generic=bool(t.get("generic")),
        )
        for t in data["terms"]
    ]
    return Lexicon(terms, data.get("blockers", []))


def same_spelling(a: str, b: str) -> bool:
    """Whether two surface forms are the same words, ignoring case and punctuation."""
    return fold(" ".join(stems(a))) == fold(" ".join(stems(b)))
