"""The dashboard's fold of the stage log in SQL gives what the Python reference gives, for
random histories (back-dated, same-day, closed from saved, rejected, created at screening),
in one query whatever the number of events; so do its counts per tier, channel and role
family, and the dashboard made from them."""

from __future__ import annotations

import datetime
import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_company
from tracker.dashboard import (
    History,
    counts_in_database,
    counts_of,
    histories_in_database,
    history_of,
    load_dashboard,
    summarise,
)
from tracker.models import Application, Outcome, RoleFamily, Source, Stage, StageEvent, Tier

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


def _python_histories(owner) -> dict[int, History]:
    logs: dict[int, list] = {}
    for pk, *event in (
        StageEvent.objects.filter(application__owner=owner)
        .order_by("application_id", "happened_on", "recorded_at", "pk")
        .values_list("application_id", "from_stage", "to_stage", "outcome", "happened_on")
    ):
        logs.setdefault(pk, []).append(event)
    return {pk: history_of(log) for pk, log in logs.items()}


def test_the_database_folds_each_log_as_the_python_reference_does(alice):
    rng = random.Random(19)
    _random_logs(alice, rng, 400)

    assert histories_in_database(alice) == _python_histories(alice)


def test_the_fold_is_one_query_whatever_the_log(alice, bob):
    _random_logs(alice, random.Random(1), 20)
    _random_logs(bob, random.Random(2), 300)

    with CaptureQueriesContext(connection) as small:
        histories_in_database(alice)
    with CaptureQueriesContext(connection) as large:
        found = histories_in_database(bob)

    assert len(small) == len(large) == 1
    assert set(found) <= set(Application.objects.filter(owner=bob).values_list("pk", flat=True))


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
