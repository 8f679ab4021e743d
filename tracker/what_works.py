"""What works: how far applications got, by what went out with them (the résumé version's
style, pages, reframing rules, headline and summary) and by tier, channel and role family.

Only applications that were sent (the stage log reached applied) and whose sent résumé is
recorded count (`tracker.sent_resumes`), so every group is compared over the same
applications; the page says how many of those sent that is. Per group, from the stage
log as the rest of the dashboard reads it (the fold kept by `tracker.stage_log`):

- response: reached screening or later;
- interview: reached interviewing or later;
- days to first answer: from applied to the employer's first answer (screening or later,
  or a rejection), the median over the applications answered.

Rates and medians follow the dashboard's rule: shown from MIN_SAMPLE applications on,
with the counts always.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from tracker.dashboard import MIN_SAMPLE, Rate
from tracker.models import Application, RoleFamily, Source, Stage, Tier
from tracker.models.search import LOG_FOLD_FIELDS
from tracker.sent_resumes import SentResume, sent_resumes
from tracker.stage_log import RANK, History, history_from_columns

NO_RULE = "No reframing rule"
NO_HEADLINE = "No headline"
NO_OWN_SUMMARY = "No sentence of your own"


@dataclass(frozen=True)
class Median:
    value: float | None
    sample: int

    @property
    def shown(self) -> bool:
        return self.value is not None and self.sample >= MIN_SAMPLE


@dataclass(frozen=True)
class WorksRow:
    label: str
    applications: int
    responses: Rate  # reached screening or later
    interviews: Rate  # reached interviewing or later
    days_to_answer: Median


@dataclass(frozen=True)
class WorksGroup:
    key: str
    heading: str
    rows: list[WorksRow]


@dataclass(frozen=True)
class WhatWorks:
    sent: int  # applications sent, recorded résumé or not
    recorded: int  # of those, the ones whose sent résumé is recorded
    overall: WorksRow | None = None
    groups: list[WorksGroup] = field(default_factory=list)

    @property
    def unrecorded(self) -> int:
        return self.sent - self.recorded


# (application pk, tier, channel, role family)
ApplicationRow = tuple[int, str, str, str]


@dataclass(frozen=True)
class Reached:
    """What one application's history counts for, worked out once for all its groups."""

    response: bool  # screening or later
    interview: bool  # interviewing or later
    days_to_answer: int | None  # None: no answer (or none after it was sent)

    @classmethod
    def of(cls, history: History) -> Reached:
        days = None
        if history.responded_on and history.applied_on:
            days = (history.responded_on - history.applied_on).days
        return cls(
            response=history.reached >= RANK[Stage.SCREENING],
            interview=history.reached >= RANK[Stage.INTERVIEWING],
            days_to_answer=days,
        )


def row_of(label: str, members: list[Reached]) -> WorksRow:
    total = len(members)
    delays = [m.days_to_answer for m in members if m.days_to_answer is not None]
    return WorksRow(
        label=label,
        applications=total,
        responses=Rate(sum(m.response for m in members), total),
        interviews=Rate(sum(m.interview for m in members), total),
        days_to_answer=Median(statistics.median(delays) if delays else None, len(delays)),
    )


def rows_by(
    counted: dict[int, Reached],
    labels_of: Callable[[int], Iterable[str]],
    order: list[str] | None = None,
) -> list[WorksRow]:
    """One row per label an application has (a résumé that used three rules counts under
    each); in `order`, or the biggest groups first."""
    members: dict[str, list[Reached]] = defaultdict(list)
    for pk, reached in counted.items():
        for label in labels_of(pk):
            members[label].append(reached)
    if order is None:
        order = sorted(members, key=lambda label: (-len(members[label]), label))
    return [row_of(label, members[label]) for label in order if label in members]


def what_works_from(
    histories: dict[int, History],
    applications: list[ApplicationRow],
    versions: dict[int, SentResume],
    *,
    sent: int,
) -> WhatWorks:
    """The section from each application's history, its groups and the résumé sent with
    it; `sent` is the number of applications sent (the dashboard's count)."""
    counted = {
        pk: Reached.of(history)
        for pk, history in histories.items()
        if history.reached and pk in versions  # reached 0: never sent
    }
    if not counted:
        return WhatWorks(sent=sent, recorded=0)
    groups = {pk: (tier, source, family) for pk, tier, source, family in applications}
    pages = sorted({versions[pk].pages for pk in counted})
    rule_counts = Counter(rule for pk in counted for rule in versions[pk].rules)
    rules = sorted(rule_counts, key=lambda rule: (-rule_counts[rule], rule))

    def labels(choices: list[tuple[str, str]], index: int) -> Callable[[int], list[str]]:
        names = dict(choices)
        return lambda pk: [names.get(groups[pk][index], groups[pk][index])]

    sections = [
        ("style", "Style", rows_by(counted, lambda pk: [versions[pk].style])),
        (
            "pages",
            "Pages",
            rows_by(counted, lambda pk: [_pages(versions[pk].pages)], [_pages(n) for n in pages]),
        ),
        (
            "rules",
            "Reframing rules used",
            rows_by(counted, lambda pk: versions[pk].rules or (NO_RULE,), [*rules, NO_RULE]),
        ),
        (
            "headline",
            "Headline",
            rows_by(counted, lambda pk: [versions[pk].headline or NO_HEADLINE]),
        ),
        (
            "summary",
            "Summary opens with",
            rows_by(counted, lambda pk: [versions[pk].summary or NO_OWN_SUMMARY]),
        ),
        ("tier", "Tier", rows_by(counted, labels(Tier.choices, 0), [n for _, n in Tier.choices])),
        (
            "channel",
            "Channel",
            rows_by(counted, labels(Source.choices, 1), [n for _, n in Source.choices]),
        ),
        (
            "role_family",
            "Role family",
            rows_by(counted, labels(RoleFamily.choices, 2), [n for _, n in RoleFamily.choices]),
        ),
    ]
    return WhatWorks(
        sent=sent,
        recorded=len(counted),
        overall=row_of("Every recorded résumé", list(counted.values())),
        groups=[WorksGroup(key, heading, rows) for key, heading, rows in sections],
    )


def _pages(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"


def load_what_works(user: User, *, sent: int) -> WhatWorks:
    """Two queries (the résumés recorded; the applications' groups and folded logs),
    whatever the number of applications; one when no résumé is recorded."""
    versions = sent_resumes(user)
    if not versions:
        return WhatWorks(sent=sent, recorded=0)
    rows = Application.objects.for_user(user).values_list(
        "pk", "company__tier", "source", "role_family", *LOG_FOLD_FIELDS
    )
    applications, histories = [], {}
    for pk, tier, source, family, *fold in rows:
        applications.append((pk, tier, source, family))
        histories[pk] = history_from_columns(*fold)
    return what_works_from(histories, applications, versions, sent=sent)
