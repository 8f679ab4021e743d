"""A person's preferences: read with defaults, saved (rescheduling the digest when its
slot changes), the digest turned off from an e-mail, and their work authorisation."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.utils import timezone

from tracker.models import (
    Preferences,
)

if TYPE_CHECKING:
    pass


SCHEDULE_FIELDS = ("digest_enabled", "digest_weekday", "digest_hour", "time_zone")


def preferences_for(user: User) -> Preferences:
    """The person's preferences; accounts made outside sign-up (admin, shell) get the
    defaults, with the digest scheduled."""
    defaults = Preferences(user=user)
    defaults.schedule_digest(now=timezone.now())
    preferences, _ = Preferences.objects.get_or_create(
        user=user, defaults={"next_digest_at": defaults.next_digest_at}
    )
    return preferences


def save_preferences(
    *, preferences: Preferences, now: datetime.datetime | None = None
) -> Preferences:
    """Save preferences a valid form changed. A change to the digest's day, hour, zone or
    on/off reschedules it from now (so saving never mails at once); other saves leave the
    slot alone — not even rewriting it, since the digest loop may be advancing it — so a
    digest already due is not pushed back a week."""
    stored = Preferences.objects.filter(pk=preferences.pk).values(*SCHEDULE_FIELDS).first()
    changed = stored is None or any(stored[f] != getattr(preferences, f) for f in SCHEDULE_FIELDS)
    fields = list(SCHEDULE_FIELDS)
    if changed or (preferences.digest_enabled and preferences.next_digest_at is None):
        preferences.schedule_digest(now=now or timezone.now())
        fields.append("next_digest_at")
    preferences.full_clean()
    preferences.save(update_fields=fields if stored is not None else None)
    return preferences


WORK_AUTHORISATION_FIELDS = ("needs_sponsorship", "work_authorisation")


def save_work_authorisation(*, preferences: Preferences) -> Preferences:
    """Save the person's work authorisation a valid form changed, and nothing else: the
    digest's slot is the digest loop's to advance."""
    preferences.save(update_fields=WORK_AUTHORISATION_FIELDS)
    return preferences


def needs_sponsorship(user: User) -> bool:
    """Whether the person said they need a visa sponsored (one query; no row: no)."""
    return Preferences.objects.filter(user=user, needs_sponsorship=True).exists()


def unsubscribe_from_digest(*, user: User) -> Preferences:
    """Turn the digest off. Idempotent: a second call (a mail program's one-click POST
    and then the person's own click) changes nothing more."""
    preferences = preferences_for(user)
    Preferences.objects.filter(pk=preferences.pk).update(digest_enabled=False, next_digest_at=None)
    preferences.refresh_from_db()
    return preferences
