"""Fixtures shared by every test: two people (alice and bob) and their clients."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import make_application
from tracker.models import Application


@pytest.fixture
def alice(db) -> User:
    return User.objects.create_user("alice", "alice@example.com", "alice-password-1")


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob", "bob@example.com", "bob-password-1")


@pytest.fixture
def alice_client(alice: User) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob: User) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def htmx_headers() -> dict:
    return {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def alice_application(alice: User) -> Application:
    return make_application(alice, stage="applied")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # Real hashing is deliberately slow; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_index_warming(settings) -> None:
    # Every inventory edit would queue a task for a worker most tests do not run;
    # tests/resumes/test_inventory_index.py turns it on.
    settings.INVENTORY_INDEX_WARMING = False


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:
    # Built résumés are real files; keep each test's apart and out of the checkout.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tasks_run_in_process():
    """Tasks a request queues run at once, in the test's process, as Celery's eager mode
    does: what they do (mail in `mail.outbox`) can be checked right after the request."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def pytest_collection_modifyitems(items) -> None:
    # Real processes and a real browser take seconds each: both are part of the slow tier.
    for item in items:
        if item.get_closest_marker("integration") or item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def stage_log_folds_stay_current(request):
    """After every test on the (rolled-back) test database, each application's stored
    fold is the fold of its stage log (`tracker.stage_log`): whatever wrote the log —
    a service, an import, a bulk write in the test itself — kept the dashboard's figures
    true. Tests on a live server share their database across threads and are left out."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or ("db" not in request.fixturenames and marker is None):
        yield
        return
    request.getfixturevalue("db")  # so this check runs before the rollback
    yield
    from django.db import DatabaseError

    from tracker.stage_log import stale_folds

    try:
        stale = stale_folds()
    except DatabaseError:  # the test left its transaction aborted on purpose
        return
    assert stale == [], "an application's stored fold no longer matches its stage log"
