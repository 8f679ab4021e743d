"""How many common ways of asking for a soft skill the posting reader recognises.

    python bench/posting_phrasings.py [-v]

Requirement lines written the way job postings phrase soft skills, grouped by the skill
they ask for. Each line is put alone in a small posting; it counts as recognised when the
analysis finds a term in it other than the posting's own tools. Not the shared postings:
the point is the phrasings the shared annotations never saw. Prints the count per group
and overall; -v prints every line with what was found.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resumes.tailoring.lexicon import load_lexicon
from resumes.tailoring.posting import analyse_posting

PHRASINGS: dict[str, list[str]] = {
    "writing": [
        "Strong writing skills",
        "Excellent written communication",
        "clear technical writing",
        "You write clear design documents",
        "strong writer",
    ],
    "communication": [
        "Excellent verbal and written communication skills",
        "communicate clearly with non-technical partners",
        "strong communicator",
        "ability to explain complex concepts",
    ],
    "presentation": [
        "present results to leadership",
        "presenting findings to stakeholders",
        "strong presentation skills",
    ],
    "mentoring": [
        "mentor junior engineers",
        "mentorship of junior team members",
        "coach and develop engineers",
        "grow the skills of others",
    ],
    "collaboration": [
        "work collaboratively with product and design",
        "partner closely with product managers",
        "team player",
        "collaborative mindset",
        "work closely with researchers",
    ],
    "cross-functional": [
        "work with cross-functional teams",
        "cross-functional partners",
        "collaborate across teams",
    ],
    "problem solving": [
        "strong problem-solving skills",
        "solve hard problems",
        "creative problem solver",
        "love solving challenging problems",
    ],
    "independence": [
        "self-motivated",
        "self-directed",
        "take initiative",
        "work with minimal supervision",
        "thrive in ambiguity",
    ],
    "leadership": [
        "technical leadership",
        "lead a small team",
        "lead projects end to end",
        "tech lead experience",
    ],
    "ownership": [
        "take ownership of projects",
        "own features end to end",
        "sense of ownership",
    ],
    "research": [
        "research experience in machine learning",
        "strong publication record",
        "publications at top venues such as NeurIPS, ICML",
        "research background",
    ],
    "experimentation": [
        "run experiments",
        "design and analyze A/B experiments",
        "experimental design",
        "rigorous experimentation",
    ],
    "debugging": [
        "strong debugging skills",
        "troubleshoot production issues",
        "root cause analysis",
    ],
    "curiosity": [
        "intellectual curiosity",
        "curious and eager to learn",
        "growth mindset",
        "passion for learning",
    ],
    "attention to detail": ["attention to detail", "detail-oriented", "meticulous"],
    "teaching": ["teaching experience", "enjoy teaching others"],
    "public speaking": ["speak at conferences", "public speaking"],
    "adaptability": [
        "adapt quickly to change",
        "thrive in a fast-paced environment",
        "comfortable with ambiguity",
    ],
    "prioritisation": [
        "manage multiple priorities",
        "strong time management",
        "prioritize effectively",
    ],
}
TOOLS = {"python", "pytorch", "machine learning"}


def found_in(line: str, lexicon) -> list[str]:
    text = f"Machine Learning Engineer\nRequirements\n- {line}\n- Python\n- PyTorch\n"
    analysis = analyse_posting(text, lexicon, "Machine Learning Engineer")
    return [t.name for t in analysis.terms if t.name.lower() not in TOOLS]


def main() -> int:
    verbose = "-v" in sys.argv
    lexicon = load_lexicon()
    total = recognised = 0
    for group, lines in PHRASINGS.items():
        hits = 0
        for line in lines:
            found = found_in(line, lexicon)
            hits += bool(found)
            if verbose:
                print(f"  {group:20s} {line:55s} {found}")
        print(f"{group:20s} {hits}/{len(lines)}")
        total += len(lines)
        recognised += hits
    print(f"recognised {recognised} of {total} phrasings ({recognised / total:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
