"""The usual interview rounds per company tier, offered when an application reaches
interviewing. They are a starting point: the person accepts them or edits them first."""

from __future__ import annotations

from tracker.models import InterviewKind, Tier

ROUND_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    Tier.BIG_TECH: (
        (InterviewKind.RECRUITER_SCREEN, ""),
        (InterviewKind.ONLINE_ASSESSMENT, ""),
        (InterviewKind.CODING, "Technical phone screen"),
        (InterviewKind.ONSITE_LOOP, ""),
        (InterviewKind.TEAM_MATCH, ""),
    ),
    Tier.MID_SIZE: (
        (InterviewKind.RECRUITER_SCREEN, ""),
        (InterviewKind.CODING, ""),
        (InterviewKind.ML_SYSTEM_DESIGN, ""),
        (InterviewKind.ONSITE_LOOP, "Final round"),
    ),
    Tier.STARTUP: (
        (InterviewKind.FOUNDER_CHAT, "Founder chat"),
        (InterviewKind.TAKE_HOME, ""),
        (InterviewKind.ONSITE_LOOP, "Onsite"),
    ),
    Tier.FINANCE: (
        (InterviewKind.ONLINE_ASSESSMENT, "Assessment"),
        (InterviewKind.SUPERDAY, ""),
    ),
    Tier.NON_TECH: (
        (InterviewKind.RECRUITER_SCREEN, ""),
        (InterviewKind.FOUNDER_CHAT, "Hiring-manager interview"),
        (InterviewKind.ONSITE_LOOP, "Panel"),
    ),
}


def rounds_for(tier: str) -> list[dict[str, str]]:
    """The template's rounds as form initial data: kind and title, in order."""
    return [{"kind": kind, "title": title} for kind, title in ROUND_TEMPLATES.get(tier, ())]


def describe(tier: str) -> str:
    """“Recruiter screen → Online assessment → …”, for the offer on the detail page."""
    labels = dict(InterviewKind.choices)
    return " → ".join(title or labels[kind] for kind, title in ROUND_TEMPLATES.get(tier, ()))
