"""The search in numbers, computed from the stage-event log — never from current stages
alone, so an application that reached interviewing and was then rejected still counts
as having reached interviewing.

`load_dashboard` runs three queries; everything after that is plain Python over rows.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
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
    events = list(
        StageEvent.objects.filter(application__owner=user)
        .order_by("application_id", "happened_on", "recorded_at", "pk")
        .values_list("application_id", "from_stage", "to_stage", "outcome", "happened_on")
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
    return summarise(applications, events, interview_counts, today)
