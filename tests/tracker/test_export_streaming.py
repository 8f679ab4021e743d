"""The exports stream: thousands of applications come out a chunk at a time, parse back,
ask the database a number of questions that grows with the chunks (not the rows), and
never hold the whole file in memory (counted in bytes with tracemalloc, not timed)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import tracemalloc
from collections.abc import Iterable

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from tests.factories import make_application, make_company
from tests.resumes.factories import make_bullet, make_entry, make_inventory
from tracker.data import account_export, csv_export
from tracker.data.account_export import (
    ExactJSONEncoder,
    account_json_chunks,
    export_account,
    exported_models,
)
from tracker.data.csv_export import applications_for_export, csv_chunks
from tracker.models import Application, StageEvent
from tracker.stage_log import refold

ROWS = 3000
FIRST_DAY = datetime.date(2026, 1, 5)


def _bulk_applications(owner, count: int, *, posting_text: str = "") -> None:
    """`count` applications in creation order "Role 0", "Role 1", …; every third note is a
    formula, and each has one stage event."""
    companies = [make_company(owner, f"Company {i}") for i in range(10)]
    applications = Application.objects.bulk_create(
        Application(
            owner=owner,
            company=companies[i % 10],
            role_title=f"Role {i}",
            stage="applied",
            notes="=SUM(A1:A9)" if i % 3 == 0 else f"Note {i}, with “quotes”\nand a line",
            posting_text=posting_text,
        )
        for i in range(count)
    )
    StageEvent.objects.bulk_create(
        StageEvent(application=a, to_stage="applied", happened_on=FIRST_DAY) for a in applications
    )
    refold(a.pk for a in applications)  # written in bulk


def _parse_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8").removeprefix("\ufeff"))))


def test_csv_export_streams_thousands_of_rows_that_parse_back(alice_client, alice, bob):
    _bulk_applications(alice, ROWS)
    make_application(bob, role_title="Bob's role")

    response = alice_client.get(reverse("tracker:export_csv"))
    chunks = list(response.streaming_content)

    rows = _parse_csv(b"".join(chunks))
    assert response.streaming
    assert len(chunks) == 1 + math.ceil(ROWS / csv_export.CHUNK_SIZE)  # header, then chunks
    assert chunks[0].startswith(b"\xef\xbb\xbfCompany,Tier,Role,")
    assert [row["Role"] for row in rows] == [f"Role {i}" for i in range(ROWS)]
    assert [row["Notes"] for row in rows[:2]] == [
        "'=SUM(A1:A9)",
        "Note 1, with “quotes”\nand a line",
    ]
    assert {row["Stage history"] for row in rows} == {"2026-01-05 applied"}
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="reframe-applications-')
    assert response["Cache-Control"] == "private, no-store"


def test_csv_export_asks_one_query_for_the_rows_and_one_per_chunk(alice):
    _bulk_applications(alice, ROWS)

    with CaptureQueriesContext(connection) as queries:
        pieces = sum(1 for _ in csv_chunks(applications_for_export(alice)))

    chunks = math.ceil(ROWS / csv_export.CHUNK_SIZE)
    # One server-side cursor over the applications, and each chunk's stage logs.
    assert len(queries.captured_queries) == 1 + chunks
    assert pieces == 1 + chunks


@pytest.fixture
def alices_account(alice, bob):
    """Applications crossing several chunk boundaries, an inventory whose bullets link to
    skills (many-to-many), text that JSON escapes, and bob's data beside it."""
    _bulk_applications(alice, 23)
    make_inventory(alice)
    entry = make_entry(alice, title="Zürich talk\u2028“quoted”", summary='tab\there "x"\nnext')
    for n in range(9):
        make_bullet(entry, f"Fact {n}", skills=["Python", f"Skill {n % 4}"])
    _bulk_applications(bob, 5)


@pytest.mark.parametrize("chunk_size", [1, 7, account_export.CHUNK_SIZE])
def test_account_export_streams_the_same_text_as_one_dump(
    alice, bob, alices_account, monkeypatch, chunk_size: int
):
    monkeypatch.setattr(account_export, "CHUNK_SIZE", chunk_size)

    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False):
        for person in (alice, bob):
            streamed = "".join(account_json_chunks(person))
            whole = json.dumps(
                export_account(person), cls=ExactJSONEncoder, indent=2, ensure_ascii=False
            )

            assert streamed == whole


def test_account_export_of_an_empty_account_is_the_same_text_as_one_dump(alice):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False):
        streamed = "".join(account_json_chunks(alice))
        whole = json.dumps(
            export_account(alice), cls=ExactJSONEncoder, indent=2, ensure_ascii=False
        )

    assert streamed == whole
    assert json.loads(streamed)["tracker"]["application"] == []


def test_account_json_download_streams_thousands_of_rows_that_parse_back(alice_client, alice):
    _bulk_applications(alice, ROWS)

    response = alice_client.get(reverse("tracker:export_json"))
    with CaptureQueriesContext(connection) as queries:
        document = json.loads(b"".join(response.streaming_content))

    applications = document["tracker"]["application"]
    assert response.streaming
    assert [a["role_title"] for a in applications] == [f"Role {i}" for i in range(ROWS)]
    assert len(document["tracker"]["stageevent"]) == ROWS
    assert response["Content-Disposition"].startswith('attachment; filename="reframe-alice-')
    assert response["Cache-Control"] == "private, no-store"
    # One cursor per exported model, plus each chunk's many-to-many links for the models
    # that have them: the count does not grow with the applications.
    m2m_models = [m for m, _ in exported_models() if m._meta.many_to_many]
    assert len(queries.captured_queries) <= len(exported_models()) + len(m2m_models)


def test_export_data_command_streams_the_same_bytes_to_a_file_and_to_stdout(
    alice, alices_account, tmp_path, capsys
):
    output = tmp_path / "alice.json"

    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("export_data", user="alice", output=str(output))
        call_command("export_data", user="alice")
        expected = "".join(account_json_chunks(alice)) + "\n"

    assert output.read_text(encoding="utf-8") == expected
    assert capsys.readouterr().out == expected


def _peak_bytes(chunks: Iterable[str]) -> tuple[int, int]:
    """(bytes written, peak bytes Python held) while the chunks are consumed and dropped."""
    written = 0
    tracemalloc.start()
    try:
        for chunk in chunks:
            written += len(chunk.encode("utf-8"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return written, peak


def test_exports_hold_a_chunk_in_memory_not_the_file(alice, bob, monkeypatch):
    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 100)
    monkeypatch.setattr(account_export, "CHUNK_SIZE", 100)
    posting = "A long posting. " * 125  # 2,000 characters
    _bulk_applications(alice, ROWS // 3, posting_text=posting)
    _bulk_applications(bob, ROWS, posting_text=posting)

    small_csv = _peak_bytes(csv_chunks(applications_for_export(alice)))
    large_csv = _peak_bytes(csv_chunks(applications_for_export(bob)))
    small_json = _peak_bytes(account_json_chunks(alice))
    large_json = _peak_bytes(account_json_chunks(bob))

    # Three times the rows: three times the bytes written, about the same peak in memory
    # (a chunk's worth and some fixed costs). Built whole, a file would take its own size.
    for (small_written, small_peak), (large_written, large_peak) in [
        (small_csv, large_csv),
        (small_json, large_json),
    ]:
        assert large_written > ROWS * 2000
        assert large_written > 2.9 * small_written
        assert large_peak < small_peak * 1.25
        assert large_peak < large_written / 2


def test_a_time_is_written_to_the_microsecond_so_it_reads_back_the_same():
    # Django's encoder rounds to milliseconds: 12:00:54.000123 was written "…54.000Z" and
    # read back as 12:00:54, so a second export differed from the first.
    moment = datetime.datetime(2026, 12, 8, 12, 0, 54, 123, tzinfo=datetime.UTC)

    written = json.loads(json.dumps(moment, cls=ExactJSONEncoder))

    assert written == "2026-12-08T12:00:54.000123Z"
    assert parse_datetime(written) == moment
