"""JSON Resume (schema v1.0.0) ⇄ Inventory.

Import validates against the schema shipped in `data/` and maps each section to entries:
work → position, volunteer → service, education → education, awards → award,
certificates → certification, publications → publication, projects → project (talk,
teaching or media when its `type` says so: media coverage is no project and no paper).

Export is the inverse. What Reframe knows and JSON Resume cannot say (an entry's kind when
it is not the section's default, evidence flags, skill links on bullets, publication
authors/DOI/arXiv id/paper type, ...) travels in an ``"x-reframe"`` object on each item —
the schema allows additional properties on items, not at the top level, so inventory-wide
extras go under ``meta["x-reframe"]``. Export works out what a plain import of its own
output would give and writes into ``x-reframe`` only the fields that would differ, so
import → export → import is lossless and foreign tools see an ordinary résumé.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError

from resumes.importers.dates import is_ongoing, parse_date
from resumes.importers.errors import ImportFailed, line_of
from resumes.importers.safety import MAX_ENTRIES, MAX_SKILLS
from resumes.tailoring.inventory import (
    ENTRY_KINDS,
    PAPER_TYPES,
    SKILL_CATEGORIES,
    Basics,
    Bullet,
    Entry,
    Evidence,
    Inventory,
    Profile,
    Skill,
)

SCHEMA_PATH = Path(__file__).parent / "data" / "jsonresume-schema-v1.0.0.json"
EXTENSION_KEY = "x-reframe"
# Entry.extra / Basics.extra key holding what JSON Resume carried that has no field here.
ORIGIN_KEY = "jsonresume"

# Top-level sections kept verbatim in Inventory.extra.
VERBATIM_SECTIONS = ("$schema", "languages", "interests", "references", "meta")

_ISO_PARTIAL = re.compile(
    r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$"
)
_DATE_KEYS = ("startDate", "endDate", "date", "releaseDate")
_MAX_LIST = 500  # highlights, keywords or courses of one item
_MAX_INT_DIGITS = 100  # no number in a résumé is longer; stops int-parsing DoS early


# --------------------------------------------------------------------------- sections


@dataclasses.dataclass(frozen=True)
class _Section:
    name: str
    kind: str
    # JSON key → Entry attribute, for plain string fields.
    strings: dict[str, str]
    ranged: bool  # has startDate/endDate, where a missing end means "still going"


_SECTIONS: dict[str, _Section] = {
    s.name: s
    for s in (
        _Section(
            "work",
            "position",
            {
                "name": "organization",
                "position": "title",
                "location": "location",
                "url": "url",
                "startDate": "start",
                "endDate": "end",
                "summary": "summary",
            },
            ranged=True,
        ),
        _Section(
            "volunteer",
            "service",
            {
                "organization": "organization",
                "position": "title",
                "location": "location",
                "url": "url",
                "startDate": "start",
                "endDate": "end",
                "summary": "summary",
            },
            ranged=True,
        ),
        _Section(
            "education",
            "education",
            {
                "institution": "organization",
                "studyType": "degree",
                "area": "field_of_study",
                "location": "location",
                "url": "url",
                "startDate": "start",
                "endDate": "end",
                "score": "score",
                "summary": "summary",
            },
            ranged=True,
        ),
        _Section(
            "awards",
            "award",
            {
                "title": "title",
                "awarder": "organization",
                "location": "location",
                "url": "url",
                "date": "start",
                "summary": "summary",
            },
            ranged=False,
        ),
        _Section(
            "certificates",
            "certification",
            {
                "name": "title",
                "issuer": "organization",
                "location": "location",
                "url": "url",
                "date": "start",
                "summary": "summary",
            },
            ranged=False,
        ),
        _Section(
            "publications",
            "publication",
            {
                "name": "title",
                "publisher": "venue",
                "location": "location",
                "url": "url",
                "releaseDate": "start",
                "summary": "summary",
            },
            ranged=False,
        ),
        _Section(
            "projects",
            "project",
            {
                "name": "title",
                "entity": "organization",
                "location": "location",
                "url": "url",
                "startDate": "start",
                "endDate": "end",
                "description": "summary",
            },
            ranged=True,
        ),
    )
}
_SECTION_ORDER = tuple(_SECTIONS)

# Where each kind goes on export when its origin does not say otherwise.
_DEFAULT_SECTION: dict[str, str] = {
    "position": "work",
    "teaching": "work",
    "service": "volunteer",
    "education": "education",
    "award": "awards",
    "certification": "certificates",
    "publication": "publications",
    "project": "projects",
    "open_source": "projects",
    "talk": "projects",
    # JSON Resume has no section for it; under publications other tools would print it
    # as a paper, so it goes with the projects, typed.
    "media": "projects",
}
# projects.type values that already name a Reframe kind.
_PROJECT_TYPE_KINDS = {
    "talk": "talk",
    "presentation": "talk",
    "teaching": "teaching",
    "media": "media",
    "media coverage": "media",
    "press": "media",
    "outreach": "media",
    "popular science": "media",
}
# What export writes as projects.type for these kinds (and so what import may consume).
_KIND_PROJECT_TYPE = {"talk": "talk", "teaching": "teaching", "media": "media"}

# Entry attributes handled specially rather than by the generic x-reframe diff.
_SPECIAL_FIELDS = frozenset({"bullets", "extra", "evidence"})
_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry) if f.name not in _SPECIAL_FIELDS)
_TUPLE_FIELDS = frozenset({"authors", "courses"})
_BOOL_FIELDS = frozenset({"current", "first_author"})
_EVIDENCE_FIELDS = {f.name: f for f in dataclasses.fields(Evidence)}

_THESIS_LINE = re.compile(
    r"^\s*(?:dissertation|thesis|ph\.?\s?d\.? thesis|master'?s thesis)\s*:\s*(.+?)\s*$", re.I
)
_ADVISOR_LINE = re.compile(
    r"^\s*(?:advisors?|supervisors?|advised by|supervised by)\s*:?\s+(.+?)\s*$", re.I
)


# --------------------------------------------------------------------------- JSON text


def load_json(data: bytes | str) -> Any:
    """Parse JSON text, turning every failure into an ImportFailed naming the line.

    json.loads raises RecursionError (not ValueError) on nesting deeper than ~1000 and
    spends quadratic time on huge integers, so both are caught or prevented here.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                "the file is not UTF-8 text", f"line {data.count(b'\n', 0, exc.start) + 1}"
            ) from exc
    else:
        text = data

    def parse_int(digits: str) -> int:
        if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
            raise _HugeNumber(digits)
        return int(digits)

    def parse_constant(name: str) -> float:
        raise _BadConstant(name)

    try:
        return json.loads(text, parse_int=parse_int, parse_constant=parse_constant)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            f"malformed JSON: {exc.msg} (column {exc.colno})", f"line {exc.lineno}"
        ) from exc
    except _HugeNumber as exc:
        offset = text.find(str(exc))
        raise ImportFailed(
            f"a number with more than {_MAX_INT_DIGITS} digits", f"line {line_of(text, offset)}"
        ) from exc
    except _BadConstant as exc:
        raise ImportFailed(f"{exc} is not allowed in JSON data") from exc
    except RecursionError as exc:
        raise ImportFailed("malformed JSON: nested too deeply") from exc
    except ValueError as exc:  # e.g. a float too long to convert
        raise ImportFailed(f"malformed JSON: {exc}") from exc


class _HugeNumber(ValueError):
    pass


class _BadConstant(ValueError):
    pass


def parse_json_resume_bytes(data: bytes | str) -> Inventory:
    """Parse JSON Resume text (bytes or str) into an Inventory."""
    return parse_json_resume(load_json(data))


# --------------------------------------------------------------------------- validation


@functools.cache
def _validator() -> Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # Formats stay unchecked: draft-04 makes them optional, and the "uri" check would
    # depend on which optional packages happen to be installed.
    return Draft4Validator(schema)


def json_path(parts: Any) -> str:
    """jsonschema's deque path as ``$.work[2].startDate``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_$][\w$-]*", str(part)):
            out += f".{part}"
        else:
            out += f"[{json.dumps(str(part))}]"
    return out


def _describe(error: ValidationError) -> str:
    if error.validator == "pattern" and error.path and error.path[-1] in _DATE_KEYS:
        return f"{error.instance!r} is not a date like 2016, 2016-08 or 2016-08-15"
    if error.validator == "additionalProperties" and not error.path:
        return f"{error.message} (JSON Resume allows no other top-level sections)"
    return error.message


def _document_order(error: ValidationError) -> list[tuple[int, int | str]]:
    # Report the earliest problem in the file; paths mix list indexes and keys.
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in error.path]


def validate_json_resume(data: Any) -> None:
    """Raise ImportFailed naming the JSON path of the first schema violation."""
    try:
        errors = sorted(_validator().iter_errors(data), key=_document_order)
    except RecursionError as exc:
        raise ImportFailed("the document is nested too deeply") from exc
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise ImportFailed(_describe(first) + more, json_path(first.path))


def _normalise_dates(data: dict[str, Any]) -> tuple[dict[str, Any], set[tuple[str, int]]]:
    """Accept the date spellings real files use ("present", "May 2022") before validating.

    The schema only allows ISO partial dates, but al-folio and similar exporters write
    "present" for a running role; refusing those files would help nobody. Returns a copy
    and the (section, index) of items whose end was given as "present".
    """
    ongoing: set[tuple[str, int]] = set()
    if not any(isinstance(data.get(name), list) for name in _SECTIONS):
        return data, ongoing
    data = copy.deepcopy(data)
    for name in _SECTIONS:
        items = data.get(name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            for key in _DATE_KEYS:
                value = item.get(key)
                if not isinstance(value, str) or _ISO_PARTIAL.match(value):
                    continue
                if not value.strip():
                    del item[key]
                elif key == "endDate" and is_ongoing(value):
                    del item[key]
                    ongoing.add((name, index))
                elif parsed := parse_date(value):
                    item[key] = parsed
    return data, ongoing


# --------------------------------------------------------------------------- import


def _check_size(data: dict[str, Any]) -> None:
    """Refuse more items than any résumé has before the (slow) schema validation."""
    items = sum(len(v) for k, v in data.items() if k in _SECTIONS and isinstance(v, list))
    if items > MAX_ENTRIES:
        raise ImportFailed(f"{items} entries; a résumé has at most {MAX_ENTRIES}", "$")
    for key, section in data.items():
        if not isinstance(section, list):
            continue
        if len(section) > MAX_SKILLS:
            raise ImportFailed(f"{len(section)} items; at most {MAX_SKILLS}", f"$.{key}")
        for index, item in enumerate(section):
            if not isinstance(item, dict):
                continue
            for name, value in item.items():
                if isinstance(value, list) and len(value) > _MAX_LIST:
                    raise ImportFailed(
                        f"{len(value)} items; at most {_MAX_LIST}", f"$.{key}[{index}].{name}"
                    )


def parse_json_resume(data: dict[str, Any]) -> Inventory:
    """A JSON Resume document (already parsed) → Inventory. Raises ImportFailed."""
    if not isinstance(data, dict):
        raise ImportFailed("a JSON Resume document must be a JSON object", "$")
    _check_size(data)
    try:
        data, ongoing = _normalise_dates(data)
    except RecursionError as exc:
        raise ImportFailed("the document is nested too deeply") from exc
    validate_json_resume(data)

    entries: list[Entry] = []
    for name in _SECTION_ORDER:
        for index, item in enumerate(data.get(name, ())):
            path = f"$.{name}[{index}]"
            entry = _entry_from_item(_SECTIONS[name], item, path, (name, index) in ongoing)
            entries.append(
                _apply_extension(entry, item.get(EXTENSION_KEY), f"{path}.{EXTENSION_KEY}")
            )

    extra = {key: data[key] for key in VERBATIM_SECTIONS if key in data}
    meta = extra.get("meta", {})
    if EXTENSION_KEY in meta:
        ext = meta[EXTENSION_KEY]
        meta = {k: v for k, v in meta.items() if k != EXTENSION_KEY}
        if meta:
            extra["meta"] = meta
        else:
            del extra["meta"]
        if not isinstance(ext, dict) or not isinstance(ext.get("extra", {}), dict):
            raise ImportFailed(
                "must be an object with an object 'extra'", f"$.meta.{EXTENSION_KEY}"
            )
        extra.update(ext.get("extra", {}))
        entries = _restore_order(entries, ext.get("order"))

    return Inventory(
        basics=_basics_from(data.get("basics", {})),
        entries=tuple(entries),
        skills=_skills_from(data.get("skills", [])),
        extra=extra,
    )


def _restore_order(entries: list[Entry], order: Any) -> list[Entry]:
    """Put entries back in inventory order when an export recorded it.

    Sections group entries by kind, so an inventory whose entries were interleaved
    (a talk between two positions) would come back reordered without this. An order
    that no longer fits (another tool added or removed items) is ignored.
    """
    if not isinstance(order, list) or not all(type(o) is int for o in order):
        return entries
    if sorted(order) != list(range(len(entries))):
        return entries
    ranked = sorted(zip(order, entries, strict=True), key=lambda pair: pair[0])
    return [entry for _, entry in ranked]


def _string(item: dict[str, Any], key: str, path: str) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise ImportFailed(f"{value!r} is not of type 'string'", f"{path}.{key}")
    return value


def _strings(item: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise ImportFailed(f"{value!r} is not of type 'array'", f"{path}.{key}")
    for index, element in enumerate(value):
        if not isinstance(element, str):
            raise ImportFailed(f"{element!r} is not of type 'string'", f"{path}.{key}[{index}]")
    return tuple(value)


def _year_of(date: str) -> int | None:
    return int(date[:4]) if date[:4].isdigit() else None


def _education_title(degree: str, field_of_study: str, institution: str) -> str:
    if degree and field_of_study:
        return f"{degree} in {field_of_study}"
    return degree or field_of_study or institution


def _thesis_and_advisor(courses: tuple[str, ...]) -> tuple[str, str]:
    thesis = advisor = ""
    for line in courses:
        if not thesis and (match := _THESIS_LINE.match(line)):
            thesis = match.group(1)
        elif not advisor and (match := _ADVISOR_LINE.match(line)):
            advisor = match.group(1)
    return thesis, advisor


def _entry_from_item(
    section: _Section, item: dict[str, Any], path: str, ongoing: bool = False
) -> Entry:
    """The Entry a plain JSON Resume item gives, before any x-reframe overrides."""
    values: dict[str, Any] = {"kind": section.kind, "title": ""}
    for key, attribute in section.strings.items():
        values[attribute] = _string(item, key, path)
    project_type = _string(item, "type", path) if section.name == "projects" else ""
    if section.name == "projects":
        values["kind"] = _PROJECT_TYPE_KINDS.get(project_type.lower(), "project")
    if section.name == "education":
        courses = _strings(item, "courses", path)
        values["courses"] = courses
        values["thesis_title"], values["advisor"] = _thesis_and_advisor(courses)
        values["title"] = _education_title(
            values["degree"], values["field_of_study"], values["organization"]
        )
    if section.name == "publications":
        values["year"] = _year_of(values["start"])
    # In JSON Resume a running role simply has no endDate.
    values["current"] = ongoing or (section.ranged and bool(values["start"]) and not values["end"])
    values["bullets"] = tuple(Bullet(text=t) for t in _strings(item, "highlights", path))

    mapped = set(section.strings) | {"highlights", EXTENSION_KEY}
    if section.name == "education":
        mapped.add("courses")
    if project_type and _KIND_PROJECT_TYPE.get(values["kind"]) == project_type:
        mapped.add("type")  # export writes it back from the kind
    leftovers = {k: v for k, v in item.items() if k not in mapped}
    origin: dict[str, Any] = {}
    if section.name != _DEFAULT_SECTION[values["kind"]]:
        origin["section"] = section.name
    if leftovers:
        origin["fields"] = leftovers
    values["extra"] = {ORIGIN_KEY: origin} if origin else {}
    return Entry(**values)


# x-reframe on an entry: the Entry fields that differ from what the plain item gives.
_EXTENSION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **{
            name: {"type": "string"}
            for name in _ENTRY_FIELDS
            if name
            not in _TUPLE_FIELDS | _BOOL_FIELDS | {"year", "kind", "paper_type", "start", "end"}
        },
        "kind": {"enum": list(ENTRY_KINDS)},
        "paper_type": {"enum": list(PAPER_TYPES)},
        "start": {"type": "string", "pattern": r"^$|" + _ISO_PARTIAL.pattern},
        "end": {"type": "string", "pattern": r"^$|" + _ISO_PARTIAL.pattern},
        **{name: {"type": "boolean"} for name in _BOOL_FIELDS},
        **{name: {"type": "array", "items": {"type": "string"}} for name in _TUPLE_FIELDS},
        "year": {"type": ["integer", "null"], "minimum": 0, "maximum": 9999},
        "evidence": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "code_released": {"type": "boolean"},
                "code_url": {"type": "string"},
                "deployed_to_users": {"type": "boolean"},
                "randomised_with_control": {"type": "boolean"},
                "used_by_others": {"type": ["integer", "null"], "minimum": 0},
                "audience_size": {"type": ["integer", "null"], "minimum": 0},
                "used_hpc": {"type": "boolean"},
                "led": {"type": "boolean"},
            },
        },
        "bullets": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text"],
                "properties": {
                    "text": {"type": "string"},
                    "skills": {"type": "array", "items": {"type": "string"}},
                    "key": {"type": "string"},
                },
            },
        },
        "extra": {"type": "object"},
    },
}


@functools.cache
def _extension_validator() -> Draft4Validator:
    return Draft4Validator(_EXTENSION_SCHEMA)


def _apply_extension(entry: Entry, ext: Any, path: str) -> Entry:
    if ext is None:
        return entry
    error = next(
        iter(sorted(_extension_validator().iter_errors(ext), key=lambda e: list(map(str, e.path)))),
        None,
    )
    if error is not None:
        raise ImportFailed(error.message, path + json_path(error.path)[1:])
    changes: dict[str, Any] = {}
    for name in _ENTRY_FIELDS:
        if name in ext:
            changes[name] = tuple(ext[name]) if name in _TUPLE_FIELDS else ext[name]
    if "evidence" in ext:
        changes["evidence"] = Evidence(**ext["evidence"])
    if "bullets" in ext:
        changes["bullets"] = _merge_bullets(entry.bullets, ext["bullets"])
    if "extra" in ext:
        # The recorded origin, when present, wins over the one the plain item implies.
        changes["extra"] = {**entry.extra, **ext["extra"]}
    return dataclasses.replace(entry, **changes)


def _merge_bullets(bullets: tuple[Bullet, ...], meta: list[dict[str, Any]]) -> tuple[Bullet, ...]:
    """Attach skill links and keys to the highlight with the same text.

    Matching by text rather than position keeps the links right when another tool
    reorders highlights, and drops them (rather than mislabelling) when it rewrites one.
    """
    result = list(bullets)
    used: set[int] = set()
    for info in meta:
        for index, bullet in enumerate(result):
            if index not in used and bullet.text == info["text"]:
                result[index] = Bullet(
                    text=bullet.text, skills=tuple(info.get("skills", ())), key=info.get("key", "")
                )
                used.add(index)
                break
    return tuple(result)


def _location_text(location: dict[str, Any]) -> str:
    parts = [
        location.get(k, "") for k in ("address", "city", "region", "postalCode", "countryCode")
    ]
    return ", ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def _canonical_location(text: str) -> dict[str, str]:
    # A free-text location is an address line; calling it a city would be a guess.
    return {"address": text} if text else {}


def _basics_from(basics: dict[str, Any]) -> Basics:
    location = basics.get("location", {})
    mapped = {"name", "label", "email", "phone", "url", "summary", "profiles", EXTENSION_KEY}
    if location == _canonical_location(_location_text(location)):
        mapped.add("location")  # export rebuilds exactly this object from the text
    leftovers = {k: v for k, v in basics.items() if k not in mapped}
    extra: dict[str, Any] = {ORIGIN_KEY: leftovers} if leftovers else {}
    ext = basics.get(EXTENSION_KEY)
    if ext is not None:
        if not isinstance(ext, dict) or not isinstance(ext.get("extra", {}), dict):
            raise ImportFailed(
                "must be an object with an object 'extra'", f"$.basics.{EXTENSION_KEY}"
            )
        extra = {**ext.get("extra", {}), **extra}
    profiles = tuple(
        Profile(network=p.get("network", ""), username=p.get("username", ""), url=p.get("url", ""))
        for p in basics.get("profiles", ())
    )
    result = Basics(
        name=basics.get("name", ""),
        headline=basics.get("label", ""),
        email=basics.get("email", ""),
        phone=basics.get("phone", ""),
        location=_location_text(location),
        website=basics.get("url", ""),
        summary=basics.get("summary", ""),
        profiles=profiles,
        extra=extra,
    )
    if isinstance(ext, dict) and isinstance(ext.get("location"), str):
        result = dataclasses.replace(result, location=ext["location"])
    return result


def _skills_from(items: list[dict[str, Any]]) -> tuple[Skill, ...]:
    skills: list[Skill] = []
    for index, item in enumerate(items):
        path = f"$.skills[{index}]"
        keywords = item.get("keywords", [])
        name, level = item.get("name", ""), item.get("level", "")
        ext = item.get(EXTENSION_KEY, {})
        categories = ext.get("categories") if isinstance(ext, dict) else None
        if keywords:
            names, group = list(keywords), name
        elif name:
            names, group = [name], ""
        else:
            continue
        if categories is None:
            categories = ["hard"] * len(names)
        if (
            not isinstance(categories, list)
            or len(categories) != len(names)
            or any(c not in SKILL_CATEGORIES for c in categories)
        ):
            raise ImportFailed(
                f"must list one of {list(SKILL_CATEGORIES)} per keyword",
                f"{path}.{EXTENSION_KEY}.categories",
            )
        skills.extend(
            Skill(name=n, category=c, group=group, level=level)
            for n, c in zip(names, categories, strict=True)
        )
    return tuple(skills)


# --------------------------------------------------------------------------- export


def to_json_resume(inventory: Inventory) -> dict[str, Any]:
    """Inventory → a JSON Resume document that validates against the v1.0.0 schema."""
    document: dict[str, Any] = {}
    if "$schema" in inventory.extra:
        document["$schema"] = inventory.extra["$schema"]
    basics = _basics_to(inventory.basics)
    if basics:
        document["basics"] = basics

    sections: dict[str, list[tuple[int, dict[str, Any]]]] = {name: [] for name in _SECTION_ORDER}
    for position, entry in enumerate(inventory.entries):
        section, item = _item_from_entry(entry)
        sections[section].append((position, item))
    exported_order = [pos for name in _SECTION_ORDER for pos, _ in sections[name]]
    for name in _SECTION_ORDER:
        if sections[name]:
            document[name] = [item for _, item in sections[name]]
    skills = _skills_to(inventory.skills)
    if skills:
        document["skills"] = skills

    for key in ("languages", "interests", "references"):
        if key in inventory.extra:
            document[key] = inventory.extra[key]
    meta = dict(inventory.extra.get("meta", {}))
    ext: dict[str, Any] = {}
    others = {k: v for k, v in inventory.extra.items() if k not in VERBATIM_SECTIONS}
    if others:
        ext["extra"] = others
    if exported_order != sorted(exported_order):
        # exported_order[i] is the inventory position of the i-th exported entry.
        ext["order"] = exported_order
    if ext:
        meta[EXTENSION_KEY] = ext
    if meta or "meta" in inventory.extra:
        document["meta"] = meta
    return document


def _section_for(entry: Entry) -> _Section:
    origin = entry.extra.get(ORIGIN_KEY, {})
    wanted = origin.get("section") if isinstance(origin, dict) else None
    if wanted in _SECTIONS:
        return _SECTIONS[wanted]
    return _SECTIONS[_DEFAULT_SECTION.get(entry.kind, "projects")]


def _item_from_entry(entry: Entry) -> tuple[str, dict[str, Any]]:
    section = _section_for(entry)
    origin = entry.extra.get(ORIGIN_KEY, {})
    fields = origin.get("fields", {}) if isinstance(origin, dict) else {}
    item: dict[str, Any] = dict(fields)
    for key, attribute in section.strings.items():
        value = getattr(entry, attribute)
        if value:
            item[key] = value
    if section.name == "publications" and not entry.start and entry.year is not None:
        item["releaseDate"] = f"{entry.year:04d}"
    if section.name == "projects" and entry.kind in _KIND_PROJECT_TYPE and "type" not in item:
        item["type"] = _KIND_PROJECT_TYPE[entry.kind]
    if section.name == "education" and not entry.degree and entry.title:
        item["studyType"] = entry.title  # other tools show the degree line from here
    if section.name == "education":
        courses = list(entry.courses)
        thesis, advisor = _thesis_and_advisor(entry.courses)
        # Other tools have no thesis field; say it the way JSON Resume users do.
        if entry.thesis_title and thesis != entry.thesis_title:
            courses.append(f"Thesis: {entry.thesis_title}")
        if entry.advisor and advisor != entry.advisor:
            courses.append(f"Advisor: {entry.advisor}")
        if courses:
            item["courses"] = courses
    if entry.bullets:
        item["highlights"] = [b.text for b in entry.bullets]

    ext = _extension_for(entry, _entry_from_item(section, item, "$"))
    if ext:
        item[EXTENSION_KEY] = ext
    return section.name, item


def _extension_for(entry: Entry, plain: Entry) -> dict[str, Any]:
    """The fields a plain import of the exported item would get wrong."""
    ext: dict[str, Any] = {}
    for name in _ENTRY_FIELDS:
        value = getattr(entry, name)
        if value != getattr(plain, name):
            ext[name] = list(value) if name in _TUPLE_FIELDS else value
    evidence = {
        name: getattr(entry.evidence, name)
        for name, spec in _EVIDENCE_FIELDS.items()
        if getattr(entry.evidence, name) != spec.default
    }
    if evidence:
        ext["evidence"] = evidence
    annotated = [
        {
            "text": b.text,
            **({"skills": list(b.skills)} if b.skills else {}),
            **({"key": b.key} if b.key else {}),
        }
        for b in entry.bullets
        if b.skills or b.key
    ]
    if annotated:
        ext["bullets"] = annotated
    others = {k: v for k, v in entry.extra.items() if k != ORIGIN_KEY}
    if others:
        ext["extra"] = others
    # The origin record itself must survive too when it says something the item cannot.
    if entry.extra.get(ORIGIN_KEY, {}) != plain.extra.get(ORIGIN_KEY, {}):
        ext.setdefault("extra", {})[ORIGIN_KEY] = entry.extra.get(ORIGIN_KEY, {})
    return ext


def _basics_to(basics: Basics) -> dict[str, Any]:
    origin = basics.extra.get(ORIGIN_KEY, {})
    out: dict[str, Any] = dict(origin) if isinstance(origin, dict) else {}
    for key, value in (
        ("name", basics.name),
        ("label", basics.headline),
        ("email", basics.email),
        ("phone", basics.phone),
        ("url", basics.website),
        ("summary", basics.summary),
    ):
        if value:
            out[key] = value
    stored = out.get("location")
    ext: dict[str, Any] = {}
    if not (isinstance(stored, dict) and _location_text(stored) == basics.location):
        canonical = _canonical_location(basics.location)
        if canonical:
            out["location"] = canonical
        else:
            out.pop("location", None)
        if _location_text(canonical) != basics.location:
            ext["location"] = basics.location
    if basics.profiles:
        out["profiles"] = [_profile_to(p) for p in basics.profiles]
    others = {k: v for k, v in basics.extra.items() if k != ORIGIN_KEY}
    if others:
        ext["extra"] = others
    if ext:
        out[EXTENSION_KEY] = ext
    return out


def _profile_to(profile: Profile) -> dict[str, str]:
    pairs = (("network", profile.network), ("username", profile.username), ("url", profile.url))
    return {key: value for key, value in pairs if value}


def _skills_to(skills: tuple[Skill, ...]) -> list[dict[str, Any]]:
    """Consecutive skills sharing a group and level become one item with keywords."""
    items: list[dict[str, Any]] = []
    run: list[Skill] = []

    def flush() -> None:
        if not run:
            return
        head = run[0]
        item: dict[str, Any] = {}
        if head.group:
            item["name"] = head.group
            item["keywords"] = [s.name for s in run]
        else:
            item["name"] = head.name
        if head.level:
            item["level"] = head.level
        if any(s.category != "hard" for s in run):
            item[EXTENSION_KEY] = {"categories": [s.category for s in run]}
        items.append(item)
        run.clear()

    for skill in skills:
        if run and (not skill.group or (skill.group, skill.level) != (run[0].group, run[0].level)):
            flush()
        run.append(skill)
        if not skill.group:
            flush()
    flush()
    return items


__all__: list[str] = [
    "EXTENSION_KEY",
    "SCHEMA_PATH",
    "json_path",
    "load_json",
    "parse_json_resume",
    "parse_json_resume_bytes",
    "to_json_resume",
    "validate_json_resume",
]
