"""The referral ask (resumes:referral_ask): the lines it quotes are the inventory's own,
nothing in it is made up, and it says what is missing when the records are thin."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from resumes.models import Bullet
from tests.factories import make_application, make_company, make_contact, make_referral
from tests.resumes.factories import make_bullet, make_entry, make_inventory, make_posting

POSTING = (
    "Requirements\n- Python and PyTorch\n- Experience running jobs on a Slurm cluster\n"
    "- Statistics\n\nNice to have\n- Kubernetes\n"
)


def _referral(alice, *, stage: str = "to_ask", email: str = "priya@example.com", posting=True):
    application = make_application(
        alice,
        make_company(alice, "Quiver Labs", "startup"),
        role_title="ML Performance Engineer",
        stage="applied",
    )
    if posting:
        make_posting(
            alice,
            POSTING,
            application=application,
            title="ML Performance Engineer",
            url="https://jobs.example.com/quiver/77",
        )
    contact = make_contact(alice, "Priya Raman", email=email)
    return make_referral(alice, application, contact, stage=stage)


def _ask(client, referral):
    return client.get(reverse("resumes:referral_ask", args=[referral.pk]))


def test_referral_ask_quotes_three_lines_of_the_inventory_word_for_word(alice, alice_client):
    make_inventory(alice)
    side = make_entry(alice, "project", title="Cluster tooling")
    make_bullet(side, "Wrote Python tools to watch Slurm jobs for the lab")
    referral = _referral(alice)

    response = _ask(alice_client, referral)

    ask = response.context["ask"]
    written = set(Bullet.objects.filter(entry__owner=alice).values_list("text", flat=True))
    quoted = [line.line.text for line in ask.lines]
    assert len(quoted) == 3
    assert set(quoted) <= written
    assert {line.where for line in ask.lines} == {"Postdoctoral Researcher", "Cluster tooling"}
    assert "".join(f"- {line}\n" for line in quoted) in ask.draft.body


def test_referral_ask_holds_nothing_the_records_do_not(alice, alice_client):
    make_inventory(alice)
    referral = _referral(alice)

    draft = _ask(alice_client, referral).context["ask"].draft

    # The person's name is on the account; every name, role and number is from a record.
    assert draft.subject == "Referral for ML Performance Engineer at Quiver Labs?"
    assert draft.body.startswith(
        "Hi Priya,\n\nI hope you're well. I'm applying for the ML Performance Engineer role "
        "at Quiver Labs (https://jobs.example.com/quiver/77), and I'd love"
    )
    assert draft.body.endswith("Thank you for your time,\nalice")
    records = " ".join(
        [*Bullet.objects.filter(entry__owner=alice).values_list("text", flat=True), POSTING]
    )
    records += " https://jobs.example.com/quiver/77"
    assert set(re.findall(r"\d[\d,.%]*\d|\d", draft.text)) <= set(
        re.findall(r"\d[\d,.%]*\d|\d", records)
    )


def test_referral_ask_opens_as_an_email_to_the_contact(alice, alice_client):
    make_inventory(alice)
    referral = _referral(alice)

    response = _ask(alice_client, referral)

    mailto = response.context["ask"].draft.mailto
    parts = urlsplit(mailto)
    assert parts.path == "priya@example.com"
    assert parse_qs(parts.query)["body"][0].startswith("Hi Priya,\r\n\r\nI hope you're well.")
    assert "E-mail priya@example.com" in response.content.decode()


def test_referral_ask_without_a_posting_says_to_save_it(alice, alice_client):
    make_inventory(alice)
    referral = _referral(alice, posting=False, email="")

    response = _ask(alice_client, referral)

    page = response.content.decode()
    assert response.context["ask"].lines == []
    assert "No posting is saved for this application" in page
    assert f"/resume/postings/new/?application={referral.application.pk}" in page
    assert "Priya Raman has no e-mail address in your contacts" in page
    assert "A little of what I've done" not in response.context["ask"].draft.body


def test_referral_ask_with_an_empty_inventory_says_to_fill_it(alice, alice_client):
    referral = _referral(alice)

    response = _ask(alice_client, referral)

    assert response.context["ask"].inventory_empty
    assert "Your inventory is empty, so the ask quotes nothing" in response.content.decode()


def test_referral_ask_offers_the_nudge_once_asked(alice, alice_client):
    make_inventory(alice)
    referral = _referral(alice, stage="asked")

    response = _ask(alice_client, referral)

    nudge = response.context["ask"].nudge
    assert nudge.body.startswith("Hi Priya,\n\nJust following up on my message")
    assert "Already asked? The nudge" in response.content.decode()


def test_referral_ask_moves_the_referral_and_answers_with_its_body(
    alice, alice_client, htmx_headers
):
    referral = _referral(alice)
    url = reverse("resumes:referral_ask", args=[referral.pk])

    response = alice_client.post(
        referral.get_stage_url(),
        {"stage": "asked", "next": url},
        follow=True,
        HTTP_HX_TARGET="referral-ask",
        **htmx_headers,
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="referral-ask"')
    assert "Already asked? The nudge" in page


def test_referral_ask_is_only_for_its_owner(alice, bob_client):
    referral = _referral(alice)

    assert _ask(bob_client, referral).status_code == 404


def test_referral_pages_link_open_referrals_to_their_messages(alice, alice_client):
    referral = _referral(alice)
    confirmed = make_referral(
        alice, referral.application, make_contact(alice, "Jonas Berg"), stage="confirmed"
    )
    url = reverse("resumes:referral_ask", args=[referral.pk])

    for page_url in (
        reverse("tracker:referral_list"),
        referral.application.get_absolute_url(),
        referral.contact.get_absolute_url(),
    ):
        page = alice_client.get(page_url).content.decode()
        assert f'href="{url}">Draft the ask</a>' in page, page_url
        assert reverse("resumes:referral_ask", args=[confirmed.pk]) not in page
