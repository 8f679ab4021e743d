"""The admin keeps the stage log whole: stage changes go through the service that logs
them, and the log itself can be neither edited, added to nor deleted from by hand."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import make_application, make_company
from tracker.models import Application, StageEvent

TODAY = datetime.date(2026, 10, 20)
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 10, 20, 12, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


def _filled_in(page) -> dict:
    """What the browser would send back from an admin change form, as rendered."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value
    return data


def _events(application: Application) -> list[tuple]:
    return list(application.stage_events.values_list("from_stage", "to_stage", "outcome"))


def test_admin_stage_change_is_logged_by_the_service(admin_client, alice):
    application = make_application(alice, stage="applied", happened_on=datetime.date(2026, 9, 1))
    url = reverse("admin:tracker_application_change", args=[application.pk])
    data = _filled_in(admin_client.get(url))

    response = admin_client.post(url, data | {"stage": "closed", "outcome": "rejected"})

    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.stage, application.outcome) == ("closed", "rejected")
    assert _events(application) == [("", "applied", ""), ("applied", "closed", "rejected")]
    assert application.stage_events.last().happened_on == TODAY


def test_admin_edit_without_stage_change_logs_nothing(admin_client, alice):
    application = make_application(alice, stage="applied")
    url = reverse("admin:tracker_application_change", args=[application.pk])
    data = _filled_in(admin_client.get(url))

    admin_client.post(url, data | {"notes": "Recruiter is Lena"})

    application.refresh_from_db()
    assert application.notes == "Recruiter is Lena"
    assert _events(application) == [("", "applied", "")]


def test_admin_add_application_opens_its_history(admin_client, alice):
    company = make_company(alice)
    page = admin_client.get(reverse("admin:tracker_application_add"))
    data = _filled_in(page) | {
        "owner": alice.pk,
        "company": company.pk,
        "role_title": "Research Engineer",
        "stage": "screening",
    }

    response = admin_client.post(reverse("admin:tracker_application_add"), data)

    application = Application.objects.get()
    assert response.status_code == 302
    assert (application.role_title, application.applied_on) == ("Research Engineer", TODAY)
    assert _events(application) == [("", "screening", "")]


def test_admin_application_inline_cannot_add_events(admin_client, alice):
    application = make_application(alice, stage="applied")

    page = admin_client.get(reverse("admin:tracker_application_change", args=[application.pk]))

    (inline,) = page.context["inline_admin_formsets"]
    assert inline.has_add_permission is False
    assert inline.formset.forms[0].fields.keys() == {"id", "application"}


def test_admin_stage_log_cannot_be_changed_added_to_or_deleted(admin_client, alice):
    event = make_application(alice, stage="applied").stage_events.get()
    change = reverse("admin:tracker_stageevent_change", args=[event.pk])

    edited = admin_client.post(change, {"to_stage": "offer", "happened_on": "2026-01-01"})
    added = admin_client.get(reverse("admin:tracker_stageevent_add"))
    deleted = admin_client.post(
        reverse("admin:tracker_stageevent_delete", args=[event.pk]), {"post": "yes"}
    )
    bulk_deleted = admin_client.post(
        reverse("admin:tracker_stageevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    event.refresh_from_db()
    assert (edited.status_code, added.status_code, deleted.status_code) == (403, 403, 403)
    assert "delete_selected" not in bulk_deleted.content.decode()
    assert (event.to_stage, event.happened_on) == ("applied", TODAY)


def test_admin_deleting_an_application_takes_its_events(admin_client, alice):
    application = make_application(alice, stage="applied")
    url = reverse("admin:tracker_application_delete", args=[application.pk])

    confirmation = admin_client.get(url)
    response = admin_client.post(url, {"post": "yes"})

    assert confirmation.context["perms_lacking"] == set()
    assert response.status_code == 302
    assert not StageEvent.objects.exists()
