"""Hostile BibTeX and LaTeX, built in the test run as an attacker would.

Shared by the hostile-markup tests and `bench/import_libraries.py`, which measures the
hand-written readers against bibtexparser and pylatexenc on them. Every file stays under the
1 MB text limit, so it reaches the reader; most stay under `check_markup`'s counts too, so
the reader itself is what is tried, not the count in front of it. Nothing here imports
Django or a parser.
"""

from __future__ import annotations

from collections.abc import Callable

MB = 1024 * 1024 - 200  # just under the 1 MB limit of a text upload


def many_entries() -> bytes:
    """40,000 one-line entries: thirteen times the entries one file may hold."""
    return b"".join(b"@misc{k%d, title=T}\n" % i for i in range(40_000))


def huge_field() -> bytes:
    return b"@article{a, abstract = {" + b"x" * 100_000 + b"}}"


def entry_never_closed() -> bytes:
    return (b"@article{a,\n title = {Fine},\n note = {" + b"word " * 210_000)[:MB]


def quoted_value_never_closed() -> bytes:
    return (b'@article{a, title = "' + b"word " * 210_000)[:MB]


def deeply_braced_title(depth: int = 19_000) -> bytes:
    """Braces nested `depth` deep: under check_markup's count of braces at 19,000."""
    return b"@article{a, title = " + b"{" * depth + b"x" + b"}" * depth + b"}"


def many_fields(count: int = 19_000) -> bytes:
    return b"@misc{k," + b"".join(b"f%d = {x}," % n for n in range(count)) + b"}"


def unclosed_openings() -> bytes:
    """1 MB of `@misc(k, ` with no brace or backslash: each opening an entry that fails."""
    return (b"@misc(k, " * (MB // 9))[:MB]


def doubling_strings(times: int = 40) -> bytes:
    """@string macros each twice the one before: 2^40 characters if expanded."""
    strings = b'@string{m0 = "ab"}\n' + b"".join(
        b"@string{m%d = m%d # m%d}\n" % (n, n - 1, n - 1) for n in range(1, times + 1)
    )
    return strings + b"@misc{k, title = m%d, year = 2020}\n" % times


HOSTILE_BIBTEX: dict[str, Callable[[], bytes]] = {
    "40,000 one-line entries": many_entries,
    "a 100,000-character field": huge_field,
    "an entry never closed, 1 MB": entry_never_closed,
    "a quoted value never closed, 1 MB": quoted_value_never_closed,
    "braces nested 19,000 deep in a title": deeply_braced_title,
    "19,000 fields in one entry": many_fields,
    "1 MB of unclosed @misc( openings": unclosed_openings,
    "@string macros doubling 40 times": doubling_strings,
}

# Fragments as a field or a CV line holds them, for `latex_to_text` alone.
HOSTILE_LATEX_FRAGMENTS: dict[str, str] = {
    "200,000 '{'": "{" * 200_000,
    "50,000 '\\textbf{'": "\\textbf{" * 50_000,
    "200,000 '$'": "$" * 200_000,
    "50,000 accents '\\''": "\\'" * 50_000,
    "50,000 '\\frac'": "\\frac" * 50_000,
    "a title in braces 500 deep": "{" * 500 + "Title" + "}" * 500,
}


def latex_accents() -> bytes:
    return (b"\\section{Awards}\n\\begin{itemize}\\item " + b"\\'" * MB)[:MB]


def latex_nested_groups() -> bytes:
    return b"\\section{Experience}\n" + b"{" * (MB - 30)


def latex_many_entries() -> bytes:
    return b"\\section{Experience}\n" + b"Role, Org, 2020\n\n" * (MB // 17)


def latex_one_huge_line() -> bytes:
    return b"\\section{Experience}\n" + b"word - " * (MB // 7)


def latex_nested_lists(depth: int = 5000) -> bytes:
    opened = r"\section{Experience}" + r"\begin{itemize}\item " * depth + "x"
    return (opened + r"\end{itemize}" * depth).encode()


def latex_endless_definition() -> bytes:
    """A command whose definition uses itself twice: each expansion doubles the text."""
    return (
        rb"\newcommand{\cvsec}[1]{\section{#1}\cvsec{#1}\cvsec{#1}}"
        rb"\begin{document}\cvsec{Experience}\end{document}"
    )


HOSTILE_LATEX: dict[str, Callable[[], bytes]] = {
    "1 MB of accents": latex_accents,
    "1 MB of nested groups": latex_nested_groups,
    "1 MB of entries": latex_many_entries,
    "one 1 MB line": latex_one_huge_line,
    "itemize nested 5,000 deep": latex_nested_lists,
    "a definition that expands without end": latex_endless_definition,
}
