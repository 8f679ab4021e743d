"""Résumé builds through the service and the task (no worker: see tests/integration)."""

import datetime
import io

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from resumes import build_runner, services
from resumes.models import ResumeBuild
from resumes.tasks import build_resume_task
from tests.factories import make_application, make_company
from tests.resumes.factories import make_bullet, make_entry, make_inventory, make_posting


@pytest.fixture
def posting(alice):
    make_inventory(alice)
    return make_posting(alice)


def _request(user, posting, options=None, capture=None):
    with capture(execute=False) as callbacks:
        build = services.request_resume_build(user=user, posting=posting, options=options)
    return build, callbacks


def test_request_creates_queued_row_and_publishes_after_commit(
    alice, posting, django_capture_on_commit_callbacks
):
    build, callbacks = _request(alice, posting, capture=django_capture_on_commit_callbacks)

    assert build.status == ResumeBuild.Status.QUEUED
    assert len(callbacks) == 1
    assert build.inventory_snapshot["entries"][0]["title"] == "Postdoctoral Researcher"


def test_run_build_makes_ready_docx_that_reads_back(alice, posting):
    build = services.request_resume_build(user=alice, posting=posting)

    services.run_resume_build(build_id=build.pk)

    build.refresh_from_db()
    assert build.status == ResumeBuild.Status.READY
    with default_storage.open(build.file.name, "rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Experience" in headings
    assert "Education" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Postdoctoral Researcher" in text
    assert 0 <= build.score_before <= build.score_after <= 1


def test_identical_inputs_reuse_the_build(alice, posting):
    first = services.request_resume_build(user=alice, posting=posting, options={"page_limit": 1})

    again = services.request_resume_build(user=alice, posting=posting, options={"page_limit": "1"})

    assert again.pk == first.pk
    assert ResumeBuild.objects.count() == 1


def test_the_same_text_saved_for_two_applications_builds_for_each(alice, posting):
    other = make_posting(alice, text=posting.text, title=posting.title)

    first = services.request_resume_build(user=alice, posting=posting)
    second = services.request_resume_build(user=alice, posting=other)

    assert first.input_hash == second.input_hash
    assert (first.posting_id, second.posting_id) == (posting.pk, other.pk)
    assert ResumeBuild.objects.filter(posting=other).count() == 1


def test_marking_sent_keeps_each_application_its_own_version(alice, posting):
    other = make_posting(alice, text=posting.text, title=posting.title)
    posting.application = make_application(alice, make_company(alice, "Lumen Maps"))
    other.application = make_application(alice, make_company(alice, "Quiver Labs"))
    posting.save()
    other.save()
    builds = []
    for each in (posting, other):
        build = services.request_resume_build(user=alice, posting=each)
        services.run_resume_build(build_id=build.pk)
        build.refresh_from_db()
        builds.append(services.mark_build_sent(build=build, application=each.application))

    assert [build.sent_with for build in builds] == [posting.application, other.application]
    with pytest.raises(ValidationError, match="another application"):
        services.mark_build_sent(build=builds[0], application=other.application)


def test_changed_inventory_or_options_make_a_new_build(alice, posting):
    first = services.request_resume_build(user=alice, posting=posting)
    make_bullet(make_entry(alice, title="New job"), "Shipped a thing")

    after_edit = services.request_resume_build(user=alice, posting=posting)
    other_options = services.request_resume_build(
        user=alice, posting=posting, options={"exclude_sections": ["Publications"]}
    )

    assert len({first.pk, after_edit.pk, other_options.pk}) == 3


def test_run_twice_builds_once(alice, posting):
    build = services.request_resume_build(user=alice, posting=posting)

    services.run_resume_build(build_id=build.pk, task_id="t-1")
    build.refresh_from_db()
    first_file = build.file.name
    services.run_resume_build(build_id=build.pk, task_id="t-1")
    services.run_resume_build(build_id=build.pk, task_id="t-2")

    build.refresh_from_db()
    assert (build.status, build.attempts, build.file.name) == ("ready", 1, first_file)


def test_same_message_redelivered_reclaims_building_row(alice, posting):
    build = services.request_resume_build(user=alice, posting=posting)
    ResumeBuild.objects.filter(pk=build.pk).update(
        status="building", task_id="lost-worker", started_at=timezone.now()
    )

    services.run_resume_build(build_id=build.pk, task_id="someone-else")
    build.refresh_from_db()
    assert build.status == "building"

    services.run_resume_build(build_id=build.pk, task_id="lost-worker")
    build.refresh_from_db()
    assert build.status == "ready"


def test_stale_building_row_is_reclaimed_after_time_limit(alice, posting, settings):
    build = services.request_resume_build(user=alice, posting=posting)
    ResumeBuild.objects.filter(pk=build.pk).update(
        status="building", task_id="gone", started_at=timezone.now()
    )
    later = timezone.now() + datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)

    with time_machine.travel(later):
        services.run_resume_build(build_id=build.pk, task_id="sweeper")

    build.refresh_from_db()
    assert build.status == "ready"


def test_task_apply_runs_the_build(alice, posting):
    build = services.request_resume_build(user=alice, posting=posting)

    build_resume_task.apply(kwargs={"build_id": build.pk})

    build.refresh_from_db()
    assert build.status == "ready"


def test_deterministic_failure_is_stored_and_retry_works(alice, posting):
    posting.text = "   "
    posting.save()
    build = services.request_resume_build(user=alice, posting=posting)

    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == "failed"
    assert "cannot be tailored" in build.error

    posting.text = "Requirements: Python, statistics"
    posting.save()
    services.retry_resume_build(build=build)
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    assert (build.status, build.attempts) == ("ready", 2)


def test_ready_build_file_never_changes_when_rebuilt_with_other_options(alice, posting):
    first = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=first.pk)
    first.refresh_from_db()
    with default_storage.open(first.file.name, "rb") as handle:
        original = handle.read()

    second = services.request_resume_build(user=alice, posting=posting, options={"page_limit": 1})
    services.run_resume_build(build_id=second.pk)

    with default_storage.open(first.file.name, "rb") as handle:
        assert handle.read() == original
    assert second.file.name != first.file.name


def test_same_inputs_give_identical_text(alice, posting):
    first = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=first.pk)
    first.refresh_from_db()
    ResumeBuild.objects.all().delete()

    second = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=second.pk)
    second.refresh_from_db()

    assert second.plan == first.plan


def test_requeue_publishes_only_old_queued_rows(alice, posting, monkeypatch):
    published = []
    monkeypatch.setattr(services, "publish_build", lambda pk: published.append(pk) or True)
    old = services.request_resume_build(user=alice, posting=posting)
    ResumeBuild.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    services.request_resume_build(user=alice, posting=posting, options={"page_limit": 1})

    count = services.requeue_pending_builds()

    assert (count, published) == (1, [old.pk])


def test_requeue_leaves_a_recently_published_build_to_its_message(alice, posting, monkeypatch):
    published = []
    monkeypatch.setattr(services, "publish_build", lambda pk: published.append(pk) or True)
    now = timezone.now()
    minutes = datetime.timedelta(minutes=1)

    def waiting(leave_out: str, **fields) -> int:
        build = services.request_resume_build(
            user=alice, posting=posting, options={"exclude_sections": [leave_out]}
        )
        ResumeBuild.objects.filter(pk=build.pk).update(created_at=now - 30 * minutes, **fields)
        return build.pk

    waiting("Talks", published_at=now - 1 * minutes)  # its message is still in the queue
    queued_long_ago = waiting("Awards", published_at=now - 6 * minutes)
    broker_was_down = waiting("Service", published_at=None)
    stale = build_runner.stale_after()
    waiting("Teaching", status="building", started_at=now - 2 * stale, published_at=now - minutes)
    abandoned = waiting(
        "Projects", status="building", started_at=now - 2 * stale, published_at=now - 3 * stale
    )
    assert ResumeBuild.objects.count() == 5

    count = services.requeue_pending_builds()

    assert count == 3
    assert sorted(published) == sorted([queued_long_ago, broker_was_down, abandoned])


def test_a_publish_records_when_the_broker_took_it(alice, posting, monkeypatch):
    build = services.request_resume_build(user=alice, posting=posting)
    monkeypatch.setattr(build_resume_task, "apply_async", lambda **kwargs: None)

    assert services.publish_build(build.pk) is True

    build.refresh_from_db()
    assert build.published_at is not None
    assert timezone.now() - build.published_at < datetime.timedelta(seconds=5)


def test_mark_sent_needs_a_ready_build(alice, posting):
    application = make_application(alice)
    posting.application = application
    posting.save()
    build = services.request_resume_build(user=alice, posting=posting)

    with pytest.raises(Exception, match="Only a finished résumé"):
        services.mark_build_sent(build=build, application=application)
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    services.mark_build_sent(build=build, application=application)

    build.refresh_from_db()
    assert build.sent_with == application
