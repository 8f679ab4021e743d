"""Odd but valid input never breaks a page: line breaks in calendar text, the last minute
of the year 9999, digits that are not ASCII."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import make_application, make_interview
from tracker import services

pytestmark = pytest.mark.django_db

INJECTED = "Coding\r\nX-INJECTED:1\r\nBEGIN:VEVENT"


def _lines(ics: bytes) -> list[str]:
    return ics.decode().replace("\r\n ", "").split("\r\n")  # unfolded


def test_odd_line_breaks_stay_inside_their_calendar_property(alice_client, alice) -> None:
    interview = make_interview(alice, title=INJECTED, location="Room 1\r\nATTENDEE:x")
    feed = services.enable_calendar_feed(owner=alice)

    single = alice_client.get(reverse("tracker:interview_ics", args=[interview.pk]))
    whole = alice_client.get(reverse("tracker:calendar_feed", args=[feed.token]))

    for response in (single, whole):
        lines = _lines(response.content)
        assert not [line for line in lines if line.startswith(("X-INJECTED", "ATTENDEE"))]
        assert lines.count("BEGIN:VEVENT") == 1
    calname = next(line for line in _lines(single.content) if line.startswith("X-WR-CALNAME"))
    assert "X-INJECTED:1" in calname  # kept as text, on its own line


def test_odd_the_last_minute_of_9999_is_shown_not_a_500(alice_client, alice) -> None:
    moment = datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC)
    interview = make_interview(alice, scheduled_at=moment, duration_minutes=90)
    feed = services.enable_calendar_feed(owner=alice)

    pages = [
        alice_client.get(interview.application.get_absolute_url()),
        alice_client.get(reverse("tracker:interview_ics", args=[interview.pk])),
        alice_client.get(reverse("tracker:calendar_feed", args=[feed.token])),
    ]

    assert [p.status_code for p in pages] == [200, 200, 200]


def test_odd_a_date_past_the_horizon_is_refused_by_the_form(alice_client, alice) -> None:
    application = make_application(alice, stage="interviewing")

    response = alice_client.post(
        reverse("tracker:interview_create", args=[application.pk]),
        {"kind": "coding", "scheduled_at": "9999-12-31T23:00", "duration_minutes": "60"},
    )

    assert response.status_code == 200
    assert "Pick a date between 1900 and" in response.content.decode()
    assert not application.interviews.exists()


@pytest.mark.parametrize("value", ["²", "٣", "1²", "99999999999999999999999"])
def test_odd_digits_that_are_not_ascii_are_no_id(alice_client, alice, value: str) -> None:
    application = make_application(alice)

    create = alice_client.get(reverse("resumes:posting_create"), {"application": value})

    assert create.status_code == 200
    assert "company" not in create.context["form"].initial
    assert application.pk  # the person's application is there, and was not picked


def test_odd_compare_with_a_version_written_in_other_digits_is_a_404(alice_client, alice):
    from resumes import services as resume_services
    from tests.resumes.factories import make_inventory, make_posting

    make_inventory(alice)
    build = resume_services.request_resume_build(user=alice, posting=make_posting(alice))
    resume_services.run_resume_build(build_id=build.pk)

    response = alice_client.get(reverse("resumes:build_diff", args=[build.pk]), {"from": "²"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("declared", "read_as"),
    [("utf-8", "utf-8"), ("ISO-8859-1", "iso8859-1"), ("bogus-xyz", "utf-8"), ("", "utf-8")],
)
def test_odd_a_page_in_an_unknown_charset_is_read_as_utf8(declared: str, read_as: str) -> None:
    from resumes.posting_fetch import known_charset

    assert known_charset(declared) == read_as
