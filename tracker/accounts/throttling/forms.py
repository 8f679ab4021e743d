"""The log-in forms, throttled; the password-reset form, which lifts an account's lockout."""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError

from tracker.accounts.throttling import services

# The same words whether or not the account exists, and a way out that always works.
THROTTLED_MESSAGE = (
    "Too many failed attempts to log in. Wait an hour or two before trying again, "
    "or reset your password: that works at once."
)


class ThrottledLoginMixin:
    """Checks the buckets before the password: a throttled attempt never reaches it."""

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        if not services.take_login_attempt(request=self.request, username=username):
            raise ValidationError(THROTTLED_MESSAGE, code="throttled")
        cleaned = super().clean()  # a wrong password raises here and keeps its token spent
        services.refund_login_attempt(request=self.request, username=username)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ResetPasswordForm(SetPasswordForm):
    """Setting a password through an e-mailed link also clears that account's failures."""

    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        services.forget_account_failures(username=user.get_username())
        return user
