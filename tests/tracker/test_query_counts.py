"""List pages run the same number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resumes.bullet_notes import save_bullet_note
from resumes.tailoring.plan import ResumePlan
from tests.factories import make_company
from tests.resumes.factories import make_inventory, make_sent_build
from tracker import services
from tracker.followups import PAGE_LIMIT, collect_week
from tracker.models import Application, Company, Contact, Interview, Referral, StageEvent
from tracker.stage_log import refold
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
    refold(a.pk for a in applications)  # written in bulk


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


def test_board_picks_the_same_cards_one_stage_at_a_time_where_unions_cannot_limit(
    bob, bob_client, monkeypatch
):
    # SQLite, the fallback without DATABASE_URL, cannot LIMIT a branch of a UNION.
    _bulk_applications(bob, 300)
    together = bob_client.get(reverse("tracker:board")).context["columns"]
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)

    apart = bob_client.get(reverse("tracker:board")).context["columns"]

    assert [[a.pk for a in c["cards"]] for c in apart] == [
        [a.pk for a in c["cards"]] for c in together
    ]
    assert sum(len(c["cards"]) for c in apart) == 5 * CARDS_PER_COLUMN


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
    refold(a.pk for a in quiet)
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


def _prep_page(owner, rounds: int) -> str:
    """The prep page of one of the owner's applications, with a résumé sent, a note on one
    of its bullets and `rounds` rounds ahead."""
    make_inventory(owner)
    application = Application.objects.for_user(owner).order_by("pk").first()
    build = make_sent_build(owner, application)
    plan = ResumePlan.from_dict(build.plan)
    key = next(b.key for s in plan.sections for e in s.entries for b in e.bullets)
    save_bullet_note(owner=owner, key=key, words="", text="Start with the cluster.")
    Interview.objects.bulk_create(
        Interview(application=application, kind=kind, outcome="pending")
        for kind in ["coding", "ml_system_design", "research_talk", "superday", "take_home"][
            :rounds
        ]
    )
    return reverse("tracker:interview_prep", args=[application.pk])


def test_interview_prep_query_count_is_constant(alice, bob, alice_client, bob_client):
    _bulk_applications(alice, 10)
    _bulk_applications(bob, 1000)
    _bulk_search_around(alice)
    _bulk_search_around(bob)

    few = _queries_for(alice_client, _prep_page(alice, rounds=1))
    many = _queries_for(bob_client, _prep_page(bob, rounds=5))

    assert few == many


def test_company_page_query_count_is_constant(alice, bob, alice_client, bob_client):
    _bulk_applications(alice, 10)  # one application at each of ten companies
    _bulk_applications(bob, 1000)  # a hundred at each
    alice_company = Company.objects.filter(owner=alice).first()
    bob_company = Company.objects.filter(owner=bob).first()

    few = _queries_for(alice_client, alice_company.get_absolute_url())
    many = _queries_for(bob_client, bob_company.get_absolute_url())

    assert few == many
