"""What interviews cost in hours: per kind of round, and per offer.

Only the hours a person recorded count: a round without them is left out rather than
guessed from its length, since a take-home's cost is mostly the evenings around it. A
round's estimate is set against what it took only where both were recorded, so an
estimate for a take-home not yet done does not make the others look quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from tracker.models import InterviewKind

ZERO = Decimal(0)
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class KindHours:
    """The hours recorded on one kind of round."""

    kind: str
    label: str
    spent: Decimal  # over `spent_rounds`
    spent_rounds: int
    estimated: Decimal  # over `estimated_rounds`
    estimated_rounds: int
    # Rounds with both figures, and their two sums: the only fair comparison.
    compared_rounds: int = 0
    compared_spent: Decimal = ZERO
    compared_estimated: Decimal = ZERO

    @property
    def mean_spent(self) -> Decimal | None:
        if not self.spent_rounds:
            return None
        return (self.spent / self.spent_rounds).quantize(TENTH)

    @property
    def over_estimate(self) -> Decimal | None:
        """Hours spent for each hour estimated, on the rounds that have both."""
        if not self.compared_rounds or not self.compared_estimated:
            return None
        return (self.compared_spent / self.compared_estimated).quantize(TENTH)


@dataclass(frozen=True)
class InterviewHours:
    kinds: list[KindHours] = field(default_factory=list)
    offers: int = 0

    @property
    def spent(self) -> Decimal:
        return sum((row.spent for row in self.kinds), ZERO)

    @property
    def spent_rounds(self) -> int:
        return sum(row.spent_rounds for row in self.kinds)

    @property
    def per_offer(self) -> Decimal | None:
        """Every hour spent on interviews, over the offers they led to; None without
        offers (there is nothing to divide by, which is not the same as zero)."""
        if not self.offers:
            return None
        return (self.spent / self.offers).quantize(TENTH)


def hours_from(rows: list[dict], *, offers: int) -> InterviewHours:
    """The hours from sums per kind (`hours_tally`, which `tracker.dashboard` asks for),
    kinds in their usual order."""
    by_kind = {row["kind"]: row for row in rows}
    kinds = []
    for kind, label in InterviewKind.choices:
        row = by_kind.get(kind)
        if row is None or not (row["spent_rounds"] or row["estimated_rounds"]):
            continue  # no round of this kind has its hours recorded
        kinds.append(
            KindHours(
                kind=kind,
                label=label,
                spent=row["spent"] or ZERO,
                spent_rounds=row["spent_rounds"],
                estimated=row["estimated"] or ZERO,
                estimated_rounds=row["estimated_rounds"],
                compared_rounds=row["compared_rounds"],
                compared_spent=row["compared_spent"] or ZERO,
                compared_estimated=row["compared_estimated"] or ZERO,
            )
        )
    return InterviewHours(kinds, offers)


def hours_tally() -> dict:
    """The sums per kind `hours_from` reads, as annotations over a person's rounds: the
    dashboard asks for them in the same query as its pass rates."""
    both = Q(hours_spent__isnull=False, hours_estimated__isnull=False)
    return {
        "spent": Sum("hours_spent"),
        "spent_rounds": Count("hours_spent"),
        "estimated": Sum("hours_estimated"),
        "estimated_rounds": Count("hours_estimated"),
        "compared_rounds": Count("pk", filter=both),
        "compared_spent": Sum("hours_spent", filter=both),
        "compared_estimated": Sum("hours_estimated", filter=both),
    }
