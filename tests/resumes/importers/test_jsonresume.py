"""JSON Resume import/export: the real files, round trips, and bad input."""

from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter

import pytest

from resumes.importers.errors import ImportFailed
from resumes.importers.jsonresume import (
    EXTENSION_KEY,
    parse_json_resume,
    parse_json_resume_bytes,
    to_json_resume,
    validate_json_resume,
)
from resumes.tailoring.inventory import (
    Basics,
    Bullet,
    Entry,
    Evidence,
    Inventory,
    Profile,
    Skill,
)

from .conftest import RESUMES

JSONRESUME_FILES = ["002", "004", "007", "009"]


def _load(name: str) -> dict:
    return json.loads((RESUMES / name).read_text(encoding="utf-8"))


def _kinds(inventory: Inventory) -> Counter:
    return Counter(entry.kind for entry in inventory.entries)


@pytest.mark.parametrize("stem", JSONRESUME_FILES)
def test_jsonresume_real_file_export_reproduces_the_document(resumes_dir, stem):
    document = _load(f"{stem}.jsonresume.json")

    exported = to_json_resume(parse_json_resume(document))

    assert exported == document


@pytest.mark.parametrize("stem", JSONRESUME_FILES)
def test_jsonresume_real_file_round_trip_is_lossless(resumes_dir, stem):
    first = parse_json_resume(_load(f"{stem}.jsonresume.json"))

    second = parse_json_resume(to_json_resume(first))

    assert second == first


@pytest.mark.parametrize("stem", JSONRESUME_FILES)
def test_jsonresume_export_validates_against_schema(resumes_dir, stem):
    exported = to_json_resume(parse_json_resume(_load(f"{stem}.jsonresume.json")))

    validate_json_resume(exported)  # raises on any violation


def test_jsonresume_002_counts_per_kind(resumes_dir):
    inventory = parse_json_resume(_load("002.jsonresume.json"))

    # The "media coverage" project is media: neither a project nor a paper.
    assert _kinds(inventory) == Counter(
        position=6, service=4, education=3, award=3, publication=16, project=7, talk=10, media=1
    )
    assert len(inventory.skills) == 19
    assert sorted(inventory.extra) == ["meta", "references"]
    assert len(inventory.extra["references"]) == 3


def test_jsonresume_002_current_role_and_dates(resumes_dir):
    inventory = parse_json_resume(_load("002.jsonresume.json"))

    fellow = inventory.entries[0]

    assert (fellow.title, fellow.start, fellow.end, fellow.current) == (
        "Kavli IPMU Fellow",
        "2024-10",
        "",
        True,
    )


def test_jsonresume_002_publication_fields(resumes_dir):
    inventory = parse_json_resume(_load("002.jsonresume.json"))
    publications = [e for e in inventory.entries if e.kind == "publication"]

    prl = publications[4]

    assert (
        prl.title
        == "How much information can be extracted from galaxy clustering at the field level?"
    )
    assert (prl.venue, prl.year, prl.start) == ("Phys. Rev. Lett. 133, 221006", 2024, "2024")
    assert [p.year for p in publications].count(None) == 1  # the NeurIPS workshop paper


def test_jsonresume_002_award_keeps_nonstandard_url(resumes_dir):
    inventory = parse_json_resume(_load("002.jsonresume.json"))

    prize = next(e for e in inventory.entries if e.kind == "award")

    assert prize.url == "http://www.buchaltercosmologyprize.org/"
    assert prize.organization == ""


def test_jsonresume_004_certificates_are_certifications(resumes_dir):
    inventory = parse_json_resume(_load("004.jsonresume.json"))

    certifications = [e for e in inventory.entries if e.kind == "certification"]

    assert _kinds(inventory) == Counter(position=6, education=2, certification=4)
    assert [e.extra for e in certifications] == [{}] * 4  # certificates is their own section
    assert len(inventory.skills) == sum(
        len(s["keywords"]) for s in _load("004.jsonresume.json")["skills"]
    )


def test_jsonresume_007_education_thesis_and_advisor(resumes_dir):
    inventory = parse_json_resume(_load("007.jsonresume.json"))

    phd, ms, bs = [e for e in inventory.entries if e.kind == "education"]

    assert (phd.degree, phd.field_of_study, phd.title) == (
        "Ph.D.",
        "Computer Science",
        "Ph.D. in Computer Science",
    )
    assert phd.thesis_title == "Multi-agent Reinforcement Learning for Defensive Escort Teams"
    assert phd.advisor == "Ladislau Bölöni"
    assert ms.thesis_title == "Who is Speaking? Male or Female"
    assert bs.thesis_title == ""
    assert bs.courses == ("Senior Project: Speech-Controlled Android Robot with Vision",)


def test_jsonresume_007_counts_and_bullets(resumes_dir):
    inventory = parse_json_resume(_load("007.jsonresume.json"))

    positions = [e for e in inventory.entries if e.kind == "position"]

    assert _kinds(inventory) == Counter(position=4, education=3, publication=7, project=2)
    assert [len(p.bullets) for p in positions] == [3, 6, 2, 3]
    assert [s.name for s in inventory.skills[:3]] == ["PyTorch", "JAX", "TensorFlow"]
    assert {s.group for s in inventory.skills} == {"ML/RL", "Systems", "Languages"}
    assert len(inventory.skills) == 19


def test_jsonresume_007_al_folio_present_matches_converted(resumes_dir):
    raw = parse_json_resume(_load("007.json"))  # al-folio writes endDate "present"
    converted = parse_json_resume(_load("007.jsonresume.json"))

    assert raw.entries == converted.entries
    assert raw.skills == converted.skills
    assert raw.entries[0].current is True


def test_jsonresume_009_open_degree_is_current(resumes_dir):
    inventory = parse_json_resume(_load("009.jsonresume.json"))

    phd, ms, _ba = [e for e in inventory.entries if e.kind == "education"]

    assert (phd.start, phd.end, phd.current) == ("2021", "", True)
    assert (ms.start, ms.end, ms.current) == ("", "2020", False)
    assert phd.advisor == "Bamdad Hosseini"
    assert _kinds(inventory) == Counter(position=2, education=3, award=3)
    assert inventory.extra["interests"][0]["keywords"] == [
        "Olympic Weightlifting",
        "Playing the piano",
        "Judo",
    ]


def _rich_inventory() -> Inventory:
    return Inventory(
        basics=Basics(
            name="Ada Example",
            headline="Research engineer",
            email="ada@example.com",
            phone="+1 555 0100",
            location="Zürich, CH",
            website="https://ada.example.com",
            summary="Physicist.",
            profiles=(Profile(network="GitHub", username="ada", url="https://github.com/ada"),),
            extra={"imported_from": "latex"},
        ),
        entries=(
            Entry(
                kind="teaching",
                title="Teaching assistant, Statistical Mechanics",
                organization="ETH Zürich",
                location="Zürich",
                start="2018-09",
                end="2019-01",
                bullets=(Bullet(text="Taught 3 exercise groups", skills=("Teaching",), key="b1"),),
                evidence=Evidence(audience_size=60),
                key="e1",
            ),
            Entry(
                kind="publication",
                title="A theory of everything small",
                authors=("A. Example", "B. Coauthor"),
                venue="Phys. Rev. E",
                year=2020,
                doi="10.1103/PhysRevE.1.000001",
                arxiv_id="2001.00001",
                abstract="We show things.",
                first_author=True,
                paper_type="theory",
            ),
            Entry(
                kind="education",
                title="PhD, Physics",
                organization="ETH Zürich",
                degree="PhD",
                field_of_study="Physics",
                thesis_title="Small things",
                advisor="Prof. B",
                start="2016",
                end="2020",
            ),
            Entry(
                kind="open_source",
                title="fastthing",
                url="https://github.com/ada/fastthing",
                current=True,
                start="2021",
                evidence=Evidence(code_released=True, code_url="https://x", used_by_others=40),
            ),
            Entry(kind="talk", title="Invited seminar", organization="CERN", start="2022-03-04"),
            Entry(kind="position", title="Postdoc", start="2020", current=False),
            Entry(kind="award", title="Best thesis", start="2021", extra={"bibtex_key": "x"}),
            Entry(kind="service", title="Referee", organization="PRL"),
        ),
        skills=(
            Skill(name="Python", group="Languages", level="Expert"),
            Skill(name="C++", group="Languages", level="Expert", category="hard"),
            Skill(name="Mentoring", category="soft"),
            Skill(name="Statistical physics", category="domain", group="Science"),
        ),
        extra={"languages": [{"language": "German", "fluency": "Native"}], "note": {"a": 1}},
    )


def test_jsonresume_reframe_inventory_round_trip_keeps_every_field():
    inventory = _rich_inventory()

    exported = to_json_resume(inventory)

    validate_json_resume(exported)
    assert parse_json_resume(exported) == inventory


def test_jsonresume_extension_carries_only_what_the_schema_lacks():
    exported = to_json_resume(_rich_inventory())

    teaching = exported["work"][0]
    publication = exported["publications"][0]

    assert teaching[EXTENSION_KEY] == {
        "kind": "teaching",
        "key": "e1",
        "evidence": {"audience_size": 60},
        "bullets": [{"text": "Taught 3 exercise groups", "skills": ["Teaching"], "key": "b1"}],
    }
    assert teaching["highlights"] == ["Taught 3 exercise groups"]
    assert publication["publisher"] == "Phys. Rev. E"
    assert publication["releaseDate"] == "2020"
    assert publication[EXTENSION_KEY] == {
        "start": "",
        "authors": ["A. Example", "B. Coauthor"],
        "doi": "10.1103/PhysRevE.1.000001",
        "arxiv_id": "2001.00001",
        "abstract": "We show things.",
        "first_author": True,
        "paper_type": "theory",
    }
    assert exported["projects"][1]["type"] == "talk"
    assert exported["education"][0]["courses"] == ["Thesis: Small things", "Advisor: Prof. B"]


def test_jsonresume_round_trip_keeps_interleaved_order():
    inventory = Inventory(
        entries=(
            Entry(kind="position", title="A"),
            Entry(kind="talk", title="B"),
            Entry(kind="position", title="C"),
        )
    )

    again = parse_json_resume(to_json_resume(inventory))

    assert [e.title for e in again.entries] == ["A", "B", "C"]


def test_jsonresume_round_trip_survives_edits_in_other_tools():
    exported = to_json_resume(_rich_inventory())
    exported["work"][0]["highlights"].insert(0, "New line written elsewhere")

    again = parse_json_resume(exported)

    teaching = again.entries[0]
    assert [b.skills for b in teaching.bullets] == [(), ("Teaching",)]


def test_jsonresume_schema_violation_names_path():
    document = {"work": [{"name": "X"}, {"name": "Y", "startDate": "last summer"}]}

    with pytest.raises(ImportFailed) as caught:
        parse_json_resume(document)

    assert caught.value.location == "$.work[1].startDate"
    assert "'last summer' is not a date" in str(caught.value)


def test_jsonresume_wrong_type_names_path():
    with pytest.raises(ImportFailed) as caught:
        parse_json_resume({"basics": {"name": 42}})

    assert caught.value.location == "$.basics.name"
    assert "not of type 'string'" in caught.value.message


def test_jsonresume_unknown_top_level_section_refused():
    with pytest.raises(ImportFailed) as caught:
        parse_json_resume({"hobbies": []})

    assert caught.value.location == "$"
    assert "hobbies" in caught.value.message


def test_jsonresume_bad_extension_names_path():
    document = {"work": [{"name": "X", EXTENSION_KEY: {"kind": "wizard"}}]}

    with pytest.raises(ImportFailed) as caught:
        parse_json_resume(document)

    assert caught.value.location == "$.work[0].x-reframe.kind"


def test_jsonresume_not_an_object_refused():
    with pytest.raises(ImportFailed) as caught:
        parse_json_resume(["work"])  # type: ignore[arg-type]

    assert caught.value.location == "$"


def test_jsonresume_malformed_json_names_line():
    text = b'{\n  "basics": {\n    "name": "A",\n  }\n}\n'

    with pytest.raises(ImportFailed) as caught:
        parse_json_resume_bytes(text)

    assert caught.value.location == "line 4"
    assert "malformed JSON" in caught.value.message


def test_jsonresume_deep_nesting_refused_quickly():
    text = b'{"meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

    started = time.process_time()
    with pytest.raises(ImportFailed) as caught:
        parse_json_resume_bytes(text)

    assert time.process_time() - started < 1
    assert "nested too deeply" in caught.value.message


def test_jsonresume_huge_integer_refused_quickly():
    text = b'{\n"meta": {"n": ' + b"9" * 500_000 + b"}}"

    started = time.process_time()
    with pytest.raises(ImportFailed) as caught:
        parse_json_resume_bytes(text)

    assert time.process_time() - started < 1
    assert caught.value.location == "line 2"
    assert "digits" in caught.value.message


def test_jsonresume_nan_refused():
    with pytest.raises(ImportFailed) as caught:
        parse_json_resume_bytes(b'{"meta": {"x": NaN}}')

    assert "NaN" in caught.value.message


def test_jsonresume_not_utf8_refused():
    with pytest.raises(ImportFailed) as caught:
        parse_json_resume_bytes(b'{"basics": {"name": "\xff"}}')

    assert caught.value.location == "line 1"
    assert "UTF-8" in caught.value.message


def test_jsonresume_skills_without_keywords_round_trip():
    document = {"skills": [{"name": "Python", "level": "Expert"}, {"name": "Go"}]}

    inventory = parse_json_resume(document)

    assert inventory.skills == (Skill(name="Python", level="Expert"), Skill(name="Go"))
    assert to_json_resume(inventory) == document


def test_jsonresume_basics_location_object_kept_verbatim():
    document = {
        "basics": {"location": {"city": "Orlando", "region": "Florida", "countryCode": "US"}}
    }

    inventory = parse_json_resume(document)

    assert inventory.basics.location == "Orlando, Florida, US"
    assert to_json_resume(inventory) == document
    edited = dataclasses.replace(inventory.basics, location="Berlin")
    assert to_json_resume(Inventory(basics=edited))["basics"]["location"] == {"address": "Berlin"}
