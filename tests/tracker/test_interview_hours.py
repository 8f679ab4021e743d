"""Hours a round was said to take and took (a take-home above all): kept on the round,
and added up on the dashboard per kind of round and per offer."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import make_application, make_company, make_interview
from tracker import services
from tracker.dashboard import load_dashboard
from tracker.models import Interview


def _post_round(client, application, **data):
    fields = {"kind": "take_home", "duration_minutes": 60, "outcome": "pending", **data}
    return client.post(reverse("tracker:interview_create", args=[application.pk]), fields)


def test_take_home_round_keeps_hours_estimated_and_spent(alice_client, alice):
    application = make_application(alice, stage="interviewing")

    response = _post_round(
        alice_client, application, hours_estimated="4", hours_spent="9.25", outcome="passed"
    )

    interview = Interview.objects.get(application=application)
    assert response.status_code == 302
    assert (interview.hours_estimated, interview.hours_spent, interview.outcome) == (
        Decimal("4"),
        Decimal("9.25"),
        "passed",
    )


def test_hours_are_optional_and_empty_is_not_zero(alice_client, alice):
    application = make_application(alice, stage="interviewing")

    _post_round(alice_client, application, hours_estimated="", hours_spent="")

    interview = Interview.objects.get(application=application)
    assert (interview.hours_estimated, interview.hours_spent) == (None, None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "Hours cannot be negative."),
        ("201", "No round takes more than 200 hours: were those minutes?"),
        ("NaN", "Enter a number."),
        ("1.234", "Ensure that there are no more than 2 decimal places."),
    ],
)
def test_hours_out_of_bounds_are_refused_with_the_reason(alice_client, alice, typed, message):
    application = make_application(alice, stage="interviewing")

    response = _post_round(alice_client, application, hours_spent=typed)

    assert response.status_code == 200
    assert response.context["form"].errors["hours_spent"] == [message]
    assert not Interview.objects.filter(application=application).exists()


def test_application_page_shows_each_rounds_hours_beside_its_outcome(alice_client, alice):
    interview = make_interview(
        alice, kind="take_home", outcome="passed", hours_estimated=4, hours_spent=Decimal("9.5")
    )

    page = alice_client.get(interview.application.get_absolute_url()).content.decode()

    assert "9.5 h spent · 4 h estimated" in page


def _round(owner, application, kind, estimated=None, spent=None, outcome="passed"):
    return make_interview(
        owner,
        application,
        kind=kind,
        outcome=outcome,
        hours_estimated=None if estimated is None else Decimal(estimated),
        hours_spent=None if spent is None else Decimal(spent),
    )


def test_hours_add_up_per_kind_with_means_counts_and_the_estimate_on_the_same_rounds(alice):
    application = make_application(alice, stage="interviewing")
    _round(alice, application, "take_home", "4", "10")
    _round(alice, application, "take_home", "6", "5", outcome="failed")
    _round(alice, application, "take_home", "6")  # not done yet: its estimate stands alone
    _round(alice, application, "take_home", spent="3", outcome="cancelled")
    _round(alice, application, "coding", spent="2.5")
    _round(alice, application, "coding")  # no hours: left out

    hours = load_dashboard(alice, today=datetime.date.today()).interview_hours

    coding, take_home = hours.kinds  # in the order of the kinds
    assert (take_home.label, take_home.spent, take_home.spent_rounds) == ("Take-home", 18, 3)
    assert take_home.mean_spent == Decimal("6.0")
    assert (take_home.estimated, take_home.estimated_rounds) == (16, 3)
    # 15 hours spent on the two rounds with an estimate of 10.
    assert (take_home.compared_rounds, take_home.over_estimate) == (2, Decimal("1.5"))
    assert (coding.spent, coding.spent_rounds, coding.mean_spent) == (Decimal("2.5"), 1, 2.5)
    assert coding.over_estimate is None
    assert (hours.spent, hours.spent_rounds, hours.per_offer) == (Decimal("20.5"), 4, None)


def test_hours_per_offer_divide_every_hour_by_the_offers_in_the_log(alice, alice_client):
    for name in ("Brightline", "Tensorloom"):
        application = make_application(alice, make_company(alice, name), stage="applied")
        services.change_stage(application=application, to_stage="offer")
        _round(alice, application, "onsite_loop", spent="12")
    _round(alice, make_application(alice, stage="interviewing"), "take_home", "4", "9")

    numbers = alice_client.get(reverse("tracker:dashboard")).context["interview_hours"]

    assert (numbers.offers, numbers.spent, numbers.per_offer) == (2, 33, Decimal("16.5"))


def test_dashboard_shows_hours_per_kind_and_says_when_there_are_no_offers(alice, alice_client):
    application = make_application(alice, stage="interviewing")
    _round(alice, application, "take_home", "4", "9.5")

    page = alice_client.get(reverse("tracker:dashboard")).content.decode()

    section = " ".join(page[page.index('id="interview-hours"') :].split())
    assert "No offers yet" in section
    assert (
        '<th scope="row">Take-home</th> <td>1</td> <td>9.5</td> <td>9.5</td> '
        "<td>4 <small>(1 round)</small></td> <td>2.4 <small>(1 round with both)</small></td>"
    ) in section


def test_dashboard_without_hours_says_how_to_record_them(alice, alice_client):
    make_interview(alice, make_application(alice, stage="interviewing"))

    response = alice_client.get(reverse("tracker:dashboard"))

    assert response.context["interview_hours"].kinds == []
    assert "No hours recorded yet." in response.content.decode()


def test_bob_never_sees_alices_hours(alice, bob, bob_client):
    _round(alice, make_application(alice, stage="interviewing"), "take_home", "4", "9")
    make_application(bob, stage="applied")

    numbers = bob_client.get(reverse("tracker:dashboard")).context["interview_hours"]

    assert (numbers.kinds, numbers.spent) == ([], 0)
