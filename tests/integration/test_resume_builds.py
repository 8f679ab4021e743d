"""Résumé builds with real processes: a private redis-server and a Celery worker on the
test database. What a person sees through the views, and what is lost or done twice
when a pool process is killed, Redis is down, or Redis hangs (goal: nothing and nothing).
"""

from __future__ import annotations

import datetime
import io
import os
import signal
import time
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.db.models import F
from django.urls import reverse

from resumes import build_runner, services
from resumes.models import ResumeBuild
from tests.integration.conftest import deadline, web_broker
from tests.integration.processes import wait_for
from tests.resumes.factories import make_inventory, make_posting

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BUILD_TIMEOUT = 30.0


@pytest.fixture
def posting(alice):
    make_inventory(alice)
    return make_posting(alice)


def _status(build_id: int) -> str:
    return ResumeBuild.objects.values_list("status", flat=True).get(pk=build_id)


def _wait_until_ready(build_id: int, timeout: float = BUILD_TIMEOUT) -> ResumeBuild:
    wait_for(lambda: _status(build_id) in {"ready", "failed"}, timeout=timeout,
             what=f"build {build_id} to finish")  # fmt: skip
    build = ResumeBuild.objects.get(pk=build_id)
    assert (build.status, build.error) == ("ready", "")
    return build


def _media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _request_through_view(client, posting, **options) -> tuple[ResumeBuild, str, float]:
    """POST the build form as the page does; the build, the page shown after, seconds."""
    started = time.monotonic()
    with deadline(20, "Asking for a build"):
        response = client.post(
            reverse("resumes:build_request", args=[posting.pk]), options, follow=True
        )
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    build = ResumeBuild.objects.get(pk=response.resolver_match.kwargs["pk"])
    return build, response.content.decode(), elapsed


def test_build_requested_through_the_view_is_built_by_the_worker_and_downloads(
    alice_client, posting, web_on_private_redis, celery_worker
):
    build, page, _ = _request_through_view(alice_client, posting, page_limit="1")
    assert "Tailored résumé, version 1" in page  # redirected to the new build's page

    build = _wait_until_ready(build.pk)
    response = alice_client.get(reverse("resumes:build_download", args=[build.pk]))

    assert response.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    # The engine orders sections for the posting; which ones appear is the inventory's.
    assert sorted(headings) == ["Education", "Experience", "Publications", "Skills", "Summary"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Postdoctoral Researcher" in text
    assert "Bounds for Langevin sampling" in text
    assert (build.attempts, build.options["page_limit"]) == (1, 1)
    assert "succeeded" in celery_worker.log()


def test_pool_child_killed_mid_build_is_redelivered_and_built_once(
    alice, posting, web_on_private_redis, start_worker
):
    worker = start_worker(RESUME_BUILD_DELAY_SECONDS=3)
    build = services.request_resume_build(user=alice, posting=posting)
    wait_for(lambda: _status(build.pk) == "building", timeout=10, what="the build to start")
    [child] = worker.pool_children()
    first_task_id = ResumeBuild.objects.get(pk=build.pk).task_id

    os.kill(child, signal.SIGKILL)

    build = _wait_until_ready(build.pk)
    assert ResumeBuild.objects.count() == 1
    assert (build.attempts, build.task_id) == (2, first_task_id)  # the same message, again
    assert _media_files() == sorted([build.file.name, build.cover_letter_file.name])
    assert worker.pool_children() != [child]
    assert "WorkerLostError" in worker.log()
    assert worker.log().count("succeeded") == 1


def test_whole_worker_killed_mid_build_is_swept_up_and_built_once(
    alice, posting, web_on_private_redis, start_worker
):
    lost = start_worker(RESUME_BUILD_DELAY_SECONDS=3)
    build = services.request_resume_build(user=alice, posting=posting)
    wait_for(lambda: _status(build.pk) == "building", timeout=10, what="the build to start")
    lost_task_id = ResumeBuild.objects.get(pk=build.pk).task_id

    lost.stop()  # SIGKILL to the main process and its pool child at once
    # Its message now waits, unacknowledged, for Redis's visibility timeout (15 minutes),
    # and the row says "building". Age the row past the hard time limit instead of waiting.
    ResumeBuild.objects.filter(pk=build.pk).update(
        started_at=F("started_at") - build_runner.stale_after(),
        published_at=F("published_at") - build_runner.stale_after(),
    )
    start_worker()
    swept = services.requeue_pending_builds()

    build = _wait_until_ready(build.pk)
    assert swept == 1
    assert ResumeBuild.objects.count() == 1
    assert build.attempts == 2
    assert build.task_id not in {"", lost_task_id}  # the sweeper's message built it
    assert _media_files() == sorted([build.file.name, build.cover_letter_file.name])


def test_redis_down_keeps_the_request_and_it_builds_when_redis_is_back(
    alice_client, posting, web_on_private_redis, celery_worker
):
    redis = web_on_private_redis
    redis.stop()

    first, page, elapsed = _request_through_view(alice_client, posting)
    second, _, elapsed_second = _request_through_view(alice_client, posting, page_limit="1")

    assert max(elapsed, elapsed_second) < 5
    assert "could not be reached; your request is saved" in page
    assert "Try again now" in page
    for build in (first, second):
        assert build.status == "queued"
        assert "could not be reached" in build.enqueue_error

    redis.start()  # same port, empty: every message and binding is gone
    response = alice_client.post(reverse("resumes:build_retry", args=[first.pk]), follow=True)
    assert response.status_code == 200
    assert "could not be reached" not in response.content.decode()
    first = _wait_until_ready(first.pk)
    # The sweeper finds the other one (the page's retry already took care of the first).
    assert services.requeue_pending_builds(older_than=datetime.timedelta(0)) == 1
    second = _wait_until_ready(second.pk)

    assert (first.enqueue_error, second.enqueue_error) == ("", "")
    assert (first.attempts, second.attempts) == (1, 1)
    assert ResumeBuild.objects.count() == 2
    assert services.requeue_pending_builds(older_than=datetime.timedelta(0)) == 0


def test_hung_redis_does_not_hang_the_request(alice_client, posting, silent_redis):
    with web_broker(silent_redis):
        build, page, elapsed = _request_through_view(alice_client, posting)

    assert elapsed < 5
    assert "could not be reached; your request is saved" in page
    assert build.status == "queued"
    assert "could not be reached" in build.enqueue_error
