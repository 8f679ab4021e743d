"""The person's settings: their time zone, when the weekly digest arrives, their work
authorisation (each its own form on the one page), and the bookmarklet that saves a job
from its own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tracker.accounts.preferences import (
    preferences_for,
    save_preferences,
    save_work_authorisation,
)
from tracker.forms import PreferencesForm, WorkAuthorisationForm
from tracker.models import DigestLog, Preferences
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
    return _render_settings(request, preferences, form=form)


@login_required
@require_POST
def work_authorisation(request: HttpRequest) -> HttpResponse:
    preferences = preferences_for(request.user)
    work_form = WorkAuthorisationForm(request.POST, instance=preferences)
    if work_form.is_valid():
        save_work_authorisation(preferences=work_form.save(commit=False))
        messages.success(request, "Work authorisation saved.")
        if not request.htmx:
            return redirect("tracker:settings")
        work_form = WorkAuthorisationForm(instance=preferences)
    return _render_settings(request, preferences, work_form=work_form)


def _render_settings(
    request: HttpRequest,
    preferences: Preferences,
    *,
    form: PreferencesForm | None = None,
    work_form: WorkAuthorisationForm | None = None,
) -> HttpResponse:
    context = {
        "form": form or PreferencesForm(instance=preferences),
        "work_form": work_form or WorkAuthorisationForm(instance=preferences),
        "next_digest_at": preferences.next_digest_at,
        "recent_digests": DigestLog.objects.filter(user=request.user)[:RECENT_DIGESTS],
        # Where the bookmarklet sends a job's page: this site's own address, in full.
        "clip_address": request.build_absolute_uri(reverse("tracker:clip")),
    }
    return render_page(
        request,
        "tracker/settings.html",
        context,
        partials=("settings-form", "work-authorisation-form"),
    )
