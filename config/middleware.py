"""Request and response rules for every view: a cap on request bodies, applied before any
view or form reads them, and no caching of personal responses."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body exceeds `MAX_REQUEST_BODY_BYTES` with a 413 page.

    Django caps form fields (`DATA_UPLOAD_MAX_MEMORY_SIZE`) but streams any size of file
    upload to disk; this refuses the request from its Content-Length alone, so nothing of
    the body is read. Under WSGI a body without Content-Length reaches Django as empty.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.MAX_REQUEST_BODY_BYTES:
            limit_mb = settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)
            return render(request, "413.html", {"limit_mb": limit_mb}, status=413)
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person and on
    every file download.

    Pages, exports and résumés hold personal data: no shared proxy may keep them, and the
    browser must not store them either — Back then asks the server again instead of
    showing a stored htmx fragment, and a shared computer keeps no copy after log-out.
    A view that sets its own Cache-Control keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").startswith("attachment")
        if (signed_in or download) and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response


class HtmxVaryMiddleware:
    """`Vary: HX-Request, HX-Target` on every response: one address answers a whole page or,
    to htmx, a fragment of it, and no cache may hand the fragment to Back or a new tab."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response
