"""What one person's digest says, how it reads as text and as HTML, and its links."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from html.parser import HTMLParser

import pytest
import time_machine
from django.utils import timezone

from tests.factories import make_application, make_company, make_contact, make_interview
from tests.tracker.digest_factories import make_person
from tracker import services
from tracker.digest import content as digest_content
from tracker.digest.emails import build_email, render_email
from tracker.models import Referral

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)  # Monday 08:00 in Stockholm
TODAY = datetime.date(2026, 3, 2)
ZONE = "Europe/Stockholm"
SITE = "https://reframe.example.org"


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def busy_week(settings):
    """Maya's week: one of each thing the digest reports, and things it must leave out."""
    settings.SITE_URL = SITE
    with time_machine.travel(NOW - days(40), tick=False):
        maya = make_person("maya", zone=ZONE, first_name="Maya")
        quiet = make_application(
            maya, make_company(maya, "Meridian Social"), role_title="MLE, Integrity",
            stage="applied",
        )  # fmt: skip
    with time_machine.travel(NOW - days(10), tick=False):
        overdue = make_application(
            maya, make_company(maya, "Cadence Music", "mid_size"), role_title="Data Scientist",
            stage="applied", next_action="Follow up with the recruiter",
            next_action_on=TODAY - days(2),
        )  # fmt: skip
        due = make_application(
            maya, make_company(maya, "Tensorloom", "startup"), role_title="Founding MLE",
            stage="applied", next_action="Ask about on-call", next_action_on=TODAY + days(3),
        )  # fmt: skip
        later = make_application(
            maya, make_company(maya, "Harbor Mutual", "non_tech"), role_title="Pricing DS",
            stage="applied", next_action="Check the portal", next_action_on=TODAY + days(9),
        )  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        loop = make_interview(
            maya, make_application(maya, make_company(maya, "Orbital Cloud"), stage="interviewing"),
            title="Virtual onsite",
            scheduled_at=datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC),
            prep_notes="Feed ranking: two-tower retrieval.",
        )  # fmt: skip
        waiting = Referral.objects.create(
            application=due, contact=make_contact(maya, "Jonas Berg"), stage="asked",
            asked_on=TODAY - days(3), next_follow_up_on=TODAY + days(12),
        )  # fmt: skip
    return {
        "maya": maya,
        "quiet": quiet,
        "overdue": overdue,
        "due": due,
        "later": later,
        "loop": loop,
        "waiting": waiting,
    }


def _build(user) -> digest_content.Digest:
    with timezone.override(zoneinfo.ZoneInfo(ZONE)):
        return digest_content.build_digest(user, today=TODAY, now=NOW)


def _render(digest) -> tuple[str, str, str]:
    with timezone.override(zoneinfo.ZoneInfo(ZONE)):
        url = digest_content.unsubscribe_url(digest.user)
        return render_email("digest", digest_content.email_context(digest, unsubscribe=url))


def test_digest_holds_each_kind_of_item_and_leaves_out_the_rest(busy_week):
    digest = _build(busy_week["maya"])

    assert [item.title for item in digest.overdue] == ["Follow up with the recruiter"]
    assert [item.title for item in digest.due] == [
        "Prepare: Virtual onsite",
        "Ask about on-call",
    ]
    assert [i.pk for i in digest.week.interviews] == [busy_week["loop"].pk]
    assert [s.application for s in digest.week.stale] == [busy_week["quiet"]]
    assert digest.week.stale[0].draft.text.startswith("Subject: Following up: MLE, Integrity")
    assert digest.awaiting_referrals == [busy_week["waiting"]]
    # Only the interviewing application changed in the past 7 days (10 and 40 days for the rest).
    assert [e.to_stage for e in digest.stage_changes] == ["interviewing"]
    assert [row.label for row in digest.tiers] == ["Big tech", "Mid-size", "Startup", "Non-tech"]
    assert digest.is_empty is False


def test_a_referral_whose_nudge_is_due_is_listed_once_as_a_follow_up(busy_week):
    Referral.objects.filter(pk=busy_week["waiting"].pk).update(next_follow_up_on=TODAY)

    digest = _build(busy_week["maya"])

    assert digest.awaiting_referrals == []
    assert [i.title for i in digest.week.follow_ups if i.referral] == [
        "Nudge Jonas Berg about the referral"
    ]


def test_a_week_with_nothing_to_do_and_nothing_happening_is_empty():
    with time_machine.travel(NOW - days(30), tick=False):
        person = make_person("idle")
        application = make_application(person, stage="applied")
        services.change_stage(application=application, to_stage="closed", outcome="rejected")

    digest = _build(person)

    assert digest.is_empty is True
    assert digest.summary == ""


def test_a_stage_change_alone_is_worth_a_digest():
    with time_machine.travel(NOW - days(30), tick=False):
        person = make_person("recap")
        application = make_application(person, stage="applied")
    with time_machine.travel(NOW - days(2), tick=False):
        services.change_stage(application=application, to_stage="closed", outcome="rejected")

    digest = _build(person)

    assert digest.week.is_empty is True
    assert [e.outcome for e in digest.stage_changes] == ["rejected"]
    assert digest.is_empty is False


def test_subject_counts_the_most_urgent_things(busy_week):
    subject, _, _ = _render(_build(busy_week["maya"]))

    assert subject == ("Your week in Reframe: 1 overdue follow-up, 2 follow-ups due, 1 interview")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value)
            if name in {"src", "background", "srcset"}:
                self.sources.append(value)


def test_html_part_links_every_item_absolutely_and_loads_nothing_remote(busy_week):
    _, _, html = _render(_build(busy_week["maya"]))
    links = _Links()
    links.feed(html)

    item_pages = {
        f"{SITE}/applications/{busy_week[key].pk}/" for key in ("quiet", "overdue", "due")
    } | {f"{SITE}/applications/{busy_week['loop'].application_id}/"}
    assert item_pages <= set(links.hrefs)
    assert all(href.startswith(SITE + "/") for href in links.hrefs)
    assert f"{SITE}/settings/" in links.hrefs
    assert links.sources == []
    assert not links.tags & {"img", "script", "link", "iframe", "style"}


def test_text_part_has_every_item_with_its_address(busy_week):
    _, text, _ = _render(_build(busy_week["maya"]))

    for key in ("quiet", "overdue", "due"):
        assert f"{SITE}/applications/{busy_week[key].pk}/" in text
    assert "Follow up with the recruiter — Data Scientist at Cadence Music (due Sat 28 Feb)" in text
    assert "Jonas Berg for Founding MLE at Tensorloom: asked" in text
    assert "Feed ranking: two-tower retrieval." in text
    assert "I'm still very interested" in text  # plain text is not HTML-escaped
    assert "&" not in text
    assert f"Unsubscribe: {SITE}/digest/unsubscribe/" in text


def test_interview_times_are_in_the_persons_zone(busy_week):
    _, text, html = _render(_build(busy_week["maya"]))

    # 12:00 UTC on Wednesday 4 March is 13:00 in Stockholm.
    assert "Wed 4 Mar, 13:00: Virtual onsite" in text
    assert "Wed 4 Mar, 13:00" in html


def test_html_escapes_what_people_typed_and_text_keeps_it(busy_week):
    busy_week["overdue"].next_action = '<script>alert("x")</script> & co'
    busy_week["overdue"].save()

    _, text, html = _render(_build(busy_week["maya"]))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html
    assert '<script>alert("x")</script> & co' in text


def test_message_has_both_parts_and_unsubscribe_headers(busy_week):
    digest = _build(busy_week["maya"])
    url = digest_content.unsubscribe_url(digest.user)
    with timezone.override(zoneinfo.ZoneInfo(ZONE)):
        message = build_email(
            "digest",
            digest_content.email_context(digest, unsubscribe=url),
            to="maya@example.com",
            headers=digest_content.email_headers(unsubscribe=url),
        )

    parsed = message.message()
    assert [part.get_content_type() for part in parsed.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert parsed["List-Unsubscribe"] == f"<{url}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(rf"{SITE}/digest/unsubscribe/[^/]+/", url)


def test_unsubscribe_token_names_the_person_and_nobody_else(busy_week):
    token = digest_content.unsubscribe_token(busy_week["maya"])

    assert digest_content.user_pk_from_token(token) == busy_week["maya"].pk
    assert digest_content.user_pk_from_token(token[:-2] + "xx") is None
    assert digest_content.user_pk_from_token("set-password") is None


def test_unsubscribe_token_is_salted():
    from django.core import signing

    unsalted = signing.dumps(1)
    other_purpose = signing.dumps(1, salt="tracker.something-else")

    assert digest_content.user_pk_from_token(unsalted) is None
    assert digest_content.user_pk_from_token(other_purpose) is None
