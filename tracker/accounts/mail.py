"""Mail about an account — password-reset links, sign-up confirmations — sent by a worker.

A web request only queues the address it was given. Whether an account uses that address
is looked up here, on the worker, so the page a person sees, and how long it takes to
answer, are the same for every address.
"""

from __future__ import annotations

import logging

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """Links that confirm a new account's e-mail address, valid as long as reset links.

    Its own salt keeps a reset link from confirming an account and the other way round;
    the account's active flag in the hash makes a link work once.
    """

    key_salt = "tracker.accounts.mail.SignupTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


signup_tokens = SignupTokenGenerator()


def send_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """A reset link to every active account using `email`; nothing to an unknown one."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


def send_signup_mail(*, email: str, domain: str, use_https: bool) -> None:
    """What someone signing up with `email` needs: a confirmation link for an account
    waiting to be confirmed, or, when an account already uses the address, a note saying
    so with the ways in. Nothing to an address no account uses."""
    for user in User.objects.filter(email__iexact=email):
        if user.is_active:
            _send(user, "registration/signup_existing_email.txt", domain, use_https)
        else:
            _send(user, "registration/signup_confirm_email.txt", domain, use_https)


def confirmation_path(user: User) -> str:
    return reverse(
        "signup_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": signup_tokens.make_token(user),
        },
    )


def _send(user: User, template: str, domain: str, use_https: bool) -> None:
    origin = f"{'https' if use_https else 'http'}://{domain}"
    context = {
        "user": user,
        "confirm_url": origin + confirmation_path(user),
        "login_url": origin + reverse("login"),
        "reset_url": origin + reverse("password_reset"),
    }
    subject = (
        "Confirm your Reframe account"
        if not user.is_active
        else "You already have a Reframe account"
    )
    EmailMessage(subject, render_to_string(template, context), to=[user.email]).send()
    logger.info("Sent %s to account %s", template.rsplit("/", 1)[-1], user.pk)
