"""Django's log-in and password-reset views with throttling wired in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse, HttpResponseRedirect

from config.broker import publish
from config.mail import MAIL_QUEUE_DOWN, NOT_CONFIGURED
from tracker.accounts.throttling import services
from tracker.accounts.throttling.forms import ResetPasswordForm, ThrottledAuthenticationForm
from tracker.tasks import send_password_reset_task

RESETS_THROTTLED_MESSAGE = (
    "Too many reset e-mails have been asked for from here or to that address. Wait an "
    "hour before asking again; a link already sent stays valid for three days."
)


class ThrottledLoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            response.status_code = 429
        return response


login = ThrottledLoginView.as_view()
# A locked-out person who resets their password by e-mail is logged straight in: the
# reset path is the way past a lockout, whoever caused it.
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=ResetPasswordForm, post_reset_login=True
)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form) -> HttpResponse:
        if not settings.EMAIL_CONFIGURED:
            # Said before any account is looked up: the same for every address.
            form.add_error(None, NOT_CONFIGURED)
            response = self.form_invalid(form)
            response.status_code = 503
            return response
        email = form.cleaned_data["email"]
        if not services.take_password_reset(request=self.request, email=email):
            form.add_error(None, RESETS_THROTTLED_MESSAGE)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        # The worker looks the address up: this answer is the same for every address.
        sent = publish(
            send_password_reset_task,
            email=email,
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
        if not sent:
            form.add_error(None, MAIL_QUEUE_DOWN)
            response = self.form_invalid(form)
            response.status_code = 503
            return response
        return HttpResponseRedirect(self.get_success_url())


password_reset = ThrottledPasswordResetView.as_view()
