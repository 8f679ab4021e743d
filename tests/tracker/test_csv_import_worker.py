"""A large CSV is imported by a worker: the confirming request returns at once, the page
polls the worker's progress, and the import stays all or nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_csv_import
from tracker.data import import_progress
from tracker.models import Application, CsvImport
from tracker.tasks import import_csv_task

ROWS = 250


def _large_csv(rows: int = ROWS, bad_row: int | None = None) -> str:
    lines = ["Company,Job Title,Status,Date Applied"]
    for n in range(rows):
        status = "Maybe" if n == bad_row else "Applied"
        lines.append(f"Company {n % 40},Role {n},{status},2026-01-{n % 28 + 1:02d}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def queued(monkeypatch, settings) -> list[dict]:
    """What the confirming request hands to the worker, kept here instead of the broker."""
    settings.CSV_IMPORT_INLINE_ROWS = 100
    handed_over: list[dict] = []
    monkeypatch.setattr(
        import_csv_task, "apply_async", lambda **kw: handed_over.append(kw["kwargs"])
    )
    return handed_over


def _confirm(client, pending: CsvImport):
    return client.post(
        reverse("tracker:import_confirm", args=[pending.pk]),
        {"settings_key": pending.settings_key},
    )


def test_a_large_file_is_imported_by_a_worker_while_the_page_polls(alice_client, alice, queued):
    pending = make_csv_import(alice, _large_csv())
    progress_url = reverse("tracker:import_progress", args=[pending.pk])

    confirmed = _confirm(alice_client, pending)
    waiting = alice_client.get(progress_url).content.decode()
    preview_meanwhile = alice_client.get(pending.get_absolute_url())
    before = Application.objects.count()
    import_csv_task.apply(kwargs=queued[0])  # what the worker runs
    reported = import_progress.read(pending.pk)
    done = alice_client.get(progress_url, headers={"HX-Request": "true"})
    landing = alice_client.get(done["HX-Redirect"]).content.decode()

    assert confirmed["Location"] == progress_url
    assert before == 0  # the request wrote nothing
    assert 'hx-trigger="every 1s"' in waiting
    assert "Checking the rows" in waiting
    assert preview_meanwhile["Location"] == progress_url  # no second confirm meanwhile
    assert reported == (200, ROWS)  # counted every hundred rows
    assert done["HX-Redirect"] == reverse("tracker:application_list")
    assert f"Imported {ROWS} applications from applications.csv" in landing
    assert Application.objects.filter(owner=alice).count() == ROWS


def test_the_progress_page_shows_the_rows_saved(alice_client, alice, queued):
    pending = make_csv_import(alice, _large_csv())
    _confirm(alice_client, pending)
    import_progress.report(pending.pk, 100, ROWS)

    page = alice_client.get(
        reverse("tracker:import_progress", args=[pending.pk]),
        headers={"HX-Request": "true", "HX-Target": "import-progress"},
    ).content.decode()

    assert "Saved 100 of 250 rows" in page
    assert "<html" not in page


def test_a_message_delivered_twice_imports_once(alice, queued, alice_client):
    pending = make_csv_import(alice, _large_csv())
    _confirm(alice_client, pending)

    import_csv_task.apply(kwargs=queued[0])
    import_csv_task.apply(kwargs=queued[0])

    assert Application.objects.count() == ROWS


def test_a_row_with_an_error_imports_nothing_and_the_preview_says_why(alice_client, alice, queued):
    pending = make_csv_import(alice, _large_csv(bad_row=7))
    _confirm(alice_client, pending)

    import_csv_task.apply(kwargs=queued[0])
    page = alice_client.get(pending.get_absolute_url(), follow=True).content.decode()

    pending.refresh_from_db()
    assert Application.objects.count() == 0
    assert (pending.imported_at, pending.import_queued_at) == (None, None)
    assert "Fix the rows with errors before importing" in page


def test_choices_changed_after_confirming_import_nothing(alice_client, alice, queued):
    pending = make_csv_import(alice, _large_csv())
    _confirm(alice_client, pending)
    CsvImport.objects.filter(pk=pending.pk).update(options={"default_tier": "finance"})

    import_csv_task.apply(kwargs=queued[0])

    pending.refresh_from_db()
    assert Application.objects.count() == 0
    assert "column choices changed" in pending.import_error


def test_with_the_work_queue_down_the_preview_says_so_and_nothing_is_lost(
    alice_client, alice, monkeypatch, settings
):
    settings.CSV_IMPORT_INLINE_ROWS = 100

    def broker_down(**kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(import_csv_task, "apply_async", broker_down)
    pending = make_csv_import(alice, _large_csv())

    response = _confirm(alice_client, pending)
    page = alice_client.get(response["Location"]).content.decode()

    pending.refresh_from_db()
    assert response["Location"] == pending.get_absolute_url()
    assert "work queue is out of reach" in page
    assert pending.import_queued_at is None
    assert pending.text  # the upload is kept: confirming again works once the queue is back
    assert Application.objects.count() == 0


def test_a_small_file_is_still_imported_in_the_request(alice_client, alice, queued):
    pending = make_csv_import(alice, _large_csv(rows=20))

    response = _confirm(alice_client, pending)

    assert response["Location"] == reverse("tracker:application_list")
    assert queued == []
    assert Application.objects.count() == 20


def test_another_persons_import_progress_is_not_found(bob_client, alice, queued, alice_client):
    pending = make_csv_import(alice, _large_csv())
    _confirm(alice_client, pending)

    response = bob_client.get(reverse("tracker:import_progress", args=[pending.pk]))

    assert response.status_code == 404


def test_why_an_import_failed_is_said_once(alice_client, alice, queued):
    pending = make_csv_import(alice, _large_csv(bad_row=7))
    _confirm(alice_client, pending)
    import_csv_task.apply(kwargs=queued[0])

    first = alice_client.get(pending.get_absolute_url(), follow=True).content.decode()
    second = alice_client.get(pending.get_absolute_url()).content.decode()

    assert first.count("Fix the rows with errors before importing") == 1
    assert "Fix the rows with errors before importing" not in second
