"""What an import keeps apart and what it keeps once: media and outreach are their own
kind and never print as papers; certifications are their own kind; an advisor is
recorded once; a skill written twice comes in once."""

from __future__ import annotations

import io
import json

import docx
import pytest

from resumes.importers import parse_inventory_file
from resumes.importers.dedupe import skill_key, without_repeated_skills
from resumes.importers.jsonresume import parse_json_resume, to_json_resume
from resumes.importers.sections import classify_heading, heading_kinds
from resumes.tailoring.engine import plan_resume
from resumes.tailoring.inventory import Entry, Inventory, Skill
from resumes.tailoring.plan import plan_text
from tests.shared_data import shared_path

POSTING = "Machine Learning Engineer. Requirements: Python, PyTorch, AWS, statistics."


def _docx(*blocks: tuple[str, str]) -> bytes:
    """A résumé with these (style, text) paragraphs; style "" is a plain paragraph."""
    document = docx.Document()
    for style, text in blocks:
        document.add_paragraph(text, style=style or None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Popular Science and Media", "media"),
        ("In the News", "media"),
        ("Outreach", "media"),
        ("Press Coverage", "media"),
        ("Publications", "publication"),
        ("Certifications", "certification"),
        ("Licenses & Certifications", "certification"),
        ("Honors and Awards", "award"),
        ("Contact and Social Media", "contact"),
    ],
)
def test_headings_name_media_and_certifications_apart(heading, role):
    assert classify_heading(heading) == role


def test_a_mixed_heading_keeps_papers_and_press_apart():
    assert heading_kinds("Publications and Press") == ["publication", "media"]


def test_latex_media_section_is_media_not_publications():
    source = shared_path("resumes", "002.tex")

    inventory = parse_inventory_file(source.name, source.read_bytes())

    media = [f"{e.title} {e.summary}" for e in inventory.entries if e.kind == "media"]
    papers = [f"{e.title} {e.summary}" for e in inventory.entries if e.kind == "publication"]
    assert len(media) == 3
    assert any("Scientific American" in text for text in media)
    assert not any("Scientific American" in text or "Tia Sang" in text for text in papers)


def test_media_is_never_printed_and_papers_still_are():
    source = shared_path("resumes", "002.tex")
    inventory = parse_inventory_file(source.name, source.read_bytes())

    plan = plan_resume(inventory, POSTING)

    text = plan_text(plan)
    printed_kinds = {e.kind for section in plan.sections for e in section.entries}
    assert "Scientific American" not in text
    assert "Tia Sang" not in text
    assert "publication" in printed_kinds
    assert "media" not in printed_kinds


def test_json_resume_media_coverage_is_media_and_goes_back_as_a_typed_project():
    document = {
        "projects": [
            {"name": "Media", "description": "Coverage in a magazine", "type": "media coverage"}
        ]
    }

    inventory = parse_json_resume(document)
    exported = to_json_resume(inventory)

    assert [e.kind for e in inventory.entries] == ["media"]
    assert exported["projects"][0]["type"] == "media coverage"
    assert "publications" not in exported
    assert parse_json_resume(exported).entries == inventory.entries


def test_docx_certifications_are_their_own_kind_and_print_under_their_own_heading():
    data = _docx(
        ("Title", "Ada Example"),
        ("Heading 1", "Experience"),
        ("", "Machine Learning Engineer, Acme\t2021 – Present"),
        ("List Bullet", "Trained PyTorch models on AWS"),
        ("Heading 1", "Certifications"),
        ("List Bullet", "AWS Certified Machine Learning – Specialty, Amazon Web Services\t2023"),
        ("Heading 1", "Awards"),
        ("List Bullet", "Best Thesis Prize, University of Vienna\t2020"),
    )

    inventory = parse_inventory_file("cv.docx", data)
    plan = plan_resume(inventory, POSTING)

    assert [(e.kind, e.start) for e in inventory.entries] == [
        ("position", "2021"),
        ("certification", "2023"),
        ("award", "2020"),
    ]
    sections = {s.name: [e.kind for e in s.entries] for s in plan.sections}
    assert sections["Certifications"] == ["certification"]
    assert "certification" not in sections.get("Awards", [])


def test_json_resume_certificates_round_trip_as_certificates():
    document = {"certificates": [{"name": "CKA", "issuer": "CNCF", "date": "2022-05-01"}]}

    inventory = parse_json_resume(document)

    assert [(e.kind, e.title, e.organization) for e in inventory.entries] == [
        ("certification", "CKA", "CNCF")
    ]
    assert to_json_resume(inventory)["certificates"] == document["certificates"]


def test_yaml_advisor_is_recorded_once_and_printed_once():
    source = shared_path("resumes", "009.yaml")

    inventory = parse_inventory_file(source.name, source.read_bytes())
    plan = plan_resume(inventory, POSTING)

    [phd] = [e for e in inventory.entries if e.kind == "education" and e.degree == "PhD"]
    assert phd.advisor == "Bamdad Hosseini"
    assert [b.text for b in phd.bullets] == []
    assert plan_text(plan).count("Bamdad Hosseini") == 1


def test_every_shared_cv_prints_its_advisor_at_most_once():
    posting = json.loads(shared_path("postings", "011.json").read_text(encoding="utf-8"))
    for name in ("002.tex", "004.yaml", "007.json", "009.yaml"):
        source = shared_path("resumes", name)
        inventory = parse_inventory_file(source.name, source.read_bytes())
        text = plan_text(plan_resume(inventory, posting["text"]))
        for advisor in {e.advisor for e in inventory.entries if e.advisor}:
            assert text.count(advisor) <= 1, (name, advisor)


@pytest.mark.parametrize(
    ("a", "b"),
    [("PyTorch", "pytorch"), ("Node.js", "NodeJS"), ("scikit-learn", "Scikit Learn"),
     ("CI/CD", "CI CD"), ("Pandas", "pandas ")],
)  # fmt: skip
def test_skill_spellings_fold_to_one_key(a, b):
    assert skill_key(a) == skill_key(b)


@pytest.mark.parametrize(("a", "b"), [("C", "C++"), ("C++", "C#"), ("R", "Rust")])
def test_different_skills_keep_different_keys(a, b):
    assert skill_key(a) != skill_key(b)


def test_repeated_skills_are_kept_once_but_a_second_heading_of_the_person_stays():
    skills = [
        Skill("PyTorch", group="ML"),
        Skill("Pytorch", group="ML"),
        Skill("pytorch"),
        Skill("Solidity", group="Languages"),
        Skill("Solidity", group="Blockchain"),
    ]

    kept = without_repeated_skills(skills)

    assert [(s.name, s.group) for s in kept] == [
        ("PyTorch", "ML"),
        ("Solidity", "Languages"),
        ("Solidity", "Blockchain"),
    ]


def test_docx_skill_written_twice_comes_in_once():
    data = _docx(
        ("Title", "Ada Example"),
        ("Heading 1", "Skills"),
        ("", "Python, PyTorch, Docker"),
        ("", "Pytorch, Kubernetes, docker"),
    )

    inventory = parse_inventory_file("cv.docx", data)

    assert [s.name for s in inventory.skills] == ["Python", "PyTorch", "Docker", "Kubernetes"]


def test_an_inventory_without_printable_kinds_still_plans():
    inventory = Inventory(
        entries=(
            Entry(kind="position", title="Research Engineer", organization="Acme", start="2020"),
            Entry(kind="media", title="Interview on national radio", start="2024"),
        )
    )

    plan = plan_resume(inventory, POSTING)

    assert "national radio" not in plan_text(plan)
    assert "Research Engineer" in plan_text(plan)
