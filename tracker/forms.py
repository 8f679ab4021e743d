"""Forms validate what people type; the views hand clean data to `tracker.services`."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from tracker.models import (
    Application,
    Company,
    Outcome,
    RoleFamily,
    Source,
    Stage,
    Tier,
)
from tracker.time_zones import is_time_zone

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SORT_FIELDS = {
    "company": "company__name",
    "role": "role_title",
    "stage": "stage",
    "applied": "applied_on",
    "next": "next_action_on",
    "updated": "updated_at",
    "excitement": "excitement",
}


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "tier", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

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

    def existing_company(self) -> Company | None:
        name = (self.cleaned_data.get("company_name") or "").strip()
        return Company.objects.for_user(self.owner).named(name).first() if name else None

    def check_company(self, role_title: str, exclude_pk: int | None = None) -> None:
        company = self.existing_company()
        if company is None:
            if not self.cleaned_data.get("new_company_tier"):
                self.add_error(
                    "new_company_tier",
                    f"“{self.cleaned_data.get('company_name', '')}” is new: pick its tier.",
                )
            return
        duplicates = Application.objects.same_role(company=company, role_title=role_title)
        if exclude_pk:
            duplicates = duplicates.exclude(pk=exclude_pk)
        self.duplicate = duplicates.first()
        if self.duplicate and not self.cleaned_data.get("confirm_duplicate"):
            raise ValidationError(
                "You already track “%(role)s” at %(company)s. Tick “Track it again anyway” "
                "to add a second one.",
                code="duplicate",
                params={"role": self.duplicate.role_title, "company": company.name},
            )


class QuickAddForm(CompanyChoiceMixin):
    role_title = forms.CharField(label="Role", max_length=200)
    stage = forms.ChoiceField(choices=Stage.choices[:-1], initial=Stage.SAVED)

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.duplicate = None

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("company_name") and cleaned.get("role_title"):
            self.check_company(cleaned["role_title"])
        return cleaned


class ApplicationForm(CompanyChoiceMixin, forms.ModelForm):
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


class StageChangeForm(forms.Form):
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
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("An account already uses this e-mail address.")
        return email
