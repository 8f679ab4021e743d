"""Drafts of the messages a search sends (tracker.outreach), the follow-up a week after an
unanswered interview on "This week", and the interview's messages page."""

import datetime
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import time_machine
from django.urls import reverse

from tests.factories import (
    make_application,
    make_company,
    make_contact,
    make_interview,
    make_referral,
)
from tracker import services
from tracker.followups import AFTER_INTERVIEW, collect_week
from tracker.models import Application
from tracker.outreach import (
    Draft,
    first_names,
    greeting,
    note_topics,
    referral_nudge_draft,
    thank_you_draft,
)

TODAY = datetime.date(2026, 10, 20)  # a Tuesday
NOW = datetime.datetime(2026, 10, 20, 12, 0, tzinfo=datetime.UTC)


def at(day_offset: int, hour: int = 10) -> datetime.datetime:
    return NOW.replace(hour=hour) + datetime.timedelta(days=day_offset)


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


# --- the drafts -------------------------------------------------------------------------


def test_draft_mailto_encodes_address_subject_and_crlf_body():
    draft = Draft(subject="Thank you: A&B, 50%?", body="Hi Ines,\n\nThanks — é.", to="a@x.org")

    parts = urlsplit(draft.mailto)

    assert (parts.scheme, parts.path) == ("mailto", "a@x.org")
    assert parse_qs(parts.query) == {
        "subject": ["Thank you: A&B, 50%?"],
        "body": ["Hi Ines,\r\n\r\nThanks — é."],
    }
    assert draft.text == "Subject: Thank you: A&B, 50%?\n\nHi Ines,\n\nThanks — é."
    assert str(draft) == draft.text


def test_draft_mailto_without_an_address_opens_an_empty_message():
    assert Draft(subject="Hello", body="Hi").mailto == "mailto:?subject=Hello&body=Hi"


@pytest.mark.parametrize(
    ("interviewers", "names"),
    [
        ("Raj Patel", ["Raj"]),
        ("Ines (CEO), Daniel (CTO)", ["Ines", "Daniel"]),
        ("Lena (recruiter)", ["Lena"]),
        ("Prof. Ingrid Holm", ["Prof. Ingrid Holm"]),
        ("Anna and Björn Ek", ["Anna", "Björn"]),
        ("Ranking team: two coding, ML system design, behavioural", []),
        ("Greenleaf recruiting", []),
        ("Two engineers", []),
        ("", []),
    ],
)
def test_first_names_greet_people_and_not_teams(interviewers, names):
    assert first_names(interviewers) == names


def test_greeting_joins_names_and_falls_back_to_hello():
    assert greeting([]) == "Hello,"
    assert greeting(["Raj"]) == "Hi Raj,"
    assert greeting(["Ines", "Daniel", "Jo"]) == "Hi Ines, Daniel and Jo,"


def test_note_topics_are_the_first_lines_word_for_word_without_logistics():
    notes = (
        "45 minutes on the thesis, 15 for questions. Lead with the estimator.\n"
        "System design: feed ranking with two-tower retrieval.\nBehavioural: year two."
    )

    assert note_topics(notes) == [
        "Lead with the estimator",
        "System design: feed ranking with two-tower retrieval",
    ]
    assert note_topics("") == []


@time_machine.travel(NOW)
def test_thank_you_names_interviewers_round_role_company_day_and_topics(alice):
    application = make_application(
        alice, make_company(alice, "Lumen Maps"), role_title="ML Engineer, Routing"
    )
    interview = make_interview(
        alice,
        application,
        kind="coding",
        scheduled_at=at(-1),
        interviewers="Tobias (senior MLE)",
        prep_notes="Shortest paths on road graphs.\nComplexity of Dijkstra against A*.",
    )

    draft = thank_you_draft(interview, sender="Maya Lindqvist")

    assert draft.subject == "Thank you: Coding, ML Engineer, Routing"
    assert draft.body == (
        "Hi Tobias,\n\n"
        "Thank you for taking the time to meet me on Monday 19 October for the coding "
        "interview for the ML Engineer, Routing role at Lumen Maps.\n\n"
        "I especially enjoyed our conversation about:\n"
        "- Shortest paths on road graphs\n"
        "- Complexity of Dijkstra against A*\n\n"
        "I'm even more excited about the role after our conversation, and happy to follow "
        "up on anything we discussed.\n\n"
        "Best regards,\nMaya Lindqvist"
    )
    # Every number in it is the interview's day.
    assert _numbers(draft.text) == {"19"}


@pytest.mark.parametrize(
    ("stage", "opening"),
    [
        ("asked", "Just following up on my message of Thursday 15 October about a referral"),
        ("agreed", "Thank you again for agreeing to refer me for the ML Engineer role"),
        ("submitted", "Thank you so much for submitting the referral for the ML Engineer role"),
    ],
)
def test_referral_nudge_follows_the_stage(alice, stage, opening):
    application = make_application(
        alice, role_title="ML Engineer", posting_url="https://jobs.example.com/42"
    )
    referral = make_referral(
        alice,
        application,
        make_contact(alice, "Priya Raman", email="priya@example.com"),
        stage=stage,
        asked_on=datetime.date(2026, 10, 15),
        submitted_on=datetime.date(2026, 10, 16),
    )

    draft = referral_nudge_draft(referral, sender="Maya")

    assert draft is not None
    assert draft.to == "priya@example.com"
    assert draft.body.startswith(f"Hi Priya,\n\n{opening}")
    assert _numbers(draft.text) <= {"15", "16", "42"}


@pytest.mark.parametrize("stage", ["to_ask", "confirmed", "declined", "no_reply"])
def test_referral_nudge_is_none_before_asking_and_once_answered(alice, stage):
    assert referral_nudge_draft(make_referral(alice, stage=stage), sender="Maya") is None


# --- a follow-up a week after an unanswered round ---------------------------------------


def _screened(alice, *, days_ago: int = 8, **fields) -> Application:
    company = make_company(alice, f"Company {Application.objects.count()}")
    application = make_application(
        alice, company, stage="screening", happened_on=TODAY - datetime.timedelta(days=20)
    )
    make_interview(
        alice,
        application,
        kind="recruiter_screen",
        scheduled_at=at(-days_ago),
        interviewers="Mette Larsen",
        **fields,
    )
    return application


def _after_interview(alice) -> list:
    week = collect_week(alice, today=TODAY, now=NOW)
    return [item for item in week.follow_ups if item.kind == AFTER_INTERVIEW]


def test_week_suggests_a_follow_up_a_week_after_an_unanswered_round(alice):
    _screened(alice, days_ago=8)
    _screened(alice, days_ago=5)
    _screened(alice, days_ago=3)

    items = _after_interview(alice)

    assert [(item.due_on, item.title) for item in items] == [
        (TODAY - datetime.timedelta(days=1), "Follow up after the recruiter screen"),
        (TODAY + datetime.timedelta(days=2), "Follow up after the recruiter screen"),
        (TODAY + datetime.timedelta(days=4), "Follow up after the recruiter screen"),
    ]
    assert items[0].draft.body.startswith(
        "Hi Mette,\n\nThank you again for the recruiter screen on Monday 12 October."
    )


def test_week_leaves_out_rounds_answered_moved_on_or_followed_up(alice):
    _screened(alice, outcome="passed")
    moved = _screened(alice)
    services.change_stage(
        application=moved, to_stage="interviewing", happened_on=TODAY - datetime.timedelta(days=2)
    )
    later_round = _screened(alice)
    make_interview(alice, later_round, kind="coding", scheduled_at=at(3))
    followed_up = _screened(alice)
    followed_up.record_follow_up(TODAY - datetime.timedelta(days=1))
    make_interview(
        alice,
        make_application(alice, make_company(alice, "Tensorloom"), stage="screening"),
        kind="take_home",
        scheduled_at=at(-9),
    )

    assert _after_interview(alice) == []


@time_machine.travel(NOW)
def test_following_up_after_an_interview_records_it_and_clears_the_item(alice_client, alice):
    application = _screened(alice)
    [item] = _after_interview(alice)

    response = alice_client.post(item.action_url, {"what": "after_interview", "action": "done"})

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.followed_up_on == TODAY
    assert _after_interview(alice) == []


@time_machine.travel(NOW)
def test_this_week_shows_drafts_for_thank_yous_nudges_and_unanswered_rounds(alice_client, alice):
    _screened(alice)
    coding = make_application(alice, make_company(alice, "Lumen Maps"), stage="interviewing")
    make_interview(alice, coding, kind="coding", scheduled_at=at(-1), interviewers="Raj Patel")
    applied = make_application(alice, make_company(alice, "Quiver Labs"), stage="applied")
    asked = make_referral(
        alice, applied, make_contact(alice, "Jonas Berg"), stage="asked", next_follow_up_on=TODAY
    )
    to_ask = make_referral(
        alice, applied, make_contact(alice, "Priya Raman"), stage="to_ask", next_follow_up_on=TODAY
    )

    page = alice_client.get(reverse("tracker:this_week")).content.decode()

    # Raj's round, a day ago, also has its follow-up planned for later this week.
    assert page.count('class="draft"') == 4
    assert "Hi Mette,\n\nThank you again for the recruiter screen" in page
    assert "Hi Raj,\n\nThank you for taking the time to meet me" in page
    assert f'id="follow-up-referral-{asked.pk}-draft"' in page
    assert f'href="/resume/referrals/{to_ask.pk}/ask/">Draft the ask' in page
    assert 'src="/static/js/drafts.js"' in page


# --- the interview's messages page ------------------------------------------------------


@time_machine.travel(NOW)
def test_interview_messages_page_writes_to_the_contacts_it_names(alice_client, alice):
    make_contact(alice, "Hannah Weiss", email="hannah@example.com")
    make_contact(alice, "Other Person", email="other@example.com")
    application = make_application(alice, make_company(alice, "Kestrel Quant"), role_title="Quant")
    interview = make_interview(
        alice,
        application,
        kind="recruiter_screen",
        scheduled_at=at(-1),
        interviewers="Hannah Weiss",
    )

    response = alice_client.get(reverse("tracker:interview_messages", args=[interview.pk]))

    thank_you, follow_up = response.context["thank_you"], response.context["follow_up"]
    assert (thank_you.to, follow_up.to) == ("hannah@example.com", "hannah@example.com")
    page = response.content.decode()
    assert (
        'href="mailto:hannah@example.com?subject=Thank%20you%3A%20Recruiter%20screen%2C%20Quant'
        in page
    )
    assert "E-mail hannah@example.com" in page
    assert "this round has no notes to take topics from" in page
    assert unquote(thank_you.mailto).count("Hi Hannah,") == 1


def test_interview_messages_page_has_nobody_to_write_to_after_a_take_home(alice_client, alice):
    interview = make_interview(alice, kind="take_home")

    response = alice_client.get(reverse("tracker:interview_messages", args=[interview.pk]))

    assert response.context["thank_you"] is None
    assert "Nobody to write to" in response.content.decode()


def test_interview_messages_page_is_only_for_its_owner(bob_client, alice):
    interview = make_interview(alice)

    response = bob_client.get(reverse("tracker:interview_messages", args=[interview.pk]))

    assert response.status_code == 404


def test_application_page_links_each_attended_round_to_its_messages(alice_client, alice):
    application = make_application(alice, stage="interviewing")
    coding = make_interview(alice, application, kind="coding")
    take_home = make_interview(alice, application, kind="take_home")

    page = alice_client.get(application.get_absolute_url()).content.decode()

    assert reverse("tracker:interview_messages", args=[coding.pk]) in page
    assert reverse("tracker:interview_messages", args=[take_home.pk]) not in page
