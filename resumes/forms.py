"""Forms for the inventory: one per thing a person edits, validated like an import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from resumes.bullet_notes import MAX_NOTE_CHARS
from resumes.models import Basics, Bullet, Entry, EntryKind, Skill
from resumes.tailoring import inventory as plain
from resumes.tailoring.plan import STANDARD_SECTIONS
from resumes.text_cleaning import clean_text

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

COMMON_FIELDS = ["title", "organization", "location", "start", "end", "current", "url", "summary"]
EVIDENCE_FIELDS = list(plain.EVIDENCE_FIELDS)
KIND_FIELDS = {
    EntryKind.PUBLICATION: [
        "title", "authors_text", "venue", "year", "start", "url", "doi", "arxiv_id",
        "first_author", "paper_type", "abstract", "code_released", "code_url",
        "used_by_others",
    ],
    EntryKind.EDUCATION: [
        "degree", "field_of_study", "organization", "location", "start", "end", "current",
        "thesis_title", "advisor", "score", "courses_text", "title", "url", "summary",
        "used_hpc",
    ],
    # No evidence flags: a certificate or a newspaper piece proves no code or cluster.
    EntryKind.CERTIFICATION: ["title", "organization", "start", "end", "url", "summary"],
    EntryKind.MEDIA: ["title", "organization", "start", "url", "summary"],
}  # fmt: skip
TITLE_LABELS = {
    EntryKind.POSITION: "Role or title",
    EntryKind.EDUCATION: "Line shown on the résumé (e.g. PhD in Mathematics)",
    EntryKind.PUBLICATION: "Paper title",
    EntryKind.PROJECT: "Project name",
    EntryKind.TEACHING: "Course or role",
    EntryKind.TALK: "Talk title",
    EntryKind.AWARD: "Award or grant",
    EntryKind.CERTIFICATION: "Certificate or licence",
    EntryKind.OPEN_SOURCE: "Project name",
    EntryKind.SERVICE: "Role",
    EntryKind.MEDIA: "Piece or coverage (kept here, never put on a résumé)",
}
ORGANIZATION_LABELS = {
    EntryKind.POSITION: "Employer or institution",
    EntryKind.EDUCATION: "Institution",
    EntryKind.TALK: "Event or venue",
    EntryKind.AWARD: "Awarded by",
    EntryKind.CERTIFICATION: "Issued by",
    EntryKind.MEDIA: "Outlet",
    EntryKind.TEACHING: "Institution",
}


def fields_for_kind(kind: str) -> list[str]:
    return KIND_FIELDS.get(kind, COMMON_FIELDS + EVIDENCE_FIELDS)


def _lines(text: str) -> list[str]:
    return [clean_text(line).strip() for line in text.splitlines() if line.strip()]


class EntryForm(forms.ModelForm):
    """Everything about one entry; the fields shown depend on its kind."""

    authors_text = forms.CharField(
        label="Authors", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, in the paper's order.",
    )  # fmt: skip
    courses_text = forms.CharField(
        label="Courses", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line.",
    )  # fmt: skip

    class Meta:
        model = Entry
        fields = sorted({f for kind in EntryKind.values for f in fields_for_kind(kind)}
                        - {"authors_text", "courses_text"})  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "abstract": forms.Textarea(attrs={"rows": 4}),
            "start": forms.TextInput(attrs={"placeholder": "2019-09"}),
            "end": forms.TextInput(attrs={"placeholder": "2023-06"}),
        }
        help_texts = {"start": "Year, or year and month: 2019 or 2019-09."}

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.instance.kind = kind
        wanted = fields_for_kind(kind)
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.order_fields(wanted)
        if "title" in self.fields:
            self.fields["title"].label = TITLE_LABELS[kind]
        if "organization" in self.fields and kind in ORGANIZATION_LABELS:
            self.fields["organization"].label = ORGANIZATION_LABELS[kind]
        if kind == EntryKind.PUBLICATION:
            self.fields["start"].label = "Date (if more precise than the year)"
        if self.instance.pk:
            self.initial.setdefault("authors_text", "\n".join(self.instance.authors))
            self.initial.setdefault("courses_text", "\n".join(self.instance.courses))
        if kind == EntryKind.EDUCATION:
            self.fields["title"].required = False

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = clean_text(value).strip()
        if self.kind == EntryKind.EDUCATION and not cleaned.get("title"):
            degree, subject = cleaned.get("degree", ""), cleaned.get("field_of_study", "")
            cleaned["title"] = " in ".join(part for part in (degree, subject) if part)
            if not cleaned["title"]:
                self.add_error("degree", "Give at least the degree or a line to show.")
        return cleaned

    def _post_clean(self) -> None:
        if "authors_text" in self.fields:
            self.instance.authors = _lines(self.cleaned_data.get("authors_text", ""))
        if "courses_text" in self.fields:
            self.instance.courses = _lines(self.cleaned_data.get("courses_text", ""))
        if self.kind == EntryKind.EDUCATION and self.cleaned_data.get("title"):
            self.instance.title = self.cleaned_data["title"]
        super()._post_clean()


class BulletForm(forms.ModelForm):
    skill_names = forms.CharField(
        label="Evidence of skills",
        required=False,
        help_text="Comma-separated, e.g. PyTorch, experiment design. New ones are added.",
        widget=forms.TextInput(attrs={"list": "skill-names", "autocomplete": "off"}),
    )

    class Meta:
        model = Bullet
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": "One fact"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(
                "skill_names", ", ".join(s.name for s in self.instance.skills.all())
            )

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"]).strip()
        if not text:
            raise ValidationError("Write the fact, in your own words.")
        return text

    def clean_skill_names(self) -> list[str]:
        names = [clean_text(n).strip() for n in self.cleaned_data["skill_names"].split(",")]
        names = [n for n in names if n]
        too_long = [n for n in names if len(n) > 100]
        if too_long:
            raise ValidationError("A skill name is at most 100 characters.")
        return list(dict.fromkeys(names))


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = list(plain.SKILL_FIELDS)

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean(self) -> dict:
        cleaned = super().clean()
        name = clean_text(cleaned.get("name", "")).strip()
        cleaned["name"] = name
        clash = Skill.objects.for_user(self.owner).filter(
            name__iexact=name, group__iexact=cleaned.get("group", "")
        )
        if name and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("name", "You already have this skill under this heading.")
        return cleaned


class BasicsForm(forms.ModelForm):
    profiles_text = forms.CharField(
        label="Links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: network and address, e.g. “GitHub https://github.com/you”.",
    )

    class Meta:
        model = Basics
        fields = list(plain.BASICS_VALUE_FIELDS)
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "profiles_text",
            "\n".join(f"{p['network']} {p.get('url', '')}".strip() for p in self.instance.profiles),
        )

    def clean_profiles_text(self) -> list[dict]:
        profiles = []
        url_field = forms.URLField()
        for line in _lines(self.cleaned_data["profiles_text"]):
            network, _, url = line.rpartition(" ")
            if not network:
                network, url = url, ""
            if url:
                url = url_field.clean(url)
            profiles.append({"network": network.strip(), "username": "", "url": url})
        return profiles

    def _post_clean(self) -> None:
        if "profiles_text" in self.cleaned_data:
            self.instance.profiles = self.cleaned_data["profiles_text"]
        super()._post_clean()


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text="A PDF with text, Word (.docx), LaTeX, YAML or JSON Resume CV, or BibTeX "
        "— up to 5 MB."
    )
    format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=[
            ("", "Recognise it"),
            ("jsonresume", "JSON Resume"),
            ("bibtex", "BibTeX"),
            ("docx", "Word (.docx)"),
            ("pdf", "PDF"),
            ("latex", "LaTeX CV"),
            ("yaml", "YAML CV"),
        ],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"This file is {upload.size / 1024 / 1024:.1f} MB; the limit is 5 MB."
            )
        return upload


class ImportConfirmForm(forms.Form):
    replace_existing = forms.BooleanField(
        required=False, label="Replace my whole inventory with this file"
    )


class PostingForm(forms.Form):
    """Paste a posting, or give its address to fetch it."""

    url = forms.URLField(label="Posting URL", required=False, max_length=1000)
    text = forms.CharField(
        label="Posting text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Paste it as it is; it is kept word for word. Leave empty to fetch the URL.",
    )
    title = forms.CharField(label="Role", required=False, max_length=300)
    company = forms.CharField(required=False, max_length=200)
    application = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Not linked to an application"
    )

    def __init__(self, *args, owner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from tracker.models import Application

        self.fields["application"].queryset = (
            Application.objects.for_user(owner).select_related("company").order_by("-updated_at")
        )

    def clean_text(self) -> str:
        # Verbatim, except the characters no document may hold.
        return clean_text(self.cleaned_data["text"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("url"):
            raise ValidationError("Paste the posting's text, or give its URL to fetch it.")
        if len(cleaned.get("text", "")) > 100_000:
            self.add_error("text", "That is longer than any posting (100,000 characters).")
        return cleaned


# The keys of tailoring.layout.STYLES, as the person reads them.
STYLE_CHOICES = [("classic", "Classic (sans-serif)"), ("serif", "Serif")]


class BuildOptionsForm(forms.Form):
    page_limit = forms.TypedChoiceField(
        label="Pages",
        choices=[("", "Automatic (1, or 2 with a PhD)"), ("1", "1 page"), ("2", "2 pages"),
                 ("3", "3 pages")],
        required=False,
        coerce=int,
        empty_value=None,
    )  # fmt: skip
    style = forms.ChoiceField(choices=STYLE_CHOICES, required=False)
    exclude_sections = forms.MultipleChoiceField(
        label="Leave out",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, name) for name in STANDARD_SECTIONS if name != "Summary"],
    )
    pinned = forms.MultipleChoiceField(required=False, choices=())
    dropped = forms.MultipleChoiceField(required=False, choices=())

    def __init__(self, *args, bullet_keys: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keys = [(key, key) for key in bullet_keys]
        self.fields["pinned"].choices = keys
        self.fields["dropped"].choices = keys

    def clean(self) -> dict:
        cleaned = super().clean()
        both = set(cleaned.get("pinned", ())) & set(cleaned.get("dropped", ()))
        if both:
            raise ValidationError("A bullet cannot be both pinned and dropped.")
        return cleaned


class BulletNoteForm(forms.Form):
    """The interview prep page's note on one bullet of the résumé sent: blank clears it."""

    key = forms.CharField(max_length=20)
    text = forms.CharField(
        label="How I will tell this",
        required=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
