"""Small builders for test data: real objects made through the real services."""

from __future__ import annotations

from django.contrib.auth.models import User

from tracker import services
from tracker.models import Application, Company


def make_company(owner: User, name: str = "Orbital Cloud", tier: str = "big_tech") -> Company:
    return Company.objects.create(owner=owner, name=name, tier=tier)


def make_application(owner: User, company: Company | None = None, **fields) -> Application:
    company = company or make_company(owner)
    fields.setdefault("role_title", "Machine Learning Engineer")
    return services.create_application(owner=owner, company=company, **fields)
