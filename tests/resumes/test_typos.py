"""Possible typos: flagged for the person, never changed, with little noise."""

from __future__ import annotations

import pytest

from resumes import services
from resumes.typos import possible_typos
from tests.resumes.factories import make_bullet, make_entry, make_inventory, make_posting


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("Recieved a grant for 3 years.", {"recieved": "received"}),
        (
            "Came up with an lead an successful project.",
            {"an lead": "a lead", "an successful": "a successful"},
        ),
        ("Wrote teh documentation.", {"teh": "the"}),
        # British spellings, names, acronyms, skills and addresses are not typos
        ("Analysed and optimised the modelling code for 2 groups.", {}),
        ("Built a MCMC sampler in PyTorch at Kavli IPMU.", {}),
        ("Code at https://bitbucket.org/frg/aero-f/src/master/.", {}),
        ("Ran an hourly job for a university course.", {}),
    ],
)
def test_typos_flag_slips_and_leave_the_rest(line: str, flagged: dict[str, str]) -> None:
    found = possible_typos([line], [line])

    assert {t.word: t.suggestion for t in found} == flagged


def test_typos_a_word_the_person_uses_twice_is_their_vocabulary() -> None:
    corpus = ["Tuned the fibrations of the manifold.", "Classified fibrations."]

    assert possible_typos(corpus[:1], corpus) == []


def test_typos_show_on_the_build_page_and_the_resume_is_unchanged(alice_client, alice):
    make_inventory(alice)
    entry = make_entry(alice, title="Data Scientist", start="2020-01", end="2021-01")
    make_bullet(entry, "Recieved 2 awards for Python forecasting work", skills=["Python"])
    posting = make_posting(alice)
    build = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()

    page = alice_client.get(build.get_absolute_url()).content.decode()

    bullets = [
        b["text"] for s in build.plan["sections"] for e in s["entries"] for b in e["bullets"]
    ]
    assert "Recieved 2 awards for Python forecasting work" in bullets
    assert "“recieved” — did you mean “received”?" in page
