"""Mail settings come from the environment: STARTTLS or implicit TLS, never both."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRINT_MAILER = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.MAILERS['default']))"
)


def _mailer(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
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


def test_without_a_host_mail_goes_to_the_console():
    result = _mailer()

    assert json.loads(result.stdout)["BACKEND"].endswith("console.EmailBackend")


def test_tls_and_ssl_together_are_refused_with_a_reason():
    result = _mailer(EMAIL_HOST="smtp.example.com", EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")

    assert result.returncode != 0
    assert "not both" in result.stderr
