"""Referrals: a contact linked to an application, from asking to a confirmed referral."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from tracker import services
from tracker.access import get_application_for_user, get_referral_for_user
from tracker.forms import ReferralForm
from tracker.models import Contact, Referral
from tracker.rendering import redirect_after_post, render_page


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
            referral=form.save(commit=False), stage_changed=True, new_contact=form.new_contact()
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
