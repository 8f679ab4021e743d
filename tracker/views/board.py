"""The board: one column per stage, cards moved by drag-and-drop or by a select."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.expressions import OrderBy
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from tracker import services
from tracker.access import get_application_for_user
from tracker.board_cards import card_html
from tracker.forms import MoveForm, QuickAddForm
from tracker.models import Application, Company, Stage, StageEvent
from tracker.rendering import render_page

# A column shows its most pressing cards; the rest are a click away in the table. A
# thousand cards, each with its own move form, made a 1.4 MB page that took a second.
CARDS_PER_COLUMN = 15
# Closed applications are the search's history, not its work: the latest few say what
# just ended, and each card costs the page as much as a live one.
CLOSED_CARDS = 5


def _columns(user, *, csrf_token: str) -> list[dict]:
    """Per stage: its first cards by next action (then latest change), and its total."""
    mine = Application.objects.for_user(user)
    order = [F("next_action_on").asc(nulls_last=True), F("updated_at").desc(), F("pk").desc()]
    shown, totals = _firsts_per_stage(mine, order)
    # The day of the card's last stage change: how long it has sat where it is.
    last_change = (
        StageEvent.objects.filter(application=OuterRef("pk"))
        .order_by("-happened_on", "-recorded_at", "-pk")
        .values("happened_on")[:1]
    )
    cards = (
        mine.filter(pk__in=shown)
        .select_related("company")
        .annotate(in_stage_since=Subquery(last_change))
        .order_by(*order)
    )
    options = _move_options()
    detail_url = _url_for_any_pk("tracker:application_detail")
    move_url = _url_for_any_pk("tracker:board_move")
    by_stage: dict[str, list[Application]] = {stage: [] for stage in Stage.values}
    today = timezone.localdate()
    for card in cards:
        since = card.in_stage_since
        place = f"closed:{card.outcome}" if card.outcome else card.stage
        card.html = card_html(
            card,
            detail_url=detail_url(card.pk),
            move_url=move_url(card.pk),
            move_options=options.get(place, options[""]),
            days_in_stage=(today - since).days if since and since <= today else None,
            csrf_token=csrf_token,
        )
        by_stage[card.stage].append(card)
    return [
        {
            "stage": stage,
            "label": label,
            "cards": by_stage[stage],
            "total": totals.get(stage, 0),
            "hidden": totals.get(stage, 0) - len(by_stage[stage]),
        }
        for stage, label in Stage.choices
    ]


def _firsts_per_stage(
    applications: QuerySet[Application], order: list[OrderBy]
) -> tuple[list[int], dict[str, int]]:
    """The pks of each stage's first CARDS_PER_COLUMN applications by `order` (CLOSED_CARDS
    of the closed ones), and how many each stage has. Two queries (seven on SQLite): one
    LIMITed branch per stage, each read from the front of the index that holds a person's
    applications in board order (`Application.Meta.indexes`), so no query sorts or even
    reads every application; and the count per stage."""
    firsts = [
        applications.filter(stage=stage)
        .order_by(*order)
        .values_list("pk", flat=True)[: CLOSED_CARDS if stage == Stage.CLOSED else CARDS_PER_COLUMN]
        for stage in Stage.values
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        shown = list(firsts[0].union(*firsts[1:], all=True).order_by())
    else:  # SQLite (the local fallback) cannot LIMIT a branch of a UNION: one each
        shown = [pk for first in firsts for pk in first]
    totals = dict(
        applications.order_by()
        .values("stage")
        .annotate(total=Count("pk"))
        .values_list("stage", "total")
    )
    return shown, totals


def _url_for_any_pk(name: str) -> Callable[[int], str]:
    """reverse() for many primary keys at the price of one. A reverse() costs ~0.1 ms, and
    each card needs two: that was a third of the board's time."""
    marker = "987654321987654321"
    address = reverse(name, args=[int(marker)])
    return lambda pk: address.replace(marker, str(pk))


@functools.cache
def _move_options() -> dict[str, SafeString]:
    """The "Move to" options with each place selected: rendered once per process, not once
    per card (the per-card loop was most of a full board's time)."""
    choices = MoveForm.base_fields["move_to"].choices
    return {
        value: render_to_string(
            "tracker/board.html#move-options", {"move_choices": choices, "selected": value}
        )
        for value in ["", *(value for value, _ in choices)]
    }


def _render_board(request: HttpRequest, error: str = "") -> HttpResponse:
    context = {
        "columns": _columns(request.user, csrf_token=get_token(request)),
        "move_choices": MoveForm.base_fields["move_to"].choices,
        "board_error": error,
        "quick_form": QuickAddForm(owner=request.user, initial={"stage": Stage.APPLIED}),
        "next": request.path,
        "company_names": Company.objects.for_user(request.user).values_list("name", flat=True),
    }
    return render_page(request, "tracker/board.html", context, partials=("board",))


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    return _render_board(request)


@login_required
@require_POST
def board_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    form = MoveForm(request.POST)
    error = ""
    if form.is_valid():
        stage, outcome = form.stage_and_outcome()
        try:
            services.change_stage(application=application, to_stage=stage, outcome=outcome)
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
    else:
        error = "Pick where to move it."
    if not request.htmx and not error:
        return redirect("tracker:board")
    return _render_board(request, error)
