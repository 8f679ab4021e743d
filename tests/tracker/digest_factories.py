"""People with a digest schedule, and a little to say in it, for the digest tests."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from tests.factories import make_application
from tracker import services
from tracker.models import Application, Preferences


def make_person(
    username: str,
    *,
    zone: str = "UTC",
    weekday: int = 0,
    hour: int = 8,
    now: datetime.datetime | None = None,
    **user_fields,
) -> User:
    """An account as sign-up makes it: preferences with the next slot after `now`."""
    user_fields.setdefault("email", f"{username}@example.com")
    user = User.objects.create_user(username, **user_fields)
    preferences = Preferences(user=user, time_zone=zone, digest_weekday=weekday, digest_hour=hour)
    preferences.schedule_digest(now=now or timezone.now())
    preferences.save()
    return user


def give_something_to_do(user: User, *, due_on: datetime.date | None = None) -> Application:
    """An application with a next action due: enough for a digest to have content."""
    company, _ = services.get_or_create_company(
        owner=user, name=f"Company of {user.username}", tier="startup"
    )
    return make_application(
        user,
        company,
        role_title="Research Engineer",
        stage="applied",
        next_action="Email the hiring manager",
        next_action_on=due_on or timezone.localdate(),
    )


def make_due(user: User, at: datetime.datetime) -> None:
    """Move the person's slot to `at` (as if it was set a week ago)."""
    Preferences.objects.filter(user=user).update(next_digest_at=at)
