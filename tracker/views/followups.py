"""“This week”: what is overdue and due, what has gone quiet, and one-click done, snooze
and mark-ghosted on each item."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tracker import services
from tracker.access import get_application_for_user, get_interview_for_user, get_referral_for_user
from tracker.followups import collect_week
from tracker.forms import FollowUpForm
from tracker.models import CalendarFeed, ReferralStage
from tracker.rendering import render_page

APPLICATION_ACTIONS = {
    "next_action": {"done", "snooze", "ghosted"},
    "stale": {"done", "snooze", "ghosted"},
}
REFERRAL_ACTIONS = {"referral": {"done", "snooze"}}
INTERVIEW_ACTIONS = {"prep": {"done"}, "thank_you": {"done"}, "after_interview": {"done"}}


def _render_week(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(owner=request.user).first()
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    context = {
        "week": collect_week(request.user),
        "feed": feed,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1] if feed else "",
    }
    return render_page(request, "tracker/this_week.html", context, partials=("this-week",))


@login_required
@require_GET
def this_week(request: HttpRequest) -> HttpResponse:
    return _render_week(request)


def _done(request: HttpRequest, message: str) -> HttpResponse:
    """Back to the list: the swapped region for htmx, the whole page otherwise."""
    messages.success(request, message)
    if request.htmx:
        return _render_week(request)
    return redirect("tracker:this_week")


def _invalid(request: HttpRequest, form: FollowUpForm) -> HttpResponse:
    messages.error(request, " ".join(form.non_field_errors()) or "Pick what to do with it.")
    return _render_week(request) if request.htmx else redirect("tracker:this_week")


def _until(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@login_required
@require_POST
def application_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    form = FollowUpForm(request.POST, allowed=APPLICATION_ACTIONS)
    if not form.is_valid():
        return _invalid(request, form)
    what, action, days = (form.cleaned_data[k] for k in ("what", "action", "days"))
    if action == "ghosted":
        services.mark_ghosted(application=application)
        return _done(request, f"Closed {application} as ghosted.")
    if action == "snooze" and what == "next_action":
        application.snooze_next_action(_until(days))
    elif action == "snooze":
        application.snooze_stale(_until(days))
    elif what == "next_action":
        application.finish_next_action()
    else:
        application.record_follow_up(timezone.localdate())
    verb = f"Snoozed until {_until(days):%a %-d %b}" if action == "snooze" else "Done"
    return _done(request, f"{verb}: {application}.")


@login_required
@require_POST
def referral_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request, pk)
    form = FollowUpForm(request.POST, allowed=REFERRAL_ACTIONS)
    if not form.is_valid():
        return _invalid(request, form)
    if form.cleaned_data["action"] == "snooze":
        referral.snooze(_until(form.cleaned_data["days"]))
        return _done(request, f"Snoozed until {referral.next_follow_up_on:%a %-d %b}.")
    was_to_ask = referral.stage == ReferralStage.TO_ASK
    services.record_referral_nudge(referral=referral, today=timezone.localdate())
    verb = "Asked" if was_to_ask else "Nudged"
    when = referral.next_follow_up_on
    later = f" Next reminder on {when:%a %-d %b}." if when else ""
    return _done(request, f"{verb} {referral.contact.name} about the referral.{later}")


@login_required
@require_POST
def interview_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_interview_for_user(request, pk)
    form = FollowUpForm(request.POST, allowed=INTERVIEW_ACTIONS)
    if not form.is_valid():
        return _invalid(request, form)
    if form.cleaned_data["what"] == "prep":
        interview.mark_prepared(timezone.localdate())
        return _done(request, f"Prepared for {interview.label}. Good luck!")
    if form.cleaned_data["what"] == "after_interview":
        # A follow-up restarts the application's clock, as one on a quiet application does.
        interview.application.record_follow_up(timezone.localdate())
        return _done(request, f"Followed up on {interview.application}.")
    interview.mark_thanked(timezone.localdate())
    return _done(request, f"Thank-you note for {interview.label} sent.")
