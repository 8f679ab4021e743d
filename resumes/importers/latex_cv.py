"""LaTeX CVs → Inventory: moderncv, plain ``\\section`` + ``itemize``, and custom macros.

Many academic CVs define their own entry macros in a style file that is not uploaded
(``\\roleentry{title}{dates}{org}{}``, ``\\honorentry{text}{2024}``, ``\\pubitem{...}``).
They are read generically: a macro with brace arguments is an entry, the argument that
reads as a date or a date range gives its dates, and the other arguments in order give
the title and the organisation. A one-argument macro is an entry only when the document
uses it repeatedly (a list), so a one-off note does not become a fake entry.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from resumes.importers.dates import DateRange, parse_date_range
from resumes.importers.draft import IMPORT_WARNINGS, Draft
from resumes.importers.errors import ImportFailed
from resumes.importers.latex_macros import skipped_files, with_own_sections
from resumes.importers.latex_text import brace_group, is_text_macro, latex_to_text, links
from resumes.importers.lines import (
    citation_from_text,
    entries_from_text,
    make_entry,
    titled,
    trailing_date,
)
from resumes.importers.safety import check_markup
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
    split_skill_line,
)
from resumes.tailoring.inventory import Bullet, Entry, Inventory, Profile, Skill

_SECTION = re.compile(
    r"\\(?:section|cvsection|sectionheading|resumesection|part|chapter)\*?\s*(?:\[[^\]]*\])?\s*\{"
)
_ENV_BEGIN = re.compile(r"\\begin\s*\{([^}]*)\}")
_MACRO_NAME = re.compile(r"\\([A-Za-z@]+)\*?")
_LIST_ENV = re.compile(r"itemize|enumerate|description|list", re.I)
_TABLE_ENV = re.compile(r"tabular|table|longtable", re.I)
_MAX_LIST_DEPTH = 4  # CVs nest lists two deep; deeper input is read as text
# Macros that carry no content whatever their arguments.
_LAYOUT = frozenset(
    [
        "vspace",
        "vskip",
        "hskip",
        "vfill",
        "noindent",
        "medskip",
        "bigskip",
        "smallskip",
        "newpage",
        "clearpage",
        "pagebreak",
        "centering",
        "raggedright",
        "raggedleft",
        "small",
        "footnotesize",
        "scriptsize",
        "tiny",
        "large",
        "Large",
        "LARGE",
        "huge",
        "Huge",
        "normalsize",
        "bfseries",
        "itshape",
        "mdseries",
        "rmfamily",
        "sffamily",
        "ttfamily",
        "scshape",
        "upshape",
        "selectfont",
        "par",
        "indent",
        "linebreak",
        "nopagebreak",
        "maketitle",
        "setlength",
        "addtolength",
        "setcounter",
        "addtocounter",
        "input",
        "include",
        "usepackage",
        "documentclass",
        "pagestyle",
        "thispagestyle",
        "newcommand",
        "renewcommand",
        "providecommand",
        "def",
        "let",
        "makeatletter",
        "makeatother",
        "label",
        "color",
        "definecolor",
        "hypersetup",
        "geometry",
        "moderncvstyle",
        "moderncvcolor",
        "makecvtitle",
        "makecvhead",
        "nocite",
        "bibliographystyle",
        "bibliography",
        "printbibliography",
        "resetpubs",
        "rule",
        "hline",
        "cline",
        "toprule",
        "midrule",
        "bottomrule",
    ]
)
_MODERNCV_CONTACT = {
    "email": "email",
    "phone": "phone",
    "mobile": "phone",
    "homepage": "website",
    "address": "location",
    "title": "headline",
}
_ADVISOR_LABELS = (
    "advisor",
    "advisors",
    "supervisor",
    "supervisors",
    "advised by",
    "supervised by",
)
_THESIS_LABELS = ("thesis", "dissertation", "master thesis", "phd thesis", "title")


@dataclass
class _Token:
    kind: str  # "macro", "item", "text", "row"
    name: str = ""
    args: list[str] = field(default_factory=list)
    raw: str = ""
    depth: int = 0  # list nesting for items


# --------------------------------------------------------------------------- tokens


def _strip_comments(text: str) -> str:
    return re.sub(r"(?<!\\)%[^\n]*", "", text)


def _body(text: str) -> str:
    begin = text.find("\\begin{document}")
    if begin >= 0:
        text = text[begin + len("\\begin{document}") :]
    end = text.find("\\end{document}")
    return text if end < 0 else text[:end]


def _env_end(text: str, name: str, start: int) -> tuple[int, int]:
    """(end of the body, index after \\end{name}) for the environment opened before `start`."""
    pattern = re.compile(r"\\(begin|end)\s*\{" + re.escape(name) + r"\}")
    depth = 1
    for match in pattern.finditer(text, start):
        depth += 1 if match.group(1) == "begin" else -1
        if depth == 0:
            return match.start(), match.end()
    return len(text), len(text)


def _arguments(text: str, index: int) -> tuple[list[str], int]:
    """Brace arguments after a macro (optional [..] skipped); may continue on the next line."""
    args: list[str] = []
    while True:
        probe = index
        match = re.compile(r"[ \t]*\n?[ \t]*").match(text, probe)
        probe = match.end() if match else probe
        if text.startswith("[", probe) and not args:
            close = text.find("]", probe)
            if close < 0:
                break
            probe = close + 1
            match = re.compile(r"[ \t]*\n?[ \t]*").match(text, probe)
            probe = match.end() if match else probe
        if not text.startswith("{", probe):
            break
        content, index = brace_group(text, probe)
        args.append(content)
    return args, index


def _tokens(text: str, depth: int = 0) -> list[_Token]:
    """Split a section body into entry macros, list items, table rows and text."""
    tokens: list[_Token] = []
    plain: list[str] = []
    index = 0

    def flush() -> None:
        chunk = "".join(plain)
        plain.clear()
        if chunk.strip():
            tokens.append(_Token("text", raw=chunk, depth=depth))

    while index < len(text):
        if text.startswith("\\begin", index):
            match = _ENV_BEGIN.match(text, index)
            if match:
                flush()
                name = match.group(1).strip()
                body_end, after = _env_end(text, name, match.end())
                args, body_start = _arguments(text, match.end())
                # Only a table's arguments (width, column spec) precede its body; after
                # \begin{center} a brace group is content.
                table = _TABLE_ENV.search(name)
                body = text[body_start if table else match.end() : body_end]
                if _LIST_ENV.search(name) and depth < _MAX_LIST_DEPTH:
                    tokens.extend(_items(body, depth + 1))
                elif _TABLE_ENV.search(name):
                    tokens.extend(_rows(body))
                elif depth < _MAX_LIST_DEPTH:
                    tokens.extend(_tokens(body, depth))
                index = after
                continue
        if text[index] == "\\":
            match = _MACRO_NAME.match(text, index)
            if match and not is_text_macro(match.group(1)):
                name = match.group(1)
                args, after = _arguments(text, match.end())
                if name in _LAYOUT or name in ("end", "item"):
                    flush()
                    index = after
                    continue
                if args:
                    flush()
                    tokens.append(
                        _Token("macro", name=name, args=args, raw=text[index:after], depth=depth)
                    )
                    index = after
                    continue
                plain.append(text[index:after])
                index = after
                continue
        # Plain text up to the next command, in one step rather than a character at a time.
        following = text.find("\\", index + 1)
        following = len(text) if following < 0 else following
        plain.append(text[index:following])
        index = following
    flush()
    return tokens


def _items(body: str, depth: int) -> list[_Token]:
    tokens: list[_Token] = []
    # \item at this level only: nested lists are tokenised inside each item.
    parts = _split_top_level(body, r"\\item\b\s*(?:\[[^\]]*\])?")
    for position, part in enumerate(parts):
        if position == 0:
            continue  # text before the first \item
        inner = _tokens(part, depth)
        head = [t for t in inner if t.kind == "text"]
        rest = [t for t in inner if t.kind != "text"]
        tokens.append(_Token("item", raw=" ".join(t.raw for t in head), depth=depth))
        tokens.extend(rest)
    return tokens


def _split_top_level(body: str, separator: str) -> list[str]:
    """Split at the `separator` pattern outside braces and nested environments."""
    scanner = re.compile(rf"(?P<sep>{separator})|\\begin\b|\\end\b|\\.|[{{}}]", re.S)
    parts: list[str] = []
    start = 0
    depth = 0
    env_depth = 0
    for match in scanner.finditer(body):
        token = match.group()
        if match.group("sep") is not None and depth == 0 and env_depth == 0:
            parts.append(body[start : match.start()])
            start = match.end()
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif token == "\\begin":
            env_depth += 1
        elif token == "\\end":
            env_depth -= 1
    parts.append(body[start:])
    return parts


def _rows(body: str) -> list[_Token]:
    rows = _split_top_level(body, r"\\\\(?:\[[^\]]*\])?")
    return [_Token("row", args=_split_top_level(row, r"&"), raw=row) for row in rows if row.strip()]


# --------------------------------------------------------------------------- reading


def _clean(raw: str) -> str:
    return latex_to_text(raw).strip().rstrip(".").strip() if raw else ""


def _date_of(raw: str) -> DateRange | None:
    text = latex_to_text(raw)
    if not text or len(text) > 40:
        return None
    return parse_date_range(text)


def parse_latex_cv(data: bytes | str) -> Inventory:
    """A LaTeX CV → Inventory. Raises ImportFailed when the file has no CV content."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    else:
        text = data
    check_markup(text)
    text = with_own_sections(_strip_comments(text.replace("\r\n", "\n")))
    body = _body(text)
    builder = _Builder(Counter(re.findall(r"\\([A-Za-z@]+)", body)))
    sections = list(_SECTION.finditer(body))
    header_end = sections[0].start() if sections else len(body)
    builder.header(
        _strip_comments(text[: text.find("\\begin{document}")])
        if "\\begin{document}" in text
        else ""
    )
    builder.header(body[:header_end])
    for number, match in enumerate(sections):
        heading, content_start = brace_group(body, match.end() - 1)
        content_end = sections[number + 1].start() if number + 1 < len(sections) else len(body)
        builder.section(latex_to_text(heading), body[content_start:content_end])
    if not builder.entries and not builder.skills and not builder.basics.get("name"):
        raise ImportFailed("no CV content found: no \\section with entries, items or skills")
    skipped = [
        f"The file “{name}” that the CV includes was not read (only the uploaded file is); "
        "add what it holds by hand, or paste it into the CV and upload it again."
        for name in skipped_files(text)
    ]
    if skipped:
        builder.extra[IMPORT_WARNINGS] = skipped
    return builder.inventory()


class _Builder(Draft):
    def __init__(self, usage: Counter[str]) -> None:
        super().__init__()
        self.usage = usage

    # -- header -------------------------------------------------------------------

    def header(self, text: str) -> None:
        for token in _tokens(text):
            if token.kind != "macro":
                continue
            name, args = token.name, [latex_to_text(a) for a in token.args]
            if name == "name" and args:
                self.basics["name"] = " ".join(a for a in args if a)
            elif name in ("firstname", "familyname") and args:
                self.basics["name"] = " ".join(filter(None, (self.basics.get("name", ""), args[0])))
            elif name == "author" and args and "name" not in self.basics:
                self.basics["name"] = args[0]
            elif name in _MODERNCV_CONTACT and args:
                self.basics.setdefault(_MODERNCV_CONTACT[name], ", ".join(a for a in args if a))
            elif name == "social" and args:
                hint = re.search(r"\[([^\]]*)\]", token.raw.split("{")[0])
                self._link(args[-1], hint=hint.group(1) if hint else "")
            elif name not in ("title",) and len(args) >= 2 and "name" not in self.basics:
                self._custom_header(args, token.args)

    def _custom_header(self, args: list[str], raw_args: list[str]) -> None:
        """A style-file header macro: name first, then a headline, then contact bits."""
        self.basics["name"] = args[0]
        for text, raw in zip(args[1:], raw_args[1:], strict=True):
            if not text:
                continue
            if "@" in text and " " not in text:
                self.basics.setdefault("email", text.removeprefix("mailto:"))
            elif re.match(r"https?://|www\.", text) or links(raw):
                self._link(links(raw)[0][0] if links(raw) else text)
            elif re.fullmatch(r"[+\d][\d\s().\-]{6,}", text):
                self.basics.setdefault("phone", text)
            elif "headline" not in self.basics:
                self.basics["headline"] = text
            else:
                # An affiliation line repeats the current position; keep it, not lose it.
                self.basics.setdefault("extra", {}).setdefault("header_lines", []).append(text)

    def _link(self, url: str, hint: str = "") -> None:
        url = url.strip()
        networks = {
            "github": "GitHub",
            "linkedin": "LinkedIn",
            "gitlab": "GitLab",
            "scholar.google": "Google Scholar",
            "orcid": "ORCID",
            "twitter": "Twitter",
        }
        for host, network in networks.items():
            if host in url.lower() or host.split(".")[0] == hint.lower():
                full = url if "://" in url else f"https://{host}.com/{url}"
                username = url.rstrip("/").rsplit("/", 1)[-1].rsplit("=", 1)[-1]
                self.profiles.append(Profile(network=network, username=username, url=full))
                return
        self.basics.setdefault("website", url)

    # -- sections -----------------------------------------------------------------

    def section(self, heading: str, content: str) -> None:
        role = classify_heading(heading)
        kinds = heading_kinds(heading)
        tokens = _tokens(content)
        if role == SKILLS:
            self._skills(tokens)
        elif role == SUMMARY:
            summary = " ".join(latex_to_text(t.raw) for t in tokens if t.kind in ("text", "item"))
            self.basics["summary"] = " ".join(
                filter(None, (self.basics.get("summary", ""), summary))
            )
        elif role in ("", INTERESTS, LANGUAGES, REFERENCES, CONTACT):
            self._unmapped(heading, role, tokens)
        else:
            self._entries(role, kinds, tokens)

    def _unmapped(self, heading: str, role: str, tokens: list[_Token]) -> None:
        lines = [
            _clean(" ".join(t.args) if t.kind in ("macro",) else t.raw)
            for t in tokens
            if t.kind != "row"
        ]
        if any(t.kind == "row" for t in tokens):
            # Tables lay out one record per column (references side by side); read columns.
            rows = [[_clean(c) for c in t.args] for t in tokens if t.kind == "row"]
            width = max(len(r) for r in rows)
            lines += ["; ".join(r[i] for r in rows if i < len(r) and r[i]) for i in range(width)]
        lines = [line for line in lines if line]
        if role == INTERESTS:
            self.extra.setdefault("interests", []).append({"name": heading, "keywords": lines})
        elif role == REFERENCES:
            self.extra.setdefault("references", []).extend(_reference(line) for line in lines)
        else:
            for line in lines:
                self.unmapped(heading, line)

    def _skills(self, tokens: list[_Token]) -> None:
        for token in tokens:
            if token.kind == "macro" and len(token.args) >= 2:
                group = _clean(token.args[0])
                names = split_skill_line(latex_to_text(token.args[1]))[1]
            elif token.kind == "macro":
                group, names = split_skill_line(latex_to_text(token.args[0]))
            elif token.kind == "row":
                group = _clean(token.args[0]) if len(token.args) > 1 else ""
                names = split_skill_line(latex_to_text(" ".join(token.args[1:] or token.args)))[1]
            else:
                for line in re.split(r"\\\\|\n\s*\n", token.raw):
                    group, names = split_skill_line(latex_to_text(line))
                    self.skills.extend(Skill(name=n, group=group) for n in names)
                continue
            self.skills.extend(Skill(name=n, group=group) for n in names)

    def _entries(self, role: str, kinds: list[str], tokens: list[_Token]) -> None:
        # In position and education sections a list belongs to the entry above it; in the
        # others (publications, talks, awards, service) each item is an entry of its own.
        structured = role in ("position", "education")
        current: int | None = None
        for token in tokens:
            if token.kind == "macro":
                entry = self._macro_entry(role, token)
                if entry is None:
                    continue
                if entry.kind == "" and current is not None:  # \cvitem{Thesis}{...} etc.
                    self.entries[current] = _merge_detail(self.entries[current], entry)
                    continue
                self.entries.append(entry if entry.kind else replace(entry, kind=role))
                current = len(self.entries) - 1
            elif token.kind == "item" and structured and current is not None:
                text = latex_to_text(token.raw)
                if text:
                    self.add_bullet(current, text)
            elif token.kind in ("item", "text", "row"):
                raw = " \\\\ ".join(token.args) if token.kind == "row" else token.raw
                for line in _lines(raw, token.kind):
                    kind = (
                        classify_item(latex_to_text(line), kinds, role) if len(kinds) > 1 else role
                    )
                    if (
                        structured
                        and current is not None
                        and token.kind == "text"
                        and not _date_in(line)
                    ):
                        self.add_bullet(current, latex_to_text(line))
                        continue
                    self.entries.extend(_entries_from_line(kind, line))
                    current = len(self.entries) - 1 if structured else current

    def _macro_entry(self, role: str, token: _Token) -> Entry | None:
        name, raw_args = token.name, token.args
        if name == "cventry":
            return _cventry(role, raw_args)
        if name in (
            "cvitem",
            "cvitemwithcomment",
            "cvlistitem",
            "cvdoubleitem",
            "cvlistdoubleitem",
        ):
            return _cvitem(role, name, raw_args)
        if len(raw_args) == 1 and self.usage[name] < 2:
            # A one-off macro is a note about the section, not a list of entries.
            note = latex_to_text(raw_args[0])
            if note:
                self.extra.setdefault("notes", []).append(note)
            return None
        return _generic_entry(role, raw_args)


# --------------------------------------------------------------------------- entries


def _reference(line: str) -> dict[str, str]:
    """ "Dr. A; Ph.D. advisor; Institute; a@x" → JSON Resume's {name, reference}."""
    parts = [p.strip() for p in line.split(";") if p.strip()]
    if len(parts) > 1:
        return {"name": parts[0], "reference": ", ".join(parts[1:])}
    return {"reference": line}


def _date_in(raw: str) -> bool:
    text = latex_to_text(raw)
    return bool(re.search(r"(?:1[89]|2[01])\d\d", text)) and bool(trailing_date(text)[1])


def _lines(raw: str, kind: str) -> list[str]:
    # Converted later, once; a line of layout commands only yields no entry there.
    if kind == "item":
        return [raw] if raw.strip() else []
    return [line for line in re.split(r"\\\\|\n\s*\n", raw) if line.strip()]


def _entries_from_line(kind: str, raw: str) -> list[Entry]:
    """One LaTeX list item or line → entries; "\\textbf{Label:} text" is title and summary."""
    if kind == "publication":
        return [_citation(raw, DateRange())]
    label = re.match(r"^\s*\\textbf\s*\{", raw)
    if label:
        head, end = brace_group(raw, label.end() - 1)
        title, rest = latex_to_text(head), latex_to_text(raw[end:])
        if title.endswith(":") or rest.startswith(":"):
            return [
                Entry(kind=kind, title=title.rstrip(":").strip(), summary=rest.lstrip(": ").strip())
            ]
    # "\\textbf{Role}, Org \\hfill 2021 -- 2023": the fill separates like a tab.
    parts = re.split(r"\\hfill\b|\\hspace\*?\s*\{[^}]*\}|\\qquad\b|\\quad\b", raw)
    text = "\t".join(filter(None, (latex_to_text(part) for part in parts)))
    return entries_from_text(kind, text, _first_link(raw)) if text else []


def _first_link(raw: str) -> str:
    found = links(raw)
    return found[0][0] if found else ""


def _citation(raw: str, dates: DateRange) -> Entry:
    # The CV's author is the name set in bold; first author when it leads the list.
    owner_first = bool(re.match(r"^\s*\\textbf\s*\{", raw))
    return citation_from_text(latex_to_text(raw), _first_link(raw), owner_first, dates)


def _generic_entry(role: str, raw_args: list[str]) -> Entry:
    """A custom macro: the dated argument gives the dates, the rest title then place."""
    dates: DateRange | None = None
    texts: list[tuple[str, str]] = []
    for raw in raw_args:
        if dates is None and (found := _date_of(raw)):
            dates = found
            continue
        if latex_to_text(raw):
            texts.append((raw, latex_to_text(raw)))
    dates = dates or DateRange()
    if role == "publication":
        return _citation(" ".join(r for r, _ in texts), dates)
    if not texts:
        return make_entry(role, "", "", dates)
    url = next((u for raw, _ in texts for u, _ in links(raw)), "")
    first = texts[0][1].rstrip(".")
    if len(texts) == 1:
        entry = titled(role, first, url)
        return (
            replace(entry, start=dates.start, end=dates.end, current=dates.current)
            if role != "education"
            else make_entry(role, first, "", dates, url=url)
        )
    second = texts[1][1].rstrip(".")
    if len(second) > 160 or re.search(r"[.!?]\s+[A-Z]", second):
        return replace(make_entry(role, first, "", dates, url=url), summary=second)
    location = texts[2][1] if len(texts) > 2 else ""
    return replace(make_entry(role, first, second, dates, url=url), location=location)


def _cventry(role: str, raw_args: list[str]) -> Entry:
    args = [*raw_args, "", "", "", "", "", ""][:6]
    dates = _date_of(args[0]) or DateRange()
    title, employer, city, grade = (_clean(a) for a in args[1:5])
    description = args[5]
    bullets = [latex_to_text(t.raw) for t in _tokens(description) if t.kind == "item"]
    summary = "" if bullets else latex_to_text(description)
    entry = make_entry(role, title, employer, dates, location=city)
    if grade and role == "education":
        entry = replace(entry, score=grade)
    elif grade:
        summary = " ".join(filter(None, (grade, summary)))
    return replace(entry, summary=summary, bullets=tuple(Bullet(text=b) for b in bullets if b))


def _cvitem(role: str, name: str, raw_args: list[str]) -> Entry | None:
    if name in ("cvlistitem",):
        return _entries_from_line(role, raw_args[0])[0] if latex_to_text(raw_args[0]) else None
    label = _clean(raw_args[0]) if raw_args else ""
    text = latex_to_text(raw_args[1]) if len(raw_args) > 1 else ""
    lowered = label.lower().rstrip(":")
    if lowered in _THESIS_LABELS:
        return Entry(kind="", title="", thesis_title=text.strip('"“” '))
    if lowered in _ADVISOR_LABELS:
        return Entry(kind="", title="", advisor=text)
    if lowered in ("description", "details", "summary"):
        return Entry(kind="", title="", summary=text)
    dates = _date_of(raw_args[0]) if raw_args else None
    if dates:
        entry = (
            _entries_from_line(role, raw_args[1])[0]
            if len(raw_args) > 1
            else make_entry(role, "", "", dates)
        )
        return replace(entry, start=dates.start, end=dates.end, current=dates.current)
    if not label:
        return _entries_from_line(role, raw_args[1])[0] if text else None
    return Entry(kind=role, title=label, summary=text)


def _merge_detail(entry: Entry, detail: Entry) -> Entry:
    return replace(
        entry,
        thesis_title=detail.thesis_title or entry.thesis_title,
        advisor=detail.advisor or entry.advisor,
        summary=" ".join(filter(None, (entry.summary, detail.summary))),
    )
