"""The inventory page: every section with its entries, bullets and skills.

A long section shows one page of entries at a time, with links to its other pages, so a
400-entry inventory is a page of bounded size. A section's hint still speaks of all of
its entries.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from resumes.completeness import section_hint
from resumes.forms import BasicsForm, BulletForm
from resumes.models import Basics, Bullet, Entry, EntryKind, Skill
from resumes.skill_usage import left_unused, skill_uses
from tracker.params import ascii_int
from tracker.rendering import redirect_after_post, render_page

SECTION_PAGE_SIZE = 10
USES_SHOWN = 3  # entries named beside each skill


def inventory_sections(request: HttpRequest) -> list[dict]:
    """Each section: its entry count, hint, page of entries and links to its other pages.

    The page of a section is `?<kind>_page=N`; `entry=<pk>` (in the query or a posted
    form) opens that entry's section on the page that holds it. Every entry is loaded
    for the counts and hints, with its bullets' ids only; the text and skills of bullets
    only for the entries shown.
    """
    bullet_ids = Prefetch("bullets", queryset=Bullet.objects.only("pk", "entry_id"))
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in EntryKind.values}
    for entry in Entry.objects.for_user(request.user).prefetch_related(bullet_ids):
        by_kind[entry.kind].append(entry)
    wanted = ascii_int(request.POST.get("entry") or request.GET.get("entry"))
    pages = {
        kind: Paginator(entries, SECTION_PAGE_SIZE).get_page(
            _page_number(request, kind, entries, wanted)
        )
        for kind, entries in by_kind.items()
    }
    shown = _entries_with_bullets(request, [e.pk for p in pages.values() for e in p])
    return [
        {
            "kind": kind,
            "label": label,
            "count": len(by_kind[kind]),
            "entries": [shown[entry.pk] for entry in pages[kind]],
            "page": pages[kind],
            "page_links": _page_links(request, kind, pages[kind]),
            "hint": section_hint(kind, by_kind[kind]),
        }
        for kind, label in EntryKind.choices
    ]


def _page_number(
    request: HttpRequest, kind: str, entries: list[Entry], wanted: int | None
) -> int | str | None:
    for index, entry in enumerate(entries):
        if entry.pk == wanted:
            return index // SECTION_PAGE_SIZE + 1
    return request.GET.get(f"{kind}_page")


def _entries_with_bullets(request: HttpRequest, pks: list[int]) -> dict[int, Entry]:
    entries = (
        Entry.objects.for_user(request.user)
        .filter(pk__in=pks)
        .prefetch_related(Prefetch("bullets", queryset=Bullet.objects.prefetch_related("skills")))
    )
    return {entry.pk: entry for entry in entries}


def _page_links(request: HttpRequest, kind: str, page: Page) -> list[tuple[int | str, str]]:
    """(label, address) for the pages of a long section, elided in the middle; the
    current page and the gaps have no address. Other sections keep their pages."""
    if not page.has_other_pages():
        return []
    query = request.GET.copy()
    query.pop("entry", None)
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        address = ""
        if number not in (page.number, page.paginator.ELLIPSIS):
            query[f"{kind}_page"] = str(number)
            address = f"?{query.urlencode()}#section-{kind}"
        links.append((number, address))
    return links


def render_section(request: HttpRequest, kind: str) -> HttpResponse:
    """One section of the inventory page, for htmx swaps after a reorder: on the page
    that holds the entry the posted form names."""
    section = next(s for s in inventory_sections(request) if s["kind"] == kind)
    context = {"section": section, "bullet_form": BulletForm()}
    return render(request, "resumes/inventory.html#inventory-section", context)


@login_required
@require_GET
def inventory(request: HttpRequest) -> HttpResponse:
    basics = Basics.objects.filter(owner=request.user).first() or Basics(owner=request.user)
    skills = list(Skill.objects.for_user(request.user).annotate(evidence=Count("bullets")))
    uses = skill_uses(request.user)
    for skill in skills:
        # A few entries each, so a skill on a hundred entries keeps the page short; its
        # own page lists every bullet.
        skill.uses = uses.get(skill.pk, [])[:USES_SHOWN]
        skill.more_uses = len(uses.get(skill.pk, [])) - len(skill.uses)
    # After a tag came off its last bullet without JavaScript: the offer to remove it.
    unused = [ascii_int(pk) for pk in request.GET.getlist("unused")]
    context = {
        "basics": basics,
        "sections": inventory_sections(request),
        "skills": skills,
        "unevidenced": [s for s in skills if not s.evidence],
        "skill_names": [s.name for s in skills],
        "bullet_form": BulletForm(),
        "unused_offer": {
            "entry": ascii_int(request.GET.get("entry")),
            "skills": left_unused(request.user, [pk for pk in unused if pk is not None]),
        },
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
