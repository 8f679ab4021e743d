"""The summary at the top of a tailored résumé, and the headline under the name.

A hiring manager reads the top three lines first. They say, in the posting's words, what the
inventory shows the person can do: the methods the posting asks for that the inventory
names or a rule licenses ("Experience in statistics, experimentation and optimization."),
then the ways of working it licenses, each with the evidence counted from the inventory
("Communication through twelve talks and three courses taught; collaboration on nine
co-authored papers."). Counts are the number of entries behind a licence, written as words
and recorded in the report as derived, so every number can be checked. A term backed only
by a narrower one (XGBoost for "tree-based models") is not said here: the Skills section and
bullets name what the person actually used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumes.tailoring.concepts import load_hierarchy
from resumes.tailoring.evidence import InventoryIndex, TermEvidence
from resumes.tailoring.inventory import Entry, Inventory
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import SECTION_WEIGHTS, PostingAnalysis, PostingTerm
from resumes.tailoring.report import DerivedCount
from resumes.tailoring.units import entry_key

MAX_METHODS = 5
MAX_WAYS = 4
MAX_OWN_WORDS = 30  # the person's own first sentence, kept when it is this short
# Fields and activities that read as padding in "Experience in ..."; they still appear in
# bullets, titles and the degree lines that name them.
_NOT_METHODS = frozenset({"research", "publications", "open-source", "cosmology", "physics"})
# How each kind of entry is counted in an evidence phrase: (one, many).
_KIND_NOUNS: dict[str, tuple[str, str]] = {
    "talk": ("talk", "talks"),
    "teaching": ("course taught", "courses taught"),
    "publication": ("paper", "papers"),
    "position": ("role", "roles"),
    "project": ("project", "projects"),
    "open_source": ("open-source project", "open-source projects"),
    "award": ("award", "awards"),
    "service": ("service role", "service roles"),
}
_NUMBER_WORDS = (
    *("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)


_COUNTED_RE = re.compile(
    r"\b("
    + "|".join(_NUMBER_WORDS[1:])
    + r")\s+("
    + "|".join(
        sorted({re.escape(n) for pair in _KIND_NOUNS.values() for n in pair}, key=len, reverse=True)
    )
    + r")\b"
)


def counted_phrases(text: str) -> list[tuple[int, str]]:
    """Every count the text writes in words before an entry noun: [(12, "talks"), ...]."""
    return [(_NUMBER_WORDS.index(m.group(1)), m.group(2)) for m in _COUNTED_RE.finditer(text)]


def kind_of_noun(noun: str) -> str | None:
    """The entry kind a noun of an evidence phrase counts ("courses taught" → teaching)."""
    return next((kind for kind, pair in _KIND_NOUNS.items() if noun in pair), None)


@dataclass(frozen=True)
class Summary:
    text: str
    terms: tuple[str, ...]  # posting term ids it states
    derived: tuple[DerivedCount, ...]  # each count it states, with the entries it counts


def number_word(n: int) -> str:
    """ "twelve" for 12: a count written in words, as a person would in prose."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else "over twenty"


def build_summary(
    inventory: Inventory,
    index: InventoryIndex,
    analysis: PostingAnalysis,
    evidence: dict[str, TermEvidence],
    lexicon: Lexicon,
    leave_out: frozenset[str] = frozenset(),
) -> Summary:
    """The summary for this posting; terms in `leave_out` (already said on the page) are
    not repeated."""
    entries = {entry_key(e, i): e for i, e in enumerate(inventory.entries)}
    asked = [
        t
        for t in analysis.terms
        if t.source == "lexicon"
        and t.weight >= SECTION_WEIGHTS["about"]
        and t.id not in leave_out
        and t.id not in index.gated  # said in the bullet whose facts back it, not here
        and _stated_support(evidence[t.id])
    ]
    methods: list[PostingTerm] = []
    for term in (t for t in asked if t.category == "domain" and t.id not in _NOT_METHODS):
        if not any(_overlaps(term.name, m.name) for m in methods):
            methods.append(term)
    methods = methods[:MAX_METHODS]
    ways: dict[str, list[str]] = {}  # evidence phrase → the soft terms it shows
    derived: list[DerivedCount] = []
    for term in (t for t in asked if t.category == "soft"):
        phrase, counts = _evidence_phrase(evidence[term.id], entries)
        if not phrase or (phrase not in ways and len(ways) == MAX_WAYS):
            continue
        ways.setdefault(phrase, []).append(term.name)
        derived.extend(
            DerivedCount(term=term.name, count=count, of=of, entries=tuple(keys))
            for count, of, keys in counts
        )
    stated_ways = {name for names in ways.values() for name in names}
    sentences = []
    own = _own_first_sentence(inventory.basics.summary)
    if own:
        sentences.append(own)
    if methods:
        sentences.append(f"Experience in {_join_names([t.name for t in methods])}.")
    if ways:
        text = "; ".join(f"{_join_names(names)} {phrase}" for phrase, names in ways.items())
        sentences.append(text[:1].upper() + text[1:] + ".")
    terms = tuple(t.id for t in methods) + tuple(
        t.id for t in asked if t.category == "soft" and t.name in stated_ways
    )
    return Summary(" ".join(sentences), terms, tuple(derived))


def _stated_support(ev: TermEvidence) -> bool:
    """Support the summary may state: the person's own words or a rule's licence; a
    narrower term only for a field of study ("statistics" from Bayesian inference). A
    technique or tool known only through a narrower one is not said: XGBoost is named where
    the person used it, and "tree-based models" would be a word they never wrote."""
    if any(s.how in ("literal", "alias", "rule") for s in ev.supports):
        return True
    return ev.term_id in load_hierarchy().fields and any(s.how == "narrower" for s in ev.supports)


def _evidence_phrase(
    ev: TermEvidence, entries: dict[str, Entry]
) -> tuple[str, list[tuple[int, str, list[str]]]]:
    """Where a soft term shows, from the entries behind it: "through ten talks and a
    course taught" (counted), or "at Example Labs" (the employers of the roles)."""
    by_kind: dict[str, list[str]] = {}
    for support in ev.supports:
        entry = entries.get(support.entry_key)
        if entry is None or entry.kind not in _KIND_NOUNS:
            continue
        keys = by_kind.setdefault(entry.kind, [])
        if support.entry_key not in keys:
            keys.append(support.entry_key)
    roles = by_kind.pop("position", [])
    # "University of Minnesota", not "University of Minnesota, Division of Biostatistics":
    # the part before the first comma names the employer; the rest is on the page below.
    employers = list(dict.fromkeys(entries[k].organization.split(",")[0].strip() for k in roles))
    counted = sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:2]
    parts: list[str] = []
    counts: list[tuple[int, str, list[str]]] = []  # (count, plural noun, entry keys)
    for kind, keys in counted:
        one, many = _KIND_NOUNS[kind]
        # "an award", not "one award": a single entry is not a count worth stating
        parts.append(
            f"{_article(one)} {one}" if len(keys) == 1 else f"{number_word(len(keys))} {many}"
        )
        counts.append((len(keys), many, keys))
    if parts:
        return "through " + " and ".join(parts), counts
    if employers and all(employers) and len(employers) <= 2:
        return "at " + " and ".join(employers), []
    if roles:
        n = len(roles)
        return f"in {number_word(n)} {'role' if n == 1 else 'roles'}", [(n, "roles", roles)]
    return "", []


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _own_first_sentence(summary: str) -> str:
    first = summary.strip().split(". ")[0].strip()
    if not first or len(first.split()) > MAX_OWN_WORDS:
        return ""
    return first if first.endswith((".", "!", "?")) else first + "."


def _overlaps(name: str, other: str) -> bool:
    """Whether `name` starts with a word whose root `other` has ("statistical analysis"
    and "statistics", "software engineering" and "Software Engineer"): saying both would
    repeat it."""
    roots = {w[:6] for w in re.findall(r"[a-z]{4,}", other.casefold())}
    first = re.findall(r"[a-z]{4,}", name.casefold())[:1]
    return bool(first) and first[0][:6] in roots


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def build_headline(
    inventory: Inventory,
    index: InventoryIndex,
    analysis: PostingAnalysis,
    evidence: dict[str, TermEvidence],
) -> str:
    """The person's own headline (or latest position) and the two strongest things the
    posting asks for that the inventory states: "Postdoctoral Researcher — statistical
    inference and simulation". Never a title the person did not hold."""
    own = inventory.basics.headline.strip() or _latest_title(inventory)
    focus = [
        t.name
        for t in analysis.terms
        if t.source == "lexicon"
        and t.category in ("domain", "hard")
        and t.weight >= SECTION_WEIGHTS["preferred"]
        and t.id not in _NOT_METHODS
        and t.id not in index.gated
        and _stated_support(evidence[t.id])
        and not _overlaps(t.name, own)
    ][:2]
    if not own:
        return ""
    if not focus or len(own) > 60:
        return own
    return f"{own} — {_join_names(focus)}"


def _latest_title(inventory: Inventory) -> str:
    positions = [e for e in inventory.entries if e.kind == "position" and e.title.strip()]
    if not positions:
        return ""
    current = [e for e in positions if e.current]
    latest = current[0] if current else max(positions, key=lambda e: e.end or e.start or "")
    return latest.title.strip()
