"""Sign-up that does not tell whether an e-mail address already has an account.

Every valid sign-up is answered "check your e-mail". A new address gets an account that
waits, inactive, until the link sent to it is opened; an address already in use gets no
new account, and its owner an e-mail saying someone tried. Both paths hash the password
and queue one task, so neither the page nor its timing tells them apart.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode

from tracker.accounts.mail import signup_tokens
from tracker.forms import SignupForm
from tracker.models import Preferences


@transaction.atomic
def request_signup(form: SignupForm) -> User | None:
    """Open an account waiting for confirmation, unless the address is taken; the new
    account, or None."""
    if User.objects.filter(email__iexact=form.cleaned_data["email"]).exists():
        form.save(commit=False)  # hashes the password all the same
        return None
    return create_account(form, active=False)


def cancel_signup(user: User | None) -> None:
    """Undo `request_signup` when its e-mail could not be queued, so asking again works."""
    if user is not None:
        User.objects.filter(pk=user.pk, is_active=False, last_login__isnull=True).delete()


def account_to_confirm(uidb64: str, token: str) -> User | None:
    """The account a confirmation link names, if the link is genuine and still unused."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode("ascii"))
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=False).first()
    if user is None or not signup_tokens.check_token(user, token):
        return None
    return user


def confirm_account(user: User) -> bool:
    """Open the account; False when another request already did."""
    return bool(User.objects.filter(pk=user.pk, is_active=False).update(is_active=True))


def remove_unconfirmed_accounts(*, now: datetime.datetime | None = None) -> int:
    """Delete accounts whose confirmation link has expired unopened; how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    expired = User.objects.filter(is_active=False, last_login__isnull=True, date_joined__lt=cutoff)
    return expired.delete()[1].get("auth.User", 0)


@transaction.atomic
def create_account(form: SignupForm, *, active: bool = True) -> User:
    """Save a valid sign-up form and the new person's preferences, with the weekly digest
    scheduled for its next slot (never sent at once). An account made inactive waits for
    its e-mail address to be confirmed."""
    user = form.save(commit=False)
    user.is_active = active
    user.save()
    preferences = Preferences(user=user, time_zone=form.cleaned_data["time_zone"])
    preferences.schedule_digest(now=timezone.now())
    preferences.save()
    return user
