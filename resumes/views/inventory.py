"""The inventory page: every section with its entries, bullets and skills."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from resumes.completeness import section_hint
from resumes.forms import BasicsForm, BulletForm
from resumes.models import Basics, Bullet, Entry, EntryKind, Skill
from tracker.rendering import redirect_after_post, render_page


def inventory_sections(user) -> list[dict]:
    entries = Entry.objects.for_user(user).prefetch_related(
        Prefetch("bullets", queryset=Bullet.objects.prefetch_related("skills"))
    )
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in EntryKind.values}
    for entry in entries:
        by_kind[entry.kind].append(entry)
    return [
        {
            "kind": kind,
            "label": label,
            "entries": by_kind[kind],
            "hint": section_hint(kind, by_kind[kind]),
        }
        for kind, label in EntryKind.choices
    ]


def render_section(request: HttpRequest, kind: str) -> HttpResponse:
    """One section of the inventory page, for htmx swaps after a reorder."""
    section = next(s for s in inventory_sections(request.user) if s["kind"] == kind)
    context = {"section": section, "bullet_form": BulletForm()}
    return render(request, "resumes/inventory.html#inventory-section", context)


@login_required
@require_GET
def inventory(request: HttpRequest) -> HttpResponse:
    basics = Basics.objects.filter(owner=request.user).first() or Basics(owner=request.user)
    skills = Skill.objects.for_user(request.user).annotate(evidence=Count("bullets"))
    context = {
        "basics": basics,
        "sections": inventory_sections(request.user),
        "skills": skills,
        "unevidenced": [s for s in skills if not s.evidence],
        "skill_names": [s.name for s in skills],
        "bullet_form": BulletForm(),
    }
    return render_page(request, "resumes/inventory.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def basics_edit(request: HttpRequest) -> HttpResponse:
    basics = Basics.objects.filter(owner=request.user).first() or Basics(owner=request.user)
    form = BasicsForm(request.POST or None, instance=basics)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved your details.")
        return redirect_after_post(request, "resumes:inventory")
    return render_page(
        request, "resumes/basics_form.html", {"form": form}, partials=("basics-form",)
    )
