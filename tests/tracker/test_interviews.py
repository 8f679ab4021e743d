import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from tests.factories import make_application, make_company, make_interview
from tracker import services
from tracker.models import Interview, Preferences

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


@pytest.fixture
def in_stockholm(alice):
    return Preferences.objects.create(user=alice, time_zone="Europe/Stockholm")


def _post_interview(client, application, **data):
    fields = {"kind": "coding", "duration_minutes": 60, "outcome": "pending", **data}
    return client.post(reverse("tracker:interview_create", args=[application.pk]), fields)


def test_interview_create_reads_time_in_the_zone_given(alice_client, alice, in_stockholm):
    application = make_application(alice, stage="interviewing")

    _post_interview(
        alice_client, application, scheduled_at="2026-02-10T09:00", time_zone="America/New_York"
    )

    interview = Interview.objects.get()
    assert interview.scheduled_at == datetime.datetime(2026, 2, 10, 14, 0, tzinfo=datetime.UTC)


def test_interview_create_without_zone_reads_person_zone(alice_client, alice, in_stockholm):
    application = make_application(alice, stage="interviewing")

    _post_interview(alice_client, application, scheduled_at="2026-02-10T09:00", time_zone="")

    assert Interview.objects.get().scheduled_at == datetime.datetime(
        2026, 2, 10, 8, 0, tzinfo=datetime.UTC
    )


def test_interview_form_refuses_a_time_the_clocks_skip(alice_client, alice, in_stockholm):
    application = make_application(alice, stage="interviewing")

    response = _post_interview(
        alice_client, application, scheduled_at="2026-03-29T02:30", time_zone="Europe/Stockholm"
    )

    assert response.status_code == 200
    assert "does not exist in Europe/Stockholm" in response.content.decode()
    assert not Interview.objects.exists()


def test_interview_form_refuses_a_time_the_clocks_show_twice(alice_client, alice, in_stockholm):
    application = make_application(alice, stage="interviewing")

    response = _post_interview(
        alice_client, application, scheduled_at="2026-10-25T02:30", time_zone="Europe/Stockholm"
    )

    assert "is ambiguous in Europe/Stockholm" in response.content.decode()
    assert not Interview.objects.exists()


def test_application_detail_shows_interview_in_person_zone(alice_client, alice, in_stockholm):
    interview = make_interview(
        alice, scheduled_at=datetime.datetime(2026, 2, 10, 14, 0, tzinfo=datetime.UTC)
    )

    response = alice_client.get(interview.application.get_absolute_url())

    assert "Tue 10 Feb 2026, 15:00 CET" in response.content.decode()


def test_interview_edit_form_shows_time_in_person_zone(alice_client, alice, in_stockholm):
    interview = make_interview(
        alice, scheduled_at=datetime.datetime(2026, 7, 1, 7, 30, tzinfo=datetime.UTC)
    )

    response = alice_client.get(reverse("tracker:interview_edit", args=[interview.pk]))

    assert 'value="2026-07-01T09:30"' in response.content.decode()


def test_interview_edit_records_outcome_and_feedback(alice_client, alice):
    interview = make_interview(alice)
    local = interview.scheduled_at.astimezone(datetime.UTC)

    response = alice_client.post(
        reverse("tracker:interview_edit", args=[interview.pk]),
        {
            "kind": "coding",
            "scheduled_at": local.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 45,
            "outcome": "passed",
            "feedback": "Clear on complexity; practise talking while typing.",
        },
    )

    interview.refresh_from_db()
    assert response.status_code == 302
    assert (interview.outcome, interview.duration_minutes) == ("passed", 45)
    assert interview.feedback == "Clear on complexity; practise talking while typing."


def test_interview_delete_removes_it_after_confirmation(alice_client, alice):
    interview = make_interview(alice)
    url = reverse("tracker:interview_delete", args=[interview.pk])

    confirmation = alice_client.get(url)
    alice_client.post(url)

    assert "cannot be undone" in confirmation.content.decode()
    assert not Interview.objects.filter(pk=interview.pk).exists()


def test_interview_create_invalid_htmx_rerenders_form_fragment(alice_client, alice):
    application = make_application(alice, stage="interviewing")

    response = alice_client.post(
        reverse("tracker:interview_create", args=[application.pk]),
        {"kind": "", "duration_minutes": 60, "outcome": "pending", "prep_notes": "Heaps, tries"},
        headers={"HX-Request": "true", "HX-Target": "interview-form"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<form id="interview-form"')
    assert "site-header" not in body
    assert list(response.context["form"].errors) == ["kind"]
    assert "Heaps, tries" in body
    assert Interview.objects.count() == 0


def test_interview_edit_htmx_get_returns_form_fragment(alice_client, alice):
    interview = make_interview(alice, title="Coding round with the team")

    response = alice_client.get(
        reverse("tracker:interview_edit", args=[interview.pk]),
        headers={"HX-Request": "true", "HX-Target": "interview-form"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<form id="interview-form"')
    assert "<html" not in body
    assert 'value="Coding round with the team"' in body


def test_interview_ics_download_holds_the_exact_time(alice_client, alice):
    when = datetime.datetime(2026, 2, 10, 14, 0, tzinfo=datetime.UTC)
    interview = make_interview(alice, scheduled_at=when, duration_minutes=45, title="Coding")

    response = alice_client.get(reverse("tracker:interview_ics", args=[interview.pk]))

    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert event.decoded("dtstart") == when
    assert event.decoded("dtend") == when + datetime.timedelta(minutes=45)
    assert str(event["summary"]) == "Coding — Orbital Cloud"


def test_interview_ics_of_unscheduled_round_is_404(alice_client, alice):
    interview = make_interview(alice, scheduled_at=None)

    response = alice_client.get(reverse("tracker:interview_ics", args=[interview.pk]))

    assert response.status_code == 404


def test_interview_location_links_only_to_web_addresses(alice_client, alice, alice_application):
    make_interview(alice, alice_application, location="javascript:alert(1)")
    make_interview(alice, alice_application, location="https://meet.example.com/abc")

    body = alice_client.get(alice_application.get_absolute_url()).content.decode()

    assert 'href="https://meet.example.com/abc"' in body
    assert 'href="javascript:' not in body
    assert "javascript:alert(1)" in body


@pytest.mark.parametrize(
    ("tier", "summary"),
    [
        (
            "big_tech",
            "Recruiter screen → Online assessment → Technical phone screen → Onsite loop → "
            "Team match",
        ),
        ("finance", "Assessment → Superday"),
        ("startup", "Founder chat → Take-home → Onsite"),
    ],
)
def test_rounds_offered_when_application_reaches_interviewing(alice_client, alice, tier, summary):
    application = make_application(alice, make_company(alice, "Acme", tier), stage="applied")
    services.change_stage(application=application, to_stage="interviewing")

    response = alice_client.get(application.get_absolute_url())

    assert summary in response.content.decode()
    assert "Use these rounds" in response.content.decode()


def test_rounds_not_offered_before_interviewing_or_once_planned(alice_client, alice):
    applied = make_application(alice, stage="applied")
    planned = make_application(alice, make_company(alice, "Lumen"), stage="interviewing")
    make_interview(alice, planned)

    before = alice_client.get(applied.get_absolute_url()).content.decode()
    after = alice_client.get(planned.get_absolute_url()).content.decode()

    assert "Use these rounds" not in before
    assert "Use these rounds" not in after


def test_stage_change_to_interviewing_sends_round_offer_out_of_band(
    alice_client, alice_application
):
    response = alice_client.post(
        reverse("tracker:application_stage", args=[alice_application.pk]),
        {"stage": "interviewing"},
        headers={"HX-Request": "true", "HX-Target": "stage-panel"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="stage-panel"')
    assert 'id="interviews" aria-labelledby="interviews-title" hx-swap-oob="true"' in body
    assert "Use these rounds" in body


def test_rounds_template_accepted_in_one_click(alice_client, alice):
    application = make_application(alice, make_company(alice, "Kestrel", "finance"))

    alice_client.post(
        reverse("tracker:interview_rounds", args=[application.pk]), {"use_template": "1"}
    )

    rounds = list(application.interviews.values_list("kind", "title", "scheduled_at"))
    assert rounds == [("online_assessment", "Assessment", None), ("superday", "", None)]


def test_rounds_edited_before_adding(alice_client, alice):
    application = make_application(alice, make_company(alice, "Tensorloom", "startup"))
    data = {
        "rounds-TOTAL_FORMS": "4",
        "rounds-INITIAL_FORMS": "3",
        "rounds-0-include": "on",
        "rounds-0-kind": "founder_chat",
        "rounds-0-title": "Coffee with the CTO",
        "rounds-1-kind": "take_home",  # not kept
        "rounds-2-include": "on",
        "rounds-2-kind": "onsite_loop",
        "rounds-3-include": "on",
        "rounds-3-kind": "research_talk",
        "rounds-3-title": "Paper deep-dive",
    }

    alice_client.post(reverse("tracker:interview_rounds", args=[application.pk]), data)

    assert list(application.interviews.values_list("kind", "title")) == [
        ("founder_chat", "Coffee with the CTO"),
        ("onsite_loop", ""),
        ("research_talk", "Paper deep-dive"),
    ]


def test_rounds_form_shows_tier_template(alice_client, alice):
    application = make_application(alice, make_company(alice, "Tensorloom", "startup"))

    response = alice_client.get(reverse("tracker:interview_rounds", args=[application.pk]))

    initial = [form.initial.get("kind") for form in response.context["formset"]]
    assert initial == ["founder_chat", "take_home", "onsite_loop", None, None]


def test_rounds_added_after_existing_rounds_keep_order(alice, alice_application):
    make_interview(alice, alice_application, position=3, scheduled_at=None)

    planned = services.plan_rounds(
        application=alice_application, rounds=[{"kind": "team_match", "title": ""}]
    )

    assert planned[0].position == 4
