"""Writes to the tracker that touch more than one row, so they happen all or nothing;
and the weekly digest loop, which sends mail."""

from __future__ import annotations

import datetime
import enum
import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from config.mail import NOT_CONFIGURED
from tracker import digest as digest_content
from tracker.emails import TransientMailError, build_email, describe, is_transient
from tracker.models import (
    REFERRAL_STAGE_STEPS,
    Application,
    CalendarFeed,
    Company,
    Contact,
    CsvImport,
    DigestLog,
    Interview,
    Outcome,
    Preferences,
    Referral,
    ReferralStage,
    Stage,
    StageEvent,
    new_digest_message_id,
)
from tracker.time_zones import week_start_in_zone, zone_or_utc

if TYPE_CHECKING:
    from tracker.data.csv_import import Preview
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
def update_application(
    *, application: Application, company_name: str, new_company_tier: str = "", **fields
) -> Application:
    """Change an application's details and company (made when the name is new) in one
    transaction, the row locked. Not its stage: `change_stage` moves it and logs the move."""
    company, _ = get_or_create_company(
        owner=application.owner, name=company_name, tier=new_company_tier
    )
    locked = Application.objects.select_for_update().get(pk=application.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.company = company
    locked.full_clean()
    locked.save()
    return locked


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


@transaction.atomic
def create_account(form: SignupForm, *, active: bool = True) -> User:
    """Save a valid sign-up form and the new person's preferences, with the weekly digest
    scheduled for its next slot (never sent at once). An account made inactive waits for
    its e-mail address to be confirmed."""
    user = form.save(commit=False)
    user.is_active = active
    user.save()
    preferences = Preferences(user=user, time_zone=form.cleaned_data["time_zone"])
    preferences.schedule_digest(now=timezone.now())
    preferences.save()
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


# --- Preferences and the weekly digest --------------------------------------------------

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
BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)
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


def unsubscribe_from_digest(*, user: User) -> Preferences:
    """Turn the digest off. Idempotent: a second call (a mail program's one-click POST
    and then the person's own click) changes nothing more."""
    preferences = preferences_for(user)
    Preferences.objects.filter(pk=preferences.pk).update(digest_enabled=False, next_digest_at=None)
    preferences.refresh_from_db()
    return preferences


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

    try:
        send_due_digests_task.apply_async(retry=False)
    except BROKER_ERRORS as error:
        logger.warning("Could not queue the next digest run (%s); the next tick will.", error)
        return False
    return True


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
