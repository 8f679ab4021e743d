"""At phone width (375 px) no page of the site scrolls sideways.

Wide content (the board's columns, a long table that cannot be a list) scrolls inside its
own container; the page itself must fit the screen, or every line of text slides off with
it. Every page is visited: the whole-site walk of the security tests (every named URL, with
the demo account's objects in it) gives the addresses, and each page's screenshot is kept
in test-artifacts/phone/ for a person to look at.
"""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories import make_csv_import
from tests.security.walk import build_world, is_html, named_patterns
from tests.test_anonymous_access import PUBLIC
from tracker.demo import DEMO_PASSWORD, DEMO_USERNAME
from tracker.models import Application, Company, Contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
SCREENSHOTS = ARTIFACTS / "phone"
# Named URLs that answer no page of their own, and why; every other one must be visited.
NOT_PAGES = {
    "healthz": "a plain-text health check",
    "logout": "POST only",
    "tracker:application_stage": "POST only",
    "tracker:application_undo_stage": "POST only",
    "tracker:board_move": "POST only",
    "tracker:calendar_feed_settings": "POST only",
    "tracker:work_authorisation": "POST only",
    "tracker:application_follow_up": "POST only",
    "tracker:interview_follow_up": "POST only",
    "tracker:referral_follow_up": "POST only",
    "tracker:referral_stage": "POST only",
    "tracker:interview_ics": "a calendar file",
    "tracker:calendar_feed": "a calendar file",
    "tracker:export_csv": "a CSV file",
    "tracker:export_json": "a JSON file",
    "tracker:import_confirm": "POST only",
    "tracker:import_cancel": "POST only",
    "resumes:entry_delete": "POST only",
    "resumes:entry_move": "POST only",
    "resumes:bullet_create": "POST only",
    "resumes:bullet_move": "POST only",
    "resumes:bullet_delete": "POST only",
    "resumes:skill_delete": "POST only",
    "resumes:import_confirm": "POST only",
    "resumes:import_discard": "POST only",
    "resumes:export_json_resume": "a JSON file",
    "resumes:posting_delete": "POST only",
    "resumes:posting_refetch": "POST only",
    "resumes:build_request": "POST only",
    "resumes:build_download": "a DOCX file",
    "resumes:build_cover_letter_download": "a DOCX file",
    "resumes:build_retry": "POST only",
    "resumes:build_mark_sent": "POST only",
    "resumes:prep_note_save": "POST only",
    # Links whose secret token the walk cannot hold: the answer is an error page.
    "signup_confirm": "needs a real token",
    "tracker:digest_unsubscribe": "needs a real token",
}
# Pages that send a signed-in person elsewhere: visited signed out.
SIGNED_OUT_PAGES = {"signup"}
# Pages that show more with a query: the clip page as the bookmarklet opens it.
QUERIES = {
    "tracker:clip": "?"
    + urlencode(
        {
            "url": "https://jobs.example.com/acme-robotics/senior-machine-learning-engineer-"
            "perception-and-planning-4815162342?utm_source=newsletter&utm_campaign=spring",
            "title": "Senior Machine Learning Engineer, Perception and Planning - "
            "Acme Robotics | LinkedIn",
            "text": "About the role\n" + "We build robots that see. " * 40,
        }
    ),
}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def phone(page, world):
    """The demo account (and one of every object it lacks), signed in on a phone."""
    page.set_viewport_size(PHONE)
    # The digest's e-mail, shown on its own, links no icon: the browser asks for this one.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)
    page.demo = world.user
    return page


def _pages(world) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(name, address) of every page that answers the demo account with HTML, and the
    status of every other named URL."""
    paths = world.paths()
    # An import on its way through a worker: the walk's own import waits for confirmation.
    queued = make_csv_import(world.user, import_queued_at=timezone.now())
    paths.append(("tracker:import_progress", reverse("tracker:import_progress", args=[queued.pk])))
    pages, others = [], {}
    for name, path in paths:
        path += QUERIES.get(name, "")
        response = world.client.get(path)
        if response.status_code == 200 and is_html(response):
            pages.append((name, path))
        else:
            others[name] = response.status_code
    visited = {name for name, _ in pages}
    return pages, {name: status for name, status in others.items() if name not in visited}


def _screenshot_name(name: str, path: str) -> str:
    return re.sub(r"[^\w.-]+", "-", f"{name} {path.split('?')[0]}").strip("-") + ".png"


# The innermost elements that stick out past the window's right edge, to say what to fix.
STICKING_OUT = """() => {
  const edge = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll("body *")].filter(
    (e) => e.getBoundingClientRect().right > edge + 0.5
  );
  return out
    .filter((e) => !out.some((inner) => inner !== e && e.contains(inner)))
    .slice(0, 3)
    .map((e) => [e.tagName.toLowerCase(), ...(e.getAttribute("class") || "").split(/\\s+/)]
      .filter(Boolean).join("."));
}"""


def _too_wide(page, paths: list[tuple[str, str]], screenshots: bool = False) -> dict[str, str]:
    """Each page whose document is wider than the window: its width in pixels and the
    innermost elements that stick out."""
    widths = {}
    for label, path in paths:
        page.goto(f"{page.base_url}{path}")
        width, window = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if screenshots:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            target = SCREENSHOTS / _screenshot_name(label, path)
            page.screenshot(path=str(target), full_page=True)
        if width > window:
            widths[f"{label} {path}"] = f"{width} px: {', '.join(page.evaluate(STICKING_OUT))}"
    return widths


def test_every_page_fits_phone_width(phone, world):
    pages, others = _pages(world)

    too_wide = _too_wide(phone, pages, screenshots=True)

    assert too_wide == {}
    assert phone.js_errors == []
    # Every named URL was visited, or is known to be no page of its own.
    assert set(others) == set(NOT_PAGES) | SIGNED_OUT_PAGES, others
    assert world.skipped == []
    assert len(pages) > 60


def test_public_pages_fit_phone_width_logged_out(page, live_server):
    page.set_viewport_size(PHONE)
    parts = dict(named_patterns())
    public = sorted(name for name in PUBLIC - set(NOT_PAGES) if not parts[name])

    assert set(public) >= SIGNED_OUT_PAGES
    paths = [(name, reverse(name)) for name in public]

    assert _too_wide(page, paths, screenshots=True) == {}
    assert page.js_errors == []


def test_board_columns_scroll_inside_the_board_at_phone_width(phone):
    phone.goto(f"{phone.base_url}{reverse('tracker:board')}")

    content, box = phone.eval_on_selector(
        "#board", "board => [board.scrollWidth, board.clientWidth]"
    )

    assert content > box


def test_every_application_page_fits_phone_width(phone):
    applications = Application.objects.for_user(phone.demo).select_related("company")
    paths = [(str(a), a.get_absolute_url()) for a in applications]

    assert len(paths) >= 15
    assert _too_wide(phone, paths) == {}


def test_every_company_and_contact_page_fits_phone_width(phone):
    companies = [(c.name, c.get_absolute_url()) for c in Company.objects.for_user(phone.demo)]
    contacts = [(c.name, c.get_absolute_url()) for c in Contact.objects.for_user(phone.demo)]

    assert _too_wide(phone, companies + contacts) == {}


def test_every_interview_prep_page_fits_phone_width(phone):
    applications = Application.objects.for_user(phone.demo).select_related("company")
    paths = [
        (f"prep for {a}", reverse("tracker:interview_prep", args=[a.pk])) for a in applications
    ]

    assert _too_wide(phone, paths) == {}
