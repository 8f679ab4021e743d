"""The inventory as plain data: what a person has done, independent of storage.

Importers (JSON Resume, BibTeX, DOCX, LaTeX, YAML) produce these objects, the Django
models convert to and from them, and the tailoring engine reads them. Nothing here
touches a database, so every consumer can be tested on its own.

Dates are ISO partial strings ("2016", "2016-08" or "2016-08-15"): a CV rarely says
more than a month, and inventing a day would be a claim the person never made.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

ENTRY_KINDS: tuple[str, ...] = (
    "position",
    "education",
    "publication",
    "project",
    "teaching",
    "talk",
    "award",
    "certification",
    "open_source",
    "service",
    # Press coverage and popular writing about the work: kept in the inventory, never
    # printed as papers (nor on a tailored résumé at all; see selection.KIND_SECTIONS).
    "media",
)

PAPER_TYPES: tuple[str, ...] = ("", "theory", "empirical", "mixed")

SKILL_CATEGORIES: tuple[str, ...] = ("hard", "soft", "domain")


@dataclass(frozen=True)
class Evidence:
    """Facts the reframing rules need before they may use industry words.

    Each flag is something the person asserts about one entry; a rule such as
    "A/B testing" is licensed only when `randomised_with_control` holds.
    """

    code_released: bool = False
    code_url: str = ""
    deployed_to_users: bool = False
    randomised_with_control: bool = False
    used_by_others: int | None = None  # how many people or teams use it, when known
    audience_size: int | None = None  # people in the room or class, when known
    used_hpc: bool = False
    led: bool = False  # led the work or was its sole contributor


@dataclass(frozen=True)
class Bullet:
    """One fact, as the person wrote it."""

    text: str
    skills: tuple[str, ...] = ()  # names of the skills this bullet is evidence of
    key: str = ""  # stable identifier, for pins, drops and explanations


@dataclass(frozen=True)
class Entry:
    kind: str
    title: str
    organization: str = ""
    location: str = ""
    start: str = ""
    end: str = ""  # empty with `current` False means unknown or a single date
    current: bool = False
    url: str = ""
    summary: str = ""
    bullets: tuple[Bullet, ...] = ()
    evidence: Evidence = field(default_factory=Evidence)
    key: str = ""
    # publication
    authors: tuple[str, ...] = ()
    venue: str = ""
    year: int | None = None
    doi: str = ""
    arxiv_id: str = ""
    abstract: str = ""
    first_author: bool = False
    paper_type: str = ""  # one of PAPER_TYPES
    # education
    degree: str = ""
    field_of_study: str = ""
    thesis_title: str = ""
    advisor: str = ""
    score: str = ""
    courses: tuple[str, ...] = ()
    # Fields an interchange format carries that have no column of their own, kept so a
    # round trip through Reframe loses nothing (e.g. JSON Resume's section of origin).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Skill:
    name: str
    category: str = "hard"  # one of SKILL_CATEGORIES
    group: str = ""  # the person's own heading, e.g. "Languages" or "ML/RL"
    level: str = ""


@dataclass(frozen=True)
class Profile:
    network: str
    username: str = ""
    url: str = ""


@dataclass(frozen=True)
class Basics:
    name: str = ""
    headline: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    website: str = ""
    summary: str = ""
    profiles: tuple[Profile, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Inventory:
    basics: Basics = field(default_factory=Basics)
    entries: tuple[Entry, ...] = ()
    skills: tuple[Skill, ...] = ()
    # JSON Resume sections with no place in the entry model (languages, interests,
    # references, meta), carried verbatim for lossless round trips.
    extra: dict[str, Any] = field(default_factory=dict)


# The field names storage and forms share with these dataclasses, derived from them so a
# field added here is a field everywhere; tests/resumes/test_inventory_schema.py holds
# the Django models and forms to them.
EVIDENCE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Evidence))
ENTRY_LIST_FIELDS: tuple[str, ...] = ("authors", "courses")
# An entry's fields that hold one value each (a column of the same name); the others are
# its structure: bullets, evidence flags, key and lists.
ENTRY_VALUE_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in fields(Entry)
    if f.name not in {"bullets", "evidence", "key", *ENTRY_LIST_FIELDS}
)
BASICS_VALUE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Basics) if f.name not in {"profiles", "extra"}
)
SKILL_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Skill))
