"""The home page: what needs doing next, and where the search stands."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.forms import QuickAddForm
from tracker.models import Application, Company, Stage, Tier
from tracker.rendering import render_page

UPCOMING_DAYS = 7


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    applications = Application.objects.for_user(request.user)
    today = timezone.localdate()
    due = (
        applications.active()
        .filter(next_action_on__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
        .select_related("company")
        .order_by("next_action_on", "pk")[:20]
    )
    stage_counts = dict(applications.values_list("stage").annotate(n=Count("pk")))
    tier_counts = dict(applications.active().values_list("company__tier").annotate(n=Count("pk")))
    context = {
        "today": today,
        "due": due,
        "stages": [(label, stage_counts.get(stage, 0)) for stage, label in Stage.choices],
        "tiers": [(label, tier_counts.get(tier, 0)) for tier, label in Tier.choices],
        "total": sum(stage_counts.values()),
        "quick_form": QuickAddForm(owner=request.user),
        "next": request.path,
        "company_names": Company.objects.for_user(request.user).values_list("name", flat=True),
    }
    return render_page(request, "tracker/overview.html", context)
