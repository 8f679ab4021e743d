"""The person's settings: their time zone, when the weekly digest arrives, and the
bookmarklet that saves a job from its own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tracker.accounts.preferences import preferences_for, save_preferences
from tracker.forms import PreferencesForm
from tracker.models import DigestLog
from tracker.rendering import render_page
from tracker.time_zones import zone_or_utc

RECENT_DIGESTS = 5


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    preferences = preferences_for(request.user)
    form = PreferencesForm(request.POST or None, instance=preferences)
    if request.method == "POST" and form.is_valid():
        preferences = save_preferences(preferences=form.save(commit=False))
        messages.success(request, "Settings saved.")
        if not request.htmx:
            return redirect("tracker:settings")
        # The rest of this response already speaks the new zone.
        timezone.activate(zone_or_utc(preferences.time_zone))
        form = PreferencesForm(instance=preferences)
    context = {
        "form": form,
        "next_digest_at": preferences.next_digest_at,
        "recent_digests": DigestLog.objects.filter(user=request.user)[:RECENT_DIGESTS],
        # Where the bookmarklet sends a job's page: this site's own address, in full.
        "clip_address": request.build_absolute_uri(reverse("tracker:clip")),
    }
    return render_page(request, "tracker/settings.html", context, partials=("settings-form",))
