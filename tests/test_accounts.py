import re

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from tracker.models import Preferences

SIGNUP = {
    "username": "carol",
    "email": "carol@example.com",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def _link(message, path_prefix: str) -> str:
    return re.search(rf"https?://[^/]+({path_prefix}\S+)", message.body).group(1)


def test_signup_waits_for_the_emailed_link_then_logs_in_and_keeps_time_zone(
    client, db, tasks_run_in_process
):
    response = client.post(reverse("signup"), {**SIGNUP, "time_zone": "Asia/Tokyo"})
    user = User.objects.get(username="carol")
    before = client.get(reverse("tracker:overview"))
    link = _link(mail.outbox[0], "/accounts/signup/confirm/")
    confirm_page = client.get(link)
    user.refresh_from_db()
    assert not user.is_active  # opening the link (as a mail scanner would) opens nothing
    confirmed = client.post(link)
    again = client.post(link)

    user.refresh_from_db()
    assert response["Location"] == reverse("signup_sent")
    assert before.status_code == 302  # not logged in before confirming
    assert mail.outbox[0].to == ["carol@example.com"]
    assert "Confirm and log in" in confirm_page.content.decode()
    assert confirmed["Location"] == reverse("tracker:overview")
    assert user.is_active
    assert Preferences.objects.get(user=user).time_zone == "Asia/Tokyo"
    assert client.get(reverse("tracker:overview")).status_code == 200
    assert again.status_code == 400  # the link works once


def test_an_unconfirmed_account_cannot_log_in(client, db, tasks_run_in_process):
    client.post(reverse("signup"), SIGNUP)

    response = client.post(reverse("login"), {"username": "carol", "password": SIGNUP["password1"]})

    assert response.status_code == 200
    assert "Open the link we e-mailed you first" in response.content.decode()


def test_a_reset_link_does_not_confirm_an_account_nor_the_other_way_round(
    client, db, tasks_run_in_process
):
    client.post(reverse("signup"), SIGNUP)
    confirm = _link(mail.outbox[0], "/accounts/signup/confirm/")
    uid, token = confirm.rstrip("/").split("/")[-2:]

    forged = client.post(reverse("signup_confirm", args=[uid, "a" + token[1:]]))
    reset_shaped = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)

    assert forged.status_code == 400
    assert "This reset link is invalid" in reset_shaped.content.decode()
    assert not User.objects.get(username="carol").is_active


def test_signup_unknown_time_zone_falls_back_to_utc(client, db, tasks_run_in_process):
    client.post(reverse("signup"), {**SIGNUP, "time_zone": "Mars/Olympus"})

    assert Preferences.objects.get(user__username="carol").time_zone == "UTC"


def test_signup_with_a_registered_email_answers_as_for_a_new_one(
    client, alice, tasks_run_in_process
):
    new = client.post(reverse("signup"), SIGNUP)
    taken = client.post(
        reverse("signup"), {**SIGNUP, "username": "alice2", "email": "ALICE@example.com"}
    )

    # The same page for both; the owner of the address is told by e-mail, not the visitor.
    assert (new.status_code, new["Location"]) == (taken.status_code, taken["Location"])
    assert not User.objects.filter(username="alice2").exists()
    assert [m.to for m in mail.outbox] == [["carol@example.com"], ["alice@example.com"]]
    assert "already uses" in mail.outbox[1].body
    assert '"alice"' in mail.outbox[1].body
    assert "/accounts/password_reset/" in mail.outbox[1].body


def test_signup_does_the_same_reads_for_a_registered_email(client, alice, monkeypatch):
    """The answer's timing must not tell: both paths hash the password, read the same rows
    and queue one task; only a new account's own rows are written."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.tasks import send_signup_mail_task

    queued = []
    monkeypatch.setattr(
        send_signup_mail_task, "apply_async", lambda **kw: queued.append(kw["kwargs"])
    )

    def reads(data: dict) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            client.post(reverse("signup"), data)
        return [q["sql"] for q in captured if q["sql"].startswith("SELECT")]

    new = reads(SIGNUP)
    taken = reads({**SIGNUP, "username": "alice2", "email": "alice@example.com"})

    assert len(new) == len(taken)
    assert [q["email"] for q in queued] == ["carol@example.com", "alice@example.com"]
    assert mail.outbox == []


def test_the_confirmation_link_can_be_sent_again(client, db, tasks_run_in_process):
    client.post(reverse("signup"), SIGNUP)
    resent = client.post(reverse("signup_sent"), {"email": "CAROL@example.com"})
    unknown = client.post(reverse("signup_sent"), {"email": "nobody@example.com"})

    assert resent["Location"] == unknown["Location"] == reverse("signup_sent")
    assert [m.to for m in mail.outbox] == [["carol@example.com"]] * 2
    assert _link(mail.outbox[1], "/accounts/signup/confirm/")


def test_signup_on_a_server_without_mail_says_so_and_opens_nothing(client, db, settings):
    settings.EMAIL_CONFIGURED = False

    response = client.post(reverse("signup"), SIGNUP)

    assert response.status_code == 503
    assert "has not set EMAIL_HOST" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_the_mail_queue_down_says_so_and_can_be_tried_again(client, db, monkeypatch):
    from tracker.tasks import send_signup_mail_task

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(send_signup_mail_task, "apply_async", broker_down)
    response = client.post(reverse("signup"), SIGNUP)

    assert response.status_code == 503
    assert "mail queue is out of reach" in response.content.decode()
    assert 'value="carol"' in response.content.decode()
    assert not User.objects.exists()  # nothing half-made blocks the next try


def test_unconfirmed_accounts_are_removed_once_their_link_expires(db, settings):
    import datetime

    from django.utils import timezone

    from tracker.accounts.signup import remove_unconfirmed_accounts

    old = timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    User.objects.create_user("stale", "s@example.com", "x", is_active=False, date_joined=old)
    User.objects.create_user("fresh", "f@example.com", "x", is_active=False)
    User.objects.create_user("member", "m@example.com", "x", date_joined=old)

    assert remove_unconfirmed_accounts() == 1
    assert sorted(User.objects.values_list("username", flat=True)) == ["fresh", "member"]


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


def test_password_reset_by_email_round_trip(client, alice, tasks_run_in_process):
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


def test_password_reset_unknown_email_looks_the_same(client, alice, tasks_run_in_process):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_mail_is_sent_by_a_worker_not_the_request(client, alice, monkeypatch):
    """The request only queues the address: with nothing consuming the queue, no account
    is looked up and no mail is sent, for a known address as for an unknown one."""
    from tracker.tasks import send_password_reset_task

    queued = []
    monkeypatch.setattr(
        send_password_reset_task, "apply_async", lambda **kw: queued.append(kw["kwargs"])
    )
    known = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert [q["email"] for q in queued] == ["alice@example.com", "nobody@example.com"]
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
    from tracker.digest.sending import send_due_digests

    settings.EMAIL_CONFIGURED = False

    assert send_due_digests() == {}
    assert mail.outbox == []
