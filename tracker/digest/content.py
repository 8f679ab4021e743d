"""The weekly digest of one person: what to do next, what went quiet, what happened.

Read-only. `build_digest` reads day boundaries from the active time zone, so callers
activate the person's zone (`timezone.override`) around it and around rendering. It runs
the same dozen queries whatever the size of the search, and each section holds at most
SECTION_LIMIT items (the most pressing first) with a count and a link to the rest, so the
message stays under MAX_BYTES whatever the account holds; an empty digest is not sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tracker.dashboard import FunnelRow, summarise
from tracker.followups import Bounded, Week, collect_week, first_of, table_url
from tracker.models import Application, Outcome, Referral, ReferralStage, Stage, StageEvent

# Referral stages where the next move is the contact's.
AWAITING_STAGES = (ReferralStage.ASKED, ReferralStage.AGREED, ReferralStage.SUBMITTED)
RECAP_DAYS = 7
# Items per section. With every text field at its longest, prep notes and places cut to
# these lengths by the templates (the whole is a click away), the message stays under
# MAX_BYTES; a test holds it at 10,000 applications.
SECTION_LIMIT = 5
PREP_NOTES_CHARS = 300
PLACE_CHARS = 120
MAX_BYTES = 100_000
UNSUBSCRIBE_SALT = "tracker.digest.unsubscribe"


@dataclass(frozen=True)
class StageChange:
    """One entry of the week's recap: an application moved from one stage to another."""

    happened_on: datetime.date
    from_stage: str
    to_stage: str
    outcome: str
    application_pk: int
    role_title: str
    company_name: str

    @property
    def from_label(self) -> str:
        return Stage(self.from_stage).label if self.from_stage else ""

    @property
    def to_label(self) -> str:
        return Stage(self.to_stage).label

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label if self.outcome else ""

    def get_absolute_url(self) -> str:
        return reverse("tracker:application_detail", args=[self.application_pk])


@dataclass(frozen=True)
class Digest:
    user: User
    today: datetime.date
    week: Week
    # Referrals waiting on the contact whose nudge is not due this week (those that are
    # due are already among the follow-ups).
    awaiting_referrals: Bounded = field(default_factory=Bounded)
    # The latest first.
    stage_changes: Bounded = field(default_factory=Bounded)
    tiers: list[FunnelRow] = field(default_factory=list)

    @property
    def overdue(self) -> Bounded:
        return self.week.overdue

    @property
    def due(self) -> Bounded:
        """Due today or later this week."""
        return self.week.due

    @property
    def is_empty(self) -> bool:
        """Nothing to do and nothing happened: such a week sends no e-mail."""
        return self.week.is_empty and not (self.awaiting_referrals or self.stage_changes)

    @property
    def summary(self) -> str:
        """A few words for the subject line, most urgent first."""
        parts = []
        for count, one, many in (
            (self.overdue.total, "overdue follow-up", "overdue follow-ups"),
            (self.due.total, "follow-up due", "follow-ups due"),
            (self.week.interviews.total, "interview", "interviews"),
            (self.week.stale.total, "quiet application", "quiet applications"),
            (self.awaiting_referrals.total, "referral pending", "referrals pending"),
            (self.stage_changes.total, "stage change", "stage changes"),
        ):
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        return ", ".join(parts[:3])


def build_digest(
    user: User, *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> Digest:
    """Everything the digest of `user` says for the week starting `today` (local)."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    week = collect_week(user, today=today, now=now, limit=SECTION_LIMIT)
    stage_changes, tiers = recap(user, today=today)
    return Digest(
        user=user,
        today=today,
        week=week,
        awaiting_referrals=awaiting_referrals(user, not_due_by=week.end, limit=SECTION_LIMIT),
        stage_changes=stage_changes,
        tiers=tiers,
    )


def awaiting_referrals(user: User, *, not_due_by: datetime.date, limit: int) -> Bounded:
    """The `limit` referrals asked longest ago, and how many there are."""
    return first_of(
        Referral.objects.for_user(user)
        .filter(stage__in=AWAITING_STAGES)
        .exclude(application__stage=Stage.CLOSED)
        .exclude(next_follow_up_on__lte=not_due_by)
        .select_related("application__company", "contact")
        .order_by(F("asked_on").asc(nulls_last=True), "pk"),
        limit,
        # Each contact's referrals are counted on the contacts page.
        url=reverse("tracker:contact_list"),
    )


def recap(
    user: User, *, today: datetime.date, limit: int = SECTION_LIMIT
) -> tuple[Bounded, list[FunnelRow]]:
    """The latest `limit` stage changes of the past RECAP_DAYS days (and how many there
    were), and the funnel per tier from the whole stage log (as the dashboard computes
    it), from two queries."""
    applications = {
        row[0]: row
        for row in Application.objects.for_user(user).values_list(
            "pk", "company__tier", "source", "role_family", "stage", "role_title", "company__name"
        )
    }
    events = list(
        StageEvent.objects.filter(application__owner=user)
        .order_by("application_id", "happened_on", "recorded_at", "pk")
        .values_list("application_id", "from_stage", "to_stage", "outcome", "happened_on")
    )
    since = today - datetime.timedelta(days=RECAP_DAYS - 1)
    changes = [
        StageChange(day, from_stage, to_stage, outcome, pk, *applications[pk][5:])
        for pk, from_stage, to_stage, outcome, day in events
        if since <= day <= today
    ]
    # Events come in log order per application; the latest first across them.
    changes.reverse()
    changes.sort(key=lambda change: change.happened_on, reverse=True)
    funnel = summarise([row[:5] for row in applications.values()], events, [], today)
    shown = Bounded(changes[:limit], total=len(changes), url=table_url(sort="-updated"))
    return shown, funnel.by_tier


def unsubscribe_token(user: User) -> str:
    """A signed, salted token naming `user`, for the link in every digest.

    It does not expire: the link in last month's e-mail must still work. It only ever
    turns the digest off, so a leaked token can do no more than that.
    """
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_pk_from_token(token: str) -> int | None:
    """The user id a token names, or None when it was not signed by us for this."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(user: User) -> str:
    return settings.SITE_URL + reverse("tracker:digest_unsubscribe", args=[unsubscribe_token(user)])


def email_context(digest: Digest, *, unsubscribe: str) -> dict:
    """What the digest templates need; every address absolute, from SITE_URL."""
    site = settings.SITE_URL
    return {
        "digest": digest,
        "name": digest.user.first_name or digest.user.get_username(),
        "site_url": site,
        "this_week_url": site + reverse("tracker:this_week"),
        "dashboard_url": site + reverse("tracker:dashboard"),
        "settings_url": site + reverse("tracker:settings"),
        "unsubscribe_url": unsubscribe,
        "prep_notes_chars": PREP_NOTES_CHARS,
        "place_chars": PLACE_CHARS,
    }


def email_headers(*, unsubscribe: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail programs show an unsubscribe button that
    POSTs to the link, without a session."""
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # Keeps auto-responders (out of office) from answering a weekly mailing.
        "Auto-Submitted": "auto-generated",
    }
