"""Sign-ups are limited per client address, password-reset e-mails per address and per
inbox: a script cannot create accounts in bulk or flood someone's inbox with reset links.

Defaults: 10 sign-ups per address per hour; 10 reset e-mails per address per hour and 5 per
e-mail address per day. The limits answer 429 with the form and what was typed.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tracker.accounts.throttling.views import RESETS_THROTTLED_MESSAGE
from tracker.views.accounts import SIGNUPS_THROTTLED_MESSAGE

# The mail a request queues is sent at once, here, so it can be counted.
pytestmark = pytest.mark.usefixtures("tasks_run_in_process")

SIGNUP = "/accounts/signup/"
RESET = "/accounts/password_reset/"


def _sign_up(n: int, address: str = "198.51.100.7"):
    return Client().post(
        SIGNUP,
        {
            "username": f"person{n}",
            "email": f"person{n}@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
        REMOTE_ADDR=address,
    )


def _ask_reset(email: str, address: str = "198.51.100.7"):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_the_eleventh_sign_up_from_one_address_in_an_hour_is_refused(db):
    answers = [_sign_up(n).status_code for n in range(10)]

    refused = _sign_up(10)

    assert answers == [302] * 10
    assert refused.status_code == 429
    page = refused.content.decode()
    assert SIGNUPS_THROTTLED_MESSAGE in page
    assert 'value="person10"' in page  # what was typed stays on the page
    assert not User.objects.filter(username="person10").exists()
    assert _sign_up(11, address="192.0.2.99").status_code == 302  # another client is fine


def test_sign_ups_come_back_as_the_hour_passes(db):
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC)) as clock:
        for n in range(10):
            _sign_up(n)
        assert _sign_up(10).status_code == 429
        clock.shift(datetime.timedelta(minutes=7))  # a tenth of the hour: one sign-up back

        assert _sign_up(11).status_code == 302
        assert _sign_up(12).status_code == 429


def test_one_inbox_gets_at_most_five_reset_emails_a_day_whoever_asks(alice):
    answers = [_ask_reset(alice.email, address=f"203.0.113.{n}").status_code for n in range(5)]

    refused = _ask_reset(alice.email, address="203.0.113.99")

    assert answers == [302] * 5
    assert refused.status_code == 429
    assert RESETS_THROTTLED_MESSAGE in refused.content.decode()
    assert len(mail.outbox) == 5


def test_one_address_asks_for_at_most_ten_reset_emails_an_hour(alice):
    for n in range(10):
        assert _ask_reset(f"someone{n}@example.com").status_code == 302

    assert _ask_reset(alice.email).status_code == 429
    assert len(mail.outbox) == 0  # none of the ten had an account; alice's was refused


def test_a_throttled_reset_says_the_same_for_known_and_unknown_inboxes(alice):
    for n in range(5):
        _ask_reset(alice.email, address=f"203.0.113.{n}")
        _ask_reset("nobody@example.com", address=f"203.0.113.{n}")

    known = _ask_reset(alice.email, address="192.0.2.1")
    unknown = _ask_reset("nobody@example.com", address="192.0.2.2")

    assert (known.status_code, unknown.status_code) == (429, 429)
    assert RESETS_THROTTLED_MESSAGE in known.content.decode()
    assert RESETS_THROTTLED_MESSAGE in unknown.content.decode()
