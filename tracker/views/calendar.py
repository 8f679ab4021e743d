"""The calendar feed: a secret address that serves the person's calendar to calendar
programs, which cannot log in. The token opens that one read-only document and nothing
else: no session is created and no other view accepts it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from tracker import ical, services
from tracker.models import CalendarFeed


@require_GET
@cache_control(private=True, max_age=900)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed, or 304 when the calendar program holds this version already."""
    feeds = CalendarFeed.objects.filter(owner__is_active=True).select_related("owner")
    feed = get_object_or_404(feeds, token=token)
    now = timezone.now()
    etag = ical.feed_etag(feed.owner, now=now)
    built = ical.cached_feed(feed, etag)
    last_modified = built.built_at.timestamp() if built else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return _with_version(not_modified, etag, built)
    built = built or ical.build_feed(feed, etag, now=now)
    response = HttpResponse(built.body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reframe.ics"'
    return _with_version(response, etag, built)


def _with_version(response: HttpResponse, etag: str, built: ical.BuiltFeed | None) -> HttpResponse:
    response["ETag"] = etag
    if built is not None:
        response["Last-Modified"] = http_date(built.built_at.timestamp())
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
