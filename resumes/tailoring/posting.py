"""Posting analysis: what a job posting asks for, how strongly, and for what kind of role.

The posting is split into sections by its own headings ("Minimum qualifications", "What
you'll do", "Benefits", ...); each lexicon term found is weighted by the strongest section
it appears in (must-have > nice-to-have > responsibility > mention), and benefits text is
ignored. Phrases the lexicon does not know are found statistically: noun-phrase-like runs
of content words in the weighted sections, scored by weight and frequency, at half the
weight of a term.

Postings are often hard-wrapped ("implementing production machine" / "learning systems at
scale"), so lines are first joined back into the bullets and paragraphs they were: a
term or phrase is never cut at a wrap, and never runs across a bullet, a sentence or a
clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from resumes.tailoring.language import LANGUAGE_NAMES, detect_language
from resumes.tailoring.lexicon import Lexicon, Mention
from resumes.tailoring.report import (
    PostingReport,
    PostingSectionRow,
    PostingTermRow,
    RequirementRow,
)
from resumes.tailoring.requirements import (
    LEVELS,
    Credential,
    alternative_runs,
    degree_mentions,
    field_spans,
    is_degree_line,
    years_mentions,
)
from resumes.tailoring.textnorm import Token, tokenize

SECTION_WEIGHTS: dict[str, float] = {
    "requirements": 4.0,
    "preferred": 2.5,
    "title": 2.0,
    "responsibilities": 1.5,
    "about": 1.0,
    "benefits": 0.0,
}
ROLE_FAMILIES: tuple[str, ...] = (
    "ml_engineer",
    "mlops",
    "research_engineer",
    "applied_scientist",
    "research_scientist",
    "data_scientist",
    "ml_performance",
    "quant",
    "software",
)

# What a recruiter calls each section's demands.
LEVEL_OF_SECTION: dict[str, str] = {
    "requirements": "must",
    "title": "must",
    "preferred": "nice",
    "responsibilities": "mention",
    "about": "mention",
    "benefits": "mention",
}
KEYPHRASE_PREFIX = "phrase:"  # a key phrase's id: the prefix, then its stems
# Below this many recognised terms, a posting is too thin to score a résumé against.
MIN_TERMS = 5

REPEAT_BONUS = 0.25  # per further mention, so a term said five times outranks one said once
MAX_REPEAT_BONUS = 1.0
KEYPHRASE_FACTOR = 0.5
MAX_KEYPHRASES = 8

# Heading classes, tried in this order: the first that matches wins, so "You will enjoy
# the following benefits" is benefits and "Preferred qualifications" is preferred.
_HEADING_CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "benefits",
            r"benefit|perks|compensation|salary|\bpay\b|what we offer|we offer"
            r"|why (?:you should )?join"
            r"|equal opportunit|\beeo\b|logistics|where you.ll be|work from|deadline|hybrid"
            r"|visa|accommodation|diversity|total rewards|base range|location",
        ),
        (
            "preferred",
            r"prefer|nice.to.have|bonus|\bplus\b|desired|desirable|may also have|ideal"
            r"|would be great|pluses|good to have|not required|additional qualifications",
        ),
        (
            "requirements",
            r"requirement|qualification|must have|you have|you should|you bring|you.ll need"
            r"|looking for|who you are|about you|good fit|what you need|your profile|you will need"
            r"|^you$|^you are$|^education\b"
            r"|we expect|skills|experience|competenc"
            r"|what (?:it|you.ll|you will) take|what we.re after|to succeed|you might be"
            r"|ideal candidate|background|the candidate|what makes you|you.re a match",
        ),
        (
            "responsibilities",
            r"responsibilit|what you.ll do|you will|you.ll|about the role|the role"
            r"|representative projects|your impact|day.to.day|in this role|job description"
            r"|what you will do|duties|as a member|your work|projects"
            r"|work on|what you.d do|what you would do|you.d be doing|the work\b"
            r"|accountabilit|key tasks|main tasks|your mission|the opportunity|challenges"
            r"|how you.ll contribute|in this position|what you.ll own|scope",
        ),
        ("about", r"about|who we are|our team|the team|company|overview|mission|culture"),
    )
)
_BULLET_RE = re.compile(r"^\s*(?:[-*•\u2022]|\d+[.)])\s+")
_INLINE_HEADING_RE = re.compile(r"^\s*\*\*([^*]{2,60}?):?\*\*:?\s+(\S.*)$")
_DECORATION_RE = re.compile(r"^[#>\s*_]+|[*_\s]+$")
_PREFERRED_LINE_RE = re.compile(
    r"\bpreferred\b|\ba plus\b|nice.to.have|\bbonus\b|\bideally\b|\bdesirable\b"
)
_REQUIRED_LINE_RE = re.compile(
    r"\brequired\b|\bmust (?:have|be|know)\b|\bminimum of\b|\bessential\b"
)
# Lines about pay, perks and legal notices carry no skill demand wherever they stand.
_BENEFITS_LINE_RE = re.compile(
    r"salary|compensation|benefits|equal opportunity|affirmative action|401\(?k\)?|\bpto\b"
    r"|paid (?:time|leave|parental|sick|holidays)|\bvisa\b|accommodation|pay range|base pay"
    r"|equity package|disability|veteran|gender identity|sexual orientation|bonus target"
    r"|parental leave|health (?:care|insurance)|wellness|pension|retirement|vacation"
)
# A line that opens with its own short label ("Education requirements: ...").
_LINE_LABEL_RE = re.compile(r"^[*_\s-]*((?:\w+\s){0,3}\w+)\s*:\s+\S")
# "About Meta: Meta builds technologies..." inside another section is still the company.
_ABOUT_LINE_RE = re.compile(r"^[*_#\s]*about\b", re.IGNORECASE)
# A line this long that stops without punctuation was wrapped, not ended.
_WRAP_MIN = 40
_CLAUSE_ENDS = (".", "!", "?", ":", ";", "**")
_YEARS_RE = re.compile(r"(\d{1,2})\s*\+?\s*(?:years?|yrs)\b")

_TITLE_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern))
    for family, pattern in (
        ("quant", r"\bquant|trading|trader"),
        ("ml_performance", r"kernel|performance engineer|\bgpu\b|inference optimi|compiler"),
        (
            "mlops",
            r"mlops|machine learning operations|\bml ops\b|ml platform|ml infrastructure"
            r"|platform engineer|devops",
        ),
        ("research_engineer", r"research engineer"),
        ("applied_scientist", r"applied (?:research )?scientist"),
        ("research_scientist", r"research scientist|researcher"),
        ("data_scientist", r"data scien|analytics|analyst"),
        (
            "ml_engineer",
            r"machine learning|\bml\b|\bai\b|deep learning|\bnlp\b|computer vision|\bmle\b"
            r"|gen ai",
        ),
        ("software", r"software|backend|developer|engineer"),
    )
)
_ROLE_WORD_RE = re.compile(
    r"engineer|scientist|researcher|analyst|developer|director|manager|lead\b|architect"
)

_STOPWORDS = frozenset(
    """a about above across after again all also am an and any are as at be because been being
    both but by can could did do does doing down during each either etc e.g eg i.e ie few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our ours out
    over own per same she should so some such than that the their them then there these they
    this those through to too under until up very via was we were what when where which
    while who whom why will with within without would you your yours""".split()  # noqa: SIM905
)
# Words every posting uses; they never make a phrase worth matching on their own.
_GENERIC = frozenset(
    """ability able amazing applicant applicants apply background best bring candidate
    candidates career closely company culture day deep demonstrated desire drive environment
    equivalent excellent exceptional excited experience experienced expertise familiarity
    fast field good great help highly ideal impact including industry join knowledge level
    like looking love make minimum multiple must need new one opportunity opportunities
    passion passionate people plus preferred proficiency proven related relevant required
    requirement requirements role skill skills strong success successful team teams
    technical track record understanding various want way well wide work working world year
    years degree degrees bachelor bachelors master masters phd doctorate doctoral postdoctoral
    bsc msc values feedback disagreement mindset attitude""".split()  # noqa: SIM905
)
# More words that never make a phrase: prepositions and connectives the stopword list
# lacks, and adjectives and adverbs that only dress a noun up ("similar languages",
# "outstanding interpersonal", "constantly aiming").
_EXTRA_STOPWORDS = frozenset(
    """among amongst around toward towards outside inside beyond upon along alongside
    versus whether whose whatever however therefore thus etc even ever things thing get
    gets got done""".split()  # noqa: SIM905
)
_FILLER = frozenset(
    """similar various complex outstanding ongoing constantly advanced large small broad
    entire overall specific certain additional own general key major main top fast quick
    quickly clear clearly effective effectively efficient efficiently innovative meaningful
    rapid rapidly highly high low ample plenty lots whole solid proficient comfortable
    hands-on ambitious dynamic exciting unique critical diverse modern latest current
    future emerging complementary comparable appropriate committed energized obsessively
    free eager curious motivated self-motivated driven talented brilliant professional
    healthy regular next possible today""".split()  # noqa: SIM905
)
# Verbs postings open clauses with; a phrase never starts (or ends) on one.
_VERBS = frozenset(
    """use uses build builds develop develops design designs implement implements create
    creates deliver delivers manage manages integrate integrates query queries solve solves
    maintain maintains ensure ensures drive drives lead leads support supports improve
    improves define defines enable enables apply applies analyse analyses analyze analyzes
    identify identifies resolve resolves collaborate collaborates partner partners own owns
    write writes run runs take takes go goes make makes bring brings conduct conducts
    perform performs explore explores evaluate evaluates provide provides deploy deploys
    scale scales optimize optimizes optimise optimises help helps join joins communicate
    communicates present presents publish publishes mentor mentors contribute contributes
    shape shapes translate translates engage engages establish establishes execute executes
    iterate iterates advance advances set sets find finds learn learns understand
    understands pick picks enjoy enjoys like likes want wants thrive thrives serve serves
    define oversee oversees champion champions foster fosters empower empowers grow grows
    work works move moves embrace embraces embody embodies""".split()  # noqa: SIM905
)
# Words in -ing that are nouns, which a phrase may start with ("programming languages").
_ING_NOUNS = frozenset(
    """engineering learning processing computing modeling modelling training testing
    pricing marketing banking accounting mapping scheduling planning forecasting
    programming networking clustering ranking reasoning manufacturing""".split()  # noqa: SIM905
)
# A key phrase must name a skill, tool, domain or practice: it ends on a noun that names
# one ("neural signals", "graph databases"), not on a value or a business word ("customer
# value", "business problems", "first principles").
_TECHNICAL_HEADS = frozenset(
    """model modeling modelling learning network signal database system pipeline processing
    discovery detection recognition retrieval generation inference optimization optimisation
    estimation forecasting simulation computing algorithm
    architecture infrastructure interface imaging vision framework kernel compiler platform
    engine statistics regression classification clustering segmentation tracking mining
    search ranking translation synthesis embedding serving deployment evaluation testing
    monitoring sequencing spectroscopy microscopy econometrics""".split()  # noqa: SIM905
)
# Lines about the hiring process, place and paperwork carry no skill, wherever they stand.
_PROCESS_LINE_RE = re.compile(
    r"interview|job description|work authori[sz]ation|authori[sz]ed to work|time zone"
    r"|relocat|travel|in.person|on.?site|hybrid|remote|hiring process|background check"
    r"|citizenship|security clearance|sponsorship|how to apply|apply now|recruit"
)


@dataclass(frozen=True)
class PostingSection:
    name: str  # one of SECTION_WEIGHTS
    heading: str
    text: str


@dataclass(frozen=True)
class PostingTerm:
    id: str  # lexicon term id, or "phrase:<words>" for a statistical key phrase
    name: str
    category: str  # hard, soft or domain
    weight: float
    section: str  # the strongest section it appears in
    count: int
    surfaces: tuple[str, ...]  # how the posting wrote it
    source: str = "lexicon"  # or "keyphrase", "degree", "years"
    words: tuple[str, ...] = ()  # stems a key phrase is matched by
    level: str = "mention"  # must, nice or mention (see LEVEL_OF_SECTION)
    group: str = ""  # the requirement it is one alternative of ("" when it stands alone)
    rank: int = 0  # a credential's degree rank or years


@dataclass(frozen=True)
class Requirement:
    """Terms the posting offers as a choice ("C, C++, Java or Python"): any one meets it."""

    id: str
    level: str
    term_ids: tuple[str, ...]


@dataclass(frozen=True)
class PostingAnalysis:
    title: str
    role_family: str
    seniority: str
    sections: tuple[PostingSection, ...]
    terms: tuple[PostingTerm, ...]
    years_required: int | None = None
    family_scores: dict[str, float] = field(default_factory=dict)
    requirements: tuple[Requirement, ...] = ()
    language: str = "en"
    # "ok"; "low" when too few terms were recognised to score a résumé against; "language"
    # when the posting is not in English
    confidence: str = "ok"
    notice: str = ""

    def term(self, term_id: str) -> PostingTerm | None:
        return next((t for t in self.terms if t.id == term_id), None)

    def reported(self) -> PostingReport:
        """What the build report keeps of the analysis."""
        return PostingReport(
            title=self.title,
            role_family=self.role_family,
            seniority=self.seniority,
            years_required=self.years_required,
            language=self.language,
            confidence=self.confidence,
            notice=self.notice,
            sections=tuple(PostingSectionRow(s.name, s.heading) for s in self.sections),
            requirements=tuple(
                RequirementRow(r.id, r.level, tuple(r.term_ids)) for r in self.requirements
            ),
            terms=tuple(
                PostingTermRow(
                    id=t.id,
                    name=t.name,
                    category=t.category,
                    weight=t.weight,
                    section=t.section,
                    count=t.count,
                    surfaces=t.surfaces,
                    source=t.source,
                    level=t.level,
                    group=t.group,
                )
                for t in self.terms
            ),
        )


def analysis_from_report(posting: PostingReport) -> PostingAnalysis:
    """The analysis a build report kept, as the evidence matcher reads it: its terms, levels
    and choices, without the posting's text. Reading a stored report this way costs nothing
    next to analysing the text again, and gives the terms the résumé was built against.

    Degrees and years are left out: their ranks are not kept, and neither is something to
    learn or to show."""
    terms = tuple(
        PostingTerm(
            id=row.id,
            name=row.name,
            category=row.category,
            weight=row.weight,
            section=row.section,
            count=row.count,
            surfaces=row.surfaces,
            source=row.source,
            words=tuple(row.id.removeprefix(KEYPHRASE_PREFIX).split())
            if row.source == "keyphrase"
            else (),
            level=row.level or LEVEL_OF_SECTION.get(row.section, "mention"),
            group=row.group,
        )
        for row in posting.terms
        if row.source not in ("degree", "years")
    )
    kept = {term.id for term in terms}
    return PostingAnalysis(
        title=posting.title,
        role_family=posting.role_family,
        seniority=posting.seniority,
        sections=(),
        terms=terms,
        years_required=posting.years_required,
        requirements=tuple(
            Requirement(r.id, r.level, tuple(t for t in r.terms if t in kept))
            for r in posting.requirements
        ),
        language=posting.language,
        confidence=posting.confidence,
        notice=posting.notice,
    )


def split_sections(text: str) -> tuple[PostingSection, ...]:
    """The posting cut at its headings; text before the first heading is "about"."""
    sections: list[PostingSection] = []
    current, heading = "about", ""
    lines: list[str] = []

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body:
            sections.append(PostingSection(current, heading, body))

    raw_lines = text.splitlines()
    for number, raw_line in enumerate(raw_lines):
        found = _heading_of(raw_line, opens_a_list=_next_is_bullet(raw_lines, number))
        if found is None:
            lines.append(raw_line)
            continue
        name, label, rest = found
        flush()
        current, heading, lines = name, label, [rest] if rest else []
    flush()
    return tuple(sections)


def _next_is_bullet(lines: list[str], number: int) -> bool:
    """Whether the first non-blank line after `lines[number]` is a list item."""
    following = next((line for line in lines[number + 1 :] if line.strip()), "")
    return bool(_BULLET_RE.match(following))


def _heading_of(line: str, *, opens_a_list: bool = False) -> tuple[str, str, str] | None:
    """(section, heading text, text after an inline heading) when `line` is a heading.
    `opens_a_list`: the line is followed by a list, as a heading of any length up to a
    dozen words is ("You may be a good fit if you have")."""
    if not line.strip() or _BULLET_RE.match(line):
        return None
    if line.strip()[:1].islower():
        return None  # a wrapped line's second half ("years of experience, ...")
    inline = _INLINE_HEADING_RE.match(line)
    if inline:
        name = _classify_heading(inline.group(1))
        return (name, inline.group(1).strip(), inline.group(2)) if name else None
    label = _DECORATION_RE.sub("", line).strip().rstrip(":").strip("* ").rstrip(".").strip()
    words = label.split()
    if not words or len(words) > 12:
        return None
    # A heading is short and either ends with a colon or stands alone in bold/markdown or
    # without a full stop; long sentences that merely contain "experience" are not.
    unpunctuated = not line.rstrip().endswith((".", ",", ";"))
    looks_like_heading = (
        line.rstrip().endswith((":", "**", ":**")) or line.lstrip().startswith(("#", "**"))
    ) or (unpunctuated and (len(words) <= 6 or opens_a_list))
    if not looks_like_heading:
        return None
    name = _classify_heading(label)
    return (name, label, "") if name else None


def _classify_heading(label: str) -> str | None:
    folded = label.casefold()
    for name, pattern in _HEADING_CLASSES:
        if pattern.search(folded):
            return name
    return None


def analyse_posting(text: str, lexicon: Lexicon, title: str = "") -> PostingAnalysis:
    """The sections, weighted terms, requirements, role family and seniority of a posting."""
    title = title.strip() or _title_guess(text)
    sections = split_sections(text)
    weighted_lines = _weighted_lines(sections, title)

    found: dict[str, dict[str, Any]] = {}
    choices: list[tuple[str, tuple[str, ...]]] = []
    alone: dict[str, float] = {}  # term id → strongest section asking for it on its own
    credentials: list[tuple[str, Credential]] = []
    # Each line is cut into tokens once; the lexicon and the key phrases both read them.
    read = []
    for line, section in weighted_lines:
        tokens, every_mention = _read(line, lexicon)
        mentions = _asked(every_mention, line, section, lexicon)
        # Key phrases skip every term's words, asked for or not ("AI systems" is no phrase).
        read.append((line, section, tokens, every_mention))
        for mention in mentions:
            _note(found, mention.term_id, section, mention.surface)
        runs = alternative_runs(line, mentions)
        for run in runs:
            choices.append((section, tuple(dict.fromkeys(m.term_id for m in run))))
        in_runs = {m.start for run in runs for m in run}
        for mention in mentions:
            if mention.start not in in_runs:
                weight = max(alone.get(mention.term_id, 0.0), SECTION_WEIGHTS[section])
                alone[mention.term_id] = weight
        if section in ("requirements", "preferred"):
            found_here = degree_mentions(line) + years_mentions(line)
            credentials.extend((section, c) for c in found_here)
    terms = [
        _posting_term(term_id, info, lexicon.term(term_id).name, lexicon.term(term_id).category)
        for term_id, info in found.items()
    ]
    terms = [t for t in terms if t.weight > 0]
    terms.extend(credential_terms(credentials))
    terms.extend(_key_phrases(read, lexicon))
    requirements = _requirements(choices, alone, {t.id for t in terms})
    group_of = {term_id: r.id for r in requirements for term_id in r.term_ids}
    terms = [replace(t, group=group_of.get(t.id, "")) for t in terms]
    terms.sort(key=lambda t: (-t.weight, t.name.casefold(), t.id))

    scores = _family_scores(title, text)
    family = max(ROLE_FAMILIES, key=lambda f: (scores[f], -ROLE_FAMILIES.index(f)))
    years = _years_required(sections)
    language = detect_language(text)
    confidence, notice = _confidence(language, terms)
    return PostingAnalysis(
        title=title,
        role_family=family,
        seniority=_seniority(title, years),
        sections=sections,
        terms=tuple(terms),
        years_required=years,
        family_scores=scores,
        requirements=requirements,
        language=language,
        confidence=confidence,
        notice=notice,
    )


def _asked(mentions: list[Mention], line: str, section: str, lexicon: Lexicon) -> list[Mention]:
    """The mentions of `line` that the posting asks for.

    Words every posting uses in passing ("innovative", "at scale") ask for nothing; a degree
    line's fields ("PhD in Mathematics, Physics or CS") are part of the credential, not
    demands of their own; the company's own blurb names its products and values, so only
    the technology and domains a recruiter would screen for count there.
    """
    fields = field_spans(line)
    kept = []
    for mention in mentions:
        term = lexicon.term(mention.term_id)
        if term.generic:
            continue
        in_fields = any(a <= mention.start < b for a, b in fields)
        if in_fields and term.category != "hard":
            continue
        if section == "about" and (term.category == "soft" or term.source == "onet"):
            continue
        kept.append(mention)
    return kept


def credential_terms(credentials: list[tuple[str, Credential]]) -> list[PostingTerm]:
    """One term per degree level and per years figure the posting names.

    The lowest degree a requirement accepts is the must-have; higher ones offered beside it
    ("MS or PhD") and any only preferred are nice to have. Years are as strong as the
    section that states them.
    """
    degrees = [(s, c) for s, c in credentials if c.kind == "degree"]
    required = [c.rank for s, c in degrees if s == "requirements"]
    floor = min(required) if required else None
    infos: dict[str, dict[str, Any]] = {}
    for section, credential in credentials:
        if credential.kind == "degree":
            level = "must" if section == "requirements" and credential.rank == floor else "nice"
        else:
            level = "must" if section == "requirements" else "nice"
        key = f"{credential.kind}:{credential.name.casefold().replace(' ', '-')}"
        info = infos.setdefault(
            key, {"credential": credential, "level": level, "count": 0, "surfaces": []}
        )
        info["count"] += 1
        if LEVELS.index(level) < LEVELS.index(info["level"]):
            info["level"] = level
        if credential.surface not in info["surfaces"]:
            info["surfaces"].append(credential.surface)
    section_of = {"must": "requirements", "nice": "preferred"}
    return [
        PostingTerm(
            id=key,
            name=info["credential"].name,
            category="credential",
            weight=SECTION_WEIGHTS[section_of[info["level"]]],
            section=section_of[info["level"]],
            count=info["count"],
            surfaces=tuple(info["surfaces"]),
            source=info["credential"].kind,
            level=info["level"],
            rank=info["credential"].rank,
        )
        for key, info in infos.items()
    ]


def _requirements(
    choices: list[tuple[str, tuple[str, ...]]], alone: dict[str, float], term_ids: set[str]
) -> tuple[Requirement, ...]:
    """The posting's choices, each term in at most one; a term the posting also asks for on
    its own, as strongly, is a requirement by itself and leaves the choice."""
    requirements: list[Requirement] = []
    taken: set[str] = set()
    for section, ids in choices:
        members = tuple(
            i
            for i in ids
            if i in term_ids and i not in taken and alone.get(i, 0.0) < SECTION_WEIGHTS[section]
        )
        if len(members) < 2:
            continue
        taken.update(members)
        level = LEVEL_OF_SECTION[section]
        requirements.append(Requirement(f"r{len(requirements) + 1}", level, members))
    return tuple(requirements)


def _confidence(language: str, terms: list[PostingTerm]) -> tuple[str, str]:
    """Whether the analysis can be trusted to score a résumé, and what to tell the person."""
    recognised = sum(1 for t in terms if t.category != "credential")
    plural = "term was" if recognised == 1 else "terms were"
    if language != "en":
        name = LANGUAGE_NAMES.get(language, language)
        return (
            "language",
            f"Reframe analyses English postings; this one reads as {name}, and "
            f"{recognised} {plural} recognised. No match score is given.",
        )
    if recognised < MIN_TERMS:
        return (
            "low",
            f"Only {recognised} {plural} recognised in this posting: too little to score a "
            "résumé against. Paste the whole posting, with its requirements.",
        )
    return "ok", ""


def _weighted_lines(sections: tuple[PostingSection, ...], title: str) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [(title, "title")] if title else []
    for section in sections:
        for line in logical_lines(section.text):
            name = section.name
            if _BENEFITS_LINE_RE.search(line.casefold()):
                name = "benefits"
            elif _ABOUT_LINE_RE.match(line) and name != "benefits":
                name = "about"
            # "Education requirements: ..." under "Logistics" says what it is itself.
            label = _LINE_LABEL_RE.match(line)
            if label and _classify_heading(label.group(1)) in ("requirements", "preferred"):
                name = _classify_heading(label.group(1)) or name
            # "Experience with X is a plus" inside the requirements is a nice-to-have.
            if name == "requirements" and _PREFERRED_LINE_RE.search(line.casefold()):
                name = "preferred"
            # "Kubernetes experience is required" among the duties is a must-have.
            elif name == "responsibilities" and _REQUIRED_LINE_RE.search(line.casefold()):
                name = "requirements"
            lines.append((line, name))
    return lines


def logical_lines(text: str) -> list[str]:
    """`text`'s bullets and paragraphs, each on one line, hard wraps joined.

    A line continues the one before unless it is blank, starts a bullet, or the line
    before ends a sentence or introduces something (".", "!", "?", ":", ";") or is short
    (a list of names one per line is not a paragraph), in which case a line starting
    with a lower-case letter still continues it.
    """
    out: list[str] = []
    previous = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            previous = ""
            continue
        continues = (
            bool(previous)
            and not _BULLET_RE.match(raw)
            and (
                line[:1].islower()
                or (len(previous) >= _WRAP_MIN and not previous.endswith(_CLAUSE_ENDS))
            )
        )
        if continues:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        previous = out[-1] if len(line) >= _WRAP_MIN or continues else line
        if len(line) < _WRAP_MIN and not continues:
            previous = line
    return out


def _note[K](found: dict[K, dict[str, Any]], key: K, section: str, surface: str) -> None:
    info = found.setdefault(key, {"weight": 0.0, "section": section, "count": 0, "surfaces": []})
    info["count"] += 1
    if SECTION_WEIGHTS[section] > info["weight"]:
        info["weight"] = SECTION_WEIGHTS[section]
        info["section"] = section
    if surface not in info["surfaces"]:
        info["surfaces"].append(surface)


def _posting_term(
    term_id: str,
    info: dict[str, Any],
    name: str,
    category: str,
    source: str = "lexicon",
    factor: float = 1.0,
    words: tuple[str, ...] = (),
) -> PostingTerm:
    base = info["weight"]
    bonus = min(REPEAT_BONUS * (info["count"] - 1), MAX_REPEAT_BONUS) if base > 0 else 0.0
    return PostingTerm(
        id=term_id,
        name=name,
        category=category,
        weight=round((base + bonus) * factor, 3),
        section=info["section"],
        count=info["count"],
        surfaces=tuple(info["surfaces"]),
        source=source,
        words=words,
        level=LEVEL_OF_SECTION[info["section"]],
    )


def _read(line: str, lexicon: Lexicon) -> tuple[list[Token], list[Mention]]:
    tokens = tokenize(line)
    return tokens, lexicon.find(line, tokens)


def _key_phrases(
    read: list[tuple[str, str, list[Token], list[Mention]]], lexicon: Lexicon
) -> list[PostingTerm]:
    """Noun-phrase-like runs of two to four content words the lexicon does not cover.

    A run stops at a stopword, a generic posting word, a filler adjective, a lexicon term,
    punctuation or a line end, so it never crosses a clause; leading verbs ("implementing
    ...") and trailing participles or adverbs ("... oriented") are trimmed; lines about the
    hiring process are skipped; and a run that is only a fragment of a lexicon term (the
    "production machine" of "production machine learning") is dropped.
    """
    fragments = lexicon.fragments
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for line, section, tokens, mentions in read:
        if section in ("benefits", "about", "title") or _PROCESS_LINE_RE.search(line.casefold()):
            continue
        if is_degree_line(line):
            continue
        covered = {i for m in mentions for i in range(m.start, m.end)}
        run: list[Token] = []
        for token in [*tokens, None]:
            usable = token is not None and token.start not in covered and _content_word(token)
            # A run ends at an unusable token or at a gap that breaks a phrase.
            if token is None or not usable or (run and not token.joins_previous):
                # A run that stops at a skill's name is that skill's modifier ("post
                # deployment" of "post-deployment monitoring"), not a phrase of its own.
                modifies = token is not None and token.start in covered and token.joins_previous
                for chunk in _phrases_of(run):
                    words = tuple(t.stem for t in chunk)
                    if _cut_from_compound(line, chunk) or (modifies and chunk[-1] is run[-1]):
                        continue
                    if words not in fragments and words[-1] in _TECHNICAL_HEADS:
                        _note(found, words, section, " ".join(t.text for t in chunk))
                run = []
            if token is not None and usable:
                run.append(token)
    phrases = []
    for words, info in found.items():
        # One mention in a responsibility is noise; a must-have or a repeat is a signal.
        if info["count"] < 2 and info["section"] not in ("requirements", "preferred"):
            continue
        name = " ".join(info["surfaces"][0].split())
        phrases.append(
            _posting_term(
                KEYPHRASE_PREFIX + " ".join(words),
                info,
                name.casefold(),
                "domain",
                source="keyphrase",
                factor=KEYPHRASE_FACTOR,
                words=words,
            )
        )
    phrases.sort(key=lambda t: (-t.weight * t.count, t.id))
    kept: list[PostingTerm] = []
    for phrase in phrases:
        # "multi modal" adds nothing beside "multi modal datasets".
        if any(_contains(other.words, phrase.words) for other in kept):
            continue
        kept = [k for k in kept if not _contains(phrase.words, k.words)]
        kept.append(phrase)
        if len(kept) == MAX_KEYPHRASES:
            break
    return kept


def _cut_from_compound(line: str, chunk: list[Token]) -> bool:
    """Whether the phrase is a piece of a hyphenated compound: a hyphen joins it to the word
    before or after ("art models" of "state-of-the-art models")."""
    return line[chunk[-1].end : chunk[-1].end + 1] == "-" or (
        chunk[0].start > 0 and line[chunk[0].start - 1] == "-"
    )


def _content_word(token: Token) -> bool:
    text = token.text
    if not text.isalpha() or token.stem in _STOPWORDS or token.stem in _GENERIC:
        return False
    folded = text.casefold()
    if folded in _FILLER or folded in _EXTRA_STOPWORDS:
        return False
    return len(text) > 2 or (len(text) == 2 and text.isupper())


def _verbish(token: Token) -> bool:
    """A word that starts a clause rather than a noun phrase ("implementing", "use")."""
    folded = token.text.casefold()
    if folded in _VERBS:
        return True
    if folded.endswith("ing") and folded not in _ING_NOUNS:
        return True
    return folded.endswith("ed") and len(folded) > 4


def _modifier_end(token: Token) -> bool:
    """A word a noun phrase does not end on ("oriented", "quickly", "takes")."""
    folded = token.text.casefold()
    return folded in _VERBS or (folded.endswith(("ly", "ed")) and len(folded) >= 4)


def _phrases_of(run: list[Token]) -> list[list[Token]]:
    while run and _verbish(run[0]):
        run = run[1:]
    while run and _modifier_end(run[-1]):
        run = run[:-1]
    if 2 <= len(run) <= 4:
        return [run]
    if len(run) > 4:  # a list of words, not a phrase: keep its clean pairs
        return [
            run[i : i + 2]
            for i in range(len(run) - 1)
            if not _verbish(run[i]) and not _modifier_end(run[i + 1])
        ]
    return []


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return len(longer) > n and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _title_guess(text: str) -> str:
    """A first line that names a role ("Senior ML Engineer") is the title; else none."""
    for line in text.splitlines():
        line = _DECORATION_RE.sub("", line).strip()
        if not line:
            continue
        if len(line.split()) <= 12 and _ROLE_WORD_RE.search(line.casefold()):
            return line
        return ""
    return ""


def _family_scores(title: str, text: str) -> dict[str, float]:
    """Title matches decide (first family whose pattern matches); the body breaks ties."""
    scores = {family: 0.0 for family in ROLE_FAMILIES}
    folded_title = title.casefold()
    for family, pattern in _TITLE_FAMILIES:
        if pattern.search(folded_title):
            scores[family] += 10.0
            break
    folded = text.casefold()
    for family, pattern in _TITLE_FAMILIES:
        scores[family] += 0.1 * min(len(pattern.findall(folded)), 20)
    return {k: round(v, 3) for k, v in scores.items()}


def _years_required(sections: tuple[PostingSection, ...]) -> int | None:
    years = [
        int(m.group(1))
        for s in sections
        if s.name in ("requirements", "preferred", "about", "responsibilities")
        for m in _YEARS_RE.finditer(s.text.casefold())
        if int(m.group(1)) < 30
    ]
    years = [y for y in years if y > 0]
    return min(years) if years else None


def _seniority(title: str, years: int | None) -> str:
    folded = title.casefold()
    for level, pattern in (
        ("intern", r"\bintern"),
        ("lead", r"\b(?:lead|head|director|manager|vp)\b"),
        ("principal", r"\bprincipal\b"),
        ("staff", r"\bstaff\b"),
        ("senior", r"\b(?:senior|sr\.?|iii|iv)\b"),
        ("junior", r"\b(?:junior|jr\.?|associate|entry|graduate|new grad)\b"),
        ("mid", r"\bii\b"),
    ):
        if re.search(pattern, folded):
            return level
    if years is None:
        return "mid"
    return "senior" if years >= 5 else "mid" if years >= 2 else "junior"
