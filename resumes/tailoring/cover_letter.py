"""A cover letter for one posting, written from the same evidence as its résumé.

The letter says only what the tailored résumé already says or the inventory holds
verbatim: the person's current or latest role and their highest degree, as recorded; the
three résumé bullets that show the most of what the posting asks for, word for word (they
passed the résumé's gate); and the posting terms the résumé covers. The rest is fixed
wording and the posting's own title and company, which name the addressee, not a claim.
`check_letter` reads the finished text back against the inventory's index — every number
one the inventory holds, every skill one it supports — and a paragraph that fails is left
out, as the résumé's gate does with a bullet.

Each paragraph carries why it is there: the inventory entries and bullets it draws on and
the posting terms it shows, for the build page's "why this paragraph".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from resumes.tailoring.evidence import InventoryIndex, outside_names
from resumes.tailoring.inventory import Entry, Inventory
from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.plan import ITEM_KINDS, Header, Paragraph, PlannedBullet, ResumePlan
from resumes.tailoring.report import BuildReport, ViolationRow
from resumes.tailoring.textnorm import numbers_in
from resumes.tailoring.units import entry_key

MAX_EVIDENCE_BULLETS = 3
MAX_CLOSING_TERMS = 3
_DEGREE_RANK = (
    (3, re.compile(r"\bph\.?\s?d\b|doctor|d\.?phil", re.IGNORECASE)),
    (2, re.compile(r"\bm\.?sc?\b|master|\bm\.?eng\b|\bmba\b", re.IGNORECASE)),
    (1, re.compile(r"\bb\.?sc?\b|\bb\.?a\b|bachelor|\bb\.?eng\b", re.IGNORECASE)),
)
LEVEL_WEIGHT = {"must": 3.0, "nice": 1.0, "mention": 0.5}


@dataclass(frozen=True)
class LetterParagraph:
    """One paragraph of the letter and why it is there."""

    kind: str  # salutation, opening, background, evidence, closing, sign-off
    text: str
    bullets: tuple[str, ...] = ()  # an evidence paragraph's list, each a résumé bullet
    sources: tuple[str, ...] = ()  # inventory entry and bullet keys it draws on
    terms: tuple[str, ...] = ()  # posting terms it shows
    why: str = ""  # empty for the fixed courtesies (salutation, sign-off, name)


@dataclass(frozen=True)
class CoverLetter:
    header: Header
    paragraphs: tuple[LetterParagraph, ...]
    style: str
    # What the read-back check refused (and so left out); empty for a letter that passed.
    violations: tuple[ViolationRow, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line for p in self.paragraphs for line in (p.text, *p.bullets) if line)


def write_cover_letter(
    inventory: Inventory,
    plan: ResumePlan,
    index: InventoryIndex,
    lexicon: Lexicon,
    *,
    role: str = "",
    company: str = "",
) -> CoverLetter:
    """The letter for the posting `plan` was tailored to (its report names the terms)."""
    report = plan.report or BuildReport()
    role, company = role.strip(), company.strip()
    paragraphs = [
        LetterParagraph(
            "salutation",
            f"Dear {company} hiring team," if company else "Dear hiring team,",
        ),
        _opening(role, company),
        _background(inventory),
        _evidence(plan, report),
        _closing(report, company),
        LetterParagraph("sign-off", "Sincerely,"),
        LetterParagraph("signature", plan.header.name),
    ]
    letter = CoverLetter(
        header=plan.header,
        paragraphs=tuple(p for p in paragraphs if p.text or p.bullets),
        style=plan.style,
    )
    return check_letter(letter, inventory, index, lexicon, addressee=(role, company))


def _opening(role: str, company: str) -> LetterParagraph:
    what = f"the {role} role" if role else "the role you advertised"
    where = f" at {company}" if company else ""
    return LetterParagraph(
        "opening",
        f"I am writing to apply for {what}{where}.",
        why="Names the posting this letter answers.",
    )


def _background(inventory: Inventory) -> LetterParagraph:
    """Who the person is, from their records only: the current (or latest) role and the
    highest degree, each as written in the inventory."""
    sentences, sources = [], []
    keyed = [(entry_key(e, i), e) for i, e in enumerate(inventory.entries)]
    role = _latest_position(keyed)
    if role is not None:
        key, entry = role
        where = f" at {entry.organization}" if entry.organization else ""
        verb = "I currently work as" if entry.current else "Most recently, I worked as"
        sentences.append(f"{verb} {entry.title}{where}.")
        sources.append(key)
    degree = _highest_degree(keyed)
    if degree is not None:
        key, entry = degree
        subject = f" in {entry.field_of_study}" if entry.field_of_study else ""
        where = f" from {entry.organization}" if entry.organization else ""
        name = entry.degree or entry.title
        if entry.current:
            at = where.replace(" from ", " at ", 1)
            sentences.append(f"I am completing {_article(name)} {name}{subject}{at}.")
        else:
            sentences.append(f"I hold {_article(name)} {name}{subject}{where}.")
        sources.append(key)
    return LetterParagraph(
        "background",
        " ".join(sentences),
        sources=tuple(sources),
        why="Your current or latest role and your highest degree, as your inventory records them.",
    )


def _article(name: str) -> str:
    """ "an" before a vowel sound: "an MSc", "an M.Sc.", "an engineering degree", "a PhD"."""
    first = name.strip()[:2]
    if not first:
        return "a"
    spelled_out = len(first) == 2 and (first[1] == "." or first[1].isupper())
    if spelled_out or (len(first) == 1 and first.isupper()):
        return "an" if first[0].upper() in "AEFHILMNORSX" else "a"
    return "an" if first[0].lower() in "aeiou" else "a"


def _latest_position(keyed: list[tuple[str, Entry]]) -> tuple[str, Entry] | None:
    positions = [(k, e) for k, e in keyed if e.kind == "position" and e.title.strip()]
    if not positions:
        return None
    # Current roles first, then the latest start; the inventory's order breaks ties.
    return max(positions, key=lambda ke: (ke[1].current, ke[1].start or "", -keyed.index(ke)))


def _highest_degree(keyed: list[tuple[str, Entry]]) -> tuple[str, Entry] | None:
    def rank(entry: Entry) -> int:
        text = f"{entry.degree} {entry.title}"
        return max((r for r, pattern in _DEGREE_RANK if pattern.search(text)), default=0)

    degrees = [(k, e) for k, e in keyed if e.kind == "education" and rank(e) > 0]
    return max(degrees, key=lambda ke: rank(ke[1]), default=None)


def _evidence(plan: ResumePlan, report: BuildReport) -> LetterParagraph:
    """The résumé bullets that show the most of what the posting asks for, one per entry
    where it can, word for word."""
    weights = {t.name: LEVEL_WEIGHT.get(t.level, 0.5) * t.weight for t in report.posting.terms}
    candidates: list[tuple[float, int, str, PlannedBullet]] = []
    order = 0
    for section in plan.sections:
        for entry in section.entries:
            if entry.kind in ITEM_KINDS:
                continue  # a citation's author line is no evidence of doing
            for bullet in entry.bullets:
                worth = sum(weights.get(term, 0.0) for term in bullet.terms)
                if worth > 0:
                    candidates.append((-worth, order, entry.key, bullet))
                order += 1
    candidates.sort(key=lambda c: (c[0], c[1]))
    chosen: list[tuple[str, PlannedBullet]] = []
    for _, _, key, bullet in candidates:  # one per entry first, then the rest
        if len(chosen) < MAX_EVIDENCE_BULLETS and key not in {k for k, _ in chosen}:
            chosen.append((key, bullet))
    for _, _, key, bullet in candidates:
        if len(chosen) < MAX_EVIDENCE_BULLETS and bullet not in {b for _, b in chosen}:
            chosen.append((key, bullet))
    if not chosen:
        return LetterParagraph("evidence", "")
    terms = tuple(dict.fromkeys(t for _, b in chosen for t in b.terms))
    return LetterParagraph(
        "evidence",
        "What I would bring to this role:",
        bullets=tuple(b.text for _, b in chosen),
        sources=tuple(k for key, b in chosen for k in (key, b.key)),
        terms=terms,
        why="The bullets of your tailored résumé that show the most of what the posting asks "
        "for, word for word.",
    )


def _closing(report: BuildReport, company: str) -> LetterParagraph:
    covered = sorted(
        report.terms.covered,
        key=lambda t: (-LEVEL_WEIGHT.get(t.level, 0.5) * t.weight, t.name.casefold()),
    )
    names = [t.name for t in covered if t.category in ("hard", "domain")][:MAX_CLOSING_TERMS]
    whom = company or "your team"
    if names:
        text = (
            f"I would welcome the chance to discuss how my experience with {_joined(names)} "
            f"could help {whom}. Thank you for your time and consideration."
        )
    else:
        text = (
            f"I would welcome the chance to discuss how I could help {whom}. "
            "Thank you for your time and consideration."
        )
    return LetterParagraph(
        "closing",
        text,
        terms=tuple(names),
        why="Names the strongest asks of the posting that your résumé shows and your "
        "inventory supports.",
    )


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check_letter(
    letter: CoverLetter,
    inventory: Inventory,
    index: InventoryIndex,
    lexicon: Lexicon,
    *,
    addressee: tuple[str, ...] = (),
) -> CoverLetter:
    """The letter without any line that states a number the inventory does not hold or a
    skill it does not support (a refused bullet leaves its list; a refused sentence, its
    paragraph). The posting's own title and company are the addressee and are read past;
    names the inventory records (employers, venues) are names, not skills."""
    kept, violations = [], []
    for paragraph in letter.paragraphs:
        bullets = []
        for bullet in paragraph.bullets:
            problems = _problems(bullet, paragraph.kind, index, lexicon, addressee)
            violations.extend(problems)
            if not problems:
                bullets.append(bullet)
        problems = _problems(paragraph.text, paragraph.kind, index, lexicon, addressee)
        violations.extend(problems)
        if problems or (paragraph.bullets and not bullets):
            continue
        kept.append(replace(paragraph, bullets=tuple(bullets)))
    return replace(letter, paragraphs=tuple(kept), violations=tuple(violations))


def _problems(
    text: str,
    where: str,
    index: InventoryIndex,
    lexicon: Lexicon,
    addressee: tuple[str, ...],
) -> list[ViolationRow]:
    for name in addressee:
        if name:
            text = text.replace(name, " ")
    problems = [
        ViolationRow("unknown_number", where, number)
        for number in numbers_in(text)
        if number not in index.numbers
    ]
    problems += [
        ViolationRow("unsupported_term", where, mention.surface)
        for mention in outside_names(lexicon.find(text), text, index.names)
        if mention.term_id not in index.supported_terms
    ]
    return problems


def letter_paragraphs(letter: CoverLetter) -> list[Paragraph]:
    """The letter as document paragraphs: the résumé's header, then the body."""
    out = [Paragraph("name", letter.header.name)]
    if letter.header.contacts:
        out.append(Paragraph("contact", " | ".join(letter.header.contacts)))
    for paragraph in letter.paragraphs:
        if paragraph.text:
            out.append(Paragraph("letter", paragraph.text))
        out.extend(Paragraph("bullet", bullet) for bullet in paragraph.bullets)
    return out
