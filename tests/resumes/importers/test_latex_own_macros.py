"""LaTeX CVs whose sections are the author's own commands (a fixture written in that style):
the document's definitions that hold a sectioning command are expanded, a command that only
ever names CV sections is a heading by its look, and files the CV pulls in are never read."""

from __future__ import annotations

import pytest

from resumes.importers import parse_inventory_file
from resumes.importers.errors import ImportFailed
from resumes.importers.latex_macros import skipped_files, with_own_sections

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
