import datetime
import re
import statistics
from collections import Counter

import pytest
from django.urls import reverse

from tests.factories import make_application, make_company, make_interview
from tracker import services
from tracker.dashboard import Rate, load_dashboard, median_of, weekly_counts
from tracker.stage_log import history_of

TODAY = datetime.date(2026, 10, 20)


def day(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def _journey(owner, company, steps, **fields):
    """An application through `steps`: (days ago, stage, outcome), the first opening it."""
    (first_ago, first_stage, _), *rest = steps
    application = make_application(
        owner, company, stage=first_stage, happened_on=day(first_ago), **fields
    )
    for ago, stage, outcome in rest:
        services.change_stage(
            application=application, to_stage=stage, outcome=outcome, happened_on=day(ago)
        )
    return application


def _companies(owner, count: int, tier: str = "big_tech"):
    return [make_company(owner, f"{tier} {index}", tier) for index in range(count)]


def test_applied_interviewing_rejected_counts_at_interviewing(alice):
    _journey(
        alice,
        make_company(alice),
        [(30, "applied", ""), (20, "interviewing", ""), (10, "closed", "rejected")],
    )

    dashboard = load_dashboard(alice, today=TODAY)

    assert [rate.count for _, rate in dashboard.funnel_stages] == [1, 1, 1, 0]
    assert [(row.label, row.steps[2].count) for row in dashboard.by_tier] == [("Big tech", 1)]


def test_funnel_comes_from_the_log_not_the_current_stage(alice):
    _journey(
        alice,
        make_company(alice),
        [(30, "applied", ""), (20, "screening", ""), (15, "offer", ""), (5, "closed", "declined")],
    )
    _journey(alice, make_company(alice, "Saved only"), [(3, "saved", "")])
    _journey(
        alice, make_company(alice, "Withdrawn"), [(9, "saved", ""), (4, "closed", "withdrawn")]
    )

    dashboard = load_dashboard(alice, today=TODAY)

    assert [rate.count for _, rate in dashboard.funnel_stages] == [1, 1, 1, 1]
    assert dashboard.offers == 1


def test_rates_are_hidden_under_five_and_shown_from_five(alice):
    for company in _companies(alice, 4):
        _journey(alice, company, [(30, "applied", ""), (25, "screening", "")])

    four = load_dashboard(alice, today=TODAY)
    _journey(alice, make_company(alice, "Fifth"), [(30, "applied", "")])
    five = load_dashboard(alice, today=TODAY)

    assert (four.funnel[1].count, four.funnel[1].percent) == (4, None)
    assert (five.funnel[1].count, five.funnel[1].percent) == (4, 80)
    assert five.response_rate == Rate(4, 5)


def test_response_rate_counts_rejections_but_not_ghosting(alice):
    tier = _companies(alice, 6)
    _journey(alice, tier[0], [(30, "applied", ""), (20, "closed", "rejected")])
    _journey(alice, tier[1], [(30, "applied", ""), (2, "closed", "ghosted")])
    _journey(alice, tier[2], [(30, "applied", ""), (26, "screening", "")])
    for company in tier[3:]:
        _journey(alice, company, [(30, "applied", "")])

    dashboard = load_dashboard(alice, today=TODAY)

    assert dashboard.response_rate == Rate(2, 6)
    assert dashboard.response_rate.percent == 33


def test_median_days_to_first_response(alice):
    for ago, company in zip([2, 4, 6, 8, 20], _companies(alice, 5), strict=True):
        _journey(alice, company, [(30, "applied", ""), (30 - ago, "screening", "")])

    dashboard = load_dashboard(alice, today=TODAY)

    assert (dashboard.median_days_to_response, dashboard.days_sample) == (6, 5)
    assert dashboard.median_shown


def test_applications_per_week_counts_by_monday():
    # 20 Oct 2026 is a Tuesday: its week starts on 19 Oct.
    counts = weekly_counts(Counter([day(0), day(1), day(2), day(14)]), TODAY)

    assert counts[-1] == (datetime.date(2026, 10, 19), 2)
    assert counts[-2] == (datetime.date(2026, 10, 12), 1)
    assert counts[-3] == (datetime.date(2026, 10, 5), 1)
    assert len(counts) == 12


def test_funnels_by_channel_and_role_family(alice):
    _journey(
        alice,
        make_company(alice, "A"),
        [(9, "applied", "")],
        source="referral",
        role_family="research_engineer",
    )
    _journey(
        alice,
        make_company(alice, "B"),
        [(9, "applied", ""), (5, "screening", "")],
        source="referral",
        role_family="quant",
    )
    _journey(alice, make_company(alice, "C"), [(9, "applied", "")], source="cold")

    dashboard = load_dashboard(alice, today=TODAY)

    channels = {row.label: [step.count for step in row.steps] for row in dashboard.by_channel}
    families = {row.label: row.applied for row in dashboard.by_role_family}
    assert channels == {"Cold application": [1, 0, 0, 0], "Referral": [2, 1, 0, 0]}
    assert families == {"ML engineer": 1, "Research engineer": 1, "Quant": 1}


def test_interviews_by_kind_with_pass_rates(alice, alice_application):
    for outcome in ["passed"] * 4 + ["failed", "cancelled", "pending"]:
        make_interview(alice, alice_application, kind="coding", outcome=outcome)
    make_interview(alice, alice_application, kind="superday", outcome="passed")
    make_interview(alice, alice_application, kind="team_match", scheduled_at=None)

    dashboard = load_dashboard(alice, today=TODAY)

    rows = [
        (r.kind, r.total, r.passed, r.failed, r.pass_rate.percent) for r in dashboard.interviews
    ]
    assert rows == [("coding", 6, 4, 1, 80), ("superday", 1, 1, 0, None)]


def test_history_of_a_saved_then_withdrawn_application_never_applied():
    history = history_of([("", "saved", "", day(5)), ("saved", "closed", "withdrawn", day(1))])

    assert (history.reached, history.applied_on, history.responded) == (0, None, False)


def test_history_of_an_imported_rejection_counts_as_answer_without_a_delay():
    history = history_of([("", "closed", "rejected", day(5))])

    assert (history.reached, history.responded, history.responded_on) == (1, True, None)


def test_dashboard_page_shows_counts_beside_rates_and_svg_charts(alice_client, alice):
    for company in _companies(alice, 5):
        _journey(alice, company, [(30, "applied", ""), (25, "screening", "")])
    _journey(alice, make_company(alice, "Solo", "startup"), [(30, "applied", "")])

    body = alice_client.get(reverse("tracker:dashboard")).content.decode()

    assert "83% <small>(5 of 6)</small>" in body
    assert '<span title="Too few to give a rate (n = 1)">—</span> <small>(0 of 1)</small>' in body
    assert body.count('<svg class="chart"') == 2
    assert not re.search(r"<svg[^>]*style=|<rect[^>]*style=|<script>", body)


def test_dashboard_shows_nothing_of_other_people(alice_client, bob):
    _journey(bob, make_company(bob, "Bob's"), [(30, "applied", "")])

    response = alice_client.get(reverse("tracker:dashboard"))

    assert response.context["dashboard"].applied == 0
    assert "No applications sent yet" in response.content.decode()


@pytest.mark.parametrize(
    "values",
    [[], [4], [3, 9], [1, 1, 2, 7], [0, 5, 5, 5, 30], [2, 2, 2, 2], list(range(11)) * 3],
)
def test_median_of_counts_is_the_median_of_the_values_they_count(values):
    expected = statistics.median(values) if values else None

    assert median_of(Counter(values)) == expected
