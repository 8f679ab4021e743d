"""A DOCX résumé → draft entries and bullets, by headings and list paragraphs.

Structure comes from what Word records: Heading/Title styles (or a short bold or
all-caps line naming a known section) start a section; list paragraphs (a List style, a
numbering property, or a bullet character) are bullets; any other paragraph in an entry
section starts an entry, with dates found wherever the line puts them. The lines above the
first heading are the contact block.

The container is checked (`safety.check_docx_container`) before python-docx opens it.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from resumes.importers.dates import DateRange, parse_date_range
from resumes.importers.draft import Draft
from resumes.importers.errors import ImportFailed
from resumes.importers.lines import entries_from_text, make_entry, trailing_date
from resumes.importers.safety import check_docx_container, clean_text
from resumes.importers.sections import (
    CONTACT,
    INTERESTS,
    LANGUAGES,
    REFERENCES,
    SKILLS,
    SUMMARY,
    classify_heading,
    classify_item,
    heading_kinds,
    split_role_label,
    split_skill_line,
)
from resumes.tailoring.inventory import Inventory, Profile, Skill

MAX_PARAGRAPHS = 5_000  # a long academic CV has ~1,000
# The last two are the Symbol and Wingdings bullets Word writes into PDFs.
BULLET_CHARS = "•◦▪▫●○■□–—-*·‣⁃✓➢►\uf0b7\uf0a7"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:github|gitlab|linkedin)\.com/\S+", re.I)
_PHONE = re.compile(r"\+?\d[\d\s().\-]{7,}\d")
_ENTRY_ROLES = ("position", "education", "teaching", "project", "open_source", "service")


def parse_docx_resume(data: bytes) -> Inventory:
    """DOCX bytes → Inventory. Raises ImportFailed for unsafe or unreadable files."""
    check_docx_container(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for damaged packages
        raise ImportFailed(f"the DOCX file cannot be opened: {exc}") from exc
    lines = list(_lines(document))
    if not any(text for text, _, _ in lines):
        raise ImportFailed("the DOCX file has no text")
    builder = ResumeLines()
    for text, is_heading, is_bullet in lines:
        builder.line(text, is_heading, is_bullet)
    return builder.result()


def _paragraphs(document: Any) -> Any:
    """Body paragraphs in reading order, table cells included (two-column layouts)."""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    yield from cell.paragraphs


def _lines(document: Any) -> Any:
    count = 0
    for paragraph in _paragraphs(document):
        count += 1
        if count > MAX_PARAGRAPHS:
            raise ImportFailed(f"the DOCX file has more than {MAX_PARAGRAPHS} paragraphs")
        text = clean_text(paragraph.text).strip()
        if not text:
            continue
        bullet = _is_list(paragraph) or (text[0] in BULLET_CHARS and text[1:2] in (" ", "\t"))
        if bullet and text[0] in BULLET_CHARS:
            text = text[1:].strip()
        # A bullet line may carry a link the text hides ("[code]").
        for link in _links(paragraph):
            if link not in text:
                text = f"{text} ({link})"
        yield text, _is_heading(paragraph, text), bullet


def _links(paragraph: Paragraph) -> list[str]:
    try:
        return [h.url for h in paragraph.hyperlinks if h.url and not h.url.startswith("mailto:")]
    except (AttributeError, KeyError):
        return []


def _is_list(paragraph: Paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if "list" in style.lower():
        return True
    properties = paragraph._p.pPr
    return properties is not None and properties.find(qn("w:numPr")) is not None


def _is_heading(paragraph: Paragraph, text: str) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower().startswith("heading"):
        return True
    words = text.split()
    if len(words) > 6 or not classify_heading(text):
        return False
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(
        r.bold or (paragraph.style is not None and paragraph.style.font.bold) for r in runs
    )
    return bold or (text.isupper() and len(text) > 3)


class ResumeLines(Draft):
    """Sections and entries from a résumé read as lines (text, is it a heading, is it a
    bullet): the DOCX importer and the PDF importer feed it alike."""

    def __init__(self) -> None:
        super().__init__()
        self.header: list[str] = []
        self.heading = ""
        self.role: str | None = None  # None until the first heading
        self.kinds: list[str] = []
        self.current: int | None = None

    def result(self) -> Inventory:
        self._contact()
        return self.inventory()

    def line(self, text: str, is_heading: bool, is_bullet: bool) -> None:
        if is_heading:
            self.heading, self.role = text, classify_heading(text)
            self.kinds = heading_kinds(text)
            self.current = None
            return
        if self.role is None:
            self.header.append(text)
        elif self.role == SKILLS:
            group, names = split_skill_line(text)
            self.skills.extend(Skill(name=n, group=group) for n in names)
        elif self.role == SUMMARY:
            self.basics["summary"] = " ".join(filter(None, (self.basics.get("summary"), text)))
        elif self.role in ("", INTERESTS, LANGUAGES, REFERENCES, CONTACT):
            self.unmapped(self.heading, text)
        elif (
            is_bullet
            and self.current is not None
            and self.role in _ENTRY_ROLES
            and not _right_aligned_date(text)
        ):
            self.add_bullet(self.current, text)
        else:
            self._entry_line(text, is_bullet)

    def _entry_line(self, text: str, is_bullet: bool) -> None:
        role = self.role or "position"
        kind = classify_item(text, self.kinds, role) if len(self.kinds) > 1 else role
        if role not in _ENTRY_ROLES or is_bullet:
            # Publications, talks, awards: every paragraph or bullet is one entry.
            self.entries.extend(entries_from_text(kind, text))
            self.current = len(self.entries) - 1
            return
        dates, rest = _dates_anywhere(text)
        if dates is None and self.current is not None:
            current = self.entries[self.current]
            if not current.bullets and not current.organization:
                # "Software Engineer  2019 – 2021" then "Google, Mountain View": the second
                # line names the place of the entry above.
                organization, _, location = rest.partition(",") if "," in rest else (rest, "", "")
                self.entries[self.current] = replace(
                    current, organization=organization.strip(), location=location.strip()
                )
                return
            # Prose under an entry is one more fact about it.
            self.add_bullet(self.current, text)
            return
        title, organization, location = split_role_label(rest)
        if not organization and "," in title:
            title, organization = (p.strip() for p in title.split(",", 1))
        entry = make_entry(kind, title, organization, dates or DateRange(), location=location)
        self.entries.append(entry)
        self.current = len(self.entries) - 1

    def _contact(self) -> None:
        if not self.header:
            return
        self.basics.setdefault("name", self.header[0])
        for text in self.header[1:]:
            found = False
            for email in _EMAIL.findall(text):
                self.basics.setdefault("email", email)
                found = True
            for url in _URL.findall(text):
                self._link(url.rstrip(".,;)|"))
                found = True
            cleaned = _EMAIL.sub("", _URL.sub("", text))
            if (phone := _PHONE.search(cleaned)) and "phone" not in self.basics:
                self.basics["phone"] = phone.group().strip()
                found = True
            if not found and "headline" not in self.basics:
                self.basics["headline"] = text
            elif not found:
                self.extra.setdefault("header_lines", []).append(text)

    def _link(self, url: str) -> None:
        full = url if "://" in url else f"https://{url}"
        for host, network in (("github", "GitHub"), ("gitlab", "GitLab"), ("linkedin", "LinkedIn")):
            if host in url.lower():
                username = full.rstrip("/").rsplit("/", 1)[-1]
                self.profiles.append(Profile(network=network, username=username, url=full))
                return
        self.basics.setdefault("website", full)


def _right_aligned_date(text: str) -> bool:
    """A line ending in a date after a tab: an item of its own ("Session Convener,
    COSMO'24 <tab> 2024" in a list of service roles), never a fact about the entry above,
    whose bullets carry no dates in the margin."""
    head, tab, tail = text.rpartition("\t")
    return bool(tab and head.strip() and parse_date_range(tail.strip()))


def _dates_anywhere(text: str) -> tuple[DateRange | None, str]:
    """Dates after a tab or a bar, or at the end; and the line without them."""
    for separator in ("\t", " | "):
        parts = [p.strip() for p in text.split(separator)]
        for index, part in enumerate(parts):
            if len(parts) > 1 and (found := parse_date_range(part)):
                rest = separator.join(p for i, p in enumerate(parts) if i != index)
                return found, rest.strip()
    body, found = trailing_date(text)
    return found, body.rstrip(" –—-|·").strip()
