"""The experience inventory: everything a person has done, one fact per bullet.

Field names follow `resumes.tailoring.inventory`, the plain-data form the importers
produce and the tailoring engine reads; `resumes.inventory_store` converts between them.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, Concat, Lower
from django.urls import reverse
from django.utils import timezone

from resumes.tailoring.inventory import PAPER_TYPES
from resumes.tailoring.plan import format_range

partial_date = RegexValidator(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    "Use a year, a year and month, or a full date: 2019, 2019-09 or 2019-09-14.",
)


def validate_string_list(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Must be a list of text items.")


def validate_profiles(value) -> None:
    if not isinstance(value, list):
        raise ValidationError("Must be a list of links.")
    for profile in value:
        if not isinstance(profile, dict) or not isinstance(profile.get("network"), str):
            raise ValidationError("Each link needs a network name.")
        if set(profile) - {"network", "username", "url"}:
            raise ValidationError("A link has only network, username and url.")


class EntryKind(models.TextChoices):
    POSITION = "position", "Experience"
    EDUCATION = "education", "Education"
    PUBLICATION = "publication", "Publications"
    PROJECT = "project", "Projects"
    TEACHING = "teaching", "Teaching"
    TALK = "talk", "Talks"
    AWARD = "award", "Awards and grants"
    CERTIFICATION = "certification", "Certifications"
    OPEN_SOURCE = "open_source", "Open source"
    SERVICE = "service", "Service and leadership"
    MEDIA = "media", "Media and outreach"


# Kinds whose entries say little on a résumé without bullets.
BULLETED_KINDS = frozenset({"position", "project", "open_source", "teaching", "service"})


class SkillCategory(models.TextChoices):
    HARD = "hard", "Technical"
    SOFT = "soft", "Working with people"
    DOMAIN = "domain", "Domain knowledge"


class PaperType(models.TextChoices):
    UNSPECIFIED = "", "Not said"
    THEORY = "theory", "Theory"
    EMPIRICAL = "empirical", "Empirical"
    MIXED = "mixed", "Theory and experiments"


assert {choice for choice, _ in PaperType.choices} == set(PAPER_TYPES)


class Basics(models.Model):
    """Who the person is, as a résumé's header shows it."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume_basics"
    )
    name = models.CharField(max_length=200, blank=True)
    headline = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    location = models.CharField(max_length=200, blank=True)
    website = models.URLField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    profiles = models.JSONField(default=list, blank=True, validators=[validate_profiles])
    # Interchange fields with no column (e.g. JSON Resume's basics.image), kept verbatim.
    extra = models.JSONField(default=dict, blank=True)
    # Whole JSON Resume sections Reframe does not model (languages, interests, references).
    extra_sections = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "basics"

    def __str__(self) -> str:
        return self.name or f"Basics of {self.owner}"


class SkillQuerySet(models.QuerySet):
    def for_user(self, user) -> SkillQuerySet:
        return self.filter(owner=user)

    def unused(self) -> SkillQuerySet:
        """Skills no bullet is evidence of."""
        return self.filter(bullets__isnull=True)


class Skill(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    category = models.CharField(
        max_length=10, choices=SkillCategory.choices, default=SkillCategory.HARD
    )
    group = models.CharField(max_length=100, blank=True, help_text="Your own heading.")
    level = models.CharField(max_length=50, blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["order", Lower("name")]
        constraints = [
            # The same skill may sit under two of the person's headings ("Solidity" in both
            # "Languages" and "Blockchain"), so a name is unique within a group.
            models.UniqueConstraint(
                Lower("name"), "group", "owner", name="skill_name_unique_per_owner_group"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EntryQuerySet(models.QuerySet):
    def for_user(self, user) -> EntryQuerySet:
        return self.filter(owner=user)


class Entry(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    title = models.CharField(max_length=500)
    organization = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    start = models.CharField(max_length=10, blank=True, validators=[partial_date])
    end = models.CharField(max_length=10, blank=True, validators=[partial_date])
    current = models.BooleanField(default=False, help_text="Still going on.")
    url = models.URLField(max_length=1000, blank=True)
    summary = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    # Evidence the reframing rules need before they may use industry words.
    code_released = models.BooleanField(default=False)
    code_url = models.URLField(max_length=1000, blank=True)
    deployed_to_users = models.BooleanField(
        default=False, help_text="Real people used it outside your group."
    )
    randomised_with_control = models.BooleanField(
        default=False, help_text="Randomised assignment with a control group."
    )
    used_by_others = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people or teams use it, if you know."
    )
    audience_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="People in the room or class."
    )
    used_hpc = models.BooleanField(default=False, verbose_name="Used a cluster / HPC")
    led = models.BooleanField(default=False, verbose_name="Led it or sole contributor")

    # Publications.
    authors = models.JSONField(default=list, blank=True, validators=[validate_string_list])
    venue = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField(max_length=200, blank=True, verbose_name="DOI")
    arxiv_id = models.CharField(max_length=50, blank=True, verbose_name="arXiv id")
    abstract = models.TextField(blank=True)
    first_author = models.BooleanField(default=False)
    paper_type = models.CharField(
        max_length=10, choices=PaperType.choices, blank=True, default=PaperType.UNSPECIFIED
    )

    # Education.
    degree = models.CharField(max_length=100, blank=True)
    field_of_study = models.CharField(max_length=200, blank=True)
    thesis_title = models.CharField(max_length=500, blank=True)
    advisor = models.CharField(max_length=200, blank=True)
    score = models.CharField(max_length=100, blank=True)
    courses = models.JSONField(default=list, blank=True, validators=[validate_string_list])

    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["kind", "order", "pk"]
        indexes = [models.Index(fields=["owner", "kind", "order"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        # ?entry= opens the entry's section on the page that holds it.
        return reverse("resumes:inventory") + f"?entry={self.pk}#entry-{self.pk}"

    @property
    def dates(self) -> str:
        """The entry's dates as every résumé prints them ("Sep 2022 – Present")."""
        return format_range(self.start, self.end, self.current) or (
            str(self.year) if self.year else ""
        )

    @property
    def needs_bullets(self) -> bool:
        return self.kind in BULLETED_KINDS

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The end is before the start."})
        if self.current and self.end:
            raise ValidationError({"end": "Leave the end empty for something still going on."})
        if self.code_url and not self.code_released:
            self.code_released = True


class Bullet(models.Model):
    """One fact, in the person's own words."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="bullets")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    skills = models.ManyToManyField(Skill, related_name="bullets", blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


def keep_note_with_last_words(collector, field, sub_objs, using) -> None:
    """What deleting a bullet does to its interview note: the note stays (a résumé already
    sent with the bullet still shows it), with the bullet's last words and the key résumés
    name it by, both set in one UPDATE before the bullet goes; then its link is emptied,
    as SET_NULL would."""
    words = Bullet.objects.using(using).filter(pk=models.OuterRef("bullet_id")).values("text")
    BulletNote.objects.using(using).filter(pk__in=[note.pk for note in sub_objs]).update(
        bullet_text=models.Subquery(words[:1]),
        bullet_key=Concat(models.Value("b"), Cast("bullet_id", models.CharField())),
    )
    models.SET_NULL(collector, field, sub_objs, using)


class BulletNote(models.Model):
    """How the person will tell one bullet in an interview, in their own words.

    It belongs to the inventory bullet, not to a résumé: a rule may reword the bullet on
    one résumé and not on another, and the story behind it is the same, so a note written
    while preparing for one application is there for every other that was sent the bullet.
    Résumé plans name bullets "b<pk>" (kept in `bullet_key`), so a note is still found on
    the résumés already sent once its bullet is deleted from the inventory; it then keeps
    the bullet's last words (`bullet_text`). How keys are matched: `resumes.bullet_notes`.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    bullet = models.ForeignKey(
        Bullet,
        on_delete=keep_note_with_last_words,
        null=True,
        blank=True,
        related_name="notes",
    )
    bullet_key = models.CharField(max_length=20)
    bullet_text = models.TextField(blank=True)
    text = models.TextField("How I will tell this")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # One note per bullet. Keys are not unique: a key from an account moved from
        # another server may be kept twice (the latest note is the one shown).
        constraints = [
            models.UniqueConstraint(fields=["bullet"], name="bullet_note_per_bullet"),
        ]

    def __str__(self) -> str:
        return f"How I will tell “{self.bullet_text[:60]}”"


class ImportDraftQuerySet(models.QuerySet):
    def for_user(self, user) -> ImportDraftQuerySet:
        return self.filter(owner=user)


class ImportStatus(models.TextChoices):
    READY = "", "Ready to review"
    READING = "reading", "Reading the file"
    FAILED = "failed", "Could not be read"


class ImportDraft(models.Model):
    """An uploaded file, read by a worker into a draft the person reviews; nothing is in
    the inventory yet.

    The upload waits in `upload` until a worker has read it (then it is dropped). The
    draft is kept as a JSON Resume document (with Reframe's extension), the same lossless
    form the exporter writes, so any web process can pick it up.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=20)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.READY, blank=True
    )
    upload = models.BinaryField(default=b"", blank=True)
    # Why the file could not be read, in words the person can act on.
    error = models.TextField(blank=True)
    document = models.JSONField(default=dict, blank=True)
    # What the import left out or changed on the way (a link that is no web address),
    # shown in the preview before anything is saved.
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImportDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("resumes:import_preview", args=[self.pk])

    @property
    def is_reading(self) -> bool:
        return self.status == ImportStatus.READING

    @property
    def has_failed(self) -> bool:
        return self.status == ImportStatus.FAILED


class PostingQuerySet(models.QuerySet):
    def for_user(self, user) -> PostingQuerySet:
        return self.filter(owner=user)


class FetchStatus(models.TextChoices):
    DONE = "", "Captured"
    FETCHING = "fetching", "Fetching"
    FAILED = "failed", "Could not be fetched"


class Posting(models.Model):
    """A job posting exactly as captured; its analysis is derived and can be recomputed."""

    class Source(models.TextChoices):
        PASTED = "pasted", "Pasted"
        URL = "url", "Fetched from its URL"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    application = models.ForeignKey(
        "tracker.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
    )
    title = models.CharField(max_length=300, blank=True)
    company = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    text = models.TextField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PASTED)
    captured_at = models.DateTimeField(auto_now_add=True)
    # A posting given by its address is fetched by a worker, never by the web request:
    # "fetching" until the worker is done, "failed" with the reason the person reads.
    fetch_status = models.CharField(max_length=10, choices=FetchStatus.choices, blank=True)
    fetch_error = models.TextField(blank=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-captured_at", "-pk"]

    def __str__(self) -> str:
        label = " at ".join(part for part in (self.title, self.company) if part)
        return label or f"Posting of {self.captured_at:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("resumes:posting_detail", args=[self.pk])

    @property
    def is_fetching(self) -> bool:
        return self.fetch_status == FetchStatus.FETCHING


class ResumeBuildQuerySet(models.QuerySet):
    """Besides the owner's rows, the build's life: queued → building → ready or failed,
    and failed → queued again. Each step is one conditional UPDATE that says whether it
    happened, so a message delivered twice, or a worker that lost its claim, changes
    nothing."""

    def for_user(self, user) -> ResumeBuildQuerySet:
        return self.filter(owner=user)

    def claim(
        self, pk: int, *, task_id: str, now: datetime.datetime, stale_before: datetime.datetime
    ) -> bool:
        """Take a build for one delivery of its message. Claimable: a queued row; a
        building row claimed by this same message (redelivered because its worker died
        mid-build); a building row started before `stale_before` (its worker is gone)."""
        status = ResumeBuild.Status
        claimable = (
            Q(status=status.QUEUED)
            | Q(status=status.BUILDING, started_at__lt=stale_before)
            | (Q(status=status.BUILDING, task_id=task_id) & ~Q(task_id=""))
        )
        return bool(
            self.filter(claimable, pk=pk).update(
                status=status.BUILDING,
                started_at=now,
                attempts=F("attempts") + 1,
                error="",
                task_id=task_id,
            )
        )

    def mark_ready(self, pk: int, **results: object) -> bool:
        """Store a claimed build's results; False when it is no longer this worker's."""
        status = ResumeBuild.Status
        return bool(
            self.filter(pk=pk, status=status.BUILDING).update(
                status=status.READY, finished_at=timezone.now(), **results
            )
        )

    def mark_failed(self, pk: int, message: str) -> bool:
        status = ResumeBuild.Status
        return bool(
            self.filter(pk=pk, status=status.BUILDING).update(
                status=status.FAILED, error=message, finished_at=timezone.now()
            )
        )

    def requeue_failed(self, pk: int) -> bool:
        """Queue a failed build again. Raises IntegrityError when an identical build is
        live meanwhile (see the model's constraint)."""
        status = ResumeBuild.Status
        return bool(
            self.filter(pk=pk, status=status.FAILED).update(
                status=status.QUEUED, error="", finished_at=None
            )
        )

    def record_publish(self, pk: int, *, error: str = "") -> None:
        """Remember that the broker took the build's message, or why it could not."""
        if error:
            self.filter(pk=pk).update(enqueue_error=error)
        else:
            self.filter(pk=pk).update(enqueue_error="", published_at=timezone.now())


class ResumeBuild(models.Model):
    """One tailored résumé for one posting. A ready build is immutable: its file is the
    exact document that was (or will be) sent."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="builds")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Hash of everything the output depends on; equal hashes give equal résumés.
    input_hash = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)
    # The inventory as it was when the build was asked for (JSON Resume with Reframe's
    # extension), so the build does not depend on edits made while it waits.
    inventory_snapshot = models.JSONField()
    plan = models.JSONField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    # What the version is like (style, pages, rules used, headline, summary), from the plan
    # and report when it is ready (resumes/version_features.py): small, so the dashboard
    # compares every résumé sent without loading their plans and reports.
    features = models.JSONField(null=True, blank=True)
    file = models.FileField(upload_to="resumes/", blank=True, max_length=300)
    # The cover letter built with the résumé, from the same evidence (tailoring/cover_letter.py):
    # its paragraphs and why each is there, and its file.
    cover_letter = models.JSONField(null=True, blank=True)
    cover_letter_file = models.FileField(upload_to="resumes/", blank=True, max_length=300)
    score_before = models.FloatField(null=True, blank=True)
    score_after = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    enqueue_error = models.TextField(blank=True)
    # When the broker last took this build's message: the sweeper leaves a build alone for
    # a while after, so a queue with no worker does not fill with copies of one message.
    published_at = models.DateTimeField(null=True, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The Celery message that claimed the row: the same message delivered again (its
    # worker died) may take the row back; a duplicate message may not.
    task_id = models.CharField(max_length=64, blank=True)
    sent_with = models.ForeignKey(
        "tracker.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resume_builds_sent",
    )
    sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ResumeBuildQuerySet.as_manager()

    # A build's big JSON (hundreds of kilobytes for a large inventory): lists of versions
    # never load it, and a page that needs one version's plan loads that one.
    LARGE_FIELDS = ("inventory_snapshot", "plan", "report", "cover_letter")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "input_hash"]),
            models.Index(fields=["status", "created_at"]),
        ]
        constraints = [
            # Equal inputs give equal résumés: two requests at once make one build.
            models.UniqueConstraint(
                fields=["owner", "posting", "input_hash"],
                condition=~Q(status="failed"),
                name="one_live_build_per_input",
            )
        ]

    def __str__(self) -> str:
        return f"Résumé for {self.posting} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("resumes:build_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}
