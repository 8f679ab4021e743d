"""The search itself: companies, applications and the append-only log of stage changes;
interviews, contacts and referrals around them; the secret calendar feed."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class Tier(models.TextChoices):
    BIG_TECH = "big_tech", "Big tech"
    MID_SIZE = "mid_size", "Mid-size"
    STARTUP = "startup", "Startup"
    FINANCE = "finance", "Finance / quant"
    NON_TECH = "non_tech", "Non-tech"


class Stage(models.TextChoices):
    SAVED = "saved", "Saved"
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    GHOSTED = "ghosted", "Ghosted"


class RoleFamily(models.TextChoices):
    ML_ENGINEER = "ml_engineer", "ML engineer"
    MLOPS = "mlops", "MLOps / platform"
    RESEARCH_ENGINEER = "research_engineer", "Research engineer"
    APPLIED_SCIENTIST = "applied_scientist", "Applied scientist"
    RESEARCH_SCIENTIST = "research_scientist", "Research scientist"
    DATA_SCIENTIST = "data_scientist", "Data scientist"
    ML_PERFORMANCE = "ml_performance", "ML kernel / performance"
    QUANT = "quant", "Quant"
    SOFTWARE = "software", "Software engineer"


class Source(models.TextChoices):
    COLD = "cold", "Cold application"
    REFERRAL = "referral", "Referral"
    RECRUITER = "recruiter", "Recruiter reached out"
    NETWORK = "network", "Warm introduction"
    CAREER_FAIR = "career_fair", "Career fair or event"
    OTHER = "other", "Other"


class WorkModel(models.TextChoices):
    UNKNOWN = "", "Not stated"
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class Sponsorship(models.TextChoices):
    """What a company says about sponsoring work visas. Unknown until the person finds a
    source: Reframe never guesses it."""

    UNKNOWN = "unknown", "Not known"
    YES = "yes", "Sponsors visas"
    NO = "no", "Does not sponsor"


class CompanyQuerySet(models.QuerySet):
    def for_user(self, user) -> CompanyQuerySet:
        return self.filter(owner=user)

    def named(self, name: str) -> CompanyQuerySet:
        return self.filter(name__iexact=name.strip())


class Company(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    tier = models.CharField(max_length=20, choices=Tier.choices)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    # Visa sponsorship as a sourced fact: what the company said, where, and when it was
    # checked; such policies change, so the date travels with the answer.
    sponsorship = models.CharField(
        "Visa sponsorship", max_length=10, choices=Sponsorship.choices, default=Sponsorship.UNKNOWN
    )
    sponsorship_source = models.URLField(
        "Source",
        max_length=1000,
        blank=True,
        help_text="Where it says so: a careers FAQ, a posting, a recruiter's message online.",
    )
    sponsorship_checked_on = models.DateField("As of", null=True, blank=True)
    sponsorship_note = models.CharField(
        "Sponsorship note",
        max_length=500,
        blank=True,
        help_text="For example “H-1B and O-1, not for interns” or “only for senior roles”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "companies"
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "owner", name="company_name_unique_per_owner_ci"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:company_detail", args=[self.pk])


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user) -> ApplicationQuerySet:
        return self.filter(owner=user)

    def active(self) -> ApplicationQuerySet:
        return self.exclude(stage=Stage.CLOSED)

    def same_role(self, *, company: Company, role_title: str) -> ApplicationQuerySet:
        return self.filter(company=company, role_title__iexact=role_title.strip())

    def same_job(self, *, url: str, company_name: str, role_title: str) -> ApplicationQuerySet:
        """The job at this posting address, or this role at a company of this name (any
        letter case): what a job saved from its page may already be tracked as."""
        same = models.Q(
            company__name__iexact=company_name.strip(), role_title__iexact=role_title.strip()
        )
        if url:
            same |= models.Q(posting_url=url)
        return self.filter(same)

    def search(self, text: str) -> ApplicationQuerySet:
        """Applications whose company, role, location or notes mention `text`."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(company__name__icontains=text)
            | models.Q(role_title__icontains=text)
            | models.Q(location__icontains=text)
            | models.Q(notes__icontains=text)
        )

    def filtered(self, **criteria: str) -> ApplicationQuerySet:
        """Narrow by the table's filters; empty criteria are ignored."""
        lookups = {
            "tier": "company__tier",
            "stage": "stage",
            "role_family": "role_family",
            "outcome": "outcome",
            "source": "source",
            "sponsorship": "company__sponsorship",
        }
        narrowed = self.search(criteria.get("q", ""))
        for name, lookup in lookups.items():
            if criteria.get(name):
                narrowed = narrowed.filter(**{lookup: criteria[name]})
        return narrowed


# The columns `tracker.stage_log` folds the stage log into.
LOG_FOLD_FIELDS = ("log_reached", "log_sent_on", "log_answered", "log_answered_on")


class Application(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="applications")
    role_title = models.CharField(max_length=200)
    role_family = models.CharField(
        max_length=30, choices=RoleFamily.choices, default=RoleFamily.ML_ENGINEER
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SAVED)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.COLD)
    posting_url = models.URLField(max_length=1000, blank=True)
    # Kept exactly as pasted; it is only ever displayed escaped.
    posting_text = models.TextField(blank=True)
    applied_on = models.DateField(null=True, blank=True)
    next_action = models.CharField(max_length=200, blank=True)
    next_action_on = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    work_model = models.CharField(
        max_length=10, choices=WorkModel.choices, blank=True, default=WorkModel.UNKNOWN
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="USD")
    excitement = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (meh) to 5 (dream job).",
    )
    notes = models.TextField(blank=True)
    # The last time the person chased them; it restarts the clock of stale detection.
    followed_up_on = models.DateField("Last followed up", null=True, blank=True)
    stale_snoozed_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The stage log folded (`tracker.stage_log`), rewritten whenever the log changes: what
    # the dashboard counts, so that it reads one row per application, not every event.
    log_reached = models.PositiveSmallIntegerField(default=0, editable=False)
    log_sent_on = models.DateField(null=True, editable=False)
    log_answered = models.BooleanField(default=False, editable=False)
    log_answered_on = models.DateField(null=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # Each board column's first cards, read from the front of its stage's run
            # (next action first, then latest change: `tracker.views.board`).
            models.Index(
                fields=["owner", "stage", "next_action_on", "-updated_at", "-id"],
                name="application_board_order",
            ),
            models.Index(fields=["owner", "next_action_on"]),
            # Everything the dashboard counts of a person's sent applications, so it is
            # read from the index alone, never from the wide rows.
            models.Index(
                fields=["owner", "log_sent_on"],
                include=[
                    "company",
                    "source",
                    "role_family",
                    "log_reached",
                    "log_answered",
                    "log_answered_on",
                ],
                name="application_stage_log_fold",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="application_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(stage="closed") | models.Q(outcome=""),
                name="application_outcome_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role_title} at {self.company.name}"

    def save(self, *args, **kwargs) -> None:
        # Only `tracker.stage_log.refold` writes the fold: a copy loaded before a stage
        # change must not save its older fold back over the new one.
        if not self._state.adding and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()  # as Django does: only what was loaded
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in LOG_FOLD_FIELDS
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("tracker:application_detail", args=[self.pk])

    def clean(self) -> None:
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            raise ValidationError({"salary_max": "The maximum is below the minimum."})
        if self.stage == Stage.CLOSED and not self.outcome:
            raise ValidationError({"outcome": "A closed application needs an outcome."})
        if self.stage != Stage.CLOSED and self.outcome:
            raise ValidationError({"outcome": "Only a closed application has an outcome."})

    @property
    def next_action_overdue(self) -> bool:
        return bool(self.next_action_on and self.next_action_on < timezone.localdate())

    def finish_next_action(self) -> None:
        self.next_action, self.next_action_on = "", None
        self.save(update_fields=["next_action", "next_action_on", "updated_at"])

    def snooze_next_action(self, until: datetime.date) -> None:
        self.next_action_on = until
        self.save(update_fields=["next_action_on", "updated_at"])

    def record_follow_up(self, on: datetime.date) -> None:
        self.followed_up_on = on
        self.stale_snoozed_until = None
        self.save(update_fields=["followed_up_on", "stale_snoozed_until", "updated_at"])

    def snooze_stale(self, until: datetime.date) -> None:
        self.stale_snoozed_until = until
        self.save(update_fields=["stale_snoozed_until", "updated_at"])


class StageEvent(models.Model):
    """One stage change. Append-only: every funnel figure is computed from this log."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_events"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    # The day it happened, which the person may back-date; `recorded_at` is when we heard.
    happened_on = models.DateField(default=timezone.localdate)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["application", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} → {self.to_stage} on {self.happened_on}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Stage events are append-only; record a new event instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The event in its application's timeline."""
        page = reverse("tracker:application_detail", args=[self.application_id])
        return f"{page}#event-{self.pk}"


# --- Interviews -------------------------------------------------------------------------


class InterviewKind(models.TextChoices):
    RECRUITER_SCREEN = "recruiter_screen", "Recruiter screen"
    FOUNDER_CHAT = "founder_chat", "Founder or hiring-manager chat"
    ONLINE_ASSESSMENT = "online_assessment", "Online assessment"
    CODING = "coding", "Coding"
    ML_FUNDAMENTALS = "ml_fundamentals", "ML fundamentals"
    ML_SYSTEM_DESIGN = "ml_system_design", "ML system design"
    SYSTEM_DESIGN = "system_design", "System design"
    TAKE_HOME = "take_home", "Take-home"
    RESEARCH_TALK = "research_talk", "Research talk / paper deep-dive"
    BEHAVIOURAL = "behavioural", "Behavioural"
    ONSITE_LOOP = "onsite_loop", "Onsite loop"
    SUPERDAY = "superday", "Superday"
    TEAM_MATCH = "team_match", "Team match"
    HIRING_COMMITTEE = "hiring_committee", "Hiring committee"
    OTHER = "other", "Other"


# Rounds with nobody to thank afterwards.
UNATTENDED_KINDS = (InterviewKind.ONLINE_ASSESSMENT, InterviewKind.TAKE_HOME)

# The most hours one round can take: a take-home of several weeks of full days. More is a
# typing slip (minutes typed as hours), not a round.
MAX_ROUND_HOURS = Decimal(200)


def round_hours_field(verbose_name: str, help_text: str) -> models.DecimalField:
    """Hours on one round, to the quarter hour and finer; empty when not recorded."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, "Hours cannot be negative."),
            MaxValueValidator(
                MAX_ROUND_HOURS,
                f"No round takes more than {MAX_ROUND_HOURS} hours: were those minutes?",
            ),
        ],
        help_text=help_text,
    )


class InterviewOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Did not pass"
    CANCELLED = "cancelled", "Cancelled"


class InterviewQuerySet(models.QuerySet):
    def for_user(self, user) -> InterviewQuerySet:
        return self.filter(application__owner=user)

    def held(self) -> InterviewQuerySet:
        return self.exclude(outcome=InterviewOutcome.CANCELLED)

    def upcoming(self, *, now: datetime.datetime) -> InterviewQuerySet:
        """Rounds still ahead: pending, and either not booked yet or booked from now on."""
        return self.filter(outcome=InterviewOutcome.PENDING).filter(
            models.Q(scheduled_at__isnull=True) | models.Q(scheduled_at__gte=now)
        )


class Interview(models.Model):
    """One round. Without a time it is planned (for example from the tier's template)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    kind = models.CharField(max_length=30, choices=InterviewKind.choices)
    title = models.CharField(
        max_length=200, blank=True, help_text="For example “Loop: 4 × 45 min”."
    )
    # Order among the application's rounds, for rounds not yet scheduled.
    position = models.PositiveSmallIntegerField(default=0)
    # Aware; stored in UTC, shown in the person's zone. For a take-home, the deadline.
    scheduled_at = models.DateTimeField("When", null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "Duration (minutes)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    interviewers = models.CharField(max_length=300, blank=True)
    location = models.CharField("Place or link", max_length=500, blank=True)
    prep_notes = models.TextField(blank=True)
    outcome = models.CharField(
        max_length=20, choices=InterviewOutcome.choices, default=InterviewOutcome.PENDING
    )
    feedback = models.TextField(blank=True)
    # What a round costs, the take-home above all: the employer's estimate beside the hours
    # it really took (preparation included), so the dashboard can add them up per kind
    # and per offer. Empty means not recorded, never zero.
    hours_estimated = round_hours_field(
        "Hours estimated", "What the invitation says it takes, for a take-home especially."
    )
    hours_spent = round_hours_field("Hours spent", "What it really took you, preparation included.")
    prepared_on = models.DateField(null=True, blank=True)
    thank_you_sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = [models.F("scheduled_at").asc(nulls_last=True), "position", "pk"]
        indexes = [models.Index(fields=["application", "scheduled_at"])]

    def __str__(self) -> str:
        return f"{self.label} — {self.application}"

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def ends_at(self):
        if self.scheduled_at is None:
            return None
        try:
            return self.scheduled_at + datetime.timedelta(minutes=self.duration_minutes)
        except OverflowError:  # the last minutes of the year 9999: nothing comes after
            return self.scheduled_at

    @property
    def location_url(self) -> str:
        """The place when it is a web link, so templates link only to http(s) addresses."""
        candidate = self.location.strip()
        if not candidate.lower().startswith(("https://", "http://")):
            return ""
        try:
            URLValidator()(candidate)
        except ValidationError:
            return ""
        return candidate

    @property
    def needs_thank_you(self) -> bool:
        return self.kind not in UNATTENDED_KINDS and self.outcome != InterviewOutcome.CANCELLED

    def mark_prepared(self, on: datetime.date) -> None:
        self.prepared_on = on
        self.save(update_fields=["prepared_on"])

    def mark_thanked(self, on: datetime.date) -> None:
        self.thank_you_sent_on = on
        self.save(update_fields=["thank_you_sent_on"])


# --- Contacts and referrals -------------------------------------------------------------


class Relationship(models.TextChoices):
    ALUMNI = "alumni", "Alumni"
    FORMER_COLLEAGUE = "former_colleague", "Former colleague"
    ADVISOR = "advisor", "Advisor or lab"
    FRIEND = "friend", "Friend"
    COMMUNITY = "community", "Community"
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    OTHER = "other", "Other"


class ContactQuerySet(models.QuerySet):
    def for_user(self, user) -> ContactQuerySet:
        return self.filter(owner=user)

    def at_company(self, name: str) -> ContactQuerySet:
        return self.filter(company_name__iexact=name.strip())


class Contact(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    # Free text: people work at places the person never applies to.
    company_name = models.CharField("Company", max_length=200, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    email = models.EmailField("E-mail", blank=True)
    link = models.URLField("Profile link", max_length=500, blank=True)
    notes = models.TextField(blank=True)
    last_contacted_on = models.DateField("Last contacted", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "pk"]
        indexes = [models.Index(fields=["owner", "company_name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.company_name})" if self.company_name else self.name

    def get_absolute_url(self) -> str:
        return reverse("tracker:contact_detail", args=[self.pk])

    def mark_contacted(self, on: datetime.date) -> None:
        if self.last_contacted_on is None or self.last_contacted_on < on:
            self.last_contacted_on = on
            self.save(update_fields=["last_contacted_on"])


class ReferralStage(models.TextChoices):
    TO_ASK = "to_ask", "To ask"
    ASKED = "asked", "Asked"
    AGREED = "agreed", "Agreed"
    SUBMITTED = "submitted", "Submitted"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    NO_REPLY = "no_reply", "No reply"


OPEN_REFERRAL_STAGES = (
    ReferralStage.TO_ASK,
    ReferralStage.ASKED,
    ReferralStage.AGREED,
    ReferralStage.SUBMITTED,
)

# When a referral reaches a stage: which date it records, and how many days later to
# nudge by default (None: nothing left to chase).
REFERRAL_STAGE_STEPS: dict[str, tuple[str, int | None]] = {
    ReferralStage.TO_ASK: ("", 0),
    ReferralStage.ASKED: ("asked_on", 5),
    ReferralStage.AGREED: ("agreed_on", 3),
    ReferralStage.SUBMITTED: ("submitted_on", 7),
    ReferralStage.CONFIRMED: ("closed_on", None),
    ReferralStage.DECLINED: ("closed_on", None),
    ReferralStage.NO_REPLY: ("closed_on", None),
}


# The moves a referral usually makes next, offered as one-click buttons; any other stage
# is one edit away. A closed referral has none.
REFERRAL_NEXT_STAGES: dict[str, tuple[str, ...]] = {
    ReferralStage.TO_ASK: (ReferralStage.ASKED,),
    ReferralStage.ASKED: (ReferralStage.AGREED, ReferralStage.DECLINED, ReferralStage.NO_REPLY),
    ReferralStage.AGREED: (ReferralStage.SUBMITTED, ReferralStage.NO_REPLY),
    ReferralStage.SUBMITTED: (ReferralStage.CONFIRMED, ReferralStage.NO_REPLY),
}

# Stages at which the referral is in the company's hands: from then on the application
# came through a referral, whatever it was filed as at first (see services.REFERRAL_CHANNEL).
REFERRED_STAGES = (ReferralStage.SUBMITTED, ReferralStage.CONFIRMED)


class ReferralQuerySet(models.QuerySet):
    def for_user(self, user) -> ReferralQuerySet:
        return self.filter(application__owner=user)

    def open(self) -> ReferralQuerySet:
        return self.filter(stage__in=OPEN_REFERRAL_STAGES)

    def count_by_stage(self) -> dict[str, int]:
        """How many referrals are at each stage (stages with none are left out): one query."""
        return dict(self.order_by().values_list("stage").annotate(count=models.Count("pk")))


class Referral(models.Model):
    """A contact asked (or to be asked) to refer the person for one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referrals")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="referrals")
    stage = models.CharField(
        max_length=20, choices=ReferralStage.choices, default=ReferralStage.TO_ASK
    )
    asked_on = models.DateField(null=True, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField("Answered on", null=True, blank=True)
    next_follow_up_on = models.DateField("Next follow-up", null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "contact"], name="referral_once_per_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact.name} for {self.application}"

    def get_stage_url(self) -> str:
        return reverse("tracker:referral_stage", args=[self.pk])

    @property
    def follow_up_overdue(self) -> bool:
        return bool(self.next_follow_up_on and self.next_follow_up_on < timezone.localdate())

    def snooze(self, until: datetime.date) -> None:
        self.next_follow_up_on = until
        self.save(update_fields=["next_follow_up_on", "updated_at"])

    @property
    def next_stages(self) -> list[tuple[str, str]]:
        """The usual next moves, as (stage, label), for the one-click buttons."""
        return [
            (stage, ReferralStage(stage).label)
            for stage in REFERRAL_NEXT_STAGES.get(self.stage, ())
        ]

    def reached(self, stage: str, on: datetime.date, *, follow_up_typed: bool = False) -> None:
        """Move to `stage` on `on`: record its day (unless one is given) and the nudge the
        stage calls for, which replaces the last stage's — the follow-up date follows the
        stage, unless the person typed one with this change. A closed referral has none.
        """
        date_field, nudge_days = REFERRAL_STAGE_STEPS[stage]
        if date_field and getattr(self, date_field) is None:
            setattr(self, date_field, on)
        if nudge_days is None:
            self.next_follow_up_on = None
        elif not follow_up_typed:
            self.next_follow_up_on = on + datetime.timedelta(days=nudge_days)
        self.stage = stage


# --- Calendar feed ----------------------------------------------------------------------


class CalendarFeed(models.Model):
    """A secret address that serves the person's calendar read-only, and nothing else."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner}"

    def get_absolute_url(self) -> str:
        return reverse("tracker:calendar_feed", args=[self.token])

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
