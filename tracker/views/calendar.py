"""The calendar feed: a secret address that serves the person's calendar to calendar
programs, which cannot log in. The token opens that one read-only document and nothing
else: no session is created and no other view accepts it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from tracker import ical, services
from tracker.models import CalendarFeed


@require_GET
@cache_control(private=True, max_age=900)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feeds = CalendarFeed.objects.filter(owner__is_active=True).select_related("owner")
    feed = get_object_or_404(feeds, token=token)
    response = HttpResponse(
        ical.feed_calendar(feed.owner), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="reframe.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_POST
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """Turn the feed on, give it a new address, or turn it off."""
    action = request.POST.get("action")
    if action == "disable":
        services.disable_calendar_feed(owner=request.user)
        messages.success(request, "The calendar feed is off; its address no longer works.")
    elif action in ("enable", "regenerate"):
        services.enable_calendar_feed(owner=request.user)
        messages.success(
            request,
            "New feed address below. The old one has stopped working."
            if action == "regenerate"
            else "The calendar feed is on: subscribe to the address below.",
        )
    return redirect("tracker:this_week")
