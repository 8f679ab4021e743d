"""Sign-up and its confirmation; log-in, log-out, password change and reset are Django's
own views (see tracker.accounts.throttling.views)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from config.broker import publish
from config.mail import MAIL_QUEUE_DOWN, NOT_CONFIGURED
from tracker.accounts import signup as signups
from tracker.accounts.throttling import services as throttling
from tracker.accounts.throttling.views import RESETS_THROTTLED_MESSAGE
from tracker.forms import SignupForm, SignupResendForm
from tracker.tasks import send_signup_mail_task

SIGNUPS_THROTTLED_MESSAGE = "Too many accounts have been asked for from here. Try again in an hour."


def _signup_open() -> None:
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is closed on this server.")


def _queue_signup_mail(request: HttpRequest, email: str) -> bool:
    return publish(
        send_signup_mail_task,
        email=email,
        domain=request.get_host(),
        use_https=request.is_secure(),
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    _signup_open()
    if request.user.is_authenticated:
        return redirect("tracker:overview")
    form = SignupForm(request.POST or None)
    if request.method != "POST":
        return render(request, "registration/signup.html", {"form": form})
    # Refusals come before any address is looked at: they read the same for every address.
    if not settings.EMAIL_CONFIGURED:
        refusal, status = NOT_CONFIGURED, 503
    elif not throttling.take_signup(request=request):
        refusal, status = SIGNUPS_THROTTLED_MESSAGE, 429
    elif form.is_valid():
        # The same answer, after the same work, whether or not the address has an account.
        account = signups.request_signup(form)
        if _queue_signup_mail(request, form.cleaned_data["email"]):
            return redirect("signup_sent")
        signups.cancel_signup(account)
        refusal, status = MAIL_QUEUE_DOWN, 503
    else:
        return render(request, "registration/signup.html", {"form": form})
    form.is_valid()  # keeps what was typed on the page, with any errors
    form.add_error(None, refusal)
    return render(request, "registration/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    """ "Check your e-mail", with a way to have the link sent again."""
    _signup_open()
    form = SignupResendForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not settings.EMAIL_CONFIGURED:
            form.add_error(None, NOT_CONFIGURED)
            status = 503
        elif not throttling.take_password_reset(request=request, email=email):
            form.add_error(None, RESETS_THROTTLED_MESSAGE)
            status = 429
        elif not _queue_signup_mail(request, email):
            form.add_error(None, MAIL_QUEUE_DOWN)
            status = 503
        else:
            messages.info(
                request, "If that address is waiting for confirmation, a new link is on its way."
            )
            return redirect("signup_sent")
    return render(request, "registration/signup_sent.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A confirmation link opens a page with one button: mail scanners that follow links
    with GET neither open the account nor receive a session."""
    user = signups.account_to_confirm(uidb64, token)
    if user is None:
        return render(request, "registration/signup_confirm.html", {"valid": False}, status=400)
    if request.method == "POST":
        if signups.confirm_account(user):
            user.is_active = True
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your address is confirmed. Welcome to Reframe.")
            return redirect("tracker:overview")
        return redirect("login")
    return render(request, "registration/signup_confirm.html", {"valid": True, "account": user})
