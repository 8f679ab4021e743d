"""Saving a job from its own page, in a real browser: the bookmarklet from the Settings
page run on a job's page, the clip page it opens, and the one click that saves.

Screenshots of the steps land in test-artifacts/clip/.
"""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from resumes.models import Posting
from tests.e2e.conftest import ARTIFACTS, log_in
from tracker.models import Application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = ARTIFACTS / "clip"
JOB_URL = "https://jobs.example.com/acme-robotics/4815?utm_source=board"
JOB_PAGE = """<!doctype html><html><head><title>Machine Learning Engineer, Perception -
Acme Robotics | LinkedIn</title></head><body><h1>Machine Learning Engineer</h1>
<div id="posting"><h2>What you will do</h2><p>Train perception models in PyTorch.</p>
<ul><li>3+ years of Python</li><li>Experience with A/B testing — and “quotes”</li></ul>
</div><footer>Apply now</footer></body></html>"""


@pytest.fixture
def person(page):
    user = User.objects.create_user("ines", "ines@example.com", "ines-password-1")
    log_in(page, "ines", "ines-password-1")
    return user


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _bookmarklet_code(page) -> str:
    """The code of the bookmarklet as the Settings page offers it (its link's address)."""
    page.goto(f"{page.base_url}{reverse('tracker:settings')}")
    address = page.get_attribute("#bookmarklet a.bookmarklet", "href")
    assert address.startswith("javascript:")
    return page.evaluate("address => decodeURIComponent(address.slice(11))", address)


def _open_job_page(page, html: str = JOB_PAGE) -> None:
    """The job's page, on another site (served by the browser's router, not the network)."""
    page.route(
        "https://jobs.example.com/**",
        lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
    )
    page.goto(JOB_URL)


def test_the_clip_page_saves_the_job_with_one_click(page, person):
    query = {
        "url": JOB_URL,
        "title": "Acme Robotics hiring Machine Learning Engineer in London | LinkedIn",
        "text": "Train perception models in PyTorch.\n- 3+ years of Python",
    }
    page.goto(f"{page.base_url}{reverse('tracker:clip')}?{urlencode(query)}")
    _shot(page, "clip-page")

    assert page.input_value("#id_company_name") == "Acme Robotics"
    assert page.input_value("#id_role_title") == "Machine Learning Engineer"
    assert page.input_value("#id_posting_text") == query["text"]
    page.click("form.clip-form button[type=submit]")
    page.wait_for_selector("text=Now tracking Machine Learning Engineer at Acme Robotics")
    _shot(page, "clip-saved")

    application = Application.objects.get(owner=person)
    assert (application.stage, application.posting_url) == ("saved", JOB_URL)
    assert page.url == f"{page.base_url}{application.get_absolute_url()}"
    assert Posting.objects.get(application=application).text == query["text"]
    assert page.js_errors == []


def test_the_bookmarklet_sends_the_page_and_its_selection_to_the_clip_page(page, person):
    code = _bookmarklet_code(page)
    _open_job_page(page)
    page.evaluate("window.getSelection().selectAllChildren(document.getElementById('posting'))")

    with page.context.expect_page() as opened:
        page.evaluate(code)  # what clicking the bookmark does on the job's page
    clip = opened.value
    clip.wait_for_load_state()
    _shot(clip, "bookmarklet-opened")
    sent = parse_qs(urlsplit(clip.url).query)
    clip.click("form.clip-form button[type=submit]")
    clip.wait_for_selector("text=Now tracking")

    application = Application.objects.get(owner=person)
    assert clip.url.startswith(f"{page.base_url}/")
    assert sent["url"] == [JOB_URL]
    assert "cut" not in sent
    assert (application.company.name, application.role_title) == (
        "Acme Robotics",
        "Machine Learning Engineer, Perception",
    )
    posting = Posting.objects.get(application=application)
    assert "Experience with A/B testing — and “quotes”" in posting.text
    assert posting.text.startswith("What you will do")


def test_the_bookmarklet_cuts_a_long_selection_to_fit_an_address(page, person):
    code = _bookmarklet_code(page)
    long_posting = JOB_PAGE.replace(
        "<footer>", f"<p>{'Ümlaut-heavy requirement — ' * 400}</p></div><footer>"
    )
    _open_job_page(page, long_posting)
    page.evaluate("window.getSelection().selectAllChildren(document.body)")

    with page.context.expect_page() as opened:
        page.evaluate(code)
    clip = opened.value
    clip.wait_for_load_state()
    _shot(clip, "bookmarklet-cut")

    assert len(clip.url) <= 4800
    assert parse_qs(urlsplit(clip.url).query)["cut"] == ["1"]
    assert clip.is_visible("text=Only the first part of your selection fitted")
    assert clip.input_value("#id_posting_text").startswith("Machine Learning Engineer")


def test_without_a_selection_the_posting_is_fetched_after_saving(page, person):
    code = _bookmarklet_code(page)
    _open_job_page(page)

    with page.context.expect_page() as opened:
        page.evaluate(code)
    clip = opened.value
    clip.wait_for_load_state()

    assert clip.is_checked("#id_fetch_posting")
    clip.click("form.clip-form button[type=submit]")
    clip.wait_for_selector("text=Its posting is being fetched from the page.")
    posting = Posting.objects.get(owner=person)
    assert (posting.url, posting.source) == (JOB_URL, Posting.Source.URL)


def test_the_bookmarklet_says_how_to_use_it_when_clicked_on_reframe(page, person):
    page.goto(f"{page.base_url}{reverse('tracker:settings')}")
    _shot(page, "settings-bookmarklet")

    page.click("#bookmarklet a.bookmarklet")

    assert page.is_visible("#bookmarklet-hint")
    assert page.url == f"{page.base_url}{reverse('tracker:settings')}"
    assert page.js_errors == []


def test_logging_in_returns_to_the_clip_page_prefilled(page, live_server):
    User.objects.create_user("jon", "jon@example.com", "jon-password-1")
    query = {"url": JOB_URL, "title": "Acme - Research Engineer", "text": "Rust & CUDA, 100%"}
    clip = f"{live_server.url}{reverse('tracker:clip')}?{urlencode(query)}"

    page.goto(clip)
    page.fill("#id_username", "jon")
    page.fill("#id_password", "jon-password-1")
    page.click("button[type=submit]")
    page.wait_for_url(clip)

    assert page.input_value("#id_role_title") == "Research Engineer"
    assert page.input_value("#id_posting_text") == "Rust & CUDA, 100%"
