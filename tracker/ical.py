"""iCalendar for the person's search: interviews at their exact time, next actions,
referral follow-ups and take-home deadlines as all-day events.

Times are written in UTC (`...Z`), which every calendar program reads and shows in its
own zone; days are written as dates, which mean the same day everywhere.
"""

from __future__ import annotations

import datetime
import re

import icalendar
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tracker.models import Application, Interview, Referral, Stage

PRODID = "-//Reframe//Job search calendar//EN"
# A feed shows a season around today: enough history to look back, all of the future.
FEED_PAST_DAYS = 90


# Control characters: CR and LF would end a property line early and start another.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(text: str) -> str:
    """`text` fit for a one-line property (a name, a summary, a place): every control
    character, CR and LF among them, becomes a space."""
    return " ".join(_CONTROL_RE.sub(" ", text).split())


def _multi_line(text: str) -> str:
    """`text` for a description: line breaks kept (icalendar escapes them), any other
    control character dropped."""
    return re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", "", text.replace("\r\n", "\n"))


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(name))
    return calendar


def _uid(kind: str, pk: int) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "reframe"
    return f"{kind}-{pk}@{host}"


def interview_event(interview: Interview, *, stamp: datetime.datetime) -> icalendar.Event:
    application = interview.application
    event = icalendar.Event()
    event.add("uid", _uid("interview", interview.pk))
    event.add("dtstamp", stamp)
    event.add("dtstart", interview.scheduled_at.astimezone(datetime.UTC))
    event.add("dtend", interview.ends_at.astimezone(datetime.UTC))
    event.add("summary", one_line(f"{interview.label} — {application.company.name}"))
    description = [f"{application.role_title} at {application.company.name}"]
    if interview.interviewers:
        description.append(f"With: {interview.interviewers}")
    if interview.prep_notes:
        description += ["", "Prep notes:", interview.prep_notes]
    description += ["", settings.SITE_URL + application.get_absolute_url()]
    event.add("description", _multi_line("\n".join(description)))
    if interview.location:
        event.add("location", one_line(interview.location))
    if interview.location_url:
        event.add("url", one_line(interview.location_url))
    event.add("status", "CANCELLED" if interview.outcome == "cancelled" else "CONFIRMED")
    return event


def _day_event(
    uid: str, day: datetime.date, summary: str, link: str, stamp: datetime.datetime
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", one_line(summary))
    event.add("description", settings.SITE_URL + link)
    event.add("transp", "TRANSPARENT")
    return event


def interview_calendar(interview: Interview) -> bytes:
    """One interview as a file to open in a calendar program."""
    calendar = _calendar(interview.label)
    calendar.add("method", "PUBLISH")
    calendar.add_component(interview_event(interview, stamp=timezone.now()))
    return calendar.to_ical()


def feed_calendar(user: User) -> bytes:
    """The person's whole feed; three queries whatever its size."""
    stamp = timezone.now()
    since = stamp - datetime.timedelta(days=FEED_PAST_DAYS)
    calendar = _calendar("Reframe — job search")
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    interviews = (
        Interview.objects.for_user(user)
        .filter(scheduled_at__gte=since)
        .select_related("application__company")
        .order_by("scheduled_at", "pk")
    )
    for interview in interviews:
        calendar.add_component(interview_event(interview, stamp=stamp))
    for application in _next_actions(user, since.date()):
        calendar.add_component(
            _day_event(
                _uid("next-action", application.pk),
                application.next_action_on,
                f"{application.next_action or 'Next step'} — {application.company.name}",
                application.get_absolute_url(),
                stamp,
            )
        )
    for referral in _referral_follow_ups(user, since.date()):
        calendar.add_component(
            _day_event(
                _uid("referral", referral.pk),
                referral.next_follow_up_on,
                f"Referral follow-up: {referral.contact.name} — "
                f"{referral.application.company.name}",
                reverse("tracker:application_detail", args=[referral.application_id]),
                stamp,
            )
        )
    return calendar.to_ical()


def _next_actions(user: User, since: datetime.date):
    return (
        Application.objects.for_user(user)
        .active()
        .filter(next_action_on__gte=since)
        .select_related("company")
        .order_by("next_action_on", "pk")
    )


def _referral_follow_ups(user: User, since: datetime.date):
    return (
        Referral.objects.for_user(user)
        .open()
        .exclude(application__stage=Stage.CLOSED)
        .filter(next_follow_up_on__gte=since)
        .select_related("application__company", "contact")
        .order_by("next_follow_up_on", "pk")
    )
