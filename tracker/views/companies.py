"""Companies, grouped by tier, each with the applications made there."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from tracker.access import get_company_for_user
from tracker.accounts.preferences import needs_sponsorship
from tracker.forms import CompanyForm
from tracker.models import Company, Stage, Tier
from tracker.rendering import render_page

PAGE_SIZE = 50


@login_required
@require_GET
def company_list(request: HttpRequest) -> HttpResponse:
    tier = request.GET.get("tier", "")
    companies = Company.objects.for_user(request.user).annotate(
        application_count=Count("applications"),
        live_count=Count("applications", filter=~Q(applications__stage=Stage.CLOSED)),
    )
    if tier in Tier.values:
        companies = companies.filter(tier=tier)
    companies = companies.order_by(Lower("name"), "pk")
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "tier": tier, "tiers": Tier.choices}
    return render_page(request, "tracker/company_list.html", context, partials=("company-table",))


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request: HttpRequest) -> HttpResponse:
    form = CompanyForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.owner = request.user
        company = form.save()
        messages.success(request, f"Added {company}.")
        return redirect(company)
    return render_page(request, "tracker/company_form.html", {"form": form})


@login_required
@require_GET
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_company_for_user(request, pk)
    context = {
        "company": company,
        "applications": company.applications.all(),
        "needs_sponsorship": needs_sponsorship(cast(User, request.user)),
    }
    return render_page(request, "tracker/company_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_company_for_user(request, pk)
    form = CompanyForm(request.POST or None, instance=company, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect(company)
    return render_page(request, "tracker/company_form.html", {"form": form, "company": company})


@login_required
@require_http_methods(["GET", "POST"])
def company_delete(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_company_for_user(request, pk)
    if request.method == "POST":
        company.delete()
        messages.success(request, f"Deleted {company.name} and its applications.")
        return redirect("tracker:company_list")
    context = {"company": company, "application_count": company.applications.count()}
    return render_page(request, "tracker/company_delete.html", context)
