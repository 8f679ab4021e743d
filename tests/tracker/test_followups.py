import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    make_application,
    make_company,
    make_contact,
    make_interview,
    make_referral,
)
from tracker.followups import collect_week, stale_applications
from tracker.models import StageEvent

TODAY = datetime.date(2026, 10, 20)  # a Tuesday
NOW = datetime.datetime(2026, 10, 20, 12, 0, tzinfo=datetime.UTC)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def at(day_offset: int, hour: int) -> datetime.datetime:
    return NOW.replace(hour=hour) + datetime.timedelta(days=day_offset)


def _titles(items) -> list[str]:
    return [item.title for item in items]


def test_week_sorts_next_actions_into_overdue_today_and_later(alice):
    for offset, company in [(-2, "A"), (0, "B"), (3, "C"), (6, "D"), (7, "E")]:
        make_application(
            alice,
            make_company(alice, company),
            stage="applied",
            next_action=f"Step at {company}",
            next_action_on=days(offset),
        )

    week = collect_week(alice, today=TODAY, now=NOW)

    assert _titles(week.overdue) == ["Step at A"]
    assert _titles(week.due_today) == ["Step at B"]
    assert _titles(week.later) == ["Step at C", "Step at D"]


def test_week_leaves_out_closed_applications_and_other_people(alice, bob):
    make_application(
        alice, stage="closed", outcome="rejected", next_action="Old", next_action_on=days(0)
    )
    make_application(bob, stage="applied", next_action="Bob's", next_action_on=days(0))

    assert collect_week(alice, today=TODAY, now=NOW).follow_ups == []


def test_week_lists_referral_nudges_by_stage(alice):
    make_referral(alice, stage="asked", next_follow_up_on=days(1))

    [item] = collect_week(alice, today=TODAY, now=NOW).follow_ups

    assert (item.kind, item.title, item.due_on) == (
        "referral",
        "Nudge Priya Raman about the referral",
        days(1),
    )


def test_week_leaves_out_finished_referrals(alice):
    make_referral(alice, stage="confirmed", next_follow_up_on=days(1))

    assert collect_week(alice, today=TODAY, now=NOW).follow_ups == []


def test_week_asks_for_prep_the_day_before_an_interview(alice):
    interview = make_interview(alice, scheduled_at=at(3, 14), title="Onsite loop")

    week = collect_week(alice, today=TODAY, now=NOW)

    [item] = week.follow_ups
    assert (item.kind, item.due_on, item.title) == ("prep", days(2), "Prepare: Onsite loop")
    assert week.interviews == [interview]


def test_week_asks_for_a_thank_you_the_day_after(alice, alice_application):
    make_interview(alice, alice_application, scheduled_at=at(-1, 9), kind="coding")
    make_interview(alice, alice_application, scheduled_at=at(-1, 10), kind="online_assessment")
    make_interview(alice, alice_application, scheduled_at=at(-20, 10), kind="coding")

    [item] = collect_week(alice, today=TODAY, now=NOW).follow_ups

    assert (item.kind, item.due_on) == ("thank_you", TODAY)


def test_week_forgets_done_prep_and_sent_thank_yous(alice, alice_application):
    make_interview(alice, alice_application, scheduled_at=at(2, 9), prepared_on=TODAY)
    make_interview(alice, alice_application, scheduled_at=at(-2, 9), thank_you_sent_on=days(-1))
    make_interview(alice, alice_application, scheduled_at=at(-2, 9), outcome="cancelled")

    assert collect_week(alice, today=TODAY, now=NOW).follow_ups == []


def test_week_days_follow_the_person_zone(alice):
    # 23:30 UTC on the 21st is already the 22nd in Tokyo: prep is due on the 21st there.
    make_interview(alice, scheduled_at=datetime.datetime(2026, 10, 21, 23, 30, tzinfo=datetime.UTC))

    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        [tokyo] = collect_week(alice, today=TODAY, now=NOW).follow_ups
    with timezone.override(zoneinfo.ZoneInfo("America/Chicago")):
        [chicago] = collect_week(alice, today=TODAY, now=NOW).follow_ups

    assert (tokyo.due_on, chicago.due_on) == (days(1), days(0))


def _applied(owner, company, days_ago: int, **fields):
    return make_application(owner, company, stage="applied", happened_on=days(-days_ago), **fields)


@pytest.mark.parametrize(
    ("tier", "quiet_days", "stale"),
    [
        ("big_tech", 20, False),
        ("big_tech", 21, True),
        ("startup", 9, False),
        ("startup", 10, True),
        ("finance", 14, True),
        ("non_tech", 20, False),
    ],
)
def test_stale_detection_is_tier_aware(alice, tier, quiet_days, stale):
    _applied(alice, make_company(alice, "Acme", tier), quiet_days)

    found = stale_applications(alice, today=TODAY)

    assert bool(found) is stale


def test_stale_detection_uses_the_last_stage_change(alice):
    application = make_application(alice, stage="saved", happened_on=days(-40))
    StageEvent.objects.create(
        application=application, from_stage="saved", to_stage="applied", happened_on=days(-5)
    )
    application.stage = "applied"
    application.save()

    assert stale_applications(alice, today=TODAY) == []


def test_stale_detection_skips_planned_snoozed_and_moving_applications(alice):
    _applied(alice, make_company(alice, "Planned"), 40, next_action_on=days(3))
    _applied(alice, make_company(alice, "Snoozed"), 40).snooze_stale(days(2))
    make_application(alice, make_company(alice, "Moving"), stage="screening", happened_on=days(-40))

    assert stale_applications(alice, today=TODAY) == []


def test_stale_follow_up_restarts_the_clock_then_suggests_ghosted(alice):
    application = _applied(alice, make_company(alice, "Acme", "startup"), 40)
    application.record_follow_up(days(-3))

    quiet_after_nudge = stale_applications(alice, today=TODAY)
    [again] = stale_applications(alice, today=days(8))

    assert quiet_after_nudge == []
    assert again.followed_up_before
    assert "mark it ghosted" in again.suggestion


def test_stale_draft_names_role_company_date_and_referrer(alice):
    application = _applied(alice, make_company(alice, "Orbital Cloud"), 25)
    make_referral(alice, application, make_contact(alice, "Jonas Berg"), stage="submitted")
    alice.first_name, alice.last_name = "Maya", "Lindqvist"
    alice.save()

    [stale] = stale_applications(alice, today=TODAY)

    assert stale.quiet_days == 25
    assert "Jonas Berg, who referred you" in stale.suggestion
    assert stale.draft.text.startswith(
        "Subject: Following up: Machine Learning Engineer\n\nHi Jonas,"
    )
    assert "role at Orbital Cloud on 25 September" in stale.draft.text
    assert stale.draft.text.endswith("Maya Lindqvist")


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_this_week_page_shows_items_and_stale_applications(alice_client, alice):
    make_application(alice, stage="applied", next_action="Email Raj", next_action_on=TODAY)
    _applied(alice, make_company(alice, "Quiet Co", "startup"), 12)

    response = alice_client.get(reverse("tracker:this_week"))

    body = response.content.decode()
    assert "Email Raj" in body
    assert "Gone quiet" in body
    assert "12 days quiet" in body


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_this_week_page_shows_nothing_of_other_people(alice_client, bob):
    make_application(bob, stage="applied", next_action="Bob's secret", next_action_on=TODAY)

    response = alice_client.get(reverse("tracker:this_week"))

    assert "Bob&#x27;s secret" not in response.content.decode()
    assert "Nothing due this week" in response.content.decode()


# --- One-click actions ------------------------------------------------------------------


def _act(client, url_name, pk, htmx=False, **data):
    headers = {"HX-Request": "true", "HX-Target": "this-week"} if htmx else {}
    return client.post(reverse(url_name, args=[pk]), data, headers=headers)


def _act_on(client, application, **data):
    return _act(client, "tracker:application_follow_up", application.pk, **data)


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_done_clears_the_next_action(alice_client, alice):
    application = make_application(alice, stage="applied", next_action="Call", next_action_on=TODAY)

    response = _act_on(alice_client, application, what="next_action", action="done")

    application.refresh_from_db()
    assert response["Location"] == reverse("tracker:this_week")
    assert (application.next_action, application.next_action_on) == ("", None)


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_snooze_moves_the_next_action_a_week(alice_client, alice):
    application = make_application(alice, stage="applied", next_action="Call", next_action_on=TODAY)

    _act_on(alice_client, application, what="next_action", action="snooze")

    application.refresh_from_db()
    assert application.next_action_on == days(7)


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_mark_ghosted_closes_and_logs_it(alice_client, alice):
    application = _applied(alice, make_company(alice, "Quiet"), 30)

    _act_on(alice_client, application, what="stale", action="ghosted")

    application.refresh_from_db()
    last = application.stage_events.last()
    assert (application.stage, application.outcome) == ("closed", "ghosted")
    assert (last.from_stage, last.to_stage, last.outcome, last.happened_on) == (
        "applied",
        "closed",
        "ghosted",
        TODAY,
    )


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_stale_done_records_the_follow_up(alice_client, alice):
    application = _applied(alice, make_company(alice, "Quiet"), 30)

    _act_on(alice_client, application, what="stale", action="done")

    application.refresh_from_db()
    assert application.followed_up_on == TODAY
    assert stale_applications(alice, today=TODAY) == []


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_stale_snooze_hides_it_until_then(alice_client, alice):
    application = _applied(alice, make_company(alice, "Quiet"), 30)

    _act_on(alice_client, application, what="stale", action="snooze", days=3)

    assert stale_applications(alice, today=days(2)) == []
    assert len(stale_applications(alice, today=days(3))) == 1


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_referral_done_on_to_ask_means_asked(alice_client, alice):
    referral = make_referral(alice, stage="to_ask", next_follow_up_on=TODAY)

    _act(alice_client, "tracker:referral_follow_up", referral.pk, what="referral", action="done")

    referral.refresh_from_db()
    referral.contact.refresh_from_db()
    assert (referral.stage, referral.asked_on, referral.next_follow_up_on) == (
        "asked",
        TODAY,
        days(5),
    )
    assert referral.contact.last_contacted_on == TODAY


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_referral_done_on_submitted_schedules_the_next_nudge(alice_client, alice):
    referral = make_referral(alice, stage="submitted", next_follow_up_on=days(-1))

    _act(alice_client, "tracker:referral_follow_up", referral.pk, what="referral", action="done")

    referral.refresh_from_db()
    assert (referral.stage, referral.next_follow_up_on) == ("submitted", days(7))


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_interview_prep_and_thank_you_done(alice_client, alice):
    interview = make_interview(alice)

    _act(alice_client, "tracker:interview_follow_up", interview.pk, what="prep", action="done")
    _act(alice_client, "tracker:interview_follow_up", interview.pk, what="thank_you", action="done")

    interview.refresh_from_db()
    assert (interview.prepared_on, interview.thank_you_sent_on) == (TODAY, TODAY)


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_action_that_does_not_fit_the_item_changes_nothing(alice_client, alice):
    interview = make_interview(alice)

    _act(alice_client, "tracker:interview_follow_up", interview.pk, what="prep", action="ghosted")

    interview.refresh_from_db()
    interview.application.refresh_from_db()
    assert interview.prepared_on is None
    assert interview.application.stage == "interviewing"


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_htmx_action_returns_the_refreshed_list(alice_client, alice):
    application = make_application(alice, stage="applied", next_action="Call", next_action_on=TODAY)

    response = _act_on(alice_client, application, htmx=True, what="next_action", action="done")

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="this-week"')
    assert "<html" not in body
    assert "Done: Machine Learning Engineer at Orbital Cloud." in body
    assert f'id="follow-up-next_action-{application.pk}"' not in body
