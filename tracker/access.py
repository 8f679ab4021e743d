"""One way to fetch a person's objects: anything that is not theirs is a 404."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from tracker.models import Application, Company, Contact, CsvImport, Interview, Referral


def get_application_for_user(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.for_user(request.user).select_related("company"), pk=pk
    )


def get_company_for_user(request: HttpRequest, pk: int) -> Company:
    return get_object_or_404(Company.objects.for_user(request.user), pk=pk)


def get_interview_for_user(request: HttpRequest, pk: int) -> Interview:
    return get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application__company"), pk=pk
    )


def get_contact_for_user(request: HttpRequest, pk: int) -> Contact:
    return get_object_or_404(Contact.objects.for_user(request.user), pk=pk)


def get_referral_for_user(request: HttpRequest, pk: int) -> Referral:
    return get_object_or_404(
        Referral.objects.for_user(request.user).select_related("application__company", "contact"),
        pk=pk,
    )


def get_pending_import_for_user(request: HttpRequest, pk: int) -> CsvImport:
    return get_object_or_404(
        CsvImport.objects.filter(owner=request.user, imported_at__isnull=True), pk=pk
    )
