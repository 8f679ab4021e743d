"""Forms validate what people type; the views hand clean data to `tracker.services`."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from tracker.data.account_import import MAX_FILE_MB, read_document
from tracker.data.csv_format import DATE_ORDERS, MAX_BYTES, TARGETS
from tracker.data.employer_tiers import guess_tier
from tracker.job_pages import clean_text, posting_address
from tracker.models import (
    Application,
    Company,
    Contact,
    Interview,
    InterviewKind,
    Outcome,
    Preferences,
    Referral,
    ReferralStage,
    Relationship,
    RoleFamily,
    Source,
    Sponsorship,
    Stage,
    Tier,
)
from tracker.time_zones import aware_in_zone, is_time_zone, time_zone_choices

if TYPE_CHECKING:
    from tracker.data.csv_import import NewCompany

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Stages sort in the order a search moves through them, not alphabetically.
FUNNEL_ORDER = Case(
    *(When(stage=stage, then=Value(place)) for place, stage in enumerate(Stage.values)),
    output_field=IntegerField(),
)
TIER_ORDER = Case(
    *(When(company__tier=tier, then=Value(place)) for place, tier in enumerate(Tier.values)),
    output_field=IntegerField(),
)
SORT_FIELDS = {
    "company": F("company__name"),
    "role": F("role_title"),
    "tier": TIER_ORDER,
    "stage": FUNNEL_ORDER,
    "applied": F("applied_on"),
    "next": F("next_action_on"),
    "updated": F("updated_at"),
    "excitement": F("excitement"),
}


EARLIEST_DATE = datetime.date(1900, 1, 1)
HORIZON_YEARS = 100  # far beyond any plan, far before the end of Python's calendar


class DateHorizonMixin:
    """Every date and time a form takes lies between 1900 and a hundred years from now.

    Python's dates end in 9999: an interview typed for 9999-12-31 23:00 overflows as soon
    as its end time or its calendar entry is computed. Refused here, with the reason."""

    def clean(self) -> dict:
        cleaned = super().clean()
        latest = datetime.date(timezone.localdate().year + HORIZON_YEARS, 12, 31)
        for name, value in list(cleaned.items()):
            day = value.date() if isinstance(value, datetime.datetime) else value
            if isinstance(day, datetime.date) and not EARLIEST_DATE <= day <= latest:
                self.add_error(name, f"Pick a date between 1900 and {latest.year}.")
        return cleaned


class CompanyForm(DateHorizonMixin, forms.ModelForm):
    class Meta:
        model = Company
        fields = [
            "name",
            "tier",
            "website",
            "notes",
            "sponsorship",
            "sponsorship_source",
            "sponsorship_checked_on",
            "sponsorship_note",
        ]
        labels = {"sponsorship": "What they say"}
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "sponsorship_checked_on": DATE_INPUT,
        }
        help_texts = {"sponsorship_checked_on": "The day you read or heard it."}

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        # Left out (a script, an older form), the answer stays unknown.
        self.fields["sponsorship"].required = False

    def clean_sponsorship(self) -> str:
        return self.cleaned_data["sponsorship"] or Sponsorship.UNKNOWN

    def clean_sponsorship_checked_on(self) -> datetime.date | None:
        checked_on = self.cleaned_data["sponsorship_checked_on"]
        if checked_on and checked_on > timezone.localdate():
            raise ValidationError("The day you checked cannot be in the future.")
        return checked_on

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Company.objects.for_user(self.owner).named(name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"You already track a company called “{clash.first().name}”.")
        return name


class CompanyChoiceMixin(forms.Form):
    """A company typed by name: an existing one (any letter case) or a new one with a tier."""

    company_name = forms.CharField(
        label="Company",
        max_length=200,
        widget=forms.TextInput(attrs={"list": "company-names", "autocomplete": "off"}),
    )
    new_company_tier = forms.ChoiceField(
        label="Tier (new company)",
        choices=[("", "Tier for a new company…"), *Tier.choices],
        required=False,
    )
    confirm_duplicate = forms.BooleanField(
        label="Track it again anyway", required=False, widget=forms.CheckboxInput()
    )

    DUPLICATE_MESSAGE = (
        "You already track “%(role)s” at %(company)s. Tick “Track it again anyway” "
        "to add a second one."
    )

    def existing_company(self) -> Company | None:
        name = (self.cleaned_data.get("company_name") or "").strip()
        return Company.objects.for_user(self.owner).named(name).first() if name else None

    def guess_note(self) -> str:
        """A sentence for the success message when Reframe picked the new company's tier."""
        if not self.guessed_tier:
            return ""
        return (
            f" {self.cleaned_data['company_name'].strip()} is filed as "
            f"{Tier(self.guessed_tier).label}, a well-known employer: change it on its page "
            "if that is wrong."
        )

    def find_duplicate(
        self, company: Company, role_title: str, exclude_pk: int | None
    ) -> Application | None:
        duplicates = Application.objects.same_role(company=company, role_title=role_title)
        if exclude_pk:
            duplicates = duplicates.exclude(pk=exclude_pk)
        return duplicates.first()

    # The tier Reframe gave a new company the person left without one: a well-known
    # employer's (see tracker.data.employer_tiers). The view says so, to be checked.
    guessed_tier = ""

    def check_company(self, role_title: str, exclude_pk: int | None = None) -> None:
        company = self.existing_company()
        if company is None:
            name = self.cleaned_data.get("company_name", "")
            if not self.cleaned_data.get("new_company_tier"):
                self.guessed_tier = guess_tier(name)
                self.cleaned_data["new_company_tier"] = self.guessed_tier
            if not self.cleaned_data["new_company_tier"]:
                self.add_error("new_company_tier", f"“{name}” is new: pick its tier.")
            return
        self.duplicate = self.find_duplicate(company, role_title, exclude_pk)
        if self.duplicate and not self.cleaned_data.get("confirm_duplicate"):
            raise ValidationError(
                self.DUPLICATE_MESSAGE,
                code="duplicate",
                params={"role": self.duplicate.role_title, "company": company.name},
            )


class QuickAddForm(DateHorizonMixin, CompanyChoiceMixin):
    role_title = forms.CharField(label="Role", max_length=200)
    stage = forms.ChoiceField(choices=Stage.choices[:-1], initial=Stage.SAVED)
    # A search entered after the fact: the history starts the day it really did.
    happened_on = forms.DateField(label="Since", required=False, widget=DATE_INPUT)

    def clean_happened_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate():
            raise ValidationError("That date is in the future.")
        return day

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.duplicate = None

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("company_name") and cleaned.get("role_title"):
            self.check_company(cleaned["role_title"])
        return cleaned


class ClipForm(CompanyChoiceMixin):
    """The quick add the bookmarklet opens: a job seen on another site, tracked at "saved"
    with the page's address and the text selected there (its posting)."""

    role_title = forms.CharField(label="Role", max_length=200)
    posting_url = forms.URLField(
        label="Posting URL",
        max_length=1000,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    posting_text = forms.CharField(
        label="Posting text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Kept word for word.",
    )
    fetch_posting = forms.BooleanField(
        label="Fetch the posting from its page",
        required=False,
        help_text="After you save, Reframe reads the page: its JobPosting data when it has "
        "some, else its text.",
    )

    SAME_PAGE_MESSAGE = (
        "You already track this page, as “%(role)s” at %(company)s. Tick “Track it again "
        "anyway” to add a second one."
    )

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.duplicate = None

    def clean_posting_url(self) -> str:
        return posting_address(self.cleaned_data["posting_url"])

    def clean_posting_text(self) -> str:
        return clean_text(self.cleaned_data["posting_text"])

    def clean(self) -> dict:
        cleaned = super().clean()
        url = cleaned.get("posting_url", "")
        if cleaned.get("company_name") and cleaned.get("role_title"):
            self.check_company(cleaned["role_title"])
        if url and self.duplicate is None:
            same_page = Application.objects.for_user(self.owner).filter(posting_url=url)
            self.duplicate = same_page.select_related("company").first()
            if self.duplicate and not cleaned.get("confirm_duplicate"):
                raise ValidationError(
                    self.SAME_PAGE_MESSAGE,
                    code="duplicate",
                    params={
                        "role": self.duplicate.role_title,
                        "company": self.duplicate.company.name,
                    },
                )
        if cleaned.get("fetch_posting") and not url and not cleaned.get("posting_text"):
            self.add_error("posting_url", "Give the page's address to fetch the posting from.")
        return cleaned

    def flag_duplicate(self) -> None:
        """As the page opens: the job, when it is tracked already (the same page, or the
        same role at the same company)."""
        self.duplicate = (
            Application.objects.for_user(self.owner)
            .same_job(
                url=self.initial.get("posting_url", ""),
                company_name=self.initial.get("company_name", ""),
                role_title=self.initial.get("role_title", ""),
            )
            .select_related("company")
            .first()
        )


class ApplicationForm(DateHorizonMixin, CompanyChoiceMixin, forms.ModelForm):
    """Create or edit an application. The stage is set here only on creation; later
    changes go through the stage form so each one is logged with its date."""

    class Meta:
        model = Application
        fields = [
            "role_title",
            "role_family",
            "stage",
            "outcome",
            "source",
            "posting_url",
            "posting_text",
            "applied_on",
            "next_action",
            "next_action_on",
            "location",
            "work_model",
            "salary_min",
            "salary_max",
            "salary_currency",
            "excitement",
            "notes",
        ]
        widgets = {
            "applied_on": DATE_INPUT,
            "next_action_on": DATE_INPUT,
            "posting_text": forms.Textarea(attrs={"rows": 8}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "excitement": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }
        labels = {"posting_url": "Posting URL", "posting_text": "Posting text"}
        help_texts = {"posting_text": "Paste the posting as it is; it is kept word for word."}

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.duplicate = None
        self.order_fields(["company_name", "new_company_tier", "role_title"])
        self.fields["posting_text"].strip = False  # kept exactly as pasted
        if self.instance.pk:
            self.fields["company_name"].initial = self.instance.company.name
            del self.fields["stage"], self.fields["outcome"]
        else:
            self.fields["outcome"].help_text = "Only for an application that is already closed."

    def clean_salary_currency(self) -> str:
        currency = self.cleaned_data["salary_currency"].strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise ValidationError("Use a three-letter currency code such as USD or EUR.")
        return currency

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("company_name") and cleaned.get("role_title"):
            self.check_company(cleaned["role_title"], exclude_pk=self.instance.pk)
        return cleaned


class StageChangeForm(DateHorizonMixin, forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices)
    outcome = forms.ChoiceField(choices=[("", "—"), *Outcome.choices], required=False)
    happened_on = forms.DateField(
        label="On", required=False, widget=DATE_INPUT, help_text="Leave empty for today."
    )

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate():
            raise ValidationError("That date is in the future.")
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("stage") == Stage.CLOSED and not cleaned.get("outcome"):
            self.add_error("outcome", "Say how it ended before closing it.")
        elif (
            cleaned.get("outcome")
            and cleaned.get("stage") != Stage.CLOSED
            and "outcome" in self.changed_data
        ):
            # Never dropped in silence: an outcome chosen goes with closing. (Reopening a
            # closed application leaves its old outcome shown, and that is fine.)
            self.add_error(
                "outcome",
                "An outcome closes the application: choose “Closed” as the stage too, or "
                "leave the outcome empty.",
            )
        return cleaned


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    tier = forms.ChoiceField(choices=[("", "All tiers"), *Tier.choices], required=False)
    stage = forms.ChoiceField(choices=[("", "All stages"), *Stage.choices], required=False)
    role_family = forms.ChoiceField(
        label="Role family", choices=[("", "All roles"), *RoleFamily.choices], required=False
    )
    outcome = forms.ChoiceField(choices=[("", "Any outcome"), *Outcome.choices], required=False)
    source = forms.ChoiceField(choices=[("", "All channels"), *Source.choices], required=False)
    sponsorship = forms.ChoiceField(
        label="Visa sponsorship",
        choices=[("", "Any"), *Sponsorship.choices],
        required=False,
    )
    sort = forms.ChoiceField(
        choices=[(key, key) for name in SORT_FIELDS for key in (name, f"-{name}")],
        required=False,
    )


class MoveForm(forms.Form):
    """The board's move: a stage, or "closed:<outcome>" since a closed card needs one."""

    move_to = forms.ChoiceField(
        choices=[
            *[(stage, label) for stage, label in Stage.choices if stage != Stage.CLOSED],
            *[
                (f"closed:{outcome}", f"Closed — {label.lower()}")
                for outcome, label in Outcome.choices
            ],
        ]
    )

    def stage_and_outcome(self) -> tuple[str, str]:
        stage, _, outcome = self.cleaned_data["move_to"].partition(":")
        return stage, outcome


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="For password resets and, if you want it, the weekly digest."
    )

    # Filled in by static/js/timezone.js from the browser; UTC when it cannot tell.
    time_zone = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]

    def clean_time_zone(self) -> str:
        name = self.cleaned_data.get("time_zone", "")
        return name if is_time_zone(name) else "UTC"

    def clean_email(self) -> str:
        # Whether an account already uses it is never said here (see tracker.accounts.signup).
        return self.cleaned_data["email"].strip()


class SignupResendForm(forms.Form):
    email = forms.EmailField(label="E-mail address you signed up with")


HOUR_CHOICES = [(hour, f"{hour:02d}:00") for hour in range(24)]


class PreferencesForm(forms.ModelForm):
    """The time zone everything is shown in, and when the weekly digest arrives."""

    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        help_text="Every date and time in Reframe is shown in it, and the digest follows it.",
    )
    digest_hour = forms.TypedChoiceField(
        label="At", choices=HOUR_CHOICES, coerce=int, help_text="Your local time."
    )

    class Meta:
        model = Preferences
        fields = ["time_zone", "digest_enabled", "digest_weekday", "digest_hour"]
        labels = {"digest_weekday": "On"}
        help_texts = {
            "digest_enabled": "Once a week: follow-ups due, applications gone quiet, interviews "
            "coming up and referrals waiting. Never sent when there is nothing to say."
        }

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"]
        if not is_time_zone(name):
            raise ValidationError("Pick a time zone from the list.")
        return name


class WorkAuthorisationForm(forms.ModelForm):
    """Where the person may work and whether they need a visa sponsored."""

    class Meta:
        model = Preferences
        fields = ["needs_sponsorship", "work_authorisation"]
        widgets = {"work_authorisation": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
        help_texts = {
            "needs_sponsorship": "For at least some of the roles you apply to. The applications "
            "table can then keep to companies that sponsor."
        }

    def clean_work_authorisation(self) -> str:
        text = self.cleaned_data["work_authorisation"].strip()
        if len(text) > 2000:
            raise ValidationError("Keep it under 2,000 characters.")
        return text


# --- Interviews -------------------------------------------------------------------------


class WallClockField(forms.DateTimeField):
    """A date and time as read on a clock, without a zone; the form says which zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        # Parsed in UTC, which has no gaps or repeats, then stripped of its zone.
        with timezone.override(datetime.UTC):
            parsed = super().to_python(value)
        return parsed.replace(tzinfo=None) if parsed else None


class InterviewForm(DateHorizonMixin, forms.ModelForm):
    scheduled_at = WallClockField(
        label="When", required=False, help_text="Leave empty while the round is only planned."
    )
    time_zone = forms.ChoiceField(
        label="Time zone of that time",
        choices=time_zone_choices,
        required=False,
        help_text="As the invitation gives it; Reframe shows it to you in your own zone.",
    )

    class Meta:
        model = Interview
        fields = [
            "kind",
            "title",
            "scheduled_at",
            "duration_minutes",
            "interviewers",
            "location",
            "prep_notes",
            "outcome",
            "feedback",
            "prepared_on",
            "thank_you_sent_on",
            "hours_estimated",
            "hours_spent",
        ]
        widgets = {
            "prep_notes": forms.Textarea(attrs={"rows": 5}),
            "feedback": forms.Textarea(attrs={"rows": 4}),
            "prepared_on": DATE_INPUT,
            "thank_you_sent_on": DATE_INPUT,
        }
        labels = {"prepared_on": "Prepared on", "thank_you_sent_on": "Thank-you sent on"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = timezone.get_current_timezone_name()

    def clean(self) -> dict:
        cleaned = super().clean()
        wall_clock = cleaned.get("scheduled_at")
        if wall_clock is not None:
            zone = cleaned.get("time_zone") or timezone.get_current_timezone_name()
            try:
                cleaned["scheduled_at"] = aware_in_zone(wall_clock, zone)
            except ValueError as problem:
                self.add_error("scheduled_at", f"{problem} Pick a time the clocks show once.")
        return cleaned


class RoundForm(forms.Form):
    """One row of the rounds offered from the tier's template."""

    include = forms.BooleanField(label="Keep", required=False, initial=True)
    kind = forms.ChoiceField(choices=[("", "—"), *InterviewKind.choices], required=False)
    title = forms.CharField(max_length=200, required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("include") and cleaned.get("title") and not cleaned.get("kind"):
            self.add_error("kind", "Pick what kind of round this is.")
        return cleaned

    @property
    def chosen(self) -> bool:
        return bool(self.cleaned_data.get("include") and self.cleaned_data.get("kind"))


RoundFormSet = forms.formset_factory(RoundForm, extra=2, max_num=20, absolute_max=30)


# --- Contacts and referrals -------------------------------------------------------------


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "company_name",
            "relationship",
            "email",
            "link",
            "last_contacted_on",
            "notes",
        ]
        widgets = {
            "company_name": forms.TextInput(attrs={"list": "company-names", "autocomplete": "off"}),
            "last_contacted_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


class ReferralForm(DateHorizonMixin, forms.ModelForm):
    """Who refers the person for an application: a contact they track, or a new one."""

    contact = forms.ModelChoiceField(queryset=Contact.objects.none(), required=False)
    new_contact_name = forms.CharField(label="…or a new contact", max_length=200, required=False)
    new_contact_relationship = forms.ChoiceField(
        label="Their relationship to you",
        choices=[("", "—"), *Relationship.choices],
        required=False,
    )

    class Meta:
        model = Referral
        fields = [
            "stage",
            "asked_on",
            "agreed_on",
            "submitted_on",
            "closed_on",
            "next_follow_up_on",
            "notes",
        ]
        widgets = {
            name: DATE_INPUT
            for name in ("asked_on", "agreed_on", "submitted_on", "closed_on", "next_follow_up_on")
        } | {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "next_follow_up_on": "Follows the stage: when the stage changes, Reframe sets the "
            "nudge that stage calls for, unless you type a date here."
        }

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.application = application
        self.fields["contact"].queryset = Contact.objects.for_user(application.owner)
        if self.instance.pk:
            self.fields["contact"].initial = self.instance.contact_id
        self.order_fields(["contact", "new_contact_name", "new_contact_relationship"])

    def clean(self) -> dict:
        cleaned = super().clean()
        contact, new_name = cleaned.get("contact"), cleaned.get("new_contact_name", "").strip()
        if contact and new_name:
            self.add_error("new_contact_name", "Pick a contact or type a new one, not both.")
        elif not contact and not new_name:
            self.add_error("contact", "Who refers you? Pick a contact or type a new name.")
        elif new_name and not cleaned.get("new_contact_relationship"):
            self.add_error("new_contact_relationship", "How do you know them?")
        elif contact and self._already_referring(contact):
            self.add_error("contact", f"{contact.name} is already on this application.")
        elif contact:
            self.instance.contact = contact
        return cleaned

    def _already_referring(self, contact: Contact) -> bool:
        others = Referral.objects.filter(application=self.instance.application, contact=contact)
        return others.exclude(pk=self.instance.pk).exists()

    def new_contact(self) -> dict | None:
        name = self.cleaned_data.get("new_contact_name", "").strip()
        if not name:
            return None
        return {
            "name": name,
            "company_name": self.instance.application.company.name,
            "relationship": self.cleaned_data["new_contact_relationship"],
        }

    @property
    def stage_changed(self) -> bool:
        return self.instance._state.adding or "stage" in self.changed_data

    @property
    def follow_up_typed(self) -> bool:
        """Whether the person typed a follow-up date with this change; left empty (or as
        it was), the date follows the stage."""
        typed = "next_follow_up_on" in self.changed_data
        return typed and self.cleaned_data.get("next_follow_up_on") is not None


class ReferralStageForm(forms.Form):
    """One click on a referral's stage buttons, and the page to go back to."""

    stage = forms.ChoiceField(choices=ReferralStage.choices)
    next = forms.CharField(required=False)


# --- Follow-ups -------------------------------------------------------------------------


class FollowUpForm(DateHorizonMixin, forms.Form):
    """One click on an item of “This week”: done, snooze for some days, or ghosted."""

    action = forms.ChoiceField(
        choices=[("done", "Done"), ("snooze", "Snooze"), ("ghosted", "Mark ghosted")]
    )
    what = forms.ChoiceField(
        choices=[
            ("next_action", "Next action"),
            ("stale", "Gone quiet"),
            ("prep", "Prep"),
            ("thank_you", "Thank-you note"),
            ("after_interview", "Follow-up after an interview"),
            ("referral", "Referral"),
        ]
    )
    days = forms.TypedChoiceField(
        coerce=int, choices=[(days, days) for days in (1, 3, 7, 14)], required=False, empty_value=7
    )

    def __init__(self, *args, allowed: dict[str, set[str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean(self) -> dict:
        cleaned = super().clean()
        what, action = cleaned.get("what"), cleaned.get("action")
        if what and action and action not in self.allowed.get(what, set()):
            raise ValidationError("That cannot be done to this item.")
        return cleaned


# --- Calendar and data ------------------------------------------------------------------


class CsvUploadForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="Up to 5 MB and 2,000 rows.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the limit is 5 MB."
            )
        return upload


class AccountImportForm(forms.Form):
    """An `export_data` file; valid when it is one this Reframe can read. The document
    is in cleaned_data["document"]."""

    file = forms.FileField(label="Account file (JSON)", help_text=f"Up to {MAX_FILE_MB} MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_MB * 1_048_576:
            raise ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the limit is {MAX_FILE_MB} MB."
            )
        self.cleaned_data["document"] = read_document(upload.read())
        return upload


class CsvMappingForm(forms.Form):
    """Which column holds what, plus what to assume where the file says nothing."""

    default_tier = forms.ChoiceField(
        label="Tier for other new companies",
        choices=[("", "None: I pick each one"), *Tier.choices],
        required=False,
        help_text="Well-known employers (big tech, quant firms, large banks…) get their own "
        "tier, and a Tier column in the file comes first.",
    )
    date_order = forms.ChoiceField(label="Dates like 03/04/2026 are", required=False)
    skip_existing = forms.BooleanField(
        label="Skip rows for applications I already track", required=False
    )

    def __init__(self, *args, headers: list[str], samples: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_order"].choices = list(DATE_ORDERS.items())
        choices = [("", "Don't import"), *TARGETS.items()]
        self.columns = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(label=header, choices=choices, required=False)
            self.columns.append((self[name], samples[index] if index < len(samples) else ""))

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): target
            for name, target in self.cleaned_data.items()
            if name.startswith("column_") and target
        }

    def options(self) -> dict[str, str | bool]:
        return {
            "default_tier": self.cleaned_data.get("default_tier", ""),
            "date_order": self.cleaned_data.get("date_order") or "auto",
            "skip_existing": bool(self.cleaned_data.get("skip_existing")),
        }


class NewCompanyTiersForm(forms.Form):
    """The tier of each company an upload would create: Reframe's suggestion, which the
    person confirms or changes. One field per company, in the order the preview lists
    them, so the form must be bound with the list the person was shown."""

    prefix = "new-company"

    def __init__(self, *args, companies: list[NewCompany], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.companies = companies
        for index, company in enumerate(companies):
            self.fields[str(index)] = forms.ChoiceField(
                label=company.name,
                choices=[("", "Pick a tier…"), *Tier.choices],
                required=False,
                initial=company.tier,
            )

    @property
    def rows(self) -> list[tuple[forms.BoundField, NewCompany]]:
        return [(self[str(index)], company) for index, company in enumerate(self.companies)]

    def picked_tiers(self) -> dict[str, str]:
        """The tiers the person picked over Reframe's suggestion, by company key; a field
        left as suggested is not a pick, so a later change of the default still applies."""
        picked = {}
        for index, company in enumerate(self.companies):
            tier = self.cleaned_data.get(str(index), "")
            if tier and tier != company.suggested:
                picked[company.key] = tier
        return picked
