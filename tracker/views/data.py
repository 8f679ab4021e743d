"""The person's data: CSV export and import (mapped, previewed, confirmed), and the
whole account as JSON."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracker import services
from tracker.access import get_pending_import_for_user
from tracker.data import account_import, csv_import, csv_import_jobs
from tracker.data.account_export import account_json_chunks
from tracker.data.csv_export import applications_for_export, csv_chunks
from tracker.data.csv_format import guess_mapping
from tracker.data.import_progress import read as rows_saved
from tracker.forms import AccountImportForm, CsvMappingForm, CsvUploadForm, NewCompanyTiersForm
from tracker.models import CsvImport
from tracker.rendering import redirect_after_post, render_page


def _attachment(chunks: Iterator[str], content_type: str, name: str) -> StreamingHttpResponse:
    # Streamed: the rows are fetched a chunk at a time while the download runs.
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _data_page(request: HttpRequest, account_form: AccountImportForm) -> HttpResponse:
    pending = CsvImport.objects.filter(owner=request.user, imported_at__isnull=True)
    context = {"pending": pending.defer("text"), "account_form": account_form}
    return render_page(request, "tracker/data.html", context)


@login_required
@require_GET
def data(request: HttpRequest) -> HttpResponse:
    return _data_page(request, AccountImportForm())


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    chunks = csv_chunks(applications_for_export(request.user))
    name = f"reframe-applications-{timezone.localdate():%Y-%m-%d}.csv"
    return _attachment(chunks, "text/csv; charset=utf-8", name)


@login_required
@require_GET
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    name = f"reframe-{request.user.get_username()}-{timezone.localdate():%Y-%m-%d}.json"
    return _attachment(account_json_chunks(request.user), "application/json", name)


@login_required
@require_http_methods(["GET", "POST"])
def import_account(request: HttpRequest) -> HttpResponse:
    """Load an account file into the person's own (empty) account, all or nothing. The
    form lives on the Data page, which a GET here shows."""
    form = AccountImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            summary = account_import.import_account(
                user=request.user, document=form.cleaned_data["document"]
            )
        except ValidationError as problem:
            form.add_error("file", problem)
        else:
            messages.success(request, summary.describe())
            return redirect_after_post(request, "tracker:dashboard")
    return _data_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text, encoding, table = csv_import.load(upload.read())
        except csv_import.CsvError as problem:
            form.add_error("file", str(problem))
        else:
            pending = services.start_csv_import(
                owner=request.user,
                file_name=upload.name,
                text=text,
                encoding=encoding,
                mapping=guess_mapping(table.headers),
            )
            return redirect(pending)
    return render_page(request, "tracker/import_upload.html", {"form": form})


def _mapping_form(request: HttpRequest, pending: CsvImport, table) -> CsvMappingForm:
    initial = {f"column_{index}": target for index, target in pending.mapping.items()}
    samples = [
        " · ".join(cells[i] for _, cells in table.rows[:3] if i < len(cells) and cells[i])[:80]
        for i in range(len(table.headers))
    ]
    return CsvMappingForm(
        request.POST or None,
        headers=table.headers,
        samples=samples,
        initial={**initial, **pending.options},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_pending_import_for_user(request, pk)
    if pending.is_importing:
        return redirect("tracker:import_progress", pending.pk)
    if pending.import_error and request.method == "GET" and not request.htmx:
        # Why the worker's import failed, said once.
        messages.error(request, pending.import_error)
        CsvImport.objects.filter(pk=pending.pk).update(import_error="")
    table = csv_import.read_table(pending.text)
    form = _mapping_form(request, pending, table)
    if request.method == "POST" and form.is_valid():
        picked = _picked_tiers(request, pending, table)
        pending.mapping = form.mapping()
        pending.options = {**form.options(), "company_tiers": picked}
        pending.save(update_fields=["mapping", "options"])
    preview = csv_import.prepare_import(owner=request.user, csv_import=pending, table=table)
    context = {
        "pending": pending,
        "form": form,
        "tiers_form": NewCompanyTiersForm(companies=preview.new_companies),
        "preview": preview,
    }
    return render_page(
        request, "tracker/import_preview.html", context, partials=("import-preview",)
    )


def _picked_tiers(request: HttpRequest, pending: CsvImport, table) -> dict[str, str]:
    """The tiers picked on the preview the person was looking at: its list of new
    companies is the one made with the choices saved before this change."""
    shown = csv_import.new_companies(
        owner=request.user,
        table=table,
        mapping=pending.mapping,
        options=csv_import.Options.from_dict(pending.options),
    )
    tiers_form = NewCompanyTiersForm(request.POST, companies=shown)
    tiers_form.is_valid()  # a tier that is not one is left out, as if not picked
    return tiers_form.picked_tiers()


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_pending_import_for_user(request, pk)
    if request.POST.get("settings_key") != pending.settings_key:
        messages.error(request, csv_import_jobs.CHOICES_CHANGED)
        return redirect(pending)
    if len(csv_import.read_table(pending.text).rows) > settings.CSV_IMPORT_INLINE_ROWS:
        # Thousands of rows are checked and written by a worker; this page shows progress.
        if csv_import_jobs.queue(pending=pending):
            return redirect("tracker:import_progress", pending.pk)
        return redirect(pending)  # which says the queue is out of reach
    preview = csv_import.prepare_import(owner=request.user, csv_import=pending)
    try:
        created = services.finish_csv_import(csv_import=pending, preview=preview)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect(pending)
    messages.success(request, f"Imported {len(created)} applications from {pending.file_name}.")
    return redirect("tracker:application_list")


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far a worker has got with a large import; polled until it is done, then on to
    the applications (or back to the preview, which says what went wrong)."""
    upload = get_object_or_404(CsvImport, owner=request.user, pk=pk)
    if upload.imported_at is not None:
        messages.success(
            request, f"Imported {upload.imported_count} applications from {upload.file_name}."
        )
        return redirect_after_post(request, "tracker:application_list")
    if not upload.is_importing:
        return redirect_after_post(request, upload)
    context = {"pending": upload, "progress": rows_saved(upload.pk)}
    return render_page(
        request, "tracker/import_progress.html", context, partials=("import-progress",)
    )


@login_required
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_pending_import_for_user(request, pk)
    pending.delete()
    messages.success(request, f"Dropped {pending.file_name}; nothing was imported.")
    return redirect("tracker:data")
