"""Referrals move on in one click from the application, the contact and the Referrals page;
the nudge follows the stage; a referral in the company's hands sets the channel."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_application, make_company, make_contact, make_referral
from tracker import services
from tracker.models import Contact, Referral
from tracker.views.referrals import PAGE_SIZE

TODAY = datetime.date(2026, 10, 20)
IN_A_WEEK = TODAY + datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def on_a_tuesday_in_october():
    with time_machine.travel("2026-10-20 12:00 +00:00"):
        yield


def _move(client, referral: Referral, stage: str, next_url: str = "", **headers):
    data = {"stage": stage, "next": next_url} if next_url else {"stage": stage}
    return client.post(
        reverse("tracker:referral_stage", args=[referral.pk]), data, headers=headers, follow=True
    )


def _htmx(target: str) -> dict:
    return {"HX-Request": "true", "HX-Target": target}


# --- The service ------------------------------------------------------------------------


def test_move_replaces_the_last_stages_nudge_with_the_new_stages(alice):
    yesterday = TODAY - datetime.timedelta(days=1)
    referral = make_referral(alice, stage="asked", asked_on=yesterday, next_follow_up_on=IN_A_WEEK)

    services.move_referral(referral=referral, to_stage="agreed", today=TODAY)

    referral.refresh_from_db()
    assert (referral.stage, referral.agreed_on) == ("agreed", TODAY)
    assert referral.next_follow_up_on == TODAY + datetime.timedelta(days=3)
    assert referral.asked_on == yesterday


def test_move_to_a_closed_stage_leaves_nothing_to_chase(alice):
    referral = make_referral(alice, stage="submitted", next_follow_up_on=IN_A_WEEK)

    services.move_referral(referral=referral, to_stage="no_reply", today=TODAY)

    referral.refresh_from_db()
    assert (referral.stage, referral.closed_on, referral.next_follow_up_on) == (
        "no_reply",
        TODAY,
        None,
    )


def test_move_counts_the_contact_as_contacted(alice):
    referral = make_referral(alice, stage="to_ask")

    services.move_referral(referral=referral, to_stage="asked", today=TODAY)

    referral.contact.refresh_from_db()
    assert referral.contact.last_contacted_on == TODAY


def test_move_to_the_stage_it_is_at_changes_nothing(alice):
    referral = make_referral(alice, stage="asked", next_follow_up_on=IN_A_WEEK)

    services.move_referral(referral=referral, to_stage="asked", today=TODAY)

    referral.refresh_from_db()
    assert (referral.next_follow_up_on, referral.contact.last_contacted_on) == (IN_A_WEEK, None)


def test_move_refuses_a_stage_that_is_not_one(alice):
    referral = make_referral(alice, stage="asked")

    with pytest.raises(ValidationError):
        services.move_referral(referral=referral, to_stage="hired", today=TODAY)


@pytest.mark.parametrize("stage", ["submitted", "confirmed"])
def test_a_referral_in_the_companys_hands_files_a_cold_application_as_referred(alice, stage):
    application = make_application(alice, stage="applied", source="cold")
    referral = make_referral(alice, application, stage="agreed")

    services.move_referral(referral=referral, to_stage=stage, today=TODAY)

    application.refresh_from_db()
    assert application.source == "referral"


@pytest.mark.parametrize("source", ["recruiter", "network", "career_fair", "other"])
def test_a_referral_leaves_a_channel_the_person_chose(alice, source):
    application = make_application(alice, stage="applied", source=source)
    referral = make_referral(alice, application, stage="submitted")

    services.move_referral(referral=referral, to_stage="confirmed", today=TODAY)

    application.refresh_from_db()
    assert application.source == source


def test_a_referral_not_yet_submitted_leaves_the_channel(alice):
    application = make_application(alice, stage="applied", source="cold")
    referral = make_referral(alice, application, stage="asked")

    services.move_referral(referral=referral, to_stage="agreed", today=TODAY)

    application.refresh_from_db()
    assert application.source == "cold"


def test_editing_the_stage_moves_the_nudge_unless_a_date_is_typed(alice_client, alice):
    moved = make_referral(alice, stage="asked", next_follow_up_on=IN_A_WEEK)
    typed = make_referral(
        alice, make_application(alice, moved.application.company, role_title="Research Engineer"),
        moved.contact,
        stage="asked", next_follow_up_on=IN_A_WEEK,
    )  # fmt: skip

    for referral, follow_up in ((moved, IN_A_WEEK), (typed, TODAY + datetime.timedelta(days=9))):
        alice_client.post(
            reverse("tracker:referral_edit", args=[referral.pk]),
            {"contact": referral.contact.pk, "stage": "agreed", "next_follow_up_on": follow_up},
        )

    moved.refresh_from_db()
    typed.refresh_from_db()
    assert moved.next_follow_up_on == TODAY + datetime.timedelta(days=3)
    assert typed.next_follow_up_on == TODAY + datetime.timedelta(days=9)


def test_editing_a_referral_to_confirmed_files_the_application_as_referred(alice_client, alice):
    referral = make_referral(alice, stage="submitted")

    alice_client.post(
        reverse("tracker:referral_edit", args=[referral.pk]),
        {"contact": referral.contact.pk, "stage": "confirmed"},
    )

    referral.application.refresh_from_db()
    assert referral.application.source == "referral"


# --- One click, from each page ----------------------------------------------------------


def test_without_javascript_a_click_moves_it_and_comes_back_to_the_page(alice_client, alice):
    referral = make_referral(alice, stage="asked")
    contact_page = referral.contact.get_absolute_url()

    response = _move(alice_client, referral, "agreed", contact_page)

    referral.refresh_from_db()
    assert referral.stage == "agreed"
    assert response.redirect_chain == [(contact_page, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Priya Raman: agreed. Next nudge on Fri 23 Oct."
    ]


def test_a_click_goes_back_to_the_application_when_next_is_elsewhere(alice_client, alice):
    referral = make_referral(alice, stage="asked")

    response = _move(alice_client, referral, "agreed", "https://evil.example.com/")

    assert response.redirect_chain == [(referral.application.get_absolute_url(), 302)]


def test_a_click_on_the_application_page_answers_with_its_referrals(alice_client, alice):
    referral = make_referral(alice, stage="submitted")
    page = referral.application.get_absolute_url()

    response = _move(alice_client, referral, "confirmed", page, **_htmx("referrals"))

    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card wide" id="referrals"')
    assert '<span class="badge referral-confirmed">Confirmed</span>' in body
    assert "Machine Learning Engineer at Orbital Cloud now counts as a referral." in body
    assert '<span id="application-channel" hx-swap-oob="true">Referral</span>' in body


def test_a_click_on_the_contact_page_answers_with_their_referrals(alice_client, alice):
    referral = make_referral(alice, stage="to_ask")
    page = referral.contact.get_absolute_url()

    response = _move(alice_client, referral, "asked", page, **_htmx("contact-referrals"))

    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card" id="contact-referrals"')
    assert '<span class="badge referral-asked">Asked</span>' in body
    assert "Priya Raman: asked. Next nudge on Sun 25 Oct." in body


def test_a_click_on_the_referrals_page_answers_with_the_list_and_new_counts(alice_client, alice):
    referral = make_referral(alice, stage="asked")
    page = reverse("tracker:referral_list") + "?stage=asked"

    response = _move(alice_client, referral, "agreed", page, **_htmx("referral-board"))

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="referral-board"')
    assert [(s["stage"], s["count"]) for s in response.context["funnel"][1:3]] == [
        ("asked", 0),
        ("agreed", 1),
    ]
    assert "No referral is at “Asked” just now." in body


def test_a_click_with_a_stage_that_is_not_one_changes_nothing(alice_client, alice):
    referral = make_referral(alice, stage="asked")

    response = _move(alice_client, referral, "hired")

    referral.refresh_from_db()
    assert referral.stage == "asked"
    assert [str(m) for m in response.context["messages"]] == ["Pick one of the referral's stages."]


def test_bob_cannot_move_alices_referral(alice, bob_client):
    referral = make_referral(alice, stage="asked")

    response = bob_client.post(
        reverse("tracker:referral_stage", args=[referral.pk]), {"stage": "agreed"}
    )

    referral.refresh_from_db()
    assert (response.status_code, referral.stage) == (404, "asked")


@pytest.mark.parametrize("where", ["application", "contact", "referrals"])
def test_each_page_offers_the_usual_next_stages(alice_client, alice, where):
    referral = make_referral(alice, stage="asked")
    url = {
        "application": referral.application.get_absolute_url(),
        "contact": referral.contact.get_absolute_url(),
        "referrals": reverse("tracker:referral_list"),
    }[where]

    body = alice_client.get(url).content.decode()

    assert f'action="{referral.get_stage_url()}"' in body
    for stage, label in [("agreed", "Agreed"), ("declined", "Declined"), ("no_reply", "No reply")]:
        assert f'name="stage" value="{stage}" class="button small">{label}</button>' in body


def test_a_closed_referral_offers_no_stage_buttons(alice_client, alice):
    referral = make_referral(alice, stage="confirmed")

    body = alice_client.get(referral.application.get_absolute_url()).content.decode()

    assert referral.get_stage_url() not in body


# --- The Referrals page -----------------------------------------------------------------


def test_the_menu_links_to_the_referrals_page(alice_client):
    body = alice_client.get(reverse("tracker:overview")).content.decode()

    assert f'<a href="{reverse("tracker:referral_list")}" >Referrals</a>' in body


def test_referrals_page_counts_each_stage_and_lists_the_next_nudge_first(alice_client, alice):
    company = make_company(alice, "Lumen")
    later = make_referral(alice, stage="asked", next_follow_up_on=IN_A_WEEK)
    sooner = make_referral(
        alice, make_application(alice, company), make_contact(alice, "Jonas Berg"),
        stage="submitted", next_follow_up_on=TODAY,
    )  # fmt: skip
    done = make_referral(
        alice, make_application(alice, company, role_title="Quant"), later.contact,
        stage="confirmed",
    )  # fmt: skip

    response = alice_client.get(reverse("tracker:referral_list"))

    funnel = {step["stage"]: step["count"] for step in response.context["funnel"]}
    assert funnel == {
        "to_ask": 0, "asked": 1, "agreed": 0, "submitted": 1, "confirmed": 1, "declined": 0,
        "no_reply": 0,
    }  # fmt: skip
    assert response.context["total"] == 3
    assert list(response.context["page"]) == [sooner, later, done]


def test_referrals_page_filters_by_stage(alice_client, alice):
    asked = make_referral(alice, stage="asked")
    quant = make_application(alice, asked.application.company, role_title="Quant")
    make_referral(alice, quant, asked.contact, stage="agreed")

    response = alice_client.get(reverse("tracker:referral_list"), {"stage": "asked"})

    assert list(response.context["page"]) == [asked]
    assert response.context["total"] == 2
    assert '<a href="?stage=asked" aria-current="page">Asked <span class="count">1</span></a>' in (
        response.content.decode()
    )


def test_referrals_page_ignores_a_stage_that_is_not_one(alice_client, alice):
    referral = make_referral(alice, stage="asked")

    response = alice_client.get(reverse("tracker:referral_list"), {"stage": "hired"})

    assert (response.context["stage"], list(response.context["page"])) == ("", [referral])


def test_referrals_page_has_an_empty_state(alice_client):
    body = alice_client.get(reverse("tracker:referral_list")).content.decode()

    assert "No referrals yet" in body
    assert "Where they stand" not in body


def test_referrals_page_shows_only_the_persons_own(alice_client, alice, bob):
    mine = make_referral(alice, stage="asked")
    make_referral(bob, stage="asked")

    response = alice_client.get(reverse("tracker:referral_list"))

    assert (list(response.context["page"]), response.context["total"]) == ([mine], 1)


def test_referrals_page_is_paginated(alice_client, alice):
    application = make_application(alice, stage="applied")
    contacts = Contact.objects.bulk_create(
        Contact(owner=alice, name=f"Contact {i}", relationship="alumni")
        for i in range(PAGE_SIZE + 1)
    )
    Referral.objects.bulk_create(
        Referral(application=application, contact=contact, stage="asked") for contact in contacts
    )

    first = alice_client.get(reverse("tracker:referral_list"))
    second = alice_client.get(reverse("tracker:referral_list"), {"page": 2})

    assert (len(first.context["page"]), len(second.context["page"])) == (PAGE_SIZE, 1)
    assert "Page 1 of 2 · 51 in all" in first.content.decode()
