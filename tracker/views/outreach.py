"""The messages around one interview: the thank-you after it, and the follow-up when it
goes unanswered (see tracker.outreach), ready to edit, copy or open as an e-mail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.access import get_interview_for_user
from tracker.outreach import (
    after_interview_draft,
    interviewer_addresses,
    sender_name,
    thank_you_draft,
)


@login_required
@require_GET
def interview_messages(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_interview_for_user(request, pk)
    sender = sender_name(request.user)
    to = interviewer_addresses(request.user, interview)
    # A take-home or an online assessment has nobody to thank and nobody to chase.
    attended = interview.needs_thank_you
    context = {
        "interview": interview,
        "application": interview.application,
        "ahead": interview.scheduled_at is None or interview.scheduled_at > timezone.now(),
        "thank_you": thank_you_draft(interview, sender=sender, to=to) if attended else None,
        "follow_up": after_interview_draft(interview, sender=sender, to=to) if attended else None,
    }
    return render(request, "tracker/interview_messages.html", context)
