import pytest
from django.urls import reverse

from tests.factories import make_application, make_company
from tracker.models import Application, Company


def test_company_list_shows_own_companies_with_counts(alice_client, alice, bob):
    orbital = make_company(alice, "Orbital Cloud", "big_tech")
    make_application(alice, orbital, stage="applied")
    make_application(alice, orbital, stage="closed", outcome="rejected")
    make_company(alice, "ardent labs", "startup")
    make_company(bob, "Bob's company", "finance")

    response = alice_client.get(reverse("tracker:company_list"))

    rows = [(c.name, c.live_count, c.application_count) for c in response.context["page"]]
    assert rows == [("ardent labs", 0, 0), ("Orbital Cloud", 1, 2)]
    assert "Bob&#x27;s company" not in response.content.decode()


def test_company_list_filters_by_tier(alice_client, alice):
    make_company(alice, "Orbital Cloud", "big_tech")
    make_company(alice, "Kestrel Quant", "finance")

    response = alice_client.get(reverse("tracker:company_list"), {"tier": "finance"})

    assert [c.name for c in response.context["page"]] == ["Kestrel Quant"]


def test_company_list_empty_tier_says_how_companies_arrive(alice_client, alice):
    make_company(alice, "Orbital Cloud", "big_tech")

    response = alice_client.get(reverse("tracker:company_list"), {"tier": "finance"})

    assert "No companies in this tier yet." in response.content.decode()


def test_company_list_htmx_returns_table_fragment_without_chrome(alice_client, alice):
    make_company(alice, "Orbital Cloud", "big_tech")
    make_company(alice, "Kestrel Quant", "finance")

    response = alice_client.get(
        reverse("tracker:company_list"),
        {"tier": "finance"},
        headers={"HX-Request": "true", "HX-Target": "company-table"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="company-table"')
    assert "site-header" not in body
    assert "<h1>Companies</h1>" not in body
    assert "Kestrel Quant" in body
    assert "Orbital Cloud" not in body


def test_company_list_without_htmx_is_the_whole_page(alice_client, alice):
    make_company(alice, "Orbital Cloud", "big_tech")

    response = alice_client.get(reverse("tracker:company_list"))

    body = response.content.decode()
    assert body.startswith("<!doctype html>")
    assert "site-header" in body
    assert '<div id="company-table">' in body


def test_company_create_saves_it_for_its_owner(alice_client, alice):
    response = alice_client.post(
        reverse("tracker:company_create"),
        {"name": "  Lumen Maps ", "tier": "mid_size", "website": "https://lumen.example.com"},
    )

    company = Company.objects.get()
    assert response["Location"] == company.get_absolute_url()
    assert (company.owner, company.name, company.tier) == (alice, "Lumen Maps", "mid_size")


def test_company_create_refuses_a_name_tracked_in_another_case(alice_client, alice):
    make_company(alice, "Lumen Maps", "mid_size")

    response = alice_client.post(
        reverse("tracker:company_create"),
        {"name": "LUMEN maps", "tier": "startup", "notes": "Met them at NeurIPS"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["You already track a company called “Lumen Maps”."]
    }
    assert "Met them at NeurIPS" in response.content.decode()
    assert Company.objects.count() == 1


def test_company_create_allows_a_name_another_person_tracks(alice_client, alice, bob):
    make_company(bob, "Lumen Maps", "mid_size")

    response = alice_client.post(
        reverse("tracker:company_create"), {"name": "Lumen Maps", "tier": "mid_size"}
    )

    assert response.status_code == 302
    assert Company.objects.filter(owner=alice, name="Lumen Maps").count() == 1


def test_company_detail_lists_its_applications(alice_client, alice):
    company = make_company(alice, "Orbital Cloud", "big_tech")
    application = make_application(alice, company, role_title="Research Engineer")
    make_application(alice, make_company(alice, "Elsewhere"), role_title="Other role")

    response = alice_client.get(company.get_absolute_url())

    assert list(response.context["applications"]) == [application]
    assert "<h1>Orbital Cloud</h1>" in response.content.decode()


def test_company_edit_saves_changes(alice_client, alice):
    company = make_company(alice, "Orbital Cloud", "big_tech")

    response = alice_client.post(
        reverse("tracker:company_edit", args=[company.pk]),
        {"name": "Orbital", "tier": "mid_size", "notes": "Reorganised"},
    )

    company.refresh_from_db()
    assert response["Location"] == company.get_absolute_url()
    assert (company.name, company.tier, company.notes) == ("Orbital", "mid_size", "Reorganised")


def test_company_edit_may_change_the_case_of_its_own_name(alice_client, alice):
    company = make_company(alice, "orbital cloud", "big_tech")

    response = alice_client.post(
        reverse("tracker:company_edit", args=[company.pk]),
        {"name": "Orbital Cloud", "tier": "big_tech"},
    )

    company.refresh_from_db()
    assert response.status_code == 302
    assert company.name == "Orbital Cloud"


def test_company_edit_refuses_another_companys_name(alice_client, alice):
    make_company(alice, "Lumen Maps", "mid_size")
    company = make_company(alice, "Orbital Cloud", "big_tech")

    response = alice_client.post(
        reverse("tracker:company_edit", args=[company.pk]),
        {"name": "lumen maps", "tier": "big_tech"},
    )

    company.refresh_from_db()
    assert response.context["form"].errors == {
        "name": ["You already track a company called “Lumen Maps”."]
    }
    assert company.name == "Orbital Cloud"


def test_company_delete_takes_its_applications_after_confirmation(alice_client, alice):
    company = make_company(alice, "Orbital Cloud", "big_tech")
    make_application(alice, company)
    make_application(alice, company, role_title="Second role")
    url = reverse("tracker:company_delete", args=[company.pk])

    confirm_page = alice_client.get(url)
    response = alice_client.post(url)

    assert "This also deletes its 2 applications" in confirm_page.content.decode()
    assert response["Location"] == reverse("tracker:company_list")
    assert not Company.objects.filter(pk=company.pk).exists()
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("company_detail", "get"),
        ("company_edit", "get"),
        ("company_edit", "post"),
        ("company_delete", "get"),
        ("company_delete", "post"),
    ],
)
def test_company_of_another_person_is_404(url_name, method, alice, bob_client):
    company = make_company(alice, "Orbital Cloud", "big_tech")
    make_application(alice, company)
    url = reverse(f"tracker:{url_name}", args=[company.pk])

    response = getattr(bob_client, method)(url, {"name": "Taken over", "tier": "startup"})

    company.refresh_from_db()
    assert response.status_code == 404
    assert (company.name, company.tier) == ("Orbital Cloud", "big_tech")
    assert company.applications.count() == 1
