"""BibTeX → publication entries.

A small reader of the BibTeX grammar (entries, @string macros, # concatenation, braced
and quoted values, bare numbers and month names), strict inside an entry so a broken file
is refused with the line of the problem rather than half-imported, and lenient outside
entries, where BibTeX itself treats text as a comment (Mendeley and ADS put headers there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from resumes.importers.dates import month_number
from resumes.importers.dedupe import find_duplicates, normalise_title
from resumes.importers.errors import ImportFailed, LineIndex
from resumes.importers.latex_text import latex_to_text
from resumes.importers.safety import check_markup
from resumes.tailoring.inventory import Entry, Inventory

MAX_FIELD_CHARS = 64_000  # a long abstract is ~3,000; more is not a bibliography
MAX_RECORDS = 3_000  # 03.bib has 118; a prolific author's whole list ~1,000

_MONTHS = {
    name: name
    for name in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
}
_ENTRY_START = re.compile(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*([{(])")
_NAME = re.compile(r"[A-Za-z0-9_:\-.+/']+")
_KEY = re.compile(r"[^,\s{}()=\"#%~\\]+")
_ARXIV_NEW = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")
_ARXIV_OLD = re.compile(r"[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?")
_PREPRINT_VENUES = ("corr", "arxiv", "electron. colloquium comput. complex.", "eccc", "biorxiv")
# Fields that become Entry attributes; the rest are kept raw in extra["bibtex"]["fields"].
_MAPPED = frozenset(
    {"title", "author", "journal", "booktitle", "school", "institution", "howpublished",
     "year", "month", "doi", "url", "abstract", "eprint", "archiveprefix", "eprinttype",
     "arxivid"}
)  # fmt: skip


@dataclass(frozen=True)
class BibRecord:
    """One entry as written: lower-case field names, values with macros expanded."""

    type: str
    key: str
    fields: dict[str, str]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- reading


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.pos = 0
        self.strings: dict[str, str] = dict(_MONTHS)

    def fail(self, message: str, at: int | None = None) -> ImportFailed:
        return ImportFailed(message, f"line {self.lines.line(self.pos if at is None else at)}")

    def skip_space(self) -> None:
        text = self.text
        while self.pos < len(text):
            if text[self.pos].isspace():
                self.pos += 1
            elif text[self.pos] == "%":  # a comment inside an entry, as biber allows
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end + 1
            else:
                return

    def records(self) -> list[BibRecord]:
        found: list[BibRecord] = []
        while True:
            match = _ENTRY_START.search(self.text, self.pos)
            if match is None:
                return found
            kind = match.group(1).lower()
            closer = "}" if match.group(2) == "{" else ")"
            start = match.start()
            self.pos = match.end()
            if kind == "comment" or kind == "preamble":
                self.pos = self._balanced_end(start, match.end() - 1, closer)
            elif kind == "string":
                self._string_definition(start, closer)
            else:
                found.append(self._entry(kind, start, closer))
                if len(found) > MAX_RECORDS:
                    raise self.fail(f"more than {MAX_RECORDS} entries in one file", start)

    def _balanced_end(self, start: int, opening: int, closer: str) -> int:
        depth = 0
        for index in range(opening, len(self.text)):
            char = self.text[index]
            if char in "{(":
                depth += 1
            elif char in "})":
                depth -= 1
                if depth == 0:
                    return index + 1
        raise self.fail("this @-block is never closed", start)

    def _string_definition(self, start: int, closer: str) -> None:
        self.skip_space()
        name_match = _NAME.match(self.text, self.pos)
        if not name_match:
            raise self.fail("expected a macro name after @string")
        self.pos = name_match.end()
        self.skip_space()
        if not self.text.startswith("=", self.pos):
            raise self.fail(f"expected '=' after @string name '{name_match.group()}'")
        self.pos += 1
        value = self._value("@string", name_match.group())
        self.strings[name_match.group().lower()] = value
        self.skip_space()
        if not self.text.startswith(closer, self.pos):
            raise self.fail(f"expected '{closer}' to close @string", self.pos)
        self.pos += 1

    def _entry(self, kind: str, start: int, closer: str) -> BibRecord:
        self.skip_space()
        key_match = _KEY.match(self.text, self.pos)
        key = key_match.group() if key_match else ""
        if key_match:
            self.pos = key_match.end()
        self.skip_space()
        if self.text.startswith(closer, self.pos):
            self.pos += 1
            return BibRecord(kind, key, {}, self.lines.line(start))
        if not key or not self.text.startswith(",", self.pos):
            raise self.fail(f"@{kind} entry needs a citation key followed by ','")
        self.pos += 1
        fields: dict[str, str] = {}
        lines: dict[str, int] = {}
        label = key or f"@{kind}"
        while True:
            self.skip_space()
            if self.text.startswith(closer, self.pos):
                self.pos += 1
                return BibRecord(kind, key, fields, self.lines.line(start), lines)
            if self.pos >= len(self.text):
                raise self._unclosed(label, closer, start, fields, lines)
            name_match = _NAME.match(self.text, self.pos)
            if not name_match:
                found = self.text[self.pos]
                raise self.fail(f"unexpected {found!r} in entry '{label}'; expected a field name")
            name = name_match.group().lower()
            field_start = self.pos
            self.pos = name_match.end()
            self.skip_space()
            if not self.text.startswith("=", self.pos):
                raise self.fail(f"expected '=' after field '{name}' in entry '{label}'")
            self.pos += 1
            value = self._value(label, name)
            if name not in fields:  # BibTeX keeps the first of repeated fields
                fields[name] = value
                lines[name] = self.lines.line(field_start)
            self.skip_space()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith(closer, self.pos):
                if self.pos >= len(self.text):
                    raise self._unclosed(label, closer, start, fields, lines)
                raise self.fail(
                    f"expected ',' or '{closer}' after field '{name}' in entry '{label}'"
                )

    def _unclosed(
        self, label: str, closer: str, start: int, fields: dict[str, str], lines: dict[str, int]
    ) -> ImportFailed:
        # An unbalanced "{" in a field swallows the fields after it and the entry's closing
        # brace; point at that field rather than at the entry.
        for name, value in fields.items():
            if re.search(r"\n\s*[A-Za-z][\w-]*\s*=", value):
                return ImportFailed(
                    f"unbalanced braces: the value of '{name}' in entry '{label}' runs into "
                    "the next field (a '{' without its '}')",
                    f"line {lines[name]}",
                )
        return self.fail(f"entry '{label}' is never closed (missing '{closer}')", start)

    def _value(self, label: str, name: str) -> str:
        parts: list[str] = []
        while True:
            self.skip_space()
            parts.append(self._piece(label, name))
            self.skip_space()
            if self.text.startswith("#", self.pos):
                self.pos += 1
                continue
            value = "".join(parts)
            if len(value) > MAX_FIELD_CHARS:
                raise self.fail(f"field '{name}' in entry '{label}' is too long")
            return value

    def _piece(self, label: str, name: str) -> str:
        text = self.text
        if self.pos >= len(text):
            raise self.fail(f"field '{name}' in entry '{label}' has no value")
        char = text[self.pos]
        start = self.pos
        if char == "{":
            end = self._braced_end(start, label, name)
            self.pos = end
            return text[start + 1 : end - 1]
        if char == '"':
            depth = 0
            index = start + 1
            while index < len(text):
                current = text[index]
                if current == "\\":
                    index += 2
                    continue
                if current == "{":
                    depth += 1
                elif current == "}":
                    depth -= 1
                elif current == '"' and depth == 0:
                    self.pos = index + 1
                    return text[start + 1 : index]
                index += 1
            raise self.fail(f"the quoted value of '{name}' in entry '{label}' never ends", start)
        if char.isdigit():
            match = re.compile(r"\d+").match(text, start)
            assert match is not None
            self.pos = match.end()
            return match.group()
        macro = _NAME.match(text, start)
        if macro:
            self.pos = macro.end()
            # An undefined macro prints as its name, as BibTeX would after a warning.
            return self.strings.get(macro.group().lower(), macro.group())
        raise self.fail(f"unexpected {char!r} as the value of '{name}' in entry '{label}'")

    def _braced_end(self, start: int, label: str, name: str) -> int:
        depth = 0
        for match in re.compile(r"\\.|[{}]", re.S).finditer(self.text, start):
            token = match.group()
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return match.end()
        raise self.fail(
            f"unbalanced braces: the value of '{name}' in entry '{label}' is never closed", start
        )


def read_bibtex(text: str | bytes) -> list[BibRecord]:
    """The entries of a BibTeX file. Raises ImportFailed naming the line of a syntax error."""
    if isinstance(text, bytes):
        raw = text
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # older .bib files; every byte is a character
    check_markup(text)
    return _Reader(text.replace("\r\n", "\n")).records()


# --------------------------------------------------------------------------- mapping


def split_authors(value: str) -> tuple[str, ...]:
    """BibTeX author list → display names ("Qi, Yang" → "Yang Qi"); "others" → "et al."."""
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for token in re.split(r"(\{|\}|\s+and\s+)", value.strip(), flags=re.I):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and token and re.fullmatch(r"\s+and\s+", token, re.I):
            names.append("".join(current))
            current = []
        else:
            current.append(token)
    names.append("".join(current))
    return tuple(_display_name(name) for name in names if name.strip())


def _top_level_commas(name: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in name:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _display_name(name: str) -> str:
    if name.strip().lower() == "others":
        return "et al."
    parts = [p.strip() for p in _top_level_commas(name)]
    if len(parts) == 2:  # von Last, First
        ordered = f"{parts[1]} {parts[0]}"
    elif len(parts) >= 3:  # von Last, Jr, First
        ordered = f"{parts[2]} {parts[0]} {parts[1]}"
    else:
        ordered = parts[0]
    return latex_to_text(ordered)


def _arxiv_id(fields: dict[str, str]) -> str:
    """The arXiv id, from wherever this flavour of export put it."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    explicit = [fields.get("arxivid", "")]
    if prefix in ("arxiv", ""):
        explicit.append(fields.get("eprint", ""))
    for value in explicit:
        value = value.strip().removeprefix("arXiv:").removeprefix("arxiv:")
        if _ARXIV_NEW.fullmatch(value) or _ARXIV_OLD.fullmatch(value):
            return value
    volume = re.fullmatch(r"abs/(.+)", fields.get("volume", "").strip())
    if volume and fields.get("journal", "").strip().lower() == "corr":  # dblp's arXiv copies
        return volume.group(1)
    marked = re.compile(
        r"(?:arxiv[.:]|arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})",
        re.I,
    )
    for name in ("doi", "url", "eid", "pages", "journal", "note"):
        if match := marked.search(fields.get(name, "")):
            return match.group(1)
    return ""


def _first_url(value: str) -> str:
    """Reference managers join several links with spaces (Mendeley does); keep the first
    web address, since the entry has room for one."""
    return next((word for word in value.split() if word.startswith(("http://", "https://"))), "")


def _doi(fields: dict[str, str]) -> str:
    value = latex_to_text(fields.get("doi", ""))
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I).strip()


def _venue(record: BibRecord) -> str:
    fields = record.fields
    for name in ("journal", "booktitle", "school", "institution", "howpublished", "publisher"):
        if fields.get(name, "").strip():
            return latex_to_text(fields[name])
    return ""


def _year_and_start(fields: dict[str, str]) -> tuple[int | None, str]:
    match = re.search(r"\b(1[89]\d\d|2[01]\d\d)\b", fields.get("year", ""))
    if not match:
        return None, ""
    year = int(match.group(1))
    month = month_number(latex_to_text(fields.get("month", ""))) if fields.get("month") else None
    return year, f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def _surname_and_initial(name: str) -> tuple[str, str]:
    words = normalise_title(name).split()
    if not words:
        return "", ""
    return words[-1], words[0][:1] if len(words) > 1 else ""


def is_same_person(author: str, owner_name: str) -> bool:
    """Whether a display name is the owner's: same surname, and same initial when known."""
    surname, initial = _surname_and_initial(author)
    owner_surname, owner_initial = _surname_and_initial(owner_name)
    if not surname or surname != owner_surname:
        return False
    return not (initial and owner_initial) or initial == owner_initial


def publication_from_record(record: BibRecord, owner_name: str = "") -> Entry:
    """One BibTeX record → a publication Entry (LaTeX turned to text)."""
    fields = record.fields
    year, start = _year_and_start(fields)
    authors = split_authors(fields.get("author", ""))
    kept = {k: v for k, v in fields.items() if k not in _MAPPED}
    bibtex: dict[str, object] = {"type": record.type, "key": record.key}
    if kept:
        bibtex["fields"] = kept
    return Entry(
        kind="publication",
        title=latex_to_text(fields.get("title", "")),
        url=_first_url(fields.get("url", "")),
        start=start,
        authors=authors,
        venue=_venue(record),
        year=year,
        doi=_doi(fields),
        arxiv_id=_arxiv_id(fields),
        abstract=latex_to_text(fields.get("abstract", "")),
        first_author=bool(owner_name and authors and is_same_person(authors[0], owner_name)),
        extra={"bibtex": bibtex},
    )


# --------------------------------------------------------------------------- merging


def is_preprint(entry: Entry) -> bool:
    venue = entry.venue.strip().lower()
    bibtex = entry.extra.get("bibtex", {})
    kind = bibtex.get("type", "") if isinstance(bibtex, dict) else ""
    return kind in ("unpublished", "misc") or any(venue.startswith(p) for p in _PREPRINT_VENUES)


def merge_duplicates(entries: list[Entry]) -> tuple[list[Entry], int]:
    """Collapse versions of one paper (by DOI, arXiv id or title) into one entry.

    The published version is kept (a preprint only when nothing else exists), at the
    place of the group's first entry; it takes the arXiv id and abstract of another
    version when it lacks them (same paper), never its DOI (which names a version).
    The others are listed under extra["bibtex"]["versions"], so nothing is lost.
    Returns the entries and how many were merged away.
    """
    parent = list(range(len(entries)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for duplicate in find_duplicates(entries):
        a, b = root(duplicate.index), root(duplicate.of)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for index in range(len(entries)):
        groups.setdefault(root(index), []).append(index)

    merged: list[Entry] = []
    for first in sorted(groups):
        members = groups[first]
        best = min(members, key=lambda i: (is_preprint(entries[i]), i))
        keep = entries[best]
        others = [entries[i] for i in members if i != best]
        if others:
            keep = _absorb(keep, others)
        merged.append(keep)
    return merged, len(entries) - len(merged)


def _absorb(keep: Entry, others: list[Entry]) -> Entry:
    arxiv = keep.arxiv_id or next((o.arxiv_id for o in others if o.arxiv_id), "")
    abstract = keep.abstract or next((o.abstract for o in others if o.abstract), "")
    versions = [
        {
            "key": o.extra.get("bibtex", {}).get("key", ""),
            "venue": o.venue,
            "year": o.year,
            "doi": o.doi,
            "arxiv_id": o.arxiv_id,
            "url": o.url,
        }
        for o in others
    ]
    bibtex = {**keep.extra.get("bibtex", {}), "versions": versions}
    return replace(keep, arxiv_id=arxiv, abstract=abstract, extra={**keep.extra, "bibtex": bibtex})


def parse_bibtex(text: str | bytes, *, owner_name: str = "", merge: bool = True) -> Inventory:
    """A BibTeX file → an Inventory of publications.

    `owner_name` (the person's name) sets `first_author` where the first author is them.
    With `merge`, versions of the same paper become one entry (see `merge_duplicates`).
    Raises ImportFailed naming the line of a syntax error.
    """
    entries = [publication_from_record(r, owner_name) for r in read_bibtex(text)]
    if merge:
        entries, _ = merge_duplicates(entries)
    return Inventory(entries=tuple(entries))


__all__ = [
    "BibRecord",
    "is_same_person",
    "merge_duplicates",
    "parse_bibtex",
    "publication_from_record",
    "read_bibtex",
    "split_authors",
]
