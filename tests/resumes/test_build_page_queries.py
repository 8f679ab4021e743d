"""The posting, build and diff pages load only what they show: their lists of versions
leave out every build's snapshot, plan and report (read in the SQL they send), and they
ask the same number of questions for two versions as for twelve."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resumes.models import ResumeBuild

BIG_COLUMNS = ("inventory_snapshot", "plan", "report", "cover_letter")


def _add_versions(build: ResumeBuild, count: int) -> None:
    """More ready versions of the same posting, every other one sent."""
    made = build.posting.builds.count()
    for n in range(count):
        ResumeBuild.objects.create(
            owner=build.owner,
            posting=build.posting,
            status=ResumeBuild.Status.READY,
            input_hash=f"version-{made + n}",
            inventory_snapshot=build.inventory_snapshot,
            plan=build.plan,
            report=build.report,
            score_after=build.score_after,
            sent_with=build.posting.application if n % 2 else None,
        )


def _get(client, url: str) -> tuple[str, list[set[str]], int]:
    """The page, then for each query reading résumé builds the big columns it selects,
    and the number of queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    reads = []
    for query in queries.captured_queries:
        selected, _, tables = query["sql"].partition(" FROM ")
        if tables.startswith('"resumes_resumebuild"'):
            reads.append({c for c in BIG_COLUMNS if f'"resumes_resumebuild"."{c}"' in selected})
    assert response.status_code == 200
    return response.content.decode(), reads, len(queries.captured_queries)


def test_posting_page_lists_versions_without_their_json(alice_client, ready_build):
    url = ready_build.posting.get_absolute_url()
    _add_versions(ready_build, 1)
    _, _, few = _get(alice_client, url)
    _add_versions(ready_build, 10)

    page, reads, many = _get(alice_client, url)

    assert reads == [set()]
    assert many == few
    assert page.count("<strong>sent</strong>") == 5
    assert "Version 12" in page


def test_build_page_reads_its_own_json_and_lists_the_others_without(alice_client, ready_build):
    url = ready_build.get_absolute_url()
    _add_versions(ready_build, 1)
    _, _, few = _get(alice_client, url)
    _add_versions(ready_build, 10)

    page, reads, many = _get(alice_client, url)

    assert reads == [set(BIG_COLUMNS), set()]  # the build shown, then the list of versions
    assert many == few
    assert page.count("compare with this one") == 11


def test_diff_page_reads_only_the_older_plan_of_the_versions(alice_client, ready_build):
    _add_versions(ready_build, 11)
    newest = ResumeBuild.objects.filter(posting=ready_build.posting).latest("created_at", "pk")
    url = reverse("resumes:build_diff", args=[newest.pk]) + f"?from={ready_build.pk}"

    page, reads, _ = _get(alice_client, url)

    # The build compared, the list of versions, then the older version's plan alone.
    assert reads == [set(BIG_COLUMNS), set(), {"plan"}]
    assert "version 12" in page
    assert 'class="diff-same"' in page
    assert page.count("<ins>") + page.count("<del>") == 0  # the copies share one plan
