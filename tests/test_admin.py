"""Every model has an admin page, and each one renders for a superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

PROJECT_APPS = {"tracker", "resumes"}


def _project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def test_every_project_model_is_registered_in_admin():
    missing = [m.__name__ for m in _project_models() if not admin.site.is_registered(m)]

    assert missing == []


@pytest.mark.parametrize("model", _project_models(), ids=lambda m: m.__name__)
def test_admin_changelist_renders(model, client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))

    response = client.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    )

    assert response.status_code == 200
