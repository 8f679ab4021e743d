"""LaTeX CVs whose sections are the author's own commands (fixtures written in that style):
the document's definitions that hold a sectioning command are expanded, a command that only
ever names CV sections is a heading by its look, a bold or large line naming a section is
one in a CV with no sectioning command at all, and files the CV pulls in are never read."""

from __future__ import annotations

import pytest

from resumes.importers import parse_inventory_file
from resumes.importers.errors import ImportFailed
from resumes.importers.latex_macros import skipped_files, with_own_sections
from resumes.importers.sections import is_section_name

DEFINED = r"""
\documentclass[11pt]{article}
\newcommand{\cvsec}[1]{\vspace{6pt}\section*{\textsc{#1}}\vspace{-4pt}}
\newcommand{\role}[3]{\textbf{#1} \hfill #3 \\ \emph{#2}}
\begin{document}
{\LARGE Ada Example} \\ ada@example.com
\input{personal-details}
\cvsec{Experience}
\role{Postdoctoral Researcher}{Max Planck Institute for Physics}{2021 -- present}
\begin{itemize}
  \item Built a JAX solver used by 12 labs
\end{itemize}
\cvsec{Education}
\role{PhD in Theoretical Physics}{University of Vienna}{2016 -- 2021}
\end{document}
"""

BY_LOOK = r"""
\documentclass{article}
\usepackage{mycv}
\begin{document}
\name{Ada Example}
\mysection{Experience}
\begin{itemize}
  \item \textbf{Research Engineer}, Lumen Maps \hfill 2019 -- 2021
\end{itemize}
\mysection{Publications}
\begin{itemize}
  \item A. Example. Sharp bounds for Langevin sampling. Bernoulli, 2024.
\end{itemize}
\mysection{Skills}
Python, JAX, Kubernetes
\end{document}
"""


# No sectioning command at all: headings are lines in bold, large type or capitals.
BARE = r"""
\documentclass[10pt]{article}
\usepackage[margin=1in]{geometry}
\begin{document}
\begin{center}
{\LARGE\bfseries Ada Example}\\
ada@example.com
\end{center}

{\large\bfseries Experience}\\[2pt]
\textbf{Research Engineer}, Lumen Maps \hfill 2019 -- 2021
\begin{itemize}
  \item Built the map-matching service used by 40 teams
\end{itemize}

\textbf{\Large Publications}
\begin{enumerate}
  \item A. Example, B. Roe. ``Sharp bounds for Langevin sampling.'' Bernoulli 30, 1, 2024.
\end{enumerate}

\noindent\textbf{EDUCATION}\\
PhD in Mathematics, University of Vienna \hfill 2014 -- 2019

\vspace{4pt}\noindent{\bf Skills}\par
Python, JAX, Kubernetes
\end{document}
"""


def test_a_cv_without_sectioning_commands_reads_its_bold_and_large_lines_as_headings():
    inventory = parse_inventory_file("cv.tex", BARE.encode())

    assert [(e.kind, e.title, e.start, e.end) for e in inventory.entries] == [
        ("position", "Research Engineer", "2019", "2021"),
        ("publication", "Sharp bounds for Langevin sampling", "2024", ""),
        ("education", "PhD in Mathematics", "2014", "2019"),
    ]
    assert [b.text for b in inventory.entries[0].bullets] == [
        "Built the map-matching service used by 40 teams"
    ]
    assert [s.name for s in inventory.skills] == ["Python", "JAX", "Kubernetes"]


@pytest.mark.parametrize(
    "line",
    [
        r"{\large\bfseries Experience}",
        r"\textbf{\Large Publications}",
        r"\noindent\textbf{EDUCATION}\\",
        r"\vspace{6pt}{\bf Teaching}\par",
        r"\textsc{Selected Talks}\\[3pt]",
        "AWARDS",
    ],
)
def test_a_styled_line_naming_a_section_is_a_heading(line):
    text = f"\\begin{{document}}\n{line}\nSomething under it\n\\end{{document}}"

    assert "\\section{" in with_own_sections(text)


@pytest.mark.parametrize(
    "line",
    [
        r"{\LARGE\bfseries Ada Example}",  # bold, but names no section
        r"Experience",  # a section's name, but not styled as a heading
        r"\textbf{Experience} with PyTorch and JAX",  # a sentence
        r"\textbf{Research Engineer}, Lumen Maps \hfill 2019 -- 2021",
        r"\href{https://example.org}{\textbf{Publications}}",  # a link, not a heading
    ],
)
def test_a_line_that_is_no_heading_is_left_alone(line):
    text = f"\\begin{{document}}\n{line}\nSomething under it\n\\end{{document}}"

    assert with_own_sections(text) == text


def test_a_bold_line_in_a_cv_with_real_sections_stays_a_sub_heading():
    text = "\\begin{document}\n\\section{Skills}\n\\textbf{Languages}\nPython, C++\n\\end{document}"

    assert with_own_sections(text) == text


def test_a_heading_with_nothing_after_it_is_left_alone():
    text = "\\begin{document}\nBody\n\\textbf{Publications}\n\\end{document}"

    assert with_own_sections(text) == text


def test_a_cv_whose_section_command_is_its_own_definition_imports():
    inventory = parse_inventory_file("cv.tex", DEFINED.encode())

    kinds = [(e.kind, e.start) for e in inventory.entries]
    assert ("position", "2021") in kinds
    assert ("education", "2016") in kinds
    assert any(b.text == "Built a JAX solver used by 12 labs" for e in inventory.entries
               for b in e.bullets)  # fmt: skip


def test_a_cv_whose_headings_are_a_command_from_a_class_file_imports_by_their_look():
    inventory = parse_inventory_file("cv.tex", BY_LOOK.encode())

    assert {e.kind for e in inventory.entries} >= {"position", "publication"}
    assert [s.name for s in inventory.skills] == ["Python", "JAX", "Kubernetes"]


def test_a_command_used_for_other_things_is_not_taken_for_a_heading():
    text = r"\begin{document}\emph{Experience}\emph{really}\emph{Education}\end{document}"

    assert with_own_sections(text) == text


def test_files_the_cv_names_are_listed_not_read():
    assert skipped_files(DEFINED) == ["personal-details"]


def test_a_definition_that_expands_without_end_is_refused():
    text = (
        r"\newcommand{\cvsec}[1]{\section{#1}\cvsec{#1}\cvsec{#1}}"
        r"\begin{document}\cvsec{Experience}\end{document}"
    )

    with pytest.raises(ImportFailed, match="expand to more than"):
        with_own_sections(text)


def test_the_preview_says_which_included_file_was_not_read(alice_client, alice):
    from tests.resumes.uploads import upload_import

    page = upload_import(alice_client, "cv.tex", DEFINED.encode()).content.decode()

    assert "personal-details" in page
    assert "was not read" in page


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Research Experience", True),
        ("Selected Publications", True),
        ("Mentoring, Teaching, and Service", True),
        ("Honors & Awards", True),
        ("Research Engineer", False),  # a title with a section's word in it
        ("Teaching Assistant, MIT", False),
        ("and", False),
    ],
)
def test_a_section_name_is_only_section_words(text, named):
    assert is_section_name(text) is named
