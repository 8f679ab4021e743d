"""Mail settings come from the environment: STARTTLS or implicit TLS, never both."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRINT_MAILER = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.MAILERS['default']))"
)


def _mailer(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_") and k != "DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", PRINT_MAILER],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_smtp_options_from_the_environment():
    result = _mailer(EMAIL_HOST="smtp.example.com", EMAIL_PORT="465", EMAIL_USE_SSL="true",
                     EMAIL_HOST_USER="maya", EMAIL_HOST_PASSWORD="secret")  # fmt: skip

    options = json.loads(result.stdout)["OPTIONS"]
    assert (options["host"], options["port"], options["use_ssl"], options["use_tls"]) == (
        "smtp.example.com", 465, True, False,
    )  # fmt: skip
    assert (options["username"], options["password"]) == ("maya", "secret")


@pytest.mark.slow
def test_without_a_host_mail_goes_to_the_console_only_while_debugging():
    debugging = _mailer(DEBUG="true")
    asked = _mailer(EMAIL_TO_CONSOLE="true")
    production = _mailer()

    assert json.loads(debugging.stdout)["BACKEND"].endswith("console.EmailBackend")
    assert json.loads(asked.stdout)["BACKEND"].endswith("console.EmailBackend")
    # DEBUG off and no mail server: refused, so no reset link is ever printed to a log
    assert json.loads(production.stdout)["BACKEND"] == "config.mail.UnconfiguredMailBackend"


def test_a_server_without_mail_refuses_to_send_and_says_why():
    from django.core.mail import EmailMessage

    from config.mail import MailNotConfigured, UnconfiguredMailBackend

    message = EmailMessage("Reset", "https://x/accounts/reset/token/", to=["a@example.com"])

    with pytest.raises(MailNotConfigured, match="has not set EMAIL_HOST"):
        UnconfiguredMailBackend().send_messages([message])


def test_tls_and_ssl_together_are_refused_with_a_reason():
    result = _mailer(EMAIL_HOST="smtp.example.com", EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")

    assert result.returncode != 0
    assert "not both" in result.stderr
