"""Reading what the bookmarklet sends: the page's address, title and selection, and the
company and role its title names."""

import pytest

from tracker.job_pages import (
    NEW_COMPANY_TIER,
    ClippedPage,
    JobGuess,
    company_from_address,
    read_title,
    tier_guess,
)
from tracker.models import Company, Tier

TITLES = [
    # LinkedIn, both ways it titles a job
    ("Senior ML Engineer - Acme | LinkedIn", "https://www.linkedin.com/jobs/view/1",
     "Acme", "Senior ML Engineer"),
    ("(3) Acme hiring Senior ML Engineer in London, England, United Kingdom | LinkedIn",
     "https://www.linkedin.com/jobs/view/1", "Acme", "Senior ML Engineer"),
    ("Acme is hiring a Research Engineer in Paris | LinkedIn", "", "Acme", "Research Engineer"),
    # Greenhouse, Lever, Indeed, Wellfound
    ("Job Application for Machine Learning Engineer at Acme Robotics",
     "https://boards.greenhouse.io/acmerobotics/jobs/1", "Acme Robotics",
     "Machine Learning Engineer"),
    ("Acme - Machine Learning Engineer", "https://jobs.lever.co/acme/1", "Acme",
     "Machine Learning Engineer"),
    ("Machine Learning Engineer - Acme - London | Indeed.com",
     "https://uk.indeed.com/viewjob?jk=1", "Acme", "Machine Learning Engineer"),
    ("ML Engineer at Acme • San Francisco | Wellfound", "https://wellfound.com/jobs/1",
     "Acme", "ML Engineer"),
    # Plain shapes
    ("Machine Learning Engineer at Acme", "", "Acme", "Machine Learning Engineer"),
    ("ML Engineer @ Acme (YC W21)", "", "Acme", "ML Engineer"),
    ("Staff Research Engineer, Gemini — Google DeepMind", "", "Google DeepMind",
     "Staff Research Engineer, Gemini"),
    ("Quantitative Researcher | Jane Street", "", "Jane Street", "Quantitative Researcher"),
    ("Senior ML Engineer | Careers at Acme", "", "Acme", "Senior ML Engineer"),
    ("Acme Careers - Data Scientist", "", "Acme", "Data Scientist"),
    # The title names no company: the address does
    ("Machine Learning Engineer",
     "https://acme.wd5.myworkdayjobs.com/en-US/External/job/London/MLE_R1", "Acme",
     "Machine Learning Engineer"),
    ("Machine Learning Engineer", "https://jobs.ashbyhq.com/acme-robotics/123",
     "Acme Robotics", "Machine Learning Engineer"),
    ("Careers", "https://jobs.acme.co.uk/1", "Acme", ""),
    ("Research Scientist", "https://careers.acme.com/jobs/1", "Acme", "Research Scientist"),
    # Nothing to go on: nothing is made up
    ("", "https://www.glassdoor.co.uk/job/1", "", ""),
    ("Data Scientist", "https://www.linkedin.com/jobs/view/1", "", "Data Scientist"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "url", "company", "role"), TITLES)
def test_read_title_finds_company_and_role(title, url, company, role):
    assert read_title(title, url) == JobGuess(company=company, role=role)


def test_read_title_keeps_names_within_what_the_tracker_stores():
    guess = read_title(f"{'Senior ' * 60}Engineer - {'Acme ' * 60}Labs")

    assert len(guess.role) == 200
    assert len(guess.company) == 200


@pytest.mark.parametrize(
    ("url", "company"),
    [
        ("https://boards.greenhouse.io/embed/job_app?for=acme", ""),
        ("https://10.0.0.1/jobs/1", ""),
        ("https://[::1]/jobs/1", ""),
        ("not an address", ""),
        ("https://jobs.smartrecruiters.com/AcmeLabs/1", "AcmeLabs"),
        ("https://amazon.jobs/en/jobs/1", "Amazon"),
        ("https://[not-an-ip/jobs", ""),
    ],
)
def test_company_from_address(url, company):
    assert company_from_address(url) == company


def test_clipped_page_reads_the_query():
    page = ClippedPage.from_query(
        {
            "url": " https://jobs.example.com/1?ref=x#apply ",
            "title": "  ML Engineer\n -  Acme ",
            "text": "Requirements:\r\n- Python\x00\x07\r\n\tPyTorch  ",
            "cut": "1",
        }
    )

    assert page == ClippedPage(
        url="https://jobs.example.com/1?ref=x",
        title="ML Engineer - Acme",
        text="Requirements:\n- Python\n\tPyTorch",
        cut=True,
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "jobs.example.com",
        "https://[not-an-ip/jobs",
    ],
)
def test_clipped_page_drops_what_is_no_web_address(url):
    assert ClippedPage.from_query({"url": url}).url == ""


def test_clipped_page_without_a_query_is_empty():
    assert ClippedPage.from_query({}) == ClippedPage(url="", title="", text="", cut=False)


def test_tier_guess_is_the_tracked_companys_own(alice):
    tracked = Company.objects.create(owner=alice, name="Google", tier=Tier.FINANCE)

    assert tier_guess("google", tracked=tracked) == Tier.FINANCE


def test_tier_guess_for_a_new_company_is_a_well_known_employers_else_the_default():
    assert tier_guess("Google", tracked=None) == Tier.BIG_TECH
    assert tier_guess("Jane Street", tracked=None) == Tier.FINANCE
    assert tier_guess("Acme Robotics", tracked=None) == NEW_COMPANY_TIER
