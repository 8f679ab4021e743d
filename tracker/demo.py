"""The demo account: a fictional mathematics PhD applying to ML roles in every tier.

Dates are relative to today so the demo always looks like a search in progress.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tracker import services
from tracker.models import (
    Application,
    Company,
    Contact,
    DigestLog,
    Interview,
    Preferences,
    Referral,
    Stage,
    Weekday,
)
from tracker.time_zones import week_start_in_zone

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "reframe-demo"
DEMO_EMAIL = "maya.lindqvist@example.com"
HOME_ZONE = "Europe/Stockholm"

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


# Maya is Swedish: free to work in the EU, the EEA and Switzerland; London and Boston need
# a visa. What some companies say about sponsoring one, where, and how many days ago she
# read it (every address is invented, under the reserved .example domain).
WORK_AUTHORISATION = (
    "Swedish citizen: free to work anywhere in the EU/EEA and in Switzerland. Roles in the "
    "UK need a Skilled Worker visa, and in the US an H-1B or O-1, sponsored by the employer."
)
SPONSORSHIP = {
    "Brightline Health": (
        "yes",
        "https://careers.brightline-health.example/faq#visas",
        12,
        "H-1B and O-1 for research roles; the recruiter confirmed on the screen.",
    ),
    "Kestrel Quant": (
        "yes",
        "https://kestrelquant.example/careers/relocation",
        20,
        "Sponsors the UK Skilled Worker visa and pays the fees.",
    ),
    "Meridian Social": ("yes", "https://meridian.example/jobs/immigration", 30, ""),
    "Quiver Labs": (
        "no",
        "https://quiverlabs.example/jobs",
        18,
        "“We cannot sponsor visas at this time” at the foot of every London posting.",
    ),
    "Orbital Cloud": (
        "yes",
        "https://orbital-cloud.example/careers/faq",
        40,
        "Zürich roles need no sponsorship for EU citizens; they sponsor elsewhere.",
    ),
}


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
        "Read up on routing papers before system design",
        5,
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
        "Ask about the team's on-call before the onsite",
        7,
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
        "Apply once Priya has referred you",
        5,
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
        ((15, "applied", ""), (11, "screening", "")),
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
        "Look at Greenleaf's forecasting blog posts",
        1,
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
        ((8, "applied", ""), (3, "screening", "")),
        "Follow up in a week",
        6,
        "Zürich",
        "hybrid",
    ),
    DemoApplication(
        "Meridian Social",
        "Machine Learning Engineer, Integrity",
        "ml_engineer",
        "cold",
        ((26, "applied", ""),),
        location="London",
        work_model="hybrid",
        excitement=3,
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


@dataclass(frozen=True)
class DemoInterview:
    role_title: str  # of the demo application it belongs to
    kind: str
    title: str = ""
    # (days from today, "HH:MM", the zone the invitation gave); None: only planned.
    when: tuple[int, str, str] | None = None
    outcome: str = "pending"
    duration: int = 60
    interviewers: str = ""
    location: str = ""
    prep_notes: str = ""
    feedback: str = ""
    thanked: bool = False


RANKING = "Machine Learning Engineer, Ranking"
ROUTING = "ML Engineer, Routing"
CAUSAL = "Research Scientist, Causal Inference"
FOUNDING = "Founding ML Engineer"
QUANT = "Quantitative Researcher"
ON_DEVICE = "Applied Scientist, On-device ML"

INTERVIEWS = [
    DemoInterview(
        RANKING,
        "recruiter_screen",
        "",
        (-40, "10:00", HOME_ZONE),
        "passed",
        30,
        "Lena (recruiter)",
        thanked=True,
    ),
    DemoInterview(RANKING, "online_assessment", "", (-36, "18:00", HOME_ZONE), "passed", 90),
    DemoInterview(
        RANKING,
        "coding",
        "Technical phone screen",
        (-25, "08:00", "America/Los_Angeles"),
        "passed",
        45,
        "Raj Patel",
        "https://meet.example.com/orbital-raj",
        feedback="Strong on the graph problem; talk more about complexity trade-offs.",
        thanked=True,
    ),
    DemoInterview(
        RANKING,
        "onsite_loop",
        "Virtual onsite (4 × 45 min)",
        (3, "13:00", HOME_ZONE),
        "pending",
        240,
        "Ranking team: two coding, ML system design, behavioural",
        "https://meet.example.com/orbital-loop",
        "System design: feed ranking with two-tower retrieval and a re-ranker. Offline vs "
        "online metrics, position bias, and how the thesis validated estimators (the "
        "simulation study is offline evaluation).\nBehavioural: the stalled collaboration in "
        "year two and what I changed.",
    ),
    DemoInterview(RANKING, "team_match"),
    DemoInterview(
        ROUTING, "recruiter_screen", "", (-20, "09:30", HOME_ZONE), "passed", 30, thanked=True
    ),
    DemoInterview(
        ROUTING,
        "coding",
        "",
        (-1, "10:00", "Europe/Berlin"),
        "pending",
        60,
        "Tobias (senior MLE)",
        "https://meet.example.com/lumen-coding",
        "Shortest paths on road graphs with time-dependent edge weights.\nComplexity "
        "trade-offs of Dijkstra against A*.",
    ),
    DemoInterview(ROUTING, "ml_system_design"),
    DemoInterview(ROUTING, "onsite_loop", "Final round"),
    DemoInterview(
        CAUSAL,
        "recruiter_screen",
        "",
        (-48, "09:00", "America/New_York"),
        "passed",
        30,
        thanked=True,
    ),
    DemoInterview(
        CAUSAL,
        "take_home",
        "Take-home: effect of a reminder programme",
        (-46, "18:00", "America/New_York"),
        "passed",
        240,
        prep_notes="Observational data on 40,000 patients: estimate the effect of the "
        "reminders on missed appointments, with the uncertainty, in a four-page report.",
    ),
    DemoInterview(
        CAUSAL,
        "research_talk",
        "Thesis talk",
        (-43, "17:00", HOME_ZONE),
        "passed",
        60,
        "Causal inference group",
        prep_notes="45 minutes on the thesis, 15 for questions. Lead with the estimator, not "
        "the measure theory.",
        thanked=True,
    ),
    DemoInterview(
        CAUSAL, "onsite_loop", "", (-38, "09:00", "America/New_York"), "passed", 300, thanked=True
    ),
    DemoInterview(
        FOUNDING,
        "founder_chat",
        "Founder chat",
        (-12, "11:00", HOME_ZONE),
        "passed",
        45,
        "Ines (CEO), Daniel (CTO)",
        thanked=True,
    ),
    DemoInterview(
        FOUNDING,
        "take_home",
        "Take-home: batched inference server",
        (4, "18:00", HOME_ZONE),
        prep_notes="Dynamic batching, a load test, and a short write-up of the latency and "
        "throughput trade-off. Keep to the stated six hours.",
    ),
    DemoInterview(FOUNDING, "onsite_loop", "Onsite"),
    DemoInterview(
        QUANT,
        "recruiter_screen",
        "",
        (-17, "12:00", "Europe/London"),
        "passed",
        30,
        "Hannah Weiss",
        thanked=True,
    ),
    DemoInterview(
        QUANT, "online_assessment", "Assessment", (-12, "09:00", "Europe/London"), "passed", 120
    ),
    DemoInterview(
        QUANT,
        "superday",
        "",
        (6, "09:00", "Europe/London"),
        "pending",
        360,
        "",
        "Kestrel Quant, 1 Finsbury Avenue, London",
        "Probability brainteasers, a statistics deep-dive on the thesis, a market-making game.",
    ),
    DemoInterview(
        ON_DEVICE, "recruiter_screen", "", (-30, "16:00", HOME_ZONE), "passed", 30, thanked=True
    ),
    DemoInterview(
        ON_DEVICE,
        "coding",
        "",
        (-15, "09:00", "America/Los_Angeles"),
        "failed",
        60,
        feedback="Ran out of time on the second question: practise timed medium problems.",
        thanked=True,
    ),
    DemoInterview(
        "Machine Learning Researcher",
        "online_assessment",
        "",
        (-28, "10:00", "Europe/London"),
        "failed",
        90,
    ),
    DemoInterview(
        "Research Engineer, Planning",
        "founder_chat",
        "Hiring-manager chat",
        (-40, "14:00", HOME_ZONE),
        "passed",
        45,
        thanked=True,
    ),
    DemoInterview(
        "Research Engineer, Planning",
        "take_home",
        "Take-home: a planner for a crowded pavement",
        (-35, "18:00", HOME_ZONE),
        "cancelled",
        240,
        feedback="Withdrew before handing it in: eleven hours in, against the four they "
        "stated, with the simulator still half-built.",
    ),
    DemoInterview(
        "Senior Data Scientist, Pricing",
        "recruiter_screen",
        "",
        (-9, "11:00", "Europe/Copenhagen"),
        "pending",
        30,
        "Mette Larsen (talent partner)",
        prep_notes="Pricing models for home insurance and how the team validates them.",
        thanked=True,
    ),
    DemoInterview(
        "ML Engineer, Demand Forecasting",
        "recruiter_screen",
        "",
        (2, "15:30", "Europe/Amsterdam"),
        "pending",
        30,
        "Greenleaf recruiting",
        prep_notes="Why forecasting: the seasonal models of chapter 3. Ask about the data "
        "platform Sam's team runs.",
    ),
]

# The hours Maya noted on rounds, preparation included: (application role, kind of round) →
# (hours the invitation stated or None, hours it took her or None).
ROUND_HOURS = {
    (RANKING, "recruiter_screen"): (None, "1"),
    (RANKING, "online_assessment"): ("1.5", "4"),
    (RANKING, "coding"): (None, "9"),
    (ROUTING, "recruiter_screen"): (None, "0.5"),
    (ROUTING, "coding"): (None, "6"),
    (CAUSAL, "recruiter_screen"): (None, "1"),
    (CAUSAL, "take_home"): ("4", "9.5"),
    (CAUSAL, "research_talk"): (None, "12"),
    (CAUSAL, "onsite_loop"): (None, "14"),
    (FOUNDING, "founder_chat"): (None, "1.5"),
    (FOUNDING, "take_home"): ("6", None),  # not done yet
    (QUANT, "recruiter_screen"): (None, "0.5"),
    (QUANT, "online_assessment"): ("2", "5"),
    (ON_DEVICE, "recruiter_screen"): (None, "0.5"),
    (ON_DEVICE, "coding"): (None, "7"),
    ("Machine Learning Researcher", "online_assessment"): ("1.5", "3"),
    ("Research Engineer, Planning", "founder_chat"): (None, "1"),
    ("Research Engineer, Planning", "take_home"): ("4", "11"),
}

# name, company, relationship, e-mail, notes, last contacted (days ago)
CONTACTS = [
    (
        "Jonas Berg",
        "Orbital Cloud",
        "alumni",
        "jonas.berg@example.com",
        "KTH mathematics, two years above me. Staff MLE on Ranking.",
        50,
    ),
    (
        "Priya Raman",
        "Quiver Labs",
        "former_colleague",
        "",
        "Postdoc together in Uppsala; now on Quiver's inference team.",
        30,
    ),
    (
        "Elena Sokolova",
        "",
        "advisor",
        "e.sokolova@example.edu",
        "PhD advisor. Knows Brightline's causal inference lead.",
        58,
    ),
    (
        "Sam Okafor",
        "Greenleaf Grocers",
        "friend",
        "",
        "Climbing friend; leads the data platform.",
        13,
    ),
    (
        "Hannah Weiss",
        "Kestrel Quant",
        "recruiter",
        "hannah.weiss@example.com",
        "Reached out on LinkedIn.",
        17,
    ),
    (
        "Marco Bianchi",
        "Cadence Music",
        "community",
        "",
        "Met at the Stockholm PyData meetup; works on experimentation.",
        3,
    ),
]

# application role, contact, stage, {date field: days ago}, next follow-up in days
REFERRALS = [
    (
        RANKING,
        "Jonas Berg",
        "confirmed",
        {"asked_on": 55, "agreed_on": 54, "submitted_on": 53, "closed_on": 50},
        None,
    ),
    (
        CAUSAL,
        "Elena Sokolova",
        "confirmed",
        {"asked_on": 63, "agreed_on": 62, "submitted_on": 61, "closed_on": 58},
        None,
    ),
    (
        "ML Engineer, Demand Forecasting",
        "Sam Okafor",
        "submitted",
        {"asked_on": 15, "agreed_on": 14, "submitted_on": 13},
        -1,
    ),
    ("ML Performance Engineer", "Priya Raman", "to_ask", {}, 0),
    ("Data Scientist, Experimentation", "Marco Bianchi", "asked", {"asked_on": 3}, 2),
]


@transaction.atomic
def load_demo_tracker() -> User:
    """Create (or reset) the demo account with its companies and applications; the
    résumé side adds its inventory (resumes.demo.load_demo_account)."""
    User.objects.filter(username=DEMO_USERNAME).delete()
    user = User.objects.create_user(
        DEMO_USERNAME, DEMO_EMAIL, DEMO_PASSWORD, first_name="Maya", last_name="Lindqvist"
    )
    _create_demo_preferences(user)
    today = timezone.localdate()
    companies = {
        name: Company.objects.create(owner=user, name=name, tier=tier, **_sponsorship(name, today))
        for name, tier in COMPANIES
    }
    applications = {
        demo.role_title: _create_demo_application(user, companies[demo.company], demo, today)
        for demo in APPLICATIONS
    }
    _create_demo_interviews(applications, today)
    _create_demo_contacts(user, applications, today)
    return user


def _sponsorship(company: str, today: datetime.date) -> dict:
    if company not in SPONSORSHIP:
        return {}
    answer, source, days_ago, note = SPONSORSHIP[company]
    return {
        "sponsorship": answer,
        "sponsorship_source": source,
        "sponsorship_checked_on": today - datetime.timedelta(days=days_ago),
        "sponsorship_note": note,
    }


def _create_demo_preferences(user: User) -> None:
    """Monday 08:00 in Stockholm, scheduled from now, and the two weeks before sent; where
    Maya may work."""
    now = timezone.now()
    preferences = Preferences(
        user=user,
        time_zone=HOME_ZONE,
        digest_weekday=Weekday.MONDAY,
        digest_hour=8,
        needs_sponsorship=True,
        work_authorisation=WORK_AUTHORISATION,
    )
    preferences.schedule_digest(now=now)
    preferences.save()
    this_week = week_start_in_zone(now, HOME_ZONE)
    for weeks_ago in (2, 1):
        monday = this_week - datetime.timedelta(weeks=weeks_ago)
        DigestLog.objects.create(
            user=user,
            week_start=monday,
            status=DigestLog.Status.SENT,
            sent_at=datetime.datetime.combine(
                monday, datetime.time(8), tzinfo=zoneinfo.ZoneInfo(HOME_ZONE)
            ),
        )


def _create_demo_application(
    user: User, company: Company, demo: DemoApplication, today
) -> Application:
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
    return application


def _create_demo_interviews(applications: dict[str, Application], today) -> None:
    for position, demo in enumerate(INTERVIEWS, start=1):
        scheduled_at = None
        if demo.when:
            days, clock, zone = demo.when
            wall = datetime.datetime.combine(
                today + datetime.timedelta(days=days), datetime.time.fromisoformat(clock)
            )
            scheduled_at = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        estimated, spent = ROUND_HOURS.get((demo.role_title, demo.kind), (None, None))
        Interview.objects.create(
            application=applications[demo.role_title],
            kind=demo.kind,
            title=demo.title,
            position=position,
            scheduled_at=scheduled_at,
            duration_minutes=demo.duration,
            interviewers=demo.interviewers,
            location=demo.location,
            prep_notes=demo.prep_notes,
            outcome=demo.outcome,
            feedback=demo.feedback,
            prepared_on=scheduled_at.date() if demo.outcome != "pending" else None,
            thank_you_sent_on=scheduled_at.date() if demo.thanked else None,
            hours_estimated=Decimal(estimated) if estimated else None,
            hours_spent=Decimal(spent) if spent else None,
        )


def _create_demo_contacts(user: User, applications: dict[str, Application], today) -> None:
    contacts = {}
    for name, company, relationship, email, notes, days_ago in CONTACTS:
        contacts[name] = Contact.objects.create(
            owner=user,
            name=name,
            company_name=company,
            relationship=relationship,
            email=email,
            notes=notes,
            last_contacted_on=today - datetime.timedelta(days=days_ago),
        )
    for role_title, name, stage, dates, follow_up_in in REFERRALS:
        follow_up = None if follow_up_in is None else today + datetime.timedelta(days=follow_up_in)
        Referral.objects.create(
            application=applications[role_title],
            contact=contacts[name],
            stage=stage,
            next_follow_up_on=follow_up,
            **{field: today - datetime.timedelta(days=ago) for field, ago in dates.items()},
        )
