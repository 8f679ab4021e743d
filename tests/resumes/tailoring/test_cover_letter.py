"""The cover letter, read back from its DOCX, states nothing the inventory does not hold.

The independent check works like the résumé's (test_docx_honesty): no engine matching,
only the raw JSON Resume and the built files. Every line of the letter, once the posting's
own title and company (the addressee) and the inventory's own strings are taken out, must
leave only the letter's fixed wording, written down here; every number is one the
inventory holds; every bullet is a line of the résumé built with it; every term the
closing names is in the person's evidence or covered with recorded evidence.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from docx import Document

from resumes.docx_builder import build_cover_letter_docx, build_docx
from resumes.importers.jsonresume import parse_json_resume
from resumes.tailoring.cover_letter import (
    CoverLetter,
    LetterParagraph,
    _article,
    check_letter,
    write_cover_letter,
)
from resumes.tailoring.engine import plan_cover_letter, plan_resume
from resumes.tailoring.evidence import indexed
from resumes.tailoring.inventory import Basics, Bullet, Entry, Inventory
from resumes.tailoring.lexicon import load_lexicon
from resumes.tailoring.rules import load_rules
from resumes.tailoring.selection import PlanOptions
from tests.resumes.tailoring.test_docx_honesty import Checker, numbers, strings

# The letter's own words, and nothing else may be left once the inventory's strings, the
# posting's title and company and the named terms are taken out.
FIXED_WORDS = set(
    [
        "dear",
        "hiring",
        "team",
        "i",
        "am",
        "writing",
        "to",
        "apply",
        "for",
        "the",
        "role",
        "you",
        "advertised",
        "at",
        "currently",
        "work",
        "as",
        "most",
        "recently",
        "worked",
        "hold",
        "a",
        "an",
        "in",
        "from",
        "completing",
        "what",
        "would",
        "bring",
        "this",
        "welcome",
        "chance",
        "discuss",
        "how",
        "my",
        "experience",
        "with",
        "could",
        "help",
        "your",
        "thank",
        "time",
        "and",
        "consideration",
        "sincerely",
    ]
)


def _letter_lines(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(data)).paragraphs if p.text]


def _leftover(text: str, pieces: list[str], names: list[str] = ()) -> set[str]:
    for name in names:  # a named term may be one letter ("C"): taken out as a word
        text = re.sub(rf"(?<![\w+#]){re.escape(name)}(?![\w+#])", " ", text)
    for piece in sorted({p for p in pieces if len(p.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(piece, " ")
    return set(re.findall(r"[a-z]+", text.casefold())) - FIXED_WORDS


def check_letter_docx(raw: dict, plan, letter_data: bytes, posting: dict) -> list[str]:
    problems = []
    texts = [s.strip() for s in strings(raw) if s.strip()]
    inventory_numbers = {n for s in texts for n in numbers(s)}
    resume_lines = {p.text for p in Document(io.BytesIO(build_docx(plan))).paragraphs}
    checker = Checker(raw, plan.report.to_dict())
    covered = [r["name"] for r in plan.report.to_dict()["terms"]["covered"]]
    addressee = [posting["title"], posting.get("company", "")]
    for style, text in _letter_lines(letter_data):
        if style == "List Bullet":
            if text not in resume_lines:
                problems.append(f"bullet {text[:60]!r} is not a line of the résumé")
            continue
        for n in numbers(_without(text, addressee)):
            if n not in inventory_numbers:
                problems.append(f"number {n} in {text[:60]!r} is not in the inventory")
        if text.startswith("I would welcome"):
            named = [t for t in covered if re.search(rf"(?<![\w+#]){re.escape(t)}(?![\w+#])", text)]
            for name in named:
                checker.term_backed(name, "letter closing")
        else:
            named = []
        left = _leftover(text, [*addressee, *texts], named)
        if left:
            problems.append(f"{text[:60]!r} says {sorted(left)}, which is not the inventory's")
    return problems + checker.problems


def _without(text: str, pieces: list[str]) -> str:
    for piece in pieces:
        if piece:
            text = text.replace(piece, " ")
    return text


def test_the_letter_of_every_shared_pair_states_only_what_the_inventory_holds(
    shared_data: Path, pairs: list, postings: dict, plan_for
) -> None:
    problems = []
    for resume_id, posting_id in pairs:
        raw = json.loads((shared_data / "resumes" / f"{resume_id}.jsonresume.json").read_text())
        posting = postings[posting_id]
        plan = plan_for(resume_id, posting_id)
        letter = plan_cover_letter(
            parse_json_resume(raw), plan, role=posting["title"], company=posting.get("company", "")
        )
        found = check_letter_docx(raw, plan, build_cover_letter_docx(letter), posting)
        problems += [f"{resume_id}×{posting_id}: {p}" for p in found]

    assert problems == []


def test_the_read_back_check_catches_what_it_is_for(shared_data: Path, postings: dict, plan_for):
    raw = json.loads((shared_data / "resumes" / "009.jsonresume.json").read_text())
    posting = postings["011"]
    plan = plan_for("009", "011")
    forged = CoverLetter(
        header=plan.header,
        style=plan.style,
        paragraphs=(
            LetterParagraph("background", "I currently work as Staff Engineer at Yelp."),
            LetterParagraph("evidence", "", bullets=("Cut serving latency by 37%.",)),
            LetterParagraph("closing", "I would welcome the chance to discuss Kubernetes."),
        ),
    )

    problems = check_letter_docx(raw, plan, build_cover_letter_docx(forged), posting)

    assert any("'staff', 'yelp'" in p or "yelp" in p for p in problems)
    assert any("not a line of the résumé" in p for p in problems)
    assert any("kubernetes" in p.casefold() for p in problems)


def test_every_shared_letter_shows_its_evidence_and_names_the_addressee(
    inventories: dict, postings: dict, plan_for
) -> None:
    posting = postings["019"]
    plan = plan_for("007", "019")
    letter = plan_cover_letter(
        inventories["007"], plan, role=posting["title"], company=posting["company"]
    )
    kinds = [p.kind for p in letter.paragraphs]

    assert kinds == [
        "salutation",
        "opening",
        "background",
        "evidence",
        "closing",
        "sign-off",
        "signature",
    ]
    assert letter.paragraphs[0].text == f"Dear {posting['company']} hiring team,"
    evidence = letter.paragraphs[3]
    assert 1 <= len(evidence.bullets) <= 3
    assert evidence.terms
    assert evidence.sources
    assert evidence.why
    assert letter.violations == ()


def _index(inventory: Inventory):
    return indexed(inventory, load_lexicon(), load_rules())


def test_a_line_the_inventory_does_not_back_is_left_out_and_reported():
    inventory = Inventory(
        basics=Basics(name="A. Person"),
        entries=(
            Entry(
                kind="position",
                title="Postdoctoral Researcher",
                organization="Example University",
                bullets=(Bullet("Proved 3 convergence bounds for samplers in Python."),),
            ),
        ),
    )
    plan = plan_resume(inventory, "Requirements\n- Python\n- Kubernetes\n", PlanOptions())
    letter = CoverLetter(
        header=plan.header,
        style=plan.style,
        paragraphs=(
            LetterParagraph("evidence", "Ran 40 Kubernetes clusters.", bullets=()),
            LetterParagraph(
                "evidence",
                "What I would bring:",
                bullets=("Proved 3 convergence bounds for samplers in Python.", "Led 12 people."),
            ),
        ),
    )

    checked = check_letter(letter, inventory, _index(inventory), load_lexicon())

    assert [p.text for p in checked.paragraphs] == ["What I would bring:"]
    assert checked.paragraphs[0].bullets == ("Proved 3 convergence bounds for samplers in Python.",)
    refused = {(v.kind, v.detail) for v in checked.violations}
    assert ("unknown_number", "40") in refused
    assert ("unsupported_term", "Kubernetes") in refused
    assert ("unknown_number", "12") in refused


def test_a_person_with_only_a_project_gets_a_letter_without_a_background():
    inventory = Inventory(
        basics=Basics(name="A. Person", email="a@example.org"),
        entries=(
            Entry(
                kind="project",
                title="Sampler library",
                bullets=(Bullet("Wrote a sampler library in Python."),),
            ),
        ),
    )
    plan = plan_resume(inventory, "Requirements\n- Python\n", PlanOptions())

    letter = write_cover_letter(
        inventory, plan, _index(inventory), load_lexicon(), role="", company=""
    )

    assert "background" not in [p.kind for p in letter.paragraphs]
    assert letter.paragraphs[0].text == "Dear hiring team,"
    assert letter.paragraphs[1].text == "I am writing to apply for the role you advertised."
    assert "your team" in next(p.text for p in letter.paragraphs if p.kind == "closing")


def test_a_degree_gets_the_article_its_sound_asks_for():
    assert [_article(n) for n in ("MSc", "M.Sc.", "PhD", "BSc", "engineering degree")] == [
        "an",
        "an",
        "a",
        "a",
        "an",
    ]


def test_the_letter_file_is_the_same_bytes_for_the_same_inputs_and_says_what_it_is(
    inventories: dict, postings: dict, plan_for
) -> None:
    posting = postings["022"]
    plan = plan_for("004", "022")
    make = lambda: build_cover_letter_docx(  # noqa: E731
        plan_cover_letter(inventories["004"], plan, role=posting["title"], company="Acme")
    )

    first, second = make(), make()
    document = Document(io.BytesIO(first))

    assert first == second
    assert document.core_properties.title.endswith("Cover letter")
    assert "Acme" not in document.core_properties.title
    assert not document.tables
    assert document.paragraphs[0].style.name == "Title"
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)
