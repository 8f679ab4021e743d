"""The weekly digest loop: who is due, claimed once, built, sent, logged, retried."""

from __future__ import annotations

import datetime
import enum
import logging
import time
from collections import Counter
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.mail import NOT_CONFIGURED
from tracker.digest import content as digest_content
from tracker.digest.emails import TransientMailError, build_email, describe, is_transient
from tracker.models import (
    DigestLog,
    Preferences,
    new_digest_message_id,
)
from tracker.time_zones import week_start_in_zone, zone_or_utc

if TYPE_CHECKING:
    pass


from config.broker import publish
from tracker.accounts.preferences import preferences_for

logger = logging.getLogger(__name__)

# A digest the mail server kept refusing with temporary errors, or whose sender kept
# dying, is given up after this many attempts (the task retries with backoff, and the
# hourly run tries again too).
MAX_DIGEST_ATTEMPTS = 5
# An unfinished digest this old is not sent any more: the person's next one is due
# within a day, and two in a day would be one too many.
UNFINISHED_DIGEST_MAX_AGE = datetime.timedelta(days=6)
# Seconds a task run claims people before handing the rest to a fresh run.
DIGEST_TASK_BUDGET = 120.0


class DigestOutcome(enum.StrEnum):
    SENT = "sent"
    EMPTY = "empty"  # nothing to report: no e-mail
    FAILED = "failed"  # permanent: recorded on the log
    ALREADY_DONE = "already_done"  # this week's log exists: the second guard held
    LOST = "lost"  # another run claimed the person first
    OFF = "off"  # the digest is turned off


class DigestRun(Counter):
    """How many people ended each way in one run of `send_due_digests`; `continued` when
    the run stopped at its time budget and handed the rest to a new run."""

    continued: bool = False


def send_due_digests(
    *,
    now: datetime.datetime | None = None,
    time_budget: float | None = None,
) -> DigestRun:
    """Send every digest that is due, one person at a time; returns the count per outcome.

    Each person is claimed with `SELECT … FOR UPDATE SKIP LOCKED` (the first due row no
    other run holds), and `next_digest_at` is advanced to the next slot in the same
    transaction, before anything is sent: runs in parallel split the people between them
    instead of racing for the same ones, and never both win a person (the advance is also
    a compare-and-swap, for databases without row locks); `DigestLog(user, week_start)`
    is the second guard. Digests are due when their slot
    has passed, however long ago, so a late beat or a stopped worker sends late, not
    never. Unfinished digests go first: those left waiting by a temporary mail failure,
    and those whose sender died mid-send (still `sending` after the lease, see
    `_resume_unfinished_digests`).

    With `time_budget` (seconds) it stops claiming once the budget is spent and
    publishes a new run for whoever is still due, so a task never meets its time limit.

    Raises TransientMailError (after recording it) when the mail server fails in a way
    worth retrying; the people not yet reached stay due, so a retry picks them up.
    Safe to run twice, or in parallel. On a server without mail it claims and sends
    nothing, and logs one line.
    """
    run = DigestRun()
    if not settings.EMAIL_CONFIGURED:
        # Nobody is claimed, so every digest is still due once a mail server is set.
        logger.warning("Digests not sent: %s", NOT_CONFIGURED)
        return run
    now = now or timezone.now()
    deadline = None if time_budget is None else time.monotonic() + time_budget
    mailer = mail.mailers.default
    try:
        _resume_unfinished_digests(run=run, now=now, mailer=mailer)
        while True:
            if deadline is not None and time.monotonic() > deadline:
                run.continued = _publish_digest_run()
                return run
            outcome = _send_next_due_digest(now=now, mailer=mailer)
            if outcome is None:
                break
            run[outcome] += 1
    finally:
        _drop_connection(mailer)
    return run


def digest_task_budget() -> float:
    """Seconds one task run may spend claiming: well inside the soft time limit."""
    return min(DIGEST_TASK_BUDGET, settings.CELERY_TASK_SOFT_TIME_LIMIT / 2)


def _publish_digest_run() -> bool:
    """Ring for another run; without a broker the hourly tick picks the rest up."""
    from tracker.tasks import send_due_digests_task

    return publish(send_due_digests_task)


def send_digest_now(*, user: User, now: datetime.datetime | None = None) -> DigestOutcome:
    """Send `user`'s digest now, whatever the schedule (support, checks); the schedule
    stays as it is. It is logged for the current week like any other, so the regular
    digest of this week is then not sent again. An empty week still sends nothing, and
    a person who turned the digest off gets nothing."""
    now = now or timezone.now()
    preferences = preferences_for(user)
    if not preferences.digest_enabled:
        return DigestOutcome.OFF
    week_start = week_start_in_zone(now, preferences.time_zone)
    with transaction.atomic():
        log, created = DigestLog.objects.select_for_update().get_or_create(
            user=user, week_start=week_start, defaults={"forced": True}
        )
        if not created:
            # Sent by hand on purpose: a new message, and this attempt owns the row even
            # if another was sending it (that one's end is then not recorded).
            log.status, log.forced, log.error = DigestLog.Status.SENDING, True, ""
            log.attempts += 1
            log.claimed_at = timezone.now()
            log.message_id = new_digest_message_id()
            log.save(
                update_fields=["status", "forced", "error", "attempts", "claimed_at", "message_id"]
            )
    mailer = mail.mailers.default
    try:
        return _deliver(log, preferences.time_zone, now=now, mailer=mailer)
    finally:
        _drop_connection(mailer)


def claim_digest(*, preferences: Preferences, now: datetime.datetime) -> bool:
    """Advance the person's slot from the value we read to the next one after `now`;
    True when this caller made the change (and so owns this digest)."""
    won = Preferences.objects.filter(
        pk=preferences.pk, digest_enabled=True, next_digest_at=preferences.next_digest_at
    ).update(next_digest_at=preferences.next_digest_after(now))
    return won == 1


def _send_next_due_digest(*, now, mailer) -> DigestOutcome | None:
    """Claim the first due person no other run holds, and send; None when nobody is left.

    The row lock lasts only as long as the claim's transaction: the slot is advanced and
    the log written before the lock is let go, so the person is no longer due for anyone.
    """
    with transaction.atomic():
        preferences = (
            Preferences.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(digest_enabled=True, next_digest_at__lte=now, user__is_active=True)
            .select_related("user")
            .order_by("next_digest_at", "pk")
            .first()
        )
        if preferences is None:
            return None
        claimed = _claim_and_log(preferences, now=now)
    if isinstance(claimed, DigestOutcome):
        return claimed
    return _deliver(claimed, preferences.time_zone, now=now, mailer=mailer)


def _claim_and_log(preferences: Preferences, *, now) -> DigestLog | DigestOutcome:
    """Inside the caller's transaction, so claim and log commit together before anything
    is sent: the log of this week's digest, or why there is none to send."""
    # The week of the slot, not of the send: a digest sent late still belongs to its week.
    week_start = week_start_in_zone(preferences.next_digest_at, preferences.time_zone)
    if not claim_digest(preferences=preferences, now=now):
        return DigestOutcome.LOST
    try:
        with transaction.atomic():
            return DigestLog.objects.create(user=preferences.user, week_start=week_start)
    except IntegrityError:
        return DigestOutcome.ALREADY_DONE


def _resume_unfinished_digests(*, run: DigestRun, now, mailer) -> None:
    """Send again the digests left unfinished: waiting after a temporary mail failure, or
    still `sending` after the lease (settings.DIGEST_SEND_LEASE_SECONDS), because their
    sender died mid-send (worker killed, machine lost). A digest a live sender is working
    on is left alone: the lease outlasts any live attempt.

    Each is taken by compare-and-swap on its log row as it was read, so of two runs
    reading the same row one wins and the other skips it, and the week's unique log
    keeps it one digest. At least once, not exactly once: a sender that died after the
    mail server accepted the message but before the row said `sent` leaves it `sending`,
    and it is sent a second time after the lease. The resend carries the same
    Message-ID, so mail programs that drop a Message-ID they already hold (Gmail among
    them) show it once, and the others show the same message twice.
    """
    lease = datetime.timedelta(seconds=settings.DIGEST_SEND_LEASE_SECONDS)
    unfinished = DigestLog.objects.unfinished(abandoned_before=timezone.now() - lease)
    for log in unfinished.select_related("user__preferences").order_by("created_at", "pk"):
        last_error = log.error
        if log.status == DigestLog.Status.SENDING:
            last_error = f"attempt {log.attempts} never finished: its sender stopped."
        if log.attempts >= MAX_DIGEST_ATTEMPTS:
            if log.give_up(f"Gave up after {log.attempts} attempts. Last error: {last_error}"):
                run[DigestOutcome.FAILED] += 1
            continue
        if log.created_at < now - UNFINISHED_DIGEST_MAX_AGE:
            if log.give_up(f"Not sent: too late, the next digest is due. Last error: {last_error}"):
                run[DigestOutcome.FAILED] += 1
            continue
        if not log.take_over(now=timezone.now()):
            continue  # another run took it first
        preferences = getattr(log.user, "preferences", None)
        if preferences is None or not preferences.digest_enabled or not log.user.is_active:
            log.finish(
                DigestLog.Status.FAILED,
                error="Not sent: the digest was turned off before it could be sent again.",
            )
            run[DigestOutcome.OFF] += 1
            continue
        run[_deliver(log, preferences.time_zone, now=now, mailer=mailer)] += 1


def _deliver(log: DigestLog, zone: str, *, now, mailer) -> DigestOutcome:
    """Build, render and send the digest of a log row this attempt has claimed; record
    the end.

    A temporary mail failure leaves the row waiting to retry and raises
    TransientMailError; a permanent one, or a fault building this person's digest, is
    recorded as failed and the run goes on to the next person. The task's soft time
    limit hands the row back for the next run at once (waiting to retry), then ends the
    run; were the release itself cut short, the lease still runs out.
    """
    try:
        return _build_and_send(log, zone, now=now, mailer=mailer)
    except SoftTimeLimitExceeded:
        log.finish(
            DigestLog.Status.RETRY,
            error="Stopped by the task's time limit before it was sent; the next run sends it.",
        )
        raise


def _build_and_send(log: DigestLog, zone: str, *, now, mailer) -> DigestOutcome:
    user = log.user
    if not user.email:
        _record_end(log, DigestLog.Status.FAILED, error="The account has no e-mail address.")
        return DigestOutcome.FAILED
    try:
        with timezone.override(zone_or_utc(zone)):
            digest = digest_content.build_digest(user, today=timezone.localdate(now), now=now)
            if digest.is_empty:
                _record_end(log, DigestLog.Status.EMPTY)
                return DigestOutcome.EMPTY
            unsubscribe = digest_content.unsubscribe_url(user)
            message = build_email(
                "digest",
                digest_content.email_context(digest, unsubscribe=unsubscribe),
                to=user.email,
                headers={
                    **digest_content.email_headers(unsubscribe=unsubscribe),
                    # The same for every attempt at this digest: a resend is recognisably
                    # the same message.
                    "Message-ID": log.message_id,
                },
            )
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:  # one person's bad data must not stop everyone's digest
        logger.exception("Could not build the digest of user %s", user.pk)
        _record_end(log, DigestLog.Status.FAILED, error=f"Could not build the digest: {error!r}")
        return DigestOutcome.FAILED
    try:
        mailer.open()
        mailer.send_messages([message])
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:
        if not is_transient(error):
            _record_end(log, DigestLog.Status.FAILED, error=describe(error))
            return DigestOutcome.FAILED
        _record_end(log, DigestLog.Status.RETRY, error=describe(error))
        _drop_connection(mailer)
        raise TransientMailError(describe(error)) from error
    _record_end(log, DigestLog.Status.SENT, sent_at=timezone.now(), error="")
    return DigestOutcome.SENT


def _record_end(log: DigestLog, status: str, **fields) -> None:
    if not log.finish(status, **fields):
        # Only if this attempt outlived its lease, or a forced send took the row over.
        logger.warning(
            "Digest log %s was taken over by a later attempt; this one (%s) ended %s",
            log.pk,
            log.attempts,
            status,
        )


def _drop_connection(mailer) -> None:
    # Closing says goodbye to the server; after a disconnect it drops the dead socket so
    # the next open() connects afresh. Closing a dead connection can itself fail.
    try:
        mailer.close()
    except Exception:  # the connection is being thrown away anyway
        logger.debug("Closing a failed SMTP connection failed too", exc_info=True)
