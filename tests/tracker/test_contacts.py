import datetime

import time_machine
from django.urls import reverse

from tests.factories import make_application, make_company, make_contact, make_referral
from tracker.models import Contact, Referral

TODAY = datetime.date(2026, 10, 20)


def test_contact_create_saves_it_for_its_owner(alice_client, alice):
    response = alice_client.post(
        reverse("tracker:contact_create"),
        {
            "name": "Jonas Berg",
            "company_name": "Orbital Cloud",
            "relationship": "alumni",
            "email": "jonas@example.com",
            "link": "https://example.com/jonas",
        },
    )

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert (contact.owner, contact.name, contact.relationship) == (alice, "Jonas Berg", "alumni")


def test_contact_list_shows_own_contacts_with_referral_counts(alice_client, alice, bob):
    priya = make_contact(alice, "Priya Raman")
    make_contact(alice, "Elena Sokolova", relationship="advisor")
    make_contact(bob, "Bob's friend")
    make_referral(alice, contact=priya)

    response = alice_client.get(reverse("tracker:contact_list"))

    rows = [(c.name, c.referral_count) for c in response.context["page"]]
    assert rows == [("Elena Sokolova", 0), ("Priya Raman", 1)]


def test_contact_list_filters_by_relationship(alice_client, alice):
    make_contact(alice, "Priya Raman")
    make_contact(alice, "Elena Sokolova", relationship="advisor")

    response = alice_client.get(reverse("tracker:contact_list"), {"relationship": "advisor"})

    assert [c.name for c in response.context["page"]] == ["Elena Sokolova"]


def test_contact_list_htmx_returns_table_fragment_without_chrome(alice_client, alice):
    make_contact(alice, "Priya Raman")
    make_contact(alice, "Elena Sokolova", relationship="advisor")

    response = alice_client.get(
        reverse("tracker:contact_list"),
        {"relationship": "advisor"},
        headers={"HX-Request": "true", "HX-Target": "contact-table"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="contact-table"')
    assert "site-header" not in body
    assert "<h1>Contacts</h1>" not in body
    assert "Elena Sokolova" in body
    assert "Priya Raman" not in body


def test_contact_detail_lists_their_referrals(alice_client, alice):
    referral = make_referral(alice, stage="asked")

    response = alice_client.get(referral.contact.get_absolute_url())

    assert list(response.context["referrals"]) == [referral]
    assert "Machine Learning Engineer · Orbital Cloud" in response.content.decode()


def test_contact_delete_takes_their_referrals(alice_client, alice):
    referral = make_referral(alice)

    alice_client.post(reverse("tracker:contact_delete", args=[referral.contact.pk]))

    assert not Contact.objects.exists()
    assert not Referral.objects.exists()


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_referral_create_with_contact_records_the_ask(alice_client, alice, alice_application):
    priya = make_contact(alice)

    alice_client.post(
        reverse("tracker:referral_create", args=[alice_application.pk]),
        {"contact": priya.pk, "stage": "asked"},
    )

    referral = Referral.objects.get()
    priya.refresh_from_db()
    assert (referral.contact, referral.stage, referral.asked_on) == (priya, "asked", TODAY)
    assert referral.next_follow_up_on == TODAY + datetime.timedelta(days=5)
    assert priya.last_contacted_on == TODAY


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_referral_to_ask_is_due_today(alice_client, alice, alice_application):
    alice_client.post(
        reverse("tracker:referral_create", args=[alice_application.pk]),
        {"contact": make_contact(alice).pk, "stage": "to_ask"},
    )

    referral = Referral.objects.get()
    assert (referral.asked_on, referral.next_follow_up_on) == (None, TODAY)


def test_referral_create_with_new_contact_makes_the_contact(alice_client, alice, alice_application):
    alice_client.post(
        reverse("tracker:referral_create", args=[alice_application.pk]),
        {"new_contact_name": "Jonas Berg", "new_contact_relationship": "alumni", "stage": "to_ask"},
    )

    contact = Referral.objects.get().contact
    assert (contact.owner, contact.name, contact.company_name) == (
        alice,
        "Jonas Berg",
        "Orbital Cloud",
    )


def test_referral_create_refuses_another_persons_contact(alice_client, alice_application, bob):
    bobs_contact = make_contact(bob)

    response = alice_client.post(
        reverse("tracker:referral_create", args=[alice_application.pk]),
        {"contact": bobs_contact.pk, "stage": "asked"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Referral.objects.exists()


def test_referral_create_refuses_same_contact_twice(alice_client, alice, alice_application):
    existing = make_referral(alice, alice_application)

    response = alice_client.post(
        reverse("tracker:referral_create", args=[alice_application.pk]),
        {"contact": existing.contact.pk, "stage": "asked"},
    )

    assert "Priya Raman is already on this application." in response.content.decode()
    assert Referral.objects.count() == 1


def test_referral_create_needs_a_contact(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:referral_create", args=[alice_application.pk]), {"stage": "asked"}
    )

    assert "Who refers you?" in response.content.decode()


def test_referral_form_suggests_the_only_contact_at_that_company(alice_client, alice):
    application = make_application(alice, make_company(alice, "Quiver Labs", "startup"))
    priya = make_contact(alice, company_name="quiver labs")
    make_contact(alice, "Elsewhere", company_name="Orbital Cloud")

    response = alice_client.get(reverse("tracker:referral_create", args=[application.pk]))

    assert response.context["form"]["contact"].value() == priya.pk


def test_referral_create_invalid_htmx_rerenders_form_fragment(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:referral_create", args=[alice_application.pk]),
        {"stage": "to_ask", "notes": "Ask after the team offsite"},
        headers={"HX-Request": "true", "HX-Target": "referral-form"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<form id="referral-form"')
    assert "site-header" not in body
    assert "Who refers you? Pick a contact or type a new name." in body
    assert "Ask after the team offsite" in body
    assert Referral.objects.count() == 0


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_referral_edit_to_submitted_records_day_and_next_nudge(alice_client, alice):
    referral = make_referral(alice, stage="agreed", asked_on=datetime.date(2026, 10, 1))

    alice_client.post(
        reverse("tracker:referral_edit", args=[referral.pk]),
        {"contact": referral.contact.pk, "stage": "submitted", "asked_on": "2026-10-01"},
    )

    referral.refresh_from_db()
    assert (referral.stage, referral.submitted_on) == ("submitted", TODAY)
    assert referral.asked_on == datetime.date(2026, 10, 1)
    assert referral.next_follow_up_on == TODAY + datetime.timedelta(days=7)


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_referral_confirmed_has_nothing_left_to_chase(alice_client, alice):
    referral = make_referral(alice, stage="submitted", next_follow_up_on=TODAY)

    alice_client.post(
        reverse("tracker:referral_edit", args=[referral.pk]),
        {"contact": referral.contact.pk, "stage": "confirmed", "closed_on": "2026-10-18"},
    )

    referral.refresh_from_db()
    assert (referral.closed_on, referral.next_follow_up_on) == (datetime.date(2026, 10, 18), None)


def test_referral_edit_keeps_a_follow_up_the_person_typed(alice_client, alice):
    referral = make_referral(alice, stage="to_ask")

    alice_client.post(
        reverse("tracker:referral_edit", args=[referral.pk]),
        {"contact": referral.contact.pk, "stage": "asked", "next_follow_up_on": "2099-01-02"},
    )

    referral.refresh_from_db()
    assert referral.next_follow_up_on == datetime.date(2099, 1, 2)


def test_application_detail_lists_its_referrals(alice_client, alice, alice_application):
    make_referral(alice, alice_application, stage="asked")

    response = alice_client.get(alice_application.get_absolute_url())

    assert [r.contact.name for r in response.context["referrals"]] == ["Priya Raman"]
    assert "Asked" in response.content.decode()


def test_referral_delete_keeps_the_contact(alice_client, alice):
    referral = make_referral(alice)

    alice_client.post(reverse("tracker:referral_delete", args=[referral.pk]))

    assert not Referral.objects.exists()
    assert Contact.objects.count() == 1
