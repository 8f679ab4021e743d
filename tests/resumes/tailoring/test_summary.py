"""The summary and headline written for a posting: supported terms, counted evidence."""

from __future__ import annotations

from resumes.tailoring.engine import plan_resume
from resumes.tailoring.inventory import Basics, Bullet, Entry, Evidence, Inventory
from resumes.tailoring.summary import counted_phrases, kind_of_noun, number_word

POSTING = """Research Scientist

Requirements
- Strong communication and collaboration skills.
- Statistics and Bayesian inference.
- A/B testing.
- Kubernetes.
"""


def _talk(title: str) -> Entry:
    return Entry(kind="talk", title=title, organization="Example Conference", start="2023-05")


def _inventory(**basics) -> Inventory:
    position = Entry(
        kind="position",
        title="Postdoctoral Researcher",
        organization="Example University",
        start="2021-09",
        current=True,
        bullets=(
            Bullet("Fitted Bayesian hierarchical models to 10 years of survey data."),
            Bullet("Ran controlled experiments on 3 onboarding flows."),
        ),
        evidence=Evidence(),
    )
    papers = tuple(
        Entry(
            kind="publication",
            title=f"Paper {n}",
            authors=("A. Example", "B. Other"),
            year=2020 + n,
        )
        for n in range(3)
    )
    talks = tuple(_talk(f"Invited talk: inference {n}") for n in range(12))
    return Inventory(
        basics=Basics(name="Ada Example", **basics), entries=(position, *papers, *talks)
    )


def test_summary_states_supported_asks_with_counted_evidence() -> None:
    plan = plan_resume(_inventory(), POSTING)
    summary = plan.report.summary

    assert "Communication through twelve talks" in summary.text
    assert "Bayesian inference" in summary.text
    derived = summary.derived[0]
    assert (derived.term, derived.count, derived.of) == ("communication", 12, "talks")
    assert len(derived.entries) == 12
    # a gap stays a gap, and a gated term needs its bullet: neither is in the summary
    assert "Kubernetes" not in summary.text
    assert "A/B" not in summary.text


def test_summary_keeps_the_persons_own_first_sentence() -> None:
    own = "Statistician who turns survey data into decisions. Loves long walks."

    plan = plan_resume(_inventory(summary=own), POSTING)

    assert plan.report.summary.text.startswith(
        "Statistician who turns survey data into decisions. "
    )
    assert "long walks" not in plan.report.summary.text


def test_headline_is_a_title_held_and_the_strongest_supported_asks() -> None:
    plan = plan_resume(_inventory(), POSTING)

    assert plan.header.headline.startswith("Postdoctoral Researcher — ")
    assert "Kubernetes" not in plan.header.headline


def test_summary_untailored_is_the_persons_own() -> None:
    from resumes.tailoring.selection import PlanOptions

    plan = plan_resume(_inventory(summary="My own words."), POSTING, PlanOptions(tailor=False))

    assert [s.text for s in plan.sections if s.name == "Summary"] == ["My own words."]
    assert plan.header.headline == ""


def test_summary_counts_read_back() -> None:
    assert number_word(12) == "twelve"
    assert number_word(31) == "over twenty"
    assert counted_phrases("Communication through twelve talks and three courses taught.") == [
        (12, "talks"),
        (3, "courses taught"),
    ]
    assert kind_of_noun("courses taught") == "teaching"
