"""The demo account's dashboard in a real browser: What works and the hours on interviews
are filled in and readable, on a desk and on a phone (screenshots in test-artifacts/)."""

import pytest

from resumes.demo import load_demo_account
from tests.e2e.conftest import ARTIFACTS, log_in
from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_demo_dashboard_shows_what_works_and_the_hours(page, width):
    load_demo_account()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)

    page.goto(f"{page.base_url}/dashboard/")

    what_works = page.locator("#what-works")
    hours = page.locator("#interview-hours")
    ARTIFACTS.mkdir(exist_ok=True)
    what_works.screenshot(path=str(ARTIFACTS / f"dashboard-what-works-{width}.png"))
    hours.screenshot(path=str(ARTIFACTS / f"dashboard-interview-hours-{width}.png"))
    assert "of the 15 you sent" in what_works.inner_text()
    assert what_works.locator("tbody th[scope=colgroup]").all_inner_texts() == [
        "STYLE",  # shown in capitals by the style sheet
        "PAGES",
        "REFRAMING RULES USED",
        "HEADLINE",
        "SUMMARY OPENS WITH",
        "TIER",
        "CHANNEL",
        "ROLE FAMILY",
    ]
    # A headline is a sentence: its cell keeps room for words, never a letter a line.
    headline = what_works.locator("th[scope=row]", has_text="Postdoctoral Researcher").first
    assert headline.bounding_box()["width"] > 150
    assert "Take-home" in hours.inner_text()
    # Wider tables scroll inside their card; the page itself never does.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.js_errors == []
