import re

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from tracker.models import Preferences


def test_signup_creates_account_logs_in_and_keeps_time_zone(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "carol@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "time_zone": "Asia/Tokyo",
        },
    )

    user = User.objects.get(username="carol")
    assert response.status_code == 302
    assert Preferences.objects.get(user=user).time_zone == "Asia/Tokyo"
    assert client.get(reverse("tracker:overview")).status_code == 200


def test_signup_unknown_time_zone_falls_back_to_utc(client, db):
    client.post(
        reverse("signup"),
        {
            "username": "dan",
            "email": "dan@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "time_zone": "Mars/Olympus",
        },
    )

    assert Preferences.objects.get(user__username="dan").time_zone == "UTC"


def test_signup_rejects_duplicate_email_and_keeps_input(client, alice):
    response = client.post(
        reverse("signup"),
        {
            "username": "alice2",
            "email": "ALICE@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert "An account already uses this e-mail address." in response.content.decode()
    assert 'value="alice2"' in response.content.decode()
    assert not User.objects.filter(username="alice2").exists()


def test_signup_can_be_turned_off(client, db, settings):
    settings.SIGNUP_ENABLED = False

    assert client.get(reverse("signup")).status_code == 404
    assert "Create an account" not in client.get(reverse("login")).content.decode()


def test_login_and_logout(client, alice):
    logged_in = client.post(reverse("login"), {"username": "alice", "password": "alice-password-1"})
    logged_out = client.post(reverse("logout"))

    assert logged_in["Location"] == reverse("tracker:overview")
    assert logged_out.status_code == 302
    assert client.get(reverse("tracker:overview")).status_code == 302


def test_login_wrong_password_shows_error(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_password_change(alice_client, alice):
    response = alice_client.post(
        reverse("password_change"),
        {
            "old_password": "alice-password-1",
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )

    alice.refresh_from_db()
    assert response.status_code == 302
    assert alice.check_password("another-long-passphrase")


def test_password_reset_by_email_round_trip(client, alice):
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset-long-passphrase", "new_password2": "reset-long-passphrase"},
    )

    alice.refresh_from_db()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your Reframe password"
    assert done.status_code == 302
    assert alice.check_password("reset-long-passphrase")


def test_password_reset_unknown_email_looks_the_same(client, alice):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_on_a_server_without_mail_says_so_for_every_address(client, alice, settings):
    settings.EMAIL_CONFIGURED = False

    known = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    for response in (known, unknown):
        assert response.status_code == 503
        assert "has not set EMAIL_HOST" in response.content.decode()
    assert mail.outbox == []


def test_digests_on_a_server_without_mail_claim_nobody(alice, settings):
    from tracker.services import send_due_digests

    settings.EMAIL_CONFIGURED = False

    assert send_due_digests() == {}
    assert mail.outbox == []
