"""Plain-text CV lines → entries, shared by the LaTeX and DOCX importers.

Lines like "Organizing Committee Chair, Workshop X, 2025." or a citation
'Me, B. "Title." Venue 12, 3, 2024.' read the same whatever file they came from; callers
turn their markup into text first.
"""

from __future__ import annotations

import re
from typing import Any

from resumes.importers.dates import DateRange, parse_date_range
from resumes.importers.sections import education_dates, split_degree
from resumes.tailoring.inventory import Entry

_SCORE_WORDS = re.compile(
    r"cum laude|summa|magna|distinction|hono(?:u)?rs|first[- ]class|gpa|grade|merit", re.I
)
_QUOTED = re.compile(r"``(.+?)''|\"(.+?)\"|“(.+?)”")
_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
_CLOSING_YEAR = re.compile(r"(?:^|,)\s*(1[89]\d\d|2[01]\d\d)\s*(?:[.;]|$)")


def trailing_date(text: str) -> tuple[str, DateRange | None]:
    """ "Chair, Workshop X, 2025." → ("Chair, Workshop X", 2025)."""
    value = text.strip().rstrip(".").strip()
    if len(value) > 2_000:
        return value, None  # a paragraph, not an entry line
    for pattern in (
        r"^(.*?)[,;(]\s*([^,;()]+?)\)?$",
        r"^(.*?)\s+(\S+\s*[–—-]+\s*\S+)$",
        r"^(.*?)\s+(\S+ \d{4})$",
    ):
        match = re.match(pattern, value)
        if match and (found := parse_date_range(match.group(2))):
            return match.group(1).strip(" ,;"), found
    return value, None


def entries_from_text(kind: str, text: str, url: str = "") -> list[Entry]:
    """One line → entries; "Role A, Org, 2024; role B, 2023" holds two."""
    if kind == "publication":
        return [citation_from_text(text.replace("\t", " "), url, False, DateRange())]
    if "\t" in text:
        # Right-aligned dates after a tab or a LaTeX \hfill.
        cells = [c.strip() for c in text.split("\t") if c.strip()]
        for index, cell in enumerate(cells):
            if len(cells) > 1 and (found := parse_date_range(cell)):
                body = ", ".join(c for i, c in enumerate(cells) if i != index)
                pieces = [p.strip() for p in body.split(",")]
                return [make_entry(kind, pieces[0], ", ".join(pieces[1:]), found, url=url)]
        text = " ".join(cells)
    parts = [p for p in re.split(r";\s+", text) if p.strip()]
    dated = [trailing_date(p) for p in parts]
    if len(parts) > 1 and all(d for _, d in dated):
        entries: list[Entry] = []
        organization = ""
        for body, dates in dated:
            pieces = [p.strip() for p in body.split(",")]
            # "guest lecturer, Summer 2023" after "instructor, Org, Summer 2024": same org.
            organization = ", ".join(pieces[1:]) or organization
            entries.append(make_entry(kind, pieces[0], organization, dates or DateRange(), url=url))
        return entries
    body, dates = trailing_date(text)
    if dates is None:
        return [titled(kind, text.rstrip("."), url)]
    pieces = [p.strip() for p in body.split(",")]
    return [make_entry(kind, pieces[0], ", ".join(pieces[1:]), dates, url=url)]


def titled(kind: str, text: str, url: str = "") -> Entry:
    if kind == "award" and "," in text:
        title, summary = (p.strip() for p in text.split(",", 1))
        return Entry(kind=kind, title=title, summary=summary, url=url)
    return Entry(kind=kind, title=text, url=url)


def make_entry(kind: str, title: str, organization: str, dates: DateRange, **fields: Any) -> Entry:
    if kind == "education":
        dates = education_dates(dates)
        degree, field_of_study = split_degree(title)
        score_parts = [p for p in field_of_study.split(",") if _SCORE_WORDS.search(p)]
        field_of_study = ", ".join(
            p.strip() for p in field_of_study.split(",") if p not in score_parts
        )
        fields.update(degree=degree, field_of_study=field_of_study)
        if score_parts:
            fields["score"] = ", ".join(p.strip() for p in score_parts)
            title = f"{degree}, {field_of_study}" if field_of_study else degree
    return Entry(
        kind=kind,
        title=title,
        organization=organization,
        start=dates.start,
        end=dates.end,
        current=dates.current,
        **fields,
    )


_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?[\s-]?)+$")


def _pair_initials(names: Any) -> tuple[str, ...]:
    """["Doe", "J.", "Roe", "R."] → ("Doe, J.", "Roe, R."): "Last, F." lists split on commas."""
    paired: list[str] = []
    for name in names:
        if (
            paired
            and _INITIALS.match(name)
            and not _INITIALS.match(paired[-1])
            and "," not in paired[-1]
        ):
            paired[-1] = f"{paired[-1]}, {name}"
        else:
            paired.append(name)
    return tuple(paired)


def citation_from_text(text: str, url: str, owner_first: bool, dates: DateRange) -> Entry:
    """'Me, B. "Title." Venue 12, 3, 2024. Note.' → a publication entry.

    `owner_first` says the first author is the CV's owner (LaTeX CVs set it in bold).
    """
    quoted = _QUOTED.search(text)
    if not quoted:
        years = _YEAR.findall(text)
        found_year = int(years[-1]) if years else (int(dates.start[:4]) if dates.start else None)
        return Entry(kind="publication", title=text.rstrip("."), url=url, year=found_year,
                     start=dates.start or (str(found_year) if found_year else ""))  # fmt: skip
    title = next(g for g in quoted.groups() if g).strip().rstrip(",.").strip()
    authors_text = text[: quoted.start()].strip().rstrip(".").strip()
    rest = text[quoted.end() :].strip().lstrip(",.").strip()
    authors_text = re.sub(r",?\s+et\.? al\.?$", ", et al.", authors_text)
    authors = _pair_initials(
        "et al." if a.strip().rstrip(".") == "et al" else a.strip()
        for a in re.split(r",\s*|\s+and\s+", authors_text)
        if a.strip()
    )
    venue, note = rest, ""
    year: int | None = None
    # The year closes the reference ("JCAP 07, 063, 2023.") and is cut from the venue.
    # Without one, a year inside the venue's name ("Accepted for NeurIPS 2025 Workshop")
    # is the meeting's, so the paper's: it stays in the venue and is the year too.
    year_match = _CLOSING_YEAR.search(rest)
    if year_match:
        year = int(year_match.group(1))
        venue = rest[: year_match.start()].strip().rstrip(",").strip()
        note = rest[year_match.end() :].strip().lstrip(".,").strip()
    elif dates.start:
        year = int(dates.start[:4])
    elif years := _YEAR.findall(rest):
        year = int(years[-1])
    return Entry(
        kind="publication",
        title=title,
        authors=authors,
        venue=venue.rstrip("."),
        year=year,
        start=dates.start or (f"{year:04d}" if year else ""),
        url=url,
        summary=note,
        first_author=bool(owner_first and authors),
    )
