"""When each person's digest is due: their weekday and local hour, in their own zone,
across daylight-saving changes; a new account is scheduled, never mailed at once."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from tests.tracker.digest_factories import give_something_to_do, make_person
from tracker.accounts import signup
from tracker.digest import sending
from tracker.forms import SignupForm
from tracker.models import DigestLog, Preferences
from tracker.time_zones import next_weekly_time, week_start_in_zone

UTC = datetime.UTC
MONDAY, SUNDAY = 0, 6


def utc(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def local(moment: datetime.datetime, zone: str) -> datetime.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def test_next_weekly_time_is_the_local_weekday_and_hour_in_utc():
    slot = next_weekly_time(
        after=utc(2026, 1, 7, 12), weekday=MONDAY, hour=8, zone="Europe/Stockholm"
    )

    assert slot == utc(2026, 1, 12, 7)  # 08:00 CET


def test_next_weekly_time_is_strictly_after_the_moment_given():
    slot = utc(2026, 1, 12, 7)

    following = next_weekly_time(after=slot, weekday=MONDAY, hour=8, zone="Europe/Stockholm")

    assert following == utc(2026, 1, 19, 7)


def test_next_weekly_time_later_the_same_day():
    slot = next_weekly_time(after=utc(2026, 1, 12, 6), weekday=MONDAY, hour=8, zone="UTC")

    assert slot == utc(2026, 1, 12, 8)


def test_tokyo_is_due_before_chicago_for_the_same_local_hour():
    now = utc(2026, 1, 7, 12)  # a Wednesday

    tokyo = next_weekly_time(after=now, weekday=MONDAY, hour=8, zone="Asia/Tokyo")
    chicago = next_weekly_time(after=now, weekday=MONDAY, hour=8, zone="America/Chicago")

    assert tokyo == utc(2026, 1, 11, 23)  # Monday 08:00 JST is Sunday 23:00 UTC
    assert chicago == utc(2026, 1, 12, 14)  # Monday 08:00 CST
    assert tokyo < chicago


@pytest.mark.parametrize(
    ("zone", "start", "before", "after"),
    [
        # America/Chicago moves to CDT on Sunday 8 March 2026.
        ("America/Chicago", utc(2026, 3, 1), utc(2026, 3, 2, 14), utc(2026, 3, 9, 13)),
        # Europe/London returns to GMT on Sunday 25 October 2026.
        ("Europe/London", utc(2026, 10, 14), utc(2026, 10, 19, 7), utc(2026, 10, 26, 8)),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_daylight_saving_changes_keep_the_local_hour(zone, start, before, after):
    first = next_weekly_time(after=start, weekday=MONDAY, hour=8, zone=zone)
    second = next_weekly_time(after=first, weekday=MONDAY, hour=8, zone=zone)

    assert (first, second) == (before, after)
    assert local(first, zone).hour == local(second, zone).hour == 8


def test_an_hour_the_clocks_skip_is_sent_an_hour_later_on_the_new_clock():
    # 02:00 does not exist in Chicago on 8 March 2026: the clocks go 01:59 → 03:00.
    slot = next_weekly_time(after=utc(2026, 3, 2), weekday=SUNDAY, hour=2, zone="America/Chicago")
    following = next_weekly_time(after=slot, weekday=SUNDAY, hour=2, zone="America/Chicago")

    assert slot == utc(2026, 3, 8, 8)
    assert local(slot, "America/Chicago").hour == 3
    assert following == utc(2026, 3, 15, 7)  # 02:00 CDT, the hour exists again


def test_an_hour_shown_twice_gets_one_slot_not_two():
    # 01:00 happens twice in Chicago on 1 November 2026.
    first = next_weekly_time(
        after=utc(2026, 10, 27), weekday=SUNDAY, hour=1, zone="America/Chicago"
    )
    following = next_weekly_time(after=first, weekday=SUNDAY, hour=1, zone="America/Chicago")

    assert first == utc(2026, 11, 1, 6)  # 01:00 CDT, the first of the two
    assert following == utc(2026, 11, 8, 7)  # a week later, not an hour later


def test_an_unknown_zone_is_read_as_utc():
    slot = next_weekly_time(after=utc(2026, 1, 7), weekday=MONDAY, hour=8, zone="Mars/Olympus")

    assert slot == utc(2026, 1, 12, 8)


def test_week_start_is_the_monday_on_the_persons_calendar():
    sunday_night_in_utc = utc(2026, 1, 11, 23, 30)

    assert week_start_in_zone(sunday_night_in_utc, "UTC") == datetime.date(2026, 1, 5)
    assert week_start_in_zone(sunday_night_in_utc, "Asia/Tokyo") == datetime.date(2026, 1, 12)


def _sign_up(username: str, zone: str):
    form = SignupForm(
        {
            "username": username,
            "email": f"{username}@example.com",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
            "time_zone": zone,
        }
    )
    assert form.is_valid(), form.errors
    return signup.create_account(form)


@pytest.mark.django_db
def test_a_new_account_is_scheduled_not_mailed_at_once():
    with time_machine.travel(utc(2026, 1, 12, 9), tick=False):  # Monday, after 08:00 UTC
        user = _sign_up("newcomer", "UTC")
        give_something_to_do(user)

        run = sending.send_due_digests()

    assert Preferences.objects.get(user=user).next_digest_at == utc(2026, 1, 19, 8)
    assert run == {}
    assert mail.outbox == []


@pytest.mark.django_db
def test_tokyo_gets_its_digest_first_when_both_pick_monday_0800():
    with time_machine.travel(utc(2026, 1, 7, 12), tick=False):
        tokyo = _sign_up("kenji", "Asia/Tokyo")
        chicago = _sign_up("dana", "America/Chicago")
    give_something_to_do(tokyo, due_on=datetime.date(2026, 1, 12))
    give_something_to_do(chicago, due_on=datetime.date(2026, 1, 12))

    with time_machine.travel(utc(2026, 1, 12, 0), tick=False):  # Tokyo's 09:00, Chicago's Sunday
        first = sending.send_due_digests()
    with time_machine.travel(utc(2026, 1, 12, 14), tick=False):  # Chicago's 08:00
        second = sending.send_due_digests()

    assert first == {sending.DigestOutcome.SENT: 1}
    assert second == {sending.DigestOutcome.SENT: 1}
    assert [message.to for message in mail.outbox] == [["kenji@example.com"], ["dana@example.com"]]


@pytest.mark.django_db
def test_weekly_runs_across_spring_forward_send_at_0800_local_each_week():
    zone = "America/Chicago"
    person = make_person("dana", zone=zone, now=utc(2026, 2, 25))
    sent_at = []
    for slot in (utc(2026, 3, 2, 14), utc(2026, 3, 9, 13), utc(2026, 3, 16, 13)):
        give_something_to_do(person, due_on=local(slot, zone).date())
        with time_machine.travel(slot - datetime.timedelta(minutes=1), tick=False):
            early = sending.send_due_digests()
        with time_machine.travel(slot + datetime.timedelta(seconds=30), tick=False):
            sending.send_due_digests()
        assert early == {}
        sent_at.append(DigestLog.objects.filter(user=person, status="sent").latest("pk").sent_at)

    assert [local(moment, zone).hour for moment in sent_at] == [8, 8, 8]
    assert [moment.hour for moment in sent_at] == [14, 13, 13]
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_weekly_runs_across_fall_back_send_at_0800_local_each_week():
    zone = "Europe/London"
    person = make_person("hannah", zone=zone, now=utc(2026, 10, 14))
    sent_at = []
    for slot in (utc(2026, 10, 19, 7), utc(2026, 10, 26, 8)):
        give_something_to_do(person, due_on=local(slot, zone).date())
        with time_machine.travel(slot + datetime.timedelta(seconds=30), tick=False):
            sending.send_due_digests()
        sent_at.append(DigestLog.objects.filter(user=person, status="sent").latest("pk").sent_at)

    assert [local(moment, zone).hour for moment in sent_at] == [8, 8]
    assert Preferences.objects.get(user=person).next_digest_at == utc(2026, 11, 2, 8)
    assert len(mail.outbox) == 2
