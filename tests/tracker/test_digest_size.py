"""The digest of a person with ten thousand applications: bounded sections, the most
pressing first, "and N more" links, under 100 KB, and the same queries as a small one."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.tracker.digest_factories import make_person
from tracker.digest import content as digest_content
from tracker.digest.emails import build_email
from tracker.models import (
    Application,
    Company,
    Contact,
    Interview,
    Referral,
    StageEvent,
)
from tracker.stage_log import refold

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)  # Monday 08:00 in Stockholm
TODAY = datetime.date(2026, 3, 2)
ZONE = "Europe/Stockholm"
TIERS = ["big_tech", "mid_size", "startup", "finance", "non_tech"]


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def longest(text: str, length: int) -> str:
    """`text` repeated to `length` characters: every field at its longest, with accents,
    quotes and ampersands that cost more bytes once encoded and escaped."""
    return (text * (length // len(text) + 1))[:length]


def _search(user, count: int) -> None:
    """`count` applications, each with something for every section of the digest."""
    companies = Company.objects.bulk_create(
        Company(owner=user, name=longest(f'Lévy & Fils "{n}" ', 200), tier=TIERS[n % 5])
        for n in range(10)
    )
    applications = Application.objects.bulk_create(
        Application(
            owner=user,
            company=companies[n % 10],
            role_title=longest(f"Ingénieure ML « recherche » {n} ", 200),
            # A third each: a dated next action (overdue to later this week), gone quiet,
            # and interviewing.
            stage=["applied", "applied", "interviewing"][n % 3],
            next_action=longest("Relancer l'équipe & le recruteur ", 200) if n % 3 == 0 else "",
            next_action_on=TODAY + days(n % 10 - 4) if n % 3 == 0 else None,
        )
        for n in range(count)
    )
    StageEvent.objects.bulk_create(
        StageEvent(
            application=application,
            from_stage="" if application.stage == "applied" else "screening",
            to_stage=application.stage,
            # Quiet ones changed 40 days ago; the rest this week.
            happened_on=TODAY - days(40 if n % 3 == 1 else n % 7),
        )
        for n, application in enumerate(applications)
    )
    refold(application.pk for application in applications)  # written in bulk
    interviewing = applications[2::3]
    Interview.objects.bulk_create(
        Interview(
            application=application,
            kind="onsite_loop",
            title=longest("Boucle « sur site » & entretien ", 200),
            scheduled_at=NOW + datetime.timedelta(hours=n % 150 - 20),
            location=longest("Salle 4, bâtiment « B » & https://meet.example.org/x ", 500),
            prep_notes=longest("Révision : systèmes « ML » & métriques.\n", 2_000),
        )
        for n, application in enumerate(interviewing)
    )
    contacts = Contact.objects.bulk_create(
        Contact(
            owner=user, name=longest(f"Hélène « {n} » Dupont-Moreau ", 200), relationship="alumni"
        )
        for n in range(10)
    )
    Referral.objects.bulk_create(
        Referral(
            application=application,
            contact=contacts[n % 10],
            stage="asked",
            asked_on=TODAY - days(n % 20),
            # Half are due this week (follow-ups), half wait beyond it.
            next_follow_up_on=TODAY + days(n % 2 * 10 + n % 5 - 2),
        )
        for n, application in enumerate(applications[::3])
    )


def _build(user) -> tuple[digest_content.Digest, bytes]:
    with timezone.override(zoneinfo.ZoneInfo(ZONE)):
        digest = digest_content.build_digest(user, today=TODAY, now=NOW)
        url = digest_content.unsubscribe_url(user)
        message = build_email(
            "digest",
            digest_content.email_context(digest, unsubscribe=url),
            to=user.email,
            headers=digest_content.email_headers(unsubscribe=url),
        )
        return digest, message.message().as_bytes()


@pytest.fixture
def busy_person(settings):
    settings.SITE_URL = "https://reframe.example.org"
    with time_machine.travel(NOW - days(60), tick=False):
        person = make_person("busy", zone=ZONE, first_name=longest("Maëlle ", 150))
    _search(person, 10_000)
    return person


def test_digest_of_ten_thousand_applications_stays_under_its_byte_budget(busy_person):
    digest, message = _build(busy_person)

    assert len(message) < digest_content.MAX_BYTES
    sections = [
        digest.overdue,
        digest.due,
        digest.week.interviews,
        digest.week.stale,
        digest.awaiting_referrals,
        digest.stage_changes,
    ]
    assert [len(section) for section in sections] == [digest_content.SECTION_LIMIT] * 6
    assert all(section.more > 1000 for section in (digest.overdue, digest.week.stale))
    text = message.decode("utf-8", errors="replace")
    assert f"and {digest.week.stale.more} more" in text


def test_digest_sections_show_the_most_pressing_first(busy_person):
    digest, _ = _build(busy_person)

    # The longest overdue, the soonest due, the soonest interviews, the longest quiet,
    # the referrals asked longest ago, the latest changes.
    assert [item.due_on for item in digest.overdue] == [TODAY - days(4)] * 5
    assert [item.due_on for item in digest.due] == [TODAY] * 5
    first_interviews = Interview.objects.filter(scheduled_at__gte=NOW).order_by("scheduled_at")
    assert [i.scheduled_at for i in digest.week.interviews] == [
        i.scheduled_at for i in first_interviews[:5]
    ]
    assert [s.quiet_days for s in digest.week.stale] == [40] * 5
    assert [r.asked_on for r in digest.awaiting_referrals] == [TODAY - days(19)] * 5
    assert [e.happened_on for e in digest.stage_changes] == [TODAY] * 5
    assert digest.summary.startswith(f"{digest.overdue.total} overdue follow-ups, ")


def test_digest_queries_do_not_grow_with_ten_thousand_applications(busy_person):
    with time_machine.travel(NOW - days(60), tick=False):
        small = make_person("small", zone=ZONE)
    _search(small, 30)

    counts = []
    for person in (small, busy_person):
        with CaptureQueriesContext(connection) as queries:
            _build(person)
        counts.append(len(queries))

    assert counts[0] == counts[1]
