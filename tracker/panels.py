"""Sections other apps add to an application's page, so the tracker never imports them.

An app registers a function (request, application) → HTML when Django starts (in its
AppConfig.ready); the application page renders whatever is registered, in that order.
The résumé app's panel (postings and the résumés sent) arrives this way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from tracker.models import Application

ApplicationPanel = Callable[[HttpRequest, Application], SafeString]

_application_panels: list[ApplicationPanel] = []


def register_application_panel(panel: ApplicationPanel) -> None:
    if panel not in _application_panels:
        _application_panels.append(panel)


def render_application_panels(request: HttpRequest, application: Application) -> list[SafeString]:
    return [panel(request, application) for panel in _application_panels]
