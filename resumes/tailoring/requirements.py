"""How a posting's lines ask for things: alternatives, degrees and years of experience.

A recruiter reads "C, C++, Java or Python" as one requirement met by any of the four, and
"PhD/MS in Mathematics, Physics or a related field" as one credential, not as a demand for
mathematics and physics. These helpers read one logical line of a posting at a time; the
posting analysis (`posting.py`) puts their findings together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from resumes.tailoring.lexicon import Mention

LEVELS: tuple[str, ...] = ("must", "nice", "mention")

# Degree levels by rank, each with the ways postings write it. "MS" and "BS" are matched as
# written (capitals), so "ms" in prose or "BS" as slang cannot pass for a degree.
DEGREES: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    (
        3,
        "PhD",
        re.compile(
            r"\bPh\.?\s?D\b\.?|\b(?:doctorate|doctoral degree|D\.?Phil|doctor of philosophy)\b",
            re.I,
        ),
    ),
    (
        2,
        "MS",
        re.compile(
            r"\bM\.?S(?:c)?\b\.?(?!\s*(?:Teams|Office|Excel|Word|SQL|Azure|Dynamics|Project|Access))|\bM\.S\.|\bM\.Sc\.|\bM\.?Eng\b|\b[Mm]aster(?:['’]s|s)\b"
            r"|\b[Mm]aster (?:degree|of)\b|\bMASTER(?:['’]?S)\b"
        ),
    ),
    (
        1,
        "BS",
        re.compile(
            r"\bB\.?S(?:c)?\b\.?|\bB\.S\.|\bB\.Sc\.|\bB\.?A\b\.?(?=\s+(?:in|degree))"
            r"|\b[Bb]achelor(?:['’]s|s)\b|\b[Bb]achelor (?:degree|of)\b|\bBACHELOR(?:['’]?S)\b"
            r"|\bB\.?(?:Eng|Tech)\b|\bA\.?B\.?(?= in)"
            r"|\b(?:undergraduate|university|college|third.level) (?:degree|qualification)\b"
            r"|\b(?:a|relevant|technical) degree\b|\bdegree in\b",
            re.I,
        ),
    ),
)
_BARE_DEGREE_RE = re.compile(r"(?:a|relevant|technical) degree|degree in", re.I)
# A list of fields ends where the sentence moves on to something else.
_CLAUSE_END_RE = re.compile(
    r"[;.:(]\s|\band\b\s+\d|\bAND\b|\bwith\b|\bplus\b|experience|\bskills?\b|$"
)
_BS_INSENSITIVE = re.compile(r"bachelor|undergraduate|university|college|third|degree", re.I)
# "5+ years", "5-7+ years", "10 years+", "3 yrs" — of experience, not a company's age.
_YEARS_RE = re.compile(
    r"(?<![\w.])(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s*(\+)?\s*(?:years?|yrs)\b(\s*\+)?",
    re.I,
)
_EXPERIENCE_RE = re.compile(r"experience|\bexp\b|working|industry|track record", re.I)

# Text between two named things that makes them one list: a comma, slash, "or", "and".
_LIST_GAP_RE = re.compile(r"^\s*(?:,?\s*(?:and/or|or|and|&)|,|/|\|)\s*$", re.I)
_OR_GAP_RE = re.compile(r"\bor\b|/|\|", re.I)
# Words that introduce examples: what follows is a choice, not a list of demands.
_EXAMPLE_CUE_RE = re.compile(
    r"(?:such as|e\.\s?g\.?|\beg\b|\blike|including|for example|for instance|ideally"
    r"|one or more of|any of|at least one of|either)[\s,:(]*$"
    r"|\w\s*\(\s*$",  # "frameworks (Megatron-LM, DeepSpeed)": examples in brackets
    re.I,
)
# "..., or similar", "..., etc." — also after names the lexicon does not know.
_EXAMPLE_TAIL_RE = re.compile(
    r"^[\s,)]*(?:[\w.+#-]+,\s*)*(?:or (?:similar|equivalent|comparable|other|related|another)"
    r"|etc\b|\.\.\.)",
    re.I,
)


@dataclass(frozen=True)
class Credential:
    """A degree or years-of-experience demand as the posting wrote it."""

    kind: str  # "degree" or "years"
    name: str  # "PhD", "MS", "BS", "5+ years"
    rank: int  # degree rank (1 BS, 2 MS, 3 PhD) or number of years
    surface: str


def degree_mentions(line: str) -> list[Credential]:
    """Every degree level `line` names, lowest first, each once."""
    found: dict[str, Credential] = {}
    for rank, name, pattern in DEGREES:
        for match in pattern.finditer(line):
            text = match.group().strip()
            if name == "BS" and not _BS_INSENSITIVE.search(text) and not text[:1].isupper():
                continue
            found.setdefault(name, Credential("degree", name, rank, text))
    bare = found.get("BS")
    if bare and len(found) > 1 and _BARE_DEGREE_RE.fullmatch(bare.surface):
        del found["BS"]  # "Master's degree in ...": the "degree in" is the master's
    return sorted(found.values(), key=lambda c: c.rank)


def field_spans(line: str) -> list[tuple[int, int]]:
    """Where a degree line lists fields of study: from each degree to the end of its clause
    ("PhD in Physics, Statistics or CS; 3+ years of experience with Python" — the fields
    stop at the semicolon, so Python stays a demand)."""
    spans = []
    for _, _, pattern in DEGREES:
        for match in pattern.finditer(line):
            end = _CLAUSE_END_RE.search(line, match.end())
            spans.append((match.start(), end.start() if end else len(line)))
    return spans


def is_degree_line(line: str) -> bool:
    """A line that states an education requirement (and so lists fields, not skills)."""
    return bool(degree_mentions(line))


def years_mentions(line: str) -> list[Credential]:
    """Years of experience the line asks for ("5+ years of experience with ...")."""
    if not _EXPERIENCE_RE.search(line):
        return []
    found = []
    for match in _YEARS_RE.finditer(line):
        low, high = int(match.group(1)), match.group(2)
        if not 0 < low < 30:
            continue
        plus = "+" if (match.group(3) or match.group(4)) else ""
        span = f"{low}-{high}" if high else str(low)
        surface = " ".join(match.group().split())
        found.append(Credential("years", f"{span}{plus} years", low, surface))
    return found


def alternative_runs(line: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of two or more mentions that the line offers as a choice.

    Mentions joined only by list punctuation form a run; the run is a choice when one of
    its joins is "or" or a slash, when examples are introduced ("such as", "e.g.", "like"),
    or when it ends in "or similar" / "etc." A list joined by "and" alone is several
    demands, and stays so.
    """
    runs: list[list[Mention]] = []
    current: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        if current and _LIST_GAP_RE.match(line[current[-1].end : mention.start]):
            current.append(mention)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [mention]
    if len(current) >= 2:
        runs.append(current)
    return [run for run in runs if _is_choice(line, run)]


def _is_choice(line: str, run: list[Mention]) -> bool:
    gaps = [line[a.end : b.start] for a, b in pairwise(run)]
    if any(_OR_GAP_RE.search(gap) for gap in gaps):
        return True
    if _EXAMPLE_CUE_RE.search(line[: run[0].start]):
        return True
    return bool(_EXAMPLE_TAIL_RE.match(line[run[-1].end :]))


def degree_shown(text: str, rank: int) -> bool:
    """Whether `text` shows a degree of at least `rank` (a PhD shows an MS requirement)."""
    return any(r >= rank and pattern.search(text) for r, _, pattern in DEGREES)
