"""The weekly digest end to end with real processes: `celery beat` ticks, a real worker
on a private Redis runs the task against the test database, and the mail reaches a real
SMTP server on loopback — once per person, however many ticks come after, and still once
when the worker is killed in the middle of sending."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.integration.conftest import web_broker
from tests.mail_server import LoopbackSMTP
from tests.tracker.digest_factories import give_something_to_do, make_due, make_person
from tracker.digest import sending
from tracker.models import DigestLog, Preferences
from tracker.tasks import send_due_digests_task

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
TASK = "tracker.send_due_digests"


def wait_until(predicate: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def smtp_server() -> Iterator[LoopbackSMTP]:
    server = LoopbackSMTP().start()
    try:
        yield server
    finally:
        server.stop()


class StallingSMTP(LoopbackSMTP):
    """Stalls the first session at its RCPT until `release` is set: a sender caught in
    the middle of a send, before the server has taken the message."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not self.stalled.is_set():
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


@pytest.fixture
def stalling_smtp_server() -> Iterator[StallingSMTP]:
    server = StallingSMTP().start()
    try:
        yield server
    finally:
        server.release.set()
        server.stop()


@pytest.fixture
def beat(redis_server, tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen]]:
    """Start `celery beat` with the digest entry every second; killed at teardown."""
    started: list[subprocess.Popen] = []
    log_path = tmp_path / "beat.log"

    def start() -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            REDIS_URL=redis_server.url,
            SECRET_KEY=settings.SECRET_KEY,
            HTTPS="false",
            PYTHONUNBUFFERED="1",
        )
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "tests.integration.digest_beat", "beat",
                 "--loglevel", "INFO", "--max-interval", "1",
                 "--schedule", str(tmp_path / "beat-schedule")],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if log_path.exists():  # shown when the test failed
            print("--- beat.log ---", log_path.read_text(errors="replace")[-3000:], sep="\n")


def test_beat_triggers_the_worker_which_sends_each_due_digest_once(
    start_worker, beat, smtp_server: LoopbackSMTP
):
    now = timezone.now()
    due, later = make_person("ana"), make_person("ben")
    for person in (due, later):
        give_something_to_do(person)
    make_due(due, now - datetime.timedelta(hours=3))  # a tick was missed: late, not never
    worker = start_worker(EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp_server.port)

    beat()
    (received,) = smtp_server.wait_for(1, timeout=60)
    # Several more ticks run the task again; none of them sends a second digest.
    wait_until(
        lambda: worker.log().count(f"Task {TASK}[") >= 8,
        timeout=60,
        what="eight runs of the digest task",
    )

    assert worker.log().count("succeeded in") >= 4
    assert received.recipients == ["ana@example.com"]
    assert "Email the hiring manager" in received.message.get_body(("plain",)).get_content()
    assert smtp_server.accepted == 1
    assert list(DigestLog.objects.values_list("user__username", "status")) == [("ana", "sent")]
    assert Preferences.objects.get(user=due).next_digest_at > now
    assert Preferences.objects.get(user=later).next_digest_at > now


def test_a_run_out_of_time_hands_the_rest_to_a_fresh_run_on_the_worker(
    start_worker, web_on_private_redis, smtp_server: LoopbackSMTP
):
    names = [f"p{n}" for n in range(5)]
    for name in names:
        person = make_person(name)
        give_something_to_do(person)
        make_due(person, timezone.now() - datetime.timedelta(minutes=1))
    start_worker(EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp_server.port)

    run = sending.send_due_digests(time_budget=0)  # spent before the first person

    smtp_server.wait_for(len(names), timeout=60)
    # The worker marks a log sent once the server has taken the message: a moment later.
    wait_until(
        lambda: DigestLog.objects.filter(status="sent").count() == len(names),
        timeout=30,
        what="every digest logged as sent",
    )
    assert (dict(run), run.continued) == ({}, True)
    assert sorted(m.recipients[0] for m in smtp_server.messages) == [
        f"{name}@example.com" for name in names
    ]
    assert DigestLog.objects.filter(status="sent").count() == len(names)


def test_without_a_broker_the_hand_over_waits_for_the_next_tick():
    person = make_person("ana")
    give_something_to_do(person)
    make_due(person, timezone.now() - datetime.timedelta(minutes=1))

    with web_broker("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        run = sending.send_due_digests(time_budget=0)

    assert (dict(run), run.continued) == ({}, False)
    assert Preferences.objects.get(user=person).next_digest_at < timezone.now()  # still due


# Short enough to wait out in a test; the new worker reads it from its environment.
TEST_LEASE_SECONDS = 3


def test_a_worker_killed_mid_send_leaves_the_digest_to_a_later_run_which_sends_it_once(
    start_worker, web_on_private_redis, stalling_smtp_server: StallingSMTP
):
    ana = make_person("ana")
    give_something_to_do(ana)
    make_due(ana, timezone.now() - datetime.timedelta(minutes=1))
    mail_env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": stalling_smtp_server.port}
    first = start_worker(**mail_env)
    send_due_digests_task.apply_async()
    assert stalling_smtp_server.stalled.wait(timeout=60), "the worker never reached RCPT"

    first.stop()  # SIGKILL to its whole process group, mid-send
    stalling_smtp_server.release.set()
    claimed = DigestLog.objects.get(user=ana)
    second = start_worker(DIGEST_SEND_LEASE_SECONDS=TEST_LEASE_SECONDS, **mail_env)
    lease_over = claimed.claimed_at + datetime.timedelta(seconds=TEST_LEASE_SECONDS)
    wait_until(lambda: timezone.now() > lease_over, timeout=30, what="the lease to run out")
    send_due_digests_task.apply_async()
    (received,) = stalling_smtp_server.wait_for(1, timeout=60)
    send_due_digests_task.apply_async()  # and once more: nothing left to send
    wait_until(lambda: second.log().count("succeeded in") >= 2, timeout=60, what="both runs to end")

    log = DigestLog.objects.get(user=ana)
    assert (claimed.status, claimed.attempts) == ("sending", 1)
    assert stalling_smtp_server.accepted == 1
    assert received.recipients == ["ana@example.com"]
    assert received.message["Message-ID"] == claimed.message_id
    assert (log.status, log.attempts, log.error) == ("sent", 2, "")
