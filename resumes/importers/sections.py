"""What a CV's headings and lines mean, shared by the LaTeX, YAML and DOCX importers.

Every CV format names its sections freely ("Research Work", "Selected Honors",
"Mentoring, Teaching, and Service"); these helpers map such words to an entry kind and
split the usual one-line spellings of a role, a degree and a skill row.
"""

from __future__ import annotations

import re

from resumes.importers.dates import DateRange
from resumes.tailoring.inventory import ENTRY_KINDS

# Section roles that are not entry kinds.
SKILLS = "skills"
SUMMARY = "summary"
INTERESTS = "interests"
LANGUAGES = "languages"
REFERENCES = "references"
CONTACT = "contact"

# First match wins, so the more specific words come first ("research projects" is a
# project list, "research experience" a position list).
_HEADING_WORDS: tuple[tuple[str, str], ...] = (
    # Before the papers: "Popular Science and Media" is coverage and outreach, which
    # must never be printed as a publication.
    (r"\bpopular science\b|(?<!social )\bmedia\b|(?<!university )\bpress\b|\bin the news\b|"
     r"\bcoverage\b|"
     r"\boutreach\b|\bpublic engagement\b|\bscience communication\b", "media"),
    (r"\bpublications?\b|\bpapers?\b|\bpreprints?\b|\bbibliography\b|\barticles?\b|"
     r"\bwritings?\b", "publication"),
    (r"\btalks?\b|\bpresentations?\b|\bseminars?\b|\bkeynotes?\b|\bposters?\b", "talk"),
    (r"\bcertifi(?:cates?|cations?)\b|\blicen[cs]es?\b", "certification"),
    (r"\bhono(?:u)?rs?\b|\bawards?\b|\bprizes?\b|\bgrants?\b|\bfellowships?\b|"
     r"\bscholarships?\b|\bdistinctions?\b|\bfunding\b|\bachievements?\b", "award"),
    (r"\bteaching\b|\blectur|\binstructor\b|\btutor|\bteaching assistant\b", "teaching"),
    (r"\bopen[- ]source\b|\bsoftware\b|\bcode\b", "open_source"),
    (r"\bprojects?\b", "project"),
    (r"\beducation\b|\bdegrees?\b|\bacademic background\b|\bstudies\b|"
     r"\bqualifications\b", "education"),
    (r"\bskills?\b|\btechnical\b|\btechnolog|\btools\b|\bexpertise\b|\bcompetenc|"
     r"\bproficienc", SKILLS),
    (r"\bsummary\b|\babout\b|\bprofile\b|\bobjective\b|\bstatement\b|\boverview\b", SUMMARY),
    (r"\bexperience\b|\bemployment\b|\bpositions?\b|\bappointments?\b|\bwork\b|"
     r"\bcareer\b|\bresearch\b|\bjobs?\b|\binternships?\b", "position"),
    (r"\bservice\b|\bvolunteer|\bmentor|\bleadership\b|\bactivities\b|"
     r"\bcommittees?\b|\breview|\breferee\b|\bprofessional\b|\bmemberships?\b|"
     r"\borgani[sz]|\badvis|\bconvener\b|\bchair\b", "service"),
    (r"\binterests?\b|\bhobbies\b", INTERESTS),
    (r"\blanguages?\b", LANGUAGES),
    (r"\breferences?\b|\breferees?\b", REFERENCES),
    (r"\bcontact\b|\bpersonal (?:information|details|data)\b|\bgeneral information\b", CONTACT),
)  # fmt: skip
_COMPILED = tuple((re.compile(p, re.I), role) for p, role in _HEADING_WORDS)

# Degree spellings a CV puts before the field ("M.Sc. Mechanical Engineering").
_DEGREE = re.compile(
    r"^\s*(ph\.?\s?d\.?|d\.?\s?phil\.?|doctor(?:ate)?(?: of [a-z]+)?|dr\.? rer\. nat\.|"
    r"m\.?\s?sc?\.?|m\.?\s?s\.?|m\.?\s?a\.?|m\.?\s?eng\.?|m\.?\s?phil\.?|m\.?\s?res\.?|mba|"
    r"master(?:'?s)?(?: of [a-z]+| degree)?|b\.?\s?sc?\.?|b\.?\s?s\.?|b\.?\s?a\.?|b\.?\s?eng\.?|"
    r"b\.?\s?tech\.?|m\.?\s?tech\.?|bachelor(?:'?s)?(?: of [a-z]+| degree)?|diplom[a-z\-]*|"
    r"dipl\.?-?\s?[a-z]+\.?|licen[cs]e|magister|a\.?\s?b\.?|s\.?\s?b\.?|s\.?\s?m\.?|"
    r"habilitation|postdoc(?:toral)?)"
    r"(?=[\s,:(]|$)(?:\s*(?:,|in\b|of\b|:|\())?\s*",
    re.I,
)


def classify_heading(text: str) -> str:
    """An entry kind, or SKILLS/SUMMARY/INTERESTS/LANGUAGES/REFERENCES/CONTACT, or ""."""
    for pattern, role in _COMPILED:
        if pattern.search(text):
            return role
    return ""


# Words a heading adds to a section's name without changing it: "Selected Publications".
_HEADING_FILLERS = frozenset(
    {"selected", "and", "of", "other", "recent", "relevant", "additional", "key", "main",
     "further", "the", "in", "for", "my", "list"}
)  # fmt: skip


def is_section_name(text: str) -> bool:
    """Whether every word of `text` belongs to a section's name ("Research Experience",
    "Honors and Awards"), unlike a job title that merely contains one ("Research
    Engineer": "engineer" names no section)."""
    named = [False] * len(text)
    for pattern, _ in _COMPILED:
        for match in pattern.finditer(text):
            end = match.end()
            while end < len(text) and text[end].isalpha():  # "mentor" covers "mentoring"
                end += 1
            named[match.start() : end] = [True] * (end - match.start())
    words = [(match.group(), named[match.start()]) for match in re.finditer(r"[^\W\d_]+", text)]
    return (
        bool(words)
        and all(covered or word.casefold() in _HEADING_FILLERS for word, covered in words)
        and any(covered for _, covered in words)
    )


def heading_kinds(text: str) -> list[str]:
    """The entry kinds of each part of a mixed heading, in order, without repeats.

    "Mentoring, Teaching, and Service" → ["service", "teaching"]; "Research Projects and
    Expertise" → ["project"] (each part is classified whole, so "Research" inside
    "Research Projects" does not add "position").
    """
    kinds: list[str] = []
    for part in re.split(r",|;|/|&|\band\b", text):
        role = classify_heading(part) if part.strip() else ""
        if role in ENTRY_KINDS and role not in kinds:
            kinds.append(role)
    return kinds


def classify_item(text: str, candidates: list[str], default: str) -> str:
    """The kind of one item in a mixed section: the first candidate its words name."""
    for pattern, role in _COMPILED:
        if role in candidates and pattern.search(text):
            return role
    return default


def split_degree(text: str) -> tuple[str, str]:
    """("PhD in Applied Math") → ("PhD", "Applied Math"); unknown shapes → (text, "")."""
    value = text.strip().rstrip(".,;")
    match = _DEGREE.match(value)
    if not match:
        return value, ""
    degree = match.group(1).strip()
    rest = value[match.end() :].strip().rstrip(")").strip(" ,")
    return degree, rest


def split_role_label(label: str) -> tuple[str, str, str]:
    """ "Software Engineer - Google, Munich" → (title, organisation, location).

    The title is before the first spaced dash; after it, the last comma separates the
    place. Without a dash the whole label is the title.
    """
    parts = re.split(r"\s+[-–—|@]\s+|\s+at\s+", label.strip(), maxsplit=1)
    if len(parts) == 1:
        return label.strip(), "", ""
    title, rest = parts[0].strip(), parts[1].strip()
    if "," in rest:
        organization, location = (p.strip() for p in rest.rsplit(",", 1))
        return title, organization, location
    return title, rest, ""


def split_skill_line(text: str) -> tuple[str, list[str]]:
    """ "Languages: Python, C++, Go" → ("Languages", ["Python", "C++", "Go"]).

    Without a "label:" the line is a plain list. Items split on commas, semicolons,
    bullets and sentence ends; a trailing full stop is dropped. Commas inside
    parentheses ("PFS (Prime Focus, Spectrograph)") do not split.
    """
    group = ""
    match = re.match(r"^\s*([^:,]{1,60}?)\s*:\s*(.+)$", text)
    if match:
        group, text = match.group(1).strip(), match.group(2)
    items: list[str] = []
    depth = 0
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        boundary = depth == 0 and (
            char in ",;•|"
            or (
                char == "."
                and text[index + 1 : index + 2] == " "
                and text[index + 2 : index + 3].isupper()
            )
        )
        if boundary:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    items.append("".join(current))
    cleaned = [re.sub(r"\s+", " ", i).strip().rstrip(".").strip() for i in items]
    return group, [i for i in cleaned if i and i not in ("...", "…", "etc")]


def education_dates(found: DateRange) -> DateRange:
    """A degree given one date names when it was completed, so it is the end date."""
    if found.start and not found.end and not found.current:
        return DateRange(start="", end=found.start)
    return found
