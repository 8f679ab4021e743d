"""The calendar feed under polling: a window of days, conditional requests answered with
304, and a body built once per version of the data, kept in Redis."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import make_application, make_company, make_interview, make_referral
from tracker import ical, services
from tracker.models import Application, Company, Contact, Interview, Referral

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def search(alice) -> dict:
    application = make_application(
        alice, make_company(alice, "Orbital Cloud"), stage="interviewing",
        next_action="Send the take-home", next_action_on=TODAY + days(2),
    )  # fmt: skip
    return {
        "application": application,
        "interview": make_interview(alice, application, scheduled_at=NOW + days(1)),
        "referral": make_referral(
            alice,
            make_application(alice, make_company(alice, "Quiver")),
            stage="asked",
            next_follow_up_on=TODAY + days(3),
        ),
        "feed": services.enable_calendar_feed(owner=alice).get_absolute_url(),
    }


def _uids(response) -> set[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]).split("@")[0] for event in calendar.walk("VEVENT")}


def test_feed_shows_the_past_30_days_to_a_year_ahead(alice):
    company = make_company(alice)
    application = make_application(alice, company, stage="interviewing")
    inside = [
        make_interview(alice, application, scheduled_at=NOW - days(29)),
        make_interview(alice, application, scheduled_at=NOW + days(364)),
    ]
    outside = [
        make_interview(alice, application, scheduled_at=NOW - days(31)),
        make_interview(alice, application, scheduled_at=NOW + days(367)),
    ]
    soon = make_application(alice, company, next_action="Soon", next_action_on=TODAY + days(365))
    late = make_application(alice, company, next_action="Late", next_action_on=TODAY + days(367))
    old = make_application(alice, company, next_action="Old", next_action_on=TODAY - days(31))
    feed = services.enable_calendar_feed(owner=alice)

    uids = _uids(Client().get(feed.get_absolute_url()))

    assert uids == {f"interview-{i.pk}" for i in inside} | {f"next-action-{soon.pk}"}
    assert not {f"interview-{i.pk}" for i in outside} & uids
    assert not {f"next-action-{late.pk}", f"next-action-{old.pk}"} & uids


def test_feed_answers_a_calendar_that_holds_this_version_with_304(search):
    first = Client().get(search["feed"])

    by_etag = Client().get(search["feed"], headers={"If-None-Match": first["ETag"]})
    by_date = Client().get(search["feed"], headers={"If-Modified-Since": first["Last-Modified"]})

    assert first.status_code == 200
    assert first["Last-Modified"] == http_date(NOW.timestamp())
    assert [by_etag.status_code, by_date.status_code] == [304, 304]
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert "private" in by_etag["Cache-Control"]


def test_feed_body_is_built_once_per_version_and_kept_in_redis(alice, search):
    feed = alice.calendar_feed
    with CaptureQueriesContext(connection) as building:
        first = Client().get(search["feed"])
    later = time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False)
    with later, CaptureQueriesContext(connection) as reading:
        again = Client().get(search["feed"])

    # The feed, three version hashes, and (only when building) three sources.
    assert [len(building), len(reading)] == [7, 4]
    assert again.content == first.content  # stamped when built, five minutes earlier
    assert again["Last-Modified"] == first["Last-Modified"]
    kept = ical.cached_feed(feed, first["ETag"])
    assert kept == ical.BuiltFeed(body=first.content, built_at=NOW)


def _move_interview(s: dict) -> None:
    s["interview"].scheduled_at += datetime.timedelta(hours=2)
    s["interview"].save()


def _edit_prep_notes(s: dict) -> None:
    s["interview"].prep_notes = "Two-tower retrieval"
    s["interview"].save()


def _finish_next_action(s: dict) -> None:
    s["application"].finish_next_action()


def _snooze_referral(s: dict) -> None:
    s["referral"].snooze(TODAY + days(6))


def _rename_company(s: dict) -> None:
    Company.objects.filter(pk=s["application"].company_id).update(name="Orbital")


def _rename_contact(s: dict) -> None:
    Contact.objects.filter(pk=s["referral"].contact_id).update(name="Jonas")


def _close_application(s: dict) -> None:
    services.change_stage(application=s["referral"].application, to_stage="closed",
                          outcome="rejected")  # fmt: skip


def _delete_interview(s: dict) -> None:
    s["interview"].delete()


def _bulk_cancel_interviews(s: dict) -> None:
    Interview.objects.filter(application=s["application"]).update(outcome="cancelled")


def _add_referral(s: dict) -> None:
    Referral.objects.create(
        application=s["application"], contact=s["referral"].contact, stage="to_ask",
        next_follow_up_on=TODAY,
    )  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        _move_interview,
        _edit_prep_notes,
        _finish_next_action,
        _snooze_referral,
        _rename_company,
        _rename_contact,
        _close_application,
        _delete_interview,
        _bulk_cancel_interviews,
        _add_referral,
    ],
)
def test_feed_is_rebuilt_when_what_it_shows_changes(search, change: Callable[[dict], None]):
    before = Client().get(search["feed"])

    change(search)
    after = Client().get(search["feed"], headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.content != before.content


def test_feed_version_is_untouched_by_changes_it_does_not_show(search, alice, bob):
    bob_feed = services.enable_calendar_feed(owner=bob).get_absolute_url()
    before = [Client().get(search["feed"]), Client().get(bob_feed)]

    Application.objects.filter(pk=search["application"].pk).update(notes="Ask about on-call")
    make_interview(bob, scheduled_at=NOW + days(2))
    after = [
        Client().get(search["feed"], headers={"If-None-Match": before[0]["ETag"]}),
        Client().get(bob_feed, headers={"If-None-Match": before[1]["ETag"]}),
    ]

    assert [response.status_code for response in after] == [304, 200]


def test_feed_works_while_the_cache_is_down(search, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }

    first = Client().get(search["feed"])
    again = Client().get(search["feed"], headers={"If-None-Match": first["ETag"]})

    assert first.status_code == 200
    assert _uids(first) == {
        f"interview-{search['interview'].pk}",
        f"next-action-{search['application'].pk}",
        f"referral-{search['referral'].pk}",
    }
    assert again.status_code == 304
    assert timezone.now() == NOW
