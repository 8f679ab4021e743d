"""One way to fetch a person's objects: anything that is not theirs is a 404."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from tracker.models import Application, Company


def get_application_for_user(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.for_user(request.user).select_related("company"), pk=pk
    )


def get_company_for_user(request: HttpRequest, pk: int) -> Company:
    return get_object_or_404(Company.objects.for_user(request.user), pk=pk)
