"""What to learn next, the referral ask and the interview messages in a real browser, on
the demo account: each page filled in, a draft edited and its e-mail link following the
edit, and a screenshot of each in test-artifacts/."""

from urllib.parse import parse_qs, urlsplit

import pytest

from resumes.demo import load_demo_account
from tests.e2e.conftest import ARTIFACTS, log_in
from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME
from tracker.models import Interview, Referral

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_what_to_learn_next_on_the_demo_account(page):
    load_demo_account()
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)

    page.click("nav.site-nav >> text=What to learn")
    page.locator("#gaps .gap-table").first.wait_for()

    first_gaps = page.locator("#gaps .gap-table tbody th strong").all_inner_texts()[:3]
    # The demo's three most needed tools; their order is the ranking's, tested on its own
    # (tests/resumes/tailoring/test_gap_ranking.py), and moves with the demo's stages.
    assert set(first_gaps) == {"Apache Spark", "Kubernetes", "Amazon Web Services"}
    assert "tree-based models" in page.inner_text("#could-show")
    assert "tree-based models" not in "\n".join(page.locator("#gaps .gap-table").all_inner_texts())
    _shot(page, "what-to-learn-next")

    page.get_by_role("link", name="Startup 2").click()
    page.wait_for_url("**/skill-gaps/?tier=startup")
    assert "Kubernetes" in page.inner_text("#gaps")
    assert "Apache Spark" not in page.inner_text("#gaps")
    assert page.js_errors == []


def test_referral_ask_edits_follow_into_the_email_link(page):
    load_demo_account()
    referral = Referral.objects.get(contact__name="Priya Raman")
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)
    page.click("nav.site-nav >> text=Referrals")

    page.locator(f"#referral-{referral.pk}").get_by_role("link", name="Draft the ask").click()
    draft = page.locator(f"#referral-ask-{referral.pk}")
    draft.wait_for()
    assert "Wrote vectorised samplers in JAX" in draft.input_value()
    _shot(page, "referral-ask")

    draft.fill(draft.input_value().replace("I hope you're well.", "Long time no see!"))
    href = page.get_attribute(f"#referral-ask-{referral.pk}-mail", "href")

    query = parse_qs(urlsplit(href).query)
    assert href.startswith("mailto:?")  # Priya has no e-mail address in the contacts
    assert query["subject"] == ["Referral for ML Performance Engineer at Quiver Labs?"]
    assert query["body"][0].startswith("Hi Priya,\r\n\r\nLong time no see!")
    assert page.js_errors == []


def test_interview_messages_and_this_week_drafts(page):
    load_demo_account()
    screen = Interview.objects.get(interviewers="Hannah Weiss")
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)

    page.goto(f"{page.base_url}/interviews/{screen.pk}/messages/")
    mail = page.locator(f"#thank-you-{screen.pk}-mail")

    assert mail.inner_text() == "E-mail hannah.weiss@example.com"
    assert mail.get_attribute("href").startswith("mailto:hannah.weiss@example.com?subject=")
    _shot(page, "interview-messages")

    page.click("nav.site-nav >> text=This week")
    follow_up = page.locator("li[id^=follow-up-after_interview-]").first
    follow_up.locator("summary").click()
    assert (
        follow_up.locator("textarea")
        .input_value()
        .startswith("Subject: Following up: Senior Data Scientist, Pricing")
    )
    _shot(page, "this-week-drafts")
    assert page.js_errors == []


def test_the_new_pages_fit_a_phone(page):
    load_demo_account()
    priya = Referral.objects.get(contact__name="Priya Raman")
    screen = Interview.objects.get(interviewers="Hannah Weiss")
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)

    too_wide = {}
    for path in (
        "/resume/skill-gaps/",
        f"/resume/referrals/{priya.pk}/ask/",
        f"/interviews/{screen.pk}/messages/",
    ):
        page.goto(f"{page.base_url}{path}")
        width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > window:
            too_wide[path] = width
    _shot(page, "interview-messages-phone")

    assert too_wide == {}
