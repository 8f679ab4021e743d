"""An application's interview prep page: the rounds still ahead, each with its kind's
checklist, and what other apps add (the résumé app: the bullets of the résumé sent, with
their evidence and the person's notes) through `tracker.panels`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.access import get_application_for_user
from tracker.models import Interview
from tracker.panels import render_interview_prep_panels
from tracker.prep_checklists import checklist_for
from tracker.rendering import render_page


@dataclass(frozen=True)
class RoundAhead:
    interview: Interview
    checklist: tuple[str, ...]


@login_required
@require_GET
def interview_prep(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    rounds = application.interviews.upcoming(now=timezone.now())
    context = {
        "application": application,
        "rounds": [RoundAhead(interview, checklist_for(interview.kind)) for interview in rounds],
        "panels": render_interview_prep_panels(request, application),
    }
    return render_page(request, "tracker/interview_prep.html", context)
