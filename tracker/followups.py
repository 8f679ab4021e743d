"""What needs doing this week, across applications, referrals and interviews, and which
applications have gone quiet.

Read-only and bounded: `collect_week` runs the same handful of queries whatever the number
of applications, and each section holds at most a given number of items (the most pressing
first) with the count of all of them, so the "This week" page and the weekly digest can
both call it and stay small at ten thousand applications.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, RowNumber, TruncDate
from django.urls import reverse
from django.utils import timezone

from tracker.models import (
    UNATTENDED_KINDS,
    Application,
    Interview,
    InterviewOutcome,
    Referral,
    ReferralStage,
    Stage,
    StageEvent,
    Tier,
)
from tracker.outreach import (
    Draft,
    after_interview_draft,
    follow_up_draft,
    referral_nudge_draft,
    round_name,
    sender_name,
    thank_you_draft,
)

WINDOW_DAYS = 7
# Items per section of the "This week" page; the rest are a click away in the table. At
# 1,000 applications an unbounded page listed 408 items in 454 KB.
PAGE_LIMIT = 15
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
AFTER_INTERVIEW = "after_interview"

KIND_LABELS = {
    NEXT_ACTION: "Next action",
    REFERRAL: "Referral",
    PREP: "Prep",
    THANK_YOU: "Thank-you",
    AFTER_INTERVIEW: "Follow-up",
}
# A round not answered within a week deserves a polite follow-up; a month after it, the
# application has gone quiet and the table's filters are the better place for it.
FOLLOW_UP_AFTER_INTERVIEW_DAYS = 7
AFTER_INTERVIEW_WINDOW_DAYS = 30

# The follow-up sections. Each source (next actions, referral nudges, interviews) gives
# the first items of each section and the section's size, from a query with window
# functions, so merging them never sees more than three sections' worth of rows.
OVERDUE, TODAY, LATER = "overdue", "today", "later"
SECTIONS = (OVERDUE, TODAY, LATER)

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
    sender: str = ""  # who signs the draft message

    @property
    def target(self) -> Application | Referral | Interview:
        return self.referral or self.interview or self.application

    @property
    def dom_id(self) -> str:
        return f"follow-up-{self.kind}-{self.target.pk}"

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

    @property
    def draft(self) -> Draft | None:
        """The message this follow-up sends, ready to edit; None when there is none to
        write (a next action, prep) or it needs more than the tracker holds (the referral
        ask itself, which quotes the person's experience)."""
        if self.referral:
            return referral_nudge_draft(self.referral, sender=self.sender)
        if self.interview and self.kind == THANK_YOU:
            return thank_you_draft(self.interview, sender=self.sender)
        if self.interview and self.kind == AFTER_INTERVIEW:
            return after_interview_draft(self.interview, sender=self.sender)
        return None


@dataclass(frozen=True)
class StaleApplication:
    application: Application
    quiet_since: datetime.date
    quiet_days: int
    usual_days: int
    followed_up_before: bool
    suggestion: str
    draft: Draft


class Bounded(list):
    """The first items of a longer list, how long the whole list is, and where the table
    shows all of it: a section of "This week" or of the digest."""

    def __init__(self, items=(), *, total: int | None = None, url: str = "") -> None:
        super().__init__(items)
        self.total = len(self) if total is None else total
        self.url = url

    @property
    def more(self) -> int:
        """How many are left out ("and 212 more")."""
        return self.total - len(self)


@dataclass(frozen=True)
class Week:
    today: datetime.date
    end: datetime.date
    limit: int
    overdue: Bounded
    due_today: Bounded
    later: Bounded
    stale: Bounded
    interviews: Bounded

    @property
    def follow_ups(self) -> list[FollowUp]:
        """The follow-ups shown, most pressing first."""
        return [*self.overdue, *self.due_today, *self.later]

    @property
    def due(self) -> Bounded:
        """Due today or later this week, within the one limit."""
        return Bounded(
            [*self.due_today, *self.later][: self.limit],
            total=self.due_today.total + self.later.total,
            url=self.later.url,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.follow_ups or self.stale or self.interviews)


def first_of(queryset: QuerySet, limit: int, *, url: str) -> Bounded:
    """The first `limit` rows of `queryset`, and how many it has, from one query."""
    rows = list(queryset.annotate(total=Window(Count("pk")))[:limit])
    return Bounded(rows, total=rows[0].total if rows else 0, url=url)


def table_url(**filters: str) -> str:
    """The applications table with `filters` applied: where "and N more" leads."""
    return reverse("tracker:application_list") + "?" + urlencode(filters)


def collect_week(
    user: User,
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    limit: int = PAGE_LIMIT,
) -> Week:
    """Everything overdue or due in the seven days from `today`, in the active time zone:
    at most `limit` items per section, the most pressing first, with each section's full
    count. Seven queries whatever the number of applications."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    end = today + datetime.timedelta(days=WINDOW_DAYS - 1)
    sources = [
        _next_actions(user, today, end, limit),
        _referral_nudges(user, today, end, limit),
        _interview_items(user, today, now, end, limit),
        _after_interview_items(user, today, now, end, limit),
    ]
    sections = {}
    for bucket in (OVERDUE, TODAY, LATER):
        found = sorted((item for source in sources for item in source[bucket]), key=_pressing)
        sections[bucket] = Bounded(
            found[:limit],
            total=sum(source[bucket].total for source in sources),
            url=table_url(sort="next"),
        )
    return Week(
        today=today,
        end=end,
        limit=limit,
        overdue=sections[OVERDUE],
        due_today=sections[TODAY],
        later=sections[LATER],
        stale=stale_applications(user, today=today, limit=limit),
        interviews=upcoming_interviews(user, now=now, end=end, limit=limit),
    )


def _pressing(item: FollowUp) -> tuple:
    """Soonest due first; within a day, by company."""
    return (item.due_on, item.application.company.name, item.kind, item.target.pk)


def _by_day(due: str, today: datetime.date) -> Case:
    return Case(
        When(**{f"{due}__lt": today}, then=_section(OVERDUE)),
        When(**{due: today}, then=_section(TODAY)),
        default=_section(LATER),
    )


def _section(name: str) -> Value:
    """A section as the database sorts it: by its place in SECTIONS, a whole number."""
    return Value(SECTIONS.index(name))


def _firsts(
    queryset: QuerySet,
    *,
    bucket: Case,
    order: list,
    limit: int,
    follow_up: Callable[[Any], FollowUp],
    many: bool = False,
) -> dict[str, Bounded]:
    """Per section (`bucket` gives each row's place in SECTIONS), the follow-ups of its
    first `limit` rows by `order`, and how many rows it has. One query; two for a source
    that may hold thousands of rows (`many`): which rows, from the few columns that order
    them, then those rows. Sorting whole rows made it several times slower at thousands
    of next actions (and every posting kept in an application was sorted along)."""
    ranked = (
        queryset.annotate(bucket=bucket)
        .annotate(
            place=Window(RowNumber(), partition_by=[F("bucket")], order_by=order),
            total=Window(Count("pk"), partition_by=[F("bucket")]),
        )
        .filter(place__lte=limit)
    )
    if many:
        chosen = list(ranked.order_by().values_list("pk", "bucket", "total"))
        rows = queryset.in_bulk([pk for pk, _, _ in chosen])
        # One deleted between the two queries is simply not shown.
        found = [(rows[pk], place, total) for pk, place, total in chosen if pk in rows]
    else:
        found = [(row, row.bucket, row.total) for row in ranked]
    sections = {name: Bounded() for name in SECTIONS}
    for row, place, total in found:
        section = sections[SECTIONS[place]]
        section.append(follow_up(row))
        section.total = total
    return sections


def _next_actions(
    user: User, today: datetime.date, end: datetime.date, limit: int
) -> dict[str, Bounded]:
    return _firsts(
        Application.objects.for_user(user)
        .active()
        .filter(next_action_on__lte=end)
        .select_related("company"),
        bucket=_by_day("next_action_on", today),
        order=[F("next_action_on").asc(), F("company__name").asc(), F("pk").asc()],
        limit=limit,
        many=True,
        follow_up=lambda a: FollowUp(
            NEXT_ACTION, a.next_action_on, a.next_action or "Decide the next step", a
        ),
    )


def _referral_nudges(
    user: User, today: datetime.date, end: datetime.date, limit: int
) -> dict[str, Bounded]:
    return _firsts(
        Referral.objects.for_user(user)
        .open()
        .filter(next_follow_up_on__lte=end)
        .exclude(application__stage=Stage.CLOSED)
        .select_related("application__company", "contact"),
        bucket=_by_day("next_follow_up_on", today),
        order=[
            F("next_follow_up_on").asc(),
            F("application__company__name").asc(),
            F("pk").asc(),
        ],
        limit=limit,
        follow_up=lambda referral: FollowUp(
            REFERRAL,
            referral.next_follow_up_on,
            REFERRAL_NUDGES[referral.stage].format(name=referral.contact.name),
            referral.application,
            referral=referral,
            sender=sender_name(user),
        ),
    )


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Local midnight of `day` in the active time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _held_interviews(user: User) -> QuerySet:
    return (
        Interview.objects.for_user(user)
        .held()
        .exclude(application__stage=Stage.CLOSED)
        .select_related("application__company")
    )


def _interview_items(
    user: User, today: datetime.date, now: datetime.datetime, end: datetime.date, limit: int
) -> dict[str, Bounded]:
    """Prep before each coming interview not yet prepared (due the day before, or today),
    and a thank-you the day after each past one not yet thanked."""
    one_day = datetime.timedelta(days=1)
    past = Q(scheduled_at__lt=now)
    return _firsts(
        _held_interviews(user)
        .filter(
            scheduled_at__gte=start_of_day(today - datetime.timedelta(days=THANK_YOU_WINDOW_DAYS)),
            scheduled_at__lt=start_of_day(end + one_day),
        )
        .filter(
            Q(~past, prepared_on__isnull=True)
            | Q(past, thank_you_sent_on__isnull=True) & ~Q(kind__in=UNATTENDED_KINDS)
        )
        .annotate(day=TruncDate("scheduled_at", tzinfo=timezone.get_current_timezone())),
        # The due day is the day after (thank-you) or the day before, never before today
        # (prep), as `_interview_item` below says it.
        bucket=Case(
            When(past & Q(day__lt=today - one_day), then=_section(OVERDUE)),
            When(past & Q(day=today - one_day), then=_section(TODAY)),
            When(past, then=_section(LATER)),
            When(day__lte=today + one_day, then=_section(TODAY)),
            default=_section(LATER),
        ),
        order=[F("scheduled_at").asc(), F("pk").asc()],
        limit=limit,
        follow_up=lambda interview: _interview_item(interview, today, now, sender_name(user)),
    )


def _interview_item(
    interview: Interview, today: datetime.date, now: datetime.datetime, sender: str
) -> FollowUp:
    day = timezone.localtime(interview.scheduled_at).date()
    if interview.scheduled_at >= now:
        due = max(day - datetime.timedelta(days=1), today)
        return FollowUp(
            PREP, due, f"Prepare: {interview.label}", interview.application, interview=interview
        )
    return FollowUp(
        THANK_YOU,
        day + datetime.timedelta(days=1),
        f"Thank-you note: {interview.label}",
        interview.application,
        interview=interview,
        sender=sender,
    )


def _after_interview_items(
    user: User, today: datetime.date, now: datetime.datetime, end: datetime.date, limit: int
) -> dict[str, Bounded]:
    """A follow-up a week after a round that has had no answer: its outcome still
    pending, no later round booked, the application's stage unchanged since, and no
    follow-up recorded since. Due a week after the round's day; after a month it is left
    to the table."""
    wait = datetime.timedelta(days=FOLLOW_UP_AFTER_INTERVIEW_DAYS)
    moved_since = StageEvent.objects.filter(
        application=OuterRef("application"), happened_on__gt=OuterRef("day")
    )
    later_round = Interview.objects.filter(
        application=OuterRef("application"), scheduled_at__gt=OuterRef("scheduled_at")
    ).exclude(outcome=InterviewOutcome.CANCELLED)
    return _firsts(
        _held_interviews(user)
        .filter(outcome=InterviewOutcome.PENDING)
        .exclude(kind__in=UNATTENDED_KINDS)
        .filter(
            scheduled_at__lt=min(now, start_of_day(end + datetime.timedelta(days=1)) - wait),
            scheduled_at__gte=start_of_day(
                today - datetime.timedelta(days=AFTER_INTERVIEW_WINDOW_DAYS)
            ),
        )
        .annotate(day=TruncDate("scheduled_at", tzinfo=timezone.get_current_timezone()))
        .exclude(Exists(moved_since))
        .exclude(Exists(later_round))
        .exclude(application__followed_up_on__gte=F("day")),
        bucket=Case(
            When(day__lt=today - wait, then=_section(OVERDUE)),
            When(day=today - wait, then=_section(TODAY)),
            default=_section(LATER),
        ),
        order=[F("scheduled_at").asc(), F("pk").asc()],
        limit=limit,
        follow_up=lambda interview: FollowUp(
            AFTER_INTERVIEW,
            timezone.localtime(interview.scheduled_at).date() + wait,
            f"Follow up after the {round_name(interview)}",
            interview.application,
            interview=interview,
            sender=sender_name(user),
        ),
    )


def upcoming_interviews(
    user: User, *, now: datetime.datetime, end: datetime.date, limit: int
) -> Bounded:
    """The first `limit` interviews from `now` to the end of `end`, and how many there are."""
    return first_of(
        _held_interviews(user)
        .filter(
            scheduled_at__gte=now, scheduled_at__lt=start_of_day(end + datetime.timedelta(days=1))
        )
        .order_by("scheduled_at", "pk"),
        limit,
        url=table_url(stage=Stage.INTERVIEWING, sort="next"),
    )


def stale_applications(user: User, *, today: datetime.date, limit: int = PAGE_LIMIT) -> Bounded:
    """Applied, no stage change and no follow-up for longer than the tier usually takes:
    the `limit` quiet the longest, and how many there are. One query.

    Applications with a dated next action are left out: the person already has a plan.
    """
    last_change = (
        StageEvent.objects.filter(application=OuterRef("pk"))
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )
    # The first contact asked to refer the person who has not declined, to address.
    referrer = (
        Referral.objects.filter(application=OuterRef("pk"))
        .exclude(stage=ReferralStage.DECLINED)
        .order_by("created_at", "pk")
        .values("contact__name")[:1]
    )
    # Quiet since the later of the last change and the last follow-up; quiet enough when
    # that is at least the tier's usual days ago.
    quiet_enough_from = Case(
        *[
            When(company__tier=tier, then=Value(today - datetime.timedelta(days=usual)))
            for tier, usual in STALE_AFTER_DAYS.items()
        ],
        default=Value(today - datetime.timedelta(days=max(STALE_AFTER_DAYS.values()))),
    )
    candidates = first_of(
        Application.objects.for_user(user)
        .filter(stage=Stage.APPLIED, next_action_on__isnull=True)
        .exclude(stale_snoozed_until__gt=today)
        .annotate(last_change=Subquery(last_change))
        .annotate(quiet_since=Greatest("last_change", Coalesce("followed_up_on", "last_change")))
        .filter(quiet_since__lte=quiet_enough_from)
        .select_related("company")
        .annotate(referrer=Subquery(referrer))
        .order_by("quiet_since", "-updated_at", "-pk"),
        limit,
        url=table_url(stage=Stage.APPLIED, sort="updated"),
    )
    sender = sender_name(user)
    stale = []
    for application in candidates:
        quiet_days = (today - application.quiet_since).days
        usual = STALE_AFTER_DAYS.get(application.company.tier, max(STALE_AFTER_DAYS.values()))
        stale.append(_stale(application, application.quiet_since, quiet_days, usual, sender))
    return Bounded(stale, total=candidates.total, url=candidates.url)


def _stale(
    application: Application, quiet_since: datetime.date, days: int, usual: int, sender: str
) -> StaleApplication:
    contact = application.referrer or ""
    again = application.followed_up_on is not None
    if again:
        suggestion = (
            f"No answer in {days} days, even after your follow-up. One last short note, "
            "or mark it ghosted and put the energy elsewhere."
        )
    else:
        whom = f"{contact}, who referred you" if contact else "the recruiter or hiring team"
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
        draft=follow_up_draft(application, contact_name=contact, sender=sender, again=again),
    )
