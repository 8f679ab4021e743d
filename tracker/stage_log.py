"""How far each application got, folded from its stage log and kept on the application.

The log (`StageEvent`) is the record; `history_of` folds one application's events into a
`History`: the day it was sent, the furthest funnel stage it reached, and whether and
when the employer first answered. Every figure of the dashboard and of What works is
counted from these folds. They are stored on the application (its `log_*` columns) each
time its log changes, so a page counts application rows instead of sorting and folding
every event of the search on every view: at ten thousand applications that fold was
most of the dashboard's time.

The log is append-only. A saved event refolds its application (the signal below, so
every stage service is covered); code that writes the log in bulk, loads it raw (an
account import) or deletes from it calls `refold` itself. `tests/conftest.py` checks, after
every test that uses the database, that each stored fold is the fold of its log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import groupby

from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver

from tracker.models import Application, Outcome, Stage, StageEvent
from tracker.models.search import LOG_FOLD_FIELDS

FUNNEL = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)
RANK: dict[str, int] = {stage: rank for rank, stage in enumerate(FUNNEL, start=1)}
# Applications folded per round trip when many are refolded at once.
REFOLD_CHUNK = 2000

Event = tuple[str, str, str, datetime.date]  # from stage, to stage, outcome, day


@dataclass(frozen=True)
class History:
    """What the log says about one application."""

    applied_on: datetime.date | None  # first day it was at applied or beyond
    reached: int  # highest funnel rank reached (0: never applied)
    responded_on: datetime.date | None  # first answer from the employer
    responded: bool


def history_of(events: Iterable[Event]) -> History:
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


def stored_history(application: Application) -> History:
    """The fold kept on `application` (see `refold`)."""
    return history_from_columns(*(getattr(application, name) for name in LOG_FOLD_FIELDS))


def history_from_columns(
    reached: int,
    sent_on: datetime.date | None,
    answered: bool,
    answered_on: datetime.date | None,
) -> History:
    """The fold from the values of LOG_FOLD_FIELDS, in that order (as `values_list` reads
    them)."""
    return History(sent_on, reached, answered_on, answered)


def refold(application_ids: Iterable[int]) -> None:
    """Fold the log of each application again and store the result on it. Two queries per
    REFOLD_CHUNK applications (their events, then the changed folds); safe to repeat."""
    ids = sorted(set(application_ids))
    for start in range(0, len(ids), REFOLD_CHUNK):
        _refold_chunk(ids[start : start + REFOLD_CHUNK])


def _logs(events: QuerySet[StageEvent]) -> dict[int, list[Event]]:
    """Each application's events among `events`, in log order."""
    rows = events.order_by("application_id", "happened_on", "recorded_at", "pk").values_list(
        "application_id", "from_stage", "to_stage", "outcome", "happened_on"
    )
    return {pk: [row[1:] for row in group] for pk, group in groupby(rows, key=lambda r: r[0])}


def _refold_chunk(ids: list[int]) -> None:
    logs = _logs(StageEvent.objects.filter(application_id__in=ids))
    folded = [_with_fold(pk, history_of(logs.get(pk, []))) for pk in ids]
    if len(folded) == 1:
        [application] = folded
        Application.objects.filter(pk=application.pk).update(
            **{name: getattr(application, name) for name in LOG_FOLD_FIELDS}
        )
    else:
        Application.objects.bulk_update(folded, LOG_FOLD_FIELDS)


def _with_fold(pk: int, history: History) -> Application:
    return Application(
        pk=pk,
        log_reached=history.reached,
        log_sent_on=history.applied_on,
        log_answered=history.responded,
        log_answered_on=history.responded_on,
    )


def refold_owner(owner_id: int) -> None:
    """`refold` every application of one person."""
    refold(Application.objects.filter(owner_id=owner_id).values_list("pk", flat=True))


# The applications whose events were saved inside `refolds_deferred`, if in one.
_deferred: ContextVar[set[int] | None] = ContextVar("deferred_refolds", default=None)


@contextmanager
def refolds_deferred() -> Iterator[None]:
    """Inside, an application whose event is saved is refolded at the end, with the
    others, two queries per REFOLD_CHUNK applications instead of two per event: for an
    import that writes thousands of events. The refold runs even when the block fails:
    inside a transaction it is rolled back with the events, and outside one the events
    written before the failure stay, folded."""
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
        refold(pending)


@receiver(post_save, sender=StageEvent, dispatch_uid="tracker.stage_log.refold")
def _refold_after_an_event(sender, instance: StageEvent, raw: bool, **kwargs) -> None:
    # A raw save is a loader's (an account import): it refolds once at the end, not once
    # per event of a whole search.
    if raw:
        return
    pending = _deferred.get()
    if pending is None:
        refold([instance.application_id])
    else:
        pending.add(instance.application_id)


def stale_folds() -> list[tuple[int, History, History]]:
    """(application, stored fold, fold of its log) wherever the two differ: empty when
    every write to the log refolded what it touched."""
    logs = _logs(StageEvent.objects.all())
    stale = []
    for application in Application.objects.order_by("pk").only("pk", *LOG_FOLD_FIELDS):
        stored, folded = stored_history(application), history_of(logs.get(application.pk, []))
        if stored != folded:
            stale.append((application.pk, stored, folded))
    return stale
