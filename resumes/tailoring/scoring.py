"""Scoring: how much of what the posting asks for a résumé shows, before and after tailoring.

Coverage is weighted by the posting's term weights, per category (hard, domain, soft) and
overall, on the text of the rendered plan. Two ratios are reported: `match`, against
everything the posting asks for, and `supported_coverage`, against what this inventory
can honestly support — the number tailoring is judged by, since a real gap must stay a gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from resumes.tailoring.evidence import SUPPORT_KINDS, Support, TermEvidence
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import PostingAnalysis, PostingTerm
from resumes.tailoring.report import CategoryScore, ChoiceRow, TermLists, TermRow, YearsAsked
from resumes.tailoring.requirements import degree_shown
from resumes.tailoring.textnorm import tokenize

CATEGORIES: tuple[str, ...] = ("hard", "domain", "soft", "credential")
MAX_EVIDENCE = 5  # supports listed per term in the report
_HOW_RANK = {kind: rank for rank, kind in enumerate(SUPPORT_KINDS)}


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

    def reported(self) -> CategoryScore:
        return CategoryScore(
            total_weight=round(self.total_weight, 3),
            shown_weight=round(self.shown_weight, 3),
            supported_weight=round(self.supported_weight, 3),
            shown_supported_weight=round(self.shown_supported_weight, 3),
            match=self.match,
            supported_coverage=self.supported_coverage,
        )


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
        if term.source == "degree" and degree_shown(text, term.rank):
            shown.add(term.id)
    return shown


def _scored_items(
    analysis: PostingAnalysis, shown: set[str], evidence: dict[str, TermEvidence]
) -> list[tuple[str, float, bool, bool]]:
    """(category, weight, shown, supported) per thing the posting asks for: a term on its own,
    or a choice of terms counted once ("C, C++, Java or Python" is met by Python alone).
    Years of experience are told, not scored."""
    items = []
    groups: dict[str, list[PostingTerm]] = {}
    for term in analysis.terms:
        if term.source == "years":
            continue
        if term.group:
            groups.setdefault(term.group, []).append(term)
            continue
        items.append((term.category, term.weight, term.id in shown, evidence[term.id].supported))
    for members in groups.values():
        items.append(
            (
                members[0].category,
                max(t.weight for t in members),
                any(t.id in shown for t in members),
                any(evidence[t.id].supported for t in members),
            )
        )
    return items


def score(
    analysis: PostingAnalysis, shown: set[str], evidence: dict[str, TermEvidence]
) -> dict[str, CategoryScore]:
    """Per category and overall: weights asked, shown, supported, and both ratios."""
    items = _scored_items(analysis, shown, evidence)
    result = {}
    for category in (*CATEGORIES, "overall"):
        mine = [i for i in items if category in ("overall", i[0])]
        result[category] = Score(
            total_weight=sum(w for _, w, _, _ in mine),
            shown_weight=sum(w for _, w, is_shown, _ in mine if is_shown),
            supported_weight=sum(w for _, w, _, ok in mine if ok),
            shown_supported_weight=sum(w for _, w, is_shown, ok in mine if is_shown and ok),
        ).reported()
    return result


def term_lists(
    analysis: PostingAnalysis, shown: set[str], evidence: dict[str, TermEvidence]
) -> TermLists:
    """Covered, supported-but-not-shown, and real gaps — for the person, not the résumé.

    A choice met by one of its terms leaves the others out of the gaps (knowing Python
    meets "C, C++, Java or Python"); `choices` lists each choice once with what meets it.
    Years of experience are listed as asked, for the person to judge."""
    covered: list[TermRow] = []
    supported_not_shown: list[TermRow] = []
    gaps: list[TermRow] = []
    years: list[YearsAsked] = []
    choices: list[ChoiceRow] = []
    met_groups = {t.group for t in analysis.terms if t.group and evidence[t.id].supported}
    for requirement in analysis.requirements:
        members = [t for t in (analysis.term(i) for i in requirement.term_ids) if t]
        choices.append(
            ChoiceRow(
                id=requirement.id,
                level=requirement.level,
                terms=tuple(t.name for t in members),
                shown=tuple(t.name for t in members if t.id in shown),
                supported=tuple(t.name for t in members if evidence[t.id].supported),
            )
        )
    for term in analysis.terms:
        ev = evidence[term.id]
        if term.source == "years":
            years.append(YearsAsked(name=term.name, level=term.level))
            continue
        row = TermRow(
            id=term.id,
            name=term.name,
            category=term.category,
            weight=term.weight,
            section=term.section,
            level=term.level,
            group=term.group,
            how=ev.how,
            # The inventory text behind the support, strongest first, so the person can
            # check every claim ("literal 'PyTorch' in position-0/b3", "rule ...: ...").
            evidence=tuple(s.describe() for s in _strongest(ev.supports)[:MAX_EVIDENCE]),
            evidence_count=len(ev.supports),
        )
        if term.id in shown and ev.supported:
            covered.append(row)
        elif ev.supported:
            supported_not_shown.append(row)
        elif term.group not in met_groups or not term.group:
            gaps.append(row)
    return TermLists(
        covered=tuple(covered),
        supported_not_shown=tuple(supported_not_shown),
        gaps=tuple(gaps),
        choices=tuple(choices),
        years=tuple(years),
    )


def _strongest(supports: tuple[Support, ...]) -> list[Support]:
    return sorted(supports, key=lambda s: _HOW_RANK.get(s.how, len(_HOW_RANK)))
