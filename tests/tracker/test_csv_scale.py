"""The documented 2,000-row CSV imports: its preview asks the database a constant number
of questions, and the import two inserts per row (counted, not timed)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_application, make_company, make_csv_import
from tracker import constraints, services
from tracker.data import csv_import
from tracker.data.csv_format import MAX_ROWS
from tracker.models import Application, Company, StageEvent

pytestmark = pytest.mark.django_db
COMPANIES = 300


def _rows() -> str:
    lines = [
        f"Company {n % COMPANIES},Role {n},Applied,2026-01-{n % 28 + 1:02d}"
        for n in range(MAX_ROWS)
    ]
    return "Company,Job Title,Status,Date Applied\n" + "\n".join(lines) + "\n"


def test_csv_of_the_documented_size_previews_in_constant_queries(alice) -> None:
    make_application(alice, company=make_company(alice, "Company 7"), role_title="Role 7")
    upload = make_csv_import(alice, text=_rows())

    with CaptureQueriesContext(connection) as queries:
        preview = csv_import.prepare_import(owner=alice, csv_import=upload)

    assert len(queries.captured_queries) <= 3  # companies, applications
    assert len(preview.rows) == MAX_ROWS
    # the person's own "Role 7" at "Company 7" is still found as a duplicate, in memory
    assert [r.line for r in preview.rows if r.errors] == [9]


def test_csv_of_the_documented_size_imports_with_two_inserts_a_row(alice) -> None:
    upload = make_csv_import(alice, text=_rows())
    preview = csv_import.prepare_import(owner=alice, csv_import=upload)

    with CaptureQueriesContext(connection) as queries:
        created = services.finish_csv_import(csv_import=upload, preview=preview)

    assert len(created) == MAX_ROWS
    assert Application.objects.filter(owner=alice).count() == MAX_ROWS
    assert StageEvent.objects.filter(application__owner=alice).count() == MAX_ROWS
    assert Company.objects.filter(owner=alice).count() == COMPANIES
    # two inserts a row, a company insert for each new one, and a handful around them
    assert len(queries.captured_queries) <= 2 * MAX_ROWS + 2 * COMPANIES + 10


@pytest.mark.parametrize(
    ("fields", "broken"),
    [
        ({"salary_min": 100, "salary_max": 90}, ["application_salary_range_ordered"]),
        ({"salary_min": 90, "salary_max": 100}, []),
        ({"salary_min": 90, "salary_max": None}, []),
        ({"stage": "applied", "outcome": "rejected"}, ["application_outcome_only_when_closed"]),
        ({"stage": "closed", "outcome": "rejected"}, []),
    ],
)
def test_csv_check_constraints_in_python_agree_with_the_database(
    alice, fields: dict, broken: list[str]
) -> None:
    application = Application(owner=alice, company=make_company(alice), role_title="MLE")
    for name, value in fields.items():
        setattr(application, name, value)

    in_python = [c.name for c in constraints.violated(application)]
    in_database = []
    for constraint in Application._meta.constraints:
        try:
            constraint.validate(Application, application)
        except Exception:
            in_database.append(constraint.name)

    assert in_python == in_database == broken
