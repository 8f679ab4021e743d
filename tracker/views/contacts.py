"""Contacts: the people who can refer, introduce or advise, and what they did for which
application."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from tracker.access import get_contact_for_user
from tracker.forms import ContactForm
from tracker.models import Company, Contact, Relationship
from tracker.rendering import render_page

PAGE_SIZE = 50


@login_required
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    relationship = request.GET.get("relationship", "")
    contacts = Contact.objects.for_user(request.user).annotate(referral_count=Count("referrals"))
    if relationship in Relationship.values:
        contacts = contacts.filter(relationship=relationship)
    contacts = contacts.order_by(Lower("name"), "pk")
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "relationship": relationship,
        "relationships": Relationship.choices,
    }
    return render_page(request, "tracker/contact_list.html", context, partials=("contact-table",))


def _form_context(request: HttpRequest, form: ContactForm, contact: Contact | None) -> dict:
    return {
        "form": form,
        "contact": contact,
        "company_names": Company.objects.for_user(request.user).values_list("name", flat=True),
    }


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, initial={"company_name": request.GET.get("company")})
    form.instance.owner = request.user
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, f"Added {contact.name}.")
        return redirect(contact)
    return render_page(request, "tracker/contact_form.html", _form_context(request, form, None))


@login_required
@require_GET
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request, pk)
    context = {
        "contact": contact,
        "referrals": contact.referrals.select_related("application__company"),
    }
    return render_page(
        request, "tracker/contact_detail.html", context, partials=("contact-referrals",)
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request, pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect(contact)
    return render_page(request, "tracker/contact_form.html", _form_context(request, form, contact))


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_user(request, pk)
    if request.method == "POST":
        contact.delete()
        messages.success(request, f"Deleted {contact.name} and their referrals.")
        return redirect("tracker:contact_list")
    context = {"contact": contact, "referral_count": contact.referrals.count()}
    return render_page(request, "tracker/contact_delete.html", context)
