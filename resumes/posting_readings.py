"""What the engine read in postings and in the résumés built for them, kept in the shared
cache so that pages reading many postings at once do not analyse them again.

A posting's analysis depends only on its text and title (and the engine), so it is kept
under their hash. A ready build is immutable, so what its stored report says — the
posting's terms as analysed for that build, and the terms the résumé showed — is kept
under the build's id and input hash: a page reads the report once, then never again.
(The id alone would not do: a database that is reset, or SQLite after the newest rows
are deleted, gives an id out again, to a build of other inputs.) The cache is only
a shortcut: a miss (or a cache that is down) reads the report or analyses the text again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import OuterRef, QuerySet, Subquery

from resumes.models import Posting, ResumeBuild
from resumes.tailoring.evidence import engine_fingerprint
from resumes.tailoring.lexicon import load_lexicon
from resumes.tailoring.posting import PostingAnalysis, analyse_posting, analysis_from_report
from resumes.tailoring.report import BuildReport, ReportVersionError

logger = logging.getLogger(__name__)

KEPT_SECONDS = 30 * 24 * 3600

BuildKey = tuple[int, str]  # a build's pk and input hash


@dataclass(frozen=True)
class BuildReading:
    """A ready build's posting, as analysed for it, and the term ids its résumé showed."""

    analysis: PostingAnalysis
    shown: frozenset[str]


def posting_analyses(postings: list[Posting]) -> dict[int, PostingAnalysis]:
    """Each posting's analysis by its pk: from the cache, else analysed now and kept."""
    keys = {p.pk: _posting_key(p) for p in postings}
    kept = _get_many(list(keys.values()))
    found: dict[int, PostingAnalysis] = {}
    fresh: dict[str, PostingAnalysis] = {}
    for posting in postings:
        key = keys[posting.pk]
        analysis = kept.get(key) or fresh.get(key)
        if not isinstance(analysis, PostingAnalysis):
            analysis = _kept_form(analyse_posting(posting.text, load_lexicon(), posting.title))
            fresh[key] = analysis
        found[posting.pk] = analysis
    _set_many(fresh)
    return found


def with_latest_build(postings: QuerySet[Posting]) -> QuerySet[Posting]:
    """The postings, each with the pk and input hash of its latest ready build (None when
    it has none): read them with `latest_build_of`."""
    latest = ResumeBuild.objects.filter(
        posting=OuterRef("pk"), status=ResumeBuild.Status.READY
    ).order_by("-created_at", "-pk")
    return postings.annotate(
        latest_build_pk=Subquery(latest.values("pk")[:1]),
        latest_build_hash=Subquery(latest.values("input_hash")[:1]),
    )


def latest_build_of(posting: Posting) -> BuildKey | None:
    """(pk, input hash) of the posting's latest ready build, as `with_latest_build` read it."""
    pk = getattr(posting, "latest_build_pk", None)
    return (pk, getattr(posting, "latest_build_hash", "")) if pk is not None else None


def build_readings(builds: list[BuildKey]) -> dict[int, BuildReading]:
    """Each ready build's reading by its pk, for (pk, input hash) pairs: from the cache,
    else from its stored report (one query for all the builds missing) and kept. A build
    without a readable report is left out."""
    keys = {pk: f"build-reading:{engine_fingerprint()}:{pk}:{digest}" for pk, digest in builds}
    kept = _get_many(list(keys.values()))
    found = {pk: kept[key] for pk, key in keys.items() if isinstance(kept.get(key), BuildReading)}
    missing = [pk for pk in keys if pk not in found]
    fresh: dict[str, BuildReading] = {}
    if missing:
        stored = ResumeBuild.objects.filter(pk__in=missing, status=ResumeBuild.Status.READY)
        for build in stored.only("pk", "report"):
            reading = _reading(build)
            if reading is not None:
                found[build.pk] = fresh[keys[build.pk]] = reading
    _set_many(fresh)
    return found


def _reading(build: ResumeBuild) -> BuildReading | None:
    if not build.report:
        return None
    try:
        report = BuildReport.from_dict(build.report)
    except (ReportVersionError, TypeError, ValueError) as error:
        logger.warning("Could not read the report of build %s: %s", build.pk, error)
        return None
    return BuildReading(
        analysis=analysis_from_report(report.posting),
        shown=frozenset(row.id for row in report.terms.covered),
    )


def _posting_key(posting: Posting) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (posting.title, posting.text):
        digest.update(part.encode())
        digest.update(b"\0")
    return f"posting-analysis:{engine_fingerprint()}:{digest.hexdigest()}"


def _kept_form(analysis: PostingAnalysis) -> PostingAnalysis:
    """What readers of many postings need: the terms and choices, not the text's sections."""
    return replace(analysis, sections=(), family_scores={})


def _get_many(keys: list[str]) -> dict:
    if not keys:
        return {}
    try:
        return cache.get_many(keys)
    except Exception as error:  # a cache that is down or holds something unreadable
        logger.warning("Could not read posting readings from the cache: %s", error)
        return {}


def _set_many(values: dict) -> None:
    if not values:
        return
    try:
        cache.set_many(values, timeout=KEPT_SECONDS)
    except Exception as error:
        logger.warning("Could not keep posting readings in the cache: %s", error)
