"""The dashboard: funnels, response times and interview pass rates, with charts drawn
on the server as SVG."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker import charts
from tracker.dashboard import MIN_SAMPLE, Dashboard, load_dashboard
from tracker.rendering import render_page
from tracker.what_works import load_what_works


def _charts(dashboard: Dashboard) -> dict:
    funnel = [
        (label, rate.count, f"{rate.count} ({rate.percent}%)" if rate.shown else str(rate.count))
        for label, rate in dashboard.funnel_stages
    ]
    weeks = [(monday.strftime("%-d %b"), count) for monday, count in dashboard.per_week]
    return {
        "funnel_chart": charts.horizontal_bars(funnel),
        "weekly_chart": charts.vertical_bars(weeks),
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    numbers = load_dashboard(request.user, today=timezone.localdate())
    context = {
        "dashboard": numbers,
        "min_sample": MIN_SAMPLE,
        "what_works": load_what_works(request.user, sent=numbers.applied),
        "interview_hours": numbers.interview_hours,
        **_charts(numbers),
    }
    return render_page(request, "tracker/dashboard.html", context)
