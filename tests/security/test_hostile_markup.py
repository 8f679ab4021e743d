"""Hostile BibTeX and LaTeX through the parsing sandbox, held to one second of CPU (a fifth
of the budget an upload gets): each is refused with its reason, or read."""

from __future__ import annotations

import pytest

from resumes.importers.sandbox import run_bounded
from tests.security.hostile_markup import HOSTILE_BIBTEX, HOSTILE_LATEX

# What the person reads for each; "" where the file is read (a CV may be odd and honest).
OUTCOMES = {
    "40,000 one-line entries": "more than 3000 entries in one file",
    "a 100,000-character field": "field 'abstract' in entry 'a' is too long",
    "an entry never closed, 1 MB": "the value of 'note' in entry 'a' is never closed",
    "a quoted value never closed, 1 MB": "the quoted value of 'title' in entry 'a' never ends",
    "braces nested 19,000 deep in a title": "",
    "19,000 fields in one entry": "",
    "1 MB of unclosed @misc( openings": "unexpected '@' in entry 'k'",
    "@string macros doubling 40 times": "field 'm15' in entry '@string' is too long",
    "1 MB of accents": "LaTeX commands; a CV has far fewer",
    "1 MB of nested groups": "braces; a CV has far fewer",
    "1 MB of entries": "more than 2000 entries",
    "one 1 MB line": "",
    "itemize nested 5,000 deep": "no CV content found",
    "a definition that expands without end": "expand to more than 4 times its size",
}
HOSTILE = {
    **{name: ("refs.bib", make) for name, make in HOSTILE_BIBTEX.items()},
    **{name: ("cv.tex", make) for name, make in HOSTILE_LATEX.items()},
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_markup_is_refused_or_read_within_a_second(name: str) -> None:
    filename, make = HOSTILE[name]

    kind, value, _ = run_bounded(filename, make(), cpu_seconds=1)

    if OUTCOMES[name]:
        assert kind == "failed"
        assert OUTCOMES[name] in str(value)
    else:
        assert kind == "inventory"
