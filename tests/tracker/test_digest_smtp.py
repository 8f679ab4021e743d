"""The digest over a real SMTP server on loopback (aiosmtpd): what arrives, and what
happens when the server is down, says "later" (4xx) or says "never" (5xx)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from tests.mail_server import LoopbackSMTP
from tests.tracker.digest_factories import give_something_to_do, make_person
from tracker.accounts.preferences import unsubscribe_from_digest
from tracker.digest import sending
from tracker.digest.emails import TransientMailError
from tracker.digest.sending import MAX_DIGEST_ATTEMPTS, DigestOutcome
from tracker.models import DigestLog, Preferences
from tracker.tasks import send_due_digests_task

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MONDAY_0800 = datetime.datetime(2026, 3, 2, 8, tzinfo=UTC)
AFTER_SLOT = MONDAY_0800 + datetime.timedelta(minutes=1)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def people(*names: str) -> list:
    found = []
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        for name in names:
            person = make_person(name, first_name=name.title())
            give_something_to_do(person, due_on=MONDAY_0800.date())
            found.append(person)
    return found


def statuses() -> dict[str, str]:
    return dict(DigestLog.objects.values_list("user__username", "status"))


def test_digest_arrives_with_its_items_both_parts_and_the_headers(smtp_server: LoopbackSMTP):
    (ana,) = people("ana")

    with at(AFTER_SLOT):
        run = sending.send_due_digests()

    (received,) = smtp_server.wait_for(1)
    message = received.message
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    application = ana.application_set.get()
    page = f"http://localhost:8000/applications/{application.pk}/"
    assert run == {DigestOutcome.SENT: 1}
    assert received.recipients == ["ana@example.com"]
    assert message["Subject"] == "Your week in Reframe: 1 follow-up due, 1 stage change"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert "Email the hiring manager — Research Engineer at Company of ana" in text
    assert page in text
    assert f'<a href="{page}"><strong>Email the hiring manager</strong></a>' in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://localhost:8000/digest/unsubscribe/[^/>]+/>", message["List-Unsubscribe"]
    )
    assert message["List-Unsubscribe"].strip("<>") in text


def test_list_unsubscribe_goes_over_the_wire_as_one_plain_line(smtp_server: LoopbackSMTP):
    people("ana")

    with at(AFTER_SLOT):
        sending.send_due_digests()

    (received,) = smtp_server.wait_for(1)
    line = received.raw_header("List-Unsubscribe")
    assert "\r\n" not in line  # not folded
    assert "=?" not in line  # not RFC 2047-encoded, which mail programs would not undo
    assert line.startswith("List-Unsubscribe: <http://localhost:8000/digest/unsubscribe/")


def test_one_connection_carries_a_whole_run(smtp_server: LoopbackSMTP):
    people("ana", "ben", "carla")

    with at(AFTER_SLOT):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.SENT: 3}
    assert sorted(m.recipients[0] for m in smtp_server.wait_for(3)) == [
        "ana@example.com",
        "ben@example.com",
        "carla@example.com",
    ]
    assert smtp_server.connections == 1


def test_server_down_keeps_the_digest_waiting_and_everyone_else_due(smtp_server: LoopbackSMTP):
    ana, ben = people("ana", "ben")
    smtp_server.stop()

    with at(AFTER_SLOT), pytest.raises(TransientMailError, match="ConnectionRefusedError"):
        sending.send_due_digests()

    claimed, waiting = sorted([ana, ben], key=lambda p: Preferences.objects.get(user=p).pk)
    log = DigestLog.objects.get()
    assert (log.user, log.status, log.attempts) == (claimed, "retry", 1)
    assert Preferences.objects.get(user=waiting).next_digest_at == MONDAY_0800  # still due

    smtp_server.start()
    with at(AFTER_SLOT + datetime.timedelta(minutes=5)):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.SENT: 2}
    assert statuses() == {"ana": "sent", "ben": "sent"}
    assert DigestLog.objects.get(user=claimed).attempts == 2
    assert len(smtp_server.wait_for(2)) == 2


def test_a_4xx_answer_is_retried_by_the_task_until_it_goes_through(
    smtp_server: LoopbackSMTP, monkeypatch
):
    people("ana")
    smtp_server.data_replies.extend(["451 4.3.0 Try again later", "421 4.7.0 Busy"])
    # Eagerly applied, a retry runs again at once (no countdown) unless errors propagate.
    monkeypatch.setitem(send_due_digests_task.app.conf, "task_eager_propagates", False)

    with at(AFTER_SLOT):
        result = send_due_digests_task.apply()

    assert result.successful()
    assert len(smtp_server.wait_for(1)) == 1
    log = DigestLog.objects.get()
    assert (log.status, log.attempts, log.error) == ("sent", 3, "")


def test_the_task_retries_with_exponential_backoff():
    assert send_due_digests_task.autoretry_for == (TransientMailError,)
    assert send_due_digests_task.retry_backoff == 60
    assert send_due_digests_task.retry_backoff_max == 1800
    assert send_due_digests_task.acks_late is True


def test_a_5xx_answer_is_recorded_on_the_log_and_the_run_goes_on(smtp_server: LoopbackSMTP):
    people("ana", "ben")
    smtp_server.rcpt_replies.append("550 5.1.1 No such user here")

    with at(AFTER_SLOT):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.FAILED: 1, DigestOutcome.SENT: 1}
    failed = DigestLog.objects.get(status="failed")
    assert failed.error == (
        f"The mail server refused the address — {failed.user.email}: 550 5.1.1 No such user here"
    )
    assert [m.recipients for m in smtp_server.wait_for(1)] != [[failed.user.email]]
    with at(AFTER_SLOT + datetime.timedelta(hours=1)):
        assert sending.send_due_digests() == {}  # a permanent failure is not retried


def test_a_5xx_to_the_message_itself_is_permanent_too(smtp_server: LoopbackSMTP):
    people("ana")
    smtp_server.data_replies.append("554 5.6.0 Message rejected")

    with at(AFTER_SLOT):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.FAILED: 1}
    assert DigestLog.objects.get().error == "The mail server answered 554 5.6.0 Message rejected"


def test_a_digest_that_keeps_failing_for_now_is_given_up_after_a_few_attempts(
    smtp_server: LoopbackSMTP,
):
    people("ana")
    smtp_server.data_replies.extend(["451 4.3.0 Try again later"] * MAX_DIGEST_ATTEMPTS)

    for hour in range(MAX_DIGEST_ATTEMPTS):
        with at(AFTER_SLOT + datetime.timedelta(hours=hour)), pytest.raises(TransientMailError):
            sending.send_due_digests()
    with at(AFTER_SLOT + datetime.timedelta(hours=MAX_DIGEST_ATTEMPTS)):
        last = sending.send_due_digests()

    log = DigestLog.objects.get()
    assert last == {DigestOutcome.FAILED: 1}
    assert log.status == "failed"
    assert log.error.startswith(f"Gave up after {MAX_DIGEST_ATTEMPTS} attempts.")
    assert "451 4.3.0 Try again later" in log.error
    assert smtp_server.accepted == 0


def test_forced_send_over_smtp(smtp_server: LoopbackSMTP):
    (ana,) = people("ana")

    sending.send_digest_now(user=ana)

    (received,) = smtp_server.wait_for(1)
    assert received.recipients == ["ana@example.com"]
    assert DigestLog.objects.get(user=ana).forced is True


def test_a_digest_waiting_to_retry_is_dropped_if_the_person_unsubscribes(
    smtp_server: LoopbackSMTP,
):
    (ana,) = people("ana")
    smtp_server.data_replies.append("451 4.3.0 Try again later")
    with at(AFTER_SLOT), pytest.raises(TransientMailError):
        sending.send_due_digests()
    unsubscribe_from_digest(user=ana)

    with at(AFTER_SLOT + datetime.timedelta(hours=1)):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.OFF: 1}
    assert smtp_server.accepted == 0
    assert DigestLog.objects.get(user=ana).error.startswith("Not sent: the digest was turned off")


def test_a_digest_sent_again_after_a_4xx_keeps_its_message_id(smtp_server: LoopbackSMTP):
    people("ana")
    smtp_server.data_replies.append("451 4.3.0 Try again later")
    with at(AFTER_SLOT), pytest.raises(TransientMailError):
        sending.send_due_digests()
    first_attempt = DigestLog.objects.get()

    with at(AFTER_SLOT + datetime.timedelta(minutes=5)):
        sending.send_due_digests()

    (received,) = smtp_server.wait_for(1)
    assert received.message["Message-ID"] == first_attempt.message_id
