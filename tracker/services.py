"""Writes to the tracker that touch more than one row, so they happen all or nothing:
applications and their stage log (a job saved from its own page too), referrals, the
calendar feed, CSV imports. (Accounts and preferences live in tracker.accounts, the weekly
digest in tracker.digest.)"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker import posting_capture
from tracker.models import (
    REFERRAL_STAGE_STEPS,
    REFERRED_STAGES,
    Application,
    CalendarFeed,
    Company,
    Contact,
    CsvImport,
    Interview,
    Outcome,
    Referral,
    ReferralStage,
    Source,
    Stage,
    StageEvent,
)
from tracker.stage_log import refold, refolds_deferred

if TYPE_CHECKING:
    from tracker.data.csv_import import Preview
    from tracker.forms import ApplicationForm

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
    *,
    owner,
    company: Company | None = None,
    company_name: str = "",
    new_company_tier: str = "",
    happened_on: datetime.date | None = None,
    **fields,
) -> Application:
    """Create an application, its company when the name is new (with `new_company_tier`),
    and the stage event that opens its history: all of it or nothing. Every way in — the
    form, quick add, the admin, the demo — comes through here (a CSV file through
    `import_applications`, which checks a whole file's rows first).

    The first event is dated `happened_on`, else the application date, else today, so a
    back-filled application lands in the right week of the funnel.
    """
    if company is None:
        company, _ = get_or_create_company(owner=owner, name=company_name, tier=new_company_tier)
    return _insert_application(owner, company, happened_on, fields, checked=False)


@transaction.atomic
def save_clipped_job(
    *,
    owner,
    company_name: str,
    new_company_tier: str,
    role_title: str,
    posting_url: str,
    posting_text: str,
    fetch_posting: bool,
) -> Application:
    """Track a job saved from its own page (the bookmarklet's clip page): an application
    at "saved" holding the page's address and the text selected there, its company made
    when the name is new; then its posting goes to the apps that keep postings, to be
    fetched from the page on a worker when asked and no text was given. All of it or
    nothing: a capture that refuses leaves nothing saved.

    Not idempotent by itself: the clip form flags a job tracked already (the same page,
    or the same role at the same company) and saves it again only when told to."""
    application = create_application(
        owner=owner,
        company_name=company_name,
        new_company_tier=new_company_tier,
        role_title=role_title,
        stage=Stage.SAVED,
        posting_url=posting_url,
        posting_text=posting_text,
    )
    posting_capture.capture_posting(
        application=application,
        url=posting_url,
        text=posting_text,
        fetch=fetch_posting and not posting_text.strip(),
    )
    return application


@transaction.atomic
def update_application(
    *, application: Application, company_name: str, new_company_tier: str = "", **fields
) -> Application:
    """Change an application's details and company (made when the name is new) in one
    transaction, the row locked. Not its stage: `change_stage` moves it and logs the move."""
    company, _ = get_or_create_company(
        owner=application.owner, name=company_name, tier=new_company_tier
    )
    locked = Application.objects.select_for_update().get(pk=application.pk)
    applied_before = locked.applied_on
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.company = company
    locked.full_clean()
    locked.save()
    if locked.applied_on and locked.applied_on != applied_before:
        _redate_sending(locked, locked.applied_on)
    return locked


def _redate_sending(application: Application, day: datetime.date) -> None:
    """Move the event that sent the application (its first step past "saved") to `day`,
    so a date entered after the fact puts it in the right week of the funnel. The log
    stays in order: the day must fall between the changes before and after it."""
    events = list(application.stage_events.order_by("happened_on", "recorded_at", "pk"))
    sent = [i for i, event in enumerate(events) if _sends(event)]
    if not sent:
        return
    index = sent[0]
    before = events[index - 1].happened_on if index > 0 else None
    after = events[index + 1].happened_on if index + 1 < len(events) else None
    if (before and day < before) or (after and day > after):
        raise ValidationError({"applied_on": _between(before, after)})
    StageEvent.objects.filter(pk=events[index].pk).update(happened_on=day)
    refold([application.pk])


def _sends(event: StageEvent) -> bool:
    """Whether this step is the application going out (closing a saved one is not)."""
    if event.to_stage == Stage.CLOSED:
        return event.from_stage != Stage.SAVED
    return event.to_stage != Stage.SAVED


def _between(before: datetime.date | None, after: datetime.date | None) -> str:
    def day(d: datetime.date) -> str:
        return f"{d.day} {d:%B %Y}"

    if before and after:
        allowed = f"between {day(before)} and {day(after)}"
    elif before:
        allowed = f"on or after {day(before)}"
    else:
        allowed = f"on or before {day(after)}"
    return f"Pick a day {allowed}: the history has changes around the day it was sent."


def application_values(form: ApplicationForm) -> dict:
    """The plain values a valid application form holds, as the services take them."""
    data = form.cleaned_data
    values = {name: data[name] for name in form._meta.fields if name in data}
    values["company_name"] = data["company_name"]
    values["new_company_tier"] = data.get("new_company_tier", "")
    return values


def _insert_application(
    owner, company: Company, happened_on: datetime.date | None, fields: dict, *, checked: bool
) -> Application:
    """The two inserts of `create_application`, inside the caller's transaction. With
    `checked`, the values were validated by the application form already (constraints
    included), so they are not sent to the database to be checked a second time."""
    application = Application(owner=owner, company=company, **fields)
    if application.stage != Stage.SAVED and not application.applied_on:
        application.applied_on = happened_on or timezone.localdate()
    if checked:  # the form checked the values; the company and owner are ours in hand
        application.full_clean(
            exclude=["company", "owner"], validate_unique=False, validate_constraints=False
        )
    else:
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
    event each in order rather than two events from the same starting stage. A date
    before the latest event's is refused (ValidationError naming the earliest day allowed).
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
    today = timezone.localdate()
    happened_on = happened_on or today
    if happened_on > today:
        raise ValidationError({"happened_on": "That date is in the future."})
    # The history reads in date order, so a change cannot be dated before the last one. An
    # opening event dated after today (a future application date) does not block today.
    days = locked.stage_events.order_by("-happened_on").values_list("happened_on", flat=True)
    earliest = min(days.first() or happened_on, today)
    if happened_on < earliest:
        raise ValidationError(
            {
                "happened_on": f"Date this change on or after {earliest.day} "
                f"{earliest:%B %Y}, the day of the last change in its history."
            }
        )
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


# How long a stage change can be taken back: long enough to notice a mis-drag.
UNDO_WINDOW = datetime.timedelta(minutes=15)


def undoable_event(application: Application, *, now: datetime.datetime) -> StageEvent | None:
    """The application's last stage change, if it can still be undone: recorded within
    UNDO_WINDOW, and not the event that opened the history."""
    last = application.stage_events.order_by("-happened_on", "-recorded_at", "-pk").first()
    if last is None or not last.from_stage or last.recorded_at < now - UNDO_WINDOW:
        return None
    return last


@transaction.atomic
def undo_stage_change(*, application: Application, now: datetime.datetime) -> StageEvent:
    """Take back the last stage change: its event is deleted (the log and the dashboard
    never saw it) and the application is back where it was. Raises ValidationError when
    there is nothing left to undo."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    event = undoable_event(locked, now=now)
    if event is None:
        raise ValidationError("There is no recent stage change to undo.")
    earlier = (
        locked.stage_events.exclude(pk=event.pk)
        .order_by("-happened_on", "-recorded_at", "-pk")
        .first()
    )
    event.delete()
    refold([locked.pk])
    locked.stage = event.from_stage
    locked.outcome = earlier.outcome if earlier and earlier.to_stage == event.from_stage else ""
    if not any(_sends(e) for e in locked.stage_events.all()):
        locked.applied_on = None  # the undone change was the one that sent it
    locked.save(update_fields=["stage", "outcome", "applied_on", "updated_at"])
    application.stage, application.outcome = locked.stage, locked.outcome
    application.applied_on = locked.applied_on
    return event


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
    follow_up_typed: bool = False,
    new_contact: dict | None = None,
    today: datetime.date | None = None,
) -> Referral:
    """Save a referral the person created or edited, with a new contact if they typed one.

    A stage reached today records its day and schedules the nudge that stage calls for,
    unless the person filled those in (`follow_up_typed`); see `_reached_stage` for the
    contact and the application's channel.
    """
    today = today or timezone.localdate()
    if new_contact:
        referral.contact = Contact.objects.create(owner=referral.application.owner, **new_contact)
    if stage_changed:
        referral.reached(referral.stage, today, follow_up_typed=follow_up_typed)
    referral.full_clean()
    referral.save()
    if stage_changed:
        _reached_stage(referral, today)
    return referral


# What moving a referral may change: its stage, the day of the stage, the next nudge.
REFERRAL_STAGE_FIELDS = [
    "stage",
    *dict.fromkeys(day for day, _ in REFERRAL_STAGE_STEPS.values() if day),
    "next_follow_up_on",
    "updated_at",
]


@transaction.atomic
def move_referral(*, referral: Referral, to_stage: str, today: datetime.date) -> Referral:
    """One click on a referral: move it to `to_stage` today. Its day is recorded unless
    one is, and the next nudge is the one the new stage calls for (none once closed); see
    `_reached_stage` for the rest. Moving it to the stage it is at changes nothing, so a
    second click (or a second tab) is harmless.
    """
    if to_stage not in ReferralStage.values:
        raise ValidationError({"stage": "That is not a referral stage."})
    if referral.stage == to_stage:
        return referral
    referral.reached(to_stage, today)
    referral.save(update_fields=REFERRAL_STAGE_FIELDS)
    _reached_stage(referral, today)
    return referral


def _reached_stage(referral: Referral, today: datetime.date) -> None:
    """What a referral's new stage means beyond it: the contact was contacted (unless it
    is still to ask), and a referral in the company's hands sets the application's
    channel (`file_as_referred`)."""
    if referral.stage != ReferralStage.TO_ASK:
        referral.contact.mark_contacted(today)
    if referral.stage in REFERRED_STAGES:
        file_as_referred(referral.application)


def file_as_referred(application: Application) -> bool:
    """Set the application's channel to "Referral" if it is "Cold application", the
    channel every application starts with; returns whether it changed.

    Only "cold" gives way: the other channels (a recruiter, a warm introduction, an event,
    other) are ones the person chose, and say how the application began even when a
    referral follows. Never undone by moving the referral back: the person edits the
    application. One conditional UPDATE, so two requests at once change it once.
    """
    cold = Application.objects.filter(pk=application.pk, source=Source.COLD)
    if not cold.update(source=Source.REFERRAL, updated_at=timezone.now()):
        return False
    application.source = Source.REFERRAL
    return True


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


# Rows between two progress reports of a long import.
PROGRESS_EVERY = 100


@transaction.atomic
def import_applications(
    *, owner, preview: Preview, on_progress: Callable[[int], None] | None = None
) -> list[Application]:
    """Create every application of a clean preview, or none.

    Rows were validated by the application form; a row carrying a stage history gets
    its events with their dates, so the dashboard sees the search as it happened. One
    transaction, the companies looked up once, two inserts per plain row: 2,000 rows take
    seconds, not a request timeout.
    """
    if not preview.is_clean:
        raise ValidationError("Fix the rows with errors before importing; nothing was imported.")
    companies = {c.name.strip().upper(): c for c in Company.objects.for_user(owner)}
    created = []
    with refolds_deferred():  # every imported log folded at the end, a chunk at a time
        for row in preview.rows:
            data = row.form.cleaned_data
            name = data["company_name"].strip()
            company = companies.get(name.upper())
            if company is None:
                company, _ = get_or_create_company(
                    owner=owner, name=name, tier=data.get("new_company_tier", "")
                )
                companies[name.upper()] = company
            if row.history:
                created.append(_import_with_history(owner, company, row.form, row.history))
            else:
                fields = {f: data[f] for f in row.form._meta.fields if f in data}
                created.append(_insert_application(owner, company, None, fields, checked=True))
            if on_progress is not None and len(created) % PROGRESS_EVERY == 0:
                on_progress(len(created))
    return created


def _import_with_history(
    owner, company: Company, form: ApplicationForm, history: list
) -> Application:
    first_day, first_stage, first_outcome = history[0]
    form.cleaned_data.update(stage=first_stage, outcome=first_outcome)
    fields = {f: form.cleaned_data[f] for f in form._meta.fields if f in form.cleaned_data}
    application = _insert_application(owner, company, first_day, fields, checked=False)
    for day, stage, outcome in history[1:]:
        change_stage(application=application, to_stage=stage, outcome=outcome, happened_on=day)
    return application


@transaction.atomic
def finish_csv_import(
    *,
    csv_import: CsvImport,
    preview: Preview,
    on_progress: Callable[[int], None] | None = None,
) -> list[Application]:
    """Import a confirmed upload once: its row is locked, and an import already done
    (a double click, a second tab) imports nothing more."""
    locked = CsvImport.objects.select_for_update().get(pk=csv_import.pk)
    if locked.imported_at is not None:
        raise ValidationError("This file has already been imported.")
    created = import_applications(owner=locked.owner, preview=preview, on_progress=on_progress)
    locked.imported_at = timezone.now()
    locked.imported_count = len(created)
    locked.text = ""
    locked.save(update_fields=["imported_at", "imported_count", "text"])
    return created
