"""Applications as CSV, in the columns the importer reads back, safe to open in a
spreadsheet: cells that would run as formulas are written as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.contrib.auth.models import User

from tracker.csv_format import TARGETS, history_text, neutralise
from tracker.models import Application

COLUMNS = [
    "company",
    "tier",
    "role_title",
    "role_family",
    "status",
    "outcome",
    "source",
    "applied_on",
    "location",
    "work_model",
    "salary_min",
    "salary_max",
    "salary_currency",
    "excitement",
    "next_action",
    "next_action_on",
    "posting_url",
    "notes",
    "posting_text",
    "history",
]


def _cells(application: Application) -> list[str]:
    values = {
        "company": application.company.name,
        "tier": application.company.get_tier_display(),
        "role_title": application.role_title,
        "role_family": application.get_role_family_display(),
        "status": application.get_stage_display(),
        "outcome": application.get_outcome_display() if application.outcome else "",
        "source": application.get_source_display(),
        "applied_on": application.applied_on,
        "location": application.location,
        "work_model": application.get_work_model_display() if application.work_model else "",
        "salary_min": application.salary_min,
        "salary_max": application.salary_max,
        "salary_currency": application.salary_currency,
        "excitement": application.excitement,
        "next_action": application.next_action,
        "next_action_on": application.next_action_on,
        "posting_url": application.posting_url,
        "notes": application.notes,
        "posting_text": application.posting_text,
        "history": history_text(application.stage_events.all()),
    }
    return [neutralise("" if values[c] is None else str(values[c])) for c in COLUMNS]


def applications_for_export(user: User) -> Iterable[Application]:
    return (
        Application.objects.for_user(user)
        .select_related("company")
        .prefetch_related("stage_events")
        .order_by("applied_on", "created_at", "pk")
    )


def write_csv(applications: Iterable[Application]) -> str:
    """The CSV text, with a byte-order mark so spreadsheet programs read it as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TARGETS[column] for column in COLUMNS])
    for application in applications:
        writer.writerow(_cells(application))
    return buffer.getvalue()
