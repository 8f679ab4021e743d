"""The weekly digest's log: one row per person and week, claimed and sent once."""

from __future__ import annotations

import datetime
from email.utils import make_msgid

from django.conf import settings
from django.core.mail.utils import DNS_NAME
from django.db import models
from django.utils import timezone


def new_digest_message_id() -> str:
    """A Message-ID for a new digest: every attempt at sending that digest reuses it."""
    return make_msgid(idstring="digest", domain=str(DNS_NAME))


class DigestLogQuerySet(models.QuerySet):
    def unfinished(self, *, abandoned_before: datetime.datetime) -> DigestLogQuerySet:
        """Digests to send again: waiting after a temporary mail failure, or marked
        sending by an attempt that began before `abandoned_before` and never ended (its
        sender died: worker killed, machine lost)."""
        return self.filter(
            models.Q(status=DigestLog.Status.RETRY)
            | models.Q(status=DigestLog.Status.SENDING, claimed_at__lt=abandoned_before)
        )


class DigestLog(models.Model):
    """One person's digest for one week: the second guard against sending twice (the
    first is the claim on `Preferences.next_digest_at`), and the record of what happened.

    `week_start` is the Monday of the week the digest was scheduled in, in the person's
    zone, so a late send still counts for the week it belonged to.

    Each attempt at sending owns the row while its status is `sending` and `attempts`
    is still its number: a new attempt claims the row by compare-and-swap on what it
    read (`take_over`), and an attempt records its end only while it still owns the row
    (`finish`), so a sender that was given up for dead cannot overwrite its successor.
    """

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        EMPTY = "empty", "Nothing to report"
        RETRY = "retry", "Waiting to retry"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_logs"
    )
    week_start = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    forced = models.BooleanField(default=False, help_text="Sent by hand with --force.")
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(
        default=timezone.now, help_text="When the current attempt began: its lease starts here."
    )
    message_id = models.CharField(
        max_length=255,
        default=new_digest_message_id,
        help_text="The e-mail's Message-ID, the same for every attempt at this digest.",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DigestLogQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="digest_once_per_week"),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(status__in=["retry", "sending"]),
                name="digestlog_unfinished",
            ),
        ]

    def __str__(self) -> str:
        return f"Digest of {self.user} for the week of {self.week_start}: {self.status}"

    def take_over(self, *, now: datetime.datetime) -> bool:
        """Begin a new attempt, if the row is still as this copy read it; True when this
        caller won it (two runs reading the same row: one wins)."""
        attempt = self.attempts + 1
        won = self._as_read().update(status=self.Status.SENDING, attempts=attempt, claimed_at=now)
        if won:
            self.status, self.attempts, self.claimed_at = self.Status.SENDING, attempt, now
        return won == 1

    def give_up(self, error: str) -> bool:
        """Mark it failed, if the row is still as this copy read it."""
        return self._as_read().update(status=self.Status.FAILED, error=error) == 1

    def finish(self, status: str, **fields: object) -> bool:
        """Record how this attempt ended, unless a later attempt has taken the row over;
        True when recorded."""
        mine = DigestLog.objects.filter(
            pk=self.pk, status=self.Status.SENDING, attempts=self.attempts
        )
        return mine.update(status=status, **fields) == 1

    def _as_read(self) -> DigestLogQuerySet:
        return DigestLog.objects.filter(
            pk=self.pk, status=self.status, attempts=self.attempts, claimed_at=self.claimed_at
        )
