"""LaTeX CVs: the real custom-macro CV 002.tex, moderncv, and plain \\section + itemize."""

from __future__ import annotations

import contextlib
import time
from collections import Counter

import pytest

from resumes.importers.errors import ImportFailed
from resumes.importers.jsonresume import parse_json_resume_bytes
from resumes.importers.latex_cv import parse_latex_cv

from .conftest import facts


@pytest.fixture
def cv_002(resumes_dir):
    imported = parse_latex_cv((resumes_dir / "002.tex").read_bytes())
    reference = parse_json_resume_bytes((resumes_dir / "002.jsonresume.json").read_bytes())
    return imported, reference


def _of(inventory, kind):
    return [e for e in inventory.entries if e.kind == kind]


def test_latex_002_counts_per_kind(cv_002):
    imported, _ = cv_002

    assert Counter(e.kind for e in imported.entries) == Counter(
        publication=14, talk=10, project=7, service=5, position=4, award=3, education=3,
        teaching=2, media=3,
    )  # fmt: skip
    assert len(imported.skills) == 19
    assert sum(bool(e.start or e.end) for e in imported.entries) == 40  # NeurIPS 2025 too


def test_latex_002_positions_and_education_match_json_resume(cv_002):
    imported, reference = cv_002

    assert [facts(e) for e in _of(imported, "position")] == [
        facts(e) for e in _of(reference, "position")[:4]
    ]
    assert [facts(e) for e in _of(imported, "education")] == [
        facts(e) for e in _of(reference, "education")
    ]
    assert [e.score for e in _of(imported, "education")] == ["Magna Cum Laude", "", ""]


def test_latex_002_current_role_dates(cv_002):
    imported, _ = cv_002

    fellow = _of(imported, "position")[0]

    assert (fellow.title, fellow.start, fellow.end, fellow.current) == (
        "Kavli IPMU Fellow",
        "2024-10",
        "",
        True,
    )


def test_latex_002_awards_match_json_resume(cv_002):
    imported, reference = cv_002

    def award(e):
        return (e.title, e.start, e.summary, e.url)

    assert [award(e) for e in _of(imported, "award")] == [award(e) for e in _of(reference, "award")]


def test_latex_002_publications_match_json_resume(cv_002):
    imported, reference = cv_002

    def paper(e):
        return (e.title, e.venue, e.year)

    papers = _of(imported, "publication")[:14]
    # The conversion gave "Accepted for NeurIPS 2025 Workshop ML4PS" no year; the venue
    # names the meeting's, so the import keeps it.
    expected = [paper(e) for e in _of(reference, "publication")[:14]]
    expected[2] = (*expected[2][:2], 2025)
    assert [paper(e) for e in papers] == expected
    assert papers[4].authors == ("Nguyen", "Schmidt", "Tucci", "Reinecke", "Kostić")
    assert [e.first_author for e in papers].count(True) == 6
    assert papers[6].summary == "Editor's Suggestion."


def test_latex_002_talks_have_single_year(cv_002):
    imported, reference = cv_002

    talks = _of(imported, "talk")

    assert [t.title.rstrip('."') for t in talks] == [
        t.title.rstrip('."') for t in _of(reference, "talk")
    ]
    assert [t.start for t in talks] == [t.start for t in _of(reference, "talk")]
    assert {t.end for t in talks} == {""}


def test_latex_002_skills_basics_and_references(cv_002):
    imported, reference = cv_002

    assert imported.skills == reference.skills
    assert imported.basics.name == reference.basics.name
    assert imported.basics.headline == reference.basics.headline
    assert imported.basics.summary == reference.basics.summary
    assert imported.basics.profiles == reference.basics.profiles
    assert [r["name"] for r in imported.extra["references"]] == [
        r["name"] for r in reference.extra["references"]
    ]
    assert imported.extra["notes"] == [
        "Conference and workshop talks only; ordinary seminar talks are intentionally omitted."
    ]


def test_latex_002_mixed_section_split_by_item(cv_002):
    imported, _ = cv_002

    teaching = _of(imported, "teaching")

    assert [(t.title, t.organization, t.start) for t in teaching] == [
        ("Course instructor", "Michigan Math and Science Scholars", "2024"),
        ("guest lecturer", "Michigan Math and Science Scholars", "2023"),
    ]
    assert [s.title for s in _of(imported, "service")][2:4] == [
        "Organizing Committee Chair",
        "Large-scale Structure Session Convener",
    ]


def test_latex_002_projects_label_and_summary(cv_002):
    imported, reference = cv_002

    projects = _of(imported, "project")

    assert [(p.title, p.summary) for p in projects] == [
        (p.title, p.summary) for p in _of(reference, "project")[:7]
    ]


MODERNCV = r"""
\documentclass[11pt,a4paper]{moderncv}
\moderncvstyle{classic}
\name{Jane}{Doe}
\title{Physicist}
\email{jane@example.com}
\phone[mobile]{+1~(555)~0100}
\social[github]{janedoe}
\homepage{jane.example.com}
\begin{document}
\makecvtitle
\section{Education}
\cventry{2015--2019}{Ph.D. in Physics}{ETH Z\"urich}{Z\"urich}{\textit{summa cum laude}}{}
\cvitem{Thesis}{\emph{Quantum things in small boxes}}
\cvitem{Advisor}{Prof.~A.~B\'eta}
\section{Experience}
\cventry{Sep. 2019 -- present}{Research Scientist}{ACME Labs}{Berlin}{}{
\begin{itemize}
\item Built a \textbf{PyTorch} pipeline serving 10\% of traffic
\item Ran A/B tests with 2{,}000 users
\end{itemize}}
\section{Skills}
\cvitem{Languages}{Python, C++, \LaTeX}
\cvitem{ML}{PyTorch; JAX}
\section{Awards}
\cvitem{2018}{Best poster award, APS March Meeting}
\end{document}
"""


def test_latex_moderncv_entries():
    inventory = parse_latex_cv(MODERNCV)

    phd, job, award = inventory.entries

    assert (phd.degree, phd.field_of_study, phd.organization, phd.location) == (
        "Ph.D.",
        "Physics",
        "ETH Zürich",
        "Zürich",
    )
    assert (phd.start, phd.end, phd.score) == ("2015", "2019", "summa cum laude")
    assert (phd.thesis_title, phd.advisor) == ("Quantum things in small boxes", "Prof. A. Béta")
    assert (job.title, job.organization, job.start, job.current) == (
        "Research Scientist",
        "ACME Labs",
        "2019-09",
        True,
    )
    assert [b.text for b in job.bullets] == [
        "Built a PyTorch pipeline serving 10% of traffic",
        "Ran A/B tests with 2,000 users",
    ]
    assert (award.kind, award.title, award.summary, award.start) == (
        "award",
        "Best poster award",
        "APS March Meeting",
        "2018",
    )


def test_latex_moderncv_header_and_skills():
    inventory = parse_latex_cv(MODERNCV)

    assert inventory.basics.name == "Jane Doe"
    assert inventory.basics.headline == "Physicist"
    assert inventory.basics.email == "jane@example.com"
    assert inventory.basics.phone == "+1 (555) 0100"
    assert inventory.basics.website == "jane.example.com"
    assert inventory.basics.profiles[0].url == "https://github.com/janedoe"
    assert [(s.group, s.name) for s in inventory.skills] == [
        ("Languages", "Python"),
        ("Languages", "C++"),
        ("Languages", "LaTeX"),
        ("ML", "PyTorch"),
        ("ML", "JAX"),
    ]


PLAIN = r"""
\documentclass{article}
\begin{document}
\begin{center}{\Large Ada Example}\end{center}
\section*{Work Experience}
\textbf{Data Scientist}, Initech \hfill Mar. 2021 -- Aug. 2023
\begin{itemize}
  \item Cut churn 12\% with survival models % private note
  \item Shipped a feature store
\end{itemize}
\section*{Publications}
\begin{enumerate}
  \item A. Example, B. Coauthor. ``Deep things.'' NeurIPS, 2020.
\end{enumerate}
\end{document}
"""


def test_latex_plain_section_and_itemize():
    inventory = parse_latex_cv(PLAIN)

    job, paper = inventory.entries

    assert (job.kind, job.title, job.organization, job.start, job.end) == (
        "position",
        "Data Scientist",
        "Initech",
        "2021-03",
        "2023-08",
    )
    assert [b.text for b in job.bullets] == [
        "Cut churn 12% with survival models",
        "Shipped a feature store",
    ]
    assert (paper.title, paper.authors, paper.venue, paper.year) == (
        "Deep things",
        ("A. Example", "B. Coauthor"),
        "NeurIPS",
        2020,
    )


def test_latex_without_cv_content_refused():
    with pytest.raises(ImportFailed) as caught:
        parse_latex_cv(r"\documentclass{article}\begin{document}Hello\end{document}")

    assert "no CV content" in caught.value.message


def test_latex_hostile_nesting_is_fast():
    text = r"\section{Experience}" + r"\begin{itemize}\item " * 5000 + "x" + r"\end{itemize}" * 5000

    started = time.process_time()
    with contextlib.suppress(ImportFailed):
        parse_latex_cv(text)

    assert time.process_time() - started < 1
