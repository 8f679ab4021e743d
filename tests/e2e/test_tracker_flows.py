"""Signing up and tracking applications, in a real browser."""

import pytest
from django.contrib.auth.models import User

from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories import make_application, make_company
from tracker.accounts.mail import confirmation_path
from tracker.models import Application, Preferences, StageEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_then_quick_add_an_application(page, tasks_run_in_process):
    page.goto(f"{page.base_url}/accounts/signup/")
    page.fill("#id_username", "carol")
    page.fill("#id_email", "carol@example.com")
    page.fill("#id_password1", "a-long-unusual-passphrase")
    page.fill("#id_password2", "a-long-unusual-passphrase")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Check your e-mail")
    # The link the worker e-mails (its sending is tested in tests/test_accounts.py).
    carol = User.objects.get(username="carol")
    page.goto(f"{page.base_url}{confirmation_path(carol)}")
    page.click("text=Confirm and log in")
    page.wait_for_url(f"{page.base_url}/")

    page.fill("#id_company_name", "Quiver Labs")
    page.fill("#id_role_title", "ML Performance Engineer")
    page.select_option("#id_stage", "applied")
    page.select_option("#id_new_company_tier", "startup")
    page.click("#quick-add button[type=submit]")
    page.wait_for_selector("text=Now tracking ML Performance Engineer at Quiver Labs")

    application = Application.objects.get(owner__username="carol")
    assert (application.company.tier, application.stage) == ("startup", "applied")
    assert User.objects.get(username="carol").preferences.time_zone != ""
    assert page.js_errors == []


def test_quick_add_error_shows_in_place_without_losing_input(page):
    User.objects.create_user("dora", "dora@example.com", "dora-password-1")
    log_in(page, "dora", "dora-password-1")

    page.fill("#id_company_name", "Brand New Co")
    page.fill("#id_role_title", "Research Engineer")
    page.click("#quick-add button[type=submit]")

    page.wait_for_selector("text=is new: pick its tier")
    assert page.input_value("#id_role_title") == "Research Engineer"
    assert Application.objects.count() == 0


def _board_column(page, stage: str):
    return page.locator(f"section.board-column[data-stage='{stage}']")


def test_drag_a_card_across_the_board_records_the_stage_change(page):
    user = User.objects.create_user("erin", "erin@example.com", "erin-password-1")
    application = make_application(
        user, make_company(user, "Lumen Maps", "mid_size"), role_title="ML Engineer",
        stage="applied",
    )  # fmt: skip
    log_in(page, "erin", "erin-password-1")
    page.goto(f"{page.base_url}/board/")

    page.locator(f"#card-{application.pk}").drag_to(_board_column(page, "screening").locator("ol"))
    _board_column(page, "screening").locator(f"#card-{application.pk}").wait_for()

    application.refresh_from_db()
    assert application.stage == "screening"
    assert list(
        StageEvent.objects.filter(application=application).values_list("from_stage", "to_stage")
    ) == [("", "applied"), ("applied", "screening")]
    assert page.js_errors == []


def test_board_keyboard_fallback_moves_a_card(page):
    user = User.objects.create_user("finn", "finn@example.com", "finn-password-1")
    application = make_application(user, stage="applied")
    log_in(page, "finn", "finn-password-1")
    page.goto(f"{page.base_url}/board/")

    page.select_option(f"#move-{application.pk}", "closed:ghosted")
    page.locator(f"#card-{application.pk} button[type=submit]").click()
    _board_column(page, "closed").locator(f"#card-{application.pk}").wait_for()
    page.wait_for_function(f"() => document.activeElement.id === 'move-{application.pk}'")

    _keep_screenshot(page, "board-after-keyboard-move")

    application.refresh_from_db()
    assert (application.stage, application.outcome) == ("closed", "ghosted")
    # The focus is back on the moved card's menu, not lost to the page.
    assert page.evaluate("() => document.activeElement.id") == f"move-{application.pk}"


def test_posting_html_never_runs_in_the_page(page):
    user = User.objects.create_user("gus", "gus@example.com", "gus-password-1")
    payload = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    application = make_application(user, posting_text=payload, notes=payload)
    log_in(page, "gus", "gus-password-1")

    page.goto(f"{page.base_url}/applications/{application.pk}/")

    assert page.evaluate("window.__pwned") is None
    assert payload in page.inner_text("pre.posting-text")


def test_add_an_interview_in_another_time_zone(page):
    user = User.objects.create_user("lena", "lena@example.com", "lena-password-1")
    Preferences.objects.update_or_create(user=user, defaults={"time_zone": "Europe/Stockholm"})
    application = make_application(user, stage="interviewing")
    log_in(page, "lena", "lena-password-1")

    page.goto(f"{page.base_url}/applications/{application.pk}/")
    page.click("text=Add interview")
    page.select_option("#id_kind", "ml_system_design")
    page.fill("#id_scheduled_at", "2026-12-03T09:30")
    page.select_option("#id_time_zone", "America/New_York")
    page.fill("#id_interviewers", "Priya (staff MLE)")
    page.click("text=Add it")
    page.wait_for_selector("text=Added ML system design")

    interview = application.interviews.get()
    assert interview.scheduled_at.isoformat() == "2026-12-03T14:30:00+00:00"
    # Shown in the person's own zone: 09:30 in New York is 15:30 in Stockholm.
    assert "15:30" in page.inner_text("#interviews")
    assert page.js_errors == []


def _table_of_two_tiers(page, name: str) -> None:
    """A person with a finance and a mid-size application, on their applications table."""
    user = User.objects.create_user(name, f"{name}@example.com", f"{name}-password-1")
    make_application(
        user, make_company(user, "Jane Street", "finance"), role_title="Quant Researcher"
    )
    make_application(user, make_company(user, "Lumen Maps", "mid_size"), role_title="ML Engineer")
    log_in(page, name, f"{name}-password-1")
    page.goto(f"{page.base_url}/applications/")


def test_back_after_filtering_shows_the_whole_page_with_its_filters(page):
    _table_of_two_tiers(page, "fern")

    page.select_option("#id_tier", "finance")
    page.wait_for_selector("text=Quant Researcher")
    page.wait_for_function("() => !document.body.innerText.includes('ML Engineer')")
    page.click("text=Quant Researcher")
    page.wait_for_selector("h1:has-text('Quant Researcher')")
    page.go_back()
    page.wait_for_selector("text=Quant Researcher")

    _keep_screenshot(page, "applications-after-back")

    # The whole page (navigation and all), not the table's fragment; the filter as chosen.
    assert page.locator("nav").count() > 0
    assert page.locator("#id_tier").input_value() == "finance"
    assert "ML Engineer" not in page.inner_text("#application-table")
    assert page.js_errors == []


def test_back_between_two_filters_restores_the_first_filter_as_chosen(page):
    _table_of_two_tiers(page, "gus")

    page.select_option("#id_tier", "finance")
    page.wait_for_function("() => !document.body.innerText.includes('ML Engineer')")
    page.select_option("#id_tier", "mid_size")
    page.wait_for_function("() => !document.body.innerText.includes('Quant Researcher')")
    page.go_back()  # htmx puts back its copy of the page as it was
    page.wait_for_selector("text=Quant Researcher")

    assert page.locator("#id_tier").input_value() == "finance"
    assert page.js_errors == []


def test_every_board_column_is_visible_at_1280_px(page):
    user = User.objects.create_user("hal", "hal@example.com", "hal-password-1")
    company = make_company(user, "Orbital Cloud", "big_tech")
    for stage in ("saved", "applied", "screening", "interviewing", "offer"):
        make_application(
            user, company, role_title=f"Machine Learning Engineer, {stage}", stage=stage
        )
    log_in(page, "hal", "hal-password-1")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base_url}/board/")

    overflow = page.evaluate(
        "() => { const b = document.querySelector('.board');"
        " return b.scrollWidth - b.clientWidth; }"
    )

    _keep_screenshot(page, "board-at-1280")

    assert overflow <= 0  # the Closed column is not clipped
    assert _board_column(page, "closed").is_visible()


def test_a_misdrag_is_undone_from_the_stage_panel_and_leaves_no_event(page):
    user = User.objects.create_user("ivy", "ivy@example.com", "ivy-password-1")
    application = make_application(user, role_title="ML Engineer", stage="applied")
    log_in(page, "ivy", "ivy-password-1")
    page.goto(f"{page.base_url}{application.get_absolute_url()}")

    page.select_option("#id_stage", "interviewing")
    page.click("#stage-panel button:has-text('Record change')")
    page.click("text=Undo the move to interviewing")
    page.wait_for_selector("text=Undone: the move to interviewing is gone.")
    _keep_screenshot(page, "application-after-undo")

    application.refresh_from_db()
    assert application.stage == "applied"
    assert list(
        StageEvent.objects.filter(application=application).values_list("from_stage", "to_stage")
    ) == [("", "applied")]
    assert "Interviewing" not in page.inner_text("#stage-panel .timeline")
    assert page.js_errors == []


def _keep_screenshot(page, name: str) -> None:
    """A picture of the page for a reviewer, kept with the run's artifacts."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
