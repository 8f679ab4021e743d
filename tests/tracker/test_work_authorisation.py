"""Work authorisation: the person's own in Settings, each company's sponsorship as a sourced
fact on its page, and a filter on the applications table."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_application, make_company
from tracker.accounts.preferences import preferences_for
from tracker.models import Company, Preferences

pytestmark = pytest.mark.django_db

SETTINGS = reverse("tracker:settings")
WORK = reverse("tracker:work_authorisation")
TABLE = reverse("tracker:application_list")


def _needs_sponsorship(user) -> None:
    Preferences.objects.filter(pk=preferences_for(user).pk).update(needs_sponsorship=True)


def test_settings_show_the_work_authorisation_form_empty_at_first(alice_client):
    html = alice_client.get(SETTINGS).content.decode()

    assert '<form id="work-authorisation-form"' in html
    assert 'name="needs_sponsorship"' in html
    assert '<textarea name="work_authorisation"' in html


def test_saving_work_authorisation_keeps_the_digest_slot(alice, alice_client):
    preferences = preferences_for(alice)
    slot = preferences.next_digest_at

    response = alice_client.post(
        WORK,
        {"needs_sponsorship": "on", "work_authorisation": "  EU citizen; US roles need an H-1B. "},
    )

    preferences.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == SETTINGS
    assert preferences.needs_sponsorship is True
    assert preferences.work_authorisation == "EU citizen; US roles need an H-1B."
    assert preferences.next_digest_at == slot


def test_saving_work_authorisation_with_htmx_answers_its_own_form(alice, alice_client):
    response = alice_client.post(
        WORK,
        {"work_authorisation": "Swiss permit B"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="work-authorisation-form",
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<form id="work-authorisation-form"')
    assert "Work authorisation saved." in html
    assert ">\nSwiss permit B</textarea>" in html
    assert preferences_for(alice).needs_sponsorship is False


def test_work_authorisation_too_long_is_refused_and_kept(alice, alice_client):
    typed = "x" * 2001

    response = alice_client.post(WORK, {"work_authorisation": typed})

    assert response.status_code == 200
    assert "Keep it under 2,000 characters." in response.content.decode()
    assert preferences_for(alice).work_authorisation == ""


def test_work_authorisation_page_takes_only_posts(alice_client):
    assert alice_client.get(WORK).status_code == 405


def test_company_form_records_sponsorship_with_its_source_and_date(alice, alice_client):
    company = make_company(alice)
    checked = timezone.localdate() - datetime.timedelta(days=3)

    response = alice_client.post(
        reverse("tracker:company_edit", args=[company.pk]),
        {
            "name": company.name,
            "tier": company.tier,
            "sponsorship": "yes",
            "sponsorship_source": "https://careers.orbital.example/faq#visas",
            "sponsorship_checked_on": checked.isoformat(),
            "sponsorship_note": "H-1B and O-1; not for interns",
        },
    )

    company.refresh_from_db()
    assert response.status_code == 302
    assert (company.sponsorship, company.sponsorship_checked_on) == ("yes", checked)
    assert company.sponsorship_source == "https://careers.orbital.example/faq#visas"
    assert company.sponsorship_note == "H-1B and O-1; not for interns"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sponsorship_source", "javascript:alert(1)", "Enter a valid URL."),
        ("sponsorship_source", "not a link", "Enter a valid URL."),
        ("sponsorship_checked_on", "2999-01-01", "The day you checked cannot be in the future."),
        ("sponsorship", "maybe", "Select a valid choice."),
    ],
)
def test_company_form_refuses_bad_sponsorship_facts(alice, alice_client, field, value, message):
    company = make_company(alice)

    response = alice_client.post(
        reverse("tracker:company_edit", args=[company.pk]),
        {"name": company.name, "tier": company.tier, field: value},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Company.objects.get(pk=company.pk).sponsorship == "unknown"


def test_a_new_company_is_unknown_until_the_person_finds_out(alice, alice_client):
    response = alice_client.post(
        reverse("tracker:company_create"), {"name": "Tensorloom", "tier": "startup"}
    )

    company = Company.objects.get(owner=alice)
    page = alice_client.get(company.get_absolute_url()).content.decode()
    assert response.status_code == 302
    assert company.sponsorship == "unknown"
    assert "Not known yet. If it matters to you," in page
    assert f'href="/companies/{company.pk}/edit/#sponsorship-fields"' in page


def test_company_page_shows_the_facts_with_source_and_date(alice, alice_client):
    _needs_sponsorship(alice)
    company = make_company(alice)
    Company.objects.filter(pk=company.pk).update(
        sponsorship="no",
        sponsorship_source="https://orbital.example/careers",
        sponsorship_checked_on=datetime.date(2026, 3, 9),
        sponsorship_note="Said so in the recruiter screen",
    )

    html = alice_client.get(company.get_absolute_url()).content.decode()

    assert '<strong class="sponsorship sponsorship-no">Does not sponsor</strong>' in html
    assert '<a href="https://orbital.example/careers" rel="noopener noreferrer nofollow"' in html
    assert "<dd>9 Mar 2026</dd>" in html
    assert "<dd>Said so in the recruiter screen</dd>" in html
    assert "You have not said you need sponsorship" not in html


def test_company_page_of_an_unknown_answer_tells_someone_who_needs_it_where_to_look(
    alice, alice_client
):
    _needs_sponsorship(alice)
    company = make_company(alice)

    html = alice_client.get(company.get_absolute_url()).content.decode()

    assert "You need sponsorship: look for it in their careers FAQ or postings" in html


def _table_rows(response) -> list[str]:
    return [str(application) for application in response.context["page"].object_list]


def test_the_table_filters_on_what_companies_said(alice, alice_client):
    sponsors = make_company(alice, "Orbital Cloud")
    refuses = make_company(alice, "Quiver Labs", "startup")
    unknown = make_company(alice, "Kestrel Quant", "finance")
    Company.objects.filter(pk=sponsors.pk).update(sponsorship="yes")
    Company.objects.filter(pk=refuses.pk).update(sponsorship="no")
    for company in (sponsors, refuses, unknown):
        make_application(alice, company, role_title="ML Engineer")

    said_yes = alice_client.get(TABLE, {"sponsorship": "yes"})
    not_known = alice_client.get(TABLE, {"sponsorship": "unknown"})
    everyone = alice_client.get(TABLE)

    assert _table_rows(said_yes) == ["ML Engineer at Orbital Cloud"]
    assert _table_rows(not_known) == ["ML Engineer at Kestrel Quant"]
    assert len(_table_rows(everyone)) == 3


def test_the_filter_is_explained_to_someone_who_does_not_need_sponsorship(alice, alice_client):
    make_application(alice)

    html = alice_client.get(TABLE).content.decode()

    assert "Visa sponsorship matters only if you need it" in html
    assert "sponsorship-unknown" not in html  # no badge in the rows


def test_someone_who_needs_sponsorship_sees_each_companys_answer(alice, alice_client):
    _needs_sponsorship(alice)
    make_application(alice)

    html = alice_client.get(TABLE).content.decode()

    assert "You need visa sponsorship" in html
    assert '<small class="sponsorship sponsorship-unknown">Not known</small>' in html


def test_a_person_with_no_preferences_row_sees_the_table_and_the_filter(alice, alice_client):
    Preferences.objects.filter(user=alice).delete()

    response = alice_client.get(TABLE, {"sponsorship": "yes"})

    assert response.status_code == 200
    assert "Visa sponsorship matters only if you need it" in response.content.decode()
