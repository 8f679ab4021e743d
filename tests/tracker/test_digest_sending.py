"""The digest loop: who is claimed, what is sent, what is never sent twice, and what a
later run sends when its sender died mid-send.

Mail goes to Django's in-memory outbox here; tests/tracker/test_digest_smtp.py sends over
a real SMTP server.
"""

from __future__ import annotations

import datetime
import threading
from collections import deque

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from resumes.demo import load_demo_account
from tests.factories import make_application, make_company
from tests.tracker.digest_factories import give_something_to_do, make_due, make_person
from tracker import services
from tracker.accounts.preferences import unsubscribe_from_digest
from tracker.demo import DEMO_EMAIL, DEMO_USERNAME
from tracker.digest import sending
from tracker.digest.sending import MAX_DIGEST_ATTEMPTS, DigestOutcome
from tracker.models import DigestLog, Preferences
from tracker.stage_log import refold
from tracker.tasks import send_due_digests_task

UTC = datetime.UTC
MONDAY_0800 = datetime.datetime(2026, 3, 2, 8, tzinfo=UTC)
SENT = {DigestOutcome.SENT: 1}


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


def slot_of(user: User) -> datetime.datetime | None:
    return Preferences.objects.get(user=user).next_digest_at


@pytest.fixture
def ana(db) -> User:
    """Due at Monday 08:00 UTC, with a follow-up due that day."""
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        person = make_person("ana")
        give_something_to_do(person, due_on=MONDAY_0800.date())
    return person


@pytest.mark.django_db
def test_due_digest_is_sent_and_the_slot_moves_to_next_week(ana):
    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        run = sending.send_due_digests()

    assert run == SENT
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]
    assert slot_of(ana) == MONDAY_0800 + datetime.timedelta(weeks=1)
    log = DigestLog.objects.get(user=ana)
    assert (log.week_start, log.status, log.attempts) == (MONDAY_0800.date(), "sent", 1)


@pytest.mark.django_db
def test_nothing_is_sent_before_the_slot(ana):
    with at(MONDAY_0800 - datetime.timedelta(seconds=1)):
        run = sending.send_due_digests()

    assert run == {}
    assert mail.outbox == []
    assert slot_of(ana) == MONDAY_0800


@pytest.mark.django_db
def test_a_second_run_in_the_same_week_sends_nothing(ana):
    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        first = sending.send_due_digests()
        second = sending.send_due_digests()

    assert (first, second) == (SENT, {})
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_weekly_log_stops_a_second_digest_even_when_the_slot_comes_round_again(ana):
    # The person moves their digest from Monday to Wednesday after Monday's went out.
    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        sending.send_due_digests()
    make_due(ana, MONDAY_0800 + datetime.timedelta(days=2))

    with at(MONDAY_0800 + datetime.timedelta(days=2, minutes=1)):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.ALREADY_DONE: 1}
    assert len(mail.outbox) == 1
    assert slot_of(ana) > MONDAY_0800 + datetime.timedelta(days=2)


@pytest.mark.django_db
def test_a_lost_compare_and_swap_sends_nothing(ana):
    stale_copy = Preferences.objects.get(user=ana)
    now = MONDAY_0800 + datetime.timedelta(minutes=1)
    # Another run read the same row first and advanced it.
    assert sending.claim_digest(preferences=Preferences.objects.get(user=ana), now=now)

    with at(now), transaction.atomic():
        outcome = sending._claim_and_log(stale_copy, now=now)

    assert outcome == DigestOutcome.LOST
    assert DigestLog.objects.filter(user=ana).exists() is False


@pytest.mark.django_db
def test_the_slot_is_advanced_before_sending(ana, monkeypatch):
    seen = []
    original = sending._deliver

    def deliver_and_look(log, zone, **kwargs):
        seen.append(slot_of(log.user))
        return original(log, zone, **kwargs)

    monkeypatch.setattr(sending, "_deliver", deliver_and_look)
    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        sending.send_due_digests()

    assert seen == [MONDAY_0800 + datetime.timedelta(weeks=1)]


@pytest.mark.django_db
def test_an_empty_week_sends_nothing_and_moves_on(db):
    with at(MONDAY_0800 - datetime.timedelta(days=30)):
        idle = make_person("idle")
        application = make_application(idle, stage="applied")
        services.change_stage(application=application, to_stage="closed", outcome="ghosted")

    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.EMPTY: 1}
    assert mail.outbox == []
    assert DigestLog.objects.get(user=idle).status == "empty"
    assert slot_of(idle) == MONDAY_0800 + datetime.timedelta(weeks=1)


@pytest.mark.django_db
def test_a_late_run_sends_late_not_never(ana):
    thursday = MONDAY_0800 + datetime.timedelta(days=3, hours=5)  # beat was down since Monday

    with at(thursday):
        run = sending.send_due_digests()

    assert run == SENT
    assert DigestLog.objects.get(user=ana).week_start == MONDAY_0800.date()
    assert slot_of(ana) == MONDAY_0800 + datetime.timedelta(weeks=1)


@pytest.mark.django_db
def test_weeks_without_a_worker_end_in_one_digest_not_a_backlog(ana):
    with at(MONDAY_0800 + datetime.timedelta(weeks=3, hours=1)):
        run = sending.send_due_digests()

    assert run == SENT
    assert len(mail.outbox) == 1
    assert slot_of(ana) == MONDAY_0800 + datetime.timedelta(weeks=4)


@pytest.mark.django_db
def test_people_who_turned_it_off_or_are_deactivated_get_nothing(ana):
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        gone = make_person("gone", is_active=False)
        give_something_to_do(gone, due_on=MONDAY_0800.date())
    Preferences.objects.filter(user=ana).update(digest_enabled=False)

    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        run = sending.send_due_digests()

    assert run == {}
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_account_without_an_address_is_recorded_as_failed(db):
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        person = make_person("noaddress", email="")
        give_something_to_do(person, due_on=MONDAY_0800.date())

    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.FAILED: 1}
    log = DigestLog.objects.get(user=person)
    assert (log.status, log.error) == ("failed", "The account has no e-mail address.")


@pytest.mark.django_db
def test_a_digest_that_cannot_be_built_is_recorded_and_the_others_still_go(ana, monkeypatch):
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        ben = make_person("ben")
        give_something_to_do(ben, due_on=MONDAY_0800.date())
    real_build = sending.digest_content.build_digest

    def build(user, **kwargs):
        if user.username == "ana":
            raise ValueError("corrupt row")
        return real_build(user, **kwargs)

    monkeypatch.setattr(sending.digest_content, "build_digest", build)
    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.FAILED: 1, DigestOutcome.SENT: 1}
    assert [message.to for message in mail.outbox] == [["ben@example.com"]]
    assert "corrupt row" in DigestLog.objects.get(user=ana).error


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_digest_once():
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        people = [make_person(f"p{n}") for n in range(40)]
        for person in people:
            give_something_to_do(person, due_on=MONDAY_0800.date())
    results, errors = [], []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            results.append(sending.send_due_digests())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert sum(r[DigestOutcome.SENT] for r in results) == 40
    # Each claim skips the rows the other run holds: none is lost to it.
    assert sum(r[DigestOutcome.LOST] for r in results) == 0
    assert DigestLog.objects.filter(status="sent").count() == 40


@pytest.mark.django_db(transaction=True)
def test_a_person_another_run_holds_is_skipped_not_waited_for():
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        held, free = make_person("held"), make_person("free")
        for person in (held, free):
            give_something_to_do(person, due_on=MONDAY_0800.date())
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        # Another run, in the middle of claiming `held`.
        with transaction.atomic():
            Preferences.objects.select_for_update().get(user=held)
            locked.set()
            release.wait(timeout=60)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(timeout=10)
    try:
        with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
            first = sending.send_due_digests()
    finally:
        release.set()
        holder.join(timeout=60)
    with at(MONDAY_0800 + datetime.timedelta(minutes=2)):
        second = sending.send_due_digests()

    assert [first, second] == [SENT, SENT]
    assert [message.to for message in mail.outbox] == [[free.email], [held.email]]


# 18 today: the claim (the locking select, the advance, the log: 7 with savepoints), 10
# reads (one of them the rounds unanswered a week on; the next actions take two: which
# ones, from narrow rows, then those rows), the final status.
QUERIES_PER_PERSON = 19


@pytest.mark.slow  # two minutes; bench/digest_bench.py measures the same at any size
@pytest.mark.django_db
def test_a_thousand_people_take_a_bounded_number_of_queries_each(monkeypatch):
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        _bulk_people(1000)
    # Django keeps the last 9,000 queries only; this run makes more, and all must count.
    real_connection = connections[DEFAULT_DB_ALIAS]
    monkeypatch.setattr(real_connection, "queries_log", deque(maxlen=QUERIES_PER_PERSON * 2000))

    with at(MONDAY_0800 + datetime.timedelta(minutes=1)), CaptureQueriesContext(connection) as q:
        run = sending.send_due_digests()

    assert run == {DigestOutcome.SENT: 1000}
    assert len(mail.outbox) == 1000
    assert len(q.captured_queries) <= 1000 * QUERIES_PER_PERSON


def test_queries_per_person_do_not_grow_with_the_size_of_the_search(db):
    counts = []
    for size in (1, 25):
        with at(MONDAY_0800 - datetime.timedelta(days=3)):
            person = make_person(f"size{size}")
            company = make_company(person)
            for n in range(size):
                give_something_to_do(person, due_on=MONDAY_0800.date())
                make_application(person, company, stage="applied", role_title=f"Quiet role {n}")
        with (
            at(MONDAY_0800 + datetime.timedelta(minutes=1)),
            CaptureQueriesContext(connection) as q,
        ):
            sending.send_due_digests()
        counts.append(len(q.captured_queries))

    assert counts[0] == counts[1]
    # Besides the person: the unfinished digests, and the claim that finds nobody (a
    # select in a savepoint).
    assert counts[0] <= QUERIES_PER_PERSON + 3


def _bulk_people(count: int) -> None:
    """`count` people due at MONDAY_0800, each with one application and its next action."""
    from tracker.models import Application, Company, StageEvent

    users = User.objects.bulk_create(
        [
            User(username=f"bulk{n}", email=f"bulk{n}@example.com", password="!")
            for n in range(count)
        ]
    )
    Preferences.objects.bulk_create(
        [Preferences(user=u, next_digest_at=MONDAY_0800) for u in users]
    )
    companies = Company.objects.bulk_create(
        [Company(owner=u, name="Tensorloom", tier="startup") for u in users]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                owner=u, company=c, role_title="MLE", stage="applied",
                next_action="Follow up", next_action_on=MONDAY_0800.date(),
            )
            for u, c in zip(users, companies, strict=True)
        ]
    )  # fmt: skip
    StageEvent.objects.bulk_create(
        [StageEvent(application=a, to_stage="applied") for a in applications]
    )
    refold(a.pk for a in applications)  # written in bulk


# --- The command and the task ------------------------------------------------------------


@pytest.mark.django_db
def test_command_sends_what_is_due(ana, capsys):
    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        call_command("send_digests")

    assert capsys.readouterr().out == "Digests: 1 sent.\n"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_command_force_sends_one_persons_digest_now_and_logs_it(ana, capsys):
    with at(MONDAY_0800 - datetime.timedelta(days=2)):  # the Saturday before the slot
        give_something_to_do(ana, due_on=MONDAY_0800.date() - datetime.timedelta(days=2))
        call_command("send_digests", user="ana", force=True)

    assert capsys.readouterr().out == "Sent the digest to ana@example.com.\n"
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]
    log = DigestLog.objects.get(user=ana)
    assert (log.status, log.forced, log.week_start) == ("sent", True, datetime.date(2026, 2, 23))
    assert slot_of(ana) == MONDAY_0800  # the schedule is untouched


@pytest.mark.django_db
def test_command_force_twice_sends_twice_and_keeps_one_log(ana):
    with at(MONDAY_0800 + datetime.timedelta(hours=2)):
        call_command("send_digests", user="ana", force=True)
        call_command("send_digests", user="ana", force=True)

    assert len(mail.outbox) == 2
    log = DigestLog.objects.get(user=ana)
    assert (log.status, log.attempts) == ("sent", 2)


@pytest.mark.django_db
def test_command_force_respects_an_unsubscribe(ana, capsys):
    unsubscribe_from_digest(user=ana)

    call_command("send_digests", user="ana", force=True)

    assert capsys.readouterr().out == "ana has turned the digest off: nothing sent.\n"
    assert mail.outbox == []


@pytest.mark.django_db
def test_command_refuses_user_without_force_and_unknown_users(ana):
    with pytest.raises(CommandError, match="go together"):
        call_command("send_digests", user="ana")
    with pytest.raises(CommandError, match="No user called"):
        call_command("send_digests", user="nobody", force=True)


@pytest.mark.django_db
def test_demo_account_has_a_schedule_and_a_digest_worth_sending(capsys):
    load_demo_account()

    call_command("send_digests", user=DEMO_USERNAME, force=True)

    preferences = Preferences.objects.get(user__username=DEMO_USERNAME)
    assert (preferences.digest_weekday, preferences.digest_hour) == (0, 8)
    assert preferences.next_digest_at is not None
    assert [message.to for message in mail.outbox] == [[DEMO_EMAIL]]
    body = mail.outbox[0].body
    assert "OVERDUE" in body
    assert "INTERVIEWS IN THE NEXT 7 DAYS" in body
    assert "GONE QUIET" in body


@pytest.mark.django_db
def test_beat_task_runs_the_same_loop(ana):
    with at(MONDAY_0800 + datetime.timedelta(minutes=1)):
        result = send_due_digests_task.apply()

    assert result.successful()
    assert len(mail.outbox) == 1
    assert slot_of(ana) == MONDAY_0800 + datetime.timedelta(weeks=1)


# --- A sender that died mid-send: the lease ----------------------------------------------
# A worker killed mid-send is played by the mail transport raising an exception no handler
# catches (`WorkerKilled`): nothing after it runs, as nothing runs after SIGKILL.
# tests/integration/test_digest_worker.py kills a real worker.

AFTER_SLOT = MONDAY_0800 + datetime.timedelta(minutes=1)
LEASE = datetime.timedelta(seconds=settings.DIGEST_SEND_LEASE_SECONDS)
SECOND = datetime.timedelta(seconds=1)


class WorkerKilled(BaseException):
    """The process ends here: no `except Exception` sees it, no status is recorded."""


def sends_fail(monkeypatch, error: BaseException, *, times: int = 1) -> None:
    """The next `times` sends raise `error` instead of delivering; later ones deliver."""
    real_send = EmailBackend.send_messages
    left = [times]

    def send_messages(self, messages):
        if left[0] > 0:
            left[0] -= 1
            raise error
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)


def log_of(user: User) -> DigestLog:
    return DigestLog.objects.get(user=user)


def log_of_week(week_start: datetime.date) -> DigestLog:
    return DigestLog.objects.get(week_start=week_start)


@pytest.fixture
def died_mid_send(ana, monkeypatch) -> DigestLog:
    """Ana's digest, claimed at AFTER_SLOT by a run whose worker died while sending it."""
    sends_fail(monkeypatch, WorkerKilled())
    with at(AFTER_SLOT), pytest.raises(WorkerKilled):
        sending.send_due_digests()
    return log_of(ana)


def test_a_dead_senders_digest_is_left_sending_with_the_slot_advanced(died_mid_send, ana):
    assert (died_mid_send.status, died_mid_send.attempts) == ("sending", 1)
    assert died_mid_send.claimed_at == AFTER_SLOT
    assert slot_of(ana) == MONDAY_0800 + datetime.timedelta(weeks=1)
    assert mail.outbox == []


def test_a_digest_sending_past_its_lease_is_sent_by_the_next_run_exactly_once(died_mid_send):
    with at(AFTER_SLOT + LEASE + SECOND):
        first = sending.send_due_digests()
        second = sending.send_due_digests()

    log = log_of(died_mid_send.user)
    assert (first, second) == ({DigestOutcome.SENT: 1}, {})
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]
    assert (log.status, log.attempts, log.error) == ("sent", 2, "")
    assert log.sent_at == AFTER_SLOT + LEASE + SECOND


def test_the_resend_carries_the_message_id_the_digest_was_given(died_mid_send):
    with at(AFTER_SLOT + LEASE + SECOND):
        sending.send_due_digests()

    (message,) = mail.outbox
    assert message.message()["Message-ID"] == died_mid_send.message_id
    assert died_mid_send.message_id.endswith(">")


@pytest.mark.parametrize("after", [SECOND, datetime.timedelta(minutes=1), LEASE - SECOND])
def test_a_digest_within_its_lease_is_not_touched(died_mid_send, after):
    with at(AFTER_SLOT + after):
        run = sending.send_due_digests()

    log = log_of(died_mid_send.user)
    assert run == {}
    assert mail.outbox == []
    assert (log.status, log.attempts, log.claimed_at) == ("sending", 1, AFTER_SLOT)


@pytest.mark.django_db(transaction=True)
def test_two_runs_taking_the_same_stale_digest_at_once_send_it_once(monkeypatch):
    with at(MONDAY_0800 - datetime.timedelta(days=3)):
        ana = make_person("ana")
        give_something_to_do(ana, due_on=MONDAY_0800.date())
    sends_fail(monkeypatch, WorkerKilled())
    with at(AFTER_SLOT), pytest.raises(WorkerKilled):
        sending.send_due_digests()
    # Both runs have read the stale row before either tries to take it.
    both_read = threading.Barrier(2, timeout=30)
    real_take_over = DigestLog.take_over

    def take_over_together(self, **kwargs):
        both_read.wait()
        return real_take_over(self, **kwargs)

    monkeypatch.setattr(DigestLog, "take_over", take_over_together)
    results, errors = [], []

    def run() -> None:
        try:
            results.append(sending.send_due_digests())
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    with at(AFTER_SLOT + LEASE + SECOND):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert sorted(results, key=len) == [{}, {DigestOutcome.SENT: 1}]
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]
    assert (log_of(ana).status, log_of(ana).attempts) == ("sent", 2)


def test_a_soft_time_limit_mid_send_hands_the_digest_to_the_next_run(ana, monkeypatch):
    sends_fail(monkeypatch, SoftTimeLimitExceeded())
    with at(AFTER_SLOT), pytest.raises(SoftTimeLimitExceeded):
        sending.send_due_digests()
    released = log_of(ana)

    with at(AFTER_SLOT + datetime.timedelta(minutes=1)):  # well within the lease
        first = sending.send_due_digests()
        second = sending.send_due_digests()

    log = log_of(ana)
    assert (released.status, released.attempts) == ("retry", 1)
    assert released.error == (
        "Stopped by the task's time limit before it was sent; the next run sends it."
    )
    assert (first, second) == ({DigestOutcome.SENT: 1}, {})
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]
    assert (log.status, log.attempts) == ("sent", 2)


def test_a_soft_time_limit_while_building_hands_the_digest_back_too(ana, monkeypatch):
    real_build = sending.digest_content.build_digest
    calls = []

    def build(user, **kwargs):
        calls.append(user)
        if len(calls) == 1:
            raise SoftTimeLimitExceeded()
        return real_build(user, **kwargs)

    monkeypatch.setattr(sending.digest_content, "build_digest", build)
    with at(AFTER_SLOT), pytest.raises(SoftTimeLimitExceeded):
        sending.send_due_digests()
    with at(AFTER_SLOT + datetime.timedelta(minutes=1)):
        run = sending.send_due_digests()

    assert run == {DigestOutcome.SENT: 1}
    assert len(mail.outbox) == 1


def test_a_digest_whose_sender_keeps_dying_is_given_up(ana, monkeypatch):
    sends_fail(monkeypatch, WorkerKilled(), times=MAX_DIGEST_ATTEMPTS)
    moment = AFTER_SLOT
    with at(moment), pytest.raises(WorkerKilled):
        sending.send_due_digests()
    for _ in range(MAX_DIGEST_ATTEMPTS - 1):
        moment += LEASE + SECOND
        with at(moment), pytest.raises(WorkerKilled):
            sending.send_due_digests()

    with at(moment + LEASE + SECOND):
        run = sending.send_due_digests()

    log = log_of(ana)
    assert run == {DigestOutcome.FAILED: 1}
    assert mail.outbox == []
    assert (log.status, log.attempts) == ("failed", MAX_DIGEST_ATTEMPTS)
    assert log.error == (
        f"Gave up after {MAX_DIGEST_ATTEMPTS} attempts. "
        f"Last error: attempt {MAX_DIGEST_ATTEMPTS} never finished: its sender stopped."
    )


def test_a_digest_left_unfinished_until_the_next_is_due_is_dropped_for_the_next(died_mid_send):
    next_week = AFTER_SLOT + datetime.timedelta(weeks=1)

    with at(next_week):
        run = sending.send_due_digests()

    logs = dict(DigestLog.objects.values_list("week_start", "status"))
    assert run == {DigestOutcome.FAILED: 1, DigestOutcome.SENT: 1}
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]
    assert logs == {MONDAY_0800.date(): "failed", next_week.date(): "sent"}
    assert log_of_week(MONDAY_0800.date()).error.startswith("Not sent: too late")


def test_an_attempt_taken_over_cannot_record_its_end(died_mid_send):
    first_attempt = log_of(died_mid_send.user)
    second_attempt = log_of(died_mid_send.user)
    assert second_attempt.take_over(now=AFTER_SLOT + LEASE + SECOND)

    recorded = first_attempt.finish(DigestLog.Status.SENT)

    log = log_of(died_mid_send.user)
    assert recorded is False
    assert (log.status, log.attempts) == ("sending", 2)
    assert second_attempt.finish(DigestLog.Status.SENT) is True


def test_a_copy_read_before_someone_else_took_the_row_cannot_take_it(died_mid_send):
    first, second = log_of(died_mid_send.user), log_of(died_mid_send.user)

    assert first.take_over(now=AFTER_SLOT + LEASE + SECOND) is True
    assert second.take_over(now=AFTER_SLOT + LEASE + SECOND) is False


def test_a_forced_send_is_a_new_message(ana):
    with at(AFTER_SLOT):
        sending.send_digest_now(user=ana)
        sending.send_digest_now(user=ana)

    first, second = (message.message()["Message-ID"] for message in mail.outbox)
    assert first != second
    assert log_of(ana).message_id == second


def test_the_default_lease_outlasts_a_task_killed_at_its_hard_time_limit():
    assert settings.DIGEST_SEND_LEASE_SECONDS > settings.CELERY_TASK_TIME_LIMIT
