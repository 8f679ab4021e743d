"""Writes to the tracker that touch more than one row, so they happen all or nothing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.models import Application, Company, Outcome, Preferences, Stage, StageEvent

if TYPE_CHECKING:
    from tracker.forms import SignupForm


def get_or_create_company(*, owner, name: str, tier: str = "") -> tuple[Company, bool]:
    """The owner's company of that name (any letter case), created with `tier` if new."""
    name = name.strip()
    existing = Company.objects.for_user(owner).named(name).first()
    if existing:
        return existing, False
    if not tier:
        raise ValidationError({"tier": f"“{name}” is a new company: pick its tier."})
    return Company.objects.create(owner=owner, name=name, tier=tier), True


@transaction.atomic
def create_application(
    *, owner, company: Company, happened_on: datetime.date | None = None, **fields
) -> Application:
    """Create an application and the stage event that opens its history.

    The first event is dated `happened_on`, else the application date, else today, so a
    back-filled application lands in the right week of the funnel.
    """
    application = Application(owner=owner, company=company, **fields)
    if application.stage != Stage.SAVED and not application.applied_on:
        application.applied_on = happened_on or timezone.localdate()
    application.full_clean()
    application.save()
    StageEvent.objects.create(
        application=application,
        from_stage="",
        to_stage=application.stage,
        outcome=application.outcome,
        happened_on=happened_on or application.applied_on or timezone.localdate(),
    )
    return application


@transaction.atomic
def change_stage(
    *,
    application: Application,
    to_stage: str,
    outcome: str = "",
    happened_on: datetime.date | None = None,
) -> StageEvent | None:
    """Move an application to `to_stage` and log it; returns None when nothing changed.

    The row is locked while it changes, so two tabs dragging the same card log one
    event each in order rather than two events from the same starting stage.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if to_stage not in Stage.values:
        raise ValidationError({"stage": "Unknown stage."})
    if to_stage == Stage.CLOSED and outcome not in Outcome.values:
        raise ValidationError({"outcome": "Say how it ended before closing it."})
    if to_stage != Stage.CLOSED:
        outcome = ""
    if locked.stage == to_stage and locked.outcome == outcome:
        return None
    happened_on = happened_on or timezone.localdate()
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": "That date is in the future."})
    event = StageEvent.objects.create(
        application=locked,
        from_stage=locked.stage,
        to_stage=to_stage,
        outcome=outcome,
        happened_on=happened_on,
    )
    locked.stage = to_stage
    locked.outcome = outcome
    if to_stage != Stage.SAVED and not locked.applied_on:
        locked.applied_on = happened_on
    locked.save(update_fields=["stage", "outcome", "applied_on", "updated_at"])
    application.stage, application.outcome = locked.stage, locked.outcome
    application.applied_on = locked.applied_on
    return event


@transaction.atomic
def create_account(form: SignupForm) -> User:
    """Save a valid sign-up form and the new person's preferences."""
    user = form.save()
    Preferences.objects.create(user=user, time_zone=form.cleaned_data["time_zone"])
    return user
