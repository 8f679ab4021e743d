"""A person's preferences (time zone, the weekly digest's slot, work authorisation) and the
token buckets that throttle log-ins, sign-ups and reset e-mails."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tracker.time_zones import next_weekly_time


class Weekday(models.IntegerChoices):
    # Python's numbering (`date.weekday()`), so no translation is needed anywhere.
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Preferences(models.Model):
    """Per-person settings: the time zone every date and time is shown in, when the
    weekly digest goes out, and the person's work authorisation.

    `next_digest_at` is the schedule itself (UTC): the digest loop claims a person by
    swapping it for the following slot, so it is empty exactly when no digest is due ever.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    digest_enabled = models.BooleanField("Send me the weekly digest", default=True)
    digest_weekday = models.PositiveSmallIntegerField(
        "Day", choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_hour = models.PositiveSmallIntegerField(
        "Hour", default=8, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    next_digest_at = models.DateTimeField(null=True, blank=True)
    # The person's own right to work, in their words, and whether they need a visa
    # sponsored: what the companies' sponsorship facts are read against.
    needs_sponsorship = models.BooleanField("I need visa sponsorship", default=False)
    work_authorisation = models.TextField(
        "Where I may work",
        blank=True,
        help_text="In your words: citizenship, permits and what you would need where, for "
        "example “EU citizen; US roles need an H-1B or O-1”.",
    )

    class Meta:
        verbose_name_plural = "preferences"
        indexes = [
            # The hourly loop's only question: who is due?
            models.Index(
                fields=["next_digest_at"],
                condition=models.Q(digest_enabled=True),
                name="preferences_digest_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_hour__lte=23), name="preferences_digest_hour_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(digest_weekday__lte=6),
                name="preferences_digest_weekday_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Preferences of {self.user}"

    def next_digest_after(self, moment: datetime.datetime) -> datetime.datetime | None:
        """The first digest slot strictly after `moment`, or None when the digest is off."""
        if not self.digest_enabled:
            return None
        return next_weekly_time(
            after=moment, weekday=self.digest_weekday, hour=self.digest_hour, zone=self.time_zone
        )

    def schedule_digest(self, *, now: datetime.datetime) -> None:
        """Set (without saving) the next slot from now on: after sign-up, a change of
        settings or a re-subscription. Never due at once, so nothing is mailed on save."""
        self.next_digest_at = self.next_digest_after(now)


@dataclass(frozen=True)
class Rate:
    """`attempts` per `period`: a full bucket holds that many and refills steadily."""

    attempts: int
    period: datetime.timedelta


class TokenBucket(models.Model):
    # "<purpose>:<HMAC of the value>": usernames and addresses are never stored in clear.
    key = models.CharField(max_length=100, primary_key=True)
    tokens = models.FloatField()
    updated_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.tokens:.1f}"

    def refill(self, rate: Rate, now: datetime.datetime) -> None:
        elapsed = (now - self.updated_at) / rate.period
        self.tokens = min(float(rate.attempts), self.tokens + elapsed * rate.attempts)
        self.updated_at = now
