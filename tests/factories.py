"""Small builders for test data: real objects made through the real services."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from tracker import services
from tracker.data import csv_import
from tracker.data.csv_format import guess_mapping
from tracker.models import (
    Application,
    Company,
    Contact,
    CsvImport,
    Interview,
    InterviewKind,
    Referral,
)


def make_company(owner: User, name: str = "Orbital Cloud", tier: str = "big_tech") -> Company:
    return Company.objects.create(owner=owner, name=name, tier=tier)


def make_application(owner: User, company: Company | None = None, **fields) -> Application:
    company = company or make_company(owner)
    fields.setdefault("role_title", "Machine Learning Engineer")
    return services.create_application(owner=owner, company=company, **fields)


def make_interview(owner: User, application: Application | None = None, **fields) -> Interview:
    application = application or make_application(owner, stage="interviewing")
    fields.setdefault("kind", InterviewKind.CODING)
    fields.setdefault("scheduled_at", timezone.now() + datetime.timedelta(days=2))
    return Interview.objects.create(application=application, **fields)


def make_contact(owner: User, name: str = "Priya Raman", **fields) -> Contact:
    fields.setdefault("relationship", "former_colleague")
    return Contact.objects.create(owner=owner, name=name, **fields)


def make_referral(
    owner: User, application: Application | None = None, contact: Contact | None = None, **fields
) -> Referral:
    return Referral.objects.create(
        application=application or make_application(owner, stage="applied"),
        contact=contact or make_contact(owner),
        **fields,
    )


SAMPLE_CSV = "Company,Job Title,Status,Date Applied\nTensorloom,Founding MLE,Applied,2026-01-05\n"


def make_csv_import(owner: User, text: str = SAMPLE_CSV, **fields) -> CsvImport:
    table = csv_import.read_table(text)
    fields.setdefault("mapping", guess_mapping(table.headers))
    fields.setdefault("options", {"default_tier": "startup"})
    return CsvImport.objects.create(
        owner=owner, file_name="applications.csv", text=text, encoding="UTF-8", **fields
    )
