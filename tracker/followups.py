"""What needs doing this week, across applications, referrals and interviews, and which
applications have gone quiet.

Read-only and bounded: `collect_week` runs the same handful of queries whatever the number
of applications, so the "This week" page and the weekly digest can both call it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone

from tracker.models import (
    Application,
    Interview,
    Referral,
    ReferralStage,
    Stage,
    Tier,
)

WINDOW_DAYS = 7
# A thank-you note is worth writing for a couple of weeks; after that it is noise.
THANK_YOU_WINDOW_DAYS = 14

# Days without a stage change after which an application counts as gone quiet. Startups
# answer fast or not at all; large companies and non-tech employers take longer.
STALE_AFTER_DAYS: dict[str, int] = {
    Tier.BIG_TECH: 21,
    Tier.MID_SIZE: 14,
    Tier.STARTUP: 10,
    Tier.FINANCE: 14,
    Tier.NON_TECH: 21,
}

NEXT_ACTION = "next_action"
REFERRAL = "referral"
PREP = "prep"
THANK_YOU = "thank_you"

KIND_LABELS = {
    NEXT_ACTION: "Next action",
    REFERRAL: "Referral",
    PREP: "Prep",
    THANK_YOU: "Thank-you",
}

REFERRAL_NUDGES = {
    ReferralStage.TO_ASK: "Ask {name} for a referral",
    ReferralStage.ASKED: "Nudge {name} about the referral",
    ReferralStage.AGREED: "Check that {name} has submitted the referral",
    ReferralStage.SUBMITTED: "Ask {name} whether the referral went through",
}


@dataclass(frozen=True)
class FollowUp:
    """One thing to do, due on a day, about one application."""

    kind: str
    due_on: datetime.date
    title: str
    application: Application
    referral: Referral | None = None
    interview: Interview | None = None

    @property
    def dom_id(self) -> str:
        target = self.referral or self.interview or self.application
        return f"follow-up-{self.kind}-{target.pk}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def action_url(self) -> str:
        if self.referral:
            return reverse("tracker:referral_follow_up", args=[self.referral.pk])
        if self.interview:
            return reverse("tracker:interview_follow_up", args=[self.interview.pk])
        return reverse("tracker:application_follow_up", args=[self.application.pk])

    @property
    def can_ghost(self) -> bool:
        return self.kind == NEXT_ACTION and self.application.stage in (
            Stage.APPLIED,
            Stage.SCREENING,
        )

    @property
    def can_snooze(self) -> bool:
        return self.kind in (NEXT_ACTION, REFERRAL)


@dataclass(frozen=True)
class StaleApplication:
    application: Application
    quiet_since: datetime.date
    quiet_days: int
    usual_days: int
    followed_up_before: bool
    suggestion: str
    draft: str


@dataclass(frozen=True)
class Week:
    today: datetime.date
    end: datetime.date
    follow_ups: list[FollowUp] = field(default_factory=list)
    stale: list[StaleApplication] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)

    @property
    def overdue(self) -> list[FollowUp]:
        return [item for item in self.follow_ups if item.due_on < self.today]

    @property
    def due_today(self) -> list[FollowUp]:
        return [item for item in self.follow_ups if item.due_on == self.today]

    @property
    def later(self) -> list[FollowUp]:
        return [item for item in self.follow_ups if item.due_on > self.today]

    @property
    def is_empty(self) -> bool:
        return not (self.follow_ups or self.stale or self.interviews)


def collect_week(
    user: User, *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> Week:
    """Everything overdue or due in the seven days from `today`, in the active time zone."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    end = today + datetime.timedelta(days=WINDOW_DAYS - 1)
    upcoming, interview_items = _interview_items(user, today, now, end)
    follow_ups = [*_next_actions(user, end), *_referral_nudges(user, end), *interview_items]
    follow_ups.sort(key=lambda item: (item.due_on, item.application.company.name, item.kind))
    return Week(
        today=today,
        end=end,
        follow_ups=follow_ups,
        stale=stale_applications(user, today=today),
        interviews=upcoming,
    )


def _next_actions(user: User, end: datetime.date) -> list[FollowUp]:
    applications = (
        Application.objects.for_user(user)
        .active()
        .filter(next_action_on__lte=end)
        .select_related("company")
    )
    return [
        FollowUp(NEXT_ACTION, a.next_action_on, a.next_action or "Decide the next step", a)
        for a in applications
    ]


def _referral_nudges(user: User, end: datetime.date) -> list[FollowUp]:
    referrals = (
        Referral.objects.for_user(user)
        .open()
        .filter(next_follow_up_on__lte=end)
        .exclude(application__stage=Stage.CLOSED)
        .select_related("application__company", "contact")
    )
    return [
        FollowUp(
            REFERRAL,
            referral.next_follow_up_on,
            REFERRAL_NUDGES[referral.stage].format(name=referral.contact.name),
            referral.application,
            referral=referral,
        )
        for referral in referrals
    ]


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Local midnight of `day` in the active time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _interview_items(
    user: User, today: datetime.date, now: datetime.datetime, end: datetime.date
) -> tuple[list[Interview], list[FollowUp]]:
    """Interviews of the coming week, plus prep before and a thank-you after each."""
    interviews = (
        Interview.objects.for_user(user)
        .held()
        .exclude(application__stage=Stage.CLOSED)
        .filter(
            scheduled_at__gte=start_of_day(today - datetime.timedelta(days=THANK_YOU_WINDOW_DAYS)),
            scheduled_at__lt=start_of_day(end + datetime.timedelta(days=1)),
        )
        .select_related("application__company")
        .order_by("scheduled_at", "pk")
    )
    upcoming, items = [], []
    for interview in interviews:
        day = timezone.localtime(interview.scheduled_at).date()
        if interview.scheduled_at >= now:
            upcoming.append(interview)
            if interview.prepared_on is None:
                due = max(day - datetime.timedelta(days=1), today)
                items.append(_interview_item(PREP, due, f"Prepare: {interview.label}", interview))
        elif interview.needs_thank_you and interview.thank_you_sent_on is None:
            due = day + datetime.timedelta(days=1)
            items.append(
                _interview_item(THANK_YOU, due, f"Thank-you note: {interview.label}", interview)
            )
    return upcoming, items


def _interview_item(kind: str, due: datetime.date, title: str, interview: Interview) -> FollowUp:
    return FollowUp(kind, due, title, interview.application, interview=interview)


def stale_applications(user: User, *, today: datetime.date) -> list[StaleApplication]:
    """Applied, no stage change and no follow-up for longer than the tier usually takes.

    Applications with a dated next action are left out: the person already has a plan.
    """
    quiet_from = today - datetime.timedelta(days=min(STALE_AFTER_DAYS.values()))
    candidates = (
        Application.objects.for_user(user)
        .filter(stage=Stage.APPLIED, next_action_on__isnull=True)
        .exclude(stale_snoozed_until__gt=today)
        .exclude(followed_up_on__gt=quiet_from)
        .annotate(last_change=Max("stage_events__happened_on"))
        .filter(last_change__lte=quiet_from)
        .select_related("company")
        .prefetch_related(
            Prefetch("referrals", queryset=Referral.objects.select_related("contact"))
        )
    )
    sender = user.get_full_name() or user.get_username()
    stale = []
    for application in candidates:
        quiet_since = max(filter(None, (application.last_change, application.followed_up_on)))
        quiet_days = (today - quiet_since).days
        usual = STALE_AFTER_DAYS.get(application.company.tier, max(STALE_AFTER_DAYS.values()))
        if quiet_days >= usual:
            stale.append(_stale(application, quiet_since, quiet_days, usual, sender))
    stale.sort(key=lambda item: -item.quiet_days)
    return stale


def _stale(
    application: Application, quiet_since: datetime.date, days: int, usual: int, sender: str
) -> StaleApplication:
    contact = _referrer(application)
    again = application.followed_up_on is not None
    if again:
        suggestion = (
            f"No answer in {days} days, even after your follow-up. One last short note, "
            "or mark it ghosted and put the energy elsewhere."
        )
    else:
        whom = f"{contact.name}, who referred you" if contact else "the recruiter or hiring team"
        suggestion = (
            f"No change for {days} days; {application.company.get_tier_display().lower()} "
            f"employers usually answer within {usual}. Send a short follow-up to {whom}."
        )
    return StaleApplication(
        application=application,
        quiet_since=quiet_since,
        quiet_days=days,
        usual_days=usual,
        followed_up_before=again,
        suggestion=suggestion,
        draft=draft_message(
            application, contact_name=contact.name if contact else "", sender=sender, again=again
        ),
    )


def _referrer(application: Application):
    referrals = [r for r in application.referrals.all() if r.stage != ReferralStage.DECLINED]
    return referrals[0].contact if referrals else None


def draft_message(application: Application, *, contact_name: str, sender: str, again: bool) -> str:
    """A short, polite follow-up the person can copy and adapt."""
    greeting = f"Hi {contact_name.split()[0]}," if contact_name else "Hello,"
    applied = application.applied_on.strftime("%-d %B") if application.applied_on else "recently"
    opening = (
        f"I wanted to follow up once more on my application for the {application.role_title} "
        f"role at {application.company.name}."
        if again
        else f"I applied for the {application.role_title} role at {application.company.name} "
        f"on {applied} and wanted to check in on where things stand."
    )
    return (
        f"Subject: Following up: {application.role_title}\n\n"
        f"{greeting}\n\n"
        f"{opening} I'm still very interested, and happy to share anything that would help — "
        "code, a paper, or a short call.\n\n"
        f"Thank you for your time,\n{sender}"
    )
