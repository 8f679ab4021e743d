"""The demo account: a fictional mathematics PhD applying to ML roles in every tier.

Dates are relative to today so the demo always looks like a search in progress.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from resumes.demo import load_demo_inventory
from tracker import services
from tracker.models import Company, Preferences, Stage

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "reframe-demo"
DEMO_EMAIL = "maya.lindqvist@example.com"

COMPANIES = [
    ("Orbital Cloud", "big_tech"),
    ("Meridian Social", "big_tech"),
    ("Vantage Devices", "big_tech"),
    ("Lumen Maps", "mid_size"),
    ("Cadence Music", "mid_size"),
    ("Brightline Health", "mid_size"),
    ("Tensorloom", "startup"),
    ("Quiver Labs", "startup"),
    ("Parcel Robotics", "startup"),
    ("Kestrel Quant", "finance"),
    ("Two Rivers Capital", "finance"),
    ("Harbor Mutual Insurance", "non_tech"),
    ("Greenleaf Grocers", "non_tech"),
]


@dataclass(frozen=True)
class DemoApplication:
    company: str
    role_title: str
    role_family: str
    source: str
    # (days ago, stage, outcome) in order; the first step opens the history.
    steps: tuple[tuple[int, str, str], ...]
    next_action: str = ""
    next_action_in_days: int | None = None
    location: str = ""
    work_model: str = ""
    salary: tuple[int, int] | None = None
    excitement: int | None = None


APPLICATIONS = [
    DemoApplication(
        "Orbital Cloud",
        "Machine Learning Engineer, Ranking",
        "ml_engineer",
        "referral",
        ((52, "applied", ""), (41, "screening", ""), (30, "interviewing", "")),
        "Prepare ML system design: feed ranking",
        3,
        "Zürich",
        "hybrid",
        (140000, 180000),
        5,
    ),
    DemoApplication(
        "Meridian Social",
        "Research Engineer, Optimization",
        "research_engineer",
        "cold",
        ((47, "applied", ""), (20, "closed", "ghosted")),
    ),
    DemoApplication(
        "Vantage Devices",
        "Applied Scientist, On-device ML",
        "applied_scientist",
        "recruiter",
        ((38, "applied", ""), (31, "screening", ""), (12, "closed", "rejected")),
    ),
    DemoApplication(
        "Lumen Maps",
        "ML Engineer, Routing",
        "ml_engineer",
        "cold",
        ((35, "applied", ""), (22, "screening", ""), (10, "interviewing", "")),
        "Send thank-you note to the hiring manager",
        -1,
        "Berlin",
        "hybrid",
        (85000, 105000),
        4,
    ),
    DemoApplication(
        "Cadence Music",
        "Data Scientist, Experimentation",
        "data_scientist",
        "network",
        ((29, "applied", ""),),
        "Follow up with the recruiter",
        0,
        "Stockholm",
        "remote",
        None,
        3,
    ),
    DemoApplication(
        "Brightline Health",
        "Research Scientist, Causal Inference",
        "research_scientist",
        "referral",
        ((60, "applied", ""), (50, "screening", ""), (40, "interviewing", ""), (9, "offer", "")),
        "Negotiate start date and sign-on",
        2,
        "Boston",
        "onsite",
        (150000, 170000),
        4,
    ),
    DemoApplication(
        "Tensorloom",
        "Founding ML Engineer",
        "ml_engineer",
        "network",
        ((21, "applied", ""), (14, "interviewing", "")),
        "Submit the take-home (inference server)",
        4,
        "Remote (EU)",
        "remote",
        (110000, 140000),
        5,
    ),
    DemoApplication(
        "Quiver Labs",
        "ML Performance Engineer",
        "ml_performance",
        "cold",
        ((18, "applied", ""),),
        "Ask Priya for a referral",
        1,
        "London",
        "hybrid",
    ),
    DemoApplication(
        "Parcel Robotics",
        "Research Engineer, Planning",
        "research_engineer",
        "career_fair",
        ((44, "applied", ""), (33, "closed", "withdrawn")),
    ),
    DemoApplication(
        "Kestrel Quant",
        "Quantitative Researcher",
        "quant",
        "recruiter",
        ((26, "applied", ""), (19, "screening", ""), (8, "interviewing", "")),
        "Superday: practise probability brainteasers",
        6,
        "London",
        "onsite",
        (160000, 220000),
        4,
    ),
    DemoApplication(
        "Two Rivers Capital",
        "Machine Learning Researcher",
        "quant",
        "cold",
        ((33, "applied", ""), (25, "closed", "rejected")),
    ),
    DemoApplication(
        "Harbor Mutual Insurance",
        "Senior Data Scientist, Pricing",
        "data_scientist",
        "cold",
        ((15, "applied", ""),),
        "Check the portal for a response",
        9,
        "Copenhagen",
        "hybrid",
    ),
    DemoApplication(
        "Greenleaf Grocers",
        "ML Engineer, Demand Forecasting",
        "ml_engineer",
        "referral",
        ((12, "applied", ""), (5, "screening", "")),
        "Recruiter call",
        2,
        "Amsterdam",
        "hybrid",
        (75000, 95000),
        3,
    ),
    DemoApplication(
        "Orbital Cloud",
        "MLOps Engineer, Training Platform",
        "mlops",
        "cold",
        ((8, "applied", ""),),
        "Follow up in a week",
        6,
        "Zürich",
        "hybrid",
    ),
    DemoApplication(
        "Quiver Labs",
        "Research Scientist, Evaluation",
        "research_scientist",
        "cold",
        ((0, "saved", ""),),
        "Tailor the résumé and apply",
        2,
        "London",
        "hybrid",
        None,
        4,
    ),
]


@transaction.atomic
def load_demo_account() -> User:
    """Create (or reset) the demo account with its companies and applications."""
    User.objects.filter(username=DEMO_USERNAME).delete()
    user = User.objects.create_user(
        DEMO_USERNAME, DEMO_EMAIL, DEMO_PASSWORD, first_name="Maya", last_name="Lindqvist"
    )
    Preferences.objects.create(user=user, time_zone="Europe/Stockholm")
    companies = {
        name: Company.objects.create(owner=user, name=name, tier=tier) for name, tier in COMPANIES
    }
    today = timezone.localdate()
    for demo in APPLICATIONS:
        _create_demo_application(user, companies[demo.company], demo, today)
    load_demo_inventory(user)
    return user


def _create_demo_application(user: User, company: Company, demo: DemoApplication, today) -> None:
    first_days_ago, first_stage, _ = demo.steps[0]
    next_action_on = (
        today + datetime.timedelta(days=demo.next_action_in_days)
        if demo.next_action_in_days is not None
        else None
    )
    application = services.create_application(
        owner=user,
        company=company,
        happened_on=today - datetime.timedelta(days=first_days_ago),
        role_title=demo.role_title,
        role_family=demo.role_family,
        source=demo.source,
        stage=first_stage,
        next_action=demo.next_action,
        next_action_on=next_action_on,
        location=demo.location,
        work_model=demo.work_model,
        salary_min=demo.salary[0] if demo.salary else None,
        salary_max=demo.salary[1] if demo.salary else None,
        salary_currency="EUR" if demo.location in {"Berlin", "Amsterdam"} else "USD",
        excitement=demo.excitement,
    )
    for days_ago, stage, outcome in demo.steps[1:]:
        services.change_stage(
            application=application,
            to_stage=stage,
            outcome=outcome,
            happened_on=today - datetime.timedelta(days=days_ago),
        )
    if application.stage == Stage.CLOSED:
        application.next_action, application.next_action_on = "", None
        application.save(update_fields=["next_action", "next_action_on"])
