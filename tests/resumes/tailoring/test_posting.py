from __future__ import annotations

import pytest

from resumes.tailoring.lexicon import Lexicon
from resumes.tailoring.posting import (
    SECTION_WEIGHTS,
    analyse_posting,
    logical_lines,
    split_sections,
)


def test_posting_sections_follow_the_postings_own_headings(postings: dict) -> None:
    sections = split_sections(postings["019"]["text"])

    assert [s.name for s in sections] == [
        "about",
        "responsibilities",
        "requirements",
        "preferred",
        "responsibilities",
        "benefits",
        "benefits",
    ]


def test_posting_weights_rank_must_have_above_nice_to_have_above_responsibility() -> None:
    assert (
        SECTION_WEIGHTS["requirements"]
        > SECTION_WEIGHTS["preferred"]
        > SECTION_WEIGHTS["responsibilities"]
        > SECTION_WEIGHTS["about"]
        > SECTION_WEIGHTS["benefits"]
        == 0
    )


def test_posting_term_weight_comes_from_its_strongest_section(lexicon: Lexicon) -> None:
    text = (
        "About us\nWe love Kubernetes.\n\n"
        "What you'll do\n- Build pipelines with Docker\n\n"
        "Requirements\n- 3+ years of Python\n\n"
        "Nice to have\n- Rust\n\n"
        "Benefits\n- Free Terraform courses\n"
    )

    analysis = analyse_posting(text, lexicon, "Machine Learning Engineer")
    weights = {t.name: t.weight for t in analysis.terms if t.source == "lexicon"}

    assert weights["Python"] > weights["Rust"] > weights["Docker"] > weights["Kubernetes"]
    assert "Terraform" not in weights


def test_posting_salary_lines_carry_no_terms(postings: dict, lexicon: Lexicon) -> None:
    analysis = analyse_posting(postings["011"]["text"], lexicon, postings["011"]["title"])

    assert all("salary" not in t.name and "401" not in t.name for t in analysis.terms)
    assert analysis.term("a-b-testing").section == "requirements"


@pytest.mark.parametrize(
    ("posting_id", "family"),
    [
        ("002", "research_engineer"),
        ("004", "research_scientist"),
        ("007", "research_scientist"),
        ("008", "quant"),
        ("011", "ml_engineer"),
        ("015", "applied_scientist"),
        ("017", "data_scientist"),
        ("019", "ml_engineer"),
        ("022", "mlops"),
        ("025", "ml_engineer"),
        ("027", "data_scientist"),
        ("032", "data_scientist"),
    ],
)
def test_posting_role_family_is_guessed_from_title_and_text(
    postings: dict, lexicon: Lexicon, posting_id: str, family: str
) -> None:
    posting = postings[posting_id]

    assert analyse_posting(posting["text"], lexicon, posting["title"]).role_family == family


def test_posting_seniority_reads_title_then_years(lexicon: Lexicon) -> None:
    def seniority(title: str, body: str = "Requirements\n- Python") -> str:
        return analyse_posting(body, lexicon, title).seniority

    assert seniority("Senior Machine Learning Engineer") == "senior"
    assert seniority("Principal Applied Scientist") == "principal"
    assert seniority("Staff ML Engineer") == "staff"
    assert seniority("ML Engineer", "Requirements\n- 6+ years of Python") == "senior"
    assert seniority("ML Engineer", "Requirements\n- 1 year of Python") == "junior"


def test_posting_key_phrases_cover_what_the_lexicon_lacks(lexicon: Lexicon) -> None:
    text = (
        "Requirements\n"
        "- Experience with seismic inversion models and reservoir modeling\n"
        "- A PhD in Computer Science or Electrical Engineering\n"
    )

    analysis = analyse_posting(text, lexicon, "Research Scientist")
    phrases = {t.name for t in analysis.terms if t.source == "keyphrase"}

    assert phrases == {"seismic inversion models", "reservoir modeling"}
    assert all(lexicon.find(p) == [] for p in phrases)


def test_posting_title_is_guessed_from_a_role_line(lexicon: Lexicon) -> None:
    analysis = analyse_posting("Senior MLOps Engineer\n\nRequirements\n- Kubernetes", lexicon)

    assert analysis.title == "Senior MLOps Engineer"
    assert analysis.role_family == "mlops"


def test_posting_joins_hard_wrapped_lines_before_matching(lexicon: Lexicon) -> None:
    text = (
        "Who You Are\n\n"
        "-   You have hands-on experience implementing production machine\n"
        "    learning systems at scale in Python, Java, or similar languages\n\n"
        "-   Publications and contributions to the AI research community are a\n"
        "    plus.\n"
    )

    analysis = analyse_posting(text, lexicon, "ML Engineer")
    terms = {t.id: t for t in analysis.terms}

    assert "production-ml" in terms  # "production machine / learning systems" is one phrase
    assert terms["publications"].section == "preferred"  # "... are a / plus."


def test_posting_logical_lines_keep_bullets_and_short_lists_apart() -> None:
    text = "Skills\nPython\nGo\n- Kubernetes\n- Docker, in\n  production\nEnds here.\nNext one"

    assert logical_lines(text) == [
        "Skills",
        "Python",
        "Go",
        "- Kubernetes",
        "- Docker, in production",
        "Ends here.",
        "Next one",
    ]


_BAD_PHRASES = {
    "011": {"implementing production machine", "implementing production", "production machine"},
    "011 ": {"similar languages", "learning systems", "design following"},
    "019": {"bias towards", "goes outside", "job description", "results oriented"},
    "002": {"interview takes place", "managing junior scientists", "outstanding interpersonal"},
    "022": {"mindset comfortable", "constantly aiming", "analyse situations"},
}


def test_posting_key_phrases_are_noun_phrases_not_fragments(
    postings: dict, lexicon: Lexicon
) -> None:
    fragments = {
        key[i : i + n]
        for key in lexicon.spellings()
        for n in range(2, len(key))
        for i in range(len(key) - n + 1)
    }
    assert ("production", "machine") in fragments  # of "production machine learning"
    for posting_id, posting in postings.items():
        analysis = analyse_posting(posting["text"], lexicon, posting["title"])
        phrases = [t for t in analysis.terms if t.source == "keyphrase"]
        names = {p.name for p in phrases}

        bad = set().union(*(v for k, v in _BAD_PHRASES.items() if k.strip() == posting_id))
        assert not names & bad, posting_id
        for phrase in phrases:
            first, last = phrase.name.split()[0], phrase.name.split()[-1]
            assert 2 <= len(phrase.words) <= 4
            assert not first.endswith(("ing", "ed")) or first in ("engineering", "learning")
            assert not last.endswith(("ly", "ed"))
            assert phrase.words not in fragments  # not a piece of a lexicon term
            assert lexicon.find(phrase.name) == []


def test_posting_key_phrases_stop_at_clause_boundaries(lexicon: Lexicon) -> None:
    text = (
        "Requirements\n"
        "- Prior work on reservoir modeling, such as seismic imaging\n"
        "- Familiarity with lattice models; tensor network methods help\n"
    )

    analysis = analyse_posting(text, lexicon, "Data Scientist")
    phrases = {t.name for t in analysis.terms if t.source == "keyphrase"}

    assert {"reservoir modeling", "seismic imaging", "lattice models"} <= phrases
    assert not any("modeling seismic" in p or "models tensor" in p for p in phrases)


@pytest.mark.parametrize(
    ("line", "term"),
    [
        ("Strong writing skills", "technical writing"),
        ("A strong communicator", "communication"),
        ("Work collaboratively with product and design", "collaboration"),
        ("Love to solve hard problems", "problem solving"),
        ("Experience as a tech lead", "leadership"),
        ("Coach engineers on the team", "mentoring"),
        ("Troubleshoot production issues", "debugging"),
        ("Self-motivated and able to take initiative", "independence"),
        ("Speak at conferences about our work", "public speaking"),
        # and the vocabulary of common ML, data-science and platform postings
        ("Explain complex results to non-technical stakeholders", "communication"),
        ("Meticulous about data quality", "attention to detail"),
        ("Deep knowledge of ARIMA and exponential smoothing", "ARIMA"),
        ("Build models with cross-validation that respects time ordering", "cross-validation"),
        ("Fine-tune open-weight models with LoRA", "LoRA"),
        ("Distributed training on GPUs or TPUs", "TPU"),
        ("Work with protected health information under HIPAA", "HIPAA"),
        (
            "Causal inference with propensity scores or difference-in-differences",
            "propensity score methods",
        ),
        ("Join our on-call rotation and write blameless postmortems", "incident response"),
        ("Experience with vector search and re-ranking", "vector search"),
    ],
)
def test_posting_reads_terms_as_postings_phrase_them(
    lexicon: Lexicon, line: str, term: str
) -> None:
    # Phrasings of real postings beyond the shared ones (bench/posting_phrasings.py,
    # bench/heldout).
    text = f"ML Engineer\nRequirements\n- {line}\n- Python\n"

    analysis = analyse_posting(text, lexicon, "ML Engineer")

    assert term in {t.name for t in analysis.terms}


def test_posting_headings_may_be_long_when_a_list_follows() -> None:
    text = (
        "Research Engineer\n"
        "What you might work on\n- Implementing new ideas\n- Running ablations\n\n"
        "You may be a good fit if you have\n- Strong Python\n- PyTorch\n\n"
        "Strong candidates may also have\n- CUDA\n\n"
        "We train large models and publish what we learn about them\n"
        "Our research and engineering teams work as one.\n"
    )

    names = [s.name for s in split_sections(text)]

    assert names == ["about", "responsibilities", "requirements", "preferred"]
