"""BibTeX → publications, on the three real bibliographies and on broken input."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from resumes.importers.bibtex import parse_bibtex, read_bibtex, split_authors
from resumes.importers.dedupe import find_duplicates, normalise_doi, normalise_title, title_key
from resumes.importers.errors import ImportFailed
from resumes.tailoring.inventory import Entry
from tests.shared_data import require_shared

from .conftest import BIB


def _bib(name: str) -> bytes:
    return require_shared(BIB / name).read_bytes()


def test_bibtex_01_mendeley_export_counts():
    entries = parse_bibtex(_bib("01.bib"), owner_name="Yang Qi", merge=False).entries

    assert len(entries) == 46
    assert sum(bool(e.doi) for e in entries) == 38
    assert sum(bool(e.arxiv_id) for e in entries) == 8
    assert sum(e.year is not None for e in entries) == 39
    assert sum(bool(e.abstract) for e in entries) == 24
    assert sum(e.first_author for e in entries) == 14
    assert len(parse_bibtex(_bib("01.bib")).entries) == 46  # no duplicates in this file


def test_bibtex_01_first_entry_fields():
    first = parse_bibtex(_bib("01.bib"), owner_name="Yang Qi").entries[0]

    assert first.title == "Effective theory of Fermi pockets in fluctuating antiferromagnets"
    assert first.authors == ("Yang Qi", "Subir Sachdev")
    assert (first.venue, first.year, first.start) == ("Phys. Rev. B", 2010, "2010-03")
    assert first.doi == "10.1103/PhysRevB.81.115129"
    assert first.url == "http://link.aps.org/doi/10.1103/PhysRevB.81.115129"
    assert first.first_author is True
    assert first.abstract.startswith("We describe fluctuating two-dimensional metallic")
    assert first.extra["bibtex"]["key"] == "Qi2010a"


def test_bibtex_01_arxiv_only_entry_has_no_year():
    entries = parse_bibtex(_bib("01.bib")).entries

    cincio = next(e for e in entries if e.extra["bibtex"]["key"] == "CincioCSL2016")

    assert (cincio.arxiv_id, cincio.year, cincio.start, cincio.venue) == (
        "1511.02226",
        None,
        "",
        "",
    )


def test_bibtex_01_math_and_accents_become_text():
    titles = [e.title for e in parse_bibtex(_bib("01.bib")).entries]

    assert not [t for t in titles if "\\" in t or "{" in t or "$" in t]
    assert any("ℤ₂" in t for t in titles)


def test_bibtex_02_ads_export_counts_and_merge():
    everything = parse_bibtex(_bib("02.bib"), owner_name="Alec Thomson", merge=False).entries
    merged = parse_bibtex(_bib("02.bib"), owner_name="Alec Thomson").entries

    assert len(everything) == 38
    assert Counter(e.extra["bibtex"]["type"] for e in everything) == Counter(
        article=37, phdthesis=1
    )
    assert sum(bool(e.doi) for e in everything) == 37
    assert sum(bool(e.arxiv_id) for e in everything) == 33
    assert sum(e.first_author for e in everything) == 7
    assert len(merged) == 37
    nature = next(e for e in merged if e.extra["bibtex"].get("versions"))
    assert nature.venue == "Nature Astronomy"
    assert nature.extra["bibtex"]["versions"][0]["venue"] == "arXiv e-prints"


def test_bibtex_02_journal_macros_and_names():
    entries = parse_bibtex(_bib("02.bib")).entries

    venues = Counter(e.venue for e in entries)
    thesis = next(e for e in entries if e.extra["bibtex"]["type"] == "phdthesis")

    assert venues["PASA"] == 9
    assert venues["MNRAS"] == 5
    assert entries[0].authors[:2] == ("Sarah N. Bradbury", "C. S. Anderson")
    assert thesis.venue == "Australian National University, Canberra"
    assert thesis.authors == ("Alec James McInnes Thomson",)
    assert thesis.start == "2020-01"


def test_bibtex_03_dblp_duplicates_merged():
    everything = parse_bibtex(_bib("03.bib"), owner_name="Nutan Limaye", merge=False).entries
    merged = parse_bibtex(_bib("03.bib"), owner_name="Nutan Limaye").entries

    assert len(everything) == 118
    assert sum(bool(e.arxiv_id) for e in everything) == 18  # the CoRR copies
    assert len(merged) == 59
    assert sum(len(e.extra["bibtex"].get("versions", [])) for e in merged) == 59
    stoc = next(e for e in merged if e.title == "On the Power of Homogeneous Algebraic Formulas")
    assert (stoc.venue, stoc.year, stoc.authors[0]) == ("STOC", 2024, "Hervé Fournier")


def test_bibtex_03_same_paper_in_tex_math_and_in_unicode_is_one_entry():
    merged = parse_bibtex(_bib("03.bib")).entries

    majority = [e.title for e in merged if "Variants of the Majority Function" in e.title]
    assert len(majority) == 1  # "AC{\^{}}0[oplus]", "$AC^0[\oplus]$" and "AC⁰[⊕]"
    assert title_key("More on AC^0[oplus] and …") == title_key("More on AC⁰[⊕] and …")
    assert title_key("Paths in #NC^1") == title_key("Paths in #NC¹")


@pytest.mark.parametrize("name", ["01.bib", "02.bib", "03.bib"])
def test_bibtex_keeps_no_two_entries_with_one_title_or_doi(name):
    merged = parse_bibtex(_bib(name)).entries

    titles = Counter(title_key(e.title) for e in merged if len(title_key(e.title)) >= 12)
    dois = Counter(normalise_doi(e.doi) for e in merged if e.doi)
    assert [t for t, n in titles.items() if n > 1] == []
    assert [d for d, n in dois.items() if n > 1] == []


def test_bibtex_03_prefers_published_version():
    merged = parse_bibtex(_bib("03.bib")).entries

    preprints = [e for e in merged if e.venue in ("CoRR", "Electron. Colloquium Comput. Complex.")]

    # A preprint stays only where no published version exists.
    assert all(
        all(
            v["venue"] in ("CoRR", "Electron. Colloquium Comput. Complex.")
            for v in e.extra["bibtex"].get("versions", [])
        )
        for e in preprints
    )


@pytest.mark.parametrize("name", ["01.bib", "02.bib", "03.bib"])
def test_bibtex_real_files_parse_quickly(name):
    data = _bib(name)

    started = time.process_time()
    parse_bibtex(data)

    assert time.process_time() - started < 1


def test_bibtex_syntax_error_names_line():
    text = (
        "@article{a,\n  title = {Fine},\n  year = 2020\n}\n\n"
        "@article{b,\n  title = {Broken,\n  year = 2021\n}\n"
    )

    with pytest.raises(ImportFailed) as caught:
        read_bibtex(text)

    assert caught.value.location == "line 7"
    assert "'title'" in caught.value.message
    assert "'b'" in caught.value.message


def test_bibtex_missing_equals_names_line():
    text = "@article{a,\n  title = {Fine},\n  year 2020\n}\n"

    with pytest.raises(ImportFailed) as caught:
        read_bibtex(text)

    assert caught.value.location == "line 3"
    assert "expected '=' after field 'year'" in caught.value.message


def test_bibtex_missing_comma_names_line():
    text = "@article{a,\n  title = {Fine}\n  year = 2020\n}\n"

    with pytest.raises(ImportFailed) as caught:
        read_bibtex(text)

    assert caught.value.location == "line 3"


def test_bibtex_unclosed_entry_names_its_line():
    text = "banner\n@article{a,\n  title = {Fine},\n"

    with pytest.raises(ImportFailed) as caught:
        read_bibtex(text)

    assert caught.value.location == "line 2"


def test_bibtex_strings_concatenation_and_months():
    text = (
        '@string{prl = "Phys. Rev. Lett."}\n'
        '@article{k, journal = prl # " X", year = 1999, month = sep, title="T"}'
    )

    [record] = read_bibtex(text)
    entry = parse_bibtex(text).entries[0]

    assert record.fields["journal"] == "Phys. Rev. Lett. X"
    assert (entry.venue, entry.start) == ("Phys. Rev. Lett. X", "1999-09")


def test_bibtex_split_authors_forms():
    assert split_authors(
        r"{Beyond-2point Collaboration} and Doe, Jr, John and Ann {de Ruiter} and others"
    ) == (
        "Beyond-2point Collaboration",
        "John Doe Jr",
        "Ann de Ruiter",
        "et al.",
    )


def test_dedupe_against_existing_by_doi_and_title():
    existing = [
        Entry(kind="publication", title="A Paper", doi="https://doi.org/10.1/ABC"),
        Entry(kind="publication", title="Strong correlation induced charge localization"),
    ]
    new = [
        Entry(kind="publication", title="Other", doi="10.1/abc"),
        Entry(kind="publication", title="Strong Correlation-Induced Charge Localization."),
        Entry(kind="publication", title="Unrelated work on something else"),
    ]

    found = find_duplicates(new, existing)

    assert [(d.index, d.of, d.reason) for d in found] == [(0, 0, "doi"), (1, 1, "title")]
    assert normalise_title("Néel  order!") == "neel order"


def test_bibtex_huge_field_refused():
    text = "@article{a, abstract = {" + "x" * 100_000 + "}}"

    with pytest.raises(ImportFailed) as caught:
        read_bibtex(text)

    assert "too long" in caught.value.message
