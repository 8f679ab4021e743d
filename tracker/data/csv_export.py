"""Applications as CSV, in the columns the importer reads back, safe to open in a
spreadsheet: cells that would run as formulas are written as text.

The text is made a chunk of rows at a time, so an export of ten thousand applications
holds no more than one chunk in memory.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import batched

from django.contrib.auth.models import User
from django.db.models import QuerySet

from tracker.data.csv_format import TARGETS, history_text, neutralise
from tracker.models import Application, StageEvent

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
# Rows fetched (and written) at a time; their stage logs come in one query per chunk.
CHUNK_SIZE = 500


def _cells(application: Application, history: str) -> list[str]:
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
        "history": history,
    }
    return [neutralise("" if values[c] is None else str(values[c])) for c in COLUMNS]


def applications_for_export(user: User) -> QuerySet[Application]:
    return (
        Application.objects.for_user(user)
        .select_related("company")
        .order_by("applied_on", "created_at", "pk")
    )


def csv_chunks(applications: QuerySet[Application]) -> Iterator[str]:
    """The CSV text in pieces: a byte-order mark (so spreadsheet programs read it as
    UTF-8) and the header first, before any row is fetched, then one piece per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([TARGETS[column] for column in COLUMNS])
    yield _drain(buffer)
    for chunk in batched(applications.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        logs = _stage_logs(chunk)
        writer.writerows(_cells(a, history_text(logs[a.pk])) for a in chunk)
        yield _drain(buffer)


def _stage_logs(applications: Sequence[Application]) -> dict[int, list]:
    """Each application's stage events, in one query for the chunk. Not prefetched onto
    the applications: prefetching links events and applications both ways, and such
    cycles wait for the garbage collector, so finished chunks would pile up in memory."""
    logs = defaultdict(list)
    events = StageEvent.objects.filter(application__in=[a.pk for a in applications])
    for event in events.values_list(
        "application_id", "happened_on", "to_stage", "outcome", named=True
    ):
        logs[event.application_id].append(event)
    return logs


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
