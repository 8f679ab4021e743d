"""Sign-up; log-in, log-out, password change and reset are Django's own views."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tracker import services
from tracker.forms import SignupForm
from tracker.throttling import services as throttling

SIGNUPS_THROTTLED_MESSAGE = "Too many accounts have been asked for from here. Try again in an hour."


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is closed on this server.")
    if request.user.is_authenticated:
        return redirect("tracker:overview")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and not throttling.take_signup(request=request):
        form.is_valid()  # keeps what was typed on the page, with any errors
        form.add_error(None, SIGNUPS_THROTTLED_MESSAGE)
        return render(request, "registration/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        user = services.create_account(form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("tracker:overview")
    return render(request, "registration/signup.html", {"form": form})
