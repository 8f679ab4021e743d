"""Production settings pass Django's deployment checklist and send the hardening headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a real deployment sets: DEBUG off, a long random key, HTTPS, a real mail server
# (without one Django 6.1's mail.E001 rightly fails the check: resets could not be sent).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "k3Qv9pX2rT8wY4zA6bC1dE5fG7hJ0kL2mN4pQ6rS8tU0vW2xY4zA6bC8dE0fG2hJ",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "reframe.example.com",
    "SITE_URL": "https://reframe.example.com",
    "EMAIL_HOST": "smtp.example.com",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    cleared = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k not in {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**cleared, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_is_clean_on_the_sqlite_fallback(tmp_path):
    # The one-machine setup without DATABASE_URL: the only warning SQLite gives, that it
    # cannot carry a covering index's extra columns, is silenced on purpose (settings).
    sqlite = str(tmp_path / "check.sqlite3")
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", DATABASE_URL="", SQLITE_PATH=sqlite
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (3 silenced)." in result.stdout


def test_check_deploy_flags_plain_http_so_the_clean_run_means_something():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", HTTPS="false")

    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE
    assert "security.W004" in result.stderr  # HSTS


def test_https_response_carries_hsts_and_secure_cookies(alice, settings, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True

    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": "alice-password-1"},
        secure=True,
    )

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["csrftoken"]["secure"] is True
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_when_https_is_on(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/accounts/login/")
    health = client.get("/healthz")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"
    assert health.status_code in {200, 503}  # load balancers probe over plain HTTP
