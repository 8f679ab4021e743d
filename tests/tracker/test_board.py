from django.urls import reverse

from tests.factories import make_application, make_company
from tracker.models import StageEvent


def test_board_groups_cards_by_stage(alice_client, alice):
    make_application(alice, role_title="Saved role", stage="saved")
    make_application(
        alice, make_company(alice, "Kestrel", "finance"), role_title="Quant", stage="interviewing"
    )

    response = alice_client.get(reverse("tracker:board"))

    columns = {c["stage"]: [a.role_title for a in c["cards"]] for c in response.context["columns"]}
    assert columns["saved"] == ["Saved role"]
    assert columns["interviewing"] == ["Quant"]
    assert columns["offer"] == []


def test_board_move_records_stage_event(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:board_move", args=[alice_application.pk]), {"move_to": "screening"}
    )

    alice_application.refresh_from_db()
    assert response.status_code == 302
    assert alice_application.stage == "screening"
    assert list(
        StageEvent.objects.filter(application=alice_application).values_list(
            "from_stage", "to_stage"
        )
    ) == [("", "applied"), ("applied", "screening")]


def test_board_move_to_closed_carries_outcome(alice_client, alice_application):
    alice_client.post(
        reverse("tracker:board_move", args=[alice_application.pk]), {"move_to": "closed:ghosted"}
    )

    alice_application.refresh_from_db()
    assert (alice_application.stage, alice_application.outcome) == ("closed", "ghosted")


def test_board_move_htmx_returns_board_fragment(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:board_move", args=[alice_application.pk]),
        {"move_to": "offer"},
        headers={"HX-Request": "true", "HX-Target": "board"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board"')
    assert "<html" not in body


def test_board_htmx_get_returns_board_fragment_without_chrome(alice_client, alice):
    make_application(alice, role_title="Research Engineer", stage="screening")

    response = alice_client.get(
        reverse("tracker:board"), headers={"HX-Request": "true", "HX-Target": "board"}
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board" class="board">')
    assert body.rstrip().endswith("</div>")
    assert "site-header" not in body
    assert '<form id="quick-add"' not in body
    assert "Research Engineer" in body


def test_board_page_holds_quick_add_and_board(alice_client, alice):
    make_application(alice, role_title="Research Engineer", stage="screening")

    response = alice_client.get(reverse("tracker:board"))

    body = response.content.decode()
    assert "site-header" in body
    assert '<form id="quick-add"' in body
    assert '<div id="board" class="board">' in body


def test_board_move_invalid_target_changes_nothing(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:board_move", args=[alice_application.pk]), {"move_to": "closed:bogus"}
    )

    alice_application.refresh_from_db()
    assert response.status_code == 200
    assert "Pick where to move it." in response.content.decode()
    assert alice_application.stage == "applied"


def test_each_card_says_how_long_it_has_sat_in_its_stage(alice_client, alice):
    import datetime

    from django.utils import timezone

    from tracker import services

    today = timezone.localdate()
    sitting = make_application(
        alice, role_title="ML Engineer", stage="applied",
        happened_on=today - datetime.timedelta(days=12),
    )  # fmt: skip
    moved = make_application(alice, make_company(alice, "Lumen Maps"), role_title="Researcher")
    services.change_stage(application=moved, to_stage="screening")

    page = alice_client.get(reverse("tracker:board")).content.decode()

    assert f'id="card-{sitting.pk}"' in page
    assert "12 days here" in page
    assert "here since today" in page


def test_the_closed_column_shows_the_latest_few_and_counts_the_rest(alice_client, alice):
    from tracker.views.board import CLOSED_CARDS

    company = make_company(alice, "Kestrel", "finance")
    closed = [
        make_application(
            alice, company, role_title=f"Closed role {n}", stage="closed", outcome="rejected"
        )
        for n in range(CLOSED_CARDS + 2)
    ]

    response = alice_client.get(reverse("tracker:board"))

    columns = {column["stage"]: column for column in response.context["columns"]}
    latest_first = [application.pk for application in reversed(closed)][:CLOSED_CARDS]
    assert [card.pk for card in columns["closed"]["cards"]] == latest_first
    assert columns["closed"]["total"] == CLOSED_CARDS + 2
    assert (
        '<a href="/applications/?stage=closed">2 more in the table</a>' in response.content.decode()
    )
