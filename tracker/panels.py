"""Sections other apps add to the tracker's pages, so the tracker never imports them.

An app registers a function (request, application) → HTML when Django starts (in its
AppConfig.ready); the page renders whatever is registered, in that order. Two pages take
them: the application page (the résumé app's postings and the résumés sent) and the
application's interview prep page (each bullet of the résumé sent, with its evidence and
the person's note on how to tell it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from tracker.models import Application

ApplicationPanel = Callable[[HttpRequest, Application], SafeString]

_application_panels: list[ApplicationPanel] = []
_interview_prep_panels: list[ApplicationPanel] = []


def register_application_panel(panel: ApplicationPanel) -> None:
    if panel not in _application_panels:
        _application_panels.append(panel)


def render_application_panels(request: HttpRequest, application: Application) -> list[SafeString]:
    return [panel(request, application) for panel in _application_panels]


def register_interview_prep_panel(panel: ApplicationPanel) -> None:
    if panel not in _interview_prep_panels:
        _interview_prep_panels.append(panel)


def render_interview_prep_panels(
    request: HttpRequest, application: Application
) -> list[SafeString]:
    return [panel(request, application) for panel in _interview_prep_panels]
