"""iCalendar for the person's search: interviews at their exact time, next actions,
referral follow-ups and take-home deadlines as all-day events.

Times are written in UTC (`...Z`), which every calendar program reads and shows in its
own zone; days are written as dates, which mean the same day everywhere.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import QuerySet, StringAgg, TextField, Value
from django.db.models.functions import MD5, Cast, Concat
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import RedisError

from tracker.models import Application, CalendarFeed, Interview, Referral, Stage

PRODID = "-//Reframe//Job search calendar//EN"
# What a cache that cannot be reached raises (Redis down): a miss, not an error.
CACHE_ERRORS = (RedisError, OSError)

logger = logging.getLogger(__name__)


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


# --- The feed -------------------------------------------------------------------------
#
# A feed shows from FEED_PAST_DAYS ago to FEED_FUTURE_DAYS ahead (whole UTC days). Calendar
# programs poll it every few minutes, so its body is built once per version of the data
# and kept in the cache: the version is a hash, computed in PostgreSQL, of every field the
# events are made of, so any change to them (through any code path, bulk updates and
# cascades included) is a new version, a new ETag and a new body, while a poll of an
# unchanged feed costs four small queries and one cache read, or a 304.

FEED_PAST_DAYS = 30
FEED_FUTURE_DAYS = 365
# Change it when the events are written differently, so no cached body outlives its code.
FEED_FORMAT = "2"
FEED_CACHE_SECONDS = 24 * 60 * 60
FEED_CACHE_PREFIX = "tracker:calendar-feed"

# Every field an event is made of, per source: the version hashes them.
INTERVIEW_FIELDS = (
    "pk",
    "scheduled_at",
    "duration_minutes",
    "kind",
    "title",
    "interviewers",
    "location",
    "prep_notes",
    "outcome",
    "application_id",
    "application__role_title",
    "application__company__name",
)
NEXT_ACTION_FIELDS = ("pk", "next_action_on", "next_action", "company__name")
REFERRAL_FIELDS = (
    "pk",
    "next_follow_up_on",
    "application_id",
    "contact__name",
    "application__company__name",
)


@dataclass(frozen=True)
class BuiltFeed:
    body: bytes
    built_at: datetime.datetime


def feed_window(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of the UTC day FEED_PAST_DAYS ago to the end of the one
    FEED_FUTURE_DAYS ahead."""
    today = datetime.datetime.combine(now.astimezone(datetime.UTC).date(), datetime.time.min)
    today = today.replace(tzinfo=datetime.UTC)
    return (
        today - datetime.timedelta(days=FEED_PAST_DAYS),
        today + datetime.timedelta(days=FEED_FUTURE_DAYS + 1),
    )


def _sources(user: User, now: datetime.datetime) -> list[tuple[QuerySet, tuple[str, ...]]]:
    since, until = feed_window(now)
    interviews = (
        Interview.objects.for_user(user)
        .filter(scheduled_at__gte=since, scheduled_at__lt=until)
        .select_related("application__company")
        .order_by("scheduled_at", "pk")
    )
    next_actions = (
        Application.objects.for_user(user)
        .active()
        .filter(next_action_on__gte=since.date(), next_action_on__lt=until.date())
        .select_related("company")
        .order_by("next_action_on", "pk")
    )
    referrals = (
        Referral.objects.for_user(user)
        .open()
        .exclude(application__stage=Stage.CLOSED)
        .filter(next_follow_up_on__gte=since.date(), next_follow_up_on__lt=until.date())
        .select_related("application__company", "contact")
        .order_by("next_follow_up_on", "pk")
    )
    return [
        (interviews, INTERVIEW_FIELDS),
        (next_actions, NEXT_ACTION_FIELDS),
        (referrals, REFERRAL_FIELDS),
    ]


def feed_etag(user: User, *, now: datetime.datetime) -> str:
    """The version of the person's feed as a (quoted) ETag: one query per source, each
    hashing its rows in the database, whatever their number."""
    parts = [FEED_FORMAT, settings.SITE_URL, *map(str, feed_window(now))]
    for queryset, fields in _sources(user, now):
        parts.append(queryset.order_by().aggregate(digest=_rows_digest(fields))["digest"] or "")
    return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40] + '"'


def _rows_digest(fields: tuple[str, ...]) -> MD5:
    """MD5 of the rows' MD5s in primary-key order; each row is its fields as text, with a
    separator that no value holds (so ("ab", "c") and ("a", "bc") differ)."""
    pieces = []
    for name in fields:
        pieces += [Cast(name, TextField()), Value("\x1f", output_field=TextField())]
    row = Concat(*pieces, output_field=TextField())
    return MD5(StringAgg(MD5(row), delimiter=Value(""), order_by="pk"))


def cached_feed(feed: CalendarFeed, etag: str) -> BuiltFeed | None:
    """The body built for this version, if the cache holds it. A cache that cannot be
    reached is a miss: the feed is then built on every request, as it was before."""
    try:
        return cache.get(_cache_key(feed, etag))
    except CACHE_ERRORS:
        logger.warning("Calendar feed cache unreachable; building the feed", exc_info=True)
        return None


def build_feed(feed: CalendarFeed, etag: str, *, now: datetime.datetime) -> BuiltFeed:
    """Build the person's feed for version `etag` and keep it in the cache."""
    built = BuiltFeed(body=feed_calendar(feed.owner, now=now), built_at=now)
    try:
        cache.set(_cache_key(feed, etag), built, FEED_CACHE_SECONDS)
    except CACHE_ERRORS:
        logger.warning("Calendar feed cache unreachable; not kept", exc_info=True)
    return built


def _cache_key(feed: CalendarFeed, etag: str) -> str:
    # The token (hashed: no secret in key names) ties the entry to this address.
    token = hashlib.sha256(feed.token.encode()).hexdigest()[:16]
    return f"{FEED_CACHE_PREFIX}:{token}:{etag.strip(chr(34))}"


def feed_calendar(user: User, *, now: datetime.datetime) -> bytes:
    """The person's feed for the window around `now`; three queries whatever its size."""
    calendar = _calendar("Reframe — job search")
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    (interviews, _), (next_actions, _), (referrals, _) = _sources(user, now)
    for interview in interviews:
        calendar.add_component(interview_event(interview, stamp=now))
    for application in next_actions:
        calendar.add_component(
            _day_event(
                _uid("next-action", application.pk),
                application.next_action_on,
                f"{application.next_action or 'Next step'} — {application.company.name}",
                application.get_absolute_url(),
                now,
            )
        )
    for referral in referrals:
        calendar.add_component(
            _day_event(
                _uid("referral", referral.pk),
                referral.next_follow_up_on,
                f"Referral follow-up: {referral.contact.name} — "
                f"{referral.application.company.name}",
                reverse("tracker:application_detail", args=[referral.application_id]),
                now,
            )
        )
    return calendar.to_ical()
