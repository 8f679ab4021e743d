"""Adding, editing, deleting and reordering entries in place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resumes import services
from resumes.access import get_entry_for_user
from resumes.forms import BulletForm, EntryForm
from resumes.models import Entry, EntryKind
from resumes.views.inventory import render_section
from tracker.rendering import redirect_after_post


def _render_card(request: HttpRequest, entry: Entry) -> HttpResponse:
    entry = Entry.objects.prefetch_related("bullets__skills").get(pk=entry.pk)
    return render(
        request,
        "resumes/inventory.html#entry-card",
        {"entry": entry, "bullet_form": BulletForm()},
    )


def _render_form(request: HttpRequest, form: EntryForm, entry: Entry | None) -> HttpResponse:
    template = "resumes/entry_form.html"
    if request.htmx:
        template += "#entry-form"
    return render(request, template, {"form": form, "entry": entry, "kind": form.kind})


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in EntryKind.values:
        raise Http404("No such section.")
    form = EntryForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        entry = services.save_entry(entry=form.instance)
        messages.success(request, f"Added “{entry.title}”. Now add its bullets, one fact each.")
        return redirect_after_post(request, entry.get_absolute_url())
    return _render_form(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    form = EntryForm(request.POST or None, instance=entry, kind=entry.kind)
    if request.method == "POST" and form.is_valid():
        services.save_entry(entry=form.instance)
        if request.htmx:
            return _render_card(request, entry)
        return redirect(entry)
    return _render_form(request, form, entry)


@login_required
@require_GET
def entry_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The entry as shown on the inventory page (what "Cancel" on an inline edit restores)."""
    return _render_card(request, get_entry_for_user(request, pk))


@login_required
@require_POST
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    title = entry.title
    entry.delete()
    if request.htmx:
        return HttpResponse("")
    messages.success(request, f"Deleted “{title}”.")
    return redirect("resumes:inventory")


@login_required
@require_POST
def entry_move(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    services.move_entry(entry=entry, direction=request.POST.get("direction", "up"))
    if request.htmx:
        return render_section(request, entry.kind)
    return redirect(entry)
