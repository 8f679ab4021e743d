"""Site-generator YAML CVs → Inventory.

Two shapes are common on researchers' websites:

* Hugo-style (``name``/``email``/``website`` + ``sections: [{heading, subsections:
  [{heading: {label, startdate, enddate}, points | degrees}], points}]``), and
* al-folio (a list of ``{title, type: map | time_table | list | nested_list, contents}``).

A YAML file that is JSON Resume written as YAML goes to the JSON Resume importer.
Markdown in the text (``**bold**``, ``[text](url)``) becomes plain text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import yaml

from resumes.importers.dates import DateRange, is_ongoing, parse_date, parse_date_range
from resumes.importers.draft import Draft
from resumes.importers.errors import ImportFailed
from resumes.importers.sections import (
    CONTACT,
    INTERESTS,
    LANGUAGES,
    REFERENCES,
    SKILLS,
    SUMMARY,
    classify_heading,
    education_dates,
    split_degree,
    split_role_label,
    split_skill_line,
)
from resumes.tailoring.inventory import ENTRY_KINDS, Bullet, Entry, Inventory, Profile, Skill

MAX_FLOW_BRACKETS = 5_000
MAX_EVENTS = 40_000  # 004.yaml has ~400; a long CV a few thousand
MAX_ALIASES = 10  # CVs use none; n aliases can multiply the document ~3^(n/3) times
_ADVISOR = re.compile(
    r"^\s*(?:advised|supervised) by\s+(.+?)\.?\s*$|^\s*(?:advisors?|supervisors?)\s*:\s*(.+?)\s*$",
    re.I,
)
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LINK_ONLY = re.compile(r"^\s*\[([^\]]*)\]\(([^)\s]+)\)\s*$")


# libyaml when installed (PyYAML wheels ship it): the pure-Python parser is ~3x slower.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(data: bytes | str) -> Any:
    """Parse YAML safely; errors name the line.

    A first pass over the parser's events (cheap, no objects built) refuses documents
    with more nodes or aliases than any CV, so neither an alias bomb ("billion laughs"
    written with anchors) nor a huge flat list costs more than a fraction of a second.
    """
    # libyaml slows down sharply on deeply nested flow collections ("[[[[..."); CVs use
    # a handful of brackets, so count them before parsing.
    sample = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
    if sample.count("[") + sample.count("{") > MAX_FLOW_BRACKETS:
        raise ImportFailed("the YAML file has more brackets than any CV")
    try:
        aliases = 0
        for events, event in enumerate(yaml.parse(data, Loader=_LOADER), start=1):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise ImportFailed(f"more than {MAX_ALIASES} YAML aliases", _line_of(event))
            if events > MAX_EVENTS:
                raise ImportFailed("the YAML file has more items than any CV", _line_of(event))
        return yaml.load(data, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}" if mark else ""
        raise ImportFailed(f"malformed YAML: {exc.problem or exc.context}", where) from exc
    except yaml.YAMLError as exc:
        raise ImportFailed(f"malformed YAML: {exc}") from exc
    except RecursionError as exc:
        raise ImportFailed("malformed YAML: nested too deeply") from exc


def _line_of(event: yaml.Event) -> str:
    mark = event.start_mark
    assert mark is not None  # the parser marks every event it emits
    return f"line {mark.line + 1}"


def markdown_to_text(text: str) -> str:
    """ "**X:** see [code](https://…)" → "X: see code (https://…)"."""
    text = _MD_LINK.sub(
        lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(1) else m.group(2), text
    )
    text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)
    return re.sub(r"\s+", " ", text).strip()


def _text(value: Any) -> str:
    # YAML turns 2020 into an int and 2020-01-01 into a date; a CV means the text.
    return "" if value is None else str(value).strip()


def _lines(value: Any) -> list[str]:
    """A scalar or a (nested) list of scalars, flattened."""
    if value is None:
        return []
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_lines(item))
        return out
    if isinstance(value, dict):
        return [
            markdown_to_text(_text(v)) for v in value.values() if not isinstance(v, (dict, list))
        ]
    text = markdown_to_text(_text(value))
    return [text] if text else []


def _range(start: Any, end: Any = None) -> DateRange:
    start_text, end_text = _text(start), _text(end)
    if end is None:
        return parse_date_range(start_text) or DateRange()
    begin = parse_date(start_text) or ""
    if is_ongoing(end_text):
        return DateRange(start=begin, current=True)
    return DateRange(start=begin, end=parse_date(end_text) or "")


def parse_yaml_cv(data: bytes | str) -> Inventory:
    """A YAML CV → Inventory. Raises ImportFailed for malformed or unknown shapes."""
    document = load_yaml(data)
    if isinstance(document, dict) and ("basics" in document or "work" in document):
        from resumes.importers.jsonresume import parse_json_resume

        return parse_json_resume(document)
    if isinstance(document, dict) and isinstance(document.get("sections"), list):
        return _Builder().hugo(document)
    if isinstance(document, list) and all(isinstance(s, dict) and "title" in s for s in document):
        return _Builder().al_folio(document)
    raise ImportFailed(
        "not a YAML CV this importer knows (expected 'sections:', an al-folio list of "
        "sections with 'title' and 'contents', or JSON Resume)"
    )


class _Builder(Draft):
    def contact(self, key: str, value: str) -> None:
        key = key.lower().strip()
        if not value:
            return
        if key in ("name", "full name"):
            self.basics["name"] = value
        elif key in ("email", "e-mail", "mail"):
            self.basics["email"] = value
        elif key in ("phone", "telephone", "mobile", "tel"):
            self.basics["phone"] = value
        elif key in ("website", "homepage", "url", "web", "site"):
            self.basics["website"] = value if "://" in value else f"https://{value}"
        elif key in ("location", "address", "city"):
            self.basics["location"] = value
        elif key in ("title", "headline", "label", "position"):
            self.basics["headline"] = value
        elif key in ("github", "gitlab", "linkedin", "twitter", "scholar", "orcid"):
            self.profiles.append(_profile(key, value))
        else:
            self.basics.setdefault("extra", {})[key] = value

    def add_skills(self, lines: list[str]) -> None:
        for line in lines:
            group, names = split_skill_line(line)
            self.skills.extend(Skill(name=n, group=group) for n in names)

    def section_lines(self, role: str, heading: str, lines: list[str]) -> None:
        """A section given only as lines: skills, summary, interests, or one entry each."""
        if role == SKILLS:
            self.add_skills(lines)
        elif role == SUMMARY:
            self.basics["summary"] = " ".join(lines)
        elif role == INTERESTS:
            self.extra.setdefault("interests", []).append({"name": heading, "keywords": lines})
        elif role == LANGUAGES:
            self.extra.setdefault("languages", []).extend({"language": line} for line in lines)
        elif role in ("", REFERENCES, CONTACT):
            for line in lines:
                self.unmapped(heading, line)
        else:
            self.entries.extend(Entry(kind=role, title=line) for line in lines)

    # -- Hugo-style ---------------------------------------------------------------

    def hugo(self, document: dict[str, Any]) -> Inventory:
        for key, value in document.items():
            if key != "sections" and not isinstance(value, (dict, list)):
                self.contact(str(key), _text(value))
        for index, section in enumerate(document["sections"]):
            if not isinstance(section, dict):
                raise ImportFailed("a section must be a mapping", f"sections[{index}]")
            heading = _text(section.get("heading"))
            role = classify_heading(heading)
            for sub in section.get("subsections") or ():
                if isinstance(sub, dict):
                    self.hugo_subsection(role, sub)
            if section.get("points"):
                self.section_lines(role, heading, _lines(section["points"]))
        return self.inventory()

    def hugo_subsection(self, role: str, sub: dict[str, Any]) -> None:
        head = sub.get("heading")
        head = head if isinstance(head, dict) else {"label": head}
        label = _text(head.get("label"))
        title, organization, location = split_role_label(label)
        # A subsection may name its own kind ("Professional Certifications" under Education).
        own = classify_heading(title)
        if own in ("award", "certification") and role != own:
            issuer = ", ".join(p for p in (organization, location) if p)
            self.list_entries(own, sub.get("points") or sub.get("degrees"), issuer)
            return
        dates = (
            _range(head.get("startdate"), head.get("enddate"))
            if head.get("startdate")
            else DateRange()
        )
        bullets = _lines(sub.get("points")) + _lines(sub.get("degrees"))
        kind = (
            role
            if role and role not in (SKILLS, SUMMARY, INTERESTS, LANGUAGES, REFERENCES, CONTACT)
            else "position"
        )
        fields: dict[str, Any] = {}
        if kind == "education":
            fields["degree"], fields["field_of_study"] = split_degree(title)
            dates = education_dates(dates)
        self.entries.append(
            Entry(
                kind=kind,
                title=title,
                organization=organization,
                location=location,
                start=dates.start,
                end=dates.end,
                current=dates.current,
                bullets=tuple(Bullet(text=b) for b in bullets),
                **fields,
            )
        )

    def list_entries(self, kind: str, points: Any, issuer: str) -> None:
        """A list where each point is its own entry ("Blockchain Nanodegree - Udacity")."""
        lead: int | None = None
        for point in points if isinstance(points, list) else [points]:
            nested = point if isinstance(point, list) else [point]
            for item in nested:
                raw = _text(item)
                link = _LINK_ONLY.match(raw)
                if link and re.match(r"(?i)(full|complete) list|see |more\b", link.group(1)):
                    # "Full list on LinkedIn" is where the others are, not one more award.
                    if lead is not None:
                        self.entries[lead] = _with_url(self.entries[lead], link.group(2))
                    continue
                url = link.group(2) if link else ""
                text = link.group(1) if link else markdown_to_text(raw)
                name, organization, _ = split_role_label(text)
                # "Total of 16 certifications including" introduces the list below it.
                name = re.sub(r"\s+(?:including|incl\.|such as)\s*:?$|:$", "", name)
                if not organization and lead is None:
                    organization = issuer
                self.entries.append(
                    Entry(
                        kind=kind,
                        title=name.rstrip(":").strip(),
                        organization=organization,
                        url=url,
                    )
                )
                if lead is None and not isinstance(point, list):
                    lead = len(self.entries) - 1

    # -- al-folio -----------------------------------------------------------------

    def al_folio(self, document: list[dict[str, Any]]) -> Inventory:
        for section in document:
            heading = _text(section.get("title"))
            kind = _text(section.get("type"))
            contents = section.get("contents") or []
            role = classify_heading(heading)
            if kind == "map":
                for row in contents if isinstance(contents, list) else []:
                    if isinstance(row, dict):
                        self.contact(_text(row.get("name")), _text(row.get("value")))
            elif kind == "time_table":
                for row in contents if isinstance(contents, list) else []:
                    if isinstance(row, dict):
                        self.time_row(role, row)
            elif kind == "nested_list":
                for row in contents if isinstance(contents, list) else []:
                    if isinstance(row, dict) and role == SKILLS:
                        group = markdown_to_text(_text(row.get("title")))
                        self.skills.extend(
                            Skill(name=n, group=group) for n in _lines(row.get("items"))
                        )
                    elif isinstance(row, dict):
                        self.section_lines(role, heading, _lines(row.get("title")))
                        if self.entries and role not in ("", SKILLS):
                            bullets = tuple(Bullet(text=t) for t in _lines(row.get("items")))
                            self.entries[-1] = _with_bullets(self.entries[-1], bullets)
            else:  # "list" and anything unknown: plain lines
                self.section_lines(role, heading, _lines(contents))
        return self.inventory()

    def time_row(self, role: str, row: dict[str, Any]) -> None:
        dates = _range(row.get("year")) if row.get("year") is not None else DateRange()
        if "items" in row and not (row.get("title") or row.get("degree")):
            # al-folio awards: {year, items: [...]} is one entry per item.
            for line in _lines(row.get("items")):
                self.entries.append(
                    Entry(
                        kind=role or "award",
                        title=line,
                        start=dates.start,
                        end=dates.end,
                        current=dates.current,
                    )
                )
            return
        kind = role if role in ENTRY_KINDS else "position"
        title = markdown_to_text(_text(row.get("title") or row.get("degree")))
        description = _lines(row.get("description")) + _lines(row.get("items"))
        fields: dict[str, Any] = {}
        if kind == "education":
            fields["degree"], fields["field_of_study"] = split_degree(title)
            dates = education_dates(dates)
            # A line that only repeats the degree is layout, not a fact; an advisor line
            # fills the advisor field and is not kept as a bullet too, or the résumé would
            # print the advisor twice ("Advisor: …" and the bullet).
            description = [d for d in description if d.rstrip(".") != title]
            for line in description:
                if match := _ADVISOR.match(line):
                    fields["advisor"] = (match.group(1) or match.group(2)).strip()
            description = [d for d in description if not _ADVISOR.match(d)]
        self.entries.append(
            Entry(
                kind=kind,
                title=title,
                organization=markdown_to_text(_text(row.get("institution") or row.get("company"))),
                location=markdown_to_text(_text(row.get("location"))),
                start=dates.start,
                end=dates.end,
                current=dates.current,
                bullets=tuple(Bullet(text=d) for d in description),
                **fields,
            )
        )


def _profile(network: str, value: str) -> Profile:
    hosts = {
        "github": ("GitHub", "https://github.com/"),
        "gitlab": ("GitLab", "https://gitlab.com/"),
        "linkedin": ("LinkedIn", "https://www.linkedin.com/in/"),
        "twitter": ("Twitter", "https://twitter.com/"),
        "scholar": ("Google Scholar", "https://scholar.google.com/citations?user="),
        "orcid": ("ORCID", "https://orcid.org/"),
    }
    name, prefix = hosts[network]
    if "://" in value:
        return Profile(network=name, username=value.rstrip("/").rsplit("/", 1)[-1], url=value)
    return Profile(network=name, username=value, url=prefix + value)


def _with_url(entry: Entry, url: str) -> Entry:
    return replace(entry, url=entry.url or url)


def _with_bullets(entry: Entry, bullets: tuple[Bullet, ...]) -> Entry:
    return replace(entry, bullets=entry.bullets + bullets)
