"""Scoring: how much of what the posting asks for a résumé shows, before and after tailoring.

Coverage is weighted by the posting's term weights, per category (hard, domain, soft) and
overall, on the text of the rendered plan. Two ratios are reported: `match`, against
everything the posting asks for, and `supported_coverage`, against what this inventory
can honestly support — the number tailoring is judged by, since a real gap must stay a gap.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from resumes.tailoring.evidence import Support, TermEvidence
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import PostingAnalysis
from resumes.tailoring.textnorm import tokenize

CATEGORIES: tuple[str, ...] = ("hard", "domain", "soft")
MAX_EVIDENCE = 5  # supports listed per term in the report
_HOW_RANK = {"literal": 0, "alias": 1, "rule": 2}


@dataclass(frozen=True)
class Score:
    total_weight: float
    shown_weight: float
    supported_weight: float
    shown_supported_weight: float

    @property
    def match(self) -> float:
        return _ratio(self.shown_weight, self.total_weight)

    @property
    def supported_coverage(self) -> float:
        return _ratio(self.shown_supported_weight, self.supported_weight)

    def to_dict(self) -> dict:
        data = {k: round(v, 3) for k, v in asdict(self).items()}
        data["match"] = self.match
        data["supported_coverage"] = self.supported_coverage
        return data


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 1.0


def shown_terms(text: str, analysis: PostingAnalysis, lexicon: Lexicon) -> set[str]:
    """Posting term ids the text shows: lexicon terms by any alias, key phrases by words."""
    wanted = {t.id for t in analysis.terms}
    tokens = tokenize(text)
    shown = {m.term_id for m in lexicon.find(text, tokens)} & wanted
    joined = " " + " ".join(t.stem for t in tokens) + " "
    for term in analysis.terms:
        if term.source == "keyphrase" and f" {' '.join(term.words)} " in joined:
            shown.add(term.id)
    return shown


def score(
    analysis: PostingAnalysis, shown: set[str], evidence: dict[str, TermEvidence]
) -> dict[str, dict]:
    """Per category and overall: weights asked, shown, supported, and both ratios."""
    result = {}
    for category in (*CATEGORIES, "overall"):
        terms = [t for t in analysis.terms if category in ("overall", t.category)]
        supported = [t for t in terms if evidence[t.id].supported]
        result[category] = Score(
            total_weight=sum(t.weight for t in terms),
            shown_weight=sum(t.weight for t in terms if t.id in shown),
            supported_weight=sum(t.weight for t in supported),
            shown_supported_weight=sum(t.weight for t in supported if t.id in shown),
        ).to_dict()
    return result


def term_lists(
    analysis: PostingAnalysis, shown: set[str], evidence: dict[str, TermEvidence]
) -> dict[str, list[dict]]:
    """Covered, supported-but-not-shown, and real gaps — for the person, not the résumé."""
    lists: dict[str, list[dict]] = {"covered": [], "supported_not_shown": [], "gaps": []}
    for term in analysis.terms:
        ev = evidence[term.id]
        row = {
            "id": term.id,
            "name": term.name,
            "category": term.category,
            "weight": term.weight,
            "section": term.section,
            "how": ev.how,
            # The inventory text behind the support, strongest first, so the person can
            # check every claim ("literal 'PyTorch' in position-0/b3", "rule ...: ...").
            "evidence": [s.describe() for s in _strongest(ev.supports)[:MAX_EVIDENCE]],
            "evidence_count": len(ev.supports),
        }
        if term.id in shown and ev.supported:
            lists["covered"].append(row)
        elif ev.supported:
            lists["supported_not_shown"].append(row)
        else:
            lists["gaps"].append(row)
    return lists


def _strongest(supports: tuple[Support, ...]) -> list[Support]:
    return sorted(supports, key=lambda s: _HOW_RANK.get(s.how, 3))
