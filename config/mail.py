"""The mail backend of a production server that has no mail server configured."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

NOT_CONFIGURED = (
    "This Reframe cannot send e-mail: its administrator has not set EMAIL_HOST. Nothing was sent."
)

# The worker that sends account mail could not be reached; nothing was sent.
MAIL_QUEUE_DOWN = (
    "The e-mail could not be sent just now: Reframe's mail queue is out of reach. Nothing "
    "was sent; try again in a few minutes."
)


class MailNotConfigured(ImproperlyConfigured):
    """Mail was asked for on a server that cannot send it."""


class UnconfiguredMailBackend(BaseEmailBackend):
    """Refuses every message, so nothing (a reset link least of all) lands in a log."""

    def send_messages(self, email_messages) -> int:
        if email_messages:
            raise MailNotConfigured(NOT_CONFIGURED)
        return 0
