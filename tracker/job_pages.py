"""What the bookmarklet sends from a job's page, read for the quick add: the page's
address, title and selected text, and the company and role the title most likely names.

Job sites title their pages in a handful of shapes, the site's own name usually last:

    Senior ML Engineer - Acme | LinkedIn                       role - company
    Acme hiring Senior ML Engineer in London, UK | LinkedIn
    Job Application for ML Engineer at Acme                    (Greenhouse)
    ML Engineer at Acme,  ML Engineer @ Acme
    Acme - ML Engineer                                         company - role (Lever)
    ML Engineer - Acme - London | Indeed.com                   role - company - place

Which side of a dash is the role is told by the words roles are made of. When the title
names no company, the address often does: an applicant-tracking system's address carries
the employer's name (jobs.lever.co/acme, acme.wd5.myworkdayjobs.com), and a careers site
is the employer's own (careers.acme.com). Only a guess: the person sees both fields, and
can change them, before saving.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from tracker.data.employer_tiers import guess_tier
from tracker.models import Company, Tier

MAX_TITLE = 300
MAX_NAME = 200  # of a company and of a role, as the tracker keeps them
# Far more than fits in an address; a hand-made address with more is cut here.
MAX_TEXT = 20_000

# Job boards and applicant-tracking systems: a title segment naming one names no employer,
# and neither does such a site's address (unless it carries the employer, as below).
SITE_NAMES = frozenset(
    {
        "linkedin", "indeed", "glassdoor", "wellfound", "angellist", "otta", "builtin",
        "welcometothejungle", "dice", "monster", "ziprecruiter", "simplyhired", "hired",
        "ycombinator", "workatastartup", "hackernews", "remoteok", "weworkremotely",
        "stackoverflow", "jobsacuk", "xing", "seek", "greenhouse", "lever", "workday",
        "myworkdayjobs", "ashby", "ashbyhq", "workable", "smartrecruiters", "recruitee",
        "teamtailor", "bamboohr", "breezy", "pinpoint", "personio", "jobvite", "icims", "taleo",
    }
)  # fmt: skip
# Systems whose addresses name the employer first in the path: jobs.lever.co/acme/…
EMPLOYER_IN_PATH = ("greenhouse.io", "lever.co", "ashbyhq.com", "workable.com",
                    "smartrecruiters.com")  # fmt: skip
# …or as the first part of the host name: acme.wd5.myworkdayjobs.com
EMPLOYER_IN_HOST = ("myworkdayjobs.com", "bamboohr.com", "recruitee.com", "teamtailor.com",
                    "breezy.hr", "pinpointhq.com", "personio.de", "personio.com")  # fmt: skip
# Second-level labels under a country code: acme.co.uk is Acme's, not "co"'s.
COUNTRY_SECOND_LEVELS = frozenset({"co", "com", "ac", "org", "net", "gov", "edu"})

ROLE_WORDS = re.compile(
    r"\b(engineer|engineering|scientist|researcher|research|developer|analyst|architect|"
    r"intern|internship|manager|lead|head|director|quant|specialist|consultant|fellow|"
    r"programmer|designer|trader|associate|sre|mle|postdoc|phd|staff|principal|vp)\b",
    re.IGNORECASE,
)
SEGMENT_SEPARATOR = re.compile(r"\s+[|·•]\s+")
DASH = re.compile(r"\s+[-–—]\s+")
BOILERPLATE = re.compile(
    r"^(careers?|jobs?|job details|job board|open positions|apply( now)?|home|join us)$",
    re.IGNORECASE,
)
CAREERS_AT = re.compile(r"^(?:careers?|jobs?)\s+(?:at|@)\s+(?P<company>.+)$", re.IGNORECASE)
COMPANY_CAREERS = re.compile(r"^(?P<company>.+?)\s+(?:careers?|jobs?)$", re.IGNORECASE)
GREENHOUSE = re.compile(r"^job application for (?P<role>.+?) at (?P<company>.+)$", re.I)
HIRING = re.compile(r"^(?P<company>.+?)\s+(?:is\s+)?hiring\s+(?:an?\s+)?(?P<rest>.+)$", re.I)
AT = re.compile(r"^(?P<role>.+?)\s+(?:at|@)\s+(?P<company>.+)$", re.IGNORECASE)
UNREAD_COUNT = re.compile(r"^\(\d+\+?\)\s*")  # "(3) " before a title: notifications
TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)$")  # "Acme (YC W21)", "Acme (Remote)"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ClippedPage:
    """The page the bookmarklet was clicked on."""

    url: str
    title: str
    text: str
    # The bookmarklet cut the selection to fit in an address.
    cut: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ClippedPage:
        return cls(
            url=posting_address(query.get("url", "")),
            title=one_line(query.get("title", ""))[:MAX_TITLE],
            text=clean_text(query.get("text", ""))[:MAX_TEXT],
            cut=query.get("cut") == "1",
        )


@dataclass(frozen=True)
class JobGuess:
    company: str
    role: str


def posting_address(url: str) -> str:
    """The page's web address without its fragment (#…), which names a place on the same
    page; anything other than an http(s) address is no posting's, and is dropped."""
    parts = _split(url.strip())
    if parts is None or parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return ""
    return urlunsplit(parts._replace(fragment=""))


def site_of(url: str) -> str:
    """The host name of an address, as the person knows the site: "jobs.lever.co"."""
    parts = _split(url)
    return (parts.hostname or "") if parts else ""


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:  # "http://[abc": brackets that hold no IPv6 address
        return None


def one_line(text: str) -> str:
    return " ".join(text.split())


def clean_text(text: str) -> str:
    """The selected text as sent, less what no text box can hold (NUL and other control
    characters; line breaks and tabs stay)."""
    text = CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip()


def read_title(title: str, url: str = "") -> JobGuess:
    """The company and role a job page's title names; the company from its address when
    the title does not say."""
    segments = [s for s in SEGMENT_SEPARATOR.split(UNREAD_COUNT.sub("", one_line(title))) if s]
    company, role = "", ""
    kept = [s for s in segments if not _names_a_site(s) and not BOILERPLATE.match(s)]
    if kept and not CAREERS_AT.match(kept[0]):
        company, role = _read_segment(kept.pop(0))
    for segment in kept:
        if company:
            break
        careers = CAREERS_AT.match(segment) or COMPANY_CAREERS.match(segment)
        company = careers.group("company") if careers else segment
    company = _company_name(company) or company_from_address(url)
    return JobGuess(company=company[:MAX_NAME], role=_tidy(role)[:MAX_NAME])


def _read_segment(segment: str) -> tuple[str, str]:
    """(company, role) from the part of a title that names the job."""
    for shape in (GREENHOUSE, HIRING, AT):
        match = shape.match(segment)
        if match is None:
            continue
        if shape is HIRING:
            # LinkedIn's "Acme hiring ML Engineer in London, UK": the place comes last.
            role = match.group("rest").rsplit(" in ", 1)[0]
            return match.group("company"), role
        # "ML Engineer at Acme - London": the place after a dash is not the company's name.
        return DASH.split(match.group("company"))[0], match.group("role")
    parts = DASH.split(segment)
    if len(parts) == 1:
        return "", segment
    role_at = next((i for i, part in enumerate(parts) if ROLE_WORDS.search(part)), 0)
    company_at = 1 if role_at == 0 else 0
    return parts[company_at], parts[role_at]


def _names_a_site(segment: str) -> bool:
    """Whether a title segment is a job board's or a tracking system's name ("LinkedIn",
    "Indeed.com", "Greenhouse"), not an employer's."""
    letters = re.sub(r"[^a-z]", "", segment.lower())
    for suffix in ("jobs", "com", "couk", "io", "co"):
        if letters.endswith(suffix) and letters.removesuffix(suffix) in SITE_NAMES:
            return True
    return letters in SITE_NAMES


def _tidy(name: str) -> str:
    return TRAILING_ASIDE.sub("", name).strip(" ,;:-–—|")


def _company_name(name: str) -> str:
    name = _tidy(name)
    careers = COMPANY_CAREERS.match(name)  # "Acme Careers - Data Scientist"
    return careers.group("company") if careers else name


def company_from_address(url: str) -> str:
    """The employer a job page's address names, if any: the name in a tracking system's
    address, or the site itself when it is not a job board."""
    host = site_of(url).lower().removeprefix("www.")
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return ""  # an IP address names nobody
    path = [part for part in urlsplit(url).path.split("/") if part]
    if _under(host, EMPLOYER_IN_PATH):
        return _name_from_slug(path[0]) if path and path[0] != "embed" else ""
    labels = host.split(".")
    if _under(host, EMPLOYER_IN_HOST):
        return _name_from_slug(labels[0])
    site = _site_label(labels)
    return "" if site in SITE_NAMES else _name_from_slug(site)


def _under(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def _site_label(labels: list[str]) -> str:
    """The label naming the site: "acme" in careers.acme.com and in jobs.acme.co.uk."""
    if len(labels) >= 3 and labels[-2] in COUNTRY_SECOND_LEVELS and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else ""


def _name_from_slug(slug: str) -> str:
    """A name from an address part: acme-robotics → Acme Robotics (capitals kept)."""
    words = re.split(r"[-_+.]+", slug)
    return " ".join(w if w != w.lower() else w.capitalize() for w in words if w)


# The tier an unknown company new to the person starts with, until they change it.
NEW_COMPANY_TIER = Tier.MID_SIZE


def tier_guess(company_name: str, *, tracked: Company | None) -> str:
    """The tier to offer for a clipped job's company: the one the person gave it, when the
    company is tracked already; else a well-known employer's (tracker.data.employer_tiers);
    else the tier new companies start with. The clip page shows it, to be checked."""
    if tracked is not None:
        return tracked.tier
    return guess_tier(company_name) or NEW_COMPANY_TIER
