"""Referrals: a contact linked to an application, from asking to a confirmed referral;
all of them on one page, counted by stage; one click to move one on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tracker import charts, services
from tracker.access import get_application_for_user, get_referral_for_user
from tracker.forms import ReferralForm, ReferralStageForm
from tracker.models import Contact, Referral, ReferralStage
from tracker.rendering import next_url, redirect_after_post, render_page

PAGE_SIZE = 50


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    stage = stage if stage in ReferralStage.values else ""
    referrals = Referral.objects.for_user(request.user)
    shown = referrals.filter(stage=stage) if stage else referrals
    # The next nudge first: the page is a to-do list as much as a funnel.
    shown = shown.select_related("application__company", "contact").order_by(
        F("next_follow_up_on").asc(nulls_last=True), "-updated_at", "-pk"
    )
    context = {
        "page": Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page")),
        "stage": stage,
        "stage_label": ReferralStage(stage).label if stage else "",
        **_funnel(referrals.count_by_stage()),
    }
    return render_page(request, "tracker/referral_list.html", context, partials=("referral-board",))


def _funnel(counts: dict[str, int]) -> dict:
    """Every stage in the order a referral moves through them, with how many are there."""
    steps = [(value, str(label), counts.get(value, 0)) for value, label in ReferralStage.choices]
    return {
        "funnel": [{"stage": value, "label": label, "count": n} for value, label, n in steps],
        "total": sum(counts.values()),
        "chart": charts.horizontal_bars([(label, n, str(n)) for _, label, n in steps]),
    }


@login_required
@require_POST
def referral_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """One click on a referral's stage buttons, from any page that shows them.

    Back to that page afterwards. An htmx request follows the redirect with its headers,
    so the page answers with only the part its HX-Target names (the list the buttons sit
    in), which it declares as one of its partials.
    """
    referral = get_referral_for_user(request, pk)
    form = ReferralStageForm(request.POST)
    if form.is_valid():
        channel_before = referral.application.source
        services.move_referral(
            referral=referral, to_stage=form.cleaned_data["stage"], today=timezone.localdate()
        )
        messages.success(request, _moved(referral, channel_before))
    else:
        messages.error(request, "Pick one of the referral's stages.")
    return redirect(next_url(request) or referral.application.get_absolute_url())


def _moved(referral: Referral, channel_before: str) -> str:
    message = f"{referral.contact.name}: {referral.get_stage_display().lower()}."
    if referral.next_follow_up_on:
        message += f" Next nudge on {referral.next_follow_up_on:%a %-d %b}."
    if referral.application.source != channel_before:
        message += f" {referral.application} now counts as a referral."
    return message


def _initial_contact(request: HttpRequest, application) -> dict:
    """Suggest the person's contact at that company, if there is exactly one."""
    at_company = Contact.objects.for_user(request.user).at_company(application.company.name)
    only = list(at_company[:2])
    return {"contact": only[0].pk} if len(only) == 1 else {}


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    form = ReferralForm(
        request.POST or None,
        instance=Referral(),
        application=application,
        initial=_initial_contact(request, application),
    )
    if request.method == "POST" and form.is_valid():
        referral = services.save_referral(
            referral=form.save(commit=False),
            stage_changed=True,
            follow_up_typed=form.follow_up_typed,
            new_contact=form.new_contact(),
        )
        messages.success(request, f"Added {referral.contact.name} as a referral.")
        return redirect_after_post(request, application)
    context = {"form": form, "application": application}
    return render_page(request, "tracker/referral_form.html", context, partials=("referral-form",))


@login_required
@require_http_methods(["GET", "POST"])
def referral_edit(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request, pk)
    form = ReferralForm(request.POST or None, instance=referral, application=referral.application)
    if request.method == "POST" and form.is_valid():
        services.save_referral(
            referral=form.save(commit=False),
            stage_changed=form.stage_changed,
            follow_up_typed=form.follow_up_typed,
            new_contact=form.new_contact(),
        )
        messages.success(request, "Saved.")
        return redirect_after_post(request, referral.application)
    context = {"form": form, "application": referral.application, "referral": referral}
    return render_page(request, "tracker/referral_form.html", context, partials=("referral-form",))


@login_required
@require_http_methods(["GET", "POST"])
def referral_delete(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request, pk)
    if request.method == "POST":
        referral.delete()
        messages.success(request, f"Removed {referral.contact.name} from this application.")
        return redirect_after_post(request, referral.application)
    return render_page(request, "tracker/referral_delete.html", {"referral": referral})
