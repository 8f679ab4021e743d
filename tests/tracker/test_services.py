import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.factories import make_application, make_company
from tracker import services
from tracker.models import Company, StageEvent


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_create_application_opens_history_with_one_event(alice):
    application = make_application(alice, stage="applied")

    events = list(application.stage_events.values_list("from_stage", "to_stage", "happened_on"))
    assert events == [("", "applied", datetime.date(2026, 10, 20))]
    assert application.applied_on == datetime.date(2026, 10, 20)


def test_create_application_backdated_event_uses_given_day(alice):
    application = make_application(alice, stage="applied", happened_on=datetime.date(2026, 9, 3))

    assert application.stage_events.get().happened_on == datetime.date(2026, 9, 3)
    assert application.applied_on == datetime.date(2026, 9, 3)


def test_change_stage_records_event_and_updates_application(alice):
    application = make_application(alice, stage="applied", happened_on=datetime.date(2026, 9, 1))

    event = services.change_stage(
        application=application,
        to_stage="screening",
        happened_on=datetime.date(2026, 10, 3),
    )

    application.refresh_from_db()
    assert application.stage == "screening"
    assert (event.from_stage, event.to_stage, event.happened_on) == (
        "applied",
        "screening",
        datetime.date(2026, 10, 3),
    )
    assert application.stage_events.count() == 2


def test_change_stage_dated_before_the_last_event_is_refused(alice):
    application = make_application(alice, stage="applied", happened_on=datetime.date(2026, 9, 1))
    services.change_stage(
        application=application, to_stage="screening", happened_on=datetime.date(2026, 10, 3)
    )

    with pytest.raises(ValidationError) as refused:
        services.change_stage(
            application=application, to_stage="interviewing", happened_on=datetime.date(2026, 10, 2)
        )

    application.refresh_from_db()
    assert refused.value.message_dict == {
        "happened_on": [
            "Date this change on or after 3 October 2026, the day of the last change in its "
            "history."
        ]
    }
    assert application.stage == "screening"
    assert application.stage_events.count() == 2


def test_change_stage_on_the_day_of_the_last_event_is_allowed(alice):
    application = make_application(alice, stage="applied", happened_on=datetime.date(2026, 9, 1))

    event = services.change_stage(
        application=application, to_stage="screening", happened_on=datetime.date(2026, 9, 1)
    )

    assert event.happened_on == datetime.date(2026, 9, 1)


@time_machine.travel("2026-10-20 12:00 +00:00")
def test_change_stage_today_is_allowed_after_a_future_application_date(alice):
    application = make_application(alice, stage="saved", applied_on=datetime.date(2026, 11, 2))

    event = services.change_stage(application=application, to_stage="applied")

    assert event.happened_on == datetime.date(2026, 10, 20)


def test_change_stage_to_same_stage_records_nothing(alice_application):
    result = services.change_stage(application=alice_application, to_stage="applied")

    assert result is None
    assert alice_application.stage_events.count() == 1


def test_change_stage_closing_needs_an_outcome(alice_application):
    with pytest.raises(ValidationError):
        services.change_stage(application=alice_application, to_stage="closed")

    assert alice_application.stage_events.count() == 1


def test_change_stage_refuses_future_dates(alice_application):
    with pytest.raises(ValidationError):
        services.change_stage(
            application=alice_application,
            to_stage="screening",
            happened_on=datetime.date.today() + datetime.timedelta(days=3),
        )


def test_change_stage_reopening_clears_outcome(alice_application):
    services.change_stage(application=alice_application, to_stage="closed", outcome="ghosted")
    services.change_stage(application=alice_application, to_stage="screening")

    alice_application.refresh_from_db()
    assert (alice_application.stage, alice_application.outcome) == ("screening", "")
    assert list(
        StageEvent.objects.filter(application=alice_application).values_list("to_stage", "outcome")
    ) == [("applied", ""), ("closed", "ghosted"), ("screening", "")]


def test_get_or_create_company_reuses_existing_ignoring_case(alice):
    existing = make_company(alice, "Lumen Maps", "mid_size")

    company, created = services.get_or_create_company(owner=alice, name="LUMEN maps")

    assert (company, created) == (existing, False)


def test_get_or_create_company_new_name_needs_tier(alice):
    with pytest.raises(ValidationError):
        services.get_or_create_company(owner=alice, name="Quiver Labs")

    company, created = services.get_or_create_company(
        owner=alice, name="Quiver Labs", tier="startup"
    )
    assert (company.tier, created) == ("startup", True)


def test_create_application_makes_its_new_company_in_the_same_transaction(alice):
    with pytest.raises(ValidationError):
        services.create_application(
            owner=alice,
            company_name="Brand New Labs",
            new_company_tier="startup",
            role_title="ML Engineer",
            salary_min=200,
            salary_max=100,  # refused by the application's own rules
        )

    assert not Company.objects.filter(owner=alice, name="Brand New Labs").exists()


def test_update_application_moves_it_to_a_new_company_all_or_nothing(alice):
    application = make_application(alice, role_title="ML Engineer")

    with pytest.raises(ValidationError):
        services.update_application(
            application=application,
            company_name="Somewhere Else",
            new_company_tier="finance",
            role_title="ML Engineer",
            salary_min=200,
            salary_max=100,
        )
    moved = services.update_application(
        application=application,
        company_name="Somewhere Else",
        new_company_tier="finance",
        role_title="Quant Researcher",
    )

    assert Company.objects.filter(owner=alice, name="Somewhere Else").count() == 1
    assert (moved.company.name, moved.company.tier, moved.role_title) == (
        "Somewhere Else",
        "finance",
        "Quant Researcher",
    )
    assert moved.stage_events.count() == 1  # details only: the stage log is untouched


def test_update_application_refuses_a_new_company_without_a_tier(alice):
    application = make_application(alice)

    with pytest.raises(ValidationError, match="pick its tier"):
        services.update_application(application=application, company_name="Nameless Co")


def test_a_past_application_can_be_entered_with_the_day_it_was_sent(alice_client, alice):
    """Quick add 'applied, since 20 Nov', then a screening on 25 Nov: both accepted, and
    the log says what happened when."""
    from django.urls import reverse

    from tracker.models import Application

    alice_client.post(
        reverse("tracker:quick_add"),
        {
            "company_name": "Lumen Maps",
            "new_company_tier": "mid_size",
            "role_title": "ML Engineer",
            "stage": "applied",
            "happened_on": "2026-11-20",
        },
    )
    application = Application.objects.get(owner=alice)
    with time_machine.travel("2026-12-07 12:00 +00:00"):
        services.change_stage(
            application=application, to_stage="screening", happened_on=datetime.date(2026, 11, 25)
        )

    assert application.applied_on == datetime.date(2026, 11, 20)
    assert list(application.stage_events.values_list("to_stage", "happened_on")) == [
        ("applied", datetime.date(2026, 11, 20)),
        ("screening", datetime.date(2026, 11, 25)),
    ]


@time_machine.travel("2026-12-07 12:00 +00:00")
def test_correcting_applied_on_moves_the_day_it_was_sent_in_the_log(alice):
    application = make_application(alice, role_title="ML Engineer", stage="applied")
    services.change_stage(
        application=application, to_stage="screening", happened_on=datetime.date(2026, 12, 7)
    )

    moved = services.update_application(
        application=application,
        company_name=application.company.name,
        role_title="ML Engineer",
        applied_on=datetime.date(2026, 11, 20),
    )
    with pytest.raises(ValidationError, match="on or before 7 December 2026"):
        services.update_application(
            application=moved,
            company_name=application.company.name,
            role_title="ML Engineer",
            applied_on=datetime.date(2026, 12, 8),
        )

    assert list(moved.stage_events.values_list("to_stage", "happened_on")) == [
        ("applied", datetime.date(2026, 11, 20)),
        ("screening", datetime.date(2026, 12, 7)),
    ]


def test_a_misdrag_into_closed_is_undone_and_leaves_no_trace(alice):
    from django.utils import timezone

    from tracker.dashboard import load_dashboard

    application = make_application(alice, role_title="ML Engineer", stage="screening")
    services.change_stage(application=application, to_stage="closed", outcome="ghosted")

    undone = services.undo_stage_change(application=application, now=timezone.now())

    application.refresh_from_db()
    assert (undone.to_stage, undone.outcome) == ("closed", "ghosted")
    assert (application.stage, application.outcome) == ("screening", "")
    assert list(application.stage_events.values_list("to_stage", flat=True)) == ["screening"]
    assert load_dashboard(alice, today=timezone.localdate()).live == 1
    with pytest.raises(ValidationError, match="no recent stage change"):
        services.undo_stage_change(application=application, now=timezone.now())  # the opening


def test_a_reopened_application_undone_is_closed_again_with_its_outcome(alice):
    from django.utils import timezone

    application = make_application(alice, role_title="ML Engineer", stage="applied")
    services.change_stage(application=application, to_stage="closed", outcome="rejected")
    services.change_stage(application=application, to_stage="screening")

    services.undo_stage_change(application=application, now=timezone.now())

    application.refresh_from_db()
    assert (application.stage, application.outcome) == ("closed", "rejected")


def test_a_change_is_undone_only_within_the_window(alice):
    from django.utils import timezone

    application = make_application(alice, role_title="ML Engineer", stage="applied")
    services.change_stage(application=application, to_stage="screening")
    later = timezone.now() + services.UNDO_WINDOW + datetime.timedelta(seconds=1)

    with pytest.raises(ValidationError):
        services.undo_stage_change(application=application, now=later)

    assert application.stage_events.count() == 2


def test_the_stage_panel_offers_undo_and_undoes_in_place(alice_client, alice):
    from django.urls import reverse

    application = make_application(alice, role_title="ML Engineer", stage="applied")
    services.change_stage(application=application, to_stage="interviewing")
    htmx = {"HX-Request": "true", "HX-Target": "stage-panel"}

    page = alice_client.get(application.get_absolute_url()).content.decode()
    panel = alice_client.post(
        reverse("tracker:application_undo_stage", args=[application.pk]), headers=htmx
    ).content.decode()

    application.refresh_from_db()
    assert "Undo the move to interviewing" in page
    assert "Undone: the move to interviewing is gone." in panel
    assert "Undo the move" not in panel
    assert application.stage == "applied"
