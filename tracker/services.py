"""Writes to the tracker that touch more than one row, so they happen all or nothing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.models import (
    REFERRAL_STAGE_STEPS,
    Application,
    CalendarFeed,
    Company,
    Contact,
    CsvImport,
    Interview,
    Outcome,
    Preferences,
    Referral,
    ReferralStage,
    Stage,
    StageEvent,
)

if TYPE_CHECKING:
    from tracker.csv_import import Preview
    from tracker.forms import ApplicationForm, SignupForm

# An upload not confirmed within a day is dropped the next time its owner uploads.
PENDING_IMPORT_LIFETIME = datetime.timedelta(days=1)


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


def create_application_from_form(
    *, owner, form: ApplicationForm, happened_on: datetime.date | None = None
) -> Application:
    """Create the application a valid form describes, and its company if it is new."""
    data = form.cleaned_data
    company, _ = get_or_create_company(
        owner=owner, name=data["company_name"], tier=data.get("new_company_tier", "")
    )
    fields = {name: data[name] for name in form._meta.fields if name in data}
    return create_application(owner=owner, company=company, happened_on=happened_on, **fields)


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


@transaction.atomic
def mark_ghosted(*, application: Application) -> StageEvent | None:
    """Close an application as ghosted today; its next action goes with it."""
    event = change_stage(application=application, to_stage=Stage.CLOSED, outcome=Outcome.GHOSTED)
    application.finish_next_action()
    return event


@transaction.atomic
def plan_rounds(*, application: Application, rounds: list[dict[str, str]]) -> list[Interview]:
    """Add unscheduled rounds (kind, title) after the application's existing ones."""
    last = max(application.interviews.values_list("position", flat=True), default=0)
    interviews = [
        Interview(
            application=application,
            kind=round_["kind"],
            title=round_.get("title", ""),
            position=last + offset,
        )
        for offset, round_ in enumerate(rounds, start=1)
    ]
    for interview in interviews:
        interview.full_clean()
    return Interview.objects.bulk_create(interviews)


@transaction.atomic
def save_referral(
    *,
    referral: Referral,
    stage_changed: bool,
    new_contact: dict | None = None,
    today: datetime.date | None = None,
) -> Referral:
    """Save a referral the person created or edited, with a new contact if they typed one.

    A stage reached today records its day and schedules the next nudge, unless the person
    filled those in; the contact counts as contacted whenever a stage moves on.
    """
    today = today or timezone.localdate()
    if new_contact:
        referral.contact = Contact.objects.create(owner=referral.application.owner, **new_contact)
    if stage_changed:
        referral.reached(referral.stage, today)
        if referral.stage != ReferralStage.TO_ASK:
            referral.contact.mark_contacted(today)
    referral.full_clean()
    referral.save()
    return referral


@transaction.atomic
def record_referral_nudge(*, referral: Referral, today: datetime.date) -> Referral:
    """The follow-up on a referral is done: asking moves “to ask” to “asked”; otherwise
    it was a nudge, and the next one is scheduled as that stage usually needs."""
    if referral.stage == ReferralStage.TO_ASK:
        referral.reached(ReferralStage.ASKED, today)
    else:
        _, days = REFERRAL_STAGE_STEPS[referral.stage]
        referral.next_follow_up_on = today + datetime.timedelta(days=days) if days else None
    referral.save(update_fields=["stage", "asked_on", "next_follow_up_on", "updated_at"])
    referral.contact.mark_contacted(today)
    return referral


def enable_calendar_feed(*, owner) -> CalendarFeed:
    """Turn the feed on, or give it a new secret address (the old one stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(
        owner=owner, defaults={"token": CalendarFeed.new_token()}
    )
    if not created:
        feed.token = CalendarFeed.new_token()
        feed.save(update_fields=["token"])
    return feed


def disable_calendar_feed(*, owner) -> None:
    CalendarFeed.objects.filter(owner=owner).delete()


@transaction.atomic
def start_csv_import(
    *, owner, file_name: str, text: str, encoding: str, mapping: dict[str, str]
) -> CsvImport:
    """Keep a decoded upload until the person confirms it; drop their stale ones."""
    CsvImport.objects.filter(
        owner=owner,
        imported_at__isnull=True,
        created_at__lt=timezone.now() - PENDING_IMPORT_LIFETIME,
    ).delete()
    return CsvImport.objects.create(
        owner=owner, file_name=file_name[:255], text=text, encoding=encoding, mapping=mapping
    )


@transaction.atomic
def import_applications(*, owner, preview: Preview) -> list[Application]:
    """Create every application of a clean preview, or none.

    Rows were validated by the application form; a row carrying a stage history gets
    its events with their dates, so the dashboard sees the search as it happened.
    """
    if not preview.is_clean:
        raise ValidationError("Fix the rows with errors before importing; nothing was imported.")
    created = []
    for row in preview.rows:
        if row.history:
            created.append(_import_with_history(owner, row.form, row.history))
        else:
            created.append(create_application_from_form(owner=owner, form=row.form))
    return created


def _import_with_history(owner, form: ApplicationForm, history: list) -> Application:
    first_day, first_stage, first_outcome = history[0]
    form.cleaned_data.update(stage=first_stage, outcome=first_outcome)
    application = create_application_from_form(owner=owner, form=form, happened_on=first_day)
    for day, stage, outcome in history[1:]:
        change_stage(application=application, to_stage=stage, outcome=outcome, happened_on=day)
    return application


@transaction.atomic
def finish_csv_import(*, csv_import: CsvImport, preview: Preview) -> list[Application]:
    """Import a confirmed upload once: its row is locked, and an import already done
    (a double click, a second tab) imports nothing more."""
    locked = CsvImport.objects.select_for_update().get(pk=csv_import.pk)
    if locked.imported_at is not None:
        raise ValidationError("This file has already been imported.")
    created = import_applications(owner=locked.owner, preview=preview)
    locked.imported_at = timezone.now()
    locked.imported_count = len(created)
    locked.text = ""
    locked.save(update_fields=["imported_at", "imported_count", "text"])
    return created
