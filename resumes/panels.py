"""The résumé app's section on an application's page (see tracker.panels)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from resumes.models import Posting, ResumeBuild
from tracker.models import Application


def application_resumes(request: HttpRequest, application: Application) -> SafeString:
    """The postings captured for the application and the résumés sent with it."""
    context = {
        "application": application,
        "postings": Posting.objects.filter(application=application),
        "sent_builds": ResumeBuild.objects.filter(sent_with=application)
        .select_related("posting")
        .defer(*ResumeBuild.LARGE_FIELDS),
    }
    # The template engine escapes what it renders and returns it marked safe.
    return render_to_string("resumes/includes/application_resumes.html", context, request)
