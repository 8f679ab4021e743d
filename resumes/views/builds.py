"""Résumé builds: ask for one, watch it build, see why, adjust, download, mark as sent."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from resumes import services
from resumes.access import get_build_for_user, get_posting_for_user
from resumes.build_display import preview, version_diff
from resumes.forms import BuildOptionsForm
from resumes.inventory_json import load_inventory_dict
from resumes.models import Posting, ResumeBuild
from resumes.posting_display import (
    cover_letter_view,
    evidence_words,
    report_view,
    rule_explanations,
)
from resumes.tailoring.plan import ResumePlan
from resumes.tailoring.report import BuildReport, ReportVersionError
from resumes.typos import Typo, possible_typos
from tracker.models import RoleFamily
from tracker.params import ascii_int
from tracker.rendering import render_page

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_POST
def build_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for a résumé for a posting (from the posting page or a rebuild with options)."""
    posting = get_posting_for_user(request, pk)
    form = BuildOptionsForm(request.POST, bullet_keys=request.POST.getlist("pinned")
                            + request.POST.getlist("dropped"))  # fmt: skip
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(posting)
    try:
        build = services.request_resume_build(
            user=request.user, posting=posting, options=form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(posting)
    # A broker that is down shows on the build page itself, with a retry button.
    return redirect(build)


def numbered_versions(posting: Posting) -> list[ResumeBuild]:
    """The posting's builds, oldest first, numbered from 1, without their big JSON."""
    versions = list(posting.builds.defer(*ResumeBuild.LARGE_FIELDS).order_by("created_at", "pk"))
    for number, version in enumerate(versions, start=1):
        version.version_number = number
    return versions


@login_required
@require_GET
def build_detail(request: HttpRequest, pk: int) -> HttpResponse:
    build = get_build_for_user(request, pk)
    versions = numbered_versions(build.posting)
    context = {
        "build": build,
        "versions": list(reversed(versions)),
        "version_number": next(v.version_number for v in versions if v.pk == build.pk),
    }
    if build.status == ResumeBuild.Status.READY:
        context.update(_report_context(build))
    return render_page(request, "resumes/build_detail.html", context, partials=("build-body",))


def download_name(build: ResumeBuild, what: str = "") -> str:
    """ "ada-lovelace-example-labs-ml-engineer.docx": the person's name as on the résumé,
    then the company and role, so a recruiter's downloads folder tells them apart; a cover
    letter says so ("...-cover-letter.docx")."""
    person = load_inventory_dict(build.inventory_snapshot).basics.name.strip()
    person = person or build.owner.get_full_name() or build.owner.username
    name = slugify(" ".join((person, build.posting.company, build.posting.title)))[:120]
    name = name.strip("-") or "resume"
    return f"{name}-{what}.docx" if what else f"{name}.docx"


def contact_warnings(plan: ResumePlan) -> list[str]:
    """What a recruiter could not do with this résumé: write or call the person."""
    contacts = " ".join(plan.header.contacts)
    warnings = []
    if "@" not in contacts:
        warnings.append("This résumé has no e-mail address: add one to your inventory.")
    if not re.search(r"\+?\d[\d ().-]{6,}\d", contacts):
        warnings.append("This résumé has no phone number: add one if you want calls.")
    return warnings


def _typos(build: ResumeBuild, plan: ResumePlan) -> list[Typo]:
    """Possible typos in the bullets and summary this version shows, for the person to fix
    in their inventory; the résumé is never changed silently."""
    lines = [s.text for s in plan.sections if s.text] + [
        b.text for s in plan.sections for e in s.entries for b in e.bullets
    ]
    inventory = load_inventory_dict(build.inventory_snapshot)
    corpus = [b.text for e in inventory.entries for b in e.bullets]
    return possible_typos(lines, corpus)


def _report_context(build: ResumeBuild) -> dict:
    try:
        report = BuildReport.from_dict(build.report)
    except ReportVersionError:
        return {
            "unreadable": "This version was built by a newer Reframe than this one, so its "
            "explanations cannot be shown here. Its file is intact."
        }
    plan = ResumePlan.from_dict(build.plan)
    return {
        "report": report_view(report, dict(RoleFamily.choices)),
        "preview": [
            {
                "block": block,
                "reasons": rule_explanations(block.bullet.rule_ids) if block.bullet else [],
                "evidence": evidence_words(block.bullet.evidence) if block.bullet else [],
            }
            for block in preview(plan)
        ],
        "warnings": contact_warnings(plan),
        "letter": cover_letter_view(build.cover_letter),
        "typos": _typos(build, plan),
        "options_form": BuildOptionsForm(initial=build.options),
        "pinned": set(build.options.get("pinned", [])),
        "dropped": set(build.options.get("dropped", [])),
    }


@login_required
@require_GET
def build_download(request: HttpRequest, pk: int) -> FileResponse:
    build = get_build_for_user(request, pk)
    return _docx_file(build, build.file, download_name(build), "This résumé is not ready.")


@login_required
@require_GET
def build_cover_letter_download(request: HttpRequest, pk: int) -> FileResponse:
    build = get_build_for_user(request, pk)
    name = download_name(build, "cover-letter")
    return _docx_file(build, build.cover_letter_file, name, "This version has no cover letter.")


def _docx_file(build: ResumeBuild, stored, filename: str, missing: str) -> FileResponse:
    if build.status != ResumeBuild.Status.READY or not stored:
        raise Http404(missing)
    return FileResponse(
        default_storage.open(stored.name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=DOCX_TYPE,
    )


@login_required
@require_POST
def build_retry(request: HttpRequest, pk: int) -> HttpResponse:
    build = services.retry_resume_build(build=get_build_for_user(request, pk))
    return redirect(build)


@login_required
@require_POST
def build_mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    build = get_build_for_user(request, pk)
    application = build.posting.application
    if application is None:
        messages.error(request, "Link this posting to an application first.")
        return redirect(build)
    try:
        services.mark_build_sent(build=build, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Recorded: this version went to {application}.")
    return redirect(build)


@login_required
@require_GET
def build_diff(request: HttpRequest, pk: int) -> HttpResponse:
    build = get_build_for_user(request, pk)
    versions = [v for v in numbered_versions(build.posting) if v.status == ResumeBuild.Status.READY]
    by_pk = {v.pk: v for v in versions}
    older = by_pk.get(ascii_int(request.GET.get("from")))
    if older is None or build.status != ResumeBuild.Status.READY:
        raise Http404("Pick two finished versions of the same posting.")
    context = {
        "build": build,
        "older": older,
        # The older version's plan is the one deferred field read: one row, one query.
        "lines": version_diff(ResumePlan.from_dict(older.plan), ResumePlan.from_dict(build.plan)),
        "version_number": by_pk[build.pk].version_number,
    }
    return render(request, "resumes/build_diff.html", context)
