"""Preparing for interviews and recording work authorisation, in a real browser, on the
demo account (what a newcomer sees after `bash .ci/demo`) and on an empty one."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from resumes.demo import load_demo_account
from resumes.models import BulletNote
from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories import make_application
from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME, QUANT, RANKING
from tracker.models import Application, Company

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Open with the bug's symptom; the fix in one sentence; then what it saved."


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_a_note_written_for_one_interview_is_there_for_the_next(page):
    demo = load_demo_account()
    ranking = Application.objects.get(owner=demo, role_title=RANKING)
    quant = Application.objects.get(owner=demo, role_title=QUANT)
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)
    page.goto(f"{page.base_url}{ranking.get_absolute_url()}")

    page.click("#interviews >> text=Interview prep")
    page.wait_for_url(f"{page.base_url}/applications/{ranking.pk}/prep/")
    bullet = page.locator(".prep-bullet", has_text="Found and fixed a numerical instability")
    bullet.locator("textarea").fill(NOTE)
    bullet.get_by_role("button", name="Save note").click()
    bullet.locator(".note-status", has_text="Saved.").wait_for()

    assert BulletNote.objects.filter(owner=demo, text=NOTE).count() == 1
    assert page.locator(".prep-round").count() == 2  # the loop, and the team match planned
    _shot(page, "interview-prep-demo.png")
    page.goto(f"{page.base_url}/applications/{quant.pk}/prep/")
    same = page.locator(".prep-bullet", has_text="Found and fixed a numerical instability")
    assert same.locator("textarea").input_value() == NOTE
    _shot(page, "interview-prep-demo-superday.png")
    assert page.js_errors == []


def test_prep_page_of_a_person_with_nothing_yet_says_what_goes_there(page):
    user = User.objects.create_user("kai", "kai@example.com", "kai-password-1")
    application = make_application(user, role_title="ML Engineer", stage="applied")
    log_in(page, "kai", "kai-password-1")

    page.goto(f"{page.base_url}/applications/{application.pk}/prep/")

    assert "No rounds ahead." in page.inner_text("#rounds-ahead")
    assert "No résumé is marked as sent" in page.inner_text("#prep-resume")
    _shot(page, "interview-prep-empty.png")
    assert page.js_errors == []


def test_work_authorisation_from_settings_to_the_company_and_the_table(page):
    user = User.objects.create_user("lena", "lena@example.com", "lena-password-1")
    application = make_application(user, role_title="Research Engineer", stage="applied")
    make_application(user, _company(user, "Quiver Labs"), role_title="ML Engineer")
    log_in(page, "lena", "lena-password-1")

    page.goto(f"{page.base_url}/settings/")
    page.fill("#id_work_authorisation", "Indian citizen; every role outside India needs a visa.")
    page.check("#id_needs_sponsorship")
    page.click("#work-authorisation-form button[type=submit]")
    page.wait_for_selector("#work-authorisation-form >> text=Work authorisation saved.")
    _shot(page, "settings-work-authorisation.png")

    page.goto(f"{page.base_url}/companies/{application.company_id}/edit/")
    page.select_option("#id_sponsorship", "yes")
    page.fill("#id_sponsorship_source", "https://orbital.example/careers/faq")
    page.fill("#id_sponsorship_checked_on", "2026-11-30")
    page.fill("#id_sponsorship_note", "H-1B and O-1; not for interns")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(f"{page.base_url}/companies/{application.company_id}/")
    facts = page.inner_text("#sponsorship")
    assert "Sponsors visas" in facts
    assert "30 Nov 2026" in facts
    _shot(page, "company-sponsorship.png")

    page.goto(f"{page.base_url}/applications/")
    page.select_option("#id_sponsorship", "yes")
    rows = page.locator("#application-table tbody tr")
    expect(rows).to_have_count(1)
    assert "Orbital Cloud" in rows.first.inner_text()
    assert "sponsorship=yes" in page.url
    assert "You need visa sponsorship" in page.inner_text("#sponsorship-note")
    _shot(page, "applications-sponsorship-filter.png")
    assert page.js_errors == []


def _company(user: User, name: str) -> Company:
    return Company.objects.create(owner=user, name=name, tier="startup")
