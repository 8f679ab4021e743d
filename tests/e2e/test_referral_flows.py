"""Moving referrals on in one click, and confirming new companies' tiers, in a real browser."""

import pytest
from django.contrib.auth.models import User

from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories import make_application, make_company, make_contact, make_referral
from tracker.models import Application, CsvImport, Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_one_click_moves_a_referral_on_the_referrals_page(page):
    user = User.objects.create_user("iris", "iris@example.com", "iris-password-1")
    lumen = make_company(user, "Lumen Maps", "mid_size")
    asked = make_referral(
        user, make_application(user, lumen, role_title="ML Engineer", stage="applied"),
        make_contact(user, "Priya Raman"), stage="asked",
    )  # fmt: skip
    make_referral(
        user, make_application(user, lumen, role_title="Research Engineer", stage="applied"),
        make_contact(user, "Jonas Berg"), stage="submitted",
    )  # fmt: skip
    log_in(page, "iris", "iris-password-1")
    page.click("nav.site-nav >> text=Referrals")
    row = page.locator(f"#referral-{asked.pk}")

    row.get_by_role("button", name="Agreed").click()
    row.locator(".badge.referral-agreed").wait_for()

    asked.refresh_from_db()
    assert asked.stage == "agreed"
    assert (
        page.locator("#referral-board .message-success")
        .inner_text()
        .startswith("Priya Raman: agreed. Next nudge on")
    )
    assert page.locator(".tabs").inner_text().split("\n") == [
        "All 2", "To ask 0", "Asked 0", "Agreed 1", "Submitted 1", "Confirmed 0", "Declined 0",
        "No reply 0",
    ]  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "referrals-one-click.png"), full_page=True)
    assert page.js_errors == []


def test_confirming_a_referral_on_the_application_page_shows_the_new_channel(page):
    user = User.objects.create_user("jude", "jude@example.com", "jude-password-1")
    application = make_application(user, role_title="ML Engineer", stage="applied")
    referral = make_referral(user, application, stage="submitted")
    log_in(page, "jude", "jude-password-1")
    page.goto(f"{page.base_url}{application.get_absolute_url()}")
    assert page.inner_text("#application-channel") == "Cold application"

    page.locator(f"#referral-{referral.pk}").get_by_role("button", name="Confirmed").click()
    page.locator(f"#referral-{referral.pk} .badge.referral-confirmed").wait_for()

    assert page.inner_text("#application-channel") == "Referral"
    assert Application.objects.get(pk=application.pk).source == "referral"
    assert Referral.objects.get(pk=referral.pk).next_follow_up_on is None
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "application-referral-confirmed.png"), full_page=True)
    assert page.js_errors == []


def test_the_import_preview_suggests_tiers_and_takes_a_change(page, tmp_path):
    User.objects.create_user("kai", "kai@example.com", "kai-password-1")
    upload = tmp_path / "applications.csv"
    upload.write_text("Company,Job Title\nJane Street,Quant Researcher\nTensorloom,MLE\n")
    log_in(page, "kai", "kai-password-1")
    page.goto(f"{page.base_url}/data/import/")
    page.set_input_files("input[type=file]", str(upload))
    page.click("main button[type=submit]")
    page.wait_for_selector("text=New companies")
    assert page.input_value("#id_new-company-0") == "finance"

    page.select_option("#id_new-company-1", "startup")
    page.wait_for_selector("text=Import 2 applications")

    assert CsvImport.objects.get().options["company_tiers"] == {"TENSORLOOM": "startup"}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-new-company-tiers.png"), full_page=True)
    assert page.js_errors == []
