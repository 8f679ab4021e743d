"""An application's interview prep page: the rounds ahead, each with its kind's checklist."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_application, make_interview
from tracker.models import InterviewKind
from tracker.prep_checklists import CHECKLISTS, checklist_for

pytestmark = pytest.mark.django_db


def _prep(client, application):
    return client.get(reverse("tracker:interview_prep", args=[application.pk]))


def test_every_interview_kind_has_a_checklist_of_its_own():
    assert set(CHECKLISTS) == set(InterviewKind.values)
    assert all(len(items) >= 3 for items in CHECKLISTS.values())
    lists = [tuple(items) for items in CHECKLISTS.values()]
    assert len(set(lists)) == len(lists)


def test_a_kind_without_a_list_gets_the_general_one():
    assert checklist_for("kind_added_later") == CHECKLISTS[InterviewKind.OTHER]


def test_prep_page_lists_the_rounds_ahead_with_their_checklists(alice, alice_client):
    application = make_application(alice, stage="interviewing")
    now = timezone.now()
    design = make_interview(alice, application, kind="ml_system_design",
                            scheduled_at=now + datetime.timedelta(days=2),
                            interviewers="Two staff MLEs", prep_notes="Feed ranking.")  # fmt: skip
    talk = make_interview(alice, application, kind="research_talk", scheduled_at=None)
    make_interview(alice, application, kind="coding", outcome="passed",
                   scheduled_at=now - datetime.timedelta(days=3))  # fmt: skip
    make_interview(alice, application, kind="superday", outcome="cancelled",
                   scheduled_at=now + datetime.timedelta(days=5))  # fmt: skip
    make_interview(alice, application, kind="take_home", outcome="pending",
                   scheduled_at=now - datetime.timedelta(hours=2))  # fmt: skip

    response = _prep(alice_client, application)

    rounds = response.context["rounds"]
    assert [r.interview for r in rounds] == [design, talk]  # booked first, then planned
    assert rounds[0].checklist == CHECKLISTS["ml_system_design"]
    assert rounds[1].checklist == CHECKLISTS["research_talk"]
    html = response.content.decode()
    assert "<h4>Checklist — ML system design</h4>" in html
    assert f"<li>{CHECKLISTS['ml_system_design'][1]}</li>" in html
    assert "with Two staff MLEs" in html
    assert "<p>Feed ranking.</p>" in html
    assert "Not scheduled yet" in html


def test_prep_page_without_rounds_says_what_appears_here(alice, alice_client):
    application = make_application(alice, stage="applied")

    html = _prep(alice_client, application).content.decode()

    assert "No rounds ahead." in html
    assert f'href="/applications/{application.pk}/interviews/new/"' in html


def test_the_application_page_links_to_its_prep_page(alice, alice_client):
    application = make_application(alice, stage="interviewing")

    html = alice_client.get(application.get_absolute_url()).content.decode()

    assert f'href="/applications/{application.pk}/prep/">Interview prep</a>' in html


def test_another_persons_prep_page_is_404(alice, bob_client):
    application = make_application(alice, stage="interviewing")
    make_interview(alice, application)

    assert _prep(bob_client, application).status_code == 404
