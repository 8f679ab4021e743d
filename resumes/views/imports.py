"""Imports: upload a file, review what it holds as a draft, then add it in one step."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resumes import inventory_store, services
from resumes.access import get_import_draft_for_user
from resumes.forms import ImportConfirmForm, ImportUploadForm
from resumes.importers.errors import ImportFailed
from resumes.importers.jsonresume import parse_json_resume, to_json_resume
from resumes.models import EntryKind
from tracker.params import ascii_int


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = services.start_import(
                user=request.user,
                filename=upload.name,
                data=upload.read(),
                format=form.cleaned_data["format"],
            )
        except ImportFailed as error:
            form.add_error("file", str(error))
        else:
            return redirect(draft)
    return render(request, "resumes/import_upload.html", {"form": form})


@login_required
@require_GET
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft to review. While a worker reads the file the page polls; once it is read
    (or refused) the poll reloads the page whole."""
    draft = get_import_draft_for_user(request, pk)
    if request.htmx:
        if draft.is_reading:
            return render(request, "resumes/import_reading.html#import-reading", {"draft": draft})
        return HttpResponse(headers={"HX-Refresh": "true"})
    if draft.is_reading or draft.has_failed:
        context = {"draft": draft, "form": ImportUploadForm()}
        return render(request, "resumes/import_reading.html", context)
    return _render_preview(request, draft, ImportConfirmForm())


def _render_preview(request, draft, form, status: int = 200) -> HttpResponse:
    inventory = parse_json_resume(draft.document)
    duplicates = inventory_store.duplicates_of_existing(request.user, inventory)
    labels = dict(EntryKind.choices)
    rows = [
        {
            "index": index,
            "entry": entry,
            "kind_label": labels[entry.kind],
            "duplicate": duplicates.get(index, ""),
        }
        for index, entry in enumerate(inventory.entries)
    ]
    context = {
        "draft": draft,
        "inventory": inventory,
        "rows": rows,
        "form": form,
        "bullet_count": sum(len(e.bullets) for e in inventory.entries),
    }
    return render(request, "resumes/import_preview.html", context, status=status)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_import_draft_for_user(request, pk)
    if draft.is_reading or draft.has_failed:
        return redirect(draft)
    form = ImportConfirmForm(request.POST)
    selected = {n for v in request.POST.getlist("entries") if (n := ascii_int(v)) is not None}
    if form.is_valid():
        try:
            summary = services.confirm_import_draft(
                draft=draft,
                replace_existing=form.cleaned_data["replace_existing"],
                selected=selected,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            skipped = len(summary.skipped_duplicates)
            messages.success(
                request,
                f"Imported {summary.total_added} entries and {summary.skills_added} skills"
                + (f"; skipped {skipped} already in your inventory." if skipped else "."),
            )
            return redirect("resumes:inventory")
    return _render_preview(request, draft, form)


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    get_import_draft_for_user(request, pk).delete()
    messages.info(request, "Discarded the import; nothing was added.")
    return redirect("resumes:inventory")


@login_required
@require_GET
def export_json_resume(request: HttpRequest) -> HttpResponse:
    document = to_json_resume(inventory_store.load_inventory(request.user))
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="resume.json"'
    return response
