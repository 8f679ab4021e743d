"""The inventory read as keyed pieces of text: the ground evidence, rules and selection share.

Every claim the engine may point to ("this bullet supports PyTorch") names one of these
units by key, so explanations, pins and drops all speak the same language. Keys come from
the inventory when it has them and are derived from positions otherwise, which is stable
for the same input.

Not every piece of text the person wrote is evidence of what they can do. A skill is
evidenced by what the person did or explicitly lists as a skill: bullets, the skills list,
the titles and summaries of their own work, paper titles and abstracts, thesis titles and
degree fields. The headline and the profile summary say who they want to be ("moving into
machine-learning engineering"); employers, institutions and venues are other people's
names ("Westbridge Machine Learning Seminar"); URLs, advisors, co-authors and grades are
neither. Those are kept as units (they are shown, and numbers in them are the person's),
but they support no term and fire no rule. A code-host URL still establishes the fact
"code released" (see `facts.py`): the link is where the code is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from resumes.tailoring.inventory import Entry, Inventory

# Unit roles:
#   bullet    a fact of the entry (a bullet, the entry summary, a course): shown as a list item
#   title     the title of the person's own work (job title, paper, project, talk, course)
#   field     degree and field of study
#   thesis    a thesis title
#   abstract  a paper's abstract: evidence only, never shown
#   label     a name others gave it (an award title, a talk "title" that names the event):
#             read by the few rules about the entry itself (a talk, a fellowship), nothing else
#   name      organisation, employer, institution, venue
#   person    advisor, co-authors
#   score     a grade or honour
#   url       the entry's link
#   skill     a skill the person lists, or their own heading for a group of skills
#   basics    headline and profile summary
# Units whose lexicon mentions are evidence that the person has the skill.
EVIDENCE_ROLES = frozenset({"bullet", "title", "field", "thesis", "abstract", "skill"})
# Units reframing rules and text facts read (rules may opt into "label" and "url").
CONTENT_ROLES = frozenset({"bullet", "title", "thesis", "abstract"})

# A talk "title" that is really the event ("COSMO'24, Kyoto", "Aspen workshop, "Big Data and
# Machine Learning"") names someone else's programme, not the person's subject.
_EVENT_RE = re.compile(
    r"\b(?:workshops?|conferences?|seminars?|symposi(?:um|a)|colloqui(?:um|a)|forums?"
    r"|congress(?:es)?|summits?|meetings?|schools?|sessions?|days|retreats?|lecture series"
    r"|summer school|winter school)\b",
    re.IGNORECASE,
)


# Being in the audience is not doing: a passage that attends, audits, takes a course, learns
# about or is interested in something is no evidence of the things it names ("Attended
# lectures on deep learning and Kubernetes"). The passage runs from the trigger to the end
# of its clause: "Attended NeurIPS and presented a poster on diffusion models" still shows
# the poster.
_STUDY_TRIGGER = re.compile(
    r"\battend(?:ed|ing|s)?\b"
    r"|\b(?:audit(?:ed|ing|s)?|sat in on|watch(?:ed|ing)|follow(?:ed|ing))\s+(?:\S+\s+){0,4}?"
    r"(?:courses?|class(?:es)?|lectures?|lecture series|modules?|seminars?|tutorials?|mooc)\b"
    r"|\b(?:took|taking|take|completed|completing|enrolled in|registered for|passed)\s+"
    r"(?:\S+\s+){0,4}?(?:courses?|class(?:es)?|modules?|moocs?|lectures?|lecture series"
    r"|certificates?|certifications?|speciali[sz]ations?|nanodegrees?|bootcamps?)\b"
    r"|\bparticipa(?:ted|ting|nt) in\s+(?:\S+\s+){0,3}?(?:summer school|winter school"
    r"|school|courses?|lecture series|tutorials?|bootcamps?)\b"
    r"|\b(?:learn(?:ed|ing|t|s)?|read(?:ing)?|stud(?:ied|ying|y)) (?:about|up on|the basics of)\b"
    r"|\bself[- ]?(?:stud(?:ied|ying|y)|taught)\b|\bstud(?:ied|ying) (?:for|towards)\b"
    r"|\b(?:interested|interest|interests) in\b|\b(?:passionate|curious) about\b|\bkeen on\b"
    r"|\bexposure to\b|\bfamiliar(?:ity)? with\b|\bintroduct(?:ion|ory) (?:to|course)\b"
    r"|\b(?:reading|study|discussion) groups?\b|\bjournal clubs?\b",
    re.IGNORECASE,
)
# Where the passage ends: the end of a sentence or clause, or a new verb of doing.
_CLAUSE_END = re.compile(
    r"[.;:!?](?=\s|$)|\n"
    r"|,?\s+(?:and|but|then|while|where|before|after)\s+(?:also\s+)?(?="
    r"(?:presented|gave|wrote|built|implemented|developed|designed|led|ran|trained|published"
    r"|organi[sz]ed|taught|created|won|contributed|delivered|reproduced|applied|used|deployed"
    r"|released|co-organi[sz]ed|founded|proved|derived|analy[sz]ed)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def study_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) character spans of `text` that only attend, audit, study or learn
    about something: what they name is not evidence of doing it."""
    spans = []
    position = 0
    while (trigger := _STUDY_TRIGGER.search(text, position)) is not None:
        end = _CLAUSE_END.search(text, trigger.end())
        stop = end.start() if end else len(text)
        spans.append((trigger.start(), stop))
        position = max(stop, trigger.end())
    return tuple(spans)


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    entry_key: str  # "" for skills and basics
    role: str  # see the list above
    text: str
    index: int  # position within its entry, for a stable original order

    @property
    def is_evidence(self) -> bool:
        """Whether a term this unit mentions is evidence the person has that skill."""
        return self.role in EVIDENCE_ROLES

    def is_doing(self, start: int) -> bool:
        """Whether the words at `start` say what the person did, rather than what they
        attended, studied or are interested in (see `study_spans`)."""
        if self.role not in CONTENT_ROLES:
            return True
        return not any(a <= start < b for a, b in study_spans(self.text))

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The first match of `pattern` in words that say what the person did."""
        for match in pattern.finditer(self.text):
            if self.is_doing(match.start()):
                return match
        return None


def entry_key(entry: Entry, index: int) -> str:
    return entry.key or f"{entry.kind}-{index}"


def bullet_key(entry: Entry, index: int, position: int) -> str:
    bullet = entry.bullets[position]
    return bullet.key or f"{entry_key(entry, index)}/b{position}"


def title_role(entry: Entry) -> str:
    """The title's role: "title" for the person's own work, else "label" or "name"."""
    title = entry.title.strip()
    if entry.organization and title.casefold() == entry.organization.strip().casefold():
        return "name"  # an importer's fallback: a degree with no field is titled by school
    if entry.kind == "award":
        return "label"
    if entry.kind == "talk" and _EVENT_RE.search(title):
        return "label"
    return "title"


def entry_units(entry: Entry, index: int) -> list[Unit]:
    ekey = entry_key(entry, index)
    units: list[Unit] = []
    if entry.title.strip():
        units.append(Unit(f"{ekey}#title", ekey, title_role(entry), entry.title.strip(), -2))
    names = " ".join(p for p in (entry.degree, entry.field_of_study) if p)
    if names:
        units.append(Unit(f"{ekey}#degree", ekey, "field", names, -1))
    places = " ".join(p for p in (entry.organization, entry.venue) if p)
    if places:
        units.append(Unit(f"{ekey}#org", ekey, "name", places, -1))
    position = 0
    if entry.summary.strip():
        units.append(Unit(f"{ekey}#summary", ekey, "bullet", entry.summary.strip(), position))
        position += 1
    for j, bullet in enumerate(entry.bullets):
        if bullet.text.strip():
            units.append(
                Unit(bullet_key(entry, index, j), ekey, "bullet", bullet.text.strip(), position)
            )
            position += 1
    if entry.thesis_title:
        units.append(Unit(f"{ekey}#thesis", ekey, "thesis", entry.thesis_title, position))
        position += 1
    if entry.advisor:
        units.append(Unit(f"{ekey}#advisor", ekey, "person", entry.advisor, position))
        position += 1
    for j, course in enumerate(entry.courses):
        # Importers may leave "Dissertation: <title>" in the courses after lifting the
        # title into thesis_title; showing both would say it twice.
        repeats = any(v and v in course for v in (entry.thesis_title, entry.advisor))
        if course.strip() and not repeats:
            units.append(Unit(f"{ekey}#c{j}", ekey, "bullet", course.strip(), position))
            position += 1
    if entry.score:
        units.append(Unit(f"{ekey}#score", ekey, "score", entry.score, position))
    if entry.abstract:
        units.append(Unit(f"{ekey}#abstract", ekey, "abstract", entry.abstract, position))
    if entry.authors:
        units.append(Unit(f"{ekey}#authors", ekey, "person", ", ".join(entry.authors), position))
    if entry.url:
        units.append(Unit(f"{ekey}#url", ekey, "url", entry.url, position))
    return units


def inventory_units(inventory: Inventory) -> list[Unit]:
    """All units of an inventory, in inventory order."""
    units: list[Unit] = []
    basics = inventory.basics
    for name, text in (("headline", basics.headline), ("summary", basics.summary)):
        if text.strip():
            units.append(Unit(f"basics#{name}", "", "basics", text.strip(), 0))
    for i, entry in enumerate(inventory.entries):
        units.extend(entry_units(entry, i))
    for i, skill in enumerate(inventory.skills):
        if skill.name.strip():
            units.append(Unit(f"skill:{i}", "", "skill", skill.name.strip(), i))
    # The person's own skill headings ("ML/RL", "Machine Learning") are their words too.
    groups = dict.fromkeys(s.group.strip() for s in inventory.skills if s.group.strip())
    for i, group in enumerate(groups):
        units.append(Unit(f"skill-group:{i}", "", "skill", group, i))
    return units
