"""A build's life in one shape: transitions that happen once, one live build per input,
and its file deleted with whatever owns it."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from resumes import services
from resumes.models import ResumeBuild
from tests.resumes.factories import make_build, make_inventory, make_posting


def _file_of(build: ResumeBuild) -> str:
    assert build.file
    assert default_storage.exists(build.file.name)
    return build.file.name


@pytest.mark.parametrize("deleted", ["build", "posting", "account"])
def test_the_built_file_is_deleted_with_its_owner(
    alice, django_capture_on_commit_callbacks, deleted
):
    build = make_build(alice)
    name = _file_of(build)
    letter = build.cover_letter_file.name
    assert default_storage.exists(letter)
    owner = {"build": build, "posting": build.posting, "account": alice}[deleted]

    with django_capture_on_commit_callbacks(execute=True):
        owner.delete()

    assert not default_storage.exists(name)
    assert not default_storage.exists(letter)


def test_a_delete_that_rolls_back_keeps_the_file(alice, django_capture_on_commit_callbacks):
    build = make_build(alice)
    name = _file_of(build)

    def delete_then_fail() -> None:
        with transaction.atomic():
            build.posting.delete()
            raise RuntimeError("changed my mind")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        delete_then_fail()

    assert default_storage.exists(name)
    assert ResumeBuild.objects.filter(pk=build.pk).exists()


def test_a_second_live_build_of_the_same_inputs_is_refused_by_the_database(alice):
    build = make_build(alice)

    with pytest.raises(IntegrityError), transaction.atomic():
        ResumeBuild.objects.create(
            owner=alice,
            posting=build.posting,
            input_hash=build.input_hash,
            inventory_snapshot=build.inventory_snapshot,
        )
    # a failed one beside it is allowed: failures are history, not a second résumé
    ResumeBuild.objects.create(
        owner=alice,
        posting=build.posting,
        input_hash=build.input_hash,
        inventory_snapshot=build.inventory_snapshot,
        status=ResumeBuild.Status.FAILED,
    )


@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_at_once_make_one_build():
    """Both requests find no build and both insert: the constraint lets one in, and the
    other answers with that one."""
    alice = User.objects.create_user("alice", "alice@example.com", "alice-password-1")
    make_inventory(alice)
    posting = make_posting(alice)
    real_create = ResumeBuild.objects.create
    both_looked = threading.Barrier(2, timeout=10)
    answers: list[int] = []

    def create_once_both_have_looked(**fields):
        both_looked.wait()  # each request has found no build; now both insert
        return real_create(**fields)

    def request() -> None:
        try:
            answers.append(services.request_resume_build(user=alice, posting=posting).pk)
        finally:
            connection.close()

    ResumeBuild.objects.create = create_once_both_have_looked
    try:
        threads = [threading.Thread(target=request) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
    finally:
        del ResumeBuild.objects.create

    assert len(answers) == 2
    assert answers[0] == answers[1]
    assert ResumeBuild.objects.count() == 1


def test_retrying_a_failed_build_answers_with_an_identical_live_one(alice):
    failed = make_build(alice)
    ResumeBuild.objects.filter(pk=failed.pk).update(status=ResumeBuild.Status.FAILED)
    live = services.request_resume_build(user=alice, posting=failed.posting)

    answer = services.retry_resume_build(build=failed)

    failed.refresh_from_db()
    assert live.pk != failed.pk
    assert answer.pk == live.pk
    assert failed.status == ResumeBuild.Status.FAILED


def test_each_transition_happens_once(alice):
    build = make_build(alice)
    ResumeBuild.objects.filter(pk=build.pk).update(status=ResumeBuild.Status.QUEUED)
    now = timezone.now()
    stale_before = now - datetime.timedelta(hours=1)

    first = ResumeBuild.objects.claim(build.pk, task_id="m1", now=now, stale_before=stale_before)
    other = ResumeBuild.objects.claim(build.pk, task_id="m2", now=now, stale_before=stale_before)
    again = ResumeBuild.objects.claim(build.pk, task_id="m1", now=now, stale_before=stale_before)
    failed = ResumeBuild.objects.mark_failed(build.pk, "boom")
    ready_after_failing = ResumeBuild.objects.mark_ready(build.pk, score_after=1.0)
    requeued = ResumeBuild.objects.requeue_failed(build.pk)
    requeued_twice = ResumeBuild.objects.requeue_failed(build.pk)

    build.refresh_from_db()
    assert (first, other, again) == (True, False, True)  # the same message may take it back
    assert (failed, ready_after_failing) == (True, False)
    assert (requeued, requeued_twice) == (True, False)
    assert (build.status, build.error, build.attempts) == ("queued", "", 3)
