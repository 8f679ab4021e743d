"""The search in numbers, computed from the stage-event log — never from current stages
alone, so an application that reached interviewing and was then rejected still counts
as having reached interviewing.

Both ways to the figures meet in `LogCounts`, the log counted per tier, channel, role
family and how far each application got:

- `load_dashboard` has the database fold each application's log and count the results
  (`counts_in_database`, one query), so the page reads a few hundred rows whatever the
  number of applications or stage events;
- `summarise` folds plain rows in Python (`history_of`) and counts them the same way
  (`counts_of`): the reference the tests hold the SQL to, and what the digest uses.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Q

from tracker.models import (
    Application,
    Company,
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
# The values the SQL fold compares stages and outcomes with (`_fold_sql`).
FOLD_PARAMETERS = {
    **{stage: stage for stage in RANK},
    "closed": Stage.CLOSED,
    "saved": Stage.SAVED,
    "rejected": Outcome.REJECTED,
}


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
class LogCounts:
    """The stage log of a person's applications, counted: all the dashboard needs of it.
    Only applications that were sent are counted, and the keys are bounded by the choices
    (tiers × channels × role families × stages, days), not by the number of
    applications."""

    # (tier, source, role family, highest rank reached, answered at all) → applications
    reached: Counter[tuple[str, str, str, int, bool]]
    # whole days from sending to the first answer → applications (only answers that came
    # after the application was sent: see `history_of`)
    days_to_answer: Counter[int]
    # the day each was sent → applications, from a given day on
    sent_on: Counter[datetime.date]


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


def funnel_from(reached: Counter[int]) -> list[Rate]:
    """The funnel from how many applications got how far (highest rank → applications)."""
    applied = sum(count for rank, count in reached.items() if rank)
    return [
        Rate(sum(count for rank, count in reached.items() if rank >= RANK[stage]), applied)
        for stage in FUNNEL
    ]


def funnel_rows(
    reached: dict[str, Counter[int]], choices: list[tuple[str, str]]
) -> list[FunnelRow]:
    """`funnel_from` per group value (group → highest rank → applications), in the order
    of `choices`; groups never applied to are left out."""
    rows = []
    for key, label in choices:
        steps = funnel_from(reached.get(key, Counter()))
        if steps[0].count:
            rows.append(FunnelRow(key, label, steps))
    return rows


def first_week_shown(today: datetime.date) -> datetime.date:
    """The Monday that starts the first of the WEEKS_SHOWN weeks up to `today`'s."""
    return today - datetime.timedelta(days=today.weekday(), weeks=WEEKS_SHOWN - 1)


def weekly_counts(days: Iterable[datetime.date], today: datetime.date) -> list[tuple]:
    """Applications sent per week (weeks start on Monday), the last WEEKS_SHOWN weeks."""
    first = first_week_shown(today)
    mondays = [first + datetime.timedelta(weeks=n) for n in range(WEEKS_SHOWN)]
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
    return dashboard_from(
        counts_of(applications, histories, since=first_week_shown(today)),
        live=sum(1 for *_, stage in applications if stage != Stage.CLOSED),
        interview_counts=interview_counts,
        today=today,
    )


def counts_of(
    applications: list[tuple[int, str, str, str, str]],
    histories: dict[int, History],
    *,
    since: datetime.date,
) -> LogCounts:
    """`LogCounts` from each application's (pk, tier, source, role family, stage) and its
    history, the days sent counted from `since` on."""
    counts = LogCounts(Counter(), Counter(), Counter())
    for pk, tier, source, role_family, _ in applications:
        history = histories[pk]
        if not history.reached:
            continue
        counts.reached[tier, source, role_family, history.reached, history.responded] += 1
        if history.responded_on and history.applied_on:
            counts.days_to_answer[(history.responded_on - history.applied_on).days] += 1
        if history.applied_on and history.applied_on >= since:
            counts.sent_on[history.applied_on] += 1
    return counts


def dashboard_from(
    counts: LogCounts, *, live: int, interview_counts: list[dict], today: datetime.date
) -> Dashboard:
    """The dashboard from the counted log, the number of live applications and the
    interviews counted per kind."""
    overall: Counter[int] = Counter()
    by_tier: dict[str, Counter[int]] = defaultdict(Counter)
    by_channel: dict[str, Counter[int]] = defaultdict(Counter)
    by_role_family: dict[str, Counter[int]] = defaultdict(Counter)
    responded = 0
    for (tier, source, role_family, reached, answered), count in counts.reached.items():
        overall[reached] += count
        by_tier[tier][reached] += count
        by_channel[source][reached] += count
        by_role_family[role_family][reached] += count
        responded += count if answered else 0
    delays = list(counts.days_to_answer.elements())
    funnel = funnel_from(overall)
    return Dashboard(
        applied=funnel[0].count,
        live=live,
        offers=funnel[-1].count,
        funnel=funnel,
        by_tier=funnel_rows(by_tier, Tier.choices),
        by_channel=funnel_rows(by_channel, Source.choices),
        by_role_family=funnel_rows(by_role_family, RoleFamily.choices),
        response_rate=Rate(responded, funnel[0].count),
        median_days_to_response=statistics.median(delays) if delays else None,
        days_sample=len(delays),
        per_week=weekly_counts(counts.sent_on.elements(), today),
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
    """Three queries whatever the number of applications and stage events."""
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
    return dashboard_from(
        counts_in_database(user, since=first_week_shown(today)),
        live=Application.objects.for_user(user).active().count(),
        interview_counts=interview_counts,
        today=today,
    )


def _fold_sql() -> str:
    """`history_of` in SQL for every application of the person `%(owner)s`: the common
    table `folded`, one row per application with a stage event — (pk, reached,
    applied_on, first_ranked, first_answer, answered_on), where first_ranked and
    first_answer number the events that sent the application and that first answered
    it, in log order. Its parameters are `FOLD_PARAMETERS` and the owner."""
    events = StageEvent._meta.db_table
    applications = Application._meta.db_table
    ranks = " ".join(f"WHEN %({stage})s THEN {rank}" for stage, rank in RANK.items())
    rank_of = f"CASE e.to_stage {ranks} ELSE 0 END"
    rank_from = f"CASE e.from_stage {ranks} ELSE 0 END"
    answered = f"rank > {RANK[Stage.APPLIED]} OR outcome = %(rejected)s"
    return f"""
        WITH ranked AS (
            SELECT e.application_id AS pk, e.happened_on AS day, e.outcome AS outcome,
                   CASE WHEN e.to_stage = %(closed)s AND e.from_stage <> %(saved)s
                        THEN CASE WHEN {rank_from} > 1 THEN {rank_from} ELSE 1 END
                        ELSE {rank_of} END AS rank,
                   ROW_NUMBER() OVER (PARTITION BY e.application_id
                                      ORDER BY e.happened_on, e.recorded_at, e.id) AS seq
            FROM {events} e JOIN {applications} a ON a.id = e.application_id
            WHERE a.owner_id = %(owner)s
        ),
        folded AS (
            SELECT pk, MAX(rank) AS reached,
                   MIN(CASE WHEN rank > 0 THEN day END) AS applied_on,
                   MIN(CASE WHEN rank > 0 THEN seq END) AS first_ranked,
                   MIN(CASE WHEN {answered} THEN seq END) AS first_answer,
                   -- the log is in day order, so the first answer's day is the earliest
                   MIN(CASE WHEN {answered} THEN day END) AS answered_on
            FROM ranked GROUP BY pk
        )
    """


def histories_in_database(user: User) -> dict[int, History]:
    """`history_of` for every application of `user` with a stage event, folded by the
    database: the fold `counts_in_database` counts, one application at a time, so the
    tests can hold it to the Python reference application by application."""
    histories = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""{_fold_sql()}
            SELECT pk, reached, applied_on, first_ranked, first_answer, answered_on FROM folded
            """,
            {**FOLD_PARAMETERS, "owner": user.pk},
        )
        for pk, reached, applied_on, first_ranked, first_answer, answered_on in cursor:
            histories[pk] = History(
                _date(applied_on),
                reached,
                _date(answered_on) if _answer_has_delay(first_ranked, first_answer) else None,
                first_answer is not None,
            )
    return histories


def _answer_has_delay(first_ranked: int | None, first_answer: int | None) -> bool:
    # The first answer has a delay unless it is also the event that sent the application
    # (created straight at screening): see `history_of`.
    return first_answer is not None and first_ranked != first_answer


def counts_in_database(user: User, *, since: datetime.date) -> LogCounts:
    """`counts_of` for `user`, the log folded and counted by the database in one query:
    a few hundred rows come back, not one per application or event."""
    applications = Application._meta.db_table
    companies = Company._meta.db_table
    delay = _days_between("f.applied_on", "f.answered_on")
    # The groups are joined to the folded rows, not carried through the fold: sorting
    # and grouping the events with three text columns more cost as much as the join.
    sql = f"""{_fold_sql()},
        sent AS (
            SELECT c.tier, a.source, a.role_family, f.reached, f.applied_on,
                   CASE WHEN f.first_answer IS NULL THEN 0 ELSE 1 END AS answered,
                   CASE WHEN f.first_answer <> f.first_ranked THEN {delay} END AS delay
            FROM folded f JOIN {applications} a ON a.id = f.pk
                 JOIN {companies} c ON c.id = a.company_id
            WHERE f.reached > 0
        )
        SELECT 'reached', tier, source, role_family, reached, answered, CAST(NULL AS DATE),
               COUNT(*)
        FROM sent GROUP BY tier, source, role_family, reached, answered
        UNION ALL
        SELECT 'delay', NULL, NULL, NULL, delay, NULL, CAST(NULL AS DATE), COUNT(*)
        FROM sent WHERE delay IS NOT NULL GROUP BY delay
        UNION ALL
        SELECT 'sent_on', NULL, NULL, NULL, NULL, NULL, applied_on, COUNT(*)
        FROM sent WHERE applied_on >= %(since)s GROUP BY applied_on
    """
    counts = LogCounts(Counter(), Counter(), Counter())
    with connection.cursor() as cursor:
        cursor.execute(sql, {**FOLD_PARAMETERS, "owner": user.pk, "since": since})
        for kind, tier, source, role_family, number, answered, day, count in cursor:
            if kind == "reached":
                counts.reached[tier, source, role_family, number, bool(answered)] = count
            elif kind == "delay":
                counts.days_to_answer[number] = count
            else:
                counts.sent_on[_day(day)] = count
    return counts


def _days_between(earlier: str, later: str) -> str:
    """SQL for the whole days from one date column to another."""
    if connection.vendor == "sqlite":  # dates are text there
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def _date(value: datetime.date | str | None) -> datetime.date | None:
    return None if value is None else _day(value)


def _day(value: datetime.date | str) -> datetime.date:
    """A date as the database driver gives it (SQLite gives text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
