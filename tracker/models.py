"""The search itself: companies, applications and the append-only log of stage changes."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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


# Stages an application passes through while it is still alive, in funnel order.
LIVE_STAGES = (Stage.SAVED, Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)


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
        }
        narrowed = self.search(criteria.get("q", ""))
        for name, lookup in lookups.items():
            if criteria.get(name):
                narrowed = narrowed.filter(**{lookup: criteria[name]})
        return narrowed


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "stage"]),
            models.Index(fields=["owner", "next_action_on"]),
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
    def is_live(self) -> bool:
        return self.stage != Stage.CLOSED

    @property
    def next_action_overdue(self) -> bool:
        return bool(self.next_action_on and self.next_action_on < timezone.localdate())


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


class Preferences(models.Model):
    """Per-person settings: the time zone every date and time is shown in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    time_zone = models.CharField(max_length=64, default="UTC")

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
