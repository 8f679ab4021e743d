"""What the CSV export writes and the import reads back: column names, the formula guard,
and the value vocabularies both sides share."""

from __future__ import annotations

import datetime
import re

from django.db import models

from tracker.models import Outcome, RoleFamily, Source, Stage, Tier, WorkModel

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 100
DATE_ORDERS = {
    "auto": "Work it out from the file",
    "dmy": "Day first (31/01/2026)",
    "mdy": "Month first (01/31/2026)",
}

# Cells a spreadsheet would run as a formula. A leading apostrophe makes them text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would evaluate.

    A cell that already starts with apostrophes before a trigger gets one more, so that
    `restore` gives back exactly what was exported.
    """
    if value.lstrip("'").startswith(FORMULA_TRIGGERS) and (
        value.startswith(FORMULA_TRIGGERS) or value.startswith("'")
    ):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo `neutralise`: drop one apostrophe put before a formula trigger."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


# Import targets in the order the mapping form lists them, with the header the export
# writes for each (so an export maps itself back without help).
TARGETS: dict[str, str] = {
    "company": "Company",
    "tier": "Tier",
    "role_title": "Role",
    "role_family": "Role family",
    "status": "Status",
    "outcome": "Outcome",
    "source": "Channel",
    "applied_on": "Date Applied",
    "location": "Location",
    "work_model": "Work model",
    "salary": "Salary",
    "salary_min": "Salary min",
    "salary_max": "Salary max",
    "salary_currency": "Currency",
    "excitement": "Excitement",
    "next_action": "Next action",
    "next_action_on": "Next action date",
    "posting_url": "URL",
    "notes": "Notes",
    "posting_text": "Posting text",
    "history": "Stage history",
}
REQUIRED_TARGETS = ("company", "role_title")

# Header names seen in other trackers' exports and in spreadsheets people keep by hand
# (see shared/data/csv/HEADERS.md), after `normalise_header`.
HEADER_ALIASES: dict[str, str] = {
    **{
        name: "company"
        for name in (
            "company",
            "company name",
            "employer",
            "organisation",
            "organization",
            "org",
            "firm",
        )
    },
    **{
        name: "role_title"
        for name in (
            "role",
            "title",
            "job title",
            "position",
            "job",
            "role name",
            "role title",
            "job position",
            "position title",
            "job name",
        )
    },
    **{
        name: "status"
        for name in ("status", "stage", "list", "application status", "state", "pipeline stage")
    },
    **{
        name: "applied_on"
        for name in (
            "date applied",
            "applied date",
            "applied",
            "application date",
            "applied at",
            "applied on",
            "date",
            "date of application",
            "submitted",
        )
    },
    **{
        name: "posting_url"
        for name in (
            "url",
            "job url",
            "link",
            "job link",
            "posting url",
            "job posting url",
            "application url",
            "posting",
            "job posting",
            "listing url",
        )
    },
    **{name: "location" for name in ("location", "work location", "city", "place")},
    **{
        name: "salary"
        for name in (
            "salary",
            "salary range",
            "compensation",
            "pay",
            "advertised salary",
            "expected salary",
        )
    },
    **{
        name: "salary_min"
        for name in (
            "salary min",
            "min salary",
            "salary range min",
            "minimum salary",
            "salary from",
        )
    },
    **{
        name: "salary_max"
        for name in ("salary max", "max salary", "salary range max", "maximum salary", "salary to")
    },
    **{name: "salary_currency" for name in ("currency", "salary currency")},
    **{name: "notes" for name in ("notes", "note", "comments", "comment")},
    **{name: "posting_text" for name in ("posting text", "job description", "description")},
    **{
        name: "source"
        for name in (
            "channel",
            "source",
            "how applied",
            "referral source",
            "applied via",
            "application source",
        )
    },
    **{
        name: "work_model"
        for name in (
            "work model",
            "work mode",
            "remote",
            "is remote",
            "workplace type",
            "remote policy",
        )
    },
    **{
        name: "excitement"
        for name in ("excitement", "interest", "fit rating", "priority", "rating")
    },
    **{name: "next_action" for name in ("next action", "next step", "to do", "todo")},
    **{
        name: "next_action_on"
        for name in (
            "next action date",
            "next action on",
            "follow up date",
            "follow up on",
            "next step date",
            "due date",
        )
    },
    "tier": "tier",
    "company tier": "tier",
    "role family": "role_family",
    "outcome": "outcome",
    "result": "outcome",
    "stage history": "history",
    "history": "history",
}


def normalise_header(header: str) -> str:
    """“Job_Title ” and “job-title:” both become “job title”."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header.strip())  # camelCase → camel Case
    text = re.sub(r"[\s_\-./:()*#]+", " ", text.lower())
    return text.strip()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Column index (as a string) → target, for every header recognised; each target
    is taken by the first column that claims it."""
    mapping: dict[str, str] = {}
    for index, header in enumerate(headers):
        target = HEADER_ALIASES.get(normalise_header(header))
        if target and target not in mapping.values():
            mapping[str(index)] = target
    return mapping


# Status words other trackers use, each to a stage and (for closed ones) an outcome.
STATUS_WORDS: dict[str, tuple[str, str]] = {
    **{
        word: (Stage.SAVED, "")
        for word in (
            "saved",
            "wishlist",
            "wish list",
            "bookmarked",
            "interested",
            "to apply",
            "applying",
            "draft",
            "not applied",
            "prospect",
            "watching",
        )
    },
    **{
        word: (Stage.APPLIED, "")
        for word in (
            "applied",
            "submitted",
            "application sent",
            "sent",
            "in review",
            "under review",
            "waiting",
        )
    },
    **{
        word: (Stage.SCREENING, "")
        for word in (
            "screening",
            "screen",
            "phone screen",
            "recruiter screen",
            "recruiter call",
            "assessment",
            "online assessment",
            "oa",
            "hr call",
        )
    },
    **{
        word: (Stage.INTERVIEWING, "")
        for word in (
            "interviewing",
            "interview",
            "interviews",
            "onsite",
            "on site",
            "final round",
            "technical interview",
            "superday",
            "take home",
        )
    },
    **{word: (Stage.OFFER, "") for word in ("offer", "offered", "offer received", "negotiating")},
    **{
        word: (Stage.CLOSED, Outcome.REJECTED)
        for word in (
            "rejected",
            "rejection",
            "declined by company",
            "not selected",
            "no offer",
            "closed rejected",
        )
    },
    **{
        word: (Stage.CLOSED, Outcome.GHOSTED)
        for word in ("ghosted", "no response", "no reply", "no answer", "closed ghosted")
    },
    **{
        word: (Stage.CLOSED, Outcome.WITHDRAWN)
        for word in ("withdrawn", "withdrew", "closed withdrawn")
    },
    **{
        word: (Stage.CLOSED, Outcome.ACCEPTED)
        for word in ("accepted", "hired", "offer accepted", "closed accepted")
    },
    **{
        word: (Stage.CLOSED, Outcome.DECLINED)
        for word in ("declined", "offer declined", "turned down", "closed declined")
    },
    "closed": (Stage.CLOSED, ""),
}

SOURCE_WORDS: dict[str, str] = {
    "referral": Source.REFERRAL,
    "referred": Source.REFERRAL,
    "employee referral": Source.REFERRAL,
    "recruiter": Source.RECRUITER,
    "recruiter reached out": Source.RECRUITER,
    "headhunter": Source.RECRUITER,
    "inbound": Source.RECRUITER,
    "network": Source.NETWORK,
    "warm introduction": Source.NETWORK,
    "warm intro": Source.NETWORK,
    "introduction": Source.NETWORK,
    "career fair": Source.CAREER_FAIR,
    "career fair or event": Source.CAREER_FAIR,
    "event": Source.CAREER_FAIR,
    "conference": Source.CAREER_FAIR,
    **{
        word: Source.COLD
        for word in (
            "cold",
            "cold application",
            "linkedin",
            "job board",
            "website",
            "company website",
            "careers page",
            "online",
            "indeed",
            "direct",
            "portal",
        )
    },
}

WORK_MODEL_WORDS: dict[str, str] = {
    "remote": WorkModel.REMOTE,
    "fully remote": WorkModel.REMOTE,
    "yes": WorkModel.REMOTE,
    "true": WorkModel.REMOTE,
    "hybrid": WorkModel.HYBRID,
    "onsite": WorkModel.ONSITE,
    "on site": WorkModel.ONSITE,
    "in office": WorkModel.ONSITE,
    "office": WorkModel.ONSITE,
    "no": WorkModel.UNKNOWN,
    "false": WorkModel.UNKNOWN,
    "not stated": WorkModel.UNKNOWN,
}

EXCITEMENT_WORDS = {"high": 5, "medium": 3, "med": 3, "low": 1}

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "chf": "CHF"}


def vocabulary(
    choices: type[models.Choices], extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Lower-case code and label of each choice (and any extra words) → its value."""
    words = {}
    for value, label in choices.choices:
        words[str(value).lower()] = value
        words[str(label).lower()] = value
    words.update(extra or {})
    words.pop("", None)
    return words


TIER_WORDS = vocabulary(
    Tier,
    {
        "big tech": Tier.BIG_TECH,
        "faang": Tier.BIG_TECH,
        "quant": Tier.FINANCE,
        "finance": Tier.FINANCE,
        "mid size": Tier.MID_SIZE,
        "midsize": Tier.MID_SIZE,
        "non tech": Tier.NON_TECH,
    },
)
ROLE_FAMILY_WORDS = vocabulary(RoleFamily)
OUTCOME_WORDS = vocabulary(Outcome)
STAGE_LABELS = {value: label for value, label in Stage.choices}

# Words in a role title that say which family it belongs to, most specific first.
ROLE_FAMILY_HINTS: tuple[tuple[str, str], ...] = (
    (r"\bml ?ops\b|\bplatform\b|\binfrastructure\b", RoleFamily.MLOPS),
    (r"\bkernel|\bperformance\b|\bcuda\b|\bcompiler", RoleFamily.ML_PERFORMANCE),
    (r"\bquant", RoleFamily.QUANT),
    (r"\bresearch engineer", RoleFamily.RESEARCH_ENGINEER),
    (r"\bapplied scientist", RoleFamily.APPLIED_SCIENTIST),
    (r"\bresearch scientist|\bresearcher\b", RoleFamily.RESEARCH_SCIENTIST),
    (r"\bdata scien", RoleFamily.DATA_SCIENTIST),
    (r"\bmachine learning\b|\bml\b|\bai\b|\bdeep learning\b", RoleFamily.ML_ENGINEER),
    (r"\bsoftware\b|\bbackend\b|\bfrontend\b|\bfull ?stack\b|\bswe\b", RoleFamily.SOFTWARE),
)


def guess_role_family(title: str) -> str:
    lowered = title.lower()
    for pattern, family in ROLE_FAMILY_HINTS:
        if re.search(pattern, lowered):
            return family
    return RoleFamily.ML_ENGINEER


def history_text(events) -> str:
    """“2026-01-02 applied; 2026-01-20 closed (rejected)” — the stage log, in one cell."""
    parts = []
    for event in events:
        part = f"{event.happened_on.isoformat()} {event.to_stage}"
        if event.outcome:
            part += f" ({event.outcome})"
        parts.append(part)
    return "; ".join(parts)


HISTORY_STEP = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+([a-z_]+)(?:\s*\(([a-z_]+)\))?$")


def parse_history(text: str) -> list[tuple[datetime.date, str, str]]:
    """The reverse of `history_text`. Raises ValueError with a message for the person."""
    steps: list[tuple[datetime.date, str, str]] = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        match = HISTORY_STEP.match(part.lower())
        if not match:
            raise ValueError(f"“{part}” is not “YYYY-MM-DD stage”.")
        day, stage, outcome = match.groups()
        if stage not in Stage.values or (outcome or "") not in ["", *Outcome.values]:
            raise ValueError(f"“{part}” names an unknown stage or outcome.")
        if (stage == Stage.CLOSED) != bool(outcome):
            raise ValueError(f"“{part}”: only a closed step has an outcome, and it needs one.")
        when = datetime.date.fromisoformat(day)
        if steps and when < steps[-1][0]:
            raise ValueError("The stage history is not in date order.")
        steps.append((when, stage, outcome or ""))
    return steps
