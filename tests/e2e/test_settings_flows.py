"""Changing when the weekly digest arrives, in a real browser."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import User

from tests.e2e.conftest import log_in
from tracker.models import Weekday

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_change_the_digest_settings_then_turn_the_digest_off(page):
    user = User.objects.create_user("gita", "gita@example.com", "gita-password-1")
    log_in(page, "gita", "gita-password-1")

    page.click("details.account-menu summary")  # the menu behind the person's name
    page.click("details.account-menu >> text=Settings")
    page.wait_for_url(f"{page.base_url}/settings/")
    page.select_option("#id_time_zone", "Asia/Tokyo")
    page.select_option("#id_digest_weekday", str(Weekday.FRIDAY))
    page.select_option("#id_digest_hour", "18")
    page.click("#settings-form button[type=submit]")

    page.wait_for_selector("#settings-form >> text=Settings saved.")
    assert "Friday" in page.text_content("#next-digest")
    assert "18:00 your time" in page.text_content("#next-digest")
    preferences = User.objects.get(pk=user.pk).preferences
    local_slot = preferences.next_digest_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert (local_slot.weekday(), local_slot.hour) == (Weekday.FRIDAY, 18)
    assert preferences.next_digest_at > datetime.datetime.now(datetime.UTC)

    page.uncheck("#id_digest_enabled")
    page.click("#settings-form button[type=submit]")

    page.wait_for_selector("#next-digest >> text=The digest is off.")
    preferences.refresh_from_db()
    assert (preferences.digest_enabled, preferences.next_digest_at) == (False, None)
    page.reload()  # what was saved is what the page shows next time
    assert page.is_checked("#id_digest_enabled") is False
    assert page.input_value("#id_time_zone") == "Asia/Tokyo"
    assert page.js_errors == []


def test_a_failed_save_says_so_and_keeps_what_was_typed(page):
    User.objects.create_user("hana", "hana@example.com", "hana-password-1")
    log_in(page, "hana", "hana-password-1")
    page.goto(f"{page.base_url}/settings/")

    def database_restarting(route):  # what the server answers while PostgreSQL restarts
        if route.request.method == "POST":
            route.fulfill(status=503, body="<h1>Reframe is back in a moment</h1>")
        else:
            route.continue_()

    page.route("**/settings/", database_restarting)
    page.select_option("#id_digest_hour", "6")
    page.click("#settings-form button[type=submit]")

    alert = page.wait_for_selector("[role=alert] .htmx-problem")
    assert "cannot reach its database just now; nothing was saved" in alert.text_content()
    assert page.input_value("#id_digest_hour") == "6"
    assert User.objects.get(username="hana").preferences.digest_hour == 8
