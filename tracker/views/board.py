"""The board: one column per stage, cards moved by drag-and-drop or by a select."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from tracker import services
from tracker.access import get_application_for_user
from tracker.forms import MoveForm, QuickAddForm
from tracker.models import Application, Company, Stage
from tracker.rendering import render_page


def _columns(user) -> list[dict]:
    cards = (
        Application.objects.for_user(user)
        .select_related("company")
        .order_by("next_action_on", "-updated_at", "-pk")
    )
    by_stage: dict[str, list[Application]] = {stage: [] for stage in Stage.values}
    for card in cards:
        by_stage[card.stage].append(card)
    return [
        {"stage": stage, "label": label, "cards": by_stage[stage]} for stage, label in Stage.choices
    ]


def _render_board(request: HttpRequest, error: str = "") -> HttpResponse:
    context = {
        "columns": _columns(request.user),
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
