"""List pages run the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_company
from tracker.models import Application, StageEvent

TIERS = ["big_tech", "mid_size", "startup", "finance", "non_tech"]
STAGES = ["saved", "applied", "screening", "interviewing", "offer"]


def _bulk_applications(owner, count: int) -> None:
    companies = [make_company(owner, f"Company {i}", TIERS[i % 5]) for i in range(10)]
    applications = Application.objects.bulk_create(
        Application(
            owner=owner,
            company=companies[i % 10],
            role_title=f"ML Engineer {i}",
            stage=STAGES[i % 5],
        )
        for i in range(count)
    )
    StageEvent.objects.bulk_create(
        StageEvent(application=a, from_stage="", to_stage=a.stage) for a in applications
    )


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name",
    ["tracker:application_list", "tracker:board", "tracker:overview", "tracker:company_list"],
)
def test_list_page_query_count_is_constant(url_name, alice, bob, alice_client, bob_client):
    _bulk_applications(alice, 10)
    _bulk_applications(bob, 1000)
    url = reverse(url_name)

    few = _queries_for(alice_client, url)
    many = _queries_for(bob_client, url)

    assert few == many


def test_board_with_thousand_applications_shows_all_cards(bob, bob_client):
    _bulk_applications(bob, 1000)

    response = bob_client.get(reverse("tracker:board"))

    assert sum(len(column["cards"]) for column in response.context["columns"]) == 1000
