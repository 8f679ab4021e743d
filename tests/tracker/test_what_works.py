"""What works: the rate arithmetic over each application's history and the features of
the résumé sent with it (the résumé app provides those; tests/resumes/test_what_works.py
runs the page on real builds)."""

import datetime

from django.urls import reverse

from tests.factories import make_application
from tracker.dashboard import Rate
from tracker.sent_resumes import SentResume
from tracker.stage_log import History
from tracker.what_works import NO_HEADLINE, NO_OWN_SUMMARY, NO_RULE, Median, what_works_from

DAY = datetime.date(2026, 10, 1)


def _history(reached: int, answered_after: int | None = None) -> History:
    """Sent on DAY; reached the funnel rank `reached` (1 applied … 4 offer); answered
    `answered_after` days later."""
    answered_on = None if answered_after is None else DAY + datetime.timedelta(answered_after)
    return History(DAY if reached else None, reached, answered_on, answered_on is not None)


def _version(**features) -> SentResume:
    defaults = {"style": "Classic", "pages": 2, "rules": (), "headline": "Mathematician"}
    return SentResume(**{**defaults, "summary": "Probabilist.", **features})


def _works(histories: dict, versions: dict, groups: dict | None = None, sent: int | None = None):
    groups = groups or {}
    applications = [(pk, *groups.get(pk, ("big_tech", "cold", "ml_engineer"))) for pk in histories]
    sent = sum(1 for h in histories.values() if h.reached) if sent is None else sent
    return what_works_from(histories, applications, versions, sent=sent)


def _group(works, key: str) -> dict:
    (group,) = [g for g in works.groups if g.key == key]
    return {row.label: row for row in group.rows}


def test_only_sent_applications_with_a_recorded_resume_count():
    histories = {1: _history(2, 5), 2: _history(1), 3: _history(0)}
    versions = {1: _version(), 3: _version()}  # 3 was never sent: its résumé is not counted

    works = _works(histories, versions)

    assert (works.sent, works.recorded, works.unrecorded) == (2, 1, 1)
    assert works.overall.applications == 1


def test_response_is_screening_or_later_and_interview_is_interviewing_or_later():
    histories = {
        1: _history(1),  # no answer
        2: _history(1, 3),  # rejected: an answer, not a response
        3: _history(2, 6),
        4: _history(3, 9),
        5: _history(4, 12),
    }

    works = _works(histories, dict.fromkeys(histories, _version()))

    overall = works.overall
    assert (overall.responses, overall.responses.percent) == (Rate(3, 5), 60)
    assert (overall.interviews, overall.interviews.percent) == (Rate(2, 5), 40)
    # Four answers (the rejection among them): too few for a median to be shown.
    assert overall.days_to_answer == Median(7.5, 4)
    assert not overall.days_to_answer.shown


def test_rates_and_medians_are_hidden_below_five_and_shown_from_five():
    histories = {pk: _history(2, pk) for pk in range(1, 10)}
    versions = {
        pk: _version(style="Classic" if pk <= 5 else "Serif") for pk in histories
    }  # five and four

    style = _group(_works(histories, versions), "style")

    classic, serif = style["Classic"], style["Serif"]
    assert (classic.responses.percent, classic.days_to_answer.shown) == (100, True)
    assert classic.days_to_answer.value == 3
    assert (serif.responses.count, serif.responses.percent) == (4, None)
    assert not serif.days_to_answer.shown


def test_a_resume_counts_under_each_rule_it_used_and_one_without_under_no_rule():
    histories = {1: _history(2, 4), 2: _history(1), 3: _history(3, 8)}
    versions = {
        1: _version(rules=("mentoring", "simulations-as-experimentation")),
        2: _version(rules=("simulations-as-experimentation",)),
        3: _version(),
    }

    rules = _group(_works(histories, versions), "rules")

    assert list(rules) == ["simulations-as-experimentation", "mentoring", NO_RULE]
    assert [(r.applications, r.responses.count) for r in rules.values()] == [
        (2, 1),
        (1, 1),
        (1, 1),
    ]


def test_pages_in_order_and_headline_and_summary_by_their_words():
    histories = {pk: _history(1) for pk in range(1, 5)}
    versions = {
        1: _version(pages=2),
        2: _version(pages=1, headline="Postdoctoral Researcher"),
        3: _version(pages=3, summary=""),
        4: _version(pages=1, headline=""),
    }

    works = _works(histories, versions)

    assert list(_group(works, "pages")) == ["1 page", "2 pages", "3 pages"]
    assert [(label, row.applications) for label, row in _group(works, "headline").items()] == [
        ("Mathematician", 2),
        (NO_HEADLINE, 1),
        ("Postdoctoral Researcher", 1),
    ]
    assert list(_group(works, "summary")) == ["Probabilist.", NO_OWN_SUMMARY]


def test_tier_channel_and_role_family_in_the_order_of_their_choices():
    histories = {pk: _history(2, 3) for pk in range(1, 4)}
    groups = {
        1: ("startup", "referral", "quant"),
        2: ("big_tech", "cold", "ml_engineer"),
        3: ("startup", "cold", "ml_engineer"),
    }

    works = _works(histories, dict.fromkeys(histories, _version()), groups)

    assert {key: list(_group(works, key)) for key in ("tier", "channel", "role_family")} == {
        "tier": ["Big tech", "Startup"],
        "channel": ["Cold application", "Referral"],
        "role_family": ["ML engineer", "Quant"],
    }


def test_nothing_recorded_gives_no_groups_but_still_the_count_sent():
    works = _works({1: _history(1), 2: _history(2, 4)}, {})

    assert (works.sent, works.recorded, works.overall, works.groups) == (2, 0, None, [])


def test_dashboard_of_a_person_without_the_resume_app_data_says_how_to_record(alice, alice_client):
    make_application(alice, stage="applied")

    response = alice_client.get(reverse("tracker:dashboard"))

    assert (response.context["what_works"].sent, response.context["what_works"].recorded) == (1, 0)
    assert "You sent 1 application, none with its résumé recorded yet." in (
        response.content.decode()
    )
