"""Redis down: every page still answers, promptly, and says what is waiting.

What happens to the work itself is proved beside the worker: a build asked for while Redis is
down is built once it is back (test_resume_builds.py); a digest run that cannot hand over
waits for the next beat tick (test_digest_worker.py).
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from resumes.models import ResumeBuild
from tests.factories import make_application, make_contact, make_interview, make_referral
from tests.integration.conftest import deadline
from tests.resumes.factories import make_build

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PROMPT_SECONDS = 3.0  # a page must not wait on the broker's connection timeouts


@pytest.fixture
def redis_gone(web_on_private_redis, settings):
    """The web side's broker is a Redis that has just crashed; /healthz asks the same one."""
    settings.CELERY_BROKER_URL = web_on_private_redis.url
    web_on_private_redis.stop()
    return web_on_private_redis


def _pages(alice) -> list[str]:
    application = make_application(alice, role_title="ML Engineer", stage="interviewing")
    interview = make_interview(alice, application)
    make_referral(alice, application=application, contact=make_contact(alice))
    build = make_build(alice)
    return [
        reverse("tracker:overview"),
        reverse("tracker:application_list"),
        reverse("tracker:board"),
        reverse("tracker:application_detail", args=[application.pk]),
        reverse("tracker:interview_edit", args=[interview.pk]),
        reverse("tracker:this_week"),
        reverse("tracker:dashboard"),
        reverse("tracker:contact_list"),
        reverse("tracker:settings"),
        reverse("tracker:data"),
        reverse("resumes:inventory"),
        reverse("resumes:posting_list"),
        reverse("resumes:posting_detail", args=[build.posting_id]),
        reverse("resumes:build_detail", args=[build.pk]),
        reverse("resumes:build_download", args=[build.pk]),
    ]


def test_every_page_answers_promptly_while_redis_is_down(alice, alice_client, redis_gone):
    pages = _pages(alice)
    assert ResumeBuild.objects.get().status == "ready"  # built in-process, broker or not

    slow = {}
    for path in pages:
        started = time.monotonic()
        with deadline(10, f"GET {path} with Redis down"):
            response = alice_client.get(path)
        assert response.status_code == 200, path
        if time.monotonic() - started > PROMPT_SECONDS:
            slow[path] = round(time.monotonic() - started, 1)
    assert slow == {}


def test_health_says_the_broker_is_down_and_the_site_is_up(client, redis_gone):
    with deadline(5, "/healthz with Redis down"):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "down"}


def test_tracking_goes_on_while_redis_is_down(alice, alice_client, redis_gone):
    application = make_application(alice, role_title="Research Engineer", stage="applied")

    with deadline(10, "Moving an application with Redis down"):
        response = alice_client.post(
            reverse("tracker:board_move", args=[application.pk]),
            {"move_to": "screening"},
            follow=True,
        )

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.stage == "screening"
    assert application.stage_events.filter(to_stage="screening").exists()
