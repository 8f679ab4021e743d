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
