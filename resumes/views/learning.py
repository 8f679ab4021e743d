"""What to learn next: the real gaps across the person's postings, and what their sent
résumés left out that the inventory supports (see resumes.skill_gaps)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from resumes.skill_gaps import NO_TIER, collect_skill_gaps
from tracker.models import Tier


@login_required
@require_GET
def skill_gaps(request: HttpRequest) -> HttpResponse:
    tier = request.GET.get("tier", "")
    tier = tier if tier in (*Tier.values, NO_TIER) else ""
    context = {"page": collect_skill_gaps(cast(User, request.user), tier=tier)}
    return render(request, "resumes/skill_gaps.html", context)
