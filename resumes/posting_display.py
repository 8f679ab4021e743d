"""What a build's report says about the posting, made readable for the build page.

The report keeps engine ids ("position-1/b0", "tool-used-by-others-as-software-engineering",
"r3") so every claim can be traced; the page shows the person names and words instead:
each requirement once, a choice as "one of C, C++, Java, Python — you show Python", levels
as recruiters say them, and each bullet's reasons in plain words.
"""

from __future__ import annotations

import re

from resumes.tailoring.rules import load_rules

LEVEL_TITLES: tuple[tuple[str, str], ...] = (
    ("must", "Must have"),
    ("nice", "Nice to have"),
    ("mention", "Also mentioned"),
)
_STATUS_OF_LIST = {"covered": "covered", "supported_not_shown": "supported_not_shown"}
# "position-1/b0: 'words'" and "used_by_others: 'words' in position-1/b0" → the words.
_UNIT_PREFIX_RE = re.compile(r"^[\w#/.:-]+:\s+")
_UNIT_SUFFIX_RE = re.compile(r"\s+in\s+[\w#/.:-]+$")


def posting_asks(report: dict) -> list[dict]:
    """Per level, what the posting asks for: single terms and choices, each with its status
    (covered, supported_not_shown, gap, or "info" for years of experience)."""
    status = {
        row["id"]: _STATUS_OF_LIST.get(name, "gap")
        for name, rows in report["terms"].items()
        if name in ("covered", "supported_not_shown", "gaps")
        for row in rows
    }
    terms = report["posting"]["terms"]
    items: dict[str, list[dict]] = {level: [] for level, _ in LEVEL_TITLES}
    for choice in report["terms"].get("choices", []):
        items[choice["level"]].append(_choice_item(choice))
    for term in terms:
        if term.get("group"):
            continue
        level = term.get("level") or _level_of_section(term["section"])
        if term.get("source") == "years":
            items[level].append({"label": f"{term['name']} of experience", "status": "info"})
            continue
        items[level].append(
            {"label": term["name"], "status": status.get(term["id"], "gap"), "note": ""}
        )
    return [
        {"level": level, "title": title, "items": items[level]}
        for level, title in LEVEL_TITLES
        if items[level]
    ]


def _choice_item(choice: dict) -> dict:
    label = "one of " + ", ".join(choice["terms"])
    if choice["shown"]:
        return {"label": label, "status": "covered", "note": "you show " + choice["shown"][0]}
    if choice["supported"]:
        note = "you could show " + choice["supported"][0]
        return {"label": label, "status": "supported_not_shown", "note": note}
    return {"label": label, "status": "gap", "note": ""}


def _level_of_section(section: str) -> str:
    # Reports written before levels existed carry only the section.
    return {"requirements": "must", "title": "must", "preferred": "nice"}.get(section, "mention")


def rule_explanations(rule_ids: tuple[str, ...] | list[str]) -> list[str]:
    """Each reframing rule's reason, in words ("A simulation campaign is a set of controlled
    experiments run in software."), instead of its id."""
    notes = {rule.id: rule.note for rule in load_rules().rules}
    return [notes.get(rule_id, rule_id.replace("-", " ")) for rule_id in rule_ids]


def evidence_words(evidence: tuple[str, ...] | list[str]) -> list[str]:
    """The inventory words behind a reframing, without the engine's unit keys."""
    return [_UNIT_SUFFIX_RE.sub("", _UNIT_PREFIX_RE.sub("", line)) for line in evidence]


def gap_labels(report: dict) -> list[str]:
    """The real gaps, a choice written out once ("one of C++, Java") and only when no
    member of it is met."""
    choices = {c["id"]: c for c in report["terms"].get("choices", [])}
    labels: list[str] = []
    for row in report["terms"]["gaps"]:
        choice = choices.get(row.get("group", ""))
        label = "one of " + ", ".join(choice["terms"]) if choice else row["name"]
        if label not in labels:
            labels.append(label)
    return labels
