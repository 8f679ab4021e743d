"""The search in numbers, computed from the stage-event log — never from current stages
alone, so an application that reached interviewing and was then rejected still counts
as having reached interviewing.

Each application's log is folded into a `History` (`tracker.stage_log`), and kept on the
application. Both ways to the figures meet in `LogCounts`, those folds counted per tier,
channel, role family and how far each application got:

- `load_dashboard` has the database count the stored folds (`counts_in_database`, one
  query over one row per application), so the page reads a few hundred rows whatever the
  number of applications or stage events;
- `summarise` folds plain rows in Python and counts them the same way (`counts_of`): the
  reference the tests hold the database to, and what the digest uses.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Q

from tracker.interview_hours import InterviewHours, hours_from, hours_tally
from tracker.models import (
    Application,
    Company,
    Interview,
    InterviewKind,
    InterviewOutcome,
    RoleFamily,
    Source,
    Stage,
    Tier,
)
from tracker.stage_log import FUNNEL, RANK, History, history_of

# Below this many, a rate says more about luck than about the search: show the count only.
MIN_SAMPLE = 5
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
    # applications not closed (now, whatever the log says), sent or not
    live: int = 0


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
    interview_hours: InterviewHours = field(default_factory=InterviewHours)

    @property
    def funnel_stages(self) -> list[tuple[str, Rate]]:
        labels = dict(Stage.choices)
        return [(labels[stage], rate) for stage, rate in zip(FUNNEL, self.funnel, strict=True)]

    @property
    def median_shown(self) -> bool:
        return self.median_days_to_response is not None and self.days_sample >= MIN_SAMPLE


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


def weekly_counts(sent_on: Counter[datetime.date], today: datetime.date) -> list[tuple]:
    """Applications sent per week (weeks start on Monday), the last WEEKS_SHOWN weeks,
    from the number sent each day."""
    first = first_week_shown(today)
    mondays = [first + datetime.timedelta(weeks=n) for n in range(WEEKS_SHOWN)]
    counts: Counter[datetime.date] = Counter()
    for day, sent in sent_on.items():
        counts[day - datetime.timedelta(days=day.weekday())] += sent
    return [(monday, counts.get(monday, 0)) for monday in mondays]


def median_of(counts: Counter[int]) -> float | None:
    """`statistics.median` of a multiset given as value → how many times, without
    spelling out each of the thousands of values."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def nth(n: int) -> int:  # the n-th value (from 0) in sorted order
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > n:
                return value
        raise IndexError(n)

    middle = total // 2
    return nth(middle) if total % 2 else (nth(middle - 1) + nth(middle)) / 2


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
    live = sum(1 for *_, stage in applications if stage != Stage.CLOSED)
    counts = LogCounts(Counter(), Counter(), Counter(), live)
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
    counts: LogCounts, *, interview_counts: list[dict], today: datetime.date
) -> Dashboard:
    """The dashboard from the counted log and the rounds tallied per kind (their pass
    rates and `hours_tally`)."""
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
    funnel = funnel_from(overall)
    return Dashboard(
        applied=funnel[0].count,
        live=counts.live,
        offers=funnel[-1].count,
        funnel=funnel,
        by_tier=funnel_rows(by_tier, Tier.choices),
        by_channel=funnel_rows(by_channel, Source.choices),
        by_role_family=funnel_rows(by_role_family, RoleFamily.choices),
        response_rate=Rate(responded, funnel[0].count),
        median_days_to_response=median_of(counts.days_to_answer),
        days_sample=sum(counts.days_to_answer.values()),
        per_week=weekly_counts(counts.sent_on, today),
        interviews=_interview_rows([row for row in interview_counts if row["total"]]),
        interview_total=sum(row["total"] for row in interview_counts),
        interview_hours=hours_from(interview_counts, offers=funnel[-1].count),
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
    """Two queries whatever the number of applications, stage events and rounds."""
    # Rounds count towards the pass rates once held and booked or decided; their hours
    # count whenever recorded (`tracker.interview_hours`): one pass over the rounds.
    counted = ~Q(outcome=InterviewOutcome.CANCELLED) & ~Q(
        scheduled_at__isnull=True, outcome=InterviewOutcome.PENDING
    )
    per_kind = list(
        Interview.objects.for_user(user)
        .values("kind")
        .annotate(
            total=Count("pk", filter=counted),
            passed=Count("pk", filter=counted & Q(outcome=InterviewOutcome.PASSED)),
            failed=Count("pk", filter=counted & Q(outcome=InterviewOutcome.FAILED)),
            **hours_tally(),
        )
        .order_by()
    )
    return dashboard_from(
        counts_in_database(user, since=first_week_shown(today)),
        interview_counts=per_kind,
        today=today,
    )


def counts_in_database(user: User, *, since: datetime.date) -> LogCounts:
    """`counts_of` for `user`, counted by the database from the folds stored on the
    applications (and their stages, for `live`), in one query: a few hundred rows come
    back, not one per application."""
    applications = Application._meta.db_table
    companies = Company._meta.db_table
    delay = _days_between("a.log_sent_on", "a.log_answered_on")
    # Sent: the log has a day it was sent (then it reached applied or further).
    sent = f"{applications} a WHERE a.owner_id = %(owner)s AND a.log_sent_on IS NOT NULL"
    # Three scans of the index that holds the folds (`application_stage_log_fold`): each
    # is cheaper than materialising the rows once for all three.
    sql = f"""
        SELECT 'reached', c.tier, a.source, a.role_family, a.log_reached, a.log_answered,
               CAST(NULL AS DATE), COUNT(*)
        FROM {companies} c, {sent} AND c.id = a.company_id
        GROUP BY c.tier, a.source, a.role_family, a.log_reached, a.log_answered
        UNION ALL
        SELECT 'delay', NULL, NULL, NULL, {delay}, NULL, CAST(NULL AS DATE), COUNT(*)
        FROM {sent} AND a.log_answered_on IS NOT NULL GROUP BY {delay}
        UNION ALL
        SELECT 'sent_on', NULL, NULL, NULL, NULL, NULL, a.log_sent_on, COUNT(*)
        FROM {sent} AND a.log_sent_on >= %(since)s GROUP BY a.log_sent_on
        UNION ALL
        SELECT 'live', NULL, NULL, NULL, NULL, NULL, CAST(NULL AS DATE), COUNT(*)
        FROM {applications} a WHERE a.owner_id = %(owner)s AND a.stage <> %(closed)s
    """
    reached: Counter[tuple[str, str, str, int, bool]] = Counter()
    days_to_answer: Counter[int] = Counter()
    sent_on: Counter[datetime.date] = Counter()
    live = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, {"owner": user.pk, "since": since, "closed": Stage.CLOSED})
        for kind, tier, source, role_family, number, answered, day, count in cursor:
            if kind == "reached":
                reached[tier, source, role_family, number, bool(answered)] = count
            elif kind == "delay":
                days_to_answer[number] = count
            elif kind == "sent_on":
                sent_on[_day(day)] = count
            else:
                live = count
    return LogCounts(reached, days_to_answer, sent_on, live)


def _days_between(earlier: str, later: str) -> str:
    """SQL for the whole days from one date column to another."""
    if connection.vendor == "sqlite":  # dates are text there
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def _day(value: datetime.date | str) -> datetime.date:
    """A date as the database driver gives it (SQLite gives text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
