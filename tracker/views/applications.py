"""The application table, its detail page, and the forms that create and change one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracker import rounds, services
from tracker.access import get_application_for_user
from tracker.accounts.preferences import needs_sponsorship
from tracker.forms import SORT_FIELDS, ApplicationFilterForm, ApplicationForm, StageChangeForm
from tracker.models import Application, Company, Stage
from tracker.panels import render_application_panels
from tracker.rendering import redirect_after_post, render_page

PAGE_SIZE = 25
COLUMNS = [
    ("company", "Company"),
    ("role", "Role"),
    ("tier", "Tier"),
    ("stage", "Stage"),
    ("applied", "Applied"),
    ("next", "Next action"),
    ("updated", "Updated"),
]


def _columns(sort: str) -> list[dict]:
    """Each sortable column with the sort its header link applies: a click on the
    current column flips the direction; any other column starts ascending."""
    columns = []
    for key, label in COLUMNS:
        direction = {key: "ascending", f"-{key}": "descending"}.get(sort or "-updated", "")
        columns.append(
            {
                "key": key,
                "label": label,
                "direction": direction,
                "next": f"-{key}" if direction == "ascending" else key,
            }
        )
    return columns


def _sorted(applications, sort: str):
    """Sorted by the column `sort` names ("-" for descending); latest change first by default."""
    descending = sort.startswith("-") or not sort
    expression = SORT_FIELDS.get(sort.lstrip("-"), SORT_FIELDS["updated"])
    # Blanks (no next action, not applied yet) last both ways, on every database.
    order = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return applications.order_by(order, "-pk")


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    filters = ApplicationFilterForm(request.GET)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    applications = _sorted(
        Application.objects.for_user(request.user).select_related("company").filtered(**criteria),
        criteria.get("sort", ""),
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "sort": criteria.get("sort", ""),
        "columns": _columns(criteria.get("sort", "")),
        "has_any": page.paginator.count > 0 or Application.objects.for_user(request.user).exists(),
        # The sponsorship filter is always there; whether it matters is the person's to say.
        "needs_sponsorship": needs_sponsorship(request.user),
    }
    return render_page(
        request, "tracker/application_list.html", context, partials=("application-table",)
    )


def _company_names(user) -> list[str]:
    return list(Company.objects.for_user(user).values_list("name", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_application(
                owner=request.user, **services.application_values(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Now tracking {application}.{form.guess_note()}")
            return redirect_after_post(request, application)
    context = {"form": form, "company_names": _company_names(request.user)}
    return render_page(
        request, "tracker/application_form.html", context, partials=("application-form",)
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    form = ApplicationForm(request.POST or None, instance=application, owner=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(
                application=application, **services.application_values(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved.{form.guess_note()}")
            return redirect_after_post(request, application)
    context = {
        "form": form,
        "application": application,
        "company_names": _company_names(request.user),
    }
    return render_page(
        request, "tracker/application_form.html", context, partials=("application-form",)
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    return _render_detail(
        request, application, StageChangeForm(initial=_stage_initial(application))
    )


def _stage_initial(application: Application) -> dict:
    return {"stage": application.stage, "outcome": application.outcome}


def _render_detail(
    request: HttpRequest, application: Application, stage_form: StageChangeForm
) -> HttpResponse:
    interviews = list(application.interviews.all())
    offer_rounds = application.stage == Stage.INTERVIEWING and not interviews
    context = {
        "application": application,
        "stage_form": stage_form,
        "events": application.stage_events.all(),
        "interviews": interviews,
        "referrals": application.referrals.select_related("contact"),
        "round_template": rounds.describe(application.company.tier) if offer_rounds else "",
        "undoable": services.undoable_event(application, now=timezone.now()),
        "panels": render_application_panels(request, application),
    }
    return render_page(
        request, "tracker/application_detail.html", context, partials=("stage-panel", "referrals")
    )


@login_required
@require_POST
def application_undo_stage(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    try:
        event = services.undo_stage_change(application=application, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Undone: the move to {event.get_to_stage_display().lower()} is gone."
        )
    if not request.htmx:
        return redirect(application)
    form = StageChangeForm(initial=_stage_initial(application))
    return _render_detail(request, application, form)


@login_required
@require_POST
def application_stage(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    form = StageChangeForm(request.POST, initial=_stage_initial(application))
    if form.is_valid():
        try:
            event = services.change_stage(
                application=application,
                to_stage=form.cleaned_data["stage"],
                outcome=form.cleaned_data["outcome"],
                happened_on=form.cleaned_data["happened_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if event is None:
                messages.info(request, "It is already at that stage.")
            if not request.htmx:
                return redirect(application)
            form = StageChangeForm(initial=_stage_initial(application))
    return _render_detail(request, application, form)


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    if request.method == "POST":
        label = str(application)
        application.delete()
        messages.success(request, f"Deleted {label} and its history.")
        return redirect("tracker:application_list")
    return render_page(request, "tracker/application_delete.html", {"application": application})
