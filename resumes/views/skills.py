"""Skills: the names tailoring matches against, each with the bullets that evidence it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from resumes.access import get_skill_for_user
from resumes.forms import SkillForm
from resumes.models import Entry, Skill
from tracker.params import ascii_int
from tracker.rendering import redirect_after_post


@login_required
@require_http_methods(["GET", "POST"])
def skill_create(request: HttpRequest) -> HttpResponse:
    form = SkillForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        form.instance.order = Skill.objects.for_user(request.user).count()
        form.save()
        messages.success(request, f"Added the skill “{form.instance.name}”.")
        return redirect_after_post(request, "resumes:inventory")
    return _render_form(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def skill_edit(request: HttpRequest, pk: int) -> HttpResponse:
    skill = get_skill_for_user(request, pk)
    form = SkillForm(request.POST or None, instance=skill, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect_after_post(request, "resumes:inventory")
    return _render_form(request, form, skill)


def _render_form(request: HttpRequest, form: SkillForm, skill: Skill | None) -> HttpResponse:
    template = "resumes/skill_form.html"
    if request.htmx:
        template += "#skill-form"
    # The bullets that are evidence of it, so the person sees what an edit or a removal
    # touches.
    bullets = (
        skill.bullets.select_related("entry").order_by(
            "entry__kind", "entry__order", "entry_id", "order", "pk"
        )
        if skill
        else []
    )
    return render(request, template, {"form": form, "skill": skill, "bullets": bullets})


@login_required
@require_POST
def skill_delete(request: HttpRequest, pk: int) -> HttpResponse:
    skill = get_skill_for_user(request, pk)
    # Removed from an entry's offer: back to that entry, if it is the person's.
    entry = (
        Entry.objects.for_user(request.user).filter(pk=ascii_int(request.POST.get("entry"))).first()
    )
    skill.delete()
    messages.success(request, f"Removed the skill “{skill.name}” and its tags on bullets.")
    return redirect(entry or "resumes:inventory")
