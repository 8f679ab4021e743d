"""At phone width (375 px) no page of the demo account scrolls sideways.

Wide content (tables, the board's columns) scrolls inside its own container; the page
itself must fit the screen, or every line of text slides off with it.
"""

import pytest
from django.urls import reverse

from resumes.demo import load_demo_account
from resumes.models import Posting
from tests.e2e.conftest import log_in
from tests.resumes.factories import make_posting
from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME
from tracker.models import Application, Company, Contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
MAIN_PAGES = [
    "tracker:overview",
    "tracker:application_list",
    "tracker:board",
    "tracker:dashboard",
    "tracker:this_week",
    "tracker:contact_list",
    "tracker:referral_list",
    "tracker:company_list",
    "tracker:settings",
    "tracker:data",
    "resumes:inventory",
    "resumes:posting_list",
]


@pytest.fixture
def phone(page):
    """The demo account, signed in on a phone-sized screen."""
    demo = load_demo_account()
    make_posting(demo, title="Research Scientist, Forecasting", company="Two Rivers Capital")
    page.set_viewport_size(PHONE)
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)
    page.demo = demo
    return page


def _too_wide(page, paths: dict[str, str]) -> dict[str, int]:
    """Each page whose document is wider than the window, with its width in pixels."""
    widths = {}
    for label, path in paths.items():
        page.goto(f"{page.base_url}{path}")
        width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > window:
            widths[label] = width
    return widths


def test_main_pages_fit_phone_width(phone):
    paths = {name: reverse(name) for name in MAIN_PAGES}

    assert _too_wide(phone, paths) == {}
    assert phone.js_errors == []


def test_board_columns_scroll_inside_the_board_at_phone_width(phone):
    phone.goto(f"{phone.base_url}{reverse('tracker:board')}")

    content, box = phone.eval_on_selector(
        "#board", "board => [board.scrollWidth, board.clientWidth]"
    )

    assert content > box


def test_every_application_page_fits_phone_width(phone):
    applications = Application.objects.for_user(phone.demo).select_related("company")
    paths = {f"{a.role_title} at {a.company.name}": a.get_absolute_url() for a in applications}

    assert len(paths) >= 15
    assert _too_wide(phone, paths) == {}


def test_every_company_and_contact_page_fits_phone_width(phone):
    companies = {c.name: c.get_absolute_url() for c in Company.objects.for_user(phone.demo)}
    contacts = {c.name: c.get_absolute_url() for c in Contact.objects.for_user(phone.demo)}
    postings = {p.title: p.get_absolute_url() for p in Posting.objects.filter(owner=phone.demo)}

    assert _too_wide(phone, companies | contacts | postings) == {}
