"""What the inventory itself establishes about each entry: the evidence rules may rely on.

A fact holds when the person set the matching `Evidence` flag, or when the entry's own text
states it literally ("deployed to 2,000 users", a GitHub link). The posting is never a
source: a posting that wants "production" cannot make the person's work production.

Only the entry's content is read (its bullets, summary, title, thesis and abstract; see
`units.CONTENT_ROLES`): an employer called "Institute for Cluster Computing" does not make
the person an HPC user. The one exception is the entry's URL, which may establish that
code was released (a GitHub link is where the code is) and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumes.tailoring.inventory import Entry, Inventory
from resumes.tailoring.units import CONTENT_ROLES, Unit

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
# Computing clusters, not galaxy clusters or clustering.
_COMPUTE_CLUSTER = (
    r"(?:compute|computing|computer|hpc|gpu|cpu|slurm|university|department|linux|beowulf"
    r"|kubernetes|spark|hadoop|ray|training|institute|shared)\s+clusters?\b"
    r"|\bclusters? (?:of|with) (?:[\d,]+ )?(?:gpus|cpus|nodes|machines|cores)\b"
    r"|\bon (?:a|the|our) (?:\w+ )?cluster\b"
)
_TEXT_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "code_released": _CODE_HOST
        + r"|open.sourced?\b|released (?:the |our |its )?(?:code|library|package|software|tool)"
        r"|publicly available (?:code|library|package|software)",
        # Writing code, said in so many words. A job title with "Engineer" in it is not
        # enough: electrical and chemical engineers exist.
        "code_written": r"\bimplement(?:ed|ing|s|ation)?\b|\bcod(?:ed|ing|ebase)\b|\bcode\b"
        r"|\bsoftware\b|\bdeveloper\b|\bprogramm(?:ed|ing|er)\b|\bfull.stack\b"
        r"|\bpython\b|\bc\+\+|\bjax\b|\bpytorch\b|\btensorflow\b|\bfortran\b|\bjulia\b"
        r"|\blibrar(?:y|ies)\b|\bwrote (?:a |an |the )?\w*\s*(?:scripts?"
        r"|samplers?|solvers?|tools?|pipelines?|kernels?)" + r"|" + _CODE_HOST,
        # Real deployment to users, said unmistakably: reached a number or kind of users or
        # customers, or ran in production. A bare "launched" or "deployed" is not enough
        # (a reading group is launched, a model is deployed to a staging server), and
        # staging, internal or test deployments are excluded by `_NOT_DEPLOYED`.
        "deployed_to_users": r"\bin production\b|\bproduction (?:traffic|users|workloads?)\b"
        r"|\b(?:to|into) production\b(?! (?:of|lines?|planning|costs?|runs?)\b)"
        r"|\b(?:went|go(?:ing|es)?) live\b(?!-)|\blive (?:to|for) (?:\w+ )?users\b"
        r"|\b(?:deployed|launched|shipped|released|rolled out|available)\b"
        r"[^.;]{0,60}?\b(?:to|for|by) (?:(?:over |more than |about |some )?[\d,.]+[km+]*\+? "
        r"|millions of |thousands of |hundreds of |all |our |the company's |paying |external "
        r"|real |end |active |daily |monthly )(?:\w+ )?(?:users|customers|clients|patients"
        r"|learners|subscribers|visitors|players|listeners|riders|drivers)\b"
        r"|\bserv(?:ed|ing|es) (?:over |more than )?(?:[\d,.]+[km+]*\+? |millions of "
        r"|thousands of )(?:\w+ )?(?:users|customers|requests|queries|predictions|learners)\b"
        r"|\bused (?:daily |weekly )?by (?:over |more than )?[\d,.]+[km+]*\+? "
        r"(?:\w+ )?(?:users|customers|people|clients)\b",
        "randomised_with_control": r"\ba/b[- ]test|randomi[sz]ed (?:controlled|control)"
        r"|randomi[sz]ed\b.{0,80}\bcontrol (?:group|arm|condition)",
        # Somebody else relies on it: a count of users, adoption, downloads. "Industry-
        # standard" and "widely used" describe a tool, not who uses the person's work.
        "used_by_others": r"\bused by\b|\badopted (?:by|across)\b|\bacross the [\w-]+ teams?\b"
        r"|\bstandardi[sz]\w+\b.{0,60}\bacross\b|\b[\d,.]+\+? (?:downloads|github stars|stars)\b",
        # Someone listened to the person: they taught, lectured or spoke. Attending or
        # auditing a lecture series is being in the audience, not facing it.
        "audience": r"\btaught\b|\bteaching\b|\blectur(?:ed|ing|er|ers)\b"
        r"|\bgave (?:a |the )?lectures?\b|\binstructor\b|\bpresented\b"
        r"|\b(?:invited |contributed |plenary |keynote )?talks?\b|\bkeynote\b|\bplenary\b"
        r"|\b(?:gave|give|giving) (?:a |an |the )?(?:\w+ )?(?:seminar|tutorial|workshop)\b",
        "used_hpc": r"\bhpc\b|high.performance computing|supercomput\w+|\bmpi\b"
        r"|\bopenmp\b|\bslurm\b|multi.node|multi.gpu|\b[\d,]+ gpus\b|\bdistributed training\b|"
        + _COMPUTE_CLUSTER,
        # "lead to" and "leading journal" are not leadership; the capital-letter PI is.
        "led": r"\bled\b(?!\s+(?:to|by)\b)|\blead\b(?!\s+(?:to|by)\b)(?!-)"
        r"|\bleading\b(?!\s+(?:to|journals?|experts?|edge|order|companies|universities"
        r"|institutions|groups?|causes?)\b)|(?-i:\bPI\b)|principal investigator"
        r"|\bchair(?:ed)?\b|\bconvener\b|\b(?:technical |project )?owner\b|\bowned\b"
        r"|\bsole (?:author|developer|contributor)\b|\bfounded\b|(?<!co-)\bfounder\b|first.author",
        # Theory in so many words: proofs, theorems, bounds of a named kind, a complexity or
        # convergence analysis. The word "theory" is not: density functional theory and
        # effective field theory are tools a computation uses, and "Theoretical Physics" is
        # a field. "Convergence diagnostics" and "proof of concept" are not theory either.
        "theory_work": r"\bproofs?\b(?! of (?:concept|principle)\b)|\bprov(?:e|es|ed|ing)\b"
        r"(?! (?:to be|useful|robust|effective|successful|popular|valuable|essential|critical"
        r"|instrumental|difficult|challenging|hard)\b)"
        r"|\btheorems?\b|\blemmas?\b"
        r"|\b(?:upper|lower|error|regret|generali[sz]ation|convergence|complexity|rate|tail"
        r"|concentration|sample|minimax)[- ](?:rate[- ])?bounds?\b|\bnon.asymptotic\b"
        r"|\bconvergence (?:rates?|proofs?|guarantees?|analys[ie]s|results?|theory)\b"
        r"|\b(?:computational|sample|time|space|query|communication|oracle) complexity\b"
        r"|\bcomplexity (?:analys[ie]s|bounds?|results?|theory)\b|\btheoretical guarantees?\b",
    }.items()
}
# A deployment that did not reach real users: staging, internal testing, a demo.
_NOT_DEPLOYED = re.compile(
    r"\bstaging\b|\binternal(?:ly)?\b|\btest(?:ing)? (?:server|environment|cluster|users)\b"
    r"|\bsandbox\b|\bdemo\b|\bprototypes?\b|\bproof.of.concept\b|\bsimulated users\b"
    r"|\bbeta testers\b|\bdev(?:elopment)? (?:server|environment)\b",
    re.IGNORECASE,
)
_URL_FACTS = ("code_released", "code_written")
_TEACHING_KINDS = ("teaching", "talk")


@dataclass(frozen=True, slots=True)
class Fact:
    name: str  # one of FACT_NAMES
    source: str  # "flag" (the person's Evidence) or "text" (their own words)
    detail: str  # the flag's name, or the words that state it
    ref: str  # the entry or unit the fact was read from

    def describe(self) -> str:
        """The fact in words a person can check: what, from where."""
        if self.source == "flag":
            return f"{self.name}: {self.detail} on {self.ref}"
        return f"{self.name}: {self.detail!r} in {self.ref}"


def fact_in_unit(name: str, unit: Unit) -> Fact | None:
    """The fact `name` as stated by this one unit's words, if it states it.

    Words inside a passage of study ("attended a lecture on HPC") state nothing, and a
    unit that speaks of staging or internal testing states no deployment to users."""
    if unit.role not in CONTENT_ROLES and not (unit.role == "url" and name in _URL_FACTS):
        return None
    if name == "deployed_to_users" and _NOT_DEPLOYED.search(unit.text):
        return None
    match = unit.search(_TEXT_PATTERNS[name])
    return Fact(name, "text", match.group(0), unit.key) if match else None


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
    flag("led", ev.led, "Evidence.led")
    flag("led", entry.first_author, "first author")
    flag("theory_work", entry.paper_type in ("theory", "mixed"), f"paper type {entry.paper_type}")
    flag("code_written", ev.code_released or bool(ev.code_url), "Evidence.code_released")

    for unit in units:
        if unit.role in CONTENT_ROLES:
            names: tuple[str, ...] = tuple(_TEXT_PATTERNS)
        elif unit.role == "url":
            names = _URL_FACTS
        else:
            continue
        for name in names:
            if name in facts:
                continue
            # The person said the paper is empirical: a word like "theory" in its title
            # does not overrule them.
            if name == "theory_work" and entry.paper_type == "empirical":
                continue
            fact = fact_in_unit(name, unit)
            if fact is not None:
                facts[name] = fact
    if "code_released" in facts and "code_written" not in facts:
        released = facts["code_released"]
        facts["code_written"] = Fact("code_written", released.source, released.detail, released.ref)
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
