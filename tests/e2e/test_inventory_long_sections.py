"""A long inventory section, paged, in a real browser: its page links work from the
keyboard, and moving an entry across a page boundary keeps it in view."""

import pytest
from django.contrib.auth.models import User

from tests.e2e.conftest import log_in
from tests.resumes.factories import make_entry

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_long_section_pages_from_the_keyboard_and_keeps_a_moved_entry_in_view(page):
    user = User.objects.create_user("jun", "jun@example.com", "jun-password-1")
    papers = [
        make_entry(user, kind="publication", title=f"Paper {n}", venue="JMLR", order=n)
        for n in range(25)
    ]
    log_in(page, "jun", "jun-password-1")
    page.goto(f"{page.base_url}/resume/")
    section = page.locator("#section-publication")

    pages = page.get_by_role("navigation", name="Pages of Publications")
    pages.get_by_role("link", name="2").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**publication_page=2**")

    assert section.locator("h3").all_inner_texts() == [f"Paper {n}" for n in range(10, 20)]
    assert section.get_by_text("11–20 of 25").is_visible()

    # The first paper of page two moves up onto page one: page one comes back, with it.
    page.get_by_role("button", name="Move Paper 10 up").click()
    page.wait_for_selector("#section-publication >> text=1–10 of 25")

    titles = section.locator("h3").all_inner_texts()
    assert titles[-2:] == ["Paper 8", "Paper 10"]
    assert section.locator(f"#entry-{papers[10].pk}").is_visible()
    assert page.js_errors == []
