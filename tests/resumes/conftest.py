"""Fixtures for the résumé tests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from resumes import services
from resumes.models import ResumeBuild
from tests.factories import make_application
from tests.resumes.factories import make_inventory, make_posting


@pytest.fixture
def ready_build(alice: User) -> ResumeBuild:
    """A finished build of alice's small inventory for a posting linked to an application."""
    make_inventory(alice)
    posting = make_posting(alice, application=make_application(alice))
    build = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    return build
