"""The fold of each stage log stored on its application (`tracker.stage_log.refold`) is what
the Python reference gives, for random histories (back-dated, same-day, closed from saved,
rejected, created at screening), in a few queries whatever the number of events; the
database's counts of those folds per tier, channel and role family, and the dashboard
made from them, are the reference's too."""

from __future__ import annotations

import datetime
import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_company
from tracker.dashboard import counts_in_database, counts_of, load_dashboard, summarise
from tracker.models import Application, Outcome, RoleFamily, Source, Stage, StageEvent, Tier
from tracker.stage_log import REFOLD_CHUNK, History, history_of, refold, stored_history

STAGES = list(Stage.values)
OUTCOMES = ["", *Outcome.values]


def _random_logs(owner, rng: random.Random, count: int) -> None:
    company = make_company(owner)
    applications = Application.objects.bulk_create(
        Application(owner=owner, company=company, role_title=f"Role {n}") for n in range(count)
    )
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    events = []
    for application in applications:
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(60))
        before = ""
        for _ in range(rng.randrange(0, 6)):
            to_stage = rng.choice(STAGES)
            outcome = rng.choice(OUTCOMES) if to_stage == Stage.CLOSED else ""
            day += datetime.timedelta(days=rng.choice([0, 0, 1, 3]))  # same-day steps too
            events.append(
                StageEvent(
                    application=application, from_stage=before, to_stage=to_stage,
                    outcome=outcome, happened_on=day,
                )
            )  # fmt: skip
            before = to_stage
    made = StageEvent.objects.bulk_create(events)
    # recorded_at decides the order within a day: shuffle it, independent of the pk.
    for event in made:
        event.recorded_at = start + datetime.timedelta(minutes=rng.randrange(10_000))
    StageEvent.objects.bulk_update(made, ["recorded_at"])
    refold(application.pk for application in applications)  # written in bulk


def _python_histories(owner) -> dict[int, History]:
    logs: dict[int, list] = {}
    for pk, *event in (
        StageEvent.objects.filter(application__owner=owner)
        .order_by("application_id", "happened_on", "recorded_at", "pk")
        .values_list("application_id", "from_stage", "to_stage", "outcome", "happened_on")
    ):
        logs.setdefault(pk, []).append(event)
    return {pk: history_of(log) for pk, log in logs.items()}


def _stored_histories(owner) -> dict[int, History]:
    """The stored fold of each of `owner`'s applications with a stage event."""
    with_a_log = Application.objects.filter(owner=owner, stage_events__isnull=False).distinct()
    return {application.pk: stored_history(application) for application in with_a_log}


def test_each_stored_fold_is_the_python_reference_fold_of_its_log(alice):
    rng = random.Random(19)
    _random_logs(alice, rng, 400)

    assert _stored_histories(alice) == _python_histories(alice)
    assert len({history.reached for history in _stored_histories(alice).values()}) == 5


def test_refolding_takes_two_queries_a_chunk_whatever_the_log(alice, bob):
    _random_logs(alice, random.Random(1), 3)
    _random_logs(bob, random.Random(2), 300)
    alices = list(Application.objects.filter(owner=alice).values_list("pk", flat=True))
    bobs = list(Application.objects.filter(owner=bob).values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as small:
        refold(alices)
    with CaptureQueriesContext(connection) as large:
        refold(bobs)

    assert len(small) == len(large) == 2
    assert len(bobs) < REFOLD_CHUNK


def test_one_application_refolds_with_an_update_of_its_own_row(alice, bob):
    _random_logs(alice, random.Random(3), 5)
    _random_logs(bob, random.Random(4), 5)
    application = Application.objects.filter(owner=alice, stage_events__isnull=False).first()
    Application.objects.update(log_reached=0, log_answered=False)

    refold([application.pk])

    application.refresh_from_db()
    assert stored_history(application) == _python_histories(alice)[application.pk]
    assert not Application.objects.exclude(pk=application.pk).filter(log_reached__gt=0).exists()
    refold(Application.objects.values_list("pk", flat=True))  # leave every fold current


def _random_groups(owner, rng: random.Random) -> None:
    """Spread `owner`'s applications over every tier, channel, role family and stage."""
    companies = [make_company(owner, f"{tier} employer", tier) for tier in Tier.values]
    applications = list(Application.objects.filter(owner=owner))
    for application in applications:
        application.company = rng.choice(companies)
        application.source = rng.choice(Source.values)
        application.role_family = rng.choice(RoleFamily.values)
        application.stage = rng.choice(STAGES)
    Application.objects.bulk_update(applications, ["company", "source", "role_family", "stage"])


def _python_rows(owner) -> tuple[list, list]:
    """The plain rows `summarise` takes: applications, and events in log order."""
    applications = list(
        Application.objects.filter(owner=owner).values_list(
            "pk", "company__tier", "source", "role_family", "stage"
        )
    )
    events = list(
        StageEvent.objects.filter(application__owner=owner)
        .order_by("application_id", "happened_on", "recorded_at", "pk")
        .values_list("application_id", "from_stage", "to_stage", "outcome", "happened_on")
    )
    return applications, events


def test_the_database_counts_the_log_as_the_python_reference_does(alice, bob):
    rng = random.Random(4)
    _random_logs(alice, rng, 400)
    _random_groups(alice, rng)
    _random_logs(bob, rng, 50)  # someone else's log, never counted
    applications, _ = _python_rows(alice)
    histories = _python_histories(alice)
    since = datetime.date(2026, 2, 2)

    found = counts_in_database(alice, since=since)

    everyone = {pk: histories.get(pk, history_of([])) for pk, *_ in applications}
    assert found == counts_of(applications, everyone, since=since)
    assert sum(found.reached.values()) > 300
    assert len(found.days_to_answer) > 5
    assert min(found.sent_on) >= since


def test_the_dashboard_from_the_database_is_the_python_reference(alice):
    rng = random.Random(23)
    _random_logs(alice, rng, 300)
    _random_groups(alice, rng)
    applications, events = _python_rows(alice)
    today = datetime.date(2026, 3, 4)

    dashboard = load_dashboard(alice, today=today)

    assert dashboard == summarise(applications, events, [], today)
    assert [len(dashboard.by_tier), len(dashboard.by_channel), len(dashboard.by_role_family)] == [
        len(Tier.values),
        len(Source.values),
        len(RoleFamily.values),
    ]
    assert sum(count for _, count in dashboard.per_week) > 0


def test_the_counts_are_one_query_whatever_the_log(alice, bob):
    _random_logs(alice, random.Random(5), 20)
    _random_logs(bob, random.Random(6), 300)
    _random_groups(bob, random.Random(7))

    with CaptureQueriesContext(connection) as small:
        counts_in_database(alice, since=datetime.date(2026, 1, 5))
    with CaptureQueriesContext(connection) as large:
        counts_in_database(bob, since=datetime.date(2026, 1, 5))

    assert len(small) == len(large) == 1
