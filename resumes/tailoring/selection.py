"""Selection: which entries and bullets go on the page, in what order, with what wording.

Every bullet-like unit is worth the summed weight of the posting terms it supports. The
skeleton (header, summary, every position and degree with its dates, the skills) goes in
first, then bullets and optional entries in order of worth while the page budget holds,
then the rest of the person's material in their own order while room is left. Sections
follow the role family; skills follow the posting's emphasis.

Bullets are reframed under licence, as sentences: a rule that fired on a bullet and serves
this posting may swap the academic words for the industry ones ("ran simulations" → "ran
simulation experiments"), keeping every fact, number, name and date. Nothing is glued onto a
bullet: the soft skills and methods a rule licenses are said once, with their evidence, in
the summary (`summary.py`).

With `tailor=False` the same budget is filled in the inventory's own order and wording:
that is the "before" résumé the scores compare against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from resumes.tailoring.evidence import InventoryIndex, Support, TermEvidence, term_supports
from resumes.tailoring.facts import Fact
from resumes.tailoring.hygiene import clean_bullet, is_self_undermining, same_bullet
from resumes.tailoring.inventory import Entry, Inventory
from resumes.tailoring.layout import Style, page_count
from resumes.tailoring.lexicon import Lexicon, same_spelling
from resumes.tailoring.plan import (
    ITEM_KINDS,
    LISTED_WHEN_BARE,
    SKILL_GROUP_LABELS,
    STANDARD_SECTIONS,
    Header,
    Paragraph,
    PlannedBullet,
    PlannedEntry,
    PlannedSection,
    ResumePlan,
    SkillGroup,
    entry_paragraphs,
    paragraphs,
)
from resumes.tailoring.posting import SECTION_WEIGHTS, PostingAnalysis, PostingTerm
from resumes.tailoring.report import Backing, FactRow, SelectionReport, SkillShown, SummaryReport
from resumes.tailoring.rules import RuleSet, guarded_additions, rewrite
from resumes.tailoring.summary import build_headline, build_summary
from resumes.tailoring.units import Unit, entry_key
from resumes.tailoring.value import bullet_value, entry_value, latest_year

# The section each kind prints in. "media" has none: press coverage and popular writing
# are other people's words about the work (or the person's words for the public), not
# evidence a screener reads for, and a page budget is better spent on what is; it must
# never pass for a paper, so it is left off every résumé and stays in the inventory.
KIND_SECTIONS: dict[str, str] = {
    "position": "Experience",
    "education": "Education",
    "publication": "Publications",
    "project": "Projects",
    "open_source": "Projects",
    "teaching": "Teaching",
    "talk": "Talks",
    "award": "Awards",
    "certification": "Certifications",
    "service": "Service",
}
SECTION_ORDER: dict[str, tuple[str, ...]] = {
    "ml_engineer": ("Summary", "Experience", "Skills", "Projects", "Education", "Publications"),
    "mlops": ("Summary", "Experience", "Skills", "Projects", "Education", "Publications"),
    "ml_performance": ("Summary", "Experience", "Skills", "Projects", "Education", "Publications"),
    "software": ("Summary", "Experience", "Skills", "Projects", "Education", "Publications"),
    "research_engineer": (
        "Summary",
        "Experience",
        "Skills",
        "Publications",
        "Projects",
        "Education",
    ),
    "applied_scientist": (
        "Summary",
        "Experience",
        "Publications",
        "Skills",
        "Education",
        "Projects",
    ),
    "research_scientist": (
        "Summary",
        "Education",
        "Experience",
        "Publications",
        "Skills",
        "Projects",
    ),
    "data_scientist": ("Summary", "Experience", "Skills", "Education", "Projects", "Publications"),
    "quant": ("Summary", "Education", "Experience", "Skills", "Publications", "Projects"),
}
# Without tailoring, sections come in the conventional order.
UNTAILORED_ORDER: tuple[str, ...] = STANDARD_SECTIONS
# Positions and degrees are the spine of a résumé: a missing one reads as a gap, so they
# are kept (as a header line at least) and only dropped when nothing else fits.
SPINE_KINDS = ("position", "education")
_DOCTORATE_RE = re.compile(r"\bph\.?\s?d\b|\bdoctor|\bd\.?phil\b|\bsc\.?d\b", re.IGNORECASE)
_GROUP_LABELS = SKILL_GROUP_LABELS
# The Skills section lists skills: tools, languages, methods. These posting terms are real
# and may be shown by bullets and titles, but they are activities, fields or qualities, not
# items for a skills list, and the engine never adds them there.
NOT_SKILL_ITEMS = frozenset(
    {
        "research",
        "publications",
        "scientific-method",
        "peer-review",
        "open-source",
        "scalability",
        "computational-cost-reduction",
        "artificial-intelligence",
        "big-data",
        "mathematics",
        "physics",
        "cosmology",
        "data-collection",
        "production-ml",
    }
)
MAX_TALKS = 3
RESEARCH_FAMILIES = frozenset({"research_scientist", "research_engineer", "applied_scientist"})
MAX_ADDED_TOOLS = 6
MAX_ADDED_METHODS = 5
# Units that show what the person did, or list it as a skill (a heading such as "ML/RL");
# a term only these evidence may be added to Skills. A degree field alone adds nothing.
_DOING_ROLES = frozenset({"bullet", "title", "thesis", "abstract", "skill"})
MAX_SKILL_BACKING = 5  # units named per Skills item in the report


@dataclass(frozen=True)
class PlanOptions:
    page_limit: int | None = None  # None: 2 pages with a doctorate, else 1
    include_sections: tuple[str, ...] = ()  # when set, only these sections
    exclude_sections: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()  # bullet or entry keys that must appear
    dropped: tuple[str, ...] = ()  # bullet or entry keys that must not
    style: str = "classic"
    posting_title: str = ""
    gate: str = "strip"  # "strip" removes violations; "raise" refuses the plan
    tailor: bool = True


def default_page_limit(inventory: Inventory) -> int:
    for entry in inventory.entries:
        if entry.kind == "education" and _DOCTORATE_RE.search(f"{entry.degree} {entry.title}"):
            return 2
    return 1


@dataclass
class _Candidate:
    entry_key: str
    unit: Unit | None  # None: the entry itself (an optional entry, or a spine header)
    worth: float
    relevant: bool  # carries at least one posting term
    order: tuple[int, int]


class Selector:
    """One selection run; holds the inputs so the steps can stay small."""

    def __init__(
        self,
        inventory: Inventory,
        index: InventoryIndex,
        analysis: PostingAnalysis,
        evidence: dict[str, TermEvidence],
        lexicon: Lexicon,
        rule_set: RuleSet,
        options: PlanOptions,
        style: Style,
    ) -> None:
        self.inventory = inventory
        self.index = index
        self.analysis = analysis
        self.evidence = evidence
        self.lexicon = lexicon
        self.rule_set = rule_set
        self.options = options
        self.style = style
        self.tailor = options.tailor
        self.entries = {entry_key(e, i): e for i, e in enumerate(inventory.entries)}
        # Each entry's units, read once: looking them up among all units per entry made
        # selection grow with the square of the inventory.
        self.units_of: dict[str, list[Unit]] = {}
        for unit in index.units:
            self.units_of.setdefault(unit.entry_key, []).append(unit)
        self.entry_order = {k: i for i, k in enumerate(self.entries)}
        self.weights = {t.id: t.weight for t in analysis.terms}
        self.unit_terms = self._unit_terms() if self.tailor else {}
        self.rules = {r.id: r for r in rule_set.rules}
        self.skill_report: tuple[SkillShown, ...] = ()
        self.summary_report = SummaryReport()
        self._entry_worth: dict[str, float] = {}
        self._bullets: dict[tuple[str, str], PlannedBullet] = {}
        self._entries_built: dict[tuple[str, tuple[str, ...]], PlannedEntry] = {}
        # Each built entry's paragraphs, by the entry object's identity: a trial layout
        # reuses them instead of hashing and comparing whole entries again.
        self._entry_paragraphs: dict[int, tuple[Paragraph, ...]] = {}
        self.page_limit = options.page_limit or default_page_limit(inventory)
        self.latest_year = latest_year(inventory.entries)
        self.publication_count = sum(1 for e in inventory.entries if e.kind == "publication")
        # Talks show research; a research role may list them all, others a few.
        self.max_talks = 100 if analysis.role_family in RESEARCH_FAMILIES else MAX_TALKS
        self.sections = self._section_order()

    # ----------------------------------------------------------------- worth

    def _unit_terms(self) -> dict[str, dict[str, TermEvidence]]:
        by_unit: dict[str, dict[str, TermEvidence]] = {}
        for term_id, ev in self.evidence.items():
            for support in ev.supports:
                by_unit.setdefault(support.unit_key, {})[term_id] = ev
        return by_unit

    def unit_worth(self, unit_key: str) -> float:
        """The posting weight a unit carries, plus, tailored, what a bullet with a measured
        result is worth to any reader (`value.py`)."""
        worth = sum(self.weights[t] for t in self.unit_terms.get(unit_key, {}))
        unit = self.index.unit_by_key.get(unit_key)
        if self.tailor and unit is not None and unit.role == "bullet":
            worth += bullet_value(unit.text)
        return worth

    def entry_worth(self, ekey: str) -> float:
        if ekey not in self._entry_worth:
            self._entry_worth[ekey] = self._compute_entry_worth(ekey)
        return self._entry_worth[ekey]

    def _compute_entry_worth(self, ekey: str) -> float:
        units = self.units_of.get(ekey, [])
        bullets = sorted(
            (self.unit_worth(u.key) for u in units if u.role == "bullet"), reverse=True
        )
        own = sum(self.unit_worth(u.key) for u in units if u.role != "bullet")
        if self.tailor:  # a prize, a first-author paper, the current role
            own += entry_value(self.entries[ekey], self.latest_year)
        return round(own + sum(bullets[:3]), 3)

    # ----------------------------------------------------------------- layout

    def _section_order(self) -> tuple[str, ...]:
        base = SECTION_ORDER[self.analysis.role_family] if self.tailor else UNTAILORED_ORDER
        order = [*base, *(s for s in UNTAILORED_ORDER if s not in base)]
        if self.options.include_sections:
            order = [s for s in order if s in self.options.include_sections]
        return tuple(s for s in order if s not in self.options.exclude_sections)

    def select(self) -> tuple[tuple[PlannedSection, ...], Header, SelectionReport]:
        header = self._header()
        skills = self._skill_groups()
        chosen: dict[str, list[str]] = {}  # entry key → chosen bullet unit keys
        summary = self._summary() if "Summary" in self.sections else ""
        for ekey, entry in self.entries.items():
            if entry.kind in SPINE_KINDS and self._allowed(ekey, entry):
                chosen[ekey] = []
        for key in self.options.pinned:
            unit = self.index.unit_by_key.get(key)
            if unit is not None and unit.entry_key in self.entries and unit.role == "bullet":
                chosen.setdefault(unit.entry_key, []).append(key)
            elif key in self.entries and self._allowed(key, self.entries[key]):
                chosen.setdefault(key, [])

        heights: dict[Paragraph, tuple[float, int]] = {}

        def pages(candidate_chosen: dict[str, list[str]], groups: list[SkillGroup]) -> float:
            plan = self._plan(header, summary, groups, candidate_chosen)
            return page_count(paragraphs(plan, self._paragraphs_of), self.style, heights)

        def fits(candidate_chosen: dict[str, list[str]], groups: list[SkillGroup]) -> bool:
            return pages(candidate_chosen, groups) <= self.page_limit

        # Room a one-line list item needs; with less left, nothing more can fit.
        line = self.style.looks["bullet"]
        one_line = (line.size * 1.17 + line.after) / self.style.page_height_pt

        # Shrink the skeleton until it fits: drop unrequested skills, then the summary,
        # then the least relevant spine entries (never a pinned one).
        while not fits(chosen, skills):
            if self._trim_skills(skills):
                continue
            if summary:
                summary = ""
                continue
            chosen = self._fewest_dropped(chosen, lambda c: fits(c, skills))
            break

        chosen = self._with_current_roles_bullet(chosen, lambda c: fits(c, skills))
        said = {
            same_bullet(self.index.unit_by_key[key].text)
            for keys in chosen.values()
            for key in keys
        }
        talks = sum(1 for k in chosen if self.entries[k].kind == "talk")
        chosen_pages = pages(chosen, skills)  # laid out again only when `chosen` changes
        for candidate in self._candidates(chosen):
            if candidate.unit is not None and same_bullet(candidate.unit.text) in said:
                continue  # the same bullet under another entry says nothing new
            is_talk = candidate.unit is None and self.entries[candidate.entry_key].kind == "talk"
            if is_talk and talks >= self.max_talks:
                continue  # ten conference talks crowd out the work they were about
            trial = {k: list(v) for k, v in chosen.items()}
            if candidate.unit is None and self._needs_content(candidate.entry_key):
                # A project or role heading with nothing under it says nothing: it comes
                # with its strongest bullet, or not at all.
                best = self._best_bullet(candidate.entry_key, said)
                if best is None:
                    continue
                trial[candidate.entry_key] = [best.key]
            elif candidate.unit is None:
                trial.setdefault(candidate.entry_key, [])
            else:
                trial.setdefault(candidate.entry_key, []).append(candidate.unit.key)
            trial_pages = pages(trial, skills)
            if trial_pages <= self.page_limit:
                chosen, chosen_pages = trial, trial_pages
                talks += is_talk
                said.update(
                    same_bullet(self.index.unit_by_key[k].text) for k in trial[candidate.entry_key]
                )
            elif chosen_pages > self.page_limit - one_line:
                break  # the page is full
        sections = self._plan(header, summary, skills, chosen).sections
        selection = SelectionReport(
            page_limit=self.page_limit,
            entries_shown=sum(len(s.entries) for s in sections),
            entries_total=len(self.entries),
            bullets_shown=sum(len(e.bullets) for s in sections for e in s.entries),
            bullets_total=sum(1 for u in self.index.units if u.role == "bullet"),
            estimated_pages=round(
                page_count(paragraphs(self._plan(header, summary, skills, chosen)), self.style), 2
            ),
        )
        return sections, header, selection

    def _fewest_dropped(
        self, chosen: dict[str, list[str]], fits: Callable[[dict[str, list[str]]], bool]
    ) -> dict[str, list[str]]:
        """`chosen` without its least relevant bare spine entries (never a pinned one), as
        few as make the page fit, or all of them when nothing does. They go in a fixed
        order and fewer entries never take more room, so the count is found by bisection:
        a few layouts where dropping one at a time took one per entry."""
        removable = sorted(
            (k for k in chosen if k not in self.options.pinned and not chosen[k]),
            key=lambda k: (self.entry_worth(k), -self.entry_order[k]),
        )

        def without(count: int) -> dict[str, list[str]]:
            gone = set(removable[:count])
            return {k: v for k, v in chosen.items() if k not in gone}

        low, high = 1, len(removable)  # dropping `high` is the answer when nothing fits
        while low < high:
            middle = (low + high) // 2
            if fits(without(middle)):
                high = middle
            else:
                low = middle + 1
        return without(high)

    def _needs_content(self, ekey: str) -> bool:
        """Whether the entry prints as a heading that needs a bullet under it (a project or
        an open-source tool), unlike a one-line item (a paper, a talk, a prize)."""
        entry = self.entries[ekey]
        return entry.kind not in (*SPINE_KINDS, *ITEM_KINDS, *LISTED_WHEN_BARE) and not (
            entry.thesis_title or entry.advisor or entry.score
        )

    def _best_bullet(self, ekey: str, said: set[str]) -> Unit | None:
        bullets = [
            u
            for u in self.units_of.get(ekey, [])
            if u.role == "bullet"
            and u.key not in self.options.dropped
            and same_bullet(u.text) not in said
            and not (self.tailor and is_self_undermining(u.text))
        ]
        return max(bullets, key=lambda u: (self.unit_worth(u.key), -u.index), default=None)

    def _with_current_roles_bullet(
        self, chosen: dict[str, list[str]], fits: Callable[[dict[str, list[str]]], bool]
    ) -> dict[str, list[str]]:
        """A current position keeps at least its strongest bullet, room allowing: a present
        job with nothing under it reads as a gap."""
        if not self.tailor:
            return chosen
        for ekey in [k for k, keys in chosen.items() if not keys]:
            entry = self.entries[ekey]
            if entry.kind != "position" or not entry.current:
                continue
            best = self._best_bullet(ekey, set())
            if best is None:
                continue
            trial = {**chosen, ekey: [best.key]}
            if fits(trial):
                chosen = trial
        return chosen

    def _allowed(self, ekey: str, entry: Entry) -> bool:
        section = KIND_SECTIONS.get(entry.kind)  # none for a kind never printed
        return ekey not in self.options.dropped and section in self.sections

    def _candidates(self, chosen: dict[str, list[str]]) -> list[_Candidate]:
        dropped = set(self.options.dropped)
        candidates: list[_Candidate] = []
        for ekey, entry in self.entries.items():
            if not self._allowed(ekey, entry):
                continue
            order = (self.sections.index(KIND_SECTIONS[entry.kind]), self.entry_order[ekey])
            if ekey not in chosen:
                worth = self.entry_worth(ekey)
                candidates.append(_Candidate(ekey, None, worth, worth > 0, order))
            for unit in self.units_of.get(ekey, []):
                if unit.role != "bullet" or unit.key in dropped:
                    continue
                if self.tailor and is_self_undermining(unit.text):
                    continue  # "Unfortunately, I did not ...": only a pin brings it back
                if unit.key in chosen.get(ekey, []):
                    continue
                own = self.unit_worth(unit.key)
                worth = own + 0.01 * self.entry_worth(ekey)
                unit_order = (order[0], order[1] * 1000 + unit.index)
                candidates.append(_Candidate(ekey, unit, worth, own > 0, unit_order))
        if self.tailor:
            # Worth first; what carries no posting term still fills leftover room, in the
            # person's own order.
            relevant = sorted(
                (c for c in candidates if c.relevant), key=lambda c: (-c.worth, c.order)
            )
            rest = sorted((c for c in candidates if not c.relevant), key=lambda c: c.order)
            return relevant + rest
        return sorted(candidates, key=lambda c: c.order)

    # ----------------------------------------------------------------- building

    def _plan(
        self, header: Header, summary: str, groups: list[SkillGroup], chosen: dict[str, list[str]]
    ) -> ResumePlan:
        by_section: dict[str, list[PlannedEntry]] = {}
        for ekey in sorted(chosen, key=lambda k: self.entry_order[k]):
            entry = self.entries[ekey]
            by_section.setdefault(KIND_SECTIONS[entry.kind], []).append(
                self._planned_entry(ekey, entry, chosen[ekey])
            )
        if "Publications" in by_section:  # newest first, however the inventory lists them
            by_section["Publications"].sort(key=lambda e: -(e.year or 0))
        sections: list[PlannedSection] = []
        for name in self.sections:
            if name == "Summary" and summary:
                sections.append(PlannedSection("Summary", text=summary))
            elif name == "Skills" and groups:
                sections.append(PlannedSection("Skills", skill_groups=tuple(groups)))
            elif by_section.get(name):
                title = name
                if name == "Publications" and len(by_section[name]) < self.publication_count:
                    title = "Selected Publications"  # says that others exist
                sections.append(PlannedSection(title, entries=tuple(by_section[name])))
        return ResumePlan(header, tuple(sections), self.page_limit, self.style.name, "")

    def _planned_entry(self, ekey: str, entry: Entry, unit_keys: list[str]) -> PlannedEntry:
        key = (ekey, tuple(unit_keys))
        if key not in self._entries_built:
            built = self._build_entry(ekey, entry, unit_keys)
            self._entries_built[key] = built
            self._entry_paragraphs[id(built)] = tuple(entry_paragraphs(built))
        return self._entries_built[key]

    def _paragraphs_of(self, entry: PlannedEntry) -> Sequence[Paragraph]:
        known = self._entry_paragraphs.get(id(entry))
        return known if known is not None else entry_paragraphs(entry)

    def _build_entry(self, ekey: str, entry: Entry, unit_keys: list[str]) -> PlannedEntry:
        units = [self.index.unit_by_key[k] for k in dict.fromkeys(unit_keys)]
        if self.tailor:
            units.sort(key=lambda u: (-self.unit_worth(u.key), u.index))
        else:
            units.sort(key=lambda u: u.index)
        details = []
        if entry.thesis_title:
            details.append(f"Thesis: {entry.thesis_title}")
        if entry.advisor:
            details.append(f"Advisor: {entry.advisor}")
        if entry.score:
            details.append(entry.score)
        return PlannedEntry(
            key=ekey,
            kind=entry.kind,
            title=entry.title,
            organization=entry.organization,
            location=entry.location,
            start=entry.start,
            end=entry.end,
            current=entry.current,
            degree=entry.degree,
            field_of_study=entry.field_of_study,
            venue=entry.venue,
            year=entry.year,
            authors=entry.authors,
            details=tuple(details),
            bullets=tuple(self._planned_bullet(ekey, u) for u in units),
            relevance=self.entry_worth(ekey),
        )

    def _planned_bullet(self, ekey: str, unit: Unit) -> PlannedBullet:
        if (ekey, unit.key) not in self._bullets:
            self._bullets[(ekey, unit.key)] = self._make_bullet(ekey, unit)
        return self._bullets[(ekey, unit.key)]

    def _make_bullet(self, ekey: str, unit: Unit) -> PlannedBullet:
        text = unit.text
        rule_ids: list[str] = []
        evidence: list[str] = []
        fixes: tuple[str, ...] = ()
        if self.tailor:
            text, rule_ids, evidence = self._reword(ekey, unit)
            cleaned = clean_bullet(text)
            text, fixes = cleaned.text, cleaned.changes
        terms = tuple(
            sorted(
                (self._posting_term(t).name for t in self.unit_terms.get(unit.key, {})),
                key=str.casefold,
            )
        )
        return PlannedBullet(
            unit.key, text, unit.text, terms, tuple(rule_ids), tuple(evidence), fixes
        )

    def _reword(self, ekey: str, unit: Unit) -> tuple[str, list[str], list[str]]:
        """The rewrites of the rules that fired on this unit and serve this posting."""
        return self._swapped(unit)

    def _posting_term(self, term_id: str) -> PostingTerm:
        """A term of the posting by id; evidence, summaries and additions name only those."""
        term = self.analysis.term(term_id)
        assert term is not None, term_id
        return term

    def _facts(self, ekey: str) -> dict[str, Fact]:
        return {**self.index.facts.get("", {}), **self.index.facts.get(ekey, {})}

    def _swapped(self, unit: Unit) -> tuple[str, list[str], list[str]]:
        """The unit's text with the synonym swaps of the rules that fired on it and serve
        this posting ("ablation studies" → "ablation experiments"), the rules, the evidence."""
        ekey = unit.entry_key
        text = unit.text
        rule_ids: list[str] = []
        evidence: list[str] = []
        facts = self._facts(ekey)
        for hit in self.index.hits:
            rule = self.rules[hit.rule_id]
            if hit.entry_key != ekey or unit.key not in hit.unit_keys or not rule.rewrites:
                continue
            if not any(t in self.weights for t in hit.licenses):
                continue
            new = rewrite(text, rule)
            if new == text or guarded_additions(text, new, self.rule_set.guarded, facts):
                continue
            text = new
            rule_ids.append(rule.id)
            evidence.extend(e for e in hit.evidence(unit.key) if e not in evidence)
        return text, rule_ids, evidence

    def _header(self) -> Header:
        b = self.inventory.basics
        contacts = [c for c in (b.email, b.phone, b.location, b.website) if c]
        contacts += [p.url for p in b.profiles if p.url and p.url not in contacts]
        headline = b.headline
        if self.tailor:
            headline = build_headline(self.inventory, self.index, self.analysis, self.evidence)
        return Header(b.name, headline, tuple(contacts))

    def _summary(self) -> str:
        """The person's own summary untailored; tailored, the one `summary.py` writes."""
        if not self.tailor:
            return self.inventory.basics.summary.strip()
        summary = build_summary(
            self.inventory, self.index, self.analysis, self.evidence, self.lexicon
        )
        self.summary_report = SummaryReport(
            text=summary.text,
            terms=tuple(self._posting_term(t).name for t in summary.terms),
            derived=summary.derived,
        )
        return summary.text

    # ----------------------------------------------------------------- skills

    def _skill_groups(self) -> list[SkillGroup]:
        """The Skills section: the person's own skills list, most requested first, plus a
        few tools and methods the posting asks for that the person's work shows.

        Added terms must be hard or domain terms (a tool, language or method, never a soft
        skill or a generic noun such as "research"), carry a posting weight of at least a
        responsibility, and be evidenced by what the person did (a bullet, the title of their
        own work, a thesis) or by their own skill headings ("ML/RL"); a degree field alone
        adds nothing. Bullet evidence ranks first and at most MAX_ADDED_TOOLS and
        MAX_ADDED_METHODS are added, so the section stays a list of skills rather than a
        copy of the posting. The person's own headings are kept.
        """
        if "Skills" not in self.sections:
            return []
        if not self.tailor:
            return self._own_skill_groups()
        items: dict[
            str, dict[str, Any]
        ] = {}  # display key → {name, category, weight, order, label}
        for order, skill in enumerate(self.inventory.skills):
            term_id = self.lexicon.resolve(skill.name)
            term = self.lexicon.term(term_id) if term_id else None
            name = skill.name.strip()
            if term is not None and term.name.casefold() == name.casefold():
                name = term.name  # "Pytorch" → "PyTorch": same word, canonical spelling
            key = term_id or f"own:{name.casefold()}"
            if key in items or not name:
                continue
            if term_id in self.index.gated and term_id not in self.index.gated_backing:
                continue  # "A/B testing" listed, but nothing randomised with a control
            category = term.category if term else skill.category or "hard"
            items[key] = {
                "name": name,
                "category": category,
                "weight": self.weights.get(key, 0.0),
                "order": order,
                # The person's own heading ("Surveys", "ML/RL") stays; only skills filed
                # under none get a generic one.
                "label": skill.group.strip() or _GROUP_LABELS[category],
                "report": {"source": "own", "term": term_id or "", "skill": skill.name},
            }
            if term_id in self.index.gated:
                # The person's own "A/B testing" shows only with what randomised it.
                items[key]["report"]["backing"] = tuple(self._gated_backing(term_id))
        # A term the person's own headings already name ("Machine Learning: ...") is shown.
        headed = {
            m.term_id for s in self.inventory.skills for m in self.lexicon.find(s.group.strip())
        }
        for term_id, backing in self._added_skill_terms(set(items) | headed):
            added = self._posting_term(term_id)
            items[term_id] = {
                "name": added.name,
                "category": added.category,
                "weight": added.weight,
                "order": 10_000,
                "label": _GROUP_LABELS[added.category],
                "report": {"source": "added", "term": term_id, "backing": tuple(backing)},
            }
        by_label: dict[str, list[dict[str, Any]]] = {}
        for item in items.values():
            if item["category"] == "soft" and item["weight"] <= 0:
                continue  # a soft skill the posting does not ask for is not worth a line
            by_label.setdefault(item["label"], []).append(item)
        for members in by_label.values():
            members.sort(key=lambda i: (-i["weight"], i["order"], i["name"].casefold()))

        # Groups in order of the posting's strongest demand among their items and heading
        # ("Machine Learning: ..." shows machine learning), then the person's own order.
        def demand(label: str, members: list[dict[str, Any]]) -> tuple[float, int]:
            heading = max((self.weights.get(t, 0.0) for t in self.lexicon.ids_in(label)), default=0)
            return (-max(members[0]["weight"], heading), min(i["order"] for i in members))

        ordered = sorted(by_label.items(), key=lambda kv: demand(*kv))
        groups = [
            SkillGroup(
                label,
                tuple(
                    i["name"] if i["category"] == "hard" else _capitalised(i["name"])
                    for i in members
                ),
            )
            for label, members in ordered
        ]
        self._skill_weights = {i["name"]: i["weight"] for i in items.values()}
        self._skill_weights.update({_capitalised(i["name"]): i["weight"] for i in items.values()})
        self.skill_report = tuple(
            SkillShown(
                item=i["name"] if i["category"] == "hard" else _capitalised(i["name"]),
                group=label,
                **i["report"],
            )
            for label, members in ordered
            for i in members
        )
        return groups

    def _added_skill_terms(self, listed: set[str]) -> list[tuple[str, list[Backing]]]:
        """Posting terms to add to the Skills section, best first, each with the inventory
        units that back it (see `_skill_groups`).

        A term is added under its own name, so the inventory must say that name (in any
        case or number: "Machine Learning Engineer" shows machine learning) or a rule must
        license it. Another spelling alone ("k8s") stays in the bullet that says it: the
        Skills section never says a word the person's evidence does not, or a rule licenses.
        """
        floor = SECTION_WEIGHTS["responsibilities"]
        ranked: dict[str, list[tuple[bool, float, str, str]]] = {"hard": [], "domain": []}
        backing: dict[str, list[Backing]] = {}
        for term in self.analysis.terms:
            if term.source != "lexicon" or term.id in listed or term.id in NOT_SKILL_ITEMS:
                continue
            if term.category not in ranked or term.weight < floor:
                continue
            ev = self.evidence.get(term.id)
            supports = [
                s
                for s in (ev.supports if ev else ())
                if self.index.unit_by_key[s.unit_key].role in _DOING_ROLES
                and (s.how == "rule" or same_spelling(s.surface, term.name))
            ]
            if not supports:
                continue
            by_bullet = any(self.index.unit_by_key[s.unit_key].role == "bullet" for s in supports)
            ranked[term.category].append((not by_bullet, -term.weight, term.name, term.id))
            backing[term.id] = [self._backing(s) for s in supports[:MAX_SKILL_BACKING]]
        caps = {"hard": MAX_ADDED_TOOLS, "domain": MAX_ADDED_METHODS}
        return [
            (row[-1], backing[row[-1]])
            for category, rows in ranked.items()
            for row in sorted(rows)[: caps[category]]
        ]

    def _gated_backing(self, term_id: str) -> list[Backing]:
        """The units (other than the skills list itself) whose facts back a gated term."""
        return [
            self._backing(s)
            for s in term_supports(self.index, term_id)
            if self.index.unit_by_key[s.unit_key].entry_key
        ][:MAX_SKILL_BACKING]

    def _backing(self, support: Support) -> Backing:
        """One unit behind a Skills item, for the report: its key and words, how it supports
        the term, and for a rule (or a gated term) each fact and where it was read."""
        unit = self.index.unit_by_key[support.unit_key]
        words = support.surface
        if support.how == "rule":
            hit = next(
                h
                for h in self.index.hits
                if h.rule_id == support.rule_id and support.unit_key in h.unit_keys
            )
            words = hit.fragments[hit.unit_keys.index(support.unit_key)]
        return Backing(
            unit=unit.key,
            entry=unit.entry_key,
            text=unit.text,
            how=support.how,
            words=words,
            rule=support.rule_id,
            facts=tuple(
                FactRow(name=f.name, source=f.source, detail=f.detail, ref=f.ref)
                for f in support.fact_list
            ),
        )

    def _own_skill_groups(self) -> list[SkillGroup]:
        groups: dict[str, list[str]] = {}
        for skill in self.inventory.skills:
            if skill.name.strip():
                groups.setdefault(skill.group or _GROUP_LABELS[""], []).append(skill.name.strip())
        self._skill_weights = {}
        return [SkillGroup(label, tuple(names)) for label, names in groups.items()]

    def _trim_skills(self, groups: list[SkillGroup]) -> bool:
        """Drop the last unrequested skill; False when only requested ones remain."""
        weights = getattr(self, "_skill_weights", {})
        for g in reversed(range(len(groups))):
            items = list(groups[g].items)
            for i in reversed(range(len(items))):
                if weights.get(items[i], 0.0) <= 0 or not self.tailor:
                    del items[i]
                    groups[g] = replace(groups[g], items=tuple(items))
                    if not items:
                        del groups[g]
                    return True
        return False


def _capitalised(name: str) -> str:
    # Lexicon names of methods are lower case ("distributed training"); a list item
    # reads better capitalised, and the first letter carries no claim.
    return name[:1].upper() + name[1:] if name[:1].islower() else name
