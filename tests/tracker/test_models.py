import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.factories import make_application, make_company
from tracker.models import Application, Company, StageEvent


def test_company_name_unique_per_owner_ignoring_case(alice):
    make_company(alice, "Orbital Cloud")

    with pytest.raises(IntegrityError):
        make_company(alice, "orbital CLOUD")


def test_company_same_name_allowed_for_different_owners(alice, bob):
    make_company(alice, "Orbital Cloud")
    make_company(bob, "Orbital Cloud")

    assert Company.objects.filter(name="Orbital Cloud").count() == 2


def test_company_named_matches_any_letter_case(alice):
    company = make_company(alice, "Lumen Maps")

    assert list(Company.objects.for_user(alice).named("  lumen maps ")) == [company]


def test_application_queryset_scopes_to_owner_and_active(alice, bob):
    live = make_application(alice, stage="applied")
    closed = make_application(
        alice, make_company(alice, "Kestrel"), stage="closed", outcome="rejected"
    )
    make_application(bob, stage="applied")

    assert set(Application.objects.for_user(alice)) == {live, closed}
    assert list(Application.objects.for_user(alice).active()) == [live]


def test_application_filtered_by_tier_stage_and_text(alice):
    startup = make_company(alice, "Tensorloom", "startup")
    wanted = make_application(alice, startup, role_title="Founding ML Engineer", stage="applied")
    make_application(alice, startup, role_title="Data Scientist", stage="saved")
    make_application(alice, make_company(alice, "Orbital", "big_tech"), stage="applied")

    found = Application.objects.for_user(alice).filtered(
        tier="startup", stage="applied", q="founding"
    )

    assert list(found) == [wanted]


def test_application_search_matches_notes_and_location(alice):
    in_notes = make_application(alice, notes="Met the team at NeurIPS")
    make_application(alice, make_company(alice, "Other"), location="Berlin")

    assert list(Application.objects.for_user(alice).search("neurips")) == [in_notes]


def test_application_closed_requires_outcome(alice):
    application = Application(
        owner=alice, company=make_company(alice), role_title="MLE", stage="closed"
    )

    with pytest.raises(ValidationError) as error:
        application.full_clean()

    assert "outcome" in error.value.message_dict


def test_application_salary_range_must_be_ordered(alice):
    application = Application(
        owner=alice, company=make_company(alice), role_title="MLE", salary_min=200, salary_max=100
    )

    with pytest.raises(ValidationError) as error:
        application.full_clean()

    assert "salary_max" in error.value.message_dict


def test_stage_event_is_append_only(alice_application):
    event = alice_application.stage_events.get()
    event.to_stage = "offer"

    with pytest.raises(ValueError, match="append-only"):
        event.save()

    assert StageEvent.objects.get(pk=event.pk).to_stage == "applied"


def test_application_absolute_url_is_its_detail_page(alice_application):
    assert alice_application.get_absolute_url() == f"/applications/{alice_application.pk}/"


def test_stage_event_absolute_url_is_its_place_in_the_timeline(alice_client, alice_application):
    event = alice_application.stage_events.get()

    url = event.get_absolute_url()
    page = alice_client.get(url.partition("#")[0])

    assert url == f"/applications/{alice_application.pk}/#event-{event.pk}"
    assert f'<li id="event-{event.pk}">' in page.content.decode()
