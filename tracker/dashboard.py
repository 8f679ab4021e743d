"""The search in numbers, computed from the stage-event log — never from current stages
alone, so an application that reached interviewing and was then rejected still counts
as having reached interviewing.

`load_dashboard` runs three queries, one of which folds each application's log in the
database (`histories_in_database`); `summarise` is the same fold in plain Python, kept as
the reference the tests hold the SQL to, and used by the digest.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Q

from tracker.models import (
    Application,
    Interview,
    InterviewKind,
    InterviewOutcome,
    Outcome,
    RoleFamily,
    Source,
    Stage,
    StageEvent,
    Tier,
)

# Below this many, a rate says more about luck than about the search: show the count only.
MIN_SAMPLE = 5
FUNNEL = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)
RANK = {stage: rank for rank, stage in enumerate(FUNNEL, start=1)}
WEEKS_SHOWN = 12


@dataclass(frozen=True)
class Rate:
    """A count out of a total; the percentage only when the total is big enough."""

    count: int
    total: int

    @property
    def shown(self) -> bool:
        return self.total >= MIN_SAMPLE

    @property
    def percent(self) -> int | None:
        return round(100 * self.count / self.total) if self.shown else None


@dataclass(frozen=True)
class History:
    """What the log says about one application."""

    applied_on: datetime.date | None  # first day it was at applied or beyond
    reached: int  # highest funnel rank reached (0: never applied)
    responded_on: datetime.date | None  # first answer from the employer
    responded: bool


@dataclass(frozen=True)
class FunnelRow:
    key: str
    label: str
    steps: list[Rate]  # one per funnel stage, each out of the applied count

    @property
    def applied(self) -> int:
        return self.steps[0].count


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    total: int
    passed: int
    failed: int
    pass_rate: Rate


@dataclass
class Dashboard:
    applied: int = 0
    live: int = 0
    offers: int = 0
    funnel: list[Rate] = field(default_factory=list)
    by_tier: list[FunnelRow] = field(default_factory=list)
    by_channel: list[FunnelRow] = field(default_factory=list)
    by_role_family: list[FunnelRow] = field(default_factory=list)
    response_rate: Rate = Rate(0, 0)
    median_days_to_response: float | None = None
    days_sample: int = 0
    per_week: list[tuple[datetime.date, int]] = field(default_factory=list)
    interviews: list[KindRow] = field(default_factory=list)
    interview_total: int = 0

    @property
    def funnel_stages(self) -> list[tuple[str, Rate]]:
        labels = dict(Stage.choices)
        return [(labels[stage], rate) for stage, rate in zip(FUNNEL, self.funnel, strict=True)]

    @property
    def median_shown(self) -> bool:
        return self.median_days_to_response is not None and self.days_sample >= MIN_SAMPLE


def history_of(events: list[tuple[str, str, str, datetime.date]]) -> History:
    """Fold one application's events (from, to, outcome, day), oldest first."""
    applied_on = responded_on = None
    reached = 0
    responded = False
    for from_stage, to_stage, outcome, day in events:
        rank = RANK.get(to_stage, 0)
        if to_stage == Stage.CLOSED and from_stage != Stage.SAVED:
            # Closed straight from creation still means it was sent; its from-stage says
            # how far it had got.
            rank = max(RANK.get(from_stage, 0), 1)
        if rank and applied_on is None:
            applied_on = day
        answered = rank > RANK[Stage.APPLIED] or outcome == Outcome.REJECTED
        if answered and not responded:
            responded = True
            # Only an answer that came after the application was sent has a delay.
            if day != applied_on or reached:
                responded_on = day
        reached = max(reached, rank)
    return History(applied_on, reached, responded_on, responded)


def funnel_of(histories: list[History]) -> list[Rate]:
    applied = sum(1 for h in histories if h.reached)
    return [Rate(sum(1 for h in histories if h.reached >= RANK[s]), applied) for s in FUNNEL]


def grouped_funnels(
    histories: dict[int, History], groups: dict[int, str], choices: list[tuple[str, str]]
) -> list[FunnelRow]:
    """One funnel per group value, in the order of `choices`; groups never applied to
    are left out."""
    members: dict[str, list[History]] = defaultdict(list)
    for pk, history in histories.items():
        members[groups[pk]].append(history)
    rows = []
    for key, label in choices:
        steps = funnel_of(members.get(key, []))
        if steps[0].count:
            rows.append(FunnelRow(key, label, steps))
    return rows


def weekly_counts(days: list[datetime.date], today: datetime.date) -> list[tuple]:
    """Applications sent per week (weeks start on Monday), the last WEEKS_SHOWN weeks."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=n) for n in reversed(range(WEEKS_SHOWN))]
    counts = Counter(day - datetime.timedelta(days=day.weekday()) for day in days)
    return [(monday, counts.get(monday, 0)) for monday in mondays]


def summarise(
    applications: list[tuple[int, str, str, str, str]],
    events: list[tuple[int, str, str, str, datetime.date]],
    interview_counts: list[dict],
    today: datetime.date,
) -> Dashboard:
    """The dashboard from plain rows: applications (pk, tier, source, role family,
    stage) and events (application pk, from, to, outcome, day) in log order."""
    by_application: dict[int, list] = defaultdict(list)
    for pk, *event in events:
        by_application[pk].append(event)
    histories = {pk: history_of(by_application[pk]) for pk, *_ in applications}
    return summarise_histories(applications, histories, interview_counts, today)


def summarise_histories(
    applications: list[tuple[int, str, str, str, str]],
    histories: dict[int, History],
    interview_counts: list[dict],
    today: datetime.date,
) -> Dashboard:
    """The dashboard from the applications and what the log says of each."""
    applied = [h for h in histories.values() if h.reached]
    delays = [(h.responded_on - h.applied_on).days for h in applied if h.responded_on]
    return Dashboard(
        applied=len(applied),
        live=sum(1 for *_, stage in applications if stage != Stage.CLOSED),
        offers=sum(1 for h in applied if h.reached >= RANK[Stage.OFFER]),
        funnel=funnel_of(list(histories.values())),
        by_tier=grouped_funnels(histories, {a[0]: a[1] for a in applications}, Tier.choices),
        by_channel=grouped_funnels(histories, {a[0]: a[2] for a in applications}, Source.choices),
        by_role_family=grouped_funnels(
            histories, {a[0]: a[3] for a in applications}, RoleFamily.choices
        ),
        response_rate=Rate(sum(1 for h in applied if h.responded), len(applied)),
        median_days_to_response=statistics.median(delays) if delays else None,
        days_sample=len(delays),
        per_week=weekly_counts([h.applied_on for h in applied], today),
        interviews=_interview_rows(interview_counts),
        interview_total=sum(row["total"] for row in interview_counts),
    )


def _interview_rows(counts: list[dict]) -> list[KindRow]:
    by_kind = {row["kind"]: row for row in counts}
    rows = []
    for kind, label in InterviewKind.choices:
        if kind in by_kind:
            row = by_kind[kind]
            decided = row["passed"] + row["failed"]
            rows.append(
                KindRow(
                    kind,
                    label,
                    row["total"],
                    row["passed"],
                    row["failed"],
                    Rate(row["passed"], decided),
                )
            )
    return rows


def load_dashboard(user: User, *, today: datetime.date) -> Dashboard:
    applications = list(
        Application.objects.for_user(user).values_list(
            "pk", "company__tier", "source", "role_family", "stage"
        )
    )
    interview_counts = list(
        Interview.objects.for_user(user)
        .held()
        .exclude(scheduled_at__isnull=True, outcome=InterviewOutcome.PENDING)
        .values("kind")
        .annotate(
            total=Count("pk"),
            passed=Count("pk", filter=Q(outcome=InterviewOutcome.PASSED)),
            failed=Count("pk", filter=Q(outcome=InterviewOutcome.FAILED)),
        )
        .order_by("kind")
    )
    histories = histories_in_database(user)
    for pk, *_ in applications:
        histories.setdefault(pk, History(None, 0, None, False))
    return summarise_histories(applications, histories, interview_counts, today)


def histories_in_database(user: User) -> dict[int, History]:
    """`history_of` for every application of `user`, folded by the database: one row per
    application instead of one per stage event, so the page does not grow with the log.
    The same rules, in SQL (the tests hold both to the same answers)."""
    events = StageEvent._meta.db_table
    applications = Application._meta.db_table
    ranks = " ".join(f"WHEN %s THEN {rank}" for rank in RANK.values())
    rank_of = f"CASE e.to_stage {ranks} ELSE 0 END"
    rank_from = f"CASE e.from_stage {ranks} ELSE 0 END"
    sql = f"""
        WITH ranked AS (
            SELECT e.application_id AS pk, e.happened_on AS day,
                   CASE WHEN e.to_stage = %s AND e.from_stage <> %s
                        THEN CASE WHEN {rank_from} > 1 THEN {rank_from} ELSE 1 END
                        ELSE {rank_of} END AS rank,
                   e.outcome AS outcome,
                   ROW_NUMBER() OVER (PARTITION BY e.application_id
                                      ORDER BY e.happened_on, e.recorded_at, e.id) AS seq
            FROM {events} e JOIN {applications} a ON a.id = e.application_id
            WHERE a.owner_id = %s
        ),
        marked AS (
            SELECT pk, day, rank, seq,
                   CASE WHEN rank > {RANK[Stage.APPLIED]} OR outcome = %s
                        THEN 1 ELSE 0 END AS answered
            FROM ranked
        ),
        folded AS (
            SELECT pk, MAX(rank) AS reached,
                   MIN(CASE WHEN rank > 0 THEN day END) AS applied_on,
                   MIN(CASE WHEN rank > 0 THEN seq END) AS first_ranked,
                   MIN(CASE WHEN answered = 1 THEN seq END) AS first_answer
            FROM marked GROUP BY pk
        )
        SELECT f.pk, f.reached, f.applied_on, f.first_ranked, f.first_answer, m.day
        FROM folded f LEFT JOIN marked m ON m.pk = f.pk AND m.seq = f.first_answer
    """
    stages = list(RANK)
    params = [Stage.CLOSED, Stage.SAVED, *stages, *stages, *stages, user.pk, Outcome.REJECTED]
    histories = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, reached, applied_on, first_ranked, first_answer, answer_day in cursor:
            # The first answer has a delay unless it is also the event that sent the
            # application (created straight at screening): see `history_of`.
            delayed = first_answer is not None and first_ranked != first_answer
            histories[pk] = History(
                _date(applied_on), reached, _date(answer_day) if delayed else None,
                first_answer is not None,
            )  # fmt: skip
    return histories


def _date(value: datetime.date | str | None) -> datetime.date | None:
    """A date as the database driver gives it (SQLite gives text)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)
