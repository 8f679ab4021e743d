"""What the inventory itself establishes about each entry: the evidence rules may rely on.

A fact holds when the person set the matching `Evidence` flag, or when the entry's own text
states it literally ("deployed to 2,000 users", a GitHub link). The posting is never a
source: a posting that wants "production" cannot make the person's work production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumes.tailoring.inventory import Entry, Inventory
from resumes.tailoring.units import NAME_ROLES, Unit

FACT_NAMES: tuple[str, ...] = (
    "code_released",
    "code_written",
    "deployed_to_users",
    "randomised_with_control",
    "used_by_others",
    "audience",
    "used_hpc",
    "led",
    "theory_work",
)

_CODE_HOST = (
    r"(?:github\.com|gitlab\.com|bitbucket\.org|sourceforge\.net|pypi\.org|huggingface\.co)"
)
_TEXT_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "code_released": _CODE_HOST
        + r"|open.sourced?\b|released (?:the |our )?(?:code|library|package|software|tool)"
        r"|publicly available (?:code|library|package|software)",
        "code_written": r"\bimplement(?:ed|ing|s|ation)?\b|\bcod(?:ed|ing|ebase)\b|\bcode\b"
        r"|\blibrar(?:y|ies)\b|\bsoftware\b|\bdeveloper\b|\bprogramm\w+|\bengineer(?:ed|ing)?\b"
        r"|\bfull.stack\b|\bpython\b|\bc\+\+" + r"|" + _CODE_HOST,
        "deployed_to_users": r"\bdeployed\b|\bshipped\b|in production\b|live (?:to|for) users"
        r"|\bserv(?:ed|ing) (?:[\d,.]+\+? |millions of )?(?:users|customers|requests|learners)"
        r"|\bused by [\d,.]+\+? (?:users|customers|people)"
        r"|\blaunched\b(?!\s+(?:an?\s+|the\s+)?(?:\w+\s+)?experiments?\b)",
        "randomised_with_control": r"\ba/b[- ]test|randomi[sz]ed (?:controlled|control)"
        r"|randomi[sz]ed\b.{0,80}\bcontrol (?:group|arm|condition)",
        "used_by_others": r"\bused by\b|\badopted (?:by|across)\b|\bacross the [\w-]+ teams?\b"
        r"|\bstandardi[sz]\w+\b.{0,60}\bacross\b|\bdownloads?\b|\bgithub stars\b"
        r"|industry.standard|\bwidely used\b",
        "audience": r"\btaught\b|\bteaching\b|\blectur\w+|\binstructor\b|\bpresented\b"
        r"|\btalks?\b|\bkeynote\b|\bplenary\b|\bseminars?\b|\bworkshop\b",
        "used_hpc": r"\bhpc\b|high.performance computing|supercomput\w+|\bclusters?\b|\bmpi\b"
        r"|\bopenmp\b|\bslurm\b|\bgpus?\b|multi.node|\bdistributed training\b",
        "led": r"\bled\b|\blead\b|\bleading\b|\bPI\b|principal investigator|\bchair\b"
        r"|\bconvener\b|\bowner\b|\bowned\b|\bsole (?:author|developer|contributor)\b"
        r"|\bfounded\b|\bfounder\b|first.author",
        "theory_work": r"\btheor(?:y|em|ems|etical)\b|\bproofs?\b|\bbounds?\b|\bconvergence\b"
        r"|parameteri[sz]ation|\banalytic(?:al)?\b|closed.form|\bderiv(?:e|ed|ation)\b",
    }.items()
}
_TEACHING_KINDS = ("teaching", "talk")


@dataclass(frozen=True, slots=True)
class Fact:
    name: str  # one of FACT_NAMES
    source: str  # "flag" (the person's Evidence) or "text" (their own words)
    detail: str  # the flag's name, or the words that state it
    ref: str  # the entry or unit the fact was read from


def entry_facts(entry: Entry, ekey: str, units: list[Unit]) -> dict[str, Fact]:
    """The facts that hold for one entry, each with where it was read."""
    facts: dict[str, Fact] = {}
    ev = entry.evidence

    def flag(name: str, holds: bool, detail: str) -> None:
        if holds and name not in facts:
            facts[name] = Fact(name, "flag", detail, ekey)

    flag("code_released", ev.code_released or bool(ev.code_url), "Evidence.code_released")
    flag("deployed_to_users", ev.deployed_to_users, "Evidence.deployed_to_users")
    flag("randomised_with_control", ev.randomised_with_control, "Evidence.randomised_with_control")
    flag("used_by_others", bool(ev.used_by_others), "Evidence.used_by_others")
    flag("audience", bool(ev.audience_size), "Evidence.audience_size")
    flag("audience", entry.kind in _TEACHING_KINDS, f"entry kind {entry.kind}")
    flag("used_hpc", ev.used_hpc, "Evidence.used_hpc")
    flag("led", ev.led or entry.first_author, "Evidence.led")
    flag("theory_work", entry.paper_type in ("theory", "mixed"), f"paper type {entry.paper_type}")
    flag("code_written", ev.code_released or bool(ev.code_url), "Evidence.code_released")

    for unit in units:
        if unit.role in NAME_ROLES:
            continue
        for name, pattern in _TEXT_PATTERNS.items():
            if name in facts:
                continue
            match = pattern.search(unit.text)
            if match:
                facts[name] = Fact(name, "text", match.group(0), unit.key)
    if "code_released" in facts and "code_written" not in facts:
        facts["code_written"] = Fact("code_written", "text", "released code", ekey)
    return facts


def inventory_facts(inventory: Inventory, units: list[Unit]) -> dict[str, dict[str, Fact]]:
    """Facts per entry key. Skills add only `used_hpc` (listing MPI is HPC use)."""
    by_entry: dict[str, list[Unit]] = {}
    for unit in units:
        by_entry.setdefault(unit.entry_key, []).append(unit)
    result: dict[str, dict[str, Fact]] = {}
    for i, entry in enumerate(inventory.entries):
        ekey = entry.key or f"{entry.kind}-{i}"
        result[ekey] = entry_facts(entry, ekey, by_entry.get(ekey, []))
    skill_facts: dict[str, Fact] = {}
    for unit in by_entry.get("", []):
        if unit.role == "skill" and _TEXT_PATTERNS["used_hpc"].search(unit.text):
            skill_facts["used_hpc"] = Fact("used_hpc", "text", unit.text, unit.key)
            break
    result[""] = skill_facts
    return result
