import datetime
import zoneinfo

import icalendar
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import make_application, make_company, make_interview, make_referral
from tracker import services
from tracker.models import CalendarFeed, Preferences

WHEN = datetime.datetime(2026, 11, 3, 14, 30, tzinfo=datetime.UTC)
# The feed shows a window around today: the tests that use WHEN live the day before.
DAY_BEFORE = time_machine.travel(WHEN - datetime.timedelta(days=1), tick=False)


def _feed_events(client: Client, feed: CalendarFeed) -> dict[str, icalendar.Event]:
    response = client.get(feed.get_absolute_url())
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def test_calendar_feed_is_off_until_turned_on(alice_client, alice):
    response = alice_client.get(reverse("tracker:this_week"))

    assert "Turn on the calendar feed" in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_turning_the_feed_on_shows_its_secret_address(alice_client, alice):
    alice_client.post(reverse("tracker:calendar_feed_settings"), {"action": "enable"})

    feed = CalendarFeed.objects.get(owner=alice)
    body = alice_client.get(reverse("tracker:this_week")).content.decode()
    assert len(feed.token) >= 40
    assert f"http://testserver/calendar/{feed.token}.ics" in body
    assert f"webcal://testserver/calendar/{feed.token}.ics" in body


@DAY_BEFORE
def test_feed_parses_back_with_the_right_times(alice, bob):
    application = make_application(
        alice,
        stage="interviewing",
        next_action="Send take-home",
        next_action_on=datetime.date(2026, 11, 5),
    )
    interview = make_interview(
        alice,
        application,
        scheduled_at=WHEN,
        duration_minutes=90,
        title="Onsite loop",
        location="https://meet.example.com/x",
    )
    referral = make_referral(
        alice,
        make_application(alice, make_company(alice, "Quiver")),
        stage="asked",
        next_follow_up_on=datetime.date(2026, 11, 4),
    )
    make_interview(bob, scheduled_at=WHEN, title="Bob's interview")
    feed = services.enable_calendar_feed(owner=alice)

    events = _feed_events(Client(), feed)

    assert set(events) == {
        f"interview-{interview.pk}",
        f"next-action-{application.pk}",
        f"referral-{referral.pk}",
    }
    onsite = events[f"interview-{interview.pk}"]
    assert onsite.decoded("dtstart") == WHEN
    assert onsite.decoded("dtend") == WHEN + datetime.timedelta(minutes=90)
    assert str(onsite["summary"]) == "Onsite loop — Orbital Cloud"
    assert str(onsite["url"]) == "https://meet.example.com/x"
    assert events[f"next-action-{application.pk}"].decoded("dtstart") == datetime.date(2026, 11, 5)
    assert events[f"referral-{referral.pk}"].decoded("dtstart") == datetime.date(2026, 11, 4)


@DAY_BEFORE
def test_feed_time_entered_in_one_zone_reads_right_in_another(alice_client, alice):
    Preferences.objects.create(user=alice, time_zone="Europe/Stockholm")
    application = make_application(alice, stage="interviewing")
    alice_client.post(
        reverse("tracker:interview_create", args=[application.pk]),
        {
            "kind": "superday",
            "scheduled_at": "2026-11-03T09:00",
            "time_zone": "Europe/London",
            "duration_minutes": 360,
            "outcome": "pending",
        },
    )
    feed = services.enable_calendar_feed(owner=alice)

    [event] = _feed_events(Client(), feed).values()

    start = event.decoded("dtstart")
    assert start == datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC)
    assert start.astimezone(zoneinfo.ZoneInfo("Europe/Stockholm")).hour == 10
    assert "DTSTART:20261103T090000Z" in Client().get(feed.get_absolute_url()).content.decode()


def test_new_feed_address_retires_the_old_one(alice_client, alice):
    old = services.enable_calendar_feed(owner=alice).token

    alice_client.post(reverse("tracker:calendar_feed_settings"), {"action": "regenerate"})

    new = CalendarFeed.objects.get(owner=alice).token
    assert new != old
    assert Client().get(reverse("tracker:calendar_feed", args=[old])).status_code == 404
    assert Client().get(reverse("tracker:calendar_feed", args=[new])).status_code == 200


def test_turning_the_feed_off_stops_its_address(alice_client, alice):
    token = services.enable_calendar_feed(owner=alice).token

    alice_client.post(reverse("tracker:calendar_feed_settings"), {"action": "disable"})

    assert Client().get(reverse("tracker:calendar_feed", args=[token])).status_code == 404


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43, "%00", "' OR 1=1 --"])
def test_feed_with_a_bad_token_is_404(alice, token):
    services.enable_calendar_feed(owner=alice)

    response = Client().get(reverse("tracker:calendar_feed", args=[token]))

    assert response.status_code == 404


def test_feed_token_opens_the_feed_and_nothing_else(alice, alice_application):
    token = services.enable_calendar_feed(owner=alice).token
    client = Client()

    feed = client.get(reverse("tracker:calendar_feed", args=[token]))
    page = client.get(alice_application.get_absolute_url(), {"token": token})
    week = client.get(reverse("tracker:this_week"), headers={"Authorization": f"Bearer {token}"})

    assert feed.status_code == 200
    assert "sessionid" not in feed.cookies
    assert "private" in feed["Cache-Control"]
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")
    assert week.status_code == 302


def test_feed_settings_need_a_post(alice_client):
    response = alice_client.get(reverse("tracker:calendar_feed_settings"))

    assert response.status_code == 405


def test_feed_of_a_deactivated_account_is_404(alice):
    token = services.enable_calendar_feed(owner=alice).token
    alice.is_active = False
    alice.save()

    response = Client().get(reverse("tracker:calendar_feed", args=[token]))

    assert response.status_code == 404
