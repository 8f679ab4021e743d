"""List pages run the same number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_company
from tracker import services
from tracker.followups import PAGE_LIMIT, collect_week
from tracker.models import Application, Contact, Interview, Referral, StageEvent
from tracker.views.board import CARDS_PER_COLUMN

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
    [
        "tracker:application_list",
        "tracker:board",
        "tracker:overview",
        "tracker:company_list",
        "tracker:this_week",
        "tracker:dashboard",
        "tracker:contact_list",
        "tracker:referral_list",
    ],
)
def test_list_page_query_count_is_constant(url_name, alice, bob, alice_client, bob_client):
    _bulk_applications(alice, 10)
    _bulk_applications(bob, 1000)
    _bulk_search_around(alice)
    _bulk_search_around(bob)
    url = reverse(url_name)

    few = _queries_for(alice_client, url)
    many = _queries_for(bob_client, url)

    assert few == many


def test_board_with_thousand_applications_shows_each_columns_first_cards(bob, bob_client):
    _bulk_applications(bob, 1000)
    soonest = Application.objects.filter(owner=bob, stage="applied").first()
    soonest.next_action_on = timezone.localdate()
    soonest.save()

    response = bob_client.get(reverse("tracker:board"))

    columns = {column["stage"]: column for column in response.context["columns"]}
    assert [len(c["cards"]) for c in columns.values()] == [CARDS_PER_COLUMN] * 5 + [0]
    assert [c["total"] for c in columns.values()] == [200] * 5 + [0]
    assert columns["applied"]["cards"][0] == soonest
    assert (
        f'<a href="/applications/?stage=applied">{200 - CARDS_PER_COLUMN} more in the table</a>'
        in response.content.decode()
    )


def _bulk_search_around(owner) -> None:
    """Interviews, referrals, next actions and quiet applications around every application,
    so each section of "This week", the dashboard and the feed has rows to show."""
    applications = list(Application.objects.for_user(owner))
    today = timezone.localdate()
    now = timezone.now()
    for index, application in enumerate(applications):
        application.next_action = "Follow up"
        application.next_action_on = today + datetime.timedelta(days=index % 9 - 2)
    Application.objects.bulk_update(applications[::2], ["next_action", "next_action_on"])
    quiet = [a for a in applications[1::2] if a.stage == "applied"]
    StageEvent.objects.filter(application__in=quiet).update(
        happened_on=today - datetime.timedelta(days=40)
    )
    contacts = Contact.objects.bulk_create(
        Contact(owner=owner, name=f"Contact {i}", relationship="alumni") for i in range(10)
    )
    Referral.objects.bulk_create(
        Referral(
            application=application,
            contact=contacts[i % 10],
            stage=["to_ask", "asked", "submitted", "confirmed"][i % 4],
            next_follow_up_on=today + datetime.timedelta(days=i % 5),
        )
        for i, application in enumerate(applications[::3])
    )
    Interview.objects.bulk_create(
        Interview(
            application=application,
            kind=["coding", "recruiter_screen", "onsite_loop"][i % 3],
            scheduled_at=now + datetime.timedelta(hours=i * 7 % 300 - 100),
            outcome=["pending", "passed", "failed"][i % 3],
        )
        for i, application in enumerate(applications[::2])
    )


def test_this_week_with_thousand_applications_shows_each_sections_first_items(bob, bob_client):
    _bulk_applications(bob, 1000)
    _bulk_search_around(bob)
    everything = collect_week(bob, limit=10_000)

    response = bob_client.get(reverse("tracker:this_week"))

    week = response.context["week"]
    sections = ["overdue", "due_today", "later", "stale", "interviews"]
    shown = [getattr(week, name) for name in sections]
    whole = [getattr(everything, name) for name in sections]
    assert [len(section) for section in shown] == [PAGE_LIMIT] * 5
    assert [section.total for section in shown] == [len(section) for section in whole]
    # Follow-ups due the same day may be chosen in any order; the days must be the first.
    assert [[item.due_on for item in section] for section in shown[:3]] == [
        [item.due_on for item in section[:PAGE_LIMIT]] for section in whole[:3]
    ]
    assert shown[3:] == [section[:PAGE_LIMIT] for section in whole[3:]]
    assert week.stale.total == 100
    assert all(item.due_on < week.today for item in everything.overdue)
    assert all(item.due_on == week.today for item in everything.due_today)
    assert all(item.due_on > week.today for item in everything.later)
    assert (
        f'<a href="/applications/?stage=applied&amp;sort=updated">and {100 - PAGE_LIMIT} more '
        "in the table</a>" in response.content.decode()
    )


def test_calendar_feed_query_count_is_constant(alice, bob):
    _bulk_applications(alice, 10)
    _bulk_applications(bob, 1000)
    _bulk_search_around(alice)
    _bulk_search_around(bob)
    alice_feed = services.enable_calendar_feed(owner=alice).get_absolute_url()
    bob_feed = services.enable_calendar_feed(owner=bob).get_absolute_url()

    few = _queries_for(Client(), alice_feed)
    many = _queries_for(Client(), bob_feed)

    assert few == many
