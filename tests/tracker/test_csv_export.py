import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests.factories import make_application, make_company
from tracker import services
from tracker.data import csv_import
from tracker.data.csv_export import applications_for_export, csv_chunks
from tracker.data.csv_format import guess_mapping, neutralise, restore
from tracker.models import Application


def _export(owner) -> str:
    return "".join(csv_chunks(applications_for_export(owner)))


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_csv_downloads_own_applications(alice_client, alice, bob):
    make_application(alice, role_title="Research Engineer", stage="applied")
    make_application(bob, role_title="Bob's role")

    response = alice_client.get(reverse("tracker:export_csv"))

    text = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="reframe-applications-')
    assert text.startswith(
        "\ufeffCompany,Tier,Role,Role family,Status,Outcome,Channel,Date Applied"
    )
    assert [row["Role"] for row in _rows(text)] == ["Research Engineer"]


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+1+2",
        "-2+3",
        "@SUM(A1:A2)",
        "\tcmd",
        "\rcmd",
    ],
)
def test_export_neutralises_formula_cells(alice, value):
    make_application(alice, make_company(alice, value), notes=value, location=value)

    [row] = _rows(_export(alice))

    assert row["Company"] == "'" + value
    assert row["Notes"] == "'" + value
    assert row["Location"] == "'" + value


@pytest.mark.parametrize(
    "value", ["=1+1", "'=1+1", "''@x", "'plain", "plain", "", "-", "'", "a=b", "2026-01-01"]
)
def test_neutralise_and_restore_round_trip(value):
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["=1+1", "'=1+1", "+x", "@x", "-x"])
def test_neutralised_cells_never_start_a_formula(value):
    assert not neutralise(value).startswith(("=", "+", "-", "@", "\t", "\r"))


def _fields(application: Application) -> tuple:
    return (
        application.company.name,
        application.company.tier,
        application.role_title,
        application.role_family,
        application.stage,
        application.outcome,
        application.source,
        application.applied_on,
        application.location,
        application.work_model,
        application.salary_min,
        application.salary_max,
        application.salary_currency,
        application.excitement,
        application.next_action,
        application.next_action_on,
        application.posting_url,
        application.notes,
        application.posting_text,
        [
            (e.from_stage, e.to_stage, e.outcome, e.happened_on)
            for e in application.stage_events.all()
        ],
    )


def _seed_search(owner) -> None:
    orbital = make_company(owner, "Orbital Cloud", "big_tech")
    kestrel = make_company(owner, "Kestrel Quant", "finance")
    ranking = make_application(
        owner,
        orbital,
        role_title="ML Engineer, Ranking",
        role_family="ml_engineer",
        source="referral",
        stage="applied",
        happened_on=datetime.date(2026, 9, 1),
        location="Zürich",
        work_model="hybrid",
        salary_min=140000,
        salary_max=180000,
        salary_currency="CHF",
        excitement=5,
        next_action="Prepare system design",
        next_action_on=datetime.date(2026, 11, 30),
        posting_url="https://jobs.example.com/ranking?id=7&ref=a,b",
        notes='Line one, with "quotes"\nLine two; =not a formula\n- a bullet',
        posting_text="- Python\n- PyTorch\n=SUM(A1)",
    )
    services.change_stage(
        application=ranking, to_stage="screening", happened_on=datetime.date(2026, 9, 10)
    )
    services.change_stage(
        application=ranking, to_stage="interviewing", happened_on=datetime.date(2026, 9, 20)
    )
    quant = make_application(
        owner,
        kestrel,
        role_title="Quantitative Researcher",
        role_family="quant",
        source="recruiter",
        stage="applied",
        happened_on=datetime.date(2026, 8, 15),
    )
    services.change_stage(
        application=quant,
        to_stage="closed",
        outcome="rejected",
        happened_on=datetime.date(2026, 9, 2),
    )
    make_application(owner, orbital, role_title="MLOps Engineer", stage="saved")


def test_export_then_import_into_a_fresh_account_reproduces_the_applications(alice, bob):
    _seed_search(alice)
    exported = _export(alice)

    _, _, table = csv_import.load(exported.encode("utf-8"))
    preview = csv_import.prepare(
        owner=bob,
        table=table,
        mapping=guess_mapping(table.headers),
        options=csv_import.Options(),
    )
    services.import_applications(owner=bob, preview=preview)

    def fields(owner):
        return sorted(_fields(a) for a in applications_for_export(owner))

    assert preview.error_count == 0
    assert fields(bob) == fields(alice)
    assert len(fields(bob)) == 3
