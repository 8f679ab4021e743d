"""Bullets: one fact each, added, edited, tagged with skills and reordered in place.

A skill taken off its last bullet (by an edit or a deletion) stays in the inventory, and
the entry's card offers to remove it: the tag may have been a slip, the skill may be one
the person lists anyway.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from resumes import services
from resumes.access import get_bullet_for_user, get_entry_for_user
from resumes.forms import BulletForm
from resumes.models import Bullet, Entry, Skill
from resumes.skill_usage import left_unused


def _render_entry(
    request: HttpRequest,
    entry: Entry,
    bullet_form: BulletForm | None = None,
    unused: list[Skill] | None = None,
):
    entry = Entry.objects.prefetch_related("bullets__skills").get(pk=entry.pk)
    context = {
        "entry": entry,
        "bullet_form": bullet_form or BulletForm(),
        "unused_offer": {"entry": entry.pk, "skills": unused or []},
    }
    return render(request, "resumes/inventory.html#entry-card", context)


def _after_change(request: HttpRequest, entry: Entry, unused: list[Skill]) -> HttpResponse:
    """The entry's card again (htmx), or the inventory page at the entry; either offers
    to remove the skills no bullet shows any more."""
    if request.htmx:
        return _render_entry(request, entry, unused=unused)
    if not unused:
        return redirect(entry)
    query = urlencode([("entry", entry.pk), *(("unused", skill.pk) for skill in unused)])
    return redirect(f"{reverse('resumes:inventory')}?{query}#entry-{entry.pk}")


@login_required
@require_POST
def bullet_create(request: HttpRequest, entry_pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, entry_pk)
    form = BulletForm(request.POST, instance=Bullet(entry=entry))
    if form.is_valid():
        services.save_bullet(bullet=form.instance, skill_names=form.cleaned_data["skill_names"])
        form = None
    if request.htmx:
        return _render_entry(request, entry, form)
    if form is not None:
        return render(request, "resumes/bullet_form.html", {"form": form, "entry": entry})
    return redirect(entry)


@login_required
@require_http_methods(["GET", "POST"])
def bullet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bullet = get_bullet_for_user(request, pk)
    form = BulletForm(request.POST or None, instance=bullet)
    if request.method == "POST" and form.is_valid():
        tagged = list(bullet.skills.values_list("pk", flat=True))
        services.save_bullet(bullet=form.instance, skill_names=form.cleaned_data["skill_names"])
        return _after_change(request, bullet.entry, left_unused(request.user, tagged))
    template = "resumes/bullet_form.html"
    if request.htmx:
        template += "#bullet-form"
    context = {
        "form": form,
        "bullet": bullet,
        "entry": bullet.entry,
        "skill_names": Skill.objects.for_user(request.user).values_list("name", flat=True),
    }
    return render(request, template, context)


@login_required
@require_POST
def bullet_delete(request: HttpRequest, pk: int) -> HttpResponse:
    bullet = get_bullet_for_user(request, pk)
    entry = bullet.entry
    tagged = list(bullet.skills.values_list("pk", flat=True))
    bullet.delete()
    return _after_change(request, entry, left_unused(request.user, tagged))


@login_required
@require_POST
def bullet_move(request: HttpRequest, pk: int) -> HttpResponse:
    bullet = get_bullet_for_user(request, pk)
    services.move_bullet(bullet=bullet, direction=request.POST.get("direction", "up"))
    if request.htmx:
        return _render_entry(request, bullet.entry)
    return redirect(bullet.entry)
