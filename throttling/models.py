"""Token buckets kept in the database, so every web process sees the same count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models


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
