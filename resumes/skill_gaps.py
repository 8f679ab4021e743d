"""What to learn next: across the postings a person saved and those of their live
applications, the real gaps ranked by how many postings need them and how strongly, per
company tier, each with the postings it blocks; and the terms the inventory supports that
the résumés they sent left out, each with the lines that would show it.

Bounded whatever the size of the search: the most recent MAX_POSTINGS postings and
MAX_SENT sent résumés are read (the page says so when there are more), in a fixed number
of queries. A posting with a ready build is read from its latest build's stored report; the
others are analysed once and kept in the cache (`posting_readings`). Support is always
judged against the inventory as it is today, so a gap closed since a build is no gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Window
from django.db.models.functions import Lower

from resumes.inventory_index import OwnerIndexStore
from resumes.inventory_store import load_inventory
from resumes.models import FetchStatus, Posting, ResumeBuild
from resumes.posting_readings import (
    BuildKey,
    BuildReading,
    build_readings,
    latest_build_of,
    posting_analyses,
    with_latest_build,
)
from resumes.quoted_lines import QuotedLine, quoted_lines
from resumes.tailoring.concepts import load_hierarchy
from resumes.tailoring.evidence import InventoryIndex, TermEvidence, indexed, match_evidence
from resumes.tailoring.gap_ranking import Gap, LeftOut, rank_gaps, rank_left_out
from resumes.tailoring.inventory import Inventory
from resumes.tailoring.lexicon import load_lexicon
from resumes.tailoring.posting import PostingAnalysis
from resumes.tailoring.rules import load_rules
from tracker.models import Company, Stage, Tier

MAX_POSTINGS = 100
MAX_SENT = 50
ROWS_SHOWN = 12  # per category; the rest are one click away on the page
NO_TIER = "none"  # postings not tied to a company the person tracks

LEVEL_LABELS = {"must": "must-have", "nice": "nice-to-have", "mention": "mentioned"}
CATEGORY_TITLES = (
    ("hard", "Skills and tools"),
    ("domain", "Domain knowledge"),
    ("soft", "Working with people"),
)


@dataclass(frozen=True)
class PostingLink:
    """A posting (or the résumé sent for it), as a gap or a left-out term lists it."""

    label: str
    url: str
    tier: str  # a Tier value, or NO_TIER


@dataclass(frozen=True)
class AskRow:
    link: PostingLink
    level: str

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


@dataclass(frozen=True)
class GapRow:
    gap: Gap
    asks: list[AskRow]

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(level, its label, how many postings ask at that level), strongest first."""
        return [(level, LEVEL_LABELS[level], n) for level, n in self.gap.counts]


@dataclass(frozen=True)
class LeftOutRow:
    term: LeftOut
    asks: list[AskRow]
    lines: list[QuotedLine]


@dataclass(frozen=True)
class SkillGaps:
    tier: str  # the tier shown: "" for all
    tiers: list[dict]  # value, label, count: the tabs
    postings_read: int
    postings_total: int
    sections: list[dict]  # category, title, rows (the first ROWS_SHOWN), more
    left_out: list[LeftOutRow]
    sent_read: int
    sent_total: int
    inventory_empty: bool
    not_english: int  # postings left out because the engine cannot read their language
    limit: int = MAX_POSTINGS
    sent_limit: int = MAX_SENT

    @property
    def is_empty(self) -> bool:
        return not self.postings_total and not self.sent_total


def collect_skill_gaps(user: User, *, tier: str = "") -> SkillGaps:
    """The page's content for `user`, the gaps narrowed to `tier` ("" for every tier)."""
    postings, built, postings_total = _postings(user)
    tiers = _tiers(user, postings)
    sent, sent_total = _sent_builds(user)
    read, sent_read = _read(postings, built, sent)
    english = [(p, a) for p, a in read if a.confidence != "language"]

    inventory = load_inventory(user)
    lexicon, rule_set = load_lexicon(), load_rules()
    index = indexed(inventory, lexicon, rule_set, OwnerIndexStore(user.pk))
    evidence = _evidence(index, [a for _, a in english] + [r.analysis for _, r in sent_read])

    shown = [(p, a) for p, a in english if not tier or tiers[p.pk] == tier]
    gaps = rank_gaps(
        [(f"p{p.pk}", a) for p, a in shown],
        evidence,
        hierarchy=load_hierarchy(),
        lexicon=lexicon,
        gated=frozenset(rule_set.gated),
    )
    links = {f"p{p.pk}": PostingLink(str(p), p.get_absolute_url(), tiers[p.pk]) for p in postings}
    links |= {f"b{b.pk}": _sent_link(b) for b in sent}
    left_out = rank_left_out(
        [(f"b{b.pk}", r.analysis, r.shown) for b, r in sent_read], evidence, index
    )
    return SkillGaps(
        tier=tier,
        tiers=_tabs(tiers, [p for p, _ in english]),
        postings_read=len(postings),
        postings_total=postings_total,
        sections=_sections(gaps, links),
        left_out=[_left_out_row(term, links, inventory) for term in left_out],
        sent_read=len(sent),
        sent_total=sent_total,
        inventory_empty=not inventory.entries and not inventory.skills,
        not_english=len(read) - len(english),
    )


def _read(
    postings: list[Posting], built: dict[int, BuildKey], sent: list[ResumeBuild]
) -> tuple[list[tuple[Posting, PostingAnalysis]], list[tuple[ResumeBuild, BuildReading]]]:
    """Each posting as the engine read it — from its latest build's stored report when it
    has one, else from its own text — and each sent résumé's reading."""
    readings = build_readings([*built.values(), *((b.pk, b.input_hash) for b in sent)])
    latest = {pk: readings[key[0]] for pk, key in built.items() if key[0] in readings}
    analyses = posting_analyses([p for p in postings if p.pk not in latest])
    read = [(p, latest[p.pk].analysis if p.pk in latest else analyses[p.pk]) for p in postings]
    return read, [(b, readings[b.pk]) for b in sent if b.pk in readings]


def _postings(user: User) -> tuple[list[Posting], dict[int, BuildKey], int]:
    """The most recent postings that are saved or belong to a live application, one per
    application (the newest); each one's latest ready build, for those built; and how many
    postings qualify. One query."""
    # Annotated rows (total): the stubs do not know the attribute.
    candidates: QuerySet = with_latest_build(
        Posting.objects.for_user(user)
        .filter(fetch_status=FetchStatus.DONE)
        .exclude(text="")
        .filter(Q(application__isnull=True) | ~Q(application__stage=Stage.CLOSED))
        .select_related("application__company")
    ).annotate(total=Window(Count("pk")))
    rows = list(candidates.order_by("-captured_at", "-pk")[:MAX_POSTINGS])
    total = rows[0].total if rows else 0
    newest: dict[object, Posting] = {}
    for posting in rows:
        # A posting captured twice for one application (or pasted twice) asks once.
        newest.setdefault(posting.application_id or ("text", posting.text), posting)
    built = {p.pk: key for p in newest.values() if (key := latest_build_of(p)) is not None}
    return list(newest.values()), built, total


def _tiers(user: User, postings: list[Posting]) -> dict[int, str]:
    """Each posting's company tier: its application's, else that of the tracked company
    of the same name, else NO_TIER. At most one query."""
    unlinked = {p.company.strip().casefold() for p in postings if not p.application_id}
    unlinked.discard("")
    known: dict[str, str] = {}
    if unlinked:
        companies = Company.objects.for_user(user).annotate(lowered=Lower("name"))
        known = dict(companies.filter(lowered__in=unlinked).values_list("lowered", "tier"))
    return {
        p.pk: p.application.company.tier
        if p.application is not None
        else known.get(p.company.strip().casefold(), NO_TIER)
        for p in postings
    }


def _sent_builds(user: User) -> tuple[list[ResumeBuild], int]:
    """The most recent résumés marked as sent with an application. One query."""
    sent: QuerySet = (
        ResumeBuild.objects.for_user(user)
        .filter(status=ResumeBuild.Status.READY, sent_with__isnull=False)
        .select_related("posting", "sent_with__company")
        .defer("inventory_snapshot", "plan", "report", "posting__text")
        .annotate(total=Window(Count("pk")))
        .order_by("-sent_on", "-created_at", "-pk")
    )
    rows = list(sent[:MAX_SENT])
    return rows, rows[0].total if rows else 0


def _evidence(index: InventoryIndex, analyses: list[PostingAnalysis]) -> dict[str, TermEvidence]:
    """Support for every term of every posting, each distinct term matched once."""
    terms = {term.id: term for analysis in analyses for term in analysis.terms}
    together = PostingAnalysis(
        title="", role_family="", seniority="", sections=(), terms=tuple(terms.values())
    )
    return match_evidence(index, together)


def _tabs(tiers: dict[int, str], postings: list[Posting]) -> list[dict]:
    counts = {value: 0 for value in [*Tier.values, NO_TIER]}
    for posting in postings:
        counts[tiers[posting.pk]] += 1
    labels = [*Tier.choices, (NO_TIER, "Other companies")]
    return [
        {"value": value, "label": label, "count": counts[value]}
        for value, label in labels
        if counts[value]
    ]


def _sections(gaps: list[Gap], links: dict[str, PostingLink]) -> list[dict]:
    sections = []
    for category, title in CATEGORY_TITLES:
        rows = [
            GapRow(gap, [AskRow(links[ask.ref], ask.level) for ask in gap.asks])
            for gap in gaps
            if gap.category == category
        ]
        sections.append(
            {
                "category": category,
                "title": title,
                "rows": rows[:ROWS_SHOWN],
                "more": rows[ROWS_SHOWN:],
            }
        )
    return sections


def _sent_link(build: ResumeBuild) -> PostingLink:
    application = build.sent_with
    assert application is not None  # only sent builds are read
    sent = f", sent {build.sent_on:%-d %b}" if build.sent_on else ""
    return PostingLink(
        f"{application.role_title} at {application.company.name}{sent}",
        build.get_absolute_url(),
        application.company.tier,
    )


def _left_out_row(term: LeftOut, links: dict[str, PostingLink], inventory: Inventory) -> LeftOutRow:
    asks = [AskRow(links[ask.ref], ask.level) for ask in term.asks]
    return LeftOutRow(term, asks, quoted_lines(term.lines, inventory))
