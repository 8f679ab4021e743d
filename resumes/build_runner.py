"""Running one résumé build: plan, render, store. Called by the Celery task.

The database row is the truth about the build; Redis only rings the doorbell. A row is
claimed with a conditional UPDATE, so a message delivered twice runs the build once,
and the file is written under a name fixed by the row, so a re-run replaces its own
half-finished file instead of leaving a second one.
"""

from __future__ import annotations

import datetime
import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from resumes.build_inputs import plan_options
from resumes.docx_builder import build_cover_letter_docx, build_docx
from resumes.inventory_index import OwnerIndexStore
from resumes.inventory_json import load_inventory_dict
from resumes.models import ResumeBuild
from resumes.tailoring.engine import PlanInputError, plan_cover_letter, plan_resume
from resumes.tailoring.plain_data import to_plain
from resumes.version_features import features_of

logger = logging.getLogger(__name__)


def stale_after() -> datetime.timedelta:
    """A build still "building" after the hard time limit lost its worker."""
    return datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)


def claim_build(build_id: int, task_id: str = "") -> bool:
    """Take the build for this delivery; False when another has it or it is finished."""
    now = timezone.now()
    return ResumeBuild.objects.claim(
        build_id, task_id=task_id, now=now, stale_before=now - stale_after()
    )


def file_name(build: ResumeBuild, what: str = "resume") -> str:
    return f"resumes/{build.owner_id}/{what}-{build.pk}-{build.input_hash[:10]}.docx"


def run_build(build_id: int) -> None:
    """Build the claimed row; mark it ready, or failed with a message the person can read."""
    build = ResumeBuild.objects.select_related("posting").get(pk=build_id)
    if settings.RESUME_BUILD_DELAY_SECONDS:
        # Only the fault-tolerance tests set this: it holds a build open long enough
        # to kill its worker in the middle.
        time.sleep(settings.RESUME_BUILD_DELAY_SECONDS)
    try:
        inventory = load_inventory_dict(build.inventory_snapshot)
        store = OwnerIndexStore(build.owner_id)
        plan = plan_resume(
            inventory,
            build.posting.text,
            plan_options(build.options, build.posting.title),
            index_store=store,
        )
        now = timezone.now()
        document = build_docx(plan, created=now)
        letter = plan_cover_letter(
            inventory,
            plan,
            role=build.posting.title,
            company=build.posting.company,
            index_store=store,
        )
        letter_document = build_cover_letter_docx(letter, created=now)
    except PlanInputError as error:
        _mark_failed(build, f"This posting cannot be tailored for: {error}.")
        return
    except SoftTimeLimitExceeded:
        _mark_failed(build, "The build took too long and was stopped. Try again.")
        return
    except Exception:
        logger.exception("Résumé build %s failed", build_id)
        _mark_failed(
            build,
            "Something went wrong while building this résumé. Try again; if it keeps "
            "failing, the error has been logged for us.",
        )
        return
    stored = _store(file_name(build), document)
    stored_letter = _store(file_name(build, "cover-letter"), letter_document)
    report = plan.report
    assert report is not None  # plan_resume always reports
    features = features_of(plan, report, profile_summary=inventory.basics.summary)
    finished = ResumeBuild.objects.mark_ready(
        build_id,
        file=stored,
        plan=plan.to_dict(timings=False, report=False),
        report=report.to_dict(),
        features=features.to_dict(),
        cover_letter=to_plain(letter),
        cover_letter_file=stored_letter,
        score_before=report.overall_before.match,
        score_after=report.overall_after.match,
        timings=report.timings_ms,
    )
    if not finished:
        default_storage.delete(stored)
        default_storage.delete(stored_letter)


def _store(name: str, document: bytes) -> str:
    if default_storage.exists(name):
        # Left by an attempt that died before marking the row ready: never sent, so
        # replacing it keeps one file per build.
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(document))


def _mark_failed(build: ResumeBuild, message: str) -> None:
    ResumeBuild.objects.mark_failed(build.pk, message)
