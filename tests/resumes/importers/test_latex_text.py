"""LaTeX fragments from real CVs and bibliographies become plain text."""

from __future__ import annotations

import time

import pytest

from resumes.importers.latex_text import latex_to_text, links


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"{{Effective theory of Fermi pockets}}", "Effective theory of Fermi pockets"),
        (r"N{\'{e}}el order", "Néel order"),
        (r"Kosti\'c, {\l}ukasz, {\ss}, {\.z}, \'{\i}", "Kostić, łukasz, ß, ż, í"),
        (r"Sch{\"{o}}ning and \v{S}ime\v cek", "Schöning and Šimeček"),
        (r"$\mathbb Z_2$ spin liquid", "ℤ₂ spin liquid"),
        (r"$\kappa$-(ET)$_2$Cu$_2$(CN)$_3$", "κ-(ET)₂Cu₂(CN)₃"),
        (r"AC\({}^{\mbox{0}}\)[{\(\oplus\)}]", "AC⁰[⊕]"),
        (
            r"{\textdollar}{\textbackslash}mathrm\{AC\}{\^{}}0[{\textbackslash}oplus]{\textdollar}",
            "AC⁰[⊕]",
        ),
        (
            r"spin-$\frac12$ and $\mathcal{O}(N)$ and $100\times 100$",
            "spin-1/2 and O(N) and 100×100",
        ),
        (r"z {\ensuremath{\sim}} 1", "z ∼ 1"),
        (r"``quoted'' -- x --- y", '"quoted" – x — y'),
        (r"A.~J.~M. Thomson", "A. J. M. Thomson"),
        (r"\textbf{Nguyen}. \href{https://x.org}{arXiv preprint}", "Nguyen. arXiv preprint"),
        (r"50\% \& more", "50% & more"),
        (r"\mnras and \aap", "MNRAS and A&A"),
        (r"H $\lt$sc$\gt$ii$\lt$/sc$\gt$ regions", "H ii regions"),
        ("USD $5 only", "USD $5 only"),
        (r"text % a comment", "text"),
    ],
)
def test_latex_to_text_real_spellings(source, expected):
    assert latex_to_text(source) == expected


def test_links_returns_href_and_url():
    source = r"\href{http://www.b.org/}{Buchalter Prize}, \url{https://a.b}"

    assert links(source) == [
        ("http://www.b.org/", "Buchalter Prize"),
        ("https://a.b", "https://a.b"),
    ]


@pytest.mark.parametrize(
    "source",
    ["{" * 200_000, "\\textbf{" * 50_000, "$" * 200_000, "\\'" * 50_000, "\\frac" * 50_000],
)
def test_latex_to_text_hostile_input_is_fast(source):
    started = time.process_time()

    latex_to_text(source)

    assert time.process_time() - started < 1
