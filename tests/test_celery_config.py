"""The Celery set-up: every periodic entry names a task the workers have."""

from __future__ import annotations

from django.conf import settings

from config.celery import app


def test_every_beat_entry_names_a_registered_task() -> None:
    app.loader.import_default_modules()  # the apps' tasks modules, as a worker loads them
    registered = set(app.tasks)

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled
    assert scheduled <= registered, scheduled - registered


def test_every_task_the_code_publishes_is_registered() -> None:
    app.loader.import_default_modules()

    assert {
        "resumes.build_resume",
        "resumes.fetch_posting",
        "resumes.requeue_pending_builds",
        "tracker.send_due_digests",
    } <= set(app.tasks)
