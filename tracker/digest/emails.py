"""E-mails as a triplet of templates (subject, text, HTML) rendered by one helper, and how
to tell an SMTP failure worth retrying from one that will fail the same way again.

`templates/emails/<name>_subject.txt`, `<name>.txt` and `<name>.html` share one context.
"""

from __future__ import annotations

import email.policy
import smtplib
from email.headerregistry import HeaderRegistry, UnstructuredHeader

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# RFC 5322's hard limit for a line; 78 is only a recommendation.
MAX_HEADER_LINE = 998


class TransientMailError(Exception):
    """The mail server could not take the message now (down, disconnected, 4xx): retry."""


class _ListHeader(UnstructuredHeader):
    """A header of <URI> items (List-Unsubscribe), folded only between items.

    Python's email package folds a long unbreakable header into RFC 2047 encoded words;
    inside List-Unsubscribe those break the addresses, and Gmail then ignores the
    header (python/cpython#85725). A URI never needs encoding, so it is written as is.
    """

    max_count = 1

    def fold(self, *, policy: email.policy.Policy) -> str:
        items = [item.strip() for item in str(self).split(",")]
        lines, line = [], f"{self.name}: {items[0]}"
        for item in items[1:]:
            if len(line) + len(item) + 2 > MAX_HEADER_LINE:
                lines.append(line + ",")
                line = f" {item}"
            else:
                line += f", {item}"
        lines.append(line)
        return policy.linesep.join(lines) + policy.linesep


_HEADERS = HeaderRegistry()
_HEADERS.map_to_type("list-unsubscribe", _ListHeader)
_HEADERS.map_to_type("list-unsubscribe-post", _ListHeader)


class ListEmail(EmailMultiAlternatives):
    """A multipart message whose List-* headers survive serialisation intact."""

    def message(self, *, policy: email.policy.Policy = email.policy.default):
        return super().message(policy=policy.clone(header_factory=_HEADERS))


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of the triplet `name`; the subject is one trimmed line."""
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    subject = " ".join(subject.split())
    text = render_to_string(f"emails/{name}.txt", context)
    html = render_to_string(f"emails/{name}.html", context)
    return subject, text, html


def build_email(
    name: str, context: dict, *, to: str, headers: dict[str, str] | None = None
) -> EmailMultiAlternatives:
    """A multipart message (text first, HTML alternative) from the triplet `name`."""
    subject, text, html = render_email(name, context)
    message = ListEmail(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def is_transient(error: BaseException) -> bool:
    """Whether sending again later may succeed.

    Transient: the server could not be reached or dropped the connection, answered 4xx
    (greylisting, a full queue), or refused the session itself (greeting, HELO,
    authentication: the operator's configuration, not this message). Permanent: a 5xx about this
    message — sender or recipient refused, content rejected — which would fail again.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    session = smtplib.SMTPConnectError | smtplib.SMTPHeloError | smtplib.SMTPAuthenticationError
    if isinstance(error, session):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500 or error.smtp_code < 0
    # SMTPServerDisconnected, SMTPNotSupportedError and plain socket errors: the server,
    # not the message.
    return isinstance(error, smtplib.SMTPException | OSError)


def describe(error: BaseException) -> str:
    """The failure in words a person (or support) can read on the log."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{address}: {code} {_text(reply)}"
            for address, (code, reply) in error.recipients.items()
        ]
        return "The mail server refused the address — " + "; ".join(parts)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"The mail server answered {error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
