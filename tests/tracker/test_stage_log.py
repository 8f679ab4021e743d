"""Each application keeps the fold of its stage log (`tracker.stage_log`) current through
every way the log is written: a new application, a stage change, an undo, a corrected
application date, a CSV import and an account import; and nothing else overwrites it.
(`tests/conftest.py` also checks every fold after every test that uses the database.)"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_application, make_company
from tracker import services
from tracker.data.account_export import account_json_chunks
from tracker.data.account_import import import_account, read_document
from tracker.models import Application, StageEvent
from tracker.stage_log import History, history_of, refolds_deferred, stored_history

TODAY = datetime.date(2026, 12, 7)


def _stored(application: Application) -> History:
    application.refresh_from_db()
    return stored_history(application)


def _reference(application: Application) -> History:
    return history_of(
        application.stage_events.order_by("happened_on", "recorded_at", "pk").values_list(
            "from_stage", "to_stage", "outcome", "happened_on"
        )
    )


@time_machine.travel("2026-12-07 12:00 +00:00")
def test_a_new_application_and_each_stage_change_refold_it(alice):
    company = make_company(alice)
    saved = make_application(alice, company, stage="saved")
    sent = make_application(alice, company, stage="applied", applied_on=datetime.date(2026, 12, 1))
    assert [_stored(saved), _stored(sent)] == [
        History(None, 0, None, False),
        History(datetime.date(2026, 12, 1), 1, None, False),
    ]

    services.change_stage(application=sent, to_stage="screening")

    assert _stored(sent) == History(datetime.date(2026, 12, 1), 2, TODAY, True)
    assert _stored(sent) == _reference(sent)


@time_machine.travel("2026-12-07 12:00 +00:00")
def test_undoing_a_change_refolds_without_it(alice):
    application = make_application(alice, stage="applied", applied_on=datetime.date(2026, 12, 1))
    services.change_stage(application=application, to_stage="interviewing")

    services.undo_stage_change(application=application, now=datetime.datetime.now(datetime.UTC))

    assert _stored(application) == History(datetime.date(2026, 12, 1), 1, None, False)


@time_machine.travel("2026-12-07 12:00 +00:00")
def test_correcting_the_application_date_moves_the_stored_day_it_was_sent(alice):
    application = make_application(alice, stage="applied", applied_on=datetime.date(2026, 12, 3))
    services.change_stage(application=application, to_stage="screening")

    services.update_application(
        application=application,
        company_name=application.company.name,
        role_title=application.role_title,
        applied_on=datetime.date(2026, 11, 20),
    )

    assert _stored(application) == History(datetime.date(2026, 11, 20), 2, TODAY, True)


@time_machine.travel("2026-12-07 12:00 +00:00")
def test_saving_a_copy_loaded_before_a_stage_change_keeps_the_new_fold(alice):
    application = make_application(alice, stage="applied")
    stale_copy = Application.objects.get(pk=application.pk)
    services.change_stage(application=application, to_stage="offer")

    stale_copy.notes = "Recruiter called"
    stale_copy.save()

    assert _stored(stale_copy).reached == 4
    assert stale_copy.notes == "Recruiter called"


def _log_sending(application: Application) -> None:
    StageEvent.objects.create(application=application, from_stage="saved", to_stage="applied")


def test_events_saved_inside_a_deferred_block_are_folded_once_at_its_end(alice):
    company = make_company(alice)
    applications = [make_application(alice, company, stage="saved") for _ in range(3)]

    with CaptureQueriesContext(connection) as queries, refolds_deferred():
        for application in applications:
            _log_sending(application)
        folded_inside = [_stored(application).reached for application in applications]

    assert folded_inside == [0, 0, 0]
    assert [_stored(application).reached for application in applications] == [1, 1, 1]
    # three inserts, three reads inside, then the events read and the folds written once
    assert sum("UPDATE" in query["sql"] for query in queries.captured_queries) == 1


def _import_that_fails(application: Application) -> None:
    with refolds_deferred():
        _log_sending(application)
        raise RuntimeError("the import failed")


def test_a_deferred_block_that_fails_outside_a_transaction_folds_what_it_wrote(alice):
    application = make_application(alice, stage="saved")

    with pytest.raises(RuntimeError):
        _import_that_fails(application)

    assert application.stage_events.filter(to_stage="applied").exists()
    assert _stored(application).reached == 1


@time_machine.travel("2026-12-07 12:00 +00:00")
def test_an_account_import_stores_the_fold_of_every_loaded_log(alice, bob):
    sent = make_application(alice, stage="applied", applied_on=datetime.date(2026, 12, 1))
    services.change_stage(application=sent, to_stage="interviewing")
    make_application(alice, sent.company, stage="saved")
    document = read_document("".join(account_json_chunks(alice)))
    assert not {"log_reached", "log_sent_on"} & set(document["tracker"]["application"][0])

    import_account(user=bob, document=document)

    imported = Application.objects.filter(owner=bob).order_by("log_reached")
    assert [stored_history(a) for a in imported] == [_reference(a) for a in imported]
    assert [a.log_reached for a in imported] == [0, 3]


def test_saving_a_partly_loaded_application_writes_only_what_was_loaded(alice):
    application = make_application(alice, stage="applied", notes="Kept")
    partial = Application.objects.only("pk", "role_title").get(pk=application.pk)
    partial.role_title = "Research Engineer"

    with CaptureQueriesContext(connection) as queries:
        partial.save()

    application.refresh_from_db()
    assert (application.role_title, application.notes) == ("Research Engineer", "Kept")
    assert len(queries) == 1  # the update, no query to load a deferred field
