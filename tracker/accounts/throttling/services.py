"""Throttling: token buckets in the database, per account, e-mail address or client.

Log-ins: a healthchecks-style token bucket (default 20 failures per username per day and 20
per address per hour). Each attempt takes a token from both buckets before the password is
checked and a successful one gives them back, so only failures count.

Sign-ups and password-reset requests spend a token per request: per client address (a
script creating accounts or sending mail in bulk), and for resets per e-mail address too
(nobody's inbox is flooded with reset links, whoever asks).

Buckets live in the database (not a per-process cache), so limits hold across gunicorn
workers and hosts.
"""

from __future__ import annotations

import datetime
import ipaddress

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Least
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tracker.models import Rate, TokenBucket

# A bucket untouched for longer than the longest period is full, the same as absent.
LONGEST_PERIOD = datetime.timedelta(days=1)


def _account_rate() -> Rate:
    return Rate(settings.LOGIN_FAILURES_PER_ACCOUNT_PER_DAY, datetime.timedelta(days=1))


def _address_rate() -> Rate:
    return Rate(settings.LOGIN_FAILURES_PER_ADDRESS_PER_HOUR, datetime.timedelta(hours=1))


def _key(purpose: str, value: str) -> str:
    return f"{purpose}:{salted_hmac('throttling', value, algorithm='sha256').hexdigest()}"


def _account_key(username: str) -> str:
    # Unknown and known usernames get the same treatment, so a lockout reveals nothing.
    return _key("login-account", username.strip().casefold())


def client_network(request: HttpRequest | None) -> str:
    """The client's address; an IPv6 client counts as its /64, which one host usually owns."""
    if request is None:
        return "unknown"
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        # The proxy appends the address it saw; anything left of it is the client's claim.
        address = forwarded.split(",")[-1].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _login_buckets(request: HttpRequest | None, username: str) -> list[tuple[str, Rate]]:
    return [
        (_account_key(username), _account_rate()),
        (_key("login-address", client_network(request)), _address_rate()),
    ]


def take_login_attempt(*, request: HttpRequest | None, username: str) -> bool:
    """Spend one token from the account's and the address's buckets, if both have one.

    Returns False, spending nothing, when either bucket is empty. Not idempotent: each call
    is one attempt.
    """
    return _take(_login_buckets(request, username))


def take_signup(*, request: HttpRequest) -> bool:
    """One sign-up attempt from this client's address; False when it has had its share."""
    rate = Rate(settings.SIGNUPS_PER_ADDRESS_PER_HOUR, datetime.timedelta(hours=1))
    return _take([(_key("signup-address", client_network(request)), rate)])


def take_password_reset(*, request: HttpRequest, email: str) -> bool:
    """One reset e-mail asked for, from this address, to that inbox; False when either has
    had its share. Counted whether or not an account has that e-mail: the answer must not
    tell."""
    hour, day = datetime.timedelta(hours=1), datetime.timedelta(days=1)
    buckets = [
        (
            _key("reset-address", client_network(request)),
            Rate(settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR, hour),
        ),
        (
            _key("reset-email", email.strip().casefold()),
            Rate(settings.PASSWORD_RESETS_PER_EMAIL_PER_DAY, day),
        ),
    ]
    return _take(buckets)


def _take(buckets: list[tuple[str, Rate]]) -> bool:
    """Spend one token from every bucket if each has one; otherwise spend nothing.

    Writes the bucket rows under row locks, taken in key order so that concurrent callers
    cannot deadlock, and may delete buckets idle for a day.
    """
    now = timezone.now()
    created_any = False
    with transaction.atomic():
        rows = []
        for key, rate in sorted(buckets):
            bucket, created = TokenBucket.objects.select_for_update().get_or_create(
                key=key, defaults={"tokens": float(rate.attempts), "updated_at": now}
            )
            bucket.refill(rate, now)
            rows.append(bucket)
            created_any |= created
        allowed = all(bucket.tokens >= 1 for bucket in rows)
        for bucket in rows:
            if allowed:
                bucket.tokens -= 1
            bucket.save()
    if created_any:
        # Outside the lock-holding transaction: idle buckets are full, so dropping them
        # changes nothing but the table's size.
        TokenBucket.objects.filter(updated_at__lt=now - LONGEST_PERIOD).delete()
    return allowed


def refund_login_attempt(*, request: HttpRequest | None, username: str) -> None:
    """Give back the tokens a successful attempt took. One UPDATE per bucket, capped."""
    for key, rate in _login_buckets(request, username):
        TokenBucket.objects.filter(key=key).update(
            tokens=Least(F("tokens") + 1, Value(float(rate.attempts)))
        )


def forget_account_failures(*, username: str) -> None:
    """Refill an account's bucket: its owner just proved who they are by e-mail."""
    TokenBucket.objects.filter(key=_account_key(username)).delete()
