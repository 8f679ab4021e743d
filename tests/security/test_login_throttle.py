"""Failed log-ins are limited per username and per client address, in the database.

Defaults: 20 failures per username per day, 20 per address per hour. A throttled attempt is
refused before the password is checked, says so in words that do not reveal whether the
account exists, and the password-reset link still gets the person back in.
"""

from __future__ import annotations

import datetime
import re
import threading

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from tracker.accounts.throttling import services
from tracker.accounts.throttling.forms import THROTTLED_MESSAGE
from tracker.models import TokenBucket

LOGIN = "/accounts/login/"


def _log_in(username: str, password: str, address: str = "198.51.100.7", client=None):
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return client, response


def _fail_from_many_addresses(username: str, times: int) -> None:
    # A distributed guesser: every failure from a new address, so only the account counts.
    for n in range(times):
        _log_in(username, f"wrong-{n}", address=f"203.0.113.{n + 1}")


def _page_text(response) -> str:
    # The page minus its per-request CSRF token and CSP nonce, to compare two answers.
    text = re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())
    return re.sub(r'nonce="[^"]*"', "", text)


def test_account_is_throttled_after_20_failures_even_with_the_right_password(alice):
    _fail_from_many_addresses("alice", 20)

    client, response = _log_in("alice", "alice-password-1", address="192.0.2.50")

    assert response.status_code == 429
    assert THROTTLED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nineteen_failures_still_let_the_owner_in(alice):
    _fail_from_many_addresses("alice", 19)

    client, response = _log_in("alice", "alice-password-1", address="192.0.2.50")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_throttled_answer_is_the_same_for_unknown_and_known_usernames(alice):
    _fail_from_many_addresses("alice", 20)
    _fail_from_many_addresses("nobody-here", 20)

    _, known = _log_in("alice", "a-guess", address="192.0.2.60")
    _, unknown = _log_in("nobody-here", "a-guess", address="192.0.2.61")

    assert (known.status_code, unknown.status_code) == (429, 429)
    assert _page_text(known).replace("alice", "X") == _page_text(unknown).replace(
        "nobody-here", "X"
    )


def test_username_letter_case_does_not_buy_more_attempts(alice):
    _fail_from_many_addresses("ALICE", 20)

    _, response = _log_in("alice", "alice-password-1", address="192.0.2.70")

    assert response.status_code == 429


def test_one_address_is_throttled_across_usernames(alice, bob):
    for n in range(20):
        _log_in(f"guess-{n}", "password", address="198.51.100.9")

    _, same_address = _log_in("bob", "bob-password-1", address="198.51.100.9")
    other_client, other_address = _log_in("bob", "bob-password-1", address="198.51.100.10")

    assert same_address.status_code == 429
    assert THROTTLED_MESSAGE in same_address.content.decode()
    assert other_address.status_code == 302
    assert other_client.session["_auth_user_id"] == str(bob.pk)


def test_ipv6_client_counts_as_its_slash_64(alice, bob):
    for n in range(20):
        _log_in(f"guess-{n}", "password", address=f"2001:db8:1:2::{n + 1:x}")

    _, response = _log_in("bob", "bob-password-1", address="2001:db8:1:2:ffff::1")

    assert response.status_code == 429


def test_successful_log_ins_do_not_count(alice):
    statuses = {_log_in("alice", "alice-password-1")[1].status_code for _ in range(30)}

    assert statuses == {302}


def test_address_refills_after_an_hour_and_account_after_a_day(alice):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for n in range(20):
            _log_in("alice", f"wrong-{n}", address="198.51.100.20")
        assert _log_in("bob", "x", address="198.51.100.20")[1].status_code == 429

    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        assert _log_in("bob", "x", address="198.51.100.20")[1].status_code == 200
        assert _log_in("alice", "alice-password-1", "192.0.2.1")[1].status_code == 429

    with time_machine.travel(start + datetime.timedelta(days=1), tick=False):
        assert _log_in("alice", "alice-password-1", "192.0.2.1")[1].status_code == 302


def test_password_reset_still_works_and_lifts_the_lockout(alice, tasks_run_in_process):
    _fail_from_many_addresses("alice", 25)
    client = Client()

    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset-long-passphrase", "new_password2": "reset-long-passphrase"},
        follow=True,
    )
    _, later = _log_in("alice", "reset-long-passphrase", address="192.0.2.80")

    assert "you are logged in" in done.content.decode()
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert later.status_code == 302


def test_buckets_live_in_the_database_without_usernames_or_addresses(alice):
    _log_in("alice", "wrong", address="198.51.100.33")

    keys = list(TokenBucket.objects.values_list("key", flat=True))

    assert len(keys) == 2
    assert not any("alice" in key or "198.51.100.33" in key for key in keys)


def test_admin_log_in_is_throttled_too(db):
    User.objects.create_superuser("root", "root@example.com", "root-password-1")
    _fail_from_many_addresses("root", 20)

    response = Client().post(
        "/admin/login/",
        {"username": "root", "password": "root-password-1"},
        REMOTE_ADDR="192.0.2.90",
    )

    assert response.status_code == 200
    assert THROTTLED_MESSAGE in response.content.decode()


def test_behind_a_proxy_the_address_is_the_last_forwarded_one(rf, settings):
    settings.BEHIND_PROXY = True
    request = rf.post(LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.44")

    assert services.client_network(request) == "198.51.100.44"


def test_without_a_proxy_forwarded_headers_are_ignored(rf, settings):
    settings.BEHIND_PROXY = False
    request = rf.post(LOGIN, REMOTE_ADDR="198.51.100.45", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert services.client_network(request) == "198.51.100.45"


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_never_overspend_a_bucket(rf):
    # 30 attempts at once on one username from 30 addresses: row locks let exactly 20 through.
    results: list[bool] = []

    def attempt(n: int) -> None:
        request = rf.post(LOGIN, REMOTE_ADDR=f"203.0.113.{n + 1}")
        try:
            results.append(services.take_login_attempt(request=request, username="carol"))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (results.count(True), results.count(False)) == (20, 10)
