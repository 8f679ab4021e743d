"""A LaTeX CV's own section macros, recognised before its sections are read.

Most LaTeX CVs define their own commands for section headings (`\\newcommand{\\cvsec}[1]
{…\\section*{#1}…}`, or a bold line of their own that never says `\\section`). Three ways in:

- the document's own definitions (`\\newcommand`, `\\renewcommand`, `\\def`) whose body
  holds a sectioning command are expanded — simply: their `#1`… filled in, one level at a
  time, a bounded number of times, never growing the text past a multiple of its size;
- a one-argument command used at least twice, whose argument names a known CV section
  every time ("Experience", "Education", "Publications"…), is a heading by what it
  looks like, whatever its definition (or none, when it lives in a class file not uploaded);
- when the document has no sectioning command at all, a line of its own that is only
  styled text — bold, large, small capitals, underlined or in capitals
  (`{\\large\\bfseries Experience}`, `\\textbf{\\Large Publications}`,
  `\\noindent\\textbf{EDUCATION}\\\\`) — naming a known section, with something after it,
  is a heading by its look too. Only then: in a CV with real sections, such a line is a
  sub-heading inside one ("\\textbf{Languages}" above a list of programming languages).

All end as `\\section{…}`, which the reader of sections already knows. Files the CV names
(`\\input`, `\\include`) are never read: `skipped_files` lists them so the preview can say so.
"""

from __future__ import annotations

import re
from collections import Counter

from resumes.importers.errors import ImportFailed
from resumes.importers.latex_text import brace_group, latex_to_text
from resumes.importers.sections import classify_heading, is_section_name

MAX_DEFINITIONS = 200
MAX_PASSES = 4
MAX_GROWTH = 4  # the expanded text may be at most this many times the original
MAX_HEADING_LINE = 200  # characters of a line shown as a heading, markup included
_DEFINITION = re.compile(
    r"\\(?:re)?newcommand\*?\s*\{?\s*\\([A-Za-z@]+)\s*\}?\s*(?:\[(\d)\])?\s*(?:\[[^\]]*\])?\s*\{"
    r"|\\def\s*\\([A-Za-z@]+)((?:#\d)*)\s*\{"
)
_SECTIONING = re.compile(r"\\(?:sub)*section\*?\s*[\[{]")
# Every heading command the reader of sections knows (see latex_cv._SECTION).
_ANY_SECTIONING = re.compile(
    r"\\(?:(?:sub)*section|cvsection|sectionheading|resumesection|part|chapter)\*?\s*[\[{]"
)
_ONE_ARGUMENT_USE = re.compile(r"\\([A-Za-z@]+)\*?\s*\{")
_FILES = re.compile(r"\\(?:input|include)\s*\{([^}]*)\}")
_SECTION_NAMES = {"section", "subsection", "subsubsection", "cvsection", "part", "chapter"}
# Layout around a heading line: spacing, rules, line ends.
_LINE_LAYOUT = re.compile(
    r"\\(?:noindent|par|medskip|smallskip|bigskip|hfill|hrule|centering|newline)(?![A-Za-z@])"
    r"|\\(?:vspace|hspace|vskip)\*?\s*\{[^{}]*\}|\\rule\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}\s*\{[^{}]*\}"
    r"|\\\\\*?(?:\[[^\]]*\])?"
)
# What makes a line look like a heading rather than a sentence.
_EMPHASIS = frozenset(
    {"textbf", "bf", "bfseries", "textsc", "sc", "scshape", "underline", "uline", "large",
     "Large", "LARGE", "huge", "Huge", "MakeUppercase", "uppercase"}
)  # fmt: skip
# Macros a heading line may hold besides its emphasis.
_PLAIN_STYLE = frozenset({"textit", "emph", "itshape", "normalsize", "color", "textcolor"})


def skipped_files(text: str) -> list[str]:
    """The files the CV pulls in with `\\input` or `\\include`, none of which is read."""
    return [name.strip() for name in _FILES.findall(text)]


def with_own_sections(text: str) -> str:
    """`text` with its own section macros turned into `\\section{…}`."""
    text = _expand_sectioning_definitions(text)
    for name in _headings_by_look(text):
        text = re.sub(rf"\\{name}\*?(?![A-Za-z@])\s*(?=\{{)", r"\\section", text)
    begin = max(text.find("\\begin{document}"), 0)
    if not _ANY_SECTIONING.search(text, begin):
        text = _bare_headings(text, begin)
    return text


def _definitions(text: str) -> dict[str, tuple[int, str]]:
    """Name → (number of arguments, body) of the document's own commands."""
    found: dict[str, tuple[int, str]] = {}
    for match in _DEFINITION.finditer(text):
        if len(found) >= MAX_DEFINITIONS:
            break
        body, _ = brace_group(text, match.end() - 1)
        if match.group(1):
            found[match.group(1)] = (int(match.group(2) or 0), body)
        else:
            found[match.group(3)] = (match.group(4).count("#"), body)
    return found


def _expand_sectioning_definitions(text: str) -> str:
    macros = {
        name: definition
        for name, definition in _definitions(text).items()
        if _SECTIONING.search(definition[1]) and name not in _SECTION_NAMES
    }
    if not macros:
        return text
    begin = text.find("\\begin{document}")
    preamble, body = (text[:begin], text[begin:]) if begin >= 0 else ("", text)
    limit = MAX_GROWTH * max(len(text), 1)
    for _ in range(MAX_PASSES):
        expanded = _expand_once(body, macros)
        if expanded == body:
            break
        if len(preamble) + len(expanded) > limit:
            raise ImportFailed(
                f"the CV's own commands expand to more than {MAX_GROWTH} times its size; "
                "it is refused"
            )
        body = expanded
    return preamble + body


def _expand_once(body: str, macros: dict[str, tuple[int, str]]) -> str:
    pattern = re.compile(r"\\(" + "|".join(map(re.escape, macros)) + r")(?![A-Za-z@])\*?")
    out: list[str] = []
    index = 0
    for match in pattern.finditer(body):
        if match.start() < index:
            continue  # inside arguments already consumed
        count, definition = macros[match.group(1)]
        arguments: list[str] = []
        end = match.end()
        while len(arguments) < count:
            spaces = len(body[end:]) - len(body[end:].lstrip(" \t\n"))
            if not body.startswith("{", end + spaces):
                break
            argument, end = brace_group(body, end + spaces)
            arguments.append(argument)
        if len(arguments) < count:
            continue  # not used as defined: left as written
        filled = _filled(definition, arguments)
        out.append(body[index : match.start()])
        out.append(filled)
        index = end
    out.append(body[index:])
    return "".join(out)


def _filled(definition: str, arguments: list[str]) -> str:
    """The definition's body with `#1`… replaced by the arguments it was given."""

    def argument(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return arguments[number - 1] if 0 < number <= len(arguments) else ""

    return re.sub(r"#(\d)", argument, definition)


def _headings_by_look(text: str) -> list[str]:
    """Commands always given one argument, a known section's name, used twice or more."""
    uses: dict[str, list[str]] = {}
    for match in _ONE_ARGUMENT_USE.finditer(text):
        name = match.group(1)
        if name in _SECTION_NAMES or name in ("begin", "end", "newcommand", "renewcommand"):
            continue
        if name in _EMPHASIS | _PLAIN_STYLE:
            continue  # bold or italic type is no section command; see _bare_headings
        argument, end = brace_group(text, match.end() - 1)
        if text[end : end + 1] == "{":
            uses.setdefault(name, []).append("")  # two arguments: an entry, not a heading
            continue
        uses.setdefault(name, []).append(latex_to_text(argument).strip())
    counts = Counter({name: len(args) for name, args in uses.items()})
    return [
        name
        for name, count in counts.items()
        if count >= 2
        and len({a.casefold() for a in uses[name]}) >= 2
        and all(_looks_like_heading(a) for a in uses[name])
    ]


def _looks_like_heading(text: str) -> bool:
    """A few words naming a CV section, no figures: "Experience", "Selected Publications"
    (not "Research Engineer", a title with a section's word in it)."""
    return (
        0 < len(text.split()) <= 4
        and not any(c.isdigit() for c in text)
        and bool(classify_heading(text))
        and is_section_name(text)
    )


def _bare_headings(text: str, begin: int) -> str:
    """Lines after `begin` that only show a section's name in bold, large or capitals,
    each with content after it, as `\\section{…}`."""
    lines = text[begin:].split("\n")
    content_follows = False  # read bottom-up: is there content below this line?
    for number in range(len(lines) - 1, -1, -1):
        line = lines[number].strip()
        heading = _heading_of(line) if content_follows else ""
        if heading:
            lines[number] = f"\\section{{{heading}}}"
        elif line and not line.startswith("\\end{document}"):
            content_follows = True
    return text[:begin] + "\n".join(lines)


def _heading_of(line: str) -> str:
    """The section name a line shows as a heading, or ""."""
    if len(line) > MAX_HEADING_LINE:
        return ""  # a paragraph
    styled = _LINE_LAYOUT.sub(" ", line).strip()
    # Styling macros, braces and words only: no escaped symbol, no stray brace.
    if not styled or re.search(r"\\[^A-Za-z]", styled) or styled.count("{") != styled.count("}"):
        return ""
    macros = set(re.findall(r"\\([A-Za-z]+)", styled))
    words = latex_to_text(styled).strip().rstrip(":").strip()
    emphasised = bool(macros & _EMPHASIS) or (words.isupper() and len(words) > 3)
    if not emphasised or not macros <= _EMPHASIS | _PLAIN_STYLE:
        return ""
    return words if _looks_like_heading(words) else ""
