import datetime

import time_machine
from django.urls import reverse

from tests.factories import make_application, make_company

TODAY = datetime.date(2026, 10, 20)


def test_overview_empty_says_what_to_do_first(alice_client):
    response = alice_client.get(reverse("tracker:overview"))

    body = response.content.decode()
    assert "Nothing tracked yet" in body
    assert '<form id="quick-add"' in body


@time_machine.travel(datetime.datetime(2026, 10, 20, 12, tzinfo=datetime.UTC), tick=False)
def test_overview_lists_next_actions_due_within_a_week_soonest_first(alice_client, alice):
    company = make_company(alice, "Orbital Cloud")
    for role, days in [("Later", 5), ("Overdue", -2), ("Next month", 30)]:
        make_application(
            alice,
            company,
            role_title=role,
            stage="applied",
            next_action="Email the recruiter",
            next_action_on=TODAY + datetime.timedelta(days=days),
        )

    response = alice_client.get(reverse("tracker:overview"))

    assert [a.role_title for a in response.context["due"]] == ["Overdue", "Later"]
    assert '<span class="badge badge-warn">overdue</span>' in response.content.decode()


def test_overview_counts_by_stage_and_live_ones_by_tier(alice_client, alice, bob):
    big, startup = (
        make_company(alice, "Orbital", "big_tech"),
        make_company(alice, "Quiver", "startup"),
    )
    make_application(alice, big, stage="applied")
    make_application(alice, big, role_title="Closed one", stage="closed", outcome="rejected")
    make_application(alice, startup, stage="interviewing")
    make_application(bob, stage="offer")

    response = alice_client.get(reverse("tracker:overview"))

    assert response.context["stages"] == [
        ("Saved", 0),
        ("Applied", 1),
        ("Screening", 0),
        ("Interviewing", 1),
        ("Offer", 0),
        ("Closed", 1),
    ]
    assert dict(response.context["tiers"]) == {
        "Big tech": 1,
        "Mid-size": 0,
        "Startup": 1,
        "Finance / quant": 0,
        "Non-tech": 0,
    }
    assert response.context["total"] == 3
