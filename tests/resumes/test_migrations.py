"""Migrations upgrade a database that holds data, not only an empty one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("resumes", "0006_importdraft_read_by_worker")]
AFTER = [("resumes", "0007_one_live_build_per_input")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_duplicate_live_builds_are_failed_but_kept_before_the_constraint():
    apps = _migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Posting = apps.get_model("resumes", "Posting")
    ResumeBuild = apps.get_model("resumes", "ResumeBuild")
    owner = User.objects.create(username="maya")
    posting = Posting.objects.create(owner=owner, text="Python", title="MLE")

    def build(status: str):
        return ResumeBuild.objects.create(
            owner=owner, posting=posting, input_hash="same", inventory_snapshot={}, status=status
        ).pk

    queued, ready, failed = build("queued"), build("ready"), build("failed")
    other = ResumeBuild.objects.create(
        owner=owner, posting=posting, input_hash="other", inventory_snapshot={}
    ).pk

    try:
        apps = _migrate(AFTER)
        rows = dict(apps.get_model("resumes", "ResumeBuild").objects.values_list("pk", "status"))
        errors = dict(apps.get_model("resumes", "ResumeBuild").objects.values_list("pk", "error"))
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # back to the latest

    assert rows == {queued: "failed", ready: "ready", failed: "failed", other: "queued"}
    assert f"identical build (#{ready})" in errors[queued]


@pytest.mark.django_db(transaction=True)
def test_builds_made_ready_before_features_were_stored_get_theirs_from_plan_and_report():
    from django.contrib.auth.models import User

    from resumes import services
    from resumes.models import ResumeBuild
    from tests.factories import make_application
    from tests.resumes.factories import make_inventory, make_posting

    owner = User.objects.create(username="maya")
    make_inventory(owner)
    posting = make_posting(owner, application=make_application(owner))
    build = services.request_resume_build(user=owner, posting=posting)
    services.run_resume_build(build_id=build.pk)
    stored = ResumeBuild.objects.get(pk=build.pk).features
    queued = ResumeBuild.objects.create(
        owner=owner, posting=posting, input_hash="queued", inventory_snapshot={}
    ).pk

    try:
        _migrate([("resumes", "0010_bullet_notes")])  # drops the column
        apps = _migrate([("resumes", "0011_resumebuild_features")])
        features = dict(
            apps.get_model("resumes", "ResumeBuild").objects.values_list("pk", "features")
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert (stored["style"], stored["headline"]) == ("classic", "Postdoctoral Researcher")
    assert features == {build.pk: stored, queued: None}
