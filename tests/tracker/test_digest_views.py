"""The settings page (time zone and digest schedule) and leaving the digest by its link."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.tracker.digest_factories import give_something_to_do, make_person
from tracker.accounts.preferences import preferences_for, unsubscribe_from_digest
from tracker.digest import sending
from tracker.digest.content import unsubscribe_token
from tracker.models import DigestLog, Preferences

UTC = datetime.UTC
WEDNESDAY = datetime.datetime(2026, 1, 7, 12, tzinfo=UTC)
SETTINGS = reverse("tracker:settings")


def prefs(user) -> Preferences:
    return Preferences.objects.get(user=user)


def form_data(**changes) -> dict:
    data = {
        "time_zone": "Europe/Stockholm",
        "digest_enabled": "on",
        "digest_weekday": "0",
        "digest_hour": "8",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def alice_prefs(alice):
    with time_machine.travel(WEDNESDAY, tick=False):
        return preferences_for(alice)


def test_settings_page_shows_the_persons_schedule(alice_client, alice_prefs):
    response = alice_client.get(SETTINGS)

    assert response.status_code == 200
    form = response.context["form"]
    assert (form["digest_weekday"].value(), form["digest_hour"].value()) == (0, 8)
    assert response.context["next_digest_at"] == datetime.datetime(2026, 1, 12, 8, tzinfo=UTC)
    assert 'id="settings-form"' in response.text
    assert "Next digest: Monday 12 January, 08:00" in response.text


def test_settings_are_reachable_from_every_page(alice_client):
    assert f'href="{SETTINGS}"' in alice_client.get(reverse("tracker:overview")).text


def test_saving_a_new_day_hour_and_zone_reschedules_in_that_zone(alice_client, alice_prefs):
    with time_machine.travel(WEDNESDAY, tick=False):
        response = alice_client.post(
            SETTINGS, form_data(time_zone="Asia/Tokyo", digest_weekday="4", digest_hour="18")
        )

    assert response.status_code == 302
    saved = Preferences.objects.get(pk=alice_prefs.pk)
    assert (saved.time_zone, saved.digest_weekday, saved.digest_hour) == ("Asia/Tokyo", 4, 18)
    # Friday 9 January 18:00 in Tokyo.
    assert saved.next_digest_at == datetime.datetime(2026, 1, 9, 9, tzinfo=UTC)


def test_saving_unchanged_settings_keeps_a_due_slot(alice_client, alice_prefs):
    due = datetime.datetime(2026, 1, 12, 8, tzinfo=UTC)
    assert alice_prefs.next_digest_at == due

    with time_machine.travel(due + datetime.timedelta(hours=2), tick=False):
        response = alice_client.post(SETTINGS, form_data(time_zone="UTC"))

    assert response.status_code == 302
    assert prefs(alice_prefs.user).next_digest_at == due  # still due, not pushed a week


def test_htmx_save_answers_with_the_form_partial(alice_client, alice_prefs, htmx_headers):
    response = alice_client.post(
        SETTINGS,
        form_data(digest_hour="7"),
        **htmx_headers,
        HTTP_HX_TARGET="settings-form",
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form id="settings-form"')
    assert "<html" not in response.text
    assert "Settings saved." in response.text
    assert prefs(alice_prefs.user).digest_hour == 7


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("digest_hour", "24", "Select a valid choice"),
        ("digest_hour", "eight", "Select a valid choice"),
        ("digest_weekday", "7", "Select a valid choice"),
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
    ],
)
def test_invalid_settings_re_render_with_the_error_and_change_nothing(
    alice_client, alice_prefs, htmx_headers, field, value, message
):
    before = prefs(alice_prefs.user)

    response = alice_client.post(
        SETTINGS, form_data(**{field: value}), **htmx_headers, HTTP_HX_TARGET="settings-form"
    )

    assert response.status_code == 200
    assert message in response.text
    assert prefs(alice_prefs.user).__dict__ | {"_state": None} == before.__dict__ | {"_state": None}


def test_turning_the_digest_off_and_on(alice_client, alice_prefs):
    with time_machine.travel(WEDNESDAY, tick=False):
        alice_client.post(SETTINGS, form_data(digest_enabled=None))
        off = prefs(alice_prefs.user)
        alice_client.post(SETTINGS, form_data())
        on = prefs(alice_prefs.user)

    assert (off.digest_enabled, off.next_digest_at) == (False, None)
    assert on.digest_enabled is True
    assert on.next_digest_at == datetime.datetime(2026, 1, 12, 7, tzinfo=UTC)


def test_each_person_sees_and_changes_only_their_own_settings(
    alice_client, bob_client, alice_prefs, bob
):
    bob_client.post(SETTINGS, form_data(time_zone="America/Chicago", digest_hour="6"))

    assert prefs(bob).time_zone == "America/Chicago"
    assert prefs(alice_prefs.user).time_zone == "UTC"
    assert alice_client.get(SETTINGS).context["form"]["time_zone"].value() == "UTC"


def test_settings_page_lists_recent_digests_with_their_errors(alice_client, alice):
    DigestLog.objects.create(
        user=alice, week_start=datetime.date(2026, 1, 5), status="failed",
        error="The mail server answered 550 No such user",
    )  # fmt: skip

    response = alice_client.get(SETTINGS)

    assert "The mail server answered 550 No such user" in response.text


# --- Unsubscribe -------------------------------------------------------------------------


def unsubscribe_path(user) -> str:
    return reverse("tracker:digest_unsubscribe", args=[unsubscribe_token(user)])


def test_unsubscribe_link_shows_a_confirmation_and_changes_nothing_on_get(alice, alice_prefs):
    path = unsubscribe_path(alice)  # once: the signed token carries the second it was made

    response = Client().get(path)

    assert response.status_code == 200
    assert "Stop the weekly digest?" in response.text
    assert f'action="{path}"' in response.text
    assert prefs(alice).digest_enabled is True
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_confirming_unsubscribes_without_logging_in(alice, alice_prefs):
    response = Client().post(unsubscribe_path(alice))

    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert (prefs(alice).digest_enabled, prefs(alice).next_digest_at) == (False, None)


def test_one_click_post_from_a_mail_program_needs_no_session_or_csrf_token(alice, alice_prefs):
    mail_program = Client(enforce_csrf_checks=True)

    first = mail_program.post(
        unsubscribe_path(alice),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    again = mail_program.post(unsubscribe_path(alice), {"List-Unsubscribe": "One-Click"})

    assert (first.status_code, again.status_code) == (200, 200)
    assert prefs(alice).digest_enabled is False


def test_the_confirmation_form_is_protected_from_csrf_like_any_other(alice, alice_prefs):
    browser = Client(enforce_csrf_checks=True)

    forged = browser.post(unsubscribe_path(alice))
    page = browser.get(unsubscribe_path(alice))
    token = page.context["csrf_token"]
    confirmed = browser.post(unsubscribe_path(alice), {"csrfmiddlewaretoken": token})

    assert (forged.status_code, page.status_code, confirmed.status_code) == (403, 200, 200)
    assert prefs(alice).digest_enabled is False


def test_only_the_one_click_request_skips_the_csrf_check(alice, alice_prefs):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)

    settings_post = browser.post(SETTINGS, form_data(digest_enabled=None))
    other_body = browser.post(unsubscribe_path(alice), {"List-Unsubscribe": "Something"})

    assert (settings_post.status_code, other_body.status_code) == (403, 403)
    assert prefs(alice).digest_enabled is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_made_up_or_tampered_token_is_not_found(alice, alice_prefs, method):
    token = unsubscribe_token(alice)

    for bad in ("set-password", token[:-3] + "abc", token.replace(":", ".", 1)):
        path = reverse("tracker:digest_unsubscribe", args=[bad])
        assert getattr(Client(), method)(path, {"List-Unsubscribe": "One-Click"}).status_code == 404
        assert getattr(Client(), method)(path).status_code == 404
    assert prefs(alice).digest_enabled is True


def test_a_deactivated_accounts_link_is_not_found(alice, alice_prefs):
    alice.is_active = False
    alice.save()

    assert Client().post(unsubscribe_path(alice)).status_code == 404


def test_unsubscribe_round_trip_from_the_sent_digest(db):
    monday = datetime.datetime(2026, 3, 2, 8, tzinfo=UTC)
    with time_machine.travel(monday - datetime.timedelta(days=3), tick=False):
        person = make_person("carla")
        give_something_to_do(person, due_on=monday.date())
    with time_machine.travel(monday + datetime.timedelta(minutes=1), tick=False):
        sending.send_due_digests()
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    link = header.strip("<>")

    response = Client(enforce_csrf_checks=True).post(  # as a mail program's button does
        link.removeprefix("http://localhost:8000"), {"List-Unsubscribe": "One-Click"}
    )
    give_something_to_do(person, due_on=monday.date() + datetime.timedelta(weeks=1))
    with time_machine.travel(monday + datetime.timedelta(weeks=1, minutes=1), tick=False):
        next_week = sending.send_due_digests()

    assert response.status_code == 200
    assert link in mail.outbox[0].body
    assert next_week == {}
    assert len(mail.outbox) == 1


def test_turning_it_back_on_after_unsubscribing_schedules_it_again(alice_client, alice):
    unsubscribe_from_digest(user=alice)

    with time_machine.travel(WEDNESDAY, tick=False):
        alice_client.post(SETTINGS, form_data(time_zone="UTC"))

    assert prefs(alice).next_digest_at == datetime.datetime(2026, 1, 12, 8, tzinfo=UTC)


def test_the_digest_preview_shows_this_weeks_digest_and_sends_nothing(alice_client, alice):
    give_something_to_do(alice)

    page = alice_client.get(reverse("tracker:digest_preview"))
    email = alice_client.get(reverse("tracker:digest_preview_email"))

    assert page.status_code == email.status_code == 200
    assert "Nothing is sent from this page" in page.content.decode()
    assert 'class="digest-text"' in page.content.decode()
    assert "<html" in email.content.decode().lower()
    assert mail.outbox == []


def test_an_empty_week_previews_as_no_digest(alice_client, alice):
    page = alice_client.get(reverse("tracker:digest_preview"))
    email = alice_client.get(reverse("tracker:digest_preview_email"))

    assert "Nothing to say this week" in page.content.decode()
    assert email.status_code == 404


def test_the_digest_preview_escapes_what_the_person_typed(alice_client, alice):
    application = give_something_to_do(alice)
    application.next_action = "<script>alert(1)</script>"
    application.save()

    page = alice_client.get(reverse("tracker:digest_preview")).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
