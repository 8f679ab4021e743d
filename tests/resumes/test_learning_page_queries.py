"""What to learn next, the referral ask and the interview messages ask the database the same
number of questions for a person with ten applications as for one with a thousand (and
more postings than the page reads)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resumes import services
from resumes.models import Posting, ResumeBuild
from tests.resumes.factories import make_inventory
from tests.tracker.test_query_counts import _bulk_applications, _bulk_search_around
from tracker.models import Application, Interview, Referral

TEXTS = [
    "Requirements\n- Python and PyTorch\n- Kubernetes\n\nNice to have\n- Apache Spark\n",
    "Requirements\n- C++ and CUDA\n- Profiling\n",
    "Requirements\n- SQL and Apache Airflow\n- Tree-based models\n",
    "Requirements\n- Statistics\n- A/B testing\n\nNice to have\n- Causal inference\n",
]


def _search_with_postings(owner, applications: int, postings: int) -> None:
    """A search of `applications` with `postings` postings on them (a few saved on their
    own), every third posting built and every other build sent."""
    _bulk_applications(owner, applications)
    _bulk_search_around(owner)
    make_inventory(owner)
    live = list(Application.objects.for_user(owner).active().order_by("pk"))
    rows = Posting.objects.bulk_create(
        Posting(
            owner=owner,
            application=live[n % len(live)] if n % 7 else None,
            title=f"Role {n}",
            company=f"Company {n % 10}",
            text=TEXTS[n % len(TEXTS)] + f"- Skill number {n}\n",
        )
        for n in range(postings)
    )
    first = services.request_resume_build(user=owner, posting=rows[1])
    services.run_resume_build(build_id=first.pk)
    first.refresh_from_db()
    ResumeBuild.objects.bulk_create(
        ResumeBuild(
            owner=owner,
            posting=posting,
            status=ResumeBuild.Status.READY,
            input_hash=f"copy-{n}",
            inventory_snapshot=first.inventory_snapshot,
            plan=first.plan,
            report=first.report,
            sent_with=posting.application if n % 2 else None,
            sent_on=first.created_at.date() if n % 2 else None,
        )
        for n, posting in enumerate(rows[3::3])
        if posting.application is not None
    )


def _queries(client, url: str) -> int:
    client.get(url)  # the first reading of each posting fills the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def searches(alice, bob):
    _search_with_postings(alice, 10, 6)
    _search_with_postings(bob, 1000, 130)


def test_what_to_learn_next_query_count_is_constant(searches, alice_client, bob_client):
    url = reverse("resumes:skill_gaps")

    few, many = _queries(alice_client, url), _queries(bob_client, url)

    assert bob_client.get(url).context["page"].postings_total == 130
    assert few == many


def test_referral_ask_query_count_is_constant(searches, alice, bob, alice_client, bob_client):
    def url(owner) -> str:
        referral = Referral.objects.for_user(owner).filter(application__postings__isnull=False)
        return reverse("resumes:referral_ask", args=[referral.first().pk])

    few, many = _queries(alice_client, url(alice)), _queries(bob_client, url(bob))

    assert bob_client.get(url(bob)).context["ask"].posting is not None
    assert few == many


def test_interview_messages_query_count_is_constant(searches, alice, bob, alice_client, bob_client):
    def url(owner) -> str:
        interview = Interview.objects.for_user(owner).filter(kind="coding").first()
        return reverse("tracker:interview_messages", args=[interview.pk])

    assert _queries(alice_client, url(alice)) == _queries(bob_client, url(bob))
